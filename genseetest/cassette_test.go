package genseetest_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/cassette"
	"github.com/gensee-go/gensee/genseetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cassettePassword has characters that JSON and URLs escape, so that the
// test sees every form a leak could take.
const cassettePassword = `p@ss/w"rd&<1>`

// session makes the same calls against any client and returns what they
// gave, for comparing a recorded session with its replay.
type session struct {
	room     *gensee.Room
	got      *gensee.Room
	page     *gensee.Page[*gensee.RoomSummary]
	attended []*gensee.Attendance
	wares    []*gensee.Courseware
}

func playSession(t *testing.T, c *gensee.Client, roomID string, from, to time.Time) *session {
	t.Helper()
	ctx := context.Background()
	var s session
	var err error
	s.room, err = c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "录制 cassette", StartDate: from, Realtime: true})
	require.NoError(t, err)
	s.got, err = c.Rooms.Get(ctx, roomID)
	require.NoError(t, err)
	s.page, err = c.Rooms.Sync(ctx, &gensee.RoomSyncOptions{CreateTime: gensee.NewDate(2024, 3, 1)})
	require.NoError(t, err)
	s.attended, err = c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: roomID, StartTime: from, EndTime: to})
	require.NoError(t, err)
	s.wares, err = c.Coursewares.List(ctx, roomID)
	require.NoError(t, err)
	return &s
}

// recordFake records playSession against a fake with quirks into a
// cassette file and returns the file, the session and the room.
func recordFake(t *testing.T, opts ...gensee.Option) (string, *session, string, time.Time, time.Time) {
	t.Helper()
	srv := genseetest.NewServer(genseetest.WithQuirks(), genseetest.WithCredentials("admin@cassette", cassettePassword))
	t.Cleanup(srv.Close)
	from := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	to := from.Add(2 * time.Hour)
	room := srv.AddRoom("高一数学\t回放")
	srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: 7, Name: "张三", Nickname: "zs",
		JoinTime: from.Add(time.Minute), LeaveTime: to, IP: "10.1.2.3", Area: "北京"})
	srv.AddCourseware(genseetest.Courseware{RoomID: room, Subject: "第一课"})

	path := filepath.Join(t.TempDir(), "session.cassette")
	f, err := os.Create(path)
	require.NoError(t, err)
	rec := cassette.NewRecorder(f, nil, cassette.Secrets(cassettePassword))
	c := srv.Client(append(opts, gensee.WithHTTPClient(&http.Client{Transport: rec}))...)
	s := playSession(t, c, room, from, to)
	require.NoError(t, rec.Err())
	require.NoError(t, f.Close())
	return path, s, room, from, to
}

func TestCassetteReplaysTheSession(t *testing.T) {
	path, recorded, room, from, to := recordFake(t)
	rp, err := genseetest.ServeCassetteFile(path)
	require.NoError(t, err)
	defer rp.Close()
	replayed := playSession(t, rp.Client(), room, from, to)

	assert.Equal(t, recorded.room, replayed.room)
	assert.Equal(t, recorded.got, replayed.got)
	assert.Equal(t, "高一数学\t回放", replayed.got.Subject, "the raw TAB of the quirks survives the cassette")
	assert.Equal(t, recorded.page, replayed.page)
	require.Len(t, replayed.attended, 1)
	assert.Equal(t, recorded.attended, replayed.attended)
	assert.Equal(t, int64(7), replayed.attended[0].UID)
	require.Len(t, replayed.wares, 1)
	assert.Equal(t, recorded.wares, replayed.wares)
	assert.Empty(t, rp.Misses())
}

func TestCassetteHoldsNoCredential(t *testing.T) {
	sum := md5.Sum([]byte(cassettePassword))
	digest := hex.EncodeToString(sum[:])
	for _, mode := range []struct {
		name string
		opts []gensee.Option
	}{{"digest", nil}, {"plain", []gensee.Option{gensee.WithPlainPassword()}}} {
		t.Run(mode.name, func(t *testing.T) {
			path, _, _, _, _ := recordFake(t, mode.opts...)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NotEmpty(t, b)
			for _, secret := range []string{cassettePassword, digest, strings.ToUpper(digest), "admin@cassette"} {
				forms := append(cassette.Variants(secret), url.QueryEscape(secret), url.PathEscape(secret),
					strings.ReplaceAll(url.QueryEscape(secret), "%", "%25"))
				for _, form := range forms {
					assert.NotContains(t, string(b), form, "the cassette holds a credential")
				}
			}
			for _, key := range []string{`"loginName"`, `"password"`, `"sec"`} {
				assert.NotContains(t, string(b), key)
			}
		})
	}
}

