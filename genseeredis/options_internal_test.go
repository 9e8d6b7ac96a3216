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
		{"answered", redis.Nil, false, "genseeredis: lease: redis: nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := redisErr("lease", tt.err)
			if errors.Is(err, ErrUnavailable) != tt.unavailable || !errors.Is(err, tt.err) || err.Error() != tt.text {
				t.Fatalf("redisErr = %q (unavailable %v); want %q (unavailable %v), wrapping the cause",
					err, errors.Is(err, ErrUnavailable), tt.text, tt.unavailable)
			}
		})
	}
}
