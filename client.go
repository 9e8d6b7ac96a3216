package gensee

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gensee-go/gensee/internal/form"
	"github.com/gensee-go/gensee/internal/wire"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

const (
	defaultUserAgent        = "gensee-go/" + Version
	defaultMaxResponseBytes = 32 << 20
	defaultTimeout          = 2 * time.Minute
	defaultPoolSize         = 32
	contentType             = "application/x-www-form-urlencoded; charset=UTF-8"
	errorExcerptBytes       = 512
)

// DefaultRetryPolicy is the policy of a client made without WithRetry: three
// attempts of an idempotent call, waiting 200ms, then about 400ms.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 3, MinBackoff: 200 * time.Millisecond, MaxBackoff: 5 * time.Second}

// RetryPolicy says how often and how patiently an idempotent call (info,
// list, status, sync and export endpoints) is tried again after a network
// error, HTTP 429, 502, 503 or 504, or return code 300. Writes are never
// retried: a second room/created could make a second room.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included; 1 turns retries off
	MinBackoff  time.Duration // first wait, doubled per attempt with jitter
	MaxBackoff  time.Duration // cap on one wait (a Retry-After header may ask for more, up to the context)
}

// Client calls the Gensee training integration API of one site. It is safe
// for concurrent use by many goroutines. Make one with NewClient and share it.
type Client struct {
	base      string // "https://demo.gensee.com/integration/site"
	hc        *http.Client
	creds     *credentials // behind a pointer, so that printing a Client shows no secret
	ua        string
	retry     RetryPolicy
	limiter   Limiter
	observers []Observer
	logger    *slog.Logger
	maxBytes  int64

	sizeHints sync.Map // path → the largest chunked body read from it, to size the next read

	common service

	Rooms       *RoomService       // live classrooms (实时课堂)
	Coursewares *CoursewareService // coursewares (课件) and transcoding
	Records     *RecordService     // recordings (录制件) and insert-play
	Docs        *DocService        // server-side documents (文档)
	Warmups     *WarmupService     // warm-up items (暖场件)
	Teachers    *TeacherService    // teacher accounts
	Exports     *ExportService     // attendance, engagement and usage exports
	FamousRooms *FamousRoomService // dual-teacher classrooms (双师课堂) and their tutorial rooms
	Groups      *GroupService      // student groups of a classroom
	MiniRooms   *MiniRoomService   // mini classrooms (微课堂)
}

type service struct{ c *Client }

// RoomService manages live classrooms (实时课堂): spec sections 5.1-5.4,
// 5.30, 5.36, 5.37, 5.41, 5.54 and 5.59.
type RoomService service

// CoursewareService manages coursewares (课件): spec sections 5.5-5.8, 5.11,
// 5.27, 5.28 and 5.38.
type CoursewareService service

// RecordService manages recordings (录制件): spec sections 5.10, 5.16, 5.17
// and 5.43.
type RecordService service

// DocService manages server-side documents: spec sections 5.22-5.24.
type DocService service

// WarmupService manages warm-up items (暖场件): spec sections 5.12-5.15.
type WarmupService service

// TeacherService manages teacher accounts: spec sections 5.9 and 5.40.
type TeacherService service

// ExportService exports attendance, engagement and usage data: spec sections
// 5.18-5.21, 5.25, 5.26, 5.29, 5.31-5.35, 5.39 and 5.42.
type ExportService service

// FamousRoomService manages dual-teacher classrooms (双师课堂) and their
// tutorial rooms (辅导端): spec sections 5.44-5.49.
type FamousRoomService service

// GroupService manages the student groups of a classroom: spec sections
// 5.50-5.53.
type GroupService service

// MiniRoomService manages mini classrooms (微课堂): spec sections 5.55-5.58.
type MiniRoomService service

// Option configures a Client in NewClient.
type Option func(*options)

type options struct {
	hc            *http.Client
	plainPassword bool
	passwordMD5   string
	ua            string
	retry         RetryPolicy
	limiter       Limiter
	observers     []Observer
	logger        *slog.Logger
	maxBytes      int64
	errs          []string
}

// WithHTTPClient makes the client send its requests with hc (its transport,
// timeout and cookies). The client works on a copy of hc whose redirect
// policy also refuses redirects to another host, so that credentials never
// leave the site.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) {
		if hc == nil {
			o.errs = append(o.errs, "WithHTTPClient needs a non-nil *http.Client")
			return
		}
		o.hc = hc
	}
}

// WithPlainPassword sends the password as given, without sec=true. By
// default the client sends its MD5 digest with sec=true.
func WithPlainPassword() Option { return func(o *options) { o.plainPassword = true } }

