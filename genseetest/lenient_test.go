package genseetest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fake is as lenient as the real server (a Java servlet application)
// and no stricter: these tests pin down what it accepts.

// encoding sends a form to a URL one way and returns the request.
type encoding func(t *testing.T, method, endpoint string, form url.Values) *http.Request

func urlencoded(t *testing.T, method, endpoint string, form url.Values) *http.Request {
	req, err := http.NewRequest(method, endpoint, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	return req
}

func multipartForm(t *testing.T, method, endpoint string, form url.Values) *http.Request {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			require.NoError(t, mw.WriteField(k, v))
		}
	}
	require.NoError(t, mw.Close())
	req, err := http.NewRequest(method, endpoint, &body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func queryString(t *testing.T, method, endpoint string, form url.Values) *http.Request {
	req, err := http.NewRequest(method, endpoint+"?"+form.Encode(), nil)
	require.NoError(t, err)
	return req
}

// credentialsInQuery puts the credentials in the query string and the
// rest in an urlencoded body.
func credentialsInQuery(t *testing.T, method, endpoint string, form url.Values) *http.Request {
	creds := url.Values{"loginName": form["loginName"], "password": form["password"]}
	rest := cloneValues(form)
	rest.Del("loginName")
	rest.Del("password")
	req := urlencoded(t, method, endpoint+"?"+creds.Encode(), rest)
	return req
}

// sendReq sends req and decodes its envelope.
func sendReq(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		require.NoError(t, json.Unmarshal(body, &out), string(body))
	}
	return resp.StatusCode, out
}

// fixedNow is the clock of the tests that list today's rooms, so that a
// run across China midnight cannot split them over two days.
func fixedNow() time.Time { return time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime) }

func TestFormEncodingsAccepted(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithClock(fixedNow))
	defer srv.Close()
	roomID := createRoom(t, srv, "Encodings")["id"].(string)
	encodings := []struct {
		name string
		enc  encoding
	}{
		{"urlencoded", urlencoded},
		{"multipart", multipartForm},
		{"query string", queryString},
		{"credentials in the query", credentialsInQuery},
	}
	endpoints := []struct {
		path  string
		form  url.Values
		check func(t *testing.T, out map[string]any)
	}{
		{"/training/room/info", vals("roomId", roomID), func(t *testing.T, out map[string]any) {
			assert.Equal(t, roomID, out["id"])
			assert.Equal(t, "Encodings", out["subject"])
		}},
		{"/training/room/sync", vals("createTime", "2024-03-01"), func(t *testing.T, out map[string]any) {
			subjects := []any{}
			for _, r := range items(t, out["list"]) {
				subjects = append(subjects, r["subject"])
			}
			assert.Contains(t, subjects, "Encodings")
		}},
		{"/training/query/status", vals("roomId", roomID), func(t *testing.T, out map[string]any) {
			assert.Contains(t, out, "status")
		}},
		{"/training/room/created", nil, func(t *testing.T, out map[string]any) {
			assert.NotEmpty(t, out["id"])
		}},
	}
	for _, e := range encodings {
		for i, ep := range endpoints {
			t.Run(e.name+ep.path, func(t *testing.T) {
				form := cloneValues(ep.form)
				if ep.path == "/training/room/created" {
					form = vals("subject", e.name+strings.Repeat("!", i), "startDate", "1709254800000", "realtime", "true")
				}
				form.Set("loginName", srv.LoginName())
				form.Set("password", srv.Password())
				status, out := sendReq(t, e.enc(t, http.MethodPost, srv.URL()+apiPrefix+ep.path, form))
				require.Equal(t, http.StatusOK, status)
				require.Equal(t, "0", out["code"], "%v", out)
				ep.check(t, out)

				// The same encoding with a wrong password is refused:
				// the credentials really were read from it.
				form.Set("password", "wrong")
				_, out = sendReq(t, e.enc(t, http.MethodPost, srv.URL()+apiPrefix+ep.path, form))
				assert.Equal(t, "200", out["code"])
			})
		}
	}
}

func TestGetStillRefused(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := createRoom(t, srv, "Get")["id"].(string)
	form := vals("loginName", srv.LoginName(), "password", srv.Password(), "roomId", roomID)
	resp, err := http.Get(srv.URL() + apiPrefix + "/training/room/info?" + form.Encode())
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, http.MethodPost, resp.Header.Get("Allow"))
	assert.Contains(t, string(body), "Request method 'GET' not supported")

	// A method other than GET is read like POST: no 405 the real server is
	// not known to answer.
	status, out := sendReq(t, urlencoded(t, http.MethodPut, srv.URL()+apiPrefix+"/training/room/info", form))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "0", out["code"])
}

