package gensee_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// The fault tests run against the fake (genseetest) or an httptest server.
// Each checks the error type, whether the call was retried (reads: yes,
// writes: never); TestMain's goleak checks that no goroutine is left.

const (
	relRead  = "/training/room/info"
	relWrite = "/training/room/deleted"
)

// relFake starts a fake site with one room and returns it, the room's id and
// a client of it.
func relFake(t *testing.T, opts ...genseetest.Option) (*genseetest.Server, string, *gensee.Client, *attemptLog) {
	t.Helper()
	e := newEnv(t, opts...)
	room, err := e.c.Rooms.Create(context.Background(), &gensee.CreateRoomRequest{Subject: "reliability", StartDate: time.Now()})
	require.NoError(t, err)
	return e.srv, room.ID, e.c, e.log
}

// relCalls returns how many requests of path the fake received.
func relCalls(srv *genseetest.Server, path string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// relNetError checks that err is a network failure wrapped by the client:
// none of the SDK's answer types, but a *net.OpError or *url.Error inside;
// a *url.Error names the endpoint's URL.
func relNetError(t *testing.T, err error, path string) {
	t.Helper()
	require.Error(t, err)
	var apiErr *gensee.APIError
	var httpErr *gensee.HTTPError
	assert.False(t, errors.As(err, &apiErr) || errors.As(err, &httpErr), "%v", err)
	var netErr net.Error
	assert.True(t, errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF), "%#v", err)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		assert.True(t, strings.HasSuffix(ue.URL, "/integration/site"+path), "%s is not the URL of %s", ue.URL, path)
	}
}

func TestFaultConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	c, log := dial(t, "http://"+addr, "admin", "pw")
	_, err = c.Rooms.Get(context.Background(), "R")
	relNetError(t, err, relRead)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.ErrorIs(t, err, gensee.ErrNotSent)
	assert.Equal(t, 3, log.count(), "a read is retried")

	err = c.Rooms.Delete(context.Background(), "R")
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	assert.ErrorIs(t, err, gensee.ErrNotSent)
	assert.NotErrorIs(t, err, gensee.ErrOutcomeUnknown)
	assert.Equal(t, 6, log.count(), "a write that never left is retried like a read")
}

func TestFaultResetBeforeHeaders(t *testing.T) {
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 1, genseetest.Fault{Drop: true})
	room, err := c.Rooms.Get(context.Background(), roomID)
	require.NoError(t, err, "a read is retried after a reset")
	assert.Equal(t, roomID, room.ID)
	assert.Equal(t, 2, relCalls(srv, relRead))

	srv.Inject(relRead, 3, genseetest.Fault{Drop: true})
	_, err = c.Rooms.Get(context.Background(), roomID)
	relNetError(t, err, relRead)
	assert.Equal(t, 5, relCalls(srv, relRead), "three attempts, then the error")

	srv.Inject(relWrite, 1, genseetest.Fault{Drop: true})
	err = c.Rooms.Delete(context.Background(), roomID)
	relNetError(t, err, relWrite)
	assert.ErrorIs(t, err, gensee.ErrOutcomeUnknown)
	assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
}

func TestFaultDroppedMidBody(t *testing.T) {
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 1, genseetest.Fault{DropMidBody: true})
	room, err := c.Rooms.Get(context.Background(), roomID)
	require.NoError(t, err, "a read is retried after a body cut short")
	assert.Equal(t, roomID, room.ID)
	assert.Equal(t, 2, relCalls(srv, relRead))

	srv.Inject(relWrite, 1, genseetest.Fault{DropMidBody: true})
	err = c.Rooms.Delete(context.Background(), roomID)
	relNetError(t, err, relWrite)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.ErrorIs(t, err, gensee.ErrOutcomeUnknown)
	assert.Equal(t, "gensee: "+relWrite+": reading the response: unexpected EOF", err.Error())
	assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
}

