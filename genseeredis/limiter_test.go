package genseeredis_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// scriptCounter is a go-redis hook counting the rate scripts run (EVALSHA
// and EVAL), that is the questions a Limiter asks Redis; a question is
// counted once answered.
type scriptCounter struct{ n atomic.Int64 }

func (h *scriptCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *scriptCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (h *scriptCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		// go-redis sends EVAL after an EVALSHA answered NOSCRIPT (the
		// script's first run on a server): one question, counted once.
		if name := cmd.Name(); (name == "evalsha" || name == "eval") && (err == nil || !strings.HasPrefix(err.Error(), "NOSCRIPT")) {
			h.n.Add(1)
		}
		return err
	}
}

// slow is a budget of one token every ten seconds: within a test, a bucket
// once empty stays empty.
func slow(burst int) genseeredis.Rate { return genseeredis.Rate{PerSecond: 0.1, Burst: burst} }

// soon is a context whose deadline refuses any wait for a token of slow.
func soon(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestNewLimiterRefuses(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	t.Cleanup(func() { _ = rdb.Close() })
	ok := genseeredis.Rate{PerSecond: 20, Burst: 5}
	tests := []struct {
		name     string
		rdb      redis.UniversalClient
		site     string
		login    string
		rate     genseeredis.Rate
		opts     []genseeredis.Option
		contains string
	}{
		{"nil client", nil, "demo.gensee.com", "admin", ok, nil, "the Redis client is nil"},
		{"no site", rdb, " ", "admin", ok, nil, "site and loginName are required"},
		{"no login", rdb, "demo.gensee.com", "", ok, nil, "site and loginName are required"},
		{"zero rate", rdb, "demo.gensee.com", "admin", genseeredis.Rate{Burst: 1}, nil, "needs PerSecond > 0 and Burst >= 1"},
		{"zero burst", rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 1}, nil, "needs PerSecond > 0 and Burst >= 1"},
		{"bad probe", rdb, "demo.gensee.com", "admin", ok, []genseeredis.Option{genseeredis.WithProbeInterval(0)}, "the probe interval and the Redis timeout must be positive"},
		{"bad timeout", rdb, "demo.gensee.com", "admin", ok, []genseeredis.Option{genseeredis.WithRedisTimeout(-1)}, "the probe interval and the Redis timeout must be positive"},
		{"class main", rdb, "demo.gensee.com", "admin", ok, []genseeredis.Option{genseeredis.WithClass("main", ok, genseeredis.IsExport)}, `class "main" is empty`},
		{"class twice", rdb, "demo.gensee.com", "admin", ok, []genseeredis.Option{
			genseeredis.WithClass("exports", ok, genseeredis.IsExport), genseeredis.WithClass("exports", ok, genseeredis.IsExport)}, `class "exports" is empty, "main" or given twice`},
		{"class no match", rdb, "demo.gensee.com", "admin", ok, []genseeredis.Option{genseeredis.WithClass("exports", ok, nil)}, `class "exports" has no match function`},
		{"class bad rate", rdb, "demo.gensee.com", "admin", ok, []genseeredis.Option{genseeredis.WithClass("exports", genseeredis.Rate{PerSecond: 1}, genseeredis.IsExport)}, `class "exports": rate`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := genseeredis.NewLimiter(tt.rdb, tt.site, tt.login, tt.rate, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.contains) || l != nil {
				t.Fatalf("NewLimiter = %v, %v; want nil and an error containing %q", l, err, tt.contains)
			}
		})
	}
}

// IsExport is held to the catalog of the endpoints (the root module's
// testdata, read from here since the module boundary keeps it out of this
// module's build): it reports true for exactly the endpoints with an
// "export" segment, the ExportService's and miniroom/export/history, and
// false for paths that are not endpoints.
func TestIsExport(t *testing.T) {
	raw, err := os.ReadFile("../testdata/spec/endpoints.json")
	if err != nil {
		t.Fatalf("reading the catalog: %v", err)
	}
	var catalog []struct {
		Path string `json:"path"`
	}
	if err := json.Unmarshal(raw, &catalog); err != nil || len(catalog) == 0 {
		t.Fatalf("the catalog: %d endpoints, %v", len(catalog), err)
	}
	var exports []string
	for _, e := range catalog {
		if slices.Contains(strings.Split(e.Path, "/"), "export") {
			exports = append(exports, e.Path)
		}
		if got, want := genseeredis.IsExport(e.Path), slices.Contains(strings.Split(e.Path, "/"), "export"); got != want {
			t.Errorf("IsExport(%q) = %v, want %v", e.Path, got, want)
		}
	}
	if !slices.Contains(exports, "/training/miniroom/export/history") || len(exports) < 15 {
		t.Errorf("the catalog's exports %q: want the ExportService's and miniroom/export/history", exports)
	}
	for _, p := range []string{"/training/exports", "/training/room/info", "export/history", "/other/export/x"} {
		if genseeredis.IsExport(p) {
			t.Errorf("IsExport(%q) = true for a path that is no export endpoint", p)
		}
	}
}

