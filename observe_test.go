package gensee

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type ctxMark struct{}

// recorder is an Observer keeping every report.
type recorder struct {
	mu       sync.Mutex
	starts   []string
	attempts []Attempt
	results  []CallResult
}

func (r *recorder) observer() Observer {
	return Observer{
		CallStart: func(ctx context.Context, endpoint string) context.Context {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.starts = append(r.starts, endpoint)
			return context.WithValue(ctx, ctxMark{}, "span-of-"+endpoint)
		},
		AttemptDone: func(_ context.Context, a *Attempt) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.attempts = append(r.attempts, *a)
		},
		CallDone: func(_ context.Context, c *CallResult) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.results = append(r.results, *c)
		},
	}
}

func TestObserverSeesEveryAttempt(t *testing.T) {
	rec := &recorder{}
	h := setup(t, WithObserver(rec.observer()), FastRetry(3))
	var marks []any
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(r *http.Request) (*http.Response, error) {
		marks = append(marks, r.Context().Value(ctxMark{}))
		if len(marks) == 1 {
			return httpmock.NewStringResponse(503, "busy"), nil
		}
		return httpmock.NewStringResponse(200, apiErrorBody(CodeNotFound, "数据不存在")), nil
	})
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	assertAPIError(t, err, "/training/room/info", CodeNotFound, "数据不存在", ErrNotFound)

	assert.Equal(t, []any{"span-of-/training/room/info", "span-of-/training/room/info"}, marks, "CallStart's context reaches the request")
	assert.Equal(t, []string{"/training/room/info"}, rec.starts)
	require.Len(t, rec.attempts, 2)
	a1, a2 := rec.attempts[0], rec.attempts[1]
	assert.Equal(t, "/training/room/info", a1.Endpoint)
	assert.Equal(t, []int{1, 503, 0}, []int{a1.Number, a1.StatusCode, int(a1.Code)})
	assert.True(t, a1.Retry)
	var he *HTTPError
	require.ErrorAs(t, a1.Err, &he)
	assert.Equal(t, []int{2, 200, 501}, []int{a2.Number, a2.StatusCode, int(a2.Code)})
	assert.False(t, a2.Retry)
	assert.ErrorIs(t, a2.Err, ErrNotFound)
	assert.Equal(t, a1.RequestID, a2.RequestID)
	assert.NotEmpty(t, a1.RequestID)
	for _, a := range rec.attempts {
		assert.Positive(t, a.Duration)
		assert.Positive(t, a.BodyBytes)
	}
	require.Len(t, rec.results, 1)
	res := rec.results[0]
	assert.Equal(t, "/training/room/info", res.Endpoint)
	assert.Equal(t, 2, res.Attempts)
	assert.Equal(t, a1.RequestID, res.RequestID)
	assert.Positive(t, res.Duration)
	assert.Same(t, err, res.Err)
}

// TestObserverSeesNoCredential: an error page and an API message echoing the
// password and its digest reach the observer scrubbed, in every field.
func TestObserverSeesNoCredential(t *testing.T) {
	for name, opts := range map[string][]Option{"md5": nil, "plain": {WithPlainPassword()}} {
		t.Run(name, func(t *testing.T) {
			rec := &recorder{}
			h := setup(t, append(opts, WithObserver(rec.observer()), FastRetry(2))...)
			echo := testPassword + " " + testDigest + " " + strings.ToUpper(testDigest)
			h.on("/training/room/info", 502, "<p>"+echo+"</p>")
			h.on("/training/room/deleted", 200, apiErrorBody(CodeAuthFailed, echo))
			_, err := h.client.Rooms.Get(context.Background(), "R1")
			require.Error(t, err)
			require.Error(t, h.client.Rooms.Delete(context.Background(), "R1"))
			dump := fmt.Sprintf("%+v %#v %+v", rec.attempts, rec.results, rec.starts)
			for _, a := range rec.attempts {
				dump += a.Err.Error() + fmt.Sprint(a.Header)
			}
			assertNoSecret(t, dump)
			assert.Contains(t, dump, "***")
			assert.Len(t, rec.attempts, 3)
		})
	}
}

func TestObserverWithoutAnyAttempt(t *testing.T) {
	rec := &recorder{}
	h := setup(t, WithObserver(rec.observer()), WithLimiter(&recordingLimiter{failAt: 1, err: errBudget}))
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	assert.ErrorIs(t, err, errBudget)
	assert.Empty(t, rec.attempts)
	require.Len(t, rec.results, 1)
	assert.Equal(t, 0, rec.results[0].Attempts)
}

// TestLoggerOneRecordPerAttempt: exactly one Debug record per attempt, with
// the request id.
func TestLoggerOneRecordPerAttempt(t *testing.T) {
	var logs bytes.Buffer
	rec := &recorder{}
	h := setup(t, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		WithObserver(rec.observer()), FastRetry(3))
	h.onFunc("/training/room/info", statusThen(503, roomR1))
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 2)
	for i, l := range lines {
		assert.Contains(t, l, "level=DEBUG")
		assert.Contains(t, l, fmt.Sprintf("attempt=%d", i+1))
		assert.Contains(t, l, "request_id="+rec.attempts[i].RequestID)
	}
}
