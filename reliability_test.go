package gensee_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// The fault tests run against the fake (genseetest) or an httptest server.
// Each checks the error type, whether the call was retried (reads: yes,
// writes: never) and that no goroutine is left once the test is done.

const (
	relRead  = "/training/room/info"
	relWrite = "/training/room/deleted"
)

// relNoLeaks fails t if goroutines started during the test are still running
// after its cleanups. Call it first, so that its cleanup runs last.
func relNoLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// relAttempts counts the client's attempts through its debug log (one line
// per attempt), and keeps the log for secret checks.
type relAttempts struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (a *relAttempts) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.Write(p)
}

func (a *relAttempts) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Count(a.buf.String(), "gensee call")
}

func (a *relAttempts) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.String()
}

// relClient returns a client of site with 3 quick attempts for reads, a
// transport the test owns (its idle connections are closed at the end) and
// a debug log counting attempts.
func relClient(t *testing.T, site, login, password string, opts ...gensee.Option) (*gensee.Client, *relAttempts) {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	log := &relAttempts{}
	all := append([]gensee.Option{
		gensee.WithHTTPClient(&http.Client{Transport: tr}),
		gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}),
		gensee.WithLogger(slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}, opts...)
	c, err := gensee.NewClient(site, login, password, all...)
	require.NoError(t, err)
	return c, log
}

// relFake starts a fake site with one room and returns it, the room's id and
// a client of it.
func relFake(t *testing.T, opts ...genseetest.Option) (*genseetest.Server, string, *gensee.Client, *relAttempts) {
	t.Helper()
	srv := genseetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, log := relClient(t, srv.URL(), srv.LoginName(), srv.Password())
	room, err := c.Rooms.Create(context.Background(), &gensee.CreateRoomRequest{Subject: "reliability", StartDate: time.Now()})
	require.NoError(t, err)
	return srv, room.ID, c, log
}

// relCalls returns how many requests of path the fake received.
func relCalls(srv *genseetest.Server, path string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// relNetError checks that err is a network failure wrapped by the client:
// none of the SDK's answer types, but a *net.OpError or *url.Error inside,
// with the endpoint named.
func relNetError(t *testing.T, err error, path string) {
	t.Helper()
	require.Error(t, err)
	var apiErr *gensee.APIError
	var httpErr *gensee.HTTPError
	assert.False(t, errors.As(err, &apiErr) || errors.As(err, &httpErr), "%v", err)
	var netErr net.Error
	assert.True(t, errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF), "%#v", err)
	assert.Contains(t, err.Error(), "gensee: "+path+": ")
}

func TestFaultConnectionRefused(t *testing.T) {
	relNoLeaks(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	c, log := relClient(t, "http://"+addr, "admin", "pw")
	_, err = c.Rooms.Get(context.Background(), "R")
	relNetError(t, err, relRead)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.Equal(t, 3, log.count(), "a read is retried")

	err = c.Rooms.Delete(context.Background(), "R")
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.Equal(t, 4, log.count(), "a write is sent once")
}

func TestFaultResetBeforeHeaders(t *testing.T) {
	relNoLeaks(t)
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 1, genseetest.Fault{Drop: true})
	room, err := c.Rooms.Get(context.Background(), roomID)
	require.NoError(t, err, "a read is retried after a reset")
	assert.Equal(t, roomID, room.ID)
	assert.Equal(t, 2, relCalls(srv, relRead))

	srv.Inject(relRead, 3, genseetest.Fault{Drop: true})
	_, err = c.Rooms.Get(context.Background(), roomID)
	relNetError(t, err, relRead)
	assert.Equal(t, 5, relCalls(srv, relRead), "three attempts, then the error")

	srv.Inject(relWrite, 1, genseetest.Fault{Drop: true})
	err = c.Rooms.Delete(context.Background(), roomID)
	relNetError(t, err, relWrite)
	assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
}

