package gensee

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCredentials(t *testing.T) {
	sum := md5.Sum([]byte(testPassword))
	require.Equal(t, hex.EncodeToString(sum[:]), testDigest)
	tests := []struct {
		name string
		opts []Option
		want url.Values
	}{
		{"md5 by default", nil, url.Values{"loginName": {testLogin}, "password": {testDigest}, "sec": {"true"}}},
		{"plain", []Option{WithPlainPassword()}, url.Values{"loginName": {testLogin}, "password": {testPassword}}},
		{"given digest", []Option{WithPasswordMD5(strings.ToUpper(testDigest))},
			url.Values{"loginName": {testLogin}, "password": {testDigest}, "sec": {"true"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t, tt.opts...)
			h.on("/training/room/deleted", 200, okBody)
			require.NoError(t, h.client.Rooms.Delete(context.Background(), "R"))
			tt.want.Set("roomId", "R")
			assert.Equal(t, tt.want, h.lastForm())
		})
	}
}

func TestNewClientErrors(t *testing.T) {
	tests := []struct {
		name, site, login, password string
		opts                        []Option
		want                        string
	}{
		{"no site", "", "a", "hunter22", nil, "gensee: NewClient: site is required"},
		{"no login", "demo.gensee.com", "", "hunter22", nil, "gensee: NewClient: loginName is required"},
		{"no password", "demo.gensee.com", "a", "", nil, "gensee: NewClient: password is required (or WithPasswordMD5)"},
		{"bad digest", "demo.gensee.com", "a", "", []Option{WithPasswordMD5("xyz")}, "gensee: NewClient: WithPasswordMD5 needs 32 hexadecimal digits"},
		{"empty digest", "demo.gensee.com", "a", "", []Option{WithPasswordMD5("")}, "gensee: NewClient: WithPasswordMD5 needs a digest"},
		{"ftp", "ftp://demo.gensee.com", "a", "hunter22", nil, "gensee: NewClient: site \"ftp://demo.gensee.com\" must be http or https"},
		{"query", "https://demo.gensee.com/?x=1", "a", "hunter22", nil, `gensee: NewClient: site "https://demo.gensee.com/?x=1" must be a bare domain or a base URL`},
		{"userinfo", "https://u:p@demo.gensee.com", "a", "hunter22", nil, `gensee: NewClient: site "https://u:p@demo.gensee.com" must be a bare domain or a base URL`},
		{"nil http client", "demo.gensee.com", "a", "hunter22", []Option{WithHTTPClient(nil)}, "gensee: NewClient: WithHTTPClient needs a non-nil *http.Client"},
		{"retry", "demo.gensee.com", "a", "hunter22", []Option{WithRetry(RetryPolicy{})}, "gensee: NewClient: WithRetry needs MaxAttempts >= 1"},
		{"rate", "demo.gensee.com", "a", "hunter22", []Option{WithRateLimit(0, 1)}, "gensee: NewClient: WithRateLimit needs perSecond > 0 and burst >= 1"},
		{"max bytes", "demo.gensee.com", "a", "hunter22", []Option{WithMaxResponseBytes(0)}, "gensee: NewClient: WithMaxResponseBytes needs a positive limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.site, tt.login, tt.password, tt.opts...)
			assert.Nil(t, c)
			// NewClient's errors have no type: the whole message is their
			// contract.
			assert.EqualError(t, err, tt.want)
			if tt.password != "" {
				assert.NotContains(t, err.Error(), tt.password)
			}
		})
	}
	c, err := NewClient("demo.gensee.com", "a", "", WithPasswordMD5(testDigest))
	require.NoError(t, err)
	assert.NotNil(t, c.Rooms)
}

func TestSiteBase(t *testing.T) {
	for site, want := range map[string]string{
		"demo.gensee.com":             "https://demo.gensee.com/integration/site",
		" demo.gensee.com ":           "https://demo.gensee.com/integration/site",
		"https://demo.gensee.com":     "https://demo.gensee.com/integration/site",
		"http://127.0.0.1:8080/":      "http://127.0.0.1:8080/integration/site",
		"https://proxy.example/gs//":  "https://proxy.example/gs/integration/site",
		"demo.gensee.com:8443":        "https://demo.gensee.com:8443/integration/site",
		"HTTP://demo.gensee.com/path": "http://demo.gensee.com/path/integration/site",
	} {
		got, err := siteBase(site)
		require.NoError(t, err, site)
		assert.Equal(t, want, got, site)
	}
}

