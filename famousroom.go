package gensee

import (
	"context"
	"strconv"
	"time"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// CreateFamousRoomRequest holds the parameters of famousroom/created (spec
// section 5.44): a dual-teacher classroom (双师课堂), made of a famous-teacher
// room (名师课堂) and its tutorial rooms (辅导端, "slave rooms" on the wire).
// Subject, StartDate and Realtime are required; an empty string or a nil
// pointer is not sent and leaves the server's default.
//
// ClassCount and ClassNames describe the tutorial rooms. They go as
// classCount and the one form value slaveClazzList (required by the spec's
// table, so always sent) holding the JSON array text
// [{"clazzName":"1班"},…], with one entry per tutorial room: the names
// given, then an empty object {} for each room the server names itself
// ("1班", "2班", …). With ClassCount nil, the count is len(ClassNames), or
// the spec's default 1 when no name is given either.
type CreateFamousRoomRequest struct {
	Subject                 string    `url:"subject"`                           // 1-50 characters
	StartDate               time.Time `url:"startDate,unixmilli,omitempty"`     // required
	InvalidDate             time.Time `url:"invalidDate,unixmilli,omitempty"`   // when the rooms stop accepting joins
	Realtime                bool      `url:"realtime"`                          // true: a live (实时) classroom
	ClassCount              *int      `url:"-"`                                 // tutorial rooms, 1-30 (server default 1)
	ClassNames              []string  `url:"-"`                                 // tutorial room names, at most 20 characters each; at most ClassCount of them
	TeacherToken            string    `url:"teacherToken,omitempty"`            // famous-teacher room teachers, 6-15 characters; generated when empty
	AssistantToken          string    `url:"assistantToken,omitempty"`          // famous-teacher room assistants, 6-15 characters; generated when empty
	SlaveStudentClientToken string    `url:"slaveStudentClientToken,omitempty"` // tutorial rooms' client students, 6-15 characters
	SlaveTeacherToken       string    `url:"slaveTeacherToken,omitempty"`       // tutorial rooms' teachers, 6-15 characters
	SlaveAssistantToken     string    `url:"slaveAssistantToken,omitempty"`     // tutorial rooms' assistants, 6-15 characters
	Description             string    `url:"description,omitempty"`             // about the classroom
	SpeakerInfo             string    `url:"speakerInfo,omitempty"`             // about the teacher
	ScheduleInfo            string    `url:"scheduleInfo,omitempty"`            // about the course
	MaxAttendees            *int      `url:"maxAttendees,omitempty"`            // only with the site's fixed-concurrency feature
}

// ModifyFamousRoomRequest holds the parameters of famousroom/modify (spec
// section 5.45). ID, StartDate and Realtime are required; an empty string or
// a nil pointer is not sent and leaves the current value. The tutorial
// students' token goes as "slavestudentClientToken" (lower-case s), as this
// section spells it, unlike famousroom/created. A nil Realtime is refused
// (ValidationError, nothing sent) rather than sent as false. ClassCount and
// ClassNames work as in CreateFamousRoomRequest, except that with neither
// set nothing about the tutorial rooms is sent (a default here would rename
// or drop tutorial rooms). The texts are pointers: nil is not sent,
// Ptr("") sends the parameter empty and clears the text. The tokens stay
// strings: the spec gives them 6-15 characters, so there is no empty one to
// send.
type ModifyFamousRoomRequest struct {
	ID                      string    `url:"id"`                                // the dual-teacher classroom's id
	Subject                 string    `url:"subject,omitempty"`                 // 1-50 characters
	StartDate               time.Time `url:"startDate,unixmilli,omitempty"`     // required
	InvalidDate             time.Time `url:"invalidDate,unixmilli,omitempty"`   // when the rooms stop accepting joins
	Realtime                *bool     `url:"realtime,omitempty"`                // required: true a live (实时) classroom, false a recorded one
	ClassCount              *int      `url:"-"`                                 // tutorial rooms, 1-30
	ClassNames              []string  `url:"-"`                                 // tutorial room names, at most 20 characters each; at most ClassCount of them
	TeacherToken            string    `url:"teacherToken,omitempty"`            // 6-15 characters
	AssistantToken          string    `url:"assistantToken,omitempty"`          // 6-15 characters
	SlaveStudentClientToken string    `url:"slavestudentClientToken,omitempty"` // 6-15 characters; spelled with a lower-case s on the wire
	SlaveTeacherToken       string    `url:"slaveTeacherToken,omitempty"`       // 6-15 characters
	SlaveAssistantToken     string    `url:"slaveAssistantToken,omitempty"`     // 6-15 characters
	Description             *string   `url:"description,omitempty"`             // about the classroom; empty clears it
	SpeakerInfo             *string   `url:"speakerInfo,omitempty"`             // about the teacher; empty clears it
	ScheduleInfo            *string   `url:"scheduleInfo,omitempty"`            // about the course; empty clears it
	MaxAttendees            *int      `url:"maxAttendees,omitempty"`            // only with the site's fixed-concurrency feature
}

// famousClazz is one entry of slaveClazzList.
type famousClazz struct {
	ClazzName string `json:"clazzName,omitempty"`
}

// famousClasses carries the tutorial-room parameters built from ClassCount
// and ClassNames.
type famousClasses struct {
	ClassCount     *int          `url:"classCount,omitempty"`
	SlaveClazzList []famousClazz `url:"slaveClazzList,json,omitempty"`
}

// newFamousClasses builds classCount and slaveClazzList: one entry per
// tutorial room, the names given and then {} for each room the server names
// itself. count nil means len(names), or the spec's default 1 without names.
func newFamousClasses(count *int, names []string) famousClasses {
	n := len(names)
	switch {
	case count != nil:
		n = *count
	case n == 0:
		n = 1
	}
	list := make([]famousClazz, n)
	for i, name := range names {
		list[i].ClazzName = name
	}
	return famousClasses{ClassCount: &n, SlaveClazzList: list}
}

// createFamousRoomForm is the form of famousroom/created: the request as it
// is (copied, so that the encoder flattens it) and slaveClazzList, which the
// table marks required and which is therefore always sent.
type createFamousRoomForm struct {
	CreateFamousRoomRequest
	famousClasses
}

// modifyFamousRoomForm is the form of famousroom/modify: the request as it
// is and, only when the caller set ClassCount or ClassNames, the tutorial
// rooms (a default here would rename or drop them).
type modifyFamousRoomForm struct {
	ModifyFamousRoomRequest
	famousClasses
}

// check lists the fields famousroom/created checks (spec section 5.44).
func (r *CreateFamousRoomRequest) check(c *checker) {
	c.length("subject", r.Subject, 1, 50)
	c.requiredTime("startDate", r.StartDate)
	famousClassRules(c, r.ClassCount, r.ClassNames)
	famousTokens(c, "slaveStudentClientToken", r.TeacherToken, r.AssistantToken, r.SlaveStudentClientToken, r.SlaveTeacherToken, r.SlaveAssistantToken)
	c.maxAttendees(r.MaxAttendees)
}

// check lists the fields famousroom/modify checks (spec section 5.45).
func (r *ModifyFamousRoomRequest) check(c *checker) {
	c.required("id", r.ID)
	c.optLength("subject", r.Subject, 1, 50)
	c.requiredTime("startDate", r.StartDate)
	c.realtime(r.Realtime)
	famousClassRules(c, r.ClassCount, r.ClassNames)
	famousTokens(c, "slavestudentClientToken", r.TeacherToken, r.AssistantToken, r.SlaveStudentClientToken, r.SlaveTeacherToken, r.SlaveAssistantToken)
	c.maxAttendees(r.MaxAttendees)
}

// famousClassRules checks classCount and the names of slaveClazzList.
func famousClassRules(c *checker, count *int, names []string) {
	c.optBetween("classCount", count, 1, 30)
	if count == nil && len(names) > 30 {
		c.fail("slaveClazzList", "must hold at most 30 class names, got "+strconv.Itoa(len(names)))
	}
	if count != nil && len(names) > *count {
		c.fail("slaveClazzList", "must hold at most classCount ("+strconv.Itoa(*count)+") class names, got "+strconv.Itoa(len(names)))
	}
	for i, n := range names {
		c.maxLength("slaveClazzList["+strconv.Itoa(i)+"].clazzName", n, 20)
	}
}

// famousTokens checks the five join tokens, 6-15 characters each.
// studentToken is the wire name of the tutorial students' token, which the
// two sections spell differently. The tokens need not differ: the spec asks
// it only of room/created and room/modify.
func famousTokens(c *checker, studentToken string, teacher, assistant, student, slaveTeacher, slaveAssistant string) {
	c.optLength("teacherToken", teacher, 6, 15)
	c.optLength("assistantToken", assistant, 6, 15)
	c.optLength(studentToken, student, 6, 15)
	c.optLength("slaveTeacherToken", slaveTeacher, 6, 15)
	c.optLength("slaveAssistantToken", slaveAssistant, 6, 15)
}

// FamousRoom is a dual-teacher classroom as famousroom/created,
// famousroom/modify and famousroom/info return it (spec sections 5.44, 5.45
// and 5.47): the famous-teacher room, and its tutorial rooms under
// SlaveRoomWrapper.
type FamousRoom struct {
	ID               string            `json:"id"`               // the famous-teacher room's id
	Number           string            `json:"number"`           // the famous-teacher room's number
	TeacherToken     string            `json:"teacherToken"`     // the famous-teacher room's teacher token
	AssistantToken   string            `json:"assistantToken"`   // the famous-teacher room's assistant token
	ClientURL        string            `json:"clientUrl"`        // teachers and assistants of the famous-teacher room join here
	StartDate        Time              `json:"startDate"`        // expected start
	InvalidDate      Time              `json:"invalidDate"`      // expiry
	SlaveRoomWrapper *SlaveRoomWrapper `json:"slaveRoomWrapper"` // the tutorial rooms; nil when the answer has none
}

// SlaveRoomWrapper holds the tokens shared by the tutorial rooms (辅导端) of
// a dual-teacher classroom, and the rooms themselves.
type SlaveRoomWrapper struct {
	TeacherToken               string              `json:"teacherToken"`               // the tutorial rooms' teacher token
	AssistantToken             string              `json:"assistantToken"`             // the tutorial rooms' assistant token
	StudentClientToken         string              `json:"studentClientToken"`         // the tutorial rooms' client student token
	SlaveFamousRoomResultInfos []*TutorialRoomInfo `json:"slaveFamousRoomResultInfos"` // one per tutorial room (empty, never nil)
}

// TutorialRoomInfo is one tutorial room (辅导端) of a dual-teacher classroom.
// famousroom/created returns no GroupList (it is empty), famousroom/modify no
// Code.
type TutorialRoomInfo struct {
	ID               string   `json:"id"`               // the tutorial room's id
	Code             string   `json:"code"`             // the tutorial room's number (辅导端课堂编号), not a return code
	ClientURL        string   `json:"clientUrl"`        // the tutorial room's teachers and assistants join here
	StudentClientURL string   `json:"studentClientUrl"` // the tutorial room's client students join here
	GroupList        []*Group `json:"groupList"`        // the tutorial room's student groups (empty, never nil)
}

// TutorialRoom is a tutorial room (辅导端) as tutorialroom/info returns it
// (spec section 5.48).
type TutorialRoom struct {
	ID                 string   `json:"id"`                 // the id of the famous-teacher room it belongs to
	Number             string   `json:"number"`             // the number of the famous-teacher room it belongs to
	TutorialRoomID     string   `json:"tutorialRoomId"`     // the tutorial room's id
	Subject            string   `json:"subject"`            // the classroom's subject
	TutorialRoomName   string   `json:"tutorialRoomName"`   // the tutorial room's name (its class name)
	TeacherToken       string   `json:"teacherToken"`       // the tutorial room's teacher token
	AssistantToken     string   `json:"assistantToken"`     // the tutorial room's assistant token
	StudentClientToken string   `json:"studentClientToken"` // the tutorial room's client student token
	StartDate          Time     `json:"startDate"`          // expected start
	InvalidDate        Time     `json:"invalidDate"`        // expiry
	ClientURL          string   `json:"clientUrl"`          // teachers and assistants join here
	JoinURL            string   `json:"joinUrl"`            // client students join here
	GroupList          []*Group `json:"groupList"`          // the student groups (empty, never nil)
}

// Create creates a dual-teacher classroom with its tutorial rooms
// (famousroom/created, spec section 5.44) and returns it with its tokens and
// join URLs. Never retried: a second try could make a second classroom.
func (s *FamousRoomService) Create(ctx context.Context, req *CreateFamousRoomRequest) (*FamousRoom, error) {
	const path = "/training/famousroom/created"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	req.check(c)
	if err := c.Err(); err != nil {
		return nil, err
	}
	f := createFamousRoomForm{*req, newFamousClasses(req.ClassCount, req.ClassNames)}
	room := new(FamousRoom)
	if err := s.c.do(ctx, path, &f, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, noID(path)
	}
	return room, nil
}

// Modify changes a dual-teacher classroom (famousroom/modify, spec section
// 5.45) and returns it as it now is, tutorial rooms and their groups
// included. A success answer without the classroom's id is an error
// matching ErrNoID: the change was accepted, but what it made did not come
// back (FamousRooms.Get reads it).
func (s *FamousRoomService) Modify(ctx context.Context, req *ModifyFamousRoomRequest) (*FamousRoom, error) {
	const path = "/training/famousroom/modify"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	req.check(c)
	if err := c.Err(); err != nil {
		return nil, err
	}
	f := modifyFamousRoomForm{ModifyFamousRoomRequest: *req}
	if req.ClassCount != nil || len(req.ClassNames) > 0 {
		f.famousClasses = newFamousClasses(req.ClassCount, req.ClassNames)
	}
	room := new(FamousRoom)
	if err := s.c.do(ctx, path, &f, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, missingID(path, "the classroom's id")
	}
	return room, nil
}

// famousIDParam is the form of famousroom/info.
type famousIDParam struct {
	ID string `url:"id"`
}

// Get returns a dual-teacher classroom with its tutorial rooms and their
// groups (famousroom/info, spec section 5.47). id is the famous-teacher
// room's id. An unknown id answers ErrNotFound; a success answer without
// the classroom's id is an error matching ErrNoID.
func (s *FamousRoomService) Get(ctx context.Context, id string) (*FamousRoom, error) {
	const path = "/training/famousroom/info"
	c := s.c.check(ctx, path)
	c.required("id", id)
	if err := c.Err(); err != nil {
		return nil, err
	}
	room := new(FamousRoom)
	if err := s.c.do(ctx, path, famousIDParam{id}, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, missingID(path, "the classroom's id")
	}
	return room, nil
}

// Delete deletes a famous-teacher room or one tutorial room
// (famousroom/deleted, spec section 5.49); roomID is the id of either.
func (s *FamousRoomService) Delete(ctx context.Context, roomID string) error {
	const path = "/training/famousroom/deleted"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, roomIDParam{roomID}, nil)
}

