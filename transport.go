package gensee

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
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
