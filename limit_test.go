package gensee

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingLimiter records the endpoint of every Wait, and fails the n-th
// (from 1) when failAt > 0.
type recordingLimiter struct {
	mu     sync.Mutex
	waits  []string
	failAt int
	err    error
}

func (l *recordingLimiter) Wait(_ context.Context, endpoint string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits = append(l.waits, endpoint)
	if l.failAt > 0 && len(l.waits) == l.failAt {
		return l.err
	}
	return nil
}

var errBudget = errors.New("budget spent")

func TestLimiterWaitsEveryAttempt(t *testing.T) {
	l := &recordingLimiter{}
	h := setup(t, WithLimiter(l), FastRetry(3))
	h.onFunc("/training/room/info", statusThen(503, roomR1))
	h.on("/training/room/deleted", 200, okBody)
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	require.NoError(t, h.client.Rooms.Delete(context.Background(), "R1"))
	assert.Equal(t, []string{"/training/room/info", "/training/room/info", "/training/room/deleted"}, l.waits)
	assert.Equal(t, 3, h.calls())
}

func TestLimiterErrorStopsBeforeSending(t *testing.T) {
	l := &recordingLimiter{failAt: 1, err: errBudget}
	h := setup(t, WithLimiter(l), FastRetry(3))
	h.on("/training/room/info", 200, roomR1)
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	assert.ErrorIs(t, err, errBudget)
	assert.Equal(t, 0, h.mock.GetTotalCallCount(), "nothing was sent")
}

func TestLimiterErrorOnRetryJoinsLastError(t *testing.T) {
	l := &recordingLimiter{failAt: 2, err: errBudget}
	h := setup(t, WithLimiter(l), FastRetry(3))
	h.on("/training/room/info", 503, "busy")
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	assert.ErrorIs(t, err, errBudget)
	var he *HTTPError
	require.ErrorAs(t, err, &he, "the last attempt's error is joined")
	assert.Equal(t, 503, he.StatusCode)
	assert.Equal(t, 1, h.calls())
}

func TestLimiterLastOptionWins(t *testing.T) {
	a, b := &recordingLimiter{}, &recordingLimiter{}
	tests := []struct {
		name string
		opts []Option
		want Limiter
		rate bool
	}{
		{"WithLimiter then WithLimiter", []Option{WithLimiter(a), WithLimiter(b)}, b, false},
		{"WithRateLimit then WithLimiter", []Option{WithRateLimit(10, 1), WithLimiter(a)}, a, false},
		{"WithLimiter then WithRateLimit", []Option{WithLimiter(a), WithRateLimit(10, 1)}, nil, true},
		{"WithLimiter(nil) turns it off", []Option{WithRateLimit(10, 1), WithLimiter(nil)}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(testSite, testLogin, testPassword, tt.opts...)
			require.NoError(t, err)
			if tt.rate {
				assert.IsType(t, &RateLimiter{}, c.limiter)
				return
			}
			if tt.want == nil {
				assert.Nil(t, c.limiter)
				return
			}
			assert.Same(t, tt.want, c.limiter)
		})
	}
}
