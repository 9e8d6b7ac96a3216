package gensee_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// runNightlyJob stands for the user's code of the README's testing section.
func runNightlyJob(ctx context.Context, c *gensee.Client, roomID string) error {
	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: roomID})
	if err != nil {
		return err
	}
	if len(rows) != 1 || rows[0].Name != "王小明" {
		return assert.AnError
	}
	return nil
}

// TestReadmeGenseetest keeps the README's genseetest example true.
func TestReadmeGenseetest(t *testing.T) {
	ctx := context.Background()
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("高一数学")
	srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: 1000000001, Name: "王小明",
		JoinTime: time.Now().Add(-time.Hour), LeaveTime: time.Now()})
	srv.Inject("/training/export/history", 1, genseetest.Fault{Status: 503})

	err := runNightlyJob(ctx, srv.Client(), room)

	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 2)
}
