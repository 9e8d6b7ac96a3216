package genseeredis_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// site is a genseetest fake behind a reverse proxy that notes when each API
// request arrives, so that tests count calls per second at the server.
type site struct {
	srv *genseetest.Server
	url string

	mu       sync.Mutex
	arrivals []time.Time
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{srv: genseetest.NewServer()}
	t.Cleanup(s.srv.Close)
	target, err := url.Parse(s.srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/integration/site/") {
			s.mu.Lock()
			s.arrivals = append(s.arrivals, time.Now())
			s.mu.Unlock()
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	s.url = front.URL
	return s
}

// client returns a client of the site (a replica) waiting on l. It does not
// retry, so that every call is one request.
func (s *site) client(t *testing.T, l gensee.Limiter) *gensee.Client {
	t.Helper()
	c, err := gensee.NewClient(s.url, s.srv.LoginName(), s.srv.Password(),
		gensee.WithLimiter(l), gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// count returns the number of API requests that arrived so far.
func (s *site) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals)
}

// maxPerSecond returns the most requests that arrived within any window of
// one second (from the from-th request on).
func (s *site) maxPerSecond(from int) int {
	s.mu.Lock()
	times := slices.Clone(s.arrivals[from:])
	s.mu.Unlock()
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	most, lo := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= time.Second {
			lo++
		}
		most = max(most, hi-lo+1)
	}
	return most
}

// call makes one cheap read-only call (room/sync).
func call(ctx context.Context, c *gensee.Client) error {
	_, err := c.Rooms.Sync(ctx, nil)
	return err
}

// logRecorder is a slog.Handler keeping the messages it was given, by level.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *logRecorder) WithGroup(string) slog.Handler            { return r }
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	msg := rec.Level.String() + " " + rec.Message
	rec.Attrs(func(a slog.Attr) bool { msg += " " + a.String(); return true })
	r.msgs = append(r.msgs, msg)
	return nil
}

// messages returns what was logged, as "LEVEL message".
func (r *logRecorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.msgs)
}

func newLogger(r *logRecorder) *slog.Logger { return slog.New(r) }
