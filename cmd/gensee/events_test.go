package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

func TestEventsServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errw syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"events", "serve", "--addr", "127.0.0.1:0", "--token", "k3y"}, strings.NewReader(""), &out, &errw, func(string) string { return "" })
	}()
	addr := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+/)`)
	require.Eventually(t, func() bool { return addr.MatchString(errw.String()) }, 10*time.Second, 5*time.Millisecond)
	base := addr.FindStringSubmatch(errw.String())[1]

	get := func(target string) int {
		resp, err := http.Get(base + target)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	const ev = "ClassNo=mquQf2&Operator=u1000000001&Action=101&Affected=1000000001&totalusernum=3"
	assert.Equal(t, 200, get("any/path?token=k3y&"+ev))
	assert.Equal(t, 200, get("other?token=k3y&"+ev), "a duplicate: printed once")
	assert.Equal(t, 200, get("?token=k3y&ClassNo=mquQf2&Operator=u1000000001&Action=107&Affected=50%&totalusernum=2"), "a stray % is delivered")
	assert.Equal(t, 200, get("?token=k3y&"+ev), "rejoined: printed again")
	assert.Equal(t, 403, get("?"+ev))
	assert.Equal(t, 400, get("?token=k3y&ClassNo=mquQf2&Action=x"))
	assert.Equal(t, 200, get("?token=k3y&ClassNo=mquQf2&Action=105"))
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, errw.String())
	case <-time.After(10 * time.Second):
		t.Fatal("events serve did not stop")
	}

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 4, out.String())
	var got []eventLine
	for _, l := range lines {
		var e eventLine
		require.NoError(t, json.Unmarshal([]byte(l), &e))
		assert.NotEmpty(t, e.Time)
		e.Time = ""
		got = append(got, e)
	}
	assert.Equal(t, []eventLine{
		{RoomID: "mquQf2", Action: "joined", ActionCode: 101, Operator: "u1000000001", UID: 1000000001, Affected: "1000000001", TotalUsers: 3},
		{RoomID: "mquQf2", Action: "left", ActionCode: 107, Operator: "u1000000001", UID: 1000000001, Affected: "50%", TotalUsers: 2},
		{RoomID: "mquQf2", Action: "joined", ActionCode: 101, Operator: "u1000000001", UID: 1000000001, Affected: "1000000001", TotalUsers: 3},
		{RoomID: "mquQf2", Action: "ended", ActionCode: 105},
	}, got)
}

func TestEventsUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"events"}, exitUsage, "events serve --addr"},
		{[]string{"events", "listen"}, exitUsage, "events serve --addr"},
		{[]string{"events", "serve", "--addr", "256.0.0.1:99999"}, exitAPI, "events serve:"},
		{[]string{"events", "serve", "extra"}, exitUsage, "unexpected argument"},
		{[]string{"class"}, exitUsage, "class play"},
		{[]string{"class", "play"}, exitUsage, "run 'gensee --fake class play'"},
		{[]string{"--fake", "class", "play", "--students", "0"}, exitUsage, "--students must be 1-50"},
		{[]string{"--fake", "class", "play", "--room", "nope"}, exitAPI, "501"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := cli(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
	r := cli(t, nil, "--help")
	assert.Contains(t, r.stdout, "join-url")
	assert.Contains(t, r.stdout, "events")
}

func TestJoinURLCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // a regexp for stdout, or for stderr when code != 0
	}{
		{"offline", []string{"join-url", "--url", "http://demo.gensee.com/training/site/r/123", "--nickname", "王老师", "--uid", "1000000001", "--token", "002540"},
			exitOK, `^http://demo\.gensee\.com/training/site/r/123\?nickname=%E7%8E%8B%E8%80%81%E5%B8%88&token=002540&uid=1000000001\n$`},
		{"hashed", []string{"join-url", "--url", "http://demo.gensee.com/training/site/s/123", "--token", "002540", "--hash-token"},
			exitOK, `^http://demo\.gensee\.com/training/site/s/123\?sec=md5&token=84e45086116db19dd7ae176dfc9de95f\n$`},
		{"uid out of range", []string{"join-url", "--url", "http://demo.gensee.com/training/site/s/123", "--uid", "5"},
			exitUsage, `uid must be 0 or at least 1000000000`},
		{"teacher without token", []string{"join-url", "--url", "http://demo.gensee.com/training/site/r/123"},
			exitUsage, `token is required`},
		{"not a join URL", []string{"join-url", "--url", "http://demo.gensee.com/x"}, exitUsage, `joinURL is not a Gensee join URL`},
		{"neither", []string{"join-url"}, exitUsage, `give --url, or --room`},
		{"both", []string{"join-url", "--url", "u", "--room", "r"}, exitUsage, `not both`},
		{"from a room", []string{"--fake", "join-url", "--room", "demo", "--role", "assistant", "--nickname", "助教"},
			exitOK, `^http://127\.0\.0\.1:\d+/training/site/r/\d+\?nickname=%E5%8A%A9%E6%95%99&token=\d+\n$`},
		{"bad role", []string{"--fake", "join-url", "--room", "demo", "--role", "janitor"}, exitUsage, `--role must be`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			text := r.stdout
			if tt.code != exitOK {
				text = r.stderr
			}
			assert.Regexp(t, regexp.MustCompile(tt.out), text)
		})
	}
}

