package gensee

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The benchmarks compare the SDK with what a careful user writes by hand:
// net/http + url.Values + encoding/json into plain structs, against the same
// in-process server, with the same bytes, in the same run. Sub-benchmarks are
// named impl=sdk and impl=handwritten so that `make bench` (benchstat -col
// /impl) prints them side by side.

// benchServer answers every path with body (the same bytes for both
// implementations) and counts the connections it accepted.
func benchServer(tb testing.TB, body []byte) (*httptest.Server, *atomic.Int64) {
	tb.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = w.Write(body)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv, &conns
}

// handwrittenRoom is the struct a user would write for room/info.
type handwrittenRoom struct {
	Code           string `json:"code"`
	Message        string `json:"message"`
	ID             string `json:"id"`
	Number         string `json:"number"`
	Subject        string `json:"subject"`
	TeacherToken   string `json:"teacherToken"`
	AssistantToken string `json:"assistantToken"`
	StudentToken   string `json:"studentToken"`
	TeacherJoinURL string `json:"teacherJoinUrl"`
	StudentJoinURL string `json:"studentJoinUrl"`
	StartDate      int64  `json:"startDate"`
	InvalidDate    int64  `json:"invalidDate"`
	WebJoin        bool   `json:"webJoin"`
	ClientJoin     bool   `json:"clientJoin"`
	Duration       int    `json:"duration"`
	AACSupport     bool   `json:"aacSupport"`
	GroupList      []struct {
		Code    string `json:"code"`
		Name    string `json:"name"`
		JoinURL string `json:"joinUrl"`
	} `json:"groupList"`
}

// handwrittenCall is the careful hand-written call: form, POST, decode, check.
func handwrittenCall(ctx context.Context, hc *http.Client, base, path string, form url.Values, out any) error {
	form.Set("loginName", testLogin)
	form.Set("password", testDigest)
	form.Set("sec", "true")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/integration/site"+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func newHandwrittenHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = defaultPoolSize
	return &http.Client{Transport: t}
}

var roomInfoBody = []byte(`{"code":"0","message":"成功","id":"FopnX4Bqmo","number":"56710293","subject":"高一数学期中复习",` +
	`"assistantToken":"assist1234","studentToken":"888888","teacherToken":"teach5678","studentClientToken":"client9999",` +
	`"startDate":1709258400000,"invalidDate":1709265600000,"webJoin":true,"clientJoin":true,` +
	`"teacherJoinUrl":"http://demo.gensee.com/training/site/r/56710293","studentJoinUrl":"http://demo.gensee.com/training/site/s/56710293",` +
	`"action":false,"duration":90,"aacSupport":true,"groupList":[{"code":"g01","name":"1组","joinUrl":"http://demo.gensee.com/training/site/s/56710293?group=g01"}]}`)

func BenchmarkRoomGet(b *testing.B) {
	srv, _ := benchServer(b, roomInfoBody)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c, err := NewClient(srv.URL, testLogin, testPassword)
		require.NoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			room, err := c.Rooms.Get(ctx, "FopnX4Bqmo")
			if err != nil || room.ID != "FopnX4Bqmo" {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		hc := newHandwrittenHTTPClient()
		b.ReportAllocs()
		for b.Loop() {
			var room handwrittenRoom
			err := handwrittenCall(ctx, hc, srv.URL, "/training/room/info", url.Values{"roomId": {"FopnX4Bqmo"}}, &room)
			if err != nil || room.Code != "0" || room.ID != "FopnX4Bqmo" {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEncodeCreateRoom measures the form encoding of a full request.
func BenchmarkEncodeCreateRoom(b *testing.B) {
	c, err := NewClient("demo.gensee.com", testLogin, testPassword)
	require.NoError(b, err)
	req := &CreateRoomRequest{Subject: "高一数学", StartDate: start1, InvalidDate: end1, Realtime: true,
		TeacherToken: "teach5678", WebJoin: Ptr(true), ClientJoin: Ptr(true), Duration: Ptr(90), UIMode: Ptr(1)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.encodeBody("/training/room/created", req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConnectionReuse: 1,000 sequential calls open one connection; 64
// goroutines at once open at most the pool size.
func TestConnectionReuse(t *testing.T) {
	srv, conns := benchServer(t, roomInfoBody)
	c, err := NewClient(srv.URL, testLogin, testPassword)
	require.NoError(t, err)
	for range 1000 {
		_, err := c.Rooms.Get(context.Background(), "R")
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), conns.Load(), "sequential calls reuse one connection")

	conns.Store(0)
	var wg sync.WaitGroup
	errs := make(chan error, 64*20)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if _, err := c.Rooms.Get(context.Background(), "R"); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	require.NoError(t, errors.Join(func() []error {
		var all []error
		for e := range errs {
			all = append(all, e)
		}
		return all
	}()...))
	assert.LessOrEqual(t, conns.Load(), int64(defaultPoolSize), "64 goroutines open at most the pool size")
	c.hc.CloseIdleConnections()
}
