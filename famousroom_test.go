package gensee

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	famousStart = time.Date(2024, 3, 1, 10, 0, 0, 0, ChinaZone()) // 1709258400000
	famousEnd   = time.Date(2024, 3, 1, 14, 0, 0, 0, ChinaZone()) // 1709272800000
)

// famousMS is the Time decoded from epoch milliseconds.
func famousMS(v int64) Time { return Time{time.UnixMilli(v)} }

// famousAssertJSONForm checks the last form: the JSON-array parameter key,
// parsed back, equals want, and the rest of the form is exactly the
// credentials plus kv.
func famousAssertJSONForm(t *testing.T, h *harness, key string, want []map[string]string, kv ...string) {
	t.Helper()
	f := h.lastForm()
	require.Contains(t, f, key)
	require.Len(t, f[key], 1, "%s goes as one form value", key)
	var got []map[string]string
	require.NoError(t, json.Unmarshal([]byte(f.Get(key)), &got), "%s is JSON array text", key)
	assert.Equal(t, want, got)
	rest := url.Values{}
	for k, v := range f {
		if k != key {
			rest[k] = v
		}
	}
	assert.Equal(t, wantForm(kv...), rest)
}

func famousTutorialGroups() []*Group {
	return []*Group{
		{Code: "G7xk21", Name: "一组", JoinURL: "http://demo.gensee.com/training/site/s/34154644?group=G7xk21"},
		{Code: "G7xk22", Name: "二组", JoinURL: "http://demo.gensee.com/training/site/s/34154644?group=G7xk22"},
	}
}

func TestFamousRoomsCreate(t *testing.T) {
	wantRoom := &FamousRoom{
		ID: "FopnX4Bqmo", Number: "34154643", TeacherToken: "t3acher01", AssistantToken: "ass1stant",
		ClientURL: "http://demo.gensee.com/training/site/r/34154643",
		StartDate: famousMS(1709258400000), InvalidDate: famousMS(1709272800000),
		SlaveRoomWrapper: &SlaveRoomWrapper{
			TeacherToken: "slaveT001", AssistantToken: "slaveA001", StudentClientToken: "slaveS001",
			SlaveFamousRoomResultInfos: []*TutorialRoomInfo{
				{ID: "mquQf2", Code: "34154644", ClientURL: "http://demo.gensee.com/training/site/r/34154644",
					StudentClientURL: "http://demo.gensee.com/training/site/s/34154644", GroupList: []*Group{}},
				{ID: "kP9zQ1", Code: "34154645", ClientURL: "http://demo.gensee.com/training/site/r/34154645",
					StudentClientURL: "http://demo.gensee.com/training/site/s/34154645", GroupList: []*Group{}},
			},
		},
	}
	tests := []struct {
		name     string
		req      *CreateFamousRoomRequest
		wantList []map[string]string // nil: slaveClazzList must be absent
		form     []string
	}{
		{
			name: "every parameter",
			req: &CreateFamousRoomRequest{
				Subject: "高一数学 & 双师", StartDate: famousStart, InvalidDate: famousEnd, Realtime: true,
				ClassCount: Ptr(3), ClassNames: []string{"1班", "实验班"},
				TeacherToken: "t3acher01", AssistantToken: "ass1stant", SlaveStudentClientToken: "slaveS001",
				SlaveTeacherToken: "slaveT001", SlaveAssistantToken: "slaveA001",
				Description: "期中复习", SpeakerInfo: "王老师", ScheduleInfo: "第一章", MaxAttendees: Ptr(500),
			},
			wantList: []map[string]string{{"clazzName": "1班"}, {"clazzName": "实验班"}, {}},
			form: []string{"subject", "高一数学 & 双师", "startDate", "1709258400000", "invalidDate", "1709272800000",
				"realtime", "true", "classCount", "3", "teacherToken", "t3acher01", "assistantToken", "ass1stant",
				"slaveStudentClientToken", "slaveS001", "slaveTeacherToken", "slaveT001", "slaveAssistantToken", "slaveA001",
				"description", "期中复习", "speakerInfo", "王老师", "scheduleInfo", "第一章", "maxAttendees", "500"},
		},
		{
			// The table marks slaveClazzList required: v0.1 left it out.
			name:     "minimal: the spec's default, one tutorial room, is sent",
			req:      &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart},
			wantList: []map[string]string{{}},
			form:     []string{"subject", "s", "startDate", "1709258400000", "realtime", "false", "classCount", "1"},
		},
		{
			name:     "names without count: count from the names",
			req:      &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart, ClassNames: []string{"A班", "B班"}},
			wantList: []map[string]string{{"clazzName": "A班"}, {"clazzName": "B班"}},
			form:     []string{"subject", "s", "startDate", "1709258400000", "realtime", "false", "classCount", "2"},
		},
		{
			name:     "count without names: server names them",
			req:      &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart, ClassCount: Ptr(2)},
			wantList: []map[string]string{{}, {}},
			form:     []string{"subject", "s", "startDate", "1709258400000", "realtime", "false", "classCount", "2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/famousroom/created", "famousroom/created.json")
			room, err := h.client.FamousRooms.Create(context.Background(), tt.req)
			require.NoError(t, err)
			if tt.wantList == nil {
				h.assertForm(tt.form...)
			} else {
				famousAssertJSONForm(t, h, "slaveClazzList", tt.wantList, tt.form...)
			}
			assert.Equal(t, wantRoom, room)
		})
	}
}

