package genseetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// rawPost sends form to path with the server's plain credentials unless
// form sets loginName, and returns the response and its body.
func rawPost(t *testing.T, srv *Server, path string, form url.Values) (*http.Response, []byte) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["loginName"]; !ok {
		form.Set("loginName", srv.LoginName())
		form.Set("password", srv.Password())
	}
	req, err := http.NewRequest(http.MethodPost, srv.URL()+apiPrefix+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

// post sends form to path and decodes the JSON envelope.
func post(t *testing.T, srv *Server, path string, form url.Values) map[string]any {
	t.Helper()
	resp, body := rawPost(t, srv, path, form)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.Equal(t, "application/json;charset=UTF-8", resp.Header.Get("Content-Type"))
	var out map[string]any
	require.NoError(t, json.Unmarshal(body, &out), string(body))
	return out
}

// ok posts and requires return code "0".
func ok(t *testing.T, srv *Server, path string, form url.Values) map[string]any {
	t.Helper()
	out := post(t, srv, path, form)
	require.Equal(t, "0", out["code"], "%s: %v", path, out)
	return out
}

// code posts and returns the return code.
func code(t *testing.T, srv *Server, path string, form url.Values) string {
	t.Helper()
	out := post(t, srv, path, form)
	require.IsType(t, "", out["code"])
	return out["code"].(string)
}

// vals builds url.Values from key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// createRoom creates a room with subject and returns the room/created answer.
func createRoom(t *testing.T, srv *Server, subject string, kv ...string) map[string]any {
	t.Helper()
	form := vals("subject", subject, "startDate", "2024-03-01 09:00:00", "realtime", "true")
	for k, v := range vals(kv...) {
		form[k] = v
	}
	return ok(t, srv, "/training/room/created", form)
}

func items(t *testing.T, v any) []map[string]any {
	t.Helper()
	arr, isArr := v.([]any)
	require.True(t, isArr, "not a list: %#v", v)
	out := make([]map[string]any, len(arr))
	for i, e := range arr {
		out[i] = e.(map[string]any)
	}
	return out
}

// newCallbackTarget starts an HTTP server that sends each form it receives
// to got, and returns its URL.
func newCallbackTarget(t *testing.T, got chan<- url.Values) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		select {
		case got <- r.PostForm:
		default:
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/cb"
}
