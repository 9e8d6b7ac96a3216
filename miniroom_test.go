package gensee

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMiniRoomsCreate(t *testing.T) {
	want := &MiniRoom{
		ID: "Mx82kQ", Number: "56781234", TeacherToken: "teach888", StudentClientToken: "stud888",
		TeacherJoinURL: "http://demo.gensee.com/training/site/r/56781234",
		StudentJoinURL: "http://demo.gensee.com/training/site/s/56781234",
		StartDate:      famousMS(1709258400000), InvalidDate: famousMS(1709263800000), Duration: 90, Action: false,
	}
	tests := []struct {
		name string
		req  *CreateMiniRoomRequest
		form []string
	}{
		{"every parameter", &CreateMiniRoomRequest{
			Subject: "微课：函数 & 图像", StartDate: famousStart, Duration: 90, TeacherToken: "teach888",
			StudentClientToken: "stud888", Action: Ptr(false), SpeakerInfo: "王老师", ScheduleInfo: "第三章",
			Description: "答疑", MaxAttendees: Ptr(50),
		}, []string{"subject", "微课：函数 & 图像", "startDate", "1709258400000", "duration", "90",
			"teacherToken", "teach888", "studentClientToken", "stud888", "action", "false", "speakerInfo", "王老师",
			"scheduleInfo", "第三章", "description", "答疑", "maxAttendees", "50"}},
		{"minimal: action left to the server", &CreateMiniRoomRequest{Subject: "s", StartDate: famousStart, Duration: 30},
			[]string{"subject", "s", "startDate", "1709258400000", "duration", "30"}},
		{"action true", &CreateMiniRoomRequest{Subject: "s", StartDate: famousStart, Duration: 480, Action: Ptr(true)},
			[]string{"subject", "s", "startDate", "1709258400000", "duration", "480", "action", "true"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/miniroom/created", "miniroom/created.json")
			room, err := h.client.MiniRooms.Create(context.Background(), tt.req)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, want, room)
		})
	}
}

func TestMiniRoomsModify(t *testing.T) {
	want := &MiniRoom{
		ID: "Mx82kQ", Number: "56781234", TeacherToken: "teach999", StudentClientToken: "stud888",
		TeacherJoinURL: "http://demo.gensee.com/training/site/r/56781234",
		StudentJoinURL: "http://demo.gensee.com/training/site/s/56781234",
		StartDate:      famousMS(1709258400000), InvalidDate: famousMS(1709263800000), Duration: 90, Action: true,
	}
	tests := []struct {
		name string
		req  *ModifyMiniRoomRequest
		form []string
	}{
		{"every parameter", &ModifyMiniRoomRequest{
			ID: "Mx82kQ", Subject: "微课（改）", TeacherToken: "teach999", StudentClientToken: "stud888",
			Action: Ptr(true), SpeakerInfo: Ptr("李老师"), ScheduleInfo: Ptr("第四章"), Description: Ptr("改期"), MaxAttendees: Ptr(80),
		}, []string{"id", "Mx82kQ", "subject", "微课（改）", "teacherToken", "teach999", "studentClientToken", "stud888",
			"action", "true", "speakerInfo", "李老师", "scheduleInfo", "第四章", "description", "改期", "maxAttendees", "80"}},
		{"minimal: empty tokens keep theirs", &ModifyMiniRoomRequest{ID: "Mx82kQ", Subject: "s"},
			[]string{"id", "Mx82kQ", "subject", "s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/miniroom/modify", "miniroom/modify.json")
			room, err := h.client.MiniRooms.Modify(context.Background(), tt.req)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.NotContains(t, h.lastForm(), "Id", "the id goes as id, not the table's Id")
			assert.Equal(t, want, room)
		})
	}
}

