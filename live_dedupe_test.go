package gensee

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withPendingWait shortens how long a repeat waits for an event still being
// handled.
func withPendingWait(d time.Duration) CallbackOption {
	return func(c *callbackConfig) { c.pendingWait = d }
}

// recordingDeduper wraps a Deduper: it records every call, can make Latest
// or Handled fail, and signals each SeenPending it reports.
type recordingDeduper struct {
	Deduper
	mu         sync.Mutex
	latestErr  error
	handledErr error
	calls      []string
	pending    chan struct{}
}

func newRecordingDeduper() *recordingDeduper {
	return &recordingDeduper{Deduper: NewMemoryDeduper(0), pending: make(chan struct{}, 100)}
}

func (d *recordingDeduper) record(s string) {
	d.mu.Lock()
	d.calls = append(d.calls, s)
	d.mu.Unlock()
}

func (d *recordingDeduper) Latest(ctx context.Context, stream, event string, ttl time.Duration) (Seen, error) {
	d.mu.Lock()
	err := d.latestErr
	d.mu.Unlock()
	if err != nil {
		d.record("latest " + stream + " " + event + " error")
		return SeenNew, err
	}
	seen, err := d.Deduper.Latest(ctx, stream, event, ttl)
	d.record(fmt.Sprintf("latest %s %s %v %s", stream, event, ttl, seen))
	if seen == SeenPending {
		select {
		case d.pending <- struct{}{}:
		default:
		}
	}
	return seen, err
}

func (d *recordingDeduper) Handled(ctx context.Context, stream, event string, ttl time.Duration) error {
	d.record("handled " + stream + " " + event)
	d.mu.Lock()
	err := d.handledErr
	d.mu.Unlock()
	if err != nil {
		return err
	}
	return d.Deduper.Handled(ctx, stream, event, ttl)
}

func (d *recordingDeduper) Forget(ctx context.Context, stream, event string) error {
	d.record("forget " + stream + " " + event)
	return d.Deduper.Forget(ctx, stream, event)
}

func (d *recordingDeduper) got() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.calls...)
}

// liveQuery is the query of a live event.
func liveQuery(room, op string, action LiveAction, affected string, total int) string {
	return url.Values{"ClassNo": {room}, "Operator": {op}, "Action": {fmt.Sprint(int(action))},
		"Affected": {affected}, "totalusernum": {fmt.Sprint(total)}}.Encode()
}

// summary names an event as the tests expect it.
func summary(ev *LiveEvent) string {
	return fmt.Sprintf("%s %s %s %d", ev.RoomID, ev.Operator, ev.Action, ev.TotalUsers)
}

// TestLiveDedupeLatestEventRule is the rule over real HTTP, with two
// handlers (two replicas) sharing one Deduper: an event is dropped only when
// it repeats the latest event of its classroom and operator.
func TestLiveDedupeLatestEventRule(t *testing.T) {
	d := NewMemoryDeduper(0)
	rec := &liveRecorder{}
	a := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
	defer a.Close()
	b := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
	defer b.Close()
	const teacher, u1, u2 = "t1000000009", "u1000000001", "u1000000002"
	steps := []struct {
		srv   *httptest.Server
		query string
		body  string // "ok" or "ok (duplicate)"
	}{
		{a, liveQuery("r1", teacher, LiveStarted, "", 0), "ok"},
		{b, liveQuery("r1", u1, LiveJoined, "1000000001", 1), "ok"},
		{a, liveQuery("r1", u1, LiveLeft, "1000000001", 0), "ok"},
		{b, liveQuery("r1", u1, LiveJoined, "1000000001", 1), "ok"}, // rejoined: the same parameters as the first join
		{a, liveQuery("r1", u2, LiveJoined, "1000000002", 2), "ok"}, // another user
		{b, liveQuery("r2", u1, LiveJoined, "1000000001", 1), "ok"}, // another room
		{a, liveQuery("r1", u1, LiveJoined, "1000000001", 1), "ok (duplicate)"},
		{b, liveQuery("r1", u1, LiveJoined, "1000000001", 1), "ok (duplicate)"},
		{b, liveQuery("r1", teacher, LiveEnded, "", 0), "ok"},
		{a, liveQuery("r1", teacher, LiveStarted, "", 0), "ok"}, // started again
		{b, liveQuery("r1", teacher, LiveEnded, "", 0), "ok"},   // and ended again
		{a, liveQuery("r1", teacher, LiveEnded, "", 0), "ok (duplicate)"},
	}
	for i, s := range steps {
		status, body := send(t, s.srv, http.MethodGet, "/live?"+s.query, "")
		require.Equal(t, 200, status, "step %d", i)
		require.Equal(t, s.body+"\n", body, "step %d", i)
	}
	var got []string
	for _, ev := range rec.got() {
		got = append(got, summary(ev))
	}
	assert.Equal(t, []string{
		"r1 t1000000009 started 0",
		"r1 u1000000001 joined 1",
		"r1 u1000000001 left 0",
		"r1 u1000000001 joined 1",
		"r1 u1000000002 joined 2",
		"r2 u1000000001 joined 1",
		"r1 t1000000009 ended 0",
		"r1 t1000000009 started 0",
		"r1 t1000000009 ended 0",
	}, got)
}

