package gensee_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// The examples run against genseetest, the SDK's in-memory fake of a Gensee
// site. Against a real site, make the client with gensee.NewClient instead
// of srv.Client(); everything else is the same. Ids, numbers and ports of
// the fake are random, so the examples print what does not change: counts,
// names, codes, and join URLs with the host and the number replaced.

func ExampleNewClient() {
	// NewClient checks the credentials and sends nothing: the first request
	// goes out with the first call. A bare domain means https://.
	c, err := gensee.NewClient("demo.gensee.com", "admin@demo", "secret",
		gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 5, MinBackoff: 500 * time.Millisecond, MaxBackoff: 10 * time.Second}),
		gensee.WithRateLimit(5, 1), // some sites limit how often exports may be called
		gensee.WithUserAgent("school-backend/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = c // share c: it is safe for concurrent use

	// Missing credentials are an error here, not at the first call.
	_, err = gensee.NewClient("demo.gensee.com", "admin@demo", "")
	fmt.Println(err != nil)
	// Output:
	// true
}

func ExampleRoomService_Create() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	start := time.Date(2030, 3, 1, 19, 0, 0, 0, gensee.ChinaZone())
	room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
		Subject:      "高一数学 第一讲",
		StartDate:    start,
		InvalidDate:  start.Add(2 * time.Hour),
		Realtime:     true,
		TeacherToken: "teach-2030",
		WebJoin:      gensee.Ptr(true),
		ClientJoin:   gensee.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	demo := strings.NewReplacer(srv.URL(), "https://demo.gensee.com", room.Number, "{number}")
	fmt.Println("teachers:", demo.Replace(room.TeacherJoinURL), "token", room.TeacherToken)
	fmt.Println("students:", demo.Replace(room.StudentJoinURL))

	// Subjects are unique on a site: a second room with the same subject is
	// refused with code 502.
	_, err = c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "高一数学 第一讲", StartDate: start, Realtime: true})
	fmt.Println("again:", errors.Is(err, gensee.ErrDuplicate))
	// Output:
	// teachers: https://demo.gensee.com/training/site/r/{number} token teach-2030
	// students: https://demo.gensee.com/training/site/s/{number}
	// again: true
}

