package gensee

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportMs is the Time of epoch milliseconds, as the decoder makes it.
func exportMs(ms int64) Time { return Time{time.UnixMilli(ms)} }

// exportCST is the Time of a "yyyy-MM-dd HH:mm:ss" text of the server.
func exportCST(y int, m time.Month, d, h, mi, s int) Time {
	return Time{time.Date(y, m, d, h, mi, s, 0, ChinaZone())}
}

var (
	exportStart = time.UnixMilli(1709568000000)       // 2024-03-05 00:00:00 CST
	exportEnd   = exportStart.Add(7 * 24 * time.Hour) // exactly the 7-day limit
	exportRoom  = "mquQf2"
)

// exportWindowForm is the form of ExportOptions{exportRoom, exportStart, exportEnd}.
var exportWindowForm = []string{"roomId", exportRoom, "startTime", "1709568000000", "endTime", "1710172800000"}

// exportRoomCall is a classroom export (one that takes ExportOptions, or
// PagedExportOptions with PageNo 0), called with o (nil passes nil).
type exportRoomCall struct {
	name string
	path string
	call func(ctx context.Context, c *Client, o *ExportOptions) (any, error)
}

func exportPagedOpts(o *ExportOptions) *PagedExportOptions {
	if o == nil {
		return nil
	}
	return &PagedExportOptions{ExportOptions: *o}
}

var exportRoomCalls = []exportRoomCall{
	{"Attendance", "/training/export/history", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.Attendance(ctx, o)
	}},
	{"QA", "/training/export/qa", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.QA(ctx, o)
	}},
	{"RollCalls", "/training/export/rollcall", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.RollCalls(ctx, o)
	}},
	{"Votes", "/training/export/vote", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.Votes(ctx, o)
	}},
	{"Chat", "/training/export/chat", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.Chat(ctx, o)
	}},
	{"RedPackets", "/training/export/redpacket", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.RedPackets(ctx, o)
	}},
	{"Medals", "/training/export/medal", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.Medals(ctx, exportPagedOpts(o))
	}},
	{"Praises", "/training/export/praise", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.Praises(ctx, exportPagedOpts(o))
	}},
	{"PraiseDetails", "/training/export/praise/detail", func(ctx context.Context, c *Client, o *ExportOptions) (any, error) {
		return c.Exports.PraiseDetails(ctx, exportPagedOpts(o))
	}},
}

// exportAllMethods calls every method of the service with valid input.
var exportAllMethods = append(append([]exportRoomCall{}, exportRoomCalls...),
	exportRoomCall{"StudyHistory", "/training/export/study/history", func(ctx context.Context, c *Client, _ *ExportOptions) (any, error) {
		return c.Exports.StudyHistory(ctx, &StudyHistoryOptions{Date: NewDate(2024, 3, 5)})
	}},
	exportRoomCall{"RoomUsage", "/training/export/room/usage", func(ctx context.Context, c *Client, _ *ExportOptions) (any, error) {
		return c.Exports.RoomUsage(ctx, &RoomUsageOptions{StartTime: exportStart, EndTime: exportEnd})
	}},
	exportRoomCall{"RoomConcurrency", "/training/export/room/concurrent", func(ctx context.Context, c *Client, _ *ExportOptions) (any, error) {
		return c.Exports.RoomConcurrency(ctx, NewDate(2024, 3, 1), NewDate(2024, 3, 31))
	}},
	exportRoomCall{"VodConcurrency", "/training/export/vod/concurrent", func(ctx context.Context, c *Client, _ *ExportOptions) (any, error) {
		return c.Exports.VodConcurrency(ctx, NewDate(2024, 3, 1), NewDate(2024, 3, 31))
	}},
	exportRoomCall{"Rewards", "/training/export/reward", func(ctx context.Context, c *Client, _ *ExportOptions) (any, error) {
		return c.Exports.Rewards(ctx, NewDate(2024, 3, 1), NewDate(2024, 3, 31))
	}},
)