func TestFamousRoomsCreateClazzListText(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/famousroom/created", "famousroom/created.json")
	_, err := h.client.FamousRooms.Create(context.Background(), &CreateFamousRoomRequest{
		Subject: "s", StartDate: famousStart, ClassNames: []string{"1班"}})
	require.NoError(t, err)
	assert.Equal(t, `[{"clazzName":"1班"}]`, h.lastForm().Get("slaveClazzList"))
}

func TestFamousRoomsModify(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/famousroom/modify", "famousroom/modify.json")
	room, err := h.client.FamousRooms.Modify(context.Background(), &ModifyFamousRoomRequest{
		ID: "FopnX4Bqmo", Subject: "高一数学（改）", StartDate: famousStart, InvalidDate: famousEnd, Realtime: Ptr(true),
		ClassCount: Ptr(2), ClassNames: []string{"火箭班"},
		TeacherToken: "t3acher02", AssistantToken: "ass1stant", SlaveStudentClientToken: "slaveS002",
		SlaveTeacherToken: "slaveT001", SlaveAssistantToken: "slaveA001",
		Description: Ptr("改期"), SpeakerInfo: Ptr("李老师"), ScheduleInfo: Ptr("第二章"), MaxAttendees: Ptr(100),
	})
	require.NoError(t, err)
	famousAssertJSONForm(t, h, "slaveClazzList", []map[string]string{{"clazzName": "火箭班"}, {}},
		"id", "FopnX4Bqmo", "subject", "高一数学（改）", "startDate", "1709258400000", "invalidDate", "1709272800000",
		"realtime", "true", "classCount", "2", "teacherToken", "t3acher02", "assistantToken", "ass1stant",
		"slavestudentClientToken", "slaveS002", "slaveTeacherToken", "slaveT001", "slaveAssistantToken", "slaveA001",
		"description", "改期", "speakerInfo", "李老师", "scheduleInfo", "第二章", "maxAttendees", "100")
	f := h.lastForm()
	assert.Equal(t, "slaveS002", f.Get("slavestudentClientToken"), "modify spells it with a lower-case s")
	assert.NotContains(t, f, "slaveStudentClientToken")
	assert.Equal(t, &FamousRoom{
		ID: "FopnX4Bqmo", Number: "34154643", TeacherToken: "t3acher02", AssistantToken: "ass1stant",
		ClientURL: "http://demo.gensee.com/training/site/r/34154643",
		StartDate: famousMS(1709344800000), InvalidDate: famousMS(1709359200000),
		SlaveRoomWrapper: &SlaveRoomWrapper{
			TeacherToken: "slaveT001", AssistantToken: "slaveA001", StudentClientToken: "slaveS002",
			SlaveFamousRoomResultInfos: []*TutorialRoomInfo{{
				ID: "mquQf2", ClientURL: "http://demo.gensee.com/training/site/r/34154644",
				StudentClientURL: "http://demo.gensee.com/training/site/s/34154644",
				GroupList:        famousTutorialGroups()[:1],
			}},
		},
	}, room)
}

