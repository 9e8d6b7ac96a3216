package genseetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuirks(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithQuirks())
	defer srv.Close()
	roomID := srv.AddRoom("Quirks")
	srv.AddChat(ChatRecord{RoomID: roomID, SentTime: time.UnixMilli(1709254800000), Sender: "张\t三", SenderID: 42, Msg: "line1\r\nline2\"q\""})

	_, body := rawPost(t, srv, "/training/export/chat", vals("roomId", roomID))
	assert.Contains(t, string(body), "line1\r\nline2")
	assert.Contains(t, string(body), "张\t三")
	assert.Contains(t, string(body), `\"q\"`)
	assert.Contains(t, string(body), `"senderId":"42"`)
	assert.Contains(t, string(body), `"time":"1709254800000"`)
	assert.Contains(t, string(body), `"code":"0"`)
	var strict map[string]any
	assert.Error(t, json.Unmarshal(body, &strict), "strict parsers reject raw control characters")

	_, body = rawPost(t, srv, "/training/courseware/list", vals("roomId", roomID))
	assert.NotContains(t, string(body), "coursewares")
	srv.AddCourseware(Courseware{RoomID: roomID, Subject: "cw"})
	_, body = rawPost(t, srv, "/training/courseware/list", vals("roomId", roomID))
	assert.Contains(t, string(body), `"coursewares":[`)

	// Without quirks: escaped text, numbers, an empty list.
	plain := NewServer()
	defer plain.Close()
	roomID = plain.AddRoom("Plain")
	plain.AddChat(ChatRecord{RoomID: roomID, Sender: "a\tb", SenderID: 42, Msg: "x\ny"})
	_, body = rawPost(t, plain, "/training/export/chat", vals("roomId", roomID))
	assert.Contains(t, string(body), `"msg":"x\ny"`)
	assert.Contains(t, string(body), `"senderId":42`)
	assert.True(t, json.Valid(body))
	out := ok(t, plain, "/training/courseware/list", vals("roomId", roomID))
	assert.Equal(t, []any{}, out["coursewares"])
}

func TestFaults(t *testing.T) {
	t.Parallel()
	const path = "/training/room/sync"
	tests := []struct {
		name  string
		fault Fault
		check func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{"code", Fault{Code: 300, Message: "系统错误"}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.JSONEq(t, `{"code":"300","message":"系统错误"}`, string(body))
		}},
		{"status", Fault{Status: http.StatusBadGateway}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
			assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"))
			assert.Contains(t, string(body), "<html>")
		}},
		{"html 200", Fault{HTML: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"))
			assert.False(t, json.Valid(body))
		}},
		{"drop", Fault{Drop: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			assert.Error(t, err)
		}},
		{"drop mid body", Fault{DropMidBody: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.Error(t, err)
			assert.True(t, errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
			assert.NotEmpty(t, body)
		}},
		{"truncated", Fault{Truncate: true}, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.True(t, bytes.HasPrefix(body, []byte(`{`)))
			assert.False(t, json.Valid(body))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer()
			defer srv.Close()
			srv.Inject(path, 2, tt.fault)
			for range 2 {
				resp, body, err := send(srv, path, nil)
				tt.check(t, resp, body, err)
			}
			// Exactly n calls: the third one is normal.
			ok(t, srv, path, nil)
		})
	}
}