func TestExportDecode(t *testing.T) {
	window := &ExportOptions{RoomID: exportRoom, StartTime: exportStart, EndTime: exportEnd}
	last := &ExportOptions{RoomID: exportRoom}
	tests := []struct {
		name   string
		path   string
		golden string
		call   func(context.Context, *Client) (any, error)
		form   []string
		want   any
	}{
		{
			name: "Attendance", path: "/training/export/history", golden: "export/history.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.Attendance(ctx, window) },
			form: exportWindowForm,
			want: []*Attendance{
				{UID: 1000000123, Nickname: "张三\t(助教)", Name: "张三", Area: "北京市", IP: "123.125.71.38",
					Mobile: "13800138000", Company: "展示互动", JoinTime: exportMs(1709636531000), LeaveTime: exportMs(1709643600000),
					Device: DeviceIPhoneApp, IDCID: "hk-02", ForeignHighLine: true},
				{UID: 1000000456, Nickname: "李四", Name: "李四", Area: "上海市", IP: "101.226.4.6",
					JoinTime: exportMs(1709636400000), LeaveTime: exportMs(1709640000000), Device: DevicePCClient},
				{UID: 2001, Nickname: "王五", JoinTime: exportMs(1709636460000), LeaveTime: exportMs(1709636520000), Device: Device(99)},
			},
		},
		{
			name: "QA", path: "/training/export/qa", golden: "export/qa.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.QA(ctx, last) },
			form: []string{"roomId", exportRoom},
			want: []*Question{
				{Submitter: 1000000123, Name: "张三", Question: "老师，第二题\r\n怎么做？\t谢谢", SubmitTime: exportMs(1709637000000),
					Published: true, AnswerBy: 1000000001, Response: "先看\n例题三", AnswerTime: exportMs(1709637120000)},
				{Submitter: 1000000456, Name: "李四", Question: "可以回放吗", SubmitTime: exportMs(1709637300000)},
			},
		},
		{
			name: "RollCalls", path: "/training/export/rollcall", golden: "export/rollcall.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.RollCalls(ctx, window) },
			form: exportWindowForm,
			want: []*RollCall{
				{ID: "rc-7781", StartTime: exportMs(1709637600000), EndTime: exportMs(1709637660000), Total: 3, Present: 2, Absent: 1,
					Users: []*RollCallUser{{ID: 1000000123, Name: "张三", Present: true}, {ID: 1000000456, Name: "李四", Present: true}, {ID: 2001, Name: "王五"}}},
				{ID: "rc-7782", StartTime: exportMs(1709638000000), EndTime: exportMs(1709638060000), Users: []*RollCallUser{}},
			},
		},
		{
			name: "Votes", path: "/training/export/vote", golden: "export/vote.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.Votes(ctx, last) },
			form: []string{"roomId", exportRoom},
			want: []*Vote{
				{ID: "v-3301", Subject: "课堂满意度", Type: VoteTypePoll, Questions: []*VoteQuestion{
					{ID: "q-1", Content: "你喜欢这节课吗？", Type: VoteQuestionSingle,
						Options: []*VoteOption{{Value: "喜欢", Percentage: 66.67, Result: "2", Results: []*VoteResult{}}, {Value: "一般", Percentage: 33.33, Result: "1", Results: []*VoteResult{}}, {Value: "不喜欢", Percentage: 0, Result: "0", Results: []*VoteResult{}}},
						Results: []*VoteResult{{"张三", 1000000123, "喜欢"}, {"李四", 1000000456, "一般"}}},
					{ID: "q-2", Content: "建议", Type: VoteQuestionText, Options: []*VoteOption{},
						Results: []*VoteResult{{"张三", 1000000123, "多讲例题"}}},
				}},
				{ID: "v-3302", Type: VoteTypeAnswerCard, Questions: []*VoteQuestion{
					{ID: "q-9", Answer: "1,2", Type: VoteQuestionMultiple,
						Options: []*VoteOption{{Value: "A", Percentage: 50, Result: "1", Results: []*VoteResult{}}, {Value: "B", Percentage: 100, Result: "2", Results: []*VoteResult{}}}, Results: []*VoteResult{}},
				}},
			},
		},
		{
			// The spec table's shape: type and results nested in the options
			// (v0.1 dropped every answer). q-3 has both keys itself: they win,
			// and its present but empty results stay empty.
			name: "Votes, the spec table's shape", path: "/training/export/vote", golden: "export/vote_table.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.Votes(ctx, last) },
			form: []string{"roomId", exportRoom},
			want: []*Vote{
				{ID: "v-4401", Subject: "课堂测验", Type: VoteTypePoll, Questions: []*VoteQuestion{
					{ID: "q-1", Content: "1+1=?", Answer: "2", Type: VoteQuestionSingle,
						Options: []*VoteOption{
							{Value: "1", Percentage: 25, Result: "1", Type: VoteQuestionSingle, Results: []*VoteResult{{"小红", 1000000111, "1"}}},
							{Value: "2", Percentage: 75, Result: "3", Type: VoteQuestionSingle, Results: []*VoteResult{{"小明", 1000000222, "2"}, {"小刚", 1000000333, "2"}}},
						},
						Results: []*VoteResult{{"小红", 1000000111, "1"}, {"小明", 1000000222, "2"}, {"小刚", 1000000333, "2"}}},
					{ID: "q-2", Content: "选出偶数", Answer: "2,4", Type: VoteQuestionMultiple,
						Options: []*VoteOption{
							{Value: "2", Percentage: 100, Result: "1", Type: VoteQuestionMultiple, Results: []*VoteResult{}},
							{Value: "4", Percentage: 0, Result: "0", Type: VoteQuestionMultiple, Results: []*VoteResult{}},
						},
						Results: []*VoteResult{}},
					{ID: "q-3", Content: "感想", Type: VoteQuestionText,
						Options: []*VoteOption{{Value: "x", Result: "0", Type: VoteQuestionMultiple, Results: []*VoteResult{{"小红", 1, "x"}}}},
						Results: []*VoteResult{}},
				}},
			},
		},
		{
			name: "Chat", path: "/training/export/chat", golden: "export/chat.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.Chat(ctx, window) },
			form: exportWindowForm,
			want: []*ChatMessage{
				{Time: exportMs(1709636700000), Sender: "张三", SenderID: 1000000123, Msg: "老师好\r\n第二行\t缩进"},
				{Time: exportMs(1709636760000), Sender: "李四", SenderID: 1000000456, Msg: "收到\n"},
			},
		},
		{
			name: "RedPackets", path: "/training/export/redpacket", golden: "export/redpacket.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Exports.RedPackets(ctx, last) },
			form: []string{"roomId", exportRoom},
			want: []*RedPacket{
				{UserName: "王老师", IssueTime: exportMs(1709638200000), Type: RedPacketRandom, Amount: 1000, Number: 3,
					ReceiveAmount: 700, ReceiveNumber: 2, Users: []*RedPacketUser{
						{UserID: 1000000123, UserName: "张三", ReceiveTime: exportMs(1709638205000), Amount: 400},
						{UserID: 1000000456, UserName: "李四", ReceiveTime: exportMs(1709638207000), Amount: 300},
					}},
				{UserName: "王老师", IssueTime: exportMs(1709638800000), Type: RedPacketType(3), Amount: 500, Number: 1,
					Users: []*RedPacketUser{}},
			},
		},
		{
			name: "Medals", path: "/training/export/medal", golden: "export/medal.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.Medals(ctx, &PagedExportOptions{ExportOptions: *window, PageNo: 1})
			},
			form: append([]string{"pageNo", "1"}, exportWindowForm...),
			want: &Page[*Medal]{PageNo: 1, TotalPages: 1, TotalCounts: 2, Items: []*Medal{
				{UserName: "王老师", UserID: 1000000001, Count: 5, RoomStartTime: exportMs(1709636400000)},
				{UserName: "赵助教", UserID: 1000000002, Count: 2, RoomStartTime: exportCST(2024, 3, 5, 19, 0, 0)},
			}},
		},
		{
			name: "Praises", path: "/training/export/praise", golden: "export/praise.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.Praises(ctx, &PagedExportOptions{ExportOptions: *last})
			},
			form: []string{"roomId", exportRoom},
			want: &Page[*Praise]{PageNo: 1, TotalPages: 1, TotalCounts: 2, Items: []*Praise{
				{UserName: "张三", UserID: 1000000123, Count: 12, RoomStartTime: exportMs(1709636400000)},
				{UserName: "李四", UserID: 1000000456, Count: 3, RoomStartTime: exportMs(1709636400000)},
			}},
		},
		{
			name: "PraiseDetails", path: "/training/export/praise/detail", golden: "export/praise_detail.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.PraiseDetails(ctx, &PagedExportOptions{ExportOptions: *window})
			},
			form: exportWindowForm,
			want: &Page[*PraiseDetail]{PageNo: 1, TotalPages: 1, TotalCounts: 2, Items: []*PraiseDetail{
				{UserID: 1000000123, UserName: "张三", ActionTime: exportMs(1709637900000), TargetUserID: 1000000001, TargetUserName: "王老师"},
				{UserID: 1000000456, UserName: "李四", ActionTime: exportCST(2024, 3, 5, 19, 25, 30), TargetUserID: 1000000123, TargetUserName: "张三"},
			}},
		},
		{
			name: "StudyHistory", path: "/training/export/study/history", golden: "export/study_history.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.StudyHistory(ctx, &StudyHistoryOptions{Date: NewDate(2024, 3, 5)})
			},
			form: []string{"date", "2024-03-05 00:00:00"},
			want: &Page[*StudyRecord]{PageNo: 1, TotalPages: 1, TotalCounts: 2, Items: []*StudyRecord{
				{ID: "a7Fq2LmZ9k", UID: 1000000123, Name: "张三", Duration: "1800", Area: "北京市", IP: "123.125.71.38",
					StartTime: exportMs(1709600400000), LeaveTime: exportMs(1709602200000), Device: StudyDeviceMobile},
				{ID: "a7Fq2LmZ9k", UID: 1000000456, Name: "李四", Duration: "600", Area: "上海市", IP: "101.226.4.6",
					StartTime: exportMs(1709604000000), LeaveTime: exportMs(1709604600000), Device: StudyDeviceIPhonePlayerSDK},
			}},
		},
		{
			name: "RoomUsage", path: "/training/export/room/usage", golden: "export/room_usage.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.RoomUsage(ctx, &RoomUsageOptions{StartTime: exportStart, EndTime: exportEnd})
			},
			form: []string{"startTime", "1709568000000", "endTime", "1710172800000"},
			want: []*RoomUsage{
				{ID: "mquQf2", Subject: "高等数学 第3讲", Number: "34154643", StartTime: exportMs(1709636400000), EndTime: exportMs(1709643600000),
					MaxConcurrent: 128, Total: 256, MaxConcurrentVIP: 12},
				{ID: "FopnX4Bqmo", Subject: "大学英语", Number: "34154644", StartTime: exportCST(2024, 3, 6, 9, 0, 0), EndTime: exportCST(2024, 3, 6, 10, 30, 0),
					MaxConcurrent: 40, Total: 55},
			},
		},
		{
			name: "RoomConcurrency", path: "/training/export/room/concurrent", golden: "export/room_concurrent.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.RoomConcurrency(ctx, NewDate(2024, 3, 1), NewDate(2024, 3, 2))
			},
			form: []string{"startDate", "2024-03-01", "endDate", "2024-03-02"},
			want: []*DailyConcurrency{
				{Date: NewDate(2024, 3, 1), MaxConcurrent: 320, MaxVIP: 15},
				{Date: NewDate(2024, 3, 2)},
			},
		},
		{
			name: "VodConcurrency", path: "/training/export/vod/concurrent", golden: "export/vod_concurrent.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.VodConcurrency(ctx, NewDate(2024, 3, 1), NewDate(2024, 3, 31))
			},
			form: []string{"startDate", "2024-03-01", "endDate", "2024-03-31"},
			want: []*DailyConcurrency{
				{Date: NewDate(2024, 3, 1), MaxConcurrent: 88},
				{Date: NewDate(2024, 3, 2), MaxConcurrent: 91},
			},
		},
		{
			name: "Rewards", path: "/training/export/reward", golden: "export/reward.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Exports.Rewards(ctx, NewDate(2024, 2, 20), NewDate(2024, 3, 6))
			},
			form: []string{"startDate", "2024-02-20", "endDate", "2024-03-06"},
			want: []*Reward{
				{Subject: "高等数学 第3讲", StartDate: exportMs(1709636400000), EndDate: exportMs(1709643600000), TotalReward: 1500,
					SpeakerInfoList: []*SpeakerInfo{{"王老师", 1000}, {"赵老师", 500}}},
				{Subject: "大学英语", StartDate: exportCST(2024, 3, 6, 9, 0, 0), EndDate: exportCST(2024, 3, 6, 10, 30, 0),
					SpeakerInfoList: []*SpeakerInfo{}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden(tt.path, tt.golden)
			got, err := tt.call(t.Context(), h.client)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, 1, h.calls())
		})
	}
}