func TestFaultDroppedMidBody(t *testing.T) {
	relNoLeaks(t)
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 1, genseetest.Fault{DropMidBody: true})
	room, err := c.Rooms.Get(context.Background(), roomID)
	require.NoError(t, err, "a read is retried after a body cut short")
	assert.Equal(t, roomID, room.ID)
	assert.Equal(t, 2, relCalls(srv, relRead))

	srv.Inject(relWrite, 1, genseetest.Fault{DropMidBody: true})
	err = c.Rooms.Delete(context.Background(), roomID)
	relNetError(t, err, relWrite)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "reading the response")
	assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
}

func TestFaultStalledServer(t *testing.T) {
	relNoLeaks(t)
	srv, roomID, c, _ := relFake(t)

	srv.Inject(genseetest.AnyPath, 2, genseetest.Fault{Delay: time.Hour})
	for _, tt := range []struct {
		path string
		call func(ctx context.Context) error
	}{
		{relRead, func(ctx context.Context) error { _, err := c.Rooms.Get(ctx, roomID); return err }},
		{relWrite, func(ctx context.Context) error { return c.Rooms.Delete(ctx, roomID) }},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		start := time.Now()
		err := tt.call(ctx)
		elapsed := time.Since(start)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, tt.path)
		assert.Less(t, elapsed, 2*time.Second, "the deadline returns promptly")
		assert.Equal(t, 1, relCalls(srv, tt.path), "nothing retried past the deadline")
	}

	// A cancel while the server stalls.
	srv.Inject(relRead, 1, genseetest.Fault{Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.Rooms.Get(ctx, roomID)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestFaultTruncatedJSON(t *testing.T) {
	relNoLeaks(t)
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 1, genseetest.Fault{Truncate: true})
	_, err := c.Rooms.Get(context.Background(), roomID)
	var he *gensee.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 200, he.StatusCode)
	assert.True(t, strings.HasPrefix(he.Body, "{"), he.Body)
	assert.Equal(t, 1, relCalls(srv, relRead), "a complete answer, however broken, is not retried")
}

func TestFaultHTMLPage(t *testing.T) {
	relNoLeaks(t)
	srv, roomID, c, _ := relFake(t)

	t.Run("200", func(t *testing.T) {
		before := relCalls(srv, relRead)
		srv.Inject(relRead, 1, genseetest.Fault{HTML: true})
		_, err := c.Rooms.Get(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 200, he.StatusCode)
		assert.Contains(t, he.ContentType, "text/html")
		assert.Contains(t, he.Body, "<html>")
		assert.Equal(t, before+1, relCalls(srv, relRead), "not retried")
	})
	t.Run("502 read", func(t *testing.T) {
		before := relCalls(srv, relRead)
		srv.Inject(relRead, 1, genseetest.Fault{Status: 502})
		room, err := c.Rooms.Get(context.Background(), roomID)
		require.NoError(t, err, "a read is retried after 502")
		assert.Equal(t, roomID, room.ID)
		assert.Equal(t, before+2, relCalls(srv, relRead))

		srv.Inject(relRead, 3, genseetest.Fault{Status: 502})
		_, err = c.Rooms.Get(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 502, he.StatusCode)
		assert.Contains(t, he.Body, "502 Bad Gateway")
		assert.Equal(t, before+5, relCalls(srv, relRead))
	})
	t.Run("502 write", func(t *testing.T) {
		srv.Inject(relWrite, 1, genseetest.Fault{Status: 502})
		err := c.Rooms.Delete(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 502, he.StatusCode)
		assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
	})
}

func TestFaultBodyOverLimit(t *testing.T) {
	relNoLeaks(t)
	var requests atomic.Int32
	// An endless answer: the client must stop reading at its limit.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat("x", 4096))
		_, _ = io.WriteString(w, `{"code":"0","subject":"`)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(ts.Close)
	c, _ := relClient(t, ts.URL, "admin", "pw", gensee.WithMaxResponseBytes(64<<10))
	start := time.Now()
	_, err := c.Rooms.Get(context.Background(), "R")
	var tooLarge *gensee.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(64<<10), tooLarge.Limit)
	assert.Equal(t, relRead, tooLarge.Endpoint)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, int32(1), requests.Load(), "not retried: the same answer would come again")
}

