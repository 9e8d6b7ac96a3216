package genseetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gensee-go/gensee"
)

// noLeaks fails t if a goroutine started during the test outlives its
// cleanups (the Server's sender included). Call it first: its cleanup runs
// last.
func noLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// liveReceiver is an httptest server running gensee.LiveEventHandler with a
// token; its events come on the channel.
func liveReceiver(t *testing.T, fn func(ev *gensee.LiveEvent)) (string, <-chan *gensee.LiveEvent) {
	t.Helper()
	events := make(chan *gensee.LiveEvent, 64)
	recv := httptest.NewServer(gensee.LiveEventHandler(func(_ context.Context, ev *gensee.LiveEvent) error {
		if fn != nil {
			fn(ev)
		}
		events <- ev
		return nil
	}, gensee.WithCallbackToken("k3y")))
	t.Cleanup(recv.Close)
	return recv.URL + "/gensee/live?token=k3y", events
}

func nextEvent(t *testing.T, events <-chan *gensee.LiveEvent) *gensee.LiveEvent {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no live event within 10s")
		return nil
	}
}

func TestLiveClassEndToEnd(t *testing.T) {
	noLeaks(t)
	srv := NewServer()
	defer srv.Close()
	ctx := t.Context()
	c := srv.Client()
	url, events := liveReceiver(t, nil)
	srv.SetLiveCallbackURL(url)
	room := srv.AddRoom("Algebra I")

	srv.StartLive(room)
	st, err := c.Rooms.Status(ctx, room)
	require.NoError(t, err)
	assert.Equal(t, gensee.LiveStatusLive, st)
	srv.JoinLive(room, 1000000001, "张三")
	srv.JoinLive(room, 1000000002, "李四")
	srv.LeaveLive(room, 1000000001)
	srv.LeaveLive(room, 1000000002)
	srv.EndLive(room)
	st, err = c.Rooms.Status(ctx, room)
	require.NoError(t, err)
	assert.Equal(t, gensee.LiveStatusIdle, st)

	want := []gensee.LiveEvent{
		{RoomID: room, Action: gensee.LiveStarted, Operator: "u1", UID: SiteOperatorUID},
		{RoomID: room, Action: gensee.LiveJoined, Operator: "u1000000001", UID: 1000000001, Affected: "1000000001", TotalUsers: 1},
		{RoomID: room, Action: gensee.LiveJoined, Operator: "u1000000002", UID: 1000000002, Affected: "1000000002", TotalUsers: 2},
		{RoomID: room, Action: gensee.LiveLeft, Operator: "u1000000001", UID: 1000000001, Affected: "1000000001", TotalUsers: 1},
		{RoomID: room, Action: gensee.LiveLeft, Operator: "u1000000002", UID: 1000000002, Affected: "1000000002", TotalUsers: 0},
		{RoomID: room, Action: gensee.LiveEnded, Operator: "u1", UID: SiteOperatorUID},
		{RoomID: room, Action: gensee.LiveRecordingEnded, Operator: "u1", UID: SiteOperatorUID},
	}
	for i, w := range want {
		ev := nextEvent(t, events)
		assert.Equal(t, []string{"k3y"}, ev.Query["token"], "the URL's own query is kept")
		for _, k := range []string{"ClassNo", "Operator", "Action", "Affected", "totalusernum"} {
			assert.Len(t, ev.Query[k], 1, "event %d sends %s", i, k)
		}
		ev.Query = nil
		assert.Equal(t, w, *ev, "event %d", i)
	}

	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room})
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, int64(1000000001), rows[0].UID)
	assert.Equal(t, "张三", rows[0].Name)
	assert.Equal(t, "李四", rows[1].Nickname)
	for _, r := range rows {
		assert.False(t, r.JoinTime.IsZero())
		assert.False(t, r.LeaveTime.Before(r.JoinTime.Time))
	}
	wares, err := c.Coursewares.List(ctx, room)
	require.NoError(t, err)
	require.Len(t, wares, 1)
	assert.Equal(t, "Algebra I", wares[0].Subject)
	recs, err := c.Records.Sync(ctx, nil)
	require.NoError(t, err)
	require.Len(t, recs.Items, 1)
	assert.Equal(t, wares[0].RecordID, recs.Items[0].ID)
	assert.Equal(t, room, recs.Items[0].RoomID)

	assert.Empty(t, srv.LiveDeliveryErrors())
	ds := srv.LiveDeliveries()
	require.Len(t, ds, 7)
	for _, d := range ds {
		assert.Equal(t, http.StatusOK, d.StatusCode)
		assert.NotContains(t, d.URL, "?")
	}
}

