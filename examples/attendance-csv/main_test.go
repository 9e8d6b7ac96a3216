package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func noEnv(string) string { return "" }

// readCSV parses the CSV and checks its header; it returns the rows after it.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the output is not CSV: %v\n%s", err, b)
	}
	if len(recs) == 0 {
		t.Fatal("no CSV header")
	}
	if want := []string{"room", "uid", "name", "nickname", "join", "leave", "device"}; !slices.Equal(recs[0], want) {
		t.Fatalf("header = %q, want %q", recs[0], want)
	}
	return recs[1:]
}

// withoutRoom drops the first column, whose ids the fake chooses.
func withoutRoom(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[1:]
	}
	return out
}

func TestFakeRunOneDay(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-from", "2024-03-01"}, &out, &errOut, noEnv)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	rows := readCSV(t, out.Bytes())
	want := [][]string{
		{"1000000009", "赵小刚", "小刚", "2024-03-01 08:00:00", "2024-03-01 09:00:00", "PC client"},
		{"1000000001", "王小明", "小明", "2024-03-01 19:00:00", "2024-03-01 20:30:00", "PC client"},
		{"1000000002", "李小红", "小红", "2024-03-01 19:02:00", "2024-03-01 20:15:00", "iPhone app"},
		{"1000000003", "Tom Li", "Tom, Jr.", "2024-03-01 18:01:00", "2024-03-01 19:00:00", "Mac client"},
		{"1000000001", "王小明", "小明", "2024-03-01 18:05:00", "2024-03-01 18:40:00", "mini-program Android"},
	}
	if got := withoutRoom(rows); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("rows:\n%q\nwant:\n%q", got, want)
	}
	// Three classrooms: the first row is one's, then two and two.
	if rows[0][0] == "" || rows[0][0] == rows[1][0] || rows[1][0] != rows[2][0] || rows[3][0] != rows[4][0] || rows[2][0] == rows[3][0] {
		t.Errorf("room column: %q", [][]string{rows[0][:1], rows[1][:1], rows[2][:1], rows[3][:1], rows[4][:1]})
	}
	for _, s := range []string{"using the built-in fake server", "3 classroom(s) held a session from 2024-03-01 to 2024-03-01", "Exported 5 attendance row(s)"} {
		if !strings.Contains(errOut.String(), s) {
			t.Errorf("stderr lacks %q:\n%s", s, errOut.String())
		}
	}
}

func TestFakeRunDefaultsToYesterday(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), nil, &out, &errOut, noEnv); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	yesterday := gensee.DateOf(time.Now().In(gensee.ChinaZone())).AddDays(-1).String()
	rows := readCSV(t, out.Bytes())
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5:\n%s", len(rows), out.String())
	}
	for _, r := range rows {
		if !strings.HasPrefix(r[4], yesterday+" ") {
			t.Errorf("join time %q is not yesterday (%s)", r[4], yesterday)
		}
	}
}

func TestFakeRunToFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "attendance.csv")
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-from", "2024-02-29", "-to", "2024-03-01", "-out", name}, &out, &errOut, noEnv)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout is not empty: %q", out.String())
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b)
	if len(rows) != 5 {
		t.Fatalf("%d rows, want 5:\n%s", len(rows), b)
	}
	if !strings.Contains(errOut.String(), "Exported 5 attendance row(s) to "+name) {
		t.Errorf("stderr: %s", errOut.String())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(name), ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestHeldNotCreated seeds the case a nightly job meets every week: a class
// scheduled a week ahead and held yesterday must be exported; a classroom
// created yesterday for next week has nothing to export. Picking classrooms
// by their creation day gets both wrong.
func TestHeldNotCreated(t *testing.T) {
	yesterday := gensee.NewDate(2024, 3, 8)
	at := func(d gensee.Date, h int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, h, 0, 0, 0, gensee.ChinaZone())
	}
	var now atomic.Int64
	srv := genseetest.NewServer(genseetest.WithClock(func() time.Time { return time.UnixMilli(now.Load()) }))
	defer srv.Close()

	now.Store(at(yesterday.AddDays(-7), 10).UnixMilli())
	held := srv.AddRoom("提前一周排的课")
	now.Store(at(yesterday, 10).UnixMilli())
	later := srv.AddRoom("下周的课")
	srv.AddSession(
		genseetest.Session{RoomID: held, StartTime: at(yesterday, 19), EndTime: at(yesterday, 20)},
		genseetest.Session{RoomID: later, StartTime: at(yesterday.AddDays(7), 19), EndTime: at(yesterday.AddDays(7), 20)},
	)
	srv.AddAttendance(
		genseetest.AttendanceRecord{RoomID: held, UserID: 1000000001, Name: "王小明", JoinTime: at(yesterday, 19), LeaveTime: at(yesterday, 20)},
		genseetest.AttendanceRecord{RoomID: held, UserID: 1000000002, Name: "李小红", JoinTime: at(yesterday, 19), LeaveTime: at(yesterday, 20)},
	)
	c := srv.Client()

	rooms, err := roomsHeld(context.Background(), c, yesterday, yesterday)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rooms, []string{held}) {
		t.Fatalf("rooms = %q, want only %q (held yesterday)", rooms, held)
	}
	var out bytes.Buffer
	n, err := exportCSV(context.Background(), c, rooms, yesterday, yesterday, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, out.Bytes())
	if n != 2 || len(rows) != 2 || rows[0][0] != held || rows[0][1] != "1000000001" || rows[1][1] != "1000000002" {
		t.Fatalf("n = %d, rows:\n%s", n, out.String())
	}
	// The sessions were found with export/room/usage over yesterday in China
	// time, not with room/sync by creation day.
	var usage []string
	for _, r := range srv.Requests() {
		switch r.Path {
		case "/training/export/room/usage":
			usage = append(usage, r.Form.Get("startTime")+"-"+r.Form.Get("endTime"))
		case "/training/room/sync":
			t.Errorf("room/sync was called: %v", r.Form)
		}
	}
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	if want := []string{ms(at(yesterday, 0)) + "-" + ms(at(yesterday.AddDays(1), 0).Add(-time.Millisecond))}; !slices.Equal(usage, want) {
		t.Errorf("room/usage windows %q, want %q", usage, want)
	}
}

