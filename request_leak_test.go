package gensee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyTracker is a transport that records whether every response body was
// closed: an unclosed body pins its connection.
type bodyTracker struct {
	next           http.RoundTripper
	opened, closed atomic.Int64
}

func (b *bodyTracker) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := b.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b.opened.Add(1)
	resp.Body = &trackedBody{ReadCloser: resp.Body, closed: &b.closed}
	return resp, nil
}

type trackedBody struct {
	io.ReadCloser
	once   sync.Once
	closed *atomic.Int64
}

func (t *trackedBody) Close() error {
	t.once.Do(func() { t.closed.Add(1) })
	return t.ReadCloser.Close()
}

// leakServer is an httptest server counting the connections it accepted.
func leakServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// leakClient is a client of srv through a bodyTracker, retries off, whose
// idle connections are closed when the test ends.
func leakClient(t *testing.T, srv *httptest.Server, opts ...Option) (*Client, *bodyTracker) {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	bt := &bodyTracker{next: tr}
	c, err := NewClient(srv.URL, testLogin, testPassword,
		append([]Option{WithHTTPClient(&http.Client{Transport: bt}), WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	require.NoError(t, err)
	return c, bt
}

// TestLeakFailuresReuseOneConnection: 1,000 sequential calls, most of them
// failing in every way an answer can fail (API errors, 4xx and 5xx pages
// with bodies, HTML with 200, truncated JSON, undecodable fields), iterators
// broken early and calls with a cancelled context, all go through one
// connection: every body is read and closed.
func TestLeakFailuresReuseOneConnection(t *testing.T) {
	big := strings.Repeat("<p>Bad Gateway</p>", 4000)
	srv, conns := leakServer(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		switch r.PostForm.Get("roomId") {
		case "api":
			fmt.Fprint(w, apiErrorBody(CodeNotFound, "数据不存在"))
		case "502":
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, big)
		case "404":
			http.NotFound(w, r)
		case "html":
			fmt.Fprint(w, "<html>maintenance</html>")
		case "truncated":
			fmt.Fprint(w, `{"code":"0","id":"R`)
		case "badfield":
			fmt.Fprint(w, `{"code":"0","id":"R","startDate":"yesterday"}`)
		case "429":
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, "slow down")
		default:
			if r.URL.Path == "/integration/site/training/room/sync" {
				fmt.Fprintf(w, `{"code":"0","list":[{"id":"a"},{"id":"b"}],"page":{"pageNo":%q,"totalPages":10,"totalCounts":20}}`, r.PostForm.Get("pageNo"))
				return
			}
			fmt.Fprint(w, `{"code":"0","id":"R"}`)
		}
	})
	c, bt := leakClient(t, srv)
	ctx := context.Background()
	kinds := []string{"ok", "api", "502", "404", "html", "truncated", "badfield", "429", "iterator", "cancelled"}
	failures := 0
	for i := range 1000 {
		var err error
		switch kind := kinds[i%len(kinds)]; kind {
		case "iterator":
			for _, err = range c.Rooms.SyncAll(ctx, nil) {
				break
			}
		case "cancelled":
			_, err = c.Rooms.Get(cancelled(), "R")
			require.ErrorIs(t, err, context.Canceled)
		case "429":
			err = c.Rooms.Delete(ctx, kind)
		default:
			_, err = c.Rooms.Get(ctx, kind)
		}
		if err != nil {
			failures++
		}
	}
	assert.Equal(t, 800, failures)
	assert.Equal(t, int64(1), conns.Load(), "failed calls give their connection back")
	assert.Equal(t, bt.opened.Load(), bt.closed.Load(), "every body closed")
	assert.Equal(t, int64(900), bt.opened.Load(), "cancelled calls send nothing")
}

// TestLeakIteratorBrokenEarly: breaking out of a walk stops fetching, closes
// the page's body and leaves no goroutine; an error mid-walk is yielded once.
func TestLeakIteratorBrokenEarly(t *testing.T) {
	var pages atomic.Int64
	srv, conns := leakServer(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		pages.Add(1)
		if r.PostForm.Get("pageNo") == "3" {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, "<html>oops</html>")
			return
		}
		fmt.Fprintf(w, `{"code":"0","list":[{"id":"a"},{"id":"b"}],"page":{"pageNo":%q,"totalPages":10,"totalCounts":20}}`, r.PostForm.Get("pageNo"))
	})
	c, bt := leakClient(t, srv)

	n := 0
	for room, err := range c.Rooms.SyncAll(context.Background(), nil) {
		require.NoError(t, err)
		require.NotNil(t, room)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, int64(2), pages.Load(), "no page fetched after the break")

	pages.Store(0)
	var errs, items int
	for _, err := range c.Rooms.SyncAll(context.Background(), nil) {
		if err != nil {
			errs++
			var he *HTTPError
			assert.ErrorAs(t, err, &he)
			continue
		}
		items++
	}
	assert.Equal(t, 1, errs, "the error is yielded once")
	assert.Equal(t, 4, items)
	assert.Equal(t, int64(3), pages.Load())
	assert.Equal(t, int64(1), conns.Load())
	assert.Equal(t, bt.opened.Load(), bt.closed.Load())
}

// TestLeakCancelledInFlight: calls cancelled while the server stalls return
// promptly, close their bodies, and leave no goroutine behind, on the client
// or on the server.
func TestLeakCancelledInFlight(t *testing.T) {
	srv, _ := leakServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
		if strings.HasSuffix(r.URL.Path, "/room/info") {
			<-r.Context().Done() // stall until the client gives up
			return
		}
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		fmt.Fprint(w, `{"code":"0",`)
		w.(http.Flusher).Flush()
		<-r.Context().Done() // stall mid-body
	})
	c, bt := leakClient(t, srv, FastRetry(3))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
			defer cancel()
			start := time.Now()
			var err error
			if i%2 == 0 {
				_, err = c.Rooms.Get(ctx, "R")
			} else {
				_, err = c.Rooms.Status(ctx, "R")
			}
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, time.Since(start), 2*time.Second)
		}()
	}
	wg.Wait()
	assert.Equal(t, bt.opened.Load(), bt.closed.Load(), "bodies of cut answers closed")
	assert.Positive(t, bt.opened.Load())
}

// TestLeakFailedRequests: refused connections, refused redirects and
// oversized bodies leave no goroutine and no open body.
func TestLeakFailedRequests(t *testing.T) {
	srv, _ := leakServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/room/deleted") {
			http.Redirect(w, r, "http://elsewhere.invalid/x", http.StatusTemporaryRedirect)
			return
		}
		fmt.Fprint(w, `{"code":"0","subject":"`+strings.Repeat("x", 10000)+`"}`)
	})
	c, bt := leakClient(t, srv, WithMaxResponseBytes(1000))
	for range 50 {
		_, err := c.Rooms.Get(context.Background(), "R")
		var tooLarge *ResponseTooLargeError
		require.ErrorAs(t, err, &tooLarge)
		err = c.Rooms.Delete(context.Background(), "R")
		require.True(t, errors.Is(err, errCrossHostRedirect), "%v", err)
	}
	assert.Equal(t, bt.opened.Load(), bt.closed.Load())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	refused, err := NewClient("http://"+addr, testLogin, testPassword, FastRetry(2))
	require.NoError(t, err)
	for range 20 {
		_, err := refused.Rooms.Get(context.Background(), "R")
		require.Error(t, err)
	}
	refused.httpClient().CloseIdleConnections()
}
