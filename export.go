package gensee

import (
	"context"
	"iter"
	"slices"
	"strconv"
	"time"
)

// The limits of the export windows (spec sections 5.18-5.42).
const (
	exportWindow     = 7 * 24 * time.Hour // room exports: startTime..endTime
	exportWindowText = "7 days"
	dailyWindowDays  = 30 // daily exports: startDate..endDate
)

// ExportOptions selects what a classroom export covers: export/history, qa,
// rollcall, vote, chat and redpacket (spec sections 5.18-5.21, 5.26 and
// 5.33). RoomID is required. StartTime and EndTime go together, at most 7
// days apart; with both zero the server exports the classroom's most
// recently finished session.
type ExportOptions struct {
	RoomID    string    `url:"roomId"`                        // the classroom's id (required)
	StartTime time.Time `url:"startTime,unixmilli,omitempty"` // window start, sent as epoch milliseconds
	EndTime   time.Time `url:"endTime,unixmilli,omitempty"`   // window end, at most 7 days after StartTime
}

// PagedExportOptions is ExportOptions plus the page of the paged classroom
// exports export/medal, export/praise and export/praise/detail (spec
// sections 5.34, 5.35 and 5.42). PageNo 0 is not sent (the server's default
// is page 1).
type PagedExportOptions struct {
	ExportOptions
	PageNo int `url:"pageNo,omitempty"` // from 1
}

func (o *PagedExportOptions) pageNoField() *int { return &o.PageNo }

// StudyHistoryOptions selects a day of courseware viewing records
// (export/study/history, spec section 5.25). Date is required.
type StudyHistoryOptions struct {
	PageNo       int   `url:"pageNo,omitempty"`        // from 1 (0: not sent, the server's default page 1)
	Date         Date  `url:"date,midnight,omitempty"` // the day to export (required), sent as "yyyy-MM-dd 00:00:00"
	Hour         *int  `url:"hour,omitempty"`          // 0-23: only that hour of the day (nil: the whole day)
	JoinTimeSync *bool `url:"joinTimeSync,omitempty"`  // nil or true: records selected by join time; false: by leave time
}

func (o *StudyHistoryOptions) pageNoField() *int { return &o.PageNo }

// RoomUsageOptions selects the classroom sessions whose end time falls in a
// window (export/room/usage, spec section 5.29). StartTime and EndTime are
// required, at most 7 days apart; an empty RoomID means every classroom.
type RoomUsageOptions struct {
	RoomID    string    `url:"roomId,omitempty"`              // one classroom (empty: all)
	StartTime time.Time `url:"startTime,unixmilli,omitempty"` // required
	EndTime   time.Time `url:"endTime,unixmilli,omitempty"`   // required, at most 7 days after StartTime
}

// Device is the terminal an attendee joined a classroom with (the device
// field of export/history, spec section 5.18).
type Device int

// The terminals of export/history (spec section 5.18).
const (
	DevicePCClient              Device = 0  // PC客户端
	DevicePCWeb                 Device = 1  // PC Web端
	DevicePCWebHTTP             Device = 2  // PC Web端(http流)
	DeviceIPadWeb               Device = 3  // IPAD Web端
	DeviceIPhoneWeb             Device = 4  // IPHONE Web端
	DeviceAndroidPadWeb         Device = 5  // APAD Web端
	DeviceAndroidPhoneWeb       Device = 6  // APHONE Web端
	DeviceIPadApp               Device = 7  // IPAD APP端
	DeviceIPhoneApp             Device = 8  // IPHONE APP端
	DeviceAndroidPadApp         Device = 9  // APAD APP端
	DeviceAndroidPhoneApp       Device = 10 // APHONE APP端
	DeviceMacClient             Device = 11 // MAC 客户端
	DeviceTelephone             Device = 12 // 电话端
	DevicePlayerSDKIOS          Device = 16 // PLAYER SDK IOS端
	DevicePlayerSDKAndroid      Device = 17 // PLAYER SDK 安卓端
	DeviceMiniProgramIOS        Device = 21 // 小程序IOS端
	DeviceMiniProgramAndroid    Device = 22 // 小程序安卓端
	DeviceMiniProgramSDKIOS     Device = 23 // 小程序sdk IOS端
	DeviceMiniProgramSDKAndroid Device = 24 // 小程序sdk安卓端
)

