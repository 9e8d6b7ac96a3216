package genseeredis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// reply is an error Redis answered (go-redis's redis.Error).
type reply string

func (r reply) Error() string { return string(r) }
func (reply) RedisError()     {}

var _ redis.Error = reply("")

func TestClassify(t *testing.T) {
	tests := []struct {
		err         error
		refused     bool
		unavailable bool
		deadline    bool
	}{
		{err: reply("NOPERM this user has no permissions to run the 'evalsha' command"), refused: true},
		{err: reply("WRONGPASS invalid username-password pair or user is disabled."), refused: true},
		{err: reply("NOSCRIPT No matching script."), refused: true},
		{err: reply("WRONGTYPE Operation against a key holding the wrong kind of value"), refused: true},
		{err: reply("LOADING Redis is loading the dataset in memory"), unavailable: true},
		{err: reply("READONLY You can't write against a read only replica."), unavailable: true},
		{err: reply("MASTERDOWN Link with MASTER is down"), unavailable: true},
		{err: reply("TRYAGAIN Multiple keys request during rehashing of slot"), unavailable: true},
		{err: reply("CLUSTERDOWN The cluster is down"), unavailable: true},
		{err: reply("BUSY Redis is busy running a script."), unavailable: true},
		{err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, unavailable: true},
		{err: redis.ErrClosed, unavailable: true},
		{err: &noAnswerError{time.Second}, unavailable: true},
		{err: context.DeadlineExceeded, deadline: true},
		{err: fmt.Errorf("wrapped: %w", context.Canceled)},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			got := classify("deduper", tt.err)
			if !errors.Is(got, tt.err) {
				t.Errorf("%v does not wrap %v", got, tt.err)
			}
			if errors.Is(got, ErrRefused) != tt.refused || errors.Is(got, ErrUnavailable) != tt.unavailable ||
				errors.Is(got, context.DeadlineExceeded) != tt.deadline {
				t.Errorf("classify(%v) = %v: refused %v, unavailable %v, deadline %v; want %v, %v, %v", tt.err, got,
					errors.Is(got, ErrRefused), errors.Is(got, ErrUnavailable), errors.Is(got, context.DeadlineExceeded),
					tt.refused, tt.unavailable, tt.deadline)
			}
		})
	}
	if classify("deduper", nil) != nil {
		t.Error("classify(nil) != nil")
	}
}

// bounded returns the question's answer, or a *noAnswerError once the
// timeout has passed; the caller's own deadline stays the caller's.
func TestBounded(t *testing.T) {
	v, err := bounded(context.Background(), time.Minute, func(context.Context) (int, error) { return 7, nil })
	if v != 7 || err != nil {
		t.Fatalf("bounded = %v, %v; want 7", v, err)
	}
	stuck := func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, ctx.Err() }
	_, err = bounded(context.Background(), 10*time.Millisecond, stuck)
	var na *noAnswerError
	if !errors.As(err, &na) || err.Error() != "no answer from Redis within 10ms" {
		t.Fatalf("bounded(stuck) = %v; want no answer", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = bounded(ctx, time.Minute, stuck)
	if !errors.Is(err, context.Canceled) || errors.As(err, &na) {
		t.Fatalf("bounded(cancelled) = %v; want context.Canceled", err)
	}
}
