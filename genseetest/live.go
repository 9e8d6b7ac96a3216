package genseetest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
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

// WithRecordingLag sets how long after EndLive the class's recording
// appears: record/syn lists it after half the lag, courseware/list shows its
// courseware after the whole lag, and then the Server sends event 106. The
// default, 0, makes both appear within EndLive itself, before it returns.
func WithRecordingLag(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.recordingLag = d
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

// liveState is the class play of a Server: the rooms in class and the one
// goroutine that applies delayed changes and sends the events.
type liveState struct {
	classes map[string]*liveClass // guarded by Server.mu

	mu         sync.Mutex
	callback   string
	queue      []*liveItem
	seq        int
	started    bool
	stopped    bool
	wake       chan struct{}
	stop       chan struct{}
	exited     chan struct{}
	ctx        context.Context
	cancel     context.CancelFunc
	hc         *http.Client
	deliveries []LiveDelivery
}

// liveClass is a room's current session.
type liveClass struct {
	start   time.Time
	present map[int64]int // uid -> index of the open attendance row
	peak    int
	visits  int
}

// liveItem is a change applied (under Server.mu) and an event sent when due.
type liveItem struct {
	due      time.Time
	seq      int
	apply    func() // may be nil
	callback string
	query    url.Values // nil: no event
}

// SetLiveCallbackURL sets where live events go: the Server calls it with
// GET and the query parameters ClassNo, Operator, Action, Affected and
// totalusernum, added to the URL's own query (keep a ?token=… there). An
// empty URL stops the events; the state still changes.
func (s *Server) SetLiveCallbackURL(u string) {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	s.live.callback = u
}

// StartLive starts a live class in the ordinary room roomID: query/status
// answers 2 (live), and event 103 is sent. An unknown room is reported by
// LiveDeliveryErrors.
func (s *Server) StartLive(roomID string) {
	r, cl := s.lockClass("StartLive", roomID)
	if r == nil {
		return
	}
	r.status = gensee.LiveStatusLive
	cl.start = s.now()
	s.mu.Unlock()
	s.sendLive(roomID, "", liveStarted, "", 0)
}

// JoinLive has user uid, named name, enter the room: an attendance row
// (export/history) opens with the join time, and event 101 is sent with
// Operator "u" and the uid (real sites use a one-letter prefix too) and
// Affected the uid. A user already in the room only sends the event again.
func (s *Server) JoinLive(roomID string, uid int64, name string) {
	r, cl := s.lockClass("JoinLive", roomID)
	if r == nil {
		return
	}
	if _, in := cl.present[uid]; !in {
		s.st.attendance = append(s.st.attendance, AttendanceRecord{RoomID: roomID, UserID: uid, Nickname: name, Name: name,
			JoinTime: s.now(), IP: "127.0.0.1", Area: "本地"})
		cl.present[uid] = len(s.st.attendance) - 1
		cl.visits++
		cl.peak = max(cl.peak, len(cl.present))
	}
	total := len(cl.present)
	s.mu.Unlock()
	s.sendLive(roomID, "u"+strconv.FormatInt(uid, 10), liveJoined, strconv.FormatInt(uid, 10), total)
}

// LeaveLive has user uid leave the room: the attendance row closes with the
// leave time, and event 107 is sent.
func (s *Server) LeaveLive(roomID string, uid int64) {
	r, cl := s.lockClass("LeaveLive", roomID)
	if r == nil {
		return
	}
	if i, in := cl.present[uid]; in {
		s.st.attendance[i].LeaveTime = s.now()
		delete(cl.present, uid)
	}
	total := len(cl.present)
	s.mu.Unlock()
	s.sendLive(roomID, "u"+strconv.FormatInt(uid, 10), liveLeft, strconv.FormatInt(uid, 10), total)
}

// EndLive ends the class: query/status answers 0 again, the users still in
// the room leave (their rows close), the session is stored (so that an
// export without a window covers it), and event 105 is sent. After the
// recording lag (WithRecordingLag) a recording of the session appears in
// record/syn, then its courseware in courseware/list, and event 106 is sent.
func (s *Server) EndLive(roomID string) {
	r, cl := s.lockClass("EndLive", roomID)
	if r == nil {
		return
	}
	r.status = gensee.LiveStatusIdle
	end := s.now()
	start := cl.start
	if start.IsZero() {
		start = end
	}
	for _, i := range cl.present {
		s.st.attendance[i].LeaveTime = end
	}
	s.st.sessions = append(s.st.sessions, Session{RoomID: roomID, StartTime: start, EndTime: end, MaxConcurrent: cl.peak, Total: cl.visits})
	delete(s.live.classes, roomID)
	subject := r.subject
	var recID int64
	addRecording := func() {
		recID = seedLocked(s, (*state).putRecording, Recording{Name: subject, RoomID: roomID, StartTime: start, EndTime: end,
			Size: 1 << 20, CreatorID: 1})[0].ID
	}
	addCourseware := func() {
		seedLocked(s, (*state).putCourseware, Courseware{Subject: subject, RoomID: roomID, RecordID: recID, StartTime: start,
			EndTime: end, Duration: end.Sub(start).Milliseconds(), ConvertResult: gensee.ConvertResultSuccess, CreatorID: 1})
	}
	lag := s.cfg.recordingLag
	if lag == 0 {
		addRecording()
		addCourseware()
	}
	s.mu.Unlock()

	s.sendLive(roomID, "", liveEnded, "", 0)
	if lag == 0 {
		s.sendLive(roomID, "", liveRecordingEnded, "", 0)
		return
	}
	now := time.Now()
	s.enqueueLive(&liveItem{due: now.Add(lag / 2), apply: addRecording})
	s.enqueueLive(&liveItem{due: now.Add(lag), apply: addCourseware, query: liveQuery(roomID, "", liveRecordingEnded, "", 0)})
}

// LiveDeliveries returns the live events sent so far, oldest first, with
// the receiver's answer.
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
// receiver that could not be reached or answered other than 2xx, and a Live
// method called for an unknown room.
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
	return r, s.classLocked(roomID)
}