var deviceNames = map[Device]string{
	DevicePCClient:              "PC client",
	DevicePCWeb:                 "PC web",
	DevicePCWebHTTP:             "PC web (HTTP stream)",
	DeviceIPadWeb:               "iPad web",
	DeviceIPhoneWeb:             "iPhone web",
	DeviceAndroidPadWeb:         "Android pad web",
	DeviceAndroidPhoneWeb:       "Android phone web",
	DeviceIPadApp:               "iPad app",
	DeviceIPhoneApp:             "iPhone app",
	DeviceAndroidPadApp:         "Android pad app",
	DeviceAndroidPhoneApp:       "Android phone app",
	DeviceMacClient:             "Mac client",
	DeviceTelephone:             "telephone",
	DevicePlayerSDKIOS:          "player SDK iOS",
	DevicePlayerSDKAndroid:      "player SDK Android",
	DeviceMiniProgramIOS:        "mini-program iOS",
	DeviceMiniProgramAndroid:    "mini-program Android",
	DeviceMiniProgramSDKIOS:     "mini-program SDK iOS",
	DeviceMiniProgramSDKAndroid: "mini-program SDK Android",
}

// String returns the terminal's name, such as "PC client", or "Unknown(N)".
func (d Device) String() string {
	if s, ok := deviceNames[d]; ok {
		return s
	}
	return "Unknown(" + strconv.Itoa(int(d)) + ")"
}

// StudyDevice is the terminal a courseware was watched with (the device
// field of export/study/history, spec section 5.25).
type StudyDevice int

// The terminals of export/study/history (spec section 5.25). The spec lists
// 237 (移动设备, the mobile player SDK and app of earlier versions) and 0xED
// (Mobile) separately; they are the same value, StudyDeviceMobile.
const (
	StudyDevicePC                    StudyDevice = 0    // PC
	StudyDeviceMac                   StudyDevice = 1    // Mac
	StudyDeviceLinux                 StudyDevice = 2    // Linux
	StudyDeviceIPad                  StudyDevice = 4    // Ipad
	StudyDeviceIPhone                StudyDevice = 8    // Iphone
	StudyDeviceMiniProgramIOS        StudyDevice = 21   // 小程序IOS端
	StudyDeviceMiniProgramAndroid    StudyDevice = 22   // 小程序安卓端
	StudyDeviceMiniProgramSDKIOS     StudyDevice = 23   // 小程序sdk IOS端
	StudyDeviceMiniProgramSDKAndroid StudyDevice = 24   // 小程序sdk安卓端
	StudyDeviceAndroidPad            StudyDevice = 16   // Andriod Pad
	StudyDeviceAndroidPhone          StudyDevice = 32   // Andriod Phone
	StudyDeviceIPadPlayerSDK         StudyDevice = 132  // IPad(PlayerSDK)
	StudyDeviceIPhonePlayerSDK       StudyDevice = 136  // IPhone(PlayerSDK)
	StudyDeviceAndroidPadPlayerSDK   StudyDevice = 144  // Andriod Pad(PlayerSDK)
	StudyDeviceMobile                StudyDevice = 0xED // 237: Mobile, 移动设备 (earlier mobile player SDK and app)
	StudyDeviceAndroidPhonePlayerSDK StudyDevice = 256  // Andriod Phone(PlayerSDK)
)

var studyDeviceNames = map[StudyDevice]string{
	StudyDevicePC:                    "PC",
	StudyDeviceMac:                   "Mac",
	StudyDeviceLinux:                 "Linux",
	StudyDeviceIPad:                  "iPad",
	StudyDeviceIPhone:                "iPhone",
	StudyDeviceMiniProgramIOS:        "mini-program iOS",
	StudyDeviceMiniProgramAndroid:    "mini-program Android",
	StudyDeviceMiniProgramSDKIOS:     "mini-program SDK iOS",
	StudyDeviceMiniProgramSDKAndroid: "mini-program SDK Android",
	StudyDeviceAndroidPad:            "Android pad",
	StudyDeviceAndroidPhone:          "Android phone",
	StudyDeviceIPadPlayerSDK:         "iPad (player SDK)",
	StudyDeviceIPhonePlayerSDK:       "iPhone (player SDK)",
	StudyDeviceAndroidPadPlayerSDK:   "Android pad (player SDK)",
	StudyDeviceMobile:                "Mobile",
	StudyDeviceAndroidPhonePlayerSDK: "Android phone (player SDK)",
}