func ExampleRoomService_Get() {
	srv := genseetest.NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("英语口语 A 班")
	c := srv.Client()

	room, err := c.Rooms.Get(context.Background(), roomID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(room.Subject)
	fmt.Println("web join:", room.WebJoin, "client join:", room.ClientJoin)
	fmt.Println("groups:", len(room.GroupList))
	// Output:
	// 英语口语 A 班
	// web join: true client join: true
	// groups: 0
}

func ExampleRoomService_SyncAll() {
	// A fixed clock: "today" is the same day for the rooms and the sync.
	srv := genseetest.NewServer(genseetest.WithClock(func() time.Time { return time.Date(2024, 3, 1, 10, 0, 0, 0, gensee.ChinaZone()) }))
	defer srv.Close()
	for i := 1; i <= 120; i++ { // three pages of 50
		srv.AddRoom(fmt.Sprintf("晚自习 %03d", i))
	}
	c := srv.Client()

	// The rooms created today (CreateTime picks another day), every page.
	n := 0
	for room, err := range c.Rooms.SyncAll(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		if n == 0 {
			fmt.Println("first:", room.Subject)
		}
		n++
	}
	fmt.Println("rooms:", n)
	// Output:
	// first: 晚自习 001
	// rooms: 120
}

func ExampleRoomService_Sync() {
	srv := genseetest.NewServer(genseetest.WithClock(func() time.Time { return time.Date(2024, 3, 1, 10, 0, 0, 0, gensee.ChinaZone()) }))
	defer srv.Close()
	for i := 1; i <= 120; i++ {
		srv.AddRoom(fmt.Sprintf("晚自习 %03d", i))
	}
	c := srv.Client()

	// One page at a time, when the caller keeps its own cursor.
	page, err := c.Rooms.Sync(context.Background(), &gensee.RoomSyncOptions{PageNo: 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("page %d of %d: %d of %d rooms, more: %v\n",
		page.PageNo, page.TotalPages, len(page.Items), page.TotalCounts, page.HasNext())
	// Output:
	// page 3 of 3: 20 of 120 rooms, more: false
}

func ExampleRoomService_SetStudentList() {
	srv := genseetest.NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("高二物理")
	c := srv.Client()
	ctx := context.Background()

	err := c.Rooms.SetStudentList(ctx, &gensee.StudentListRequest{
		RoomID: roomID,
		Students: []gensee.Student{
			{ID: 1000000001, Name: "王小明"},
			{ID: 1000000002, Name: "李小红"},
		},
		Cover:      gensee.Ptr(true), // replace the roster instead of adding to it
		ExpireTime: gensee.Ptr(30),   // days
	})
	if err != nil {
		log.Fatal(err)
	}
	// The students go as one form value holding a JSON array.
	reqs := srv.Requests()
	fmt.Println(reqs[len(reqs)-1].Form.Get("studentListInfo"))

	// Repeated ids are refused before anything is sent.
	err = c.Rooms.SetStudentList(ctx, &gensee.StudentListRequest{
		RoomID:   roomID,
		Students: []gensee.Student{{ID: 7, Name: "甲"}, {ID: 7, Name: "乙"}},
	})
	fmt.Println(err)
	// Output:
	// [{"id":1000000001,"name":"王小明"},{"id":1000000002,"name":"李小红"}]
	// gensee: /training/room/student/list: studentListInfo[1].id must be unique, 7 is repeated
}

func ExampleExportService_Attendance() {
	srv := genseetest.NewServer()
	defer srv.Close()
	at := func(h, m int) time.Time { return time.Date(2024, 3, 1, h, m, 0, 0, gensee.ChinaZone()) }
	roomID := srv.AddRoom("高一数学 第一讲")
	srv.AddSession(genseetest.Session{RoomID: roomID, StartTime: at(19, 0), EndTime: at(20, 30)})
	srv.AddAttendance(
		genseetest.AttendanceRecord{RoomID: roomID, UserID: 1000000001, Name: "王小明", JoinTime: at(19, 0), LeaveTime: at(20, 30), Device: 0},
		genseetest.AttendanceRecord{RoomID: roomID, UserID: 1000000002, Name: "李小红", JoinTime: at(19, 2), LeaveTime: at(20, 15), Device: 8},
	)
	c := srv.Client()

	// A window of at most 7 days; with none, the last finished session.
	rows, err := c.Exports.Attendance(context.Background(), &gensee.ExportOptions{
		RoomID:    roomID,
		StartTime: at(0, 0),
		EndTime:   at(0, 0).AddDate(0, 0, 1),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range rows {
		fmt.Printf("%d %s %s-%s %s\n", a.UID, a.Name,
			a.JoinTime.In(gensee.ChinaZone()).Format("15:04"), a.LeaveTime.In(gensee.ChinaZone()).Format("15:04"), a.Device)
	}

	// Windows over 7 days are refused before sending.
	_, err = c.Exports.Attendance(context.Background(), &gensee.ExportOptions{
		RoomID: roomID, StartTime: at(0, 0), EndTime: at(0, 0).AddDate(0, 0, 8),
	})
	var ve *gensee.ValidationError
	fmt.Println("8 days:", errors.As(err, &ve))
	// Output:
	// 1000000001 王小明 19:00-20:30 PC client
	// 1000000002 李小红 19:02-20:15 iPhone app
	// 8 days: true
}

func ExampleExportService_MedalsAll() {
	srv := genseetest.NewServer()
	defer srv.Close()
	start := time.Date(2024, 3, 1, 19, 0, 0, 0, gensee.ChinaZone())
	roomID := srv.AddRoom("小班课 周五")
	srv.AddSession(genseetest.Session{RoomID: roomID, StartTime: start, EndTime: start.Add(90 * time.Minute)})
	for i := 1; i <= 75; i++ { // two pages
		srv.AddMedal(genseetest.MedalRecord{RoomID: roomID, UserName: fmt.Sprintf("学生%d", i),
			UserID: int64(1000 + i), Count: i%3 + 1, RoomStartTime: start})
	}
	c := srv.Client()

	// Without a window: the room's last finished session.
	students, medals := 0, 0
	opts := &gensee.PagedExportOptions{ExportOptions: gensee.ExportOptions{RoomID: roomID}}
	for m, err := range c.Exports.MedalsAll(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		students++
		medals += m.Count
	}
	fmt.Printf("%d students won %d medals\n", students, medals)
	// Output:
	// 75 students won 150 medals
}

func ExampleRecordService_SyncAll() {
	srv := genseetest.NewServer()
	defer srv.Close()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, gensee.ChinaZone())
	roomID := srv.AddRoom("高三复习")
	for i := 1; i <= 60; i++ {
		srv.AddRecording(genseetest.Recording{Name: fmt.Sprintf("第%d讲", i), RoomID: roomID,
			StartTime: day.Add(19 * time.Hour), EndTime: day.Add(20 * time.Hour),
			CreatedTime: day.Add(time.Duration(i) * time.Hour)})
	}
	c := srv.Client()

	// The recordings created on March 1 (China time); the later ones are
	// left out.
	n := 0
	opts := &gensee.SyncOptions{StartTime: day, EndTime: day.Add(24*time.Hour - time.Millisecond)}
	for rec, err := range c.Records.SyncAll(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		if n < 2 {
			fmt.Println(rec.Name, time.Duration(rec.Duration)*time.Millisecond)
		}
		n++
	}
	fmt.Println("recordings:", n)
	// Output:
	// 第1讲 1h0m0s
	// 第2讲 1h0m0s
	// recordings: 23
}

func ExampleCoursewareService_TranscodeDocument() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	// The server downloads the file and converts it in the background; the
	// answer names the courseware being made.
	res, err := c.Coursewares.TranscodeDocument(ctx, &gensee.TranscodeDocumentRequest{
		ResourceURL: "https://files.example.com/lessons/" + url.PathEscape("函数.pptx"),
		Name:        "函数 第一节",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.NewReplacer(srv.URL(), "https://demo.gensee.com", res.CoursewareCode, "{number}").Replace(res.VisitURL))

	cw, err := c.Coursewares.Get(ctx, res.CoursewareID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cw.Subject)
	// Output:
	// https://demo.gensee.com/training/site/v/{number}
	// 函数 第一节
}

func ExampleTranscodeCallbackHandler() {
	// The fake posts the outcome to the callback URL, as a real site does.
	srv := genseetest.NewServer(genseetest.WithCallbacks())
	defer srv.Close()
	c := srv.Client()

	// Your service receives the callbacks. The callback carries no
	// signature: put a secret in its URL and check it.
	const secret = "s3cr3t"
	events := make(chan *gensee.TranscodeEvent, 1)
	handler := gensee.TranscodeCallbackHandler(func(ctx context.Context, ev *gensee.TranscodeEvent) error {
		events <- ev
		return nil
	})
	hook := httptest.NewServer(handler)
	defer hook.Close()

	res, err := c.Coursewares.TranscodeDocument(context.Background(), &gensee.TranscodeDocumentRequest{
		ResourceURL: "https://files.example.com/lessons/unit1.pdf",
		Name:        "Unit 1",
		CallbackURL: hook.URL + "/gensee/transcoded?key=" + secret,
	})
	if err != nil {
		log.Fatal(err)
	}
	select {
	case ev := <-events:
		fmt.Println("key ok:", ev.Form.Get("key") == secret)
		fmt.Println("same courseware:", ev.CoursewareID == res.CoursewareID)
		fmt.Println("status:", ev.Status, ev.Status == gensee.TranscodeStatusOK)
	case <-time.After(10 * time.Second):
		fmt.Println("no callback")
	}
	// Output:
	// key ok: true
	// same courseware: true
	// status: ok true
}

func ExampleGroupService_Create() {
	srv := genseetest.NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("初一语文")
	c := srv.Client()
	ctx := context.Background()

	// Three groups, two of them named; the server names the third.
	groups, err := c.Groups.Create(ctx, roomID, 3, "一组", "二组")
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range groups {
		fmt.Println(g.Name)
	}

	room, err := c.Rooms.Get(ctx, roomID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("room/info groups:", len(room.GroupList))
	// Output:
	// 一组
	// 二组
	// 3组
	// room/info groups: 3
}

func ExampleFamousRoomService_Create() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()

	start := time.Date(2030, 9, 1, 9, 0, 0, 0, gensee.ChinaZone())
	fr, err := c.FamousRooms.Create(context.Background(), &gensee.CreateFamousRoomRequest{
		Subject:    "双师课堂 高一化学",
		StartDate:  start,
		Realtime:   true,
		ClassCount: gensee.Ptr(2),
		ClassNames: []string{"一班", "二班"},
	})
	if err != nil {
		log.Fatal(err)
	}
	demo := strings.NewReplacer(srv.URL(), "https://demo.gensee.com", fr.Number, "{number}")
	fmt.Println("famous teacher:", demo.Replace(fr.ClientURL))
	for _, t := range fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos {
		tutorial := strings.NewReplacer(srv.URL(), "https://demo.gensee.com", t.Code, "{code}")
		fmt.Println("tutorial room:", tutorial.Replace(t.ClientURL), tutorial.Replace(t.StudentClientURL))
	}
	// Output:
	// famous teacher: https://demo.gensee.com/training/site/r/{number}
	// tutorial room: https://demo.gensee.com/training/site/r/{code} https://demo.gensee.com/training/site/s/{code}
	// tutorial room: https://demo.gensee.com/training/site/r/{code} https://demo.gensee.com/training/site/s/{code}
}

func ExampleMiniRoomService_Create() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	start := time.Date(2030, 9, 1, 16, 0, 0, 0, gensee.ChinaZone())
	mr, err := c.MiniRooms.Create(ctx, &gensee.CreateMiniRoomRequest{
		Subject:   "一对一 口语",
		StartDate: start,
		Duration:  45, // minutes, 30-480
		Action:    gensee.Ptr(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	demo := strings.NewReplacer(srv.URL(), "https://demo.gensee.com", mr.Number, "{number}")
	fmt.Println(demo.Replace(mr.StudentJoinURL), mr.Duration, mr.Action)

	// 20 minutes is too short: refused before sending.
	_, err = c.MiniRooms.Create(ctx, &gensee.CreateMiniRoomRequest{Subject: "太短", StartDate: start, Duration: 20})
	fmt.Println(err)
	// Output:
	// https://demo.gensee.com/training/site/s/{number} 45 false
	// gensee: /training/miniroom/created: duration must be between 30 and 480, got 20
}

func ExampleAPIError() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()

	_, err := c.Rooms.Get(context.Background(), "no-such-room")

	// Match the kind of failure with errors.Is...
	if errors.Is(err, gensee.ErrNotFound) {
		fmt.Println("not found")
	}
	// ...and read the details with errors.As.
	var apiErr *gensee.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Endpoint, int(apiErr.Code), apiErr.Code)
	}
	// Output:
	// not found
	// /training/room/info 501 501 not found
}

func ExampleValidationError() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// Join tokens must be 6-15 characters: checked before sending.
	_, err := c.Rooms.Create(context.Background(), &gensee.CreateRoomRequest{
		Subject:      "高一数学",
		StartDate:    time.Date(2030, 3, 1, 19, 0, 0, 0, gensee.ChinaZone()),
		Realtime:     true,
		TeacherToken: "123",
	})
	var ve *gensee.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Field, "→", ve.Reason)
	}
	fmt.Println("is ErrInvalidParam:", errors.Is(err, gensee.ErrInvalidParam))
	fmt.Println("requests sent:", len(srv.Requests()))
	// Output:
	// teacherToken → must be 6-15 characters, got 3
	// is ErrInvalidParam: true
	// requests sent: 0
}

