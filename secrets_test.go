package gensee

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chain returns every error of err's Unwrap tree, err first.
func chain(err error) []error {
	if err == nil {
		return nil
	}
	out := []error{err}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		out = append(out, chain(u.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, w := range u.Unwrap() {
			out = append(out, chain(w)...)
		}
	}
	return out
}

// assertChainClean checks that no error of err's tree holds secret, in its
// text, its %#v, or a url.Error's URL.
func assertChainClean(t *testing.T, err error, secrets ...string) {
	t.Helper()
	for _, e := range chain(err) {
		for _, s := range secrets {
			assert.NotContains(t, e.Error(), s, "%T in the chain", e)
			assert.NotContains(t, fmt.Sprintf("%#v", e), s, "%T in the chain", e)
			if ue, ok := e.(*url.Error); ok {
				assert.NotContains(t, ue.URL, s)
			}
		}
	}
}

func TestClientFormatShowsNoSecret(t *testing.T) {
	modes := map[string][]Option{"md5": nil, "plain": {WithPlainPassword()}, "given md5": {WithPasswordMD5(testDigest)}}
	for name, opts := range modes {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(testSite, testLogin, testPassword, opts...)
			require.NoError(t, err)
			for _, verb := range []string{"%v", "%s", "%q", "%+v", "%#v", "%x"} {
				for what, v := range map[string]any{"*Client": c, "Client": *c, "creds": c.creds, "*creds": *c.creds,
					"services": c.Rooms, "common": c.common} {
					got := fmt.Sprintf(verb, v)
					assertNoSecret(t, got)
					assert.NotContains(t, got, fmt.Sprintf("%x", testPassword), "%s %s", verb, what)
				}
			}
			assert.Equal(t, "gensee.Client{site: "+testBase+", login: "+testLogin+"}", fmt.Sprint(c))
		})
	}
}

// stringsIn returns every string reachable from v through struct fields,
// slices and pointers.
func stringsIn(v reflect.Value) []string {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return stringsIn(v.Elem())
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, stringsIn(v.Index(i))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, stringsIn(v.Field(i))...)
		}
		return out
	}
	return nil
}

func TestMD5ModeKeepsNoPlainPassword(t *testing.T) {
	for name, opts := range map[string][]Option{"md5": nil, "given md5": {WithPasswordMD5(testDigest)}} {
		c, err := NewClient(testSite, testLogin, testPassword, opts...)
		require.NoError(t, err)
		for _, s := range stringsIn(reflect.ValueOf(c.creds)) {
			assert.NotContains(t, s, testPassword, name)
			assert.NotContains(t, s, url.QueryEscape(testPassword), name)
		}
		// Yet an echo of it is still scrubbed.
		assert.Equal(t, "a *** b", c.creds.scrub("a "+testPassword+" b"), name)
	}
}

// secretErr is an error type of the caller's kind, with its own Is.
type secretErr struct{ text string }

func (e *secretErr) Error() string        { return e.text }
func (e *secretErr) Is(target error) bool { return target == io.ErrClosedPipe }

func TestScrubErrWholeChain(t *testing.T) {
	c := setup(t).client
	leaf := fmt.Errorf("field held %s: %w", testDigest, io.ErrUnexpectedEOF)
	tests := []struct {
		name   string
		err    error
		is     []error
		asURL  bool
		asDec  bool
		inText bool
	}{
		{"url.Error with a Location", &url.Error{Op: "Post", URL: "https://evil.example/?p=" + testDigest, Err: errCrossHostRedirect},
			[]error{errCrossHostRedirect}, true, false, false},
		{"wrapped leaf", fmt.Errorf("gensee: /x: %w", leaf), []error{io.ErrUnexpectedEOF}, false, false, true},
		{"decode error", &DecodeError{Endpoint: "/x", Err: &json.UnmarshalTypeError{Value: "number " + testDigest, Type: reflect.TypeOf(0), Field: "id"}},
			nil, false, true, true},
		{"joined", errors.Join(errors.New("limiter"), fmt.Errorf("x: %w", &secretErr{"echo " + strings.ToUpper(testDigest)})),
			[]error{io.ErrClosedPipe}, false, false, true},
		{"silent wrapper", &silentWrapper{&url.Error{Op: "Post", URL: "https://h/?" + testDigest, Err: io.EOF}}, []error{io.EOF}, true, false, false},
		{"not sent", &notSentError{fmt.Errorf("dial %s: %w", testDigest, io.ErrClosedPipe)}, []error{ErrNotSent, io.ErrClosedPipe}, false, false, true},
		{"outcome unknown", &outcomeUnknownError{&url.Error{Op: "Post", URL: "https://h/?" + testDigest, Err: io.EOF}},
			[]error{ErrOutcomeUnknown, io.EOF}, true, false, false},
		{"validation", &ValidationError{Endpoint: "/x", Field: "f", Reason: "is not " + testDigest}, []error{ErrNotSent, ErrInvalidParam}, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.scrubErr(tt.err, nil)
			assertChainClean(t, got, testDigest, strings.ToUpper(testDigest))
			for _, target := range tt.is {
				assert.ErrorIs(t, got, target)
			}
			if tt.asURL {
				var ue *url.Error
				require.ErrorAs(t, got, &ue)
				assert.Contains(t, ue.URL, "***")
			}
			if tt.asDec {
				var de *DecodeError
				require.ErrorAs(t, got, &de)
				var te *json.UnmarshalTypeError
				require.ErrorAs(t, got, &te)
				assert.Equal(t, "number ***", te.Value)
			}
			if tt.inText {
				assert.Contains(t, got.Error(), "***")
			}
		})
	}
	// An error type that is not comparable does not make errors.Is panic.
	got := c.scrubErr(fmt.Errorf("x: %w", sliceErr{testDigest}), nil)
	assert.NotErrorIs(t, got, io.EOF)
	assertChainClean(t, got, testDigest)

	clean := fmt.Errorf("x: %w", io.EOF)
	assert.Same(t, clean, c.scrubErr(clean, nil), "an error without a secret is returned as it is")
}