func TestRequestShape(t *testing.T) {
	var got *http.Request
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, body = r, string(b)
		fmt.Fprint(w, okBody)
	}))
	defer srv.Close()
	for _, tt := range []struct {
		opts []Option
		ua   string
	}{{nil, "gensee-go/" + Version}, {[]Option{WithUserAgent("acme-lms/2.0")}, "acme-lms/2.0"}} {
		c, err := NewClient(srv.URL+"/", testLogin, testPassword, tt.opts...)
		require.NoError(t, err)
		require.NoError(t, c.Rooms.Delete(context.Background(), "R&1"))
		assert.Equal(t, http.MethodPost, got.Method)
		assert.Equal(t, "/integration/site/training/room/deleted", got.URL.Path)
		assert.Empty(t, got.URL.RawQuery)
		assert.Equal(t, "application/x-www-form-urlencoded; charset=UTF-8", got.Header.Get("Content-Type"))
		assert.Equal(t, tt.ua, got.Header.Get("User-Agent"))
		assert.Equal(t, "loginName=admin%40demo&password="+testDigest+"&sec=true&roomId=R%261", body)
	}
}

func TestCall(t *testing.T) {
	h := setup(t)
	h.on("/training/room/info", 200, `{"code":0,"message":"ok","id":"R1","extra":{"n":"1"}}`)
	var out struct {
		ID    string         `json:"id"`
		Extra map[string]any `json:"extra"`
	}
	require.NoError(t, h.client.Call(context.Background(), "/training/room/info", url.Values{"roomId": {"R1"}}, &out))
	assert.Equal(t, "R1", out.ID)
	assert.Equal(t, map[string]any{"n": "1"}, out.Extra)
	h.assertForm("roomId", "R1")

	type params struct {
		RoomID string `url:"roomId"`
		Page   int    `url:"pageNo,omitempty"`
	}
	require.NoError(t, h.client.Call(context.Background(), "/training/room/info", params{RoomID: "R2"}, nil))
	h.assertForm("roomId", "R2")

	err := h.client.Call(context.Background(), "room/info", nil, nil)
	assertValidation(t, err, "room/info", "path")
	err = h.client.Call(context.Background(), "/training/room/info", url.Values{"password": {"x"}}, nil)
	assertValidation(t, err, "/training/room/info", "password")
	assert.Equal(t, 2, h.calls())
}

func TestEnvelope(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr func(t *testing.T, err error)
	}{
		{"code string 0", 200, `{"code":"0","message":"成功","id":"R"}`, nil},
		{"code number 0", 200, `{"code":0,"id":"R"}`, nil},
		{"unknown code is an APIError", 200, `{"code":"777","message":"新错误"}`, func(t *testing.T, err error) {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, Code(777), apiErr.Code)
			assert.Equal(t, "gensee: /training/room/info: 777 unknown code: 新错误", err.Error())
			for _, s := range []error{ErrFailed, ErrInvalidParam, ErrAuth, ErrNotFound, ErrSystem, ErrBusiness} {
				assert.NotErrorIs(t, err, s)
			}
		}},
		{"code number 501", 200, `{"code":501,"message":"数据不存在"}`, func(t *testing.T, err error) {
			assertAPIError(t, err, "/training/room/info", CodeNotFound, "数据不存在", ErrNotFound)
			assert.Equal(t, "gensee: /training/room/info: 501 not found: 数据不存在", err.Error())
		}},
		{"no code", 200, `{"id":"R"}`, httpErrorWith(200, `{"id":"R"}`)},
		{"not json", 200, `<html>maintenance</html>`, httpErrorWith(200, "<html>maintenance</html>")},
		{"json array", 200, `[1,2]`, httpErrorWith(200, "[1,2]")},
		{"code not a number", 200, `{"code":"ok"}`, httpErrorWith(200, `{"code":"ok"}`)},
		{"truncated", 200, `{"code":"0","id":"R`, httpErrorWith(200, `{"code":"0","id":"R`)},
		{"502 html", 502, `<html><body>Bad Gateway</body></html>`, httpErrorWith(502, "<html><body>Bad Gateway</body></html>")},
		{"404", 404, `not here`, httpErrorWith(404, "not here")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/info", tt.status, tt.body)
			room, err := h.client.Rooms.Get(context.Background(), "R")
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, "R", room.ID)
				return
			}
			assert.Nil(t, room)
			tt.wantErr(t, err)
		})
	}
}

