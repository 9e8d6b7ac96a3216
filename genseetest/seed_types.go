package genseetest

import (
	"time"

	"github.com/gensee-go/gensee"
)

// The seed types below hold what the Add methods store. They share one set
// of names: the classroom (or mini classroom) a record belongs to is RoomID;
// a user's id is UserID, or <Role>ID for a user in a role (SubmitterID,
// AnswererID, SenderID, CreatorID, TargetUserID); a span is StartTime and
// EndTime, a user's stay JoinTime and LeaveTime, and every other instant
// ends in Time; a nickname is Nickname. Enumerations have the gensee type
// the client decodes them to (gensee.Device, gensee.GrType, ...).

// Recording is a recording (录制件) seeded with AddRecording, as returned by
// record/syn.
type Recording struct {
	ID          int64 // zero: a fresh id is chosen
	Name        string
	RoomID      string
	StartTime   time.Time // recordStartTime
	EndTime     time.Time // recordEndTime
	CreatedTime time.Time // zero: now
	Size        int64     // bytes
	Duration    int64     // milliseconds; zero: EndTime-StartTime
	CreatorID   int64
}

// Courseware is a courseware (课件) seeded with AddCourseware, as returned by
// courseware/list, courseware/info and courseware/syn.
type Courseware struct {
	ID            string // zero: a fresh id is chosen
	Number        string // zero: a fresh number is chosen
	Token         string
	Subject       string
	URL           string // zero: {base}/training/site/v/{number}
	RoomID        string
	Description   string
	CreatorID     int64
	RecordID      int64     // the recording it plays; also returned as grId
	CreatedTime   time.Time // zero: now
	StartTime     time.Time // recordStartTime
	EndTime       time.Time // recordEndTime
	Duration      int64     // milliseconds
	GrType        gensee.GrType
	ConvertResult gensee.ConvertResult
	Plan          string
	SpeakerInfo   string
	Views         int // the total of vod/vodview
}

// Document is a server-side document seeded with AddDocument, as returned by
// doc/syn.
type Document struct {
	ID          int64 // zero: a fresh id is chosen
	Name        string
	Upload      bool      // uploaded by castmaker (true) or saved by a live room
	CreatedTime time.Time // zero: now
	ConvCode    gensee.ConvCode
}

// Session is one session (场次) of a room: it sets which records the room
// exports return when called without a time window (those of the last
// finished session), and is the record of export/room/usage.
type Session struct {
	RoomID           string
	StartTime        time.Time
	EndTime          time.Time
	MaxConcurrent    int
	Total            int // attendances
	MaxConcurrentVIP int // exported as maxConcurrentVip when not zero
}

// AttendanceRecord is one attendance of a room, for export/history.
type AttendanceRecord struct {
	RoomID          string
	UserID          int64 // uid
	Nickname, Name  string
	JoinTime        time.Time
	LeaveTime       time.Time
	Area, IP        string
	Mobile, Company string
	Device          gensee.Device
	IDCID           string // when set, idcid and foreignHighLine are exported
	ForeignHighLine bool
}

// QARecord is one question of a room, for export/qa.
type QARecord struct {
	RoomID      string
	SubmitterID int64 // submitter
	Name        string
	Question    string
	SubmitTime  time.Time
	Published   bool
	AnswererID  int64 // answerBy
	Response    string
	AnswerTime  time.Time
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
	UserID  int64 // id
	Name    string
	Present bool
}

// VoteRecord is one vote or answer card of a room, for export/vote.
type VoteRecord struct {
	RoomID    string
	ID        string    // zero: a fresh id is chosen
	Subject   string    // empty for an answer card
	Type      int       // gensee.VoteTypePoll or gensee.VoteTypeAnswerCard
	StartTime time.Time // when it was started, for the time window
	Questions []VoteQuestion
}

// VoteQuestion is one question of a vote.
type VoteQuestion struct {
	ID      string // zero: a fresh id is chosen
	Content string
	Type    int    // gensee.VoteQuestionSingle, VoteQuestionMultiple or VoteQuestionText
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
	Nickname string // nickName
	UserID   int64  // uid
	Content  string
}

// ChatRecord is one public chat message of a room, for export/chat.
type ChatRecord struct {
	RoomID   string
	SentTime time.Time // time
	Sender   string
	SenderID int64
	Msg      string
}

// RedPacketRecord is one red packet of a room, for export/redpacket.
type RedPacketRecord struct {
	RoomID        string
	UserName      string
	IssueTime     time.Time
	Type          gensee.RedPacketType
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
// export/reward (selected by the day of StartTime).
type RewardRecord struct {
	Subject     string
	StartTime   time.Time // startDate
	EndTime     time.Time // endDate
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
	UserID       int64 // uid
	Name         string
	JoinTime     time.Time // startTime
	LeaveTime    time.Time
	Duration     string // zero: the seconds between JoinTime and LeaveTime
	Area, IP     string
	Device       gensee.StudyDevice
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
	RoomID                string // the mini room's id
	Nickname              string // userNickname
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
	StartTime  time.Time // timestamp: when the roll call started
	AnswerTime time.Time // answerTimestamp
	Status     gensee.MiniRoomRollCallStatus
}

// MiniPodium is one stay of a student on the interactive seats.
type MiniPodium struct {
	StartTime time.Time // beginTime
	EndTime   time.Time
}

// MiniRoomStats are the statistics of one mini room, for miniroom/syn.
type MiniRoomStats struct {
	RoomID         string // id: the mini room's id
	StageNum       int64
	HandupNum      int64
	WatchTotalTime int64
	VisitNum       int64
}
