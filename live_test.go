package gensee

import (
	"context"
	"errors"
	"io"
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

// liveRecorder is the fn of a LiveEventHandler: it records every event and
// answers err.
type liveRecorder struct {
	mu     sync.Mutex
	events []*LiveEvent
	err    error
}

func (r *liveRecorder) fn(_ context.Context, ev *LiveEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	return r.err
}

func (r *liveRecorder) got() []*LiveEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*LiveEvent(nil), r.events...)
}

// send makes one request to srv and returns the status and body.
func send(t *testing.T, srv *httptest.Server, method, target, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+target, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

const joinQuery = "ClassNo=mquQf2&Operator=u1000000001&Action=101&Affected=1000000001&totalusernum=3"

func TestLiveEventHandlerStatusCodes(t *testing.T) {
	joined := &LiveEvent{RoomID: "mquQf2", Action: LiveJoined, Operator: "u1000000001", UID: 1000000001,
		Affected: "1000000001", TotalUsers: 3}
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		fnErr   error
		status  int
		want    *LiveEvent // nil: fn must not be called
		wantRaw url.Values // the event's Query
	}{
		{name: "GET", method: http.MethodGet, target: "/live?token=k3y&" + joinQuery, status: 200, want: joined,
			wantRaw: url.Values{"token": {"k3y"}, "ClassNo": {"mquQf2"}, "Operator": {"u1000000001"}, "Action": {"101"},
				"Affected": {"1000000001"}, "totalusernum": {"3"}}},
		{name: "POST form", method: http.MethodPost, target: "/live?token=k3y", body: joinQuery, status: 200, want: joined,
			wantRaw: url.Values{"token": {"k3y"}, "ClassNo": {"mquQf2"}, "Operator": {"u1000000001"}, "Action": {"101"},
				"Affected": {"1000000001"}, "totalusernum": {"3"}}},
		{name: "unknown action kept", method: http.MethodGet, target: "/live?token=k3y&ClassNo=mquQf2&Action=199", status: 200,
			want:    &LiveEvent{RoomID: "mquQf2", Action: LiveAction(199)},
			wantRaw: url.Values{"token": {"k3y"}, "ClassNo": {"mquQf2"}, "Action": {"199"}}},
		{name: "fn fails", method: http.MethodGet, target: "/live?token=k3y&" + joinQuery, fnErr: errors.New("db down"), status: 500, want: joined},
		{name: "no ClassNo", method: http.MethodGet, target: "/live?token=k3y&Action=103", status: 400},
		{name: "blank ClassNo", method: http.MethodGet, target: "/live?token=k3y&ClassNo=+&Action=103", status: 400},
		{name: "no Action", method: http.MethodGet, target: "/live?token=k3y&ClassNo=mquQf2", status: 400},
		{name: "empty Action", method: http.MethodGet, target: "/live?token=k3y&ClassNo=mquQf2&Action=", status: 400},
		{name: "non-numeric Action", method: http.MethodGet, target: "/live?token=k3y&ClassNo=mquQf2&Action=start", status: 400},
		{name: "malformed body", method: http.MethodPost, target: "/live?token=k3y", body: "ClassNo=%zz", status: 400},
		{name: "no token", method: http.MethodGet, target: "/live?" + joinQuery, status: 403},
		{name: "wrong token", method: http.MethodGet, target: "/live?token=k3Y&" + joinQuery, status: 403},
		{name: "token twice", method: http.MethodGet, target: "/live?token=k3y&token=k3y&" + joinQuery, status: 403},
		{name: "token in the body only", method: http.MethodPost, target: "/live", body: "token=k3y&" + joinQuery, status: 403},
		{name: "PUT", method: http.MethodPut, target: "/live?token=k3y&" + joinQuery, status: 405},
		{name: "DELETE", method: http.MethodDelete, target: "/live?token=k3y&" + joinQuery, status: 405},
		{name: "oversized body", method: http.MethodPost, target: "/live?token=k3y",
			body: joinQuery + "&pad=" + strings.Repeat("x", 70<<10), status: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &liveRecorder{err: tt.fnErr}
			srv := httptest.NewServer(LiveEventHandler(rec.fn, WithCallbackToken("k3y")))
			defer srv.Close()
			status, _ := send(t, srv, tt.method, tt.target, tt.body)
			assert.Equal(t, tt.status, status)
			got := rec.got()
			if tt.want == nil {
				assert.Empty(t, got, "fn must not be called")
				return
			}
			require.Len(t, got, 1)
			if tt.wantRaw != nil {
				assert.Equal(t, tt.wantRaw, got[0].Query)
			}
			got[0].Query = nil
			assert.Equal(t, tt.want, got[0])
		})
	}
}

