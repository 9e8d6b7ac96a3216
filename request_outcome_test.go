package gensee_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// The outcome classes of a failed call: every error is an answer of the
// server (*APIError, *HTTPError), ErrNotSent, or (writes only)
// ErrOutcomeUnknown, and never two of them.

type outcomeClass string

const (
	classAnswer  outcomeClass = "answer"
	classNotSent outcomeClass = "not sent"
	classUnknown outcomeClass = "outcome unknown"
	classNetwork outcomeClass = "network error of a read" // sent, no answer: reads only
)

// classOf returns the class of err, failing the test if err matches both
// sentinels, or if an ErrOutcomeUnknown wraps an *APIError.
func classOf(t *testing.T, err error) outcomeClass {
	t.Helper()
	require.Error(t, err)
	notSent, unknown := errors.Is(err, gensee.ErrNotSent), errors.Is(err, gensee.ErrOutcomeUnknown)
	require.False(t, notSent && unknown, "matches both sentinels: %v", err)
	var api *gensee.APIError
	var he *gensee.HTTPError
	switch {
	case notSent:
		assert.False(t, errors.As(err, &api) || errors.As(err, &he), "a call not sent has no answer: %v", err)
		return classNotSent
	case unknown:
		assert.False(t, errors.As(err, &api), "ErrOutcomeUnknown never wraps an *APIError: %v", err)
		return classUnknown
	case errors.As(err, &api), errors.As(err, &he):
		return classAnswer
	}
	return classNetwork
}

// outcomeServer is an httptest server whose handler answers each request
// with fn, counting the requests that reached it.
type outcomeServer struct {
	*httptest.Server
	hits atomic.Int32
}

func newOutcomeServer(t *testing.T, tlsOn bool, fn http.HandlerFunc) *outcomeServer {
	t.Helper()
	s := &outcomeServer{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		fn(w, r)
	})
	if tlsOn {
		s.Server = httptest.NewUnstartedServer(h)
		s.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes the client refuses
		s.StartTLS()
	} else {
		s.Server = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	return s
}

