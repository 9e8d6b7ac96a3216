package genseetest

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// event is what a test checks of one delivered live event.
type event struct{ Action, Operator, Affected, Total string }

func events(t *testing.T, srv *Server) []event {
	t.Helper()
	require.NoError(t, srv.WaitLive(t.Context()))
	var out []event
	for _, d := range srv.LiveDeliveries() {
		require.NoError(t, d.Err)
		q := d.Query
		out = append(out, event{q.Get("Action"), q.Get("Operator"), q.Get("Affected"), q.Get("totalusernum")})
	}
	return out
}

// sessions is a copy of the sessions the Server stored.
func sessions(srv *Server) []Session {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return append([]Session(nil), srv.st.sessions...)
}

func TestRecordingDespiteAHangingReceiver(t *testing.T) {
	noLeaks(t)
	srv := NewServer(WithRecordingLag(300*time.Millisecond), withLiveCloseWait(50*time.Millisecond))
	defer srv.Close()
	c := srv.Client()
	callback, arrived := hangingReceiver(t)
	srv.SetLiveCallbackURL(callback)
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	srv.EndLive(room)
	assert.Equal(t, "103", arrival(t, arrived).Get("Action"), "103 hangs, 105 waits behind it")

	// The receiver's 10s delivery timeout must not hold the recording back:
	// poll for it well past the lag and well short of that timeout.
	var wares []*gensee.Courseware
	for i := 0; len(wares) == 0; i++ {
		require.Less(t, i, 250, "no courseware 5s after a recording lag of 300ms")
		time.Sleep(20 * time.Millisecond)
		var err error
		wares, err = c.Coursewares.List(t.Context(), room)
		require.NoError(t, err)
	}
	require.Len(t, wares, 1)
	recs, err := c.Records.Sync(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, recs.Items, 1)
	assert.Equal(t, recs.Items[0].ID, wares[0].RecordID)
	assert.Empty(t, srv.LiveDeliveries(), "103 still hangs")
}

func TestEndLiveEndsOnlyAStartedSession(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		play                 func(srv *Server, room string)
		recordings, sessions int
		events               []string
	}{
		{"never started", func(srv *Server, room string) { srv.EndLive(room) }, 0, 0, []string{}},
		{"joined, never started", func(srv *Server, room string) {
			srv.JoinLive(room, 1000000001, "张三")
			srv.EndLive(room)
		}, 0, 0, []string{"101"}},
		{"ended twice", func(srv *Server, room string) {
			srv.StartLive(room)
			srv.EndLive(room)
			srv.EndLive(room)
		}, 1, 1, []string{"103", "105", "106"}},
		{"started twice, ended twice", func(srv *Server, room string) {
			srv.StartLive(room)
			srv.StartLive(room) // resumed: the same session
			srv.EndLive(room)
			srv.EndLive(room)
		}, 1, 1, []string{"103", "103", "105", "106"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer()
			defer srv.Close()
			rr := newRawReceiver(t, 0)
			srv.SetLiveCallbackURL(rr.URL)
			c := srv.Client()
			room := srv.AddRoom("Algebra I")
			tc.play(srv, room)

			wares, err := c.Coursewares.List(t.Context(), room)
			require.NoError(t, err)
			assert.Len(t, wares, tc.recordings)
			recs, err := c.Records.Sync(t.Context(), nil)
			require.NoError(t, err)
			assert.Len(t, recs.Items, tc.recordings)
			assert.Len(t, sessions(srv), tc.sessions)
			require.NoError(t, srv.WaitLive(t.Context()))
			assert.Equal(t, tc.events, actions(rr.queries()))
			assert.Empty(t, srv.LiveDeliveryErrors())
		})
	}
}

func TestLiveTwoSessions(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	rr := newRawReceiver(t, 0)
	srv.SetLiveCallbackURL(rr.URL)
	c := srv.Client()
	ctx := t.Context()
	room := srv.AddRoom("Algebra I")

	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.LeaveLive(room, 1000000001)
	srv.EndLive(room)
	time.Sleep(2 * time.Millisecond) // the wire's times are milliseconds
	second := time.Now()
	srv.StartLive(room)
	srv.JoinLive(room, 1000000002, "李四")
	srv.JoinLive(room, 1000000003, "王五")
	srv.LeaveLive(room, 1000000002)
	srv.EndLive(room) // 王五 is still in the room

	assert.Equal(t, []event{
		{"103", "u1", "", "0"}, {"101", "u1000000001", "1000000001", "1"}, {"107", "u1000000001", "1000000001", "0"},
		{"105", "u1", "", "0"}, {"106", "u1", "", "0"},
		{"103", "u1", "", "0"}, {"101", "u1000000002", "1000000002", "1"}, {"101", "u1000000003", "1000000003", "2"},
		{"107", "u1000000002", "1000000002", "1"}, {"105", "u1", "", "0"}, {"106", "u1", "", "0"},
	}, events(t, srv))

	ss := sessions(srv)
	require.Len(t, ss, 2)
	assert.Equal(t, []int{1, 1}, []int{ss[0].Total, ss[0].MaxConcurrent})
	assert.Equal(t, []int{2, 2}, []int{ss[1].Total, ss[1].MaxConcurrent})
	assert.False(t, ss[1].StartTime.Before(ss[0].EndTime))

	// export/history without a window: the last session's rows, all closed.
	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room})
	require.NoError(t, err)
	require.Len(t, rows, 2)
	for i, uid := range []int64{1000000002, 1000000003} {
		assert.Equal(t, uid, rows[i].UID)
		assert.False(t, rows[i].JoinTime.Before(ss[1].StartTime.Truncate(time.Millisecond)))
		assert.False(t, rows[i].LeaveTime.IsZero())
	}
	all, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room, StartTime: ss[0].StartTime.Add(-time.Second), EndTime: time.Now().Add(time.Second)})
	require.NoError(t, err)
	assert.Len(t, all, 3)

	// Two recordings, the second made after the second session.
	wares, err := c.Coursewares.List(ctx, room)
	require.NoError(t, err)
	require.Len(t, wares, 2)
	assert.NotEqual(t, wares[0].RecordID, wares[1].RecordID)
	assert.True(t, wares[0].CreatedTime.Before(second))
	assert.False(t, wares[1].CreatedTime.Before(ss[1].EndTime.Truncate(time.Millisecond)))
	got, err := c.Coursewares.WaitForRecordings(ctx, room, second, time.Millisecond)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, wares[1].ID, got[0].ID)
	recs, err := c.Records.Sync(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, recs.Items, 2)
}

