package genseeredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrLeaseLost is returned, and is the cause of Run's context, when a lease
// this process held is held no longer: it expired before it was renewed
// (another process may hold it now), or it could not be renewed in time.
var ErrLeaseLost = errors.New("genseeredis: lease lost")

// renewScript extends the lease only if it still carries our token.
var renewScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`)

// releaseScript deletes the lease only if it still carries our token, so
// that a holder that was too late never deletes its successor's lease.
var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

// holderScript reads the lease's value and its remaining time at once.
var holderScript = redis.NewScript(`
return {redis.call("GET", KEYS[1]), redis.call("PTTL", KEYS[1])}`)

// Lease lets one process of many do a job: run a poller (record/syn, say)
// on one replica, and let another take over when that one dies.
//
// The lease is a Redis key "{prefix}:lease:{name}" holding a random token
// and the holder's name (WithHolderName), set with SET NX and an expiry of
// TTL. The holder renews it (a Lua script that extends the expiry only
// while the key still carries its token) before it expires; a holder that dies stops renewing, the key expires, and
// another process acquires it. Release deletes the key the same careful way,
// so a holder that lost the lease never deletes its successor's.
//
// Run does all of this: it waits for the lease, runs a function, renews the
// lease every TTL/3 while the function runs, cancels the function's context
// when the lease is lost, and releases the lease when the function returns.
//
// A lease is a timing contract, not a lock: a holder stalled longer than the
// TTL (a long GC pause, a frozen VM) may still be running when another takes
// over. Choose a TTL well above such stalls, and make the job safe to run
// twice in the rare overlap (record/syn polling is).
//
// When the holder dies, another process takes the lease over within the
// TTL plus the retry interval (WithRetryInterval, TTL/3 by default): the
// key expires at most a TTL after the last renewal, and a waiting process
// tries again every retry interval. Every question to Redis is bounded by
// the Redis timeout (WithRedisTimeout, one second by default).
//
// A Lease is one process's handle on the named lease; its methods are safe
// for concurrent use. Two Leases with the same name (in two processes, or in
// one) compete for it.
type Lease struct {
	rdb     redis.UniversalClient
	key     string
	ttl     time.Duration
	retry   time.Duration
	timeout time.Duration
	holder  string
	logger  *slog.Logger

	mu    sync.Mutex
	token string    // the value we wrote, while we believe we hold the lease
	since time.Time // when we acquired it
}

// NewLease returns a Lease on the lease called name, held for ttl (at least
// 30ms) unless renewed. Options: WithPrefix, WithRetryInterval,
// WithRedisTimeout, WithHolderName, WithLogger. It sends nothing to Redis.
func NewLease(rdb redis.UniversalClient, name string, ttl time.Duration, opts ...Option) (*Lease, error) {
	s := newSettings(opts)
	switch {
	case rdb == nil:
		return nil, errors.New("genseeredis: NewLease: the Redis client is nil")
	case name == "":
		return nil, errors.New("genseeredis: NewLease: the name is required")
	case ttl < 30*time.Millisecond:
		return nil, fmt.Errorf("genseeredis: NewLease: TTL %v is under 30ms", ttl)
	case s.retry < 0:
		return nil, errors.New("genseeredis: NewLease: the retry interval must not be negative")
	case s.timeout <= 0:
		return nil, errors.New("genseeredis: NewLease: the Redis timeout must be positive")
	case strings.ContainsAny(s.holder, "\r\n"):
		return nil, errors.New("genseeredis: NewLease: the holder name must be one line")
	}
	if s.retry == 0 {
		s.retry = ttl / 3
	}
	if s.holder == "" {
		host, _ := os.Hostname()
		s.holder = host + ":" + strconv.Itoa(os.Getpid())
	}
	return &Lease{rdb: rdb, key: s.prefix + ":lease:" + name, ttl: ttl, retry: s.retry, timeout: s.timeout,
		holder: s.holder, logger: s.logger}, nil
}

// TTL returns how long the lease lasts unless renewed.
func (l *Lease) TTL() time.Duration { return l.ttl }

// TryAcquire takes the lease if no one holds it (SET key token NX PX ttl),
// and reports whether this Lease holds it now. When this Lease already holds
// it, TryAcquire renews it. It does not wait: see Run.
func (l *Lease) TryAcquire(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.token != "" {
		err := l.renewLocked(ctx)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, ErrLeaseLost) {
			return false, err
		}
	}
	token := newToken() + " " + l.holder
	ok, err := bounded(ctx, l.timeout, func(ctx context.Context) (bool, error) {
		return l.rdb.SetNX(ctx, l.key, token, l.ttl).Result()
	})
	if err != nil {
		return false, classify("lease", err)
	}
	if ok {
		l.token, l.since = token, time.Now()
	}
	return ok, nil
}

// Renew extends the lease to a full TTL from now. It returns an error
// matching ErrLeaseLost when this Lease does not hold it (never acquired,
// released, or expired and perhaps taken by another), and one matching
// ErrUnavailable when Redis cannot be reached (the lease may still be held
// until its TTL runs out).
func (l *Lease) Renew(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.renewLocked(ctx)
}

func (l *Lease) renewLocked(ctx context.Context) error {
	if l.token == "" {
		return fmt.Errorf("%w: %s is not held", ErrLeaseLost, l.key)
	}
	n, err := bounded(ctx, l.timeout, func(ctx context.Context) (int, error) {
		return renewScript.Run(ctx, l.rdb, []string{l.key}, l.token, l.ttl.Milliseconds()).Int()
	})
	if err != nil {
		return classify("lease", err)
	}
	if n == 0 {
		l.token = ""
		return fmt.Errorf("%w: %s expired before it was renewed", ErrLeaseLost, l.key)
	}
	return nil
}

// Release gives the lease up, so that another process can take it at once
// rather than after the TTL. It deletes the key only if it still carries
// this Lease's token; releasing a lease not held does nothing and is not an
// error.
func (l *Lease) Release(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.token == "" {
		return nil
	}
	_, err := bounded(ctx, l.timeout, func(ctx context.Context) (any, error) {
		return releaseScript.Run(ctx, l.rdb, []string{l.key}, l.token).Result()
	})
	if err != nil {
		return classify("lease", err)
	}
	l.token = ""
	return nil
}

// Run waits until this Lease holds the lease (trying every retry interval,
// WithRetryInterval), then runs fn and keeps the lease while fn runs,
// renewing it every TTL/3. fn's context is cancelled, with ErrLeaseLost as
// its cause (context.Cause), when the lease is lost: a renewal finds it
// taken by another after an expiry, or no renewal has succeeded for 5/6 of
// the TTL (Redis down or hung), so that fn is told to stop before the lease
// can lapse. When fn returns, Run releases the lease and returns fn's error;
// after a loss it returns ErrLeaseLost joined with fn's error, and releases
// nothing.
//
// Run returns ctx's error if ctx ends before the lease is acquired; once fn
// runs, the end of ctx cancels fn's context, and Run waits for fn to return.
// fn must return promptly when its context is cancelled: the lease only
// keeps others off while it is renewed. A poller that should run on one
// replica for as long as the process lives calls Run in a loop:
//
//	for ctx.Err() == nil {
//		err := lease.Run(ctx, poll)
//		…log err…
//	}
func (l *Lease) Run(ctx context.Context, fn func(ctx context.Context) error) error {
	held, err := l.acquire(ctx)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make(chan error, 1)
	go func() { done <- fn(runCtx) }()

	// Renewals run on their own goroutine, one at a time, so that a Redis
	// that hangs cannot hold the job past the lease: if no renewal has
	// succeeded by the lapse time, the job is stopped, whatever Redis does.
	every := l.ttl / 3
	tick := time.NewTicker(every)
	defer tick.Stop()
	lapse := time.NewTimer(time.Until(held) - l.ttl/6)
	defer lapse.Stop()
	type renewal struct {
		sent time.Time
		err  error
	}
	renewed := make(chan renewal, 1)
	renewing := false
	var lost, failure error // failure: the last renewal's error, if it failed
	stop := func(err error) {
		lost = fmt.Errorf("%w: %w", ErrLeaseLost, err)
		l.logger.Warn("genseeredis: lease lost; stopping its job", "lease", l.key, "error", err.Error())
		cancel(lost)
	}
	for {
		select {
		case err := <-done:
			if lost != nil { // nothing to release, or a Redis not answering
				return errors.Join(lost, err)
			}
			rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), l.ttl)
			if rerr := l.Release(rctx); rerr != nil {
				l.logger.Warn("genseeredis: releasing a lease failed; it expires by itself", "lease", l.key, "error", rerr.Error())
			}
			rcancel()
			return err
		case <-tick.C:
			if renewing || lost != nil {
				continue
			}
			renewing = true
			go func() {
				sent := time.Now()
				rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), every)
				defer rcancel()
				renewed <- renewal{sent, l.Renew(rctx)}
			}()
		case r := <-renewed:
			renewing = false
			switch {
			case lost != nil:
			case r.err == nil:
				failure = nil
				lapse.Reset(time.Until(r.sent.Add(l.ttl)) - l.ttl/6)
			case errors.Is(r.err, ErrLeaseLost):
				stop(r.err)
			default:
				failure = r.err
			}
			// Another error (Redis did not answer): the next tick tries
			// again, and the lapse timer stops the job if none succeeds.
		case <-lapse.C:
			if lost == nil {
				if failure == nil {
					failure = errors.New("no answer from Redis")
				}
				stop(fmt.Errorf("not renewed in time: %w", failure))
			}
		}
	}
}

// acquire tries the lease every retry interval until it holds it or ctx
// ends, and returns the time until which the lease is surely held. Redis
// failures while trying are logged once per streak.
func (l *Lease) acquire(ctx context.Context) (time.Time, error) {
	failing := false
	for {
		sent := time.Now()
		ok, err := l.TryAcquire(ctx)
		if ok {
			if failing {
				l.logger.Info("genseeredis: Redis answers the lease again", "lease", l.key)
			}
			return sent.Add(l.ttl), nil
		}
		if ctx.Err() != nil {
			return time.Time{}, ctx.Err()
		}
		switch {
		case err != nil && !failing:
			l.logger.Warn("genseeredis: cannot reach Redis for a lease; still trying", "lease", l.key, "error", err.Error())
		case err == nil && failing:
			l.logger.Info("genseeredis: Redis answers the lease again", "lease", l.key)
		}
		failing = err != nil
		t := time.NewTimer(l.retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return time.Time{}, ctx.Err()
		case <-t.C:
		}
	}
}

// Health asks Redis who holds the lease and for how long (one script
// reading the key and its expiry, bounded by the Redis timeout): for a
// readiness or status endpoint. Its error matches ErrUnavailable when Redis
// cannot be reached.
func (l *Lease) Health(ctx context.Context) (LeaseHealth, error) {
	v, err := bounded(ctx, l.timeout, func(ctx context.Context) ([]any, error) {
		return holderScript.Run(ctx, l.rdb, []string{l.key}).Slice()
	})
	if err != nil {
		return LeaseHealth{}, classify("lease", err)
	}
	var h LeaseHealth
	if len(v) == 2 {
		value, _ := v[0].(string)
		if _, name, ok := strings.Cut(value, " "); ok {
			h.Holder = name
		} else {
			h.Holder = value // written by a version without names
		}
		if ms, ok := v[1].(int64); ok && ms > 0 && value != "" {
			h.ExpiresIn = time.Duration(ms) * time.Millisecond
		}
		l.mu.Lock()
		if l.token != "" && l.token == value {
			h.Held, h.Since = true, l.since
		}
		l.mu.Unlock()
	}
	return h, nil
}

// newToken returns 16 random bytes in hex: a holder's proof of ownership.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}
