package gensee

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// driftLog collects what WithDriftReport reports.
type driftLog struct {
	mu  sync.Mutex
	got []Drift
}

func (l *driftLog) add(d Drift) { l.mu.Lock(); l.got = append(l.got, d); l.mu.Unlock() }

// lines returns the reports as Drift.String texts, sorted.
func (l *driftLog) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []string{}
	for _, d := range l.got {
		out = append(out, d.String())
	}
	slices.Sort(out)
	return out
}

func TestDriftReport(t *testing.T) {
	future := time.Now().AddDate(3, 0, 0).UnixMilli()
	tests := []struct {
		name string
		path string
		body string
		call func(c *Client) error
		want []string
		err  string // the call's error, "" for none
	}{
		{
			name: "an answer to the letter",
			path: "/training/room/info",
			body: string(roomInfoBody),
			call: func(c *Client) error { _, err := c.Rooms.Get(context.Background(), "R"); return err },
			want: []string{},
		},
		{
			name: "unknown, missing, tolerated and implausible",
			path: "/training/room/info",
			body: `{"code":"0","message":"ok","id":"R","number":"1","assistantToken":"a","studentToken":"s","teacherToken":"t` + "\t" + `x",` +
				`"webJoin":"true","clientJoin":true,"teacherJoinUrl":"u","studentJoinUrl":"u","action":false,"duration":"90",` +
				`"aacSupport":true,"startDate":946684800000,"newFeature":{"a":1},"ID":"R",` +
				`"groupList":[{"code":"g","name":"n","joinUrl":"j","color":"red"},{"code":"g2","name":"n2","joinUrl":"j2","color":"blue"}]}`,
			call: func(c *Client) error { _, err := c.Rooms.Get(context.Background(), "R"); return err },
			want: []string{
				"/training/room/info: missing key subject (string)",
				"/training/room/info: time startDate (number for time): before 2005",
				"/training/room/info: tolerated duration (string for number): quoted number",
				"/training/room/info: tolerated teacherToken (string for string): raw control character",
				"/training/room/info: tolerated webJoin (string for boolean): quoted boolean",
				"/training/room/info: unknown key groupList[].color (string)",
				"/training/room/info: unknown key newFeature (object)",
			},
		},
		{
			name: "a changed type is reported though the decoding fails",
			path: "/training/room/info",
			body: strings.Replace(string(roomInfoBody), `"duration":90`, `"duration":{"minutes":90}`, 1),
			call: func(c *Client) error { _, err := c.Rooms.Get(context.Background(), "R"); return err },
			want: []string{"/training/room/info: type duration (object for number)"},
			err:  "decod",
		},
		{
			name: "streamed rows",
			path: "/training/export/history",
			body: `{"code":0,"list":[{"uid":"1","nickname":"n","joinTime":1709258400000,"leaveTime":` + itoa(future) + `,"name":"x",` +
				`"area":"a","device":0,"mobile":"","company":"","idcid":"","extra":true},` +
				`{"uid":2,"nickname":"n","joinTime":"2024-03-01 10:00:00","leaveTime":1709258400000,"name":"x","area":"a","device":"1.0",` +
				`"mobile":"","company":"","ip":"1.2.3.4"}]}`,
			call: func(c *Client) error {
				_, err := c.Exports.Attendance(context.Background(), &ExportOptions{RoomID: "R"})
				return err
			},
			want: []string{
				"/training/export/history: missing key list[].ip (string)",
				"/training/export/history: time list[].leaveTime (number for time): more than a year ahead",
				"/training/export/history: tolerated list[].device (string for number): quoted number",
				"/training/export/history: tolerated list[].uid (string for number): quoted number",
				"/training/export/history: unknown key list[].extra (boolean)",
			},
		},
		{
			name: "percentages and lists left out",
			path: "/training/export/vote",
			body: `{"code":"0","list":[{"id":"v","subject":"s","type":1,"questions":[{"id":"q","content":"c","answer":"1","type":0,` +
				`"options":[{"value":"A","precentage":"33.3%","result":"1","type":0}]}]}]}`,
			call: func(c *Client) error {
				_, err := c.Exports.Votes(context.Background(), &ExportOptions{RoomID: "R"})
				return err
			},
			want: []string{
				"/training/export/vote: tolerated list[].questions[].options[].precentage (string for number): percentage",
				"/training/export/vote: tolerated list[].questions[].options[].results (array): list left out (decoded as an empty list)",
			},
		},
		{
			name: "an error answer is not checked",
			path: "/training/room/info",
			body: `{"code":"501","message":"no such room","extra":1}`,
			call: func(c *Client) error { _, err := c.Rooms.Get(context.Background(), "R"); return err },
			want: []string{},
			err:  "501",
		},
		{
			name: "paging totals are never missing, flat or nested",
			path: "/training/record/syn",
			body: `{"code":"0","list":[],"totalPages":1,"pageNo":1}`,
			call: func(c *Client) error { _, err := c.Records.Sync(context.Background(), nil); return err },
			want: []string{},
		},
		{
			name: "Call into a raw message is not checked",
			path: "/training/room/info",
			body: `{"code":"0","anything":1}`,
			call: func(c *Client) error {
				var raw json.RawMessage
				return c.Call(context.Background(), "/training/room/info", url.Values{"roomId": {"R"}}, &raw)
			},
			want: []string{},
		},
		{
			name: "Call to a path the spec does not list: every key of the type counts",
			path: "/training/new/thing",
			body: `{"code":"0","b":2,"c":3}`,
			call: func(c *Client) error {
				var out struct {
					A string `json:"a"`
					B int    `json:"b"`
				}
				return c.Call(context.Background(), "/training/new/thing", nil, &out)
			},
			want: []string{"/training/new/thing: missing key a (string)", "/training/new/thing: unknown key c (number)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log driftLog
			h := setup(t, WithDriftReport(log.add))
			h.on(tt.path, 200, tt.body)
			err := tt.call(h.client)
			if tt.err == "" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
			}
			assert.Equal(t, tt.want, log.lines())
			for _, d := range log.got {
				assert.Equal(t, tt.path, d.Endpoint)
			}
		})
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestDriftReportedOncePerEndpointAndKey(t *testing.T) {
	var log driftLog
	h := setup(t, WithDriftReport(log.add))
	body := strings.Replace(string(roomInfoBody), `"code":"0",`, `"code":"0","extra":1,`, 1)
	h.on("/training/room/info", 200, body)
	h.on("/training/room/created", 200, body)
	ctx := context.Background()
	for range 3 {
		_, err := h.client.Rooms.Get(ctx, "R")
		require.NoError(t, err)
	}
	_, err := h.client.Rooms.Create(ctx, &CreateRoomRequest{Subject: "s", StartDate: time.Now().Add(time.Hour), Realtime: true})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"/training/room/created: unknown key extra (number)",
		"/training/room/info: unknown key extra (number)",
	}, filterUnknown(log.lines()))
	assert.Equal(t, 4, h.calls())

	// Another client reports afresh: the record is the client's.
	var other driftLog
	h2 := setup(t, WithDriftReport(other.add))
	h2.on("/training/room/info", 200, body)
	_, err = h2.client.Rooms.Get(ctx, "R")
	require.NoError(t, err)
	assert.Equal(t, []string{"/training/room/info: unknown key extra (number)"}, other.lines())
}