func TestMiniRoomsStudentStats(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/miniroom/export/history", "miniroom/students.json")
	page, err := h.client.MiniRooms.StudentStats(context.Background(), "Mx82kQ", 1)
	require.NoError(t, err)
	h.assertForm("id", "Mx82kQ", "pageNo", "1")
	assert.Equal(t, &Page[*MiniRoomStudentStats]{PageNo: 1, TotalPages: 3, TotalCounts: 101, Items: []*MiniRoomStudentStats{
		{
			UserNickname: "张三\t(二班)", UserID: 1000000001, MedalCount: 3, HandUpCount: 2, PodiumDuration: 125000, Duration: 3600000,
			HandUpTimeStampList: []*MiniRoomHandUp{{TimeStamp: famousMS(1709258700000)}, {TimeStamp: famousMS(1709259000000)}},
			RollCallDetailList: []*MiniRoomRollCall{
				{AnswerTimestamp: famousMS(1709259605000), Status: MiniRoomRollCallAnswered, Timestamp: famousMS(1709259600000)},
				{Status: MiniRoomRollCallNotReceived, Timestamp: famousMS(1709260200000)},
			},
			PodiumDetailList:  []*MiniRoomPodium{{BeginTime: famousMS(1709259900000), EndTime: famousMS(1709260025000)}},
			VoteDetails:       []*MiniRoomAccuracy{{Accuracy: "80%"}},
			AnswerSheetDetail: []*MiniRoomAccuracy{{Accuracy: "100%"}, {Accuracy: "0.5"}},
		},
		{
			UserNickname: "李四", UserID: 1000000002, Duration: 1800000,
			HandUpTimeStampList: []*MiniRoomHandUp{}, RollCallDetailList: []*MiniRoomRollCall{},
			PodiumDetailList: []*MiniRoomPodium{}, VoteDetails: []*MiniRoomAccuracy{}, AnswerSheetDetail: []*MiniRoomAccuracy{},
		},
	}}, page)
	assert.True(t, page.HasNext())

	_, err = h.client.MiniRooms.StudentStats(context.Background(), "Mx82kQ", 0)
	require.NoError(t, err)
	h.assertForm("id", "Mx82kQ")
}

func TestMiniRoomsStudentStatsEmpty(t *testing.T) {
	h := setup(t)
	h.on("/training/miniroom/export/history", 200, okBody)
	page, err := h.client.MiniRooms.StudentStats(context.Background(), "Mx82kQ", 0)
	require.NoError(t, err)
	assert.Equal(t, &Page[*MiniRoomStudentStats]{Items: []*MiniRoomStudentStats{}, PageNo: 1, TotalPages: 1}, page)
}

func TestMiniRoomsRoomStats(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/miniroom/syn", "miniroom/rooms.json")
	page, err := h.client.MiniRooms.RoomStats(context.Background(), 1)
	require.NoError(t, err)
	h.assertForm("pageNo", "1")
	assert.Equal(t, &Page[*MiniRoomStats]{PageNo: 1, TotalPages: 2, TotalCounts: 52, Items: []*MiniRoomStats{
		{ID: "Mx82kQ", StageNum: 12, HandupNum: 30, WatchTotalTime: 7200000, VisitNum: 25, AllUsersDuration: 7560000},
		{ID: "Nz41pL", StageNum: 0, HandupNum: 4, WatchTotalTime: 360000, VisitNum: 3, AllUsersDuration: 7560000},
	}}, page)

	_, err = h.client.MiniRooms.RoomStats(context.Background(), 0)
	require.NoError(t, err)
	h.assertForm()
}

func TestMiniRoomRollCallStatusString(t *testing.T) {
	assert.Equal(t, "answered", MiniRoomRollCallAnswered.String())
	assert.Equal(t, "not answered", MiniRoomRollCallNotAnswered.String())
	assert.Equal(t, "not received", MiniRoomRollCallNotReceived.String())
	assert.Equal(t, "Unknown(9)", MiniRoomRollCallStatus(9).String())
}