func TestClassPlay(t *testing.T) {
	r := cli(t, nil, "--fake", "class", "play", "--students", "3")
	require.Equal(t, exitOK, r.code, r.stderr)
	var actions []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var e eventLine
		require.NoError(t, json.Unmarshal([]byte(l), &e))
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{"started", "joined", "joined", "joined", "left", "left", "left", "ended", "recording-ended"}, actions)
	assert.Contains(t, r.stderr, "class play: 9 events, 1 recording(s)")
	assert.Contains(t, r.stderr, "3 attendance row(s)")
}

func TestClassPlayToACallback(t *testing.T) {
	var mu sync.Mutex
	var got []gensee.LiveAction
	recv := httptest.NewServer(gensee.LiveEventHandler(func(_ context.Context, ev *gensee.LiveEvent) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev.Action)
		return nil
	}, gensee.WithCallbackToken("k3y")))
	defer recv.Close()

	r := cli(t, nil, "--fake", "class", "play", "--students", "1", "--callback", recv.URL+"/live?token=k3y")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stdout, "the events went to the callback")
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []gensee.LiveAction{gensee.LiveStarted, gensee.LiveJoined, gensee.LiveLeft, gensee.LiveEnded, gensee.LiveRecordingEnded}, got)

	r = cli(t, nil, "--fake", "class", "play", "--callback", recv.URL+"/live?token=wrong")
	assert.Equal(t, exitAPI, r.code)
	assert.Contains(t, r.stderr, "HTTP 403")
}

// TestLifecycleHelp: --help of the lifecycle commands prints each flag once,
// on stdout, in the format of the other commands, and nothing on stderr.
func TestLifecycleHelp(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		flags []string
	}{
		{[]string{"events", "serve", "--help"}, []string{"--addr", "--token", "--dedupe-ttl"}},
		{[]string{"join-url", "--help"}, []string{"--url", "--role", "--nickname"}},
		{[]string{"class", "play", "--help"}, []string{"--room", "--students", "--callback"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := cli(t, nil, tc.args...)
			assert.Equal(t, exitOK, r.code)
			assert.Empty(t, r.stderr)
			assert.Contains(t, r.stdout, "Usage: gensee ")
			for _, f := range tc.flags {
				assert.Equal(t, 1, strings.Count(r.stdout, "  "+f+" "), "%s in:\n%s", f, r.stdout)
			}
		})
	}
}
