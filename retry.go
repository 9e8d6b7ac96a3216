package gensee

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// readOnly lists the endpoints that change nothing on the server: the only
// ones retried after their request may have reached the server (a write is
// retried only when it provably was not sent). It is the one place in the
// code where idempotence is declared; TestReadOnlyMatchesCatalog
// (catalog_test.go) requires it to be exactly the endpoints marked "reads"
// in the catalog (testdata/spec/methods.json).
var readOnly = map[string]bool{
	"/training/room/info":               true,
	"/training/query/status":            true,
	"/training/room/sync":               true,
	"/training/courseware/list":         true,
	"/training/courseware/info":         true,
	"/training/courseware/syn":          true,
	"/training/vod/vodview":             true,
	"/training/record/syn":              true,
	"/training/doc/syn":                 true,
	"/training/export/history":          true,
	"/training/export/qa":               true,
	"/training/export/rollcall":         true,
	"/training/export/vote":             true,
	"/training/export/chat":             true,
	"/training/export/redpacket":        true,
	"/training/export/medal":            true,
	"/training/export/praise":           true,
	"/training/export/praise/detail":    true,
	"/training/export/study/history":    true,
	"/training/export/room/usage":       true,
	"/training/export/room/concurrent":  true,
	"/training/export/vod/concurrent":   true,
	"/training/export/reward":           true,
	"/training/famousroom/info":         true,
	"/training/tutorialroom/info":       true,
	"/training/miniroom/export/history": true,
	"/training/miniroom/syn":            true,
}

// failure says what kind of failure an attempt ended in: the retry decision
// (shouldRetry) is made from it, in one place.
type failure uint8

const (
	failNone           failure = iota // success
	failFinal                         // not worth another attempt: a 4xx, an API error, a refused redirect, the caller's context
	failTransport                     // no answer, or an answer cut short: the network, a dropped connection
	failAttemptTimeout                // the client's own per-attempt deadline expired
	failBusy                          // HTTP 429, 502, 503 or 504: the server asks to come back
	failSystem                        // return code 300: a server-side failure
)

// outcome is what one attempt ended with.
type outcome struct {
	err        error
	kind       failure
	status     int
	header     http.Header
	code       int
	read       int64
	retryAfter time.Duration // the server's Retry-After, for failBusy
	sent       bool          // the request may have reached the server (see sendTrace)
	limitWait  time.Duration // the wait on the Limiter before the attempt
}

// retryDecision is shouldRetry's answer: whether to try again, and the least
// time to wait before (the server's Retry-After; the backoff may make it
// longer).
type retryDecision struct {
	retry bool
	wait  time.Duration
}

// shouldRetry decides whether the call tries again after attempt n of max:
// only when attempts are left and the failure is one a later attempt may not
// meet. A write is tried again only when this attempt provably was not sent:
// once one may have reached the server, another could apply it twice.
func shouldRetry(o *outcome, n, max int, write bool) retryDecision {
	if n >= max || (write && o.sent) {
		return retryDecision{}
	}
	switch o.kind {
	case failTransport, failAttemptTimeout, failSystem:
		return retryDecision{retry: true}
	case failBusy:
		return retryDecision{retry: true, wait: o.retryAfter}
	}
	return retryDecision{}
}

// backoff returns the jittered wait after the given attempt: MinBackoff
// doubled per attempt, capped at MaxBackoff, between half and all of it.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.MinBackoff
	for i := 1; i < attempt && d < c.retry.MaxBackoff; i++ {
		d *= 2
	}
	if c.retry.MaxBackoff > 0 && d > c.retry.MaxBackoff {
		d = c.retry.MaxBackoff
	}
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(half+1)
}

// retryAfter parses a Retry-After header (seconds or an HTTP date).
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