// String returns the terminal's name, such as "Mac", or "Unknown(N)".
func (d StudyDevice) String() string {
	if s, ok := studyDeviceNames[d]; ok {
		return s
	}
	return "Unknown(" + strconv.Itoa(int(d)) + ")"
}

// Attendance is one attendee's visit of a classroom (export/history, spec
// section 5.18).
type Attendance struct {
	UID             int64  `json:"uid"`             // the attendee's user id
	Nickname        string `json:"nickname"`        // the name shown in the classroom (参课昵称)
	Name            string `json:"name"`            // the attendee's name (姓名)
	Area            string `json:"area"`            // region
	IP              string `json:"ip"`              // IP address
	Mobile          string `json:"mobile"`          // mobile phone
	Company         string `json:"company"`         // company
	JoinTime        Time   `json:"joinTime"`        // joined
	LeaveTime       Time   `json:"leaveTime"`       // left
	Device          Device `json:"device"`          // the terminal
	IDCID           string `json:"idcid"`           // only on sites with the overseas high-speed line
	ForeignHighLine bool   `json:"foreignHighLine"` // joined over the overseas high-speed line (only on such sites)
}

// Question is one question of a classroom's Q&A (export/qa, spec section
// 5.19).
type Question struct {
	Submitter  int64  `json:"submitter"`  // the asker's user id
	Name       string `json:"name"`       // the asker's nickname
	Question   string `json:"question"`   // the question
	SubmitTime Time   `json:"submitTime"` // asked
	Published  bool   `json:"published"`  // published to the classroom (the wire says "true"/"false")
	AnswerBy   int64  `json:"answerBy"`   // the answerer's user id
	Response   string `json:"response"`   // the answer
	AnswerTime Time   `json:"answerTime"` // answered
}

// RollCall is one roll call (点名) of a classroom (export/rollcall, spec
// section 5.20).
type RollCall struct {
	ID        string          `json:"id"`        // the roll call's id
	StartTime Time            `json:"startTime"` // started
	EndTime   Time            `json:"endTime"`   // ended
	Total     int             `json:"total"`     // users called
	Present   int             `json:"present"`   // users who answered
	Absent    int             `json:"absent"`    // users who did not
	Users     []*RollCallUser `json:"users"`     // each user's answer
}

// RollCallUser is one user's answer to a roll call.
type RollCallUser struct {
	ID      int64  `json:"id"`      // the user's id
	Name    string `json:"name"`    // the user's name
	Present bool   `json:"present"` // the user answered
}

// The values of Vote.Type.
const (
	VoteTypePoll       = 0 // 投票: a poll
	VoteTypeAnswerCard = 1 // 答题卡: an answer card (no subject, no question content)
)

// The values of VoteQuestion.Type.
const (
	VoteQuestionSingle   = 0 // 单选: single choice
	VoteQuestionMultiple = 1 // 多选: multiple choice
	VoteQuestionText     = 2 // 文本: free text
)

// Vote is a poll or an answer card with its results (export/vote, spec
// section 5.21).
type Vote struct {
	ID        string          `json:"id"`        // the vote's id
	Subject   string          `json:"subject"`   // empty for an answer card
	Type      int             `json:"type"`      // VoteTypePoll or VoteTypeAnswerCard
	Questions []*VoteQuestion `json:"questions"` // the questions
}

// VoteQuestion is one question of a vote. By meaning Type and Results
// belong to the question, but the spec's table indents them under the
// options. Both shapes decode and nothing is lost: when the question has no
// "type" key, Type is its first option's; when it has no "results" key,
// Results gathers every option's results in option order (a "results" key
// present but empty stays empty).
type VoteQuestion struct {
	ID      string        `json:"id"`      // the question's id
	Content string        `json:"content"` // empty for an answer card
	Answer  string        `json:"answer"`  // the right options, 1-based and comma-separated ("1,2")
	Type    int           `json:"type"`    // VoteQuestionSingle, VoteQuestionMultiple or VoteQuestionText
	Options []*VoteOption `json:"options"` // the options with their share
	Results []*VoteResult `json:"results"` // the users' answers
}

// VoteOption is one option of a vote question. Its share may come as a
// number or as text with a trailing "%" ("33.33%" is 33.33).
type VoteOption struct {
	Value      string  `json:"value"`      // the option
	Percentage float64 `json:"precentage"` // share of the answers in percent; the wire key is spelled "precentage"
	Result     string  `json:"result"`     // the result of the option
	// Type and Results are set when the server nests them in the option, as
	// the spec's table shows them (see VoteQuestion).
	Type    int           `json:"type"`
	Results []*VoteResult `json:"results"`
}

