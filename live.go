package gensee

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// LiveAction is what a live event (实时系统回调) reports: the Action
// parameter of the callback. An action the SDK does not know is kept as its
// number.
type LiveAction int

// The actions of the live-event callback (Gensee's 实时系统回调 document;
// see FIELD-NOTES "Live events").
const (
	LiveJoined         LiveAction = 101 // a user joined the classroom
	LiveRoomCreated    LiveAction = 102 // the classroom was created
	LiveStarted        LiveAction = 103 // the live class started
	LivePaused         LiveAction = 104 // the live class paused
	LiveEnded          LiveAction = 105 // the live class ended
	LiveRecordingEnded LiveAction = 106 // the recording ended (the courseware follows)
	LiveLeft           LiveAction = 107 // a user left the classroom
	LiveLeftAbnormally LiveAction = 110 // a user left abnormally (dropped)
	PlaybackStarted    LiveAction = 111 // courseware playback started
	PlaybackEnded      LiveAction = 112 // courseware playback ended
)

// String returns "joined", "room-created", "started", "paused", "ended",
// "recording-ended", "left", "left-abnormally", "playback-started",
// "playback-ended", or "LiveAction(N)" for an unknown number.
func (a LiveAction) String() string {
	switch a {
	case LiveJoined:
		return "joined"
	case LiveRoomCreated:
		return "room-created"
	case LiveStarted:
		return "started"
	case LivePaused:
		return "paused"
	case LiveEnded:
		return "ended"
	case LiveRecordingEnded:
		return "recording-ended"
	case LiveLeft:
		return "left"
	case LiveLeftAbnormally:
		return "left-abnormally"
	case PlaybackStarted:
		return "playback-started"
	case PlaybackEnded:
		return "playback-ended"
	}
	return "LiveAction(" + strconv.Itoa(int(a)) + ")"
}

// LiveEvent is one live-event callback (实时系统回调), as LiveEventHandler
// parses it.
type LiveEvent struct {
	RoomID     string     // ClassNo: the classroom's id (not its number)
	Action     LiveAction // Action; an unknown number is kept, not refused
	Operator   string     // Operator as sent: a one-letter prefix and a user id
	UID        int64      // the user id in Operator, 0 when it carries none
	Affected   string     // Affected as sent
	TotalUsers int        // totalusernum (0 when missing or not a number)
	Query      url.Values // everything the site sent (query and POST form), token included
}

// CallbackOption configures LiveEventHandler and TranscodeCallbackHandler.
type CallbackOption func(*callbackConfig)

type callbackConfig struct {
	token   string
	deduper Deduper
	ttl     time.Duration
	// pendingWait bounds how long a delivery that repeats an event still
	// being handled waits for that handling; pollEvery is the first pause
	// between two looks (doubled up to maxPoll).
	pendingWait time.Duration
	pollEvery   time.Duration
}

// DefaultDedupeTTL is how long a handler's Deduper remembers an event unless
// WithDedupeTTL says otherwise.
const DefaultDedupeTTL = 10 * time.Minute

// defaultPendingWait is how long a repeat of an event still being handled
// waits for that handling before it is answered 503.
const defaultPendingWait = 10 * time.Second

// maxPoll caps the pause between two looks at an event being handled.
const maxPoll = 250 * time.Millisecond

// WithCallbackToken protects a callback URL with a secret of yours: register
// the URL with ?token=<token> in the site's console (or in CallbackURL), and
// the handler answers 403, without calling its function, to a request whose
// URL query does not carry exactly that token. The comparison is exact
// (case-sensitive) and takes constant time; a token in a POST body does not
// count. An empty token turns the check off.
func WithCallbackToken(token string) CallbackOption {
	return func(c *callbackConfig) { c.token = token }
}