func httpErrorWith(status int, body string) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		var he *HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, &HTTPError{Endpoint: "/training/room/info", URL: testBase + "/training/room/info", StatusCode: status,
			ContentType: "application/json;charset=UTF-8", Body: body}, he)
	}
}

func TestHTTPErrorExcerpt(t *testing.T) {
	h := setup(t)
	h.on("/training/room/info", 500, strings.Repeat("x", 5000))
	_, err := h.client.Rooms.Get(context.Background(), "R")
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Len(t, he.Body, errorExcerptBytes)
	assert.Equal(t, 500, he.StatusCode)
}

func TestMaxResponseBytes(t *testing.T) {
	body := `{"code":"0","id":"` + strings.Repeat("a", 200) + `"}`
	h := setup(t, WithMaxResponseBytes(int64(len(body)-1)))
	h.on("/training/room/info", 200, body)
	_, err := h.client.Rooms.Get(context.Background(), "R")
	var tooLarge *ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, &ResponseTooLargeError{Endpoint: "/training/room/info", Limit: int64(len(body) - 1)}, tooLarge)
	assert.Equal(t, "gensee: /training/room/info: response body larger than 219 bytes (see WithMaxResponseBytes)", err.Error())

	h2 := setup(t, WithMaxResponseBytes(int64(len(body))))
	h2.on("/training/room/info", 200, body)
	_, err = h2.client.Rooms.Get(context.Background(), "R")
	require.NoError(t, err)
}

func TestControlCharacters(t *testing.T) {
	h := setup(t)
	h.on("/training/room/info", 200, "{\"code\":\"0\",\n\"id\":\"R\",\"subject\":\"第一行\r\n第二行\t完\x01\"}")
	room, err := h.client.Rooms.Get(context.Background(), "R")
	require.NoError(t, err)
	assert.Equal(t, "第一行\r\n第二行\t完\x01", room.Subject)
}