// VoteResult is one user's answer to a vote question.
type VoteResult struct {
	NickName string `json:"nickName"` // the user's nickname
	UID      int64  `json:"uid"`      // the user's id
	Content  string `json:"content"`  // the answer
}

// voteWire and voteQuestionWire decode export/vote keeping apart a key that
// is absent from one present but empty (pointers), so that the question's
// type and results can be taken from the options when, as in the spec's
// table, the server nests them there.
type (
	voteWire struct {
		ID        string              `json:"id"`
		Subject   string              `json:"subject"`
		Type      int                 `json:"type"`
		Questions []*voteQuestionWire `json:"questions"`
	}
	voteQuestionWire struct {
		ID      string         `json:"id"`
		Content string         `json:"content"`
		Answer  string         `json:"answer"`
		Type    *int           `json:"type"`
		Options []*VoteOption  `json:"options"`
		Results *[]*VoteResult `json:"results"`
	}
)

// vote returns the Vote of the wire form (see VoteQuestion).
func (w *voteWire) vote() *Vote {
	v := &Vote{ID: w.ID, Subject: w.Subject, Type: w.Type, Questions: make([]*VoteQuestion, 0, len(w.Questions))}
	for _, qw := range w.Questions {
		q := &VoteQuestion{ID: qw.ID, Content: qw.Content, Answer: qw.Answer, Options: qw.Options}
		switch {
		case qw.Type != nil:
			q.Type = *qw.Type
		case len(qw.Options) > 0:
			q.Type = qw.Options[0].Type
		}
		if qw.Results != nil {
			q.Results = *qw.Results
		} else {
			q.Results = []*VoteResult{}
			for _, o := range qw.Options {
				q.Results = append(q.Results, o.Results...)
			}
		}
		v.Questions = append(v.Questions, q)
	}
	return v
}

// ChatMessage is one public chat message of a live classroom (export/chat,
// spec section 5.26).
type ChatMessage struct {
	Time     Time   `json:"time"`     // sent
	Sender   string `json:"sender"`   // the sender's name
	SenderID int64  `json:"senderId"` // the sender's user id
	Msg      string `json:"msg"`      // the text, control characters kept
}

// RedPacketType is the kind of a red packet (红包).
type RedPacketType int

// The kinds of red packet of export/redpacket (spec section 5.33). The spec
// gives 2 and 3 both as directed ("2或者3 定向"): test a directed packet with
// Directed, not by comparing with RedPacketDirected.
const (
	RedPacketRandom   RedPacketType = 0 // 随机: random amounts
	RedPacketFixed    RedPacketType = 1 // 固定: fixed amounts
	RedPacketDirected RedPacketType = 2 // 定向: for chosen users (3 is directed too)
)

// Directed reports whether the packet was for chosen users (2 or 3).
func (t RedPacketType) Directed() bool { return t == RedPacketDirected || t == 3 }

// String returns "random", "fixed", "directed", or "Unknown(N)".
func (t RedPacketType) String() string {
	switch t {
	case RedPacketRandom:
		return "random"
	case RedPacketFixed:
		return "fixed"
	case RedPacketDirected, 3:
		return "directed"
	}
	return "Unknown(" + strconv.Itoa(int(t)) + ")"
}

// RedPacket is one red packet handed out in a classroom (export/redpacket,
// spec section 5.33). The spec does not name the unit of the amounts.
type RedPacket struct {
	UserName      string           `json:"userName"`      // who handed it out
	IssueTime     Time             `json:"issueTime"`     // handed out
	Type          RedPacketType    `json:"type"`          // random, fixed or directed
	Amount        int64            `json:"amount"`        // the packet's amount
	Number        int              `json:"number"`        // how many shares
	ReceiveAmount int64            `json:"receiveAmount"` // amount taken
	ReceiveNumber int64            `json:"receiveNumber"` // shares taken
	Users         []*RedPacketUser `json:"users"`         // who took a share
}

// RedPacketUser is one share of a red packet taken by a user.
type RedPacketUser struct {
	UserID      int64  `json:"userId"`      // the user's id
	UserName    string `json:"userName"`    // the user's name
	ReceiveTime Time   `json:"receiveTime"` // taken
	Amount      int64  `json:"amount"`      // the share's amount
}

