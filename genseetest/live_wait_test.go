package genseetest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withLiveCloseWait shortens how long Close waits for pending events, so
// that the tests of a hanging receiver stay quick.
func withLiveCloseWait(d time.Duration) Option {
	return func(c *config) { c.live.closeWait = d }
}

// rawReceiver records the query of every request, oldest first, after
// sleeping delay (a slow receiver); it answers 200.
type rawReceiver struct {
	URL   string
	mu    sync.Mutex
	got   []url.Values
	delay time.Duration
}

func newRawReceiver(t *testing.T, delay time.Duration) *rawReceiver {
	t.Helper()
	rr := &rawReceiver{delay: delay}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(rr.delay)
		rr.mu.Lock()
		rr.got = append(rr.got, r.URL.Query())
		rr.mu.Unlock()
	}))
	t.Cleanup(ts.Close)
	rr.URL = ts.URL + "/live?token=k3y"
	return rr
}

func (rr *rawReceiver) queries() []url.Values {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	return append([]url.Values(nil), rr.got...)
}

// actions is the Action of each query.
func actions(qs []url.Values) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Get("Action")
	}
	return out
}

// hangingReceiver never answers until the test ends (or the request is
// given up); each request that arrives is announced on the channel.
func hangingReceiver(t *testing.T) (string, <-chan url.Values) {
	t.Helper()
	arrived := make(chan url.Values, 64)
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- r.URL.Query()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(release) }) // runs first: the handlers return
	return ts.URL + "/live", arrived
}

// arrival waits (at most 10s) for a request to reach a hanging receiver.
func arrival(t *testing.T, arrived <-chan url.Values) url.Values {
	t.Helper()
	select {
	case q := <-arrived:
		return q
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no event reached the receiver within 10s")
		return nil
	}
}

func TestWaitLiveReturnsAfterEveryDelivery(t *testing.T) {
	noLeaks(t)
	srv := NewServer()
	defer srv.Close()
	rr := newRawReceiver(t, 20*time.Millisecond)
	srv.SetLiveCallbackURL(rr.URL)
	room := srv.AddRoom("Algebra I")

	require.NoError(t, srv.WaitLive(t.Context()), "nothing emitted: at once")
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.LeaveLive(room, 1000000001)
	srv.EndLive(room)
	require.NoError(t, srv.WaitLive(t.Context()))

	// No polling: the receiver, slow as it is, has seen all five.
	assert.Equal(t, []string{"103", "101", "107", "105", "106"}, actions(rr.queries()))
	ds := srv.LiveDeliveries()
	require.Len(t, ds, 5)
	for _, d := range ds {
		assert.Equal(t, http.StatusOK, d.StatusCode)
		assert.NoError(t, d.Err)
	}
}

func TestWaitLiveHonoursTheContext(t *testing.T) {
	noLeaks(t)
	srv := NewServer(withLiveCloseWait(50 * time.Millisecond))
	defer srv.Close()
	callback, arrived := hangingReceiver(t)
	srv.SetLiveCallbackURL(callback)
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	arrival(t, arrived) // the event is in flight

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, srv.WaitLive(ctx), context.DeadlineExceeded)
	ctx, cancel = context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, srv.WaitLive(ctx), context.Canceled)
	assert.Empty(t, srv.LiveDeliveries(), "still in flight")
}

func TestLiveDeliveryTimeout(t *testing.T) {
	noLeaks(t)
	srv := NewServer(WithLiveDeliveryTimeout(50 * time.Millisecond))
	defer srv.Close()
	callback, _ := hangingReceiver(t)
	srv.SetLiveCallbackURL(callback)
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	require.NoError(t, srv.WaitLive(t.Context()), "each event gives up on its own")

	errs := srv.LiveDeliveryErrors()
	require.Len(t, errs, 2)
	for i, want := range []string{"live event 103", "live event 101"} {
		assert.ErrorIs(t, errs[i], context.DeadlineExceeded)
		assert.ErrorContains(t, errs[i], want)
		assert.ErrorContains(t, errs[i], "no answer within 50ms")
	}
}

func TestCloseWaitsForPendingEvents(t *testing.T) {
	noLeaks(t)
	srv := NewServer()
	rr := newRawReceiver(t, 20*time.Millisecond)
	srv.SetLiveCallbackURL(rr.URL)
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	for uid := range int64(4) {
		srv.JoinLive(room, 1000000001+uid, "u")
	}
	srv.Close() // at once: the five events are still queued

	assert.Equal(t, []string{"103", "101", "101", "101", "101"}, actions(rr.queries()))
	assert.Len(t, srv.LiveDeliveries(), 5)
	assert.Empty(t, srv.LiveDeliveryErrors())
}

func TestCloseWithAHangingReceiver(t *testing.T) {
	noLeaks(t) // the sender goroutine is gone after Close
	srv := NewServer(withLiveCloseWait(100 * time.Millisecond))
	callback, arrived := hangingReceiver(t)
	srv.SetLiveCallbackURL(callback)
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.LeaveLive(room, 1000000001)
	arrival(t, arrived) // the first is in flight, two wait behind it

	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(5 * time.Second): // the wait is 100ms; one delivery's timeout is 10s
		require.FailNow(t, "Close waited for the hanging receiver")
	}

	ds := srv.LiveDeliveries()
	require.Len(t, ds, 3, "every pending event is recorded")
	for i, want := range []string{"103", "101", "107"} {
		assert.Equal(t, want, ds[i].Query.Get("Action"))
		assert.Zero(t, ds[i].StatusCode)
		assert.True(t, errors.Is(ds[i].Err, errClosed), "event %d: %v", i, ds[i].Err)
		assert.Equal(t, callback, ds[i].URL)
	}
	assert.Len(t, srv.LiveDeliveryErrors(), 3)
	assert.NoError(t, srv.WaitLive(t.Context()), "nothing is pending any more")
}