func TestFaultStalledServer(t *testing.T) {
	srv, roomID, c, _ := relFake(t)

	srv.Inject(genseetest.AnyPath, 2, genseetest.Fault{Delay: time.Hour})
	for _, tt := range []struct {
		path string
		call func(ctx context.Context) error
	}{
		{relRead, func(ctx context.Context) error { _, err := c.Rooms.Get(ctx, roomID); return err }},
		{relWrite, func(ctx context.Context) error { return c.Rooms.Delete(ctx, roomID) }},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		start := time.Now()
		err := tt.call(ctx)
		elapsed := time.Since(start)
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, tt.path)
		assert.Less(t, elapsed, 2*time.Second, "the deadline returns promptly")
		assert.Equal(t, 1, relCalls(srv, tt.path), "nothing retried past the deadline")
	}

	// A cancel while the server stalls.
	srv.Inject(relRead, 1, genseetest.Fault{Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.Rooms.Get(ctx, roomID)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestFaultTruncatedJSON(t *testing.T) {
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 1, genseetest.Fault{Truncate: true})
	_, err := c.Rooms.Get(context.Background(), roomID)
	var he *gensee.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 200, he.StatusCode)
	assert.True(t, strings.HasPrefix(he.Body, "{"), he.Body)
	assert.Equal(t, 1, relCalls(srv, relRead), "a complete answer, however broken, is not retried")
}

func TestFaultHTMLPage(t *testing.T) {
	srv, roomID, c, _ := relFake(t)

	t.Run("200", func(t *testing.T) {
		before := relCalls(srv, relRead)
		srv.Inject(relRead, 1, genseetest.Fault{HTML: true})
		_, err := c.Rooms.Get(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 200, he.StatusCode)
		assert.Contains(t, he.ContentType, "text/html")
		assert.Contains(t, he.Body, "<html>")
		assert.Equal(t, before+1, relCalls(srv, relRead), "not retried")
	})
	t.Run("502 read", func(t *testing.T) {
		before := relCalls(srv, relRead)
		srv.Inject(relRead, 1, genseetest.Fault{Status: 502})
		room, err := c.Rooms.Get(context.Background(), roomID)
		require.NoError(t, err, "a read is retried after 502")
		assert.Equal(t, roomID, room.ID)
		assert.Equal(t, before+2, relCalls(srv, relRead))

		srv.Inject(relRead, 3, genseetest.Fault{Status: 502})
		_, err = c.Rooms.Get(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 502, he.StatusCode)
		assert.Contains(t, he.Body, "502 Bad Gateway")
		assert.Equal(t, before+5, relCalls(srv, relRead))
	})
	t.Run("502 write", func(t *testing.T) {
		srv.Inject(relWrite, 1, genseetest.Fault{Status: 502})
		err := c.Rooms.Delete(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 502, he.StatusCode)
		assert.ErrorIs(t, err, gensee.ErrOutcomeUnknown, "a write's 502 page lost its answer")
		assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
	})
}

func TestFaultBodyOverLimit(t *testing.T) {
	var requests atomic.Int32
	// An endless answer: the client must stop reading at its limit.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat("x", 4096))
		_, _ = io.WriteString(w, `{"code":"0","subject":"`)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(ts.Close)
	c, _ := dial(t, ts.URL, "admin", "pw", gensee.WithMaxResponseBytes(64<<10))
	start := time.Now()
	_, err := c.Rooms.Get(context.Background(), "R")
	var tooLarge *gensee.ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, int64(64<<10), tooLarge.Limit)
	assert.Equal(t, relRead, tooLarge.Endpoint)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, int32(1), requests.Load(), "not retried: the same answer would come again")
}

func TestFault429(t *testing.T) {
	t.Run("with Retry-After", func(t *testing.T) {
		srv, roomID, c, _ := relFake(t, genseetest.WithRateLimit(2))
		// room/created used the first call of the second; this one fills it.
		_, err := c.Rooms.Get(context.Background(), roomID)
		require.NoError(t, err)
		start := time.Now()
		room, err := c.Rooms.Get(context.Background(), roomID)
		require.NoError(t, err, "retried after the server's Retry-After")
		assert.Equal(t, roomID, room.ID)
		assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond, "Retry-After: 1 was honoured")
		assert.Equal(t, 3, relCalls(srv, relRead))

		err = c.Rooms.Delete(context.Background(), roomID) // still in the new second's budget
		require.NoError(t, err)
		err = c.Rooms.Delete(context.Background(), roomID)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he, "a write is not retried")
		assert.Equal(t, 429, he.StatusCode)
		assert.Equal(t, 2, relCalls(srv, relWrite))
	})
	t.Run("without Retry-After", func(t *testing.T) {
		var requests atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1)%2 == 1 {
				http.Error(w, "too many", http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, `{"code":"0","id":"R"}`)
		}))
		t.Cleanup(ts.Close)
		c, log := dial(t, ts.URL, "admin", "pw")
		start := time.Now()
		room, err := c.Rooms.Get(context.Background(), "R")
		require.NoError(t, err)
		assert.Equal(t, "R", room.ID)
		assert.Less(t, time.Since(start), time.Second, "the policy's backoff, no more")
		assert.Equal(t, int32(2), requests.Load())

		err = c.Rooms.Delete(context.Background(), "R")
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 429, he.StatusCode)
		assert.Equal(t, int32(3), requests.Load(), "a write is sent once")
		assert.Equal(t, 3, log.count())
	})
}