// The golden files really carry raw control characters inside strings, so
// the decode tests above prove the client's decoder keeps them.
func TestExportGoldenControlCharacters(t *testing.T) {
	for _, name := range []string{"export/chat.json", "export/qa.json"} {
		b := golden(t, name)
		assert.Contains(t, b, "\t", name)
		assert.Contains(t, b, "\r\n", name)
		assert.False(t, json.Valid([]byte(b)), "%s must not be strict JSON", name)
	}
}

func TestExportMissingListIsEmpty(t *testing.T) {
	for _, m := range exportAllMethods {
		t.Run(m.name, func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, okBody)
			got, err := m.call(t.Context(), h.client, &ExportOptions{RoomID: exportRoom})
			require.NoError(t, err)
			var n int
			switch v := got.(type) {
			case []*Attendance:
				require.NotNil(t, v)
				n = len(v)
			case []*Question:
				require.NotNil(t, v)
				n = len(v)
			case []*RollCall:
				require.NotNil(t, v)
				n = len(v)
			case []*Vote:
				require.NotNil(t, v)
				n = len(v)
			case []*ChatMessage:
				require.NotNil(t, v)
				n = len(v)
			case []*RedPacket:
				require.NotNil(t, v)
				n = len(v)
			case []*RoomUsage:
				require.NotNil(t, v)
				n = len(v)
			case []*DailyConcurrency:
				require.NotNil(t, v)
				n = len(v)
			case []*Reward:
				require.NotNil(t, v)
				n = len(v)
			case *Page[*Medal]:
				require.NotNil(t, v.Items)
				n = len(v.Items)
				assert.Equal(t, &Page[*Medal]{Items: []*Medal{}, PageNo: 1, TotalPages: 1}, v)
			case *Page[*Praise]:
				require.NotNil(t, v.Items)
				n = len(v.Items)
			case *Page[*PraiseDetail]:
				require.NotNil(t, v.Items)
				n = len(v.Items)
			case *Page[*StudyRecord]:
				require.NotNil(t, v.Items)
				n = len(v.Items)
				assert.Equal(t, &Page[*StudyRecord]{Items: []*StudyRecord{}, PageNo: 1, TotalPages: 1}, v)
			default:
				t.Fatalf("unexpected result %T", got)
			}
			assert.Zero(t, n)
		})
	}
}

