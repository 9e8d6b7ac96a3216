package genseetest

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPaging(t *testing.T) {
	t.Parallel()
	const n = 120 // pages of 50, 50 and 20
	now := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	srv := NewServer(WithClock(func() time.Time { return now }))
	defer srv.Close()
	roomID := srv.AddRoom("Paged")
	miniID := srv.AddMiniRoom("Paged mini")
	for i := range n {
		at := now.Add(-time.Duration(i) * time.Minute)
		srv.AddRecording(Recording{Name: fmt.Sprint("rec ", i), RoomID: roomID})
		srv.AddCourseware(Courseware{Subject: fmt.Sprint("cw ", i), RoomID: roomID})
		srv.AddDocument(Document{Name: fmt.Sprint("doc ", i)})
		if i > 0 {
			srv.AddRoom(fmt.Sprint("room ", i))
		}
		srv.AddMedal(MedalRecord{RoomID: roomID, UserName: "u", UserID: int64(i), Count: 1, RoomStartTime: at})
		srv.AddPraise(PraiseRecord{RoomID: roomID, UserName: "u", UserID: int64(i), Count: 2, RoomStartTime: at})
		srv.AddPraiseDetail(PraiseDetailRecord{RoomID: roomID, UserID: int64(i), ActionTime: at})
		srv.AddStudyRecord(StudyRecord{CoursewareID: "cw", UserID: int64(i), JoinTime: at, LeaveTime: at.Add(time.Minute)})
		srv.AddMiniRoomStudentStats(MiniRoomStudentStats{RoomID: miniID, UserID: int64(i)})
		srv.AddMiniRoomStats(MiniRoomStats{RoomID: strconv.Itoa(i), WatchTotalTime: 10})
	}

	tests := []struct {
		path    string
		form    []string
		listKey string
		flat    bool // paging fields at the top level (none: study/history nests them in practice, docs/server-behaviour.md#paging)
	}{
		{"/training/record/syn", nil, "list", false},
		{"/training/courseware/syn", nil, "list", false},
		{"/training/doc/syn", nil, "list", false},
		{"/training/room/sync", nil, "list", false},
		{"/training/export/medal", []string{"roomId", roomID}, "medalDtos", false},
		{"/training/export/praise", []string{"roomId", roomID}, "praiseDtos", false},
		{"/training/export/praise/detail", []string{"roomId", roomID}, "praiseDtos", false},
		{"/training/export/study/history", []string{"date", "2024-03-01"}, "list", false},
		{"/training/miniroom/export/history", []string{"id", miniID}, "recordStatistics", false},
		{"/training/miniroom/syn", nil, "roomStatistics", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			for _, pg := range []struct{ no, size int }{{0, 50}, {1, 50}, {2, 50}, {3, 20}, {4, 0}} {
				form := vals(tt.form...)
				if pg.no > 0 {
					form.Set("pageNo", strconv.Itoa(pg.no))
				}
				out := ok(t, srv, tt.path, form)
				assert.Len(t, items(t, out[tt.listKey]), pg.size, "page %d", pg.no)
				pageObj := out
				if !tt.flat {
					require.IsType(t, map[string]any{}, out["page"])
					pageObj = out["page"].(map[string]any)
					assert.Nil(t, out["pageNo"])
				} else {
					assert.Nil(t, out["page"])
				}
				assert.EqualValues(t, max(pg.no, 1), pageObj["pageNo"])
				assert.EqualValues(t, 3, pageObj["totalPages"])
				assert.EqualValues(t, n, pageObj["totalCounts"])
			}
		})
	}
	assert.EqualValues(t, n*10, ok(t, srv, "/training/miniroom/syn", nil)["duration"])
}

func TestPageSizeOption(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithPageSize(2))
	defer srv.Close()
	for range 5 {
		srv.AddDocument(Document{Name: "d"})
	}
	out := ok(t, srv, "/training/doc/syn", vals("pageNo", "3"))
	assert.Len(t, items(t, out["list"]), 1)
	assert.EqualValues(t, 3, out["page"].(map[string]any)["totalPages"])
}

func TestSyncFilters(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	clock := now
	srv := NewServer(WithClock(func() time.Time { return clock }))
	defer srv.Close()
	a := srv.AddRoom("a")
	b := srv.AddRoom("b")
	require.NoError(t, srv.SetRoomStatus(b, 2))
	require.NoError(t, srv.SetRoomFinished(a, true))
	assert.Error(t, srv.SetRoomStatus("nope", 1))
	srv.AddRecording(Recording{Name: "old", CreatedTime: now.Add(-48 * time.Hour)})
	srv.AddRecording(Recording{Name: "new"})

	count := func(path string, kv ...string) int {
		return len(items(t, ok(t, srv, path, vals(kv...))["list"]))
	}
	assert.Equal(t, 2, count("/training/room/sync"))
	assert.Equal(t, 1, count("/training/room/sync", "status", "2"))
	assert.Equal(t, 1, count("/training/room/sync", "finished", "1"))
	assert.Equal(t, 1, count("/training/room/sync", "finished", "2"))
	assert.Equal(t, 0, count("/training/room/sync", "createTime", "2024-02-29 12:00:00"))
	assert.Equal(t, 2, count("/training/room/sync", "createTime", "2024-03-01"))
	assert.Equal(t, 1, count("/training/record/syn", "startTime", "2024-02-29 00:00:00"))
	assert.Equal(t, 1, count("/training/record/syn", "endTime", "2024-02-28 10:00:00"))

	list := items(t, ok(t, srv, "/training/room/sync", nil)["list"])
	for _, k := range []string{"roomId", "subject", "beginTime", "createTime", "code", "teacherJoinUrl", "assistantJoinUrl",
		"studentJoinUrl", "loginType", "assistantToken", "studentClientToken", "studentWebToken", "teacherToken",
		"description", "scheduleInfo", "speakerInfo", "status", "action", "duration"} {
		assert.Contains(t, list[0], k)
	}
	assert.Equal(t, a, list[0]["roomId"])
}