// Medal is the medals (勋章) one user handed out in a classroom session
// (export/medal, spec section 5.34).
type Medal struct {
	UserName      string `json:"userName"`      // who handed them out (颁发人)
	UserID        int64  `json:"userId"`        // their user id
	Count         int    `json:"count"`         // medals handed out
	RoomStartTime Time   `json:"roomStartTime"` // the session's start
}

// Praise is the likes (点赞) one user received in a classroom session
// (export/praise, spec section 5.35).
type Praise struct {
	UserName      string `json:"userName"`      // who received them (接收人)
	UserID        int64  `json:"userId"`        // their user id
	Count         int    `json:"count"`         // likes received
	RoomStartTime Time   `json:"roomStartTime"` // the session's start
}

// PraiseDetail is one like (点赞) given in a classroom
// (export/praise/detail, spec section 5.42).
type PraiseDetail struct {
	UserID         int64  `json:"userId"`         // who liked
	UserName       string `json:"userName"`       // their nickname
	ActionTime     Time   `json:"actionTime"`     // when
	TargetUserID   int64  `json:"targetUserId"`   // who was liked
	TargetUserName string `json:"targetUserName"` // their nickname
}

// StudyRecord is one viewing of a courseware (export/study/history, spec
// section 5.25). The spec types uid and duration as strings; numbers on the
// wire decode as their text.
type StudyRecord struct {
	ID        string      `json:"id"`        // the courseware's id
	UID       int64       `json:"uid"`       // the viewer's user id
	Name      string      `json:"name"`      // the viewer's name
	Duration  string      `json:"duration"`  // time watched (观看时长), as the server writes it
	Area      string      `json:"area"`      // region
	IP        string      `json:"ip"`        // IP address
	StartTime Time        `json:"startTime"` // joined
	LeaveTime Time        `json:"leaveTime"` // left
	Device    StudyDevice `json:"device"`    // the terminal
}

// RoomUsage is one classroom session (场次) (export/room/usage, spec section
// 5.29).
type RoomUsage struct {
	ID               string `json:"id"`               // the classroom's id
	Subject          string `json:"subject"`          // the classroom's subject
	Number           string `json:"number"`           // the classroom's number
	StartTime        Time   `json:"startTime"`        // the session started
	EndTime          Time   `json:"endTime"`          // the session ended
	MaxConcurrent    int    `json:"maxConcurrent"`    // peak concurrent attendees
	Total            int    `json:"total"`            // visits (参课人次)
	MaxConcurrentVIP int    `json:"maxConcurrentVip"` // peak over the overseas high-speed line (only on such sites)
}

// DailyConcurrency is the peak concurrency of one day
// (export/room/concurrent and export/vod/concurrent, spec sections 5.31 and
// 5.32).
type DailyConcurrency struct {
	Date          Date `json:"date"`          // the day
	MaxConcurrent int  `json:"maxConcurrent"` // peak concurrent users
	MaxVIP        int  `json:"maxvip"`        // classrooms only, on sites with the overseas high-speed line
}

// Reward is the tips (打赏) of one classroom session (export/reward, spec
// section 5.39).
type Reward struct {
	Subject         string         `json:"subject"`         // the classroom's subject
	StartDate       Time           `json:"startDate"`       // the session started
	EndDate         Time           `json:"endDate"`         // the session ended
	TotalReward     int64          `json:"totalReward"`     // all tips of the session
	SpeakerInfoList []*SpeakerInfo `json:"speakerInfoList"` // the tips of each speaker
}

// SpeakerInfo is the tips one speaker received in a session.
type SpeakerInfo struct {
	SpeakerName   string `json:"speakerName"`   // the speaker (主讲人)
	SpeakerReward int    `json:"speakerReward"` // the speaker's tips
}

// The answers of the exports: each endpoint's own list key (and page shape).
type (
	exportList[T any] struct {
		List []T `json:"list"`
	}
	rollCallList struct {
		RollCall []*RollCall `json:"rollcall"`
	}
	redPacketList struct {
		RedPacket []*RedPacket `json:"redpacket"`
	}
	medalPage struct {
		MedalDtos []*Medal `json:"medalDtos"`
		pageTotals
	}
	praisePage[T any] struct {
		PraiseDtos []T `json:"praiseDtos"`
		pageTotals
	}
)

