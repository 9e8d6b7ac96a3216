package gensee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gensee-go/gensee/internal/wire"
)

// streamer is an out that takes the rows of its answer's list as the body
// arrives, instead of the answer decoded from a buffered body: the request
// path (attempt) hands the size-limited body to a wire.Lister and calls next
// for each row. Everything else about the call (limiter, retries, observers,
// the envelope's checks, the errors) is the same as for any other out.
type streamer interface {
	// listKey is the key of the answer's list, such as "list".
	listKey() string
	// begin is called before each attempt reads its body.
	begin()
	// next decodes the next row and hands it on: more is false at the end
	// of the list, at an error of the body (l.Err), or when the receiver
	// stopped; err is the row's own decoding error.
	next(l *wire.Lister) (more bool, err error)
	// stopped reports whether the receiver stopped the walk.
	stopped() bool
	// handedOut reports whether a row of this attempt went where it cannot
	// be taken back: the call may then not be retried, lest rows repeat.
	handedOut() bool
}

// rowStream is the streamer of a list of E. Each row is decoded into a new
// *E with Lister.Decode (the flat decoder for a flat row, the normalized
// element and encoding/json otherwise: see wire.Lister.Decode), tidied by
// wire.Tidy as a buffered answer is (null elements of its lists dropped,
// missing lists empty) and handed to
// each, which returns false to stop. With reset set, the rows are collected
// into a result of the call: reset forgets an attempt's rows, so that the
// call may be retried after some rows; without it, rows go to the caller as
// they come and a retry is allowed only before the first.
type rowStream[E any] struct {
	key   string
	each  func(*E) bool
	reset func()
	given bool
	stop  bool
}

func (s *rowStream[E]) listKey() string { return s.key }

func (s *rowStream[E]) begin() {
	if s.reset != nil {
		s.reset()
	}
}

func (s *rowStream[E]) next(l *wire.Lister) (bool, error) {
	v := new(E)
	ok, err := l.Decode(v)
	if !ok || err != nil {
		return false, err
	}
	wire.Tidy(v)
	s.given = true
	if !s.each(v) {
		s.stop = true
		return false, nil
	}
	return true, nil
}

func (s *rowStream[E]) stopped() bool   { return s.stop }
func (s *rowStream[E]) handedOut() bool { return s.given && s.reset == nil }

// errOverCap is capReader's error for a body longer than its cap.
var errOverCap = errors.New("gensee: the body is longer than the response cap")

// capReader reads at most left bytes of r: a body with more fails with
// errOverCap once those were read, so that the cap is checked as the bytes
// arrive, never by reading the whole body first.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a body of exactly the cap from a longer one.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, errOverCap
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// stream reads a 2xx answer into s: the envelope up to the list (a body that
// is not JSON is an *HTTPError, a non-zero code there an *APIError), each
// row handed to s as it is decoded, then the rest of the body (a code after
// the list is checked there). An error after some rows comes after them.
// The body is closed on return; a walk the receiver stopped leaves the rest
// unread and is a success.
func (c *Client) stream(ctx, actx context.Context, cs *callState, resp *http.Response, s streamer, o outcome) outcome {
	defer resp.Body.Close()
	s.begin()
	l := wire.NewLister(&capReader{r: resp.Body, left: c.maxBytes}, s.listKey())
	fail := func(err error) outcome {
		o.read = l.BytesRead()
		f := c.streamFailure(ctx, actx, cs, resp, l, err)
		o.kind, o.err, o.code = f.kind, f.err, f.code
		if o.kind != failFinal && s.handedOut() {
			o.kind = failFinal // rows went out: another attempt would repeat them
		}
		return o
	}
	env := l.Envelope()
	if err := l.Err(); err != nil {
		return fail(err)
	}
	if env.CodeSet {
		if err := c.envelopeErr(cs, resp, l, env); err != nil {
			return fail(err)
		}
	}
	for {
		more, err := s.next(l)
		if err != nil {
			return fail(&DecodeError{Endpoint: cs.path, Err: err})
		}
		if !more {
			break
		}
	}
	if s.stopped() {
		o.read, o.kind = l.BytesRead(), failNone
		return o
	}
	env, err := l.Finish()
	if err != nil {
		return fail(err)
	}
	if !env.CodeSet {
		return fail(c.httpError(cs.path, resp, l.Head(), cs.secrets))
	}
	if err := c.envelopeErr(cs, resp, l, env); err != nil {
		return fail(err)
	}
	o.read, o.kind = l.BytesRead(), failNone
	return o
}

// envelopeErr checks the return code of a streamed envelope: nil for 0, an
// *APIError for another number, an *HTTPError for what is not a number.
func (c *Client) envelopeErr(cs *callState, resp *http.Response, l *wire.Lister, env wire.Envelope) error {
	code, err := strconv.Atoi(env.Code)
	if err != nil {
		return c.httpError(cs.path, resp, l.Head(), cs.secrets)
	}
	if code != 0 {
		return &APIError{Endpoint: cs.path, Code: Code(code), Message: c.scrub(env.Message, cs.secrets)}
	}
	return nil
}

// streamFailure classifies what ended a streamed body: the envelope's and the
// rows' own errors as decode does, a body over the cap as readBody does, and a
// failed read as a failed send (retried, unless rows went out).
func (c *Client) streamFailure(ctx, actx context.Context, cs *callState, resp *http.Response, l *wire.Lister, err error) outcome {
	path := cs.path
	var (
		syntax *wire.SyntaxError
		api    *APIError
		httpE  *HTTPError
		decode *DecodeError
	)
	switch {
	case errors.As(err, &api):
		kind := failFinal
		if api.Code == CodeSystemError {
			kind = failSystem
		}
		return outcome{kind: kind, err: err, code: int(api.Code)}
	case errors.As(err, &httpE), errors.As(err, &decode):
		return outcome{kind: failFinal, err: err}
	case errors.Is(err, errOverCap):
		return outcome{kind: failFinal, err: &ResponseTooLargeError{Endpoint: path, Limit: c.maxBytes}}
	case errors.As(err, &syntax):
		return outcome{kind: failFinal, err: c.httpError(path, resp, l.Head(), cs.secrets)}
	case errors.Is(err, wire.ErrTwoLists), errors.Is(err, wire.ErrNotArray):
		return outcome{kind: failFinal, err: &DecodeError{Endpoint: path, Err: err}}
	}
	f := c.sendFailure(ctx, actx, path, err)
	if f.kind == failTransport {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // the Lister's wrapping of the reader's error
		}
		f.err = fmt.Errorf("gensee: %s: reading the response: %w", path, err)
	}
	return f
}
