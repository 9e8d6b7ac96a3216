package main

import (
	"fmt"
	"io"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// The ids that name the seeded demo objects in --fake mode; the fake
// server's own ids are random, so the demoIDs transport (watcher.go) swaps
// these in.
const (
	demoRoom     = "demo"
	demoMiniRoom = "demo-mini"
)

// fakePageSize is small so that a few demo items make multi-page walks.
const fakePageSize = 5

type fake struct {
	srv   *genseetest.Server
	alias map[string]string // demo id -> the fake's id
}

// seedDemo seeds srv with a little of everything, dated around now, and
// returns the aliases of the demo objects (demo id -> the fake's id).
func seedDemo(srv *genseetest.Server) map[string]string {
	now := time.Now()
	ago := func(d time.Duration) time.Time { return now.Add(-d).Truncate(time.Second) }

	room := srv.AddRoom("演示课堂 Demo classroom")
	srv.AddRoom("高一数学 Algebra I")
	srv.AddRoom("英语口语 Spoken English")
	mini := srv.AddMiniRoom("微课堂 Demo mini classroom")

	start, end := ago(3*time.Hour), ago(2*time.Hour)
	students := []struct {
		uid  int64
		name string
	}{{1001, "张三"}, {1002, "李四"}, {1003, "王五"}}
	for i, s := range students {
		join := start.Add(time.Duration(i) * 5 * time.Minute)
		srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: s.uid, Nickname: s.name, Name: s.name,
			JoinTime: join, LeaveTime: end, Area: "北京", IP: "10.0.0." + string(rune('1'+i)), Device: gensee.Device(i)})
		srv.AddChat(genseetest.ChatRecord{RoomID: room, SentTime: join.Add(time.Minute), Sender: s.name, SenderID: s.uid, Msg: "老师好"})
		srv.AddMedal(genseetest.MedalRecord{RoomID: room, UserName: s.name, UserID: s.uid, Count: i + 1, RoomStartTime: start})
		srv.AddPraise(genseetest.PraiseRecord{RoomID: room, UserName: s.name, UserID: s.uid, Count: 2 * i, RoomStartTime: start})
		srv.AddPraiseDetail(genseetest.PraiseDetailRecord{RoomID: room, UserID: s.uid, UserName: s.name,
			ActionTime: join.Add(10 * time.Minute), TargetUserID: 1, TargetUserName: "老师"})
		srv.AddMiniRoomStudentStats(genseetest.MiniRoomStudentStats{RoomID: mini, Nickname: s.name, UserID: s.uid,
			MedalCount: i, HandUpCount: i + 1, Duration: 1800})
	}
	srv.AddQA(genseetest.QARecord{RoomID: room, SubmitterID: 1001, Name: "张三", Question: "作业什么时候交?",
		SubmitTime: start.Add(20 * time.Minute), Published: true, AnswererID: 1, Response: "下周一", AnswerTime: start.Add(22 * time.Minute)})
	srv.AddRollCall(genseetest.RollCallRecord{RoomID: room, StartTime: start.Add(30 * time.Minute), EndTime: start.Add(31 * time.Minute),
		Users: []genseetest.RollCallUser{{UserID: 1001, Name: "张三", Present: true}, {UserID: 1002, Name: "李四"}}})
	srv.AddVote(genseetest.VoteRecord{RoomID: room, Subject: "随堂测验", StartTime: start.Add(40 * time.Minute),
		Questions: []genseetest.VoteQuestion{{Content: "1+1=?", Answer: "2", Options: []genseetest.VoteOption{
			{Value: "1", Percentage: 0.25}, {Value: "2", Percentage: 0.75}}}}})
	srv.AddRedPacket(genseetest.RedPacketRecord{RoomID: room, UserName: "老师", IssueTime: start.Add(45 * time.Minute),
		Amount: 1000, Number: 2, ReceiveAmount: 1000, ReceiveNumber: 2})
	srv.AddSession(genseetest.Session{RoomID: room, StartTime: start, EndTime: end, MaxConcurrent: 3, Total: 3})
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, chinaTime)
	for d := 1; d <= 3; d++ {
		day := today.AddDate(0, 0, -d)
		srv.AddRoomConcurrency(genseetest.Concurrency{Date: day, MaxConcurrent: 40 + d, MaxVIP: d})
		srv.AddVodConcurrency(genseetest.Concurrency{Date: day, MaxConcurrent: 10 + d})
	}
	srv.AddReward(genseetest.RewardRecord{Subject: "演示课堂 Demo classroom", StartTime: start, EndTime: end, TotalReward: 300,
		Speakers: []genseetest.SpeakerReward{{Name: "老师", Reward: 300}}})
	srv.AddMiniRoomStats(genseetest.MiniRoomStats{RoomID: mini, StageNum: 3, HandupNum: 6, WatchTotalTime: 5400, VisitNum: 3})

	for i := range 7 {
		rec := srv.AddRecording(genseetest.Recording{Name: "录制件 recording " + string(rune('A'+i)), RoomID: room,
			StartTime: start, EndTime: end, Size: int64(1+i) << 20, CreatorID: 1})
		ware := srv.AddCourseware(genseetest.Courseware{Subject: "课件 courseware " + string(rune('A'+i)), RoomID: room,
			RecordID: rec, StartTime: start, EndTime: end, Duration: end.Sub(start).Milliseconds(),
			ConvertResult: 1, CreatorID: 1, Views: 3 * i})
		srv.AddStudyRecord(genseetest.StudyRecord{CoursewareID: ware, UserID: 1001, Name: "张三",
			JoinTime: ago(90 * time.Minute), LeaveTime: ago(60 * time.Minute), Area: "上海", IP: "10.0.1.1"})
	}
	for i := range 6 {
		srv.AddDocument(genseetest.Document{Name: "文档 document " + string(rune('A'+i)) + ".pptx", Upload: i%2 == 0})
	}
	return map[string]string{demoRoom: room, demoMiniRoom: mini}
}

// startFake starts the in-process fake of --fake: its state loaded from
// --state when that file exists, else seeded with the demo data. The
// function it returns stops the fake and closes --state (written as the
// commands go, see genseetest.StateFile).
func startFake(g *globals, stderr io.Writer) (*fake, func(), error) {
	srv := genseetest.NewServer(genseetest.WithPageSize(fakePageSize))
	var (
		aliases map[string]string
		loaded  bool
		sf      *genseetest.StateFile
	)
	if g.state != "" {
		var err error
		if sf, aliases, loaded, err = openState(g.state, srv); err != nil {
			srv.Close()
			return nil, nil, err
		}
	}
	if !loaded {
		aliases = seedDemo(srv)
	}
	if sf != nil {
		if err := sf.Attach(srv, aliases); err != nil {
			_ = sf.Close()
			srv.Close()
			return nil, nil, fmt.Errorf("--state: %w", err)
		}
	}
	from := "with demo data"
	if loaded {
		from = "with the state of " + g.state
	}
	fmt.Fprintf(stderr, "gensee: --fake: using an in-process genseetest server at %s %s; nothing is sent to Gensee.\n"+
		"gensee: --fake: the room id %q names the demo classroom, %q the demo mini classroom.\n", srv.URL(), from, demoRoom, demoMiniRoom)
	f := &fake{srv: srv, alias: aliases}
	return f, func() {
		srv.Close()
		if sf != nil {
			if err := sf.Close(); err != nil {
				fmt.Fprintf(stderr, "gensee: %v\n", err)
			}
		}
	}, nil
}
