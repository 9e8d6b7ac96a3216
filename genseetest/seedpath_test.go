package genseetest

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

var seedClock = time.Date(2024, 5, 6, 7, 8, 9, 0, chinaTime)

// seedEveryKind stores one record of every seed type through its Add
// method, each field set.
func seedEveryKind(srv *Server) {
	at := seedClock.Add(-time.Hour)
	srv.AddRecording(Recording{ID: 900, Name: "r", RoomID: "room", StartTime: at, EndTime: seedClock, Size: 1, CreatorID: 2})
	srv.AddCourseware(Courseware{ID: "cw", Number: "12345678", Token: "t", Subject: "s", URL: "u", RoomID: "room",
		Description: "d", CreatorID: 3, RecordID: 900, CreatedTime: at, StartTime: at, EndTime: seedClock, Duration: 4,
		GrType: gensee.GrTypeMedia, ConvertResult: gensee.ConvertResultFailed, Plan: "p", SpeakerInfo: "i", Views: 5})
	srv.AddDocument(Document{ID: 901, Name: "d", Upload: true, CreatedTime: at, ConvCode: gensee.ConvCodeConverting})
	srv.AddSession(Session{RoomID: "room", StartTime: at, EndTime: seedClock, MaxConcurrent: 6, Total: 7, MaxConcurrentVIP: 8})
	srv.AddAttendance(AttendanceRecord{RoomID: "room", UserID: 9, Nickname: "n", Name: "m", JoinTime: at, LeaveTime: seedClock,
		Area: "a", IP: "ip", Mobile: "mo", Company: "c", Device: gensee.DeviceIPhoneApp, IDCID: "x", ForeignHighLine: true})
	srv.AddQA(QARecord{RoomID: "room", SubmitterID: 10, Name: "n", Question: "q", SubmitTime: at, Published: true,
		AnswererID: 11, Response: "r", AnswerTime: seedClock})
	srv.AddRollCall(RollCallRecord{RoomID: "room", ID: "rc", StartTime: at, EndTime: seedClock,
		Users: []RollCallUser{{UserID: 12, Name: "u", Present: true}}})
	srv.AddVote(VoteRecord{RoomID: "room", ID: "v", Subject: "s", Type: gensee.VoteTypeAnswerCard, StartTime: at,
		Questions: []VoteQuestion{{ID: "q", Content: "c", Type: gensee.VoteQuestionMultiple, Answer: "1",
			Options: []VoteOption{{Value: "1", Percentage: 50, Result: "1"}}, Results: []VoteResult{{Nickname: "n", UserID: 13, Content: "1"}}}}})
	srv.AddChat(ChatRecord{RoomID: "room", SentTime: at, Sender: "s", SenderID: 14, Msg: "m"})
	srv.AddRedPacket(RedPacketRecord{RoomID: "room", UserName: "u", IssueTime: at, Type: gensee.RedPacketFixed, Amount: 15,
		Number: 16, ReceiveAmount: 17, ReceiveNumber: 18, Users: []RedPacketUser{{UserID: 19, UserName: "u", ReceiveTime: at, Amount: 20}}})
	srv.AddMedal(MedalRecord{RoomID: "room", UserName: "u", UserID: 21, Count: 22, RoomStartTime: at})
	srv.AddPraise(PraiseRecord{RoomID: "room", UserName: "u", UserID: 23, Count: 24, RoomStartTime: at})
	srv.AddPraiseDetail(PraiseDetailRecord{RoomID: "room", UserID: 25, UserName: "u", ActionTime: at, TargetUserID: 26, TargetUserName: "t"})
	srv.AddReward(RewardRecord{Subject: "s", StartTime: at, EndTime: seedClock, TotalReward: 27, Speakers: []SpeakerReward{{Name: "n", Reward: 28}}})
	srv.AddStudyRecord(StudyRecord{CoursewareID: "cw", UserID: 29, Name: "n", JoinTime: at, LeaveTime: seedClock, Duration: "30",
		Area: "a", IP: "ip", Device: gensee.StudyDeviceMobile})
	srv.AddRoomConcurrency(Concurrency{Date: at, MaxConcurrent: 31, MaxVIP: 32})
	srv.AddVodConcurrency(Concurrency{Date: at, MaxConcurrent: 33})
	srv.AddMiniRoomStudentStats(MiniRoomStudentStats{RoomID: "mini", Nickname: "n", UserID: 34, MedalCount: 35, HandUpCount: 36,
		PodiumDuration: 37, Duration: 38, HandUpTimes: []time.Time{at},
		RollCalls: []MiniRollCall{{StartTime: at, AnswerTime: seedClock, Status: gensee.MiniRoomRollCallNotReceived}},
		Podiums:   []MiniPodium{{StartTime: at, EndTime: seedClock}}, VoteAccuracies: []string{"1%"}, AnswerSheetAccuracies: []string{"2%"}})
	srv.AddMiniRoomStats(MiniRoomStats{RoomID: "mini", StageNum: 39, HandupNum: 40, WatchTotalTime: 41, VisitNum: 42})
}