// WithDeduper makes the handler call its function once per delivered event,
// however often that event is delivered again, and whichever replica behind
// a load balancer it reaches (when they share the Deduper: NewMemoryDeduper
// serves one process, the genseeredis module many).
//
// Gensee's callbacks carry no id, no timestamp and no signature, so a
// redelivery can only be told from a new event by what came before it. A
// callback is a redelivery when it repeats the latest event received on its
// stream, within the ttl (WithDedupeTTL), with no other event of the stream
// in between. For LiveEventHandler the stream is one operator (Operator) in
// one classroom (ClassNo) and an event is its five parameters ClassNo,
// Operator, Action, Affected and totalusernum as sent; for
// TranscodeCallbackHandler the stream is one courseware (gscoursewareId) and
// an event is gscoursewareId and gsstatus as sent. The handlers give the
// Deduper the stream "live:" or "transcode:" and the hex SHA-256 of the
// stream's values joined by NUL bytes, and the event as the hex SHA-256 of
// its values joined likewise.
//
// So a user who leaves and rejoins (101, 107, 101), or a class started,
// ended and started again (103, 105, 103, 105), reaches the function every
// time, and a redelivery once, even when other classrooms' or other users'
// events come in between.
//
// The answers: a redelivery of a handled event is answered 200 without
// calling the function. A repeat of an event whose handling has begun and
// not finished (a redelivery racing the first delivery, on this replica or
// another) waits for that handling, up to 10 seconds: when it succeeds the
// repeat is answered 200 without calling the function; when it fails, the
// repeat is handled in its place (the function is called); when it is still
// running the repeat is answered 503 with Retry-After, so that a 200 is
// never answered for an event that nobody handled. When the Deduper fails
// the answer is 500 and the function is not called (the site may deliver
// again). When the function fails or panics, the event is forgotten, so
// that a redelivery is handled.
func WithDeduper(d Deduper) CallbackOption {
	return func(c *callbackConfig) { c.deduper = d }
}

// WithDedupeTTL sets how long the Deduper remembers the latest event of a
// stream (default DefaultDedupeTTL, 10 minutes; zero or less keeps the
// default). A repeat of it after the ttl is handled again.
//
// The ttl does not make a user who leaves and rejoins look like a
// redelivery: their "left" event comes in between the two "joined" ones.
// What it bounds is how late a redelivery can come and still be dropped,
// and how long an event whose handling never finished (a replica that died
// in the middle of it) keeps its repeats waiting and then answered 503.
func WithDedupeTTL(ttl time.Duration) CallbackOption {
	return func(c *callbackConfig) {
		if ttl > 0 {
			c.ttl = ttl
		}
	}
}

func newCallbackConfig(opts []CallbackOption) *callbackConfig {
	c := &callbackConfig{ttl: DefaultDedupeTTL, pendingWait: defaultPendingWait, pollEvery: 10 * time.Millisecond}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// maxCallbackBytes caps the body a callback may send: a larger one is
// answered 413.
const maxCallbackBytes = 64 << 10

// checkCallback checks the method and the token. It writes the answer and
// returns false when the request is refused.
func (c *callbackConfig) checkCallback(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		plain(w, http.StatusMethodNotAllowed, "method not allowed")
		return false
	}
	if c.token != "" {
		query, _ := lenientQuery(r.URL.RawQuery)
		if !tokenMatches(query["token"], c.token) {
			plain(w, http.StatusForbidden, "forbidden")
			return false
		}
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxCallbackBytes)
	}
	return true
}

// refuseParse answers the error of a callback's parsing: 413 for a body
// too large, 400 otherwise.
func refuseParse(w http.ResponseWriter, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		plain(w, http.StatusRequestEntityTooLarge, "body too large")
		return
	}
	plain(w, http.StatusBadRequest, err.Error())
}

// tokenMatches compares in constant time: both sides are hashed first, so
// that not even the token's length leaks.
func tokenMatches(got []string, want string) bool {
	if len(got) != 1 {
		return false
	}
	a, b := sha256.Sum256([]byte(got[0])), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// dedupeKey is prefix and the hex SHA-256 of the values joined by NUL bytes.
func dedupeKey(prefix string, values ...string) string {
	h := sha256.New()
	for i, v := range values {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(v))
	}
	return prefix + hex.EncodeToString(h.Sum(nil))
}

