package genseetest

import (
	"fmt"
	"strconv"
	"time"
)

// Recording is a recording (录制件) seeded with AddRecording, as returned by
// record/syn.
type Recording struct {
	ID              int64 // zero: a fresh id is chosen
	Name            string
	RoomID          string
	RecordStartTime time.Time
	RecordEndTime   time.Time
	CreatedTime     time.Time // zero: now
	Size            int64     // bytes
	Duration        int64     // milliseconds; zero: RecordEndTime-RecordStartTime
	Creator         int64
}

// Courseware is a courseware (课件) seeded with AddCourseware, as returned by
// courseware/list, courseware/info and courseware/syn.
type Courseware struct {
	ID              string // zero: a fresh id is chosen
	Number          string // zero: a fresh number is chosen
	Token           string
	Subject         string
	URL             string // zero: {base}/training/site/v/{number}
	RoomID          string
	Description     string
	Creator         int64
	RecordID        int64 // the recording it plays; also returned as grId
	CreatedTime     time.Time
	RecordStartTime time.Time
	RecordEndTime   time.Time
	Duration        int64 // milliseconds
	GrType          int   // 0, 3, 4 recording; 1 media; 2 document
	ConvertResult   int   // 0 converting, 1 done, -1 failed
	Plan            string
	SpeakerInfo     string
	Views           int // the total of vod/vodview
}

// Document is a server-side document seeded with AddDocument, as returned by
// doc/syn.
type Document struct {
	ID          int64 // zero: a fresh id is chosen
	Name        string
	Upload      bool // uploaded by castmaker (true) or saved by a live room
	CreatedTime time.Time
	ConvCode    int // 0 success, 1 failure, 2 converting
}

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

// SetRoomStatus sets the live status of a room, as query/status and
// room/sync report it: 0 not started or ended, 1 preparing, 2 live.
func (s *Server) SetRoomStatus(roomID string, status int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.liveRoomLocked(roomID)
	if err != nil {
		return err
	}
	r.status = status
	return nil
}

// SetRoomFinished marks a room as finished or not, for the finished filter
// of room/sync.
func (s *Server) SetRoomFinished(roomID string, finished bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.liveRoomLocked(roomID)
	if err != nil {
		return err
	}
	r.finished = finished
	return nil
}

// AddRecording stores a recording and returns its id.
func (s *Server) AddRecording(rec Recording) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addRecordingLocked(rec)
}

func (s *Server) addRecordingLocked(rec Recording) int64 {
	if rec.ID == 0 {
		rec.ID = s.st.newLongID()
	} else if rec.ID > s.st.nextID {
		s.st.nextID = rec.ID
	}
	if rec.CreatedTime.IsZero() {
		rec.CreatedTime = s.now()
	}
	if rec.Duration == 0 && !rec.RecordStartTime.IsZero() && rec.RecordEndTime.After(rec.RecordStartTime) {
		rec.Duration = rec.RecordEndTime.Sub(rec.RecordStartTime).Milliseconds()
	}
	s.st.records[rec.ID] = &recording{rec}
	return rec.ID
}

// AddCourseware stores a courseware and returns its id.
func (s *Server) AddCourseware(c Courseware) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addCoursewareLocked(c)
}

func (s *Server) addCoursewareLocked(c Courseware) string {
	if c.ID == "" {
		c.ID = s.st.newRoomID()
	}
	if c.Number == "" {
		c.Number = s.st.newNumber()
	}
	if c.URL == "" {
		c.URL = s.joinURL("v", c.Number)
	}
	if c.CreatedTime.IsZero() {
		c.CreatedTime = s.now()
	}
	s.st.deleteWare(c.ID)
	s.st.addWare(&courseware{c})
	return c.ID
}

// AddDocument stores a server-side document and returns its id.
func (s *Server) AddDocument(d Document) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addDocumentLocked(d)
}

func (s *Server) addDocumentLocked(d Document) int64 {
	if d.ID == 0 {
		d.ID = s.st.newLongID()
	} else if d.ID > s.st.nextID {
		s.st.nextID = d.ID
	}
	if d.CreatedTime.IsZero() {
		d.CreatedTime = s.now()
	}
	s.st.docs[d.ID] = &document{d}
	return d.ID
}

// Session is one session (场次) of a room: it sets which records the room
// exports return when called without a time window (those of the last
// finished session), and is the record of export/room/usage.
type Session struct {
	RoomID           string
	Start, End       time.Time
	MaxConcurrent    int
	Total            int // attendances
	MaxConcurrentVIP int // exported as maxConcurrentVip when not zero
}

