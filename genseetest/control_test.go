package genseetest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// ctl sends a control request and decodes its JSON answer into out (when
// not nil); it returns the status.
func ctl(t *testing.T, srv *Server, method, path, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+ControlPrefix+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	if out != nil {
		require.NoError(t, json.Unmarshal(b, out), string(b))
	}
	return resp.StatusCode
}

// TestControlAPISeedFaultsRequests seeds through the control API, reads
// the seeded objects through the SDK, injects and clears a fault, and
// reads the requests received.
func TestControlAPISeedFaultsRequests(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithControlAPI())
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()

	var made seeded
	status := ctl(t, srv, "POST", "seed", `{"rooms":[{"subject":"控制 Control"}],"miniRooms":[{"subject":"mini"}],
		"recordings":[{"name":"rec"}],"documents":[{"name":"d.pptx"}]}`, &made)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, made.Rooms, 1)
	require.Len(t, made.MiniRooms, 1)
	require.Len(t, made.Recordings, 1)
	require.Len(t, made.Documents, 1)
	assert.Equal(t, 0, made.Rows)
	var rowsMade seeded
	require.Equal(t, http.StatusOK, ctl(t, srv, "POST", "seed", `{"attendance":[{"roomId":"`+made.Rooms[0]+`","userId":1000000001,"name":"Ann",
		"joinTime":"2024-03-01T10:00:00+08:00","leaveTime":"2024-03-01T11:00:00+08:00"}]}`, &rowsMade))
	assert.Equal(t, 1, rowsMade.Rows)
	room, err := c.Rooms.Get(ctx, made.Rooms[0])
	require.NoError(t, err)
	assert.Equal(t, "控制 Control", room.Subject)
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: made.Rooms[0], StartTime: start, EndTime: start.Add(2 * time.Hour)})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "Ann", rows[0].Name)

	// A fault, then cleared.
	var injected map[string]any
	require.Equal(t, http.StatusOK, ctl(t, srv, "POST", "faults", `{"path":"/training/room/info","count":2,"fault":{"code":501,"message":"gone"}}`, &injected))
	_, err = c.Rooms.Get(ctx, made.Rooms[0])
	var apiErr *gensee.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, gensee.Code(501), apiErr.Code)
	require.Equal(t, http.StatusOK, ctl(t, srv, "DELETE", "faults", "", nil))
	_, err = c.Rooms.Get(ctx, made.Rooms[0])
	require.NoError(t, err, "the second fault was cleared")
	// A delay as a duration.
	require.Equal(t, http.StatusOK, ctl(t, srv, "POST", "faults", `{"path":"*","fault":{"delay":"30ms"}}`, nil))
	began := time.Now()
	_, err = c.Rooms.Get(ctx, made.Rooms[0])
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(began), 30*time.Millisecond)

	var reqs struct {
		Total    int64         `json:"total"`
		Requests []requestJSON `json:"requests"`
	}
	require.Equal(t, http.StatusOK, ctl(t, srv, "GET", "requests?path=/training/room/info&limit=2", "", &reqs))
	assert.Equal(t, srv.RequestCount(), reqs.Total)
	all := srv.Requests()
	assert.Len(t, all, int(reqs.Total), "control calls are not recorded")
	infos := srv.RequestsTo("/training/room/info")
	require.Len(t, reqs.Requests, 2)
	assert.Equal(t, infos[len(infos)-2].Form, url.Values(reqs.Requests[0].Form), "the newest two")
	assert.Equal(t, "/training/room/info", reqs.Requests[1].Path)
	assert.Equal(t, []string{made.Rooms[0]}, reqs.Requests[1].Form["roomId"])
	assert.Equal(t, []string{"***"}, reqs.Requests[1].Form["password"])
	require.Equal(t, http.StatusOK, ctl(t, srv, "DELETE", "requests", "", nil))
	assert.Empty(t, srv.Requests())
}

func TestControlAPIErrors(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithControlAPI())
	defer srv.Close()
	for _, tt := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "seed", `{"roomz":[]}`, 400, `unknown field "roomz"`},
		{"POST", "seed", `{"rooms":[{}]}`, 400, "rooms[0].subject is required"},
		{"POST", "seed", ``, 400, "a JSON body is required"},
		{"POST", "faults", `{"path":"/training/room/infoo","fault":{"code":300}}`, 400, `did you mean "/training/room/info"`},
		{"POST", "faults", `{"path":"*","fault":{"code":300,"drop":true}}`, 400, "a Fault sets one kind"},
		{"POST", "faults", `{"path":"*","fault":{"delay":"soon"}}`, 400, `"soon" is not a duration`},
		{"POST", "faults", `{"path":"*","fault":{"cod":1}}`, 400, `unknown field "cod"`},
		{"POST", "live/start", `{"roomId":"nope"}`, 404, `no classroom "nope"`},
		{"POST", "live/join", `{"roomId":"nope"}`, 400, `"uid" is required`},
		{"POST", "live/callback", `{"url":"ftp://x"}`, 400, "http:// or https://"},
		{"GET", "requests?path=/nope", ``, 400, "not an endpoint"},
		{"GET", "requests?limit=-1", ``, 400, "limit="},
		{"GET", "seed", ``, 405, "method not allowed (use POST)"},
		{"GET", "nothing/here", ``, 404, "is not a path of the control API"},
		{"PUT", "state", `{"version":1}`, 400, "state format 1, want 2"},
	} {
		var out map[string]string
		assert.Equal(t, tt.status, ctl(t, srv, tt.method, tt.path, tt.body, &out), "%s %s", tt.method, tt.path)
		assert.Contains(t, out["error"], tt.want, "%s %s %s", tt.method, tt.path, tt.body)
	}
	// curl -d sends a form's Content-Type: the body is read as JSON anyway.
	resp, err := http.Post(srv.URL()+ControlPrefix+"seed", "application/x-www-form-urlencoded", strings.NewReader(`{"rooms":[{"subject":"curl -d"}]}`))
	require.NoError(t, err)
	var made seeded
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&made))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, made.Rooms, 1)

	var index []map[string]string
	require.Equal(t, 200, ctl(t, srv, "GET", "", "", &index))
	assert.Len(t, index, len(controlRoutes))
	assert.Equal(t, ControlPrefix+"seed", index[1]["path"])
	// Without WithControlAPI the prefix is an unknown path (a 404 page).
	plain := NewServer()
	defer plain.Close()
	resp, err = http.Get(plain.URL() + ControlPrefix)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
}