func TestFault429(t *testing.T) {
	relNoLeaks(t)
	t.Run("with Retry-After", func(t *testing.T) {
		srv, roomID, c, _ := relFake(t, genseetest.WithRateLimit(2))
		// room/created used the first call of the second; this one fills it.
		_, err := c.Rooms.Get(context.Background(), roomID)
		require.NoError(t, err)
		start := time.Now()
		room, err := c.Rooms.Get(context.Background(), roomID)
		require.NoError(t, err, "retried after the server's Retry-After")
		assert.Equal(t, roomID, room.ID)
		assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond, "Retry-After: 1 was honoured")
		assert.Equal(t, 3, relCalls(srv, relRead))

		err = c.Rooms.Delete(context.Background(), roomID) // still in the new second's budget
		require.NoError(t, err)
		err = c.Rooms.Delete(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he, "a write is not retried")
		assert.Equal(t, 429, he.StatusCode)
		assert.Equal(t, 2, relCalls(srv, relWrite))
	})
	t.Run("without Retry-After", func(t *testing.T) {
		var requests atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1)%2 == 1 {
				http.Error(w, "too many", http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, `{"code":"0","id":"R"}`)
		}))
		t.Cleanup(ts.Close)
		c, log := relClient(t, ts.URL, "admin", "pw")
		start := time.Now()
		room, err := c.Rooms.Get(context.Background(), "R")
		require.NoError(t, err)
		assert.Equal(t, "R", room.ID)
		assert.Less(t, time.Since(start), time.Second, "the policy's backoff, no more")
		assert.Equal(t, int32(2), requests.Load())

		err = c.Rooms.Delete(context.Background(), "R")
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 429, he.StatusCode)
		assert.Equal(t, int32(3), requests.Load(), "a write is sent once")
		assert.Equal(t, 3, log.count())
	})
}

func TestFaultCode300Burst(t *testing.T) {
	relNoLeaks(t)
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 2, genseetest.Fault{Code: 300, Message: "系统错误"})
	room, err := c.Rooms.Get(context.Background(), roomID)
	require.NoError(t, err, "a burst shorter than the attempts is absorbed")
	assert.Equal(t, roomID, room.ID)
	assert.Equal(t, 3, relCalls(srv, relRead))

	srv.Inject(relRead, 5, genseetest.Fault{Code: 300, Message: "系统错误"})
	_, err = c.Rooms.Get(context.Background(), roomID)
	var apiErr *gensee.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, gensee.CodeSystemError, apiErr.Code)
	assert.ErrorIs(t, err, gensee.ErrSystem)
	assert.Equal(t, 6, relCalls(srv, relRead), "three more attempts, then the error")

	srv.Inject(relWrite, 1, genseetest.Fault{Code: 300})
	err = c.Rooms.Delete(context.Background(), roomID)
	assert.ErrorIs(t, err, gensee.ErrSystem)
	assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
}

func TestFaultDNSFailure(t *testing.T) {
	relNoLeaks(t)
	// The resolver answers every lookup with "no such host" itself, so that
	// nothing leaves the machine whatever the system's DNS does with .invalid.
	var lookups atomic.Int32
	resolver := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		lookups.Add(1)
		return nil, &net.DNSError{Err: "no such host", Name: "gensee.invalid", IsNotFound: true}
	}}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Resolver: resolver}).DialContext
	t.Cleanup(tr.CloseIdleConnections)
	c, log := relClient(t, "gensee.invalid", "admin", "pw", gensee.WithHTTPClient(&http.Client{Transport: tr}))

	_, err := c.Rooms.Get(context.Background(), "R")
	var dnsErr *net.DNSError
	require.ErrorAs(t, err, &dnsErr)
	assert.Contains(t, err.Error(), "gensee.invalid")
	assert.Equal(t, 3, log.count(), "a read is retried")
	assert.Positive(t, lookups.Load())

	err = c.Rooms.Delete(context.Background(), "R")
	require.ErrorAs(t, err, &dnsErr)
	assert.Equal(t, 4, log.count(), "a write is sent once")
}
