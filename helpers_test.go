package gensee

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The credentials of the test client, and what goes on the wire for them.
const (
	testSite     = "https://demo.gensee.com"
	testLogin    = "admin@demo"
	testPassword = "s3cret-Pa55"
	testDigest   = "cf22cf214e4a514990bc4237882136e2" // md5(testPassword), checked in TestCredentials
	testBase     = testSite + "/integration/site"
)

// FastRetry is the retry policy of the tests: n attempts, a few
// milliseconds apart at most. It is exported for the external tests
// (package gensee_test) and exists only in the test binary.
func FastRetry(n int) Option {
	return WithRetry(RetryPolicy{MaxAttempts: n, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
}

// harness is a client whose own *http.Client goes through an httpmock
// transport (never the global default transport), and the forms it sent.
type harness struct {
	t      *testing.T
	client *Client
	mock   *httpmock.MockTransport

	mu    sync.Mutex
	forms []url.Values // the decoded body of every request, in order
	paths []string     // the path of every request, in order
}

// setup returns a harness with retries off unless opts turn them on. Its
// requests go through RecordCalls (coverage_test.go): each is credited to
// the SDK method that sent it, as a unit test's, and the client sends at
// most MaxTestRequests, so that a walk that does not end fails the test.
func setup(t *testing.T, opts ...Option) *harness {
	t.Helper()
	mock := httpmock.NewMockTransport()
	h := &harness{t: t, mock: mock}
	hc := &http.Client{Transport: RecordCalls(t, UnitTest, mock)}
	all := append([]Option{WithHTTPClient(hc), WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)
	c, err := NewClient(testSite, testLogin, testPassword, all...)
	require.NoError(t, err)
	h.client = c
	return h
}

// on answers POSTs to path (like "/training/room/info") with status and body,
// recording each form sent.
func (h *harness) on(path string, status int, body string) {
	h.onFunc(path, func(int) (int, string) { return status, body })
}

// onGolden answers path with the golden file testdata/<name>.
func (h *harness) onGolden(path, name string) {
	h.on(path, 200, golden(h.t, name))
}

// onFunc answers path with what fn returns for the n-th call (from 1).
func (h *harness) onFunc(path string, fn func(n int) (int, string)) {
	n := 0
	h.mock.RegisterResponder(http.MethodPost, testBase+path, func(req *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		f, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, err
		}
		h.mu.Lock()
		h.forms = append(h.forms, f)
		h.paths = append(h.paths, path)
		n++
		call := n
		h.mu.Unlock()
		assert.Equal(h.t, "application/x-www-form-urlencoded; charset=UTF-8", req.Header.Get("Content-Type"))
		assert.Empty(h.t, req.URL.RawQuery, "nothing goes in the URL")
		status, body, ok := answer(fn, call)
		if !ok {
			return nil, errResponderFailed
		}
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json;charset=UTF-8")
		return resp, nil
	})
}

// errResponderFailed is the transport's error when a test's responder
// stopped its goroutine (a require failing in it, such as golden's for a
// page a broken walk asks for beyond the last).
var errResponderFailed = errors.New("the test's responder failed (see the test's errors)")

// answer calls fn(n) in a goroutine of its own and reports whether it
// returned: a require that fails in fn ends only that goroutine, and the
// request then fails with errResponderFailed, where httpmock would wait
// forever for an answer from the responder that died.
func answer(fn func(n int) (int, string), n int) (status int, body string, ok bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		status, body = fn(n)
		ok = true
	}()
	<-done
	return status, body, ok
}

// calls returns how many requests were sent.
func (h *harness) calls() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.forms)
}

// lastForm returns the form of the last request.
func (h *harness) lastForm() url.Values {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	require.NotEmpty(h.t, h.forms, "no request was sent")
	return h.forms[len(h.forms)-1]
}

// assertForm checks that the last request's form is exactly the credentials
// plus kv (pairs of name, value).
func (h *harness) assertForm(kv ...string) {
	h.t.Helper()
	assert.Equal(h.t, wantForm(kv...), h.lastForm())
}

// assertNothingSent checks that no request was sent.
func (h *harness) assertNothingSent() {
	h.t.Helper()
	assert.Equal(h.t, 0, h.calls(), "a request was sent")
}

// wantForm returns the credentials plus kv (pairs of name, value).
func wantForm(kv ...string) url.Values {
	v := url.Values{"loginName": {testLogin}, "password": {testDigest}, "sec": {"true"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// golden returns the content of testdata/<name>.
func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	require.NoError(t, err)
	return string(b)
}

// apiErrorBody is an envelope with a return code, as the server sends it.
func apiErrorBody(code Code, msg string) string {
	return `{"code":"` + strconv.Itoa(int(code)) + `","message":"` + msg + `"}`
}

// documentedCodes lists every documented non-zero code with its sentinel.
var documentedCodes = []struct {
	code Code
	want error
}{
	{CodeFailed, ErrFailed}, {CodeInvalidParam, ErrInvalidParam}, {CodeParamConversion, ErrInvalidParam},
	{CodeAuthFailed, ErrAuth}, {CodePasswordExpired, ErrPasswordExpired}, {CodeSystemError, ErrSystem},
	{CodeBusinessError, ErrBusiness}, {CodeNotFound, ErrNotFound}, {CodeDuplicate, ErrDuplicate},
	{CodeDisabled, ErrDisabled},
}

// assertAPIError checks that err is an *APIError of path with code and msg,
// matching want with errors.Is.
func assertAPIError(t *testing.T, err error, path string, code Code, msg string, want error) {
	t.Helper()
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, &APIError{Endpoint: path, Code: code, Message: msg}, apiErr)
	assert.ErrorIs(t, err, want)
}

// assertValidation checks that err is a *ValidationError of path and field.
func assertValidation(t *testing.T, err error, path, field string) {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, path, ve.Endpoint)
	assert.Equal(t, field, ve.Field)
	assert.NotEmpty(t, ve.Reason)
	assert.ErrorIs(t, err, ErrInvalidParam)
}

// bounded yields what seq yields, items and errors alike, but past max of
// them it fails the test and stops the walk: a walk whose paging guard
// broke fails there instead of spinning until go test's timeout.
func bounded[T any](t *testing.T, seq iter.Seq2[T, error], max int) iter.Seq2[T, error] {
	t.Helper()
	return func(yield func(T, error) bool) {
		n := 0
		for v, err := range seq {
			if n == max {
				t.Errorf("the walk yielded more than %d items and errors: does it end?", max)
				return
			}
			n++
			if !yield(v, err) {
				return
			}
		}
	}
}

// cancelled returns a context that is already cancelled.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

const okBody = `{"code":"0","message":"成功"}`