// TestControlAPIPlaysAClass plays a class through the control API and
// receives its live events at a callback URL.
func TestControlAPIPlaysAClass(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []url.Values
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Query())
		mu.Unlock()
	}))
	defer recv.Close()
	srv := NewServer(WithControlAPI())
	defer srv.Close()
	room := srv.AddRoom("class")

	require.Equal(t, 200, ctl(t, srv, "POST", "live/callback", `{"url":"`+recv.URL+`/events?token=t1"}`, nil))
	for _, step := range []struct{ path, body string }{
		{"live/start", `{"roomId":"` + room + `"}`},
		{"live/join", `{"roomId":"` + room + `","uid":1000000001,"name":"Ann"}`},
		{"live/leave", `{"roomId":"` + room + `","uid":1000000001}`},
		{"live/end", `{"roomId":"` + room + `"}`},
	} {
		require.Equal(t, 200, ctl(t, srv, "POST", step.path, step.body, nil), step.path)
	}
	require.Eventually(t, func() bool { return len(srv.LiveDeliveries()) == 5 }, 10*time.Second, 5*time.Millisecond)
	var events []liveEventJSON
	require.Equal(t, 200, ctl(t, srv, "GET", "live/events", "", &events))
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Query["Action"][0])
		assert.Equal(t, 200, e.StatusCode)
		assert.Equal(t, room, e.Query["ClassNo"][0])
	}
	assert.Equal(t, []string{"103", "101", "107", "105", "106"}, actions)
	mu.Lock()
	require.Len(t, got, 5)
	assert.Equal(t, "t1", got[0].Get("token"))
	assert.Equal(t, "1000000001", got[1].Get("Affected"))
	mu.Unlock()
	// The class left its attendance row and its recording.
	recs, err := srv.Client().Records.Sync(context.Background(), &gensee.SyncOptions{})
	require.NoError(t, err)
	assert.Len(t, recs.Items, 1)
}

// TestControlAPIState saves the state over HTTP and loads it into another
// server.
func TestControlAPIState(t *testing.T) {
	t.Parallel()
	a := NewServer(WithControlAPI())
	defer a.Close()
	room := a.AddRoom("moved")
	req, err := http.NewRequest("GET", a.URL()+ControlPrefix+"state", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	doc, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	b := NewServer(WithControlAPI())
	defer b.Close()
	require.Equal(t, 200, ctl(t, b, "PUT", "state", string(doc), nil))
	_, err = b.Client().Rooms.Get(context.Background(), room)
	require.NoError(t, err)
}

// TestRequestHistoryBounded: the history keeps the newest n requests, in
// order, and counts them all; 0 keeps none; a negative n keeps all.
func TestRequestHistoryBounded(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		opts []Option
		kept int
	}{
		{[]Option{WithRequestHistory(3)}, 3},
		{[]Option{WithRequestHistory(0)}, 0},
		{[]Option{WithRequestHistory(-1)}, 10},
		{nil, 10}, // DefaultRequestHistory is far more
	} {
		srv := NewServer(tt.opts...)
		room := srv.AddRoom("h")
		for i := range 10 {
			form(t, srv, "/training/room/info", "roomId", room, "n", string(rune('a'+i)))
		}
		reqs := srv.Requests()
		require.Len(t, reqs, tt.kept)
		for i, r := range reqs {
			assert.Equal(t, string(rune('a'+10-tt.kept+i)), r.Form.Get("n"), "the newest, oldest first")
		}
		assert.Len(t, srv.RequestsTo("/training/room/info"), tt.kept)
		assert.Equal(t, int64(10), srv.RequestCount())
		srv.Close()
	}
}

// TestWithTLS: a client trusting the server's certificate calls it over
// HTTPS.
func TestWithTLS(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithTLS(nil))
	defer srv.Close()
	require.True(t, strings.HasPrefix(srv.URL(), "https://127.0.0.1:"), srv.URL())
	c := srv.Client(gensee.WithHTTPClient(srv.ts.Client()))
	room := srv.AddRoom("tls")
	got, err := c.Rooms.Get(context.Background(), room)
	require.NoError(t, err)
	assert.Equal(t, "tls", got.Subject)
	_, err = srv.Client().Rooms.Get(context.Background(), room)
	assert.Error(t, err, "a client that does not trust the certificate fails")
}
