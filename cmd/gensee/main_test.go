package main

import (
	"bytes"
	"crypto/md5"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/genseetest"
	"github.com/gensee-go/gensee/internal/catalog"
)

// result is what one run of the command printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

// cli runs the command with env as its whole environment.
func cli(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(""), &out, &errw, func(k string) string { return env[k] })
	return result{out.String(), errw.String(), code}
}

// cliIn runs the command with stdin as its standard input.
func cliIn(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &out, &errw, func(k string) string { return env[k] })
	return result{out.String(), errw.String(), code}
}

// fakeSite starts a genseetest server and returns it with the environment
// that points the command at it.
func fakeSite(t *testing.T, opts ...genseetest.Option) (*genseetest.Server, map[string]string) {
	t.Helper()
	srv := genseetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, map[string]string{
		"GENSEE_SITE":     srv.URL(),
		"GENSEE_LOGIN":    srv.LoginName(),
		"GENSEE_PASSWORD": srv.Password(),
	}
}

func TestHelpOnEveryLevel(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"top --help", []string{"--help"}, 0, []string{"Usage:", "rooms", "exports", "minirooms", "call", "--fake", "--password-md5", "Exit codes"}},
		{"top -h", []string{"-h"}, 0, []string{"Services:"}},
		{"help word", []string{"help"}, 0, []string{"Services:"}},
		{"no arguments", nil, 2, []string{"Services:"}},
		{"service --help", []string{"rooms", "--help"}, 0, []string{"create", "/training/room/created", "set-student-list", "/training/room/student/list"}},
		{"service -h", []string{"exports", "-h"}, 0, []string{"attendance", "/training/export/history", "study-history"}},
		{"service without action", []string{"groups"}, 2, []string{"Actions:", "/training/group/create"}},
		{"help service", []string{"help", "minirooms"}, 0, []string{"student-stats", "/training/miniroom/export/history"}},
		{"action --help", []string{"rooms", "create", "--help"}, 0, []string{"Endpoint: POST /training/room/created", "--subject", "--start time", "now+1h", "--format"}},
		{"action -h", []string{"exports", "attendance", "-h"}, 0, []string{"/training/export/history", "--room", "--from time", "--to time"}},
		{"help action", []string{"help", "coursewares", "sync"}, 0, []string{"/training/courseware/syn", "--all", "--page int"}},
		{"call --help", []string{"call", "--help"}, 0, []string{"gensee call /training/room/info roomId=R"}},
		{"help call", []string{"help", "call"}, 0, []string{"raw JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			text := r.stdout
			if tt.code != 0 {
				text = r.stderr
			}
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
		})
	}
}

func TestEveryActionHasHelpNamingItsPath(t *testing.T) {
	require.NotEmpty(t, services)
	for _, s := range services {
		top := cli(t, nil, "--help")
		assert.Contains(t, top.stdout, "  "+s.name+" ")
		svcHelp := cli(t, nil, s.name, "--help")
		require.Equal(t, 0, svcHelp.code)
		for _, a := range s.actions {
			t.Run(s.name+"/"+a.name, func(t *testing.T) {
				assert.NotEmpty(t, a.summary)
				assert.True(t, strings.HasPrefix(a.path, "/training/"), a.path)
				assert.Equal(t, kebab(strings.ReplaceAll(a.name, "-", "")), strings.ReplaceAll(a.name, "-", ""), "action names are kebab case")
				assert.Regexp(t, `(?m)^  `+a.name+` +`+regexpQuote(a.summary)+` \(`+regexpQuote(a.path)+`\)$`, svcHelp.stdout)
				r := cli(t, nil, s.name, a.name, "--help")
				require.Equal(t, 0, r.code, r.stderr)
				assert.Contains(t, r.stdout, a.summary)
				assert.Contains(t, r.stdout, "Endpoint: POST "+a.path)
				assert.Contains(t, r.stdout, "--format")
			})
		}
	}
}