func TestLiveDedupeKeys(t *testing.T) {
	d := newRecordingDeduper()
	srv := httptest.NewServer(LiveEventHandler((&liveRecorder{}).fn, WithDeduper(d), WithDedupeTTL(time.Minute)))
	defer srv.Close()
	status, _ := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
	require.Equal(t, 200, status)
	// The same parameters in another order, and by POST, are the same event.
	status, body := send(t, srv, http.MethodPost, "/", "totalusernum=3&Affected=1000000001&Action=101&Operator=u1000000001&ClassNo=mquQf2")
	require.Equal(t, 200, status)
	require.Equal(t, "ok (duplicate)\n", body)
	stream := dedupeKey("live:", "mquQf2", "u1000000001")
	event := dedupeKey("", "mquQf2", "u1000000001", "101", "1000000001", "3")
	// "live:" and the SHA-256 of ClassNo and Operator joined by NUL; the
	// event, the SHA-256 of the five parameters.
	require.Equal(t, "live:19af31a150e3a7f4d1a27b63f57180fd86bdcc3e86f477b54aa910c797aed11d", stream)
	require.Equal(t, "670a7b8a567e5bd0749080c1a4d38c84d06cd14c3d75c4d80788b4c7a0c6ba47", event)
	assert.Equal(t, []string{
		"latest " + stream + " " + event + " 1m0s new",
		"handled " + stream + " " + event,
		"latest " + stream + " " + event + " 1m0s handled",
	}, d.got())
}

