package gensee

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
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
// see docs/server-behaviour.md#live-events).
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
}

// DefaultDedupeTTL is how long a handler's Deduper remembers an event unless
// WithDedupeTTL says otherwise.
const DefaultDedupeTTL = 10 * time.Minute

// WithCallbackToken protects a callback URL with a secret of yours: register
// the URL with ?token=<token> in the site's console (or in CallbackURL), and
// the handler answers 403, without calling its function, to a request whose
// URL query does not carry exactly that token. The comparison is exact
// (case-sensitive) and takes constant time; a token in a POST body does not
// count. An empty token turns the check off.
func WithCallbackToken(token string) CallbackOption {
	return func(c *callbackConfig) { c.token = token }
}

// WithDeduper makes the handler call its function once per event, however
// often the event is delivered, and whichever replica behind a load
// balancer it reaches (when they share the Deduper: NewMemoryDeduper serves
// one process, the genseeredis module many).
//
// Gensee's callbacks carry no id, so an event is known by its content: for
// LiveEventHandler the five parameters ClassNo, Operator, Action, Affected
// and totalusernum exactly as sent; for TranscodeCallbackHandler
// gscoursewareId and gsstatus. The key given to the Deduper is "live:" or
// "transcode:" and the hex SHA-256 of those values joined by NUL bytes.
//
// A duplicate is answered 200 without calling the function. When FirstSeen
// fails the answer is 500 and the function is not called (the site may
// deliver again). When the function fails and the Deduper is also a
// Forgetter, the key is forgotten so that a redelivery is handled.
func WithDeduper(d Deduper) CallbackOption {
	return func(c *callbackConfig) { c.deduper = d }
}

// WithDedupeTTL sets how long the Deduper remembers an event (default
// DefaultDedupeTTL, 10 minutes; zero or less keeps the default).
//
// What it means for a user who leaves and rejoins: an event is known by its
// content only, so a user who joins, leaves and joins again within the ttl
// while the classroom holds as many users as at the first join
// (totalusernum) sends a second "joined" event identical to the first, and
// it is taken for a redelivery and dropped. Keep the ttl short (a minute)
// when you count joins from events, or count them from Exports.Attendance,
// which lists every visit.
func WithDedupeTTL(ttl time.Duration) CallbackOption {
	return func(c *callbackConfig) {
		if ttl > 0 {
			c.ttl = ttl
		}
	}
}

func newCallbackConfig(opts []CallbackOption) *callbackConfig {
	c := &callbackConfig{ttl: DefaultDedupeTTL}
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

// readCallback checks the method and the token and parses the form. It
// writes the answer and returns false when the request is refused.
func (c *callbackConfig) readCallback(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		plain(w, http.StatusMethodNotAllowed, "method not allowed")
		return false
	}
	if c.token != "" && !tokenMatches(r.URL.Query()["token"], c.token) {
		plain(w, http.StatusForbidden, "forbidden")
		return false
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxCallbackBytes)
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			plain(w, http.StatusRequestEntityTooLarge, "body too large")
			return false
		}
		plain(w, http.StatusBadRequest, "malformed form")
		return false
	}
	return true
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

// handle runs fn once per key (when a Deduper is set) and writes the answer.
func (c *callbackConfig) handle(w http.ResponseWriter, r *http.Request, key string, fn func() error) {
	ctx := r.Context()
	if c.deduper != nil {
		first, err := c.deduper.FirstSeen(ctx, key, c.ttl)
		if err != nil {
			plain(w, http.StatusInternalServerError, "deduper failed")
			return
		}
		if !first {
			plain(w, http.StatusOK, "ok (duplicate)")
			return
		}
	}
	ok := false
	defer func() {
		// fn failed or panicked: let a redelivery be handled.
		if !ok && c.deduper != nil {
			if f, can := c.deduper.(Forgetter); can {
				fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				_ = f.Forget(fctx, key)
				cancel()
			}
		}
	}()
	if err := fn(); err != nil {
		plain(w, http.StatusInternalServerError, "handler failed")
		return
	}
	ok = true
	plain(w, http.StatusOK, "ok")
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text + "\n"))
}

// parseLiveEvent reads a live event from a parsed form. It returns a reason
// when the event must be refused (400).
func parseLiveEvent(form url.Values) (*LiveEvent, string) {
	classNo := strings.TrimSpace(form.Get("ClassNo"))
	if classNo == "" {
		return nil, "ClassNo is required"
	}
	rawAction, has := form["Action"]
	if !has || len(rawAction) == 0 {
		return nil, "Action is required"
	}
	action, err := strconv.ParseInt(strings.TrimSpace(rawAction[0]), 10, 32)
	if err != nil {
		return nil, "Action must be a number"
	}
	ev := &LiveEvent{
		RoomID:   classNo,
		Action:   LiveAction(action),
		Operator: form.Get("Operator"),
		Affected: form.Get("Affected"),
		Query:    form,
	}
	ev.UID = operatorUID(ev.Operator)
	if n, err := strconv.Atoi(strings.TrimSpace(form.Get("totalusernum"))); err == nil && n >= 0 {
		ev.TotalUsers = n
	}
	return ev, ""
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
// (GET; a POST form is read too); the handler parses them into a LiveEvent
// and calls fn with the request's context. It panics if fn is nil.
//
// It answers:
//   - 200 once fn returned nil, or for a duplicate (WithDeduper);
//   - 500 when fn returned an error, or the Deduper failed;
//   - 400 for a missing or empty ClassNo, or a missing or non-numeric Action;
//   - 403 when WithCallbackToken is set and the URL query lacks the token;
//   - 405 for methods other than GET and POST;
//   - 413 for a body over 64 KiB.
//
// fn is called for none but the first two. Keep fn short: hand slow work on.
//
// Gensee does not sign these callbacks: anyone who learns the URL can call
// it. Protect it with WithCallbackToken, and before acting on an event that
// matters, re-check the state through the API. For example, on LiveEnded:
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
		if !cfg.readCallback(w, r) {
			return
		}
		ev, reason := parseLiveEvent(r.Form)
		if ev == nil {
			plain(w, http.StatusBadRequest, reason)
			return
		}
		f := r.Form
		key := dedupeKey("live:", f.Get("ClassNo"), f.Get("Operator"), f.Get("Action"), f.Get("Affected"), f.Get("totalusernum"))
		cfg.handle(w, r, key, func() error { return fn(r.Context(), ev) })
	})
}
