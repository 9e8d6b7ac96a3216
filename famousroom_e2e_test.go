package gensee_test

// End-to-end: dual-teacher classrooms, groups and mini classrooms.

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func createFamousRequest() *gensee.CreateFamousRoomRequest {
	return &gensee.CreateFamousRoomRequest{
		Subject: "双师课堂", StartDate: t0, InvalidDate: t0.Add(3 * time.Hour), Realtime: true,
		ClassCount: gensee.Ptr(3), ClassNames: []string{"一班", "二班"},
		TeacherToken: "100001", AssistantToken: "100002", SlaveStudentClientToken: "100003",
		SlaveTeacherToken: "100004", SlaveAssistantToken: "100005",
	}
}

func createFamous(t *testing.T, e *env) *gensee.FamousRoom {
	t.Helper()
	fr, err := e.c.FamousRooms.Create(e.ctx, createFamousRequest())
	require.NoError(t, err)
	require.NotNil(t, fr.SlaveRoomWrapper)
	require.Len(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 3)
	return fr
}

// groupJoinURL is the join URL of a group of the room numbered number.
func (e *env) groupJoinURL(number, code string) string {
	return e.joinURL("s", number) + "?groupCode=" + code
}

func seedMiniStudents(e *env, mini string, n int) {
	for i := range n {
		e.srv.AddMiniRoomStudentStats(genseetest.MiniRoomStudentStats{
			RoomID: mini, Nickname: fmt.Sprintf("学员%03d", i), UserID: int64(4000 + i),
			MedalCount: 2, HandUpCount: 1, PodiumDuration: 120, Duration: 2400,
			HandUpTimes:    []time.Time{t0.Add(time.Minute)},
			RollCalls:      []genseetest.MiniRollCall{{StartTime: t0.Add(2 * time.Minute), AnswerTime: t0.Add(3 * time.Minute), Status: 1}},
			Podiums:        []genseetest.MiniPodium{{StartTime: t0.Add(4 * time.Minute), EndTime: t0.Add(6 * time.Minute)}},
			VoteAccuracies: []string{"80%"}, AnswerSheetAccuracies: []string{"100%", "50%"},
		})
	}
}

func seedMiniStats(e *env, n int) {
	for i := range n {
		e.srv.AddMiniRoomStats(genseetest.MiniRoomStats{
			RoomID: fmt.Sprintf("mini%03d", i), StageNum: int64(i), HandupNum: int64(2 * i), WatchTotalTime: int64(i + 1), VisitNum: int64(10 + i),
		})
	}
}

