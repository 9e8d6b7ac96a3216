package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/genseetest"
	"github.com/gensee-go/gensee/internal/catalog"
)

// site is a seeded fake with the ids the commands use.
type site struct {
	srv               *genseetest.Server
	env               map[string]string
	room, other, mini string
	ware              string
	record, doc       int64
	dayOfStudy        string
}

func seededSite(t *testing.T) *site {
	t.Helper()
	srv, env := fakeSite(t, genseetest.WithPageSize(2))
	s := &site{srv: srv, env: env}
	s.room = srv.AddRoom("数学 Maths")
	s.other = srv.AddRoom("物理 Physics")
	s.mini = srv.AddMiniRoom("微课堂 Mini")
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	end := start.Add(time.Hour)
	for i, name := range []string{"张三", "李四", "王五"} {
		uid := int64(1001 + i)
		srv.AddAttendance(genseetest.AttendanceRecord{RoomID: s.room, UserID: uid, Nickname: name, Name: name,
			JoinTime: start.Add(time.Duration(i) * time.Minute), LeaveTime: end, IP: "10.0.0.1", Device: 1})
		srv.AddMedal(genseetest.MedalRecord{RoomID: s.room, UserName: name, UserID: uid, Count: i + 1, RoomStartTime: start})
		srv.AddMiniRoomStudentStats(genseetest.MiniRoomStudentStats{RoomID: s.mini, Nickname: name, UserID: uid, Duration: 60})
	}
	srv.AddChat(genseetest.ChatRecord{RoomID: s.room, SentTime: start.Add(5 * time.Minute), Sender: "张三", SenderID: 1001, Msg: "line one\tand\ntwo"})
	srv.AddRoomConcurrency(genseetest.Concurrency{Date: start, MaxConcurrent: 42, MaxVIP: 2})
	srv.AddStudyRecord(genseetest.StudyRecord{CoursewareID: "cw", UserID: 1001, Name: "张三", JoinTime: start, LeaveTime: end})
	srv.AddMiniRoomStats(genseetest.MiniRoomStats{RoomID: s.mini, StageNum: 1, VisitNum: 3})
	s.record = srv.AddRecording(genseetest.Recording{Name: "rec", RoomID: s.room, StartTime: start, EndTime: end})
	for i := range 3 {
		id := srv.AddCourseware(genseetest.Courseware{Subject: "课件 " + string(rune('A'+i)), RoomID: s.room, RecordID: s.record, Views: 7})
		if i == 0 {
			s.ware = id
		}
	}
	s.doc = srv.AddDocument(genseetest.Document{Name: "slides.pptx"})
	s.dayOfStudy = "2024-03-01"
	return s
}

// check is an assertion on a successful run.
type check func(t *testing.T, s *site, r result)

func has(parts ...string) check {
	return func(t *testing.T, _ *site, r result) {
		for _, p := range parts {
			assert.Contains(t, r.stdout, p)
		}
	}
}

func hasOnStderr(parts ...string) check {
	return func(t *testing.T, _ *site, r result) {
		for _, p := range parts {
			assert.Contains(t, r.stderr, p)
		}
	}
}

// csvRows checks the CSV output: its header starts with header and it has
// n data rows.
func csvRows(n int, header ...string) check {
	return func(t *testing.T, _ *site, r result) {
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		require.NoError(t, err)
		require.NotEmpty(t, rows)
		assert.Equal(t, header, rows[0][:len(header)])
		assert.Len(t, rows, n+1)
	}
}

// jsonLines checks JSONL output: n objects, each with key.
func jsonLines(n int, key string) check {
	return func(t *testing.T, _ *site, r result) {
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		assert.Len(t, lines, n)
		for _, l := range lines {
			var m map[string]any
			require.NoError(t, json.Unmarshal([]byte(l), &m), l)
			assert.Contains(t, m, key)
		}
	}
}

// jsonArray checks JSON list output: an array of n objects.
func jsonArray(n int) check {
	return func(t *testing.T, _ *site, r result) {
		var list []map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &list), r.stdout)
		assert.Len(t, list, n)
	}
}

func jsonObject(key string, want any) check {
	return func(t *testing.T, _ *site, r result) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &m), r.stdout)
		assert.EqualValues(t, want, m[key])
	}
}

