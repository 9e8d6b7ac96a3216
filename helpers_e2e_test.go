package gensee_test

// The end-to-end suite: every SDK method, as a user calls it, against the
// fake server of package genseetest, through the public API only. It checks
// what only a stateful server shows (state, cascades, quirks, faults); the
// form each method sends is pinned by the unit tests (setup(t)) and the spec
// tests. This file holds the one harness every e2e file shares: newEnv, and
// dial, which builds its clients.

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
	"github.com/gensee-go/gensee/internal/catalog"
)

// t0 is the reference time of the seeded data: a Monday morning in China.
var t0 = time.Date(2024, time.May, 20, 9, 0, 0, 0, gensee.ChinaZone())

var eightDigits = regexp.MustCompile(`^[0-9]{8}$`)

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// attemptLog counts the client's attempts through its debug log (one line
// per attempt), and keeps the log for secret checks.
type attemptLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (a *attemptLog) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.Write(p)
}

func (a *attemptLog) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return strings.Count(a.buf.String(), "gensee call")
}

func (a *attemptLog) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.String()
}

// dial returns a client of site (the fake or an httptest server) with
// FastRetry(3), a transport of its own whose idle connections are closed
// when the test ends, and a debug log counting its attempts; opts come last.
// The e2e env and the fault tests build every client with it. The client
// sends at most gensee.MaxTestRequests requests (gensee.BoundCalls): a walk
// that does not end fails the test.
func dial(t *testing.T, site, login, password string, opts ...gensee.Option) (*gensee.Client, *attemptLog) {
	t.Helper()
	return dialVia(t, func(rt http.RoundTripper) http.RoundTripper {
		return gensee.BoundCalls(t, rt)
	}, site, login, password, opts...)
}

// dialFake is dial for a client of the genseetest fake: its requests go
// through gensee.RecordCalls, each credited to the SDK method that sent it
// as a fake test's, at most gensee.MaxTestRequests of them (a walk that
// does not end fails the test).
func dialFake(t *testing.T, site, login, password string, opts ...gensee.Option) (*gensee.Client, *attemptLog) {
	t.Helper()
	return dialVia(t, func(rt http.RoundTripper) http.RoundTripper {
		return gensee.RecordCalls(t, gensee.FakeTest, rt)
	}, site, login, password, opts...)
}

