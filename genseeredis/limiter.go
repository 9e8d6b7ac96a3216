package genseeredis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gensee-go/gensee"
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

// IsExport reports whether endpoint is one of the export endpoints, those a
// site limits most: a match function for WithClass. An export is an
// endpoint with an "export" segment in its path: the ExportService's
// /training/export/… and the mini classrooms' /training/miniroom/export/history.
// The tests hold it to the catalog of the 59 endpoints.
func IsExport(endpoint string) bool {
	return strings.HasPrefix(endpoint, "/training/") && strings.Contains(endpoint+"/", "/export/")
}

type class struct {
	name  string
	rate  Rate
	match func(endpoint string) bool
}

// budget is one token bucket: its key in Redis and its in-process stand-in.
type budget struct {
	match    func(endpoint string) bool // nil for the main budget
	key      string
	interval int64 // microseconds between two tokens
	burst    int
	local    *gensee.RateLimiter
}

// reserveScript is a GCRA token bucket that hands out tokens in the order
// they are asked for. KEYS[1] holds the bucket's theoretical arrival time
// (TAT, microseconds on the Redis server's clock). ARGV: the interval
// between two tokens (µs), the burst, the tokens asked for (0: only look),
// and the longest wait the caller accepts (µs; -1: any).
//
// A request that conforms now gets {1, 0}. One that would conform within
// the accepted wait is granted a token in the future: the TAT moves on at
// once, so that the next request queues behind it, and the answer is {1,
// wait}: the caller sleeps that long and sends. One that would wait longer
// takes nothing and gets {0, wait}. Each waiter thus asks once per token,
// and waiters are served in the order Redis saw them, whichever process
// they are in.
var reserveScript = redis.NewScript(`
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local maxwait = tonumber(ARGV[4])
local tat = tonumber(redis.call("GET", KEYS[1])) or now
if tat < now then tat = now end
local after = tat + n * interval
local wait = after - burst * interval - now
if wait < 0 then wait = 0 end
if maxwait >= 0 and wait > maxwait then
  return {0, math.ceil(wait)}
end
if n > 0 then
  redis.call("SET", KEYS[1], string.format("%.0f", after), "PX", math.ceil((after - now) / 1000) + 1)
end
return {1, math.ceil(wait)}`)

// Limiter is a gensee.Limiter whose budget lives in Redis, so that every
// process using the same Redis, site and login name shares it: four replicas
// with a Limiter of 20 calls a second make 20 calls a second between them.
// Give it to each client with gensee.WithLimiter. It is safe for concurrent
// use.
//
// The budget is a GCRA token bucket (a Lua script, on the Redis server's
// clock) kept under the key "{prefix}:limit:{site}:{loginName}:{class}",
// where class is "main" or a name given with WithClass: every key starts
// with the prefix, so that an ACL such as "~gensee:*" covers them. A waiter
// reserves its token with one question and sleeps until it is due: waiters
// are served in the order they asked, across processes, and Redis is asked
// once per token.
//
// When Redis cannot be reached the Limiter fails open (by default: each
// process falls back to an in-process budget of the same rate, so that N
// replicas may make up to N times the budget until Redis is back) or closed
// (WithFailClosed: every attempt is refused with an error matching
// ErrUnavailable). An outage is noticed when a question to Redis fails or
// takes longer than the Redis timeout (WithRedisTimeout, one second by
// default); it is logged once then, with the cause, and once when Redis
// answers again. Meanwhile calls do not wait on Redis at all: one goroutine
// asks Redis once every probe interval (WithProbeInterval) and ends when
// Redis answers or its client is closed.
//
// An error Redis answers (an ACL denying the script or the key, a wrong
// password, a key of another type) is not an outage but a configuration
// error: every attempt is refused with it, matching ErrRefused and
// never ErrUnavailable, whether the Limiter fails open or closed, and it is
// logged once at level Error. Each attempt asks Redis again, so that the
// Limiter works as soon as the configuration is fixed. Check reports it at
// start; Health reports the state at any time.
type Limiter struct {
	rdb        redis.UniversalClient
	budgets    []budget // the classes in order, the main budget last
	failClosed bool
	s          settings

	mu     sync.Mutex
	health LimiterHealth
	outage int // counts outages, so that each has one prober
}

var _ gensee.Limiter = (*Limiter)(nil)

