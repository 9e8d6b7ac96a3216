package gensee

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"time"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// CreateRoomRequest holds the parameters of room/created (spec section 5.1).
// Subject, StartDate and Realtime are required; a nil pointer or empty string
// is not sent and leaves the server's default.
type CreateRoomRequest struct {
	Subject            string    `url:"subject"`                         // 1-250 characters; must not be another room's subject
	StartDate          time.Time `url:"startDate,unixmilli,omitempty"`   // required
	InvalidDate        time.Time `url:"invalidDate,unixmilli,omitempty"` // when the room stops accepting joins
	Realtime           bool      `url:"realtime"`                        // true: a live (实时) classroom
	TeacherToken       string    `url:"teacherToken,omitempty"`          // 6-15 characters; generated when empty
	AssistantToken     string    `url:"assistantToken,omitempty"`        // 6-15 characters; generated when empty
	StudentToken       string    `url:"studentToken,omitempty"`          // web students' token, at most 15 characters
	StudentClientToken string    `url:"studentClientToken,omitempty"`    // client students' token
	SpeakerInfo        string    `url:"speakerInfo,omitempty"`           // about the teacher
	ScheduleInfo       string    `url:"scheduleInfo,omitempty"`          // about the course
	Description        string    `url:"description,omitempty"`           // about the classroom
	WebJoin            *bool     `url:"webJoin,omitempty"`               // web students may join (server default true)
	ClientJoin         *bool     `url:"clientJoin,omitempty"`            // client students may join (server default true)
	Duration           *int      `url:"duration,omitempty"`              // minutes; 0 is sent
	UIMode             *int      `url:"uiMode,omitempty"`                // web layout, UIMode… constants (1-6)
	UIColor            string    `url:"uiColor,omitempty"`               // three-pane colour: "blue", "default" or "green"
	Scene              *int      `url:"scene,omitempty"`                 // SceneLecture (default) or SceneSmallClass
	UIWindow           *bool     `url:"uiWindow,omitempty"`              // uiMode 2: show the small window
	UIVideo            *bool     `url:"uiVideo,omitempty"`               // uiMode 2: video as the main view
	Upgrade            *bool     `url:"upgrade,omitempty"`               // web users may upgrade to the client
	MaxAttendees       *int      `url:"maxAttendees,omitempty"`          // only with the site's fixed-concurrency feature
	PlayerTheme        string    `url:"playerTheme,omitempty"`           // uiMode 4 and 5: "" night sky, "skyblue" snow peak
	FullScreenMode     *int      `url:"fullScreenMode,omitempty"`        // uiMode 6: FullScreen… constants (0-3)
	AACSupport         *bool     `url:"aacSupport,omitempty"`            // AAC audio (server default off)
}

