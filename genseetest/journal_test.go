package genseetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// form posts a plain form to an endpoint of srv with its credentials and
// returns the decoded answer, requiring code 0.
func form(t testing.TB, srv *Server, path string, kv ...string) map[string]any {
	t.Helper()
	v := url.Values{"loginName": {srv.LoginName()}, "password": {srv.Password()}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	resp, err := http.PostForm(srv.URL()+apiPrefix+path, v)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m), string(body))
	require.Equal(t, "0", m["code"], "%s: %s", path, body)
	return m
}

// attached starts a server keeping its state in a new file of dir.
func attached(t *testing.T, path string) (*Server, *StateFile) {
	t.Helper()
	srv := NewServer()
	t.Cleanup(srv.Close)
	sf, err := OpenStateFile(path)
	require.NoError(t, err)
	_, _, err = sf.Load(srv)
	require.NoError(t, err)
	require.NoError(t, sf.Attach(srv, map[string]string{"demo": "x"}))
	return srv, sf
}

func saved(t *testing.T, srv *Server) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, srv.SaveState(&b))
	return b.String()
}

// reload reads path into a new server, as a restarted process would, with
// the file as it is on disk now (no Close: as after kill -9).
func reload(t *testing.T, path string) (*Server, map[string]string) {
	t.Helper()
	srv := NewServer()
	t.Cleanup(srv.Close)
	sf, err := os.ReadFile(path)
	require.NoError(t, err)
	copyPath := filepath.Join(t.TempDir(), "copy.json")
	require.NoError(t, os.WriteFile(copyPath, sf, 0o600))
	f, err := OpenStateFile(copyPath)
	require.NoError(t, err)
	defer f.Close()
	aliases, found, err := f.Load(srv)
	require.NoError(t, err)
	require.True(t, found)
	return srv, aliases
}

