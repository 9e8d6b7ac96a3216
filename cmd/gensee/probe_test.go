package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
	"github.com/gensee-go/gensee/internal/catalog"
)

// readEndpoints are the catalog's read endpoints (testdata/spec/methods.json):
// the only ones the probe may call.
func readEndpoints(t *testing.T) []string {
	t.Helper()
	eps, err := catalog.Load("../../testdata/spec")
	require.NoError(t, err)
	var out []string
	for _, e := range eps {
		if e.Reads {
			out = append(out, e.Path)
		}
	}
	return out
}

// demoSite is a fake with quirks, seeded with the demo data of --fake.
func demoSite(t *testing.T, opts ...genseetest.Option) (*genseetest.Server, map[string]string) {
	t.Helper()
	srv, env := fakeSite(t, append([]genseetest.Option{genseetest.WithQuirks()}, opts...)...)
	seedDemo(srv)
	return srv, env
}

func TestProbeMatchesTheFakeWithQuirks(t *testing.T) {
	srv, env := demoSite(t)
	out := filepath.Join(t.TempDir(), "bundle.json")
	r := cli(t, env, "probe", "--rate", "20", "--max-calls", "100", "--out", out)
	require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, ": the site matches the SDK.")
	assert.NotContains(t, r.stdout, "DIFF")
	assert.Contains(t, r.stdout, "ok   /training/room/info")
	assert.Contains(t, r.stdout, "totals nested, pageNo echoed")
	assert.Contains(t, r.stdout, "tolerated webJoin (string for boolean): quoted boolean", "the quirks' quoted values are shown")

	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	assert.LessOrEqual(t, len(reqs), 100)
	seen := map[string]bool{}
	reads := readEndpoints(t)
	for _, req := range reqs {
		assert.Contains(t, reads, req.Path, "the probe calls only read endpoints")
		seen[req.Path] = true
	}
	for _, p := range []string{"/training/room/sync", "/training/room/info", "/training/export/history", "/training/courseware/info", "/training/miniroom/export/history"} {
		assert.True(t, seen[p], "the probe found ids for %s on its own", p)
	}

	b, err := os.ReadFile(out)
	require.NoError(t, err)
	var bundle struct {
		Tool      string `json:"tool"`
		Match     bool   `json:"match"`
		Calls     int    `json:"calls"`
		Endpoints []struct {
			Endpoint string            `json:"endpoint"`
			Answered int               `json:"answered"`
			Codes    map[string]int    `json:"codes"`
			Keys     map[string]string `json:"keys"`
			Paging   *pagingShape      `json:"paging"`
			Drift    []bundleDrift     `json:"drift"`
		} `json:"endpoints"`
	}
	require.NoError(t, json.Unmarshal(b, &bundle))
	assert.Equal(t, "gensee probe", bundle.Tool)
	assert.True(t, bundle.Match)
	assert.Equal(t, len(reqs), bundle.Calls)
	byPath := map[string]int{}
	for i, e := range bundle.Endpoints {
		byPath[e.Endpoint] = i
	}
	info := bundle.Endpoints[byPath["/training/room/info"]]
	assert.Equal(t, "string", info.Keys["duration"], "the quirks quote numbers")
	assert.Equal(t, "array", info.Keys["groupList"])
	assert.Equal(t, 3, info.Codes["0"])
	hist := bundle.Endpoints[byPath["/training/export/history"]]
	assert.Equal(t, "string", hist.Keys["list[].joinTime"])
	sync := bundle.Endpoints[byPath["/training/room/sync"]]
	assert.Equal(t, &pagingShape{Nested: true, PageNoEchoed: true}, sync.Paging)

	// No value of any answer, no credential, no site: by construction.
	sum := md5.Sum([]byte(srv.Password()))
	text := string(b)
	for _, leak := range []string{srv.Password(), hex.EncodeToString(sum[:]), srv.LoginName(), "127.0.0.1", "张三", "演示课堂",
		"/training/site/", "10.0.0.", "老师好", "北京"} {
		assert.NotContains(t, text, leak)
	}
	for _, rq := range reqs {
		if id := rq.Form.Get("roomId"); id != "" {
			assert.NotContains(t, text, id, "no id is written")
		}
	}
}