// ModifyRoomRequest holds the parameters of room/modify (spec section 5.2).
// ID, Subject, StartDate and Realtime are required: the call replaces what
// it names, and a nil Realtime is refused (ValidationError, nothing sent)
// rather than sent as false, which would turn a live classroom into a
// recorded one. The spec's table names the id "Id"; real sites take "id",
// which is what is sent.
//
// The optional texts and tokens are pointers: nil is not sent (the
// classroom keeps its value), Ptr("") sends the parameter empty, which
// clears a text or a students' token, and PlayerTheme: Ptr("") chooses the
// night-sky theme (the spec spells it as the empty value).
type ModifyRoomRequest struct {
	ID                 string    `url:"id"`                              // the classroom's id
	Subject            string    `url:"subject"`                         // 1-250 characters
	StartDate          time.Time `url:"startDate,unixmilli,omitempty"`   // required
	InvalidDate        time.Time `url:"invalidDate,unixmilli,omitempty"` // when the room stops accepting joins
	Realtime           *bool     `url:"realtime,omitempty"`              // required: true a live (实时) classroom, false a recorded one
	TeacherToken       *string   `url:"teacherToken,omitempty"`          // 6-15 characters
	AssistantToken     *string   `url:"assistantToken,omitempty"`        // 6-15 characters
	StudentToken       *string   `url:"studentToken,omitempty"`          // at most 15 characters; empty clears it
	StudentClientToken *string   `url:"studentClientToken,omitempty"`    // client students' token; empty clears it
	SpeakerInfo        *string   `url:"speakerInfo,omitempty"`           // about the teacher; empty clears it
	ScheduleInfo       *string   `url:"scheduleInfo,omitempty"`          // about the course; empty clears it
	Description        *string   `url:"description,omitempty"`           // about the classroom; empty clears it
	WebJoin            *bool     `url:"webJoin,omitempty"`               // web students may join
	ClientJoin         *bool     `url:"clientJoin,omitempty"`            // client students may join
	Duration           *int      `url:"duration,omitempty"`              // minutes; 0 is sent
	UIMode             *int      `url:"uiMode,omitempty"`                // web layout, UIMode… constants (1-6)
	UIColor            string    `url:"uiColor,omitempty"`               // "blue", "default" or "green"; "" is not sent
	UIWindow           *bool     `url:"uiWindow,omitempty"`              // uiMode 2: show the small window
	UIVideo            *bool     `url:"uiVideo,omitempty"`               // uiMode 2: video as the main view
	MobileMode         *int      `url:"mobileMode,omitempty"`            // mobile player: 1, 2 or 3 (audio and documents)
	Upgrade            *bool     `url:"upgrade,omitempty"`               // web users may upgrade to the client
	Scene              *int      `url:"scene,omitempty"`                 // SceneLecture or SceneSmallClass
	MaxAttendees       *int      `url:"maxAttendees,omitempty"`          // only with the site's fixed-concurrency feature; 0 is sent
	PlayerTheme        *string   `url:"playerTheme,omitempty"`           // uiMode 4 and 5: "" night sky, "skyblue" snow peak
	FullScreenMode     *int      `url:"fullScreenMode,omitempty"`        // uiMode 6: FullScreen… constants (0-3)
	AACSupport         *bool     `url:"aacSupport,omitempty"`            // AAC audio; once telconf is set the server keeps it off (see Modify)
}

// The web layouts of uiMode.
const (
	UIModeThreePane             = 1 // 三分屏
	UIModeDocOrVideo            = 2 // 文档/视频为主
	UIModeTwoPane               = 3 // 两分屏
	UIModeInteractiveFour       = 4 // 互动增强四分屏
	UIModeInteractiveThree      = 5 // 互动增强三分屏
	UIModeInteractiveFullScreen = 6 // 互动增强全屏
)

// The scenes of a classroom.
const (
	SceneLecture    = 0 // 大讲堂
	SceneSmallClass = 1 // 小班课
)

// The settings of fullScreenMode (uiMode 6).
const (
	FullScreenVideoMain = 0 // 视频为主
	FullScreenDocMain   = 1 // 文档为主
	FullScreenVideoOnly = 2 // 纯视频
	FullScreenDocOnly   = 3 // 纯文档
)

// check lists the fields room/created checks (spec section 5.1).
func (r *CreateRoomRequest) check(c *checker) {
	c.length("subject", r.Subject, 1, 250)
	c.requiredTime("startDate", r.StartDate)
	roomTokens(c, r.TeacherToken, r.AssistantToken, r.StudentToken, r.StudentClientToken)
	c.joins(r.WebJoin, r.ClientJoin)
	roomDuration(c, r.Duration)
	c.uiMode(r.UIMode)
	c.uiColor(r.UIColor)
	c.scene(r.Scene)
	c.maxAttendees(r.MaxAttendees)
	c.playerTheme(r.PlayerTheme)
	c.fullScreenMode(r.FullScreenMode)
}

