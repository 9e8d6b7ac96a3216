package genseeredis_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

func TestNewLeaseRefuses(t *testing.T) {
	rdb := newRDB(t, "127.0.0.1:1") // never dialled
	tests := []struct {
		name     string
		rdb      redis.UniversalClient
		lease    string
		ttl      time.Duration
		opts     []genseeredis.Option
		contains string
	}{
		{"nil client", nil, "sync", time.Second, nil, "the Redis client is nil"},
		{"no name", rdb, "", time.Second, nil, "the name is required"},
		{"short TTL", rdb, "sync", 10 * time.Millisecond, nil, "TTL 10ms is under 30ms"},
		{"negative retry", rdb, "sync", time.Second, []genseeredis.Option{genseeredis.WithRetryInterval(-1)}, "retry interval must not be negative"},
		{"zero timeout", rdb, "sync", time.Second, []genseeredis.Option{genseeredis.WithRedisTimeout(0)}, "the Redis timeout must be positive"},
		{"holder on two lines", rdb, "sync", time.Second, []genseeredis.Option{genseeredis.WithHolderName("a\nb")}, "the holder name must be one line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := genseeredis.NewLease(tt.rdb, tt.lease, tt.ttl, tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.contains) || l != nil {
				t.Fatalf("NewLease = %v, %v; want nil and an error containing %q", l, err, tt.contains)
			}
		})
	}
}

func TestLeaseAcquireRenewRelease(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	rdb := newRDB(t, addr)
	a, _ := genseeredis.NewLease(newRDB(t, addr), "sync", time.Minute, genseeredis.WithPrefix(prefix))
	b, _ := genseeredis.NewLease(newRDB(t, addr), "sync", time.Minute, genseeredis.WithPrefix(prefix))
	ctx := t.Context()
	key := prefix + ":lease:sync"
	held := func(l *genseeredis.Lease) func() error {
		return func() error {
			ok, err := l.TryAcquire(ctx)
			if err == nil && !ok {
				return errors.New("not acquired")
			}
			return err
		}
	}
	notAcquired := errors.New("not acquired")
	steps := []struct {
		name    string
		op      func() error
		want    error // matched by errors.Is, or by text for notAcquired
		keyLeft bool  // the key exists afterwards
	}{
		{"a renews before acquiring", func() error { return a.Renew(ctx) }, genseeredis.ErrLeaseLost, false},
		{"a acquires", held(a), nil, true},
		{"a acquires again (renews)", held(a), nil, true},
		{"b cannot", held(b), notAcquired, true},
		{"b cannot renew", func() error { return b.Renew(ctx) }, genseeredis.ErrLeaseLost, true},
		{"b's release leaves a's lease", func() error { return b.Release(ctx) }, nil, true},
		{"a renews", func() error { return a.Renew(ctx) }, nil, true},
		{"a releases", func() error { return a.Release(ctx) }, nil, false},
		{"a releases twice", func() error { return a.Release(ctx) }, nil, false},
		{"a's renewal after release", func() error { return a.Renew(ctx) }, genseeredis.ErrLeaseLost, false},
		{"b acquires at once", held(b), nil, true},
	}
	for _, s := range steps {
		err := s.op()
		switch {
		case s.want == notAcquired && (err == nil || err.Error() != "not acquired"),
			s.want != notAcquired && (!errors.Is(err, s.want) || (s.want == nil) != (err == nil)):
			t.Fatalf("%s: %v, want %v", s.name, err, s.want)
		}
		if n, _ := rdb.Exists(ctx, key).Result(); (n == 1) != s.keyLeft {
			t.Fatalf("%s: key exists %v, want %v", s.name, n == 1, s.keyLeft)
		}
	}
	if ttl, _ := rdb.PTTL(ctx, key).Result(); ttl <= 0 || ttl > time.Minute {
		t.Fatalf("PTTL %v: want the lease's TTL", ttl)
	}
}