func TestTranscodeFailsThroughTheCallback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path, resource string
		status               string
		result               float64
	}{
		{"not http", "/training/courseware/transcode", "ftp://example.com/a.ppt", "error", -1},
		{"not a URL", "/training/courseware/transcode", "::nothing", "error", -1},
		{"no file name", "/training/courseware/transcode", "https://example.com/download?a=1", "error", -1},
		{"media without file name", "/training/media/transcode", "https://example.com/download", "error", -1},
		{"gs_filename", "/training/courseware/transcode", "https://example.com/download?gs_filename=a.pptx", "ok", 1},
		{"file in the path", "/training/media/transcode", "https://example.com/v/clip.mp4", "ok", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := make(chan url.Values, 1)
			target := newCallbackTarget(t, got)
			srv := NewServer(WithCallbacks())
			defer srv.Close()
			tr := ok(t, srv, tt.path, vals("resourceUrl", tt.resource, "name", "Deck", "callbackUrl", target))
			id, _ := tr["coursewareId"].(string)
			require.NotEmpty(t, id)
			select {
			case form := <-got:
				assert.Equal(t, id, form.Get("gscoursewareId"))
				assert.Equal(t, tt.status, form.Get("gsstatus"))
			case <-time.After(10 * time.Second):
				t.Fatal("no transcode callback within 10s")
			}
			wares := items(t, ok(t, srv, "/training/courseware/syn", nil)["list"])
			require.Len(t, wares, 1)
			assert.Equal(t, id, wares[0]["id"])
			assert.Equal(t, tt.result, wares[0]["convertResult"])
		})
	}
}

func TestBothJoinsFalseTakeTheDefaults(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	id := createRoom(t, srv, "Joins", "webJoin", "false", "clientJoin", "false")["id"].(string)
	info := ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "true", info["webJoin"])
	assert.Equal(t, "true", info["clientJoin"])

	// A modify that turns one off keeps it off; both off again: defaults.
	modify := vals("id", id, "subject", "Joins", "startDate", "1709254800000", "realtime", "true", "webJoin", "false", "clientJoin", "true")
	ok(t, srv, "/training/room/modify", modify)
	info = ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "false", info["webJoin"])
	modify.Set("clientJoin", "false")
	ok(t, srv, "/training/room/modify", modify)
	info = ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "true", info["webJoin"])
	assert.Equal(t, "true", info["clientJoin"])
}

func TestLongStudentClientToken(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	token := strings.Repeat("7", 40)
	id := createRoom(t, srv, "Long token", "studentClientToken", token)["id"].(string)
	info := ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, token, info["studentClientToken"])
	// studentToken keeps its documented maximum of 15.
	assert.Equal(t, "101", code(t, srv, "/training/room/created",
		vals("subject", "Long web token", "startDate", "1709254800000", "realtime", "true", "studentToken", strings.Repeat("7", 16))))
}

func TestRosterEntriesNeedTheirFields(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := createRoom(t, srv, "Roster")["id"].(string)
	tests := []struct {
		name, list, want string
	}{
		{"complete", `[{"id":111,"name":"张三"},{"id":22,"name":"李四"}]`, "0"},
		{"empty name is a name", `[{"id":111,"name":""}]`, "0"},
		{"name missing", `[{"id":111,"name":"张三"},{"id":22}]`, "101"},
		{"name not a string", `[{"id":111,"name":5}]`, "101"},
		{"id missing", `[{"name":"张三"}]`, "101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, code(t, srv, "/training/room/student/list",
				vals("roomId", roomID, "studentListInfo", tt.list)))
		})
	}
}

func TestRelayToItselfNotRefused(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	roomID := createRoom(t, srv, "Relay")["id"].(string)
	ok(t, srv, "/training/relay/add", vals("roomId", roomID, "relayId", roomID))
	ok(t, srv, "/training/relay/remove", vals("roomId", roomID, "relayId", roomID))
}

func TestModifyClearsTexts(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithClock(fixedNow))
	defer srv.Close()
	id := createRoom(t, srv, "Texts", "description", "about", "studentToken", "s1")["id"].(string)
	ok(t, srv, "/training/room/modify", vals("id", id, "subject", "Texts", "startDate", "1709254800000", "realtime", "true",
		"description", "", "studentToken", ""))
	info := ok(t, srv, "/training/room/info", vals("roomId", id))
	assert.Equal(t, "", info["studentToken"])
	syn := items(t, ok(t, srv, "/training/room/sync", vals("createTime", "2024-03-01"))["list"])
	require.Len(t, syn, 1)
	assert.Equal(t, "", syn[0]["description"])
}