// check lists the fields room/modify checks (spec section 5.2). It repeats
// most of CreateRoomRequest.check on purpose: each endpoint lists the
// fields it checks; the rules themselves are written once, on checker.
func (r *ModifyRoomRequest) check(c *checker) {
	c.required("id", r.ID)
	c.length("subject", r.Subject, 1, 250)
	c.requiredTime("startDate", r.StartDate)
	c.realtime(r.Realtime)
	roomTokens(c, strOf(r.TeacherToken), strOf(r.AssistantToken), strOf(r.StudentToken), strOf(r.StudentClientToken))
	c.joins(r.WebJoin, r.ClientJoin)
	roomDuration(c, r.Duration)
	c.uiMode(r.UIMode)
	c.uiColor(r.UIColor)
	c.mobileMode(r.MobileMode)
	c.scene(r.Scene)
	c.maxAttendees(r.MaxAttendees)
	c.playerTheme(strOf(r.PlayerTheme))
	c.fullScreenMode(r.FullScreenMode)
}

// roomTokens checks the join tokens of room/created and room/modify, the two
// sections that ask them to differ from each other.
func roomTokens(c *checker, teacher, assistant, student, studentClient string) {
	c.optLength("teacherToken", teacher, 6, 15)
	c.optLength("assistantToken", assistant, 6, 15)
	c.maxLength("studentToken", student, 15)
	c.distinct([]string{"teacherToken", "assistantToken", "studentToken", "studentClientToken"},
		[]string{teacher, assistant, student, studentClient})
}

// roomDuration: the spec gives a classroom's duration (minutes) no range,
// so 0 is sent as given; only a negative number is refused.
func roomDuration(c *checker, v *int) {
	if v != nil && *v < 0 {
		c.fail("duration", fmt.Sprintf("must not be negative, got %d", *v))
	}
}

// Room is a live classroom as room/created and room/info return it (spec
// sections 5.1 and 5.4).
type Room struct {
	ID                 string   `json:"id"`                 // the classroom's id, such as "mquQf2"
	Number             string   `json:"number"`             // the classroom's number, such as "34154643"
	Subject            string   `json:"subject"`            // room/info only
	TeacherToken       string   `json:"teacherToken"`       // teachers' join token
	AssistantToken     string   `json:"assistantToken"`     // assistants' join token
	StudentToken       string   `json:"studentToken"`       // web students' join token
	StudentClientToken string   `json:"studentClientToken"` // client students' join token
	TeacherJoinURL     string   `json:"teacherJoinUrl"`     // teachers and assistants join here
	StudentJoinURL     string   `json:"studentJoinUrl"`     // students join here
	StartDate          Time     `json:"startDate"`          // expected start
	InvalidDate        Time     `json:"invalidDate"`        // expiry
	WebJoin            bool     `json:"webJoin"`            // web students may join
	ClientJoin         bool     `json:"clientJoin"`         // client students may join
	Scene              int      `json:"scene"`              // SceneLecture or SceneSmallClass (room/created)
	Action             bool     `json:"action"`             // students take a seat automatically (room/info)
	Duration           int      `json:"duration"`           // minutes (room/info)
	AACSupport         bool     `json:"aacSupport"`         // AAC audio enabled (room/info)
	GroupList          []*Group `json:"groupList"`          // the student groups (room/info)
}

// Create creates a live classroom (room/created, spec section 5.1) and
// returns it with its tokens and join URLs (and the subject it was given,
// which the answer does not repeat). A subject already used by another
// room answers ErrDuplicate. Never retried once sent: a second try could
// make a second room (CreateOnce settles a lost answer).
func (s *RoomService) Create(ctx context.Context, req *CreateRoomRequest) (*Room, error) {
	const path = "/training/room/created"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	req.check(c)
	if err := c.Err(); err != nil {
		return nil, err
	}
	room := new(Room)
	if err := s.c.do(ctx, path, req, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, noID(path)
	}
	if room.Subject == "" {
		room.Subject = req.Subject // room/created does not echo it
	}
	return room, nil
}

