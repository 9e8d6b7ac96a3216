package gensee_test

// End-to-end: the real server's quirks, which the fake reproduces.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// quirkText has the raw control characters real sites leave in strings.
const quirkText = "第一行\t制表\r\n第二行"

// readEverything seeds e (the same way every time) and runs every read
// method, returning each result as JSON in which the identifiers the server
// chose at random (ids, numbers, group codes, the base URL) are replaced by
// names, so that two servers' answers compare equal.
func readEverything(t *testing.T, e *env) map[string]string {
	t.Helper()
	ctx, c := e.ctx, e.c
	out := map[string]string{}
	put := func(name string, v any, err error) {
		t.Helper()
		require.NoError(t, err, name)
		b, err := json.Marshal(v)
		require.NoError(t, err, name)
		out[name] = string(b)
	}
	repl := []string{e.srv.URL(), "{base}"}
	named := func(v, name string) { repl = append(repl, v, "{"+name+"}") }

	// Seeding, through the API where the server picks ids.
	reqA := createRoomRequest(quirkText)
	reqA.Description = quirkText
	roomA, err := c.Rooms.Create(ctx, reqA)
	require.NoError(t, err)
	named(roomA.ID, "roomA")
	named(roomA.Number, "numberA")
	roomB, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "空课堂", StartDate: t0, Realtime: true, TeacherToken: "121212", AssistantToken: "131313"})
	require.NoError(t, err)
	named(roomB.ID, "roomB")
	named(roomB.Number, "numberB")
	groups, err := c.Groups.Create(ctx, roomA.ID, 2, "一组\t甲")
	require.NoError(t, err)
	for i, g := range groups {
		named(g.Code, "group"+strconv.Itoa(i))
	}
	require.NoError(t, e.srv.SetRoomStatus(roomA.ID, 2))
	fr := createFamous(t, e)
	named(fr.ID, "famous")
	named(fr.Number, "famousNumber")
	for i, info := range fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos {
		named(info.ID, "tutorial"+strconv.Itoa(i))
		named(info.Code, "tutorialNumber"+strconv.Itoa(i))
	}
	mini, err := c.MiniRooms.Create(ctx, &gensee.CreateMiniRoomRequest{Subject: quirkText, StartDate: t0, Duration: 60, TeacherToken: "300001", StudentClientToken: "300002"})
	require.NoError(t, err)
	named(mini.ID, "mini")
	named(mini.Number, "miniNumber")

	// Seeding of what only the server makes.
	const n = 55 // two pages
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		e.srv.AddCourseware(genseetest.Courseware{
			ID: fmt.Sprintf("q%03d", i), Number: fmt.Sprintf("9%07d", i), URL: fmt.Sprintf("https://vod.example.com/v/9%07d", i),
			Token: "5555", Subject: quirkText + strconv.Itoa(i), RoomID: roomA.ID, Description: quirkText, CreatorID: 42,
			RecordID: int64(6000 + i), CreatedTime: at, StartTime: at.Add(-time.Hour), EndTime: at,
			Duration: 3600000, GrType: gensee.GrType(i % 5), ConvertResult: gensee.ConvertResult(i%3 - 1), Plan: quirkText, SpeakerInfo: quirkText, Views: i,
		})
		e.srv.AddRecording(genseetest.Recording{
			ID: int64(6000 + i), Name: quirkText, RoomID: roomA.ID, StartTime: at.Add(-time.Hour), EndTime: at,
			CreatedTime: at, Size: int64(1000 * i), CreatorID: 42,
		})
		e.srv.AddDocument(genseetest.Document{ID: int64(8000 + i), Name: quirkText, Upload: i%2 == 0, CreatedTime: at, ConvCode: gensee.ConvCode(i % 3)})
		e.srv.AddMedal(genseetest.MedalRecord{RoomID: roomA.ID, UserName: quirkText, UserID: int64(i), Count: i, RoomStartTime: t0})
		e.srv.AddPraise(genseetest.PraiseRecord{RoomID: roomA.ID, UserName: quirkText, UserID: int64(i), Count: i, RoomStartTime: t0})
		e.srv.AddPraiseDetail(genseetest.PraiseDetailRecord{RoomID: roomA.ID, UserID: int64(i), UserName: quirkText, ActionTime: at, TargetUserID: 9, TargetUserName: quirkText})
		e.srv.AddStudyRecord(genseetest.StudyRecord{CoursewareID: "q001", UserID: int64(i), Name: quirkText, JoinTime: at, LeaveTime: at.Add(time.Minute), Area: quirkText, IP: "10.0.0.1", Device: 0xED})
		e.srv.AddMiniRoomStudentStats(genseetest.MiniRoomStudentStats{
			RoomID: mini.ID, Nickname: quirkText, UserID: int64(i), MedalCount: i, HandUpCount: 1, PodiumDuration: 5, Duration: 60,
			HandUpTimes: []time.Time{at}, RollCalls: []genseetest.MiniRollCall{{StartTime: at, AnswerTime: at.Add(time.Second), Status: 2}},
			Podiums: []genseetest.MiniPodium{{StartTime: at, EndTime: at.Add(time.Minute)}}, VoteAccuracies: []string{"90%"},
		})
		e.srv.AddMiniRoomStats(genseetest.MiniRoomStats{RoomID: fmt.Sprintf("m%03d", i), StageNum: int64(i), HandupNum: 2, WatchTotalTime: 10, VisitNum: 3})
	}
	e.srv.AddCourseware(genseetest.Courseware{ID: "views", Number: "80000001", Subject: "观看", Views: 12345, URL: "https://vod.example.com/v/1"})
	in := t0.Add(5 * time.Minute)
	e.srv.AddAttendance(genseetest.AttendanceRecord{
		RoomID: roomA.ID, UserID: 1001, Nickname: quirkText, Name: quirkText, JoinTime: in, LeaveTime: in.Add(time.Hour),
		Area: quirkText, IP: "10.0.0.1", Mobile: "138", Company: quirkText, Device: 24, IDCID: "idc", ForeignHighLine: true,
	})
	e.srv.AddQA(genseetest.QARecord{RoomID: roomA.ID, SubmitterID: 1, Name: quirkText, Question: quirkText, SubmitTime: in, Published: true, AnswererID: 2, Response: quirkText, AnswerTime: in})
	e.srv.AddRollCall(genseetest.RollCallRecord{RoomID: roomA.ID, ID: "rc", StartTime: in, EndTime: in, Users: []genseetest.RollCallUser{{UserID: 1, Name: quirkText, Present: true}, {UserID: 2, Name: "乙"}}})
	e.srv.AddVote(genseetest.VoteRecord{RoomID: roomA.ID, ID: "v", Subject: quirkText, Type: 1, StartTime: in, Questions: []genseetest.VoteQuestion{{
		ID: "q", Content: quirkText, Type: 1, Answer: "1,2",
		Options: []genseetest.VoteOption{{Value: "A", Percentage: 33.33, Result: "1"}, {Value: "B", Percentage: 66.67, Result: "2"}},
		Results: []genseetest.VoteResult{{Nickname: quirkText, UserID: 7, Content: "A,B"}},
	}}})
	e.srv.AddChat(genseetest.ChatRecord{RoomID: roomA.ID, SentTime: in, Sender: quirkText, SenderID: 5, Msg: quirkText})
	e.srv.AddRedPacket(genseetest.RedPacketRecord{
		RoomID: roomA.ID, UserName: quirkText, IssueTime: in, Type: 2, Amount: 10, Number: 2, ReceiveAmount: 5, ReceiveNumber: 1,
		Users: []genseetest.RedPacketUser{{UserID: 3, UserName: quirkText, ReceiveTime: in, Amount: 5}},
	})
	e.srv.AddSession(genseetest.Session{RoomID: roomA.ID, StartTime: t0, EndTime: t0.Add(time.Hour), MaxConcurrent: 9, Total: 12, MaxConcurrentVIP: 1})
	e.srv.AddRoomConcurrency(genseetest.Concurrency{Date: t0, MaxConcurrent: 70, MaxVIP: 2})
	e.srv.AddVodConcurrency(genseetest.Concurrency{Date: t0, MaxConcurrent: 30})
	e.srv.AddReward(genseetest.RewardRecord{Subject: quirkText, StartTime: t0, EndTime: t0.Add(time.Hour), TotalReward: 99, Speakers: []genseetest.SpeakerReward{{Name: quirkText, Reward: 99}}})

	// Every read method.
	v1, err := c.Rooms.Get(ctx, roomA.ID)
	put("Rooms.Get", v1, err)
	v2, err := c.Rooms.Status(ctx, roomA.ID)
	put("Rooms.Status", v2, err)
	v3, err := c.Rooms.Sync(ctx, nil)
	put("Rooms.Sync", v3, err)
	put("Rooms.SyncAll", collect(t, c.Rooms.SyncAll(ctx, nil)), nil)
	v4, err := c.Coursewares.List(ctx, roomA.ID)
	put("Coursewares.List", v4, err)
	v5, err := c.Coursewares.List(ctx, roomB.ID)
	put("Coursewares.List empty", v5, err)
	assert.NotNil(t, v5, "an empty list is an empty slice")
	v6, err := c.Coursewares.Get(ctx, "q001")
	put("Coursewares.Get", v6, err)
	v7, err := c.Coursewares.Sync(ctx, &gensee.SyncOptions{PageNo: 2})
	put("Coursewares.Sync", v7, err)
	put("Coursewares.SyncAll", collect(t, c.Coursewares.SyncAll(ctx, nil)), nil)
	v8, err := c.Coursewares.ViewCount(ctx, "views")
	put("Coursewares.ViewCount", v8, err)
	v9, err := c.Records.Sync(ctx, &gensee.SyncOptions{PageNo: 2})
	put("Records.Sync", v9, err)
	put("Records.SyncAll", collect(t, c.Records.SyncAll(ctx, nil)), nil)
	v10, err := c.Docs.Sync(ctx, &gensee.SyncOptions{PageNo: 2})
	put("Docs.Sync", v10, err)
	put("Docs.SyncAll", collect(t, c.Docs.SyncAll(ctx, nil)), nil)
	v11, err := c.Exports.Attendance(ctx, window(roomA.ID))
	put("Exports.Attendance", v11, err)
	v12, err := c.Exports.QA(ctx, window(roomA.ID))
	put("Exports.QA", v12, err)
	v13, err := c.Exports.RollCalls(ctx, window(roomA.ID))
	put("Exports.RollCalls", v13, err)
	v14, err := c.Exports.Votes(ctx, window(roomA.ID))
	put("Exports.Votes", v14, err)
	v15, err := c.Exports.Chat(ctx, window(roomA.ID))
	put("Exports.Chat", v15, err)
	v16, err := c.Exports.RedPackets(ctx, window(roomA.ID))
	put("Exports.RedPackets", v16, err)
	v17, err := c.Exports.Medals(ctx, paged(roomA.ID, 2))
	put("Exports.Medals", v17, err)
	put("Exports.MedalsAll", collect(t, c.Exports.MedalsAll(ctx, paged(roomA.ID, 0))), nil)
	v18, err := c.Exports.Praises(ctx, paged(roomA.ID, 2))
	put("Exports.Praises", v18, err)
	put("Exports.PraisesAll", collect(t, c.Exports.PraisesAll(ctx, paged(roomA.ID, 0))), nil)
	v19, err := c.Exports.PraiseDetails(ctx, paged(roomA.ID, 2))
	put("Exports.PraiseDetails", v19, err)
	put("Exports.PraiseDetailsAll", collect(t, c.Exports.PraiseDetailsAll(ctx, paged(roomA.ID, 0))), nil)
	day := &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20)}
	v20, err := c.Exports.StudyHistory(ctx, &gensee.StudyHistoryOptions{Date: day.Date, PageNo: 2})
	put("Exports.StudyHistory", v20, err)
	put("Exports.StudyHistoryAll", collect(t, c.Exports.StudyHistoryAll(ctx, day)), nil)
	v21, err := c.Exports.RoomUsage(ctx, &gensee.RoomUsageOptions{StartTime: t0, EndTime: t0.Add(24 * time.Hour)})
	put("Exports.RoomUsage", v21, err)
	v22, err := c.Exports.RoomConcurrency(ctx, day.Date, day.Date.AddDays(1))
	put("Exports.RoomConcurrency", v22, err)
	v23, err := c.Exports.VodConcurrency(ctx, day.Date, day.Date.AddDays(1))
	put("Exports.VodConcurrency", v23, err)
	v24, err := c.Exports.Rewards(ctx, day.Date, day.Date.AddDays(1))
	put("Exports.Rewards", v24, err)
	v25, err := c.FamousRooms.Get(ctx, fr.ID)
	put("FamousRooms.Get", v25, err)
	v26, err := c.FamousRooms.GetTutorialRoom(ctx, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0].ID)
	put("FamousRooms.GetTutorialRoom", v26, err)
	v27, err := c.MiniRooms.StudentStats(ctx, mini.ID, 2)
	put("MiniRooms.StudentStats", v27, err)
	put("MiniRooms.StudentStatsAll", collect(t, c.MiniRooms.StudentStatsAll(ctx, mini.ID)), nil)
	v28, err := c.MiniRooms.RoomStats(ctx, 2)
	put("MiniRooms.RoomStats", v28, err)
	all := collect(t, c.MiniRooms.RoomStatsAll(ctx))
	put("MiniRooms.RoomStatsAll", all, nil)
	put("MiniRooms.RoomStatsAll AllUsersDuration", all[0].AllUsersDuration, nil)

	// Spot checks that the values are the seeded ones, not merely equal.
	assert.Equal(t, quirkText, v1.Subject)
	assert.Equal(t, gensee.LiveStatusLive, v2)
	assert.Len(t, v4, n)
	assert.Empty(t, v5)
	assert.Equal(t, 12345, v8)
	assert.Equal(t, quirkText, v15[0].Msg)
	assert.InDelta(t, 33.33, v14[0].Questions[0].Options[0].Percentage, 1e-9)
	assert.Equal(t, []int{2, 2, n}, []int{v9.PageNo, v9.TotalPages, v9.TotalCounts})
	assert.Equal(t, int64(10*n), all[0].AllUsersDuration)

	r := strings.NewReplacer(repl...)
	for k, v := range out {
		out[k] = r.Replace(v)
	}
	return out
}

