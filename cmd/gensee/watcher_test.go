package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/genseetest"
)

// stubTransport answers every request with body (and then, if set, err
// while reading it), and keeps the requests.
type stubTransport struct {
	body string
	err  error
	reqs []*http.Request
}

func (s *stubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s.reqs = append(s.reqs, req)
	var body io.Reader = strings.NewReader(s.body)
	if s.err != nil {
		body = io.MultiReader(body, errReader{s.err})
	}
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(body), Request: req}, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestTransportFor: a plain run's client has the transport it is given and
// nothing over it (no transport reads its requests or answers); an --all
// walk of pages adds pageTotals, --fake adds demoIDs.
func TestTransportFor(t *testing.T) {
	next := &stubTransport{}
	prog := newProgress(io.Discard, false)
	alias := map[string]string{demoRoom: "R1"}

	assert.Same(t, next, transportFor(next, prog, nil, false), "a plain run")
	assert.Same(t, next, transportFor(next, prog, map[string]string{}, false), "no demo ids to swap")

	pt, ok := transportFor(next, prog, nil, true).(*pageTotals)
	require.True(t, ok, "an --all walk of pages")
	assert.Same(t, next, pt.next)

	d, ok := transportFor(next, prog, alias, false).(*demoIDs)
	require.True(t, ok, "--fake")
	assert.Same(t, next, d.next)

	d, ok = transportFor(next, prog, alias, true).(*demoIDs)
	require.True(t, ok, "--fake --all")
	pt, ok = d.next.(*pageTotals)
	require.True(t, ok, "--fake --all")
	assert.Same(t, next, pt.next)
}

// TestPlainRunInstallsNoTransport: newEnv without --fake gives the client
// http.DefaultTransport itself (or --dry-run's), whatever the progress
// settings; only an --all walk of pages has pageTotals over it.
func TestPlainRunInstallsNoTransport(t *testing.T) {
	env := map[string]string{"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOGIN": "admin", "GENSEE_PASSWORD": "pw"}
	getenv := func(k string) string { return env[k] }
	var stderr bytes.Buffer

	e, closeEnv, err := newEnv(&globals{format: "table", progress: true}, io.Discard, &stderr, getenv)
	require.NoError(t, err)
	closeEnv()
	assert.Same(t, http.DefaultTransport, e.transport)

	e, closeEnv, err = newEnvOf(&globals{format: "table", dryRun: true}, io.Discard, &stderr, getenv, false)
	require.NoError(t, err)
	closeEnv()
	assert.Same(t, e.dry, e.transport, "--dry-run's own transport, nothing over it")

	e, closeEnv, err = newEnvOf(&globals{format: "table"}, io.Discard, &stderr, getenv, true)
	require.NoError(t, err)
	closeEnv()
	pt, ok := e.transport.(*pageTotals)
	require.True(t, ok, "an --all walk of pages")
	assert.Same(t, http.DefaultTransport, pt.next)
}

// TestWalksPages: only an action's --all flag set true makes a walk of
// pages.
func TestWalksPages(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"--all"}, true},
		{[]string{"--all=true"}, true},
		{[]string{"--all=false"}, false},
		{nil, false},
	} {
		f := &flags{fs: flag.NewFlagSet("t", flag.ContinueOnError)}
		f.all()
		require.NoError(t, f.fs.Parse(tt.args))
		assert.Equal(t, tt.want, walksPages(f.fs), "%q", tt.args)
	}
	assert.False(t, walksPages(flag.NewFlagSet("t", flag.ContinueOnError)), "an action without --all")
}

// TestPageFigures: the page number and the number of pages of an answer,
// nested or flat, numbers or strings; the nested object wins, as the SDK
// reads it.
func TestPageFigures(t *testing.T) {
	tests := []struct {
		answer      string
		pageNo, all int64
	}{
		{`{"code":"0","list":[],"page":{"pageNo":2,"totalPages":6,"totalCounts":300}}`, 2, 6},
		{`{"code":"0","list":[],"pageNo":3,"totalPages":4}`, 3, 4},
		{`{"code":"0","page":{"pageNo":"2","totalPages":"5"}}`, 2, 5},
		{`{"code":"0","pageNo":9,"totalPages":9,"page":{"pageNo":1,"totalPages":2}}`, 1, 2},
		{`{"code":"0","list":[]}`, 0, 0},
		{`<html>502</html>`, 0, 0},
	}
	for _, tt := range tests {
		n, all := pageFigures([]byte(tt.answer))
		assert.Equal(t, []int64{tt.pageNo, tt.all}, []int64{n, all}, tt.answer)
	}
}