// NewLimiter returns a Limiter sharing the budget r among every process that
// calls site with loginName through the same Redis. site and loginName are
// those given to gensee.NewClient: the site is normalised as NewClient does
// (gensee.SiteBase), so its scheme, case, a trailing slash and the spec's
// "/integration/site" suffix do not matter. Options: WithPrefix, WithClass,
// WithFailClosed, WithRedisTimeout, WithProbeInterval, WithLogger.
//
// NewLimiter sends nothing to Redis; the first Wait does, and Check asks
// at once.
func NewLimiter(rdb redis.UniversalClient, site, loginName string, r Rate, opts ...Option) (*Limiter, error) {
	s := newSettings(opts)
	sk, err := siteKey(site)
	switch {
	case rdb == nil:
		return nil, errors.New("genseeredis: NewLimiter: the Redis client is nil")
	case strings.TrimSpace(site) == "" || loginName == "":
		return nil, errors.New("genseeredis: NewLimiter: site and loginName are required")
	case err != nil:
		return nil, fmt.Errorf("genseeredis: NewLimiter: %w", err)
	case !r.valid():
		return nil, fmt.Errorf("genseeredis: NewLimiter: rate %+v needs PerSecond > 0 and Burst >= 1", r)
	case s.probe <= 0 || s.timeout <= 0:
		return nil, errors.New("genseeredis: NewLimiter: the probe interval and the Redis timeout must be positive")
	}
	base := s.prefix + ":limit:" + sk + ":" + loginName + ":"
	l := &Limiter{rdb: rdb, failClosed: s.failClosed, s: s, health: LimiterHealth{State: LimiterShared, Since: time.Now()}}
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
	interval := max(int64(math.Round(1e6/r.PerSecond)), 1)
	return budget{match: match, key: key, interval: interval, burst: r.Burst, local: gensee.NewRateLimiter(r.PerSecond, r.Burst)}
}