// The budget's key is the prefix, the site (however it is spelled), the
// login name and the class.
func TestLimiterKeys(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	prefix := uniquePrefix(t)
	tests := []struct {
		site, endpoint, key string
	}{
		{"demo.gensee.com", "/training/room/info", ":limit:demo.gensee.com:admin:main"},
		{"https://Demo.Gensee.com/", "/training/room/info", ":limit:demo.gensee.com:admin:main"},
		{"http://demo.gensee.com", "/training/export/qa", ":limit:demo.gensee.com:admin:exports"},
		{"https://demo.gensee.com/integration/site", "/training/room/info", ":limit:demo.gensee.com:admin:main"},
		{"demo.gensee.com/integration/site/training/", "/training/miniroom/export/history", ":limit:demo.gensee.com:admin:exports"},
		{"other.gensee.com", "/training/room/info", ":limit:other.gensee.com:admin:main"},
	}
	for _, tt := range tests {
		t.Run(tt.site+tt.endpoint, func(t *testing.T) {
			// Slow budgets: a key lives until its bucket is full again.
			l, err := genseeredis.NewLimiter(rdb, tt.site, "admin", slow(100),
				genseeredis.WithPrefix(prefix), genseeredis.WithClass("exports", slow(100), genseeredis.IsExport))
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Wait(t.Context(), tt.endpoint); err != nil {
				t.Fatal(err)
			}
			key := prefix + tt.key
			if n, err := rdb.Exists(t.Context(), key).Result(); err != nil || n != 1 {
				t.Fatalf("EXISTS %s = %d, %v; want 1", key, n, err)
			}
		})
	}
	keys, err := rdb.Keys(t.Context(), prefix+":*").Result()
	if err != nil || len(keys) != 3 {
		t.Fatalf("keys %v, %v; want the three budgets only", keys, err)
	}
}

// Two replicas share one burst: three tokens in all, then both wait.
func TestLimiterBurstIsShared(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	a, _ := genseeredis.NewLimiter(newRDB(t, addr), "demo.gensee.com", "admin", slow(3), genseeredis.WithPrefix(prefix))
	b, _ := genseeredis.NewLimiter(newRDB(t, addr), "demo.gensee.com", "admin", slow(3), genseeredis.WithPrefix(prefix))
	steps := []struct {
		who  *genseeredis.Limiter
		name string
		want error
	}{
		{a, "a", nil}, {b, "b", nil}, {a, "a", nil},
		{b, "b", context.DeadlineExceeded}, {a, "a", context.DeadlineExceeded},
	}
	for i, s := range steps {
		err := s.who.Wait(soon(t), "/training/room/info")
		if !errors.Is(err, s.want) || (s.want == nil) != (err == nil) {
			t.Fatalf("step %d: %s.Wait = %v, want %v", i, s.name, err, s.want)
		}
	}
	// The refusal is the Limiter's, at once, not the context's expiry.
	err := a.Wait(soon(t), "/training/room/info")
	if !strings.Contains(err.Error(), "after the context's deadline") {
		t.Fatalf("refusal %q does not say the wait would outlast the deadline", err)
	}
}

// An endpoint class has its own budget: an empty exports budget does not
// hold back the other endpoints, nor the reverse.
func TestLimiterClasses(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", slow(2),
		genseeredis.WithPrefix(uniquePrefix(t)), genseeredis.WithClass("exports", slow(1), genseeredis.IsExport))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		endpoint string
		want     error
	}{
		{"/training/export/history", nil},
		{"/training/export/qa", context.DeadlineExceeded},
		{"/training/room/info", nil},
		{"/training/export/history", context.DeadlineExceeded},
		{"/training/record/syn", nil},
		{"/training/room/info", context.DeadlineExceeded},
	}
	for i, s := range steps {
		err := l.Wait(soon(t), s.endpoint)
		if !errors.Is(err, s.want) || (s.want == nil) != (err == nil) {
			t.Fatalf("step %d: Wait(%s) = %v, want %v", i, s.endpoint, err, s.want)
		}
	}
}

// Wait reserves its token with one question and sleeps until it is due:
// no polling.
func TestLimiterAsksOncePerToken(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	counter := new(scriptCounter)
	rdb.AddHook(counter)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 10, Burst: 1},
		genseeredis.WithPrefix(uniquePrefix(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil {
		t.Fatal(err)
	}
	before := counter.n.Load()
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil {
		t.Fatal(err)
	}
	if asked := counter.n.Load() - before; asked != 1 {
		t.Fatalf("the second Wait asked Redis %d times; want 1 (a token reserved, then slept for)", asked)
	}
}

// A context that has ended is returned at once, without asking Redis; one
// that ends during the wait ends the wait.
func TestLimiterContext(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	counter := new(scriptCounter)
	rdb.AddHook(counter)
	l, _ := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", slow(1), genseeredis.WithPrefix(uniquePrefix(t)))

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Wait(cancelled, "/training/room/info"); !errors.Is(err, context.Canceled) || counter.n.Load() != 0 {
		t.Fatalf("Wait(cancelled) = %v after %d scripts; want context.Canceled and none", err, counter.n.Load())
	}
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil {
		t.Fatal(err)
	}
	// The bucket is empty for ten seconds: a Wait without a deadline
	// reserves the next token and sleeps until its context is cancelled.
	asked := counter.n.Load()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx, "/training/room/info") }()
	for i := 0; counter.n.Load() == asked; i++ { // until the reservation is in
		if i == 5000 {
			t.Fatal("the Wait never asked Redis")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait cancelled while sleeping = %v, want context.Canceled", err)
	}
}
