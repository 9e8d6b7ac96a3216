package gensee

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// groupsAnswer is a group/create answer with n groups, each with its code.
func groupsAnswer(n int) string {
	var b strings.Builder
	b.WriteString(`{"code":"0","message":"成功","groups":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"code":"g` + strconv.Itoa(i+1) + `","roomId":"R","name":"` + strconv.Itoa(i+1) + `组"}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

// silentCall is one call whose success answer must carry what the call
// exists for: answered without it, the call returns an error, never an
// empty result.
type silentCall struct {
	path string
	call func(ctx context.Context, c *Client) (any, error)
}

var (
	silentWarmup = silentCall{"/training/warmup/created", func(ctx context.Context, c *Client) (any, error) {
		return c.Warmups.Create(ctx, &CreateWarmupRequest{Name: "暖场", RecordID: 1656282})
	}}
	silentTranscodeDoc = silentCall{"/training/courseware/transcode", func(ctx context.Context, c *Client) (any, error) {
		return c.Coursewares.TranscodeDocument(ctx, &TranscodeDocumentRequest{ResourceURL: "https://example.com/a.pptx", Name: "a"})
	}}
	silentTranscodeMedia = silentCall{"/training/media/transcode", func(ctx context.Context, c *Client) (any, error) {
		return c.Coursewares.TranscodeMedia(ctx, &TranscodeMediaRequest{ResourceURL: "https://example.com/a.mp4", Name: "a"})
	}}
	silentGroupAdd = silentCall{"/training/group/add", func(ctx context.Context, c *Client) (any, error) {
		return c.Groups.Add(ctx, "R", "三组")
	}}
	silentGroupUpdate = silentCall{"/training/group/update", func(ctx context.Context, c *Client) (any, error) {
		return c.Groups.Update(ctx, "R", "g1", "一组")
	}}
	silentFamousModify = silentCall{"/training/famousroom/modify", func(ctx context.Context, c *Client) (any, error) {
		return c.FamousRooms.Modify(ctx, &ModifyFamousRoomRequest{ID: "F", StartDate: famousStart, Realtime: Ptr(true)})
	}}
	silentMiniModify = silentCall{"/training/miniroom/modify", func(ctx context.Context, c *Client) (any, error) {
		return c.MiniRooms.Modify(ctx, &ModifyMiniRoomRequest{ID: "M", Subject: "微课"})
	}}
	silentRoomGet = silentCall{"/training/room/info", func(ctx context.Context, c *Client) (any, error) {
		return c.Rooms.Get(ctx, "R")
	}}
	silentCoursewareGet = silentCall{"/training/courseware/info", func(ctx context.Context, c *Client) (any, error) {
		return c.Coursewares.Get(ctx, "C")
	}}
	silentFamousGet = silentCall{"/training/famousroom/info", func(ctx context.Context, c *Client) (any, error) {
		return c.FamousRooms.Get(ctx, "F")
	}}
	silentTutorialGet = silentCall{"/training/tutorialroom/info", func(ctx context.Context, c *Client) (any, error) {
		return c.FamousRooms.GetTutorialRoom(ctx, "T")
	}}
	silentGroupCreate = silentCall{"/training/group/create", func(ctx context.Context, c *Client) (any, error) {
		return c.Groups.Create(ctx, "R", 2)
	}}
)

// TestSuccessWithoutID: a success answer without the id a call exists for
// is an error matching ErrNoID, with nothing returned (v0.1 returned an
// empty result and nil). Each row's body is a success answer with the rest
// of the result present, so that only the id is missing.
func TestSuccessWithoutID(t *testing.T) {
	tests := []struct {
		name string
		sc   silentCall
		body string
		what string
	}{
		{"warm-up: no id", silentWarmup, `{"code":"0","name":"暖场","recordId":1656282,"mode":1}`, "the new warm-up item's id"},
		{"warm-up: null id", silentWarmup, `{"code":"0","id":null,"name":"暖场"}`, "the new warm-up item's id"},
		{"document: no coursewareId", silentTranscodeDoc, `{"code":"0","coursewareCode":"11","visitUrl":"http://x/v/11","docId":7}`, "the new courseware's id (coursewareId)"},
		{"document: empty coursewareId", silentTranscodeDoc, `{"code":"0","coursewareId":""}`, "the new courseware's id (coursewareId)"},
		{"media: no coursewareId", silentTranscodeMedia, `{"code":"0","coursewareCode":"11","recordId":9}`, "the new courseware's id (coursewareId)"},
		{"group/add: no groupCode", silentGroupAdd, `{"code":"0","roomId":"R","name":"三组"}`, "the group's code (groupCode)"},
		{"group/update: no groupCode", silentGroupUpdate, `{"code":"0","roomId":"R","name":"一组"}`, "the group's code (groupCode)"},
		{"famousroom/modify: empty answer", silentFamousModify, `{"code":"0","message":"成功"}`, "the classroom's id"},
		{"famousroom/modify: no id", silentFamousModify, `{"code":"0","number":"3","slaveRoomWrapper":{"slaveFamousRoomResultInfos":[]}}`, "the classroom's id"},
		{"miniroom/modify: no id", silentMiniModify, `{"code":"0","number":"34154643","teacherToken":"t1234567"}`, "the classroom's id"},
		{"room/info: empty answer", silentRoomGet, `{"code":"0","message":"成功"}`, "the classroom's id"},
		{"courseware/info: no id", silentCoursewareGet, `{"code":"0","subject":"第1讲"}`, "the courseware's id"},
		{"famousroom/info: no id", silentFamousGet, `{"code":"0","number":"3"}`, "the classroom's id"},
		{"tutorialroom/info: no tutorialRoomId", silentTutorialGet, `{"code":"0","id":"F","number":"3"}`, "the tutorial room's id (tutorialRoomId)"},
		{"group/create: no list", silentGroupCreate, `{"code":"0","message":"成功"}`, "2 groups (got 0)"},
		{"group/create: fewer groups", silentGroupCreate, `{"code":"0","groups":[{"code":"g1"}]}`, "2 groups (got 1)"},
		{"group/create: a null group", silentGroupCreate, `{"code":"0","groups":[{"code":"g1"},null]}`, "2 groups (got 1)"},
		{"group/create: a group without code", silentGroupCreate, `{"code":"0","groups":[{"code":"g1"},{"name":"2组"}]}`, "the code of groups[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(tt.sc.path, 200, tt.body)
			got, err := tt.sc.call(t.Context(), h.client)
			require.ErrorIs(t, err, ErrNoID)
			assert.NotErrorIs(t, err, ErrNoValue)
			var me *missingError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, &missingError{endpoint: tt.sc.path, what: tt.what, sentinel: ErrNoID}, me)
			assert.Nil(t, got, "nothing returned")
			assert.Equal(t, 1, h.calls(), "one request, never retried for it")
		})
	}
}

// TestSuccessWithID: the same calls answered with what they exist for
// succeed and return it.
func TestSuccessWithID(t *testing.T) {
	tests := []struct {
		sc   silentCall
		body string
		want any
	}{
		{silentWarmup, `{"code":"0","id":"9f3c","name":"暖场","recordId":1656282,"mode":1}`,
			&Warmup{ID: "9f3c", Name: "暖场", RecordID: 1656282, Mode: WarmupModeThreePane}},
		{silentTranscodeDoc, `{"code":"0","coursewareId":"C1","docId":7}`, &TranscodeResult{CoursewareID: "C1", DocID: 7}},
		{silentTranscodeMedia, `{"code":"0","coursewareId":"C2","recordId":9}`, &TranscodeResult{CoursewareID: "C2", RecordID: 9}},
		{silentGroupAdd, `{"code":"0","groupCode":"g3","roomId":"R","name":"三组"}`, &Group{Code: "g3", RoomID: "R", Name: "三组"}},
		{silentGroupUpdate, `{"code":"0","groupCode":"g1","name":"一组"}`, &Group{Code: "g1", Name: "一组"}},
		{silentMiniModify, `{"code":"0","id":"M"}`, &MiniRoom{ID: "M"}},
		{silentRoomGet, `{"code":"0","id":"R"}`, &Room{ID: "R", GroupList: []*Group{}}},
		{silentCoursewareGet, `{"code":"0","id":"C"}`, &Courseware{ID: "C"}},
		{silentTutorialGet, `{"code":"0","tutorialRoomId":"T"}`, &TutorialRoom{TutorialRoomID: "T", GroupList: []*Group{}}},
		{silentGroupCreate, groupsAnswer(2), []*Group{{Code: "g1", RoomID: "R", Name: "1组"}, {Code: "g2", RoomID: "R", Name: "2组"}}},
	}
	for _, tt := range tests {
		t.Run(tt.sc.path, func(t *testing.T) {
			h := setup(t)
			h.on(tt.sc.path, 200, tt.body)
			got, err := tt.sc.call(t.Context(), h.client)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestSuccessWithoutValue: query/status and vod/vodview answered success
// without their one value are an error matching ErrNoValue; v0.1 read a
// missing status as LiveStatusIdle (a live class reported over) and a
// missing total as 0 viewers. A present 0 is still a 0.
func TestSuccessWithoutValue(t *testing.T) {
	status := func(ctx context.Context, c *Client) (any, error) { return c.Rooms.Status(ctx, "R") }
	views := func(ctx context.Context, c *Client) (any, error) { return c.Coursewares.ViewCount(ctx, "C") }
	tests := []struct {
		name string
		path string
		call func(ctx context.Context, c *Client) (any, error)
		body string
		what string // "" when the answer is complete
		want any
	}{
		{"status missing", "/training/query/status", status, `{"code":"0","message":"成功"}`, "status", LiveStatus(0)},
		{"status null", "/training/query/status", status, `{"code":"0","status":null}`, "status", LiveStatus(0)},
		{"status 0", "/training/query/status", status, `{"code":"0","status":0}`, "", LiveStatusIdle},
		{"status quoted 2", "/training/query/status", status, `{"code":"0","status":"2"}`, "", LiveStatusLive},
		{"total missing", "/training/vod/vodview", views, `{"code":"0","message":"成功"}`, "total", 0},
		{"total null", "/training/vod/vodview", views, `{"code":"0","total":null}`, "total", 0},
		{"total 0", "/training/vod/vodview", views, `{"code":"0","total":0}`, "", 0},
		{"total quoted", "/training/vod/vodview", views, `{"code":"0","total":"17"}`, "", 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(tt.path, 200, tt.body)
			got, err := tt.call(t.Context(), h.client)
			assert.Equal(t, tt.want, got)
			if tt.what == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrNoValue)
			assert.NotErrorIs(t, err, ErrNoID)
			var me *missingError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, &missingError{endpoint: tt.path, what: tt.what, sentinel: ErrNoValue}, me)
		})
	}
}

// TestModifyAACReadBack: Rooms.Modify asking for AAC reads room/info back;
// AAC off there is ErrNotApplied, a failed read is that read's error (the
// modify itself was accepted), and nothing is read when AAC is not asked
// for.
func TestModifyAACReadBack(t *testing.T) {
	tests := []struct {
		name    string
		aac     *bool
		info    string // "" when room/info must not be called
		wantErr error
		notErr  error
	}{
		{"AAC on", Ptr(true), `{"code":"0","id":"R","aacSupport":true}`, nil, nil},
		{"AAC still off", Ptr(true), `{"code":"0","id":"R","aacSupport":false}`, ErrNotApplied, nil},
		{"read back fails", Ptr(true), apiErrorBody(CodeNotFound, "数据不存在"), ErrNotFound, ErrNotApplied},
		{"read back without id", Ptr(true), `{"code":"0"}`, ErrNoID, ErrNotApplied},
		{"AAC off asked", Ptr(false), "", nil, nil},
		{"AAC not asked", nil, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/modify", 200, okBody)
			if tt.info != "" {
				h.on("/training/room/info", 200, tt.info)
			}
			err := h.client.Rooms.Modify(t.Context(), &ModifyRoomRequest{
				ID: "R", Subject: "s", StartDate: famousStart, Realtime: Ptr(true), AACSupport: tt.aac,
			})
			wantPaths := []string{"/training/room/modify"}
			if tt.info != "" {
				wantPaths = append(wantPaths, "/training/room/info")
			}
			assert.Equal(t, wantPaths, h.paths)
			if tt.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			if tt.notErr != nil {
				assert.NotErrorIs(t, err, tt.notErr)
			}
			if tt.wantErr == ErrNotApplied {
				var na *notAppliedError
				require.ErrorAs(t, err, &na)
				assert.Equal(t, "/training/room/modify", na.endpoint)
				assert.Equal(t, "aacSupport", na.field)
			}
		})
	}
}

// TestStudentListNegativeID: a roster entry with a negative id can never
// match an attendee (user ids are positive): refused before sending, like a
// missing id.
func TestStudentListNegativeID(t *testing.T) {
	for _, id := range []int64{0, -1, -1000000001} {
		h := setup(t)
		err := h.client.Rooms.SetStudentList(t.Context(), &StudentListRequest{
			RoomID: "R", Students: []Student{{ID: 1000000001, Name: "王小明"}, {ID: id, Name: "李小红"}},
		})
		assertValidation(t, err, "/training/room/student/list", "studentListInfo[1].id")
		h.assertNothingSent()
	}
}