// Three pollers: the first takes the lease and stops renewing (it died); the
// other two run Run in a loop. One of them takes over once the lease has
// expired, never more than one runs at a time, and a holder keeps the lease
// past its TTL by renewing it.
func TestLeaseThreePollers(t *testing.T) {
	const ttl = 300 * time.Millisecond
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	dead, _ := genseeredis.NewLease(newRDB(t, addr), "record-syn", ttl, genseeredis.WithPrefix(prefix))
	if ok, err := dead.TryAcquire(t.Context()); !ok || err != nil {
		t.Fatalf("TryAcquire = %v, %v", ok, err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var active, most, runs atomic.Int32
	errs := make(chan error, 16)
	poll := func(ctx context.Context) error {
		n := active.Add(1)
		defer active.Add(-1)
		if n > most.Load() {
			most.Store(n)
		}
		// The one that died holds it no longer.
		if err := dead.Renew(context.WithoutCancel(ctx)); !errors.Is(err, genseeredis.ErrLeaseLost) {
			errs <- errors.New("a poller runs while the dead one still holds the lease")
		}
		timer := time.NewTimer(2 * ttl) // longer than the TTL: renewals keep it
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-timer.C:
		}
		if runs.Add(1) == 3 {
			cancel()
		}
		return nil
	}
	var wg sync.WaitGroup
	for range 2 {
		lease, err := genseeredis.NewLease(newRDB(t, addr), "record-syn", ttl, genseeredis.WithPrefix(prefix))
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if err := lease.Run(ctx, poll); err != nil && !errors.Is(err, context.Canceled) {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if runs.Load() < 3 || most.Load() != 1 {
		t.Fatalf("%d runs, at most %d at once; want 3 runs, one at a time", runs.Load(), most.Load())
	}
}

// A holder whose lease was taken (it expired and another acquired it) sees
// its job's context cancelled with ErrLeaseLost, and does not delete the new
// holder's lease.
func TestLeaseRunLost(t *testing.T) {
	const ttl = 150 * time.Millisecond
	rdb := newRDB(t, sharedRedis(t))
	prefix := uniquePrefix(t)
	key := prefix + ":lease:sync"
	lease, _ := genseeredis.NewLease(rdb, "sync", ttl, genseeredis.WithPrefix(prefix))
	var cause error
	err := lease.Run(t.Context(), func(ctx context.Context) error {
		if err := rdb.Set(context.WithoutCancel(ctx), key, "another holder", time.Minute).Err(); err != nil {
			return err
		}
		<-ctx.Done()
		cause = context.Cause(ctx)
		return ctx.Err()
	})
	if !errors.Is(err, genseeredis.ErrLeaseLost) || !errors.Is(err, context.Canceled) || !errors.Is(cause, genseeredis.ErrLeaseLost) {
		t.Fatalf("Run = %v (job's cause %v); want ErrLeaseLost joined with the job's error, and ErrLeaseLost as the cause", err, cause)
	}
	if v, _ := rdb.Get(t.Context(), key).Result(); v != "another holder" {
		t.Fatalf("the key holds %q after Run; the new holder's lease must stay", v)
	}
}

// Run releases the lease when the job returns, and returns the job's error;
// it returns the context's error when the context ends before the lease is
// had.
func TestLeaseRunReleases(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	a, _ := genseeredis.NewLease(newRDB(t, addr), "sync", time.Minute, genseeredis.WithPrefix(prefix))
	b, _ := genseeredis.NewLease(newRDB(t, addr), "sync", time.Minute, genseeredis.WithPrefix(prefix),
		genseeredis.WithRetryInterval(5*time.Millisecond))
	jobErr := errors.New("page 3 failed")
	if err := a.Run(t.Context(), func(context.Context) error { return jobErr }); err != jobErr {
		t.Fatalf("Run = %v, want the job's error", err)
	}
	if ok, err := b.TryAcquire(t.Context()); !ok || err != nil {
		t.Fatalf("TryAcquire after Run = %v, %v; want the lease released", ok, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	ran := false
	if err := a.Run(ctx, func(context.Context) error { ran = true; return nil }); !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Fatalf("Run while b holds the lease = %v (ran %v); want the context's error, the job not run", err, ran)
	}
}

// Redis goes away under a holder: the job is stopped before the lease could
// have expired.
func TestLeaseRunRedisDown(t *testing.T) {
	const ttl = 300 * time.Millisecond
	r := startRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, DialerRetries: 1, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	logs := new(logRecorder)
	lease, _ := genseeredis.NewLease(rdb, "sync", ttl, genseeredis.WithLogger(newLogger(logs)))
	err := lease.Run(t.Context(), func(ctx context.Context) error {
		r.Kill()
		<-ctx.Done()
		return context.Cause(ctx)
	})
	if !errors.Is(err, genseeredis.ErrLeaseLost) || !errors.Is(err, genseeredis.ErrUnavailable) {
		t.Fatalf("Run = %v, want ErrLeaseLost for want of Redis", err)
	}
	if got := logs.messages(); len(got) != 1 || !strings.HasPrefix(got[0], "WARN genseeredis: lease lost; stopping its job") {
		t.Fatalf("logged %q; want one warning", got)
	}
}

// Redis hangs under a holder (it keeps the connections but answers
// nothing): the job is stopped all the same, by the lapse of the lease.
func TestLeaseRunRedisHangs(t *testing.T) {
	const ttl = 300 * time.Millisecond
	r := startRedis(t)
	t.Cleanup(r.Resume) // before the kill
	rdb := newRDB(t, r.Addr)
	lease, _ := genseeredis.NewLease(rdb, "sync", ttl, genseeredis.WithLogger(newLogger(new(logRecorder))))
	var cause error
	err := lease.Run(t.Context(), func(ctx context.Context) error {
		r.Pause()
		<-ctx.Done()
		cause = context.Cause(ctx)
		return ctx.Err()
	})
	if !errors.Is(err, genseeredis.ErrLeaseLost) || !errors.Is(cause, genseeredis.ErrLeaseLost) ||
		!strings.Contains(err.Error(), "not renewed in time") {
		t.Fatalf("Run = %v (job's cause %v); want the lease lost for want of a renewal", err, cause)
	}
}

// The documented bound: a holder that dies (stops renewing) is replaced
// no sooner than its TTL, and within the TTL plus the retry interval (with
// a margin for a loaded machine).
func TestLeaseTakeoverBound(t *testing.T) {
	const ttl, retry = 600 * time.Millisecond, 200 * time.Millisecond
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	dead, _ := genseeredis.NewLease(newRDB(t, addr), "sync", ttl, genseeredis.WithPrefix(prefix))
	next, _ := genseeredis.NewLease(newRDB(t, addr), "sync", ttl, genseeredis.WithPrefix(prefix), genseeredis.WithRetryInterval(retry))
	if ok, err := dead.TryAcquire(t.Context()); !ok || err != nil {
		t.Fatalf("TryAcquire = %v, %v", ok, err)
	}
	died := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var took time.Duration
	err := next.Run(ctx, func(context.Context) error {
		took = time.Since(died)
		return nil
	})
	if err != nil {
		t.Fatalf("Run = %v", err)
	}
	t.Logf("taken over after %v (TTL %v, retry interval %v)", took, ttl, retry)
	if took < ttl*9/10 || took > ttl+retry+time.Second {
		t.Fatalf("taken over after %v; want between the TTL %v and the TTL plus the retry interval %v (margin 1s)", took, ttl, ttl+retry)
	}
}
