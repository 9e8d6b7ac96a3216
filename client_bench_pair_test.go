package gensee

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Paired benchmarks. Separate benchmark runs drift 10-30% on a shared
// machine, more than the differences they are meant to show, so each
// iteration here calls every contender once, in a fresh random order,
// against the same loopback server and bytes, and times each call. The
// benchmark reports the median of each contender's times and the ratio of
// the medians to the hand-written code's, so that drift, which moves all of
// an iteration's calls alike, cancels out of the ratios. The allocations
// of each contender are counted around its own calls (process-wide, the
// in-process server included, as -benchmem counts them); BenchmarkRoomGet
// and BenchmarkAttendance5000 give the same by -benchmem.
//
// The contenders: "sdk" (the client), "hand" (net/http + encoding/json into
// plain structs, as a careful user writes it), "floor" (the same POST with
// the body copied to io.Discard: the loopback round trip alone) and, for
// exports, "all" (AttendanceAll: the body walked row by row, each row
// dropped as it comes).

// contender is one implementation of a call.
type contender struct {
	name string
	call func() error
}

// allocCounter reads the process's cumulative heap allocation count.
type allocCounter struct{ s []metrics.Sample }

func newAllocCounter() *allocCounter {
	return &allocCounter{s: []metrics.Sample{
		{Name: "/gc/heap/allocs:objects"}, {Name: "/gc/heap/tiny/allocs:objects"},
	}}
}

func (a *allocCounter) count() uint64 {
	metrics.Read(a.s)
	return a.s[0].Value.Uint64() + a.s[1].Value.Uint64()
}

// runPairs calls every contender once per iteration, in a random order,
// and reports each one's median time ("<name>-µs"), allocations per call
// ("<name>-allocs") and, for each other than "hand", the ratio of its median
// to the hand-written one's ("<name>/hand").
func runPairs(b *testing.B, cs []contender) {
	b.Helper()
	for _, c := range cs { // one warm-up call each: connections, pools, type caches
		require.NoError(b, c.call(), c.name)
	}
	times := make([][]time.Duration, len(cs))
	allocs := make([]uint64, len(cs))
	ac := newAllocCounter()
	order := make([]int, len(cs))
	n := 0
	for b.Loop() {
		for i := range order {
			order[i] = i
		}
		rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			a0 := ac.count()
			start := time.Now()
			err := cs[i].call()
			d := time.Since(start)
			allocs[i] += ac.count() - a0
			if err != nil {
				b.Fatal(cs[i].name, err)
			}
			times[i] = append(times[i], d)
		}
		n++
	}
	medians := map[string]float64{}
	for i, c := range cs {
		slices.Sort(times[i])
		m := times[i][len(times[i])/2]
		medians[c.name] = float64(m.Nanoseconds())
		b.ReportMetric(float64(m.Nanoseconds())/1e3, c.name+"-µs")
		b.ReportMetric(float64(allocs[i])/float64(n), c.name+"-allocs")
	}
	for _, c := range cs {
		if c.name != "hand" && medians["hand"] > 0 {
			b.ReportMetric(medians[c.name]/medians["hand"], c.name+"/hand")
		}
	}
}