// miniRoomStudentPage is page n of 3 of miniroom/export/history, one student.
func miniRoomStudentPage(n int) string {
	return fmt.Sprintf(`{"code":"0","recordStatistics":[{"userNickname":"学员%d","userId":%d}],"page":{"pageNo":%d,"totalPages":3,"totalCounts":3}}`,
		n, 1000000000+n, n)
}

// miniRoomRoomPage is page n of 3 of miniroom/syn, one classroom.
func miniRoomRoomPage(n int) string {
	return fmt.Sprintf(`{"code":"0","roomStatistics":[{"id":"R%d","visitNum":%d}],"page":{"pageNo":"%d","totalPages":"3","totalCounts":"3"},"duration":%d}`,
		n, n, n, 100*n)
}

func TestMiniRoomsStatsAll(t *testing.T) {
	type walk struct {
		name, path string
		page       func(int) string
		all        func(*Client) func(yield func(string, error) bool)
		wantItems  []string
		wantForms  [][]string
	}
	walks := []walk{
		{"StudentStatsAll", "/training/miniroom/export/history", miniRoomStudentPage,
			func(c *Client) func(func(string, error) bool) {
				return func(yield func(string, error) bool) {
					for s, err := range c.MiniRooms.StudentStatsAll(context.Background(), "Mx82kQ") {
						name := ""
						if s != nil {
							name = fmt.Sprintf("%s/%d", s.UserNickname, s.UserID)
						}
						if !yield(name, err) {
							return
						}
					}
				}
			},
			[]string{"学员1/1000000001", "学员2/1000000002", "学员3/1000000003"},
			[][]string{{"id", "Mx82kQ", "pageNo", "1"}, {"id", "Mx82kQ", "pageNo", "2"}, {"id", "Mx82kQ", "pageNo", "3"}}},
		{"RoomStatsAll", "/training/miniroom/syn", miniRoomRoomPage,
			func(c *Client) func(func(string, error) bool) {
				return func(yield func(string, error) bool) {
					for r, err := range c.MiniRooms.RoomStatsAll(context.Background()) {
						name := ""
						if r != nil {
							name = fmt.Sprintf("%s/%d/%d", r.ID, r.VisitNum, r.AllUsersDuration)
						}
						if !yield(name, err) {
							return
						}
					}
				}
			},
			[]string{"R1/1/100", "R2/2/200", "R3/3/300"},
			[][]string{{"pageNo", "1"}, {"pageNo", "2"}, {"pageNo", "3"}}},
	}
	for _, w := range walks {
		t.Run(w.name+" three pages", func(t *testing.T) {
			h := setup(t)
			h.onFunc(w.path, func(n int) (int, string) { return 200, w.page(n) })
			seq := w.all(h.client)
			h.assertNothingSent()
			var got []string
			for item, err := range seq {
				require.NoError(t, err)
				got = append(got, item)
			}
			assert.Equal(t, w.wantItems, got)
			require.Equal(t, 3, h.calls())
			for i, kv := range w.wantForms {
				assert.Equal(t, wantForm(kv...), h.forms[i], "page %d", i+1)
			}
		})
		t.Run(w.name+" early break", func(t *testing.T) {
			h := setup(t)
			h.onFunc(w.path, func(n int) (int, string) { return 200, w.page(n) })
			var got []string
			for item, err := range w.all(h.client) {
				require.NoError(t, err)
				got = append(got, item)
				break
			}
			assert.Equal(t, w.wantItems[:1], got)
			assert.Equal(t, 1, h.calls())
		})
		t.Run(w.name+" error on page two", func(t *testing.T) {
			h := setup(t)
			h.onFunc(w.path, func(n int) (int, string) {
				if n == 2 {
					return 200, apiErrorBody(CodeSystemError, "系统错误")
				}
				return 200, w.page(n)
			})
			var got []string
			var errs []error
			for item, err := range w.all(h.client) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, item)
			}
			assert.Equal(t, w.wantItems[:1], got)
			require.Len(t, errs, 1)
			assertAPIError(t, errs[0], w.path, CodeSystemError, "系统错误", ErrSystem)
			assert.Equal(t, 2, h.calls())
		})
	}
}