func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestActionsCoverAllEndpoints checks the actions against the catalog
// (testdata/spec): every endpoint has exactly one action, which belongs to
// the service of the endpoint's SDK method and is named by it in kebab case
// (Rooms.SetStudentList: rooms set-student-list); no action calls a path
// the catalog does not list; and the fake answers every one of them.
func TestActionsCoverAllEndpoints(t *testing.T) {
	eps, err := catalog.Load("../../testdata/spec")
	require.NoError(t, err)
	covered := map[string]string{}
	for _, s := range services {
		for _, a := range s.actions {
			who := s.name + " " + a.name
			if prev, dup := covered[a.path]; dup {
				t.Errorf("%s and %s both call %s", prev, who, a.path)
			}
			covered[a.path] = who
		}
	}
	inCatalog := map[string]bool{}
	for _, e := range eps {
		inCatalog[e.Path] = true
		field, name := catalog.Split(e.Method)
		want := strings.ToLower(field) + " " + kebab(name)
		assert.Equal(t, want, covered[e.Path], "the action of %s (%s)", e.Path, e.Method)
	}
	for p, who := range covered {
		assert.True(t, inCatalog[p], "%s calls %s, which the catalog does not list", who, p)
	}
	assert.ElementsMatch(t, genseetest.Endpoints(), slices.Collect(maps.Keys(covered)), "the fake answers every action's endpoint")
}