// handle runs fn for an event of a stream unless the Deduper (when one is
// set) says it is a redelivery, and writes the answer.
func (c *callbackConfig) handle(w http.ResponseWriter, r *http.Request, stream, event string, fn func() error) {
	ctx := r.Context()
	if c.deduper == nil {
		if err := fn(); err != nil {
			plain(w, http.StatusInternalServerError, "handler failed")
			return
		}
		plain(w, http.StatusOK, "ok")
		return
	}
	seen, err := c.claim(ctx, stream, event)
	switch {
	case err != nil:
		plain(w, http.StatusInternalServerError, "deduper failed")
		return
	case seen == SeenHandled:
		plain(w, http.StatusOK, "ok (duplicate)")
		return
	case seen == SeenPending:
		w.Header().Set("Retry-After", strconv.Itoa(int((c.pendingWait+time.Second-1)/time.Second)))
		plain(w, http.StatusServiceUnavailable, "the same event is being handled")
		return
	}
	// After fn, the Deduper is told the outcome even if the request's
	// context has ended (bounded: the Deduper may be slow).
	after := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	}
	handled := false
	defer func() {
		if !handled { // fn failed or panicked: let a redelivery be handled.
			fctx, cancel := after()
			_ = c.deduper.Forget(fctx, stream, event)
			cancel()
		}
	}()
	if err := fn(); err != nil {
		plain(w, http.StatusInternalServerError, "handler failed")
		return
	}
	handled = true
	// fn succeeded: the answer is 200 even when the Deduper cannot record
	// it (its repeats then wait, and are answered 503, until the ttl).
	hctx, cancel := after()
	_ = c.deduper.Handled(hctx, stream, event, c.ttl)
	cancel()
	plain(w, http.StatusOK, "ok")
}

// claim asks the Deduper about event; while it repeats an event being
// handled it asks again, until that handling ends, pendingWait has passed
// or ctx ends.
func (c *callbackConfig) claim(ctx context.Context, stream, event string) (Seen, error) {
	deadline := time.Now().Add(c.pendingWait)
	pause := c.pollEvery
	for {
		seen, err := c.deduper.Latest(ctx, stream, event, c.ttl)
		if err != nil || seen != SeenPending {
			return seen, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return SeenPending, nil
		}
		t := time.NewTimer(min(pause, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return SeenPending, nil
		case <-t.C:
		}
		pause = min(2*pause, maxPoll)
	}
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text + "\n"))
}

// callbackForm is a callback's parameters read leniently: the body's
// (a POST form) first, then the query's, as net/http orders them. bad names
// the parameters whose first value had a malformed percent-escape (kept as
// sent: "50%" stays "50%").
type callbackForm struct {
	values url.Values
	bad    map[string]bool
}

// readCallbackForm reads r's query and, for a POST with a form body, the
// body (at most 64 KiB: more is an *http.MaxBytesError). When r's form was
// already parsed (r.PostForm set) the body's values are taken from there.
// It fills r.Form and r.PostForm when they are nil.
func readCallbackForm(r *http.Request) (callbackForm, error) {
	f := callbackForm{values: url.Values{}, bad: map[string]bool{}}
	post := url.Values{}
	switch {
	case r.PostForm != nil:
		for k, vs := range r.PostForm {
			post[k] = append(post[k], vs...)
		}
	case r.Method == http.MethodPost && r.Body != nil && isFormBody(r):
		b, err := io.ReadAll(io.LimitReader(r.Body, maxCallbackBytes+1))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return f, fmt.Errorf("gensee: callback: the body is over %d bytes: %w", maxCallbackBytes, err)
			}
			return f, fmt.Errorf("gensee: callback: reading the body: %w", err)
		}
		if len(b) > maxCallbackBytes {
			return f, fmt.Errorf("gensee: callback: the body is over %d bytes: %w", maxCallbackBytes, &http.MaxBytesError{Limit: maxCallbackBytes})
		}
		lenientInto(string(b), post, f.bad)
	}
	for k, vs := range post {
		f.values[k] = append(f.values[k], vs...)
	}
	if r.URL != nil {
		lenientInto(r.URL.RawQuery, f.values, f.bad)
	}
	if r.PostForm == nil {
		r.PostForm = post
	}
	if r.Form == nil {
		r.Form = f.values
	}
	return f, nil
}

