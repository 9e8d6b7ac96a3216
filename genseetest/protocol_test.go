package genseetest

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCredentials(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithCredentials("boss@site", "s3cret-pw"))
	defer srv.Close()
	assert.Equal(t, "boss@site", srv.LoginName())
	assert.Equal(t, "s3cret-pw", srv.Password())
	sum := md5.Sum([]byte("s3cret-pw"))
	digest := hex.EncodeToString(sum[:])

	tests := []struct {
		name, login, password, sec, want string
	}{
		{"plain", "boss@site", "s3cret-pw", "", "0"},
		{"md5 with sec", "boss@site", digest, "true", "0"},
		{"md5 without sec", "boss@site", digest, "", "200"},
		{"plain with sec", "boss@site", "s3cret-pw", "true", "200"},
		{"upper-case md5", "boss@site", strings.ToUpper(digest), "true", "200"},
		{"sec not literal true", "boss@site", digest, "TRUE", "200"},
		{"wrong password", "boss@site", "nope", "", "200"},
		{"wrong login", "other", "s3cret-pw", "", "200"},
		{"missing password", "boss@site", "", "", "200"},
		{"missing login", "", "s3cret-pw", "", "200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := vals("loginName", tt.login, "password", tt.password)
			if tt.sec != "" {
				form.Set("sec", tt.sec)
			}
			out := post(t, srv, "/training/room/sync", form)
			assert.Equal(t, tt.want, out["code"])
			assert.NotEmpty(t, out["message"])
		})
	}
}

func TestMethodAndPath(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	tests := []struct {
		name, method, path string
		status             int
	}{
		{"GET is not allowed", http.MethodGet, apiPrefix + "/training/room/info", http.StatusMethodNotAllowed},
		{"HEAD is not allowed", http.MethodHead, apiPrefix + "/training/room/info", http.StatusMethodNotAllowed},
		{"unknown endpoint", http.MethodPost, apiPrefix + "/training/room/nothing", http.StatusNotFound},
		{"doc typo path", http.MethodPost, apiPrefix + "/training/ courseware/list", http.StatusNotFound},
		{"no prefix", http.MethodPost, "/training/room/info", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL()+tt.path+"?loginName=admin@demo&password=demo-password&roomId=x", nil)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"))
		})
	}
	// Every endpoint answers POST with the envelope.
	for _, path := range Endpoints() {
		out := post(t, srv, path, nil)
		assert.IsType(t, "", out["code"], path)
		assert.NotEqual(t, "200", out["code"], path)
	}
}

func TestParameterErrors(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := createRoom(t, srv, "Taken")["id"].(string)
	start := "2024-03-01 09:00:00"

	tests := []struct {
		name string
		path string
		form []string
		want string
	}{
		{"missing subject", "/training/room/created", []string{"startDate", start, "realtime", "true"}, "101"},
		{"missing realtime", "/training/room/created", []string{"subject", "a", "startDate", start}, "101"},
		{"bad time", "/training/room/created", []string{"subject", "a", "startDate", "2024/03/01", "realtime", "true"}, "102"},
		{"bad boolean", "/training/room/created", []string{"subject", "a", "startDate", start, "realtime", "yes"}, "102"},
		{"bad int", "/training/room/created", []string{"subject", "a", "startDate", start, "realtime", "true", "duration", "1h"}, "102"},
		{"duplicate subject", "/training/room/created", []string{"subject", "Taken", "startDate", start, "realtime", "true"}, "502"},
		{"modify to a taken subject", "/training/room/modify", []string{"id", createRoom(t, srv, "Free")["id"].(string), "subject", "Taken", "startDate", start, "realtime", "true"}, "502"},
		{"modify without id", "/training/room/modify", []string{"subject", "x", "startDate", start, "realtime", "true"}, "101"},
		{"modify unknown", "/training/room/modify", []string{"id", "nope", "subject", "x", "startDate", start, "realtime", "true"}, "501"},
		{"info unknown", "/training/room/info", []string{"roomId", "nope"}, "501"},
		{"info missing", "/training/room/info", nil, "101"},
		{"bad long", "/training/gr/delete", []string{"grId", "12x"}, "102"},
		{"bad roster json", "/training/room/student/list", []string{"roomId", roomID, "studentListInfo", `[{"id":111,"name":"张三}]`}, "102"},
		{"roster id not a number", "/training/room/student/list", []string{"roomId", roomID, "studentListInfo", `[{"id":"x1","name":"a"}]`}, "102"},
		{"roster unknown group", "/training/room/student/list", []string{"roomId", roomID, "studentListInfo", `[{"id":1,"name":"a"}]`, "groupCode", "zz"}, "501"},
		{"bad group json", "/training/group/create", []string{"roomId", roomID, "groupCount", "2", "groupNameList", "red,blue"}, "102"},
		{"bad recordId index", "/training/record/choose", []string{"roomId", roomID, "recordId[x]", "1"}, "102"},
		{"bad recordId", "/training/record/choose", []string{"roomId", roomID, "recordId[0]", "one"}, "102"},
		{"bad date", "/training/export/reward", []string{"startDate", "2024-03-01 00:00:00", "endDate", "2024-03-02"}, "102"},
		{"unknown export room", "/training/export/chat", []string{"roomId", "nope"}, "501"},
		{"study date missing", "/training/export/study/history", nil, "101"},
		{"study bad hour", "/training/export/study/history", []string{"date", "2024-03-01", "hour", "24"}, "101"},
		{"bad convmode", "/training/courseware/transcode", []string{"resourceUrl", "http://x/a.ppt", "name", "n", "convmode", "3"}, "101"},
		{"vodview unknown", "/training/vod/vodview", []string{"id", "nope"}, "501"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, code(t, srv, tt.path, vals(tt.form...)))
		})
	}
}