func TestRetries(t *testing.T) {
	ok := `{"code":"0","id":"R"}`
	tests := []struct {
		name  string
		first func(h *harness, path string)
		calls int
	}{
		{"503", func(h *harness, p string) { h.onFunc(p, statusThen(503, ok)) }, 2},
		{"502", func(h *harness, p string) { h.onFunc(p, statusThen(502, ok)) }, 2},
		{"504", func(h *harness, p string) { h.onFunc(p, statusThen(504, ok)) }, 2},
		{"429", func(h *harness, p string) { h.onFunc(p, statusThen(429, ok)) }, 2},
		{"code 300", func(h *harness, p string) {
			h.onFunc(p, func(n int) (int, string) {
				if n == 1 {
					return 200, apiErrorBody(CodeSystemError, "系统错误")
				}
				return 200, ok
			})
		}, 2},
		{"dropped connection", func(h *harness, p string) {
			n := 0
			h.mock.RegisterResponder(http.MethodPost, testBase+p, func(req *http.Request) (*http.Response, error) {
				n++
				if n == 1 {
					return nil, io.ErrUnexpectedEOF
				}
				return httpmock.NewStringResponse(200, ok), nil
			})
		}, 0},
		{"dropped mid-body", func(h *harness, p string) {
			n := 0
			h.mock.RegisterResponder(http.MethodPost, testBase+p, func(req *http.Request) (*http.Response, error) {
				n++
				if n == 1 {
					return &http.Response{StatusCode: 200, Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"code":`),
						errReader{io.ErrUnexpectedEOF}))}, nil
				}
				return httpmock.NewStringResponse(200, ok), nil
			})
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t, FastRetry(3))
			tt.first(h, "/training/room/info")
			room, err := h.client.Rooms.Get(context.Background(), "R")
			require.NoError(t, err)
			assert.Equal(t, "R", room.ID)
			if tt.calls > 0 {
				assert.Equal(t, tt.calls, h.calls())
			} else {
				assert.Equal(t, 2, h.mock.GetTotalCallCount())
			}
		})
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func statusThen(status int, body string) func(int) (int, string) {
	return func(n int) (int, string) {
		if n == 1 {
			return status, "<html>busy</html>"
		}
		return 200, body
	}
}

func TestRetriesGiveUp(t *testing.T) {
	h := setup(t, FastRetry(3))
	h.on("/training/room/info", 503, "<html>busy</html>")
	_, err := h.client.Rooms.Get(context.Background(), "R")
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 503, he.StatusCode)
	assert.Equal(t, 3, h.calls())
}

func TestNoRetry(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		status int
		body   string
		call   func(*Client) error
	}{
		{"write after 503", "/training/room/created", 503, "busy", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1})
			return err
		}},
		{"write after code 300", "/training/room/deleted", 200, apiErrorBody(CodeSystemError, "x"), func(c *Client) error {
			return c.Rooms.Delete(context.Background(), "R")
		}},
		{"read after 501", "/training/room/info", 200, apiErrorBody(CodeNotFound, "x"), func(c *Client) error {
			_, err := c.Rooms.Get(context.Background(), "R")
			return err
		}},
		{"read after 500 status", "/training/room/info", 500, "oops", func(c *Client) error {
			_, err := c.Rooms.Get(context.Background(), "R")
			return err
		}},
		{"read after bad body", "/training/room/info", 200, "<html>", func(c *Client) error {
			_, err := c.Rooms.Get(context.Background(), "R")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t, FastRetry(5))
			h.on(tt.path, tt.status, tt.body)
			require.Error(t, tt.call(h.client))
			assert.Equal(t, 1, h.calls())
		})
	}
	h := setup(t, FastRetry(5))
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/created", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	_, err := h.client.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1})
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, 1, h.mock.GetTotalCallCount())
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, 3*time.Second, retryAfter("3", now))
	assert.Equal(t, time.Duration(0), retryAfter("", now))
	assert.Equal(t, time.Duration(0), retryAfter("soon", now))
	assert.Equal(t, 10*time.Second, retryAfter(now.Add(10*time.Second).Format(http.TimeFormat), now))

	// A Retry-After longer than the context: the wait is cut short by it.
	h := setup(t, FastRetry(3))
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(429, "slow down")
		r.Header.Set("Retry-After", "3600")
		return r, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := h.client.Rooms.Get(ctx, "R")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var he *HTTPError
	require.ErrorAs(t, err, &he, "the last error stays visible")
	assert.Equal(t, 429, he.StatusCode)
	assert.Equal(t, 1, h.mock.GetTotalCallCount())
}

func TestBackoffCutByContext(t *testing.T) {
	h := setup(t, WithRetry(RetryPolicy{MaxAttempts: 5, MinBackoff: time.Hour, MaxBackoff: time.Hour}))
	h.on("/training/room/info", 503, "busy")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := h.client.Rooms.Get(ctx, "R")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, h.calls())
}

func TestBackoff(t *testing.T) {
	c := &Client{retry: RetryPolicy{MaxAttempts: 10, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond,
		3: 400 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 9: time.Second} {
		for range 20 {
			d := c.backoff(attempt)
			assert.GreaterOrEqual(t, d, want/2)
			assert.LessOrEqual(t, d, want)
		}
	}
	assert.Equal(t, time.Duration(0), (&Client{}).backoff(1))
}

func TestRedirects(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, okBody)
	}))
	defer other.Close()
	var sameHits atomic.Int32
	var site *httptest.Server
	site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/integration/site/training/room/deleted":
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
		case "/integration/site/training/relay/add":
			http.Redirect(w, r, site.URL+"/integration/site/training/relay/remove", http.StatusPermanentRedirect)
		default:
			b, _ := io.ReadAll(r.Body)
			if strings.Contains(string(b), "sec=true") {
				sameHits.Add(1)
			}
			fmt.Fprint(w, okBody)
		}
	}))
	defer site.Close()
	var userRedirects atomic.Int32
	for _, opts := range [][]Option{nil, {WithHTTPClient(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		userRedirects.Add(1)
		return nil
	}})}} {
		c, err := NewClient(site.URL, testLogin, testPassword, opts...)
		require.NoError(t, err)
		err = c.Rooms.Delete(context.Background(), "R")
		assert.ErrorIs(t, err, errCrossHostRedirect)
		assert.Equal(t, int32(0), otherHits.Load(), "credentials went to another host")
		require.NoError(t, c.Rooms.AddRelay(context.Background(), "R", "S"), "same-host redirects are followed")
	}
	assert.Equal(t, int32(2), sameHits.Load())
	assert.Equal(t, int32(2), userRedirects.Load(), "the caller's own redirect policy still runs, and cannot let a cross-host one through")
}

func TestSecretsNeverLeak(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		switch r.URL.Path {
		case "/integration/site/training/room/info":
			w.WriteHeader(500)
			fmt.Fprintf(w, "<html>bad request %s password=%s raw=%s</html>", b, form.Get("password"), testPassword)
		case "/integration/site/training/room/deleted":
			fmt.Fprintf(w, `{"code":"200","message":"认证失败 %s %s"}`, form.Get("password"), testPassword)
		default:
			fmt.Fprintf(w, "%s", b)
		}
	}))
	defer echo.Close()
	for _, opts := range [][]Option{nil, {WithPlainPassword()}, {WithPasswordMD5(testDigest)}} {
		c, err := NewClient(echo.URL, testLogin, testPassword, append(opts, WithLogger(logger), FastRetry(2))...)
		require.NoError(t, err)
		var errs []error
		_, err = c.Rooms.Get(context.Background(), "R")
		errs = append(errs, err)
		errs = append(errs, c.Rooms.Delete(context.Background(), "R"))
		_, err = c.Rooms.Status(context.Background(), "R")
		errs = append(errs, err)
		for _, err := range errs {
			require.Error(t, err)
			assertNoSecret(t, err.Error())
			var he *HTTPError
			if errors.As(err, &he) {
				assertNoSecret(t, he.Body)
			}
		}
		assert.ErrorIs(t, errs[1], ErrAuth)
	}
	assert.Contains(t, logs.String(), "endpoint=/training/room/info")
	assert.Contains(t, logs.String(), "attempt=1")
	assertNoSecret(t, logs.String())
	assertNoSecret(t, fmt.Sprintf("%+v", *setup(t).client))
}

func assertNoSecret(t *testing.T, s string) {
	t.Helper()
	for _, secret := range []string{testPassword, testDigest, strings.ToUpper(testDigest), url.QueryEscape(testPassword)} {
		assert.NotContains(t, s, secret)
	}
}

func TestLoggerLinePerAttempt(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := setup(t, WithLogger(logger), FastRetry(3))
	h.onFunc("/training/room/info", statusThen(503, `{"code":"0","id":"R"}`))
	_, err := h.client.Rooms.Get(context.Background(), "R")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `"status":503`)
	assert.Contains(t, lines[0], `"attempt":1`)
	assert.Contains(t, lines[1], `"status":200`)
	assert.Contains(t, lines[1], `"code":0`)
	assert.Contains(t, lines[1], `"attempt":2`)
}

func TestRateLimit(t *testing.T) {
	h := setup(t, WithRateLimit(0.001, 1))
	h.on("/training/room/info", 200, `{"code":"0","id":"R"}`)
	_, err := h.client.Rooms.Get(context.Background(), "R")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = h.client.Rooms.Get(ctx, "R")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, h.calls())
}

func TestCodeStrings(t *testing.T) {
	for code, want := range map[Code]string{CodeOK: "0 ok", CodeFailed: "-1 failed", CodeInvalidParam: "101 invalid parameter",
		CodeParamConversion: "102 parameter conversion error", CodeAuthFailed: "200 authentication failed",
		CodePasswordExpired: "201 password expired", CodeSystemError: "300 system error", CodeBusinessError: "500 business error",
		CodeNotFound: "501 not found", CodeDuplicate: "502 duplicate", CodeDisabled: "600 endpoint disabled", 42: "42 unknown code"} {
		assert.Equal(t, want, code.String())
	}
	err := &ValidationError{Endpoint: "/training/room/created", Field: "subject", Reason: "must be 1-250 characters, got 0"}
	assert.Equal(t, "gensee: /training/room/created: subject must be 1-250 characters, got 0", err.Error())
	assert.Equal(t, `gensee: /x: HTTP 502 (text/html): "<b>"`, (&HTTPError{Endpoint: "/x", StatusCode: 502, ContentType: "text/html", Body: "<b>"}).Error())
	assert.Equal(t, "gensee: /x: 200 authentication failed", (&APIError{Endpoint: "/x", Code: 200}).Error())
}
