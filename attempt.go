package gensee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// One attempt of a call: send the request, read and decode the answer, and
// classify what went wrong, under the attempt's own deadline
// (WithAttemptTimeout), which counts connecting, the headers and each wait
// for more of the body, never the caller's time between rows.

// attempt sends the request once and reads and decodes the answer. The
// attempt has its own deadline (c.timeout, see WithAttemptTimeout; none when
// the caller's context ends first): connecting and the headers must come
// within it, and then each wait for more of the body (see attemptClock).
// Its expiry is an *AttemptTimeoutError, retried unlike the caller's. o.sent
// tells whether the request may have reached the server (see sendTrace).
func (c *Client) attempt(ctx context.Context, cs *callState, body []byte, out any) (o outcome) {
	st := new(attemptState)
	actx := ctx
	timed := c.timeout > 0 && !deadlineWithin(ctx, c.timeout)
	if timed {
		actx = st.clock.start(ctx, c.timeout)
		defer st.clock.end()
	}
	path := cs.path
	tr := &st.trace
	req, err := c.newRequest(tr.attach(actx), cs, body)
	if err != nil {
		return outcome{kind: failFinal, err: fmt.Errorf("gensee: %s: %w", path, err)}
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		o = c.sendFailure(ctx, actx, path, err)
		o.sent = tr.sent(err)
		return o
	}
	if timed {
		st.clock.timeBody(resp, &st.body)
	}
	o.sent = true
	o.status, o.header = resp.StatusCode, resp.Header
	if c.drift != nil && o.status >= 200 && o.status <= 299 { // drift: the answer's keys against out's type, read as the body goes by (drift.go)
		resp.Body = c.drift.watch(path, resp.Body, out)
	}
	if s, ok := out.(*rowStream); ok && o.status >= 200 && o.status <= 299 {
		return c.stream(ctx, actx, cs, resp, s, o)
	}
	buf, read, err := c.readBody(path, resp)
	defer putBuf(buf)
	o.read = read
	if err != nil {
		if _, tooLarge := err.(*ResponseTooLargeError); tooLarge {
			o.kind, o.err = failFinal, err
			return o
		}
		f := c.sendFailure(ctx, actx, path, err)
		o.kind, o.err = f.kind, f.err
		if f.kind == failTransport {
			o.err = fmt.Errorf("gensee: %s: reading the response: %w", path, err)
		}
		return o
	}
	if o.status < 200 || o.status > 299 {
		o.kind = failFinal
		o.code, o.err = c.statusError(path, resp, buf.Bytes(), cs.secrets)
		if o.code == int(CodeSystemError) {
			o.kind = failSystem
		}
		switch o.status {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			o.kind, o.retryAfter = failBusy, retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return o
	}
	o.code, o.err = c.decode(path, resp, buf.Bytes(), out, cs.secrets)
	switch {
	case o.err == nil:
		o.kind = failNone
	case o.code == int(CodeSystemError):
		o.kind = failSystem
	default:
		o.kind = failFinal
	}
	return o
}

// statusError is the error of an answer with a status other than 2xx: an
// *APIError when its body is the envelope with a non-zero return code (the
// server answered, whatever the status says), an *HTTPError otherwise.
func (c *Client) statusError(path string, resp *http.Response, b []byte, secrets []string) (int, error) {
	if code, err := c.decodeNormalized(path, resp, b, nil, secrets); code != 0 {
		return code, err
	}
	return 0, c.httpError(path, resp, b, secrets)
}

// deadlineWithin reports whether ctx ends within d from now: the attempt's
// own deadline could then never be the one that expires, and the attempt
// goes without a context of its own.
func deadlineWithin(ctx context.Context, d time.Duration) bool {
	end, ok := ctx.Deadline()
	return ok && time.Until(end) <= d
}

// errAttemptTimedOut is the cause an attemptClock cancels its attempt with.
var errAttemptTimedOut = errors.New("gensee: the attempt's own deadline expired")

// attemptClock is an attempt's own deadline. It runs from the start of the
// attempt until the headers arrive; then only while a Read of the body
// waits: each Read must end within d, and the time between Reads (the
// caller's own work on the rows of a streamed export, which are handed out
// between them) is never counted. On expiry it cancels the attempt's
// context, which ends whatever the transport was waiting for.
type attemptClock struct {
	d      time.Duration
	timer  *time.Timer
	cancel context.CancelCauseFunc
}

// attemptState is what an attempt allocates for its deadline and its trace,
// in one piece.
type attemptState struct {
	clock attemptClock
	body  timedBody
	trace sendTrace
}

// start starts the clock and returns the attempt's context, canceled with
// errAttemptTimedOut unless the clock is stopped within d.
func (k *attemptClock) start(ctx context.Context, d time.Duration) context.Context {
	actx, cancel := context.WithCancelCause(ctx)
	k.d, k.cancel = d, cancel
	k.timer = time.AfterFunc(d, func() { cancel(errAttemptTimedOut) })
	return actx
}

// timeBody stops the clock, the headers being in, and makes b (returned as
// resp.Body) the body, each Read of which runs the clock again for d.
func (k *attemptClock) timeBody(resp *http.Response, b *timedBody) {
	k.timer.Stop()
	b.rc, b.k = resp.Body, k
	resp.Body = b
}

// end stops the clock and releases the attempt's context.
func (k *attemptClock) end() {
	k.timer.Stop()
	k.cancel(context.Canceled)
}

// timedBody is a response body each Read of which must end within its
// clock's d.
type timedBody struct {
	rc io.ReadCloser
	k  *attemptClock
}

func (b *timedBody) Read(p []byte) (int, error) {
	b.k.timer.Reset(b.k.d)
	n, err := b.rc.Read(p)
	b.k.timer.Stop()
	return n, err
}

func (b *timedBody) Close() error { return b.rc.Close() }

// sendFailure classifies an error of sending or reading: the caller's
// context (final), the attempt's own deadline (retried), a refused redirect
// (final), anything else a transport failure (retried).
func (c *Client) sendFailure(ctx, actx context.Context, path string, err error) outcome {
	switch {
	case ctx.Err() != nil:
		return outcome{kind: failFinal, err: fmt.Errorf("gensee: %s: %w", path, ctx.Err())}
	case context.Cause(actx) == errAttemptTimedOut:
		return outcome{kind: failAttemptTimeout, err: &AttemptTimeoutError{Endpoint: path, After: c.timeout}}
	case errors.Is(err, errCrossHostRedirect):
		return outcome{kind: failFinal, err: fmt.Errorf("gensee: %s: %w", path, err)}
	}
	return outcome{kind: failTransport, err: fmt.Errorf("gensee: %s: %w", path, err)}
}

// AttemptTimeoutError is an attempt that ran out of the client's own time
// (WithAttemptTimeout, 2 minutes by default), not the caller's: connecting,
// the headers or one wait for more of the body took longer. It is retried
// like a dropped connection, and errors.Is(err, context.DeadlineExceeded)
// holds.
type AttemptTimeoutError struct {
	Endpoint string
	After    time.Duration // the client's per-attempt deadline (WithAttemptTimeout)
}

// Error says which endpoint's attempt timed out, and after how long.
func (e *AttemptTimeoutError) Error() string {
	return "gensee: " + e.Endpoint + ": the attempt timed out after " + e.After.String() + " (the client's own deadline)"
}

// Is reports whether target is context.DeadlineExceeded.
func (e *AttemptTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout reports true, as net.Error's does.
func (e *AttemptTimeoutError) Timeout() bool { return true }