func TestLiveDedupeFailures(t *testing.T) {
	t.Run("the Deduper fails: 500, fn not called, nothing remembered", func(t *testing.T) {
		d := newRecordingDeduper()
		d.latestErr = errors.New("redis down")
		rec := &liveRecorder{}
		srv := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
		defer srv.Close()
		status, body := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 500, status)
		assert.Equal(t, "deduper failed\n", body, "the Deduper's error is not shown")
		assert.Empty(t, rec.got())
		assert.Equal(t, 0, d.Deduper.(*MemoryDeduper).Len())
		d.mu.Lock()
		d.latestErr = nil
		d.mu.Unlock()
		status, _ = send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		assert.Len(t, rec.got(), 1, "the redelivery is handled")
	})

	t.Run("fn fails: the event is forgotten and a redelivery handled", func(t *testing.T) {
		d := newRecordingDeduper()
		rec := &liveRecorder{err: errors.New("db down")}
		srv := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
		defer srv.Close()
		status, _ := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 500, status)
		rec.mu.Lock()
		rec.err = nil
		rec.mu.Unlock()
		status, _ = send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		status, body := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		assert.Equal(t, "ok (duplicate)\n", body)
		assert.Len(t, rec.got(), 2, "the failed try and the redelivery; the third is a duplicate")
		var ops []string
		for _, c := range d.got() {
			ops = append(ops, strings.Fields(c)[0])
		}
		assert.Equal(t, []string{"latest", "forget", "latest", "handled", "latest"}, ops)
	})

	t.Run("fn panics: the event is forgotten", func(t *testing.T) {
		d := newRecordingDeduper()
		h := LiveEventHandler(func(context.Context, *LiveEvent) error { panic("boom") }, WithDeduper(d))
		assert.Panics(t, func() {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?"+joinQuery, nil))
		})
		got := d.got()
		require.Len(t, got, 2)
		assert.True(t, strings.HasPrefix(got[1], "forget live:"), got[1])
		assert.Equal(t, 0, d.Deduper.(*MemoryDeduper).Len())
	})

	t.Run("Handled fails: still 200", func(t *testing.T) {
		d := newRecordingDeduper()
		d.handledErr = errors.New("redis down")
		rec := &liveRecorder{}
		srv := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
		defer srv.Close()
		status, body := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		assert.Equal(t, "ok\n", body)
		assert.Len(t, rec.got(), 1)
	})

	t.Run("refused requests never reach the Deduper", func(t *testing.T) {
		d := newRecordingDeduper()
		srv := httptest.NewServer(LiveEventHandler((&liveRecorder{}).fn, WithDeduper(d), WithCallbackToken("k3y")))
		defer srv.Close()
		for _, target := range []string{"/?" + joinQuery, "/?token=k3y&ClassNo=r1", "/?token=k3y&ClassNo=r%zz&Action=101"} {
			status, _ := send(t, srv, http.MethodGet, target, "")
			assert.NotEqual(t, 200, status)
		}
		assert.Empty(t, d.got())
	})
}

// blockingFn is a handler function that waits for an answer on release
// for each event, after announcing it on started.
type blockingFn struct {
	started chan *LiveEvent
	release chan error
}

func newBlockingFn() *blockingFn {
	return &blockingFn{started: make(chan *LiveEvent, 10), release: make(chan error, 10)}
}

