// Command attendance-csv is a nightly job: it exports yesterday's attendance
// (export/history) of a site's classrooms to CSV, one row per attendance,
// with the join and leave times in China time:
//
//	room,uid,name,nickname,join,leave,device
//
// The classrooms are the ones named with -rooms, or else every classroom that
// held a session (场次) ending on the exported days, as export/room/usage
// lists them: a class created weeks ahead and held yesterday is exported,
// and one created yesterday for next week is not. The days default to
// yesterday in China time; -from and -to choose others, and the export goes
// in windows of at most 7 days, the longest the API takes (Exports.
// AttendanceAll cuts them), each row written as it arrives. The CSV goes to stdout, or to
// the file named with -out (written whole, then renamed into place, so that
// a reader never sees half a file).
//
// With GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD set it talks to that
// site. With none set it starts the in-process fake server of package
// genseetest, seeded with a few finished classes, so that it runs anywhere:
//
//	go run ./examples/attendance-csv
//	go run ./examples/attendance-csv -from 2024-03-01 -to 2024-03-10 -out march.csv
//	GENSEE_SITE=demo.gensee.com GENSEE_LOGIN=admin@demo GENSEE_PASSWORD=… \
//		go run ./examples/attendance-csv -rooms mquQf2,zK2fPq -out attendance.csv
package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "attendance-csv:", err)
		os.Exit(1)
	}
}

// errUsage marks a bad command line; the flag package has said why.
var errUsage = errors.New("usage")

// header is the first line of the CSV.
var header = []string{"room", "uid", "name", "nickname", "join", "leave", "device"}

// timeLayout is how the join and leave times are written, in China time.
const timeLayout = time.DateTime

// maxWindow is the longest window export/history takes.
const maxWindow = 7 * 24 * time.Hour

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("attendance-csv", flag.ContinueOnError)
	fs.SetOutput(stderr)
	roomsFlag := fs.String("rooms", "", "comma-separated classroom ids (default: the classrooms that held a session on the exported days)")
	fromFlag := fs.String("from", "", "first day to export, yyyy-MM-dd in China time (default: yesterday)")
	toFlag := fs.String("to", "", "last day to export, yyyy-MM-dd (default: -from)")
	out := fs.String("out", "", "write the CSV to this file instead of stdout")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: attendance-csv [-rooms R1,R2] [-from yyyy-MM-dd] [-to yyyy-MM-dd] [-out file.csv]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "attendance-csv: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	from := gensee.DateOf(time.Now().In(gensee.ChinaZone())).AddDays(-1)
	if *fromFlag != "" {
		d, err := parseDate(*fromFlag)
		if err != nil {
			fmt.Fprintln(stderr, "attendance-csv: -from:", err)
			return errUsage
		}
		from = d
	}
	to := from
	if *toFlag != "" {
		d, err := parseDate(*toFlag)
		if err != nil {
			fmt.Fprintln(stderr, "attendance-csv: -to:", err)
			return errUsage
		}
		to = d
	}
	if from.DaysUntil(to) < 0 {
		fmt.Fprintf(stderr, "attendance-csv: -to %s is before -from %s\n", to, from)
		return errUsage
	}
	var rooms []string
	for _, r := range strings.Split(*roomsFlag, ",") {
		if r = strings.TrimSpace(r); r != "" {
			rooms = append(rooms, r)
		}
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	site, login, password := getenv("GENSEE_SITE"), getenv("GENSEE_LOGIN"), getenv("GENSEE_PASSWORD")
	var c *gensee.Client
	switch {
	case site == "" && login == "" && password == "":
		fake := newFake(to)
		defer fake.Close()
		fmt.Fprintf(stderr, "No GENSEE_SITE, GENSEE_LOGIN, GENSEE_PASSWORD: using the built-in fake server at %s, seeded with classes on %s\n", fake.URL(), to)
		c = fake.Client()
	case site == "" || login == "" || password == "":
		return errors.New("set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD, or none to use the fake server")
	default:
		var err error
		if c, err = gensee.NewClient(site, login, password); err != nil {
			return err
		}
	}

	if len(rooms) == 0 {
		var err error
		if rooms, err = roomsHeld(ctx, c, from, to); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%d classroom(s) held a session from %s to %s\n", len(rooms), from, to)
	}

	if *out == "" {
		n, err := exportCSV(ctx, c, rooms, from, to, stdout, stderr)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Exported %d attendance row(s)\n", n)
		return nil
	}
	n, err := writeFile(*out, func(w io.Writer) (int, error) {
		return exportCSV(ctx, c, rooms, from, to, w, stderr)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Exported %d attendance row(s) to %s\n", n, *out)
	return nil
}

// parseDate reads a yyyy-MM-dd day.
func parseDate(s string) (gensee.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return gensee.Date{}, fmt.Errorf("%q is not a yyyy-MM-dd date", s)
	}
	return gensee.DateOf(t), nil
}

// roomsHeld returns the ids of the classrooms that held a session ending
// from one day to another (export/room/usage, in windows of at most 7 days),
// each once, in the order the server lists them.
func roomsHeld(ctx context.Context, c *gensee.Client, from, to gensee.Date) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	for _, win := range windows(from, to) {
		sessions, err := c.Exports.RoomUsage(ctx, &gensee.RoomUsageOptions{StartTime: win.start, EndTime: win.end})
		if err != nil {
			return nil, fmt.Errorf("listing the sessions held from %s to %s: %w",
				win.start.Format(timeLayout), win.end.Format(timeLayout), err)
		}
		for _, s := range sessions {
			if !seen[s.ID] {
				seen[s.ID] = true
				ids = append(ids, s.ID)
			}
		}
	}
	return ids, nil
}