// The room exports send no times without a window (the server then exports
// the last finished session), and a window of exactly 7 days as epoch ms.
func TestExportRoomWindowForms(t *testing.T) {
	for _, m := range exportRoomCalls {
		t.Run(m.name, func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, okBody)
			_, err := m.call(t.Context(), h.client, &ExportOptions{RoomID: exportRoom})
			require.NoError(t, err)
			h.assertForm("roomId", exportRoom)

			_, err = m.call(t.Context(), h.client, &ExportOptions{RoomID: exportRoom, StartTime: exportStart, EndTime: exportEnd})
			require.NoError(t, err)
			h.assertForm(exportWindowForm...)

			same := &ExportOptions{RoomID: exportRoom, StartTime: exportStart, EndTime: exportStart}
			_, err = m.call(t.Context(), h.client, same)
			require.NoError(t, err)
			h.assertForm("roomId", exportRoom, "startTime", "1709568000000", "endTime", "1709568000000")
		})
	}
}

func TestExportRoomWindowRules(t *testing.T) {
	bad := []struct {
		name  string
		opts  *ExportOptions
		field string
	}{
		{"nil options", nil, "request"},
		{"no roomId", &ExportOptions{}, "roomId"},
		{"blank roomId", &ExportOptions{RoomID: "  ", StartTime: exportStart, EndTime: exportEnd}, "roomId"},
		{"start without end", &ExportOptions{RoomID: exportRoom, StartTime: exportStart}, "endTime"},
		{"end without start", &ExportOptions{RoomID: exportRoom, EndTime: exportEnd}, "startTime"},
		{"start after end", &ExportOptions{RoomID: exportRoom, StartTime: exportEnd, EndTime: exportStart}, "endTime"},
		{"more than 7 days", &ExportOptions{RoomID: exportRoom, StartTime: exportStart, EndTime: exportEnd.Add(time.Millisecond)}, "endTime"},
	}
	for _, m := range exportRoomCalls {
		for _, tt := range bad {
			t.Run(m.name+"/"+tt.name, func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, okBody)
				got, err := m.call(t.Context(), h.client, tt.opts)
				assertValidation(t, err, m.path, tt.field)
				assert.Nil(t, got)
				h.assertNothingSent()
			})
		}
	}
}

