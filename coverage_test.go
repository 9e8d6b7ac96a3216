package gensee

// Every SDK method is exercised by at least one unit test (the httpmock
// harness, setup) and one end-to-end test (the genseetest fake, newEnv),
// proven by what the tests do, not by their text: both harnesses send
// through RecordCalls, which credits each request to the SDK method that
// sent it, read from the goroutine's stack at the moment the request goes
// out, and TestMain checks, once the whole suite has run, that every method
// of the catalog was credited under both kinds.
//
// The stack is read outermost first (from the test towards the transport),
// and the first frame of the SDK's own source files decides: an exported
// service method is the one the test called ("Rooms.CreateOnce", not the
// Rooms.Create it calls); a closure is the iterator of a walk the test
// ranges over (paginate's, windowAll's, under whatever name inlining gives
// it), and the request is credited to the catalog's walk of the path asked
// for ("Rooms.SyncAll", not the Rooms.Sync it pages with); anything else
// (Client.Call) is credited to no method. Nor is a request of the
// conformance tests, which call every method from a table (byConstruction).
//
// The same transport bounds every test client: past its limit of requests
// it fails the test and refuses to send, so that a walk whose paging guard
// broke ends with an error instead of spinning until go test's timeout.

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/internal/catalog"
)

// The kinds of test a request is credited under.
const (
	UnitTest = "unit" // the httpmock harness: setup(t) of helpers_test.go
	FakeTest = "fake" // the genseetest harness: newEnv(t) of helpers_e2e_test.go
)

// MaxTestRequests is how many requests one test client may send: well
// above what any test needs (a soak builds its own client), far below a
// walk that does not end.
const MaxTestRequests = 5000

// errTooManyRequests is the refusal of a request past MaxTestRequests.
var errTooManyRequests = errors.New("gensee test: more requests than MaxTestRequests through one test client (a walk that does not end?)")

// credits is the test binary's log: for each SDK method, the kinds of test
// that exercised it, each with the first test seen doing so.
type credits struct {
	mu sync.Mutex
	by map[string]map[string]string // method → kind → "file: test function"
}

var exercised = &credits{by: map[string]map[string]string{}}

func (c *credits) add(method, kind, where string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by[method] == nil {
		c.by[method] = map[string]string{}
	}
	if _, ok := c.by[method][kind]; !ok {
		c.by[method][kind] = where
	}
}

// missing returns, for every method of eps, the kinds of test that did not
// exercise it ("Rooms.Get: no fake test").
func (c *credits) missing(eps []catalog.Endpoint) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, e := range eps {
		for _, m := range e.Methods() {
			for _, kind := range []string{UnitTest, FakeTest} {
				if _, ok := c.by[m][kind]; !ok {
					out = append(out, fmt.Sprintf("%s (%s): no %s test sends a request through it", m, e.Path, kind))
				}
			}
		}
	}
	return out
}

// byConstruction are the test files that call every method from a table
// of the catalog (the conformance tests of the wire names): they prove the
// names, not what the method does, so they exercise no method in the sense
// of TestMain's check, which wants a test written for it.
var byConstruction = map[string]bool{"spec_test.go": true, "spec_returns_test.go": true}

// callRecorder is the RoundTripper of RecordCalls.
type callRecorder struct {
	fail  func(format string, args ...any) // the test's Errorf
	kind  string
	next  http.RoundTripper
	log   *credits
	limit int64
	walks map[string]string // path → its walk, from the catalog
	sent  atomic.Int64
}

// RecordCalls returns a RoundTripper that sends through next, credits each
// request to the SDK method that sent it under kind (UnitTest or FakeTest)
// in the log TestMain checks, and past MaxTestRequests fails t and refuses
// the request. It exists only in the test binary; the external tests
// (package gensee_test) use it too.
func RecordCalls(t testing.TB, kind string, next http.RoundTripper) http.RoundTripper {
	t.Helper()
	return newRecorder(t, t.Errorf, kind, next, exercised, MaxTestRequests)
}