// driftingProxy answers as the fake, with room/info drifted: a key the SDK
// does not know, a documented key left out and a number turned into an
// object; and export/history's uid turned into a word.
func driftingProxy(t *testing.T, srv *genseetest.Server) string {
	t.Helper()
	target, err := url.Parse(srv.URL())
	require.NoError(t, err)
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(target) },
		ModifyResponse: func(resp *http.Response) error {
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			resp.Body.Close()
			var m map[string]any
			if json.Unmarshal(b, &m) == nil && m["code"] == "0" {
				switch {
				case strings.HasSuffix(resp.Request.URL.Path, "/training/room/info"):
					m["brandNew"] = "x"
					delete(m, "subject")
					m["duration"] = map[string]any{"minutes": 90}
				case strings.HasSuffix(resp.Request.URL.Path, "/training/export/history"):
					for _, row := range m["list"].([]any) {
						row.(map[string]any)["uid"] = "someone"
					}
				}
				b, err = json.Marshal(m)
				require.NoError(t, err)
			}
			resp.Body = io.NopCloser(bytes.NewReader(b))
			resp.ContentLength = int64(len(b))
			resp.Header.Del("Content-Length")
			return nil
		},
	}
	ps := httptest.NewServer(rp)
	t.Cleanup(ps.Close)
	return ps.URL
}

func TestProbeNamesEachDifference(t *testing.T) {
	srv, env := fakeSite(t)
	seedDemo(srv)
	env["GENSEE_SITE"] = driftingProxy(t, srv)
	out := filepath.Join(t.TempDir(), "bundle.json")
	r := cli(t, env, "probe", "--rate", "20", "--max-calls", "100", "--out", out)
	require.Equal(t, 1, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	for _, want := range []string{
		"DIFF /training/room/info",
		"unknown key brandNew (string)",
		"missing key subject (string)",
		"type duration (object for number)",
		"DIFF /training/export/history",
		"type list[].uid (string for number): text that is not an integer",
		"difference(s) from the SDK.",
	} {
		assert.Contains(t, r.stdout, want)
	}
	assert.Contains(t, r.stdout, "ok   /training/room/sync", "what did not drift still matches")

	b, err := os.ReadFile(out)
	require.NoError(t, err)
	var bundle bundle
	require.NoError(t, json.Unmarshal(b, &bundle))
	assert.False(t, bundle.Match)
	var info *bundleEndpoint
	for i := range bundle.Endpoints {
		if bundle.Endpoints[i].Endpoint == "/training/room/info" {
			info = &bundle.Endpoints[i]
		}
	}
	require.NotNil(t, info)
	assert.Equal(t, []bundleDrift{
		{Kind: "missing key", Key: "subject", Want: "string"},
		{Kind: "tolerated", Key: "clientJoin", Got: "string", Want: "boolean", Detail: "quoted boolean"}, // the spec types it String
		{Kind: "tolerated", Key: "webJoin", Got: "string", Want: "boolean", Detail: "quoted boolean"},
		{Kind: "type", Key: "duration", Got: "object", Want: "number"},
		{Kind: "unknown key", Key: "brandNew", Got: "string"},
	}, info.Drift)
	assert.Equal(t, map[string]int{"decode": 3}, info.Errors)
	assert.Equal(t, "object", info.Keys["duration"])
	assert.Equal(t, "number", info.Keys["duration.minutes"])
}

func TestProbeBudgetAndUsage(t *testing.T) {
	srv, env := demoSite(t)
	r := cli(t, env, "probe", "--rate", "20", "--max-calls", "2")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, srv.Requests(), 2, "--max-calls bounds the calls")
	assert.Contains(t, r.stdout, "2 call(s) to 1 endpoint(s), ")
	assert.Contains(t, r.stdout, "more left out for --max-calls")

	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"probe", "--days", "0"}, env, "--days must be 1 to 30"},
		{[]string{"probe", "--max-calls", "501"}, env, "--max-calls must be 1 to 500"},
		{[]string{"probe", "--rate", "0"}, env, "--rate must be 0.1 to 20"},
		{[]string{"probe", "--dry-run"}, env, "--dry-run does not apply"},
		{[]string{"probe", "extra"}, env, `unexpected argument "extra"`},
		{[]string{"probe", "--nope"}, env, "flag provided but not defined: --nope"},
		{[]string{"probe"}, map[string]string{"GENSEE_SITE": srv.URL()}, "missing credentials"},
	} {
		r := cli(t, tt.env, tt.args...)
		assert.Equal(t, 2, r.code, "%v: %s", tt.args, r.stderr)
		assert.Contains(t, r.stderr, tt.want)
	}
	assert.Len(t, srv.Requests(), 2, "a usage error sends nothing")

	h := cli(t, nil, "probe", "--help")
	assert.Equal(t, 0, h.code)
	assert.Contains(t, h.stdout, "--max-calls")
	assert.Contains(t, h.stdout, "No site name,")
	for _, cmd := range []string{"probe", "record"} {
		h := cli(t, nil, "help", cmd)
		assert.Equal(t, 0, h.code, cmd)
		assert.Contains(t, h.stdout, "gensee "+cmd+": ", cmd)
		top := cli(t, nil, "--help")
		assert.Regexp(t, `\n  `+cmd+` +\S`, top.stdout, "the top help lists %s", cmd)
	}
}