func okLine() check { return has("ok") }

// sent checks the form of the last request to path: each key has the
// value given ("" only checks that the key was sent; "REC" and "DOC" stand
// for the seeded recording's and document's ids).
func sent(path string, form map[string]string) check {
	return func(t *testing.T, s *site, _ result) {
		reqs := s.srv.RequestsTo(path)
		require.NotEmpty(t, reqs, "nothing sent to %s", path)
		last := reqs[len(reqs)-1]
		for k, v := range form {
			require.Contains(t, last.Form, k)
			switch v {
			case "":
			case "REC":
				assert.Equal(t, itoa(s.record), last.Form.Get(k), k)
			case "DOC":
				assert.Equal(t, itoa(s.doc), last.Form.Get(k), k)
			default:
				assert.Equal(t, v, last.Form.Get(k), k)
			}
		}
	}
}

func TestServices(t *testing.T) {
	roster := filepath.Join(t.TempDir(), "roster.csv")
	require.NoError(t, os.WriteFile(roster, []byte("id,name\n2001,赵六\n2002,钱七\n"), 0o600))
	tests := []struct {
		name   string
		args   func(s *site) []string
		checks []check
	}{
		// rooms
		{"rooms create", func(s *site) []string {
			return []string{"rooms", "create", "--subject", "新课堂", "--start", "2030-03-01 10:00", "--teacher-token", "tt123456", "--web-join=false", "--format", "json"}
		}, []check{jsonObject("teacherToken", "tt123456"), jsonObject("webJoin", false), jsonObject("startDate", "2030-03-01T10:00:00+08:00")}},
		{"rooms get table", func(s *site) []string { return []string{"rooms", "get", "--room", s.room} },
			[]check{has("subject", "数学 Maths", "teacherJoinUrl")}},
		{"rooms modify", func(s *site) []string {
			return []string{"rooms", "modify", "--room", s.room, "--subject", "数学 II", "--start", "2030-01-01 08:00", "--realtime=true"}
		}, []check{okLine(), sent("/training/room/modify", map[string]string{"id": "", "subject": "数学 II", "realtime": "true", "startDate": "1893456000000"}),
			func(t *testing.T, s *site, _ result) {
				r := cli(t, s.env, "rooms", "get", "--room", s.room, "--format", "json")
				assert.Contains(t, r.stdout, `"subject": "数学 II"`)
			}}},
		{"rooms modify to recorded", func(s *site) []string {
			return []string{"rooms", "modify", "--room", s.room, "--subject", "数学", "--start", "2030-01-01 08:00", "--realtime=false"}
		}, []check{sent("/training/room/modify", map[string]string{"realtime": "false"})}},
		{"rooms create is live by default", func(s *site) []string {
			return []string{"rooms", "create", "--subject", "直播课"}
		}, []check{sent("/training/room/created", map[string]string{"subject": "直播课", "realtime": "true"})}},
		{"rooms create recorded", func(s *site) []string {
			return []string{"rooms", "create", "--subject", "录播课", "--realtime=false"}
		}, []check{sent("/training/room/created", map[string]string{"realtime": "false"})}},
		{"rooms status", func(s *site) []string { return []string{"rooms", "status", "--room", s.room, "--format", "csv"} },
			[]check{csvRows(1, "roomId", "status", "text")}},
		{"rooms sync all", func(s *site) []string { return []string{"rooms", "sync", "--all", "--format", "jsonl", "--progress"} },
			[]check{jsonLines(2, "roomId"), hasOnStderr("/training/room/sync: page 1/1 (0 rows so far)", "2 rows from 1 page(s)")}},
		{"rooms sync all is quiet on a stderr that is not a terminal", func(s *site) []string {
			return []string{"rooms", "sync", "--all", "--format", "jsonl"}
		}, []check{jsonLines(2, "roomId"), func(t *testing.T, _ *site, r result) { assert.Empty(t, r.stderr) }}},
		{"rooms set-student-list", func(s *site) []string {
			return []string{"rooms", "set-student-list", "--room", s.room, "--student", "1001:张三", "--students-file", roster, "--expire-time", "30"}
		}, []check{okLine(), func(t *testing.T, s *site, _ result) {
			reqs := s.srv.Requests()
			last := reqs[len(reqs)-1]
			assert.JSONEq(t, `[{"id":1001,"name":"张三"},{"id":2001,"name":"赵六"},{"id":2002,"name":"钱七"}]`, last.Form.Get("studentListInfo"))
		}}},
		{"rooms set-tel-conf", func(s *site) []string {
			return []string{"rooms", "set-tel-conf", "--room", s.room, "--site-name", "n", "--site-password", "p"}
		}, []check{okLine(), sent("/training/room/telconf", map[string]string{"roomId": "", "siteName": "n", "sitePassword": "p"})}},
		{"rooms relays", func(s *site) []string { return []string{"rooms", "add-relay", "--room", s.room, "--relay", s.other} },
			[]check{okLine(), sent("/training/relay/add", map[string]string{"relayId": ""}), func(t *testing.T, s *site, _ result) {
				r := cli(t, s.env, "rooms", "remove-relay", "--room", s.room, "--relay", s.other)
				assert.Equal(t, 0, r.code, r.stderr)
				removed := s.srv.RequestsTo("/training/relay/remove")
				require.Len(t, removed, 1)
				assert.Equal(t, s.other, removed[0].Form.Get("relayId"))
				assert.Equal(t, s.room, removed[0].Form.Get("roomId"))
			}}},
		{"rooms delete", func(s *site) []string { return []string{"rooms", "delete", "--room", s.other, "--format", "json"} },
			[]check{jsonObject("ok", true), func(t *testing.T, s *site, _ result) {
				r := cli(t, s.env, "rooms", "get", "--room", s.other)
				assert.Equal(t, 1, r.code, "the room is gone")
				assert.Contains(t, r.stderr, "501")
			}}},
		// coursewares
		{"coursewares sync all", func(s *site) []string {
			return []string{"coursewares", "sync", "--all", "--format", "jsonl", "--progress"}
		},
			[]check{jsonLines(3, "subject"), hasOnStderr("/training/courseware/syn: page 2/2 (2 rows so far)", "3 rows from 2 page(s)")}},
		{"coursewares sync one page", func(s *site) []string { return []string{"coursewares", "sync", "--format", "csv"} },
			[]check{csvRows(2, "id", "number", "url", "subject"), hasOnStderr("page 1 of 2, 3 items in all; --page 2 for the next")}},
		{"coursewares list", func(s *site) []string { return []string{"coursewares", "list", "--room", s.room, "--format", "json"} },
			[]check{jsonArray(3)}},
		{"coursewares get", func(s *site) []string { return []string{"coursewares", "get", "--courseware", s.ware} }, []check{has("课件 A")}},
		{"coursewares view-count", func(s *site) []string {
			return []string{"coursewares", "view-count", "--courseware", s.ware, "--format", "json"}
		},
			[]check{jsonObject("total", 7)}},
		{"coursewares modify", func(s *site) []string {
			return []string{"coursewares", "modify", "--courseware", s.ware, "--subject", "renamed", "--ui-mode", "2"}
		}, []check{okLine(), func(t *testing.T, s *site, _ result) {
			r := cli(t, s.env, "coursewares", "get", "--courseware", s.ware, "--format", "json")
			assert.Contains(t, r.stdout, `"subject": "renamed"`)
		}}},
		{"coursewares transcode-document", func(s *site) []string {
			return []string{"coursewares", "transcode-document", "--resource-url", "https://example.com/a.pptx", "--name", "a.pptx", "--format", "json"}
		}, []check{has(`"coursewareId"`)}},
		{"coursewares transcode-media", func(s *site) []string {
			return []string{"coursewares", "transcode-media", "--resource-url", "https://example.com/a.mp4", "--name", "a.mp4"}
		}, []check{has("coursewareId")}},
		{"coursewares delete", func(s *site) []string { return []string{"coursewares", "delete", "--courseware", s.ware} }, []check{okLine(),
			func(t *testing.T, s *site, _ result) {
				r := cli(t, s.env, "coursewares", "get", "--courseware", s.ware)
				assert.Equal(t, 1, r.code, "the courseware is gone")
			}}},
		// records
		{"records sync csv", func(s *site) []string { return []string{"records", "sync", "--format", "csv"} },
			[]check{csvRows(1, "id", "name")}},
		{"records choose and remove", func(s *site) []string {
			return []string{"records", "choose", "--room", s.room, "--record", itoa(s.record)}
		}, []check{okLine(), func(t *testing.T, s *site, _ result) {
			reqs := s.srv.Requests()
			assert.Equal(t, itoa(s.record), reqs[len(reqs)-1].Form.Get("recordId[0]"))
			r := cli(t, s.env, "records", "remove", "--room", s.room, "--record", itoa(s.record))
			assert.Equal(t, 0, r.code, r.stderr)
		}}},
		{"records delete", func(s *site) []string { return []string{"records", "delete", "--record", itoa(s.record)} }, []check{okLine(),
			sent("/training/gr/delete", map[string]string{"grId": "REC"}), func(t *testing.T, s *site, _ result) {
				r := cli(t, s.env, "records", "sync", "--format", "json")
				assert.Equal(t, "[]\n", r.stdout, "the recording is gone")
			}}},
		// docs
		{"docs sync json", func(s *site) []string { return []string{"docs", "sync", "--format", "json"} }, []check{jsonArray(1)}},
		{"docs attach and detach", func(s *site) []string { return []string{"docs", "attach", "--room", s.room, "--doc", itoa(s.doc)} },
			[]check{okLine(), sent("/training/doc/attach", map[string]string{"docId": "DOC"}), func(t *testing.T, s *site, _ result) {
				r := cli(t, s.env, "docs", "detach", "--room", s.room, "--doc", itoa(s.doc))
				assert.Equal(t, 0, r.code, r.stderr)
			}}},
		// warmups
		{"warmups create, modify, attach, detach", func(s *site) []string {
			return []string{"warmups", "create", "--name", "暖场", "--record", itoa(s.record), "--mode", "2", "--format", "json"}
		}, []check{jsonObject("name", "暖场"), func(t *testing.T, s *site, r result) {
			var w struct{ ID string }
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &w))
			for _, args := range [][]string{
				{"warmups", "modify", "--warmup", w.ID, "--name", "暖场 2"},
				{"warmups", "attach", "--room", s.room, "--warmup", w.ID},
				{"warmups", "detach", "--room", s.room, "--warmup", w.ID},
			} {
				r := cli(t, s.env, args...)
				assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
			}
		}}},
		// teachers
		{"teachers create and modify", func(s *site) []string {
			return []string{"teachers", "create", "--teacher-login-name", "t1", "--teacher-password", "tpass123", "--name", "老师", "--max-points", "5"}
		}, []check{okLine(), func(t *testing.T, s *site, _ result) {
			asTeacher := func(password string) int {
				return cli(t, map[string]string{"GENSEE_SITE": s.srv.URL(), "GENSEE_LOGIN": "t1", "GENSEE_PASSWORD": password},
					"rooms", "sync").code
			}
			assert.Equal(t, 0, asTeacher("tpass123"), "the new teacher logs in")
			r := cli(t, s.env, "teachers", "modify", "--teacher-login-name", "t1", "--teacher-password", "tpass456", "--name", "老师 2")
			assert.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, 0, asTeacher("tpass456"), "with the new password")
			assert.Equal(t, 1, asTeacher("tpass123"), "not the old one")
		}}},
		// exports
		{"exports attendance table", func(s *site) []string { return []string{"exports", "attendance", "--room", s.room} },
			[]check{has("uid", "joinTime", "1001", "张三", "2024-03-01 10:00:00", "PC web")}},
		{"exports attendance csv with window", func(s *site) []string {
			return []string{"exports", "attendance", "--room", s.room, "--from", "2024-03-01 10:00", "--to", "2024-03-01 10:01", "--format", "csv"}
		}, []check{csvRows(2, "uid", "nickname", "name")}},
		{"exports attendance json", func(s *site) []string {
			return []string{"exports", "attendance", "--room", s.room, "--format", "json"}
		}, []check{jsonArray(3)}},
		{"exports attendance jsonl", func(s *site) []string {
			return []string{"exports", "attendance", "--room", s.room, "--format", "jsonl"}
		}, []check{jsonLines(3, "uid")}},
		{"exports chat keeps a table row on one line", func(s *site) []string { return []string{"exports", "chat", "--room", s.room} },
			[]check{has("line one and two"), func(t *testing.T, _ *site, r result) {
				assert.Equal(t, 2, strings.Count(r.stdout, "\n"))
			}}},
		{"exports chat csv keeps the text", func(s *site) []string { return []string{"exports", "chat", "--room", s.room, "--format", "csv"} },
			[]check{has("\"line one\tand\ntwo\"")}},
		{"exports medals all", func(s *site) []string {
			return []string{"exports", "medals", "--room", s.room, "--all", "--format", "csv", "--progress"}
		},
			[]check{csvRows(3, "userName", "userId", "count"), hasOnStderr("/training/export/medal: page 2/2 (2 rows so far)")}},
		{"exports empty qa", func(s *site) []string { return []string{"exports", "qa", "--room", s.room, "--format", "json"} },
			[]check{jsonArray(0)}},
		{"exports study-history", func(s *site) []string {
			return []string{"exports", "study-history", "--date", s.dayOfStudy, "--format", "jsonl"}
		}, []check{jsonLines(1, "uid")}},
		{"exports room-concurrency", func(s *site) []string {
			return []string{"exports", "room-concurrency", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv"}
		}, []check{csvRows(1, "date", "maxConcurrent"), has("2024-03-01,42")}},
		{"exports room-usage", func(s *site) []string {
			return []string{"exports", "room-usage", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "json"}
		}, []check{jsonArray(0)}},
		{"exports roll-calls", func(s *site) []string {
			s.srv.AddRollCall(genseetest.RollCallRecord{RoomID: s.room, ID: "rc1", StartTime: time.Date(2024, 3, 1, 10, 5, 0, 0, chinaTime),
				Users: []genseetest.RollCallUser{{UserID: 1001, Name: "张三", Present: true}, {UserID: 1002, Name: "李四"}}})
			return []string{"exports", "roll-calls", "--room", s.room, "--format", "json"}
		}, []check{jsonArray(1), has(`"id": "rc1"`, `"present": 1`, `"absent": 1`), sent("/training/export/rollcall", map[string]string{"roomId": ""})}},
		{"exports votes", func(s *site) []string {
			s.srv.AddVote(genseetest.VoteRecord{RoomID: s.room, ID: "v1", Subject: "投票一", Type: 1, StartTime: time.Date(2024, 3, 1, 10, 6, 0, 0, chinaTime)})
			return []string{"exports", "votes", "--room", s.room, "--format", "json"}
		}, []check{jsonArray(1), has(`"id": "v1"`, "投票一"), sent("/training/export/vote", map[string]string{"roomId": ""})}},
		{"exports red-packets", func(s *site) []string {
			s.srv.AddRedPacket(genseetest.RedPacketRecord{RoomID: s.room, UserName: "王老师", IssueTime: time.Date(2024, 3, 1, 10, 7, 0, 0, chinaTime), Amount: 500, Number: 5})
			return []string{"exports", "red-packets", "--room", s.room, "--format", "jsonl"}
		}, []check{jsonLines(1, "userName"), has("王老师"), sent("/training/export/redpacket", map[string]string{"roomId": ""})}},
		{"exports praises", func(s *site) []string {
			s.srv.AddPraise(genseetest.PraiseRecord{RoomID: s.room, UserName: "张三", UserID: 1001, Count: 4, RoomStartTime: time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)})
			return []string{"exports", "praises", "--room", s.room, "--format", "csv"}
		}, []check{csvRows(1, "userName", "userId"), has("张三,1001"), sent("/training/export/praise", map[string]string{"roomId": ""})}},
		{"exports praise-details", func(s *site) []string {
			s.srv.AddPraiseDetail(genseetest.PraiseDetailRecord{RoomID: s.room, UserID: 1002, UserName: "李四", ActionTime: time.Date(2024, 3, 1, 10, 8, 0, 0, chinaTime),
				TargetUserID: 1001, TargetUserName: "张三"})
			return []string{"exports", "praise-details", "--room", s.room, "--format", "jsonl"}
		}, []check{jsonLines(1, "userId"), has("李四"), sent("/training/export/praise/detail", map[string]string{"roomId": ""})}},
		{"exports rewards", func(s *site) []string {
			s.srv.AddReward(genseetest.RewardRecord{Subject: "打赏课", StartTime: time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime),
				EndTime: time.Date(2024, 3, 1, 11, 0, 0, 0, chinaTime), TotalReward: 880})
			return []string{"exports", "rewards", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "json"}
		}, []check{jsonArray(1), has("打赏课", "880"), sent("/training/export/reward", map[string]string{"startDate": "", "endDate": ""})}},
		{"exports vod-concurrency", func(s *site) []string {
			s.srv.AddVodConcurrency(genseetest.Concurrency{Date: time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime), MaxConcurrent: 17})
			return []string{"exports", "vod-concurrency", "--from", "2024-03-01", "--to", "2024-03-02", "--format", "csv"}
		}, []check{csvRows(1, "date", "maxConcurrent"), has("2024-03-01,17")}},
		// famous rooms
		{"famousrooms create and get", func(s *site) []string {
			return []string{"famousrooms", "create", "--subject", "双师", "--class-count", "2", "--class-name", "一班", "--format", "json"}
		}, []check{has("slaveRoomWrapper"), func(t *testing.T, s *site, r result) {
			var f struct {
				ID               string
				SlaveRoomWrapper struct{ SlaveFamousRoomResultInfos []struct{ ID string } }
			}
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &f))
			require.Len(t, f.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 2)
			tutorial := f.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0].ID
			for _, args := range [][]string{
				{"famousrooms", "get", "--room", f.ID},
				{"famousrooms", "modify", "--room", f.ID, "--start", "2031-01-01 09:00", "--realtime=true"},
				{"famousrooms", "rename-tutorial-room", "--room", tutorial, "--class-name", "二班"},
				{"famousrooms", "get-tutorial-room", "--room", tutorial},
				{"famousrooms", "delete", "--room", f.ID},
			} {
				r := cli(t, s.env, args...)
				assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
			}
		}}},
		// groups
		{"groups create, add, update, delete", func(s *site) []string {
			return []string{"groups", "create", "--room", s.room, "--count", "2", "--name", "红队", "--name", "蓝队", "--format", "jsonl"}
		}, []check{jsonLines(2, "code"), has("红队", "蓝队"), func(t *testing.T, s *site, _ result) {
			r := cli(t, s.env, "groups", "add", "--room", s.room, "--name", "绿队", "--format", "json")
			require.Equal(t, 0, r.code, r.stderr)
			var g struct{ Code string }
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &g))
			r = cli(t, s.env, "groups", "update", "--room", s.room, "--group", g.Code, "--name", "黄队")
			assert.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "黄队")
			r = cli(t, s.env, "groups", "delete", "--room", s.room, "--group", g.Code)
			assert.Equal(t, 0, r.code, r.stderr)
		}}},
		// mini rooms
		{"minirooms create and modify", func(s *site) []string {
			return []string{"minirooms", "create", "--subject", "微课", "--duration", "60", "--format", "json"}
		}, []check{jsonObject("duration", 60), func(t *testing.T, s *site, r result) {
			var m struct{ ID string }
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &m))
			r = cli(t, s.env, "minirooms", "modify", "--room", m.ID, "--subject", "微课 2")
			assert.Equal(t, 0, r.code, r.stderr)
		}}},
		{"minirooms student-stats all", func(s *site) []string {
			return []string{"minirooms", "student-stats", "--room", s.mini, "--all", "--format", "jsonl", "--progress"}
		}, []check{jsonLines(3, "userId"), hasOnStderr("/training/miniroom/export/history: page 2/2 (2 rows so far)")}},
		{"minirooms room-stats", func(s *site) []string { return []string{"minirooms", "room-stats", "--format", "csv"} },
			[]check{csvRows(1, "id")}},
	}
	hit := map[string]bool{} // the endpoints the cases' commands reached
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seededSite(t)
			r := cli(t, s.env, tt.args(s)...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			for _, c := range tt.checks {
				c(t, s, r)
			}
			for _, req := range s.srv.Requests() {
				hit[req.Path] = true
			}
		})
	}
	// Run last, and only when every case ran (a -run naming one case
	// leaves this subtest out too): every endpoint of the catalog was
	// reached by the commands of some case.
	t.Run("every endpoint of the catalog", func(t *testing.T) {
		eps, err := catalog.Load("../../testdata/spec")
		require.NoError(t, err)
		for _, e := range eps {
			assert.True(t, hit[e.Path], "no case of TestServices runs a command that calls %s (%s)", e.Path, e.Method)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
