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
		{name: "malformed ClassNo in the body", method: http.MethodPost, target: "/live?token=k3y", body: "ClassNo=%zz&Action=101", status: 400},
		{name: "a stray percent in Affected is delivered", method: http.MethodGet, target: "/live?token=k3y&" + strings.Replace(joinQuery, "Affected=1000000001", "Affected=50%", 1),
			status: 200, want: &LiveEvent{RoomID: "mquQf2", Action: LiveJoined, Operator: "u1000000001", UID: 1000000001, Affected: "50%", TotalUsers: 3}},
		{name: "a stray percent in a POST's Affected is delivered", method: http.MethodPost, target: "/live?token=k3y", body: strings.Replace(joinQuery, "Affected=1000000001", "Affected=50%", 1),
			status: 200, want: &LiveEvent{RoomID: "mquQf2", Action: LiveJoined, Operator: "u1000000001", UID: 1000000001, Affected: "50%", TotalUsers: 3},
			wantRaw: url.Values{"token": {"k3y"}, "ClassNo": {"mquQf2"}, "Operator": {"u1000000001"}, "Action": {"101"},
				"Affected": {"50%"}, "totalusernum": {"3"}}},
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
	form := func(s string) string { return s }
	tests := []struct {
		name   string
		method string
		target string
		body   string // a URL-encoded form
		want   *LiveEvent
		query  url.Values // the event's Query; nil: not checked
		err    string
	}{
		{name: "minimal", target: "/?ClassNo=r1&Action=103", want: &LiveEvent{RoomID: "r1", Action: LiveStarted},
			query: url.Values{"ClassNo": {"r1"}, "Action": {"103"}}},
		{name: "spaces and a 19-digit uid", target: "/?ClassNo=r1&Action=+107+&Operator=a1500000100009212401&totalusernum=x",
			want: &LiveEvent{RoomID: "r1", Action: LiveLeft, Operator: "a1500000100009212401", UID: 1500000100009212401}},
		{name: "digits-only operator", target: "/?ClassNo=r1&Action=101&Operator=1000000002&totalusernum=12",
			want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "1000000002", UID: 1000000002, TotalUsers: 12}},
		{name: "no uid, negative total", target: "/?ClassNo=r1&Action=101&Operator=u&totalusernum=-1",
			want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u"}},
		{name: "signed uid", target: "/?ClassNo=r1&Action=101&Operator=u-5", want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u-5"}},
		{name: "uid out of range", target: "/?ClassNo=r1&Action=101&Operator=u99999999999999999999",
			want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u99999999999999999999"}},
		{name: "a stray percent in Affected", target: "/?ClassNo=r1&Operator=u1000000001&Action=101&Affected=50%&totalusernum=3",
			want:  &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u1000000001", UID: 1000000001, Affected: "50%", TotalUsers: 3},
			query: url.Values{"ClassNo": {"r1"}, "Operator": {"u1000000001"}, "Action": {"101"}, "Affected": {"50%"}, "totalusernum": {"3"}}},
		{name: "a bad escape in Operator, a good one in Affected", target: "/?ClassNo=r%31&Action=101&Operator=u%zz1&Affected=a%2Bb+c",
			want: &LiveEvent{RoomID: "r1", Action: LiveJoined, Operator: "u%zz1", Affected: "a+b c"}},
		{name: "POST form, body first then query", method: http.MethodPost, target: "/?token=k&ClassNo=q",
			body:  form("ClassNo=b1&Action=105&Affected=%"),
			want:  &LiveEvent{RoomID: "b1", Action: LiveEnded, Affected: "%"},
			query: url.Values{"token": {"k"}, "ClassNo": {"b1", "q"}, "Action": {"105"}, "Affected": {"%"}}},
		{name: "a malformed second ClassNo is not read", target: "/?ClassNo=r1&Action=101&ClassNo=%zz",
			want: &LiveEvent{RoomID: "r1", Action: LiveJoined}, query: url.Values{"ClassNo": {"r1", "%zz"}, "Action": {"101"}}},
		{name: "Action too large", target: "/?ClassNo=r1&Action=99999999999",
			err: `gensee: live event: Action must be a whole number (a 32-bit action code), got "99999999999"`},
		{name: "Action not a number", target: "/?ClassNo=r1&Action=start",
			err: `gensee: live event: Action must be a whole number (a 32-bit action code), got "start"`},
		{name: "no ClassNo", target: "/?Action=101", err: "gensee: live event: ClassNo is required (a non-blank parameter)"},
		{name: "blank ClassNo", target: "/?ClassNo=+&Action=101", err: "gensee: live event: ClassNo is required (a non-blank parameter)"},
		{name: "no Action", target: "/?ClassNo=r1", err: "gensee: live event: Action is required (a non-blank parameter)"},
		{name: "bad escape in ClassNo", target: "/?ClassNo=r%zz&Action=101",
			err: "gensee: live event: ClassNo has a malformed percent-escape (%XX with two hex digits)"},
		{name: "bad escape in Action", target: "/?ClassNo=r1&Action=10%1",
			err: "gensee: live event: Action has a malformed percent-escape (%XX with two hex digits)"},
		{name: "bad escape in ClassNo's name", method: http.MethodPost, target: "/", body: "Class%No=r1&Action=101",
			err: "gensee: live event: ClassNo is required (a non-blank parameter)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req := httptest.NewRequest(method, tt.target, body)
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			ev, err := ParseLiveEvent(req)
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				assert.Nil(t, ev)
				return
			}
			require.NoError(t, err)
			if tt.query != nil {
				assert.Equal(t, tt.query, ev.Query)
			}
			assert.Equal(t, ev.Query, req.Form, "r.Form is filled")
			ev.Query = nil
			assert.Equal(t, tt.want, ev)
		})
	}
}

// ParseLiveEvent on a request whose form a router already parsed takes the
// body's values from r.PostForm; a body over 64 KiB is a *http.MaxBytesError.
func TestParseLiveEventParsedAndOversized(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/?Affected=50%", strings.NewReader("ClassNo=r1&Action=103"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	require.Error(t, req.ParseForm(), "net/http refuses the stray percent")
	ev, err := ParseLiveEvent(req)
	require.NoError(t, err)
	assert.Equal(t, &LiveEvent{RoomID: "r1", Action: LiveStarted, Affected: "50%",
		Query: url.Values{"ClassNo": {"r1"}, "Action": {"103"}, "Affected": {"50%"}}}, ev)

	req = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(joinQuery+"&pad="+strings.Repeat("x", 70<<10)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err = ParseLiveEvent(req)
	var tooBig *http.MaxBytesError
	require.ErrorAs(t, err, &tooBig)
	assert.Equal(t, int64(maxCallbackBytes), tooBig.Limit)

	// A body that is not a form is not read.
	req = httptest.NewRequest(http.MethodPost, "/?ClassNo=r1&Action=103", strings.NewReader(`{"ClassNo":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	ev, err = ParseLiveEvent(req)
	require.NoError(t, err)
	assert.Equal(t, "r1", ev.RoomID)
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