// roomExport checks the options of a classroom export: roomId, and the
// startTime/endTime window (both or neither, at most 7 days); a refusal is
// reported as a call of 0 attempts (Client.refuse).
func roomExport(ctx context.Context, s *ExportService, path string, o *ExportOptions) error {
	if o == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	roomExportRules(c, o)
	return c.Err()
}

// roomExportRules lists the fields a classroom export checks.
func roomExportRules(c *checker, o *ExportOptions) {
	c.required("roomId", o.RoomID)
	c.window(o.StartTime, o.EndTime, exportWindow, exportWindowText, false)
}

// roomRows sends a classroom export whose rows come under the list key key,
// handing each row to each as it is decoded from the body (see rowStream;
// reset nil: rows go out as they come).
func roomRows[E any](ctx context.Context, s *ExportService, path, key string, opts *ExportOptions,
	each func(*E) bool, reset func()) error {
	if err := roomExport(ctx, s, path, opts); err != nil {
		return err
	}
	return s.c.do(ctx, path, opts, newRowStream(key, each, reset))
}

// collector gathers the rows of a one-call export as they are decoded from
// the body: the call holds its rows and a small window, never the body. A
// list the server left out is an empty list.
type collector[T any] struct{ rows []T }

func newCollector[T any]() *collector[T] { return &collector[T]{rows: []T{}} }

// add appends r, doubling the slice when it is full: append's gentler
// growth of large slices (1.25x) leaves about four times the final slice
// behind as garbage, which a 200,000-row export would hold at its peak.
func (c *collector[T]) add(r T) bool {
	if len(c.rows) == cap(c.rows) {
		c.rows = slices.Grow(c.rows, max(len(c.rows), 64))
	}
	c.rows = append(c.rows, r)
	return true
}

// reset forgets the rows of a failed attempt before the next one.
func (c *collector[T]) reset() { clear(c.rows); c.rows = c.rows[:0] }

// roomCollect is a one-call classroom export: every row of the list under
// key, decoded as the body arrives.
func roomCollect[E any](ctx context.Context, s *ExportService, path, key string, opts *ExportOptions) ([]*E, error) {
	c := newCollector[*E]()
	if err := roomRows(ctx, s, path, key, opts, c.add, c.reset); err != nil {
		return nil, err
	}
	return c.rows, nil
}

// Attendance exports who attended a classroom, with join and leave times and
// terminals (export/history, spec section 5.18). The window selects by join
// time; without one the server exports the most recently finished session.
func (s *ExportService) Attendance(ctx context.Context, opts *ExportOptions) ([]*Attendance, error) {
	return roomCollect[Attendance](ctx, s, "/training/export/history", "list", opts)
}

// QA exports the Q&A (问答) of a classroom (export/qa, spec section 5.19).
// Without a window the server exports the most recently finished session.
func (s *ExportService) QA(ctx context.Context, opts *ExportOptions) ([]*Question, error) {
	return roomCollect[Question](ctx, s, "/training/export/qa", "list", opts)
}

// RollCalls exports the roll calls (点名) of a classroom with each user's
// answer (export/rollcall, spec section 5.20). The window selects by the roll
// call's start; without one the server exports the most recently finished
// session.
func (s *ExportService) RollCalls(ctx context.Context, opts *ExportOptions) ([]*RollCall, error) {
	return roomCollect[RollCall](ctx, s, "/training/export/rollcall", "rollcall", opts)
}

// Votes exports the polls and answer cards of a classroom with their results
// (export/vote, spec section 5.21). The window selects by the vote's start;
// without one the server exports the most recently finished session.
func (s *ExportService) Votes(ctx context.Context, opts *ExportOptions) ([]*Vote, error) {
	c := newCollector[*Vote]()
	if err := s.votes(ctx, opts, c.add, c.reset); err != nil {
		return nil, err
	}
	return c.rows, nil
}

// votes sends export/vote, handing each vote on in its SDK shape.
func (s *ExportService) votes(ctx context.Context, opts *ExportOptions, each func(*Vote) bool, reset func()) error {
	return roomRows(ctx, s, "/training/export/vote", "list", opts, func(w *voteWire) bool { return each(w.vote()) }, reset)
}