func TestFaultCode300Burst(t *testing.T) {
	srv, roomID, c, _ := relFake(t)

	srv.Inject(relRead, 2, genseetest.Fault{Code: 300, Message: "系统错误"})
	room, err := c.Rooms.Get(context.Background(), roomID)
	require.NoError(t, err, "a burst shorter than the attempts is absorbed")
	assert.Equal(t, roomID, room.ID)
	assert.Equal(t, 3, relCalls(srv, relRead))

	srv.Inject(relRead, 5, genseetest.Fault{Code: 300, Message: "系统错误"})
	_, err = c.Rooms.Get(context.Background(), roomID)
	var apiErr *gensee.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, gensee.CodeSystemError, apiErr.Code)
	assert.ErrorIs(t, err, gensee.ErrSystem)
	assert.Equal(t, 6, relCalls(srv, relRead), "three more attempts, then the error")

	srv.Inject(relWrite, 1, genseetest.Fault{Code: 300})
	err = c.Rooms.Delete(context.Background(), roomID)
	assert.ErrorIs(t, err, gensee.ErrSystem)
	assert.Equal(t, 1, relCalls(srv, relWrite), "a write is sent once")
}

func TestFaultDNSFailure(t *testing.T) {
	// The resolver answers every lookup with "no such host" itself, so that
	// nothing leaves the machine whatever the system's DNS does with .invalid.
	var lookups atomic.Int32
	resolver := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		lookups.Add(1)
		return nil, &net.DNSError{Err: "no such host", Name: "gensee.invalid", IsNotFound: true}
	}}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Resolver: resolver}).DialContext
	t.Cleanup(tr.CloseIdleConnections)
	c, log := dial(t, "gensee.invalid", "admin", "pw", gensee.WithHTTPClient(&http.Client{Transport: tr}))

	_, err := c.Rooms.Get(context.Background(), "R")
	var dnsErr *net.DNSError
	require.ErrorAs(t, err, &dnsErr)
	assert.Equal(t, "gensee.invalid", dnsErr.Name)
	assert.Equal(t, 3, log.count(), "a read is retried")
	assert.Positive(t, lookups.Load())

	assert.ErrorIs(t, err, gensee.ErrNotSent)

	err = c.Rooms.Delete(context.Background(), "R")
	require.ErrorAs(t, err, &dnsErr)
	assert.ErrorIs(t, err, gensee.ErrNotSent)
	assert.Equal(t, 6, log.count(), "a write that never left is retried like a read")
}

// Secrets: the password and its digest never appear in an error, a debug
// log, HTTPError.Body, the fake's request log or a panic value.

const (
	relPassword = "Zq9-secret-PW!"
	relDigest   = "0068ba099fcdc0c14619cd4e2d016b95" // md5(relPassword), checked in relSecrets
)

func relSecrets(t *testing.T) []string {
	t.Helper()
	sum := md5.Sum([]byte(relPassword))
	require.Equal(t, relDigest, hex.EncodeToString(sum[:]))
	return []string{relPassword, relDigest, strings.ToUpper(relDigest), url.QueryEscape(relPassword)}
}

// relAssertClean fails if s holds a secret, or (when s was cut short) its
// tail is the start of one: a partial digest is a leak too.
func relAssertClean(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range relSecrets(t) {
		assert.NotContains(t, s, secret, what)
		for n := 8; n < len(secret); n++ {
			assert.False(t, strings.HasSuffix(s, secret[:n]), "%s ends with %d characters of a secret: %q", what, n, s)
		}
	}
}

