package genseetest

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gensee-go/gensee"
)

// The live-event actions the Server sends (see gensee.LiveAction).
const (
	liveJoined         = 101
	liveStarted        = 103
	liveEnded          = 105
	liveRecordingEnded = 106
	liveLeft           = 107
)

// SiteOperatorUID is the user id the Server names in the Operator of the
// classroom's own events: 103 (started), 105 (ended) and 106 (recording
// ended) go with Operator "u1". A real site's Operator is a one-letter
// prefix followed by a numeric user id, and receivers read the id after the
// first letter; which user a real site names for these three events is not
// known, so the Server names its own site account, the CreatorID of the
// recordings and coursewares it makes, in that same form. The events of a
// user (101 joined, 107 left) name that user: "u" and the uid.
const SiteOperatorUID int64 = 1

// liveConfig holds the class play's options.
type liveConfig struct {
	recordingLag time.Duration // WithRecordingLag
	timeout      time.Duration // WithLiveDeliveryTimeout; 0: defaultLiveTimeout
	closeWait    time.Duration // how long Close waits for pending events; 0: defaultLiveCloseWait
}

const (
	defaultLiveTimeout   = 10 * time.Second
	defaultLiveCloseWait = 3 * time.Second
)

// WithRecordingLag sets how long after EndLive the class's recording
// appears: record/syn lists it after half the lag, courseware/list shows its
// courseware after the whole lag, and then the Server emits event 106. The
// default, 0, makes both appear within EndLive itself, before it returns.
// The lag is kept by the clock, whatever the event receiver does: one that
// is slow to answer, or never answers, delays the events after it, never
// the recording.
func WithRecordingLag(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.live.recordingLag = d
		}
	}
}

// WithLiveDeliveryTimeout sets how long the Server waits for the
// receiver's answer to one live event (default 10 seconds). An event that
// gets no answer in time fails (LiveDeliveryErrors) and the next one is
// sent. Zero or less keeps the default.
func WithLiveDeliveryTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.live.timeout = d
		}
	}
}

// LiveDelivery is one live event the Server sent, or failed to send, as
// LiveDeliveries reports it.
type LiveDelivery struct {
	URL        string     // the callback URL, without its query
	Query      url.Values // ClassNo, Operator, Action, Affected and totalusernum (and the URL's own query)
	StatusCode int        // the receiver's answer; 0 when none came
	Err        error      // nil for a 2xx answer
}

// liveClass is a room's current session: from the first StartLive or
// JoinLive after the last EndLive, to the next EndLive. The attendance rows
// of the users present are found by room and uid (the last open one), never
// kept by position: LoadState may replace the rows at any time.
type liveClass struct {
	started bool // StartLive was called: EndLive ends a session
	start   time.Time
	present map[int64]bool
	peak    int
	visits  int
}

// SetLiveCallbackURL sets where live events go: the Server calls it with
// GET and the query parameters ClassNo, Operator, Action, Affected and
// totalusernum, added to the URL's own query (keep a ?token=… there). An
// empty URL stops the events; the state still changes.
//
// The Live methods change the state at once and return before their
// events are delivered: one goroutine of the Server sends the events one at
// a time, in the order they were emitted, each waiting for the receiver's
// answer (WithLiveDeliveryTimeout). To assert what a receiver saw, call
// WaitLive first. With WithRecordingLag, event 106 is emitted only when the
// courseware appears: wait for the recording (for instance with
// Coursewares.WaitForRecordings), then call WaitLive.
func (s *Server) SetLiveCallbackURL(u string) {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	s.live.callback = u
}

// StartLive starts a live class in the ordinary room roomID: query/status
// answers 2 (live), a session begins unless one is going on, and event 103
// is sent, with Operator naming SiteOperatorUID and totalusernum the users
// in the room. An unknown room is reported by LiveDeliveryErrors.
func (s *Server) StartLive(roomID string) {
	r, cl := s.lockClass("StartLive", roomID)
	if r == nil {
		return
	}
	defer s.mu.Unlock()
	r.status = gensee.LiveStatusLive
	if !cl.started {
		cl.started = true
		cl.start = s.now()
	}
	s.emitLocked(roomEvent(roomID, liveStarted, len(cl.present)))
}

