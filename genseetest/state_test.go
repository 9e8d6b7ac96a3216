package genseetest

import (
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoomLifecycle(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()

	created := createRoom(t, srv, "Physics 101", "teacherToken", "teach123", "studentToken", "stu1")
	id := created["id"].(string)
	number := created["number"].(string)
	assert.Regexp(t, `^[A-Za-z0-9]{6,10}$`, id)
	assert.Regexp(t, `^[0-9]{8}$`, number)
	assert.Equal(t, srv.URL()+"/training/site/r/"+number, created["teacherJoinUrl"])
	assert.Equal(t, srv.URL()+"/training/site/s/"+number, created["studentJoinUrl"])
	assert.Equal(t, "teach123", created["teacherToken"])
	assert.Len(t, created["assistantToken"], 6, "assistant token generated")
	assert.Equal(t, "true", created["webJoin"])
	assert.EqualValues(t, 1709254800000, created["startDate"])

	info := ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "Physics 101", info["subject"])
	assert.Equal(t, false, info["aacSupport"])
	assert.Empty(t, info["groupList"])

	ok(t, srv, "/training/room/modify", vals("id", id, "subject", "Physics 102", "startDate", "1709254800000",
		"realtime", "false", "aacSupport", "true", "webJoin", "false"))
	info = ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "Physics 102", info["subject"])
	assert.Equal(t, true, info["aacSupport"])
	assert.Equal(t, "false", info["webJoin"])
	assert.Equal(t, "teach123", info["teacherToken"], "tokens kept")

	// Id is accepted too.
	ok(t, srv, "/training/room/modify", vals("Id", id, "subject", "Physics 103", "startDate", "1709254800000", "realtime", "true"))

	// Telconf forces AAC off, and modify cannot turn it back on.
	ok(t, srv, "/training/room/telconf", vals("roomId", id, "siteName", "site", "sitePassword", "pw", "callinSupport", "true"))
	info = ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, false, info["aacSupport"])
	ok(t, srv, "/training/room/modify", vals("id", id, "subject", "Physics 103", "startDate", "1709254800000",
		"realtime", "true", "aacSupport", "true"))
	assert.Equal(t, false, ok(t, srv, "/training/room/info", vals("roomId", id))["aacSupport"])

	// Groups are reflected in room/info.
	groups := items(t, ok(t, srv, "/training/group/create", vals("roomId", id, "groupCount", "3",
		"groupNameList", `[{"groupName":"红队"},{"groupName":"Blue"}]`))["groups"])
	require.Len(t, groups, 3)
	assert.Equal(t, []string{"红队", "Blue", "3组"}, []string{groups[0]["name"].(string), groups[1]["name"].(string), groups[2]["name"].(string)})
	assert.Equal(t, id, groups[0]["roomId"])
	assert.Equal(t, "Physics 103", groups[0]["subject"])
	added := ok(t, srv, "/training/group/add", vals("roomId", id))
	assert.Equal(t, "4组", added["name"])
	code4 := added["groupCode"].(string)
	upd := ok(t, srv, "/training/group/update", vals("roomId", id, "groupCode", code4, "groupName", "Green"))
	assert.Equal(t, "Green", upd["name"])
	ok(t, srv, "/training/group/delete", vals("roomId", id, "groupCode", groups[0]["code"].(string)))
	gl := items(t, ok(t, srv, "/training/room/info", vals("roomId", id))["groupList"])
	require.Len(t, gl, 3)
	assert.Equal(t, "Blue", gl[0]["name"])
	assert.Equal(t, "Green", gl[2]["name"])
	assert.Equal(t, code4, gl[2]["code"])
	assert.Contains(t, gl[2]["joinUrl"], "/training/site/s/"+number)
	assert.Equal(t, "501", code(t, srv, "/training/group/update", vals("roomId", id, "groupCode", "nope", "groupName", "x")))

	// Roster, relays, status.
	ok(t, srv, "/training/room/student/list", vals("roomId", id, "studentListInfo", `[{"id":111,"name":"张三"},{"id":"22","name":"李四"}]`,
		"groupCode", code4, "cover", "true", "expireTime", "30"))
	other := createRoom(t, srv, "Other")["id"].(string)
	ok(t, srv, "/training/relay/add", vals("roomId", id, "relayId", other))
	ok(t, srv, "/training/relay/remove", vals("roomId", id, "relayId", other))
	assert.EqualValues(t, 0, ok(t, srv, "/training/query/status", vals("roomId", id))["status"])
	require.NoError(t, srv.SetRoomStatus(id, 2))
	assert.EqualValues(t, 2, ok(t, srv, "/training/query/status", vals("roomId", id))["status"])

	// Delete cascades and later calls get 501.
	ok(t, srv, "/training/room/deleted", vals("roomId", id))
	for _, path := range []string{"/training/room/info", "/training/room/deleted", "/training/query/status", "/training/courseware/list"} {
		assert.Equal(t, "501", code(t, srv, path, vals("roomId", id)), path)
	}
	assert.Equal(t, "501", code(t, srv, "/training/group/add", vals("roomId", id)))
	assert.Equal(t, "501", code(t, srv, "/training/relay/add", vals("roomId", other, "relayId", id)))
	// The subject is free again.
	createRoom(t, srv, "Physics 103")
}