func ExampleWithRetry() {
	srv := genseetest.NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("高一数学")
	// The next two calls of room/info meet a proxy's 503 page.
	srv.Inject("/training/room/info", 2, genseetest.Fault{Status: 503})

	c := srv.Client(gensee.WithRetry(gensee.RetryPolicy{
		MaxAttempts: 3,
		MinBackoff:  10 * time.Millisecond,
		MaxBackoff:  100 * time.Millisecond,
	}))
	room, err := c.Rooms.Get(context.Background(), roomID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(room.Subject, "after", len(srv.Requests()), "attempts")

	// With retries off, the first 503 is the answer.
	srv.Inject("/training/room/info", 1, genseetest.Fault{Status: 503})
	once := srv.Client(gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1}))
	_, err = once.Rooms.Get(context.Background(), roomID)
	var httpErr *gensee.HTTPError
	if errors.As(err, &httpErr) {
		fmt.Println("HTTP", httpErr.StatusCode)
	}
	// Output:
	// 高一数学 after 3 attempts
	// HTTP 503
}

func ExamplePtr() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()

	// Optional fields are pointers: nil is "not sent", Ptr(false) is "false".
	room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
		Subject:   "只用客户端",
		StartDate: time.Date(2030, 3, 1, 19, 0, 0, 0, gensee.ChinaZone()),
		Realtime:  true,
		WebJoin:   gensee.Ptr(false),
		Duration:  gensee.Ptr(90),
	})
	if err != nil {
		log.Fatal(err)
	}
	got, err := c.Rooms.Get(ctx, room.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("web:", got.WebJoin, "client:", got.ClientJoin, "minutes:", got.Duration)
	// Output:
	// web: false client: true minutes: 90
}

