package gensee

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	start1 = time.Date(2024, 3, 1, 10, 0, 0, 0, ChinaZone()) // 1709258400000
	end1   = time.Date(2024, 3, 1, 12, 0, 0, 0, ChinaZone()) // 1709265600000
)

func ms(t time.Time) Time { return Time{time.UnixMilli(t.UnixMilli())} }

func TestRoomsCreate(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/room/created", "room/created.json")
	room, err := h.client.Rooms.Create(context.Background(), &CreateRoomRequest{
		Subject: "高一数学 & 物理", StartDate: start1, InvalidDate: end1, Realtime: true,
		TeacherToken: "te8837261", AssistantToken: "as2938471", StudentToken: "st4719", StudentClientToken: "sc99182",
		WebJoin: Ptr(true), ClientJoin: Ptr(false), Duration: Ptr(120), UIMode: Ptr(UIModeDocOrVideo), UIColor: "blue",
		Scene: Ptr(SceneSmallClass), UIWindow: Ptr(true), UIVideo: Ptr(false), Upgrade: Ptr(true), MaxAttendees: Ptr(200),
		PlayerTheme: "skyblue", FullScreenMode: Ptr(FullScreenDocOnly), AACSupport: Ptr(true),
		SpeakerInfo: "王老师", ScheduleInfo: "第一章", Description: "期中",
	})
	require.NoError(t, err)
	h.assertForm("subject", "高一数学 & 物理", "startDate", "1709258400000", "invalidDate", "1709265600000",
		"realtime", "true", "teacherToken", "te8837261", "assistantToken", "as2938471", "studentToken", "st4719",
		"studentClientToken", "sc99182", "webJoin", "true", "clientJoin", "false", "duration", "120", "uiMode", "2",
		"uiColor", "blue", "scene", "1", "uiWindow", "true", "uiVideo", "false", "upgrade", "true", "maxAttendees", "200",
		"playerTheme", "skyblue", "fullScreenMode", "3", "aacSupport", "true",
		"speakerInfo", "王老师", "scheduleInfo", "第一章", "description", "期中")
	assert.Equal(t, &Room{
		ID: "mquQf2", Number: "34154643", Subject: "高一数学 & 物理", AssistantToken: "as2938471", StudentToken: "st4719", TeacherToken: "te8837261",
		StudentClientToken: "sc99182", StartDate: ms(start1), InvalidDate: ms(end1), WebJoin: true, ClientJoin: false,
		TeacherJoinURL: "http://demo.gensee.com/training/site/r/34154643",
		StudentJoinURL: "http://demo.gensee.com/training/site/s/34154643", Scene: 1, GroupList: []*Group{},
	}, room)
}

func TestRoomsCreateMinimal(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/room/created", "room/created.json")
	_, err := h.client.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1})
	require.NoError(t, err)
	h.assertForm("subject", "s", "startDate", "1709258400000", "realtime", "false")
}

func TestRoomsModify(t *testing.T) {
	h := setup(t)
	h.on("/training/room/modify", 200, okBody)
	err := h.client.Rooms.Modify(context.Background(), &ModifyRoomRequest{
		ID: "mquQf2", Subject: "改名", StartDate: start1, Realtime: Ptr(true), MobileMode: Ptr(3), AACSupport: Ptr(false),
	})
	require.NoError(t, err)
	h.assertForm("id", "mquQf2", "subject", "改名", "startDate", "1709258400000", "realtime", "true",
		"mobileMode", "3", "aacSupport", "false")
}