func TestProbeRefusedCredentials(t *testing.T) {
	srv, env := demoSite(t)
	env["GENSEE_PASSWORD"] = "wrong-password"
	r := cli(t, env, "probe", "--rate", "20")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "the site refused the credentials")
	assert.NotContains(t, r.stderr, "wrong-password")
	assert.Len(t, srv.Requests(), 1, "the probe stops at the first refusal")
}

func TestProbePasswordFromStdin(t *testing.T) {
	srv, env := demoSite(t)
	delete(env, "GENSEE_PASSWORD")
	r := cliIn(t, env, srv.Password()+"\n", "probe", "--rate", "20", "--max-calls", "3", "--password-stdin")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, srv.Requests(), 3)
}

func TestSafeKey(t *testing.T) {
	for k, want := range map[string]string{
		"joinTime": "joinTime", "_x1": "_x1", "13800138000": "<key>", "张三": "<key>", "a-b": "<key>", "": "<key>",
		strings.Repeat("a", 65): "<key>", "1abc": "<key>",
	} {
		assert.Equal(t, want, safeKey(k), k)
	}
	assert.Equal(t, "list[].<key>.x[][]", safePath("list[].13800138000.x[][]"))
}

// TestProbeAgainstFakeServe probes "gensee fake serve --quirks --seed demo"
// run in this process, as a user would try the probe before a real site.
func TestProbeAgainstFakeServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errw syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"fake", "serve", "--addr", "127.0.0.1:0", "--seed", "demo", "--quirks"},
			strings.NewReader(""), &out, &errw, func(string) string { return "" })
	}()
	re := regexp.MustCompile(`gensee fake: serving (http://127\.0\.0\.1:\d+) `)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(5 * time.Millisecond) {
		require.True(t, time.Now().Before(deadline), "fake serve did not start: %s", errw.String())
		select {
		case c := <-code:
			t.Fatalf("fake serve exited %d: %s", c, errw.String())
		default:
		}
		if m := re.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "Ctrl-C stops") {
			base = m[1]
		}
	}
	env := map[string]string{"GENSEE_SITE": base, "GENSEE_LOGIN": genseetest.DefaultLoginName, "GENSEE_PASSWORD": genseetest.DefaultPassword}
	r := cli(t, env, "probe", "--rate", "20", "--max-calls", "100")
	assert.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, ": the site matches the SDK.")
	cancel()
	assert.Equal(t, 0, <-code)
}

// TestProbeGivenIDs: --room adds a classroom room/sync does not find,
// --famous-room a dual-teacher classroom and, through it, its tutorial rooms.
func TestProbeGivenIDs(t *testing.T) {
	srv, env := fakeSite(t, genseetest.WithQuirks())
	ctx := t.Context()
	fr, err := srv.Client().FamousRooms.Create(ctx, &gensee.CreateFamousRoomRequest{Subject: "双师 probe",
		StartDate: time.Now().Add(time.Hour), Realtime: true, ClassCount: gensee.Ptr(2)})
	require.NoError(t, err)
	old := srv.AddRoom("an old room")
	before := len(srv.Requests())
	r := cli(t, env, "probe", "--rate", "20", "--days", "1", "--room", old, "--famous-room", fr.ID)
	require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "ok   /training/famousroom/info")
	assert.Regexp(t, `ok   /training/tutorialroom/info +2 call\(s\), 2 answered`, r.stdout, "both tutorial rooms of the famous room")
	var infos []string
	for _, rq := range srv.Requests()[before:] {
		if rq.Path == "/training/room/info" {
			infos = append(infos, rq.Form.Get("roomId"))
		}
	}
	assert.Contains(t, infos, old)
}