// Chat exports the public chat of a live classroom (export/chat, spec
// section 5.26). The window bounds the message times, inclusive; without one
// the server exports the most recently finished session. Teachers may export
// only their own classrooms.
func (s *ExportService) Chat(ctx context.Context, opts *ExportOptions) ([]*ChatMessage, error) {
	return roomCollect[ChatMessage](ctx, s, "/training/export/chat", "list", opts)
}

// RedPackets exports the red packets (红包) handed out in a classroom and who
// took them (export/redpacket, spec section 5.33). Without a window the
// server exports the most recently finished session.
func (s *ExportService) RedPackets(ctx context.Context, opts *ExportOptions) ([]*RedPacket, error) {
	return roomCollect[RedPacket](ctx, s, "/training/export/redpacket", "redpacket", opts)
}

// pagedExport checks and sends one page of a paged classroom export.
func pagedExport(ctx context.Context, s *ExportService, path string, opts *PagedExportOptions, resp any) error {
	if opts == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	roomExportRules(c, &opts.ExportOptions)
	c.pageNo(opts.PageNo)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, opts, resp)
}

// pageNoOf is the page number a request for opts asked for.
func pageNoOf(opts *PagedExportOptions) int {
	if opts == nil {
		return 0
	}
	return opts.PageNo
}

// Medals returns one page of the medals (勋章) handed out in a classroom, per
// user (export/medal, spec section 5.34). Without a window the server
// exports the most recently finished session.
func (s *ExportService) Medals(ctx context.Context, opts *PagedExportOptions) (*Page[*Medal], error) {
	var resp medalPage
	if err := pagedExport(ctx, s, "/training/export/medal", opts, &resp); err != nil {
		return nil, err
	}
	return newPage(ctx, resp.MedalDtos, resp.pageTotals, pageNoOf(opts)), nil
}

// MedalsAll walks every page of export/medal from opts.PageNo (spec section
// 5.34). Nothing is sent until the sequence is ranged over; it stops after
// the last page, at the first error (yielded once), or when the loop breaks.
func (s *ExportService) MedalsAll(ctx context.Context, opts *PagedExportOptions) iter.Seq2[*Medal, error] {
	return walk(ctx, s.c, "/training/export/medal", opts, false, s.Medals)
}

// Praises returns one page of the likes (点赞) received in a classroom, per
// receiver (export/praise, spec section 5.35). Without a window the server
// exports the most recently finished session.
func (s *ExportService) Praises(ctx context.Context, opts *PagedExportOptions) (*Page[*Praise], error) {
	var resp praisePage[*Praise]
	if err := pagedExport(ctx, s, "/training/export/praise", opts, &resp); err != nil {
		return nil, err
	}
	return newPage(ctx, resp.PraiseDtos, resp.pageTotals, pageNoOf(opts)), nil
}

// PraisesAll walks every page of export/praise from opts.PageNo (spec
// section 5.35). Nothing is sent until the sequence is ranged over; it stops
// after the last page, at the first error (yielded once), or when the loop
// breaks.
func (s *ExportService) PraisesAll(ctx context.Context, opts *PagedExportOptions) iter.Seq2[*Praise, error] {
	return walk(ctx, s.c, "/training/export/praise", opts, false, s.Praises)
}

// PraiseDetails returns one page of the individual likes (点赞明细) given in a
// classroom (export/praise/detail, spec section 5.42). Without a window the
// server exports the most recently finished session.
//
// The spec documents no pageNo parameter for this endpoint, yet its answer
// carries a page object like export/praise's; pageNo is sent all the same
// (when set), so that every page can be reached. A server that ignores it
// answers page 1 again: PraiseDetailsAll then ends with a *PageError (a
// page identical to the one before) rather than yield page 1 again.
func (s *ExportService) PraiseDetails(ctx context.Context, opts *PagedExportOptions) (*Page[*PraiseDetail], error) {
	var resp praisePage[*PraiseDetail]
	if err := pagedExport(ctx, s, "/training/export/praise/detail", opts, &resp); err != nil {
		return nil, err
	}
	return newPage(ctx, resp.PraiseDtos, resp.pageTotals, pageNoOf(opts)), nil
}

// PraiseDetailsAll walks every page of export/praise/detail from opts.PageNo
// (spec section 5.42), sending pageNo as PraiseDetails explains. Nothing is
// sent until the sequence is ranged over; it stops after the last page, at
// the first error (yielded once), or when the loop breaks.
func (s *ExportService) PraiseDetailsAll(ctx context.Context, opts *PagedExportOptions) iter.Seq2[*PraiseDetail, error] {
	return walk(ctx, s.c, "/training/export/praise/detail", opts, false, s.PraiseDetails)
}

