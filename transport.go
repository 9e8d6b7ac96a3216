package gensee

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
)

// defaultHTTPClient is the client's own *http.Client when WithHTTPClient was
// not given: a clone of http.DefaultTransport with a pool of defaultPoolSize
// connections to the site, behind the redirect guard. When http.DefaultTransport is not an
// *http.Transport (httpmock's Activate, a tracing wrapper) it is used as it
// is. It has no Timeout: each attempt gets its own deadline instead (see
// Client.attempt), which costs less than http.Client.Timeout and is told
// apart from the caller's own deadline.
func defaultHTTPClient(base *url.URL) *http.Client {
	rt := http.DefaultTransport
	if t, ok := rt.(*http.Transport); ok {
		t = t.Clone()
		t.MaxIdleConnsPerHost = defaultPoolSize
		t.MaxConnsPerHost = defaultPoolSize
		rt = t
	}
	return &http.Client{Transport: &redirectGuard{next: rt, base: base}, CheckRedirect: limitRedirects}
}

// limitRedirects is the default client's redirect policy: at most 10, as
// net/http's own. Where a redirect may go is the redirect guard's business.
func limitRedirects(_ *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("gensee: stopped after 10 redirects")
	}
	return nil
}

// errCrossHostRedirect refuses a redirect that would carry the form (and its
// credentials) to another host, or from https to http.
var errCrossHostRedirect = errors.New("gensee: refusing a redirect to another host or from https to http")

// redirectGuard wraps the transport of every request: a request that follows
// a redirect (req.Response is set) goes out only to the site's host, and
// never from https down to http. It is below the *http.Client, so that no
// CheckRedirect of the caller's client can let a redirect through.
type redirectGuard struct {
	next http.RoundTripper
	base *url.URL
}

// RoundTrip refuses a redirect away from the site and sends anything else.
func (g *redirectGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Response != nil && (req.URL.Host != g.base.Host || (g.base.Scheme == "https" && req.URL.Scheme != "https")) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, errCrossHostRedirect
	}
	next := g.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// guardedClient is a call's view of the caller's *http.Client: a copy made
// for the call (so that the transport in it now is the one used) whose
// transport goes through the redirect guard. One allocation holds both.
type guardedClient struct {
	hc    http.Client
	guard redirectGuard
}

// httpClient returns the *http.Client an attempt is sent with.
func (c *Client) httpClient() *http.Client {
	if c.hc == nil {
		return c.def
	}
	g := &guardedClient{hc: *c.hc}
	g.guard = redirectGuard{next: c.hc.Transport, base: c.baseURL}
	g.hc.Transport = &g.guard
	return &g.hc
}

// requestIDPrefix is drawn from crypto/rand once per process; each call's id
// adds a counter to it, so that ids are unique without a random draw per
// call.
var requestIDPrefix = sync.OnceValue(func() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "gensee-"
	}
	return hex.EncodeToString(b[:]) + "-"
})

var requestIDCounter atomic.Uint64

// newRequestID returns the X-Request-Id of a call, like "9f86d081884c-42":
// one allocation.
func newRequestID() string {
	var buf [40]byte
	b := append(buf[:0], requestIDPrefix()...)
	b = strconv.AppendUint(b, requestIDCounter.Add(1), 10)
	return string(b)
}