func TestConstraints(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := srv.AddRoom("Constraints")
	famousID := ok(t, srv, "/training/famousroom/created", vals("subject", "F", "startDate", "1709254800000", "realtime", "true"))["id"].(string)
	miniID := srv.AddMiniRoom("M")
	long := func(n int) string { return strings.Repeat("课", n) }
	room := func(kv ...string) []string {
		return append([]string{"subject", "S" + strings.Join(kv, ""), "startDate", "1709254800000", "realtime", "true"}, kv...)
	}
	win := func(days int) []string {
		return []string{"roomId", roomID, "startTime", "2024-03-01 00:00:00", "endTime", strings.Replace("2024-03-DD 00:00:01", "DD", []string{"08", "09"}[days-7], 1)}
	}
	type tc struct {
		name string
		path string
		form []string
		want string
	}
	tests := []tc{
		{"subject empty", "/training/room/created", []string{"subject", " ", "startDate", "1709254800000", "realtime", "true"}, "101"},
		{"subject 251", "/training/room/created", []string{"subject", long(251), "startDate", "1709254800000", "realtime", "true"}, "101"},
		{"subject 250", "/training/room/created", []string{"subject", long(250), "startDate", "1709254800000", "realtime", "true"}, "0"},
		{"teacher token short", "/training/room/created", room("teacherToken", "12345"), "101"},
		{"teacher token long", "/training/room/created", room("teacherToken", strings.Repeat("1", 16)), "101"},
		{"assistant token short", "/training/room/created", room("assistantToken", "12345"), "101"},
		{"student token long", "/training/room/created", room("studentToken", strings.Repeat("2", 16)), "101"},
		{"student token short ok", "/training/room/created", room("studentToken", "1"), "0"},
		{"same tokens", "/training/room/created", room("teacherToken", "123456", "studentToken", "123456"), "101"},
		{"one join false", "/training/room/created", room("webJoin", "false"), "0"},
		{"window 7 days ok", "/training/export/history", []string{"roomId", roomID, "startTime", "2024-03-01 00:00:00", "endTime", "2024-03-08 00:00:00"}, "0"},
		{"window 8 days", "/training/export/qa", win(8), "101"},
		{"window start only", "/training/export/chat", []string{"roomId", roomID, "startTime", "2024-03-01 00:00:00"}, "101"},
		{"window end only", "/training/export/vote", []string{"roomId", roomID, "endTime", "2024-03-01 00:00:00"}, "101"},
		{"window reversed", "/training/export/rollcall", []string{"roomId", roomID, "startTime", "1709254800000", "endTime", "1709254700000"}, "101"},
		{"usage needs window", "/training/export/room/usage", nil, "101"},
		{"30 days ok", "/training/export/room/concurrent", []string{"startDate", "2024-03-01", "endDate", "2024-03-31"}, "0"},
		{"31 days", "/training/export/room/concurrent", []string{"startDate", "2024-03-01", "endDate", "2024-04-01"}, "101"},
		{"31 days vod", "/training/export/vod/concurrent", []string{"startDate", "2024-03-01", "endDate", "2024-04-01"}, "101"},
		{"31 days reward", "/training/export/reward", []string{"startDate", "2024-03-01", "endDate", "2024-04-01"}, "101"},
		{"groupCount 0", "/training/group/create", []string{"roomId", roomID, "groupCount", "0"}, "101"},
		{"groupCount 41", "/training/group/create", []string{"roomId", roomID, "groupCount", "41"}, "101"},
		{"groupCount 40", "/training/group/create", []string{"roomId", roomID, "groupCount", "40"}, "0"},
		{"group 41 by add", "/training/group/add", []string{"roomId", roomID}, "101"},
		{"classCount 31", "/training/famousroom/created", []string{"subject", "F31", "startDate", "1709254800000", "realtime", "true", "classCount", "31"}, "101"},
		{"classCount 0", "/training/famousroom/modify", []string{"id", famousID, "startDate", "1709254800000", "realtime", "true", "classCount", "0"}, "101"},
		{"class name 21", "/training/famousroom/created", []string{"subject", "F21", "startDate", "1709254800000", "realtime", "true", "slaveClazzList", `[{"clazzName":"` + long(21) + `"}]`}, "101"},
		{"famous subject 51", "/training/famousroom/created", []string{"subject", long(51), "startDate", "1709254800000", "realtime", "true"}, "101"},
		{"famous slave token short", "/training/famousroom/created", []string{"subject", "FT", "startDate", "1709254800000", "realtime", "true", "slaveTeacherToken", "123"}, "101"},
		{"slave class name: no length limit, unknown room", "/training/slaveroom/modify", []string{"roomId", "x", "className", long(21)}, "501"},
		{"mini duration 29", "/training/miniroom/created", []string{"subject", "m", "startDate", "1709254800000", "duration", "29"}, "101"},
		{"mini duration 481", "/training/miniroom/created", []string{"subject", "m", "startDate", "1709254800000", "duration", "481"}, "101"},
		{"mini duration 480", "/training/miniroom/created", []string{"subject", "m", "startDate", "1709254800000", "duration", "480"}, "0"},
		{"mini token short", "/training/miniroom/modify", []string{"id", miniID, "subject", "m", "teacherToken", "12"}, "101"},
		{"roster expire 0", "/training/room/student/list", []string{"roomId", roomID, "studentListInfo", `[{"id":1,"name":"a"}]`, "expireTime", "0"}, "101"},
		{"roster expire 181", "/training/room/student/list", []string{"roomId", roomID, "studentListInfo", `[{"id":1,"name":"a"}]`, "expireTime", "181"}, "101"},
		{"roster duplicate ids", "/training/room/student/list", []string{"roomId", roomID, "studentListInfo", `[{"id":1,"name":"a"},{"id":1,"name":"b"}]`}, "101"},
		{"teacher login 41", "/training/teacher/created", []string{"teacherLoginName", strings.Repeat("a", 41), "teacherPassword", "secret1", "name", "n"}, "101"},
		{"teacher password 5", "/training/teacher/created", []string{"teacherLoginName", "a", "teacherPassword", "12345", "name", "n"}, "101"},
		{"teacher password 16", "/training/teacher/created", []string{"teacherLoginName", "a", "teacherPassword", strings.Repeat("1", 16), "name", "n"}, "101"},
		{"teacher name 41", "/training/teacher/created", []string{"teacherLoginName", "a", "teacherPassword", "secret1", "name", long(41)}, "101"},
		{"warmup mode 4", "/training/warmup/created", []string{"name", "w", "recordId", "1", "mode", "4"}, "101"},
		{"warmup mode 0", "/training/warmup/modify", []string{"id", "x", "mode", "0"}, "101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, code(t, srv, tt.path, vals(tt.form...)))
		})
	}
}