func TestFamousRoomsModifyMinimal(t *testing.T) {
	for _, realtime := range []bool{true, false} {
		h := setup(t)
		h.onGolden("/training/famousroom/modify", "famousroom/modify.json")
		_, err := h.client.FamousRooms.Modify(context.Background(), &ModifyFamousRoomRequest{ID: "FopnX4Bqmo", StartDate: famousStart, Realtime: Ptr(realtime)})
		require.NoError(t, err)
		// Neither classCount nor slaveClazzList: a default would rename or drop tutorial rooms.
		h.assertForm("id", "FopnX4Bqmo", "startDate", "1709258400000", "realtime", strconv.FormatBool(realtime))
	}
}

// TestModifyRealtimeRequired: a nil Realtime is refused before sending, on
// both modify endpoints (v0.1 sent realtime=false, turning a live classroom
// into a recorded one).
func TestModifyRealtimeRequired(t *testing.T) {
	tests := []struct {
		path string
		call func(c *Client) error
	}{
		{"/training/room/modify", func(c *Client) error {
			return c.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "mquQf2", Subject: "s", StartDate: famousStart})
		}},
		{"/training/famousroom/modify", func(c *Client) error {
			_, err := c.FamousRooms.Modify(context.Background(), &ModifyFamousRoomRequest{ID: "FopnX4Bqmo", StartDate: famousStart})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h := setup(t)
			h.on(tt.path, 200, okBody)
			err := tt.call(h.client)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, &ValidationError{Endpoint: tt.path, Field: "realtime",
				Reason: "is required (true: live, false: recorded); nil would not say which"}, ve)
			h.assertNothingSent()
		})
	}
}

func TestFamousRoomsGet(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/famousroom/info", "famousroom/info.json")
	room, err := h.client.FamousRooms.Get(context.Background(), "FopnX4Bqmo")
	require.NoError(t, err)
	h.assertForm("id", "FopnX4Bqmo")
	assert.Equal(t, &FamousRoom{
		ID: "FopnX4Bqmo", Number: "34154643", TeacherToken: "t3acher01", AssistantToken: "ass1stant",
		ClientURL: "http://demo.gensee.com/training/site/r/34154643",
		StartDate: famousMS(1709258400000), InvalidDate: famousMS(1709272800000),
		SlaveRoomWrapper: &SlaveRoomWrapper{
			TeacherToken: "slaveT001", AssistantToken: "slaveA001", StudentClientToken: "slaveS001",
			SlaveFamousRoomResultInfos: []*TutorialRoomInfo{
				{ID: "mquQf2", Code: "34154644", ClientURL: "http://demo.gensee.com/training/site/r/34154644",
					StudentClientURL: "http://demo.gensee.com/training/site/s/34154644", GroupList: famousTutorialGroups()},
				{ID: "kP9zQ1", Code: "34154645", ClientURL: "http://demo.gensee.com/training/site/r/34154645",
					StudentClientURL: "http://demo.gensee.com/training/site/s/34154645", GroupList: []*Group{}},
			},
		},
	}, room)
}

