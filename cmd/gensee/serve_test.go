package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/genseetest"
)

// server is one "gensee fake serve" process.
type server struct {
	cmd     *exec.Cmd
	url     string
	cert    string // the certificate path --tls printed
	out     syncBuffer
	stopped chan struct{} // closed once stdout ends
}

// The command, built once for the tests that run it as a process (a
// plain build: no race detector, so that its memory is what users get).
var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// builtCLI returns the path of the built command.
func builtCLI(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "gensee-cli-test-"); buildErr != nil {
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(buildDir, "gensee"), ".")
		build.Stderr = os.Stderr
		buildErr = build.Run()
	})
	require.NoError(t, buildErr)
	return filepath.Join(buildDir, "gensee")
}

// startServe runs the binary with "fake serve --addr 127.0.0.1:0" and args,
// and waits (at most 30 s) for the line that says it is ready. Its stdout
// is read all along, so that the request log never blocks it.
func startServe(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"fake", "serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	s := &server{cmd: cmd, stopped: make(chan struct{})}
	go func() {
		defer close(s.stopped)
		_, _ = io.Copy(&s.out, stdout)
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	re := regexp.MustCompile(`(?m)^gensee fake: serving (https?://127\.0\.0\.1:\d+) `)
	cert := regexp.MustCompile(`(?m)^gensee fake: TLS certificate .*: (.+)$`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out := s.out.String()
		if strings.Contains(out, "gensee fake: Ctrl-C stops\n") {
			if m := re.FindStringSubmatch(out); m != nil {
				s.url = m[1]
			}
			if m := cert.FindStringSubmatch(out); m != nil {
				s.cert = m[1]
			}
			return s
		}
		select {
		case <-s.stopped:
			t.Fatalf("fake serve exited before it was ready: %q", out)
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("fake serve not ready after 30 s: %q", s.out.String())
	return nil
}

// stop sends SIGTERM and returns everything the process printed and its
// exit code.
func (s *server) stop(t *testing.T) (string, int) {
	t.Helper()
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("fake serve did not stop within 30 s of SIGTERM")
	}
	err := s.cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return s.out.String(), code
}

// post sends a plain form POST, as curl would, and decodes the answer.
func post(t *testing.T, base, path string, form url.Values) map[string]any {
	t.Helper()
	resp, err := http.PostForm(base+"/integration/site"+path, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m), string(body))
	return m
}

// TestFakeServeKeepsStateAcrossProcesses builds the command, creates a
// classroom over plain HTTP in one "fake serve" process, stops it with
// SIGTERM, and finds the classroom in a second process on the same state
// file.
func TestFakeServeKeepsStateAcrossProcesses(t *testing.T) {
	bin := builtCLI(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "fake.json")

	creds := url.Values{"loginName": {genseetest.DefaultLoginName}, "password": {genseetest.DefaultPassword}}
	one := startServe(t, bin, "--state", state)
	form := url.Values{"subject": {"curl 课堂"}, "startDate": {"1893456000000"}, "realtime": {"true"}}
	for k, v := range creds {
		form[k] = v
	}
	created := post(t, one.url, "/training/room/created", form)
	require.Equal(t, "0", created["code"], created)
	id, _ := created["id"].(string)
	require.NotEmpty(t, id)
	out, code := one.stop(t)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "gensee fake: login admin@demo, password demo-password")
	assert.Contains(t, out, "POST /training/room/created loginName=admin@demo password=*** realtime=true startDate=1893456000000 subject=\"curl 课堂\"\n")
	assert.NotContains(t, out, "password="+genseetest.DefaultPassword)
	saved, err := os.ReadFile(state)
	require.NoError(t, err)
	assert.Contains(t, string(saved), `"Subject": "curl 课堂"`)
	assert.True(t, strings.HasPrefix(string(saved), "{\n  \"format\": \"gensee-fake-state\""), "compacted at exit: %.80s", saved)
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".fake.json.*"))
	assert.Empty(t, leftovers, "no temporary file stays behind")

	two := startServe(t, bin, "--state", state, "--login", "other@demo", "--password", "other-pass")
	assert.Contains(t, two.out.String(), "gensee fake: login other@demo, password other-pass")
	info := post(t, two.url, "/training/room/info", url.Values{"loginName": {"other@demo"}, "password": {"other-pass"}, "roomId": {id}})
	assert.Equal(t, "0", info["code"], info)
	assert.Equal(t, "curl 课堂", info["subject"])
	old := post(t, two.url, "/training/room/info", url.Values{"loginName": creds["loginName"], "password": creds["password"], "roomId": {id}})
	assert.Equal(t, "200", old["code"], "--login and --password replace the default credentials")
	_, code = two.stop(t)
	assert.Equal(t, 0, code)
}

