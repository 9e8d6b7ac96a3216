package genseeredis

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Only failures to reach Redis match ErrUnavailable; the cause is kept.
func TestRedisErr(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name        string
		err         error
		unavailable bool
		text        string
	}{
		{"refused", refused, true, "genseeredis: lease: genseeredis: Redis unavailable: dial tcp: connection refused"},
		{"closed", redis.ErrClosed, true, "genseeredis: lease: genseeredis: Redis unavailable: redis: client is closed"},
		{"cancelled", context.Canceled, false, "genseeredis: lease: context canceled"},
		{"deadline", context.DeadlineExceeded, false, "genseeredis: lease: context deadline exceeded"},
		{"nil", redis.Nil, false, "genseeredis: lease: redis: nil"},
		{"loading", answer("LOADING Redis is loading the dataset in memory"), true,
			"genseeredis: lease: genseeredis: Redis unavailable: LOADING Redis is loading the dataset in memory"},
		{"readonly", answer("READONLY You can't write against a read only replica."), true,
			"genseeredis: lease: genseeredis: Redis unavailable: READONLY You can't write against a read only replica."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := redisErr("lease", tt.err)
			if errors.Is(err, ErrUnavailable) != tt.unavailable || errors.Is(err, ErrMisconfigured) || !errors.Is(err, tt.err) || err.Error() != tt.text {
				t.Fatalf("redisErr = %q (unavailable %v); want %q (unavailable %v), wrapping the cause",
					err, errors.Is(err, ErrUnavailable), tt.text, tt.unavailable)
			}
		})
	}
}

// answer is an error as Redis answers it.
type answer string

func (a answer) Error() string { return string(a) }
func (a answer) RedisError()   {}

// An error Redis answered that says the configuration is wrong matches
// ErrMisconfigured, never ErrUnavailable, and keeps the answer.
func TestRedisErrMisconfigured(t *testing.T) {
	for _, msg := range []string{
		"NOPERM User app has no permissions to run the 'evalsha' command",
		"WRONGPASS invalid username-password pair or user is disabled.",
		"NOAUTH Authentication required.",
		"WRONGTYPE Operation against a key holding the wrong kind of value",
	} {
		err := redisErr("lease", answer(msg))
		var got redis.Error
		if !errors.Is(err, ErrMisconfigured) || errors.Is(err, ErrUnavailable) || !errors.As(err, &got) ||
			err.Error() != "genseeredis: lease: genseeredis: Redis refused the request: "+msg {
			t.Errorf("redisErr(%q) = %q; want ErrMisconfigured only, with the answer", msg, err)
		}
		if !isAnswered(answer(msg)) {
			t.Errorf("isAnswered(%q) = false", msg)
		}
	}
	for _, msg := range []string{"BUSY Redis is busy running a script", "MASTERDOWN Link with MASTER is down", "CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing"} {
		if isAnswered(answer(msg)) {
			t.Errorf("isAnswered(%q) = true; it is an outage", msg)
		}
	}
}
