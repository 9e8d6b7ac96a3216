package genseeredis

import (
	"errors"
	"log/slog"
	"time"
)

// DefaultPrefix starts every key this package writes, unless WithPrefix
// says otherwise.
const DefaultPrefix = "gensee"

// ErrUnavailable is matched (errors.Is) by the errors of this package that
// come from Redis being unreachable: a fail-closed Limiter's refusal, and a
// Deduper's or a Lease's failure to reach Redis, or to have its answer
// within the Redis timeout. An error Redis itself answered (a wrong type, a
// denied command) does not match it: it matches ErrRefused.
var ErrUnavailable = errors.New("genseeredis: Redis unavailable")

// Option configures NewLimiter, NewDeduper and NewLease. Each option says
// which of them it applies to; the others ignore it.
type Option func(*settings)

type settings struct {
	prefix     string
	logger     *slog.Logger
	failClosed bool
	classes    []class
	probe      time.Duration
	timeout    time.Duration
	retry      time.Duration
	holder     string
}

func newSettings(opts []Option) settings {
	s := settings{prefix: DefaultPrefix, probe: time.Second, timeout: time.Second}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	return s
}

// WithPrefix starts the keys with prefix instead of DefaultPrefix, so that
// several applications can share one Redis without sharing budgets, events
// or leases (Limiter, Deduper and Lease). Every key this package writes
// starts with the prefix and a colon, so that a Redis ACL such as
// "~myapp:*" grants what it needs. Every replica that is to share them must
// use the same prefix.
func WithPrefix(prefix string) Option {
	return func(s *settings) { s.prefix = prefix }
}

// WithLogger sets the logger that reports an outage of Redis (once when it
// starts, once when it ends) and a lost lease (Limiter and Lease). Without
// it, or with nil, slog.Default() at the time of the constructor is used.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) { s.logger = l }
}

// WithFailClosed makes a Limiter refuse every attempt, with an error matching
// ErrUnavailable, while Redis is unreachable. By default a Limiter fails open:
// each process falls back to an in-process budget at the same rate.
func WithFailClosed() Option {
	return func(s *settings) { s.failClosed = true }
}

// WithClass gives the endpoints for which match reports true a budget of
// their own, called name (Limiter only): WithClass("exports", Rate{1, 2},
// IsExport) keeps the exports to one call a second, whatever the rest do. An
// endpoint counts against the first class it matches, in the order given,
// and against the Limiter's main budget only when it matches none.
func WithClass(name string, r Rate, match func(endpoint string) bool) Option {
	return func(s *settings) { s.classes = append(s.classes, class{name: name, rate: r, match: match}) }
}

// WithProbeInterval sets how often a Limiter that found Redis unreachable
// asks it whether it is back (Limiter only; default one second).
// Meanwhile calls fail open or closed without trying Redis, so that an
// outage costs them no connection attempt.
func WithProbeInterval(d time.Duration) Option {
	return func(s *settings) { s.probe = d }
}

// WithRedisTimeout sets how long a Limiter, a Lease or a Deduper waits for
// Redis to answer one question before it counts Redis as unreachable
// (default one second). A healthy Redis answers in about a millisecond; the
// timeout bounds what a call pays when Redis goes away or hangs (go-redis's
// own dial retries and read timeouts take longer by default).
func WithRedisTimeout(d time.Duration) Option {
	return func(s *settings) { s.timeout = d }
}

// WithRetryInterval sets how often Lease.Run tries to take a lease held by
// another (Lease only; default a third of the lease's TTL).
func WithRetryInterval(d time.Duration) Option {
	return func(s *settings) { s.retry = d }
}

// WithHolderName sets the name a Lease writes beside its token, which
// Lease.Health reports as the holder (Lease only; default the host name and
// the process id, "host-1:4711").
func WithHolderName(name string) Option {
	return func(s *settings) { s.holder = name }
}
