package gensee

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/gensee-go/gensee/internal/form"
)

// Call sends any endpoint of the training API, for what the SDK does not
// wrap, and is retried as the typed methods are when the endpoint is a read.
//
// path is like "/training/room/info": it must start with "/training/" and
// may not hold "." or ".." segments, "?", "#" or "%" (so no percent-encoded
// dot either), which could take the credentials elsewhere or into the URL.
//
// params is one of: nil; url.Values; map[string]string; a struct (or a
// pointer to one) with `url:"name"` tags, encoded as
// github.com/google/go-querystring encodes it. The client adds loginName,
// password and sec: params holding any of them is refused. Values of
// teacherPassword and sitePassword are sent, and scrubbed from errors and
// logs like the site's password.
//
// out is nil, or a non-nil pointer that receives the JSON body once its
// return code was checked to be 0.
//
// Everything refused is a *ValidationError (Field "path", "out" or the
// parameter's name), returned before anything is sent; observers see it as
// a call of 0 attempts.
func (c *Client) Call(ctx context.Context, path string, params any, out any) error {
	if reason := badPath(path); reason != "" {
		return c.run(ctx, path, nil, nil, &ValidationError{Endpoint: path, Field: "path", Reason: reason})
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return c.run(ctx, path, nil, nil, &ValidationError{Endpoint: path, Field: "out", Reason: fmt.Sprintf("must be nil or a non-nil pointer, got %T", out)})
		}
	}
	return c.do(ctx, path, params, out)
}

// badPath returns why path may not be sent by Call, or "".
func badPath(path string) string {
	if !strings.HasPrefix(path, "/training/") {
		return `must start with "/training/"`
	}
	if i := strings.IndexAny(path, "?#%"); i >= 0 {
		return fmt.Sprintf("may not contain %q", path[i])
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return `may not contain "." or ".." segments`
		}
	}
	for i := 0; i < len(path); i++ {
		if path[i] <= ' ' || path[i] == 0x7f {
			return "may not contain spaces or control characters"
		}
	}
	return ""
}

// encodeBody returns the form body of a call (the credentials' prefix, built
// once in NewClient, and the encoded params) and the call's own secrets.
//
// A request type whose keys are known from the type (every request type of
// the SDK) and holds none that the client sets or scrubs is written straight
// after the prefix by form.AppendEncode, byte for byte what url.Values'
// Encode gives; any other params go through url.Values, where those keys are
// checked.
func (c *Client) encodeBody(path string, params any) ([]byte, []string, error) {
	var own []string
	if s, ok := params.(secretive); ok {
		own = s.secrets()
	}
	if keys, ok := form.Keys(reflect.TypeOf(params)); ok && !slices.ContainsFunc(keys, specialKey) {
		b := make([]byte, 0, len(c.creds.prefix)+16*len(keys)+16)
		b = append(b, c.creds.prefix...)
		b, err := form.AppendEncode(b, params)
		if err != nil {
			return nil, nil, fmt.Errorf("gensee: %s: encoding the request: %w", path, err)
		}
		return b, own, nil
	}
	vals, err := form.Encode(params)
	if err != nil {
		return nil, nil, fmt.Errorf("gensee: %s: encoding the request: %w", path, err)
	}
	for _, k := range [...]string{"loginName", "password", "sec"} {
		if _, ok := vals[k]; ok {
			return nil, nil, &ValidationError{Endpoint: path, Field: k, Reason: "is set by the client and must not be in params"}
		}
	}
	for _, k := range secretParams {
		own = append(own, vals[k]...)
	}
	enc := vals.Encode()
	if enc == "" {
		return []byte(c.creds.prefix), own, nil
	}
	return []byte(c.creds.prefix + "&" + enc), own, nil
}

// specialKey reports whether a form key is one the client sets (the
// credentials) or scrubs (secretParams): encodeBody checks those in
// url.Values.
func specialKey(k string) bool {
	switch k {
	case "loginName", "password", "sec":
		return true
	}
	for _, s := range secretParams {
		if k == s {
			return true
		}
	}
	return false
}

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
	if s, ok := out.(streamer); ok && o.status >= 200 && o.status <= 299 {
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