// hijackClose reads the request, then drops the connection without a word.
func hijackClose(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func answer(status int, ctype, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

const badGatewayPage = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"

type refusingLimiter struct{ err error }

func (l refusingLimiter) Wait(context.Context, string) error { return l.err }

var errLimiterClosed = errors.New("limiter closed")

func TestOutcomeClasses(t *testing.T) {
	closedPort := func(t *testing.T) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		return "http://" + addr
	}
	var dnsDials atomic.Int32
	dnsFailing := func() gensee.Option {
		tr := &http.Transport{DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
			dnsDials.Add(1)
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "gensee.invalid", IsNotFound: true}}
		}}
		return gensee.WithHTTPClient(&http.Client{Transport: tr})
	}
	var stuckDials atomic.Int32
	unstuck := make(chan struct{}) // net/http goes on dialling after the attempt gave up: end those dials with the test
	t.Cleanup(func() { close(unstuck) })
	stuckDialing := func() gensee.Option {
		tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			stuckDials.Add(1)
			select { // a network that never answers the SYN
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-unstuck:
				return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ETIMEDOUT}
			}
		}}
		return gensee.WithHTTPClient(&http.Client{Transport: tr})
	}
	read := func(ctx context.Context, c *gensee.Client) error { _, err := c.Rooms.Get(ctx, "R"); return err }
	write := func(ctx context.Context, c *gensee.Client) error { return c.Rooms.Delete(ctx, "R") }

	tests := []struct {
		name     string
		tls      bool
		handler  http.HandlerFunc
		site     func(t *testing.T, srv *outcomeServer) string // nil: srv.URL
		opts     []gensee.Option
		ctx      func() context.Context // nil: background
		call     func(ctx context.Context, c *gensee.Client) error
		want     outcomeClass
		attempts int   // attempts logged
		hits     int32 // requests that reached the server
		is       []error
		status   int // the *HTTPError's status, when one is expected inside
	}{
		{name: "read, connection refused", site: func(t *testing.T, _ *outcomeServer) string { return closedPort(t) },
			call: read, want: classNotSent, attempts: 3, is: []error{syscall.ECONNREFUSED}},
		{name: "write, connection refused: retried like a read", site: func(t *testing.T, _ *outcomeServer) string { return closedPort(t) },
			call: write, want: classNotSent, attempts: 3, is: []error{syscall.ECONNREFUSED}},
		{name: "write, DNS failure: retried", site: func(*testing.T, *outcomeServer) string { return "http://gensee.invalid" },
			opts: []gensee.Option{dnsFailing()}, call: write, want: classNotSent, attempts: 3},
		{name: "write, the attempt's deadline while connecting: retried", opts: []gensee.Option{stuckDialing(), gensee.WithAttemptTimeout(50 * time.Millisecond)},
			call: write, want: classNotSent, attempts: 3, is: []error{context.DeadlineExceeded}},
		{name: "read, TLS handshake refused", tls: true, handler: answer(200, "application/json", `{"code":"0"}`),
			call: read, want: classNotSent, attempts: 3},
		{name: "write, TLS handshake refused: retried", tls: true, handler: answer(200, "application/json", `{"code":"0"}`),
			call: write, want: classNotSent, attempts: 3},
		{name: "write, limiter refusal", opts: []gensee.Option{gensee.WithLimiter(refusingLimiter{errLimiterClosed})},
			call: write, want: classNotSent, attempts: 0, is: []error{errLimiterClosed}},
		{name: "read, limiter refusal", opts: []gensee.Option{gensee.WithLimiter(refusingLimiter{errLimiterClosed})},
			call: read, want: classNotSent, attempts: 0, is: []error{errLimiterClosed}},
		{name: "write, context cancelled before sending", ctx: func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, call: write, want: classNotSent, attempts: 0, is: []error{context.Canceled}},
		{name: "write, validation", call: func(ctx context.Context, c *gensee.Client) error { return c.Rooms.Delete(ctx, "") },
			want: classNotSent, attempts: 0, is: []error{gensee.ErrInvalidParam}},
		{name: "Call, validation", call: func(ctx context.Context, c *gensee.Client) error {
			return c.Call(ctx, "/training/../x", nil, nil)
		}, want: classNotSent, attempts: 0, is: []error{gensee.ErrInvalidParam}},
		{name: "write, connection dropped after the request was read", handler: hijackClose,
			call: write, want: classUnknown, attempts: 1, hits: 1},
		{name: "read, connection dropped: retried", handler: hijackClose,
			call: read, want: classNetwork, attempts: 3, hits: 3},
		{name: "write, HTML 502 page", handler: answer(502, "text/html", badGatewayPage),
			call: write, want: classUnknown, attempts: 1, hits: 1, status: 502},
		{name: "write, 408", handler: answer(408, "text/plain", "request timeout"),
			call: write, want: classUnknown, attempts: 1, hits: 1, status: 408},
		{name: "write, 500 empty", handler: answer(500, "text/plain", ""),
			call: write, want: classUnknown, attempts: 1, hits: 1, status: 500},
		{name: "write, 500 carrying the envelope", handler: answer(500, "application/json", `{"code":"300","message":"系统错误"}`),
			call: write, want: classAnswer, attempts: 1, hits: 1, is: []error{gensee.ErrSystem}},
		{name: "write, 503 carrying the envelope", handler: answer(503, "application/json", `{"code":"502","message":"重复"}`),
			call: write, want: classAnswer, attempts: 1, hits: 1, is: []error{gensee.ErrDuplicate}},
		{name: "write, 404 page: an answer", handler: answer(404, "text/html", "<html>not found</html>"),
			call: write, want: classAnswer, attempts: 1, hits: 1, status: 404},
		{name: "write, 429: an answer, not retried", handler: answer(429, "text/plain", "slow down"),
			call: write, want: classAnswer, attempts: 1, hits: 1, status: 429},
		{name: "write, envelope code 300", handler: answer(200, "application/json", `{"code":"300","message":"x"}`),
			call: write, want: classAnswer, attempts: 1, hits: 1, is: []error{gensee.ErrSystem}},
		{name: "read, HTML 502 page: retried, an answer", handler: answer(502, "text/html", badGatewayPage),
			call: read, want: classAnswer, attempts: 3, hits: 3, status: 502},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handler := tt.handler
			if handler == nil {
				handler = answer(200, "application/json", `{"code":"0"}`)
			}
			srv := newOutcomeServer(t, tt.tls, handler)
			site := srv.URL
			if tt.site != nil {
				site = tt.site(t, srv)
			}
			c, alog := dial(t, site, "admin", "pw", tt.opts...)
			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx()
			}
			err := tt.call(ctx, c)
			assert.Equal(t, tt.want, classOf(t, err), "%v", err)
			assert.Equal(t, tt.attempts, alog.count(), "attempts")
			assert.Equal(t, tt.hits, srv.hits.Load(), "requests that reached the server")
			for _, want := range tt.is {
				assert.ErrorIs(t, err, want)
			}
			if tt.status != 0 {
				var he *gensee.HTTPError
				require.ErrorAs(t, err, &he)
				assert.Equal(t, tt.status, he.StatusCode)
			}
			if tt.want == classUnknown || tt.want == classNetwork {
				var apiErr *gensee.APIError
				assert.False(t, errors.As(err, &apiErr))
			}
		})
	}
	assert.Equal(t, int32(3), dnsDials.Load(), "the DNS case dialled once per attempt")
	assert.Equal(t, int32(3), stuckDials.Load(), "the stuck dial was tried once per attempt")
}