// WithPasswordMD5 sends hexDigest (the 32-digit MD5 of the password) with
// sec=true, for callers that store only the digest. NewClient's password
// argument is then ignored.
func WithPasswordMD5(hexDigest string) Option {
	return func(o *options) {
		o.passwordMD5 = hexDigest
		if hexDigest == "" {
			o.errs = append(o.errs, "WithPasswordMD5 needs a digest")
		}
	}
}

// WithUserAgent sets the User-Agent header (default "gensee-go/<Version>").
func WithUserAgent(ua string) Option { return func(o *options) { o.ua = ua } }

// WithRetry sets the retry policy of idempotent calls (default
// DefaultRetryPolicy). RetryPolicy{MaxAttempts: 1} turns retries off.
func WithRetry(p RetryPolicy) Option {
	return func(o *options) {
		if p.MaxAttempts < 1 {
			o.errs = append(o.errs, "WithRetry needs MaxAttempts >= 1")
		}
		if p.MinBackoff < 0 || p.MaxBackoff < 0 {
			o.errs = append(o.errs, "WithRetry needs non-negative backoffs")
		}
		o.retry = p
	}
}

// WithLogger logs one debug line per attempt (endpoint, HTTP status, return
// code, duration, attempt). Credentials are never logged.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMaxResponseBytes caps the response body the client reads (default 32
// MiB). A larger body fails with *ResponseTooLargeError.
func WithMaxResponseBytes(n int64) Option {
	return func(o *options) {
		if n < 1 {
			o.errs = append(o.errs, "WithMaxResponseBytes needs a positive limit")
		}
		o.maxBytes = n
	}
}

// NewClient returns a client of the site's training API.
//
// site is the site's domain as Gensee gives it ("demo.gensee.com"), which
// means https://, or a full base URL ("https://demo.gensee.com",
// "http://127.0.0.1:8080/"). Requests go to
// {base}/integration/site/training/…. An http:// site works, but sends the
// password digest (or the plain password) in clear text over the network.
//
// loginName and password are the site account's. By default the password is
// sent as its MD5 digest with sec=true (computed here, once); see
// WithPlainPassword and WithPasswordMD5. Missing credentials are an error
// here, not at the first call. NewClient sends nothing.
func NewClient(site, loginName, password string, opts ...Option) (*Client, error) {
	o := options{retry: DefaultRetryPolicy, ua: defaultUserAgent, maxBytes: defaultMaxResponseBytes}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if len(o.errs) > 0 {
		return nil, errors.New("gensee: NewClient: " + strings.Join(o.errs, "; "))
	}
	base, err := siteBase(site)
	if err != nil {
		return nil, err
	}
	creds, err := newCredentials(loginName, password, &o)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:     base,
		creds:    creds,
		ua:       o.ua,
		retry:    o.retry,
		logger:   o.logger,
		maxBytes: o.maxBytes,
	}
	c.limiter = o.limiter
	c.observers = o.observers
	if o.hc != nil {
		hc := *o.hc
		hc.CheckRedirect = sameHostRedirects(o.hc.CheckRedirect)
		c.hc = &hc
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = defaultPoolSize
		t.MaxConnsPerHost = defaultPoolSize
		c.hc = &http.Client{Transport: t, Timeout: defaultTimeout, CheckRedirect: sameHostRedirects(nil)}
	}
	c.common.c = c
	c.Rooms = (*RoomService)(&c.common)
	c.Coursewares = (*CoursewareService)(&c.common)
	c.Records = (*RecordService)(&c.common)
	c.Docs = (*DocService)(&c.common)
	c.Warmups = (*WarmupService)(&c.common)
	c.Teachers = (*TeacherService)(&c.common)
	c.Exports = (*ExportService)(&c.common)
	c.FamousRooms = (*FamousRoomService)(&c.common)
	c.Groups = (*GroupService)(&c.common)
	c.MiniRooms = (*MiniRoomService)(&c.common)
	return c, nil
}

// siteBase turns NewClient's site into "{scheme}://{host}[/prefix]/integration/site".
func siteBase(site string) (string, error) {
	s := strings.TrimSpace(site)
	if s == "" {
		return "", errors.New("gensee: NewClient: site is required")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("gensee: NewClient: site %q is not a domain or URL", site)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("gensee: NewClient: site %q must be http or https", site)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("gensee: NewClient: site %q must be a bare domain or a base URL", site)
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/") + "/integration/site", nil
}

// errCrossHostRedirect refuses a redirect that would carry the form (and its
// credentials) to another host, or from https to http.
var errCrossHostRedirect = errors.New("gensee: refusing a redirect to another host")

func sameHostRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Host != first.Host || (first.Scheme == "https" && req.URL.Scheme != "https") {
			return errCrossHostRedirect
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("gensee: stopped after 10 redirects")
		}
		return nil
	}
}