func filterUnknown(lines []string) []string {
	out := []string{}
	for _, l := range lines {
		if strings.Contains(l, "unknown key") {
			out = append(out, l)
		}
	}
	return out
}

func TestDriftReportLogsWithoutCallback(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := setup(t, WithDriftReport(nil), WithLogger(logger))
	h.on("/training/room/info", 200, strings.Replace(string(roomInfoBody), `"code":"0",`, `"code":"0","extra":"x",`, 1))
	_, err := h.client.Rooms.Get(context.Background(), "R")
	require.NoError(t, err)
	out := buf.String()
	assert.Contains(t, out, "level=WARN msg=\"gensee drift\" endpoint=/training/room/info kind=\"unknown key\" key=extra got=string")
	assert.Equal(t, 1, strings.Count(out, "gensee drift"))
	assert.NotContains(t, out, testDigest)
	assert.NotContains(t, out, "FopnX4Bqmo", "no value of the answer is logged")
}

func TestDriftOffChangesNothing(t *testing.T) {
	h := setup(t)
	h.on("/training/room/info", 200, string(roomInfoBody))
	assert.Nil(t, h.client.drift)
	room, err := h.client.Rooms.Get(context.Background(), "R")
	require.NoError(t, err)
	assert.Equal(t, "FopnX4Bqmo", room.ID)
}

