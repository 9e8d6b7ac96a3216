package gensee

import (
	"log/slog"
	"net/http"
	"time"
)

// RetryPolicy says how often and how patiently an idempotent call (info,
// list, status, sync and export endpoints) is tried again after a network
// error, an attempt that ran out of the client's own time, HTTP 429, 502, 503
// or 504, or return code 300. A write is retried only when its attempt
// provably never reached the server (a DNS failure, a refused connection, a
// failed TLS handshake, the attempt's deadline while connecting): once it
// may have been sent, a second room/created could make a second room.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included; 1 turns retries off
	MinBackoff  time.Duration // first wait, doubled per attempt with jitter
	MaxBackoff  time.Duration // cap on one wait (a Retry-After header may ask for more, up to the context)
}

// DefaultRetryPolicy returns the policy of a client made without WithRetry:
// three attempts of an idempotent call, waiting about 200ms, then about
// 400ms, never more than 5s at a time. It is a function, not a variable, so
// that no assignment can change every client at once.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, MinBackoff: 200 * time.Millisecond, MaxBackoff: 5 * time.Second}
}

// Option configures a Client in NewClient.
type Option func(*options)

// options gathers what the Option functions set, for NewClient to check
// and copy into the Client; its fields mirror the Client's on purpose.
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
	timeout       time.Duration  // WithAttemptTimeout's; 0: the default
	drift         *driftReporter // WithDriftReport (drift.go)
	errs          []string
}

// WithHTTPClient makes the client send its requests with hc: its transport,
// its Timeout and its cookies, as the caller set them. The client then adds
// no deadline of its own to an attempt, unless WithAttemptTimeout is given
// too (hc.Timeout, if set, bounds the whole exchange, the reading of a
// streamed export's rows included). hc is not copied: it
// is read at each call, so that a transport swapped into it later (httpmock's
// ActivateNonDefault, say) is used. Whatever hc.CheckRedirect allows, a
// redirect to another host, or from https to http, is refused before it is
// sent, so that the credentials in the form never leave the site.
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
// DefaultRetryPolicy()). RetryPolicy{MaxAttempts: 1} turns retries off; a
// single call can turn them off with WithCallOptions(ctx, NoRetry()).
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

// WithLogger writes exactly one Debug record per attempt, "gensee call",
// with the endpoint, attempt number, HTTP status, return code, duration,
// request_id (the X-Request-Id header sent) and the error, if any.
// Credentials are never logged.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMaxResponseBytes caps the response body the client reads (default 256
// MiB, enough for an export of a million rows). A larger body fails with
// *ResponseTooLargeError. The cap guards against a runaway server: it is
// checked as the bytes arrive, never by reading the whole body first, and
// the exports that decode their rows as the body arrives hold the rows, not
// the body (the …All walks not even the rows).
func WithMaxResponseBytes(n int64) Option {
	return func(o *options) {
		if n < 1 {
			o.errs = append(o.errs, "WithMaxResponseBytes needs a positive limit")
		}
		o.maxBytes = n
	}
}

// WithAttemptTimeout sets one attempt's own deadline (default 2 minutes with
// the client's own *http.Client; none with WithHTTPClient unless this option
// is given). It bounds connecting, the wait for the headers, and each wait
// for more of the body: a server that stops sending for longer than d ends
// the attempt with *AttemptTimeoutError (retried for reads, and for a write
// that was not sent yet). The time the caller spends between the rows of a
// streamed export (the body of an …All walk's loop) is never counted, so a
// slow consumer never fails a long walk. The caller's own context deadline
// (or Timeout call option) bounds the whole call, retries included.
func WithAttemptTimeout(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			o.errs = append(o.errs, "WithAttemptTimeout needs a positive duration")
			return
		}
		o.timeout = d
	}
}
