package gensee_test

// End-to-end: flows across services (state, cascades).

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func TestE2EStateFlows(t *testing.T) {
	t.Parallel()

	t.Run("room lifecycle", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		r, err := e.c.Rooms.Create(e.ctx, createRoomRequest("生命周期课堂"))
		require.NoError(t, err)

		require.NoError(t, e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{
			ID: r.ID, Subject: "生命周期课堂（改）", StartDate: t0.Add(time.Hour), Realtime: gensee.Ptr(true),
			AssistantToken: gensee.Ptr("666666"), Duration: gensee.Ptr(120),
		}))
		got, err := e.c.Rooms.Get(e.ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, "生命周期课堂（改）", got.Subject)
		assert.Equal(t, "666666", got.AssistantToken)
		assert.Equal(t, "111111", got.TeacherToken, "a token not sent is kept")
		assert.Equal(t, 120, got.Duration)
		sameTime(t, t0.Add(time.Hour), got.StartDate)
		assert.Equal(t, r.Number, got.Number)
		assert.Equal(t, r.TeacherJoinURL, got.TeacherJoinURL)

		groupNames := func() []string {
			t.Helper()
			info, err := e.c.Rooms.Get(e.ctx, r.ID)
			require.NoError(t, err)
			var names []string
			for _, g := range info.GroupList {
				assert.Equal(t, e.groupJoinURL(r.Number, g.Code), g.JoinURL)
				names = append(names, g.Name)
			}
			return names
		}
		groups, err := e.c.Groups.Create(e.ctx, r.ID, 2, "A组")
		require.NoError(t, err)
		assert.Equal(t, []string{"A组", "2组"}, groupNames())
		added, err := e.c.Groups.Add(e.ctx, r.ID, "C组")
		require.NoError(t, err)
		assert.Equal(t, []string{"A组", "2组", "C组"}, groupNames())
		_, err = e.c.Groups.Update(e.ctx, r.ID, groups[0].Code, "甲组")
		require.NoError(t, err)
		assert.Equal(t, []string{"甲组", "2组", "C组"}, groupNames())
		require.NoError(t, e.c.Groups.Delete(e.ctx, r.ID, groups[1].Code))
		assert.Equal(t, []string{"甲组", "C组"}, groupNames())
		err = e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
			RoomID: r.ID, GroupCode: groups[1].Code, Students: []gensee.Student{{ID: 7, Name: "小七"}},
		})
		requireAPIError(t, err, "/training/room/student/list", gensee.CodeNotFound, gensee.ErrNotFound)
		require.NoError(t, e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
			RoomID: r.ID, GroupCode: added.Code, Students: []gensee.Student{{ID: 7, Name: "小七"}, {ID: 8, Name: "小八"}},
		}))

		other, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "转播源", StartDate: t0, Realtime: true})
		require.NoError(t, err)
		require.NoError(t, e.c.Rooms.AddRelay(e.ctx, r.ID, other.ID))
		require.NoError(t, e.c.Rooms.RemoveRelay(e.ctx, r.ID, other.ID))
		require.NoError(t, e.c.Rooms.AddRelay(e.ctx, r.ID, other.ID))
		require.NoError(t, e.c.Rooms.Delete(e.ctx, other.ID))
		err = e.c.Rooms.RemoveRelay(e.ctx, r.ID, other.ID)
		requireAPIError(t, err, "/training/relay/remove", gensee.CodeNotFound, gensee.ErrNotFound)

		require.NoError(t, e.c.Rooms.Delete(e.ctx, r.ID))
		_, err = e.c.Rooms.Get(e.ctx, r.ID)
		requireAPIError(t, err, "/training/room/info", gensee.CodeNotFound, gensee.ErrNotFound)
		_, err = e.c.Rooms.Status(e.ctx, r.ID)
		requireAPIError(t, err, "/training/query/status", gensee.CodeNotFound, gensee.ErrNotFound)
		_, err = e.c.Groups.Add(e.ctx, r.ID, "D组")
		requireAPIError(t, err, "/training/group/add", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Rooms.Delete(e.ctx, r.ID)
		requireAPIError(t, err, "/training/room/deleted", gensee.CodeNotFound, gensee.ErrNotFound)
		assert.Empty(t, collect(t, e.c.Rooms.SyncAll(e.ctx, nil)))
		// The subject of a deleted room is free again.
		_, err = e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "生命周期课堂（改）", StartDate: t0, Realtime: true})
		require.NoError(t, err)
	})

	t.Run("recording cascade", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		room := e.srv.AddRoom("录播课堂")
		keptRec := e.srv.AddRecording(genseetest.Recording{Name: "保留的录制件", RoomID: room})
		keptWare := e.srv.AddCourseware(genseetest.Courseware{Subject: "保留的课件", RoomID: room, RecordID: keptRec})

		res, err := e.c.Coursewares.TranscodeMedia(e.ctx, &gensee.TranscodeMediaRequest{
			ResourceURL: "https://files.example.com/media/lesson.mp4", Name: "第二课",
		})
		require.NoError(t, err)
		rec := res.RecordID
		cw, err := e.c.Coursewares.Get(e.ctx, res.CoursewareID)
		require.NoError(t, err)
		assert.Equal(t, "第二课", cw.Subject)
		var synced *gensee.Courseware
		for _, c := range collect(t, e.c.Coursewares.SyncAll(e.ctx, nil)) {
			if c.ID == res.CoursewareID {
				synced = c
			}
		}
		require.NotNil(t, synced)
		assert.Equal(t, rec, synced.GrID)
		assert.Equal(t, gensee.GrTypeMedia, synced.GrType)

		w, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "暖场", RecordID: rec})
		require.NoError(t, err)
		require.NoError(t, e.c.Warmups.Attach(e.ctx, room, w.ID))
		require.NoError(t, e.c.Records.Choose(e.ctx, room, rec, keptRec))

		require.NoError(t, e.c.Records.Delete(e.ctx, synced.GrID))

		_, err = e.c.Coursewares.Get(e.ctx, res.CoursewareID)
		requireAPIError(t, err, "/training/courseware/info", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Warmups.Attach(e.ctx, room, w.ID)
		requireAPIError(t, err, "/training/warmup/attach", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Warmups.Modify(e.ctx, &gensee.ModifyWarmupRequest{ID: w.ID, Name: "还在吗"})
		requireAPIError(t, err, "/training/warmup/modify", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Records.Remove(e.ctx, room, rec)
		requireAPIError(t, err, "/training/record/remove", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Records.Delete(e.ctx, rec)
		requireAPIError(t, err, "/training/gr/delete", gensee.CodeNotFound, gensee.ErrNotFound)

		// What was made from another recording stays.
		_, err = e.c.Coursewares.Get(e.ctx, keptWare)
		require.NoError(t, err)
		list, err := e.c.Coursewares.List(e.ctx, room)
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, keptWare, list[0].ID)
		recs := collect(t, e.c.Records.SyncAll(e.ctx, nil))
		require.Len(t, recs, 1)
		assert.Equal(t, keptRec, recs[0].ID)
		require.NoError(t, e.c.Records.Remove(e.ctx, room, keptRec))
	})

	t.Run("famous room", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		fr := createFamous(t, e)
		got, err := e.c.FamousRooms.Get(e.ctx, fr.ID)
		require.NoError(t, err)
		infos := got.SlaveRoomWrapper.SlaveFamousRoomResultInfos
		require.Len(t, infos, 3)
		var names []string
		for i, info := range infos {
			assert.Equal(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[i].ID, info.ID)
			tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, info.ID)
			require.NoError(t, err)
			assert.Equal(t, fr.ID, tr.ID)
			assert.Equal(t, info.ID, tr.TutorialRoomID)
			assert.Equal(t, info.ClientURL, tr.ClientURL)
			names = append(names, tr.TutorialRoomName)
		}
		assert.Equal(t, []string{"一班", "二班", "3班"}, names)

		require.NoError(t, e.c.FamousRooms.RenameTutorialRoom(e.ctx, infos[2].ID, "实验班"))
		tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[2].ID)
		require.NoError(t, err)
		assert.Equal(t, "实验班", tr.TutorialRoomName)

		groups, err := e.c.Groups.Create(e.ctx, infos[2].ID, 2, "红队", "蓝队")
		require.NoError(t, err)
		tr, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[2].ID)
		require.NoError(t, err)
		require.Len(t, tr.GroupList, 2)
		assert.Equal(t, groups[1].Code, tr.GroupList[1].Code)
		assert.Equal(t, "蓝队", tr.GroupList[1].Name)

		mod, err := e.c.FamousRooms.Modify(e.ctx, &gensee.ModifyFamousRoomRequest{
			ID: fr.ID, StartDate: t0, Realtime: gensee.Ptr(true), ClassCount: gensee.Ptr(4),
		})
		require.NoError(t, err)
		require.Len(t, mod.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 4)
		assert.Len(t, mod.SlaveRoomWrapper.SlaveFamousRoomResultInfos[2].GroupList, 2, "modify returns the groups")
		tr, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[2].ID)
		require.NoError(t, err)
		assert.Equal(t, "实验班", tr.TutorialRoomName, "a modify without names keeps them")

		require.NoError(t, e.c.FamousRooms.Delete(e.ctx, fr.ID))
		_, err = e.c.FamousRooms.Get(e.ctx, fr.ID)
		requireAPIError(t, err, "/training/famousroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
		for _, info := range mod.SlaveRoomWrapper.SlaveFamousRoomResultInfos {
			_, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, info.ID)
			requireAPIError(t, err, "/training/tutorialroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
		}
	})

	t.Run("one client, many goroutines", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		const n = 16
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: fmt.Sprintf("并发%02d", i), StartDate: t0, Realtime: true})
				if err != nil {
					errs <- err
					return
				}
				got, err := e.c.Rooms.Get(e.ctx, r.ID)
				if err == nil && got.Subject != fmt.Sprintf("并发%02d", i) {
					err = fmt.Errorf("room %s has subject %q", r.ID, got.Subject)
				}
				if err == nil {
					_, err = e.c.Groups.Create(e.ctx, r.ID, 2)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			assert.NoError(t, err)
		}
		assert.Len(t, collect(t, e.c.Rooms.SyncAll(e.ctx, nil)), n)
	})

	t.Run("teacher account", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
		tc, _ := dial(t, e.srv.URL(), "teacher1@demo", "t-secret-1", gensee.WithPlainPassword())
		r, err := tc.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "老师自己的课堂", StartDate: t0, Realtime: true})
		require.NoError(t, err)
		got, err := e.c.Rooms.Get(e.ctx, r.ID)
		require.NoError(t, err, "the site account sees the teacher's room")
		assert.Equal(t, "老师自己的课堂", got.Subject)
		f := e.requests("/training/room/created")[0].Form
		assert.Equal(t, "teacher1@demo", f.Get("loginName"))
		assertNotSent(t, f, "sec")
	})
}
