package gensee

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	teacherCreatedPath = "/training/teacher/created"
	teacherModifyPath  = "/training/teacher/modify"
	teacherTestPass    = "Tch#2024pass" // form-encoded as Tch%232024pass
)

// teacherMethods names Create and Modify, which share their parameters and
// rules.
var teacherMethods = []struct {
	path string
	call func(c *Client, ctx context.Context, req *TeacherRequest) error
}{
	{teacherCreatedPath, func(c *Client, ctx context.Context, req *TeacherRequest) error {
		return c.Teachers.Create(ctx, req)
	}},
	{teacherModifyPath, func(c *Client, ctx context.Context, req *TeacherRequest) error {
		return c.Teachers.Modify(ctx, req)
	}},
}

func teacherRequest() *TeacherRequest {
	return &TeacherRequest{TeacherLoginName: "wang.laoshi", TeacherPassword: teacherTestPass, Name: "王老师"}
}

func TestTeachersCreateModify(t *testing.T) {
	valid := time.Date(2024, 3, 1, 0, 0, 0, 0, ChinaZone())
	invalid := time.Date(2025, 3, 1, 0, 0, 0, 0, ChinaZone())
	tests := []struct {
		name string
		req  *TeacherRequest
		form []string
	}{
		{"required only: optionals not sent", teacherRequest(),
			[]string{"teacherLoginName", "wang.laoshi", "teacherPassword", teacherTestPass, "name", "王老师"}},
		{"every field", &TeacherRequest{
			TeacherLoginName: "wang.laoshi", TeacherPassword: teacherTestPass, Name: "王老师",
			MaxPoints: Ptr(200), ValidDate: valid, InvalidDate: invalid, MaxVodPoints: Ptr(int64(5000)),
		}, []string{
			"teacherLoginName", "wang.laoshi", "teacherPassword", teacherTestPass, "name", "王老师",
			"maxPoints", "200", "validDate", "1709222400000", "invalidDate", "1740758400000", "maxVodPoints", "5000",
		}},
		{"zero caps are sent", &TeacherRequest{
			TeacherLoginName: "wang.laoshi", TeacherPassword: teacherTestPass, Name: "王老师",
			MaxPoints: Ptr(0), MaxVodPoints: Ptr(int64(0)),
		}, []string{
			"teacherLoginName", "wang.laoshi", "teacherPassword", teacherTestPass, "name", "王老师",
			"maxPoints", "0", "maxVodPoints", "0",
		}},
		{"same valid and invalid date", &TeacherRequest{
			TeacherLoginName: "wang.laoshi", TeacherPassword: teacherTestPass, Name: "王老师",
			ValidDate: valid, InvalidDate: valid,
		}, []string{
			"teacherLoginName", "wang.laoshi", "teacherPassword", teacherTestPass, "name", "王老师",
			"validDate", "1709222400000", "invalidDate", "1709222400000",
		}},
		{"longest values in characters, not bytes", &TeacherRequest{
			TeacherLoginName: strings.Repeat("老", 40), TeacherPassword: strings.Repeat("密", 15), Name: strings.Repeat("师", 40),
		}, []string{
			"teacherLoginName", strings.Repeat("老", 40), "teacherPassword", strings.Repeat("密", 15), "name", strings.Repeat("师", 40),
		}},
		{"shortest values", &TeacherRequest{TeacherLoginName: "w", TeacherPassword: "123456", Name: "王"},
			[]string{"teacherLoginName", "w", "teacherPassword", "123456", "name", "王"}},
	}
	for _, m := range teacherMethods {
		for _, tt := range tests {
			t.Run(m.path+"/"+tt.name, func(t *testing.T) {
				h := setup(t)
				h.onGolden(m.path, "teacher/ok.json")
				require.NoError(t, m.call(h.client, context.Background(), tt.req))
				h.assertForm(tt.form...)
			})
		}
	}
}

func TestTeachersAPIError(t *testing.T) {
	t.Run("duplicate login name", func(t *testing.T) {
		h := setup(t)
		h.onGolden(teacherCreatedPath, "teacher/duplicate.json")
		err := h.client.Teachers.Create(context.Background(), teacherRequest())
		assertAPIError(t, err, teacherCreatedPath, CodeDuplicate, "登录名已存在", ErrDuplicate)
	})
	for _, m := range teacherMethods {
		for _, code := range []Code{CodeNotFound, CodeAuthFailed, CodeBusinessError} {
			t.Run(m.path+"/"+code.String(), func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, apiErrorBody(code, "老师不存在"))
				err := m.call(h.client, context.Background(), teacherRequest())
				assertAPIError(t, err, m.path, code, "老师不存在", code.sentinel())
			})
		}
	}
}

func TestTeachersPasswordNotInServerErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		check  func(t *testing.T, err error)
	}{
		{"echoed in the message", 200, apiErrorBody(CodeInvalidParam, "密码 "+teacherTestPass+" 不符合规则"),
			func(t *testing.T, err error) {
				assertAPIError(t, err, teacherCreatedPath, CodeInvalidParam, "密码 *** 不符合规则", ErrInvalidParam)
			}},
		{"echoed form-encoded by a proxy", 500, "bad request: teacherPassword=Tch%232024pass&name=x",
			func(t *testing.T, err error) {
				var he *HTTPError
				require.ErrorAs(t, err, &he)
				assert.Equal(t, 500, he.StatusCode)
				assert.Equal(t, "bad request: teacherPassword=***&name=x", he.Body)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(teacherCreatedPath, tt.status, tt.body)
			err := h.client.Teachers.Create(context.Background(), teacherRequest())
			require.Error(t, err)
			tt.check(t, err)
			assert.NotContains(t, err.Error(), teacherTestPass)
			assert.NotContains(t, err.Error(), "Tch%232024pass")
		})
	}
}

func TestTelConfPasswordNotInServerErrors(t *testing.T) {
	var logs strings.Builder
	h := setup(t, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	h.on("/training/room/telconf", 502, "<html>upstream said sitePassword=pw%26263 and pw&263</html>")
	err := h.client.Rooms.SetTelConf(context.Background(), &TelConfRequest{RoomID: "R", SiteName: "acme", SitePassword: "pw&263"})
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, "<html>upstream said sitePassword=*** and ***</html>", he.Body)
	assert.NotContains(t, logs.String(), "pw&263")
	assert.NotContains(t, logs.String(), "pw%26263")
}