// floorCall is the loopback floor: the hand-written POST, its body copied
// to io.Discard undecoded.
func floorCall(ctx context.Context, hc *http.Client, base, path string, form url.Values) error {
	resp, err := handwrittenPost(ctx, hc, base, path, form)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// walkAttendance walks export/history with AttendanceAll (no window: one
// call), each row dropped after it is counted. It returns the number of rows.
func walkAttendance(ctx context.Context, c *Client, yield func(*Attendance)) (int, error) {
	n := 0
	for row, err := range c.Exports.AttendanceAll(ctx, &ExportOptions{RoomID: "R"}) {
		if err != nil {
			return n, err
		}
		yield(row)
		n++
	}
	return n, nil
}

// BenchmarkPairRoomInfo: room/info, SDK against hand-written, with the
// loopback floor.
func BenchmarkPairRoomInfo(b *testing.B) {
	srv, _ := benchServer(b, roomInfoBody)
	ctx := context.Background()
	c, err := NewClient(srv.URL, testLogin, testPassword)
	require.NoError(b, err)
	hand, floor := newHandwrittenHTTPClient(), newHandwrittenHTTPClient()
	runPairs(b, []contender{
		{"sdk", func() error {
			room, err := c.Rooms.Get(ctx, "FopnX4Bqmo")
			if err == nil && room.ID != "FopnX4Bqmo" {
				err = fmt.Errorf("room %q", room.ID)
			}
			return err
		}},
		{"hand", func() error {
			var room handwrittenRoom
			err := handwrittenCall(ctx, hand, srv.URL, "/training/room/info", url.Values{"roomId": {"FopnX4Bqmo"}}, &room)
			if err == nil && (room.Code != "0" || room.ID != "FopnX4Bqmo") {
				err = fmt.Errorf("room %q code %q", room.ID, room.Code)
			}
			return err
		}},
		{"floor", func() error {
			return floorCall(ctx, floor, srv.URL, "/training/room/info", url.Values{"roomId": {"FopnX4Bqmo"}})
		}},
	})
}

// BenchmarkPairAttendance5000: a 5,000-row export/history, without and with
// raw control characters, SDK (one call) and all (AttendanceAll, each row
// dropped as it comes) against hand-written, with the loopback floor.
func BenchmarkPairAttendance5000(b *testing.B) {
	ctx := context.Background()
	for _, controls := range []bool{false, true} {
		body := benchAttendanceBody(5000, controls)
		srv, _ := benchServer(b, body)
		name := "controls=no"
		if controls {
			name = "controls=yes"
		}
		b.Run(name, func(b *testing.B) {
			c, err := NewClient(srv.URL, testLogin, testPassword)
			require.NoError(b, err)
			hand, floor := newHandwrittenHTTPClient(), newHandwrittenHTTPClient()
			opts := &ExportOptions{RoomID: "R"}
			form := url.Values{"roomId": {"R"}}
			b.SetBytes(int64(len(body)))
			runPairs(b, []contender{
				{"sdk", func() error {
					rows, err := c.Exports.Attendance(ctx, opts)
					if err == nil && len(rows) != 5000 {
						err = fmt.Errorf("%d rows", len(rows))
					}
					return err
				}},
				{"hand", func() error {
					var ans handwrittenAttendanceAnswer
					var err error
					if controls {
						err = handwrittenCleanCall(ctx, hand, srv.URL, "/training/export/history", form, &ans)
					} else {
						err = handwrittenCall(ctx, hand, srv.URL, "/training/export/history", form, &ans)
					}
					if err == nil && len(ans.List) != 5000 {
						err = fmt.Errorf("%d rows", len(ans.List))
					}
					return err
				}},
				{"all", func() error {
					n, err := walkAttendance(ctx, c, func(*Attendance) {})
					if err == nil && n != 5000 {
						err = fmt.Errorf("%d rows", n)
					}
					return err
				}},
				{"floor", func() error {
					return floorCall(ctx, floor, srv.URL, "/training/export/history", form)
				}},
			})
		})
	}
}

// writeAttendance writes the body of benchAttendanceBody(n, false) row by
// row, so that the server holding it costs no memory in the measured heap.
func writeAttendance(w io.Writer, n int) (int64, error) {
	var total int64
	buf := make([]byte, 0, 64<<10)
	flush := func() error {
		k, err := w.Write(buf)
		total += int64(k)
		buf = buf[:0]
		return err
	}
	buf = append(buf, `{"code":"0","message":"成功","list":[`...)
	for i := range n {
		if i > 0 {
			buf = append(buf, ',')
		}
		join := int64(1709636400000) + int64(i)*1000
		buf = fmt.Appendf(buf, `{"uid":%d,"nickname":"学员%d","joinTime":%d,"leaveTime":%d,"name":"王 %d","area":"北京市",`+
			`"device":%d,"ip":"10.0.%d.%d","mobile":"138%08d","company":"展示互动"}`,
			1000000000+i, i, join, join+3600000, i, i%25, i/256%256, i%256, i)
		if len(buf) > 60<<10 {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	buf = append(buf, `]}`...)
	return total, flush()
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// heapPeak calls f while a goroutine samples the heap's object bytes (live
// and not yet swept) every 100µs, and returns the peak above the heap
// before the call (after a GC). What f returns is sampled once more while
// it is still held.
func heapPeak(f func() (any, error)) (uint64, error) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := read()
	var (
		mu   sync.Mutex
		peak = base
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	note := func() {
		v := read()
		mu.Lock()
		peak = max(peak, v)
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				note()
			}
		}
	}()
	result, err := f()
	note()
	close(stop)
	<-done
	runtime.KeepAlive(result)
	if peak < base {
		return 0, err
	}
	return peak - base, err
}

// BenchmarkExportPeakHeap reports the peak heap of a 5,000, 50,000 and
// 200,000-row export/history as a multiple of the body ("peak/body") and in
// MB: the SDK's one call (c.Exports.Attendance, warm), the SDK's walk
// (AttendanceAll, each row dropped as it comes) and the hand-written call
// (json.NewDecoder into []*row). The server writes the body as it goes and
// holds none of it. The clients have the default response cap (256 MiB),
// which admits the 200,000-row body (about 47 MB). Run it with -benchtime=3x:
// one call is one iteration.
func BenchmarkExportPeakHeap(b *testing.B) {
	ctx := context.Background()
	for _, rows := range []int{5000, 50000, 200000} {
		var cw countingWriter
		_, _ = writeAttendance(&cw, rows)
		bodyLen := cw.n
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json;charset=UTF-8")
			_, _ = writeAttendance(w, rows)
		}))
		b.Cleanup(srv.Close)
		impls := []struct {
			name string
			call func(c *Client, hc *http.Client) (any, error)
		}{
			{"sdk", func(c *Client, _ *http.Client) (any, error) {
				list, err := c.Exports.Attendance(ctx, &ExportOptions{RoomID: "R"})
				if err == nil && len(list) != rows {
					err = fmt.Errorf("%d rows", len(list))
				}
				return list, err
			}},
			{"all", func(c *Client, _ *http.Client) (any, error) {
				n, err := walkAttendance(ctx, c, func(*Attendance) {})
				if err == nil && n != rows {
					err = fmt.Errorf("%d rows", n)
				}
				return nil, err
			}},
			{"hand", func(_ *Client, hc *http.Client) (any, error) {
				var ans handwrittenAttendanceAnswer
				err := handwrittenCall(ctx, hc, srv.URL, "/training/export/history", url.Values{"roomId": {"R"}}, &ans)
				if err == nil && len(ans.List) != rows {
					err = fmt.Errorf("%d rows", len(ans.List))
				}
				return &ans, err
			}},
		}
		for _, impl := range impls {
			b.Run(fmt.Sprintf("rows=%d/impl=%s", rows, impl.name), func(b *testing.B) {
				c, err := NewClient(srv.URL, testLogin, testPassword)
				require.NoError(b, err)
				hc := newHandwrittenHTTPClient()
				_, err = impl.call(c, hc) // warm: connection, size hint, type caches
				require.NoError(b, err)
				var peaks []uint64
				b.SetBytes(bodyLen)
				for b.Loop() {
					p, err := heapPeak(func() (any, error) { return impl.call(c, hc) })
					if err != nil {
						b.Fatal(err)
					}
					peaks = append(peaks, p)
				}
				slices.Sort(peaks)
				p := peaks[len(peaks)/2]
				b.ReportMetric(float64(p)/float64(bodyLen), "peak/body")
				b.ReportMetric(float64(p)/1e6, "peak-MB")
				b.ReportMetric(float64(bodyLen)/1e6, "body-MB")
			})
		}
	}
}

// TestWalkAttendanceMatchesSDK: the benchmark's walk (AttendanceAll) yields
// the rows the SDK's one call returns, so that the two are compared doing
// the same work.
func TestWalkAttendanceMatchesSDK(t *testing.T) {
	srv, _ := benchServer(t, benchAttendanceBody(300, true))
	c, err := NewClient(srv.URL, testLogin, testPassword)
	require.NoError(t, err)
	want, err := c.Exports.Attendance(context.Background(), &ExportOptions{RoomID: "R"})
	require.NoError(t, err)
	var got []*Attendance
	n, err := walkAttendance(context.Background(), c, func(a *Attendance) { got = append(got, a) })
	require.NoError(t, err)
	require.Equal(t, 300, n)
	require.Equal(t, want, got)
	require.True(t, strings.Contains(want[0].Name, "\t"), "the rows carry raw TABs")
}