// CloseIdleConnections closes the idle connections of the wrapped transport,
// so that (*http.Client).CloseIdleConnections reaches it.
func (g *redirectGuard) CloseIdleConnections() {
	if ci, ok := g.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// outgoing is what an attempt allocates for its request beside the request
// itself, in one piece: the body's reader and the X-Request-Id header's
// value.
type outgoing struct {
	body bytes.Reader
	id   [1]string
}

// newRequest builds the POST of one attempt as http.NewRequestWithContext
// would with a *bytes.Reader body (the same ContentLength, Body and GetBody,
// for a redirect to send the form again), with fewer allocations: the URL
// string of each path is built once, the body's reader and the request id's
// header value share one allocation, and the fixed headers' values, built
// once in NewClient, are shared (net/http only reads them).
func (c *Client) newRequest(ctx context.Context, cs *callState, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.urls.of(c.base, cs.path), nil)
	if err != nil {
		return nil, err
	}
	o := &outgoing{id: [1]string{cs.requestID}}
	o.body.Reset(body)
	req.Body = io.NopCloser(&o.body) // a reader net/http knows is in memory
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.Header["Content-Type"] = c.fixedHeaders[0]
	req.Header["Accept"] = c.fixedHeaders[1]
	req.Header["User-Agent"] = c.fixedHeaders[2]
	req.Header["X-Request-Id"] = o.id[:]
	return req, nil
}

// urlCache holds the URL string of each path called, so that a call does
// not build it: a map replaced (copied, with one more path) under mu, read
// without a lock.
type urlCache struct {
	m  atomic.Pointer[map[string]string]
	mu sync.Mutex
}

// of returns base+path, built once per path.
func (u *urlCache) of(base, path string) string {
	if m := u.m.Load(); m != nil {
		if s, ok := (*m)[path]; ok {
			return s
		}
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	old := u.m.Load()
	if old != nil {
		if s, ok := (*old)[path]; ok {
			return s
		}
	}
	s := base + path
	if old != nil && len(*old) >= 256 {
		return s // Call with ever new paths: keep the cache bounded
	}
	m := make(map[string]string, 1+len(ptrMap(old)))
	for k, v := range ptrMap(old) {
		m[k] = v
	}
	m[path] = s
	u.m.Store(&m)
	return s
}

func ptrMap(m *map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	return *m
}

// sendTrace tells, after an attempt failed, whether any byte of its request
// may have reached the server. net/http's Transport reports through
// httptrace when it starts looking for a connection (GetConn) and when it has
// one (GotConn, after the dial and the TLS handshake): before GotConn nothing
// can have been written, and after it the request may be written at any
// moment by the transport's own goroutine, so GotConn is the line. A
// transport that reports nothing (httpmock, a wrapper of its own) is judged
// by its error alone: only a failed dial, DNS lookup or TLS handshake means
// not sent.
type sendTrace struct {
	ct      httptrace.ClientTrace
	getConn atomic.Bool
	gotConn atomic.Bool
}

// attach returns ctx carrying t's hooks (composed with any trace of the
// caller's already in ctx).
func (t *sendTrace) attach(ctx context.Context) context.Context {
	t.ct.GetConn = func(string) { t.getConn.Store(true) }
	t.ct.GotConn = func(httptrace.GotConnInfo) { t.gotConn.Store(true) }
	return httptrace.WithClientTrace(ctx, &t.ct)
}

// sent reports whether the request that failed with err may have reached
// the server.
func (t *sendTrace) sent(err error) bool {
	if t.gotConn.Load() {
		return true
	}
	if t.getConn.Load() {
		return false // net/http's transport, and it never had a connection
	}
	return !dialFailure(err)
}

// dialFailure reports whether err is one of making a connection: a DNS
// lookup, a dial (a refused connection, an unreachable network) or a TLS
// handshake that failed. Nothing of a request is sent before those succeed.
func dialFailure(err error) bool {
	var (
		dns   *net.DNSError
		op    *net.OpError
		cert  *tls.CertificateVerificationError
		rec   tls.RecordHeaderError
		auth  x509.UnknownAuthorityError
		host  x509.HostnameError
		inval x509.CertificateInvalidError
	)
	switch {
	case errors.As(err, &dns), errors.As(err, &cert), errors.As(err, &rec),
		errors.As(err, &auth), errors.As(err, &host), errors.As(err, &inval):
		return true
	case errors.As(err, &op):
		return op.Op == "dial"
	}
	return false
}