func TestLoadStateMidClassOnANewServer(t *testing.T) {
	old := NewServer()
	room := old.AddRoom("Algebra I")
	old.StartLive(room)
	old.JoinLive(room, 1000000001, "张三")
	old.JoinLive(room, 1000000002, "李四")
	var saved bytes.Buffer
	require.NoError(t, old.SaveState(&saved))
	old.Close()

	// A restart (gensee fake serve --state): the class goes on. Its clock
	// steps a minute a call, so that the times differ on the wire.
	var mu sync.Mutex
	now := time.Now()
	srv := NewServer(WithClock(func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Minute)
		return now
	}))
	defer srv.Close()
	require.NoError(t, srv.LoadState(&saved))
	rr := newRawReceiver(t, 0)
	srv.SetLiveCallbackURL(rr.URL)
	c := srv.Client()
	require.NotPanics(t, func() {
		srv.LeaveLive(room, 1000000001)
		srv.JoinLive(room, 1000000003, "王五")
		srv.EndLive(room)
	})

	assert.Equal(t, []event{
		{"107", "u1000000001", "1000000001", "1"}, {"101", "u1000000003", "1000000003", "2"},
		{"105", "u1", "", "0"}, {"106", "u1", "", "0"},
	}, events(t, srv))
	st, err := c.Rooms.Status(t.Context(), room)
	require.NoError(t, err)
	assert.Equal(t, gensee.LiveStatusIdle, st)
	rows, err := c.Exports.Attendance(t.Context(), &gensee.ExportOptions{RoomID: room})
	require.NoError(t, err)
	require.Len(t, rows, 3, "the session covers the rows from before the load")
	for i, uid := range []int64{1000000001, 1000000002, 1000000003} {
		assert.Equal(t, uid, rows[i].UID)
		assert.False(t, rows[i].LeaveTime.IsZero(), "row %d is closed", i)
	}
	ss := sessions(srv)
	require.Len(t, ss, 1)
	assert.True(t, rows[0].LeaveTime.Before(ss[0].EndTime.Add(-time.Second)), "张三 left before the end")
	assert.WithinDuration(t, ss[0].EndTime, rows[1].LeaveTime.Time, time.Second, "李四 stayed to the end")
	assert.WithinDuration(t, rows[0].JoinTime.Time, ss[0].StartTime, time.Second, "the session began with the first row")
	assert.Equal(t, 3, ss[0].Total)
	assert.Equal(t, 2, ss[0].MaxConcurrent)
	wares, err := c.Coursewares.List(t.Context(), room)
	require.NoError(t, err)
	assert.Len(t, wares, 1)
}

func TestLoadStateMidClassOfAnEarlierState(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	c := srv.Client()
	room := srv.AddRoom("Algebra I")
	var before bytes.Buffer
	require.NoError(t, srv.SaveState(&before))
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.JoinLive(room, 1000000002, "李四")
	require.NoError(t, srv.LoadState(&before)) // no class, no rows

	require.NotPanics(t, func() {
		srv.LeaveLive(room, 1000000002)
		srv.EndLive(room) // the loaded room never started
	})
	assert.Empty(t, sessions(srv))
	wares, err := c.Coursewares.List(t.Context(), room)
	require.NoError(t, err)
	assert.Empty(t, wares)

	// The room plays as new.
	srv.StartLive(room)
	srv.JoinLive(room, 1000000002, "李四")
	srv.EndLive(room)
	rows, err := c.Exports.Attendance(t.Context(), &gensee.ExportOptions{RoomID: room})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, int64(1000000002), rows[0].UID)
	assert.False(t, rows[0].LeaveTime.IsZero())
	wares, err = c.Coursewares.List(t.Context(), room)
	require.NoError(t, err)
	assert.Len(t, wares, 1)
}

func TestSetRoomStatusLiveThenEndLive(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	room := srv.AddRoom("Algebra I")
	require.NoError(t, srv.SetRoomStatus(room, gensee.LiveStatusLive))
	srv.EndLive(room)
	assert.Len(t, sessions(srv), 1, "a live room is in a session")
	srv.EndLive(room)
	assert.Len(t, sessions(srv), 1)
}