type renameTutorialForm struct {
	RoomID    string `url:"roomId"`
	ClassName string `url:"className"`
}

// RenameTutorialRoom renames a tutorial room (slaveroom/modify, spec section
// 5.46). roomID is the tutorial room's id. className goes as given: the
// spec lets it be empty and sets it no length limit (the 20 characters are
// famousroom/created's clazzName).
func (s *FamousRoomService) RenameTutorialRoom(ctx context.Context, roomID, className string) error {
	const path = "/training/slaveroom/modify"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, renameTutorialForm{roomID, className}, nil)
}

// GetTutorialRoom returns a tutorial room's details: its tokens, join URLs
// and groups, and the famous-teacher room it belongs to (tutorialroom/info,
// spec section 5.48). An unknown id answers ErrNotFound; a success answer
// without tutorialRoomId is an error matching ErrNoID.
func (s *FamousRoomService) GetTutorialRoom(ctx context.Context, roomID string) (*TutorialRoom, error) {
	const path = "/training/tutorialroom/info"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return nil, err
	}
	room := new(TutorialRoom)
	if err := s.c.do(ctx, path, roomIDParam{roomID}, room); err != nil {
		return nil, err
	}
	if room.TutorialRoomID == "" {
		return nil, missingID(path, "the tutorial room's id (tutorialRoomId)")
	}
	return room, nil
}