// TestJournalKeepsEveryWrite drives every kind of write endpoint on a
// server with a state file, and after each one loads the file as it is on
// disk (never closed: as after kill -9) into a new server: its state is
// the same, so no change an endpoint makes is left out of the journal.
func TestJournalKeepsEveryWrite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	srv, sf := attached(t, path)
	defer sf.Close()
	ctx := context.Background()
	c := srv.Client()
	check := func(step string) {
		t.Helper()
		got, aliases := reload(t, path)
		require.JSONEq(t, saved(t, srv), saved(t, got), "after %s", step)
		assert.Equal(t, map[string]string{"demo": "x"}, aliases)
	}
	start := strconv.FormatInt(time.Date(2031, 5, 1, 9, 0, 0, 0, time.UTC).UnixMilli(), 10)
	room := form(t, srv, "/training/room/created", "subject", "J1", "startDate", start, "realtime", "true")["id"].(string)
	other := form(t, srv, "/training/room/created", "subject", "J2", "startDate", start, "realtime", "false")["id"].(string)
	check("room/created")
	form(t, srv, "/training/room/modify", "id", room, "subject", "J1 renamed", "startDate", start, "realtime", "true", "description", "d")
	check("room/modify")
	form(t, srv, "/training/room/telconf", "roomId", room, "siteName", "s", "callinSupport", "true")
	form(t, srv, "/training/relay/add", "roomId", room, "relayId", other)
	check("telconf, relay/add")
	_, err := c.Groups.Create(ctx, room, 2, "红队", "蓝队")
	require.NoError(t, err)
	g, err := c.Groups.Add(ctx, room, "绿队")
	require.NoError(t, err)
	_, err = c.Groups.Update(ctx, room, g.Code, "黄队")
	require.NoError(t, err)
	form(t, srv, "/training/room/student/list", "roomId", room, "studentListInfo", `[{"id":1000000001,"name":"Ann"}]`)
	check("groups, student/list")
	form(t, srv, "/training/teacher/created", "teacherLoginName", "t1", "teacherPassword", "pw123456", "name", "T")
	form(t, srv, "/training/teacher/modify", "teacherLoginName", "t1", "teacherPassword", "pw654321", "name", "T2")
	check("teachers")
	rec := srv.AddRecording(Recording{Name: "r", RoomID: room})
	ware := srv.AddCourseware(Courseware{Subject: "w", RoomID: room, RecordID: rec})
	doc := srv.AddDocument(Document{Name: "d.pptx"})
	form(t, srv, "/training/courseware/modify", "id", ware, "subject", "w2")
	form(t, srv, "/training/record/choose", "roomId", room, "recordId", strconv.FormatInt(rec, 10))
	form(t, srv, "/training/doc/attach", "roomId", room, "docId", strconv.FormatInt(doc, 10))
	w := form(t, srv, "/training/warmup/created", "name", "wu", "recordId", strconv.FormatInt(rec, 10))
	form(t, srv, "/training/warmup/attach", "roomId", room, "warmupId", w["id"].(string))
	form(t, srv, "/training/warmup/modify", "id", w["id"].(string), "name", "wu2")
	form(t, srv, "/training/courseware/transcode", "resourceUrl", "http://127.0.0.1:1/x.ppt", "name", "tc")
	check("content")
	fr, err := c.FamousRooms.Create(ctx, &gensee.CreateFamousRoomRequest{Subject: "名师", StartDate: time.Now().Add(time.Hour), Realtime: true, ClassNames: []string{"一班", "二班"}})
	require.NoError(t, err)
	check("famousroom/created")
	form(t, srv, "/training/famousroom/modify", "id", fr.ID, "subject", "名师2", "startDate", start, "realtime", "true")
	check("famousroom/modify")
	require.NotNil(t, fr.SlaveRoomWrapper)
	require.NotEmpty(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos)
	form(t, srv, "/training/slaveroom/modify", "roomId", fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0].ID, "className", "三班")
	check("slaveroom/modify")
	mini := form(t, srv, "/training/miniroom/created", "subject", "微", "startDate", start, "duration", "30")["id"].(string)
	form(t, srv, "/training/miniroom/modify", "Id", mini, "subject", "微2")
	check("minirooms")
	// Deletions compact the file.
	form(t, srv, "/training/group/delete", "roomId", room, "groupCode", g.Code)
	form(t, srv, "/training/relay/remove", "roomId", room, "relayId", other)
	form(t, srv, "/training/doc/detach", "roomId", room, "docId", strconv.FormatInt(doc, 10))
	form(t, srv, "/training/warmup/detach", "roomId", room, "warmupId", w["id"].(string))
	form(t, srv, "/training/record/remove", "roomId", room, "recordId", strconv.FormatInt(rec, 10))
	check("detaches")
	form(t, srv, "/training/room/deleted", "roomId", other)
	form(t, srv, "/training/courseware/deleted", "coursewareId", ware)
	form(t, srv, "/training/gr/delete", "grId", strconv.FormatInt(rec, 10))
	form(t, srv, "/training/famousroom/deleted", "roomId", fr.ID)
	check("deletions")
	// Seeded export rows and a class played through the Go API are saved
	// within syncEvery.
	srv.AddAttendance(AttendanceRecord{RoomID: room, UserID: 7, Name: "N"})
	require.Eventually(t, func() bool {
		got, _ := reload(t, path)
		return len(got.st.attendance) == 1
	}, 5*time.Second, 20*time.Millisecond)
	check("AddAttendance")
}

// TestJournalReadsWriteNothing: reads (room/info, the syncs, the exports)
// leave the file as it was, byte for byte; a write appends one line.
func TestJournalReadsWriteNothing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	srv, sf := attached(t, path)
	defer sf.Close()
	room := srv.AddRoom("read me")
	start := strconv.FormatInt(time.Now().UnixMilli(), 10)
	form(t, srv, "/training/room/modify", "id", room, "subject", "read me", "startDate", start, "realtime", "true")
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	for range 20 {
		form(t, srv, "/training/room/info", "roomId", room)
		form(t, srv, "/training/query/status", "roomId", room)
		form(t, srv, "/training/courseware/syn", "pageNo", "1")
	}
	time.Sleep(2 * syncEvery) // a sync pass too
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "reads write nothing")

	form(t, srv, "/training/room/created", "subject", "one more", "startDate", start, "realtime", "true")
	grown, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(grown, after))
	added := string(grown[len(after):])
	assert.Equal(t, 1, strings.Count(added, "\n"), "one entry: %s", added)
	assert.Contains(t, added, `"Subject":"one more"`)
	assert.NotContains(t, added, `"Subject":"read me"`, "an unchanged room is not written again")
}

