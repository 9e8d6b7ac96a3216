package gensee

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
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

// handwrittenPost is the careful hand-written request: the form with the
// credentials, POSTed.
func handwrittenPost(ctx context.Context, hc *http.Client, base, path string, form url.Values) (*http.Response, error) {
	form.Set("loginName", testLogin)
	form.Set("password", testDigest)
	form.Set("sec", "true")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/integration/site"+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp, nil
}

// handwrittenCall posts and streams the answer into out.
func handwrittenCall(ctx context.Context, hc *http.Client, base, path string, form url.Values, out any) error {
	resp, err := handwrittenPost(ctx, hc, base, path, form)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
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

// BenchmarkRoomGetParallel64: room/info from 64 goroutines sharing one
// client (b.SetParallelism(32) on the 2 cores here), the SDK against a tuned
// hand-written client (a pool of the SDK's size). Compare ns/op, which is
// the time per call of the whole load: the SDK's throughput should be at
// least the hand-written one's.
func BenchmarkRoomGetParallel64(b *testing.B) {
	srv, _ := benchServer(b, roomInfoBody)
	ctx := context.Background()
	par := max(1, 64/runtime.GOMAXPROCS(0))
	b.Run("impl=sdk", func(b *testing.B) {
		c, err := NewClient(srv.URL, testLogin, testPassword)
		require.NoError(b, err)
		b.SetParallelism(par)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Rooms.Get(ctx, "FopnX4Bqmo"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("impl=handwritten", func(b *testing.B) {
		hc := newHandwrittenHTTPClient()
		hc.Transport.(*http.Transport).MaxConnsPerHost = defaultPoolSize
		b.SetParallelism(par)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				var room handwrittenRoom
				if err := handwrittenCall(ctx, hc, srv.URL, "/training/room/info", url.Values{"roomId": {"FopnX4Bqmo"}}, &room); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkRoomGetObserver shows what an observer costs: none given (the
// nil check only), an empty one, and one that counts attempts. Compare the
// allocations of -benchmem.
func BenchmarkRoomGetObserver(b *testing.B) {
	srv, _ := benchServer(b, roomInfoBody)
	ctx := context.Background()
	var attempts int
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"observer=none", nil},
		{"observer=empty", []Option{WithObserver(Observer{})}},
		{"observer=counting", []Option{WithObserver(Observer{AttemptDone: func(context.Context, *Attempt) { attempts++ }})}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := NewClient(srv.URL, testLogin, testPassword, bc.opts...)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Rooms.Get(ctx, "FopnX4Bqmo"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncodeCreateRoom measures the form encoding of a full request.
func BenchmarkEncodeCreateRoom(b *testing.B) {
	c, err := NewClient("demo.gensee.com", testLogin, testPassword)
	require.NoError(b, err)
	req := &CreateRoomRequest{Subject: "高一数学", StartDate: start1, InvalidDate: end1, Realtime: true,
		TeacherToken: "teach5678", WebJoin: Ptr(true), ClientJoin: Ptr(true), Duration: Ptr(90), UIMode: Ptr(1)}
	b.Run("impl=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := c.encodeBody("/training/room/created", req); err != nil {
				b.Fatal(err)
			}
		}
	})
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
	c.httpClient().CloseIdleConnections()
}

// benchAttendanceBody is an export/history answer of n rows (about 260 bytes
// a row); with controls, the names and companies carry raw TAB and CR LF as
// real answers do.
func benchAttendanceBody(n int, controls bool) []byte {
	var b strings.Builder
	b.WriteString(`{"code":"0","message":"成功","list":[`)
	sep := " "
	if controls {
		sep = "\t"
	}
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		join := int64(1709636400000) + int64(i)*1000
		company := "展示互动"
		if controls && i%10 == 0 {
			company = "展示互动\r\n北京"
		}
		fmt.Fprintf(&b, `{"uid":%d,"nickname":"学员%d","joinTime":%d,"leaveTime":%d,"name":"王%s%d","area":"北京市",`+
			`"device":%d,"ip":"10.0.%d.%d","mobile":"138%08d","company":"%s"}`,
			1000000000+i, i, join, join+3600000, sep, i, i%25, i/256%256, i%256, i, company)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// handwrittenAttendance is the row a user would write.
type handwrittenAttendance struct {
	UID       int64  `json:"uid"`
	Nickname  string `json:"nickname"`
	Name      string `json:"name"`
	Area      string `json:"area"`
	IP        string `json:"ip"`
	Mobile    string `json:"mobile"`
	Company   string `json:"company"`
	JoinTime  int64  `json:"joinTime"`
	LeaveTime int64  `json:"leaveTime"`
	Device    int    `json:"device"`
}

type handwrittenAttendanceAnswer struct {
	Code    string                   `json:"code"`
	Message string                   `json:"message"`
	List    []*handwrittenAttendance `json:"list"`
}

// handwrittenCleanCall is what integrations do with control characters: read
// the body, replace them, then parse.
func handwrittenCleanCall(ctx context.Context, hc *http.Client, base, path string, form url.Values, out any) error {
	resp, err := handwrittenPost(ctx, hc, base, path, form)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	b = bytes.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, b)
	return json.Unmarshal(b, out)
}

func BenchmarkAttendance5000(b *testing.B) {
	ctx := context.Background()
	for _, controls := range []bool{false, true} {
		body := benchAttendanceBody(5000, controls)
		srv, _ := benchServer(b, body)
		name := "controls=no"
		if controls {
			name = "controls=yes"
		}
		b.Run(name+"/impl=sdk", func(b *testing.B) {
			c, err := NewClient(srv.URL, testLogin, testPassword)
			require.NoError(b, err)
			opts := &ExportOptions{RoomID: "R"}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				rows, err := c.Exports.Attendance(ctx, opts)
				if err != nil || len(rows) != 5000 {
					b.Fatal(len(rows), err)
				}
			}
		})
		b.Run(name+"/impl=handwritten", func(b *testing.B) {
			hc := newHandwrittenHTTPClient()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var ans handwrittenAttendanceAnswer
				var err error
				if controls {
					err = handwrittenCleanCall(ctx, hc, srv.URL, "/training/export/history", url.Values{"roomId": {"R"}}, &ans)
				} else {
					err = handwrittenCall(ctx, hc, srv.URL, "/training/export/history", url.Values{"roomId": {"R"}}, &ans)
				}
				if err != nil || len(ans.List) != 5000 {
					b.Fatal(len(ans.List), err)
				}
			}
		})
	}
}

// pagedServer answers record/syn with pages of 50 recordings, pages in all.
// Each page is written when asked for, so that the server holds no more
// memory for 200 pages than for 10.
func pagedServer(tb testing.TB, pages int) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		p, _ := strconv.Atoi(r.PostForm.Get("pageNo"))
		if p < 1 || p > pages {
			p = 1
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		var b bytes.Buffer
		b.WriteString(`{"code":"0","message":"成功","list":[`)
		for i := range 50 {
			if i > 0 {
				b.WriteByte(',')
			}
			id := p*100 + i
			fmt.Fprintf(&b, `{"id":"%d","name":"第%d讲","recordStartTime":1709258400000,"recordEndTime":1709265600000,`+
				`"createdTime":1709265660000,"size":104857600,"roomId":"mquQf2","duration":7200000,"creator":1000000001}`, id, id)
		}
		fmt.Fprintf(&b, `],"page":{"pageNo":%d,"totalPages":%d,"totalCounts":%d}}`, p, pages, pages*50)
		_, _ = w.Write(b.Bytes())
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// BenchmarkSyncAll walks 10, 50 and 200 pages of 50 recordings. B/item stays
// flat as the walk grows: the iterator holds one page at a time, so what
// each item costs does not depend on how many came before.
func BenchmarkSyncAll(b *testing.B) {
	ctx := context.Background()
	for _, pages := range []int{10, 50, 200} {
		srv := pagedServer(b, pages)
		b.Run(fmt.Sprintf("pages=%d/impl=sdk", pages), func(b *testing.B) {
			c, err := NewClient(srv.URL, testLogin, testPassword)
			require.NoError(b, err)
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				n := 0
				for _, err := range c.Records.SyncAll(ctx, nil) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != pages*50 {
					b.Fatal(n)
				}
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N*pages*50), "B/item")
		})
	}
}

// TestSyncAllHoldsOnePage: the heap after a 200-page walk is no larger than
// after a 10-page walk, give or take one page's worth.
func TestSyncAllHoldsOnePage(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 250 pages")
	}
	heapAfter := func(pages int) uint64 {
		srv := pagedServer(t, pages)
		c, err := NewClient(srv.URL, testLogin, testPassword)
		require.NoError(t, err)
		var peak uint64
		var ms runtime.MemStats
		n := 0
		for _, err := range c.Records.SyncAll(context.Background(), nil) {
			require.NoError(t, err)
			n++
			if n%500 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		require.Equal(t, pages*50, n)
		c.httpClient().CloseIdleConnections()
		return peak
	}
	small := heapAfter(10)
	large := heapAfter(200)
	assert.Less(t, large, small+2<<20, "heap grew with the number of pages: %d then %d", small, large)
}