func TestUsageErrors(t *testing.T) {
	_, env := fakeSite(t)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown service", env, []string{"lessons", "list"}, `unknown service "lessons"`},
		{"unknown action", env, []string{"rooms", "explode"}, `unknown action "explode" of rooms`},
		{"unknown global flag", env, []string{"--nope", "rooms", "get"}, "flag provided but not defined: --nope"},
		{"unknown action flag", env, []string{"rooms", "get", "--nope"}, "flag provided but not defined: --nope"},
		{"bad time", env, []string{"rooms", "create", "--subject", "x", "--start", "tomorrow"}, `invalid value "tomorrow" for flag --start`},
		{"bad date", env, []string{"exports", "rewards", "--from", "2024/01/01", "--to", "2024-01-02"}, "want yyyy-MM-dd"},
		{"bad integer", env, []string{"groups", "create", "--room", "r", "--count", "two"}, `invalid value "two" for flag --count`},
		{"bad ids", env, []string{"records", "choose", "--room", "r", "--record", "1,x"}, "want integers"},
		{"bad format", env, []string{"rooms", "get", "--room", "r", "--format", "xml"}, "--format must be table, wide, json, jsonl or csv"},
		{"bad global format", env, []string{"--format", "yaml", "rooms", "get"}, "--format must be"},
		{"positional argument", env, []string{"rooms", "get", "R"}, `unexpected argument "R"`},
		{"missing credentials", nil, []string{"rooms", "get", "--room", "r"}, "missing credentials: --site or GENSEE_SITE, --login or GENSEE_LOGIN, GENSEE_PASSWORD or --password-stdin"},
		{"validation error: missing id", env, []string{"rooms", "get"}, "gensee: --room is required (roomId, /training/room/info)"},
		{"validation error: a bound field", env, []string{"rooms", "create", "--subject", ""}, "gensee: --subject "},
		{"validation error: a group count", env, []string{"groups", "create", "--room", "r", "--count", "99"}, "gensee: --count "},
		{"validation error: bad roster", env, []string{"rooms", "set-student-list", "--room", "r", "--student", "1:a", "--student", "1:b"}, "must be unique"},
		{"validation error: mini duration", env, []string{"minirooms", "create", "--subject", "s", "--duration", "10"}, "duration"},
		{"bad student", env, []string{"rooms", "set-student-list", "--room", "r", "--student", "张三"}, "want id:name"},
		{"rooms modify without --realtime", env, []string{"rooms", "modify", "--room", "r", "--subject", "s", "--start", "2030-01-01 08:00"},
			"--realtime=true or --realtime=false is required"},
		{"famousrooms modify without --realtime", env, []string{"famousrooms", "modify", "--room", "r", "--start", "2030-01-01 08:00"},
			"--realtime=true or --realtime=false is required"},
		{"call without path", env, []string{"call"}, "call needs an endpoint path"},
		{"call bad pair", env, []string{"call", "/training/room/info", "roomId"}, `"roomId" is not name=value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.env, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestAPIErrorsExitOne(t *testing.T) {
	srv, env := fakeSite(t)
	srv.AddRoom("taken")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not found", []string{"rooms", "get", "--room", "nope"}, "gensee: /training/room/info: 501 not found"},
		{"duplicate", []string{"rooms", "create", "--subject", "taken"}, "gensee: /training/room/created: 502"},
		{"call not found", []string{"call", "/training/room/info", "roomId=nope"}, "gensee: /training/room/info: 501"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, env, tt.args...)
			assert.Equal(t, 1, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			assert.Empty(t, r.stdout)
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		bad := map[string]string{"GENSEE_SITE": srv.URL(), "GENSEE_LOGIN": srv.LoginName(), "GENSEE_PASSWORD": "wrong-secret"}
		r := cli(t, bad, "rooms", "get", "--room", "x")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, ": 200 ")
	})
	t.Run("unreachable site", func(t *testing.T) {
		down := map[string]string{"GENSEE_SITE": "http://127.0.0.1:1", "GENSEE_LOGIN": "a", "GENSEE_PASSWORD": "b"}
		r := cli(t, down, "rooms", "delete", "--room", "x")
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "gensee: ")
	})
}

func TestPasswordNeverPrinted(t *testing.T) {
	const secret = "S3cret-Passw0rd"
	sum := md5.Sum([]byte(secret))
	digest := hex.EncodeToString(sum[:])
	srv, _ := fakeSite(t, genseetest.WithCredentials("admin@demo", secret))
	room := srv.AddRoom("secret test")
	good := map[string]string{"GENSEE_SITE": srv.URL(), "GENSEE_LOGIN": "admin@demo", "GENSEE_PASSWORD": secret}
	runs := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"ok from env", good, []string{"--debug", "rooms", "get", "--room", room, "--format", "json"}},
		{"ok from flags", nil, []string{"--site", srv.URL(), "--login", "admin@demo", "--password", secret, "rooms", "status", "--room", room}},
		{"digest flag", nil, []string{"--site", srv.URL(), "--login", "admin@demo", "--password-md5", digest, "rooms", "get", "--room", room}},
		{"plain password", good, []string{"--plain-password", "--debug", "rooms", "get", "--room", room}},
		{"api error", good, []string{"--debug", "rooms", "get", "--room", "nope"}},
		{"wrong login", map[string]string{"GENSEE_SITE": srv.URL(), "GENSEE_LOGIN": "someone", "GENSEE_PASSWORD": secret},
			[]string{"--debug", "rooms", "get", "--room", room}},
		{"usage error", good, []string{"rooms", "get", "--password", secret}},
		{"help", good, []string{"--password", secret, "--help"}},
		{"call", good, []string{"--debug", "call", "/training/room/info", "roomId=" + room}},
		{"missing site", map[string]string{"GENSEE_PASSWORD": secret}, []string{"rooms", "get", "--room", room}},
	}
	for _, tt := range runs {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.env, tt.args...)
			for _, s := range []string{secret, digest, strings.ToUpper(digest)} {
				assert.NotContains(t, r.stdout, s)
				assert.NotContains(t, r.stderr, s)
			}
		})
	}
}

func TestCall(t *testing.T) {
	srv, env := fakeSite(t)
	room := srv.AddRoom("call me")
	r := cli(t, env, "call", "/training/room/info", "roomId="+room)
	require.Equal(t, 0, r.code, r.stderr)
	var body map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &body))
	assert.Equal(t, "call me", body["subject"])
	assert.EqualValues(t, "0", body["code"])
	assert.Equal(t, 1, strings.Count(strings.TrimSpace(r.stdout), "\n")+1, "raw answer on one line")

	r = cli(t, env, "--format", "json", "call", "room/info", "roomId="+room)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "\n  \"subject\": \"call me\"")

	r = cli(t, env, "call", "/training/room/sync", "pageNo=1")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, room)
}

func TestFakeMode(t *testing.T) {
	r := cli(t, nil, "--fake", "rooms", "create", "--subject", "demo")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--fake: using an in-process genseetest server")
	assert.Regexp(t, `(?m)^teacherJoinUrl +http://127\.0\.0\.1:\d+/`, r.stdout)
	assert.Equal(t, "demo", regexpLine(t, r.stdout, "subject"), "a subject is never taken for a demo id")
	start := regexpLine(t, r.stdout, "startDate")
	at, err := time.ParseInLocation("2006-01-02 15:04:05", start, chinaTime)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), at, 2*time.Minute, "--start defaults to now+1h")

	r = cli(t, nil, "--fake", "exports", "attendance", "--room", demoRoom, "--format", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	assert.Len(t, rows, 4, "header and the three demo students")

	r = cli(t, nil, "--fake", "coursewares", "sync", "--all", "--format", "jsonl", "--progress")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(r.stdout), "\n"), 7)
	assert.Contains(t, r.stderr, "gensee: /training/courseware/syn: page 1/2 (0 rows so far)\n")
	assert.Contains(t, r.stderr, "gensee: /training/courseware/syn: page 2/2 (5 rows so far)\n")
	assert.Contains(t, r.stderr, "gensee: 7 rows from 2 page(s)")
}