// dialVia is dial with the transport wrapped by wrap (nil: not wrapped).
func dialVia(t *testing.T, wrap func(http.RoundTripper) http.RoundTripper, site, login, password string, opts ...gensee.Option) (*gensee.Client, *attemptLog) {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	var rt http.RoundTripper = tr
	if wrap != nil {
		rt = wrap(tr)
	}
	log := &attemptLog{}
	all := append([]gensee.Option{
		gensee.WithHTTPClient(&http.Client{Transport: rt}),
		gensee.FastRetry(3),
		gensee.WithLogger(slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}, opts...)
	c, err := gensee.NewClient(site, login, password, all...)
	require.NoError(t, err)
	return c, log
}

// env is the e2e harness: one fake server and a client of it (dial), with
// the client's attempt log.
type env struct {
	t   *testing.T
	ctx context.Context
	srv *genseetest.Server
	c   *gensee.Client
	log *attemptLog
}

func newEnv(t *testing.T, opts ...genseetest.Option) *env {
	t.Helper()
	srv := genseetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, log := dialFake(t, srv.URL(), srv.LoginName(), srv.Password())
	return &env{t: t, ctx: t.Context(), srv: srv, c: c, log: log}
}

// wrong is a client of the server with a wrong password.
func (e *env) wrong() *gensee.Client {
	e.t.Helper()
	c, _ := dialFake(e.t, e.srv.URL(), e.srv.LoginName(), "wrong-password")
	return c
}

// joinURL is the join URL the site gives: kind "r" (teachers) or "s"
// (students).
func (e *env) joinURL(kind, number string) string {
	return e.srv.URL() + "/training/site/" + kind + "/" + number
}

// requests returns the requests sent to path. Every request the server got
// is checked on the way: a form POST whose password was scrubbed, with
// neither the password nor its digest in any other value.
func (e *env) requests(path string) []genseetest.Request {
	e.t.Helper()
	digest := md5Hex(e.srv.Password())
	var out []genseetest.Request
	for _, r := range e.srv.Requests() {
		assert.Equal(e.t, "POST", r.Method, r.Path)
		assert.True(e.t, strings.HasPrefix(r.ContentType, "application/x-www-form-urlencoded"), "%s: %s", r.Path, r.ContentType)
		assert.Equal(e.t, []string{"***"}, r.Form["password"], r.Path)
		assert.Equal(e.t, "gensee-go/"+gensee.Version, r.UserAgent, r.Path)
		for k, vs := range r.Form {
			for _, v := range vs {
				assert.NotContains(e.t, v, e.srv.Password(), "%s: %s", r.Path, k)
				assert.NotContains(e.t, v, digest, "%s: %s", r.Path, k)
			}
		}
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// assertNotSent checks that none of keys was sent.
func assertNotSent(t *testing.T, f url.Values, keys ...string) {
	t.Helper()
	for _, k := range keys {
		assert.NotContains(t, f, k, "form value %q should not be sent", k)
	}
}

func sameTime(t *testing.T, want time.Time, got gensee.Time, msgAndArgs ...any) {
	t.Helper()
	assert.True(t, want.Equal(got.Time), "want %v, got %v %v", want, got.Time, fmt.Sprint(msgAndArgs...))
}

// requireAPIError checks that err is the *gensee.APIError of path with code,
// matching sentinel, and that it does not leak the password.
func requireAPIError(t *testing.T, err error, path string, code gensee.Code, sentinel error) {
	t.Helper()
	require.Error(t, err)
	var ae *gensee.APIError
	require.ErrorAs(t, err, &ae, "%v", err)
	assert.Equal(t, code, ae.Code, "%v", err)
	assert.Equal(t, path, ae.Endpoint)
	assert.ErrorIs(t, err, sentinel)
	assert.NotContains(t, err.Error(), genseetest.DefaultPassword)
	assert.NotContains(t, err.Error(), md5Hex(genseetest.DefaultPassword))
}

// maxItems bounds every walk of the e2e tests that does not give its own
// bound: no test seeds more, and a walk past it is one whose paging guard
// broke, which must fail the test rather than spin until go test's timeout.
const maxItems = 1000

// specCatalog returns the endpoints of the catalog (testdata/spec), in
// section order.
func specCatalog(t *testing.T) []catalog.Endpoint {
	t.Helper()
	eps, err := catalog.Load("testdata/spec")
	require.NoError(t, err)
	require.NotEmpty(t, eps)
	return eps
}

// collect ranges over seq, requires no error, and fails the test past
// maxItems items (collectN with that bound).
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	return collectN(t, seq, maxItems)
}

// collectN ranges over seq and requires no error; past max items it stops
// the walk and fails the test.
func collectN[T any](t *testing.T, seq iter.Seq2[T, error], max int) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		if len(out) == max {
			t.Fatalf("the walk yielded more than %d items: does it end?", max)
		}
		out = append(out, v)
	}
	return out
}

// onlyError ranges over seq, which must yield exactly one error and no
// item, and returns the error. It stops at the second item or error.
func onlyError[T any](seq iter.Seq2[T, error]) error {
	var errs []error
	items := 0
	for _, err := range seq {
		if err != nil {
			errs = append(errs, err)
		} else {
			items++
		}
		if items+len(errs) > 1 {
			break
		}
	}
	if items != 0 || len(errs) != 1 {
		return fmt.Errorf("the iterator yielded %d items and %d errors (%v) before it was stopped, want one error", items, len(errs), errs)
	}
	return errs[0]
}

// pageNos returns the pageNo values sent to path, in order.
func (e *env) pageNos(path string) []string {
	e.t.Helper()
	var out []string
	for _, r := range e.requests(path) {
		out = append(out, r.Form.Get("pageNo"))
	}
	return out
}