// Modify changes a live classroom's settings (room/modify, spec section
// 5.2). Once telephone-conference parameters are set (SetTelConf), the
// server forces AAC off and ignores a request to turn it on while answering
// success; so when AACSupport is true, Modify reads the classroom back
// (room/info, one extra read) and returns an error matching ErrNotApplied
// if AAC is still off. The other settings were applied all the same. The
// read back is a call of its own: CaptureResponse then reports room/info
// (Response.Endpoint says which).
func (s *RoomService) Modify(ctx context.Context, req *ModifyRoomRequest) error {
	const path = "/training/room/modify"
	if req == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	req.check(c)
	if err := c.Err(); err != nil {
		return err
	}
	if err := s.c.do(ctx, path, req, nil); err != nil {
		return err
	}
	if req.AACSupport == nil || !*req.AACSupport {
		return nil
	}
	room, err := s.Get(ctx, req.ID)
	if err != nil {
		return fmt.Errorf("gensee: %s: answered success; reading aacSupport back through room/info failed: %w", path, err)
	}
	if !room.AACSupport {
		return &notAppliedError{endpoint: path, field: "aacSupport", why: "room/info shows AAC off: the server ignores aacSupport once telephone-conference parameters are set"}
	}
	return nil
}

// roomIDParam is the form of the endpoints that take only a roomId.
type roomIDParam struct {
	RoomID string `url:"roomId"`
}

// Delete deletes a live classroom (room/deleted, spec section 5.3).
func (s *RoomService) Delete(ctx context.Context, roomID string) error {
	const path = "/training/room/deleted"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, roomIDParam{roomID}, nil)
}

// Get returns a classroom's details: tokens, join URLs, groups, aacSupport
// (room/info, spec section 5.4). An unknown id answers ErrNotFound; a
// success answer without the classroom's id is an error matching ErrNoID.
func (s *RoomService) Get(ctx context.Context, roomID string) (*Room, error) {
	const path = "/training/room/info"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return nil, err
	}
	room := new(Room)
	if err := s.c.do(ctx, path, roomIDParam{roomID}, room); err != nil {
		return nil, err
	}
	if room.ID == "" {
		return nil, missingID(path, "the classroom's id")
	}
	return room, nil
}

// TelConfRequest holds the parameters of room/telconf (spec section 5.30),
// for sites with a 263 telephone-conference system.
type TelConfRequest struct {
	RoomID        string `url:"roomId"`                  // required
	SiteName      string `url:"siteName,omitempty"`      // 263 account; without it and SitePassword the conference is off
	SitePassword  string `url:"sitePassword,omitempty"`  // 263 account password
	CallinSupport *bool  `url:"callinSupport,omitempty"` // callers may dial in
	CallinNum     string `url:"callinNum,omitempty"`     // the dial-in number
	HostPasscode  string `url:"hostPasscode,omitempty"`  // the host's passcode
	GuestPasscode string `url:"guestPasscode,omitempty"` // the guests' passcode
}

// check: siteName and sitePassword go together, and the call-in settings
// need them (without both the server turns the conference off).
func (r *TelConfRequest) check(c *checker) {
	const off = ": without siteName and sitePassword the server turns the conference off"
	switch {
	case r.SiteName != "" && r.SitePassword == "":
		c.fail("sitePassword", "is required when siteName is set"+off)
	case r.SiteName == "" && r.SitePassword != "":
		c.fail("siteName", "is required when sitePassword is set"+off)
	case r.SiteName == "":
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"callinSupport", r.CallinSupport != nil}, {"callinNum", r.CallinNum != ""},
			{"hostPasscode", r.HostPasscode != ""}, {"guestPasscode", r.GuestPasscode != ""},
		} {
			if f.set {
				c.fail("siteName", "is required when "+f.name+" is set"+off)
				return
			}
		}
	}
}

// secrets keeps the 263 account's password out of errors and log lines.
func (r *TelConfRequest) secrets() []string { return []string{r.SitePassword} }

// SetTelConf sets a classroom's 263 telephone-conference parameters
// (room/telconf, spec section 5.30). Setting them forces the room's AAC
// option off; leaving SiteName and SitePassword empty turns the conference
// off.
//
// The server turns the conference off, and answers success, whenever
// siteName or sitePassword is missing, whatever else is sent. So that a
// request meant to set the conference up cannot turn it off instead, one of
// the two without the other, or call-in settings without either, is a
// *ValidationError and nothing is sent: to turn the conference off, send
// RoomID alone.
func (s *RoomService) SetTelConf(ctx context.Context, req *TelConfRequest) error {
	const path = "/training/room/telconf"
	if req == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.required("roomId", req.RoomID)
	req.check(c)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, req, nil)
}