func TestRoomsGet(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/room/info", "room/info.json")
	room, err := h.client.Rooms.Get(context.Background(), "FopnX4Bqmo")
	require.NoError(t, err)
	h.assertForm("roomId", "FopnX4Bqmo")
	assert.Equal(t, &Room{
		ID: "FopnX4Bqmo", Number: "56710293", Subject: "高一数学\t期中复习", AssistantToken: "assist1234",
		StudentToken: "888888", TeacherToken: "teach5678", StudentClientToken: "client9999", StartDate: ms(start1),
		WebJoin: true, ClientJoin: true, TeacherJoinURL: "http://demo.gensee.com/training/site/r/56710293",
		StudentJoinURL: "http://demo.gensee.com/training/site/s/56710293", Action: false, Duration: 90, AACSupport: true,
		GroupList: []*Group{
			{Code: "g01", Name: "1组", JoinURL: "http://demo.gensee.com/training/site/s/56710293?group=g01"},
			{Code: "g02", Name: "2组", JoinURL: "http://demo.gensee.com/training/site/s/56710293?group=g02"},
		},
	}, room)
}

func TestRoomsDeleteTelConfRelays(t *testing.T) {
	tests := []struct {
		name string
		path string
		call func(*Client) error
		form []string
	}{
		{"Delete", "/training/room/deleted", func(c *Client) error { return c.Rooms.Delete(context.Background(), "mquQf2") },
			[]string{"roomId", "mquQf2"}},
		{"SetTelConf", "/training/room/telconf", func(c *Client) error {
			return c.Rooms.SetTelConf(context.Background(), &TelConfRequest{RoomID: "mquQf2", SiteName: "acme", SitePassword: "pw263",
				CallinSupport: Ptr(true), CallinNum: "4008001234", HostPasscode: "1111", GuestPasscode: "2222"})
		}, []string{"roomId", "mquQf2", "siteName", "acme", "sitePassword", "pw263", "callinSupport", "true",
			"callinNum", "4008001234", "hostPasscode", "1111", "guestPasscode", "2222"}},
		{"SetTelConf off", "/training/room/telconf", func(c *Client) error {
			return c.Rooms.SetTelConf(context.Background(), &TelConfRequest{RoomID: "mquQf2"})
		}, []string{"roomId", "mquQf2"}},
		{"AddRelay", "/training/relay/add", func(c *Client) error { return c.Rooms.AddRelay(context.Background(), "mquQf2", "Kd8s0P") },
			[]string{"roomId", "mquQf2", "relayId", "Kd8s0P"}},
		{"RemoveRelay", "/training/relay/remove", func(c *Client) error {
			return c.Rooms.RemoveRelay(context.Background(), "mquQf2", "Kd8s0P")
		}, []string{"roomId", "mquQf2", "relayId", "Kd8s0P"}},
		{"SetStudentList", "/training/room/student/list", func(c *Client) error {
			return c.Rooms.SetStudentList(context.Background(), &StudentListRequest{RoomID: "mquQf2",
				Students: []Student{{ID: 1000000001, Name: "张三"}, {ID: 22, Name: "李四"}}, GroupCode: "g01",
				Cover: Ptr(true), ExpireTime: Ptr(30)})
		}, []string{"roomId", "mquQf2", "studentListInfo", `[{"id":1000000001,"name":"张三"},{"id":22,"name":"李四"}]`,
			"groupCode", "g01", "cover", "true", "expireTime", "30"}},
		{"SetStudentList minimal", "/training/room/student/list", func(c *Client) error {
			return c.Rooms.SetStudentList(context.Background(), &StudentListRequest{RoomID: "R", Students: []Student{{ID: 7, Name: "王"}}})
		}, []string{"roomId", "R", "studentListInfo", `[{"id":7,"name":"王"}]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(tt.path, 200, okBody)
			require.NoError(t, tt.call(h.client))
			h.assertForm(tt.form...)
		})
	}
}

func TestRoomsStudentListJSON(t *testing.T) {
	h := setup(t)
	h.on("/training/room/student/list", 200, okBody)
	students := []Student{{ID: 1, Name: `引号"和&`}, {ID: 2, Name: "B"}}
	require.NoError(t, h.client.Rooms.SetStudentList(context.Background(), &StudentListRequest{RoomID: "R", Students: students}))
	var got []Student
	require.NoError(t, json.Unmarshal([]byte(h.lastForm().Get("studentListInfo")), &got))
	assert.Equal(t, students, got)
}

func TestRoomsStatus(t *testing.T) {
	for _, tt := range []struct {
		body string
		want LiveStatus
	}{
		{`{"code":"0","message":"ok","status":"2"}`, LiveStatusLive},
		{`{"code":"0","message":"ok","status":1}`, LiveStatusPreparing},
		{`{"code":"0","message":"ok","status":0}`, LiveStatusIdle},
	} {
		h := setup(t)
		h.on("/training/query/status", 200, tt.body)
		got, err := h.client.Rooms.Status(context.Background(), "mquQf2")
		require.NoError(t, err)
		assert.Equal(t, tt.want, got)
		h.assertForm("roomId", "mquQf2")
	}
	assert.Equal(t, "idle", LiveStatusIdle.String())
	assert.Equal(t, "preparing", LiveStatusPreparing.String())
	assert.Equal(t, "live", LiveStatusLive.String())
	assert.Equal(t, "Unknown(7)", LiveStatus(7).String())
}

func roomSyncHarness(t *testing.T) *harness {
	h := setup(t)
	h.onFunc("/training/room/sync", func(n int) (int, string) {
		switch h.lastForm().Get("pageNo") {
		case "", "1":
			return 200, golden(t, "room/sync_page1.json")
		case "2":
			return 200, golden(t, "room/sync_page2.json")
		}
		return 200, apiErrorBody(CodeInvalidParam, "bad page")
	})
	return h
}

func TestRoomsSync(t *testing.T) {
	h := roomSyncHarness(t)
	page, err := h.client.Rooms.Sync(context.Background(), &RoomSyncOptions{
		PageNo: 1, CreateTime: NewDate(2024, time.March, 1), Status: Ptr(RoomStatusStarted), Finished: Ptr(0)})
	require.NoError(t, err)
	h.assertForm("pageNo", "1", "createTime", "2024-03-01 00:00:00", "status", "2", "finished", "0")
	assert.Equal(t, &Page[*RoomSummary]{PageNo: 1, TotalPages: 2, TotalCounts: 2, Items: []*RoomSummary{{
		RoomID: "mquQf2", Subject: "物理", BeginTime: ms(start1), CreateTime: Time{time.UnixMilli(1709172000000)},
		Code: "34154643", TeacherJoinURL: "http://demo.gensee.com/training/site/r/34154643",
		AssistantJoinURL: "http://demo.gensee.com/training/site/r/34154643",
		StudentJoinURL:   "http://demo.gensee.com/training/site/s/34154643", LoginType: 3, AssistantToken: "as2938471",
		StudentClientToken: "sc99182", StudentWebToken: "st4719", TeacherToken: "te8837261", Description: "力学",
		ScheduleInfo: "第一章", SpeakerInfo: "王老师", Status: 2, Action: true, Duration: 45,
	}}}, page)
	assert.True(t, page.HasNext())

	_, err = h.client.Rooms.Sync(context.Background(), nil)
	require.NoError(t, err)
	h.assertForm()
}

func TestRoomsSyncAll(t *testing.T) {
	h := roomSyncHarness(t)
	seq := h.client.Rooms.SyncAll(context.Background(), nil)
	h.assertNothingSent()
	var ids []string
	for r, err := range seq {
		require.NoError(t, err)
		ids = append(ids, r.RoomID)
	}
	assert.Equal(t, []string{"mquQf2", "Kd8s0P"}, ids)
	assert.Equal(t, 2, h.calls())

	h2 := roomSyncHarness(t)
	for range h2.client.Rooms.SyncAll(context.Background(), nil) {
		break
	}
	assert.Equal(t, 1, h2.calls())

	h3 := roomSyncHarness(t)
	var errs int
	for _, err := range h3.client.Rooms.SyncAll(context.Background(), &RoomSyncOptions{PageNo: 3}) {
		require.Error(t, err)
		errs++
	}
	assert.Equal(t, 1, errs)
	h3.assertForm("pageNo", "3")
}

func TestRoomsAPIErrors(t *testing.T) {
	for _, tc := range documentedCodes {
		t.Run(tc.code.String(), func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/info", 200, apiErrorBody(tc.code, "数据不存在"))
			room, err := h.client.Rooms.Get(context.Background(), "nope")
			assert.Nil(t, room)
			assertAPIError(t, err, "/training/room/info", tc.code, "数据不存在", tc.want)
		})
	}
	calls := []struct {
		path string
		call func(*Client) error
	}{
		{"/training/room/created", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "dup", StartDate: start1})
			return err
		}},
		{"/training/room/modify", func(c *Client) error {
			return c.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "x", Subject: "dup", StartDate: start1, Realtime: Ptr(true)})
		}},
		{"/training/room/deleted", func(c *Client) error { return c.Rooms.Delete(context.Background(), "x") }},
		{"/training/room/telconf", func(c *Client) error {
			return c.Rooms.SetTelConf(context.Background(), &TelConfRequest{RoomID: "x"})
		}},
		{"/training/query/status", func(c *Client) error { _, err := c.Rooms.Status(context.Background(), "x"); return err }},
		{"/training/room/sync", func(c *Client) error { _, err := c.Rooms.Sync(context.Background(), nil); return err }},
		{"/training/room/student/list", func(c *Client) error {
			return c.Rooms.SetStudentList(context.Background(), &StudentListRequest{RoomID: "x", Students: []Student{{1, "a"}}})
		}},
		{"/training/relay/add", func(c *Client) error { return c.Rooms.AddRelay(context.Background(), "x", "y") }},
		{"/training/relay/remove", func(c *Client) error { return c.Rooms.RemoveRelay(context.Background(), "x", "y") }},
	}
	for _, tc := range calls {
		t.Run(tc.path, func(t *testing.T) {
			h := setup(t)
			h.on(tc.path, 200, apiErrorBody(CodeDuplicate, "重复数据"))
			assertAPIError(t, tc.call(h.client), tc.path, CodeDuplicate, "重复数据", ErrDuplicate)
		})
	}
}