// BoundCalls returns a RoundTripper that sends through next, and past
// MaxTestRequests fails t and refuses the request, crediting nothing: the
// bound of RecordCalls for the clients of other servers (httptest servers
// of the e2e fault tests).
func BoundCalls(t testing.TB, next http.RoundTripper) http.RoundTripper {
	t.Helper()
	return newRecorder(t, t.Errorf, "", next, nil, MaxTestRequests)
}

func newRecorder(t testing.TB, fail func(string, ...any), kind string, next http.RoundTripper, log *credits, limit int64) *callRecorder {
	t.Helper()
	walks := map[string]string{}
	for _, e := range catalogOnce(t) {
		walks[e.Path] = e.Walk
	}
	return &callRecorder{fail: fail, kind: kind, next: next, log: log, limit: limit, walks: walks}
}

// catalogOnce loads the catalog once for the test binary.
var catalogOnce = func() func(testing.TB) []catalog.Endpoint {
	var once sync.Once
	var eps []catalog.Endpoint
	var err error
	return func(t testing.TB) []catalog.Endpoint {
		t.Helper()
		once.Do(func() { eps, err = catalog.Load("testdata/spec") })
		if err != nil {
			t.Fatal(err)
		}
		return eps
	}
}()

func (r *callRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if n := r.sent.Add(1); n > r.limit {
		if n == r.limit+1 {
			r.fail("%v: the request to %s is one too many", errTooManyRequests, req.URL.Path)
		}
		return nil, errTooManyRequests
	}
	path := strings.TrimPrefix(req.URL.Path, "/integration/site")
	if r.log == nil {
		return r.next.RoundTrip(req)
	}
	if method, where := r.caller(path); method != "" && !byConstruction[strings.Split(where, ":")[0]] {
		r.log.add(method, r.kind, where)
	}
	return r.next.RoundTrip(req)
}

