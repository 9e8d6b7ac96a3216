package gensee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/gensee-go/gensee/internal/wire"
)

// rowStream is an out that takes the rows of its answer's list as the body
// arrives: attempt hands the body to a wire.Lister (stream) and calls next
// for each row. Everything else about the call is as for any other out.
type rowStream struct {
	key string       // the answer's list, such as "list"
	row reflect.Type // a row's type
	// next decodes the next row and hands it on: more is false at the end
	// of the list, at an error of the body (l.Err), or when the receiver
	// stopped; err is the row's own decoding error.
	next func(l *wire.Lister) (more bool, err error)
	// reset, when set, forgets an attempt's rows (collected into a result
	// of the call), so that the call may be retried after some rows;
	// without it, rows go to the caller as they come.
	reset       func()
	given, stop bool // a row was handed out; the receiver stopped
}

// newRowStream returns the rowStream of a list of E: each row is decoded
// into a new *E by Lister.Decode, tidied by wire.Tidy as a buffered answer
// is, and handed to each, which returns false to stop.
func newRowStream[E any](key string, each func(*E) bool, reset func()) *rowStream {
	s := &rowStream{key: key, row: reflect.TypeFor[E](), reset: reset}
	s.next = func(l *wire.Lister) (bool, error) {
		v := new(E)
		if ok, err := l.Decode(v); !ok || err != nil {
			return false, err
		}
		wire.Tidy(v)
		s.given, s.stop = true, !each(v)
		return !s.stop, nil
	}
	return s
}

// handedOut reports whether a row of this attempt went where it cannot be
// taken back: the call may then not be retried, lest rows repeat.
func (s *rowStream) handedOut() bool { return s.given && s.reset == nil }

// stream reads a 2xx answer into s (see streamRows), reading at most
// c.maxBytes of the body: one byte more is a *ResponseTooLargeError, found
// as the bytes arrive. An error after some rows comes after them, and is
// not retried when rows went out. The body is closed on return.
func (c *Client) stream(ctx, actx context.Context, cs *callState, resp *http.Response, s *rowStream, o outcome) outcome {
	defer resp.Body.Close()
	if s.reset != nil {
		s.reset()
	}
	l := wire.NewLister(&io.LimitedReader{R: resp.Body, N: c.maxBytes + 1}, s.key)
	err := c.streamRows(cs, resp, l, s)
	switch o.read = l.BytesRead(); {
	case err == nil && (s.stop || o.read <= c.maxBytes):
		o.kind = failNone
		return o
	case o.read > c.maxBytes:
		o.read, o.kind, o.err = c.maxBytes, failFinal, &ResponseTooLargeError{Endpoint: cs.path, Limit: c.maxBytes}
	default:
		f := c.streamFailure(ctx, actx, cs, resp, l, err)
		o.kind, o.err, o.code = f.kind, f.err, f.code
	}
	if s.handedOut() {
		o.kind = failFinal // rows went out: another attempt would repeat them
	}
	return o
}

// streamRows reads the envelope up to the list (a body that is not JSON is
// an *HTTPError, a non-zero code there an *APIError), hands each row to s
// as it is decoded, then reads the rest of the body (a code after the list
// is checked there). A walk the receiver stopped leaves the rest unread.
func (c *Client) streamRows(cs *callState, resp *http.Response, l *wire.Lister, s *rowStream) error {
	env := l.Envelope()
	if err := l.Err(); err != nil {
		return err
	}
	if env.CodeSet {
		if _, err := c.envelopeErr(cs.path, resp, l.Head(), env, cs.secrets); err != nil {
			return err
		}
	}
	for {
		more, err := s.next(l)
		if err != nil {
			return &DecodeError{Endpoint: cs.path, Err: err}
		}
		if !more {
			break
		}
	}
	if s.stop {
		return nil
	}
	env, err := l.Finish()
	if err == nil {
		_, err = c.envelopeErr(cs.path, resp, l.Head(), env, cs.secrets)
	}
	return err
}

// streamFailure classifies what ended a streamed body: the envelope's and
// the rows' own errors as decode does, and a failed read as a failed send
// (retried, unless rows went out).
func (c *Client) streamFailure(ctx, actx context.Context, cs *callState, resp *http.Response, l *wire.Lister, err error) outcome {
	var (
		syntax *wire.SyntaxError
		api    *APIError
		httpE  *HTTPError
		decode *DecodeError
	)
	switch {
	case errors.As(err, &api):
		if api.Code == CodeSystemError {
			return outcome{kind: failSystem, err: err, code: int(api.Code)}
		}
		return outcome{kind: failFinal, err: err, code: int(api.Code)}
	case errors.As(err, &httpE), errors.As(err, &decode):
		return outcome{kind: failFinal, err: err}
	case errors.As(err, &syntax):
		return outcome{kind: failFinal, err: c.httpError(cs.path, resp, l.Head(), cs.secrets)}
	case errors.Is(err, wire.ErrTwoLists), errors.Is(err, wire.ErrNotArray):
		return outcome{kind: failFinal, err: &DecodeError{Endpoint: cs.path, Err: err}}
	}
	f := c.sendFailure(ctx, actx, cs.path, err)
	if f.kind == failTransport {
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // the Lister's wrapping of the reader's error
		}
		f.err = fmt.Errorf("gensee: %s: reading the response: %w", cs.path, err)
	}
	return f
}