func TestRoomsValidation(t *testing.T) {
	long := strings.Repeat("课", 251)
	ok := func() *CreateRoomRequest { return &CreateRoomRequest{Subject: "s", StartDate: start1} }
	with := func(f func(*CreateRoomRequest)) *CreateRoomRequest { r := ok(); f(r); return r }
	create := "/training/room/created"
	tests := []struct {
		name, path, field string
		call              func(*Client) error
	}{
		{"nil create", create, "request", func(c *Client) error { _, err := c.Rooms.Create(context.Background(), nil); return err }},
		{"empty subject", create, "subject", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.Subject = "" }))
			return err
		}},
		{"subject 251 runes", create, "subject", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.Subject = long }))
			return err
		}},
		{"no start", create, "startDate", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.StartDate = time.Time{} }))
			return err
		}},
		{"teacher token short", create, "teacherToken", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.TeacherToken = "12345" }))
			return err
		}},
		{"assistant token long", create, "assistantToken", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.AssistantToken = "1234567890123456" }))
			return err
		}},
		{"student token long", create, "studentToken", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.StudentToken = "1234567890123456" }))
			return err
		}},
		{"tokens equal", create, "studentClientToken", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) {
				r.TeacherToken, r.StudentClientToken = "same-token", "same-token"
			}))
			return err
		}},
		{"both joins false", create, "clientJoin", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.WebJoin, r.ClientJoin = Ptr(false), Ptr(false) }))
			return err
		}},
		{"uiMode", create, "uiMode", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.UIMode = Ptr(7) }))
			return err
		}},
		{"scene", create, "scene", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.Scene = Ptr(2) }))
			return err
		}},
		{"fullScreenMode", create, "fullScreenMode", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.FullScreenMode = Ptr(4) }))
			return err
		}},
		{"uiColor", create, "uiColor", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.UIColor = "red" }))
			return err
		}},
		{"duration", create, "duration", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.Duration = Ptr(-1) }))
			return err
		}},
		{"maxAttendees", create, "maxAttendees", func(c *Client) error {
			_, err := c.Rooms.Create(context.Background(), with(func(r *CreateRoomRequest) { r.MaxAttendees = Ptr(-1) }))
			return err
		}},
		{"nil modify", "/training/room/modify", "request", func(c *Client) error { return c.Rooms.Modify(context.Background(), nil) }},
		{"modify no id", "/training/room/modify", "id", func(c *Client) error {
			return c.Rooms.Modify(context.Background(), &ModifyRoomRequest{Subject: "s", StartDate: start1})
		}},
		{"modify mobileMode", "/training/room/modify", "mobileMode", func(c *Client) error {
			return c.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "x", Subject: "s", StartDate: start1, MobileMode: Ptr(0), Realtime: Ptr(true)})
		}},
		{"modify subject", "/training/room/modify", "subject", func(c *Client) error {
			return c.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "x", StartDate: start1})
		}},
		{"delete", "/training/room/deleted", "roomId", func(c *Client) error { return c.Rooms.Delete(context.Background(), " ") }},
		{"get", "/training/room/info", "roomId", func(c *Client) error { _, err := c.Rooms.Get(context.Background(), ""); return err }},
		{"status", "/training/query/status", "roomId", func(c *Client) error { _, err := c.Rooms.Status(context.Background(), ""); return err }},
		{"telconf nil", "/training/room/telconf", "request", func(c *Client) error { return c.Rooms.SetTelConf(context.Background(), nil) }},
		{"telconf", "/training/room/telconf", "roomId", func(c *Client) error {
			return c.Rooms.SetTelConf(context.Background(), &TelConfRequest{})
		}},
		{"sync status", "/training/room/sync", "status", func(c *Client) error {
			_, err := c.Rooms.Sync(context.Background(), &RoomSyncOptions{Status: Ptr(3)})
			return err
		}},
		{"sync finished", "/training/room/sync", "finished", func(c *Client) error {
			_, err := c.Rooms.Sync(context.Background(), &RoomSyncOptions{Finished: Ptr(-1)})
			return err
		}},
		{"sync page", "/training/room/sync", "pageNo", func(c *Client) error {
			_, err := c.Rooms.Sync(context.Background(), &RoomSyncOptions{PageNo: -2})
			return err
		}},
		{"relay add room", "/training/relay/add", "roomId", func(c *Client) error { return c.Rooms.AddRelay(context.Background(), "", "y") }},
		{"relay add relay", "/training/relay/add", "relayId", func(c *Client) error { return c.Rooms.AddRelay(context.Background(), "x", "") }},
		{"relay remove", "/training/relay/remove", "relayId", func(c *Client) error { return c.Rooms.RemoveRelay(context.Background(), "x", "") }},
	}
	roster := "/training/room/student/list"
	rosterCase := func(name, field string, req *StudentListRequest) {
		tests = append(tests, struct {
			name, path, field string
			call              func(*Client) error
		}{name, roster, field, func(c *Client) error { return c.Rooms.SetStudentList(context.Background(), req) }})
	}
	rosterCase("roster nil", "request", nil)
	rosterCase("roster room", "roomId", &StudentListRequest{Students: []Student{{1, "a"}}})
	rosterCase("roster empty", "studentListInfo", &StudentListRequest{RoomID: "R"})
	rosterCase("roster zero id", "studentListInfo[1].id", &StudentListRequest{RoomID: "R", Students: []Student{{1, "a"}, {0, "b"}}})
	rosterCase("roster dup id", "studentListInfo[2].id", &StudentListRequest{RoomID: "R", Students: []Student{{1, "a"}, {2, "b"}, {1, "c"}}})
	rosterCase("roster no name", "studentListInfo[0].name", &StudentListRequest{RoomID: "R", Students: []Student{{1, ""}}})
	rosterCase("roster expire 0", "expireTime", &StudentListRequest{RoomID: "R", Students: []Student{{1, "a"}}, ExpireTime: Ptr(0)})
	rosterCase("roster expire 181", "expireTime", &StudentListRequest{RoomID: "R", Students: []Student{{1, "a"}}, ExpireTime: Ptr(181)})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(tt.path, 200, okBody)
			assertValidation(t, tt.call(h.client), tt.path, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestRoomsValidationBoundaries(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/room/created", "room/created.json")
	_, err := h.client.Rooms.Create(context.Background(), &CreateRoomRequest{
		Subject: strings.Repeat("课", 250), StartDate: start1, TeacherToken: "123456", AssistantToken: "123456789012345",
		StudentToken: "abcdefghijklmno", WebJoin: Ptr(false), ClientJoin: Ptr(true)})
	require.NoError(t, err)
	h.on("/training/room/student/list", 200, okBody)
	require.NoError(t, h.client.Rooms.SetStudentList(context.Background(), &StudentListRequest{RoomID: "R",
		Students: []Student{{1, "a"}}, ExpireTime: Ptr(180)}))
	require.NoError(t, h.client.Rooms.SetStudentList(context.Background(), &StudentListRequest{RoomID: "R",
		Students: []Student{{1, "a"}}, ExpireTime: Ptr(1)}))
	assert.Equal(t, 3, h.calls())
}

func TestRoomsCancelledContext(t *testing.T) {
	calls := map[string]func(ctx context.Context, c *Client) error{
		"Create": func(ctx context.Context, c *Client) error {
			_, err := c.Rooms.Create(ctx, &CreateRoomRequest{Subject: "s", StartDate: start1})
			return err
		},
		"Modify": func(ctx context.Context, c *Client) error {
			return c.Rooms.Modify(ctx, &ModifyRoomRequest{ID: "x", Subject: "s", StartDate: start1, Realtime: Ptr(true)})
		},
		"Delete": func(ctx context.Context, c *Client) error { return c.Rooms.Delete(ctx, "x") },
		"Get":    func(ctx context.Context, c *Client) error { _, err := c.Rooms.Get(ctx, "x"); return err },
		"SetTelConf": func(ctx context.Context, c *Client) error {
			return c.Rooms.SetTelConf(ctx, &TelConfRequest{RoomID: "x"})
		},
		"Status": func(ctx context.Context, c *Client) error { _, err := c.Rooms.Status(ctx, "x"); return err },
		"Sync":   func(ctx context.Context, c *Client) error { _, err := c.Rooms.Sync(ctx, nil); return err },
		"SyncAll": func(ctx context.Context, c *Client) error {
			for _, err := range c.Rooms.SyncAll(ctx, nil) {
				return err
			}
			return nil
		},
		"SetStudentList": func(ctx context.Context, c *Client) error {
			return c.Rooms.SetStudentList(ctx, &StudentListRequest{RoomID: "x", Students: []Student{{1, "a"}}})
		},
		"AddRelay":    func(ctx context.Context, c *Client) error { return c.Rooms.AddRelay(ctx, "x", "y") },
		"RemoveRelay": func(ctx context.Context, c *Client) error { return c.Rooms.RemoveRelay(ctx, "x", "y") },
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

func TestRoomsSyncAllNegativePage(t *testing.T) {
	h := setup(t)
	var errs []error
	for _, err := range h.client.Rooms.SyncAll(context.Background(), &RoomSyncOptions{PageNo: -1}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assertValidation(t, errs[0], "/training/room/sync", "pageNo")
	h.assertNothingSent()
}

// TestRoomsSyncCreateTimeIsADay: createTime names a day, sent as
// "yyyy-MM-dd 00:00:00"; a classroom day chosen in the China evening (which
// is the afternoon UTC) selects that day, not the next (v0.1 sent an
// instant as epoch milliseconds).
func TestRoomsSyncCreateTimeIsADay(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name string
		day  Date
		want string
	}{
		{"a China evening", DateOf(time.Date(2024, time.March, 1, 21, 30, 0, 0, cst)), "2024-03-01 00:00:00"},
		{"just before China midnight", DateOf(time.Date(2024, time.December, 31, 23, 59, 59, 0, cst)), "2024-12-31 00:00:00"},
		{"a plain date", NewDate(2025, time.February, 28), "2025-02-28 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/sync", 200, `{"code":"0","list":[]}`)
			_, err := h.client.Rooms.Sync(context.Background(), &RoomSyncOptions{CreateTime: tt.day})
			require.NoError(t, err)
			h.assertForm("createTime", tt.want)
		})
	}
}

// TestRoomsPlayerTheme: playerTheme is checked on room/created and
// room/modify as on courseware/modify (the spec words it alike).
func TestRoomsPlayerTheme(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/room/created", "room/created.json")
	h.on("/training/room/modify", 200, okBody)
	_, err := h.client.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1, PlayerTheme: "night"})
	assertValidation(t, err, "/training/room/created", "playerTheme")
	err = h.client.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "x", Subject: "s", StartDate: start1, Realtime: Ptr(true), PlayerTheme: Ptr("blue")})
	assertValidation(t, err, "/training/room/modify", "playerTheme")
	h.assertNothingSent()
	_, err = h.client.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1, PlayerTheme: "skyblue"})
	require.NoError(t, err)
	h.assertForm("subject", "s", "startDate", "1709258400000", "realtime", "false", "playerTheme", "skyblue")
}

