package gensee

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/gensee-go/gensee/internal/wire"
)

// maxSizeHint bounds the size hint of a chunked answer (see readBody): one
// outlier may cost one later read at most this much, never its own size.
const maxSizeHint = 1 << 20

// readBuf is a pooled read buffer, with the limiting reader readBody reads
// the body through (kept here so that a call allocates neither).
type readBuf struct {
	bytes.Buffer
	lr io.LimitedReader
}

var bufPool = sync.Pool{New: func() any { return new(readBuf) }}

// putBuf returns a read buffer to the pool, unless it grew too large to keep.
func putBuf(buf *readBuf) {
	if buf != nil && buf.Cap() <= 4<<20 {
		bufPool.Put(buf)
	}
}

// readBody reads the body of resp, at most c.maxBytes of it (more is a
// *ResponseTooLargeError). A body of known length is read into a buffer of
// that size; a chunked one into a buffer sized by the last chunked answer of
// the same endpoint, bounded by maxSizeHint, so that one large export does
// not make every later small call allocate its size. The buffer goes back
// with putBuf.
func (c *Client) readBody(path string, resp *http.Response) (*readBuf, int64, error) {
	buf := bufPool.Get().(*readBuf)
	buf.Reset()
	switch hint, ok := c.sizeHints.Load(path); {
	case resp.ContentLength > 0 && resp.ContentLength <= c.maxBytes:
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	case ok:
		buf.Grow(hint.(int) + bytes.MinRead)
	}
	buf.lr = io.LimitedReader{R: resp.Body, N: c.maxBytes + 1}
	read, err := buf.ReadFrom(&buf.lr)
	buf.lr.R = nil
	resp.Body.Close()
	if err != nil {
		return buf, read, err
	}
	if read > c.maxBytes {
		return buf, read, &ResponseTooLargeError{Endpoint: path, Limit: c.maxBytes}
	}
	if resp.ContentLength < 0 {
		c.sizeHints.Store(path, min(buf.Len(), maxSizeHint))
	}
	return buf, read, nil
}

// sizeHint returns the size hint of path's chunked answers (0: none), for
// tests.
func (c *Client) sizeHint(path string) int {
	if h, ok := c.sizeHints.Load(path); ok {
		return h.(int)
	}
	return 0
}

// httpError builds the *HTTPError of an answer that is not the envelope,
// with a short excerpt of b from which every secret was removed.
func (c *Client) httpError(path string, resp *http.Response, b []byte, secrets []string) *HTTPError {
	// Scrub before cutting: a secret that straddles the cut would otherwise
	// be left half shown. A window is scrubbed, and widened until what
	// remains of it reaches past the excerpt by the longest secret, so that
	// a secret cut at the window's end lies beyond the excerpt.
	need := errorExcerptBytes + c.creds.longest()
	for _, sec := range secrets {
		need = max(need, errorExcerptBytes+len(sec))
	}
	var s string
	for window := need; ; window *= 2 {
		if window >= len(b) {
			s = c.scrub(string(b), secrets)
			break
		}
		if s = c.scrub(string(b[:window]), secrets); len(s) >= need {
			break
		}
	}
	if len(s) > errorExcerptBytes {
		s = s[:errorExcerptBytes]
	}
	return &HTTPError{
		Endpoint:    path,
		URL:         c.base + path,
		StatusCode:  resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Body:        strings.ToValidUTF8(s, ""),
	}
}

// decode checks the envelope of a 2xx body and decodes it into out. It
// returns the return code it saw.
//
// A flat answer (see wire.DecodeEnvelope) into a zero value is read,
// envelope included, in one pass. Any other answer, and a flat one the flat
// decoder leaves to encoding/json, takes one pass of wire.Normalize (which
// copies nothing while nothing needs to change) and one of encoding/json,
// which also decides what the error is.
func (c *Client) decode(path string, resp *http.Response, b []byte, out any, secrets []string) (int, error) {
	if out != nil {
		if rv := reflect.ValueOf(out); rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().IsZero() {
			env, ok := wire.DecodeEnvelope(b, out)
			if ok && env.CodeSet {
				// Only a success takes it: an error answer is rare, and the
				// normalizing path decides whether it is an *APIError or a
				// malformed body.
				if code, err := strconv.Atoi(env.Code); err == nil && code == 0 {
					wire.Tidy(out)
					return 0, nil
				}
			}
			rv.Elem().SetZero()
		}
	}
	return c.decodeNormalized(path, resp, b, out, secrets)
}

// decodeNormalized is decode's general path, through wire.Normalize.
//
// encoding/json/v2 (GOEXPERIMENT=jsonv2 today) would replace this pass:
// its Decoder takes raw control characters and quoted numbers per field
// through options and unmarshalers, so Normalize and the second pass would
// go once it is the standard encoding/json.
func (c *Client) decodeNormalized(path string, resp *http.Response, b []byte, out any, secrets []string) (int, error) {
	var t reflect.Type
	if out != nil {
		t = reflect.TypeOf(out)
	}
	nb, env, ok := wire.Normalize(b, t)
	if !ok || !env.CodeSet {
		return 0, c.httpError(path, resp, b, secrets)
	}
	code, err := strconv.Atoi(env.Code)
	if err != nil {
		return 0, c.httpError(path, resp, b, secrets)
	}
	if code != 0 {
		return code, &APIError{Endpoint: path, Code: Code(code), Message: c.scrub(env.Message, secrets)}
	}
	// Normalize reads the envelope without checking every value: a body
	// that is not JSON (a bare word where a value goes) must not pass for a
	// success, also when nothing is decoded.
	if out == nil {
		if !json.Valid(nb) {
			return 0, c.httpError(path, resp, b, secrets)
		}
		return 0, nil
	}
	if err := json.Unmarshal(nb, out); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return 0, c.httpError(path, resp, b, secrets)
		}
		return 0, &DecodeError{Endpoint: path, Err: err}
	}
	wire.Tidy(out)
	return 0, nil
}
