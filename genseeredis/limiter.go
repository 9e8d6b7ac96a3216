package genseeredis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Rate is a call budget: PerSecond attempts a second on average, and at most
// Burst at once after a quiet spell.
type Rate struct {
	PerSecond float64
	Burst     int
}

func (r Rate) valid() bool {
	return r.PerSecond > 0 && !math.IsInf(r.PerSecond, 0) && r.Burst >= 1
}

// limit is r as redis_rate takes it: Rate events a Period.
func (r Rate) limit() redis_rate.Limit {
	if r.PerSecond == math.Trunc(r.PerSecond) && r.PerSecond <= math.MaxInt32 {
		return redis_rate.Limit{Rate: int(r.PerSecond), Burst: r.Burst, Period: time.Second}
	}
	return redis_rate.Limit{Rate: 1, Burst: r.Burst, Period: time.Duration(float64(time.Second) / r.PerSecond)}
}

// IsExport reports whether endpoint is one of the export endpoints
// (/training/export/…, the ExportService), those a site limits most: a
// match function for WithClass.
func IsExport(endpoint string) bool {
	return strings.HasPrefix(endpoint, "/training/export/")
}

type class struct {
	name  string
	rate  Rate
	match func(endpoint string) bool
}

// budget is one token bucket: its key in Redis and its in-process stand-in.
type budget struct {
	match func(endpoint string) bool // nil for the main budget
	key   string
	limit redis_rate.Limit
	local *gensee.RateLimiter
}

// Limiter is a gensee.Limiter whose budget lives in Redis, so that every
// process using the same Redis, site and login name shares it: four replicas
// with a Limiter of 20 calls a second make 20 calls a second between them.
// Give it to each client with gensee.WithLimiter. It is safe for concurrent
// use.
//
// The budget is a GCRA token bucket (github.com/go-redis/redis_rate, one Lua
// script a call, on the Redis server's clock), kept under the key
// "rate:{prefix}:limit:{site}:{loginName}:{class}", where class is "main" or
// a name given with WithClass.
//
// When Redis cannot be reached the Limiter fails open (by default: each
// process falls back to an in-process budget of the same rate, so that N
// replicas may make up to N times the budget until Redis is back) or closed
// (WithFailClosed: every attempt is refused with an error matching
// ErrUnavailable). An outage is noticed when a question to Redis fails or
// takes longer than the Redis timeout (WithRedisTimeout, one second by
// default); it is logged once then, and once when Redis answers again.
// Meanwhile calls do not wait on Redis at all: one goroutine asks Redis
// once every probe interval (WithProbeInterval) and ends when Redis
// answers or its client is closed.
type Limiter struct {
	rl         *redis_rate.Limiter
	budgets    []budget // the classes in order, the main budget last
	failClosed bool
	s          settings

	mu      sync.Mutex
	down    bool  // Redis failed and has not answered since
	lastErr error // the failure that made it down
	outage  int   // counts outages, so that each has one prober
}

var _ gensee.Limiter = (*Limiter)(nil)

// NewLimiter returns a Limiter sharing the budget r among every process that
// calls site with loginName through the same Redis. site and loginName are
// those given to gensee.NewClient (the site's scheme, case and a trailing
// slash do not matter). Options: WithPrefix, WithClass, WithFailClosed,
// WithRedisTimeout, WithProbeInterval, WithLogger.
//
// NewLimiter sends nothing to Redis; the first Wait does.
func NewLimiter(rdb redis.UniversalClient, site, loginName string, r Rate, opts ...Option) (*Limiter, error) {
	s := newSettings(opts)
	switch {
	case rdb == nil:
		return nil, errors.New("genseeredis: NewLimiter: the Redis client is nil")
	case siteKey(site) == "" || loginName == "":
		return nil, errors.New("genseeredis: NewLimiter: site and loginName are required")
	case !r.valid():
		return nil, fmt.Errorf("genseeredis: NewLimiter: rate %+v needs PerSecond > 0 and Burst >= 1", r)
	case s.probe <= 0 || s.timeout <= 0:
		return nil, errors.New("genseeredis: NewLimiter: the probe interval and the Redis timeout must be positive")
	}
	base := s.prefix + ":limit:" + siteKey(site) + ":" + loginName + ":"
	l := &Limiter{rl: redis_rate.NewLimiter(rdb), failClosed: s.failClosed, s: s}
	seen := map[string]bool{"main": true}
	for _, c := range s.classes {
		switch {
		case c.name == "" || seen[c.name]:
			return nil, fmt.Errorf("genseeredis: NewLimiter: class %q is empty, \"main\" or given twice", c.name)
		case c.match == nil:
			return nil, fmt.Errorf("genseeredis: NewLimiter: class %q has no match function", c.name)
		case !c.rate.valid():
			return nil, fmt.Errorf("genseeredis: NewLimiter: class %q: rate %+v needs PerSecond > 0 and Burst >= 1", c.name, c.rate)
		}
		seen[c.name] = true
		l.budgets = append(l.budgets, newBudget(c.match, base+c.name, c.rate))
	}
	l.budgets = append(l.budgets, newBudget(nil, base+"main", r))
	return l, nil
}

