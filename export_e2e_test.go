package gensee_test

// End-to-end: the exports.

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// window is the export window of the suite: the day from t0.
func window(room string) *gensee.ExportOptions {
	return &gensee.ExportOptions{RoomID: room, StartTime: t0, EndTime: t0.Add(24 * time.Hour)}
}

func paged(room string, pageNo int) *gensee.PagedExportOptions {
	return &gensee.PagedExportOptions{ExportOptions: *window(room), PageNo: pageNo}
}

func seedMedals(e *env, room string, n int) {
	for i := range n {
		e.srv.AddMedal(genseetest.MedalRecord{RoomID: room, UserName: fmt.Sprintf("老师%03d", i), UserID: int64(100 + i), Count: i%5 + 1, RoomStartTime: t0})
	}
}

func seedPraises(e *env, room string, n int) {
	for i := range n {
		e.srv.AddPraise(genseetest.PraiseRecord{RoomID: room, UserName: fmt.Sprintf("学生%03d", i), UserID: int64(200 + i), Count: i + 1, RoomStartTime: t0})
	}
}

func seedPraiseDetails(e *env, room string, n int) {
	for i := range n {
		e.srv.AddPraiseDetail(genseetest.PraiseDetailRecord{
			RoomID: room, UserID: int64(300 + i), UserName: fmt.Sprintf("点赞人%03d", i),
			ActionTime: t0.Add(time.Duration(i) * time.Second), TargetUserID: 9, TargetUserName: "王老师",
		})
	}
}

// seedStudy adds n viewings on t0's day, a minute apart from 09:00, and one
// on the day before.
func seedStudy(e *env, n int) {
	for i := range n {
		start := t0.Add(time.Duration(i) * time.Minute)
		e.srv.AddStudyRecord(genseetest.StudyRecord{
			CoursewareID: "cw001", UserID: int64(2000 + i), Name: fmt.Sprintf("学员%03d", i),
			JoinTime: start, LeaveTime: start.Add(30 * time.Minute), Area: "上海", IP: "10.1.0.1", Device: 8,
		})
	}
	e.srv.AddStudyRecord(genseetest.StudyRecord{CoursewareID: "cw001", UserID: 1, Name: "昨天", JoinTime: t0.Add(-24 * time.Hour), LeaveTime: t0.Add(-23 * time.Hour)})
}

