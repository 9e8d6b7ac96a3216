package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/genseetest"
)

var creds = url.Values{"loginName": {genseetest.DefaultLoginName}, "password": {genseetest.DefaultPassword}}

func withCreds(kv ...string) url.Values {
	v := url.Values{"loginName": creds["loginName"], "password": creds["password"]}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// TestFakeServeStateLockedAcrossProcesses: a second fake serve on the same
// --state file refuses to start, names the first process, and exits 1; a
// temporary file left by a crash is removed; once the first has stopped,
// the second starts with its state.
func TestFakeServeStateLockedAcrossProcesses(t *testing.T) {
	bin := builtCLI(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "fake.json")
	stale := filepath.Join(dir, ".fake.json.4242.tmp")
	require.NoError(t, os.WriteFile(stale, []byte(`{"half`), 0o600))

	one := startServe(t, bin, "--state", state)
	assert.NoFileExists(t, stale, "the crash's temporary file is removed")
	created := post(t, one.url, "/training/room/created", withCreds("subject", "locked", "startDate", "1893456000000", "realtime", "true"))
	require.Equal(t, "0", created["code"], created)

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	second := exec.CommandContext(ctx, bin, "fake", "serve", "--addr", "127.0.0.1:0", "--state", state)
	out, err := second.CombinedOutput()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, "the second server must not start: %s", out)
	assert.Equal(t, 1, ee.ExitCode())
	assert.Regexp(t, `^gensee: --state: genseetest: the state file is in use by another server: \S+fake\.json is held by pid `+
		strconv.Itoa(one.cmd.Process.Pid)+` on host \S+, started \d{4}-\d\d-\d\dT[\d:]+Z \(lock file \S+fake\.json\.lock\); stop that server or use another file\n$`, string(out))
	assert.NotContains(t, string(out), "Ctrl-C stops")

	// --fake --state is refused the same way.
	r := cli(t, nil, "--fake", "--state", state, "rooms", "get", "--room", created["id"].(string))
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "is held by pid "+strconv.Itoa(one.cmd.Process.Pid))

	_, code := one.stop(t)
	assert.Equal(t, 0, code)
	two := startServe(t, bin, "--state", state)
	info := post(t, two.url, "/training/room/info", withCreds("roomId", created["id"].(string)))
	assert.Equal(t, "locked", info["subject"])
	_, code = two.stop(t)
	assert.Equal(t, 0, code)
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".fake.json.*"))
	assert.Empty(t, leftovers)
}

// TestFakeServeKill9KeepsEveryAnsweredWrite: 8 clients create 80
// classrooms, the server is killed with SIGKILL, and a new server on the
// same file has every classroom whose answer came back.
func TestFakeServeKill9KeepsEveryAnsweredWrite(t *testing.T) {
	bin := builtCLI(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "fake.json")
	one := startServe(t, bin, "--state", state)
	var (
		mu  sync.Mutex
		ids []string
		wg  sync.WaitGroup
	)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				resp, err := http.PostForm(one.url+"/integration/site/training/room/created",
					withCreds("subject", fmt.Sprintf("k%d-%d", w, i), "startDate", "1893456000000", "realtime", "true"))
				if err != nil {
					continue
				}
				var m map[string]any
				if json.NewDecoder(resp.Body).Decode(&m) == nil && m["code"] == "0" {
					mu.Lock()
					ids = append(ids, m["id"].(string))
					mu.Unlock()
				}
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	require.Len(t, ids, 80)
	require.NoError(t, one.cmd.Process.Kill())
	_ = one.cmd.Wait()

	two := startServe(t, bin, "--state", state)
	for _, id := range ids {
		info := post(t, two.url, "/training/room/info", withCreds("roomId", id))
		assert.Equal(t, "0", info["code"], "room %s was answered, so it is kept", id)
	}
	_, code := two.stop(t)
	assert.Equal(t, 0, code)
}

// TestFakeServeTLS: --tls prints the path of its certificate; a client
// that trusts it calls room/info over HTTPS, on 127.0.0.1 and on localhost.
func TestFakeServeTLS(t *testing.T) {
	bin := builtCLI(t)
	srv := startServe(t, bin, "--tls", "--seed", "demo")
	require.True(t, strings.HasPrefix(srv.url, "https://127.0.0.1:"), srv.url)
	require.NotEmpty(t, srv.cert, srv.out.String())
	pemBytes, err := os.ReadFile(srv.cert)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(pemBytes))
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 30 * time.Second}
	room := regexp.MustCompile(`demo id "demo" is (\w+)`).FindStringSubmatch(srv.out.String())
	require.NotNil(t, room)
	for _, base := range []string{srv.url, strings.Replace(srv.url, "127.0.0.1", "localhost", 1)} {
		resp, err := hc.PostForm(base+"/integration/site/training/room/info", withCreds("roomId", room[1]))
		require.NoError(t, err, base)
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		resp.Body.Close()
		assert.Equal(t, "0", m["code"], base)
		assert.Equal(t, "演示课堂 Demo classroom", m["subject"])
	}
	_, err = http.PostForm(srv.url+"/integration/site/training/room/info", withCreds("roomId", room[1]))
	assert.ErrorContains(t, err, "certificate", "an untrusting client is refused")
	_, code := srv.stop(t)
	assert.Equal(t, 0, code)
	assert.NoFileExists(t, srv.cert, "the generated certificate is removed at exit")
}

