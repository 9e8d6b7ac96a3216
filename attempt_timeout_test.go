package gensee_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// streamRows writes an export/history answer of n rows, flushing every 100
// rows; stall (if not nil) is called after stallAfter rows instead of
// writing the rest.
func streamRows(n, stallAfter int, stall func(r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = io.WriteString(w, `{"code":"0","message":"成功","list":[`)
		for i := 1; i <= n; i++ {
			if stall != nil && i > stallAfter {
				w.(http.Flusher).Flush()
				stall(r)
				return
			}
			if i > 1 {
				_, _ = io.WriteString(w, ",")
			}
			_, _ = fmt.Fprintf(w, `{"uid":%d,"nickname":"学员%d","joinTime":1709258400000}`, i, i)
			if i%100 == 0 {
				w.(http.Flusher).Flush()
			}
		}
		_, _ = io.WriteString(w, `]}`)
	}
}

// A consumer that takes its time over each row never makes a walk fail: the
// attempt deadline (300ms) counts only the waits for the body, not the
// 2000 rows' 1 ms each spent in the loop.
func TestAttemptTimeoutSlowConsumer(t *testing.T) {
	const rows = 2000
	srv := newOutcomeServer(t, false, streamRows(rows, 0, nil))
	c, alog := dial(t, srv.URL, "admin", "pw", gensee.WithAttemptTimeout(300*time.Millisecond))
	n := 0
	for row, err := range c.Exports.AttendanceAll(t.Context(), &gensee.ExportOptions{RoomID: "R"}) {
		require.NoError(t, err, "after %d rows", n)
		n++
		require.Equal(t, int64(n), row.UID)
		require.LessOrEqual(t, n, rows+10, "the walk does not end")
		time.Sleep(time.Millisecond)
	}
	assert.Equal(t, rows, n)
	assert.Equal(t, 1, alog.count(), "one attempt")
}

// A server that sends the headers and some rows, then nothing for longer
// than the deadline, still ends the walk: the rows sent, then an
// *AttemptTimeoutError (not retried: rows went out).
func TestAttemptTimeoutStalledStream(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	stall := func(r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	srv := newOutcomeServer(t, false, streamRows(1000, 250, stall))
	c, _ := dial(t, srv.URL, "admin", "pw", gensee.WithAttemptTimeout(300*time.Millisecond))
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second) // a bound, far beyond the deadline
	defer cancel()
	n := 0
	var last error
	for _, err := range c.Exports.AttendanceAll(ctx, &gensee.ExportOptions{RoomID: "R"}) {
		if err != nil {
			last = err
			break
		}
		n++
		require.LessOrEqual(t, n, 1010, "the walk does not end")
	}
	assert.Equal(t, 250, n, "the rows sent before the stall")
	var ate *gensee.AttemptTimeoutError
	require.ErrorAs(t, last, &ate, "%v", last)
	assert.Equal(t, 300*time.Millisecond, ate.After)
	assert.Equal(t, "/training/export/history", ate.Endpoint)
	assert.NoError(t, ctx.Err(), "the attempt's deadline ended it, not the caller's")
	assert.NotErrorIs(t, last, gensee.ErrOutcomeUnknown, "a read")
	assert.Equal(t, int32(1), srv.hits.Load(), "rows went out: not retried")
}

// A buffered answer stalled mid-body: a read is retried, then fails with
// *AttemptTimeoutError; a write sent once is ErrOutcomeUnknown wrapping it.
func TestAttemptTimeoutStalledBody(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	srv := newOutcomeServer(t, false, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `{"code":"0",`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c, alog := dial(t, srv.URL, "admin", "pw", gensee.WithAttemptTimeout(200*time.Millisecond))

	_, err := c.Rooms.Get(t.Context(), "R")
	var ate *gensee.AttemptTimeoutError
	require.ErrorAs(t, err, &ate, "%v", err)
	assert.Equal(t, classNetwork, classOf(t, err))
	assert.Equal(t, 3, alog.count(), "a read is retried")

	err = c.Rooms.Delete(t.Context(), "R")
	require.ErrorAs(t, err, &ate, "%v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, classUnknown, classOf(t, err))
	assert.Equal(t, 4, alog.count(), "a write that was sent is not retried")
	assert.Equal(t, int32(4), srv.hits.Load())
}

func TestWithAttemptTimeoutRefusesNonPositive(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		_, err := gensee.NewClient("demo.gensee.com", "admin", "pw", gensee.WithAttemptTimeout(d))
		require.Error(t, err)
		assert.True(t, strings.Contains(err.Error(), "WithAttemptTimeout"), err.Error())
		assert.False(t, errors.Is(err, gensee.ErrNotSent))
	}
}