// TestNullListItemsLeftOut: a null element of a returned list is left out,
// in top-level lists and nested ones alike.
func TestNullListItemsLeftOut(t *testing.T) {
	h := setup(t)
	h.on("/training/room/info", 200, `{"code":"0","id":"r1","groupList":[null,{"code":"g1"},null]}`)
	h.on("/training/courseware/list", 200, `{"code":"0","coursewares":[null,{"id":"c1"}]}`)
	h.on("/training/export/history", 200, `{"code":"0","list":[{"uid":1},null,{"uid":"2"}]}`)
	h.on("/training/export/vote", 200, `{"code":"0","list":[null,{"id":"v1","questions":[null,{"id":"q1","options":[null,{"value":"A","type":1,"results":[null,{"uid":7}]}]}]}]}`)
	room, err := h.client.Rooms.Get(context.Background(), "r1")
	require.NoError(t, err)
	assert.Equal(t, []*Group{{Code: "g1"}}, room.GroupList)
	cws, err := h.client.Coursewares.List(context.Background(), "r1")
	require.NoError(t, err)
	assert.Equal(t, []*Courseware{{ID: "c1"}}, cws)
	rows, err := h.client.Exports.Attendance(context.Background(), &ExportOptions{RoomID: "r1"})
	require.NoError(t, err)
	assert.Equal(t, []*Attendance{{UID: 1}, {UID: 2}}, rows)
	votes, err := h.client.Exports.Votes(context.Background(), &ExportOptions{RoomID: "r1"})
	require.NoError(t, err)
	assert.Equal(t, []*Vote{{ID: "v1", Questions: []*VoteQuestion{{ID: "q1", Type: 1,
		Options: []*VoteOption{{Value: "A", Type: 1, Results: []*VoteResult{{UID: 7}}}},
		Results: []*VoteResult{{UID: 7}}}}}}, votes)
}