// window is a span of export/history, both ends included.
type window struct{ start, end time.Time }

// windows cuts the days from..to (China time), for export/room/usage, into
// consecutive windows of at most 7 days that neither overlap nor leave a gap: each ends a
// millisecond before the next starts.
func windows(from, to gensee.Date) []window {
	start := from.In(gensee.ChinaZone())
	last := to.AddDays(1).In(gensee.ChinaZone()).Add(-time.Millisecond)
	var ws []window
	for !start.After(last) {
		end := start.Add(maxWindow - time.Millisecond)
		if end.After(last) {
			end = last
		}
		ws = append(ws, window{start, end})
		start = end.Add(time.Millisecond)
	}
	return ws
}

// exportCSV writes the header and the attendance of rooms over from..to to
// w, and returns the number of rows. Each row is written as it comes from
// the response body (Exports.AttendanceAll walks the days in windows of 7
// days): a long export runs in constant memory. A classroom that no longer
// exists is reported on stderr and skipped; any other error ends the export.
func exportCSV(ctx context.Context, c *gensee.Client, rooms []string, from, to gensee.Date, w, stderr io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	start := from.In(gensee.ChinaZone())
	end := to.AddDays(1).In(gensee.ChinaZone()).Add(-time.Millisecond)
	n := 0
rooms:
	for _, room := range rooms {
		for a, err := range c.Exports.AttendanceAll(ctx, &gensee.ExportOptions{RoomID: room, StartTime: start, EndTime: end}) {
			if errors.Is(err, gensee.ErrNotFound) {
				fmt.Fprintf(stderr, "skipping classroom %s: %v\n", room, err)
				continue rooms
			}
			if err != nil {
				return n, fmt.Errorf("exporting the attendance of %s from %s to %s: %w",
					room, start.Format(timeLayout), end.Format(timeLayout), err)
			}
			if err := cw.Write([]string{
				room, strconv.FormatInt(a.UID, 10), a.Name, a.Nickname,
				chinaTime(a.JoinTime), chinaTime(a.LeaveTime), a.Device.String(),
			}); err != nil {
				return n, err
			}
			n++
		}
	}
	cw.Flush()
	return n, cw.Error()
}

// chinaTime writes a returned time in China time, or "" when it is zero.
func chinaTime(t gensee.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(gensee.ChinaZone()).Format(timeLayout)
}

// writeFile writes what fill writes to a temporary file next to name, then
// renames it to name; on failure name is left as it was.
func writeFile(name string, fill func(io.Writer) (int, error)) (int, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	n, err := fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	return n, os.Rename(f.Name(), name)
}

// newFake starts the fake server seeded for a run over day: two classrooms
// created on day with a finished class and its attendance; one created a
// week before for a class held on day, which must be exported too; and one
// created on day for a class a week later, which has nothing to export yet.
func newFake(day gensee.Date) *genseetest.Server {
	// AddRoom stamps a classroom with the fake's clock: move the clock to
	// the day while seeding, then let it follow the real time again.
	var seedTime atomic.Int64 // epoch milliseconds; 0: the real time
	fake := genseetest.NewServer(genseetest.WithClock(func() time.Time {
		if ms := seedTime.Load(); ms != 0 {
			return time.UnixMilli(ms)
		}
		return time.Now()
	}))
	at := func(d gensee.Date, h, m int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, gensee.ChinaZone())
	}

	seedTime.Store(at(day.AddDays(-7), 9, 0).UnixMilli())
	scheduled := fake.AddRoom("高一数学 预习课")
	seedTime.Store(at(day, 8, 0).UnixMilli())
	math := fake.AddRoom("高一数学 第一讲")
	english := fake.AddRoom("英语口语 A 班")
	nextWeek := fake.AddRoom("高二物理 实验课")
	seedTime.Store(0)

	fake.AddSession(
		genseetest.Session{RoomID: scheduled, StartTime: at(day, 8, 0), EndTime: at(day, 9, 0)},
		genseetest.Session{RoomID: math, StartTime: at(day, 19, 0), EndTime: at(day, 20, 30)},
		genseetest.Session{RoomID: english, StartTime: at(day, 18, 0), EndTime: at(day, 19, 0)},
		genseetest.Session{RoomID: nextWeek, StartTime: at(day.AddDays(7), 14, 0), EndTime: at(day.AddDays(7), 15, 30)},
	)
	fake.AddAttendance(
		genseetest.AttendanceRecord{RoomID: scheduled, UserID: 1000000009, Name: "赵小刚", Nickname: "小刚",
			JoinTime: at(day, 8, 0), LeaveTime: at(day, 9, 0), Device: gensee.DevicePCClient},
		genseetest.AttendanceRecord{RoomID: math, UserID: 1000000001, Name: "王小明", Nickname: "小明",
			JoinTime: at(day, 19, 0), LeaveTime: at(day, 20, 30), Device: gensee.DevicePCClient},
		genseetest.AttendanceRecord{RoomID: math, UserID: 1000000002, Name: "李小红", Nickname: "小红",
			JoinTime: at(day, 19, 2), LeaveTime: at(day, 20, 15), Device: gensee.DeviceIPhoneApp},
		genseetest.AttendanceRecord{RoomID: english, UserID: 1000000003, Name: "Tom Li", Nickname: "Tom, Jr.",
			JoinTime: at(day, 18, 1), LeaveTime: at(day, 19, 0), Device: gensee.DeviceMacClient},
		genseetest.AttendanceRecord{RoomID: english, UserID: 1000000001, Name: "王小明", Nickname: "小明",
			JoinTime: at(day, 18, 5), LeaveTime: at(day, 18, 40), Device: gensee.DeviceMiniProgramAndroid},
	)
	return fake
}