func TestFaultDelayAndMatching(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	srv.Inject("/integration/site/training/room/sync", 1, Fault{Delay: 150 * time.Millisecond})
	start := time.Now()
	ok(t, srv, "/training/room/sync", nil)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	start = time.Now()
	ok(t, srv, "/training/room/sync", nil)
	assert.Less(t, time.Since(start), 150*time.Millisecond)

	// A client that gives up ends the delay.
	srv.Inject("/training/room/sync", 1, Fault{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := sendCtx(ctx, srv, "/training/room/sync", nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// Other paths are untouched; AnyPath matches all; faults queue in order.
	srv.Inject("/training/room/info", 1, Fault{Code: 501})
	ok(t, srv, "/training/room/sync", nil)
	srv.Inject(AnyPath, 1, Fault{Code: 600})
	srv.Inject(AnyPath, 1, Fault{Code: 300})
	assert.Equal(t, "501", code(t, srv, "/training/room/info", vals("roomId", "x")))
	assert.Equal(t, "600", code(t, srv, "/training/doc/syn", nil))
	assert.Equal(t, "300", code(t, srv, "/training/room/sync", nil))
	ok(t, srv, "/training/doc/syn", nil)
}

func TestCloseReleasesDelayedRequests(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	srv.Inject(AnyPath, 1, Fault{Delay: time.Hour})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _, _ = send(srv, "/training/room/sync", nil)
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs on a delayed request")
	}
	<-done
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithRateLimit(3))
	defer srv.Close()
	statuses := map[int]int{}
	var retryAfter string
	for range 6 {
		resp, _, err := send(srv, "/training/room/sync", nil)
		require.NoError(t, err)
		statuses[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests {
			retryAfter = resp.Header.Get("Retry-After")
		}
	}
	assert.Equal(t, 3, statuses[http.StatusOK])
	assert.Equal(t, 3, statuses[http.StatusTooManyRequests])
	assert.Equal(t, "1", retryAfter)
	time.Sleep(1100 * time.Millisecond)
	ok(t, srv, "/training/room/sync", nil)
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	form := vals("loginName", srv.LoginName(), "password", srv.Password(), "roomId", "abc")
	req, err := http.NewRequest(http.MethodPost, srv.URL()+apiPrefix+"/training/room/info", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "gensee-go-test/1.0")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	_, _, _ = send(srv, "/training/doc/syn", vals("sec", "true", "password", "0123456789abcdef0123456789abcdef", "loginName", "x"))

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/training/room/info", reqs[0].Path)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "abc", reqs[0].Form.Get("roomId"))
	assert.Equal(t, "***", reqs[0].Form.Get("password"))
	assert.Equal(t, "application/x-www-form-urlencoded", reqs[0].ContentType)
	assert.Equal(t, "gensee-go-test/1.0", reqs[0].UserAgent)
	assert.Equal(t, "***", reqs[1].Form.Get("password"))
	for _, r := range reqs {
		for _, vs := range r.Form {
			for _, v := range vs {
				assert.NotContains(t, v, srv.Password())
				assert.NotContains(t, v, "0123456789abcdef")
			}
		}
	}
	// The log is a copy.
	reqs[0].Form.Set("roomId", "changed")
	assert.Equal(t, "abc", srv.Requests()[0].Form.Get("roomId"))
}

func TestParallelUse(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				subject := "room " + string(rune('A'+i)) + string(rune('a'+j))
				resp, body, err := send(srv, "/training/room/created", vals("subject", subject, "startDate", "1709254800000", "realtime", "true"))
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				var out map[string]any
				assert.NoError(t, json.Unmarshal(body, &out))
				assert.Equal(t, "0", out["code"])
				srv.AddChat(ChatRecord{RoomID: "x", Msg: subject})
				_ = srv.Requests()
			}
		}()
	}
	wg.Wait()
	out := ok(t, srv, "/training/room/sync", nil)
	assert.EqualValues(t, 80, out["page"].(map[string]any)["totalCounts"])
}

func TestServersAreIndependent(t *testing.T) {
	t.Parallel()
	a, b := NewServer(), NewServer()
	defer a.Close()
	defer b.Close()
	id := a.AddRoom("Only in a")
	ok(t, a, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "501", code(t, b, "/training/room/info", vals("roomId", id)))
}

// send posts form with the server's credentials and reads the whole body;
// it returns the transport or body error.
func send(srv *Server, path string, form url.Values) (*http.Response, []byte, error) {
	return sendCtx(context.Background(), srv, path, form)
}