func TestExportPagedRules(t *testing.T) {
	paged := []struct {
		name string
		path string
		call func(context.Context, *Client, *PagedExportOptions) (any, error)
	}{
		{"Medals", "/training/export/medal", func(ctx context.Context, c *Client, o *PagedExportOptions) (any, error) {
			return c.Exports.Medals(ctx, o)
		}},
		{"Praises", "/training/export/praise", func(ctx context.Context, c *Client, o *PagedExportOptions) (any, error) {
			return c.Exports.Praises(ctx, o)
		}},
		{"PraiseDetails", "/training/export/praise/detail", func(ctx context.Context, c *Client, o *PagedExportOptions) (any, error) {
			return c.Exports.PraiseDetails(ctx, o)
		}},
	}
	for _, m := range paged {
		t.Run(m.name, func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, okBody)
			_, err := m.call(t.Context(), h.client, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: exportRoom}, PageNo: -1})
			assertValidation(t, err, m.path, "pageNo")
			h.assertNothingSent()

			// praise/detail documents no pageNo, but it is sent like the others.
			_, err = m.call(t.Context(), h.client, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: exportRoom}, PageNo: 4})
			require.NoError(t, err)
			h.assertForm("roomId", exportRoom, "pageNo", "4")
		})
	}
}

func TestExportStudyHistoryRules(t *testing.T) {
	const path = "/training/export/study/history"
	day := NewDate(2024, 3, 5)
	bad := []struct {
		name  string
		opts  *StudyHistoryOptions
		field string
	}{
		{"nil options", nil, "request"},
		{"no date", &StudyHistoryOptions{Hour: Ptr(3)}, "date"},
		{"hour below 0", &StudyHistoryOptions{Date: day, Hour: Ptr(-1)}, "hour"},
		{"hour above 23", &StudyHistoryOptions{Date: day, Hour: Ptr(24)}, "hour"},
		{"negative page", &StudyHistoryOptions{Date: day, PageNo: -1}, "pageNo"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(path, 200, okBody)
			got, err := h.client.Exports.StudyHistory(t.Context(), tt.opts)
			assertValidation(t, err, path, tt.field)
			assert.Nil(t, got)
			h.assertNothingSent()
		})
	}
	good := []struct {
		name string
		opts *StudyHistoryOptions
		form []string
	}{
		{"date only", &StudyHistoryOptions{Date: day}, []string{"date", "2024-03-05 00:00:00"}},
		{"hour 0 and by leave time", &StudyHistoryOptions{Date: day, Hour: Ptr(0), JoinTimeSync: Ptr(false), PageNo: 2},
			[]string{"date", "2024-03-05 00:00:00", "hour", "0", "joinTimeSync", "false", "pageNo", "2"}},
		{"hour 23 by join time", &StudyHistoryOptions{Date: NewDate(2023, 12, 31), Hour: Ptr(23), JoinTimeSync: Ptr(true)},
			[]string{"date", "2023-12-31 00:00:00", "hour", "23", "joinTimeSync", "true"}},
	}
	for _, tt := range good {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(path, 200, okBody)
			_, err := h.client.Exports.StudyHistory(t.Context(), tt.opts)
			require.NoError(t, err)
			h.assertForm(tt.form...)
		})
	}
}

