package gensee

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// Reading an answer's body whole (the answers that are not streamed, see
// rowstream.go), into pooled buffers sized from what is known of it.

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