// AddSession stores sessions of rooms. A room without sessions exports all
// its records when called without a time window.
func (s *Server) AddSession(sessions ...Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.sessions = append(s.st.sessions, sessions...)
}

// AttendanceRecord is one attendance of a room, for export/history.
type AttendanceRecord struct {
	RoomID          string
	UID             int64
	Nickname, Name  string
	JoinTime        time.Time
	LeaveTime       time.Time
	Area, IP        string
	Mobile, Company string
	Device          int    // 0 PC client, 1 PC web, ... 24 mini-program SDK Android
	IDCID           string // when set, idcid and foreignHighLine are exported
	ForeignHighLine bool
}

// QARecord is one question of a room, for export/qa.
type QARecord struct {
	RoomID     string
	Submitter  int64
	Name       string
	Question   string
	SubmitTime time.Time
	Published  bool
	AnswerBy   int64
	Response   string
	AnswerTime time.Time
}

// RollCallRecord is one roll call of a room, for export/rollcall. Its
// total, present and absent counts are computed from Users.
type RollCallRecord struct {
	RoomID    string
	ID        string // zero: a fresh id is chosen
	StartTime time.Time
	EndTime   time.Time
	Users     []RollCallUser
}

// RollCallUser is one user of a roll call.
type RollCallUser struct {
	ID      int64
	Name    string
	Present bool
}

// VoteRecord is one vote or answer card of a room, for export/vote.
type VoteRecord struct {
	RoomID    string
	ID        string // zero: a fresh id is chosen
	Subject   string
	Type      int       // 0 vote, 1 answer card
	Time      time.Time // when it was started, for the time window
	Questions []VoteQuestion
}

// VoteQuestion is one question of a vote.
type VoteQuestion struct {
	ID      string // zero: a fresh id is chosen
	Content string
	Type    int    // 0 single choice, 1 multiple choice, 2 text
	Answer  string // the right options, such as "1,2"
	Options []VoteOption
	Results []VoteResult
}

// VoteOption is one option of a question; Percentage goes on the wire as
// "precentage".
type VoteOption struct {
	Value      string
	Percentage float64
	Result     string
}

// VoteResult is one user's answer to a question.
type VoteResult struct {
	NickName string
	UID      int64
	Content  string
}

// ChatRecord is one public chat message of a room, for export/chat.
type ChatRecord struct {
	RoomID   string
	Time     time.Time
	Sender   string
	SenderID int64
	Msg      string
}

// RedPacketRecord is one red packet of a room, for export/redpacket.
type RedPacketRecord struct {
	RoomID        string
	UserName      string
	IssueTime     time.Time
	Type          int // 0 random, 1 fixed, 2 or 3 targeted
	Amount        int64
	Number        int
	ReceiveAmount int64
	ReceiveNumber int64
	Users         []RedPacketUser
}

// RedPacketUser is one receiver of a red packet.
type RedPacketUser struct {
	UserID      int64
	UserName    string
	ReceiveTime time.Time
	Amount      int64
}

// MedalRecord is one line of export/medal: medals given by a user.
type MedalRecord struct {
	RoomID        string
	UserName      string
	UserID        int64
	Count         int
	RoomStartTime time.Time
}

// PraiseRecord is one line of export/praise: likes received by a user.
type PraiseRecord struct {
	RoomID        string
	UserName      string
	UserID        int64
	Count         int
	RoomStartTime time.Time
}

// PraiseDetailRecord is one like, for export/praise/detail.
type PraiseDetailRecord struct {
	RoomID         string
	UserID         int64
	UserName       string
	ActionTime     time.Time
	TargetUserID   int64
	TargetUserName string
}

// RewardRecord is the tipping income of one room session, for
// export/reward (selected by the day of StartDate).
type RewardRecord struct {
	Subject     string
	StartDate   time.Time
	EndDate     time.Time
	TotalReward int64
	Speakers    []SpeakerReward
}

// SpeakerReward is the part of a reward that went to one speaker.
type SpeakerReward struct {
	Name   string
	Reward int
}

// StudyRecord is one viewing of a courseware, for export/study/history.
type StudyRecord struct {
	CoursewareID string
	UID          int64
	Name         string
	StartTime    time.Time
	LeaveTime    time.Time
	Duration     string // zero: the seconds between StartTime and LeaveTime
	Area, IP     string
	Device       int // 0 PC, 1 Mac, ... 0xED Mobile
}

// Concurrency is the maximum concurrency of one day, for
// export/room/concurrent and export/vod/concurrent.
type Concurrency struct {
	Date          time.Time // its day in China time counts
	MaxConcurrent int
	MaxVIP        int // exported as maxvip (room concurrency) when not zero
}

