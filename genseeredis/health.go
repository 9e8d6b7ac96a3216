package genseeredis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrMisconfigured is matched (errors.Is) by the errors of this package that
// Redis answered: an ACL denying a command or a key (NOPERM), a wrong
// password (WRONGPASS), a missing one (NOAUTH), a key of another type. They
// are configuration errors, not outages: they never match ErrUnavailable,
// and a Limiter meeting one refuses every attempt with it instead of
// falling back to an in-process budget. The error Redis answered is kept
// (errors.As with a redis.Error reads it).
var ErrMisconfigured = errors.New("genseeredis: Redis refused the request")

// LimiterState is what a Limiter's budget rests on right now.
type LimiterState int

// The states of a Limiter.
const (
	// LimiterShared: Redis answers; the budget shared by every replica is
	// used.
	LimiterShared LimiterState = iota
	// LimiterFailingOpen: Redis cannot be reached; each process uses an
	// in-process budget of the same rate (N replicas may make N times the
	// budget).
	LimiterFailingOpen
	// LimiterFailingClosed: Redis cannot be reached; every attempt is
	// refused with an error matching ErrUnavailable.
	LimiterFailingClosed
	// LimiterMisconfigured: Redis answered the last question with an error
	// (see ErrMisconfigured); every attempt is refused with it.
	LimiterMisconfigured
)

// String returns "shared", "failing-open", "failing-closed" or
// "misconfigured".
func (s LimiterState) String() string {
	switch s {
	case LimiterShared:
		return "shared"
	case LimiterFailingOpen:
		return "failing-open"
	case LimiterFailingClosed:
		return "failing-closed"
	case LimiterMisconfigured:
		return "misconfigured"
	}
	return fmt.Sprintf("LimiterState(%d)", int(s))
}

// LimiterHealth is a Limiter's state, for a readiness or health endpoint.
type LimiterHealth struct {
	State LimiterState
	Since time.Time // when the Limiter entered State (NewLimiter's time for a Limiter that was always shared)
	Cause error     // the latest error that keeps it in State; nil when shared
}

// OK reports whether the shared budget is in use.
func (h LimiterHealth) OK() bool { return h.State == LimiterShared }

// Health returns the Limiter's state as its last question to Redis left it;
// it asks Redis nothing (Check does). A readiness endpoint can report a
// replica not ready while !Health().OK(): it is then calling on a budget
// of its own, or not at all.
func (l *Limiter) Health() LimiterHealth {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.health
}

// LeaseHealth is what Lease.Health reports.
type LeaseHealth struct {
	Held      bool          // this Lease holds the lease, as Redis says
	Since     time.Time     // when this Lease acquired it; zero when it does not hold it
	Holder    string        // the holder's name (WithHolderName) as Redis says; "" when no one holds it
	ExpiresIn time.Duration // how long the current holding lasts unless renewed; 0 when no one holds it
}

// isAnswered reports whether err is an error Redis answered that says
// something is wrong with the configuration: not one that says Redis is
// busy or changing hands (LOADING, BUSY, MASTERDOWN, CLUSTERDOWN, TRYAGAIN,
// READONLY after a failover, NOREPLICAS), which are outages like a refused
// connection, and not redis.Nil, which is an answer like any other.
func isAnswered(err error) bool {
	var answered redis.Error
	if !errors.As(err, &answered) || errors.Is(err, redis.Nil) {
		return false
	}
	msg := answered.Error()
	for _, transient := range []string{"LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "NOREPLICAS"} {
		if strings.HasPrefix(msg, transient) {
			return false
		}
	}
	return true
}

// askWithin runs ask with a context that ends after timeout, and waits at
// most timeout for its answer: go-redis bounds some steps (a new
// connection's handshake, a read on a hung server) by its own longer
// timeouts only, so the question runs on its own goroutine, which ends when
// go-redis gives up. Its own timeout is reported as such, not as the
// caller's context.DeadlineExceeded.
func askWithin[T any](ctx context.Context, timeout time.Duration, ask func(ctx context.Context) (T, error)) (T, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel() // also tells an abandoned question to give up
	type answer struct {
		v   T
		err error
	}
	done := make(chan answer, 1)
	go func() {
		v, err := ask(tctx)
		done <- answer{v, err}
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
		a.err = fmt.Errorf("no answer from Redis within %v", timeout)
	}
	return a.v, a.err
}