func TestMiniRoomsAPIErrors(t *testing.T) {
	for _, tc := range documentedCodes {
		t.Run(tc.code.String(), func(t *testing.T) {
			h := setup(t)
			h.on("/training/miniroom/created", 200, apiErrorBody(tc.code, "失败"))
			room, err := h.client.MiniRooms.Create(context.Background(), &CreateMiniRoomRequest{Subject: "s", StartDate: famousStart, Duration: 60})
			assert.Nil(t, room)
			assertAPIError(t, err, "/training/miniroom/created", tc.code, "失败", tc.want)
		})
	}
	calls := []struct {
		path string
		call func(*Client) error
	}{
		{"/training/miniroom/modify", func(c *Client) error {
			r, err := c.MiniRooms.Modify(context.Background(), &ModifyMiniRoomRequest{ID: "x", Subject: "s"})
			assert.Nil(t, r)
			return err
		}},
		{"/training/miniroom/export/history", func(c *Client) error {
			p, err := c.MiniRooms.StudentStats(context.Background(), "x", 1)
			assert.Nil(t, p)
			return err
		}},
		{"/training/miniroom/syn", func(c *Client) error {
			p, err := c.MiniRooms.RoomStats(context.Background(), 1)
			assert.Nil(t, p)
			return err
		}},
	}
	for _, tc := range calls {
		t.Run(tc.path, func(t *testing.T) {
			h := setup(t)
			h.on(tc.path, 200, apiErrorBody(CodeAuthFailed, "认证失败"))
			assertAPIError(t, tc.call(h.client), tc.path, CodeAuthFailed, "认证失败", ErrAuth)
		})
	}
}

