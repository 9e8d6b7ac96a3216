package genseeredis_test

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// outage is a Limiter on a redis-server of the test's own, and a client
// (a replica) of a fake site waiting on it.
type outage struct {
	t    *testing.T
	r    *redisServer
	rdb  *redis.Client
	site *site
	logs *logRecorder
	call func() error
	key  string // the budget's key in Redis
}

func newOutage(t *testing.T, opts ...genseeredis.Option) *outage {
	r := startRedis(t)
	o := &outage{t: t, r: r, rdb: newRDB(t, r.Addr), site: newSite(t), logs: new(logRecorder)}
	opts = append([]genseeredis.Option{genseeredis.WithPrefix("outage"), genseeredis.WithProbeInterval(50 * time.Millisecond),
		genseeredis.WithLogger(slog.New(o.logs))}, opts...)
	l, err := genseeredis.NewLimiter(o.rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 20, Burst: 5}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	c := o.site.client(t, l)
	o.call = func() error { return call(t.Context(), c) }
	o.key = "outage:limit:demo.gensee.com:admin:main"
	return o
}

// calls makes n calls, each of which must succeed.
func (o *outage) calls(n int) {
	o.t.Helper()
	for i := range n {
		if err := o.call(); err != nil {
			o.t.Fatalf("call %d of %d: %v", i+1, n, err)
		}
	}
}

// budgetInRedis reports whether the budget's key is in Redis.
func (o *outage) budgetInRedis() bool {
	n, err := o.rdb.Exists(o.t.Context(), o.key).Result()
	return err == nil && n == 1
}

func (o *outage) wantLogs(want ...string) {
	o.t.Helper()
	got := o.logs.messages()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		o.t.Fatalf("logged %q; want messages starting with %q", got, want)
	}
}

const (
	logDownOpen   = "WARN genseeredis: Redis is unreachable; each process falls back to an in-process budget"
	logDownClosed = "WARN genseeredis: Redis is unreachable; calls are refused until it is back"
	logBack       = "INFO genseeredis: Redis answers again"
)

// Fail-open: with Redis killed, calls go on at the in-process rate (logged
// once); when Redis is back on the same port, the shared budget is used
// again (logged once).
func TestLimiterFailOpen(t *testing.T) {
	o := newOutage(t)
	o.calls(5)
	if !o.budgetInRedis() {
		t.Fatal("the budget is not in Redis while it is up")
	}
	o.wantLogs()

	o.r.Kill()
	from := o.site.count()
	o.calls(30)
	if sent := o.site.count() - from; sent != 30 {
		t.Fatalf("the server saw %d calls during the outage; want 30", sent)
	}
	if most := o.site.maxPerSecond(from); most > 20+5 {
		t.Fatalf("%d calls within one second during the outage; the in-process budget allows 20+5", most)
	}
	o.wantLogs(logDownOpen)

	o.r.Restart()
	for i := 0; !o.budgetInRedis(); i++ {
		if i == 200 {
			t.Fatal("the budget did not come back to Redis after 200 calls")
		}
		o.calls(1)
	}
	o.calls(3)
	o.wantLogs(logDownOpen, logBack)
}

