package genseeredis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrRefused is matched (errors.Is) by the errors of this package that
// Redis answered with an error reply: a command the user may not run
// (NOPERM), a wrong password (WRONGPASS, NOAUTH), an unknown script or
// command, a key of the wrong type. Redis is up, and asking again will not
// help: it is a configuration error to fix, not an outage, and it never
// matches ErrUnavailable. The replies of a Redis that is loading, failing
// over or busy (LOADING, READONLY, MASTERDOWN, TRYAGAIN, CLUSTERDOWN, BUSY)
// are an outage instead: they match ErrUnavailable.
var ErrRefused = errors.New("genseeredis: Redis refused the command")

// transientReplies start the error replies that mean "not now" rather than
// "never".
var transientReplies = []string{"LOADING", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "BUSY"}

// noAnswerError is a question that Redis did not answer within the Redis
// timeout.
type noAnswerError struct{ timeout time.Duration }

func (e *noAnswerError) Error() string {
	return fmt.Sprintf("no answer from Redis within %v", e.timeout)
}

// bounded asks q with a context that ends after timeout, and returns by
// then at the latest: go-redis bounds some steps (a read from a connection
// that stopped answering, a new connection's handshake) by its own longer
// timeouts only, so q runs on a goroutine of its own, which ends when
// go-redis gives up. Redis's silence is reported as a *noAnswerError, not
// as the caller's context.DeadlineExceeded.
func bounded[T any](ctx context.Context, timeout time.Duration, q func(context.Context) (T, error)) (T, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel() // also tells an abandoned question to give up
	type answer struct {
		v   T
		err error
	}
	done := make(chan answer, 1)
	go func() {
		v, err := q(tctx)
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
		a.err = &noAnswerError{timeout}
	}
	return a.v, a.err
}

// classify wraps an error of a Redis question asked for op: the caller's
// context errors as they are; error replies matching ErrRefused, except
// the transient ones; everything else (no answer, a refused connection, a
// closed client, a transient reply) matching ErrUnavailable.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var noAnswer *noAnswerError
	if !errors.As(err, &noAnswer) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return fmt.Errorf("genseeredis: %s: %w", op, err)
	}
	var answered redis.Error
	if errors.As(err, &answered) && !isTransientReply(err) {
		return fmt.Errorf("genseeredis: %s: %w (Redis is up and answered an error: check the user's ACL, the password and the server's settings): %w", op, ErrRefused, err)
	}
	return fmt.Errorf("genseeredis: %s: %w: %w", op, ErrUnavailable, err)
}

func isTransientReply(err error) bool {
	msg := err.Error()
	for _, p := range transientReplies {
		if strings.HasPrefix(msg, p+" ") || msg == p {
			return true
		}
	}
	return false
}
