package genseetest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// The pattern of a test against the fake: seed what the code under test
// expects to find, run the code, then assert on what it did, both through
// the fake's state and through the requests it received.
func Example() {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("高一数学 Algebra I") // seed

	// The code under test: rename the classroom, keeping it live.
	c := srv.Client()
	ctx := context.Background()
	err := c.Rooms.Modify(ctx, &gensee.ModifyRoomRequest{
		ID: room, Subject: "高一数学 Algebra II", Realtime: gensee.Ptr(true),
		StartDate: time.Date(2030, 3, 1, 10, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Assert the state...
	got, _ := c.Rooms.Get(ctx, room)
	fmt.Println(got.Subject)
	// ... and the requests.
	sent := srv.RequestsTo("/training/room/modify")
	fmt.Println(len(sent), sent[0].Form.Get("realtime"), sent[0].Form.Get("password"))
	// Output:
	// 高一数学 Algebra II
	// 1 true ***
}

// Inject makes the next calls of an endpoint fail; RequestsTo shows how
// the client answered, here by retrying a read once after an HTTP 503.
func ExampleServer_Inject() {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("重试 Retry")
	srv.Inject("/training/room/info", 1, genseetest.Fault{Status: 503})

	c := srv.Client(gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	r, err := c.Rooms.Get(context.Background(), room)
	fmt.Println(r.Subject, err, len(srv.RequestsTo("/training/room/info")))

	// A business error is not retried.
	srv.Inject("/training/room/info", 1, genseetest.Fault{Code: 501, Message: "数据不存在"})
	_, err = c.Rooms.Get(context.Background(), room)
	fmt.Println(errors.Is(err, gensee.ErrNotFound), len(srv.RequestsTo("/training/room/info")))
	srv.ClearFaults()
	// Output:
	// 重试 Retry <nil> 2
	// true 3
}

// Export data is seeded record by record and comes back through the
// export endpoints, such as attendance through export/history.
func ExampleServer_AddAttendance() {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("物理 Physics")
	china := time.FixedZone("CST", 8*3600)
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, china)
	srv.AddAttendance(
		genseetest.AttendanceRecord{RoomID: room, UserID: 1001, Name: "张三", JoinTime: start, LeaveTime: start.Add(time.Hour)},
		genseetest.AttendanceRecord{RoomID: room, UserID: 1002, Name: "李四", JoinTime: start.Add(5 * time.Minute), LeaveTime: start.Add(time.Hour)},
	)

	rows, err := srv.Client().Exports.Attendance(context.Background(), &gensee.ExportOptions{
		RoomID: room, StartTime: start, EndTime: start.Add(2 * time.Hour),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range rows {
		fmt.Println(a.UID, a.Name, a.JoinTime.In(china).Format("15:04"))
	}
	// Output:
	// 1001 张三 10:00
	// 1002 李四 10:05
}
