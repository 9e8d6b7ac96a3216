package genseetest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// TestSaveLoadStateRoundTrip saves a server touched through every kind of
// object and loads it into a new one: every answer is the same.
func TestSaveLoadStateRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := NewServer()
	defer a.Close()
	ca := a.Client()
	room, err := ca.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "保存 Saved", StartDate: time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC), Realtime: true, TeacherToken: "teach123"})
	require.NoError(t, err)
	other := a.AddRoom("other")
	require.NoError(t, ca.Rooms.AddRelay(ctx, room.ID, other))
	_, err = ca.Groups.Create(ctx, room.ID, 2, "红队")
	require.NoError(t, err)
	require.NoError(t, ca.Teachers.Create(ctx, &gensee.TeacherRequest{TeacherLoginName: "t1", TeacherPassword: "tpass123", Name: "老师"}))
	mini := a.AddMiniRoom("微课")
	rec := a.AddRecording(Recording{Name: "rec", RoomID: room.ID})
	ware := a.AddCourseware(Courseware{Subject: "课件", RoomID: room.ID, RecordID: rec, Views: 4})
	doc := a.AddDocument(Document{Name: "d.pptx"})
	require.NoError(t, ca.Docs.Attach(ctx, room.ID, doc))
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	a.AddAttendance(AttendanceRecord{RoomID: room.ID, UserID: 1001, Name: "张三", JoinTime: start, LeaveTime: start.Add(time.Hour)})
	a.AddRoomConcurrency(Concurrency{Date: start, MaxConcurrent: 42})

	var buf bytes.Buffer
	require.NoError(t, a.SaveState(&buf))
	saved := buf.String()
	assert.Contains(t, saved, `"version": 2`)

	b := NewServer()
	defer b.Close()
	require.NoError(t, b.LoadState(strings.NewReader(saved)))
	cb := b.Client()

	got, err := cb.Rooms.Get(ctx, room.ID)
	require.NoError(t, err)
	assert.Equal(t, "保存 Saved", got.Subject)
	assert.Equal(t, "teach123", got.TeacherToken)
	assert.True(t, strings.HasPrefix(got.TeacherJoinURL, b.URL()), "join URLs follow the new address: %s", got.TeacherJoinURL)
	assert.Len(t, got.GroupList, 2)
	_, err = cb.Rooms.Get(ctx, other)
	require.NoError(t, err)
	_, err = cb.Coursewares.Get(ctx, ware)
	require.NoError(t, err)
	n, err := cb.Coursewares.ViewCount(ctx, ware)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	rows, err := cb.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room.ID, StartTime: start, EndTime: start.Add(2 * time.Hour)})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "张三", rows[0].Name)
	days, err := cb.Exports.RoomConcurrency(ctx, gensee.DateOf(start), gensee.DateOf(start))
	require.NoError(t, err)
	require.Len(t, days, 1)
	assert.Equal(t, 42, days[0].MaxConcurrent)
	// The teacher logs in with the saved password; the subject stays taken.
	teacher, err := gensee.NewClient(b.URL(), "t1", "tpass123")
	require.NoError(t, err)
	_, err = teacher.Rooms.Get(ctx, room.ID)
	require.NoError(t, err)
	_, err = cb.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "保存 Saved", StartDate: time.Now(), Realtime: true})
	assert.ErrorIs(t, err, gensee.ErrDuplicate)
	_, err = cb.MiniRooms.RoomStats(ctx, 1)
	require.NoError(t, err)
	_ = mini

	// Saving again gives the same document.
	var again bytes.Buffer
	require.NoError(t, b.SaveState(&again))
	assert.JSONEq(t, saved, again.String())
}

func TestLoadStateRefusesBadInput(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	room := srv.AddRoom("kept")
	for _, tt := range []struct{ in, want string }{
		{`{`, "unexpected EOF"},
		{`{"version":1}`, "state format 1, want 2"},
		{`{"version":2,"roomz":[]}`, `unknown field "roomz"`},
	} {
		err := srv.LoadState(strings.NewReader(tt.in))
		require.Error(t, err, tt.in)
		assert.Contains(t, err.Error(), "genseetest: LoadState: ")
		assert.Contains(t, err.Error(), tt.want)
	}
	_, err := srv.Client().Rooms.Get(context.Background(), room)
	assert.NoError(t, err, "a failed load leaves the state as it was")
}
