package genseetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func keys(t *testing.T, m map[string]any, want ...string) {
	t.Helper()
	for _, k := range want {
		assert.Contains(t, m, k)
	}
}

func TestSeededExports(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 10, 12, 0, 0, 0, chinaTime)
	srv := NewServer(WithClock(func() time.Time { return now }))
	defer srv.Close()
	roomID := srv.AddRoom("Exports")
	s1 := now.Add(-50 * time.Hour) // an older session
	s2 := now.Add(-3 * time.Hour)  // the last finished one
	srv.AddSession(
		Session{RoomID: roomID, StartTime: s1, EndTime: s1.Add(time.Hour), MaxConcurrent: 10, Total: 12},
		Session{RoomID: roomID, StartTime: s2, EndTime: s2.Add(time.Hour), MaxConcurrent: 20, Total: 25, MaxConcurrentVIP: 3},
		Session{RoomID: roomID, StartTime: now.Add(-time.Minute), EndTime: now.Add(time.Hour)}, // still running
	)
	in1, in2 := s1.Add(time.Minute), s2.Add(time.Minute)

	srv.AddAttendance(
		AttendanceRecord{RoomID: roomID, UserID: 1000000001, Nickname: "old", JoinTime: in1, LeaveTime: in1.Add(time.Minute)},
		AttendanceRecord{RoomID: roomID, UserID: 1000000002, Nickname: "nick", Name: "张三", JoinTime: in2, LeaveTime: in2.Add(time.Minute),
			Area: "上海", IP: "1.2.3.4", Mobile: "138", Company: "Co", Device: 8, IDCID: "idc1", ForeignHighLine: true},
	)
	srv.AddQA(QARecord{RoomID: roomID, SubmitterID: 7, Name: "q", Question: "why?", SubmitTime: in2, Published: true, AnswererID: 8, Response: "because", AnswerTime: in2})
	srv.AddRollCall(RollCallRecord{RoomID: roomID, StartTime: in2, EndTime: in2.Add(time.Minute),
		Users: []RollCallUser{{UserID: 1, Name: "a", Present: true}, {UserID: 2, Name: "b"}}})
	srv.AddVote(VoteRecord{RoomID: roomID, Subject: "Poll", Type: 0, StartTime: in2, Questions: []VoteQuestion{{
		Content: "1+1?", Type: 0, Answer: "2",
		Options: []VoteOption{{Value: "A", Percentage: 12.5, Result: "1"}},
		Results: []VoteResult{{Nickname: "n", UserID: 5, Content: "A"}},
	}}})
	srv.AddChat(ChatRecord{RoomID: roomID, SentTime: in2, Sender: "s", SenderID: 9, Msg: "hello"})
	srv.AddRedPacket(RedPacketRecord{RoomID: roomID, UserName: "boss", IssueTime: in2, Type: 1, Amount: 100, Number: 2,
		ReceiveAmount: 50, ReceiveNumber: 1, Users: []RedPacketUser{{UserID: 3, UserName: "lucky", ReceiveTime: in2, Amount: 50}}})
	srv.AddMedal(MedalRecord{RoomID: roomID, UserName: "t", UserID: 4, Count: 3, RoomStartTime: in2})
	srv.AddPraise(PraiseRecord{RoomID: roomID, UserName: "t", UserID: 4, Count: 5, RoomStartTime: in2})
	srv.AddPraiseDetail(PraiseDetailRecord{RoomID: roomID, UserID: 1, UserName: "a", ActionTime: in2, TargetUserID: 4, TargetUserName: "t"})
	srv.AddReward(RewardRecord{Subject: "Exports", StartTime: in2, EndTime: in2.Add(time.Hour), TotalReward: 99,
		Speakers: []SpeakerReward{{Name: "t", Reward: 99}}})
	srv.AddStudyRecord(StudyRecord{CoursewareID: "cw1", UserID: 6, Name: "viewer", JoinTime: in2, LeaveTime: in2.Add(90 * time.Second), Area: "北京", IP: "5.6.7.8", Device: 0xED})
	srv.AddRoomConcurrency(Concurrency{Date: now, MaxConcurrent: 30, MaxVIP: 2})
	srv.AddVodConcurrency(Concurrency{Date: now, MaxConcurrent: 40})
	miniID := srv.AddMiniRoom("Mini")
	srv.AddMiniRoomStudentStats(MiniRoomStudentStats{RoomID: miniID, Nickname: "kid", UserID: 11, MedalCount: 1, HandUpCount: 2,
		PodiumDuration: 60, Duration: 600, HandUpTimes: []time.Time{in2},
		RollCalls:      []MiniRollCall{{StartTime: in2, AnswerTime: in2.Add(time.Second), Status: 1}},
		Podiums:        []MiniPodium{{StartTime: in2, EndTime: in2.Add(time.Minute)}},
		VoteAccuracies: []string{"80%"}, AnswerSheetAccuracies: []string{"90%"}})
	srv.AddMiniRoomStats(MiniRoomStats{RoomID: miniID, StageNum: 1, HandupNum: 2, WatchTotalTime: 3, VisitNum: 4})

	room := vals("roomId", roomID)
	t.Run("history", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/history", room)["list"])
		require.Len(t, l, 1, "only the last finished session")
		keys(t, l[0], "uid", "nickname", "joinTime", "leaveTime", "name", "area", "device", "ip", "mobile", "company", "idcid", "foreignHighLine")
		assert.EqualValues(t, 1000000002, l[0]["uid"])
		assert.EqualValues(t, in2.UnixMilli(), l[0]["joinTime"])
		// With a window, every record within it.
		l = items(t, ok(t, srv, "/training/export/history", vals("roomId", roomID,
			"startTime", s1.Format(layoutDateTime), "endTime", now.Format(layoutDateTime)))["list"])
		assert.Len(t, l, 2)
	})
	t.Run("qa", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/qa", room)["list"])
		require.Len(t, l, 1)
		keys(t, l[0], "submitter", "published", "submitTime", "name", "answerBy", "question", "response", "answerTime")
		assert.Equal(t, "true", l[0]["published"])
	})
	t.Run("rollcall", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/rollcall", room)["rollcall"])
		require.Len(t, l, 1)
		keys(t, l[0], "id", "startTime", "endTime", "total", "present", "absent", "users")
		assert.EqualValues(t, 2, l[0]["total"])
		assert.EqualValues(t, 1, l[0]["present"])
		assert.EqualValues(t, 1, l[0]["absent"])
		keys(t, items(t, l[0]["users"])[0], "id", "name", "present")
	})
	t.Run("vote", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/vote", room)["list"])
		require.Len(t, l, 1)
		keys(t, l[0], "id", "subject", "type", "questions")
		q := items(t, l[0]["questions"])[0]
		// The spec table's shape: type and results nested in the options.
		keys(t, q, "id", "content", "answer", "options")
		o := items(t, q["options"])[0]
		keys(t, o, "value", "precentage", "result", "type", "results")
		assert.EqualValues(t, 12.5, o["precentage"])
		keys(t, items(t, o["results"])[0], "nickName", "uid", "content")
	})
	t.Run("chat", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/chat", room)["list"])
		require.Len(t, l, 1)
		keys(t, l[0], "time", "sender", "senderId", "msg")
	})
	t.Run("redpacket", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/redpacket", room)["redpacket"])
		require.Len(t, l, 1)
		keys(t, l[0], "userName", "issueTime", "type", "amount", "number", "receiveAmount", "receiveNumber", "users")
		keys(t, items(t, l[0]["users"])[0], "userId", "userName", "receiveTime", "amount")
	})
	t.Run("medal praise detail", func(t *testing.T) {
		keys(t, items(t, ok(t, srv, "/training/export/medal", room)["medalDtos"])[0], "userName", "userId", "count", "roomStartTime")
		keys(t, items(t, ok(t, srv, "/training/export/praise", room)["praiseDtos"])[0], "userName", "userId", "count", "roomStartTime")
		keys(t, items(t, ok(t, srv, "/training/export/praise/detail", room)["praiseDtos"])[0],
			"userId", "userName", "actionTime", "targetUserId", "targetUserName")
	})
	t.Run("room usage", func(t *testing.T) {
		l := items(t, ok(t, srv, "/training/export/room/usage", vals("startTime", now.Add(-24*time.Hour).Format(layoutDateTime),
			"endTime", now.Format(layoutDateTime)))["list"])
		require.Len(t, l, 1)
		keys(t, l[0], "id", "startTime", "endTime", "subject", "number", "maxConcurrent", "total", "maxConcurrentVip")
		assert.Equal(t, roomID, l[0]["id"])
		l = items(t, ok(t, srv, "/training/export/room/usage", vals("roomId", roomID,
			"startTime", now.Add(-6*24*time.Hour).Format(layoutDateTime), "endTime", now.Format(layoutDateTime)))["list"])
		assert.Len(t, l, 2)
	})
	t.Run("daily", func(t *testing.T) {
		days := vals("startDate", "2024-03-01", "endDate", "2024-03-10")
		rc := items(t, ok(t, srv, "/training/export/room/concurrent", days)["list"])
		require.Len(t, rc, 1)
		assert.Equal(t, "2024-03-10", rc[0]["date"])
		keys(t, rc[0], "date", "maxConcurrent", "maxvip")
		vc := items(t, ok(t, srv, "/training/export/vod/concurrent", days)["list"])
		require.Len(t, vc, 1)
		keys(t, vc[0], "date", "maxConcurrent")
		rw := items(t, ok(t, srv, "/training/export/reward", days)["list"])
		require.Len(t, rw, 1)
		keys(t, rw[0], "subject", "startDate", "endDate", "totalReward", "speakerInfoList")
		keys(t, items(t, rw[0]["speakerInfoList"])[0], "speakerName", "speakerReward")
		assert.Empty(t, items(t, ok(t, srv, "/training/export/reward", vals("startDate", "2024-02-01", "endDate", "2024-02-20"))["list"]))
	})
	t.Run("study", func(t *testing.T) {
		out := ok(t, srv, "/training/export/study/history", vals("date", "2024-03-10", "hour", "9"))
		l := items(t, out["list"])
		require.Len(t, l, 1)
		keys(t, l[0], "id", "uid", "startTime", "leaveTime", "name", "duration", "area", "device", "ip")
		assert.Equal(t, "6", l[0]["uid"])
		assert.Equal(t, "90", l[0]["duration"])
		assert.Empty(t, items(t, ok(t, srv, "/training/export/study/history", vals("date", "2024-03-10", "hour", "10"))["list"]))
	})
	t.Run("mini", func(t *testing.T) {
		r := items(t, ok(t, srv, "/training/miniroom/export/history", vals("id", miniID))["recordStatistics"])[0]
		keys(t, r, "userNickname", "userId", "medalCount", "handUpCount", "podiumDuration", "duration",
			"handUpTimeStampList", "rollCallDetailList", "podiumDetailList", "voteDetails", "answerSheetDetail")
		keys(t, items(t, r["handUpTimeStampList"])[0], "timeStamp")
		keys(t, items(t, r["rollCallDetailList"])[0], "answerTimestamp", "status", "timestamp")
		keys(t, items(t, r["podiumDetailList"])[0], "beginTime", "endTime")
		keys(t, items(t, r["voteDetails"])[0], "accuracy")
		keys(t, items(t, r["answerSheetDetail"])[0], "accuracy")
		s := items(t, ok(t, srv, "/training/miniroom/syn", nil)["roomStatistics"])[0]
		keys(t, s, "id", "stageNum", "handupNum", "watchTotalTime", "visitNum")
		assert.Equal(t, "501", code(t, srv, "/training/miniroom/export/history", vals("id", "nope")))
	})
	t.Run("no sessions: everything", func(t *testing.T) {
		other := srv.AddRoom("No sessions")
		srv.AddChat(ChatRecord{RoomID: other, SentTime: in1, Msg: "1"}, ChatRecord{RoomID: other, SentTime: in2, Msg: "2"})
		assert.Len(t, items(t, ok(t, srv, "/training/export/chat", vals("roomId", other))["list"]), 2)
	})
}
