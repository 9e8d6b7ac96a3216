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
// TranscodeDocument and TranscodeMedia (courseware/transcode and
// media/transcode, spec sections 5.27 and 5.28). When a conversion ends, the
// Gensee server sends gscoursewareId (the courseware's id) and gsstatus
// ("ok" or "error"); the handler reads them from the query or the form body
// (leniently, as ParseLiveEvent does: a malformed escape in gsstatus keeps
// its value as sent) and calls fn with the request's context. It panics if
// fn is nil.
//
// It takes the options of LiveEventHandler and answers like it: 200 once fn
// returned nil, 500 when fn returned an error (so that the server may
// deliver again), 400 for a missing, blank or badly escaped gscoursewareId,
// 403 without the WithCallbackToken token in the URL query, 405 for methods
// other than GET and POST, 413 for a body over 64 KiB; fn is called for
// none but the first two. With WithDeduper, the stream is one courseware
// (gscoursewareId) and a notification is gscoursewareId and gsstatus as
// sent: a repeat of the latest notification of that courseware is a
// redelivery, answered 200 without calling fn; after fn failed, a
// redelivery is handled; a repeat racing the first delivery waits for its
// outcome; a failing Deduper is answered 500 (see WithDeduper). As with live
// events, nothing shows whether the server delivers again after a failure,
// so let fn be idempotent.
//
// The callback may arrive before TranscodeDocument or TranscodeMedia has
// returned: let fn hand events to a buffered channel or a store that the
// caller reads later, rather than to something the caller sets up after
// the call.
//
// The callback carries no signature: put a token of yours in the callback
// URL (…?token=…) and pass it to WithCallbackToken.
func TranscodeCallbackHandler(fn func(ctx context.Context, ev *TranscodeEvent) error, opts ...CallbackOption) http.Handler {
	if fn == nil {
		panic("gensee: TranscodeCallbackHandler: nil fn")
	}
	cfg := newCallbackConfig(opts)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cfg.checkCallback(w, r) {
			return
		}
		f, err := readCallbackForm(r)
		if err != nil {
			refuseParse(w, err)
			return
		}
		id, err := f.wellFormed("transcode callback", "gscoursewareId")
		if err != nil {
			refuseParse(w, err)
			return
		}
		ev := &TranscodeEvent{
			CoursewareID: strings.TrimSpace(id),
			Status:       TranscodeStatus(strings.ToLower(strings.TrimSpace(f.values.Get("gsstatus")))),
			Form:         f.values,
		}
		stream := dedupeKey("transcode:", id)
		event := dedupeKey("", id, f.values.Get("gsstatus"))
		cfg.handle(w, r, stream, event, func() error { return fn(r.Context(), ev) })
	})
}