// secretive is implemented by requests that carry secrets of their own
// besides the site's credentials (a teacher's password, a 263 account's
// password): they are scrubbed from errors and log lines like the
// credentials.
type secretive interface{ secrets() []string }

// scrub removes the credentials and a request's own secrets from s.
func (c *Client) scrub(s string, secrets []string) string {
	s = c.creds.scrub(s)
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		s = strings.ReplaceAll(s, sec, "***")
		if q := url.QueryEscape(sec); q != sec {
			s = strings.ReplaceAll(s, q, "***")
		}
	}
	return s
}

// readOnly lists the endpoints that change nothing on the server: the only
// ones retried. It is the one place where idempotence is declared.
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

// Call sends any endpoint of the training API, for what the SDK does not
// wrap. path is like "/training/room/info"; params is a url.Values or a struct
// with `url` tags (or nil); the client adds the credentials. out (a pointer,
// or nil) receives the JSON body once the return code was checked to be 0.
// Calls to the read-only endpoints are retried as the typed methods are.
func (c *Client) Call(ctx context.Context, path string, params any, out any) error {
	if !strings.HasPrefix(path, "/training/") {
		return &ValidationError{Endpoint: path, Field: "path", Reason: `must start with "/training/"`}
	}
	return c.do(ctx, path, params, out)
}

// do is the one request path of every endpoint: encode, add credentials,
// send (with the limiter, retries and observers), read at most maxBytes,
// check the envelope and decode.
func (c *Client) do(ctx context.Context, path string, params any, out any) (err error) {
	if len(c.observers) > 0 {
		start, n := time.Now(), 0
		for _, o := range c.observers {
			if o.CallStart != nil {
				if nctx := o.CallStart(ctx, path); nctx != nil {
					ctx = nctx
				}
			}
		}
		ctx = context.WithValue(ctx, attemptCounterKey{}, &n)
		defer func() {
			res := &CallResult{Endpoint: path, Attempts: n, Duration: time.Since(start), Err: err}
			for _, o := range c.observers {
				if o.CallDone != nil {
					o.CallDone(ctx, res)
				}
			}
		}()
	}
	body, err := c.encodeBody(path, params)
	if err != nil {
		return err
	}
	var secrets []string
	if s, ok := params.(secretive); ok {
		secrets = s.secrets()
	}
	attempts := 1
	if readOnly[path] {
		attempts = c.retry.MaxAttempts
	}
	var last error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("gensee: %s: %w", path, err)
		}
		if c.limiter != nil {
			if err := c.limiter.Wait(ctx, path); err != nil {
				return c.limitErr(ctx, path, err, last)
			}
		}
		wait, err := c.attempt(ctx, path, body, out, attempt, attempt < attempts, secrets)
		if err == nil {
			return nil
		}
		if wait < 0 || attempt >= attempts {
			return err
		}
		last = err
		if d := c.backoff(attempt); d > wait {
			wait = d
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("gensee: %s: %w (giving up after attempt %d: %w)", path, ctx.Err(), attempt, err)
		case <-t.C:
		}
	}
}

// attemptCounterKey carries, in a call's context, the count of attempts made
// for the CallResult.
type attemptCounterKey struct{}

// limitErr reports a limiter's refusal: matchable with errors.Is, and joined
// with the previous attempt's error on a retry.
func (c *Client) limitErr(ctx context.Context, path string, err, last error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = ctx.Err()
	}
	e := fmt.Errorf("gensee: %s: waiting for the limiter: %w", path, err)
	if last != nil {
		return errors.Join(e, last)
	}
	return e
}