// rawPost posts an endpoint by hand, to look at the bytes the fake answers.
func rawPost(t *testing.T, e *env, path string, form url.Values) string {
	t.Helper()
	form.Set("loginName", e.srv.LoginName())
	form.Set("password", e.srv.Password())
	resp, err := http.PostForm(e.srv.URL()+"/integration/site"+path, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestE2EQuirks(t *testing.T) {
	t.Parallel()
	clock := genseetest.WithClock(func() time.Time { return t0.Add(2 * time.Hour) })
	plain, quirky := newEnv(t, clock), newEnv(t, clock, genseetest.WithQuirks())
	want := readEverything(t, plain)
	got := readEverything(t, quirky)

	// The quirky server does answer with the quirks.
	room := quirky.srv.AddRoom("quirk check")
	body := rawPost(t, quirky, "/training/courseware/list", url.Values{"roomId": {room}})
	assert.NotContains(t, body, "coursewares", "the empty list is left out")
	body = rawPost(t, quirky, "/training/export/chat", url.Values{"roomId": {"noSuchRoom"}})
	assert.Contains(t, body, `"code":"501"`)
	e := quirky
	r, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "raw\tsubject", StartDate: t0, Realtime: true, Duration: gensee.Ptr(30)})
	require.NoError(t, err)
	body = rawPost(t, quirky, "/training/room/info", url.Values{"roomId": {r.ID}})
	assert.Contains(t, body, "raw\tsubject", "raw control characters")
	assert.Contains(t, body, `"duration":"30"`, "quoted numbers")
	body = rawPost(t, plain, "/training/room/info", url.Values{"roomId": {plain.srv.AddRoom("x")}})
	assert.Contains(t, body, `"duration":0`)

	require.Len(t, got, len(want))
	assert.Len(t, want, 39)
	for name, w := range want {
		assert.Equal(t, w, got[name], name)
	}
}