// TestFakeServeGivenCertificate runs fake serve in this process with
// --tls-cert and --tls-key.
func TestFakeServeGivenCertificate(t *testing.T) {
	dir := t.TempDir()
	cert, certPEM, err := selfSigned(time.Now())
	require.NoError(t, err)
	key, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	require.NoError(t, err)
	certFile, keyFile := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	require.NoError(t, os.WriteFile(certFile, certPEM, 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600))

	base, out, stop := serveInProcess(t, "--tls-cert", certFile, "--tls-key", keyFile)
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(certPEM))
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 30 * time.Second}
	resp, err := hc.PostForm(base+"/integration/site/training/room/info", withCreds("roomId", "none"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	resp.Body.Close()
	assert.Equal(t, "501", m["code"])
	assert.NotContains(t, out.String(), "TLS certificate (self-signed")
	assert.Equal(t, 0, stop())

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-cert", certFile}, "--tls-cert and --tls-key go together"},
		{[]string{"--tls", "--tls-cert", certFile, "--tls-key", keyFile}, "use one or the other"},
		{[]string{"--tls-cert", keyFile, "--tls-key", keyFile}, "--tls-cert/--tls-key:"},
		{[]string{"--history", "-1"}, "--history must be 0 or more"},
	} {
		r := cli(t, nil, append([]string{"fake", "serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		assert.Equal(t, 2, r.code, tt.args)
		assert.Contains(t, r.stderr, tt.want)
	}
}

// serveInProcess runs fake serve with args in this process and returns its
// URL, its output and a function that stops it and returns its exit code.
func serveInProcess(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out, errw := new(syncBuffer), new(syncBuffer)
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"fake", "serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), out, errw,
			func(string) string { return "" })
	}()
	re := regexp.MustCompile(`gensee fake: serving (https?://127\.0\.0\.1:\d+) `)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case c := <-code:
			t.Fatalf("exited %d: %s", c, errw.String())
		default:
		}
		if m := re.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "Ctrl-C stops") {
			return m[1], out, func() int { cancel(); return <-code }
		}
		time.Sleep(2 * time.Millisecond)
	}
	cancel()
	t.Fatalf("not ready: %s", out.String())
	return "", nil, nil
}

// TestFakeServeLogCannotBeForged: a value holding a newline and a fake log
// line, a space or a quote, and a path with an encoded newline, are logged
// quoted, so that every request is exactly one log line.
func TestFakeServeLogCannotBeForged(t *testing.T) {
	base, out, stop := serveInProcess(t)
	forged := "x\nPOST /training/room/deleted loginName=admin@demo password=*** roomId=victim"
	post(t, base, "/training/room/info", withCreds("roomId", forged, "note", `say "hi"`))
	resp, err := http.PostForm(base+"/integration/site/training/room/info%0AGET%20/forged", creds)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 0, stop())

	log := out.String()
	assert.Contains(t, log, `POST /training/room/info loginName=admin@demo note="say \"hi\"" password=*** roomId="x\nPOST /training/room/deleted loginName=admin@demo password=*** roomId=victim"`+"\n")
	assert.Contains(t, log, `POST "/training/room/info\nGET /forged" loginName=admin@demo password=***`+"\n")
	sc := bufio.NewScanner(strings.NewReader(log))
	requests := 0
	for sc.Scan() {
		line := sc.Text()
		assert.False(t, strings.HasPrefix(line, "POST /training/room/deleted"), "a forged line: %q", line)
		assert.False(t, strings.HasPrefix(line, "GET /forged"), "a forged line: %q", line)
		if strings.HasPrefix(line, "POST ") {
			requests++
		}
	}
	assert.Equal(t, 2, requests, "two requests, two lines:\n%s", log)
}

