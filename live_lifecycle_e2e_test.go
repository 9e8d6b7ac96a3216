package gensee_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// TestAttendanceAllBoundaries: against the fake, whose endTime is
// inclusive like the real server's, rows right at the 7-day boundaries come
// once each, and none is lost.
func TestAttendanceAllBoundaries(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("Algebra I")
	start := time.Date(2026, 9, 1, 8, 0, 0, 0, gensee.ChinaZone())
	week := 7 * 24 * time.Hour
	end := start.Add(3*week + time.Hour)
	at := map[int64]time.Time{
		1000000001: start,                                  // the first instant
		1000000002: start.Add(week),                        // the end of piece 1
		1000000003: start.Add(week + time.Millisecond),     // the start of piece 2
		1000000004: start.Add(2*week + time.Millisecond),   // the end of piece 2
		1000000005: start.Add(2*week + 2*time.Millisecond), // the start of piece 3
		1000000006: end,                                    // the last instant
		1000000007: end.Add(time.Millisecond),              // after the window
		1000000008: start.Add(-time.Millisecond),           // before it
	}
	for uid, tm := range at {
		srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: uid, Name: "u", JoinTime: tm})
	}
	seen := map[int64]int{}
	for row, err := range srv.Client().Exports.AttendanceAll(t.Context(), &gensee.ExportOptions{RoomID: room, StartTime: start, EndTime: end}) {
		require.NoError(t, err)
		seen[row.UID]++
	}
	assert.Equal(t, map[int64]int{1000000001: 1, 1000000002: 1, 1000000003: 1, 1000000004: 1, 1000000005: 1, 1000000006: 1}, seen)
	assert.Len(t, srv.Requests(), 4, "four pieces")
}

// TestWaitForRecordingsOnlyThisSession: a classroom used for a course keeps
// the earlier sessions' coursewares; they do not pass for today's.
func TestWaitForRecordingsOnlyThisSession(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	srv.EndLive(room) // last week's session and its courseware
	earlier, err := c.Coursewares.List(t.Context(), room)
	require.NoError(t, err)
	require.Len(t, earlier, 1)

	time.Sleep(2 * time.Millisecond) // the server's times are milliseconds
	today := time.Now()
	srv.StartLive(room)
	srv.EndLive(room)
	got, err := c.Coursewares.WaitForRecordings(t.Context(), room, today, time.Millisecond)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.NotEqual(t, earlier[0].ID, got[0].ID)
	assert.False(t, got[0].CreatedTime.Before(today.Truncate(time.Millisecond)))
}

// TestClassPlayedTwice: one classroom, two sessions. The receiver gets
// both sessions' events (both 105s), a repeated EndLive makes no
// recording, each session's wait finds its own recording, and the export
// without a window is the second session's.
func TestClassPlayedTwice(t *testing.T) {
	srv := genseetest.NewServer(genseetest.WithRecordingLag(20 * time.Millisecond))
	defer srv.Close()
	c := srv.Client()
	ctx := t.Context()
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(gensee.LiveEventHandler(func(_ context.Context, ev *gensee.LiveEvent) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev.Action.String()+" "+ev.Operator)
		return nil
	}, gensee.WithCallbackToken("k3y")))
	defer hook.Close()
	srv.SetLiveCallbackURL(hook.URL + "/live?token=k3y")
	room := srv.AddRoom("Algebra I")

	first := time.Now()
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.EndLive(room)
	srv.EndLive(room) // again: nothing
	w1, err := c.Coursewares.WaitForRecordings(ctx, room, first, 5*time.Millisecond)
	require.NoError(t, err)
	require.Len(t, w1, 1)
	require.NoError(t, srv.WaitLive(ctx)) // 106 included: the courseware is listed

	time.Sleep(2 * time.Millisecond) // the server's times are milliseconds
	second := time.Now()
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.JoinLive(room, 1000000002, "李四")
	srv.EndLive(room)
	w2, err := c.Coursewares.WaitForRecordings(ctx, room, second, 5*time.Millisecond)
	require.NoError(t, err)
	require.Len(t, w2, 1)
	assert.NotEqual(t, w1[0].ID, w2[0].ID)
	assert.NotEqual(t, w1[0].RecordID, w2[0].RecordID)
	require.NoError(t, srv.WaitLive(ctx))

	mu.Lock()
	assert.Equal(t, []string{
		"started u1", "joined u1000000001", "ended u1", "recording-ended u1",
		"started u1", "joined u1000000001", "joined u1000000002", "ended u1", "recording-ended u1",
	}, got)
	mu.Unlock()
	all, err := c.Coursewares.List(ctx, room)
	require.NoError(t, err)
	assert.Len(t, all, 2)
	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room})
	require.NoError(t, err)
	require.Len(t, rows, 2, "the last session's rows")
	assert.Equal(t, []int64{1000000001, 1000000002}, []int64{rows[0].UID, rows[1].UID})
	assert.False(t, rows[0].JoinTime.Before(second.Truncate(time.Millisecond)))
	assert.Empty(t, srv.LiveDeliveryErrors())
}

// TestRecordingNotHeldByAHangingReceiver: the receiver takes its time over
// the first event; the recording appears on its own clock all the same,
// and once the receiver answers, every event is delivered.
func TestRecordingNotHeldByAHangingReceiver(t *testing.T) {
	srv := genseetest.NewServer(genseetest.WithRecordingLag(100 * time.Millisecond))
	defer srv.Close()
	release := make(chan struct{})
	hook := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hook.Close()
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	defer unblock() // before hook.Close, should the test fail early
	srv.SetLiveCallbackURL(hook.URL + "/live")
	room := srv.AddRoom("Algebra I")
	began := time.Now()
	srv.StartLive(room)
	srv.EndLive(room)

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second) // the delivery timeout is 10s
	defer cancel()
	wares, err := srv.Client().Coursewares.WaitForRecordings(ctx, room, began, 5*time.Millisecond)
	require.NoError(t, err)
	require.Len(t, wares, 1)

	unblock()
	require.NoError(t, srv.WaitLive(t.Context()))
	ds := srv.LiveDeliveries()
	require.Len(t, ds, 3)
	for i, action := range []string{"103", "105", "106"} {
		assert.Equal(t, action, ds[i].Query.Get("Action"))
		assert.Equal(t, http.StatusOK, ds[i].StatusCode)
	}
}
