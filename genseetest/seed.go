package genseetest

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/gensee-go/gensee"
)

// AddRoom creates an ordinary room with subject and default settings, as
// room/created would, and returns its id.
func (s *Server) AddRoom(subject string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	r := &room{
		id: s.st.newRoomID(), number: s.st.newNumber(), subject: subject,
		startDate: now, created: now, webJoin: true, clientJoin: true, action: true, realtime: true,
		settings: map[string]string{},
	}
	r.teacherToken = newToken()
	r.assistantToken = newToken(r.teacherToken)
	s.st.addRoom(r)
	return r.id
}

// AddMiniRoom creates a mini room with subject, starting now for an hour,
// as miniroom/created would, and returns its id.
func (s *Server) AddMiniRoom(subject string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &miniRoom{id: s.st.newRoomID(), number: s.st.newNumber(), subject: subject,
		startDate: s.now(), duration: 60, action: true}
	m.teacherToken = newToken()
	m.clientToken = newToken(m.teacherToken)
	s.st.minis[m.id] = m
	return m.id
}

// SetRoomStatus sets the live status of a room, as query/status and
// room/sync report it.
func (s *Server) SetRoomStatus(roomID string, status gensee.LiveStatus) error {
	return s.setRoom(roomID, func(r *room) { r.status = status })
}

// SetRoomFinished marks a room as finished or not, for the finished filter
// of room/sync.
func (s *Server) SetRoomFinished(roomID string, finished bool) error {
	return s.setRoom(roomID, func(r *room) { r.finished = finished })
}

// setRoom applies set to the ordinary room roomID under the lock.
func (s *Server) setRoom(roomID string, set func(*room)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.liveRoomLocked(roomID)
	if err != nil {
		return err
	}
	set(r)
	return nil
}

// filler is a seed record with defaults to fill before it is stored: a
// fresh id, the clock's time, its own copies of the slices it was given.
type filler interface{ fill(s *Server) }

// seed is the one seeding path of the Add methods: under the lock, each
// record gets its defaults (when it is a filler) and put stores it. It
// returns the records as stored.
func seed[T any](s *Server, put func(*state, T), recs ...T) []T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return seedLocked(s, put, recs...)
}

// seedLocked is seed for a caller that holds the lock (transcoding and the
// class play store recordings, coursewares and sessions too).
func seedLocked[T any](s *Server, put func(*state, T), recs ...T) []T {
	out := make([]T, len(recs))
	for i, r := range recs {
		if f, ok := any(&r).(filler); ok {
			f.fill(s)
		}
		put(s.st, r)
		out[i] = r
	}
	return out
}

// longID returns id, or a fresh id when it is zero. A seeded id moves the
// counter past it, so that fresh ids never meet it.
func (st *state) longID(id int64) int64 {
	if id == 0 {
		return st.newLongID()
	}
	st.nextID = max(st.nextID, id)
	return id
}

// stringID returns id, or a fresh numeric id when it is empty.
func (st *state) stringID(id string) string {
	if id == "" {
		return strconv.FormatInt(st.newLongID(), 10)
	}
	return id
}

