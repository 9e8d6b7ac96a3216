package gensee_test

// End-to-end: classrooms.

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

func createRoomRequest(subject string) *gensee.CreateRoomRequest {
	return &gensee.CreateRoomRequest{
		Subject:            subject,
		StartDate:          t0,
		InvalidDate:        t0.Add(3 * time.Hour),
		Realtime:           true,
		TeacherToken:       "111111",
		AssistantToken:     "222222",
		StudentToken:       "333333",
		StudentClientToken: "444444",
		Description:        "函数与导数",
		WebJoin:            gensee.Ptr(true),
		ClientJoin:         gensee.Ptr(false),
		Duration:           gensee.Ptr(90),
		Scene:              gensee.Ptr(gensee.SceneSmallClass),
		UIMode:             gensee.Ptr(gensee.UIModeDocOrVideo),
		AACSupport:         gensee.Ptr(true),
	}
}

// seedRooms adds n rooms named room-000… and returns their ids.
func seedRooms(e *env, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.srv.AddRoom(fmt.Sprintf("room-%03d", i))
	}
	return ids
}

func roomCases() []methodCase {
	return []methodCase{
		{
			method: "Rooms.Create", path: "/training/room/created",
			ok: func(t *testing.T, e *env) {
				r, err := e.c.Rooms.Create(e.ctx, createRoomRequest("高一数学"))
				require.NoError(t, err)
				assert.NotEmpty(t, r.ID)
				assert.Regexp(t, eightDigits, r.Number)
				assert.Equal(t, e.joinURL("r", r.Number), r.TeacherJoinURL)
				assert.Equal(t, e.joinURL("s", r.Number), r.StudentJoinURL)
				assert.Equal(t, "111111", r.TeacherToken)
				assert.Equal(t, "222222", r.AssistantToken)
				assert.Equal(t, "333333", r.StudentToken)
				assert.Equal(t, "444444", r.StudentClientToken)
				assert.True(t, r.WebJoin)
				assert.False(t, r.ClientJoin)
				assert.Equal(t, gensee.SceneSmallClass, r.Scene)
				sameTime(t, t0, r.StartDate)
				sameTime(t, t0.Add(3*time.Hour), r.InvalidDate)

				got, err := e.c.Rooms.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.Equal(t, "高一数学", got.Subject)
				assert.Equal(t, r.Number, got.Number)
				assert.Equal(t, r.TeacherJoinURL, got.TeacherJoinURL)
				assert.Equal(t, r.StudentJoinURL, got.StudentJoinURL)
				assert.Equal(t, []string{"111111", "222222", "333333", "444444"},
					[]string{got.TeacherToken, got.AssistantToken, got.StudentToken, got.StudentClientToken})
				assert.Equal(t, 90, got.Duration)
				assert.True(t, got.AACSupport)
				assert.Empty(t, got.GroupList)

			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "同名课堂", StartDate: t0, Realtime: true})
				require.NoError(t, err)
				_, err = e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "同名课堂", StartDate: t0, Realtime: true})
				return err
			},
			code: gensee.CodeDuplicate, is: gensee.ErrDuplicate,
		},
		nf(methodCase{
			method: "Rooms.Modify", path: "/training/room/modify",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("旧名称")
				err := e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{
					ID: id, Subject: "新名称", StartDate: t0.Add(time.Hour), Realtime: gensee.Ptr(true),
					TeacherToken: gensee.Ptr("555555"), Duration: gensee.Ptr(45), WebJoin: gensee.Ptr(false),
				})
				require.NoError(t, err)
				got, err := e.c.Rooms.Get(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, "新名称", got.Subject)
				assert.Equal(t, "555555", got.TeacherToken)
				assert.Equal(t, 45, got.Duration)
				assert.False(t, got.WebJoin)
				assert.True(t, got.ClientJoin)
				sameTime(t, t0.Add(time.Hour), got.StartDate)

			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{ID: "noSuchRoom", Subject: "x", StartDate: t0, Realtime: gensee.Ptr(true)})
			},
		}),
		nf(methodCase{
			method: "Rooms.Delete", path: "/training/room/deleted",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("要删除的课堂")
				require.NoError(t, e.c.Rooms.Delete(e.ctx, id))
				_, err := e.c.Rooms.Get(e.ctx, id)
				requireAPIError(t, err, "/training/room/info", gensee.CodeNotFound, gensee.ErrNotFound)
			},
			fail: func(t *testing.T, e *env) error { return e.c.Rooms.Delete(e.ctx, "noSuchRoom") },
		}),
		nf(methodCase{
			method: "Rooms.Get", path: "/training/room/info",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("物理实验课")
				r, err := e.c.Rooms.Get(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, id, r.ID)
				assert.Equal(t, "物理实验课", r.Subject)
				assert.Regexp(t, eightDigits, r.Number)
				assert.Equal(t, e.joinURL("r", r.Number), r.TeacherJoinURL)
				assert.Equal(t, e.joinURL("s", r.Number), r.StudentJoinURL)
				assert.Regexp(t, `^[0-9]{6}$`, r.TeacherToken)
				assert.Regexp(t, `^[0-9]{6}$`, r.AssistantToken)
				assert.NotEqual(t, r.TeacherToken, r.AssistantToken)
				assert.True(t, r.WebJoin)
				assert.True(t, r.ClientJoin)
				assert.True(t, r.Action)
				assert.NotNil(t, r.GroupList)
				assert.Empty(t, r.GroupList)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Rooms.Get(e.ctx, "noSuchRoom")
				return err
			},
		}),
		nf(methodCase{
			method: "Rooms.SetTelConf", path: "/training/room/telconf",
			ok: func(t *testing.T, e *env) {
				r, err := e.c.Rooms.Create(e.ctx, createRoomRequest("电话会议课堂"))
				require.NoError(t, err)
				err = e.c.Rooms.SetTelConf(e.ctx, &gensee.TelConfRequest{
					RoomID: r.ID, SiteName: "263site", SitePassword: "site-pw-263", CallinSupport: gensee.Ptr(true),
					CallinNum: "4008001234", HostPasscode: "1234", GuestPasscode: "5678",
				})
				require.NoError(t, err)
				got, err := e.c.Rooms.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.False(t, got.AACSupport, "telconf forces AAC off")
				require.ErrorIs(t, e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{
					ID: r.ID, Subject: "电话会议课堂", StartDate: t0, Realtime: gensee.Ptr(true), AACSupport: gensee.Ptr(true),
				}), gensee.ErrNotApplied, "the server ignores it; Modify reads it back and says so")
				got, err = e.c.Rooms.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.False(t, got.AACSupport, "a change of aacSupport is ignored once telconf is set")
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.SetTelConf(e.ctx, &gensee.TelConfRequest{RoomID: "noSuchRoom", SiteName: "a", SitePassword: "b"})
			},
		}),
		nf(methodCase{
			method: "Rooms.Status", path: "/training/query/status",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("直播中")
				st, err := e.c.Rooms.Status(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, gensee.LiveStatusIdle, st)
				require.NoError(t, e.srv.SetRoomStatus(id, 2))
				st, err = e.c.Rooms.Status(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, gensee.LiveStatusLive, st)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Rooms.Status(e.ctx, "noSuchRoom")
				return err
			},
		}),
		auth(methodCase{
			method: "Rooms.Sync", path: "/training/room/sync",
			ok: func(t *testing.T, e *env) {
				ids := seedRooms(e, 120)
				p, err := e.c.Rooms.Sync(e.ctx, &gensee.RoomSyncOptions{PageNo: 2})
				require.NoError(t, err)
				assert.Equal(t, 2, p.PageNo)
				assert.Equal(t, 3, p.TotalPages)
				assert.Equal(t, 120, p.TotalCounts)
				assert.True(t, p.HasNext())
				require.Len(t, p.Items, 50)
				for i, it := range p.Items {
					assert.Equal(t, ids[50+i], it.RoomID)
					assert.Equal(t, fmt.Sprintf("room-%03d", 50+i), it.Subject)
					assert.Regexp(t, eightDigits, it.Code)
					assert.Equal(t, e.joinURL("r", it.Code), it.TeacherJoinURL)
					assert.Equal(t, e.joinURL("s", it.Code), it.StudentJoinURL)
					assert.Equal(t, 3, it.LoginType)
					assert.False(t, it.CreateTime.IsZero())
				}

				require.NoError(t, e.srv.SetRoomStatus(ids[7], 2))
				p, err = e.c.Rooms.Sync(e.ctx, &gensee.RoomSyncOptions{Status: gensee.Ptr(gensee.RoomStatusStarted), CreateTime: gensee.DateOf(time.Now().In(t0.Location()))})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				assert.Equal(t, ids[7], p.Items[0].RoomID)
				assert.Equal(t, gensee.RoomStatusStarted, p.Items[0].Status)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Rooms.Sync(e.ctx, nil)
				return err
			},
		}),
		nf(methodCase{
			method: "Rooms.SetStudentList", path: "/training/room/student/list",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("花名册")
				groups, err := e.c.Groups.Create(e.ctx, id, 2)
				require.NoError(t, err)
				err = e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
					RoomID: id, GroupCode: groups[1].Code, Cover: gensee.Ptr(true), ExpireTime: gensee.Ptr(30),
					Students: []gensee.Student{{ID: 1001, Name: "张三"}, {ID: 1002, Name: "李四"}},
				})
				require.NoError(t, err)
				r, _ := e.saved(id)
				require.Len(t, r.Roster, 2)
				for i, s := range []gensee.Student{{ID: 1001, Name: "张三"}, {ID: 1002, Name: "李四"}} {
					assert.Equal(t, s.ID, r.Roster[i].ID)
					assert.Equal(t, s.Name, r.Roster[i].Name)
					assert.Equal(t, groups[1].Code, r.Roster[i].GroupCode, "in the group named")
				}
			},
			fail: func(t *testing.T, e *env) error {
				id := e.srv.AddRoom("花名册")
				return e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
					RoomID: id, GroupCode: "noSuchGroup", Students: []gensee.Student{{ID: 1, Name: "a"}},
				})
			},
		}),
		nf(methodCase{
			method: "Rooms.AddRelay", path: "/training/relay/add",
			ok: func(t *testing.T, e *env) {
				a, b := e.srv.AddRoom("主会场"), e.srv.AddRoom("分会场")
				require.NoError(t, e.c.Rooms.AddRelay(e.ctx, a, b))
				r, _ := e.saved(a)
				assert.Equal(t, []string{b}, r.Relays)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.AddRelay(e.ctx, e.srv.AddRoom("主会场"), "noSuchRoom")
			},
		}),
		nf(methodCase{
			method: "Rooms.RemoveRelay", path: "/training/relay/remove",
			ok: func(t *testing.T, e *env) {
				a, b := e.srv.AddRoom("主会场"), e.srv.AddRoom("分会场")
				require.NoError(t, e.c.Rooms.AddRelay(e.ctx, a, b))
				require.NoError(t, e.c.Rooms.RemoveRelay(e.ctx, a, b))
				r, _ := e.saved(a)
				assert.Empty(t, r.Relays)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.RemoveRelay(e.ctx, "noSuchRoom", e.srv.AddRoom("分会场"))
			},
		}),
	}
}