// LiveStatus is the live state of a classroom (query/status, spec section
// 5.41).
type LiveStatus int

// The live states of query/status.
const (
	LiveStatusIdle      LiveStatus = 0 // not started, or ended
	LiveStatusPreparing LiveStatus = 1 // a client is in the room, the live has not started
	LiveStatusLive      LiveStatus = 2 // live
)

// String returns "idle", "preparing", "live", or "Unknown(N)".
func (s LiveStatus) String() string {
	switch s {
	case LiveStatusIdle:
		return "idle"
	case LiveStatusPreparing:
		return "preparing"
	case LiveStatusLive:
		return "live"
	}
	return "Unknown(" + strconv.Itoa(int(s)) + ")"
}

type statusResponse struct {
	Status *int `json:"status"` // nil: the answer did not say
}

// Status returns the live state of a classroom (query/status, spec section
// 5.41). A success answer without a status is an error matching
// ErrNoValue, never LiveStatusIdle: read as 0, a missing status would report
// a class that is live as over.
func (s *RoomService) Status(ctx context.Context, roomID string) (LiveStatus, error) {
	const path = "/training/query/status"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return 0, err
	}
	var resp statusResponse
	if err := s.c.do(ctx, path, roomIDParam{roomID}, &resp); err != nil {
		return 0, err
	}
	if resp.Status == nil {
		return 0, missingValue(path, "status")
	}
	return LiveStatus(*resp.Status), nil
}

// RoomSyncOptions filters room/sync (spec section 5.54).
type RoomSyncOptions struct {
	PageNo     int  `url:"pageNo,omitempty"`              // from 1 (default 1)
	CreateTime Date `url:"createTime,midnight,omitempty"` // the day the rooms were created, sent as "yyyy-MM-dd 00:00:00" (zero: today)
	Status     *int `url:"status,omitempty"`              // RoomStatus… constants (RoomStatusAny, the default: all)
	Finished   *int `url:"finished,omitempty"`            // 0 all (default), 1 ended, 2 not ended
}

func (o *RoomSyncOptions) pageNoField() *int { return &o.PageNo }

// The status filter of room/sync (RoomSyncOptions.Status), and
// RoomSummary.Status. RoomStatusAny is a filter value only.
const (
	RoomStatusAny              = -1 // filter: every room (the server's default)
	RoomStatusNotStarted       = 0  // not started
	RoomStatusNotStartedJoined = 1  // not started, someone joined
	RoomStatusStarted          = 2  // started
)

// RoomSummary is a classroom as room/sync lists it (spec section 5.54).
type RoomSummary struct {
	RoomID             string `json:"roomId"`
	Subject            string `json:"subject"`
	BeginTime          Time   `json:"beginTime"`
	CreateTime         Time   `json:"createTime"`
	Code               string `json:"code"` // the classroom's number (课堂编号), not a return code
	TeacherJoinURL     string `json:"teacherJoinUrl"`
	AssistantJoinURL   string `json:"assistantJoinUrl"`
	StudentJoinURL     string `json:"studentJoinUrl"`
	LoginType          int    `json:"loginType"` // how students join: client, web, or both
	AssistantToken     string `json:"assistantToken"`
	StudentClientToken string `json:"studentClientToken"`
	StudentWebToken    string `json:"studentWebToken"`
	TeacherToken       string `json:"teacherToken"`
	Description        string `json:"description"`
	ScheduleInfo       string `json:"scheduleInfo"`
	SpeakerInfo        string `json:"speakerInfo"`
	Status             int    `json:"status"` // RoomStatus… constants
	Action             bool   `json:"action"` // students take a seat automatically
	Duration           int    `json:"duration"`
}