// TestRoomsModifyEmptyValues: a nil optional string of room/modify is not
// sent, and Ptr("") sends the parameter empty: playerTheme= is the night
// sky, and an empty text or students' token clears it.
func TestRoomsModifyEmptyValues(t *testing.T) {
	base := []string{"id", "r1", "subject", "s", "startDate", "1709258400000", "realtime", "true"}
	tests := []struct {
		name string
		set  func(r *ModifyRoomRequest)
		want []string
	}{
		{"nil sends nothing", func(r *ModifyRoomRequest) {}, nil},
		{"night sky", func(r *ModifyRoomRequest) { r.PlayerTheme = Ptr("") }, []string{"playerTheme", ""}},
		{"snow peak", func(r *ModifyRoomRequest) { r.PlayerTheme = Ptr("skyblue") }, []string{"playerTheme", "skyblue"}},
		{"clear the texts", func(r *ModifyRoomRequest) {
			r.Description, r.SpeakerInfo, r.ScheduleInfo = Ptr(""), Ptr(""), Ptr("")
		}, []string{"description", "", "speakerInfo", "", "scheduleInfo", ""}},
		{"clear the students' tokens", func(r *ModifyRoomRequest) {
			r.StudentToken, r.StudentClientToken = Ptr(""), Ptr("")
		}, []string{"studentToken", "", "studentClientToken", ""}},
		{"set a text", func(r *ModifyRoomRequest) { r.Description = Ptr("期末 & 复习") }, []string{"description", "期末 & 复习"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/modify", 200, okBody)
			req := &ModifyRoomRequest{ID: "r1", Subject: "s", StartDate: start1, Realtime: Ptr(true)}
			tt.set(req)
			require.NoError(t, h.client.Rooms.Modify(context.Background(), req))
			h.assertForm(append(append([]string{}, base...), tt.want...)...)
		})
	}
}