// TestFakeServeMemoryBounded sends 20,000 small requests over one
// keep-alive connection to a fake serve process and reads its resident
// memory: the bounded request history keeps it under 30 MB.
func TestFakeServeMemoryBounded(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/PID/status")
	}
	bin := builtCLI(t)
	srv := startServe(t, bin)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}, Timeout: 30 * time.Second}
	created := post(t, srv.url, "/training/room/created", withCreds("subject", "rss", "startDate", "1893456000000", "realtime", "true"))
	room := created["id"].(string)
	for i := range 20000 {
		resp, err := hc.PostForm(srv.url+"/integration/site/training/room/info",
			withCreds("roomId", room, "n", strconv.Itoa(i), "note", strings.Repeat("v", 64)))
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	rss := vmRSS(t, srv.cmd.Process.Pid)
	t.Logf("VmRSS after 20,000 requests: %d kB", rss)
	assert.Less(t, rss, 30*1024, "VmRSS in kB")

	var reqs struct {
		Total    int64 `json:"total"`
		Requests []any `json:"requests"`
	}
	resp, err := hc.Get(srv.url + "/_fake/requests")
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&reqs))
	resp.Body.Close()
	assert.Equal(t, int64(20001), reqs.Total)
	assert.Len(t, reqs.Requests, genseetest.DefaultRequestHistory)
	_, code := srv.stop(t)
	assert.Equal(t, 0, code)
}

// vmRSS reads the resident set size of pid, in kB.
func vmRSS(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^VmRSS:\s+(\d+) kB$`).FindSubmatch(b)
	require.NotNil(t, m, string(b))
	n, err := strconv.Atoi(string(m[1]))
	require.NoError(t, err)
	return n
}

// TestFakeServeControlExample runs examples/fake-control/class.sh against
// a fake serve process (with net/http the same requests, where bash or
// curl is missing): the class is played and its five live events reach the
// callback URL.
func TestFakeServeControlExample(t *testing.T) {
	bin := builtCLI(t)
	srv := startServe(t, bin)
	callback, events := eventReceiver(t)
	var room string
	_, bashErr := exec.LookPath("bash")
	_, curlErr := exec.LookPath("curl")
	if bashErr == nil && curlErr == nil {
		ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "bash", "../../examples/fake-control/class.sh", srv.url, callback).CombinedOutput()
		require.NoError(t, err, string(out))
		m := regexp.MustCompile(`(?m)^room (\w+)$`).FindStringSubmatch(string(out))
		require.NotNil(t, m, string(out))
		room = m[1]
		assert.Contains(t, string(out), `"status":0}`, "query/status after the class: idle")
		assert.Contains(t, string(out), `"path": "/training/query/status"`)
	} else {
		t.Log("bash or curl missing: the script's requests sent with net/http")
		room = controlWalk(t, srv.url, callback)
	}
	assertClassEvents(t, events, room)
}

// TestFakeServeControlWalk sends class.sh's requests with net/http to fake
// serve in this process, as TestFakeServeControlExample does without curl.
func TestFakeServeControlWalk(t *testing.T) {
	base, _, stop := serveInProcess(t)
	callback, events := eventReceiver(t)
	room := controlWalk(t, base, callback)
	assertClassEvents(t, events, room)
	assert.Equal(t, 0, stop())
}

// eventReceiver serves a callback URL (with ?token=s3) for live events and
// returns a function that waits (at most 30 s) for n of them.
func eventReceiver(t *testing.T) (string, func(n int) []url.Values) {
	var (
		mu     sync.Mutex
		events []url.Values
	)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		events = append(events, r.URL.Query())
		mu.Unlock()
	}))
	t.Cleanup(recv.Close)
	return recv.URL + "/gensee/events?token=s3", func(n int) []url.Values {
		deadline := time.Now().Add(30 * time.Second)
		for {
			mu.Lock()
			got := append([]url.Values(nil), events...)
			mu.Unlock()
			if len(got) >= n || time.Now().After(deadline) {
				return got
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// assertClassEvents: the events of a class played once in room.
func assertClassEvents(t *testing.T, events func(int) []url.Values, room string) {
	t.Helper()
	var actions []string
	for _, e := range events(5) {
		actions = append(actions, e.Get("Action"))
		assert.Equal(t, room, e.Get("ClassNo"))
		assert.Equal(t, "s3", e.Get("token"))
	}
	assert.Equal(t, []string{"103", "101", "107", "105", "106"}, actions)
}

// controlWalk sends the requests of class.sh with net/http and returns the
// classroom's id.
func controlWalk(t *testing.T, base, callback string) string {
	t.Helper()
	call := func(method, path, body string) map[string]any {
		req, err := http.NewRequest(method, base+"/_fake/"+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, path)
		var m map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		return m
	}
	room := call("POST", "seed", `{"rooms":[{"subject":"curl 课堂 class"}]}`)["rooms"].([]any)[0].(string)
	call("POST", "live/callback", `{"url":"`+callback+`"}`)
	call("POST", "live/start", `{"roomId":"`+room+`"}`)
	call("POST", "live/join", `{"roomId":"`+room+`","uid":1000000001,"name":"Ann"}`)
	call("POST", "live/leave", `{"roomId":"`+room+`","uid":1000000001}`)
	call("POST", "live/end", `{"roomId":"`+room+`"}`)
	assert.Equal(t, float64(0), post(t, base, "/training/query/status", withCreds("roomId", room))["status"])
	return room
}