func TestLiveRecordingLag(t *testing.T) {
	noLeaks(t)
	const lag = 2 * time.Second
	srv := NewServer(WithRecordingLag(lag))
	defer srv.Close()
	ctx := t.Context()
	c := srv.Client()
	var wareCount, recCount int
	url, events := liveReceiver(t, func(ev *gensee.LiveEvent) {
		if ev.Action != gensee.LiveRecordingEnded {
			return
		}
		w, err := c.Coursewares.List(context.Background(), ev.RoomID)
		assert.NoError(t, err)
		wareCount = len(w)
		r, err := c.Records.Sync(context.Background(), nil)
		assert.NoError(t, err)
		recCount = len(r.Items)
	})
	srv.SetLiveCallbackURL(url)
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	srv.EndLive(room)

	// record/syn lists the recording (after half the lag) before
	// courseware/list shows its courseware (after the whole lag).
	for {
		r, err := c.Records.Sync(ctx, nil)
		require.NoError(t, err)
		if len(r.Items) > 0 {
			break
		}
		w, err := c.Coursewares.List(ctx, room)
		require.NoError(t, err)
		require.Empty(t, w, "a courseware before its recording")
		time.Sleep(10 * time.Millisecond)
	}
	w, err := c.Coursewares.List(ctx, room)
	require.NoError(t, err)
	assert.Empty(t, w, "the courseware comes after the recording")

	got, err := c.Coursewares.WaitForRecordings(ctx, room, time.Time{}, 10*time.Millisecond)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, gensee.LiveStarted, nextEvent(t, events).Action)
	assert.Equal(t, gensee.LiveEnded, nextEvent(t, events).Action)
	assert.Equal(t, gensee.LiveRecordingEnded, nextEvent(t, events).Action)
	assert.Equal(t, 1, wareCount, "106 comes once the courseware is listed")
	assert.Equal(t, 1, recCount)
}

func TestLiveDeliveryFailures(t *testing.T) {
	noLeaks(t)
	srv := NewServer(WithRecordingLag(time.Hour))
	room := srv.AddRoom("Algebra I")
	srv.StartLive("no-such-room")

	// No URL: the state changes, nothing is sent.
	srv.StartLive(room)
	st, err := srv.Client().Rooms.Status(t.Context(), room)
	require.NoError(t, err)
	assert.Equal(t, gensee.LiveStatusLive, st)

	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer refusing.Close()
	srv.SetLiveCallbackURL(refusing.URL + "/live?token=secret")
	srv.JoinLive(room, 1000000001, "张三")
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	srv.SetLiveCallbackURL(gone.URL + "/live")
	srv.LeaveLive(room, 1000000001)
	srv.SetLiveCallbackURL("::not a url")
	srv.EndLive(room) // the recording is an hour away: Close drops it

	require.NoError(t, srv.WaitLive(t.Context()))
	ds := srv.LiveDeliveries()
	require.Len(t, ds, 4)
	assert.Contains(t, ds[0].Err.Error(), `StartLive: no room "no-such-room"`)
	assert.Equal(t, http.StatusInternalServerError, ds[1].StatusCode)
	assert.Equal(t, refusing.URL+"/live", ds[1].URL)
	assert.Contains(t, ds[1].Err.Error(), "HTTP 500")
	assert.Zero(t, ds[2].StatusCode)
	assert.Error(t, ds[2].Err)
	assert.Contains(t, ds[3].Err.Error(), "bad callback URL")
	assert.Len(t, srv.LiveDeliveryErrors(), 4)
	for _, e := range srv.LiveDeliveryErrors() {
		assert.NotContains(t, e.Error(), "secret")
	}

	srv.Close()
	srv.StartLive(room)
	errs := srv.LiveDeliveryErrors()
	require.Len(t, errs, 5)
	assert.Contains(t, errs[4].Error(), "closed")
}