// TestFakeStateAcrossRuns runs --fake --state twice in this process: the
// room the first run creates is there for the second.
func TestFakeStateAcrossRuns(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	r := cli(t, nil, "--fake", "--state", state, "rooms", "create", "--subject", "留存 Kept", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var room struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &room))
	require.NotEmpty(t, room.ID)

	before, err := os.Stat(state)
	require.NoError(t, err)
	content, err := os.ReadFile(state)
	require.NoError(t, err)
	r = cli(t, nil, "rooms", "get", "--room", room.ID, "--fake", "--state", state, "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"subject": "留存 Kept"`)
	assert.Contains(t, r.stderr, "with the state of "+state)
	// A read leaves the file as it was: not rewritten, not replaced.
	after, err := os.Stat(state)
	require.NoError(t, err)
	assert.True(t, os.SameFile(before, after))
	again, err := os.ReadFile(state)
	require.NoError(t, err)
	assert.Equal(t, string(content), string(again))
	// The demo ids still name the demo objects.
	r = cli(t, nil, "--fake", "--state", state, "rooms", "get", "--room", demoRoom, "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "演示课堂 Demo classroom")

	r = cli(t, nil, "--state", state, "rooms", "get", "--room", room.ID)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--state works with --fake only")
	require.NoError(t, os.WriteFile(state, []byte("{}"), 0o600))
	r = cli(t, nil, "--fake", "--state", state, "rooms", "get", "--room", room.ID)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "not a state file of gensee fake")
}

func TestFakeServeUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fake", "--help"}, 0, "gensee fake serve [--addr 127.0.0.1:8080]"},
		{[]string{"fake", "serve", "--help"}, 0, "--page-size int"},
		{[]string{"help", "fake"}, 0, "--state string"},
		{[]string{"fake"}, 2, "the only action is serve"},
		{[]string{"fake", "serve", "--seed", "lots"}, 2, `--seed must be demo, not "lots"`},
		{[]string{"fake", "serve", "--addr", "256.0.0.1:1"}, 2, "--addr"},
		{[]string{"fake", "serve", "--nope"}, 2, "flag provided but not defined: --nope"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := cli(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Contains(t, r.stdout+r.stderr, tt.want)
		})
	}
}

// syncBuffer is a strings.Builder safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFakeServeOptions runs "fake serve" in this process with the demo
// seed, a page size and the quirks, and stops it by cancelling its context
// (what SIGINT and SIGTERM do).
func TestFakeServeOptions(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var out, errw syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"fake", "serve", "--addr", "127.0.0.1:0", "--seed", "demo", "--page-size", "2", "--quirks"},
			strings.NewReader(""), &out, &errw, func(string) string { return "" })
	}()
	var base string
	re := regexp.MustCompile(`gensee fake: serving (http://127\.0\.0\.1:\d+) `)
	for base == "" {
		select {
		case c := <-code:
			t.Fatalf("exited %d: %s", c, errw.String())
		default:
		}
		if m := re.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "Ctrl-C stops") {
			base = m[1]
		}
		time.Sleep(time.Millisecond)
	}
	assert.Regexp(t, `gensee fake: demo id "demo" is \w+\n`, out.String())
	page := post(t, base, "/training/courseware/syn", url.Values{"loginName": {genseetest.DefaultLoginName}, "password": {genseetest.DefaultPassword}, "pageNo": {"1"}})
	assert.Equal(t, "0", page["code"])
	list, _ := page["list"].([]any)
	assert.Len(t, list, 2, "--page-size 2")
	pg, _ := page["page"].(map[string]any)
	assert.Equal(t, "4", pg["totalPages"], "--quirks quotes numbers; 7 demo coursewares in pages of 2")
	cancel()
	assert.Equal(t, 0, <-code)
	assert.Contains(t, out.String(), "POST /training/courseware/syn loginName=admin@demo pageNo=1 password=***\n")
	assert.True(t, strings.HasSuffix(out.String(), "gensee fake: stopped\n"))
}