func TestExportRoomUsageRules(t *testing.T) {
	const path = "/training/export/room/usage"
	bad := []struct {
		name  string
		opts  *RoomUsageOptions
		field string
	}{
		{"nil options", nil, "request"},
		{"no times", &RoomUsageOptions{RoomID: exportRoom}, "startTime"},
		{"start without end", &RoomUsageOptions{StartTime: exportStart}, "endTime"},
		{"end without start", &RoomUsageOptions{EndTime: exportEnd}, "startTime"},
		{"start after end", &RoomUsageOptions{StartTime: exportEnd, EndTime: exportStart}, "endTime"},
		{"more than 7 days", &RoomUsageOptions{StartTime: exportStart, EndTime: exportEnd.Add(time.Millisecond)}, "endTime"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(path, 200, okBody)
			got, err := h.client.Exports.RoomUsage(t.Context(), tt.opts)
			assertValidation(t, err, path, tt.field)
			assert.Nil(t, got)
			h.assertNothingSent()
		})
	}
	t.Run("one room", func(t *testing.T) {
		h := setup(t)
		h.on(path, 200, okBody)
		_, err := h.client.Exports.RoomUsage(t.Context(), &RoomUsageOptions{RoomID: exportRoom, StartTime: exportStart, EndTime: exportEnd})
		require.NoError(t, err)
		h.assertForm(exportWindowForm...)
	})
}

