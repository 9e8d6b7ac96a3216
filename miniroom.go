package gensee

import (
	"context"
	"iter"
	"strconv"
	"time"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// CreateMiniRoomRequest holds the parameters of miniroom/created (spec
// section 5.55): a mini classroom (微课堂). Subject, StartDate and Duration
// are required; an empty string or a nil pointer is not sent and leaves the
// server's default.
type CreateMiniRoomRequest struct {
	Subject            string    `url:"subject"`                       // 1-250 characters
	StartDate          time.Time `url:"startDate,unixmilli,omitempty"` // required
	Duration           int       `url:"duration"`                      // minutes, 30-480 inclusive
	TeacherToken       string    `url:"teacherToken,omitempty"`        // 6-15 characters; generated when empty
	StudentClientToken string    `url:"studentClientToken,omitempty"`  // 6-15 characters; generated when empty
	Action             *bool     `url:"action,omitempty"`              // students take a seat automatically (server default true)
	SpeakerInfo        string    `url:"speakerInfo,omitempty"`         // about the teacher
	ScheduleInfo       string    `url:"scheduleInfo,omitempty"`        // about the course
	Description        string    `url:"description,omitempty"`         // about the classroom
	MaxAttendees       *int      `url:"maxAttendees,omitempty"`        // only with the site's fixed-concurrency feature
}

// ModifyMiniRoomRequest holds the parameters of miniroom/modify (spec
// section 5.56). ID and Subject are required; an empty string or a nil
// pointer is not sent and keeps the current value. The texts are pointers:
// Ptr("") sends the parameter empty and clears the text. The tokens stay
// strings: the server keeps a token sent empty (spec 5.56), so an empty one
// could clear nothing. The spec's table names
// the id "Id"; real sites take "id", which is what is sent.
type ModifyMiniRoomRequest struct {
	ID                 string  `url:"id"`                           // the mini classroom's id
	Subject            string  `url:"subject"`                      // 1-250 characters
	TeacherToken       string  `url:"teacherToken,omitempty"`       // 6-15 characters
	StudentClientToken string  `url:"studentClientToken,omitempty"` // 6-15 characters
	Action             *bool   `url:"action,omitempty"`             // students take a seat automatically
	SpeakerInfo        *string `url:"speakerInfo,omitempty"`        // about the teacher; empty clears it
	ScheduleInfo       *string `url:"scheduleInfo,omitempty"`       // about the course; empty clears it
	Description        *string `url:"description,omitempty"`        // about the classroom; empty clears it
	MaxAttendees       *int    `url:"maxAttendees,omitempty"`       // only with the site's fixed-concurrency feature
}

// miniRoomRules checks what miniroom/created and miniroom/modify share.
func miniRoomRules(c *checker, subject, teacherToken, studentToken string, maxAttendees *int) {
	c.length("subject", subject, 1, 250)
	c.optLength("teacherToken", teacherToken, 6, 15)
	c.optLength("studentClientToken", studentToken, 6, 15)
	c.maxAttendees(maxAttendees)
}

// MiniRoom is a mini classroom as miniroom/created and miniroom/modify
// return it (spec sections 5.55 and 5.56).
type MiniRoom struct {
	ID                 string `json:"id"`                 // the mini classroom's id
	Number             string `json:"number"`             // the classroom's number
	TeacherToken       string `json:"teacherToken"`       // teachers' join token
	StudentClientToken string `json:"studentClientToken"` // students' join token
	TeacherJoinURL     string `json:"teacherJoinUrl"`     // teachers join here
	StudentJoinURL     string `json:"studentJoinUrl"`     // students join here
	StartDate          Time   `json:"startDate"`          // expected start
	InvalidDate        Time   `json:"invalidDate"`        // expiry
	Duration           int    `json:"duration"`           // minutes
	Action             bool   `json:"action"`             // students take a seat automatically
}

// Create creates a mini classroom (miniroom/created, spec section 5.55) and
// returns it with its tokens and join URLs. Never retried: a second try
// could make a second classroom.
func (s *MiniRoomService) Create(ctx context.Context, req *CreateMiniRoomRequest) (*MiniRoom, error) {
	const path = "/training/miniroom/created"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	miniRoomRules(c, req.Subject, req.TeacherToken, req.StudentClientToken, req.MaxAttendees)
	c.requiredTime("startDate", req.StartDate)
	c.between("duration", req.Duration, 30, 480)
	if err := c.Err(); err != nil {
		return nil, err
	}
	room := new(MiniRoom)
	if err := s.c.do(ctx, path, req, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, noID(path)
	}
	return room, nil
}

// Modify changes a mini classroom (miniroom/modify, spec section 5.56) and
// returns it as it now is. Empty tokens keep their current values. A
// success answer without the classroom's id is an error matching ErrNoID:
// the change was accepted, but the classroom as it now is did not come back.
func (s *MiniRoomService) Modify(ctx context.Context, req *ModifyMiniRoomRequest) (*MiniRoom, error) {
	const path = "/training/miniroom/modify"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.required("id", req.ID)
	miniRoomRules(c, req.Subject, req.TeacherToken, req.StudentClientToken, req.MaxAttendees)
	if err := c.Err(); err != nil {
		return nil, err
	}
	room := new(MiniRoom)
	if err := s.c.do(ctx, path, req, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, missingID(path, "the classroom's id")
	}
	return room, nil
}

// MiniRoomStudentStats is one student's statistics in a mini classroom, as
// miniroom/export/history lists them (spec section 5.57). The spec gives no
// unit for the durations; they are passed on as the server reports them.
type MiniRoomStudentStats struct {
	UserNickname        string              `json:"userNickname"`        // the student's name
	UserID              int64               `json:"userId"`              // the student's user id
	MedalCount          int                 `json:"medalCount"`          // medals received
	HandUpCount         int                 `json:"handUpCount"`         // hands raised
	PodiumDuration      int64               `json:"podiumDuration"`      // total time on the interactive seat (互动席)
	Duration            int64               `json:"duration"`            // time in the classroom
	HandUpTimeStampList []*MiniRoomHandUp   `json:"handUpTimeStampList"` // when the student raised a hand (empty, never nil)
	RollCallDetailList  []*MiniRoomRollCall `json:"rollCallDetailList"`  // the roll calls (empty, never nil)
	PodiumDetailList    []*MiniRoomPodium   `json:"podiumDetailList"`    // the times on the interactive seat (empty, never nil)
	VoteDetails         []*MiniRoomAccuracy `json:"voteDetails"`         // the student's test papers (试卷) (empty, never nil)
	AnswerSheetDetail   []*MiniRoomAccuracy `json:"answerSheetDetail"`   // the student's answer sheets (答题卡) (empty, never nil)
}

// MiniRoomHandUp is one raised hand of a student in a mini classroom.
type MiniRoomHandUp struct {
	TimeStamp Time `json:"timeStamp"` // when the hand went up
}

// MiniRoomRollCallStatus is how a student answered a roll call (点名) in a
// mini classroom.
type MiniRoomRollCallStatus int

// The answers to a roll call of miniroom/export/history.
const (
	MiniRoomRollCallAnswered    MiniRoomRollCallStatus = 1 // 已答到
	MiniRoomRollCallNotAnswered MiniRoomRollCallStatus = 2 // 未答到
	MiniRoomRollCallNotReceived MiniRoomRollCallStatus = 3 // 未收到点名
)

// String returns "answered", "not answered", "not received", or "Unknown(N)".
func (s MiniRoomRollCallStatus) String() string {
	switch s {
	case MiniRoomRollCallAnswered:
		return "answered"
	case MiniRoomRollCallNotAnswered:
		return "not answered"
	case MiniRoomRollCallNotReceived:
		return "not received"
	}
	return "Unknown(" + strconv.Itoa(int(s)) + ")"
}

// MiniRoomRollCall is one roll call (点名) of a student in a mini classroom.
type MiniRoomRollCall struct {
	Timestamp       Time                   `json:"timestamp"`       // when the roll call started
	AnswerTimestamp Time                   `json:"answerTimestamp"` // when the student answered
	Status          MiniRoomRollCallStatus `json:"status"`          // how the student answered
}

// MiniRoomPodium is one stay of a student on the interactive seat (互动席)
// of a mini classroom.
type MiniRoomPodium struct {
	BeginTime Time `json:"beginTime"` // when the student went up
	EndTime   Time `json:"endTime"`   // when the student came down
}

// MiniRoomAccuracy is the correct-answer rate of one test paper (voteDetails)
// or answer sheet (answerSheetDetail) of a student, as the server writes it
// (such as "80%").
type MiniRoomAccuracy struct {
	Accuracy string `json:"accuracy"` // 正确率
}

type studentStatsForm struct {
	ID     string `url:"id"`
	PageNo int    `url:"pageNo,omitempty"`
}

type studentStatsResponse struct {
	RecordStatistics []*MiniRoomStudentStats `json:"recordStatistics"`
	pageTotals
}

// StudentStats returns one page of the per-student statistics of a mini
// classroom (miniroom/export/history, spec section 5.57): hands raised, roll
// calls, interactive-seat stays, test papers and answer sheets. id is the
// mini classroom's id; pageNo counts from 1 (0 asks for page 1).
func (s *MiniRoomService) StudentStats(ctx context.Context, id string, pageNo int) (*Page[*MiniRoomStudentStats], error) {
	const path = "/training/miniroom/export/history"
	c := s.c.check(ctx, path)
	c.required("id", id)
	c.pageNo(pageNo)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp studentStatsResponse
	if err := s.c.do(ctx, path, studentStatsForm{id, pageNo}, &resp); err != nil {
		return nil, err
	}
	return newPage(ctx, resp.RecordStatistics, resp.pageTotals, pageNo), nil
}

// StudentStatsAll walks every page of miniroom/export/history for the mini
// classroom id (spec section 5.57). Nothing is sent until the sequence is
// ranged over; it stops after the last page, at the first error (yielded
// once), or when the loop breaks.
func (s *MiniRoomService) StudentStatsAll(ctx context.Context, id string) iter.Seq2[*MiniRoomStudentStats, error] {
	return observedPages(ctx, s.c, "/training/miniroom/export/history", 1, func(ctx context.Context, pageNo int) (*Page[*MiniRoomStudentStats], error) {
		return s.StudentStats(ctx, id, pageNo)
	})
}

// MiniRoomStats is one mini classroom's statistics, as miniroom/syn lists
// them (spec section 5.58).
type MiniRoomStats struct {
	ID             string `json:"id"`             // the mini classroom's id
	StageNum       int64  `json:"stageNum"`       // times students went up to the interactive seat
	HandupNum      int64  `json:"handupNum"`      // hands raised by students
	WatchTotalTime int64  `json:"watchTotalTime"` // total watching time
	VisitNum       int64  `json:"visitNum"`       // visitors
	// AllUsersDuration is the answer's top-level duration (所有用户观看时长,
	// the watching time of all users), which sits beside the page object
	// rather than in a classroom; it is copied to every item of the page.
	AllUsersDuration int64 `json:"-"`
}

type miniRoomPageForm struct {
	PageNo int `url:"pageNo,omitempty"`
}

type roomStatsResponse struct {
	RoomStatistics []*MiniRoomStats `json:"roomStatistics"`
	Duration       int64            `json:"duration"`
	pageTotals
}

// RoomStats returns one page of the per-classroom statistics of the site's
// mini classrooms (miniroom/syn, spec section 5.58); pageNo counts from 1 (0
// asks for page 1). The answer's top-level duration (all users' watching
// time) is copied to every item as AllUsersDuration.
func (s *MiniRoomService) RoomStats(ctx context.Context, pageNo int) (*Page[*MiniRoomStats], error) {
	const path = "/training/miniroom/syn"
	c := s.c.check(ctx, path)
	c.pageNo(pageNo)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp roomStatsResponse
	if err := s.c.do(ctx, path, miniRoomPageForm{pageNo}, &resp); err != nil {
		return nil, err
	}
	for _, r := range resp.RoomStatistics {
		if r != nil {
			r.AllUsersDuration = resp.Duration
		}
	}
	return newPage(ctx, resp.RoomStatistics, resp.pageTotals, pageNo), nil
}

// RoomStatsAll walks every page of miniroom/syn (spec section 5.58). Nothing
// is sent until the sequence is ranged over; it stops after the last page,
// at the first error (yielded once), or when the loop breaks.
func (s *MiniRoomService) RoomStatsAll(ctx context.Context) iter.Seq2[*MiniRoomStats, error] {
	return observedPages(ctx, s.c, "/training/miniroom/syn", 1, func(ctx context.Context, pageNo int) (*Page[*MiniRoomStats], error) {
		return s.RoomStats(ctx, pageNo)
	})
}
