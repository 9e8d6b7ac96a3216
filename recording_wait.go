package gensee

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// DefaultRecordingPoll is the interval of WaitForRecordings when it is given
// none.
const DefaultRecordingPoll = 30 * time.Second

// WaitForRecordings polls courseware/list (Coursewares.List, spec section
// 5.5) every interval until the classroom lists coursewares created at or
// after since (a zero since: any courseware; compared to the millisecond,
// the resolution of the server's times), and returns those, in the order
// the server lists them. every <= 0 means DefaultRecordingPoll (30
// seconds). Each poll is a read like any other: rate-limited, and retried
// within the call by the client's RetryPolicy.
//
// Recordings appear a minute or more after a class ends
// (docs/server-behaviour.md#recordings), and
// record/syn lists a recording before courseware/list shows its courseware:
// this waits for the courseware, the thing students can watch. A classroom
// used for a course of many sessions keeps the coursewares of the earlier
// ones: pass the time the session started (or ended) as since, so that they
// do not pass for today's.
//
// It returns when the context ends, with an error that matches the
// context's (errors.Is(err, context.DeadlineExceeded)), joined with the last
// transient error if there was one. An error that a read is not retried
// after ends the wait at once: a 501 for an unknown classroom, a wrong
// password, a *ValidationError. A transient error that outlived the call's
// retries (a 300 system error, HTTP 429, 502, 503 or 504, a network error)
// does not: the wait keeps polling, because a recording wait is long and
// such errors pass.
func (s *CoursewareService) WaitForRecordings(ctx context.Context, roomID string, since time.Time, every time.Duration) ([]*Courseware, error) {
	const path = "/training/courseware/list"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return nil, err
	}
	if every <= 0 {
		every = DefaultRecordingPoll
	}
	since = since.Truncate(time.Millisecond) // the resolution of the server's times
	var last error
	for {
		list, err := s.List(ctx, roomID)
		switch {
		case err == nil:
			var found []*Courseware
			for _, cw := range list {
				if cw != nil && (since.IsZero() || !cw.CreatedTime.Before(since)) {
					found = append(found, cw)
				}
			}
			if len(found) > 0 {
				return found, nil
			}
		case ctx.Err() != nil:
			return nil, waitEnded(ctx, path, last)
		case !transient(err):
			return nil, err
		default:
			last = err
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, waitEnded(ctx, path, last)
		case <-t.C:
		}
	}
}

func waitEnded(ctx context.Context, path string, last error) error {
	err := fmt.Errorf("gensee: %s: waiting for recordings: %w", path, ctx.Err())
	if last != nil {
		return errors.Join(err, last)
	}
	return err
}

// transient reports whether a read's error may pass if asked again later:
// the errors the client retries (see RetryPolicy).
func transient(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		switch he.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	if errors.Is(err, ErrSystem) {
		return true
	}
	var ue *url.Error
	return errors.As(err, &ue) && !errors.Is(err, errCrossHostRedirect)
}