func TestSecretsInFaultErrors(t *testing.T) {
	srv := genseetest.NewServer(genseetest.WithCredentials("admin@demo", relPassword))
	t.Cleanup(srv.Close)
	for _, mode := range []struct {
		name string
		opts []gensee.Option
	}{{"md5", nil}, {"plain", []gensee.Option{gensee.WithPlainPassword()}}, {"given md5", []gensee.Option{gensee.WithPasswordMD5(relDigest)}}} {
		t.Run(mode.name, func(t *testing.T) {
			once := gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1})
			c, log := dial(t, srv.URL(), srv.LoginName(), relPassword, append(mode.opts, once)...)
			wrong, wrongLog := dial(t, srv.URL(), srv.LoginName(), relPassword+"x")
			var errs []error
			for _, f := range []genseetest.Fault{
				{Drop: true}, {DropMidBody: true}, {Truncate: true}, {HTML: true}, {Status: 502}, {Status: 500},
				{Code: 300}, {Code: 200, Message: "认证失败"}, {Delay: time.Hour},
			} {
				srv.Inject(relRead, 1, f)
				ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
				_, err := c.Rooms.Get(ctx, "nope")
				cancel()
				errs = append(errs, err)
			}
			_, err := wrong.Rooms.Get(context.Background(), "nope")
			assert.ErrorIs(t, err, gensee.ErrAuth, "%v", err)
			errs = append(errs, err)
			for _, err := range errs {
				require.Error(t, err)
				relAssertClean(t, "error", err.Error())
				relAssertClean(t, "error %#v", fmt.Sprintf("%#v", err))
				var he *gensee.HTTPError
				if errors.As(err, &he) {
					relAssertClean(t, "HTTPError.Body", he.Body)
				}
			}
			relAssertClean(t, "debug log", log.String())
			relAssertClean(t, "debug log", wrongLog.String())
			assert.Contains(t, log.String(), "endpoint="+relRead)
		})
	}
	for _, r := range srv.Requests() {
		relAssertClean(t, "request log", fmt.Sprintf("%v", r))
		assert.Equal(t, []string{"***"}, r.Form["password"], "the fake masks the password")
	}
}

// TestSecretsExcerptCut: a server that echoes the digest right where the
// 512-byte excerpt of HTTPError.Body ends must not leave half of it there.
func TestSecretsExcerptCut(t *testing.T) {
	for pad := 480; pad <= 512; pad += 4 {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			w.WriteHeader(500)
			fmt.Fprint(w, strings.Repeat("x", pad)+r.PostForm.Get("password")+" "+relPassword)
		}))
		c, _ := dial(t, ts.URL, "admin", relPassword)
		_, err := c.Rooms.Get(context.Background(), "R")
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		relAssertClean(t, fmt.Sprintf("Body cut after %d bytes of padding", pad), he.Body)
		relAssertClean(t, "error", err.Error())
		ts.Close()
	}
}

// TestSecretsInDecodeErrors: a payload that does not decode, echoing the
// credential in a typed field, is reported without it.
func TestSecretsInDecodeErrors(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		fmt.Fprintf(w, `{"code":"0","id":"R","startDate":%q,"webJoin":%q}`, r.PostForm.Get("password"), relPassword)
	}))
	t.Cleanup(ts.Close)
	for _, opts := range [][]gensee.Option{nil, {gensee.WithPlainPassword()}} {
		c, log := dial(t, ts.URL, "admin", relPassword, opts...)
		_, err := c.Rooms.Get(context.Background(), "R")
		require.Error(t, err)
		relAssertClean(t, "error", err.Error())
		relAssertClean(t, "debug log", log.String())
	}
}

// TestSecretsPanicValue: the one panic of the SDK's packages (genseetest's
// Client with a bad option) carries no credential.
func TestSecretsPanicValue(t *testing.T) {
	srv := genseetest.NewServer(genseetest.WithCredentials("admin@demo", relPassword))
	t.Cleanup(srv.Close)
	for _, opt := range []gensee.Option{gensee.WithRetry(gensee.RetryPolicy{}), gensee.WithPasswordMD5("not-hex"), gensee.WithHTTPClient(nil)} {
		func() {
			defer func() {
				v := recover()
				require.NotNil(t, v)
				relAssertClean(t, "panic value", fmt.Sprint(v))
				relAssertClean(t, "panic value", fmt.Sprintf("%#v", v))
			}()
			srv.Client(opt)
		}()
	}
}

