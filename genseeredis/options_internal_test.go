package genseeredis

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/redis/go-redis/v9"
)

// answer is an error as Redis answers it.
type answer string

func (a answer) Error() string { return string(a) }
func (a answer) RedisError()   {}

// The Limiter's split: an error Redis answered that says the configuration
// is wrong is a refusal (ErrRefused, once classified); a busy or failing
// over Redis, a network failure, a context's end and redis.Nil are not.
func TestIsAnswered(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		err  error
		want bool
	}{
		{answer("NOPERM User app has no permissions to run the 'evalsha' command"), true},
		{answer("WRONGPASS invalid username-password pair or user is disabled."), true},
		{answer("NOAUTH Authentication required."), true},
		{answer("WRONGTYPE Operation against a key holding the wrong kind of value"), true},
		{answer("LOADING Redis is loading the dataset in memory"), false},
		{answer("BUSY Redis is busy running a script"), false},
		{answer("MASTERDOWN Link with MASTER is down"), false},
		{answer("CLUSTERDOWN The cluster is down"), false},
		{answer("TRYAGAIN Multiple keys request during rehashing of slot"), false},
		{answer("READONLY You can't write against a read only replica."), false},
		{redis.Nil, false},
		{refused, false},
		{redis.ErrClosed, false},
		{context.DeadlineExceeded, false},
	}
	for _, tt := range tests {
		if got := isAnswered(tt.err); got != tt.want {
			t.Errorf("isAnswered(%q) = %v, want %v", tt.err, got, tt.want)
		}
		if !tt.want {
			continue
		}
		err := classify("limiter", tt.err)
		var got redis.Error
		if !errors.Is(err, ErrRefused) || errors.Is(err, ErrUnavailable) || !errors.As(err, &got) || got.Error() != tt.err.Error() {
			t.Errorf("classify(%q) = %q; want ErrRefused only, with the answer", tt.err, err)
		}
	}
}