func TestDriftStringAndKinds(t *testing.T) {
	assert.Equal(t, "/p: unknown key a.b (number)", Drift{Endpoint: "/p", Kind: DriftUnknownKey, Key: "a.b", Got: "number"}.String())
	assert.Equal(t, "/p: missing key a (string)", Drift{Endpoint: "/p", Kind: DriftMissingKey, Key: "a", Want: "string"}.String())
	assert.Equal(t, "DriftKind(9)", DriftKind(9).String())
	for k := DriftUnknownKey; k <= DriftTime; k++ {
		assert.NotContains(t, k.String(), "DriftKind")
	}
}

// TestDriftWalkerRefusesBrokenBodies: a body cut short or not JSON is not
// checked, and the walker never reads past the end.
func TestDriftWalkerRefusesBrokenBodies(t *testing.T) {
	d := (&driftReporter{fn: func(Drift) { t.Error("reported on a broken body") }}).with(nil)
	var out Room
	full := string(roomInfoBody)
	for i := 0; i < len(full); i += 7 {
		d.check("/training/room/info", []byte(full[:i]), &out)
	}
	// The walker reads as the decoders do (wire's scanner): words strconv
	// takes for numbers but JSON does not, and escapes JSON does not have,
	// make a broken body too.
	for _, b := range []string{`{"code":"0",}`, `{"code":"0","x":tru}`, `[1]`, `{"code":"0"} x`, `{"code":"0","x":"\`,
		`{"code":"0","x":01}`, `{"code":"0","x":infinity}`, `{"code":"0","x":0x1p3}`, `{"code":"0","x":1.}`, `{"code":"0","x":"\q"}`} {
		d.check("/training/room/info", []byte(b), &out)
	}
	var got []Drift
	d2 := (&driftReporter{fn: func(x Drift) { got = append(got, x) }}).with(nil)
	d2.check("/training/new", []byte("{\"code\":\"0\",\"id\":\"a\tb\"}"), &struct {
		ID string `json:"id"`
	}{})
	require.Len(t, got, 1)
	assert.Equal(t, Drift{Endpoint: "/training/new", Kind: DriftTolerated, Key: "id", Got: "string", Want: "string", Detail: "raw control character"}, got[0])
	assert.False(t, errors.Is(nil, ErrNotSent))
}

// FuzzDriftCheck: the drift check never panics on any body, whatever the
// result type, and reports only for a whole object with code 0.
func FuzzDriftCheck(f *testing.F) {
	for _, seed := range []string{string(roomInfoBody), `{"code":"0","x":"\`, `{"code":0,"list":[{"uid":"1"}]}`,
		"{\"code\":\"0\",\"subject\":\"a\tb\"}", `{"code":"0","groupList":[[[]]]}`, `{"code":"0","duration":1e400}`} {
		f.Add([]byte(seed))
	}
	outs := []any{new(Room), new(listPage[*RoomSummary]), newRowStream[Attendance]("list", func(*Attendance) bool { return true }, nil), new(struct{ A []map[string]int })}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, out := range outs {
			d := (&driftReporter{fn: func(x Drift) {
				if x.Kind < DriftUnknownKey || x.Kind > DriftTime || x.Endpoint != "/training/room/info" {
					t.Errorf("bad drift %+v", x)
				}
			}}).with(nil)
			d.check("/training/room/info", b, out)
		}
	})
}
