package gensee

import (
	"context"
	"net/http"
	"time"
)

// Observer receives a report of every call a client makes and of each of its
// attempts: for metrics, traces and diagnostics. Any field may be nil. The
// reports never carry credentials: errors are the ones the call returns
// (scrubbed), an answer's headers are scrubbed the same way, and no request
// body or URL query is shown.
//
// A client's observers are set with WithObserver; a single call can have its
// own with WithCallObserver (per-call options are built on it). The hooks run
// on the calling goroutine and should return quickly.
type Observer struct {
	// CallStart runs before the first attempt of a call. The context it
	// returns (nil: unchanged) is the one the call runs in: a tracer puts its
	// span there, and the attempts' requests carry it.
	CallStart func(ctx context.Context, endpoint string) context.Context
	// AttemptDone runs after each attempt, also one that failed.
	AttemptDone func(ctx context.Context, a *Attempt)
	// CallDone runs once, when the call returns. A call refused before
	// anything was sent (a *ValidationError of a method's own checks or of
	// Call, the Limiter's refusal, a context already ended) is reported
	// too: CallStart, no AttemptDone, and a CallDone of 0 attempts with the
	// error.
	CallDone func(ctx context.Context, c *CallResult)
	// WalkStart runs before the first page of an …All walk is asked for;
	// the context it returns (nil: unchanged) is the one the walk's calls
	// run in, so a tracer can make the pages children of the walk.
	WalkStart func(ctx context.Context, endpoint string) context.Context
	// WalkDone runs once, when the walk ends (last page, error or break).
	WalkDone func(ctx context.Context, w *WalkResult)
}

// WalkResult is the report of a whole …All walk.
type WalkResult struct {
	Endpoint string        // the path every page calls
	Pages    int           // calls made (pages, or export pieces)
	Rows     int           // rows yielded to the caller
	Duration time.Duration // from WalkStart to the end
	Err      error         // the error the walk yielded, nil otherwise
}

// Attempt is the report of one attempt of a call.
type Attempt struct {
	Endpoint   string        // the path, "/training/room/info"
	Number     int           // 1 for the first attempt
	RequestID  string        // the X-Request-Id header sent with it
	StatusCode int           // the HTTP status; 0 when no answer came
	Header     http.Header   // the answer's headers, scrubbed of secrets (a copy, when one was there); nil when no answer came
	Code       Code          // the return code read from the envelope (0 also when none was read)
	BodyBytes  int64         // bytes of the answer's body read
	Duration   time.Duration // from sending to the end of decoding
	Err        error         // nil on success; marked ErrNotSent or ErrOutcomeUnknown as a call's error is, by this attempt alone
	Retry      bool          // another attempt follows
	URL        string        // the address called (never with credentials: they go in the body)
	LimitWait  time.Duration // time this attempt waited on the client's Limiter before it was sent
}

// CallResult is the report of a whole call.
type CallResult struct {
	Endpoint  string
	RequestID string        // the X-Request-Id header sent with every attempt
	Attempts  int           // attempts made (0 when none was sent)
	Duration  time.Duration // from CallStart to the return
	Err       error         // what the call returns
}

// WithObserver adds o to the client's observers; several may be given, and
// each sees every call, in the order given.
func WithObserver(o Observer) Option {
	return func(opts *options) { opts.observers = append(opts.observers, o) }
}