// siteKey is the site as it goes into a key: its host in lower case, and the
// path of a proxy's prefix if any: "demo.gensee.com" for
// "https://Demo.Gensee.com/integration/site".
func siteKey(site string) (string, error) {
	base, err := gensee.SiteBase(site)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	return strings.ToLower(u.Host) + strings.TrimSuffix(u.Path, "/integration/site"), nil
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
// Redis once for a token: when none is left, Redis reserves the next one
// due and says when it is, and Wait sleeps until then (or until ctx ends;
// a token reserved by a wait that ended unused is not given back). A wait
// that would outlast ctx's deadline is refused at once, reserving nothing,
// with an error matching context.DeadlineExceeded. While Redis is
// unreachable it waits on the in-process budget (fail-open) or returns an
// error matching ErrUnavailable (fail-closed). When Redis answers with an
// error, it returns that error, matching ErrRefused.
func (l *Limiter) Wait(ctx context.Context, endpoint string) error {
	b := l.budgetFor(endpoint)
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.unreachable() {
		return l.unavailable(ctx, b, endpoint, nil)
	}
	maxWait := time.Duration(-1)
	if dl, ok := ctx.Deadline(); ok {
		maxWait = max(time.Until(dl), 0)
	}
	granted, wait, err := l.reserve(ctx, b, 1, maxWait)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if isAnswered(err) {
			l.refused(err)
			return classify("limiter", err)
		}
		l.failed(err)
		return l.unavailable(ctx, b, endpoint, err)
	}
	l.answered()
	if !granted {
		return deadlineError{wait}
	}
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Check asks Redis the question Wait asks, taking no token, and returns
// what a Wait would meet: nil when the shared budget works, an error
// matching ErrRefused when Redis answers with an error (an ACL
// denying the script or the key, a wrong password), one matching
// ErrUnavailable when it cannot be reached. Call it after NewLimiter to
// see a configuration error at start. It updates Health as a Wait does.
func (l *Limiter) Check(ctx context.Context) error {
	_, _, err := l.reserve(ctx, &l.budgets[len(l.budgets)-1], 0, -1)
	switch {
	case err == nil:
		l.answered()
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case isAnswered(err):
		l.refused(err)
		return classify("limiter", err)
	}
	l.failed(err)
	return fmt.Errorf("genseeredis: limiter: %w: %w", ErrUnavailable, err)
}

// reserve asks Redis for n tokens of b, accepting to wait up to maxWait for
// them (negative: any wait), and waits at most the Redis timeout for the
// answer. It returns whether the tokens are granted and how long until they
// are due.
func (l *Limiter) reserve(ctx context.Context, b *budget, n int, maxWait time.Duration) (bool, time.Duration, error) {
	mw := int64(-1)
	if maxWait >= 0 {
		mw = maxWait.Microseconds()
	}
	res, err := bounded(ctx, l.s.timeout, func(ctx context.Context) ([]int64, error) {
		return reserveScript.Run(ctx, l.rdb, []string{b.key}, b.interval, b.burst, n, mw).Int64Slice()
	})
	if err != nil {
		return false, 0, err
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("the rate script answered %v", res)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, nil
}

// unreachable reports whether an outage is on, so that Wait does not ask.
func (l *Limiter) unreachable() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.health.State == LimiterFailingOpen || l.health.State == LimiterFailingClosed
}

// setState moves the Limiter to state, and reports the state it left and
// since when it was in it. A state entered again keeps its Since, and
// takes the latest cause.
func (l *Limiter) setState(state LimiterState, cause error) (LimiterHealth, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	was := l.health
	if was.State == state {
		l.health.Cause = cause
		return was, false
	}
	l.health = LimiterHealth{State: state, Since: time.Now(), Cause: cause}
	return was, true
}

// failed records that Redis could not be reached; the first failure of an
// outage is logged and starts the prober.
func (l *Limiter) failed(err error) {
	state := LimiterFailingOpen
	what := "each process falls back to an in-process budget at the same rate"
	if l.failClosed {
		state, what = LimiterFailingClosed, "calls are refused until it is back"
	}
	// A refusal that turns into an outage logs no end: the outage's line
	// says what is on now.
	if _, changed := l.setState(state, err); !changed {
		return
	}
	l.mu.Lock()
	l.outage++
	outage := l.outage
	l.mu.Unlock()
	l.s.logger.Warn("genseeredis: Redis is unreachable; "+what, "error", err.Error())
	go l.probe(outage)
}

// refused records an error Redis answered: a configuration error.
func (l *Limiter) refused(err error) {
	if _, changed := l.setState(LimiterMisconfigured, err); !changed {
		return
	}
	// An outage that ends in a refusal is not "back": this line says what
	// is on now.
	l.s.logger.Error("genseeredis: Redis refused the limiter's question; every call fails until the configuration is fixed",
		"error", err.Error())
}

// answered records that Redis answered a question of the Limiter's.
func (l *Limiter) answered() {
	if was, changed := l.setState(LimiterShared, nil); changed {
		l.ended(was)
	}
}

// ended logs the end of the failure state was, when the shared budget is
// back, with how long it lasted and its cause.
func (l *Limiter) ended(was LimiterHealth) {
	lasted := time.Since(was.Since).Round(time.Millisecond).String()
	cause := "none"
	if was.Cause != nil {
		cause = was.Cause.Error()
	}
	switch was.State {
	case LimiterFailingOpen, LimiterFailingClosed:
		l.s.logger.Info("genseeredis: Redis answers again; the shared call budget is back",
			"down_for", lasted, "cause", cause)
	case LimiterMisconfigured:
		l.s.logger.Info("genseeredis: Redis accepts the limiter's questions again",
			"refused_for", lasted, "cause", cause)
	}
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
		if l.outageOver(outage) {
			return
		}
		_, _, err := l.reserve(context.Background(), main, 0, -1)
		if l.outageOver(outage) {
			return
		}
		switch {
		case err == nil:
			l.answered()
			return
		case isAnswered(err):
			l.refused(err)
			return
		case errors.Is(err, redis.ErrClosed):
			return
		}
		l.mu.Lock()
		l.health.Cause = err
		l.mu.Unlock()
	}
}

// outageOver reports whether outage number outage has ended.
func (l *Limiter) outageOver(outage int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.outage != outage || (l.health.State != LimiterFailingOpen && l.health.State != LimiterFailingClosed)
}

// unavailable is Wait while Redis is down: err is the failure just seen, or
// nil to use the last one.
func (l *Limiter) unavailable(ctx context.Context, b *budget, endpoint string, err error) error {
	if !l.failClosed {
		return b.local.Wait(ctx, endpoint)
	}
	if err == nil {
		err = l.Health().Cause
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