// JoinLive has user uid, named name, enter the room: an attendance row
// (export/history) opens with the join time, and event 101 is sent with
// Operator "u" and the uid, Affected the uid and totalusernum the users in
// the room. A user already in the room only sends the event again. A user
// may join before StartLive; the row belongs to the session StartLive then
// starts.
func (s *Server) JoinLive(roomID string, uid int64, name string) {
	r, cl := s.lockClass("JoinLive", roomID)
	if r == nil {
		return
	}
	defer s.mu.Unlock()
	if !cl.present[uid] {
		s.st.attendance = append(s.st.attendance, AttendanceRecord{RoomID: roomID, UserID: uid, Nickname: name, Name: name,
			JoinTime: s.now(), IP: "127.0.0.1", Area: "本地"})
		cl.present[uid] = true
		cl.visits++
		cl.peak = max(cl.peak, len(cl.present))
	}
	s.emitLocked(userEvent(roomID, liveJoined, uid, len(cl.present)))
}

// LeaveLive has user uid leave the room: the attendance row closes with the
// leave time, and event 107 is sent (Operator and Affected as for 101).
func (s *Server) LeaveLive(roomID string, uid int64) {
	r, cl := s.lockClass("LeaveLive", roomID)
	if r == nil {
		return
	}
	defer s.mu.Unlock()
	if cl.present[uid] {
		s.closeRowLocked(roomID, uid, s.now())
		delete(cl.present, uid)
	}
	s.emitLocked(userEvent(roomID, liveLeft, uid, len(cl.present)))
}

// EndLive ends the session StartLive started: query/status answers 0
// again, the users still in the room leave (their rows close), the session
// is stored (so that an export without a window covers it), and event 105
// is sent (Operator as for 103). After the recording lag (WithRecordingLag)
// a recording of the session appears in record/syn, then its courseware in
// courseware/list, and event 106 is sent.
//
// A room that is not in a session (never started, or ended already) is
// left alone: no event, no session, no recording. The next StartLive
// begins a new session, with its own rows, events and recording.
//
// A room that is live without a session the Server knows of (after
// LoadState of a state saved in the middle of a class, or SetRoomStatus)
// is taken as in class with the users whose attendance rows in the room
// are open, since the earliest of those rows (or since now when there is
// none).
func (s *Server) EndLive(roomID string) {
	r, cl := s.lockClass("EndLive", roomID)
	if r == nil {
		return
	}
	defer s.mu.Unlock()
	if !cl.started {
		return
	}
	r.status = gensee.LiveStatusIdle
	end := s.now()
	start := cl.start
	for uid := range cl.present {
		s.closeRowLocked(roomID, uid, end)
	}
	s.st.sessions = append(s.st.sessions, Session{RoomID: roomID, StartTime: start, EndTime: end, MaxConcurrent: cl.peak, Total: cl.visits})
	delete(s.st.live, roomID)
	s.emitLocked(roomEvent(roomID, liveEnded, 0))
	s.recordLocked(roomID, r.subject, start, end)
}

// recordLocked makes the recording of a session and its courseware, and
// then emits event 106: at once without a recording lag, else on timers of
// their own (a LoadState in between drops them).
func (s *Server) recordLocked(roomID, subject string, start, end time.Time) {
	var recID int64
	addRecording := func() {
		recID = seedLocked(s, (*state).putRecording, Recording{Name: subject, RoomID: roomID, StartTime: start, EndTime: end,
			Size: 1 << 20, CreatorID: SiteOperatorUID})[0].ID
	}
	addCourseware := func() {
		seedLocked(s, (*state).putCourseware, Courseware{Subject: subject, RoomID: roomID, RecordID: recID, StartTime: start,
			EndTime: end, Duration: end.Sub(start).Milliseconds(), ConvertResult: gensee.ConvertResultSuccess, CreatorID: SiteOperatorUID})
		s.emitLocked(roomEvent(roomID, liveRecordingEnded, 0))
	}
	lag := s.cfg.live.recordingLag
	if lag == 0 {
		addRecording()
		addCourseware()
		return
	}
	s.afterLocked(lag/2, func() {
		addRecording()
		s.afterLocked(lag-lag/2, addCourseware)
	})
}