// TestJournalTornTail: a last line cut short by a crash is dropped; a
// damaged line in the middle is an error naming it.
func TestJournalTornTail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	srv, sf := attached(t, path)
	a := srv.AddRoom("kept")
	form(t, srv, "/training/room/created", "subject", "also kept", "startDate", "1893456000000", "realtime", "true")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, sf.Close())
	torn := filepath.Join(dir, "torn.json")
	require.NoError(t, os.WriteFile(torn, append(append([]byte{}, b...), `{"seq":9,"put":{"rooms":[{"ID":"x`...), 0o600))
	got, _ := reload(t, torn)
	_, err = got.Client().Rooms.Get(context.Background(), a)
	require.NoError(t, err)
	assert.Len(t, got.st.rooms, 2)

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, append(append([]byte{}, b...), "{nope\n{\"seq\":3,\"put\":{}}\n"...), 0o600))
	f, err := OpenStateFile(bad)
	require.NoError(t, err)
	defer f.Close()
	other := NewServer()
	defer other.Close()
	_, _, err = f.Load(other)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "journal entry 2")
}

// TestStateFileLock: a second OpenStateFile of the same file fails with
// ErrStateFileLocked naming this process; after Close it succeeds. A stale
// temporary file is removed on open.
func TestStateFileLock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	stale := filepath.Join(dir, ".state.json.123.tmp")
	require.NoError(t, os.WriteFile(stale, []byte("half"), 0o600))
	f, err := OpenStateFile(path)
	require.NoError(t, err)
	assert.NoFileExists(t, stale)
	_, err = OpenStateFile(path)
	require.ErrorIs(t, err, ErrStateFileLocked)
	assert.Contains(t, err.Error(), "pid "+strconv.Itoa(os.Getpid())+" on host ")
	require.NoError(t, f.Close())
	g, err := OpenStateFile(path)
	require.NoError(t, err)
	require.NoError(t, g.Close())
}

// BenchmarkStateCreates creates 1,000 classrooms over HTTP with the SDK on
// a fresh server in memory, then on one with a state file, in pairs (one
// after the other, so that the load of the machine weighs on both), and
// reports the median of the pairs' ratios as state/memory: the journal
// keeps it within 2 (see BENCHMARKS.md). Run with -benchtime 5x or so: one
// iteration is 2,000 creates.
func BenchmarkStateCreates(b *testing.B) {
	ctx := context.Background()
	creates := func(withState bool) time.Duration {
		srv := NewServer()
		defer srv.Close()
		if withState {
			sf, err := OpenStateFile(filepath.Join(b.TempDir(), "state.json"))
			require.NoError(b, err)
			require.NoError(b, sf.Attach(srv, nil))
			defer func() { require.NoError(b, sf.Close()) }()
		}
		c := srv.Client()
		began := time.Now()
		for k := range 1000 {
			_, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "bench " + strconv.Itoa(k), StartDate: time.Now(), Realtime: true})
			if err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(began)
	}
	var ratios, mem, disk []float64
	for range b.N {
		m := creates(false)
		d := creates(true)
		mem, disk = append(mem, float64(m.Milliseconds())), append(disk, float64(d.Milliseconds()))
		ratios = append(ratios, float64(d)/float64(m))
	}
	b.ReportMetric(median(mem), "memory-ms")
	b.ReportMetric(median(disk), "state-ms")
	b.ReportMetric(median(ratios), "state/memory")
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestJournalWriteFailureLosesTheAnswer: a change that cannot be written
// to the state file is not answered (the connection closes, as a lost
// answer), and Close reports the error.
func TestJournalWriteFailureLosesTheAnswer(t *testing.T) {
	t.Parallel()
	srv, sf := attached(t, filepath.Join(t.TempDir(), "state.json"))
	srv.mu.Lock()
	require.NoError(t, srv.journal.f.Close()) // every later write fails
	srv.mu.Unlock()
	v := url.Values{"loginName": {srv.LoginName()}, "password": {srv.Password()},
		"subject": {"lost"}, "startDate": {"1893456000000"}, "realtime": {"true"}}
	resp, err := http.PostForm(srv.URL()+apiPrefix+"/training/room/created", v)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "no answer for a change that is not saved")
	// The next change rewrites the whole file: the lost room is in it.
	form(t, srv, "/training/room/created", "subject", "after", "startDate", "1893456000000", "realtime", "true")
	got, _ := reload(t, sf.Path())
	assert.JSONEq(t, saved(t, srv), saved(t, got))
	assert.Len(t, got.st.rooms, 2)
	err = sf.Close()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "genseetest: state file ")
	assert.Contains(t, err.Error(), "file already closed")
}

// TestJournalCompacts: 1,100 changes of one room write 1,100 entries, but
// the file is rewritten whole at the 1,000th, so it holds 100 entries
// after the state, and loads as the server is.
func TestJournalCompacts(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	srv, sf := attached(t, path)
	defer sf.Close()
	room := srv.AddRoom("compact")
	for i := range 1100 {
		form(t, srv, "/training/room/modify", "id", room, "subject", "compact", "startDate", "1893456000000",
			"realtime", "true", "description", strconv.Itoa(i))
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 100, strings.Count(string(b), `{"seq":`), "entries after the last compaction")
	got, _ := reload(t, path)
	assert.JSONEq(t, saved(t, srv), saved(t, got))
	assert.Equal(t, "1099", got.st.rooms[room].description)
}