// CloseIdleConnections passes the call on to the wrapped transport.
func (r *callRecorder) CloseIdleConnections() {
	if ci, ok := r.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// The frames the callRecorder looks for: a method of a service, and the
// closures of the walks (paginate for the paged endpoints, windowAll for
// the windowed exports).
var (
	sdkDir       = thisDir()
	methodFrame  = regexp.MustCompile(`^\(\*?([A-Za-z0-9_]+)(?:\[\.\.\.\])?\)\.([A-Za-z0-9_]+)$`)
	funcFrame    = regexp.MustCompile(`^[A-Za-z0-9_]+(?:\[\.\.\.\])?$`)
	exportedName = regexp.MustCompile(`^[A-Z]`)
	fieldOfServ  = serviceFields()
)

// thisDir is the directory of the package's source files.
func thisDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// caller returns the SDK method that sent a request to path, as the
// goroutine's stack shows it, and where in the tests it was called from.
func (r *callRecorder) caller(path string) (method, where string) {
	pcs := make([]uintptr, 256)
	n := runtime.Callers(1, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var stack []runtime.Frame
	for {
		f, more := frames.Next()
		stack = append(stack, f)
		if !more {
			break
		}
	}
	for i := len(stack) - 1; i >= 0; i-- { // outermost first
		f := stack[i]
		inTests := strings.HasSuffix(f.File, "_test.go")
		name := f.Function[strings.LastIndexByte(f.Function, '/')+1:] // "gensee.(*RoomService).Sync"
		if inTests && where == "" && !strings.HasPrefix(name, "testing.") {
			where = filepath.Base(f.File) + ": " + name
		}
		if inTests || filepath.Dir(f.File) != sdkDir {
			continue
		}
		// A frame of the SDK's own code: a method, a function, or else a
		// closure, which is the iterator of a walk the test ranges over
		// (its name is the compiler's: "paginate[...].func1",
		// "observedPages[...].1", or, inlined into the test's package,
		// "gensee_test.TestX.(*RoomService).SyncAll.func1").
		_, local, _ := strings.Cut(name, ".") // "(*RoomService).Sync"
		if m := methodFrame.FindStringSubmatch(local); m != nil {
			if field := fieldOfServ[m[1]]; field != "" && exportedName.MatchString(m[2]) {
				return field + "." + m[2], where
			}
			return "", where // another method of the SDK's sent it: Client.Call
		}
		if funcFrame.MatchString(local) {
			return "", where
		}
		return r.walks[path], where
	}
	return "", where
}

// checkExercised reports, once the whole suite has run, every method of the
// catalog that no unit test or no fake test exercised. A run narrowed by
// -run or -skip, or one that only lists, proves nothing either way and is
// not checked.
func checkExercised() error {
	for _, name := range []string{"test.run", "test.skip", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return nil
		}
	}
	eps, err := catalog.Load("testdata/spec")
	if err != nil {
		return err
	}
	missing := exercised.missing(eps)
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("every SDK method needs a unit test (setup) and a fake test (newEnv) that call it:\n\t%s", strings.Join(missing, "\n\t"))
}

// exercisedRun is the testing.M of TestMain: the tests, then, if they
// passed, checkExercised.
type exercisedRun struct{ m *testing.M }

func (r exercisedRun) Run() int {
	code := r.m.Run()
	if code != 0 {
		return code
	}
	if err := checkExercised(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	return code
}

// TestRecordCallsCredits: each request is credited to the method the test
// called, as the stack shows it: a one-call method to itself, a walk to the
// catalog's walk (not the one-call method it pages with), a helper to
// itself (not the method it calls), Client.Call to nothing; past its limit
// the transport fails the test and ends an endless walk with an error.
func TestRecordCallsCredits(t *testing.T) {
	log := &credits{by: map[string]map[string]string{}}
	var failures []string
	fail := func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }
	mock := httpmock.NewMockTransport()
	c, err := NewClient(testSite, testLogin, testPassword, WithRetry(RetryPolicy{MaxAttempts: 1}),
		WithHTTPClient(&http.Client{Transport: newRecorder(t, fail, UnitTest, mock, log, 8)}))
	require.NoError(t, err)
	mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", httpmock.NewStringResponder(200, roomR1))
	mock.RegisterResponder(http.MethodPost, testBase+"/training/courseware/list", httpmock.NewStringResponder(200, golden(t, "courseware/list.json")))
	var page atomic.Int32
	mock.RegisterResponder(http.MethodPost, testBase+"/training/room/sync", func(*http.Request) (*http.Response, error) {
		n := page.Add(1) // an endless site: every page says a billion follow
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"code":"0","list":[{"roomId":"r%d"}],"page":{"pageNo":%d,"totalPages":1000000000}}`, n, n)), nil
	})

	ctx := t.Context()
	_, err = c.Rooms.Get(ctx, "R1")
	require.NoError(t, err)
	_, err = c.Coursewares.WaitForRecordings(ctx, "R1", time.Time{}, time.Millisecond)
	require.NoError(t, err)
	require.NoError(t, c.Call(ctx, "/training/room/info", map[string]string{"roomId": "R1"}, nil))
	_, err = c.Rooms.Sync(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, failures)

	// Four requests so far: the walk gets four pages, then the limit.
	page.Store(0)
	rooms := 0
	var walkErr error
	for r, err := range bounded(t, c.Rooms.SyncAll(ctx, nil), 100) {
		if err != nil {
			walkErr = err
			continue
		}
		rooms++
		assert.NotNil(t, r)
	}
	assert.Equal(t, 4, rooms)
	assert.ErrorIs(t, walkErr, errTooManyRequests)
	require.Len(t, failures, 1, "the test fails once, at the first request past the limit")
	assert.Contains(t, failures[0], "/integration/site/training/room/sync is one too many")

	here := "coverage_test.go: gensee.TestRecordCallsCredits"
	assert.Equal(t, map[string]map[string]string{
		"Rooms.Get":                     {UnitTest: here},
		"Coursewares.WaitForRecordings": {UnitTest: here},
		"Rooms.Sync":                    {UnitTest: here},
		"Rooms.SyncAll":                 {UnitTest: here},
	}, log.by)
}
