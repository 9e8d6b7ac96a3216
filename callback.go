package gensee

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// TranscodeStatus is the outcome the server reports to a transcode callback
// URL (gsstatus, spec sections 5.27 and 5.28).
type TranscodeStatus string

// The documented values of TranscodeStatus.
const (
	TranscodeStatusOK    TranscodeStatus = "ok"    // converted
	TranscodeStatusError TranscodeStatus = "error" // the conversion failed
)

// TranscodeEvent is one notification of a transcode callback.
type TranscodeEvent struct {
	CoursewareID string          // gscoursewareId: the courseware of the TranscodeResult
	Status       TranscodeStatus // gsstatus, lower-cased; "" when the server sent none
	Form         url.Values      // every value of the request (query and form body)
}

// TranscodeCallbackHandler returns the handler to serve at the CallbackURL of
// TranscodeDocument and TranscodeMedia. When a conversion ends, the Gensee
// server posts gscoursewareId (the courseware's id) and gsstatus ("ok" or
// "error"); the handler reads them from the form body or the query, calls fn
// with the request's context, and answers 200 once fn returns (keep fn
// short, or hand the event on). It panics if fn is nil.
//
// It takes the options of LiveEventHandler and answers like it: 400 for a
// request without gscoursewareId, 403 without the WithCallbackToken token
// in the URL query, 405 for methods other than GET and POST, 413 for a body
// over 64 KiB; fn is not called for any of them. With WithDeduper, a
// notification is known by gscoursewareId and gsstatus as sent: a duplicate
// is answered 200 without calling fn, and a failing Deduper 500.
//
// The callback may arrive before TranscodeDocument or TranscodeMedia has
// returned: let fn hand events to a buffered channel or a store that the
// caller reads later, rather than to something the caller sets up after
// the call.
//
// The callback carries no signature: put a token of yours in the callback
// URL (…?token=…) and pass it to WithCallbackToken.
func TranscodeCallbackHandler(fn func(ctx context.Context, ev TranscodeEvent), opts ...CallbackOption) http.Handler {
	if fn == nil {
		panic("gensee: TranscodeCallbackHandler: nil fn")
	}
	cfg := newCallbackConfig(opts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cfg.readCallback(w, r) {
			return
		}
		id := strings.TrimSpace(r.Form.Get("gscoursewareId"))
		if id == "" {
			plain(w, http.StatusBadRequest, "gscoursewareId is required")
			return
		}
		ev := TranscodeEvent{
			CoursewareID: id,
			Status:       TranscodeStatus(strings.ToLower(strings.TrimSpace(r.Form.Get("gsstatus")))),
			Form:         r.Form,
		}
		key := dedupeKey("transcode:", r.Form.Get("gscoursewareId"), r.Form.Get("gsstatus"))
		cfg.handle(w, r, key, func() error {
			fn(r.Context(), ev)
			return nil
		})
	})
}