func TestGroupAddNeedsGroups(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	id := srv.AddRoom("Empty")
	assert.Equal(t, "500", code(t, srv, "/training/group/add", vals("roomId", id)))
}

func TestRecordingCascade(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := createRoom(t, srv, "Cascade")["id"].(string)
	rec := srv.AddRecording(Recording{Name: "lesson 1", RoomID: roomID})
	keep := srv.AddRecording(Recording{Name: "lesson 2", RoomID: roomID})
	cw := srv.AddCourseware(Courseware{Subject: "VOD 1", RoomID: roomID, RecordID: rec, Views: 7})
	srv.AddCourseware(Courseware{Subject: "VOD 2", RoomID: roomID, RecordID: keep})

	assert.Len(t, items(t, ok(t, srv, "/training/courseware/list", vals("roomId", roomID))["coursewares"]), 2)
	assert.EqualValues(t, 7, ok(t, srv, "/training/vod/vodview", vals("id", cw))["total"])

	warm := ok(t, srv, "/training/warmup/created", vals("name", "warm", "recordId", strconv.FormatInt(rec, 10), "mode", "2"))
	warmID := warm["id"].(string)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{32}$`), warmID)
	assert.EqualValues(t, 2, warm["mode"])
	ok(t, srv, "/training/warmup/attach", vals("roomId", roomID, "warmupId", warmID))
	ok(t, srv, "/training/record/choose", vals("roomId", roomID, "recordId[0]", strconv.FormatInt(rec, 10),
		"recordId[1]", strconv.FormatInt(keep, 10)))

	ok(t, srv, "/training/gr/delete", vals("grId", strconv.FormatInt(rec, 10)))

	wares := items(t, ok(t, srv, "/training/courseware/list", vals("roomId", roomID))["coursewares"])
	require.Len(t, wares, 1)
	assert.Equal(t, "VOD 2", wares[0]["subject"])
	assert.Equal(t, "501", code(t, srv, "/training/courseware/info", vals("coursewareId", cw)))
	assert.Equal(t, "501", code(t, srv, "/training/warmup/modify", vals("id", warmID, "name", "x")))
	assert.Equal(t, "501", code(t, srv, "/training/warmup/attach", vals("roomId", roomID, "warmupId", warmID)))
	assert.Equal(t, "501", code(t, srv, "/training/gr/delete", vals("grId", strconv.FormatInt(rec, 10))))
	assert.Equal(t, "501", code(t, srv, "/training/record/choose", vals("roomId", roomID, "recordId[0]", strconv.FormatInt(rec, 10))))
	srv.mu.Lock()
	assert.Equal(t, []int64{keep}, srv.st.rooms[roomID].inserts)
	assert.Empty(t, srv.st.rooms[roomID].warmup)
	srv.mu.Unlock()
	syn := ok(t, srv, "/training/record/syn", nil)
	assert.Len(t, items(t, syn["list"]), 1)

	// Repeated recordId keys are accepted for remove.
	ok(t, srv, "/training/record/remove", vals("roomId", roomID, "recordId", strconv.FormatInt(keep, 10)))
	srv.mu.Lock()
	assert.Empty(t, srv.st.rooms[roomID].inserts)
	srv.mu.Unlock()
}

func TestCoursewareAndDocs(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("Docs")
	cw := srv.AddCourseware(Courseware{Subject: "old", RoomID: roomID, Token: "111", CreatorID: 9})
	ok(t, srv, "/training/courseware/modify", vals("id", cw, "subject", "new", "token", "222", "uiMode", "2", "autoPlay", "true"))
	info := ok(t, srv, "/training/courseware/info", vals("coursewareId", cw))
	assert.Equal(t, "new", info["subject"])
	assert.Equal(t, "222", info["token"])
	assert.EqualValues(t, 9, info["creator"])
	ok(t, srv, "/training/courseware/deleted", vals("coursewareId", cw))
	assert.Equal(t, "501", code(t, srv, "/training/courseware/info", vals("coursewareId", cw)))

	doc := strconv.FormatInt(srv.AddDocument(Document{Name: "slides.pptx"}), 10)
	ok(t, srv, "/training/doc/attach", vals("roomId", roomID, "docId", doc))
	ok(t, srv, "/training/doc/detach", vals("roomId", roomID, "docId", doc))
	assert.Equal(t, "501", code(t, srv, "/training/doc/attach", vals("roomId", roomID, "docId", "1")))
	assert.Equal(t, "102", code(t, srv, "/training/doc/attach", vals("roomId", roomID, "docId", "abc")))

	tr := ok(t, srv, "/training/courseware/transcode", vals("resourceUrl", "https://example.com/a/deck.pptx", "name", "Deck", "convmode", "1"))
	for _, k := range []string{"coursewareId", "coursewareCode", "visitUrl", "docId"} {
		assert.NotEmpty(t, tr[k], k)
	}
	info = ok(t, srv, "/training/courseware/info", vals("coursewareId", tr["coursewareId"].(string)))
	assert.Equal(t, "Deck", info["subject"])
	docs := items(t, ok(t, srv, "/training/doc/syn", nil)["list"])
	require.Len(t, docs, 2)
	assert.Equal(t, "true", docs[1]["upload"])
	mt := ok(t, srv, "/training/media/transcode", vals("resourceUrl", "https://example.com/download?gs_filename=a.mp4", "name", "Clip"))
	assert.NotEmpty(t, mt["recordId"])
	assert.Nil(t, mt["docId"])
	assert.Equal(t, "0", code(t, srv, "/training/media/transcode", vals("resourceUrl", "https://example.com/download", "name", "Clip"))) // fails later, through the callback
}

func TestTranscodeCallback(t *testing.T) {
	t.Parallel()
	got := make(chan url.Values, 1)
	target := newCallbackTarget(t, got)
	srv := NewServer(WithCallbacks())
	defer srv.Close()
	tr := ok(t, srv, "/training/media/transcode", vals("resourceUrl", "https://example.com/v.mp4", "name", "V", "callbackUrl", target))
	form := <-got
	assert.Equal(t, tr["coursewareId"], form.Get("gscoursewareId"))
	assert.Equal(t, "ok", form.Get("gsstatus"))
}

func TestTeachers(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	ok(t, srv, "/training/teacher/created", vals("teacherLoginName", "t1", "teacherPassword", "secret1", "name", "Teacher One",
		"maxPoints", "100", "validDate", "2024-01-01", "invalidDate", "2025-01-01 00:00:00", "maxVodPoints", "50"))
	assert.Equal(t, "502", code(t, srv, "/training/teacher/created", vals("teacherLoginName", "t1", "teacherPassword", "secret1", "name", "x")))
	// The new teacher can call the API.
	ok(t, srv, "/training/room/sync", vals("loginName", "t1", "password", "secret1"))
	ok(t, srv, "/training/teacher/modify", vals("teacherLoginName", "t1", "teacherPassword", "secret2", "name", "T1"))
	assert.Equal(t, "200", code(t, srv, "/training/room/sync", vals("loginName", "t1", "password", "secret1")))
	assert.Equal(t, "501", code(t, srv, "/training/teacher/modify", vals("teacherLoginName", "nobody", "teacherPassword", "secret2", "name", "x")))
}

func TestWarmups(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	rec := strconv.FormatInt(srv.AddRecording(Recording{Name: "r"}), 10)
	w := ok(t, srv, "/training/warmup/created", vals("name", "w", "recordId", rec))
	assert.EqualValues(t, 1, w["mode"])
	id := w["id"].(string)
	ok(t, srv, "/training/warmup/modify", vals("id", id, "name", "w2", "mode", "3"))
	assert.Equal(t, "501", code(t, srv, "/training/warmup/modify", vals("id", id, "recordId", "42")))
	assert.Equal(t, "501", code(t, srv, "/training/warmup/created", vals("name", "w", "recordId", "42")))
	roomID := srv.AddRoom("Warm")
	ok(t, srv, "/training/warmup/attach", vals("roomId", roomID, "warmupId", id))
	ok(t, srv, "/training/warmup/detach", vals("roomId", roomID, "warmupId", "anything"))
}

func TestFamousRooms(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	created := ok(t, srv, "/training/famousroom/created", vals("subject", "Dual", "startDate", "2024-03-01 09:00:00",
		"realtime", "true", "classCount", "2", "slaveClazzList", `[{"clazzName":"A班"}]`, "slaveStudentClientToken", "stud12345"))
	id := created["id"].(string)
	wrapper := created["slaveRoomWrapper"].(map[string]any)
	assert.Equal(t, "stud12345", wrapper["studentClientToken"])
	infos := items(t, wrapper["slaveFamousRoomResultInfos"])
	require.Len(t, infos, 2)
	for _, k := range []string{"id", "code", "clientUrl", "studentClientUrl"} {
		assert.NotEmpty(t, infos[0][k], k)
	}
	tut := infos[0]["id"].(string)
	ti := ok(t, srv, "/training/tutorialroom/info", vals("roomId", tut))
	assert.Equal(t, "A班", ti["tutorialRoomName"])
	assert.Equal(t, id, ti["id"])
	assert.Equal(t, "Dual", ti["subject"])
	assert.Equal(t, "stud12345", ti["studentClientToken"])
	ti2 := ok(t, srv, "/training/tutorialroom/info", vals("roomId", infos[1]["id"].(string)))
	assert.Equal(t, "2班", ti2["tutorialRoomName"])

	ok(t, srv, "/training/slaveroom/modify", vals("roomId", tut, "className", "B班"))
	ok(t, srv, "/training/group/create", vals("roomId", tut, "groupCount", "2"))
	info := ok(t, srv, "/training/famousroom/info", vals("id", id))
	infos = items(t, info["slaveRoomWrapper"].(map[string]any)["slaveFamousRoomResultInfos"])
	assert.Len(t, items(t, infos[0]["groupList"]), 2)
	assert.Equal(t, "B班", ok(t, srv, "/training/tutorialroom/info", vals("roomId", tut))["tutorialRoomName"])

	mod := ok(t, srv, "/training/famousroom/modify", vals("id", id, "startDate", "2024-03-02 09:00:00", "realtime", "true",
		"classCount", "3", "slavestudentClientToken", "newstud99"))
	w := mod["slaveRoomWrapper"].(map[string]any)
	assert.Equal(t, "newstud99", w["studentClientToken"])
	assert.Len(t, items(t, w["slaveFamousRoomResultInfos"]), 3)

	ok(t, srv, "/training/famousroom/deleted", vals("roomId", tut))
	assert.Equal(t, "501", code(t, srv, "/training/tutorialroom/info", vals("roomId", tut)))
	infos = items(t, ok(t, srv, "/training/famousroom/info", vals("id", id))["slaveRoomWrapper"].(map[string]any)["slaveFamousRoomResultInfos"])
	assert.Len(t, infos, 2)
	ok(t, srv, "/training/famousroom/deleted", vals("roomId", id))
	assert.Equal(t, "501", code(t, srv, "/training/famousroom/info", vals("id", id)))
	assert.Equal(t, "501", code(t, srv, "/training/tutorialroom/info", vals("roomId", infos[0]["id"].(string))))
	assert.Equal(t, "501", code(t, srv, "/training/famousroom/deleted", vals("roomId", id)))
}

func TestMiniRooms(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	m := ok(t, srv, "/training/miniroom/created", vals("subject", "Mini", "startDate", "1709254800000", "duration", "45", "teacherToken", "teach999"))
	id := m["id"].(string)
	assert.Equal(t, true, m["action"])
	assert.EqualValues(t, 1709254800000+45*60000, m["invalidDate"])
	assert.Contains(t, m["teacherJoinUrl"], "/training/site/r/")
	mod := ok(t, srv, "/training/miniroom/modify", vals("Id", id, "subject", "Mini 2", "action", "false"))
	assert.Equal(t, false, mod["action"])
	assert.Equal(t, "teach999", mod["teacherToken"])
	assert.Equal(t, "501", code(t, srv, "/training/miniroom/modify", vals("id", "nope", "subject", "x")))
}
