package gensee

import (
	"context"

	"golang.org/x/time/rate"
)

// Limiter decides when an attempt may be sent. Every attempt of every call,
// retries included, waits on the client's Limiter with the endpoint's path
// (as in the method table, "/training/room/info"), so that a Limiter may give
// some endpoints (the exports, say) a tighter budget than the rest.
//
// Wait blocks until the attempt may go, or returns an error; an error ends
// the call before that attempt is sent and is returned so that errors.Is
// matches it (and ErrNotSent, when no earlier attempt of the call was
// sent). A Limiter must be safe for concurrent use.
//
// WithRateLimit gives a client an in-process Limiter; the module
// github.com/gensee-go/gensee/genseeredis has one whose budget is shared by
// every replica that uses the same Redis.
type Limiter interface {
	Wait(ctx context.Context, endpoint string) error
}

// WithLimiter makes every attempt wait on l. WithLimiter and WithRateLimit
// set the same thing: the last one given wins. A nil l turns limiting off.
func WithLimiter(l Limiter) Option {
	return func(o *options) { o.limiter = l }
}

// WithRateLimit lets at most perSecond attempts a second through, with bursts
// of burst attempts, in this process: a call waits for its turn, or for its
// context to end. Every attempt of a retried call counts. It is the
// in-process Limiter (NewRateLimiter); see WithLimiter for one shared by many
// replicas.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(o *options) {
		if perSecond <= 0 || burst < 1 {
			o.errs = append(o.errs, "WithRateLimit needs perSecond > 0 and burst >= 1")
			return
		}
		o.limiter = NewRateLimiter(perSecond, burst)
	}
}

// RateLimiter is the in-process Limiter: a token bucket of
// golang.org/x/time/rate, one budget for every endpoint.
type RateLimiter struct{ l *rate.Limiter }

// NewRateLimiter returns a Limiter letting perSecond attempts a second
// through, with bursts of burst. It panics when perSecond <= 0 or burst < 1.
func NewRateLimiter(perSecond float64, burst int) *RateLimiter {
	if perSecond <= 0 || burst < 1 {
		panic("gensee: NewRateLimiter needs perSecond > 0 and burst >= 1")
	}
	return &RateLimiter{l: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

// Wait blocks until an attempt may be sent, or the context ends. A wait that
// would outlast the context's deadline is refused at once with an error
// matching context.DeadlineExceeded.
func (r *RateLimiter) Wait(ctx context.Context, _ string) error {
	if err := r.l.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errDeadlineTooSoon{err}
	}
	return nil
}

// errDeadlineTooSoon is the rate limiter's refusal of a wait that would end
// after the context's deadline: it matches context.DeadlineExceeded.
type errDeadlineTooSoon struct{ err error }

func (e errDeadlineTooSoon) Error() string {
	return "waiting for the rate limit would outlast the deadline: " + e.err.Error()
}
func (e errDeadlineTooSoon) Is(target error) bool { return target == context.DeadlineExceeded }