func TestExportDailyRules(t *testing.T) {
	methods := []struct {
		name string
		path string
		call func(context.Context, *Client, Date, Date) (any, error)
	}{
		{"RoomConcurrency", "/training/export/room/concurrent", func(ctx context.Context, c *Client, f, to Date) (any, error) {
			return c.Exports.RoomConcurrency(ctx, f, to)
		}},
		{"VodConcurrency", "/training/export/vod/concurrent", func(ctx context.Context, c *Client, f, to Date) (any, error) {
			return c.Exports.VodConcurrency(ctx, f, to)
		}},
		{"Rewards", "/training/export/reward", func(ctx context.Context, c *Client, f, to Date) (any, error) {
			return c.Exports.Rewards(ctx, f, to)
		}},
	}
	from := NewDate(2024, 2, 15)
	bad := []struct {
		name     string
		from, to Date
		field    string
	}{
		{"no start", Date{}, from, "startDate"},
		{"no end", from, Date{}, "endDate"},
		{"end before start", from, from.AddDays(-1), "endDate"},
		{"more than 30 days", from, from.AddDays(31), "endDate"},
	}
	for _, m := range methods {
		for _, tt := range bad {
			t.Run(m.name+"/"+tt.name, func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, okBody)
				got, err := m.call(t.Context(), h.client, tt.from, tt.to)
				assertValidation(t, err, m.path, tt.field)
				assert.Nil(t, got)
				h.assertNothingSent()
			})
		}
		t.Run(m.name+"/30 days across February", func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, okBody)
			_, err := m.call(t.Context(), h.client, from, from.AddDays(30))
			require.NoError(t, err)
			h.assertForm("startDate", "2024-02-15", "endDate", "2024-03-16")
			_, err = m.call(t.Context(), h.client, from, from)
			require.NoError(t, err)
			h.assertForm("startDate", "2024-02-15", "endDate", "2024-02-15")
		})
	}
}

func TestExportAPIErrors(t *testing.T) {
	t.Run("Attendance/every documented code", func(t *testing.T) {
		const path = "/training/export/history"
		for _, dc := range documentedCodes {
			h := setup(t)
			h.on(path, 200, apiErrorBody(dc.code, "出错了"))
			got, err := h.client.Exports.Attendance(t.Context(), &ExportOptions{RoomID: exportRoom})
			assertAPIError(t, err, path, dc.code, "出错了", dc.want)
			assert.Nil(t, got)
		}
	})
	codes := []struct {
		code Code
		want error
		msg  string
	}{
		{CodeNotFound, ErrNotFound, "课堂不存在"},
		{CodeAuthFailed, ErrAuth, "认证失败"},
		{CodeDisabled, ErrDisabled, "接口被禁用"},
		{CodeInvalidParam, ErrInvalidParam, "参数错误"},
		{CodeBusinessError, ErrBusiness, "调用次数限制"},
	}
	for i, m := range exportAllMethods {
		c := codes[i%len(codes)]
		t.Run(m.name, func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, apiErrorBody(c.code, c.msg))
			got, err := m.call(t.Context(), h.client, &ExportOptions{RoomID: exportRoom})
			assertAPIError(t, err, m.path, c.code, c.msg, c.want)
			assert.Nil(t, got)
			assert.Equal(t, 1, h.calls())
		})
	}
}

// TestExportCancelledContext goes through a real net/http transport and a
// loopback server (httpmock may still answer a cancelled request), so that
// "nothing was sent" is what the server saw.
func TestExportCancelledContext(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, okBody)
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, testLogin, testPassword, WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	for _, m := range exportAllMethods {
		t.Run(m.name, func(t *testing.T) {
			got, err := m.call(cancelled(), c, &ExportOptions{RoomID: exportRoom})
			require.ErrorIs(t, err, context.Canceled)
			assert.Nil(t, got)
		})
	}
	assert.Zero(t, hits.Load(), "nothing reaches the server")
	// The same server answers a live context: the calls above failed only
	// because of the cancellation.
	_, err = c.Exports.Attendance(t.Context(), &ExportOptions{RoomID: exportRoom})
	require.NoError(t, err)
	assert.Equal(t, int64(1), hits.Load())
}