func sendCtx(ctx context.Context, srv *Server, path string, form url.Values) (*http.Response, []byte, error) {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["loginName"]; !ok {
		form.Set("loginName", srv.LoginName())
		form.Set("password", srv.Password())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+apiPrefix+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestInjectMisusePanics(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	tests := []struct {
		name  string
		path  string
		n     int
		fault Fault
		want  string
	}{
		{"unknown path", "/training/room/inf", 1, Fault{Code: 300},
			`genseetest: Inject: "/training/room/inf" is not an endpoint of the fake; did you mean "/training/room/info"`},
		{"typo in a long path", "/training/export/histroy", 1, Fault{Code: 300}, `did you mean "/training/export/history"`},
		{"zero count", "/training/room/info", 0, Fault{Code: 300}, `genseetest: Inject("/training/room/info"): the count must be at least 1, not 0`},
		{"negative count", "/training/room/info", -2, Fault{Code: 300}, "at least 1, not -2"},
		{"two kinds", "/training/room/info", 1, Fault{Code: 300, Status: 502},
			`genseetest: Inject("/training/room/info"): a Fault sets one kind (Delay aside), not Code and Status`},
		{"three kinds", AnyPath, 1, Fault{HTML: true, Drop: true, Truncate: true}, "not HTML and Drop and Truncate"},
		{"two after-apply kinds", AnyPath, 1, Fault{DropAfterApply: true, StallAfterApply: time.Second}, "not DropAfterApply and StallAfterApply"},
		{"after apply and before", AnyPath, 1, Fault{Drop: true, StatusAfterApply: 502}, "not Drop and StatusAfterApply"},
		{"no status", AnyPath, 1, Fault{StatusAfterApply: 42}, `StatusAfterApply must be an HTTP status, not 42`},
		{"negative stall", AnyPath, 1, Fault{StallAfterApply: -time.Second}, `StallAfterApply must not be negative, got -1s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				require.NotNil(t, r, "Inject did not panic")
				assert.Contains(t, r.(string), tt.want)
			}()
			srv.Inject(tt.path, tt.n, tt.fault)
		})
	}
	// A delay combines with one kind; the prefix is optional.
	assert.NotPanics(t, func() { srv.Inject("/integration/site/training/room/info", 1, Fault{Delay: 1, Code: 300}) })
	assert.NotPanics(t, func() { srv.Inject("training/room/info", 1, Fault{Delay: 1}) })
}

func TestClearFaultsAndRequestsTo(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	srv.Inject("/training/room/sync", 5, Fault{Code: 300})
	srv.Inject(AnyPath, 5, Fault{Status: 502})
	srv.ClearFaults()
	ok(t, srv, "/training/room/sync", nil)
	ok(t, srv, "/training/room/sync", url.Values{"pageNo": {"2"}})
	ok(t, srv, "/training/doc/syn", nil)

	got := srv.RequestsTo("/integration/site/training/room/sync")
	require.Len(t, got, 2)
	assert.Equal(t, "/training/room/sync", got[0].Path)
	assert.Equal(t, "2", got[1].Form.Get("pageNo"))
	assert.Equal(t, "***", got[0].Form.Get("password"))
	assert.Len(t, srv.RequestsTo("/training/doc/syn"), 1)
	assert.Empty(t, srv.RequestsTo("/training/room/info"))
	assert.PanicsWithValue(t,
		`genseetest: RequestsTo: "/training/rooms/sync" is not an endpoint of the fake; did you mean "/training/room/sync", "/training/doc/syn", "/training/record/syn"?`,
		func() { srv.RequestsTo("/training/rooms/sync") })
}

// roomsNamed counts the rooms with subject that room/sync lists for today.
func roomsNamed(t *testing.T, srv *Server, subject string) int {
	t.Helper()
	n := 0
	for _, r := range items(t, ok(t, srv, "/training/room/sync", nil)["list"]) {
		if r["subject"] == subject {
			n++
		}
	}
	return n
}

func TestFaultsAfterApply(t *testing.T) {
	t.Parallel()
	const path = "/training/room/created"
	tests := []struct {
		name    string
		fault   Fault
		timeout time.Duration // the client's deadline; 0: none
		check   func(t *testing.T, resp *http.Response, body []byte, err error)
	}{
		{"drop after apply", Fault{DropAfterApply: true}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.Error(t, err)
			assert.Nil(t, resp, "no byte of the answer is sent")
		}},
		{"502 page after apply", Fault{StatusAfterApply: http.StatusBadGateway}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.NoError(t, err)
			assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
			assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"), resp.Header.Get("Content-Type"))
			assert.Contains(t, string(body), "502 Bad Gateway")
			assert.NotContains(t, string(body), `"code"`, "the envelope is lost")
		}},
		{"stall after apply", Fault{StallAfterApply: time.Hour}, 200 * time.Millisecond, func(t *testing.T, resp *http.Response, body []byte, err error) {
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		}},
		{"short stall after apply ends in a drop", Fault{StallAfterApply: 50 * time.Millisecond}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			require.Error(t, err)
			assert.Nil(t, resp)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer()
			defer srv.Close()
			srv.Inject(path, 1, tt.fault)
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			resp, body, err := sendCtx(ctx, srv, path, vals("subject", "applied", "startDate", "2024-03-01 09:00:00", "realtime", "true"))
			tt.check(t, resp, body, err)
			assert.Equal(t, 1, roomsNamed(t, srv, "applied"), "the write was applied")
			assert.Len(t, srv.RequestsTo(path), 1)
			// Used up: the same create is now refused as a duplicate.
			assert.Equal(t, "502", code(t, srv, path, vals("subject", "applied", "startDate", "2024-03-01 09:00:00", "realtime", "true")))
		})
	}
}

func TestFaultsBeforeApplyChangeNothing(t *testing.T) {
	t.Parallel()
	for _, f := range []Fault{{Drop: true}, {Status: http.StatusBadGateway}} {
		srv := NewServer()
		srv.Inject("/training/room/created", 1, f)
		_, _, _ = send(srv, "/training/room/created", vals("subject", "not applied", "startDate", "2024-03-01 09:00:00", "realtime", "true"))
		assert.Equal(t, 0, roomsNamed(t, srv, "not applied"), "%+v", f)
		srv.Close()
	}
}

func TestCloseReleasesAStallAfterApply(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	srv.Inject(AnyPath, 1, Fault{StallAfterApply: time.Hour})
	done := make(chan error, 1)
	go func() {
		_, _, err := send(srv, "/training/room/created", vals("subject", "stalled", "startDate", "2024-03-01 09:00:00", "realtime", "true"))
		done <- err
	}()
	require.Eventually(t, func() bool { return len(srv.RequestsTo("/training/room/created")) == 1 }, 5*time.Second, 5*time.Millisecond)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs on a stalled request")
	}
	select {
	case err := <-done:
		assert.Error(t, err, "the stalled client gets no answer")
	case <-time.After(5 * time.Second):
		t.Fatal("the stalled client was not released")
	}
}