// Sync returns one page of the classrooms created on one day (room/sync,
// spec section 5.54), 50 a page. opts may be nil: page 1 of today's rooms.
func (s *RoomService) Sync(ctx context.Context, opts *RoomSyncOptions) (*Page[*RoomSummary], error) {
	const path = "/training/room/sync"
	var o RoomSyncOptions
	if opts != nil {
		o = *opts
	}
	c := s.c.check(ctx, path)
	c.pageNo(o.PageNo)
	c.oneOf("status", o.Status, RoomStatusAny, RoomStatusNotStarted, RoomStatusNotStartedJoined, RoomStatusStarted)
	c.oneOf("finished", o.Finished, 0, 1, 2)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp listPage[*RoomSummary]
	if err := s.c.do(ctx, path, &o, &resp); err != nil {
		return nil, err
	}
	return newPage(ctx, resp.List, resp.pageTotals, o.PageNo), nil
}

// SyncAll walks every page of room/sync from opts.PageNo (spec section 5.54).
// Nothing is sent until the sequence is ranged over; it stops after the last
// page, at the first error (yielded once), or when the loop breaks.
func (s *RoomService) SyncAll(ctx context.Context, opts *RoomSyncOptions) iter.Seq2[*RoomSummary, error] {
	return walk(ctx, s.c, "/training/room/sync", opts, true, s.Sync)
}

// StudentListRequest holds the parameters of room/student/list (spec section
// 5.59): the roster of a classroom.
type StudentListRequest struct {
	RoomID     string    `url:"roomId"`               // required
	Students   []Student `url:"studentListInfo,json"` // at least one; ids unique and positive, equal to the attendees' user ids; sent as the JSON array text [{"id":…,"name":…}]
	GroupCode  string    `url:"groupCode,omitempty"`  // the group the students belong to
	Cover      *bool     `url:"cover,omitempty"`      // replace the current roster (server default false: add to it)
	ExpireTime *int      `url:"expireTime,omitempty"` // days the roster stays valid, 1-180 (server default 7)
}

// Student is one entry of a roster.
type Student struct {
	ID   int64  `json:"id"`   // the user id the student joins with
	Name string `json:"name"` // the student's name
}

// SetStudentList uploads the roster of a classroom (room/student/list, spec
// section 5.59). The students go as one form value holding the JSON array
// text [{"id":…,"name":…}].
func (s *RoomService) SetStudentList(ctx context.Context, req *StudentListRequest) error {
	const path = "/training/room/student/list"
	if req == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.required("roomId", req.RoomID)
	if len(req.Students) == 0 {
		c.fail("studentListInfo", "needs at least one student")
	}
	seen := make(map[int64]bool, len(req.Students))
	for i, st := range req.Students {
		field := "studentListInfo[" + strconv.Itoa(i) + "]"
		switch {
		case st.ID == 0:
			c.fail(field+".id", "is required")
		case st.ID < 0: // no attendee joins with it: the roster entry would never match
			c.fail(field+".id", "must be a positive user id, got "+strconv.FormatInt(st.ID, 10))
		case seen[st.ID]:
			c.fail(field+".id", "must be unique, "+strconv.FormatInt(st.ID, 10)+" is repeated")
		case st.Name == "":
			c.fail(field+".name", "is required")
		}
		seen[st.ID] = true
	}
	c.optBetween("expireTime", req.ExpireTime, 1, 180)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, req, nil)
}

type relayParams struct {
	RoomID  string `url:"roomId"`
	RelayID string `url:"relayId"`
}

func (s *RoomService) relay(ctx context.Context, path, roomID, relayID string) error {
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	c.required("relayId", relayID)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, relayParams{roomID, relayID}, nil)
}

// AddRelay adds another classroom of the site (relayID) as a relay source
// (转播源) of roomID (relay/add, spec section 5.36).
func (s *RoomService) AddRelay(ctx context.Context, roomID, relayID string) error {
	return s.relay(ctx, "/training/relay/add", roomID, relayID)
}

// RemoveRelay removes the relay source relayID from roomID (relay/remove,
// spec section 5.37).
func (s *RoomService) RemoveRelay(ctx context.Context, roomID, relayID string) error {
	return s.relay(ctx, "/training/relay/remove", roomID, relayID)
}
