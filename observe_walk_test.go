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

type walkKey struct{}

// walkLog is an Observer noting the walk hooks, and whether each call ran
// in the context WalkStart returned.
type walkLog struct {
	starts  []string
	done    []gensee.WalkResult
	inWalk  int // calls that saw the walk's context
	outside int // calls that did not
}

func (w *walkLog) observer() gensee.Observer {
	return gensee.Observer{
		WalkStart: func(ctx context.Context, endpoint string) context.Context {
			w.starts = append(w.starts, endpoint)
			return context.WithValue(ctx, walkKey{}, endpoint)
		},
		WalkDone: func(ctx context.Context, r *gensee.WalkResult) {
			if ctx.Value(walkKey{}) != r.Endpoint {
				panic("WalkDone did not get the walk's context")
			}
			w.done = append(w.done, *r)
		},
		CallStart: func(ctx context.Context, endpoint string) context.Context {
			if ctx.Value(walkKey{}) == endpoint {
				w.inWalk++
			} else {
				w.outside++
			}
			return nil
		},
	}
}

// Every …All walk is reported: WalkStart once before the first page, its
// context the one each page's call runs in, and WalkDone once with the
// pages, the rows and the error, however the walk ends.
func TestWalkHooks(t *testing.T) {
	srv := genseetest.NewServer()
	t.Cleanup(srv.Close)
	for i := range 120 { // three pages of 50
		srv.AddRecording(genseetest.Recording{Name: "r", RoomID: "room", CreatedTime: time.UnixMilli(1_700_000_000_000 + int64(i))})
	}
	w := new(walkLog)
	c := srv.Client(gensee.WithObserver(w.observer()))
	ctx := context.Background()

	n := 0
	for _, err := range c.Records.SyncAll(ctx, nil) {
		require.NoError(t, err)
		if n++; n > 130 {
			t.Fatal("the walk does not end")
		}
	}
	require.Equal(t, 120, n)
	require.Equal(t, []string{"/training/record/syn"}, w.starts)
	require.Len(t, w.done, 1)
	d := w.done[0]
	assert.Equal(t, "/training/record/syn", d.Endpoint)
	assert.Equal(t, 3, d.Pages)
	assert.Equal(t, 120, d.Rows)
	assert.NoError(t, d.Err)
	assert.Positive(t, d.Duration)
	assert.Equal(t, 3, w.inWalk)
	assert.Zero(t, w.outside)

	// A break after 60 rows: two pages asked for, WalkDone once.
	n = 0
	for _, err := range c.Records.SyncAll(ctx, nil) {
		require.NoError(t, err)
		if n++; n == 60 {
			break
		}
	}
	require.Len(t, w.done, 2)
	assert.Equal(t, gensee.WalkResult{Endpoint: "/training/record/syn", Pages: 2, Rows: 60}, withoutDuration(w.done[1]))

	// An error on the first page: one call, no row, the error.
	srv.Inject("/training/room/sync", 1, genseetest.Fault{Code: 501, Message: "数据不存在"})
	for _, err := range c.Rooms.SyncAll(ctx, nil) {
		require.Error(t, err)
	}
	require.Len(t, w.done, 3)
	assert.Equal(t, "/training/room/sync", w.done[2].Endpoint)
	assert.Equal(t, 1, w.done[2].Pages)
	assert.Zero(t, w.done[2].Rows)
	var apiErr *gensee.APIError
	assert.ErrorAs(t, w.done[2].Err, &apiErr)

	// A call outside a walk is not in one.
	_, err := c.Records.Sync(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, w.outside)
}

// An export walked in 7-day pieces is one walk whose pages are the pieces;
// an observer given in the call's context (WithCallObserver) sees it too.
func TestWalkHooksExportPieces(t *testing.T) {
	srv := genseetest.NewServer()
	t.Cleanup(srv.Close)
	room := srv.AddRoom("高一数学")
	t0 := time.Date(2024, 3, 1, 9, 0, 0, 0, gensee.ChinaZone())
	srv.AddAttendance(
		genseetest.AttendanceRecord{RoomID: room, UserID: 1001, JoinTime: t0.Add(time.Hour), LeaveTime: t0.Add(2 * time.Hour)},
		genseetest.AttendanceRecord{RoomID: room, UserID: 1002, JoinTime: t0.Add(9 * 24 * time.Hour), LeaveTime: t0.Add(9*24*time.Hour + time.Hour)},
	)
	w := new(walkLog)
	c := srv.Client()
	ctx := gensee.WithCallObserver(context.Background(), w.observer())
	n := 0
	for _, err := range c.Exports.AttendanceAll(ctx, &gensee.ExportOptions{RoomID: room, StartTime: t0, EndTime: t0.Add(20 * 24 * time.Hour)}) {
		require.NoError(t, err)
		if n++; n > 10 {
			t.Fatal("the walk does not end")
		}
	}
	require.Equal(t, []string{"/training/export/history"}, w.starts)
	require.Len(t, w.done, 1)
	assert.Equal(t, gensee.WalkResult{Endpoint: "/training/export/history", Pages: 3, Rows: 2}, withoutDuration(w.done[0]))
	assert.Equal(t, 3, w.inWalk)
}

func withoutDuration(r gensee.WalkResult) gensee.WalkResult {
	r.Duration = 0
	return r
}
