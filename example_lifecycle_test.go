package gensee_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func ExampleLiveEventHandler() {
	srv := genseetest.NewServer()
	defer srv.Close()
	client := srv.Client()
	room := srv.AddRoom("Algebra I")

	// Your service receives the site's live events at a URL registered in
	// the site's console, with a secret token of yours in it.
	events := make(chan *gensee.LiveEvent, 16)
	handler := gensee.LiveEventHandler(func(ctx context.Context, ev *gensee.LiveEvent) error {
		if ev.Action == gensee.LiveEnded {
			// Gensee does not sign its callbacks: check before acting.
			st, err := client.Rooms.Status(ctx, ev.RoomID)
			if err != nil {
				return err // answered 500: the site may deliver again
			}
			if st == gensee.LiveStatusLive {
				return nil // not over after all
			}
		}
		events <- ev
		return nil
	},
		gensee.WithCallbackToken("s3cr3t"),
		gensee.WithDeduper(gensee.NewMemoryDeduper(0)),
	)
	hook := httptest.NewServer(handler)
	defer hook.Close()

	// The fake plays a class and calls the URL as a site does.
	srv.SetLiveCallbackURL(hook.URL + "/gensee/live?token=s3cr3t")
	srv.StartLive(room)
	srv.JoinLive(room, 1000000001, "张三")
	srv.LeaveLive(room, 1000000001)
	srv.EndLive(room)

	for range 5 {
		ev := <-events
		fmt.Println(ev.Action, ev.UID, ev.TotalUsers)
	}
	// Output:
	// started 0 0
	// joined 1000000001 1
	// left 1000000001 0
	// ended 0 0
	// recording-ended 0 0
}

func ExampleJoinURL() {
	link, err := gensee.JoinURL("http://demo.gensee.com/training/site/s/34154643?groupCode=g01", gensee.JoinOptions{
		Nickname: "张三",
		UID:      1000000001,
		Token:    "002540",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)

	_, err = gensee.JoinURL("http://demo.gensee.com/training/site/s/34154643", gensee.JoinOptions{UID: 42})
	fmt.Println(err)
	// Output:
	// http://demo.gensee.com/training/site/s/34154643?groupCode=g01&nickname=%E5%BC%A0%E4%B8%89&token=002540&uid=1000000001
	// gensee: JoinURL: uid must be 0 or at least 1000000000 (smaller ids are Gensee's own users), got 42
}

func ExampleRoom_TeacherURL() {
	srv := genseetest.NewServer()
	defer srv.Close()
	client := srv.Client()
	room, err := client.Rooms.Create(context.Background(), &gensee.CreateRoomRequest{
		Subject:      "Algebra I",
		StartDate:    time.Now().Add(time.Hour),
		TeacherToken: "111111", AssistantToken: "222222", StudentToken: "333333",
	})
	if err != nil {
		log.Fatal(err)
	}
	teacher, err := room.TeacherURL("王老师", 1000000001)
	if err != nil {
		log.Fatal(err)
	}
	student, err := room.StudentURL("张三", 1000000002)
	if err != nil {
		log.Fatal(err)
	}
	// The links start with the site's join URLs (srv.URL() here), and hold
	// the room's number.
	for _, link := range []string{teacher, student} {
		fmt.Println(strings.Replace(strings.TrimPrefix(link, srv.URL()), room.Number, "NUMBER", 1))
	}
	// Output:
	// /training/site/r/NUMBER?nickname=%E7%8E%8B%E8%80%81%E5%B8%88&token=111111&uid=1000000001
	// /training/site/s/NUMBER?nickname=%E5%BC%A0%E4%B8%89&token=333333&uid=1000000002
}

func ExampleCourseware_PlaybackURL() {
	ware := &gensee.Courseware{URL: "http://demo.gensee.com/training/site/v/61728394", Token: "v0"}
	link, err := ware.PlaybackURL("张三", 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	// Output:
	// http://demo.gensee.com/training/site/v/61728394?nickname=%E5%BC%A0%E4%B8%89&token=v0
}

func ExampleExportService_AttendanceAll() {
	srv := genseetest.NewServer()
	defer srv.Close()
	client := srv.Client()
	room := srv.AddRoom("Algebra I")
	term := time.Date(2026, 9, 1, 0, 0, 0, 0, gensee.ChinaZone())
	for week := range 12 {
		srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: 1000000001 + int64(week), Name: "学生",
			JoinTime: term.AddDate(0, 0, 7*week)}) // one right on each 7-day boundary
	}

	// Twelve weeks, in 7-day pieces: each row once.
	n := 0
	for row, err := range client.Exports.AttendanceAll(context.Background(), &gensee.ExportOptions{
		RoomID: room, StartTime: term, EndTime: term.AddDate(0, 0, 7*12),
	}) {
		if err != nil {
			log.Fatal(err)
		}
		_ = row
		n++
	}
	fmt.Println(n, "rows")
	// Output:
	// 12 rows
}

func ExampleCoursewareService_WaitForRecordings() {
	srv := genseetest.NewServer(genseetest.WithRecordingLag(50 * time.Millisecond))
	defer srv.Close()
	client := srv.Client()
	room := srv.AddRoom("Algebra I")

	began := time.Now()
	srv.StartLive(room)
	srv.EndLive(room) // the recording appears 50ms later

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	wares, err := client.Coursewares.WaitForRecordings(ctx, room, began, 10*time.Millisecond)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(wares), wares[0].Subject)
	// Output:
	// 1 Algebra I
}

func ExampleNewMemoryDeduper() {
	d := gensee.NewMemoryDeduper(0) // at most DefaultMemoryDeduperKeys streams
	ctx := context.Background()
	const ttl = 10 * time.Minute
	stream := "live:room1/u1" // the handlers pass hashes; any string works
	first, _ := d.Latest(ctx, stream, "joined", ttl)
	_ = d.Forget(ctx, stream, "joined") // handling failed: let a redelivery through
	retried, _ := d.Latest(ctx, stream, "joined", ttl)
	_ = d.Handled(ctx, stream, "joined", ttl) // handled this time
	again, _ := d.Latest(ctx, stream, "joined", ttl)
	left, _ := d.Latest(ctx, stream, "left", ttl)
	rejoined, _ := d.Latest(ctx, stream, "joined", ttl)
	fmt.Println(first, retried, again, left, rejoined)
	// Output:
	// new new handled new new
}

func ExampleGroup_StudentURL() {
	g := &gensee.Group{JoinURL: "http://demo.gensee.com/training/site/s/34154643?groupCode=g01"}
	link, err := g.StudentURL(gensee.JoinOptions{Nickname: "李四", Token: "333333", HashToken: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	// Output:
	// http://demo.gensee.com/training/site/s/34154643?groupCode=g01&nickname=%E6%9D%8E%E5%9B%9B&sec=md5&token=1a100d2c0dab19c4430e7d73762b3423
}

func ExampleLiveAction_String() {
	fmt.Println(gensee.LiveJoined, gensee.LiveEnded, gensee.LiveAction(108))
	// Output:
	// joined ended LiveAction(108)
}