func newBudget(match func(string) bool, key string, r Rate) budget {
	return budget{match: match, key: key, limit: r.limit(), local: gensee.NewRateLimiter(r.PerSecond, r.Burst)}
}

// siteKey is the site as it goes into a key: "demo.gensee.com" for
// "https://Demo.Gensee.com/".
func siteKey(site string) string {
	s := strings.ToLower(strings.TrimSpace(site))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	return strings.TrimRight(s, "/")
}

func (l *Limiter) budgetFor(endpoint string) *budget {
	for i := range l.budgets {
		if b := &l.budgets[i]; b.match == nil || b.match(endpoint) {
			return b
		}
	}
	panic("unreachable: the main budget matches every endpoint")
}

// Wait blocks until an attempt at endpoint may be sent, or ctx ends. It asks
// Redis for a token; when none is left, Redis says how long until one is,
// and Wait sleeps that long (or until ctx ends) before asking again. A wait
// that would outlast ctx's deadline is refused at once with an error
// matching context.DeadlineExceeded. While Redis is unreachable it waits on
// the in-process budget (fail-open) or returns an error matching
// ErrUnavailable (fail-closed).
func (l *Limiter) Wait(ctx context.Context, endpoint string) error {
	b := l.budgetFor(endpoint)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if l.isDown() {
			return l.unavailable(ctx, b, endpoint, nil)
		}
		res, err := l.allow(ctx, b, 1)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			l.failed(err)
			return l.unavailable(ctx, b, endpoint, err)
		}
		if res.Allowed > 0 {
			return nil
		}
		wait := max(res.RetryAfter, time.Millisecond)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return deadlineError{wait}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// allow asks Redis for n tokens of b, and waits at most the Redis timeout
// for the answer (go-redis bounds some steps, such as a new connection's
// handshake, by its own longer timeouts only: the question runs on its own
// goroutine, which ends when go-redis gives up). Its own timeout is reported
// as such, not as the caller's context.DeadlineExceeded.
func (l *Limiter) allow(ctx context.Context, b *budget, n int) (*redis_rate.Result, error) {
	tctx, cancel := context.WithTimeout(ctx, l.s.timeout)
	defer cancel() // also tells an abandoned question to give up
	type answer struct {
		res *redis_rate.Result
		err error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := l.rl.AllowN(tctx, b.key, b.limit, n)
		done <- answer{res, err}
	}()
	var a answer
	select {
	case a = <-done:
	case <-tctx.Done():
		select {
		case a = <-done: // answered just in time
		default:
			a.err = tctx.Err()
		}
	}
	if a.err != nil && ctx.Err() == nil && tctx.Err() != nil {
		a.err = fmt.Errorf("no answer from Redis within %v", l.s.timeout)
	}
	return a.res, a.err
}

func (l *Limiter) isDown() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.down
}

// failed records a failure of Redis; the first of an outage is logged and
// starts the prober.
func (l *Limiter) failed(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lastErr = err
	if l.down {
		return
	}
	l.down = true
	l.outage++
	what := "each process falls back to an in-process budget at the same rate"
	if l.failClosed {
		what = "calls are refused until it is back"
	}
	l.s.logger.Warn("genseeredis: Redis is unreachable; "+what, "error", err.Error())
	go l.probe(l.outage)
}

// probe asks Redis every probe interval whether it is back, until it is (then
// the outage ends), its client is closed, or another outage has begun. The
// question is the one Wait asks, for no token: it proves the script runs,
// and takes nothing from the budget.
func (l *Limiter) probe(outage int) {
	t := time.NewTicker(l.s.probe)
	defer t.Stop()
	main := &l.budgets[len(l.budgets)-1]
	for range t.C {
		_, err := l.allow(context.Background(), main, 0)
		l.mu.Lock()
		switch {
		case l.outage != outage || !l.down:
			l.mu.Unlock()
			return
		case err == nil:
			l.down, l.lastErr = false, nil
			l.mu.Unlock()
			l.s.logger.Info("genseeredis: Redis answers again; the shared call budget is back")
			return
		case errors.Is(err, redis.ErrClosed):
			l.mu.Unlock()
			return
		}
		l.lastErr = err
		l.mu.Unlock()
	}
}

// unavailable is Wait while Redis is down: err is the failure just seen, or
// nil to use the last one.
func (l *Limiter) unavailable(ctx context.Context, b *budget, endpoint string, err error) error {
	if !l.failClosed {
		return b.local.Wait(ctx, endpoint)
	}
	if err == nil {
		l.mu.Lock()
		err = l.lastErr
		l.mu.Unlock()
	}
	if err == nil { // Redis came back a moment ago
		err = errors.New("unreachable a moment ago")
	}
	return fmt.Errorf("genseeredis: limiter: %w: %w", ErrUnavailable, err)
}

// deadlineError refuses a wait that would end after the context's deadline:
// it matches context.DeadlineExceeded.
type deadlineError struct{ wait time.Duration }

func (e deadlineError) Error() string {
	return fmt.Sprintf("genseeredis: limiter: the next token comes in %v, after the context's deadline", e.wait)
}

func (e deadlineError) Is(target error) bool { return target == context.DeadlineExceeded }