// Fail-closed: with Redis killed, calls fail with ErrUnavailable before
// anything is sent (logged once); when Redis is back they succeed again.
func TestLimiterFailClosed(t *testing.T) {
	o := newOutage(t, genseeredis.WithFailClosed())
	o.calls(3)
	o.r.Kill()
	from := o.site.count()
	for i := range 5 {
		err := o.call()
		if !errors.Is(err, genseeredis.ErrUnavailable) {
			t.Fatalf("call %d during the outage = %v; want ErrUnavailable", i+1, err)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "gensee: /training/room/sync: waiting for the limiter: genseeredis: limiter: genseeredis: Redis unavailable: ") ||
			strings.Contains(msg, o.site.srv.Password()) {
			t.Fatalf("error %q: want the limiter's refusal, without the password", msg)
		}
	}
	if sent := o.site.count() - from; sent != 0 {
		t.Fatalf("%d calls reached the server during the outage; want none", sent)
	}
	o.wantLogs(logDownClosed)

	o.r.Restart()
	for i := 0; ; i++ {
		err := o.call()
		if err == nil {
			break
		}
		if !errors.Is(err, genseeredis.ErrUnavailable) || i == 300 {
			t.Fatalf("call %d after the restart = %v", i+1, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	o.calls(3)
	if !o.budgetInRedis() {
		t.Fatal("the budget is not in Redis after the restart")
	}
	o.wantLogs(logDownClosed, logBack)
}

// Many callers during an outage: one warning, not one per call.
func TestLimiterOutageLoggedOnce(t *testing.T) {
	r := startRedis(t)
	logs := new(logRecorder)
	l, err := genseeredis.NewLimiter(newRDB(t, r.Addr), "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 1000, Burst: 1000},
		genseeredis.WithFailClosed(), genseeredis.WithProbeInterval(time.Millisecond), genseeredis.WithLogger(slog.New(logs)))
	if err != nil {
		t.Fatal(err)
	}
	r.Kill()
	errs := make(chan error, 8*25)
	for range 8 {
		go func() {
			for range 25 {
				errs <- l.Wait(t.Context(), "/training/room/info")
			}
		}()
	}
	for range 8 * 25 {
		if err := <-errs; !errors.Is(err, genseeredis.ErrUnavailable) {
			t.Fatalf("Wait = %v, want ErrUnavailable", err)
		}
	}
	if got := logs.messages(); len(got) != 1 || !strings.HasPrefix(got[0], logDownClosed) {
		t.Fatalf("logged %q; want one warning", got)
	}
}

// The Deduper and the Lease report an unreachable Redis as ErrUnavailable.
func TestUnavailable(t *testing.T) {
	r := startRedis(t)
	// One dial, no retry: go-redis's defaults would take seconds per failure.
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, DialerRetries: 1, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	d := genseeredis.NewDeduper(rdb)
	lease, err := genseeredis.NewLease(rdb, "sync", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r.Kill()
	ctx := t.Context()
	ops := map[string]func() error{
		"Latest":     func() error { _, err := d.Latest(ctx, "s", "e", time.Minute); return err },
		"Handled":    func() error { return d.Handled(ctx, "s", "e", time.Minute) },
		"Forget":     func() error { return d.Forget(ctx, "s", "e") },
		"TryAcquire": func() error { _, err := lease.TryAcquire(ctx); return err },
	}
	for _, name := range slices.Sorted(maps.Keys(ops)) {
		if err := ops[name](); !errors.Is(err, genseeredis.ErrUnavailable) {
			t.Errorf("%s with Redis down = %v, want ErrUnavailable", name, err)
		}
	}
}

// A Redis that accepts connections and never answers (a hung server, a
// black-holed network) is an outage after the Redis timeout, reported as
// such rather than as the caller's deadline.
func TestLimiterRedisTimeout(t *testing.T) {
	addr := frozenRedis(t) // dedupe_faults_test.go
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	logs := new(logRecorder)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 20, Burst: 5},
		genseeredis.WithFailClosed(), genseeredis.WithRedisTimeout(50*time.Millisecond), genseeredis.WithLogger(slog.New(logs)))
	if err != nil {
		t.Fatal(err)
	}
	err = l.Wait(t.Context(), "/training/room/info")
	if !errors.Is(err, genseeredis.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) ||
		err.Error() != "genseeredis: limiter: genseeredis: Redis unavailable: no answer from Redis within 50ms" {
		t.Fatalf("Wait = %v; want ErrUnavailable for want of an answer, not a deadline", err)
	}
	if got := logs.messages(); len(got) != 1 || !strings.HasPrefix(got[0], logDownClosed) {
		t.Fatalf("logged %q; want one warning", got)
	}
}
