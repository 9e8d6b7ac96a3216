package gensee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShouldRetry(t *testing.T) {
	tests := []struct {
		name   string
		o      outcome
		n, max int
		write  bool
		want   retryDecision
	}{
		{"success", outcome{kind: failNone, sent: true}, 1, 3, false, retryDecision{}},
		{"transport", outcome{kind: failTransport, sent: true}, 1, 3, false, retryDecision{retry: true}},
		{"attempt timeout", outcome{kind: failAttemptTimeout, sent: true}, 2, 3, false, retryDecision{retry: true}},
		{"code 300", outcome{kind: failSystem, sent: true}, 1, 3, false, retryDecision{retry: true}},
		{"busy with Retry-After", outcome{kind: failBusy, retryAfter: 3 * time.Second, sent: true}, 1, 3, false, retryDecision{retry: true, wait: 3 * time.Second}},
		{"final", outcome{kind: failFinal, sent: true}, 1, 3, false, retryDecision{}},
		{"last attempt", outcome{kind: failTransport}, 3, 3, false, retryDecision{}},
		{"NoRetry (max 1)", outcome{kind: failBusy, sent: true}, 1, 1, false, retryDecision{}},
		{"a write that was sent", outcome{kind: failTransport, sent: true}, 1, 3, true, retryDecision{}},
		{"a write answered busy", outcome{kind: failBusy, sent: true}, 1, 3, true, retryDecision{}},
		{"a write never sent", outcome{kind: failTransport}, 1, 3, true, retryDecision{retry: true}},
		{"a write whose dial timed out", outcome{kind: failAttemptTimeout}, 1, 3, true, retryDecision{retry: true}},
		{"a write never sent, last attempt", outcome{kind: failTransport}, 3, 3, true, retryDecision{}},
		{"a write never sent, final", outcome{kind: failFinal}, 1, 3, true, retryDecision{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, shouldRetry(&tt.o, tt.n, tt.max, tt.write))
		})
	}
}

// TestAttemptTimeout: the client's own per-attempt deadline expiring is
// retried and reported as an attempt timeout matching
// context.DeadlineExceeded; the caller's deadline is not retried.
func TestAttemptTimeout(t *testing.T) {
	mock := httpmock.NewMockTransport()
	var calls atomic.Int32 // httpmock runs a cancelable responder in a goroutine of its own
	var stall atomic.Bool
	mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(r *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 || stall.Load() {
			<-r.Context().Done() // a stalled server
			return nil, r.Context().Err()
		}
		return httpmock.NewStringResponse(200, roomR1), nil
	})
	saved := http.DefaultTransport
	http.DefaultTransport = mock
	c, err := NewClient(testSite, testLogin, testPassword, FastRetry(3))
	http.DefaultTransport = saved
	require.NoError(t, err)
	require.Equal(t, defaultTimeout, c.timeout)
	assert.Zero(t, c.def.Timeout, "no http.Client.Timeout: a deadline per attempt")
	c.timeout = 20 * time.Millisecond

	room, err := c.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err, "the timed-out attempt was retried")
	assert.Equal(t, "R1", room.ID)
	assert.Equal(t, 2, mock.GetTotalCallCount())

	calls.Store(0)
	c.retry = RetryPolicy{MaxAttempts: 1}
	_, err = c.Rooms.Get(context.Background(), "R1")
	var ate *AttemptTimeoutError
	require.ErrorAs(t, err, &ate)
	assert.Equal(t, &AttemptTimeoutError{Endpoint: "/training/room/info", After: 20 * time.Millisecond}, ate)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// The caller's own deadline ends the call: no retry.
	stall.Store(true)
	before := mock.GetTotalCallCount()
	c.retry = RetryPolicy{MaxAttempts: 3}
	c.timeout = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = c.Rooms.Get(ctx, "R1")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, errors.As(err, &ate), "the caller's deadline is not the attempt's")
	assert.Equal(t, 1, mock.GetTotalCallCount()-before, "one attempt")
}

// With WithHTTPClient, the caller's Timeout applies as set, and the client
// adds no deadline of its own.
func TestHTTPClientTimeoutKept(t *testing.T) {
	hc := &http.Client{Timeout: 7 * time.Second, Transport: httpmock.NewMockTransport()}
	c, err := NewClient(testSite, testLogin, testPassword, WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Zero(t, c.timeout)
	assert.Equal(t, 7*time.Second, c.httpClient().Timeout)
	assert.Equal(t, 7*time.Second, hc.Timeout, "hc itself is not changed")
}

// A refused redirect is final wherever it sits in the error's tree, also
// inside a join (Unwrap() []error), and the attempt clock's cause tells the
// attempt's own deadline from the caller's.
func TestSendFailureKinds(t *testing.T) {
	c := setup(t).client
	bg := context.Background()
	expired, cancel := context.WithCancelCause(bg)
	cancel(errAttemptTimedOut)
	released, cancel2 := context.WithCancelCause(bg)
	cancel2(context.Canceled)
	tests := []struct {
		name      string
		ctx, actx context.Context
		err       error
		want      failure
	}{
		{"redirect", bg, bg, fmt.Errorf("x: %w", errCrossHostRedirect), failFinal},
		{"redirect in a join", bg, bg, errors.Join(io.EOF, errCrossHostRedirect), failFinal},
		{"transport", bg, bg, io.ErrUnexpectedEOF, failTransport},
		{"the attempt's deadline", bg, expired, context.Canceled, failAttemptTimeout},
		{"an attempt context released, not expired", bg, released, context.Canceled, failTransport},
		{"the caller's context", cancelled(), expired, context.Canceled, failFinal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, c.sendFailure(tt.ctx, tt.actx, "/training/x", tt.err).kind)
		})
	}
}

// WithAttemptTimeout sets the attempt deadline with the client's own
// *http.Client and with one given by WithHTTPClient (which has none
// otherwise).
func TestWithAttemptTimeoutSetsDeadline(t *testing.T) {
	c, err := NewClient(testSite, testLogin, testPassword, WithAttemptTimeout(3*time.Second))
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, c.timeout)
	c, err = NewClient(testSite, testLogin, testPassword)
	require.NoError(t, err)
	assert.Equal(t, defaultTimeout, c.timeout)
	hc := &http.Client{Transport: httpmock.NewMockTransport()}
	c, err = NewClient(testSite, testLogin, testPassword, WithHTTPClient(hc), WithAttemptTimeout(time.Second))
	require.NoError(t, err)
	assert.Equal(t, time.Second, c.timeout)
	assert.Zero(t, hc.Timeout, "hc is not changed")
}