// isFormBody reports whether r's body is a URL-encoded form (what
// Request.ParseForm reads).
func isFormBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// lenientQuery parses a query leniently (lenientInto).
func lenientQuery(raw string) (url.Values, map[string]bool) {
	v, bad := url.Values{}, map[string]bool{}
	lenientInto(raw, v, bad)
	return v, bad
}

// lenientInto adds the pairs of a URL-encoded query to into. Unlike
// url.ParseQuery, a pair with a malformed percent-escape is not dropped: the
// '%' that starts no escape is kept as it is, and the parameter is marked
// in bad when it is its first value. Pairs are separated by '&' only.
func lenientInto(raw string, into url.Values, bad map[string]bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, _ := lenientUnescape(k) // a malformed name names no parameter read
		val, ok := lenientUnescape(v)
		if len(into[key]) == 0 {
			bad[key] = !ok
		}
		into[key] = append(into[key], val)
	}
}

// lenientUnescape decodes '+' and the valid %XX escapes of s; it reports
// false when s has a '%' that starts no valid escape (kept as is).
func lenientUnescape(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, true
	}
	ok := true
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case c == '%':
			ok = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ok
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// wellFormed returns the first value of the required parameter name, or an
// error naming it and the rule it breaks: present, not blank, no malformed
// percent-escape.
func (f callbackForm) wellFormed(what, name string) (string, error) {
	vs, has := f.values[name]
	switch {
	case !has || len(vs) == 0 || strings.TrimSpace(vs[0]) == "":
		return "", fmt.Errorf("gensee: %s: %s is required (a non-blank parameter)", what, name)
	case f.bad[name]:
		return "", fmt.Errorf("gensee: %s: %s has a malformed percent-escape (%%XX with two hex digits)", what, name)
	}
	return vs[0], nil
}

// ParseLiveEvent reads the live event (实时系统回调) of a request, as
// LiveEventHandler does: for those who serve the callback URL with a router
// of their own. It reads the query parameters ClassNo, Operator, Action,
// Affected and totalusernum, and a POST's URL-encoded form body too (its
// values first, at most 64 KiB), leniently: a malformed percent-escape in a
// parameter other than ClassNo and Action (Affected=50%) never loses the
// event; the value is kept as sent ("50%"). It checks neither the method
// nor a token; it fills r.Form and r.PostForm when they are nil.
//
// The error names the parameter and the rule: ClassNo must be present, not
// blank, and well escaped; Action likewise, and a whole number (an unknown
// number is kept). A body over 64 KiB is an error wrapping an
// *http.MaxBytesError.
func ParseLiveEvent(r *http.Request) (*LiveEvent, error) {
	f, err := readCallbackForm(r)
	if err != nil {
		return nil, err
	}
	return f.liveEvent()
}

func (f callbackForm) liveEvent() (*LiveEvent, error) {
	classNo, err := f.wellFormed("live event", "ClassNo")
	if err != nil {
		return nil, err
	}
	rawAction, err := f.wellFormed("live event", "Action")
	if err != nil {
		return nil, err
	}
	action, err := strconv.ParseInt(strings.TrimSpace(rawAction), 10, 32)
	if err != nil {
		return nil, fmt.Errorf("gensee: live event: Action must be a whole number (a 32-bit action code), got %q", clip(rawAction))
	}
	ev := &LiveEvent{
		RoomID:   strings.TrimSpace(classNo),
		Action:   LiveAction(action),
		Operator: f.values.Get("Operator"),
		Affected: f.values.Get("Affected"),
		Query:    f.values,
	}
	ev.UID = operatorUID(ev.Operator)
	if n, err := strconv.Atoi(strings.TrimSpace(f.values.Get("totalusernum"))); err == nil && n >= 0 {
		ev.TotalUsers = n
	}
	return ev, nil
}