// methodCase is one SDK method: a successful call, and a call the fake
// answers with a documented error.
type methodCase struct {
	method string // as users write it, such as "Rooms.Create"
	path   string // the endpoint it calls
	// ok seeds what the call needs, calls it, and checks the decoded
	// result and what was sent.
	ok func(t *testing.T, e *env)
	// fail calls the method so that the fake answers code.
	fail func(t *testing.T, e *env) error
	code gensee.Code
	is   error // the sentinel the error matches
}

// nf is the usual documented error: an unknown id.
func nf(mc methodCase) methodCase {
	mc.code, mc.is = gensee.CodeNotFound, gensee.ErrNotFound
	return mc
}

// auth is the error of methods with no natural business error: wrong
// credentials.
func auth(mc methodCase) methodCase {
	mc.code, mc.is = gensee.CodeAuthFailed, gensee.ErrAuth
	return mc
}

// everyMethod lists the SDK's one-call methods, one per endpoint; the …All
// iterators are in iterCases.
func everyMethod() []methodCase {
	var all []methodCase
	all = append(all, roomCases()...)
	all = append(all, contentCases()...)
	all = append(all, exportCases()...)
	all = append(all, classCases()...)
	return all
}

// TestE2EEveryMethod calls every method once successfully (its ok checks
// what the fake's state shows) and once so that the fake answers a
// documented error. Each case requires its endpoint to have been reached,
// and the cases together name every endpoint of the catalog exactly once,
// each with the catalog's method for it, so every endpoint is reached.
func TestE2EEveryMethod(t *testing.T) {
	t.Parallel()
	cases := everyMethod()
	eps := specCatalog(t)
	var paths, want []string
	method := map[string]string{}
	for _, ep := range eps {
		want = append(want, ep.Path)
		method[ep.Path] = ep.Method
	}
	for _, mc := range cases {
		paths = append(paths, mc.path)
		assert.Equal(t, method[mc.path], mc.method, "the case of %s names another method than the catalog's", mc.path)
	}
	slices.Sort(paths)
	slices.Sort(want)
	assert.Equal(t, want, paths, "one case per endpoint of the catalog")
	assert.Equal(t, want, genseetest.Endpoints(), "the fake answers every endpoint of the catalog, and no other")

	for _, mc := range cases {
		t.Run(mc.method, func(t *testing.T) {
			t.Parallel()
			t.Run("ok", func(t *testing.T) {
				e := newEnv(t)
				mc.ok(t, e)
				assert.NotEmpty(t, e.requests(mc.path), "%s sent nothing to %s", mc.method, mc.path)
			})
			t.Run("error", func(t *testing.T) {
				e := newEnv(t)
				err := mc.fail(t, e)
				requireAPIError(t, err, mc.path, mc.code, mc.is)
				assert.NotEmpty(t, e.requests(mc.path), "%s sent nothing to %s", mc.method, mc.path)
			})
		})
	}
}

// savedRoom is what the fake remembers of a classroom beyond what Rooms.Get
// answers, as its SaveState writes it.
type savedRoom struct {
	ID     string
	Roster []struct {
		ID        int64
		Name      string
		GroupCode string
	}
	Relays  []string
	Docs    []int64
	Warmup  string
	Inserts []int64
}

// savedWarmup is a warm-up as the fake's SaveState writes it.
type savedWarmup struct {
	ID, Name string
	RecordID int64
	Mode     int
}

// saved returns the part of the fake's state that no read endpoint shows:
// the classroom id's and every warm-up.
func (e *env) saved(id string) (savedRoom, []savedWarmup) {
	e.t.Helper()
	var buf bytes.Buffer
	require.NoError(e.t, e.srv.SaveState(&buf))
	var st struct {
		Rooms   []savedRoom   `json:"rooms"`
		Warmups []savedWarmup `json:"warmups"`
	}
	require.NoError(e.t, json.Unmarshal(buf.Bytes(), &st))
	for _, r := range st.Rooms {
		if r.ID == id {
			return r, st.Warmups
		}
	}
	e.t.Fatalf("the fake has no classroom %s", id)
	return savedRoom{}, nil
}