func TestFamousRoomsMissingLists(t *testing.T) {
	h := setup(t)
	h.on("/training/famousroom/info", 200, `{"code":"0","id":"F1","slaveRoomWrapper":{"teacherToken":"slaveT001"}}`)
	room, err := h.client.FamousRooms.Get(context.Background(), "F1")
	require.NoError(t, err)
	require.NotNil(t, room.SlaveRoomWrapper)
	assert.NotNil(t, room.SlaveRoomWrapper.SlaveFamousRoomResultInfos)
	assert.Empty(t, room.SlaveRoomWrapper.SlaveFamousRoomResultInfos)

	h.on("/training/famousroom/info", 200, `{"code":"0","id":"F1"}`)
	room, err = h.client.FamousRooms.Get(context.Background(), "F1")
	require.NoError(t, err)
	assert.Nil(t, room.SlaveRoomWrapper)

	h.on("/training/tutorialroom/info", 200, `{"code":"0","tutorialRoomId":"T1"}`)
	tr, err := h.client.FamousRooms.GetTutorialRoom(context.Background(), "T1")
	require.NoError(t, err)
	assert.Equal(t, &TutorialRoom{TutorialRoomID: "T1", GroupList: []*Group{}}, tr)
}

func TestFamousRoomsGetTutorialRoom(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/tutorialroom/info", "famousroom/tutorialroom.json")
	room, err := h.client.FamousRooms.GetTutorialRoom(context.Background(), "mquQf2")
	require.NoError(t, err)
	h.assertForm("roomId", "mquQf2")
	assert.Equal(t, &TutorialRoom{
		ID: "FopnX4Bqmo", Number: "34154643", TutorialRoomID: "mquQf2", Subject: "高一数学双师课", TutorialRoomName: "1班",
		AssistantToken: "slaveA001", TeacherToken: "slaveT001", StudentClientToken: "slaveS001",
		StartDate: famousMS(1709258400000), InvalidDate: famousMS(1709272800000),
		ClientURL: "http://demo.gensee.com/training/site/r/34154644", JoinURL: "http://demo.gensee.com/training/site/s/34154644",
		GroupList: famousTutorialGroups()[:1],
	}, room)
}

func TestFamousRoomsDeleteAndRename(t *testing.T) {
	tests := []struct {
		name string
		path string
		call func(*Client) error
		form []string
	}{
		{"Delete famous room", "/training/famousroom/deleted",
			func(c *Client) error { return c.FamousRooms.Delete(context.Background(), "FopnX4Bqmo") },
			[]string{"roomId", "FopnX4Bqmo"}},
		{"Delete tutorial room", "/training/famousroom/deleted",
			func(c *Client) error { return c.FamousRooms.Delete(context.Background(), "mquQf2") },
			[]string{"roomId", "mquQf2"}},
		{"RenameTutorialRoom", "/training/slaveroom/modify",
			func(c *Client) error {
				return c.FamousRooms.RenameTutorialRoom(context.Background(), "mquQf2", "火箭班 & 1")
			},
			[]string{"roomId", "mquQf2", "className", "火箭班 & 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(tt.path, 200, `{"code":"0"}`)
			require.NoError(t, tt.call(h.client))
			h.assertForm(tt.form...)
		})
	}
}

func TestFamousRoomsAPIErrors(t *testing.T) {
	for _, tc := range documentedCodes {
		t.Run(tc.code.String(), func(t *testing.T) {
			h := setup(t)
			h.on("/training/famousroom/created", 200, apiErrorBody(tc.code, "业务错误"))
			room, err := h.client.FamousRooms.Create(context.Background(), &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart})
			assert.Nil(t, room)
			assertAPIError(t, err, "/training/famousroom/created", tc.code, "业务错误", tc.want)
		})
	}
	calls := []struct {
		path string
		call func(*Client) error
	}{
		{"/training/famousroom/modify", func(c *Client) error {
			r, err := c.FamousRooms.Modify(context.Background(), &ModifyFamousRoomRequest{ID: "x", StartDate: famousStart, Realtime: Ptr(false)})
			assert.Nil(t, r)
			return err
		}},
		{"/training/famousroom/info", func(c *Client) error {
			r, err := c.FamousRooms.Get(context.Background(), "x")
			assert.Nil(t, r)
			return err
		}},
		{"/training/famousroom/deleted", func(c *Client) error { return c.FamousRooms.Delete(context.Background(), "x") }},
		{"/training/slaveroom/modify", func(c *Client) error {
			return c.FamousRooms.RenameTutorialRoom(context.Background(), "x", "1班")
		}},
		{"/training/tutorialroom/info", func(c *Client) error {
			r, err := c.FamousRooms.GetTutorialRoom(context.Background(), "x")
			assert.Nil(t, r)
			return err
		}},
	}
	for _, tc := range calls {
		t.Run(tc.path, func(t *testing.T) {
			h := setup(t)
			h.on(tc.path, 200, apiErrorBody(CodeNotFound, "数据不存在"))
			assertAPIError(t, tc.call(h.client), tc.path, CodeNotFound, "数据不存在", ErrNotFound)
		})
	}
}