func exportCases() []methodCase {
	return []methodCase{
		nf(methodCase{
			method: "Exports.Attendance", path: "/training/export/history",
			ok: func(t *testing.T, e *env) {
				room, other := e.srv.AddRoom("出勤课堂"), e.srv.AddRoom("别的课堂")
				a1 := genseetest.AttendanceRecord{
					RoomID: room, UserID: 1001, Nickname: "小明", Name: "王小明", JoinTime: t0.Add(5 * time.Minute),
					LeaveTime: t0.Add(50 * time.Minute), Area: "北京", IP: "10.0.0.1", Mobile: "13800000000",
					Company: "第一中学", Device: 8, IDCID: "idc-7", ForeignHighLine: true,
				}
				a2 := genseetest.AttendanceRecord{RoomID: room, UserID: 1002, Nickname: "小红", JoinTime: t0.Add(10 * time.Minute), LeaveTime: t0.Add(40 * time.Minute), Device: 1}
				e.srv.AddAttendance(a1, a2,
					genseetest.AttendanceRecord{RoomID: room, UserID: 1003, JoinTime: t0.Add(-8 * 24 * time.Hour)},
					genseetest.AttendanceRecord{RoomID: other, UserID: 1004, JoinTime: t0.Add(5 * time.Minute)})
				rows, err := e.c.Exports.Attendance(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 2)
				r := rows[0]
				assert.Equal(t, int64(1001), r.UID)
				assert.Equal(t, []string{"小明", "王小明", "北京", "10.0.0.1", "13800000000", "第一中学", "idc-7"},
					[]string{r.Nickname, r.Name, r.Area, r.IP, r.Mobile, r.Company, r.IDCID})
				assert.Equal(t, gensee.DeviceIPhoneApp, r.Device)
				assert.True(t, r.ForeignHighLine)
				sameTime(t, a1.JoinTime, r.JoinTime)
				sameTime(t, a1.LeaveTime, r.LeaveTime)
				assert.Equal(t, int64(1002), rows[1].UID)
				assert.Equal(t, gensee.DevicePCWeb, rows[1].Device)
				assert.False(t, rows[1].ForeignHighLine)

				// Without a window: the last finished session.
				e.srv.AddSession(genseetest.Session{RoomID: room, StartTime: t0.Add(8 * time.Minute), EndTime: t0.Add(time.Hour)})
				rows, err = e.c.Exports.Attendance(e.ctx, &gensee.ExportOptions{RoomID: room})
				require.NoError(t, err)
				require.Len(t, rows, 1)
				assert.Equal(t, int64(1002), rows[0].UID)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Attendance(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.QA", path: "/training/export/qa",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("问答课堂")
				q := genseetest.QARecord{
					RoomID: room, SubmitterID: 1001, Name: "小明", Question: "什么是导数？\n请举例", SubmitTime: t0.Add(time.Minute),
					Published: true, AnswererID: 9, Response: "变化率", AnswerTime: t0.Add(2 * time.Minute),
				}
				e.srv.AddQA(q, genseetest.QARecord{RoomID: room, Question: "太早", SubmitTime: t0.Add(-time.Hour)})
				rows, err := e.c.Exports.QA(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				assert.Equal(t, int64(1001), rows[0].Submitter)
				assert.Equal(t, "小明", rows[0].Name)
				assert.Equal(t, "什么是导数？\n请举例", rows[0].Question)
				assert.True(t, rows[0].Published)
				assert.Equal(t, int64(9), rows[0].AnswerBy)
				assert.Equal(t, "变化率", rows[0].Response)
				sameTime(t, q.SubmitTime, rows[0].SubmitTime)
				sameTime(t, q.AnswerTime, rows[0].AnswerTime)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.QA(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.RollCalls", path: "/training/export/rollcall",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点名课堂")
				e.srv.AddRollCall(genseetest.RollCallRecord{
					RoomID: room, ID: "rc-1", StartTime: t0.Add(time.Minute), EndTime: t0.Add(2 * time.Minute),
					Users: []genseetest.RollCallUser{{UserID: 1, Name: "甲", Present: true}, {UserID: 2, Name: "乙"}, {UserID: 3, Name: "丙", Present: true}},
				})
				rows, err := e.c.Exports.RollCalls(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				rc := rows[0]
				assert.Equal(t, "rc-1", rc.ID)
				assert.Equal(t, []int{3, 2, 1}, []int{rc.Total, rc.Present, rc.Absent})
				sameTime(t, t0.Add(time.Minute), rc.StartTime)
				sameTime(t, t0.Add(2*time.Minute), rc.EndTime)
				require.Len(t, rc.Users, 3)
				assert.Equal(t, gensee.RollCallUser{ID: 2, Name: "乙", Present: false}, *rc.Users[1])
				assert.True(t, rc.Users[2].Present)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.RollCalls(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Votes", path: "/training/export/vote",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("投票课堂")
				e.srv.AddVote(genseetest.VoteRecord{
					RoomID: room, ID: "v-1", Subject: "课堂投票", Type: 0, StartTime: t0.Add(time.Minute),
					Questions: []genseetest.VoteQuestion{{
						ID: "q-1", Content: "1+1=?", Type: 0, Answer: "2",
						Options: []genseetest.VoteOption{{Value: "1", Percentage: 25, Result: "1"}, {Value: "2", Percentage: 75, Result: "3"}},
						Results: []genseetest.VoteResult{{Nickname: "小明", UserID: 1001, Content: "2"}},
					}},
				})
				rows, err := e.c.Exports.Votes(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				v := rows[0]
				assert.Equal(t, "v-1", v.ID)
				assert.Equal(t, "课堂投票", v.Subject)
				assert.Equal(t, gensee.VoteTypePoll, v.Type)
				require.Len(t, v.Questions, 1)
				q := v.Questions[0]
				assert.Equal(t, []string{"q-1", "1+1=?", "2"}, []string{q.ID, q.Content, q.Answer})
				assert.Equal(t, gensee.VoteQuestionSingle, q.Type)
				require.Len(t, q.Options, 2)
				// The fake answers the spec table's shape: type and results nested in the options.
				assert.Equal(t, gensee.VoteOption{Value: "1", Percentage: 25, Result: "1", Results: []*gensee.VoteResult{}}, *q.Options[0])
				assert.Equal(t, gensee.VoteOption{Value: "2", Percentage: 75, Result: "3",
					Results: []*gensee.VoteResult{{NickName: "小明", UID: 1001, Content: "2"}}}, *q.Options[1])
				require.Len(t, q.Results, 1)
				assert.Equal(t, gensee.VoteResult{NickName: "小明", UID: 1001, Content: "2"}, *q.Results[0])
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Votes(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Chat", path: "/training/export/chat",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("聊天课堂")
				e.srv.AddChat(
					genseetest.ChatRecord{RoomID: room, SentTime: t0.Add(time.Minute), Sender: "小明", SenderID: 1001, Msg: "老师好\t!"},
					genseetest.ChatRecord{RoomID: room, SentTime: t0.Add(2 * time.Minute), Sender: "王老师", SenderID: 9, Msg: "同学们好"},
				)
				rows, err := e.c.Exports.Chat(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 2)
				assert.Equal(t, "小明", rows[0].Sender)
				assert.Equal(t, int64(1001), rows[0].SenderID)
				assert.Equal(t, "老师好\t!", rows[0].Msg)
				sameTime(t, t0.Add(time.Minute), rows[0].Time)
				assert.Equal(t, "同学们好", rows[1].Msg)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Chat(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.RedPackets", path: "/training/export/redpacket",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("红包课堂")
				e.srv.AddRedPacket(genseetest.RedPacketRecord{
					RoomID: room, UserName: "王老师", IssueTime: t0.Add(time.Minute), Type: 1, Amount: 1000, Number: 10,
					ReceiveAmount: 300, ReceiveNumber: 3,
					Users: []genseetest.RedPacketUser{{UserID: 1001, UserName: "小明", ReceiveTime: t0.Add(90 * time.Second), Amount: 100}},
				})
				rows, err := e.c.Exports.RedPackets(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				p := rows[0]
				assert.Equal(t, "王老师", p.UserName)
				assert.Equal(t, gensee.RedPacketFixed, p.Type)
				assert.Equal(t, int64(1000), p.Amount)
				assert.Equal(t, 10, p.Number)
				assert.Equal(t, int64(300), p.ReceiveAmount)
				assert.Equal(t, int64(3), p.ReceiveNumber)
				sameTime(t, t0.Add(time.Minute), p.IssueTime)
				require.Len(t, p.Users, 1)
				assert.Equal(t, int64(1001), p.Users[0].UserID)
				assert.Equal(t, "小明", p.Users[0].UserName)
				assert.Equal(t, int64(100), p.Users[0].Amount)
				sameTime(t, t0.Add(90*time.Second), p.Users[0].ReceiveTime)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.RedPackets(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Medals", path: "/training/export/medal",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("勋章课堂")
				seedMedals(e, room, 60)
				p, err := e.c.Exports.Medals(e.ctx, paged(room, 2))
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				m := p.Items[3]
				assert.Equal(t, "老师053", m.UserName)
				assert.Equal(t, int64(153), m.UserID)
				assert.Equal(t, 53%5+1, m.Count)
				sameTime(t, t0, m.RoomStartTime)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Medals(e.ctx, paged("noSuchRoom", 1))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Praises", path: "/training/export/praise",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点赞课堂")
				seedPraises(e, room, 60)
				p, err := e.c.Exports.Praises(e.ctx, paged(room, 1))
				require.NoError(t, err)
				assert.Equal(t, []int{1, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 50)
				assert.Equal(t, gensee.Praise{UserName: "学生007", UserID: 207, Count: 8, RoomStartTime: p.Items[7].RoomStartTime}, *p.Items[7])
				sameTime(t, t0, p.Items[7].RoomStartTime)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Praises(e.ctx, paged("noSuchRoom", 1))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.PraiseDetails", path: "/training/export/praise/detail",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点赞课堂")
				seedPraiseDetails(e, room, 60)
				p, err := e.c.Exports.PraiseDetails(e.ctx, paged(room, 2))
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				d := p.Items[0]
				assert.Equal(t, int64(350), d.UserID)
				assert.Equal(t, "点赞人050", d.UserName)
				assert.Equal(t, int64(9), d.TargetUserID)
				assert.Equal(t, "王老师", d.TargetUserName)
				sameTime(t, t0.Add(50*time.Second), d.ActionTime)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.PraiseDetails(e.ctx, paged("noSuchRoom", 1))
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.StudyHistory", path: "/training/export/study/history",
			ok: func(t *testing.T, e *env) {
				seedStudy(e, 60)
				p, err := e.c.Exports.StudyHistory(e.ctx, &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20), PageNo: 2})
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				r := p.Items[0]
				assert.Equal(t, []string{"cw001", "2050", "学员050", "1800", "上海", "10.1.0.1"},
					[]string{r.ID, strconv.FormatInt(r.UID, 10), r.Name, r.Duration, r.Area, r.IP})
				assert.Equal(t, gensee.StudyDeviceIPhone, r.Device)
				sameTime(t, t0.Add(50*time.Minute), r.StartTime)
				sameTime(t, t0.Add(80*time.Minute), r.LeaveTime)

				p, err = e.c.Exports.StudyHistory(e.ctx, &gensee.StudyHistoryOptions{
					Date: gensee.NewDate(2024, time.May, 20), Hour: gensee.Ptr(9), JoinTimeSync: gensee.Ptr(false),
				})
				require.NoError(t, err)
				assert.Equal(t, 30, p.TotalCounts, "left between 09:30 and 09:59")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.StudyHistory(e.ctx, &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20)})
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.RoomUsage", path: "/training/export/room/usage",
			ok: func(t *testing.T, e *env) {
				room, other := e.srv.AddRoom("用量课堂"), e.srv.AddRoom("别的课堂")
				e.srv.AddSession(
					genseetest.Session{RoomID: room, StartTime: t0, EndTime: t0.Add(time.Hour), MaxConcurrent: 30, Total: 45, MaxConcurrentVIP: 3},
					genseetest.Session{RoomID: other, StartTime: t0, EndTime: t0.Add(time.Hour), MaxConcurrent: 5, Total: 5},
					genseetest.Session{RoomID: room, StartTime: t0.Add(-10 * 24 * time.Hour), EndTime: t0.Add(-10*24*time.Hour + time.Hour)},
				)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				rows, err := e.c.Exports.RoomUsage(e.ctx, &gensee.RoomUsageOptions{RoomID: room, StartTime: t0, EndTime: t0.Add(24 * time.Hour)})
				require.NoError(t, err)
				require.Len(t, rows, 1)
				u := rows[0]
				assert.Equal(t, []string{room, "用量课堂", info.Number}, []string{u.ID, u.Subject, u.Number})
				assert.Equal(t, []int{30, 45, 3}, []int{u.MaxConcurrent, u.Total, u.MaxConcurrentVIP})
				sameTime(t, t0, u.StartTime)
				sameTime(t, t0.Add(time.Hour), u.EndTime)

				rows, err = e.c.Exports.RoomUsage(e.ctx, &gensee.RoomUsageOptions{StartTime: t0, EndTime: t0.Add(24 * time.Hour)})
				require.NoError(t, err)
				assert.Len(t, rows, 2, "every room")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.RoomUsage(e.ctx, &gensee.RoomUsageOptions{RoomID: "noSuchRoom", StartTime: t0, EndTime: t0.Add(time.Hour)})
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.RoomConcurrency", path: "/training/export/room/concurrent",
			ok: func(t *testing.T, e *env) {
				e.srv.AddRoomConcurrency(
					genseetest.Concurrency{Date: t0, MaxConcurrent: 120, MaxVIP: 7},
					genseetest.Concurrency{Date: t0.Add(24 * time.Hour), MaxConcurrent: 80},
					genseetest.Concurrency{Date: t0.Add(40 * 24 * time.Hour), MaxConcurrent: 1},
				)
				rows, err := e.c.Exports.RoomConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 31))
				require.NoError(t, err)
				require.Len(t, rows, 2)
				assert.Equal(t, gensee.DailyConcurrency{Date: gensee.NewDate(2024, time.May, 20), MaxConcurrent: 120, MaxVIP: 7}, *rows[0])
				assert.Equal(t, gensee.DailyConcurrency{Date: gensee.NewDate(2024, time.May, 21), MaxConcurrent: 80}, *rows[1])
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.RoomConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 31))
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.VodConcurrency", path: "/training/export/vod/concurrent",
			ok: func(t *testing.T, e *env) {
				e.srv.AddVodConcurrency(
					genseetest.Concurrency{Date: t0, MaxConcurrent: 33},
					genseetest.Concurrency{Date: t0.Add(-24 * time.Hour), MaxConcurrent: 1},
				)
				rows, err := e.c.Exports.VodConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 20))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				assert.Equal(t, gensee.DailyConcurrency{Date: gensee.NewDate(2024, time.May, 20), MaxConcurrent: 33}, *rows[0])
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.VodConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 20))
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.Rewards", path: "/training/export/reward",
			ok: func(t *testing.T, e *env) {
				e.srv.AddReward(
					genseetest.RewardRecord{
						Subject: "高一数学", StartTime: t0, EndTime: t0.Add(time.Hour), TotalReward: 500,
						Speakers: []genseetest.SpeakerReward{{Name: "王老师", Reward: 300}, {Name: "李老师", Reward: 200}},
					},
					genseetest.RewardRecord{Subject: "上个月", StartTime: t0.AddDate(0, -1, 0)},
				)
				rows, err := e.c.Exports.Rewards(e.ctx, gensee.NewDate(2024, time.May, 1), gensee.NewDate(2024, time.May, 30))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				r := rows[0]
				assert.Equal(t, "高一数学", r.Subject)
				assert.Equal(t, int64(500), r.TotalReward)
				sameTime(t, t0, r.StartDate)
				sameTime(t, t0.Add(time.Hour), r.EndDate)
				require.Len(t, r.SpeakerInfoList, 2)
				assert.Equal(t, gensee.SpeakerInfo{SpeakerName: "李老师", SpeakerReward: 200}, *r.SpeakerInfoList[1])
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.Rewards(e.ctx, gensee.NewDate(2024, time.May, 1), gensee.NewDate(2024, time.May, 30))
				return err
			},
		}),
	}
}