// MiniRoomStudentStats are one student's statistics in a mini room, for
// miniroom/export/history.
type MiniRoomStudentStats struct {
	MiniRoomID            string
	UserNickname          string
	UserID                int64
	MedalCount            int
	HandUpCount           int
	PodiumDuration        int64
	Duration              int64
	HandUpTimes           []time.Time
	RollCalls             []MiniRollCall
	Podiums               []MiniPodium
	VoteAccuracies        []string
	AnswerSheetAccuracies []string
}

// MiniRollCall is one roll call answered (or not) by a mini-room student.
type MiniRollCall struct {
	Timestamp       time.Time // when the roll call started
	AnswerTimestamp time.Time
	Status          int // 1 answered, 2 not answered, 3 not received
}

// MiniPodium is one stay of a student on the interactive seats.
type MiniPodium struct {
	BeginTime, EndTime time.Time
}

// MiniRoomStats are the statistics of one mini room, for miniroom/syn.
type MiniRoomStats struct {
	ID             string
	StageNum       int64
	HandupNum      int64
	WatchTotalTime int64
	VisitNum       int64
}

// AddAttendance stores attendance records.
func (s *Server) AddAttendance(recs ...AttendanceRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.attendance = append(s.st.attendance, recs...)
}

// AddQA stores Q&A records.
func (s *Server) AddQA(recs ...QARecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.qa = append(s.st.qa, recs...)
}

// AddRollCall stores roll-call records.
func (s *Server) AddRollCall(recs ...RollCallRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range recs {
		if r.ID == "" {
			r.ID = strconv.FormatInt(s.st.newLongID(), 10)
		}
		r.Users = append([]RollCallUser(nil), r.Users...)
		s.st.rollcalls = append(s.st.rollcalls, r)
	}
}

// AddVote stores votes and answer cards.
func (s *Server) AddVote(recs ...VoteRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range recs {
		if v.ID == "" {
			v.ID = strconv.FormatInt(s.st.newLongID(), 10)
		}
		qs := make([]VoteQuestion, len(v.Questions))
		for i, q := range v.Questions {
			if q.ID == "" {
				q.ID = fmt.Sprintf("%s-%d", v.ID, i+1)
			}
			q.Options = append([]VoteOption(nil), q.Options...)
			q.Results = append([]VoteResult(nil), q.Results...)
			qs[i] = q
		}
		v.Questions = qs
		s.st.votes = append(s.st.votes, v)
	}
}

// AddChat stores public chat messages.
func (s *Server) AddChat(recs ...ChatRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.chats = append(s.st.chats, recs...)
}

// AddRedPacket stores red packets.
func (s *Server) AddRedPacket(recs ...RedPacketRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range recs {
		r.Users = append([]RedPacketUser(nil), r.Users...)
		s.st.redpackets = append(s.st.redpackets, r)
	}
}

// AddMedal stores medal records.
func (s *Server) AddMedal(recs ...MedalRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.medals = append(s.st.medals, recs...)
}

// AddPraise stores like statistics.
func (s *Server) AddPraise(recs ...PraiseRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.praises = append(s.st.praises, recs...)
}

// AddPraiseDetail stores individual likes.
func (s *Server) AddPraiseDetail(recs ...PraiseDetailRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.praiseDetail = append(s.st.praiseDetail, recs...)
}

// AddReward stores tipping records.
func (s *Server) AddReward(recs ...RewardRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range recs {
		r.Speakers = append([]SpeakerReward(nil), r.Speakers...)
		s.st.rewards = append(s.st.rewards, r)
	}
}

// AddStudyRecord stores courseware viewing records.
func (s *Server) AddStudyRecord(recs ...StudyRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.study = append(s.st.study, recs...)
}

// AddRoomConcurrency stores daily room concurrency records.
func (s *Server) AddRoomConcurrency(recs ...Concurrency) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.roomConc = append(s.st.roomConc, recs...)
}

// AddVodConcurrency stores daily courseware (VOD) concurrency records.
func (s *Server) AddVodConcurrency(recs ...Concurrency) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.vodConc = append(s.st.vodConc, recs...)
}

// AddMiniRoomStudentStats stores student statistics of mini rooms.
func (s *Server) AddMiniRoomStudentStats(recs ...MiniRoomStudentStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.miniStudents = append(s.st.miniStudents, recs...)
}

// AddMiniRoomStats stores mini-room statistics.
func (s *Server) AddMiniRoomStats(recs ...MiniRoomStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.miniStats = append(s.st.miniStats, recs...)
}