func TestMiniRoomsValidation(t *testing.T) {
	const created, modify = "/training/miniroom/created", "/training/miniroom/modify"
	create := func(mut func(*CreateMiniRoomRequest)) func(*Client) error {
		return func(c *Client) error {
			r := &CreateMiniRoomRequest{Subject: "s", StartDate: famousStart, Duration: 60}
			mut(r)
			_, err := c.MiniRooms.Create(context.Background(), r)
			return err
		}
	}
	mod := func(mut func(*ModifyMiniRoomRequest)) func(*Client) error {
		return func(c *Client) error {
			r := &ModifyMiniRoomRequest{ID: "Mx82kQ", Subject: "s"}
			mut(r)
			_, err := c.MiniRooms.Modify(context.Background(), r)
			return err
		}
	}
	tests := []struct {
		name, path, field string
		call              func(*Client) error
	}{
		{"create nil", created, "request", func(c *Client) error { _, err := c.MiniRooms.Create(context.Background(), nil); return err }},
		{"create subject empty", created, "subject", create(func(r *CreateMiniRoomRequest) { r.Subject = "" })},
		{"create subject 251", created, "subject", create(func(r *CreateMiniRoomRequest) { r.Subject = strings.Repeat("课", 251) })},
		{"create startDate", created, "startDate", create(func(r *CreateMiniRoomRequest) { r.StartDate = time.Time{} })},
		{"create duration missing", created, "duration", create(func(r *CreateMiniRoomRequest) { r.Duration = 0 })},
		{"create duration 29", created, "duration", create(func(r *CreateMiniRoomRequest) { r.Duration = 29 })},
		{"create duration 481", created, "duration", create(func(r *CreateMiniRoomRequest) { r.Duration = 481 })},
		{"create teacherToken short", created, "teacherToken", create(func(r *CreateMiniRoomRequest) { r.TeacherToken = "12345" })},
		{"create studentClientToken long", created, "studentClientToken", create(func(r *CreateMiniRoomRequest) {
			r.StudentClientToken = strings.Repeat("s", 16)
		})},
		{"create maxAttendees", created, "maxAttendees", create(func(r *CreateMiniRoomRequest) { r.MaxAttendees = Ptr(-1) })},
		{"modify nil", modify, "request", func(c *Client) error { _, err := c.MiniRooms.Modify(context.Background(), nil); return err }},
		{"modify id", modify, "id", mod(func(r *ModifyMiniRoomRequest) { r.ID = "" })},
		{"modify subject empty", modify, "subject", mod(func(r *ModifyMiniRoomRequest) { r.Subject = "" })},
		{"modify subject 251", modify, "subject", mod(func(r *ModifyMiniRoomRequest) { r.Subject = strings.Repeat("课", 251) })},
		{"modify teacherToken", modify, "teacherToken", mod(func(r *ModifyMiniRoomRequest) { r.TeacherToken = strings.Repeat("t", 16) })},
		{"modify studentClientToken", modify, "studentClientToken", mod(func(r *ModifyMiniRoomRequest) { r.StudentClientToken = "1" })},
		{"modify maxAttendees", modify, "maxAttendees", mod(func(r *ModifyMiniRoomRequest) { r.MaxAttendees = Ptr(-5) })},
		{"student stats id", "/training/miniroom/export/history", "id", func(c *Client) error {
			_, err := c.MiniRooms.StudentStats(context.Background(), "", 1)
			return err
		}},
		{"student stats pageNo", "/training/miniroom/export/history", "pageNo", func(c *Client) error {
			_, err := c.MiniRooms.StudentStats(context.Background(), "Mx82kQ", -1)
			return err
		}},
		{"student stats all id", "/training/miniroom/export/history", "id", func(c *Client) error {
			for _, err := range c.MiniRooms.StudentStatsAll(context.Background(), "") {
				return err
			}
			return nil
		}},
		{"room stats pageNo", "/training/miniroom/syn", "pageNo", func(c *Client) error {
			_, err := c.MiniRooms.RoomStats(context.Background(), -1)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			assertValidation(t, tt.call(h.client), tt.path, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestMiniRoomsCancelledContext(t *testing.T) {
	calls := map[string]func(ctx context.Context, c *Client) error{
		"Create": func(ctx context.Context, c *Client) error {
			_, err := c.MiniRooms.Create(ctx, &CreateMiniRoomRequest{Subject: "s", StartDate: famousStart, Duration: 60})
			return err
		},
		"Modify": func(ctx context.Context, c *Client) error {
			_, err := c.MiniRooms.Modify(ctx, &ModifyMiniRoomRequest{ID: "x", Subject: "s"})
			return err
		},
		"StudentStats": func(ctx context.Context, c *Client) error {
			_, err := c.MiniRooms.StudentStats(ctx, "x", 1)
			return err
		},
		"StudentStatsAll": func(ctx context.Context, c *Client) error {
			for _, err := range c.MiniRooms.StudentStatsAll(ctx, "x") {
				return err
			}
			return nil
		},
		"RoomStats": func(ctx context.Context, c *Client) error { _, err := c.MiniRooms.RoomStats(ctx, 1); return err },
		"RoomStatsAll": func(ctx context.Context, c *Client) error {
			for _, err := range c.MiniRooms.RoomStatsAll(ctx) {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			h := setup(t)
			err := call(cancelled(), h.client)
			require.Error(t, err)
			assert.True(t, errors.Is(err, context.Canceled), "%v", err)
			h.assertNothingSent()
		})
	}
}

// TestMiniRoomsEqualTokensSent: the spec asks distinct tokens of room/created
// and room/modify only; v0.1 refused equal ones here too.
func TestMiniRoomsEqualTokensSent(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/miniroom/created", "miniroom/created.json")
	_, err := h.client.MiniRooms.Create(context.Background(), &CreateMiniRoomRequest{Subject: "s", StartDate: time.UnixMilli(1709258400000),
		Duration: 60, TeacherToken: "same1234", StudentClientToken: "same1234"})
	require.NoError(t, err)
	h.assertForm("subject", "s", "startDate", "1709258400000", "duration", "60", "teacherToken", "same1234", "studentClientToken", "same1234")
}