func classCases() []methodCase {
	return []methodCase{
		auth(methodCase{
			method: "FamousRooms.Create", path: "/training/famousroom/created",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				assert.NotEmpty(t, fr.ID)
				assert.Regexp(t, eightDigits, fr.Number)
				assert.Equal(t, e.joinURL("r", fr.Number), fr.ClientURL)
				assert.Equal(t, "100001", fr.TeacherToken)
				assert.Equal(t, "100002", fr.AssistantToken)
				sameTime(t, t0, fr.StartDate)
				sameTime(t, t0.Add(3*time.Hour), fr.InvalidDate)
				w := fr.SlaveRoomWrapper
				assert.Equal(t, []string{"100004", "100005", "100003"}, []string{w.TeacherToken, w.AssistantToken, w.StudentClientToken})
				seen := map[string]bool{}
				for _, info := range w.SlaveFamousRoomResultInfos {
					assert.NotEmpty(t, info.ID)
					assert.False(t, seen[info.ID])
					seen[info.ID] = true
					assert.Regexp(t, eightDigits, info.Code)
					assert.Equal(t, e.joinURL("r", info.Code), info.ClientURL)
					assert.Equal(t, e.joinURL("s", info.Code), info.StudentClientURL)
					assert.Empty(t, info.GroupList)
				}
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().FamousRooms.Create(e.ctx, createFamousRequest())
				return err
			},
		}),
		nf(methodCase{
			method: "FamousRooms.Modify", path: "/training/famousroom/modify",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				got, err := e.c.FamousRooms.Modify(e.ctx, &gensee.ModifyFamousRoomRequest{
					ID: fr.ID, Subject: "双师课堂（改）", StartDate: t0.Add(time.Hour), Realtime: gensee.Ptr(true),
					ClassCount: gensee.Ptr(2), ClassNames: []string{"甲班"}, SlaveStudentClientToken: "100007",
				})
				require.NoError(t, err)
				assert.Equal(t, fr.ID, got.ID)
				assert.Equal(t, fr.Number, got.Number)
				sameTime(t, t0.Add(time.Hour), got.StartDate)
				require.NotNil(t, got.SlaveRoomWrapper)
				assert.Equal(t, "100007", got.SlaveRoomWrapper.StudentClientToken)
				infos := got.SlaveRoomWrapper.SlaveFamousRoomResultInfos
				require.Len(t, infos, 2)
				assert.Equal(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0].ID, infos[0].ID)
				assert.Equal(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[1].ID, infos[1].ID)
				tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[0].ID)
				require.NoError(t, err)
				assert.Equal(t, "甲班", tr.TutorialRoomName)
				assert.Equal(t, "双师课堂（改）", tr.Subject)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.FamousRooms.Modify(e.ctx, &gensee.ModifyFamousRoomRequest{ID: "noSuchRoom", StartDate: t0, Realtime: gensee.Ptr(true)})
				return err
			},
		}),
		nf(methodCase{
			method: "FamousRooms.Get", path: "/training/famousroom/info",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				tutor := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[1].ID
				groups, err := e.c.Groups.Create(e.ctx, tutor, 2)
				require.NoError(t, err)
				got, err := e.c.FamousRooms.Get(e.ctx, fr.ID)
				require.NoError(t, err)
				assert.Equal(t, fr.ID, got.ID)
				assert.Equal(t, fr.Number, got.Number)
				assert.Equal(t, fr.ClientURL, got.ClientURL)
				assert.Equal(t, fr.TeacherToken, got.TeacherToken)
				require.NotNil(t, got.SlaveRoomWrapper)
				infos := got.SlaveRoomWrapper.SlaveFamousRoomResultInfos
				require.Len(t, infos, 3)
				for i, info := range infos {
					want := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[i]
					assert.Equal(t, want.ID, info.ID)
					assert.Equal(t, want.Code, info.Code)
					assert.Equal(t, want.ClientURL, info.ClientURL)
					assert.Equal(t, want.StudentClientURL, info.StudentClientURL)
				}
				assert.Empty(t, infos[0].GroupList)
				require.Len(t, infos[1].GroupList, 2)
				assert.Equal(t, groups[0].Code, infos[1].GroupList[0].Code)
				assert.Equal(t, e.groupJoinURL(infos[1].Code, groups[1].Code), infos[1].GroupList[1].JoinURL)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.FamousRooms.Get(e.ctx, "noSuchRoom")
				return err
			},
		}),
		nf(methodCase{
			method: "FamousRooms.Delete", path: "/training/famousroom/deleted",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				infos := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos
				// One tutorial room first, then the whole classroom.
				require.NoError(t, e.c.FamousRooms.Delete(e.ctx, infos[2].ID))
				got, err := e.c.FamousRooms.Get(e.ctx, fr.ID)
				require.NoError(t, err)
				assert.Len(t, got.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 2)
				require.NoError(t, e.c.FamousRooms.Delete(e.ctx, fr.ID))
				_, err = e.c.FamousRooms.Get(e.ctx, fr.ID)
				requireAPIError(t, err, "/training/famousroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
				_, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[0].ID)
				requireAPIError(t, err, "/training/tutorialroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
			},
			fail: func(t *testing.T, e *env) error { return e.c.FamousRooms.Delete(e.ctx, "noSuchRoom") },
		}),
		nf(methodCase{
			method: "FamousRooms.RenameTutorialRoom", path: "/training/slaveroom/modify",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				id := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[2].ID
				require.NoError(t, e.c.FamousRooms.RenameTutorialRoom(e.ctx, id, "实验班"))
				tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, "实验班", tr.TutorialRoomName)
			},
			fail: func(t *testing.T, e *env) error {
				// An ordinary room is not a tutorial room.
				return e.c.FamousRooms.RenameTutorialRoom(e.ctx, e.srv.AddRoom("普通课堂"), "实验班")
			},
		}),
		nf(methodCase{
			method: "FamousRooms.GetTutorialRoom", path: "/training/tutorialroom/info",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				info := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0]
				tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, info.ID)
				require.NoError(t, err)
				assert.Equal(t, fr.ID, tr.ID)
				assert.Equal(t, fr.Number, tr.Number)
				assert.Equal(t, info.ID, tr.TutorialRoomID)
				assert.Equal(t, "双师课堂", tr.Subject)
				assert.Equal(t, "一班", tr.TutorialRoomName)
				assert.Equal(t, []string{"100004", "100005", "100003"}, []string{tr.TeacherToken, tr.AssistantToken, tr.StudentClientToken})
				assert.Equal(t, info.ClientURL, tr.ClientURL)
				assert.Equal(t, info.StudentClientURL, tr.JoinURL)
				sameTime(t, t0, tr.StartDate)
				sameTime(t, t0.Add(3*time.Hour), tr.InvalidDate)
				assert.NotNil(t, tr.GroupList)
				assert.Empty(t, tr.GroupList)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, e.srv.AddRoom("普通课堂"))
				return err
			},
		}),
		nf(methodCase{
			method: "Groups.Create", path: "/training/group/create",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				groups, err := e.c.Groups.Create(e.ctx, room, 3, "一组", "二组")
				require.NoError(t, err)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				require.Len(t, groups, 3)
				var names []string
				for _, g := range groups {
					names = append(names, g.Name)
					assert.NotEmpty(t, g.Code)
					assert.Equal(t, room, g.RoomID)
					assert.Equal(t, "分组课堂", g.Subject)
					assert.Equal(t, e.groupJoinURL(info.Number, g.Code), g.JoinURL)
				}
				assert.Equal(t, []string{"一组", "二组", "3组"}, names)
				require.Len(t, info.GroupList, 3)
				for i, g := range info.GroupList {
					assert.Equal(t, groups[i].Code, g.Code)
					assert.Equal(t, groups[i].Name, g.Name)
					assert.Equal(t, groups[i].JoinURL, g.JoinURL)
				}
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Groups.Create(e.ctx, "noSuchRoom", 2)
				return err
			},
		}),
		{
			method: "Groups.Add", path: "/training/group/add",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				_, err := e.c.Groups.Create(e.ctx, room, 1)
				require.NoError(t, err)
				g, err := e.c.Groups.Add(e.ctx, room, "加的组")
				require.NoError(t, err)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				assert.Equal(t, "加的组", g.Name)
				assert.Equal(t, room, g.RoomID)
				assert.Equal(t, e.groupJoinURL(info.Number, g.Code), g.JoinURL)
				require.Len(t, info.GroupList, 2)
				assert.Equal(t, g.Code, info.GroupList[1].Code)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Groups.Add(e.ctx, e.srv.AddRoom("没有分组"), "加的组")
				assert.ErrorIs(t, err, gensee.ErrNoGroups)
				return err
			},
			code: gensee.CodeBusinessError, is: gensee.ErrBusiness,
		},
		nf(methodCase{
			method: "Groups.Update", path: "/training/group/update",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				groups, err := e.c.Groups.Create(e.ctx, room, 2)
				require.NoError(t, err)
				g, err := e.c.Groups.Update(e.ctx, room, groups[1].Code, "改名的组")
				require.NoError(t, err)
				assert.Equal(t, groups[1].Code, g.Code)
				assert.Equal(t, "改名的组", g.Name)
				assert.Equal(t, groups[1].JoinURL, g.JoinURL)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				require.Len(t, info.GroupList, 2)
				assert.Equal(t, "改名的组", info.GroupList[1].Name)
			},
			fail: func(t *testing.T, e *env) error {
				room := e.srv.AddRoom("分组课堂")
				_, err := e.c.Groups.Create(e.ctx, room, 1)
				require.NoError(t, err)
				_, err = e.c.Groups.Update(e.ctx, room, "noSuchGroup", "x")
				return err
			},
		}),
		nf(methodCase{
			method: "Groups.Delete", path: "/training/group/delete",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				groups, err := e.c.Groups.Create(e.ctx, room, 3)
				require.NoError(t, err)
				require.NoError(t, e.c.Groups.Delete(e.ctx, room, groups[1].Code))
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				var codes []string
				for _, g := range info.GroupList {
					codes = append(codes, g.Code)
				}
				assert.Equal(t, []string{groups[0].Code, groups[2].Code}, codes)
			},
			fail: func(t *testing.T, e *env) error {
				room := e.srv.AddRoom("分组课堂")
				_, err := e.c.Groups.Create(e.ctx, room, 1)
				require.NoError(t, err)
				return e.c.Groups.Delete(e.ctx, room, "noSuchGroup")
			},
		}),
		auth(methodCase{
			method: "MiniRooms.Create", path: "/training/miniroom/created",
			ok: func(t *testing.T, e *env) {
				m, err := e.c.MiniRooms.Create(e.ctx, &gensee.CreateMiniRoomRequest{
					Subject: "微课堂", StartDate: t0, Duration: 45, TeacherToken: "300001", StudentClientToken: "300002",
					Action: gensee.Ptr(false), Description: "一对多",
				})
				require.NoError(t, err)
				assert.NotEmpty(t, m.ID)
				assert.Regexp(t, eightDigits, m.Number)
				assert.Equal(t, e.joinURL("r", m.Number), m.TeacherJoinURL)
				assert.Equal(t, e.joinURL("s", m.Number), m.StudentJoinURL)
				assert.Equal(t, "300001", m.TeacherToken)
				assert.Equal(t, "300002", m.StudentClientToken)
				assert.Equal(t, 45, m.Duration)
				assert.False(t, m.Action)
				sameTime(t, t0, m.StartDate)
				sameTime(t, t0.Add(45*time.Minute), m.InvalidDate)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().MiniRooms.Create(e.ctx, &gensee.CreateMiniRoomRequest{Subject: "微课堂", StartDate: t0, Duration: 45})
				return err
			},
		}),
		nf(methodCase{
			method: "MiniRooms.Modify", path: "/training/miniroom/modify",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddMiniRoom("微课堂")
				m, err := e.c.MiniRooms.Modify(e.ctx, &gensee.ModifyMiniRoomRequest{
					ID: id, Subject: "微课堂（改）", TeacherToken: "300003", Action: gensee.Ptr(false),
				})
				require.NoError(t, err)
				assert.Equal(t, id, m.ID)
				assert.Equal(t, "300003", m.TeacherToken)
				assert.NotEqual(t, m.TeacherToken, m.StudentClientToken)
				assert.False(t, m.Action)
				assert.Equal(t, 60, m.Duration)
				assert.Equal(t, e.joinURL("r", m.Number), m.TeacherJoinURL)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.MiniRooms.Modify(e.ctx, &gensee.ModifyMiniRoomRequest{ID: "noSuchMini", Subject: "x"})
				return err
			},
		}),
		nf(methodCase{
			method: "MiniRooms.StudentStats", path: "/training/miniroom/export/history",
			ok: func(t *testing.T, e *env) {
				mini, other := e.srv.AddMiniRoom("微课堂"), e.srv.AddMiniRoom("别的微课堂")
				seedMiniStudents(e, mini, 60)
				seedMiniStudents(e, other, 1)
				p, err := e.c.MiniRooms.StudentStats(e.ctx, mini, 2)
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				s := p.Items[0]
				assert.Equal(t, "学员050", s.UserNickname)
				assert.Equal(t, int64(4050), s.UserID)
				assert.Equal(t, []int64{2, 1, 120, 2400}, []int64{int64(s.MedalCount), int64(s.HandUpCount), s.PodiumDuration, s.Duration})
				require.Len(t, s.HandUpTimeStampList, 1)
				sameTime(t, t0.Add(time.Minute), s.HandUpTimeStampList[0].TimeStamp)
				require.Len(t, s.RollCallDetailList, 1)
				assert.Equal(t, gensee.MiniRoomRollCallAnswered, s.RollCallDetailList[0].Status)
				sameTime(t, t0.Add(3*time.Minute), s.RollCallDetailList[0].AnswerTimestamp)
				require.Len(t, s.PodiumDetailList, 1)
				sameTime(t, t0.Add(6*time.Minute), s.PodiumDetailList[0].EndTime)
				require.Len(t, s.VoteDetails, 1)
				assert.Equal(t, "80%", s.VoteDetails[0].Accuracy)
				require.Len(t, s.AnswerSheetDetail, 2)
				assert.Equal(t, "50%", s.AnswerSheetDetail[1].Accuracy)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.MiniRooms.StudentStats(e.ctx, "noSuchMini", 1)
				return err
			},
		}),
		auth(methodCase{
			method: "MiniRooms.RoomStats", path: "/training/miniroom/syn",
			ok: func(t *testing.T, e *env) {
				seedMiniStats(e, 60)
				p, err := e.c.MiniRooms.RoomStats(e.ctx, 2)
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				assert.Equal(t, gensee.MiniRoomStats{
					ID: "mini055", StageNum: 55, HandupNum: 110, WatchTotalTime: 56, VisitNum: 65, AllUsersDuration: 60 * 61 / 2,
				}, *p.Items[5])
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().MiniRooms.RoomStats(e.ctx, 1)
				return err
			},
		}),
	}
}
