package genseeredis_test

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// waitHealthy polls l.Health until it is OK (bounded).
func waitHealthy(t *testing.T, l *genseeredis.Limiter) {
	t.Helper()
	for i := 0; !l.Health().OK(); i++ {
		if i == 500 {
			t.Fatalf("the Limiter did not come back: %+v", l.Health())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Health across an outage: shared while Redis answers; failing open since
// the first failure, with its cause, while Redis is killed; shared again
// once it is restarted. Each change is logged once, the end with how long
// it lasted and the cause.
func TestLimiterHealthAcrossAnOutage(t *testing.T) {
	r := startRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, DialerRetries: 1, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	logs := new(logRecorder)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 100, Burst: 10},
		genseeredis.WithProbeInterval(20*time.Millisecond), genseeredis.WithLogger(slog.New(logs)))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Check(t.Context()); err != nil {
		t.Fatalf("Check = %v", err)
	}
	if h := l.Health(); !h.OK() || h.State.String() != "shared" || h.Cause != nil {
		t.Fatalf("Health = %+v; want shared", h)
	}

	r.Kill()
	killed := time.Now()
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil {
		t.Fatalf("Wait failing open = %v", err)
	}
	h := l.Health()
	if h.State != genseeredis.LimiterFailingOpen || h.OK() || h.Since.Before(killed) || h.Cause == nil ||
		!strings.Contains(h.Cause.Error(), "connection refused") {
		t.Fatalf("Health during the outage = %+v; want failing open since the kill, the refused connection as the cause", h)
	}
	if err := l.Check(t.Context()); !errors.Is(err, genseeredis.ErrUnavailable) || errors.Is(err, genseeredis.ErrRefused) {
		t.Fatalf("Check during the outage = %v; want ErrUnavailable", err)
	}

	r.Restart()
	waitHealthy(t, l)
	got := logs.messages()
	if len(got) != 2 || !strings.HasPrefix(got[0], logDownOpen) || !strings.Contains(got[0], "connection refused") ||
		!strings.HasPrefix(got[1], logBack) || !strings.Contains(got[1], "down_for=") || !strings.Contains(got[1], "cause=") {
		t.Fatalf("logged %q; want the start with its cause, and the end with its length and cause", got)
	}
}

// A hung Redis (SIGSTOP): a fail-closed Limiter refuses within the Redis
// timeout and reports failing closed; a Lease's questions end within it
// too, matching ErrUnavailable; all is well again after SIGCONT.
func TestHealthWithRedisHung(t *testing.T) {
	r := startRedis(t)
	t.Cleanup(r.Resume) // before the kill
	rdb := newRDB(t, r.Addr)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 100, Burst: 10},
		genseeredis.WithFailClosed(), genseeredis.WithRedisTimeout(100*time.Millisecond),
		genseeredis.WithProbeInterval(20*time.Millisecond), genseeredis.WithLogger(slog.New(new(logRecorder))))
	if err != nil {
		t.Fatal(err)
	}
	lease, err := genseeredis.NewLease(rdb, "sync", time.Minute, genseeredis.WithRedisTimeout(100*time.Millisecond),
		genseeredis.WithHolderName("replica-a"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if ok, err := lease.TryAcquire(ctx); !ok || err != nil {
		t.Fatalf("TryAcquire = %v, %v", ok, err)
	}
	h, err := lease.Health(ctx)
	if err != nil || !h.Held || h.Holder != "replica-a" || h.Since.IsZero() || h.ExpiresIn <= 0 || h.ExpiresIn > time.Minute {
		t.Fatalf("Lease.Health = %+v, %v; want held by replica-a, expiring within the TTL", h, err)
	}

	r.Pause()
	const noAnswer = "no answer from Redis within 100ms"
	if err := l.Wait(ctx, "/training/room/info"); !errors.Is(err, genseeredis.ErrUnavailable) || !strings.Contains(err.Error(), noAnswer) {
		t.Fatalf("Wait with Redis hung = %v; want ErrUnavailable for want of an answer", err)
	}
	if h := l.Health(); h.State != genseeredis.LimiterFailingClosed || h.State.String() != "failing-closed" {
		t.Fatalf("Health with Redis hung = %+v; want failing closed", h)
	}
	for name, op := range map[string]func() error{
		"Renew":   func() error { return lease.Renew(ctx) },
		"Health":  func() error { _, err := lease.Health(ctx); return err },
		"Release": func() error { return lease.Release(ctx) },
	} {
		if err := op(); !errors.Is(err, genseeredis.ErrUnavailable) || !strings.Contains(err.Error(), noAnswer) {
			t.Errorf("Lease.%s with Redis hung = %v; want ErrUnavailable within the Redis timeout", name, err)
		}
	}

	r.Resume()
	waitHealthy(t, l)
	if err := l.Wait(ctx, "/training/room/info"); err != nil {
		t.Fatalf("Wait after SIGCONT = %v", err)
	}
	other, _ := genseeredis.NewLease(newRDB(t, r.Addr), "sync", time.Minute, genseeredis.WithHolderName("replica-b"))
	if h, err := other.Health(ctx); err != nil || h.Held || h.Holder != "replica-a" {
		t.Fatalf("another replica's Lease.Health = %+v, %v; want replica-a as the holder, not itself", h, err)
	}
	if err := lease.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if h, err := other.Health(ctx); err != nil || h.Held || h.Holder != "" || h.ExpiresIn != 0 {
		t.Fatalf("Lease.Health after the release = %+v, %v; want no holder", h, err)
	}
}

// An outage that ends with Redis refusing (restarted with a password the
// Limiter does not have): the probe stops at the refusal instead of
// probing for ever, Health says misconfigured, and the calls fail with
// ErrRefused, not ErrUnavailable; once the password is lifted the shared
// budget is back.
func TestLimiterOutageEndsInRefusal(t *testing.T) {
	r := startRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, DialerRetries: 1, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	logs := new(logRecorder)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 100, Burst: 10},
		genseeredis.WithProbeInterval(20*time.Millisecond), genseeredis.WithLogger(slog.New(logs)))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil {
		t.Fatal(err)
	}
	r.Kill()
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil || l.Health().State != genseeredis.LimiterFailingOpen {
		t.Fatalf("Wait = %v, Health %+v; want failing open", err, l.Health())
	}
	r.args = []string{"--requirepass", "pw-3"}
	r.Restart()
	for i := 0; l.Health().State != genseeredis.LimiterMisconfigured; i++ {
		if i == 500 {
			t.Fatalf("Health = %+v; want misconfigured once Redis answers NOAUTH", l.Health())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := l.Wait(t.Context(), "/training/room/info"); !errors.Is(err, genseeredis.ErrRefused) || errors.Is(err, genseeredis.ErrUnavailable) {
		t.Fatalf("Wait = %v; want ErrRefused", err)
	}
	admin := redis.NewClient(&redis.Options{Addr: r.Addr, Password: "pw-3"})
	t.Cleanup(func() { _ = admin.Close() })
	if err := admin.ConfigSet(t.Context(), "requirepass", "").Err(); err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(t.Context(), "/training/room/info"); err != nil || !l.Health().OK() {
		t.Fatalf("Wait = %v, Health %+v; want the shared budget back", err, l.Health())
	}
	got := logs.messages()
	if len(got) != 3 || !strings.HasPrefix(got[0], logDownOpen) ||
		!strings.HasPrefix(got[1], "ERROR genseeredis: Redis refused the limiter's question") || !strings.Contains(got[1], "NOAUTH") ||
		!strings.HasPrefix(got[2], "INFO genseeredis: Redis accepts the limiter's questions again") {
		t.Fatalf("logged %q; want the outage, the refusal, and the end of the refusal", got)
	}
}