func TestExportNamedRoomsInWeekWindows(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("高一数学")
	at := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, gensee.ChinaZone()) }
	srv.AddAttendance(
		genseetest.AttendanceRecord{RoomID: room, UserID: 1, Name: "甲", JoinTime: at(1, 0), LeaveTime: at(1, 1)},    // the first millisecond
		genseetest.AttendanceRecord{RoomID: room, UserID: 2, Name: "乙", JoinTime: at(8, 0), LeaveTime: at(8, 1)},    // the second window's first
		genseetest.AttendanceRecord{RoomID: room, UserID: 3, Name: "丙", JoinTime: at(10, 23), LeaveTime: at(11, 0)}, // the last day
		genseetest.AttendanceRecord{RoomID: room, UserID: 4, Name: "丁", JoinTime: at(11, 0), LeaveTime: at(11, 1)},  // the day after
	)
	var out, errOut bytes.Buffer
	n, err := exportCSV(context.Background(), srv.Client(), []string{room, "no-such-room"},
		gensee.NewDate(2024, 3, 1), gensee.NewDate(2024, 3, 10), &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, out.Bytes())
	if n != 3 || len(rows) != 3 {
		t.Fatalf("n = %d, rows:\n%s", n, out.String())
	}
	for i, uid := range []string{"1", "2", "3"} {
		if rows[i][0] != room || rows[i][1] != uid {
			t.Errorf("row %d = %q, want room %s uid %s", i, rows[i], room, uid)
		}
	}
	if !strings.Contains(errOut.String(), "skipping classroom no-such-room") {
		t.Errorf("stderr: %s", errOut.String())
	}

	// Ten days: two windows of at most 7 days per classroom, cut by
	// AttendanceAll (each ends inclusive, 1 ms before the next starts).
	var got []string
	for _, r := range srv.Requests() {
		if r.Path == "/training/export/history" && r.Form.Get("roomId") == room {
			got = append(got, r.Form.Get("startTime")+"-"+r.Form.Get("endTime"))
		}
	}
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	want := []string{
		ms(at(1, 0)) + "-" + ms(at(8, 0)),
		ms(at(8, 0).Add(time.Millisecond)) + "-" + ms(at(11, 0).Add(-time.Millisecond)),
	}
	if !slices.Equal(got, want) {
		t.Errorf("windows sent %q, want %q", got, want)
	}
}

func TestWindows(t *testing.T) {
	for _, days := range []int{1, 6, 7, 8, 14, 15, 31} {
		from := gensee.NewDate(2024, 2, 20)
		to := from.AddDays(days - 1)
		ws := windows(from, to)
		if want := (days + 6) / 7; len(ws) != want {
			t.Errorf("%d days: %d windows, want %d", days, len(ws), want)
		}
		if !ws[0].start.Equal(from.In(gensee.ChinaZone())) {
			t.Errorf("%d days: starts %v", days, ws[0].start)
		}
		if end := ws[len(ws)-1].end; !end.Equal(to.AddDays(1).In(gensee.ChinaZone()).Add(-time.Millisecond)) {
			t.Errorf("%d days: ends %v", days, end)
		}
		for i, w := range ws {
			if w.end.Sub(w.start) > maxWindow {
				t.Errorf("%d days: window %d is %v long", days, i, w.end.Sub(w.start))
			}
			if i > 0 && w.start.Sub(ws[i-1].end) != time.Millisecond {
				t.Errorf("%d days: window %d starts %v after the previous", days, i, w.start.Sub(ws[i-1].end))
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-from", "yesterday"},
		{"-from", "2024-03-02", "-to", "2024-03-01"},
		{"-nope"},
		{"extra"},
	} {
		var errOut bytes.Buffer
		if err := run(context.Background(), args, &bytes.Buffer{}, &errOut, noEnv); !errors.Is(err, errUsage) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
		if errOut.Len() == 0 {
			t.Errorf("%q: nothing on stderr", args)
		}
	}
}

func TestNeedsAllCredentials(t *testing.T) {
	env := map[string]string{"GENSEE_SITE": "demo.gensee.com"}
	err := run(context.Background(), nil, &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD") {
		t.Fatalf("err = %v", err)
	}
}
