package gensee

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An answer whose headers echo the password, its digest or a call's own
// secret reaches observers and CaptureResponse with "***" in their place;
// the response's own header map is left as it came.
func TestHeadersScrubbed(t *testing.T) {
	const teacherPwd = "Tch#2024pass"
	for name, tc := range map[string]struct {
		opts []Option
		sent string // the password as the form carries it
	}{
		"md5":   {nil, testDigest},
		"plain": {[]Option{WithPlainPassword()}, testPassword},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &recorder{}
			h := setup(t, append(tc.opts, WithObserver(rec.observer()))...)
			var served *http.Response
			h.mock.RegisterResponder(http.MethodPost, testBase+"/training/teacher/created", func(r *http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(200, okBody)
				resp.Header.Set("X-Echo-Password", tc.sent)
				resp.Header.Add("X-Debug", "form=password="+url.QueryEscape(tc.sent)+"&teacherPassword="+url.QueryEscape(teacherPwd))
				resp.Header.Add("X-Debug", "digest "+strings.ToUpper(testDigest))
				resp.Header.Set("X-Server", "gs-7")
				served = resp
				return resp, nil
			})
			var got Response
			ctx := WithCallOptions(context.Background(), CaptureResponse(&got))
			params := url.Values{"loginName_": {"t"}, "teacherPassword": {teacherPwd}}
			require.NoError(t, h.client.Call(ctx, "/training/teacher/created", params, nil))

			require.Len(t, rec.attempts, 1)
			for what, hdr := range map[string]http.Header{"Attempt.Header": rec.attempts[0].Header, "Response.Header": got.Header} {
				assert.Equal(t, "***", hdr.Get("X-Echo-Password"), what)
				assert.Equal(t, []string{"form=password=***&teacherPassword=***", "digest ***"}, hdr.Values("X-Debug"), what)
				assert.Equal(t, "gs-7", hdr.Get("X-Server"), what)
				for k, vs := range hdr {
					for _, v := range vs {
						for _, secret := range []string{testPassword, testDigest, strings.ToUpper(testDigest), teacherPwd, url.QueryEscape(teacherPwd)} {
							assert.NotContains(t, k+": "+v, secret, what)
						}
					}
				}
			}
			require.NotNil(t, served)
			assert.Equal(t, tc.sent, served.Header.Get("X-Echo-Password"), "the response's own header is not changed")
		})
	}
}

// A clean header is handed on as it is: no copy.
func TestScrubHeaderKeepsCleanHeader(t *testing.T) {
	c := setup(t).client
	h := http.Header{"X-Server": {"gs-7"}, "Content-Type": {"application/json"}}
	got := c.scrubHeader(h, nil)
	got.Set("X-Probe", "1")
	assert.Equal(t, "1", h.Get("X-Probe"), "the same map")
	assert.Nil(t, c.scrubHeader(nil, nil))
	dirty := http.Header{"X-Echo-" + testDigest: {"a"}}
	assert.Equal(t, http.Header{"X-Echo-***": {"a"}}, c.scrubHeader(dirty, nil), "names too")
}

// A call refused before sending leaves CaptureResponse's value as a call of
// 0 attempts: never the previous call's request id, status or headers. It
// is reset when the call starts.
func TestCaptureResponseAfterRefusedCall(t *testing.T) {
	lim := &switchLimiter{}
	h := setup(t, WithLimiter(lim))
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(200, roomR1)
		resp.Header.Set("X-Server", "gs-7")
		return resp, nil
	})
	var got Response
	var seenAtStart []Response
	peek := Observer{CallStart: func(ctx context.Context, _ string) context.Context {
		seenAtStart = append(seenAtStart, got)
		return nil
	}}
	ctx := WithCallObserver(WithCallOptions(context.Background(), CaptureResponse(&got)), peek)

	refusals := []struct {
		name, path string
		call       func() error
	}{
		{"the limiter", "/training/room/info", func() error {
			lim.refuse = true
			defer func() { lim.refuse = false }()
			_, err := h.client.Rooms.Get(ctx, "R1")
			assert.ErrorIs(t, err, errBudget)
			return err
		}},
		{"Call's path", "/training/../room", func() error { return h.client.Call(ctx, "/training/../room", nil, nil) }},
		{"Call's out", "/training/room/info", func() error { var r Room; return h.client.Call(ctx, "/training/room/info", nil, r) }},
		{"Call's params", "/training/room/info", func() error {
			return h.client.Call(ctx, "/training/room/info", url.Values{"password": {"x"}}, nil)
		}},
		{"a context already ended", "/training/room/info", func() error {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := h.client.Rooms.Get(cctx, "R1")
			return err
		}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.client.Rooms.Get(ctx, "R1")
			require.NoError(t, err)
			require.Equal(t, 200, got.StatusCode)
			require.NotEmpty(t, got.RequestID)
			require.Equal(t, "gs-7", got.Header.Get("X-Server"))

			err = tt.call()
			assert.ErrorIs(t, err, ErrNotSent)
			assert.Equal(t, Response{Endpoint: tt.path, Duration: got.Duration}, got)
		})
	}
	require.Len(t, seenAtStart, 2*len(refusals))
	for i, r := range seenAtStart {
		assert.Equal(t, Response{Endpoint: r.Endpoint}, r, "reset at the start of call %d", i)
	}
}

// switchLimiter refuses every attempt while refuse is set.
type switchLimiter struct{ refuse bool }

func (l *switchLimiter) Wait(context.Context, string) error {
	if l.refuse {
		return errBudget
	}
	return nil
}

// Attempt.URL is the address called; Attempt.LimitWait is the time the
// attempt waited on the Limiter (0 without one).
func TestAttemptURLAndLimitWait(t *testing.T) {
	rec := &recorder{}
	h := setup(t, WithObserver(rec.observer()), WithLimiter(sleepyLimiter(30*time.Millisecond)))
	h.on("/training/room/info", 200, roomR1)
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	require.Len(t, rec.attempts, 1)
	a := rec.attempts[0]
	assert.Equal(t, testBase+"/training/room/info", a.URL)
	assert.GreaterOrEqual(t, a.LimitWait, 30*time.Millisecond)

	rec2 := &recorder{}
	h2 := setup(t, WithObserver(rec2.observer()))
	h2.on("/training/room/info", 200, roomR1)
	_, err = h2.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	require.Len(t, rec2.attempts, 1)
	assert.Zero(t, rec2.attempts[0].LimitWait)
	assert.Equal(t, testBase+"/training/room/info", rec2.attempts[0].URL)
}

type sleepyLimiter time.Duration

func (l sleepyLimiter) Wait(ctx context.Context, _ string) error {
	t := time.NewTimer(time.Duration(l))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
