package gensee_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// TestAttendanceAllBoundaries: against the fake, whose endTime is
// inclusive like the real server's, rows right at the 7-day boundaries come
// once each, and none is lost.
func TestAttendanceAllBoundaries(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("Algebra I")
	start := time.Date(2026, 9, 1, 8, 0, 0, 0, gensee.ChinaZone())
	week := 7 * 24 * time.Hour
	end := start.Add(3*week + time.Hour)
	at := map[int64]time.Time{
		1000000001: start,                                  // the first instant
		1000000002: start.Add(week),                        // the end of piece 1
		1000000003: start.Add(week + time.Millisecond),     // the start of piece 2
		1000000004: start.Add(2*week + time.Millisecond),   // the end of piece 2
		1000000005: start.Add(2*week + 2*time.Millisecond), // the start of piece 3
		1000000006: end,                                    // the last instant
		1000000007: end.Add(time.Millisecond),              // after the window
		1000000008: start.Add(-time.Millisecond),           // before it
	}
	for uid, tm := range at {
		srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: uid, Name: "u", JoinTime: tm})
	}
	seen := map[int64]int{}
	for row, err := range srv.Client().Exports.AttendanceAll(t.Context(), &gensee.ExportOptions{RoomID: room, StartTime: start, EndTime: end}) {
		require.NoError(t, err)
		seen[row.UID]++
	}
	assert.Equal(t, map[int64]int{1000000001: 1, 1000000002: 1, 1000000003: 1, 1000000004: 1, 1000000005: 1, 1000000006: 1}, seen)
	assert.Len(t, srv.Requests(), 4, "four pieces")
}

// TestWaitForRecordingsOnlyThisSession: a classroom used for a course keeps
// the earlier sessions' coursewares; they do not pass for today's.
func TestWaitForRecordingsOnlyThisSession(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	room := srv.AddRoom("Algebra I")
	srv.StartLive(room)
	srv.EndLive(room) // last week's session and its courseware
	earlier, err := c.Coursewares.List(t.Context(), room)
	require.NoError(t, err)
	require.Len(t, earlier, 1)

	time.Sleep(2 * time.Millisecond) // the server's times are milliseconds
	today := time.Now()
	srv.StartLive(room)
	srv.EndLive(room)
	got, err := c.Coursewares.WaitForRecordings(t.Context(), room, today, time.Millisecond)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.NotEqual(t, earlier[0].ID, got[0].ID)
	assert.False(t, got[0].CreatedTime.Before(today.Truncate(time.Millisecond)))
}