// TestRoomsZeroDurationAndMaxAttendees: the spec gives duration and
// maxAttendees no range, so 0 is sent; a negative number is refused.
func TestRoomsZeroDurationAndMaxAttendees(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/room/created", "room/created.json")
	h.on("/training/room/modify", 200, okBody)
	_, err := h.client.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1, Duration: Ptr(0), MaxAttendees: Ptr(0)})
	require.NoError(t, err)
	h.assertForm("subject", "s", "startDate", "1709258400000", "realtime", "false", "duration", "0", "maxAttendees", "0")
	require.NoError(t, h.client.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "r1", Subject: "s", StartDate: start1, Realtime: Ptr(true), Duration: Ptr(0), MaxAttendees: Ptr(0)}))
	h.assertForm("id", "r1", "subject", "s", "startDate", "1709258400000", "realtime", "true", "duration", "0", "maxAttendees", "0")

	_, err = h.client.Rooms.Create(context.Background(), &CreateRoomRequest{Subject: "s", StartDate: start1, Duration: Ptr(-1)})
	assertValidation(t, err, "/training/room/created", "duration")
	err = h.client.Rooms.Modify(context.Background(), &ModifyRoomRequest{ID: "r1", Subject: "s", StartDate: start1, Realtime: Ptr(true), MaxAttendees: Ptr(-1)})
	assertValidation(t, err, "/training/room/modify", "maxAttendees")
}