func TestLiveEventHandlerMethodNotAllowedHeader(t *testing.T) {
	h := LiveEventHandler((&liveRecorder{}).fn)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPatch, "/live?"+joinQuery, nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, POST", rec.Header().Get("Allow"))
	assert.Panics(t, func() { LiveEventHandler(nil) })
}

func TestParseLiveEvent(t *testing.T) {
	tests := []struct {
		query  string
		want   *LiveEvent
		reason string
	}{
		{query: "ClassNo=r1&Action=103", want: &LiveEvent{RoomID: "r1", Action: LiveStarted}},
		{query: "ClassNo=r1&Action=+107+&Operator=a1500000100009212401&totalusernum=x",
			want: &LiveEvent{RoomID: "r1", Action: LiveLeft, Operator: "a1500000100009212401", UID: 1500000100009212401}},
		{query: "ClassNo=r1&Action=101&Operator=1000000002&totalusernum=12",
			want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "1000000002", UID: 1000000002, TotalUsers: 12}},
		{query: "ClassNo=r1&Action=101&Operator=u&totalusernum=-1", want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u"}},
		{query: "ClassNo=r1&Action=101&Operator=u-5", want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u-5"}},
		{query: "ClassNo=r1&Action=101&Operator=u99999999999999999999", want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u99999999999999999999"}},
		{query: "ClassNo=r1&Action=99999999999", reason: "Action must be a number"},
		{query: "Action=101", reason: "ClassNo is required"},
		{query: "ClassNo=r1", reason: "Action is required"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			form, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			ev, reason := parseLiveEvent(form)
			assert.Equal(t, tt.reason, reason)
			if tt.want == nil {
				assert.Nil(t, ev)
				return
			}
			require.NotNil(t, ev)
			assert.Equal(t, form, ev.Query)
			ev.Query = nil
			assert.Equal(t, tt.want, ev)
		})
	}
}

func TestLiveActionString(t *testing.T) {
	want := map[LiveAction]string{
		101: "joined", 102: "room-created", 103: "started", 104: "paused", 105: "ended", 106: "recording-ended",
		107: "left", 110: "left-abnormally", 111: "playback-started", 112: "playback-ended", 108: "LiveAction(108)", -1: "LiveAction(-1)",
	}
	for a, s := range want {
		assert.Equal(t, s, a.String())
	}
}

// scriptedDeduper answers FirstSeen with err or from a memory deduper, and
// records the calls.
type scriptedDeduper struct {
	*MemoryDeduper
	mu     sync.Mutex
	err    error
	keys   []string
	ttls   []time.Duration
	forgot []string
}

func (d *scriptedDeduper) FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	d.mu.Lock()
	d.keys, d.ttls = append(d.keys, key), append(d.ttls, ttl)
	err := d.err
	d.mu.Unlock()
	if err != nil {
		return false, err
	}
	return d.MemoryDeduper.FirstSeen(ctx, key, ttl)
}

func (d *scriptedDeduper) Forget(ctx context.Context, key string) error {
	d.mu.Lock()
	d.forgot = append(d.forgot, key)
	d.mu.Unlock()
	return d.MemoryDeduper.Forget(ctx, key)
}

// onlyFirstSeen hides Forget.
type onlyFirstSeen struct{ d Deduper }

func (o onlyFirstSeen) FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	return o.d.FirstSeen(ctx, key, ttl)
}