// TestRedirectMethodChange: 301, 302 and 303 turn a POST into a GET; to
// another host they are refused like 307 and 308 (TestRedirects), so the
// other host sees nothing, not even a body-less GET; a read is not retried
// after the refusal.
func TestRedirectMethodChange(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, `{"code":"0","id":"R"}`)
	}))
	t.Cleanup(other.Close)
	var siteHits atomic.Int32
	for _, status := range []int{301, 302, 303, 307, 308} {
		site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			siteHits.Add(1)
			_ = r.ParseForm()
			// A Location echoing the credential: the error quoting it must not.
			http.Redirect(w, r, other.URL+r.URL.Path+"?p="+r.PostForm.Get("password"), status)
		}))
		c, log := dial(t, site.URL, "admin", relPassword)
		siteHits.Store(0)
		_, err := c.Rooms.Get(context.Background(), "R")
		require.Error(t, err, status)
		var ue *url.Error
		require.ErrorAs(t, err, &ue, status)
		relAssertClean(t, "url.Error's URL", ue.URL)
		relAssertClean(t, "error", err.Error())
		assert.Equal(t, int32(1), siteHits.Load(), "%d: not retried", status)
		assert.Equal(t, 1, log.count())
		site.Close()
	}
	assert.Equal(t, int32(0), otherHits.Load(), "credentials went to another host")
}

// TestRedirectSameHostGET: a same-host 302 makes the client's POST a GET
// without a body, hence without credentials; the answer is an error, never a
// success, and the credentials do not end up in the URL.
func TestRedirectSameHostGET(t *testing.T) {
	var got []string
	var mu sync.Mutex
	var site *httptest.Server
	site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.String())
		mu.Unlock()
		if r.Method == http.MethodPost {
			http.Redirect(w, r, site.URL+"/moved"+r.URL.Path, http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusMethodNotAllowed)
		fmt.Fprint(w, "<html>405</html>")
	}))
	t.Cleanup(site.Close)
	c, _ := dial(t, site.URL, "admin", relPassword)
	err := c.Rooms.Delete(context.Background(), "R")
	var he *gensee.HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 405, he.StatusCode)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 2)
	assert.True(t, strings.HasPrefix(got[1], "GET /moved/"), got[1])
	for _, g := range got {
		relAssertClean(t, "request line", g)
		assert.NotContains(t, g, "password")
	}
}

// Bad input: every exported method of every service of a client, walked by
// reflection so that services landing later are covered too.

// relServices returns the exported service fields of a client.
func relServices(c *gensee.Client) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.IsExported() && f.Type.Kind() == reflect.Pointer && strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			out[f.Name] = v.Field(i)
		}
	}
	return out
}

var (
	relCtxType   = reflect.TypeFor[context.Context]()
	relErrorType = reflect.TypeFor[error]()
)

// relCall calls method with ctx, then fill(type) for every other argument,
// and returns the value of a panic, or the error it returned (ranging over
// an iterator it returned).
func relCall(method reflect.Value, fill func(reflect.Type) reflect.Value) (panicked any, err error) {
	defer func() { panicked = recover() }()
	mt := method.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	n := mt.NumIn()
	if mt.IsVariadic() {
		n--
	}
	for i := 1; i < n; i++ {
		args = append(args, fill(mt.In(i)))
	}
	outs := method.Call(args)
	last := outs[len(outs)-1]
	switch {
	case last.Type() == relErrorType:
		if !last.IsNil() {
			err = last.Interface().(error)
		}
	case last.Kind() == reflect.Func: // an iter.Seq2[T, error]
		yt := last.Type().In(0)
		yield := reflect.MakeFunc(yt, func(in []reflect.Value) []reflect.Value {
			if e := in[1]; !e.IsNil() {
				err = e.Interface().(error)
			}
			return []reflect.Value{reflect.ValueOf(false)}
		})
		last.Call([]reflect.Value{yield})
	}
	return nil, err
}

// relRequestParam reports whether a method takes a pointer to a struct.
func relRequestParam(mt reflect.Type) (reflect.Type, bool) {
	if mt.NumIn() == 0 || mt.In(0) != relCtxType {
		return nil, false
	}
	for i := 1; i < mt.NumIn(); i++ {
		if p := mt.In(i); p.Kind() == reflect.Pointer && p.Elem().Kind() == reflect.Struct {
			return p, true
		}
	}
	return nil, false
}

// relOKServer answers every call with success, counting them.
func relOKServer(t *testing.T) (*gensee.Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		fmt.Fprint(w, `{"code":"0","message":"ok"}`)
	}))
	t.Cleanup(ts.Close)
	c, _ := dial(t, ts.URL, "admin", relPassword)
	return c, &calls
}