// encodeBody returns the form body of a call: the credentials' prefix (built
// once, in NewClient) and the encoded params.
func (c *Client) encodeBody(path string, params any) (string, error) {
	vals, err := form.Encode(params)
	if err != nil {
		return "", fmt.Errorf("gensee: %s: encoding the request: %w", path, err)
	}
	for _, k := range [...]string{"loginName", "password", "sec"} {
		if _, ok := vals[k]; ok {
			return "", &ValidationError{Endpoint: path, Field: k, Reason: "is set by the client and must not be in params"}
		}
	}
	enc := vals.Encode()
	if enc == "" {
		return c.creds.prefix, nil
	}
	return c.creds.prefix + "&" + enc, nil
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

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// attempt sends the request once. It returns nil, or the error with the wait
// before a retry: negative when the error must not be retried, otherwise at
// least the server's Retry-After.
func (c *Client) attempt(ctx context.Context, path, body string, out any, n int, more bool, secrets []string) (wait time.Duration, err error) {
	start := time.Now()
	status, code := 0, 0
	var hdr http.Header
	var read int64
	defer func() {
		if len(c.observers) > 0 {
			if p, ok := ctx.Value(attemptCounterKey{}).(*int); ok {
				*p = n
			}
			a := &Attempt{Endpoint: path, Number: n, StatusCode: status, Header: hdr, Code: Code(code),
				BodyBytes: read, Duration: time.Since(start), Err: err, Retry: err != nil && more && wait >= 0}
			for _, o := range c.observers {
				if o.AttemptDone != nil {
					o.AttemptDone(ctx, a)
				}
			}
		}
		if c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug) {
			attrs := []slog.Attr{
				slog.String("endpoint", path), slog.Int("status", status), slog.Int("code", code),
				slog.Duration("duration", time.Since(start)), slog.Int("attempt", n),
			}
			if err != nil {
				attrs = append(attrs, slog.String("error", c.scrub(err.Error(), secrets)))
			}
			c.logger.LogAttrs(ctx, slog.LevelDebug, "gensee call", attrs...)
		}
	}()

	req, rerr := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(body))
	if rerr != nil {
		err = fmt.Errorf("gensee: %s: %w", path, rerr)
		return -1, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	resp, derr := c.hc.Do(req)
	if derr != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("gensee: %s: %w", path, ctx.Err())
			return -1, err
		}
		err = c.scrubbed(fmt.Errorf("gensee: %s: %w", path, derr), secrets)
		if errors.Is(derr, errCrossHostRedirect) {
			return -1, err
		}
		return 0, err
	}
	status, hdr = resp.StatusCode, resp.Header
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 4<<20 {
			bufPool.Put(buf)
		}
	}()
	switch hint, ok := c.sizeHints.Load(path); {
	case resp.ContentLength > 0 && resp.ContentLength <= c.maxBytes:
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	case ok:
		// A chunked answer: as large as the largest this endpoint sent, so
		// that a big export is read without doubling its buffer again and again.
		buf.Grow(hint.(int) + bytes.MinRead)
	}
	read, rdErr := buf.ReadFrom(io.LimitReader(resp.Body, c.maxBytes+1))
	resp.Body.Close()
	if hint, ok := c.sizeHints.Load(path); resp.ContentLength < 0 && rdErr == nil && (!ok || buf.Len() > hint.(int)) {
		c.sizeHints.Store(path, buf.Len())
	}
	if rdErr != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("gensee: %s: %w", path, ctx.Err())
			return -1, err
		}
		err = fmt.Errorf("gensee: %s: reading the response: %w", path, rdErr)
		return 0, err
	}
	if int64(buf.Len()) > c.maxBytes {
		err = &ResponseTooLargeError{Endpoint: path, Limit: c.maxBytes}
		return -1, err
	}
	if status < 200 || status > 299 {
		err = c.httpError(path, resp, buf.Bytes(), secrets)
		switch status {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return retryAfter(resp.Header.Get("Retry-After"), time.Now()), err
		}
		return -1, err
	}
	code, err = c.decode(path, resp, buf.Bytes(), out, secrets)
	if err != nil && code == int(CodeSystemError) {
		return 0, err
	}
	return -1, err
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

func (c *Client) httpError(path string, resp *http.Response, b []byte, secrets []string) *HTTPError {
	// Scrub before cutting: a secret that straddles the cut would otherwise
	// be left half shown. A window is scrubbed, and widened until what
	// remains of it reaches past the excerpt by the longest secret, so that
	// a secret cut at the window's end lies beyond the excerpt.
	need := errorExcerptBytes + c.creds.longest()
	for _, sec := range secrets {
		need = max(need, errorExcerptBytes+len(url.QueryEscape(sec)))
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
		StatusCode:  resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Body:        strings.ToValidUTF8(s, ""),
	}
}

// decode checks the envelope of a 2xx body and decodes it into out, in one
// pass of wire.Normalize (control characters escaped, quoted scalars shaped
// for out's type, the code and message picked up) and one of encoding/json.
// It returns the return code it saw.
func (c *Client) decode(path string, resp *http.Response, b []byte, out any, secrets []string) (int, error) {
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
		return 0, c.scrubbed(fmt.Errorf("gensee: %s: decoding the response: %w", path, err), secrets)
	}
	wire.FillSlices(out) // a list the server left out is an empty list
	dropNilItems(out)    // a null element of a list is left out
	return 0, nil
}

// scrubbedError is an error whose text had a secret removed; it still
// unwraps to the original, for errors.Is and errors.As.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrubbed returns err, or an error of the same chain without the secrets
// in its text when the text held one (a server echoing them in a field
// that did not decode, or in a redirect's Location).
func (c *Client) scrubbed(err error, secrets []string) error {
	msg := err.Error()
	if s := c.scrub(msg, secrets); s != msg {
		return &scrubbedError{msg: s, err: errors.Unwrap(err)}
	}
	return err
}
