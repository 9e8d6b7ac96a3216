package main

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/cassette"
	"github.com/gensee-go/gensee/genseetest"
)

// recordPassword has characters JSON and URLs escape.
const recordPassword = `pa/ss"w&rd<9>`

func TestRecordThenReplay(t *testing.T) {
	srv, env := fakeSite(t, genseetest.WithQuirks(), genseetest.WithCredentials("ops@school", recordPassword))
	room := srv.AddRoom("期中复习 Review")
	srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: 42, Name: "李四", IP: "172.16.5.9"})
	file := filepath.Join(t.TempDir(), "room.cassette")

	r := cli(t, env, "record", "--out", file, "--mask-ips=false", "--", "rooms", "get", "--room", room, "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "期中复习 Review", "the command printed the answer as usual")
	assert.Contains(t, r.stderr, "the exchanges are in "+file)
	r2 := cli(t, env, "record", "--out", file+"2", "--", "exports", "attendance", "--room", room, "-o", "json")
	require.Equal(t, 0, r2.code, r2.stderr)

	ins, err := cassette.ReadFile(file)
	require.NoError(t, err)
	require.Len(t, ins, 1)
	assert.Equal(t, "/training/room/info", ins[0].Endpoint)
	assert.Equal(t, url.Values{"roomId": {room}}, ins[0].Form)
	assert.Equal(t, 200, ins[0].Status)

	// The same call against the replay gives the same output.
	rp, err := genseetest.ServeCassetteFile(file)
	require.NoError(t, err)
	defer rp.Close()
	renv := map[string]string{"GENSEE_SITE": rp.URL(), "GENSEE_LOGIN": "anyone", "GENSEE_PASSWORD": "anything"}
	replayed := cli(t, renv, "rooms", "get", "--room", room, "-o", "json")
	require.Equal(t, 0, replayed.code, replayed.stderr)
	assert.Equal(t, r.stdout, replayed.stdout)
	got, err := rp.Client().Rooms.Get(context.Background(), room)
	require.NoError(t, err)
	assert.Equal(t, "期中复习 Review", got.Subject)

	// The IP of the attendance export is masked by default.
	b2, err := os.ReadFile(file + "2")
	require.NoError(t, err)
	assert.NotContains(t, string(b2), "172.16.5.9")
	assert.Contains(t, string(b2), "0.0.0.0")

	sum := md5.Sum([]byte(recordPassword))
	for _, path := range []string{file, file + "2"} {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		assertNoCredential(t, string(b), recordPassword, hex.EncodeToString(sum[:]), "ops@school")
	}
}

// assertNoCredential fails when text holds any of the secrets in any form
// the wire or a JSON file could give them.
func assertNoCredential(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		forms := append(cassette.Variants(s), url.QueryEscape(s), url.PathEscape(s), strings.ToUpper(s))
		if b, err := json.Marshal(url.QueryEscape(s)); err == nil {
			forms = append(forms, strings.Trim(string(b), `"`))
		}
		for _, f := range forms {
			assert.NotContains(t, text, f)
		}
	}
	for _, key := range []string{`"loginName"`, `"password"`, `"sec"`} {
		assert.NotContains(t, text, key)
	}
}

func TestRecordPlainPasswordFromStdin(t *testing.T) {
	srv, env := fakeSite(t, genseetest.WithCredentials("ops@school", recordPassword))
	room := srv.AddRoom("plain")
	delete(env, "GENSEE_PASSWORD")
	file := filepath.Join(t.TempDir(), "plain.cassette")
	r := cliIn(t, env, recordPassword+"\n", "record", "--out", file, "--mask-ips=false", "--",
		"--password-stdin", "--plain-password", "rooms", "status", "--room", room)
	require.Equal(t, 0, r.code, r.stderr)
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Contains(t, string(b), "/training/query/status")
	reqs := srv.RequestsTo("/training/query/status")
	require.Len(t, reqs, 1)
	assert.Empty(t, reqs[0].Form.Get("sec"), "the plain password went as such")
	assertNoCredential(t, string(b), recordPassword, "ops@school")
}

func TestRecordUsage(t *testing.T) {
	_, env := fakeSite(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "c")
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"record", "--", "rooms", "get", "--room", "R"}, env, "--out FILE is required"},
		{[]string{"record", "--out", out}, env, "give the command to record after --"},
		{[]string{"record", "--out", out, "--", "--fake", "rooms", "get", "--room", "demo"}, env, "--fake cannot be recorded"},
		{[]string{"record", "--out", out, "--", "rooms", "get", "--site", "x", "--room", "R"}, env, "give --site to record"},
		{[]string{"record", "--out", out, "--", "record", "--out", out}, env, "cannot be record"},
		{[]string{"record", "--out", out, "--", "rooms", "get"}, map[string]string{}, "missing the site"},
		{[]string{"record", "--out", out, "--site", "ftp://x", "--", "rooms", "get"}, env, "not a domain or an http(s) URL"},
		{[]string{"record", "--nope"}, env, "flag provided but not defined: --nope"},
	} {
		r := cli(t, tt.env, tt.args...)
		assert.Equal(t, 2, r.code, "%v: %s", tt.args, r.stderr)
		assert.Contains(t, r.stderr, tt.want, "%v", tt.args)
	}
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "a usage error writes no cassette")
	h := cli(t, nil, "record", "--help")
	assert.Equal(t, 0, h.code)
	assert.Contains(t, h.stdout, "never")

	// The command's own exit code comes back: here a usage error of the command.
	r := cli(t, env, "record", "--out", out, "--", "rooms", "get")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--room")
}

func TestRecordTarget(t *testing.T) {
	for in, want := range map[string]string{
		"demo.gensee.com":        "https://demo.gensee.com",
		"http://127.0.0.1:8080/": "http://127.0.0.1:8080",
		"https://x.example/prefix/integration/site/training": "https://x.example/prefix",
		"https://x.example/integration/site":                 "https://x.example",
	} {
		u, err := recordTarget(in)
		require.NoError(t, err)
		assert.Equal(t, want, u.String(), in)
	}
}

func TestHasFlag(t *testing.T) {
	assert.True(t, hasFlag([]string{"rooms", "get", "--site", "x"}, "site"))
	assert.True(t, hasFlag([]string{"-site=x"}, "site"))
	assert.False(t, hasFlag([]string{"rooms", "create", "--subject", "site"}, "site"), "a value is no flag")
	assert.False(t, hasFlag([]string{"--sites"}, "site"))
	assert.False(t, hasFlag([]string{"call", "--", "--fake"}, "fake"))
}