// TestNilRequests: every method taking a *…Request with a nil pointer
// returns a *ValidationError naming "request" and sends nothing; a nil
// *…Options means the defaults and never panics.
func TestNilRequests(t *testing.T) {
	c, calls := relOKServer(t)
	requests, options := 0, 0
	for name, svc := range relServices(c) {
		for i := range svc.NumMethod() {
			method := svc.Method(i)
			full := name + "." + svc.Type().Method(i).Name
			param, ok := relRequestParam(method.Type())
			if !ok {
				continue
			}
			before := calls.Load()
			panicked, err := relCall(method, func(p reflect.Type) reflect.Value { return reflect.Zero(p) })
			require.Nil(t, panicked, "%s(nil) panicked", full)
			var ve *gensee.ValidationError
			if strings.HasSuffix(param.Elem().Name(), "Request") {
				requests++
				require.ErrorAs(t, err, &ve, "%s(nil *%s)", full, param.Elem().Name())
				assert.Equal(t, "request", ve.Field, full)
				assert.Equal(t, before, calls.Load(), "%s(nil) sent a request", full)
			} else {
				options++
				if err != nil {
					require.ErrorAs(t, err, &ve, "%s(nil *%s)", full, param.Elem().Name())
				}
			}
			if ve != nil {
				assert.Contains(t, ve.Error(), ve.Field, full)
				assert.Contains(t, ve.Error(), ve.Reason, full)
				assert.ErrorIs(t, err, gensee.ErrInvalidParam, full)
			}
		}
	}
	t.Logf("%d methods with a *…Request, %d with a *…Options", requests, options)
	assert.GreaterOrEqual(t, requests, 6, "Rooms and Coursewares alone have six")
}

// TestValidationMessages: calling every method with zero values (empty ids,
// zero-valued requests) breaks documented rules; every ValidationError
// names its endpoint, the field and the rule, and nothing breaking a rule is
// sent.
func TestValidationMessages(t *testing.T) {
	c, calls := relOKServer(t)
	fill := func(p reflect.Type) reflect.Value {
		if p.Kind() == reflect.Pointer && p.Elem().Kind() == reflect.Struct {
			return reflect.New(p.Elem())
		}
		return reflect.Zero(p)
	}
	seen := 0
	for name, svc := range relServices(c) {
		for i := range svc.NumMethod() {
			method := svc.Method(i)
			full := name + "." + svc.Type().Method(i).Name
			if mt := method.Type(); mt.NumIn() == 0 || mt.In(0) != relCtxType {
				continue
			}
			before := calls.Load()
			panicked, err := relCall(method, fill)
			require.Nil(t, panicked, "%s panicked", full)
			var ve *gensee.ValidationError
			if !errors.As(err, &ve) {
				continue
			}
			seen++
			assert.Equal(t, before, calls.Load(), "%s sent a request that breaks a rule", full)
			assert.True(t, strings.HasPrefix(ve.Endpoint, "/training/"), "%s: endpoint %q", full, ve.Endpoint)
			assert.NotEmpty(t, ve.Field, full)
			assert.NotEmpty(t, ve.Reason, full)
			assert.Equal(t, "gensee: "+ve.Endpoint+": "+ve.Field+" "+ve.Reason, ve.Error(), full)
			assert.NotContains(t, ve.Field, " ", "%s: the field is a wire name", full)
		}
	}
	t.Logf("%d methods refused their zero values", seen)
	assert.GreaterOrEqual(t, seen, 10)
}

// TestMalformedSuccessIsNotSuccess: a 2xx body with code 0 that is not JSON
// (a bare word where a value goes; found by FuzzDecode) is an *HTTPError, for
// the calls that decode nothing (writes) as for the others, never a success.
func TestMalformedSuccessIsNotSuccess(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":"0","":A}`)
	}))
	t.Cleanup(ts.Close)
	c, _ := dial(t, ts.URL, "admin", relPassword)
	err := c.Rooms.Delete(context.Background(), "R")
	var he *gensee.HTTPError
	require.ErrorAs(t, err, &he, "a write")
	assert.Equal(t, `{"code":"0","":A}`, he.Body)
	_, err = c.Rooms.Get(context.Background(), "R")
	require.ErrorAs(t, err, &he, "a read")
}