// TestJournalCreateAndDeleteInOnePass: a room added through the Go API and
// another deleted by a request before the journal saw the first leave the
// sizes alike; the deletion still rewrites the file, so both are kept.
// Flush saves a change of an existing object made through a Go method.
func TestJournalCreateAndDeleteInOnePass(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	srv, sf := attached(t, path)
	defer sf.Close()
	doomed := form(t, srv, "/training/room/created", "subject", "doomed", "startDate", "1893456000000", "realtime", "true")["id"].(string)
	// AddRoom and the deletion under one hold of the lock, so that no sync
	// pass comes between them.
	srv.mu.Lock()
	r := &room{id: srv.st.newRoomID(), number: srv.st.newNumber(), subject: "added", settings: map[string]string{}}
	srv.st.addRoom(r)
	srv.st.deleteRoom(doomed)
	srv.journalLocked(url.Values{"roomId": {doomed}})
	srv.mu.Unlock()
	added := r.id
	got, _ := reload(t, path)
	assert.Contains(t, got.st.rooms, added)
	assert.NotContains(t, got.st.rooms, doomed)

	require.NoError(t, srv.SetRoomStatus(added, gensee.LiveStatusLive))
	require.NoError(t, sf.Flush())
	got, _ = reload(t, path)
	assert.Equal(t, gensee.LiveStatusLive, got.st.rooms[added].status)
	assert.JSONEq(t, saved(t, srv), saved(t, got))
}

// TestStateFileUntouchedByReads: a second process (here: a second
// StateFile) that loads the file and only reads neither writes nor
// replaces it; one that writes appends to it and compacts it at Close.
func TestStateFileUntouchedByReads(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	open := func() (*Server, *StateFile) {
		srv := NewServer()
		t.Cleanup(srv.Close)
		sf, err := OpenStateFile(path)
		require.NoError(t, err)
		aliases, _, err := sf.Load(srv)
		require.NoError(t, err)
		require.NoError(t, sf.Attach(srv, aliases))
		return srv, sf
	}
	srv, sf := open()
	room := form(t, srv, "/training/room/created", "subject", "kept", "startDate", "1893456000000", "realtime", "true")["id"].(string)
	require.NoError(t, sf.Close())
	before, err := os.Stat(path)
	require.NoError(t, err)
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(content), `{"seq":`, "compacted at Close")

	srv, sf = open()
	for range 5 {
		form(t, srv, "/training/room/info", "roomId", room)
	}
	require.NoError(t, sf.Close())
	after, err := os.Stat(path)
	require.NoError(t, err)
	assert.True(t, os.SameFile(before, after), "not replaced")
	again, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(content), string(again), "not written")

	srv, sf = open()
	form(t, srv, "/training/room/created", "subject", "appended", "startDate", "1893456000000", "realtime", "true")
	appended, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(appended), string(content)), "appended to the file as it was")
	assert.Equal(t, 1, strings.Count(string(appended), `{"seq":`))
	require.NoError(t, sf.Close())
	final, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(final), `{"seq":`)
	assert.Contains(t, string(final), `"Subject": "appended"`)
}

// A StateFile keeps a Server's state across processes: here two Servers,
// one after the other, on the same file.
func ExampleStateFile() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "fake.json")
	ctx := context.Background()

	first := NewServer()
	sf, err := OpenStateFile(path) // locked until Close
	if err != nil {
		fmt.Println(err)
		return
	}
	_, found, _ := sf.Load(first)
	fmt.Println("found:", found)
	_ = sf.Attach(first, nil) // from now on every change is in the file before its answer
	room, _ := first.Client().Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "kept", StartDate: time.Now(), Realtime: true})
	_, err = OpenStateFile(path)
	fmt.Println("a second opener:", errors.Is(err, ErrStateFileLocked))
	first.Close()
	_ = sf.Close()

	second := NewServer()
	defer second.Close()
	sf, _ = OpenStateFile(path)
	defer sf.Close()
	_, found, _ = sf.Load(second)
	got, _ := second.Client().Rooms.Get(ctx, room.ID)
	fmt.Println("found:", found, got.Subject)
	// Output:
	// found: false
	// a second opener: true
	// found: true kept
}