func (b *blockingFn) fn(ctx context.Context, ev *LiveEvent) error {
	b.started <- ev
	select {
	case err := <-b.release:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A repeat arriving while the first handling runs waits for its outcome.
func TestLiveDedupeRepeatWhileHandling(t *testing.T) {
	type answer struct {
		status int
		err    string
		retry  string
	}
	get := func(srv *httptest.Server, out chan<- answer) {
		resp, err := srv.Client().Get(srv.URL + "/?" + joinQuery)
		if err != nil {
			out <- answer{status: -1, err: err.Error()}
			return
		}
		defer resp.Body.Close()
		out <- answer{status: resp.StatusCode, retry: resp.Header.Get("Retry-After")}
	}
	wait := func(t *testing.T, c <-chan answer) answer {
		t.Helper()
		select {
		case a := <-c:
			return a
		case <-time.After(10 * time.Second):
			t.Fatal("no answer within 10s")
		}
		return answer{}
	}
	started := func(t *testing.T, b *blockingFn) {
		t.Helper()
		select {
		case <-b.started:
		case <-time.After(10 * time.Second):
			t.Fatal("fn was not called within 10s")
		}
	}
	pending := func(t *testing.T, d *recordingDeduper) {
		t.Helper()
		select {
		case <-d.pending:
		case <-time.After(10 * time.Second):
			t.Fatal("the repeat did not find the event pending within 10s")
		}
	}

	for _, tt := range []struct {
		name        string
		first       error // the first handling's outcome
		firstStatus int
	}{
		{"the first succeeds: the repeat is a duplicate", nil, 200},
		{"the first fails: the repeat is handled", errors.New("db down"), 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := newRecordingDeduper()
			b := newBlockingFn()
			a := httptest.NewServer(LiveEventHandler(b.fn, WithDeduper(d)))
			defer a.Close()
			other := httptest.NewServer(LiveEventHandler(b.fn, WithDeduper(d)))
			defer other.Close()
			first, second := make(chan answer, 1), make(chan answer, 1)
			go get(a, first)
			started(t, b)
			go get(other, second)
			pending(t, d) // the repeat is waiting
			b.release <- tt.first
			assert.Equal(t, tt.firstStatus, wait(t, first).status)
			if tt.first != nil {
				started(t, b) // the repeat handles the event in its place
				b.release <- nil
			}
			assert.Equal(t, 200, wait(t, second).status)
			select {
			case ev := <-b.started:
				t.Fatalf("fn called once more with %v", ev)
			default:
			}
		})
	}

	t.Run("the first still runs: 503 with Retry-After, then handled later", func(t *testing.T) {
		d := newRecordingDeduper()
		b := newBlockingFn()
		srv := httptest.NewServer(LiveEventHandler(b.fn, WithDeduper(d), withPendingWait(50*time.Millisecond)))
		defer srv.Close()
		first, second := make(chan answer, 1), make(chan answer, 1)
		go get(srv, first)
		started(t, b)
		go get(srv, second)
		got := wait(t, second)
		assert.Equal(t, 503, got.status)
		assert.Equal(t, "1", got.retry)
		b.release <- errors.New("db down")
		assert.Equal(t, 500, wait(t, first).status)
		// Gensee's later redelivery is handled.
		third := make(chan answer, 1)
		go get(srv, third)
		started(t, b)
		b.release <- nil
		assert.Equal(t, 200, wait(t, third).status)
	})
}

func TestTranscodeCallbackDedupe(t *testing.T) {
	d := newRecordingDeduper()
	var mu sync.Mutex
	var got []string
	fail := true
	srv := httptest.NewServer(TranscodeCallbackHandler(func(_ context.Context, ev *TranscodeEvent) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev.CoursewareID+" "+string(ev.Status))
		if fail {
			fail = false
			return errors.New("db down")
		}
		return nil
	}, WithCallbackToken("s3cr3t"), WithDeduper(d), WithDedupeTTL(time.Hour)))
	defer srv.Close()

	status, _ := send(t, srv, http.MethodPost, "/cb", "gscoursewareId=Tc5vGq2Lxe&gsstatus=ok")
	assert.Equal(t, 403, status)
	steps := []struct {
		body   string
		status int
	}{
		{"gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", 500},    // fn fails
		{"gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", 200},    // the redelivery is handled
		{"gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", 200},    // a duplicate
		{"gscoursewareId=Ue8sJw4Kya&gsstatus=ok", 200},    // another courseware
		{"gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", 200},    // still a duplicate: another courseware is not in between
		{"gscoursewareId=Tc5vGq2Lxe&gsstatus=error", 200}, // another outcome of the same courseware
		{"gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", 200},    // and back: the latest differs, so it is handled
	}
	for i, s := range steps {
		status, _ := send(t, srv, http.MethodPost, "/cb?token=s3cr3t", s.body)
		assert.Equal(t, s.status, status, "step %d", i)
	}
	mu.Lock()
	assert.Equal(t, []string{"Tc5vGq2Lxe ok", "Tc5vGq2Lxe ok", "Ue8sJw4Kya ok", "Tc5vGq2Lxe error", "Tc5vGq2Lxe ok"}, got)
	mu.Unlock()
	calls := d.got()
	require.NotEmpty(t, calls)
	assert.Equal(t, "latest "+dedupeKey("transcode:", "Tc5vGq2Lxe")+" "+dedupeKey("", "Tc5vGq2Lxe", "ok")+" 1h0m0s new", calls[0])

	d.mu.Lock()
	d.latestErr = errors.New("redis down")
	d.mu.Unlock()
	status, _ = send(t, srv, http.MethodPost, "/cb?token=s3cr3t", "gscoursewareId=Other&gsstatus=ok")
	assert.Equal(t, 500, status)
	mu.Lock()
	assert.Len(t, got, 5, "fn is not called when the Deduper fails")
	mu.Unlock()
}