// closeRowLocked closes the last open attendance row of uid in the room.
func (s *Server) closeRowLocked(roomID string, uid int64, at time.Time) {
	rows := s.st.attendance
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].RoomID == roomID && rows[i].UserID == uid && rows[i].LeaveTime.IsZero() {
			rows[i].LeaveTime = at
			return
		}
	}
}

// lockClass is the opening of the Live methods: it locks the Server and
// returns the ordinary room roomID and its class. For an unknown room it
// unlocks, records the failure of method (LiveDeliveryErrors) and returns
// nils.
func (s *Server) lockClass(method, roomID string) (*room, *liveClass) {
	s.mu.Lock()
	r, err := s.liveRoomLocked(roomID)
	if err != nil {
		s.mu.Unlock()
		s.liveFailed(method, roomID)
		return nil, nil
	}
	return r, s.classLocked(r)
}

// classLocked returns the class of room r, making one when there is none:
// empty for a room that is not live, and for a live room (a state loaded
// in the middle of a class) rebuilt from the open attendance rows, as
// EndLive documents.
func (s *Server) classLocked(r *room) *liveClass {
	if s.st.live == nil {
		s.st.live = map[string]*liveClass{}
	}
	cl := s.st.live[r.id]
	if cl != nil {
		if !cl.started && r.status == gensee.LiveStatusLive { // SetRoomStatus
			cl.started, cl.start = true, s.now()
		}
		return cl
	}
	cl = &liveClass{present: map[int64]bool{}}
	if r.status == gensee.LiveStatusLive {
		cl.started = true
		for _, a := range s.st.attendance {
			if a.RoomID != r.id || !a.LeaveTime.IsZero() {
				continue
			}
			if !cl.present[a.UserID] {
				cl.present[a.UserID] = true
				cl.visits++
			}
			if cl.start.IsZero() || a.JoinTime.Before(cl.start) {
				cl.start = a.JoinTime
			}
		}
		cl.peak = len(cl.present)
		if cl.start.IsZero() {
			cl.start = s.now()
		}
	}
	s.st.live[r.id] = cl
	return cl
}

func (s *Server) liveFailed(method, roomID string) {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	s.live.deliveries = append(s.live.deliveries, LiveDelivery{Err: fmt.Errorf("genseetest: %s: no room %q", method, roomID)})
}

// LiveDeliveries returns the live events sent so far, oldest first, with
// the receiver's answer, and the failures LiveDeliveryErrors reports.
func (s *Server) LiveDeliveries() []LiveDelivery {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	out := make([]LiveDelivery, len(s.live.deliveries))
	for i, d := range s.live.deliveries {
		d.Query = cloneValues(d.Query)
		out[i] = d
	}
	return out
}

// LiveDeliveryErrors returns the errors of the live events that failed: a
// receiver that could not be reached, answered other than 2xx or did not
// answer in time, an event still pending when Close gave up on it, and a
// Live method called for an unknown room.
func (s *Server) LiveDeliveryErrors() []error {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	var out []error
	for _, d := range s.live.deliveries {
		if d.Err != nil {
			out = append(out, d.Err)
		}
	}
	return out
}

// roomEvent is the query of an event of the classroom itself.
func roomEvent(roomID string, action, total int) url.Values {
	return liveQuery(roomID, "u"+strconv.FormatInt(SiteOperatorUID, 10), action, "", total)
}

// userEvent is the query of an event of user uid.
func userEvent(roomID string, action int, uid int64, total int) url.Values {
	id := strconv.FormatInt(uid, 10)
	return liveQuery(roomID, "u"+id, action, id, total)
}

func liveQuery(roomID, operator string, action int, affected string, total int) url.Values {
	return url.Values{
		"ClassNo": {roomID}, "Operator": {operator}, "Action": {strconv.Itoa(action)},
		"Affected": {affected}, "totalusernum": {strconv.Itoa(total)},
	}
}
