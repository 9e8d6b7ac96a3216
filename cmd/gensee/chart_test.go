package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func TestAttendanceChart(t *testing.T) {
	srv, env := fakeSite(t)
	env["COLUMNS"] = "60"
	room := srv.AddRoom("chart")
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	for i, span := range [][2]int{{0, 4}, {1, 3}, {2, 3}, {1, 2}} {
		uid := int64(1001 + i)
		if i == 3 {
			uid = 1001 // a second device of the first student: counted once
		}
		srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: uid, Name: "s",
			JoinTime: start.Add(time.Duration(span[0]) * time.Minute), LeaveTime: start.Add(time.Duration(span[1]) * time.Minute)})
	}
	r := cli(t, env, "exports", "attendance", "--room", room, "--from", "2024-03-01", "--to", "2024-03-01", "--chart")
	require.Equal(t, 0, r.code, r.stderr)
	want := "students present, a column per 1m0s: peak 3 at 10:02\n" +
		"3 ┤  █  \n" +
		"  │  █  \n" +
		"  │ ▂█  \n" +
		"  │ ██  \n" +
		"  │ ██  \n" +
		"  │▅██▅ \n" +
		"  │████ \n" +
		"0 ┤████ \n" +
		"  └─────\n" +
		"     ▲ peak 3\n" +
		"   10:00 10:04\n"
	assert.Equal(t, want, r.stdout)
	assert.NotContains(t, r.stdout, "\x1b[", "no colour when stdout is not a terminal")
}

func TestPresenceChartFitsTheWidth(t *testing.T) {
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	var pts []gensee.PresencePoint
	for i := range 300 {
		pts = append(pts, gensee.PresencePoint{Time: start.Add(time.Duration(i) * time.Minute), Count: i % 50})
	}
	for _, width := range []int{40, 80, 120} {
		var b strings.Builder
		require.NoError(t, presenceChart(&b, pts, width, true))
		for line := range strings.Lines(b.String()) {
			plain := strings.NewReplacer(colorPeak, "", colorReset, "").Replace(strings.TrimSuffix(line, "\n"))
			assert.LessOrEqual(t, len([]rune(plain)), width, "%q", plain)
		}
		assert.Contains(t, b.String(), colorPeak, "the peak is coloured on a terminal")
		assert.Contains(t, b.String(), "peak 49 at 10:49\n")
	}
	var b strings.Builder
	require.NoError(t, presenceChart(&b, nil, 80, false))
	assert.Equal(t, "no attendance to draw\n", b.String())
}

func TestConcurrencyChart(t *testing.T) {
	srv, env := fakeSite(t)
	env["COLUMNS"] = "40"
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, chinaTime)
	for i, n := range []int{10, 40, 20} {
		srv.AddRoomConcurrency(genseetest.Concurrency{Date: day.AddDate(0, 0, i), MaxConcurrent: n})
		srv.AddVodConcurrency(genseetest.Concurrency{Date: day.AddDate(0, 0, i), MaxConcurrent: n / 10})
	}
	r := cli(t, env, "exports", "room-concurrency", "--from", "2024-03-01", "--to", "2024-03-03", "--chart")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 4, r.stdout)
	assert.Equal(t, "live attendees, the most at once each day: peak 40 on 2024-03-02", lines[0])
	assert.Contains(t, lines[2], "2024-03-02 │"+strings.Repeat("█", 18)+" 40 ◀ peak")
	assert.Contains(t, lines[1], "2024-03-01 │████▌ 10")
	r = cli(t, env, "exports", "vod-concurrency", "--from", "2024-03-01", "--to", "2024-03-03", "--chart")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "courseware viewers, the most at once each day: peak 4 on 2024-03-02")
}