func (s *Server) classLocked(roomID string) *liveClass {
	if s.live.classes == nil {
		s.live.classes = map[string]*liveClass{}
	}
	cl := s.live.classes[roomID]
	if cl == nil {
		cl = &liveClass{present: map[int64]int{}}
		s.live.classes[roomID] = cl
	}
	return cl
}

func (s *Server) liveFailed(method, roomID string) {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	s.live.deliveries = append(s.live.deliveries, LiveDelivery{Err: fmt.Errorf("genseetest: %s: no room %q", method, roomID)})
}

func liveQuery(roomID, operator string, action int, affected string, total int) url.Values {
	return url.Values{
		"ClassNo": {roomID}, "Operator": {operator}, "Action": {strconv.Itoa(action)},
		"Affected": {affected}, "totalusernum": {strconv.Itoa(total)},
	}
}

// sendLive queues an event, sent as soon as the ones before it are.
func (s *Server) sendLive(roomID, operator string, action int, affected string, total int) {
	s.enqueueLive(&liveItem{due: time.Now(), query: liveQuery(roomID, operator, action, affected, total)})
}

// enqueueLive hands an item to the sender goroutine, starting it the first
// time. After Close nothing more is sent.
func (s *Server) enqueueLive(it *liveItem) {
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		if it.query != nil {
			l.deliveries = append(l.deliveries, LiveDelivery{Query: it.query, Err: fmt.Errorf("genseetest: live event %s: the server is closed", it.query.Get("Action"))})
		}
		return
	}
	if !l.started {
		l.started = true
		l.wake = make(chan struct{}, 1)
		l.stop = make(chan struct{})
		l.exited = make(chan struct{})
		l.ctx, l.cancel = context.WithCancel(context.Background())
		l.hc = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		go s.liveLoop()
	}
	l.seq++
	it.seq = l.seq
	it.callback = l.callback
	l.queue = append(l.queue, it)
	slices.SortStableFunc(l.queue, func(a, b *liveItem) int {
		if c := a.due.Compare(b.due); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// stopLive stops the sender goroutine and waits for it (Close). Pending
// items are dropped.
func (s *Server) stopLive() {
	l := &s.live
	l.mu.Lock()
	l.stopped = true
	started := l.started
	if started {
		l.cancel()
		close(l.stop)
	}
	l.mu.Unlock()
	if started {
		<-l.exited
		l.hc.CloseIdleConnections()
	}
}

// liveLoop is the sender: the one goroutine that applies delayed changes
// and sends events, in order.
func (s *Server) liveLoop() {
	l := &s.live
	defer close(l.exited)
	for {
		l.mu.Lock()
		var it *liveItem
		wait := time.Duration(-1)
		if len(l.queue) > 0 {
			if d := time.Until(l.queue[0].due); d <= 0 {
				it = l.queue[0]
				l.queue = l.queue[1:]
			} else {
				wait = d
			}
		}
		l.mu.Unlock()
		if it != nil {
			s.runLive(it)
			continue
		}
		var timer *time.Timer
		var fire <-chan time.Time
		if wait >= 0 {
			timer = time.NewTimer(wait)
			fire = timer.C
		}
		select {
		case <-l.stop:
			if timer != nil {
				timer.Stop()
			}
			return
		case <-l.wake:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

func (s *Server) runLive(it *liveItem) {
	if it.apply != nil {
		s.mu.Lock()
		it.apply()
		s.mu.Unlock()
	}
	if it.query == nil || it.callback == "" {
		return
	}
	d := s.deliverLive(it.callback, it.query)
	s.live.mu.Lock()
	s.live.deliveries = append(s.live.deliveries, d)
	s.live.mu.Unlock()
}

// deliverLive sends one event with GET and never panics.
func (s *Server) deliverLive(callback string, q url.Values) LiveDelivery {
	action := q.Get("Action")
	u, err := url.Parse(callback)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return LiveDelivery{URL: callback, Query: q, Err: fmt.Errorf("genseetest: live event %s: bad callback URL", action)}
	}
	all := u.Query()
	for k, vs := range q {
		all[k] = vs
	}
	u.RawQuery = all.Encode()
	bare := *u
	bare.RawQuery = ""
	d := LiveDelivery{URL: bare.String(), Query: all}
	req, err := http.NewRequestWithContext(s.live.ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		d.Err = fmt.Errorf("genseetest: live event %s to %s: %w", action, d.URL, err)
		return d
	}
	resp, err := s.live.hc.Do(req)
	if err != nil {
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err // its text would repeat the query, token included
		}
		d.Err = fmt.Errorf("genseetest: live event %s to %s: %w", action, d.URL, err)
		return d
	}
	_ = resp.Body.Close()
	d.StatusCode = resp.StatusCode
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		d.Err = fmt.Errorf("genseetest: live event %s to %s: HTTP %d", action, d.URL, resp.StatusCode)
	}
	return d
}
