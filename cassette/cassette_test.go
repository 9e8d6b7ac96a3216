package cassette_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gensee-go/gensee/cassette"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	login  = "boss@site.example"
	secret = `s3cr/t"pw&x`
	digest = "0123456789abcdef0123456789abcdef"
)

// echoServer answers with the request's credentials echoed in every form a
// careless server could use, a phone number and an IP address.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		pw := r.PostForm.Get("password")
		j, _ := json.Marshal(pw)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "JSESSIONID="+pw)
		w.Header().Set("X-Echo", pw)
		w.Header().Set("Retry-After", "1")
		body := `{"code":"0","echo":` + string(j) + `,"slashed":"` + strings.ReplaceAll(strings.Trim(string(j), `"`), "/", `\/`) +
			`","url":"https://x.example/?p=` + url.QueryEscape(pw) + `","who":"` + r.PostForm.Get("loginName") +
			`","teacher":"` + r.PostForm.Get("teacherPassword") + `","mobile":"13812345678","ip":"192.168.10.20","uid":13812345678123}`
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRecorderRemovesCredentials(t *testing.T) {
	for _, pw := range []string{secret, digest} {
		t.Run(pw[:4], func(t *testing.T) {
			srv := echoServer(t)
			var out bytes.Buffer
			rec := cassette.NewRecorder(&out, srv.Client().Transport, cassette.MaskPhones(), cassette.MaskIPs(), cassette.Secrets("extra-token"))
			form := url.Values{"loginName": {login}, "password": {pw}, "sec": {"true"}, "roomId": {"R1"},
				"teacherPassword": {"teach-pw-9"}, "note": {"has " + pw + " and extra-token"}}
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/integration/site/training/room/info", strings.NewReader(form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
			resp, err := (&http.Client{Transport: rec}).Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Contains(t, string(body), "13812345678", "the client gets the server's answer unchanged")
			require.NoError(t, rec.Err())

			text := out.String()
			for _, s := range []string{pw, login, "teach-pw-9", "extra-token"} {
				for _, v := range cassette.Variants(s) {
					assert.NotContains(t, text, v)
				}
			}
			assert.NotContains(t, text, "JSESSIONID")
			assert.NotContains(t, text, "X-Echo")
			ins, err := cassette.Read(&out)
			require.NoError(t, err)
			require.Len(t, ins, 1)
			in := ins[0]
			assert.Equal(t, "/training/room/info", in.Endpoint)
			assert.Equal(t, "POST", in.Method)
			assert.Equal(t, url.Values{"roomId": {"R1"}, "teacherPassword": {"***"}, "note": {"has *** and ***"}}, in.Form)
			assert.Equal(t, http.Header{"Content-Type": {"application/json"}, "Retry-After": {"1"}}, in.Header)
			assert.Equal(t, 200, in.Status)
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(in.Body), &got), "the scrubbed body is still JSON")
			assert.Equal(t, "***", got["echo"])
			assert.Equal(t, "***", got["slashed"])
			assert.Equal(t, "https://x.example/?p=***", got["url"])
			assert.Equal(t, "***", got["who"])
			assert.Equal(t, "***", got["teacher"])
			assert.Equal(t, "10000000000", got["mobile"])
			assert.Equal(t, "0.0.0.0", got["ip"])
			assert.Equal(t, float64(13812345678123), got["uid"], "a longer number is no phone number")
		})
	}
}

func TestRecorderKeepsValuesWithoutMasks(t *testing.T) {
	srv := echoServer(t)
	var out bytes.Buffer
	rec := cassette.NewRecorder(&out, srv.Client().Transport)
	resp, err := (&http.Client{Transport: rec}).PostForm(srv.URL+"/training/room/info", url.Values{"loginName": {login}, "password": {digest}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Contains(t, out.String(), "13812345678")
	assert.Contains(t, out.String(), "192.168.10.20")
	assert.NotContains(t, out.String(), digest)
}

func TestVariants(t *testing.T) {
	v := cassette.Variants("a<b/c d")
	assert.ElementsMatch(t, []string{"a<b/c d", `a\u003cb/c d`, `a\u003cb\/c d`, `a<b\/c d`, "a%3Cb%2Fc+d", "a%3Cb%2Fc%20d",
		"a&lt;b/c d"}, v, "as is, JSON-escaped (with \\/ too), percent-encoded, HTML-escaped")
	for i := 1; i < len(v); i++ {
		assert.GreaterOrEqual(t, len(v[i-1]), len(v[i]), "longest first")
	}
}