func regexpLine(t *testing.T, out, key string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if k, v, ok := strings.Cut(line, " "); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no %s line in %q", key, out)
	return ""
}

func TestParseTime(t *testing.T) {
	want := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "2024-03-01 10:00", want: want},
		{in: "2024-03-01 10:00:00", want: want},
		{in: "2024-03-01T10:00", want: want},
		{in: "2024-03-01T02:00:00Z", want: want},
		{in: "2024-03-01T10:00:00+08:00", want: want},
		{in: "1709258400000", want: want},
		{in: "2024-03-01", want: time.Date(2024, 3, 1, 0, 0, 0, 0, chinaTime)},
		{in: "tomorrow", bad: true},
		{in: "2024-13-01 10:00", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseTime(tt.in)
			if tt.bad {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v", got)
		})
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"Subject": "subject", "TeacherJoinURL": "teacher-join-url", "AACSupport": "aac-support",
		"UIMode": "ui-mode", "ResourceURL": "resource-url", "GrID": "gr-id", "ID": "id", "MaxVodPoints": "max-vod-points",
	} {
		assert.Equal(t, want, kebab(in), in)
	}
}

func TestStudentsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "roster.csv")
	require.NoError(t, os.WriteFile(file, []byte("\ufeffid,name\n1001,张三\n1002, 李四\n\n"), 0o600))
	got, err := readStudents(file)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, int64(1002), got[1].ID)
	assert.Equal(t, "李四", got[1].Name)

	require.NoError(t, os.WriteFile(file, []byte("1001,a\nx,b\n"), 0o600))
	_, err = readStudents(file)
	var ue *usageError
	require.ErrorAs(t, err, &ue, "a bad line is the user's mistake (exit code 2)")
	assert.Equal(t, &usageError{"--students-file " + file + ": line 2: the id \"x\" is not an integer"}, ue)
	_, err = readStudents(filepath.Join(dir, "missing.csv"))
	assert.Error(t, err)
}

func TestTableAlignsWideCharacters(t *testing.T) {
	var tb table
	tb.add("name", "area", "ip")
	tb.add("张三", "北京", "10.0.0.1")
	tb.add("Bob", "", "10.0.0.2")
	var b strings.Builder
	require.NoError(t, tb.flush(&b))
	assert.Equal(t, "name  area  ip\n张三  北京  10.0.0.1\nBob         10.0.0.2\n", b.String())
	assert.Equal(t, 4, displayWidth("张三"))
	assert.Equal(t, 3, displayWidth("abc"))
}