// TestOtherModifiesClearTexts: famousroom/modify and miniroom/modify send
// a text set to Ptr("") empty, leave a nil one out, and send maxAttendees 0.
func TestOtherModifiesClearTexts(t *testing.T) {
	h := setup(t)
	h.on("/training/famousroom/modify", 200, `{"code":"0","id":"f1"}`)
	h.on("/training/miniroom/modify", 200, `{"code":"0","id":"m1"}`)
	_, err := h.client.FamousRooms.Modify(context.Background(), &ModifyFamousRoomRequest{
		ID: "f1", StartDate: start1, Realtime: Ptr(false), Description: Ptr(""), SpeakerInfo: Ptr("李老师"), MaxAttendees: Ptr(0),
	})
	require.NoError(t, err)
	h.assertForm("id", "f1", "startDate", "1709258400000", "realtime", "false", "description", "", "speakerInfo", "李老师", "maxAttendees", "0")
	_, err = h.client.MiniRooms.Modify(context.Background(), &ModifyMiniRoomRequest{ID: "m1", Subject: "s", ScheduleInfo: Ptr(""), MaxAttendees: Ptr(0)})
	require.NoError(t, err)
	h.assertForm("id", "m1", "subject", "s", "scheduleInfo", "", "maxAttendees", "0")
}
