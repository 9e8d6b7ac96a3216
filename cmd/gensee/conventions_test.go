package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func TestGlobalFlagsAnywhere(t *testing.T) {
	srv, env := fakeSite(t)
	room := srv.AddRoom("任意 Anywhere")
	tests := []struct {
		name string
		args []string
	}{
		{"before the service", []string{"--format", "json", "rooms", "get", "--room", room}},
		{"after the action", []string{"rooms", "get", "--room", room, "--format", "json"}},
		{"-o", []string{"rooms", "get", "-o", "json", "--room", room}},
		{"call: flags after the arguments", []string{"call", "/training/room/info", "roomId=" + room, "--format", "json"}},
		{"call: -- ends the flags", []string{"--format", "json", "call", "/training/room/info", "--", "roomId=" + room}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, env, tt.args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "\n  \"subject\": \"任意 Anywhere\"", "indented JSON")
		})
	}
	t.Run("--fake after the action", func(t *testing.T) {
		r := cli(t, nil, "rooms", "get", "--room", demoRoom, "--fake", "--format", "json")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "演示课堂 Demo classroom")
	})
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"rooms", "get", "--version"}} {
		r := cli(t, nil, args...)
		assert.Equal(t, 0, r.code, "%v", args)
		assert.Equal(t, "gensee "+gensee.Version+"\n", r.stdout, "%v", args)
	}
}