func TestReplayNamesTheClosestRecording(t *testing.T) {
	ins := []cassette.Interaction{
		{Endpoint: "/training/room/info", Method: "POST", Form: url.Values{"roomId": {"R1"}}, Status: 200,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   `{"code":"0","message":"success","id":"R1","subject":"recorded"}`},
		{Endpoint: "/training/query/status", Method: "POST", Form: url.Values{"roomId": {"R1"}}, Status: 200,
			Body: `{"code":"0","status":"0"}`},
	}
	rp := genseetest.ServeCassette(ins)
	defer rp.Close()
	c := rp.Client(gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1}))
	ctx := context.Background()

	got, err := c.Rooms.Get(ctx, "R1")
	require.NoError(t, err)
	assert.Equal(t, "recorded", got.Subject)
	again, err := c.Rooms.Get(ctx, "R1")
	require.NoError(t, err, "a request repeated past its recordings gets the last one again")
	assert.Equal(t, got, again)

	_, err = c.Rooms.Get(ctx, "R2")
	var he *gensee.HTTPError
	require.True(t, errors.As(err, &he), "a miss is an HTTP error: %v", err)
	assert.Equal(t, http.StatusNotFound, he.StatusCode)
	assert.Contains(t, he.Body, "no recorded answer for /training/room/info?roomId=R2")
	assert.Contains(t, he.Body, "closest recorded: /training/room/info?roomId=R1 (differs in roomId)")

	_, err = c.Coursewares.List(ctx, "R1")
	require.True(t, errors.As(err, &he))
	assert.Contains(t, he.Body, "the cassette has no request to /training/courseware/list; it has /training/query/status, /training/room/info")
	assert.Len(t, rp.Misses(), 2)
}

func TestReplayIgnoreParams(t *testing.T) {
	ins := []cassette.Interaction{{Endpoint: "/training/export/room/usage", Method: "POST",
		Form: url.Values{"startTime": {"1"}, "endTime": {"2"}}, Status: 200, Body: `{"code":"0","list":[{"id":"R"}]}`}}
	rp := genseetest.ServeCassette(ins, genseetest.IgnoreParams("startTime", "endTime"))
	defer rp.Close()
	now := time.Now()
	rows, err := rp.Client().Exports.RoomUsage(context.Background(), &gensee.RoomUsageOptions{StartTime: now.Add(-time.Hour), EndTime: now})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "R", rows[0].ID)
}

func TestReadCassetteErrors(t *testing.T) {
	_, err := cassette.Read(bytes.NewBufferString("{\"endpoint\":\"/training/room/info\"}\nnot json\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2")
	_, err = cassette.Read(bytes.NewBufferString(`{"status":200}`))
	assert.ErrorContains(t, err, "line 1: no endpoint")
}

// ExampleServeCassette records a call against the fake and replays it.
func ExampleServeCassette() {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("Algebra I")

	var file bytes.Buffer
	rec := cassette.NewRecorder(&file, nil)
	c := srv.Client(gensee.WithHTTPClient(&http.Client{Transport: rec}))
	if _, err := c.Rooms.Get(context.Background(), room); err != nil {
		panic(err)
	}

	ins, err := cassette.Read(&file)
	if err != nil {
		panic(err)
	}
	rp := genseetest.ServeCassette(ins)
	defer rp.Close()
	got, err := rp.Client().Rooms.Get(context.Background(), room)
	if err != nil {
		panic(err)
	}
	fmt.Println(ins[0].Endpoint, got.Subject)
	_, err = rp.Client().Rooms.Get(context.Background(), "another")
	fmt.Println(strings.Contains(err.Error(), "closest recorded"))
	// Output:
	// /training/room/info Algebra I
	// true
}