// A write whose first dial fails is sent again, and succeeds: the server sees
// it once.
func TestOutcomeWriteRetriedAfterFailedDial(t *testing.T) {
	srv := newOutcomeServer(t, false, answer(200, "application/json", `{"code":"0"}`))
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	var attemptErrs []error
	obs := gensee.Observer{AttemptDone: func(_ context.Context, a *gensee.Attempt) { attemptErrs = append(attemptErrs, a.Err) }}
	c, alog := dial(t, srv.URL, "admin", "pw", gensee.WithHTTPClient(&http.Client{Transport: tr}), gensee.WithObserver(obs))
	require.NoError(t, c.Rooms.Delete(context.Background(), "R"))
	assert.Equal(t, 2, alog.count())
	assert.Equal(t, int32(1), srv.hits.Load())
	require.Len(t, attemptErrs, 2)
	assert.ErrorIs(t, attemptErrs[0], gensee.ErrNotSent, "the observer sees the first attempt was not sent")
	assert.ErrorIs(t, attemptErrs[0], syscall.ECONNREFUSED)
	assert.NoError(t, attemptErrs[1])
}

// A transport that reports nothing through httptrace (a RoundTripper of its
// own, as httpmock's) is judged by its error: a failed dial is not sent, any
// other failure of a write leaves its outcome unknown.
type failingTransport struct {
	err   error
	calls atomic.Int32
}

func (f *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.calls.Add(1)
	if r.Body != nil {
		r.Body.Close()
	}
	return nil, f.err
}

func TestOutcomeWithoutTrace(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		want  outcomeClass
		calls int32
	}{
		{"dial refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, classNotSent, 3},
		{"DNS", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, classNotSent, 3},
		{"TLS", &tls.CertificateVerificationError{Err: errors.New("x509: unknown authority")}, classNotSent, 3},
		{"reset after sending", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, classUnknown, 1},
		{"EOF", io.EOF, classUnknown, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ft := &failingTransport{err: tt.err}
			c, err := gensee.NewClient("https://demo.gensee.com", "admin", "pw",
				gensee.WithHTTPClient(&http.Client{Transport: ft}), gensee.FastRetry(3))
			require.NoError(t, err)
			err = c.Rooms.Delete(context.Background(), "R")
			assert.Equal(t, tt.want, classOf(t, err), "%v", err)
			assert.Equal(t, tt.calls, ft.calls.Load())
			assert.ErrorIs(t, err, tt.err)
			assert.True(t, strings.HasPrefix(err.Error(), "gensee: /training/room/deleted: "), err.Error())
		})
	}
}

// The caller's deadline ending after a write was sent leaves its outcome
// unknown, and still matches context.DeadlineExceeded.
func TestOutcomeCallerDeadlineAfterSending(t *testing.T) {
	release := make(chan struct{})
	srv := newOutcomeServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(release) })
	c, alog := dial(t, srv.URL, "admin", "pw")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := c.Rooms.Delete(ctx, "R")
	assert.Equal(t, classUnknown, classOf(t, err), "%v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, alog.count())
	assert.Equal(t, int32(1), srv.hits.Load())
}
