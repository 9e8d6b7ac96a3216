package gensee

import (
	"context"
	"net/http"
	"time"
)

// CallOption changes one call, without changing the method's signature: it
// travels in the call's context (WithCallOptions).
type CallOption func(*callOptions)

type callOptions struct {
	noRetry   bool
	timeout   time.Duration
	observers []Observer
}

type callOptionsKey struct{}

// WithCallOptions returns a context whose calls use opts, on top of the
// client's options and of call options already in ctx (the later win):
//
//	var resp gensee.Response
//	ctx := gensee.WithCallOptions(ctx, gensee.NoRetry(), gensee.Timeout(5*time.Second), gensee.CaptureResponse(&resp))
//	room, err := c.Rooms.Get(ctx, roomID)
//	log.Print(resp.RequestID, resp.StatusCode, resp.Attempts)
//
// Every call made with the returned context (and contexts derived from it)
// uses them.
func WithCallOptions(ctx context.Context, opts ...CallOption) context.Context {
	co := &callOptions{}
	if prev, ok := ctx.Value(callOptionsKey{}).(*callOptions); ok {
		*co = *prev
		co.observers = append([]Observer(nil), prev.observers...)
	}
	for _, o := range opts {
		if o != nil {
			o(co)
		}
	}
	return context.WithValue(ctx, callOptionsKey{}, co)
}

// callOptionsFrom returns the call options in ctx, or nil.
func callOptionsFrom(ctx context.Context) *callOptions {
	co, _ := ctx.Value(callOptionsKey{}).(*callOptions)
	return co
}

// NoRetry sends the call once, also when the endpoint is a read that the
// client's RetryPolicy would retry.
func NoRetry() CallOption { return func(o *callOptions) { o.noRetry = true } }

// Timeout bounds the whole call, retries and their waits included, like a
// context deadline of the caller's: its expiry ends the call with an error
// matching context.DeadlineExceeded and is not retried. d <= 0 means no
// bound of its own.
func Timeout(d time.Duration) CallOption { return func(o *callOptions) { o.timeout = d } }

// WithCallObserver returns a context whose calls are also reported to o, after
// the client's own observers (WithObserver). It is how per-call options
// such as CaptureResponse are built.
func WithCallObserver(ctx context.Context, o Observer) context.Context {
	return WithCallOptions(ctx, func(co *callOptions) { co.observers = append(co.observers, o) })
}

// Response is what CaptureResponse records of a call, for diagnostics: the
// last attempt's answer and the call's totals. Gensee sends no request id of
// its own; RequestID is the X-Request-Id the client sent.
type Response struct {
	Endpoint   string        // the path called
	RequestID  string        // the X-Request-Id header sent with every attempt of the call
	StatusCode int           // the last attempt's HTTP status; 0 when no answer came
	Header     http.Header   // the last answer's headers, scrubbed of secrets; nil when no answer came
	Code       Code          // the last answer's return code
	BodyBytes  int64         // bytes of the last answer's body read
	Attempts   int           // attempts made (0 when none was sent)
	Duration   time.Duration // the whole call, waits included
}

// CaptureResponse fills r when the call returns, successful or not. Several
// calls made one after another with the same context overwrite r, the last
// one winning; calls made at the same time need an r each. r is reset when
// a call starts, so that a call refused before sending (a *ValidationError
// of any method's own checks or of Call, a Limiter's refusal, a context
// already ended) leaves a call of 0 attempts there, never the previous call's request id or status. Header is
// scrubbed as errors are: a value echoing the password or its digest shows
// "***". It is a per-call Observer (WithCallObserver).
func CaptureResponse(r *Response) CallOption {
	o := Observer{
		CallStart: func(_ context.Context, endpoint string) context.Context {
			*r = Response{Endpoint: endpoint}
			return nil
		},
		AttemptDone: func(_ context.Context, a *Attempt) {
			r.Endpoint, r.RequestID = a.Endpoint, a.RequestID
			r.StatusCode, r.Header, r.Code, r.BodyBytes = a.StatusCode, a.Header, a.Code, a.BodyBytes
		},
		CallDone: func(_ context.Context, c *CallResult) {
			r.Endpoint, r.Attempts, r.Duration = c.Endpoint, c.Attempts, c.Duration
			if c.Attempts == 0 {
				r.RequestID, r.StatusCode, r.Header, r.Code, r.BodyBytes = "", 0, nil, 0, 0
			}
		},
	}
	return func(co *callOptions) { co.observers = append(co.observers, o) }
}
