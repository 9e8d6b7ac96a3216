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

// aclUser creates the user name with password pw and rules on r, and
// returns a client logged in as it.
func aclUser(t *testing.T, r *redisServer, name, pw string, rules ...string) *redis.Client {
	t.Helper()
	admin := newRDB(t, r.Addr)
	args := []any{"ACL", "SETUSER", name, "reset", "on", ">" + pw}
	for _, rule := range rules {
		args = append(args, rule)
	}
	if err := admin.Do(t.Context(), args...).Err(); err != nil {
		t.Fatalf("ACL SETUSER %s: %v", name, err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, Username: name, Password: pw, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// An ACL user denied the script: Check says so at start, and every attempt
// of a client fails with the answered error, matching ErrRefused and
// never ErrUnavailable, although the Limiter fails open; nothing is sent,
// and one Error line is logged. When the ACL is fixed, the next attempt
// works and the end is logged with the cause.
func TestLimiterRedisRefusesTheScript(t *testing.T) {
	r := startRedis(t)
	rdb := aclUser(t, r, "noscript", "pw-1", "~*", "+@all", "-evalsha", "-eval")
	logs := new(logRecorder)
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 20, Burst: 5},
		genseeredis.WithLogger(slog.New(logs)), genseeredis.WithProbeInterval(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	err = l.Check(t.Context())
	var answered redis.Error
	if !errors.Is(err, genseeredis.ErrRefused) || errors.Is(err, genseeredis.ErrUnavailable) ||
		!errors.As(err, &answered) || !strings.Contains(err.Error(), "NOPERM") {
		t.Fatalf("Check = %v; want the NOPERM answer, matching ErrRefused only", err)
	}
	s := newSite(t)
	c := s.client(t, l)
	for i := range 5 {
		err := call(t.Context(), c)
		if !errors.Is(err, genseeredis.ErrRefused) || errors.Is(err, genseeredis.ErrUnavailable) {
			t.Fatalf("call %d = %v; want ErrRefused, not ErrUnavailable", i+1, err)
		}
	}
	if n := s.count(); n != 0 {
		t.Fatalf("%d calls reached the server; a refused budget must send none (never fail open)", n)
	}
	h := l.Health()
	if h.State != genseeredis.LimiterMisconfigured || h.OK() || h.Cause == nil || !strings.Contains(h.Cause.Error(), "NOPERM") ||
		h.Since.IsZero() || h.State.String() != "misconfigured" {
		t.Fatalf("Health = %+v; want misconfigured since the first refusal, with the NOPERM cause", h)
	}
	got := logs.messages()
	if len(got) != 1 || !strings.HasPrefix(got[0], "ERROR genseeredis: Redis refused the limiter's question") || !strings.Contains(got[0], "NOPERM") {
		t.Fatalf("logged %q; want one error line with the cause", got)
	}

	admin := newRDB(t, r.Addr)
	if err := admin.Do(t.Context(), "ACL", "SETUSER", "noscript", "+evalsha", "+eval").Err(); err != nil {
		t.Fatal(err)
	}
	if err := call(t.Context(), c); err != nil {
		t.Fatalf("a call once the ACL allows the script = %v", err)
	}
	if h := l.Health(); !h.OK() || h.Cause != nil {
		t.Fatalf("Health after the fix = %+v; want shared", h)
	}
	got = logs.messages()
	if len(got) != 2 || !strings.HasPrefix(got[1], "INFO genseeredis: Redis accepts the limiter's questions again") ||
		!strings.Contains(got[1], "cause=") || !strings.Contains(got[1], "NOPERM") {
		t.Fatalf("logged %q; want the end of the refusal, with its cause", got)
	}
}

// A wrong password is a configuration error too, also for a fail-closed
// Limiter and a Lease. (The Deduper's own tests cover it.)
func TestWrongPasswordIsRefused(t *testing.T) {
	r := startRedis(t)
	aclUser(t, r, "app", "right")
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, Username: "app", Password: "wrong", MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 20, Burst: 5},
		genseeredis.WithFailClosed(), genseeredis.WithLogger(slog.New(new(logRecorder))))
	if err != nil {
		t.Fatal(err)
	}
	lease, err := genseeredis.NewLease(rdb, "sync", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for name, op := range map[string]func() error{
		"Check":        func() error { return l.Check(ctx) },
		"Wait":         func() error { return l.Wait(ctx, "/training/room/info") },
		"TryAcquire":   func() error { _, err := lease.TryAcquire(ctx); return err },
		"Lease.Health": func() error { _, err := lease.Health(ctx); return err },
	} {
		err := op()
		if !errors.Is(err, genseeredis.ErrRefused) || errors.Is(err, genseeredis.ErrUnavailable) ||
			!strings.Contains(err.Error(), "WRONGPASS") || strings.Contains(err.Error(), "wrong") {
			t.Errorf("%s with a wrong password = %v; want the WRONGPASS answer, ErrRefused only, no password", name, err)
		}
	}
}

// WithPrefix starts every key: an ACL user limited to "~myapp:*" can use a
// Limiter with classes and a Lease with that prefix, and is refused with
// the default prefix.
func TestPrefixUnderACL(t *testing.T) {
	r := startRedis(t)
	rdb := aclUser(t, r, "myapp", "pw-2", "~myapp:*", "+@all")
	ctx := t.Context()
	l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 100, Burst: 10},
		genseeredis.WithPrefix("myapp"), genseeredis.WithClass("exports", genseeredis.Rate{PerSecond: 10, Burst: 2}, genseeredis.IsExport))
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range []string{"/training/room/info", "/training/export/history", "/training/miniroom/export/history"} {
		if err := l.Wait(ctx, ep); err != nil {
			t.Fatalf("Wait(%s) under the ACL = %v", ep, err)
		}
	}
	if err := l.Check(ctx); err != nil {
		t.Fatalf("Check = %v", err)
	}
	lease, err := genseeredis.NewLease(rdb, "record-syn", time.Minute, genseeredis.WithPrefix("myapp"), genseeredis.WithHolderName("replica-a"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := lease.TryAcquire(ctx); !ok || err != nil {
		t.Fatalf("TryAcquire under the ACL = %v, %v", ok, err)
	}
	if h, err := lease.Health(ctx); err != nil || !h.Held || h.Holder != "replica-a" {
		t.Fatalf("Lease.Health = %+v, %v", h, err)
	}
	keys, err := newRDB(t, r.Addr).Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "myapp:") {
			t.Errorf("key %q does not start with the prefix", k)
		}
	}
	if len(keys) != 3 { // two budgets and the lease
		t.Errorf("keys %q; want the two budgets and the lease", keys)
	}

	other, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 100, Burst: 10},
		genseeredis.WithLogger(slog.New(new(logRecorder))))
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Wait(ctx, "/training/room/info"); !errors.Is(err, genseeredis.ErrRefused) || !strings.Contains(err.Error(), "NOPERM") {
		t.Fatalf("Wait with the default prefix under a myapp ACL = %v; want the NOPERM answer", err)
	}
}