// TestSaveStateKeepsEverySeedType saves one record of every seed type,
// loads the file into a new server and saves again: nothing is lost, and
// every export list holds its record.
func TestSaveStateKeepsEverySeedType(t *testing.T) {
	t.Parallel()
	a := NewServer(WithClock(func() time.Time { return seedClock }))
	defer a.Close()
	seedEveryKind(a)
	var first bytes.Buffer
	require.NoError(t, a.SaveState(&first))

	var snap savedState
	require.NoError(t, json.Unmarshal(first.Bytes(), &snap))
	e := snap.Exports
	assert.Equal(t, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		[]int{len(snap.Recordings), len(snap.Coursewares), len(snap.Documents), len(e.Sessions), len(e.Attendance),
			len(e.QA), len(e.RollCalls), len(e.Votes), len(e.Chats), len(e.RedPackets), len(e.Medals), len(e.Praises),
			len(e.PraiseDetail), len(e.Rewards), len(e.Study), len(e.RoomConc), len(e.VodConc), len(e.MiniStudents), len(e.MiniStats)})

	b := NewServer()
	defer b.Close()
	require.NoError(t, b.LoadState(bytes.NewReader(first.Bytes())))
	var second bytes.Buffer
	require.NoError(t, b.SaveState(&second))
	assert.JSONEq(t, first.String(), second.String())
}

// TestSeedDefaults checks what the seeding path fills in: fresh ids (above
// any seeded one), the clock's time, a recording's duration, a
// courseware's number and URL, and the records' own copies of their slices.
func TestSeedDefaults(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithClock(func() time.Time { return seedClock }))
	defer srv.Close()

	seeded := srv.AddRecording(Recording{ID: 5000000, StartTime: seedClock.Add(-time.Minute), EndTime: seedClock})
	fresh := srv.AddRecording(Recording{Name: "fresh"})
	doc := srv.AddDocument(Document{Name: "d"})
	ware := srv.AddCourseware(Courseware{Subject: "w"})
	users := []RollCallUser{{UserID: 1, Name: "before"}}
	srv.AddRollCall(RollCallRecord{RoomID: "room", Users: users})
	users[0].Name = "after" // the stored record keeps its own copy
	srv.AddVote(VoteRecord{RoomID: "room", Questions: []VoteQuestion{{}, {}}})

	assert.Equal(t, int64(5000000), seeded)
	assert.Greater(t, fresh, seeded, "a fresh id is above every seeded one")
	assert.Greater(t, doc, fresh)

	srv.mu.Lock()
	defer srv.mu.Unlock()
	st := srv.st
	assert.Equal(t, Recording{ID: seeded, StartTime: seedClock.Add(-time.Minute), EndTime: seedClock,
		CreatedTime: seedClock, Duration: 60000}, st.records[seeded].Recording)
	assert.Equal(t, Recording{ID: fresh, Name: "fresh", CreatedTime: seedClock}, st.records[fresh].Recording)
	assert.Equal(t, Document{ID: doc, Name: "d", CreatedTime: seedClock}, st.docs[doc].Document)
	w := st.wares[ware].Courseware
	assert.Regexp(t, `^[0-9]{8}$`, w.Number)
	assert.Equal(t, Courseware{ID: ware, Number: w.Number, URL: srv.URL() + "/training/site/v/" + w.Number,
		Subject: "w", CreatedTime: seedClock}, w)
	require.Len(t, st.rollcalls, 1)
	assert.NotEmpty(t, st.rollcalls[0].ID)
	assert.Equal(t, []RollCallUser{{UserID: 1, Name: "before"}}, st.rollcalls[0].Users)
	require.Len(t, st.votes, 1)
	v := st.votes[0]
	assert.Equal(t, []string{v.ID + "-1", v.ID + "-2"}, []string{v.Questions[0].ID, v.Questions[1].ID})
}
