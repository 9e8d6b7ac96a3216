package genseeredis

import (
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

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
	// (see ErrRefused); every attempt is refused with it.
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
// something is wrong with the configuration (it matches ErrRefused once
// classified): not one that says Redis is busy or changing hands
// (isTransientReply), which is an outage like a refused connection, and not
// redis.Nil, which is an answer like any other.
func isAnswered(err error) bool {
	var answered redis.Error
	return errors.As(err, &answered) && !errors.Is(err, redis.Nil) && !isTransientReply(answered)
}