func TestCompletion(t *testing.T) {
	tests := []struct {
		shell string
		want  []string
	}{
		{"bash", []string{"complete -F _gensee gensee", `"rooms get") words="--room `, "--fake", `"exports") [[ -z $act ]] && words="attendance `}},
		{"zsh", []string{"#compdef gensee", "bashcompinit", "complete -F _gensee gensee"}},
		{"fish", []string{"complete -c gensee -f -n '__fish_use_subcommand' -a \"", "__fish_seen_subcommand_from rooms; and __fish_seen_subcommand_from get' -l room"}},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			r := cli(t, nil, "completion", tt.shell)
			require.Equal(t, 0, r.code, r.stderr)
			for _, w := range tt.want {
				assert.Contains(t, r.stdout, w)
			}
		})
	}
	r := cli(t, nil, "completion", "powershell")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown shell "powershell"`)
	assert.Equal(t, 2, cli(t, nil, "completion").code)
}

func TestDryRunSendsNothing(t *testing.T) {
	srv, env := fakeSite(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"a read", []string{"rooms", "get", "--room", "R1", "--dry-run"}, []string{
			"POST " + srv.URL() + "/integration/site/training/room/info\n",
			"Content-Type: application/x-www-form-urlencoded",
			"  loginName=***\n", "  password=***\n", "  roomId=R1\n", "  sec=true\n"}},
		{"a write", []string{"--dry-run", "rooms", "create", "--subject", "试运行", "--start", "2030-03-01 10:00"}, []string{
			"/training/room/created\n", "  realtime=true\n", "  startDate=1898560800000\n", "  subject=试运行\n"}},
		{"a teacher's password", []string{"--dry-run", "teachers", "create", "--teacher-login-name", "t1", "--teacher-password", "tpass123", "--name", "n"},
			[]string{"  teacherPassword=***\n", "  teacherLoginName=t1\n"}},
		{"call", []string{"call", "/training/room/info", "roomId=R2", "--dry-run"}, []string{"  roomId=R2\n", "  password=***\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, env, tt.args...)
			assert.Equal(t, 0, r.code, r.stderr)
			for _, w := range tt.want {
				assert.Contains(t, r.stdout, w)
			}
			assert.NotContains(t, r.stdout, srv.Password())
			assert.NotContains(t, r.stdout, "tpass123")
		})
	}
	assert.Empty(t, srv.Requests(), "--dry-run sent a request")
	r := cli(t, env, "--dry-run", "rooms", "get")
	assert.Equal(t, 2, r.code, "a request the SDK refuses is still a usage error")
}

func TestSecretsOffTheCommandLine(t *testing.T) {
	srv, env := fakeSite(t)
	room := srv.AddRoom("secret")
	noPassword := map[string]string{"GENSEE_SITE": env["GENSEE_SITE"], "GENSEE_LOGIN": env["GENSEE_LOGIN"]}

	r := cliIn(t, noPassword, srv.Password()+"\n", "--password-stdin", "rooms", "status", "--room", room)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)

	r = cli(t, noPassword, "--password", srv.Password(), "rooms", "status", "--room", room)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "gensee: warning: a password given as a flag is visible to other users (ps)")

	r = cliIn(t, noPassword, "", "--password-stdin", "rooms", "status", "--room", room)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--password-stdin: standard input holds no line for the API password")

	// Two secrets from standard input: one a line, the API password first.
	r = cliIn(t, noPassword, srv.Password()+"\nteacher-pw9\n", "teachers", "create", "--teacher-login-name", "two",
		"--name", "n", "--teacher-password-stdin", "--password-stdin")
	require.Equal(t, 0, r.code, r.stderr)
	two := srv.RequestsTo("/training/teacher/created")
	require.NotEmpty(t, two)
	assert.Equal(t, "teacher-pw9", two[len(two)-1].Form.Get("teacherPassword"))
	r = cliIn(t, noPassword, srv.Password()+"\n", "teachers", "create", "--teacher-login-name", "two2",
		"--name", "n", "--teacher-password-stdin", "--password-stdin")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--teacher-password-stdin: standard input holds no line for the teacher password")

	teacherEnv := map[string]string{"GENSEE_TEACHER_PASSWORD": "fromenv1"}
	for k, v := range env {
		teacherEnv[k] = v
	}
	tests := []struct {
		name, stdin string
		env         map[string]string
		args        []string
		sent        string
		warn        bool
	}{
		{"teacher password from the environment", "", teacherEnv, []string{"teachers", "create", "--teacher-login-name", "t1", "--name", "n"}, "fromenv1", false},
		{"teacher password from stdin", "fromstdin\n", env, []string{"teachers", "create", "--teacher-login-name", "t2", "--name", "n", "--teacher-password-stdin"}, "fromstdin", false},
		{"teacher password as a flag", "", env, []string{"teachers", "create", "--teacher-login-name", "t3", "--name", "n", "--teacher-password", "fromflag"}, "fromflag", true},
		{"263 password from the environment", "", map[string]string{"GENSEE_TEL_SITE_PASSWORD": "tel-pass", "GENSEE_SITE": env["GENSEE_SITE"],
			"GENSEE_LOGIN": env["GENSEE_LOGIN"], "GENSEE_PASSWORD": env["GENSEE_PASSWORD"]},
			[]string{"rooms", "set-tel-conf", "--room", room, "--site-name", "acct"}, "tel-pass", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cliIn(t, tt.env, tt.stdin, tt.args...)
			require.Equal(t, 0, r.code, r.stderr)
			reqs := srv.Requests()
			last := reqs[len(reqs)-1]
			got := last.Form.Get("teacherPassword") + last.Form.Get("sitePassword")
			assert.Equal(t, tt.sent, got)
			if tt.warn {
				assert.Contains(t, r.stderr, "gensee: warning: --teacher-password on the command line is visible to other users (ps)")
			} else {
				assert.NotContains(t, r.stderr, "warning")
			}
		})
	}
	r = cliIn(t, env, "x\n", "teachers", "create", "--teacher-login-name", "t4", "--name", "n", "--teacher-password", "a", "--teacher-password-stdin")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--teacher-password and --teacher-password-stdin: give one")
}

func TestDateOnlyToIsTheEndOfThatDay(t *testing.T) {
	srv, env := fakeSite(t)
	room := srv.AddRoom("days")
	r := cli(t, env, "exports", "attendance", "--room", room, "--from", "2024-03-01", "--to", "2024-03-01")
	require.Equal(t, 0, r.code, r.stderr)
	sent := srv.RequestsTo("/training/export/history")
	require.Len(t, sent, 1)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, chinaTime)
	assert.Equal(t, strconv.FormatInt(from.UnixMilli(), 10), sent[0].Form.Get("startTime"))
	assert.Equal(t, strconv.FormatInt(from.Add(24*time.Hour-time.Millisecond).UnixMilli(), 10), sent[0].Form.Get("endTime"))

	r = cli(t, env, "exports", "attendance", "--room", room, "--from", "2024-03-01", "--to", "2024-03-01 12:00")
	require.Equal(t, 0, r.code, r.stderr)
	sent = srv.RequestsTo("/training/export/history")
	assert.Equal(t, strconv.FormatInt(from.Add(12*time.Hour).UnixMilli(), 10), sent[1].Form.Get("endTime"), "a time is kept as given")

	help := cli(t, nil, "exports", "attendance", "--help")
	assert.Contains(t, help.stdout, "a date alone means the end of that day: the next midnight less 1 ms, China time")
}

// TestInterruptExits130 cancels the context (what Ctrl-C does) while the
// call is in flight: the call is abandoned and the exit code is 130.
func TestInterruptExits130(t *testing.T) {
	srv, env := fakeSite(t)
	room := srv.AddRoom("slow")
	srv.Inject("/training/room/info", 1, genseetest.Fault{Delay: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		for len(srv.RequestsTo("/training/room/info")) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	var out, errw strings.Builder
	code := run(ctx, []string{"rooms", "get", "--room", room}, strings.NewReader(""), &out, &errw, func(k string) string { return env[k] })
	assert.Equal(t, 130, code)
	assert.Equal(t, "gensee: interrupted; the call in flight was cancelled\n", errw.String())
	assert.Empty(t, out.String())
	assert.Contains(t, cli(t, nil, "--help").stdout, "130  interrupted (Ctrl-C)")
}

func TestErrorsNameTheFlagsTyped(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
		not  []string
	}{
		{"bad site", map[string]string{"GENSEE_LOGIN": "a", "GENSEE_PASSWORD": "b"}, []string{"--site", "ftp://x", "rooms", "get", "--room", "r"},
			"gensee: ", []string{"NewClient", "WithPasswordMD5"}},
		{"bad digest", map[string]string{"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOGIN": "a", "GENSEE_PASSWORD_MD5": "xyz"}, []string{"rooms", "get", "--room", "r"},
			"--password-md5", []string{"NewClient", "WithPasswordMD5"}},
		{"bad time value", nil, []string{"exports", "attendance", "--room", "r", "--to", "soon", "--fake"}, `invalid value "soon" for flag --to`, nil},
		{"the other end of a window", nil, []string{"exports", "attendance", "--room", "demo", "--from", "2024-03-01", "--fake"},
			"gensee: --to is required when --from is set (endTime, /training/export/history)", []string{"when startTime"}},
		{"a window backwards", nil, []string{"exports", "room-concurrency", "--from", "2024-03-09", "--to", "2024-03-01", "--fake"},
			"gensee: --to must not be before --from (endDate, /training/export/room/concurrent)", []string{"before startDate"}},
		{"a window too long", nil, []string{"exports", "rewards", "--from", "2024-01-01", "--to", "2024-06-01", "--fake"},
			"--to must be at most 30 days after --from", []string{"after startDate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, tt.env, tt.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			for _, n := range tt.not {
				assert.NotContains(t, r.stderr, n)
			}
		})
	}
}

// TestProgressSaysWhenACallIsSlow drives the observer with a clock of its
// own: each tick of the timer prints one line, and none after the call.
func TestProgressSaysWhenACallIsSlow(t *testing.T) {
	var buf strings.Builder
	p := newProgress(&buf, true)
	var fire []func()
	stopped := 0
	p.after = func(_ time.Duration, f func()) func() bool {
		fire = append(fire, f)
		return func() bool { stopped++; return true }
	}
	o := p.observer()
	ctx := o.CallStart(context.Background(), "/training/export/history")
	require.Len(t, fire, 1)
	fire[0]()
	require.Len(t, fire, 2, "the next reminder is set")
	assert.Regexp(t, `^gensee: still waiting for /training/export/history \(\d+ s\)\n$`, buf.String())
	o.CallDone(ctx, &gensee.CallResult{})
	assert.Equal(t, 1, stopped)
	fire[1]()
	assert.Equal(t, 1, strings.Count(buf.String(), "\n"), "nothing after the call returned")

	quiet := newProgress(&buf, false)
	assert.Nil(t, quiet.observer().CallStart(context.Background(), "/x"), "off: no timer at all")
}