// silentWrapper wraps an error without repeating its text.
type silentWrapper struct{ err error }

func (w *silentWrapper) Error() string { return "something failed" }
func (w *silentWrapper) Unwrap() error { return w.err }

// TestPlainPasswordEscapedForms: an error page echoing the plain password in
// any of the escaped forms servers write keeps none of it in HTTPError.Body.
func TestPlainPasswordEscapedForms(t *testing.T) {
	const pw = `P&a"s's<w>o\rd/1`
	goJSON, _ := json.Marshal(pw)
	forms := []struct{ name, text string }{
		{"raw", pw},
		{"html.EscapeString", html.EscapeString(pw)},
		{"&quot; and &apos;", strings.NewReplacer("&", "&amp;", `"`, "&quot;", "'", "&apos;", "<", "&lt;", ">", "&gt;").Replace(pw)},
		{"Jackson", strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(pw)},
		{"encoding/json", string(goJSON[1 : len(goJSON)-1])},
		{`encoding/json, "/" as \/`, strings.ReplaceAll(string(goJSON[1:len(goJSON)-1]), "/", `\/`)},
		{"query escaped", url.QueryEscape(pw)},
		{"path escaped", url.PathEscape(pw)},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			h := setup(t, WithPlainPassword())
			c, err := NewClient(testSite, testLogin, pw, WithPlainPassword(), WithHTTPClient(&http.Client{Transport: h.mock}))
			require.NoError(t, err)
			h.on("/training/room/info", 500, "<p>bad password: "+f.text+"</p>")
			_, err = c.Rooms.Get(context.Background(), "R")
			var he *HTTPError
			require.ErrorAs(t, err, &he)
			assert.Equal(t, "<p>bad password: ***</p>", he.Body)
			assertChainClean(t, err, f.text)
		})
	}
}

// TestCallSecretParams: teacherPassword and sitePassword in Call's params, in
// every accepted shape, are sent and kept out of errors and logs.
func TestCallSecretParams(t *testing.T) {
	const secret = "t3acher&Pw"
	type tagged struct {
		ID string `url:"id"`
		TP string `url:"teacherPassword"`
	}
	shapes := map[string]any{
		"url.Values":        url.Values{"id": {"1"}, "teacherPassword": {secret}},
		"map[string]string": map[string]string{"id": "1", "sitePassword": secret},
		"struct":            tagged{ID: "1", TP: secret},
		"*struct":           &tagged{ID: "1", TP: secret},
	}
	for name, params := range shapes {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			h := setup(t, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			h.mock.RegisterResponder(http.MethodPost, testBase+"/training/teacher/modify", func(r *http.Request) (*http.Response, error) {
				b, _ := io.ReadAll(r.Body)
				f, _ := url.ParseQuery(string(b))
				v := f.Get("teacherPassword") + f.Get("sitePassword")
				assert.Equal(t, secret, v, "the secret is sent")
				return httpmock.NewStringResponse(200, `{"code":"101","message":"bad `+v+` `+url.QueryEscape(v)+` `+html.EscapeString(v)+`"}`), nil
			})
			err := h.client.Call(context.Background(), "/training/teacher/modify", params, nil)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, "bad *** *** ***", apiErr.Message)
			assert.NotContains(t, logs.String(), secret)
			assert.NotContains(t, logs.String(), url.QueryEscape(secret))
			assert.Contains(t, logs.String(), "gensee call")
		})
	}
}

// TestSecretInTimeField: a time field echoing the digest fails to decode; the
// DecodeError and everything under it say so without the digest.
func TestSecretInTimeField(t *testing.T) {
	h := setup(t)
	h.on("/training/room/info", 200, `{"code":"0","id":"R","startDate":"`+testDigest+`"}`)
	_, err := h.client.Rooms.Get(context.Background(), "R")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "/training/room/info", de.Endpoint)
	assertChainClean(t, err, testDigest)
}

// sliceErr is an error type whose values cannot be compared with ==.
type sliceErr []string

func (e sliceErr) Error() string { return strings.Join(e, " ") }