func ExampleDate() {
	srv := genseetest.NewServer()
	defer srv.Close()
	for d := 1; d <= 31; d++ {
		srv.AddRoomConcurrency(genseetest.Concurrency{
			Date:          time.Date(2024, 3, d, 12, 0, 0, 0, gensee.ChinaZone()),
			MaxConcurrent: 100 + d,
		})
	}
	c := srv.Client()

	// Dates are calendar days, sent as yyyy-MM-dd. NewDate normalises as
	// time.Date does; DateOf takes the day of a time in its own location.
	from := gensee.NewDate(2024, time.February, 30)
	to := gensee.DateOf(time.Date(2024, 3, 7, 23, 30, 0, 0, gensee.ChinaZone()))
	fmt.Println(from, "to", to, "is", from.DaysUntil(to)+1, "days")

	days, err := c.Exports.RoomConcurrency(context.Background(), from, to)
	if err != nil {
		log.Fatal(err)
	}
	last := days[len(days)-1]
	fmt.Println(len(days), "days; on", last.Date, "at most", last.MaxConcurrent)

	// The daily exports take at most 30 days.
	_, err = c.Exports.RoomConcurrency(context.Background(), from, from.AddDays(31))
	fmt.Println(errors.Is(err, gensee.ErrInvalidParam))
	// Output:
	// 2024-03-01 to 2024-03-07 is 7 days
	// 7 days; on 2024-03-07 at most 107
	// true
}

func ExampleClient_Call() {
	srv := genseetest.NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("高一数学")
	c := srv.Client()

	// Call reaches any endpoint by path; out receives the JSON body once the
	// return code was checked.
	var out struct {
		Status int `json:"status"`
	}
	err := c.Call(context.Background(), "/training/query/status", url.Values{"roomId": {roomID}}, &out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", out.Status)
	// Output:
	// status: 0
}