func TestLiveEventHandlerDedupe(t *testing.T) {
	// The key: "live:" and the SHA-256 of the five values joined by NUL.
	const wantKey = "live:670a7b8a567e5bd0749080c1a4d38c84d06cd14c3d75c4d80788b4c7a0c6ba47"
	require.Equal(t, wantKey, dedupeKey("live:", "mquQf2", "u1000000001", "101", "1000000001", "3"))

	t.Run("the same event twice, and to two replicas, reaches fn once", func(t *testing.T) {
		d := &scriptedDeduper{MemoryDeduper: NewMemoryDeduper(0)}
		rec := &liveRecorder{}
		a := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
		defer a.Close()
		b := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d), WithDedupeTTL(time.Minute)))
		defer b.Close()
		for _, srv := range []*httptest.Server{a, a, b} {
			status, _ := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
			assert.Equal(t, 200, status)
		}
		// The same parameters in another order, and by POST, are the same event.
		status, _ := send(t, a, http.MethodPost, "/", "totalusernum=3&Affected=1000000001&Action=101&Operator=u1000000001&ClassNo=mquQf2")
		assert.Equal(t, 200, status)
		assert.Len(t, rec.got(), 1)
		assert.Equal(t, []string{wantKey, wantKey, wantKey, wantKey}, d.keys)
		assert.Equal(t, []time.Duration{DefaultDedupeTTL, DefaultDedupeTTL, time.Minute, DefaultDedupeTTL}, d.ttls)

		// Another total is another event.
		status, _ = send(t, a, http.MethodGet, "/?"+strings.Replace(joinQuery, "totalusernum=3", "totalusernum=4", 1), "")
		assert.Equal(t, 200, status)
		assert.Len(t, rec.got(), 2)
	})

	t.Run("FirstSeen fails: 500, fn not called", func(t *testing.T) {
		d := &scriptedDeduper{MemoryDeduper: NewMemoryDeduper(0), err: errors.New("redis down")}
		rec := &liveRecorder{}
		srv := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
		defer srv.Close()
		status, body := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 500, status)
		assert.NotContains(t, body, "redis")
		assert.Empty(t, rec.got())
	})

	t.Run("fn fails: the key is forgotten and a redelivery handled", func(t *testing.T) {
		d := &scriptedDeduper{MemoryDeduper: NewMemoryDeduper(0)}
		rec := &liveRecorder{err: errors.New("db down")}
		srv := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(d)))
		defer srv.Close()
		status, _ := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 500, status)
		assert.Equal(t, []string{wantKey}, d.forgot)
		rec.mu.Lock()
		rec.err = nil
		rec.mu.Unlock()
		status, _ = send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		status, _ = send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		assert.Len(t, rec.got(), 2, "the failed try and the redelivery; the third is a duplicate")
	})

	t.Run("fn fails, Deduper cannot forget: the redelivery is a duplicate", func(t *testing.T) {
		rec := &liveRecorder{err: errors.New("db down")}
		srv := httptest.NewServer(LiveEventHandler(rec.fn, WithDeduper(onlyFirstSeen{NewMemoryDeduper(0)})))
		defer srv.Close()
		status, _ := send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 500, status)
		status, _ = send(t, srv, http.MethodGet, "/?"+joinQuery, "")
		assert.Equal(t, 200, status)
		assert.Len(t, rec.got(), 1)
	})

	t.Run("fn panics: the key is forgotten", func(t *testing.T) {
		d := &scriptedDeduper{MemoryDeduper: NewMemoryDeduper(0)}
		h := LiveEventHandler(func(context.Context, *LiveEvent) error { panic("boom") }, WithDeduper(d))
		assert.Panics(t, func() {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?"+joinQuery, nil))
		})
		assert.Equal(t, []string{wantKey}, d.forgot)
	})

	t.Run("refused requests never reach the Deduper", func(t *testing.T) {
		d := &scriptedDeduper{MemoryDeduper: NewMemoryDeduper(0)}
		srv := httptest.NewServer(LiveEventHandler((&liveRecorder{}).fn, WithDeduper(d), WithCallbackToken("k3y")))
		defer srv.Close()
		for _, target := range []string{"/?" + joinQuery, "/?token=k3y&ClassNo=r1"} {
			status, _ := send(t, srv, http.MethodGet, target, "")
			assert.NotEqual(t, 200, status)
		}
		assert.Empty(t, d.keys)
	})
}

func TestTranscodeCallbackHandlerOptions(t *testing.T) {
	d := &scriptedDeduper{MemoryDeduper: NewMemoryDeduper(0)}
	var mu sync.Mutex
	var got []TranscodeEvent
	srv := httptest.NewServer(TranscodeCallbackHandler(func(_ context.Context, ev TranscodeEvent) {
		mu.Lock()
		got = append(got, ev)
		mu.Unlock()
	}, WithCallbackToken("s3cr3t"), WithDeduper(d), WithDedupeTTL(time.Hour)))
	defer srv.Close()

	status, _ := send(t, srv, http.MethodPost, "/cb", "gscoursewareId=Tc5vGq2Lxe&gsstatus=ok")
	assert.Equal(t, 403, status)
	for range 2 {
		status, _ = send(t, srv, http.MethodPost, "/cb?token=s3cr3t", "gscoursewareId=Tc5vGq2Lxe&gsstatus=ok")
		assert.Equal(t, 200, status)
	}
	status, _ = send(t, srv, http.MethodPost, "/cb?token=s3cr3t", "gscoursewareId=Tc5vGq2Lxe&gsstatus=error")
	assert.Equal(t, 200, status)
	mu.Lock()
	require.Len(t, got, 2)
	assert.Equal(t, TranscodeStatusOK, got[0].Status)
	assert.Equal(t, TranscodeStatusError, got[1].Status)
	assert.Equal(t, dedupeKey("transcode:", "Tc5vGq2Lxe", "ok"), d.keys[0])
	assert.Equal(t, time.Hour, d.ttls[0])
	mu.Unlock()

	d.mu.Lock()
	d.err = errors.New("redis down")
	d.mu.Unlock()
	status, _ = send(t, srv, http.MethodPost, "/cb?token=s3cr3t", "gscoursewareId=Other&gsstatus=ok")
	assert.Equal(t, 500, status)
	mu.Lock()
	assert.Len(t, got, 2)
	mu.Unlock()
}