// clip shortens a value quoted in an error.
func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}

// operatorUID drops Operator's one-letter prefix and parses the rest as a
// user id; 0 when it is not a non-negative number. An Operator of digits
// only is read whole.
func operatorUID(op string) int64 {
	op = strings.TrimSpace(op)
	if op != "" && (op[0] >= 'a' && op[0] <= 'z' || op[0] >= 'A' && op[0] <= 'Z') {
		op = op[1:]
	}
	if op == "" || op[0] == '+' || op[0] == '-' {
		return 0
	}
	uid, err := strconv.ParseInt(op, 10, 64)
	if err != nil {
		return 0
	}
	return uid
}

// LiveEventHandler returns the handler to serve at the URL registered for
// live events (实时系统回调) in the site's console. The site calls it with
// the query parameters ClassNo, Operator, Action, Affected and totalusernum
// (GET; a POST form is read too); the handler parses them as ParseLiveEvent
// does and calls fn with the request's context. It panics if fn is nil.
//
// It answers:
//   - 200 once fn returned nil, or for a redelivery (WithDeduper);
//   - 500 when fn returned an error, or the Deduper failed;
//   - 503 (with Retry-After) for a repeat of an event whose handling is
//     still running after 10 seconds (WithDeduper);
//   - 400 for a missing, blank or badly escaped ClassNo or Action, or a
//     non-numeric Action; a stray '%' in another parameter is no reason:
//     the event is delivered with the value as sent;
//   - 403 when WithCallbackToken is set and the URL query lacks the token;
//   - 405 for methods other than GET and POST;
//   - 413 for a body over 64 KiB.
//
// fn is called for none but the first two. Keep fn short: hand slow work on.
//
// Redeliveries. Gensee's callbacks carry no id, no timestamp and no
// signature, and nothing shows whether Gensee delivers a callback again
// after a failed or slow answer: a 500 asks for a redelivery that may never
// come. With WithDeduper, a callback is a redelivery when it repeats the
// latest event of the same operator in the same classroom (all five
// parameters as sent) within the dedupe ttl, with no other event of that
// operator and classroom in between; it is answered 200 without calling fn.
// So a student who leaves and rejoins, or a class started, ended and started
// again, reaches fn every time. A repeat that races the first delivery
// waits for its outcome (see WithDeduper): it never gets a 200 for an event
// that was not handled.
//
// fn should still be idempotent: a redelivery after the ttl, or after
// another event of the same operator, is handled again; so is one that
// reaches two replicas with a MemoryDeduper each (share a genseeredis
// Deduper instead), and one that comes after the ttl when the Deduper could
// not record that the first handling succeeded (until then it is answered
// 503); and anyone who learns the URL can replay an event.
//
// Gensee does not sign these callbacks: protect the URL with
// WithCallbackToken, and before acting on an event that matters, re-check
// the state through the API. For example, on LiveEnded:
//
//	if ev.Action == gensee.LiveEnded {
//		st, err := client.Rooms.Status(ctx, ev.RoomID) // query/status
//		if err != nil {
//			return err // 500: the site may deliver again
//		}
//		if st == gensee.LiveStatusLive {
//			return nil // not over: a forged or stale event
//		}
//		go waitForRecording(ev.RoomID) // Coursewares.WaitForRecordings
//	}
func LiveEventHandler(fn func(ctx context.Context, ev *LiveEvent) error, opts ...CallbackOption) http.Handler {
	if fn == nil {
		panic("gensee: LiveEventHandler: nil fn")
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
		ev, err := f.liveEvent()
		if err != nil {
			refuseParse(w, err)
			return
		}
		v := f.values
		stream := dedupeKey("live:", v.Get("ClassNo"), v.Get("Operator"))
		event := dedupeKey("", v.Get("ClassNo"), v.Get("Operator"), v.Get("Action"), v.Get("Affected"), v.Get("totalusernum"))
		cfg.handle(w, r, stream, event, func() error { return fn(r.Context(), ev) })
	})
}