func TestFamousRoomsValidation(t *testing.T) {
	const created, modify = "/training/famousroom/created", "/training/famousroom/modify"
	create := func(mut func(*CreateFamousRoomRequest)) func(*Client) error {
		return func(c *Client) error {
			r := &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart}
			mut(r)
			_, err := c.FamousRooms.Create(context.Background(), r)
			return err
		}
	}
	mod := func(mut func(*ModifyFamousRoomRequest)) func(*Client) error {
		return func(c *Client) error {
			r := &ModifyFamousRoomRequest{ID: "F1", StartDate: famousStart, Realtime: Ptr(true)}
			mut(r)
			_, err := c.FamousRooms.Modify(context.Background(), r)
			return err
		}
	}
	names := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = "班"
		}
		return s
	}
	tests := []struct {
		name, path, field string
		call              func(*Client) error
	}{
		{"create nil", created, "request", func(c *Client) error { _, err := c.FamousRooms.Create(context.Background(), nil); return err }},
		{"create subject empty", created, "subject", create(func(r *CreateFamousRoomRequest) { r.Subject = "" })},
		{"create subject 51", created, "subject", create(func(r *CreateFamousRoomRequest) { r.Subject = strings.Repeat("课", 51) })},
		{"create startDate", created, "startDate", create(func(r *CreateFamousRoomRequest) { r.StartDate = time.Time{} })},
		{"create classCount 0", created, "classCount", create(func(r *CreateFamousRoomRequest) { r.ClassCount = Ptr(0) })},
		{"create classCount 31", created, "classCount", create(func(r *CreateFamousRoomRequest) { r.ClassCount = Ptr(31) })},
		{"create more names than count", created, "slaveClazzList", create(func(r *CreateFamousRoomRequest) {
			r.ClassCount, r.ClassNames = Ptr(1), []string{"1班", "2班"}
		})},
		{"create 31 names", created, "slaveClazzList", create(func(r *CreateFamousRoomRequest) { r.ClassNames = names(31) })},
		{"create class name 21", created, "slaveClazzList[1].clazzName", create(func(r *CreateFamousRoomRequest) {
			r.ClassNames = []string{"1班", strings.Repeat("班", 21)}
		})},
		{"create teacherToken short", created, "teacherToken", create(func(r *CreateFamousRoomRequest) { r.TeacherToken = "12345" })},
		{"create assistantToken long", created, "assistantToken", create(func(r *CreateFamousRoomRequest) {
			r.AssistantToken = strings.Repeat("a", 16)
		})},
		{"create slaveStudentClientToken", created, "slaveStudentClientToken", create(func(r *CreateFamousRoomRequest) {
			r.SlaveStudentClientToken = "123"
		})},
		{"create slaveTeacherToken", created, "slaveTeacherToken", create(func(r *CreateFamousRoomRequest) { r.SlaveTeacherToken = "1" })},
		{"create slaveAssistantToken", created, "slaveAssistantToken", create(func(r *CreateFamousRoomRequest) {
			r.SlaveAssistantToken = strings.Repeat("x", 16)
		})},
		{"create maxAttendees", created, "maxAttendees", create(func(r *CreateFamousRoomRequest) { r.MaxAttendees = Ptr(-1) })},
		{"modify nil", modify, "request", func(c *Client) error { _, err := c.FamousRooms.Modify(context.Background(), nil); return err }},
		{"modify id", modify, "id", mod(func(r *ModifyFamousRoomRequest) { r.ID = " " })},
		{"modify subject 51", modify, "subject", mod(func(r *ModifyFamousRoomRequest) { r.Subject = strings.Repeat("课", 51) })},
		{"modify startDate", modify, "startDate", mod(func(r *ModifyFamousRoomRequest) { r.StartDate = time.Time{} })},
		{"modify classCount 31", modify, "classCount", mod(func(r *ModifyFamousRoomRequest) { r.ClassCount = Ptr(31) })},
		{"modify more names than count", modify, "slaveClazzList", mod(func(r *ModifyFamousRoomRequest) {
			r.ClassCount, r.ClassNames = Ptr(2), names(3)
		})},
		{"modify class name 21", modify, "slaveClazzList[0].clazzName", mod(func(r *ModifyFamousRoomRequest) {
			r.ClassNames = []string{strings.Repeat("班", 21)}
		})},
		{"modify teacherToken", modify, "teacherToken", mod(func(r *ModifyFamousRoomRequest) { r.TeacherToken = "12345" })},
		{"modify slavestudentClientToken", modify, "slavestudentClientToken", mod(func(r *ModifyFamousRoomRequest) {
			r.SlaveStudentClientToken = "123"
		})},
		{"modify realtime nil", modify, "realtime", mod(func(r *ModifyFamousRoomRequest) { r.Realtime = nil })},
		{"modify maxAttendees", modify, "maxAttendees", mod(func(r *ModifyFamousRoomRequest) { r.MaxAttendees = Ptr(-1) })},
		{"get id", "/training/famousroom/info", "id", func(c *Client) error {
			_, err := c.FamousRooms.Get(context.Background(), "")
			return err
		}},
		{"delete roomId", "/training/famousroom/deleted", "roomId", func(c *Client) error {
			return c.FamousRooms.Delete(context.Background(), "")
		}},
		{"rename roomId", "/training/slaveroom/modify", "roomId", func(c *Client) error {
			return c.FamousRooms.RenameTutorialRoom(context.Background(), "", "1班")
		}},
		{"tutorial roomId", "/training/tutorialroom/info", "roomId", func(c *Client) error {
			_, err := c.FamousRooms.GetTutorialRoom(context.Background(), "")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			assertValidation(t, tt.call(h.client), tt.path, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestFamousRoomsValidationBoundaries(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/famousroom/created", "famousroom/created.json")
	_, err := h.client.FamousRooms.Create(context.Background(), &CreateFamousRoomRequest{
		Subject: strings.Repeat("课", 50), StartDate: famousStart, ClassCount: Ptr(30),
		ClassNames: []string{strings.Repeat("班", 20)}, TeacherToken: "123456", AssistantToken: strings.Repeat("a", 15),
	})
	require.NoError(t, err)
	_, err = h.client.FamousRooms.Create(context.Background(), &CreateFamousRoomRequest{
		Subject: "s", StartDate: famousStart, ClassCount: Ptr(1), ClassNames: []string{"1班"}})
	require.NoError(t, err)
	h.on("/training/slaveroom/modify", 200, okBody)
	require.NoError(t, h.client.FamousRooms.RenameTutorialRoom(context.Background(), "mquQf2", strings.Repeat("班", 20)))
}

func TestFamousRoomsCancelledContext(t *testing.T) {
	calls := map[string]func(ctx context.Context, c *Client) error{
		"Create": func(ctx context.Context, c *Client) error {
			_, err := c.FamousRooms.Create(ctx, &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart})
			return err
		},
		"Modify": func(ctx context.Context, c *Client) error {
			_, err := c.FamousRooms.Modify(ctx, &ModifyFamousRoomRequest{ID: "x", StartDate: famousStart, Realtime: Ptr(true)})
			return err
		},
		"Get":                func(ctx context.Context, c *Client) error { _, err := c.FamousRooms.Get(ctx, "x"); return err },
		"Delete":             func(ctx context.Context, c *Client) error { return c.FamousRooms.Delete(ctx, "x") },
		"RenameTutorialRoom": func(ctx context.Context, c *Client) error { return c.FamousRooms.RenameTutorialRoom(ctx, "x", "1班") },
		"GetTutorialRoom": func(ctx context.Context, c *Client) error {
			_, err := c.FamousRooms.GetTutorialRoom(ctx, "x")
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			h := setup(t)
			err := call(cancelled(), h.client)
			require.Error(t, err)
			assert.True(t, errors.Is(err, context.Canceled), "%v", err)
			h.assertNothingSent()
		})
	}
}

// TestFamousRoomsLetterOfTheSpec: what v0.1 refused against the spec's
// letter is sent: equal join tokens (the distinct rule is room/created's and
// room/modify's only), and an empty or long className of slaveroom/modify
// (the 20-character limit is clazzName's).
func TestFamousRoomsLetterOfTheSpec(t *testing.T) {
	t.Run("equal tokens", func(t *testing.T) {
		h := setup(t)
		h.onGolden("/training/famousroom/created", "famousroom/created.json")
		h.onGolden("/training/famousroom/modify", "famousroom/modify.json")
		_, err := h.client.FamousRooms.Create(context.Background(), &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart,
			TeacherToken: "same1234", AssistantToken: "same1234", SlaveTeacherToken: "same1234"})
		require.NoError(t, err)
		assert.Equal(t, "same1234", h.lastForm().Get("slaveTeacherToken"))
		_, err = h.client.FamousRooms.Modify(context.Background(), &ModifyFamousRoomRequest{ID: "F1", StartDate: famousStart, Realtime: Ptr(true),
			TeacherToken: "same1234", SlaveTeacherToken: "same1234"})
		require.NoError(t, err)
		assert.Equal(t, 2, h.calls())
	})
	for _, name := range []string{"", strings.Repeat("班", 21)} {
		t.Run("className "+strconv.Itoa(len([]rune(name))), func(t *testing.T) {
			h := setup(t)
			h.on("/training/slaveroom/modify", 200, okBody)
			require.NoError(t, h.client.FamousRooms.RenameTutorialRoom(context.Background(), "mquQf2", name))
			h.assertForm("roomId", "mquQf2", "className", name)
		})
	}
}

// TestCreateWithoutID: a success answer without the id the call exists for
// is an error matching ErrNoID, on the three create endpoints.
func TestCreateWithoutID(t *testing.T) {
	tests := []struct {
		path string
		call func(c *Client) (any, error)
	}{
		{"/training/room/created", func(c *Client) (any, error) {
			return c.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: famousStart})
		}},
		{"/training/famousroom/created", func(c *Client) (any, error) {
			return c.FamousRooms.Create(context.Background(), &CreateFamousRoomRequest{Subject: "s", StartDate: famousStart})
		}},
		{"/training/miniroom/created", func(c *Client) (any, error) {
			return c.MiniRooms.Create(context.Background(), &CreateMiniRoomRequest{Subject: "s", StartDate: famousStart, Duration: 60})
		}},
	}
	for _, tt := range tests {
		for _, body := range []string{`{"code":"0"}`, `{"code":"0","id":"","number":"34154643"}`, `{"code":"0","id":null}`} {
			t.Run(tt.path+" "+body, func(t *testing.T) {
				h := setup(t)
				h.on(tt.path, 200, body)
				got, err := tt.call(h.client)
				assert.Nil(t, got)
				require.ErrorIs(t, err, ErrNoID)
				assert.Equal(t, "gensee: "+tt.path+": success answer without the new classroom's id", err.Error())
				assert.Equal(t, 1, h.calls(), "never retried")
			})
		}
	}
}
