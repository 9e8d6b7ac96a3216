// Command quickstart shows the SDK's common tasks end to end: create a
// classroom, print its join URLs, read it back, list its coursewares, export
// its attendance, walk a paged sync, show a typed error, and clean up.
//
// With GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD set it talks to that
// site (and creates, then deletes, one real classroom). With none set it
// starts the in-process fake server of package genseetest, so that it runs
// anywhere, with no account:
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// main repeats the other examples' main, and the imports theirs, on
// purpose: each example is a program of its own, read and copied alone.
func main() {
	if err := run(context.Background(), os.Stdout, os.Stderr, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer, getenv func(string) string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	site, login, password := getenv("GENSEE_SITE"), getenv("GENSEE_LOGIN"), getenv("GENSEE_PASSWORD")
	var c *gensee.Client
	var demoRoom string // a finished class of the fake server
	// The examples choose between the site and the fake alike, on purpose
	// (each stands alone).
	switch {
	case site == "" && login == "" && password == "":
		fake := genseetest.NewServer()
		defer fake.Close()
		demoRoom = seedDemo(fake)
		fmt.Fprintf(stderr, "No GENSEE_SITE, GENSEE_LOGIN, GENSEE_PASSWORD: using the built-in fake server at %s\n", fake.URL())
		c = fake.Client()
	case site == "" || login == "" || password == "":
		return errors.New("set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD, or none to use the fake server")
	default:
		var err error
		if c, err = gensee.NewClient(site, login, password); err != nil {
			return err
		}
	}

	// 1. Create a live classroom. Subjects must be unique on a site.
	start := time.Now().Add(time.Hour).Truncate(time.Minute)
	room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
		Subject:     fmt.Sprintf("gensee-go quickstart %s", time.Now().Format("20060102-150405")),
		StartDate:   start,
		InvalidDate: start.Add(2 * time.Hour),
		Realtime:    true,
		WebJoin:     gensee.Ptr(true),
		ClientJoin:  gensee.Ptr(true),
	})
	if err != nil {
		return fmt.Errorf("creating a classroom: %w", err)
	}
	fmt.Fprintf(stdout, "Created classroom %s (number %s)\n", room.ID, room.Number)
	fmt.Fprintf(stdout, "  teachers join at %s with token %s\n", room.TeacherJoinURL, room.TeacherToken)
	fmt.Fprintf(stdout, "  students join at %s\n", room.StudentJoinURL)
	defer func() {
		if err := c.Rooms.Delete(context.WithoutCancel(ctx), room.ID); err != nil {
			fmt.Fprintln(stderr, "cleaning up:", err)
			return
		}
		fmt.Fprintf(stdout, "Deleted classroom %s\n", room.ID)
	}()

	// 2. Read it back.
	got, err := c.Rooms.Get(ctx, room.ID)
	if err != nil {
		return fmt.Errorf("reading the classroom: %w", err)
	}
	fmt.Fprintf(stdout, "Read back %q, starting %s\n", got.Subject, got.StartDate.In(gensee.ChinaZone()).Format("2006-01-02 15:04 MST"))

	// 3. Its coursewares (recordings become coursewares once a class ends).
	wares, err := c.Coursewares.List(ctx, room.ID)
	if err != nil {
		return fmt.Errorf("listing coursewares: %w", err)
	}
	fmt.Fprintf(stdout, "It has %d courseware(s) so far\n", len(wares))

	// 4. Attendance of a past class: the demo room on the fake, yours on a real site.
	exportRoom := room.ID
	if demoRoom != "" {
		exportRoom = demoRoom
	}
	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: exportRoom})
	if err != nil {
		return fmt.Errorf("exporting attendance: %w", err)
	}
	fmt.Fprintf(stdout, "Attendance of the last session of %s: %d row(s)\n", exportRoom, len(rows))
	for _, a := range rows {
		fmt.Fprintf(stdout, "  uid %d, %s - %s on %s: %s\n", a.UID,
			a.JoinTime.In(gensee.ChinaZone()).Format("15:04"), a.LeaveTime.In(gensee.ChinaZone()).Format("15:04"), a.Device, a.Name)
	}

	// 5. Walk every page of the site's recordings, lazily.
	n := 0
	for rec, err := range c.Records.SyncAll(ctx, nil) {
		if err != nil {
			return fmt.Errorf("syncing recordings: %w", err)
		}
		if n < 3 {
			fmt.Fprintf(stdout, "  recording %d %q (%s)\n", rec.ID, rec.Name, time.Duration(rec.Duration)*time.Millisecond)
		}
		n++
	}
	fmt.Fprintf(stdout, "Synced %d recording(s)\n", n)

	// 6. Typed errors: an unknown classroom is ErrNotFound (code 501).
	_, err = c.Rooms.Get(ctx, "no-such-room")
	var apiErr *gensee.APIError
	switch {
	case errors.Is(err, gensee.ErrNotFound) && errors.As(err, &apiErr):
		fmt.Fprintf(stdout, "Looking up an unknown classroom: not found (code %d, %q)\n", int(apiErr.Code), apiErr.Message)
	case err != nil:
		return fmt.Errorf("looking up an unknown classroom: %w", err)
	default:
		return errors.New("looking up an unknown classroom succeeded")
	}

	// And bad input never reaches the server.
	_, err = c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "x", StartDate: start, TeacherToken: "123"})
	var ve *gensee.ValidationError
	if errors.As(err, &ve) {
		fmt.Fprintf(stdout, "Refused before sending: %s %s\n", ve.Field, ve.Reason)
	}
	return nil
}

// seedDemo gives the fake server a finished class with attendance and 120
// recordings (three pages), so that the export and the sync have something
// to show. It returns the class's room id.
func seedDemo(srv *genseetest.Server) string {
	demoRoom := srv.AddRoom("高一数学 第一讲")
	day := time.Now().In(gensee.ChinaZone()).AddDate(0, 0, -1)
	at := func(h, m int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, gensee.ChinaZone())
	}
	srv.AddSession(genseetest.Session{RoomID: demoRoom, StartTime: at(19, 0), EndTime: at(20, 30), MaxConcurrent: 3, Total: 3})
	srv.AddAttendance(
		genseetest.AttendanceRecord{RoomID: demoRoom, UserID: 1000000001, Nickname: "小明", Name: "王小明", JoinTime: at(19, 0), LeaveTime: at(20, 30), Device: 0},
		genseetest.AttendanceRecord{RoomID: demoRoom, UserID: 1000000002, Nickname: "小红", Name: "李小红", JoinTime: at(19, 2), LeaveTime: at(20, 15), Device: 2},
		genseetest.AttendanceRecord{RoomID: demoRoom, UserID: 1000000003, Nickname: "Tom", Name: "Tom Li", JoinTime: at(19, 10), LeaveTime: at(20, 30), Device: 1},
	)
	for i := 1; i <= 120; i++ {
		srv.AddRecording(genseetest.Recording{Name: fmt.Sprintf("第%d讲", i), RoomID: demoRoom,
			StartTime: at(19, 0), EndTime: at(20, 30), Size: 1 << 20})
	}
	return demoRoom
}