// StudyHistory returns one page of the courseware viewings of one day, or of
// one hour of it (export/study/history, spec section 5.25). The spec types
// date as a time of section 3.3 ("yyyy-MM-dd HH:mm:ss" or epoch ms), so the
// day goes as "yyyy-MM-dd 00:00:00" (China Standard Time, as the server
// reads it). The totals are read nested ("page":{…}, what real sites send)
// and flat beside the list (what the spec's table shows).
func (s *ExportService) StudyHistory(ctx context.Context, opts *StudyHistoryOptions) (*Page[*StudyRecord], error) {
	const path = "/training/export/study/history"
	if opts == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.pageNo(opts.PageNo)
	if opts.Date.IsZero() {
		c.fail("date", "is required")
	}
	c.optBetween("hour", opts.Hour, 0, 23)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp listPage[*StudyRecord]
	if err := s.c.do(ctx, path, opts, &resp); err != nil {
		return nil, err
	}
	return newPage(ctx, resp.List, resp.pageTotals, opts.PageNo), nil
}

// StudyHistoryAll walks every page of export/study/history from
// opts.PageNo (spec section 5.25). Nothing is sent until the sequence is
// ranged over; it stops after the last page, at the first error (yielded
// once), or when the loop breaks.
func (s *ExportService) StudyHistoryAll(ctx context.Context, opts *StudyHistoryOptions) iter.Seq2[*StudyRecord, error] {
	return walk(ctx, s.c, "/training/export/study/history", opts, false, s.StudyHistory)
}

// RoomUsage exports the classroom sessions (场次) that ended within the
// window, of one classroom or of all (export/room/usage, spec section 5.29).
// StartTime and EndTime are required here, at most 7 days apart.
func (s *ExportService) RoomUsage(ctx context.Context, opts *RoomUsageOptions) ([]*RoomUsage, error) {
	const path = "/training/export/room/usage"
	if opts == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.window(opts.StartTime, opts.EndTime, exportWindow, exportWindowText, true)
	if err := c.Err(); err != nil {
		return nil, err
	}
	rows := newCollector[*RoomUsage]()
	if err := s.c.do(ctx, path, opts, newRowStream("list", rows.add, rows.reset)); err != nil {
		return nil, err
	}
	return rows.rows, nil
}

// dateRange is the form of the daily exports.
type dateRange struct {
	StartDate Date `url:"startDate"`
	EndDate   Date `url:"endDate"`
}

// daily checks and sends a daily export: both dates, from not after to, at
// most 30 days apart, sent as yyyy-MM-dd.
func daily[E any](ctx context.Context, s *ExportService, path string, from, to Date) ([]*E, error) {
	c := s.c.check(ctx, path)
	c.dateWindow("startDate", "endDate", from, to, dailyWindowDays)
	if err := c.Err(); err != nil {
		return nil, err
	}
	rows := newCollector[*E]()
	if err := s.c.do(ctx, path, dateRange{from, to}, newRowStream("list", rows.add, rows.reset)); err != nil {
		return nil, err
	}
	return rows.rows, nil
}

// RoomConcurrency exports the peak classroom concurrency of each day from
// from to to, inclusive, at most 30 days apart (export/room/concurrent, spec
// section 5.31).
func (s *ExportService) RoomConcurrency(ctx context.Context, from, to Date) ([]*DailyConcurrency, error) {
	return daily[DailyConcurrency](ctx, s, "/training/export/room/concurrent", from, to)
}

// VodConcurrency exports the peak courseware (on-demand) concurrency of each
// day from from to to, inclusive, at most 30 days apart
// (export/vod/concurrent, spec section 5.32). MaxVIP stays zero.
func (s *ExportService) VodConcurrency(ctx context.Context, from, to Date) ([]*DailyConcurrency, error) {
	return daily[DailyConcurrency](ctx, s, "/training/export/vod/concurrent", from, to)
}

// Rewards exports the tips (打赏) of each classroom session from from to to,
// at most 30 days apart, with each speaker's share (export/reward, spec
// section 5.39).
func (s *ExportService) Rewards(ctx context.Context, from, to Date) ([]*Reward, error) {
	return daily[Reward](ctx, s, "/training/export/reward", from, to)
}