// TestPageTotalsReadsOnlyWalks: pageTotals tells progress the figures of
// an answer only while a walk of pages is on (not in a windowed export, not
// outside a walk), never touches the request, and hands the answer on byte
// for byte: also one too long to read whole, and one whose reading fails
// (the same error reaches the reader).
func TestPageTotalsReadsOnlyWalks(t *testing.T) {
	answer := `{"code":"0","page":{"pageNo":2,"totalPages":6}}`
	read := func(t *testing.T, rt http.RoundTripper) (string, error) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/training/room/sync", strings.NewReader("pageNo=2"))
		require.NoError(t, err)
		resp, err := rt.RoundTrip(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	t.Run("outside a walk", func(t *testing.T) {
		prog := newProgress(io.Discard, true)
		next := &stubTransport{body: answer}
		got, err := read(t, &pageTotals{next: next, prog: prog})
		require.NoError(t, err)
		assert.Equal(t, answer, got)
		assert.Zero(t, prog.total.Load())
	})
	t.Run("in a windowed export", func(t *testing.T) {
		prog := newProgress(io.Discard, true)
		prog.startPieces(3)
		got, err := read(t, &pageTotals{next: &stubTransport{body: answer}, prog: prog})
		require.NoError(t, err)
		assert.Equal(t, answer, got)
		assert.Zero(t, prog.total.Load(), "pieces are counted, their answers not read")
	})
	t.Run("in a walk of pages", func(t *testing.T) {
		prog := newProgress(io.Discard, true)
		prog.start()
		next := &stubTransport{body: answer}
		got, err := read(t, &pageTotals{next: next, prog: prog})
		require.NoError(t, err)
		assert.Equal(t, answer, got)
		assert.Equal(t, int64(6), prog.total.Load())
		assert.Equal(t, int64(2), prog.pageNo.Load())
		require.Len(t, next.reqs, 1)
		b, err := io.ReadAll(next.reqs[0].Body)
		require.NoError(t, err)
		assert.Equal(t, "pageNo=2", string(b), "the request goes on unread")
	})
	t.Run("an answer too long to read", func(t *testing.T) {
		prog := newProgress(io.Discard, true)
		prog.start()
		long := `{"code":"0","page":{"pageNo":1,"totalPages":6},"list":["` + strings.Repeat("x", maxTotalsRead) + `"]}`
		got, err := read(t, &pageTotals{next: &stubTransport{body: long}, prog: prog})
		require.NoError(t, err)
		assert.Equal(t, long, got)
		assert.Zero(t, prog.total.Load(), "not parsed")
	})
	t.Run("an answer cut short", func(t *testing.T) {
		prog := newProgress(io.Discard, true)
		prog.start()
		cut := errors.New("connection reset")
		got, err := read(t, &pageTotals{next: &stubTransport{body: `{"code":"0","li`, err: cut}, prog: prog})
		assert.ErrorIs(t, err, cut, "the reader sees the failure, not a short body")
		assert.Equal(t, `{"code":"0","li`, got)
	})
}

// TestWalkProgressComesFromTheAnswers: a non-fake --all walk says each page
// as its answer reports it: from --page 2 the first line is page 2, a page
// retried after a 503 is one line (one call), and the summary counts the
// calls.
func TestWalkProgressComesFromTheAnswers(t *testing.T) {
	s := seededSite(t) // 3 coursewares, 2 a page
	r := cli(t, s.env, "--progress", "coursewares", "sync", "--all", "--format", "jsonl")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "gensee: /training/courseware/syn: page 1/2 (0 rows so far)\n"+
		"gensee: /training/courseware/syn: page 2/2 (2 rows so far)\n"+
		"gensee: 3 rows from 2 page(s)\n", r.stderr)

	r = cli(t, s.env, "--progress", "coursewares", "sync", "--all", "--page", "2", "--format", "jsonl")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "gensee: /training/courseware/syn: page 2/2 (0 rows so far)\n"+
		"gensee: 1 rows from 1 page(s)\n", r.stderr)

	before := len(s.srv.RequestsTo("/training/courseware/syn"))
	s.srv.Inject("/training/courseware/syn", 1, genseetest.Fault{Status: http.StatusServiceUnavailable})
	r = cli(t, s.env, "--progress", "coursewares", "sync", "--all", "--format", "jsonl")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 3, len(s.srv.RequestsTo("/training/courseware/syn"))-before, "page 1 twice, page 2 once")
	assert.Equal(t, "gensee: /training/courseware/syn: page 1/2 (0 rows so far)\n"+
		"gensee: /training/courseware/syn: page 2/2 (2 rows so far)\n"+
		"gensee: 3 rows from 2 page(s)\n", r.stderr)

	r = cli(t, s.env, "--progress", "coursewares", "sync", "--format", "jsonl")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "gensee: page 1 of 2, 3 items in all; --page 2 for the next, --all for every page\n", r.stderr,
		"one page: no progress lines")
}

// TestFakeDemoIDs: in --fake mode the demo ids name the seeded objects, in
// a call, in an --all walk (demoIDs over pageTotals) and in a windowed
// export; anywhere but an id parameter "demo" stays as it is.
func TestFakeDemoIDs(t *testing.T) {
	r := cli(t, nil, "--fake", "rooms", "get", "--room", demoRoom, "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "演示课堂 Demo classroom")

	r = cli(t, nil, "--fake", "--progress", "minirooms", "student-stats", "--room", demoMiniRoom, "--all", "--format", "jsonl")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(r.stdout), "\n"), 3, "the demo mini classroom's three students")
	assert.Contains(t, r.stderr, "gensee: /training/miniroom/export/history: page 1/1 (0 rows so far)\n")

	r = cli(t, nil, "--fake", "--progress", "exports", "chat", "--room", demoRoom, "--format", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 3, strings.Count(r.stdout, "老师好"), "the three demo messages: %s", r.stdout)
	assert.Contains(t, r.stderr, "gensee: /training/export/chat: piece 1/1 (0 rows so far)\n")
}
