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
	assert.Equal(t, "live attendees: peak 40 on 2024-03-02", lines[0], "the long title does not fit in 40 columns")
	assert.Contains(t, lines[2], "2024-03-02 │"+strings.Repeat("█", 18)+" 40 ◀ peak")
	assert.Contains(t, lines[1], "2024-03-01 │████▌ 10")
	r = cli(t, env, "exports", "vod-concurrency", "--from", "2024-03-01", "--to", "2024-03-03", "--chart")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "courseware viewers: peak 4 on 2024-03-02\n")
	env["COLUMNS"] = "80"
	r = cli(t, env, "exports", "vod-concurrency", "--from", "2024-03-01", "--to", "2024-03-03", "--chart")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "courseware viewers, the most at once each day: peak 4 on 2024-03-02\n")
}

// TestChartsFitEveryWidth: no line of either chart is wider than the
// terminal, with the peak at either end (the marker and the titles
// overflowed a 60-column terminal by 6-8 columns).
func TestChartsFitEveryWidth(t *testing.T) {
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, chinaTime)
	for _, peakAt := range []string{"first", "last"} {
		var pts []gensee.PresencePoint
		var days []*gensee.DailyConcurrency
		for i := range 200 {
			n := 1000 - i
			if peakAt == "last" {
				n = 800 + i
			}
			pts = append(pts, gensee.PresencePoint{Time: start.Add(time.Duration(i) * time.Minute), Count: n})
		}
		for i := range 5 {
			n := 90000 - i
			if peakAt == "last" {
				n = 80000 + i
			}
			days = append(days, &gensee.DailyConcurrency{Date: gensee.DateOf(day.AddDate(0, 0, i)), MaxConcurrent: n})
		}
		for _, width := range []int{30, 40, 60, 80, 200} {
			var b strings.Builder
			require.NoError(t, presenceChart(&b, pts, width, false))
			require.NoError(t, concurrencyChart(&b, "live attendees", days, width, false))
			for line := range strings.Lines(b.String()) {
				line = strings.TrimSuffix(line, "\n")
				assert.LessOrEqual(t, displayWidth(line), width, "peak %s, width %d: %q", peakAt, width, line)
			}
			assert.Contains(t, b.String(), "▲")
		}
	}
}

// TestChartOfAnInstantClass: a class played in a millisecond has one step:
// no "a column per 0s".
func TestChartOfAnInstantClass(t *testing.T) {
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	var b strings.Builder
	require.NoError(t, presenceChart(&b, []gensee.PresencePoint{{Time: at, Count: 2}}, 60, false))
	assert.True(t, strings.HasPrefix(b.String(), "students present: peak 2 at 10:00\n"), b.String())
	assert.NotContains(t, b.String(), "0s")
}

// TestChartInOtherFormats: --chart with -o json, jsonl or csv prints the
// points it would draw, in that format.
func TestChartInOtherFormats(t *testing.T) {
	srv, env := fakeSite(t)
	room := srv.AddRoom("chart rows")
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: 1001, Name: "s", JoinTime: start, LeaveTime: start.Add(2 * time.Minute)})
	base := []string{"exports", "attendance", "--room", room, "--from", "2024-03-01", "--to", "2024-03-01", "--chart"}
	r := cli(t, env, append(base, "-o", "csv")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "time,count\n2024-03-01T10:00:00+08:00,1\n2024-03-01T10:01:00+08:00,1\n2024-03-01T10:02:00+08:00,0\n", r.stdout)
	r = cli(t, env, append(base, "-o", "jsonl")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `{"time":"2024-03-01T10:00:00+08:00","count":1}`+"\n"+`{"time":"2024-03-01T10:01:00+08:00","count":1}`+"\n"+
		`{"time":"2024-03-01T10:02:00+08:00","count":0}`+"\n", r.stdout)
	srv.AddRoomConcurrency(genseetest.Concurrency{Date: start, MaxConcurrent: 42})
	r = cli(t, env, "exports", "room-concurrency", "--from", "2024-03-01", "--to", "2024-03-01", "--chart", "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"maxConcurrent": 42`)
	assert.NotContains(t, r.stdout, "█")
}