// orNow returns t, or the Server's now when t is zero.
func (s *Server) orNow(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

func (r *Recording) fill(s *Server) {
	r.ID = s.st.longID(r.ID)
	r.CreatedTime = s.orNow(r.CreatedTime)
	if r.Duration == 0 && !r.StartTime.IsZero() && r.EndTime.After(r.StartTime) {
		r.Duration = r.EndTime.Sub(r.StartTime).Milliseconds()
	}
}

func (c *Courseware) fill(s *Server) {
	if c.ID == "" {
		c.ID = s.st.newRoomID()
	}
	if c.Number == "" {
		c.Number = s.st.newNumber()
	}
	if c.URL == "" {
		c.URL = s.joinURL("v", c.Number)
	}
	c.CreatedTime = s.orNow(c.CreatedTime)
}

func (d *Document) fill(s *Server) {
	d.ID = s.st.longID(d.ID)
	d.CreatedTime = s.orNow(d.CreatedTime)
}

func (r *RollCallRecord) fill(s *Server) {
	r.ID = s.st.stringID(r.ID)
	r.Users = slices.Clone(r.Users)
}

func (v *VoteRecord) fill(s *Server) {
	v.ID = s.st.stringID(v.ID)
	v.Questions = append(make([]VoteQuestion, 0, len(v.Questions)), v.Questions...)
	for i := range v.Questions {
		q := &v.Questions[i]
		if q.ID == "" {
			q.ID = fmt.Sprintf("%s-%d", v.ID, i+1)
		}
		q.Options = slices.Clone(q.Options)
		q.Results = slices.Clone(q.Results)
	}
}

func (r *RedPacketRecord) fill(*Server) { r.Users = slices.Clone(r.Users) }

func (r *RewardRecord) fill(*Server) { r.Speakers = slices.Clone(r.Speakers) }

func (st *state) putRecording(r Recording) { st.records[r.ID] = &recording{r} }

func (st *state) putCourseware(c Courseware) {
	st.deleteWare(c.ID)
	st.addWare(&courseware{c})
}

func (st *state) putDocument(d Document) { st.docs[d.ID] = &document{d} }

// AddRecording stores a recording and returns its id.
func (s *Server) AddRecording(rec Recording) int64 {
	return seed(s, (*state).putRecording, rec)[0].ID
}

// AddCourseware stores a courseware, replacing one with the same id, and
// returns its id.
func (s *Server) AddCourseware(c Courseware) string {
	return seed(s, (*state).putCourseware, c)[0].ID
}

// AddDocument stores a server-side document and returns its id.
func (s *Server) AddDocument(d Document) int64 {
	return seed(s, (*state).putDocument, d)[0].ID
}

// AddSession stores sessions of rooms. A room without sessions exports all
// its records when called without a time window.
func (s *Server) AddSession(recs ...Session) {
	seed(s, func(st *state, r Session) { st.sessions = append(st.sessions, r) }, recs...)
}

// AddAttendance stores attendance records.
func (s *Server) AddAttendance(recs ...AttendanceRecord) {
	seed(s, func(st *state, r AttendanceRecord) { st.attendance = append(st.attendance, r) }, recs...)
}

// AddQA stores Q&A records.
func (s *Server) AddQA(recs ...QARecord) {
	seed(s, func(st *state, r QARecord) { st.qa = append(st.qa, r) }, recs...)
}

// AddRollCall stores roll-call records.
func (s *Server) AddRollCall(recs ...RollCallRecord) {
	seed(s, func(st *state, r RollCallRecord) { st.rollcalls = append(st.rollcalls, r) }, recs...)
}

// AddVote stores votes and answer cards.
func (s *Server) AddVote(recs ...VoteRecord) {
	seed(s, func(st *state, r VoteRecord) { st.votes = append(st.votes, r) }, recs...)
}

// AddChat stores public chat messages.
func (s *Server) AddChat(recs ...ChatRecord) {
	seed(s, func(st *state, r ChatRecord) { st.chats = append(st.chats, r) }, recs...)
}

// AddRedPacket stores red packets.
func (s *Server) AddRedPacket(recs ...RedPacketRecord) {
	seed(s, func(st *state, r RedPacketRecord) { st.redpackets = append(st.redpackets, r) }, recs...)
}

// AddMedal stores medal records.
func (s *Server) AddMedal(recs ...MedalRecord) {
	seed(s, func(st *state, r MedalRecord) { st.medals = append(st.medals, r) }, recs...)
}

// AddPraise stores like statistics.
func (s *Server) AddPraise(recs ...PraiseRecord) {
	seed(s, func(st *state, r PraiseRecord) { st.praises = append(st.praises, r) }, recs...)
}

// AddPraiseDetail stores individual likes.
func (s *Server) AddPraiseDetail(recs ...PraiseDetailRecord) {
	seed(s, func(st *state, r PraiseDetailRecord) { st.praiseDetail = append(st.praiseDetail, r) }, recs...)
}

// AddReward stores tipping records.
func (s *Server) AddReward(recs ...RewardRecord) {
	seed(s, func(st *state, r RewardRecord) { st.rewards = append(st.rewards, r) }, recs...)
}

// AddStudyRecord stores courseware viewing records.
func (s *Server) AddStudyRecord(recs ...StudyRecord) {
	seed(s, func(st *state, r StudyRecord) { st.study = append(st.study, r) }, recs...)
}

// AddRoomConcurrency stores daily room concurrency records.
func (s *Server) AddRoomConcurrency(recs ...Concurrency) {
	seed(s, func(st *state, r Concurrency) { st.roomConc = append(st.roomConc, r) }, recs...)
}

// AddVodConcurrency stores daily courseware (VOD) concurrency records.
func (s *Server) AddVodConcurrency(recs ...Concurrency) {
	seed(s, func(st *state, r Concurrency) { st.vodConc = append(st.vodConc, r) }, recs...)
}

// AddMiniRoomStudentStats stores student statistics of mini rooms.
func (s *Server) AddMiniRoomStudentStats(recs ...MiniRoomStudentStats) {
	seed(s, func(st *state, r MiniRoomStudentStats) { st.miniStudents = append(st.miniStudents, r) }, recs...)
}

// AddMiniRoomStats stores mini-room statistics.
func (s *Server) AddMiniRoomStats(recs ...MiniRoomStats) {
	seed(s, func(st *state, r MiniRoomStats) { st.miniStats = append(st.miniStats, r) }, recs...)
}
