package gensee

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request path hands the body of an out that streams (rowStream) to
// wire.Lister instead of buffering it. These tests hold the streamed path to
// the buffered one (the same client, an out that does not stream), and
// check what only a stream has: rows before an error, retries only before
// the first row handed out, the cap checked mid-stream.

// buffered decodes body, answered to path, through the buffered path: an
// out that is a struct with the list under key, as the exports decoded
// before they streamed.
func buffered[E any](t *testing.T, path, key, body string) ([]*E, error) {
	t.Helper()
	h := setup(t)
	h.on(path, 200, body)
	typ := reflect.StructOf([]reflect.StructField{{
		Name: "List", Type: reflect.TypeFor[[]*E](), Tag: reflect.StructTag(`json:"` + key + `"`),
	}})
	out := reflect.New(typ)
	if err := h.client.do(t.Context(), path, nil, out.Interface()); err != nil {
		return nil, err
	}
	return out.Elem().Field(0).Interface().([]*E), nil
}

// streamed decodes body, answered to path, through the streamed path,
// collecting the rows as a one-call method does.
func streamed[E any](t *testing.T, path, key, body string) ([]*E, error) {
	t.Helper()
	h := setup(t)
	h.on(path, 200, body)
	c := newCollector[*E]()
	if err := h.client.do(t.Context(), path, nil, newRowStream(key, c.add, c.reset)); err != nil {
		return nil, err
	}
	return c.rows, nil
}

// sameResult checks that the streamed and the buffered paths give the same
// rows, or errors of the same type and return code.
func sameResult[E any](t *testing.T, path, key, body string) {
	t.Helper()
	want, werr := buffered[E](t, path, key, body)
	got, gerr := streamed[E](t, path, key, body)
	if werr != nil {
		require.Error(t, gerr)
		assert.IsType(t, werr, gerr)
		var wa, ga *APIError
		if errors.As(werr, &wa) {
			require.ErrorAs(t, gerr, &ga)
			assert.Equal(t, *wa, *ga)
		}
		var wh, gh *HTTPError
		if errors.As(werr, &wh) {
			require.ErrorAs(t, gerr, &gh)
			assert.Equal(t, *wh, *gh)
		}
		return
	}
	require.NoError(t, gerr)
	assert.Equal(t, want, got)
}

func TestStreamMatchesBufferedGoldens(t *testing.T) {
	tests := []struct {
		golden string
		check  func(t *testing.T, body string)
	}{
		{"export/history.json", func(t *testing.T, b string) { sameResult[Attendance](t, "/training/export/history", "list", b) }},
		{"export/qa.json", func(t *testing.T, b string) { sameResult[Question](t, "/training/export/qa", "list", b) }},
		{"export/rollcall.json", func(t *testing.T, b string) { sameResult[RollCall](t, "/training/export/rollcall", "rollcall", b) }},
		{"export/vote.json", func(t *testing.T, b string) { sameResult[voteWire](t, "/training/export/vote", "list", b) }},
		{"export/vote_table.json", func(t *testing.T, b string) { sameResult[voteWire](t, "/training/export/vote", "list", b) }},
		{"export/chat.json", func(t *testing.T, b string) { sameResult[ChatMessage](t, "/training/export/chat", "list", b) }},
		{"export/redpacket.json", func(t *testing.T, b string) {
			sameResult[RedPacket](t, "/training/export/redpacket", "redpacket", b)
		}},
		{"export/room_usage.json", func(t *testing.T, b string) { sameResult[RoomUsage](t, "/training/export/room/usage", "list", b) }},
		{"export/room_concurrent.json", func(t *testing.T, b string) {
			sameResult[DailyConcurrency](t, "/training/export/room/concurrent", "list", b)
		}},
		{"export/vod_concurrent.json", func(t *testing.T, b string) {
			sameResult[DailyConcurrency](t, "/training/export/vod/concurrent", "list", b)
		}},
		{"export/reward.json", func(t *testing.T, b string) { sameResult[Reward](t, "/training/export/reward", "list", b) }},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) { tt.check(t, golden(t, tt.golden)) })
	}
}

func TestStreamMatchesBufferedTricky(t *testing.T) {
	const row = `{"uid":1,"nickname":"a","joinTime":1709636400000}`
	bodies := map[string]string{
		"code after the list":          `{"list":[` + row + `],"code":"0","message":"ok"}`,
		"code as a number":             `{"code":0,"list":[` + row + `]}`,
		"missing list":                 `{"code":"0","message":"ok"}`,
		"null list":                    `{"code":"0","list":null}`,
		"empty list":                   `{"code":"0","list":[]}`,
		"null elements":                `{"code":"0","list":[null,` + row + `,null]}`,
		"key folded":                   `{"code":"0","LIST":[` + row + `]}`,
		"raw controls":                 "{\"code\":\"0\",\"list\":[{\"uid\":1,\"nickname\":\"a\tb\r\nc\"}]}",
		"quoted numbers":               `{"code":"0","list":[{"uid":"12","device":"7","foreignHighLine":"true","joinTime":"1709636400000"}]}`,
		"escaped strings":              `{"code":"0","list":[{"nickname":"\u5f20\"\\","uid":3}]}`,
		"other members skipped":        `{"code":"0","page":{"a":[1,{"b":null}]},"list":[` + row + `],"x":"y"}`,
		"api error before the list":    `{"code":"-1","message":"bad","list":[` + row + `]}`,
		"api error after the list":     `{"list":[` + row + `],"code":"300","message":"busy"}`,
		"api error without a list":     `{"code":"102","message":"no room"}`,
		"not json":                     `<html>oops</html>`,
		"truncated":                    `{"code":"0","list":[` + row,
		"no code":                      `{"list":[` + row + `]}`,
		"code not a number":            `{"code":"ok","list":[]}`,
		"element not an object":        `{"code":"0","list":[` + row + `,"x"]}`,
		"garbage after the object":     `{"code":"0","list":[]} x`,
		"type mismatch in a row":       `{"code":"0","list":[{"uid":{"a":1}}]}`,
		"list not an array":            `{"code":"0","list":{"uid":1}}`,
		"bare word in another member":  `{"code":"0","x":nope,"list":[]}`,
		"control character in the key": "{\"code\":\"0\",\"li\tst\":[],\"list\":[" + row + "]}",
		"a key twice, the last empty":  `{"code":"0","list":[{"uid":1,"nickname":"a","nickname":""}]}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			sameResult[Attendance](t, "/training/export/history", "list", body)
		})
	}
	t.Run("a key twice: the last one wins, also when empty", func(t *testing.T) {
		rows, err := streamed[Attendance](t, "/training/export/history", "list",
			`{"code":"0","list":[{"uid":1,"nickname":"a","name":"b","nickname":"","name":"c"}]}`)
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, "", rows[0].Nickname)
		assert.Equal(t, "c", rows[0].Name)
	})
	t.Run("null users of a roll call", func(t *testing.T) {
		sameResult[RollCall](t, "/training/export/rollcall", "rollcall",
			`{"code":"0","rollcall":[{"id":"r","users":[null,{"id":1,"present":"true"}]},{"id":"s"}]}`)
	})
}

// failingBody is a response body that gives data, then fails with err.
type failingBody struct {
	r   io.Reader
	err error
}

func (b *failingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, b.err
	}
	return n, err
}

func (b *failingBody) Close() error { return nil }

var errDropped = errors.New("connection dropped")

// attendanceRows is an export/history list of n rows, uid 1..n.
func attendanceRows(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		b.WriteString(`{"uid":`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`,"nickname":"n","joinTime":1709636400000}`)
	}
	return b.String()
}

// onBodies answers path, attempt n, with bodies[n-1]: a string, or a body
// that fails after its text (failingBody).
func onBodies(h *harness, path string, bodies ...func() io.ReadCloser) *int {
	n := 0
	h.mock.RegisterResponder(http.MethodPost, testBase+path, func(*http.Request) (*http.Response, error) {
		n++
		resp := httpmock.NewStringResponse(200, "")
		resp.Body = bodies[min(n, len(bodies))-1]()
		resp.ContentLength = -1
		return resp, nil
	})
	return &n
}

func text(s string) func() io.ReadCloser {
	return func() io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }
}

func cut(s string) func() io.ReadCloser {
	return func() io.ReadCloser { return &failingBody{r: strings.NewReader(s), err: errDropped} }
}

var retry3 = WithRetry(RetryPolicy{MaxAttempts: 3})

func TestStreamRetries(t *testing.T) {
	const path = "/training/export/history"
	full := `{"code":"0","list":[` + attendanceRows(3) + `]}`
	opts := &ExportOptions{RoomID: "r"}
	t.Run("one call: a drop mid-list is retried, rows not repeated", func(t *testing.T) {
		h := setup(t, retry3)
		calls := onBodies(h, path, cut(`{"code":"0","list":[`+attendanceRows(2)), text(full))
		rows, err := h.client.Exports.Attendance(t.Context(), opts)
		require.NoError(t, err)
		assert.Equal(t, []int64{1, 2, 3}, uids(rows))
		assert.Equal(t, 2, *calls)
	})
	t.Run("walk: a drop before the first row is retried", func(t *testing.T) {
		h := setup(t, retry3)
		calls := onBodies(h, path, cut(`{"code":"0","li`), text(full))
		rows, err := collectAll(h.client.Exports.AttendanceAll(t.Context(), opts))
		require.NoError(t, err)
		assert.Equal(t, []int64{1, 2, 3}, uids(rows))
		assert.Equal(t, 2, *calls)
	})
	t.Run("walk: code 300 before the list is retried", func(t *testing.T) {
		h := setup(t, retry3)
		calls := onBodies(h, path, text(`{"code":"300","message":"busy","list":[`+attendanceRows(1)+`]}`), text(full))
		rows, err := collectAll(h.client.Exports.AttendanceAll(t.Context(), opts))
		require.NoError(t, err)
		assert.Equal(t, []int64{1, 2, 3}, uids(rows))
		assert.Equal(t, 2, *calls)
	})
	t.Run("walk: a drop after rows is not retried, the error comes after them", func(t *testing.T) {
		h := setup(t, retry3)
		calls := onBodies(h, path, cut(`{"code":"0","list":[`+attendanceRows(2)), text(full))
		rows, err := collectAll(h.client.Exports.AttendanceAll(t.Context(), opts))
		require.ErrorIs(t, err, errDropped)
		assert.Equal(t, []int64{1, 2}, uids(rows))
		assert.Equal(t, 1, *calls)
	})
	t.Run("walk: code 300 after the list is not retried", func(t *testing.T) {
		h := setup(t, retry3)
		calls := onBodies(h, path, text(`{"list":[`+attendanceRows(2)+`],"code":"300","message":"busy"}`), text(full))
		rows, err := collectAll(h.client.Exports.AttendanceAll(t.Context(), opts))
		assertAPIError(t, err, path, CodeSystemError, "busy", ErrSystem)
		assert.Equal(t, []int64{1, 2}, uids(rows))
		assert.Equal(t, 1, *calls)
	})
	t.Run("walk: a bad body after rows is an HTTPError after them", func(t *testing.T) {
		h := setup(t, retry3)
		onBodies(h, path, text(`{"code":"0","list":[`+attendanceRows(2)+`,nope]}`))
		rows, err := collectAll(h.client.Exports.AttendanceAll(t.Context(), opts))
		var he *HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, path, he.Endpoint)
		assert.Equal(t, []int64{1, 2}, uids(rows))
	})
	t.Run("walk: a break stops the call, which succeeds", func(t *testing.T) {
		var attempts []*Attempt
		h := setup(t, retry3, WithObserver(Observer{AttemptDone: func(_ context.Context, a *Attempt) { attempts = append(attempts, a) }}))
		onBodies(h, path, text(full))
		var got []int64
		for row, err := range h.client.Exports.AttendanceAll(t.Context(), opts) {
			require.NoError(t, err)
			got = append(got, row.UID)
			break
		}
		assert.Equal(t, []int64{1}, got)
		require.Len(t, attempts, 1)
		assert.NoError(t, attempts[0].Err)
		assert.Positive(t, attempts[0].BodyBytes)
	})
}

func TestStreamCap(t *testing.T) {
	const path = "/training/export/history"
	head := `{"code":"0","list":[` + attendanceRows(200)
	body := head + `]}`
	opts := &ExportOptions{RoomID: "r"}
	for _, tt := range []struct {
		name  string
		limit int64
		rows  int // rows the walk yields before the error (-1: no error)
	}{
		{"exactly the body", int64(len(body)), -1},
		{"one byte short", int64(len(body)) - 1, 200},
		{"half the body", int64(len(head) / 2), -2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var attempts []*Attempt
			h := setup(t, WithMaxResponseBytes(tt.limit),
				WithObserver(Observer{AttemptDone: func(_ context.Context, a *Attempt) { attempts = append(attempts, a) }}))
			onBodies(h, path, text(body))
			rows, err := collectAll(h.client.Exports.AttendanceAll(t.Context(), opts))
			if tt.rows == -1 {
				require.NoError(t, err)
				assert.Len(t, rows, 200)
				assert.Equal(t, int64(len(body)), attempts[0].BodyBytes)
				return
			}
			var tl *ResponseTooLargeError
			require.ErrorAs(t, err, &tl)
			assert.Equal(t, ResponseTooLargeError{Endpoint: path, Limit: tt.limit}, *tl)
			if tt.rows >= 0 {
				assert.Len(t, rows, tt.rows)
			} else {
				assert.NotEmpty(t, rows)
				assert.Less(t, len(rows), 200)
			}
			assert.Equal(t, tt.limit, attempts[0].BodyBytes)
			one, err := h.client.Exports.Attendance(t.Context(), opts)
			require.ErrorAs(t, err, &tl)
			assert.Nil(t, one)
		})
	}
}

func TestDefaultCapAdmitsLargeExports(t *testing.T) {
	c, err := NewClient(testSite, testLogin, testPassword)
	require.NoError(t, err)
	assert.Equal(t, int64(256<<20), c.maxBytes)
}

func uids(rows []*Attendance) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.UID)
	}
	return out
}

func collectAll[T any](seq func(func(T, error) bool)) ([]T, error) {
	var rows []T
	for r, err := range seq {
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// rowsReader generates an export/history body of n rows as it is read,
// holding none of it.
type rowsReader struct {
	n, i int
	buf  []byte
	done bool
}

func (r *rowsReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		switch {
		case r.done:
			return 0, io.EOF
		case r.i == 0:
			r.buf = append(r.buf[:0], `{"code":"0","message":"成功","list":[`...)
		case r.i > r.n:
			r.buf = append(r.buf[:0], `]}`...)
			r.done = true
		default:
			if r.i > 1 {
				r.buf = append(r.buf[:0], ',')
			}
			r.buf = append(r.buf, `{"uid":`...)
			r.buf = strconv.AppendInt(r.buf, int64(1000000000+r.i), 10)
			r.buf = append(r.buf, `,"nickname":"学员","name":"王五","area":"北京市","ip":"10.0.0.1","mobile":"13800000000",`+
				`"company":"展示互动","joinTime":1709636400000,"leaveTime":1709640000000,"device":7}`...)
		}
		r.i++
	}
	k := copy(p, r.buf)
	r.buf = r.buf[k:]
	return k, nil
}

func (r *rowsReader) Close() error { return nil }

// liveHeap returns the bytes of live heap objects after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestAllWalkHeapFlat: AttendanceAll over a 30,000-row body (about 6 MB)
// holds neither the body nor the rows it yielded: the live heap late in the
// walk is within a constant (1 MB) of the heap early in it, where holding
// the body or the rows would add more than 5 MB.
func TestAllWalkHeapFlat(t *testing.T) {
	const rows = 30000
	h := setup(t)
	onBodies(h, "/training/export/history", func() io.ReadCloser { return &rowsReader{n: rows} })
	var early, late uint64
	n := 0
	for row, err := range h.client.Exports.AttendanceAll(t.Context(), &ExportOptions{RoomID: "r"}) {
		require.NoError(t, err)
		n++
		require.Equal(t, int64(1000000000+n), row.UID)
		switch n {
		case 1000:
			early = liveHeap()
		case rows - 1000:
			late = liveHeap()
		}
	}
	require.Equal(t, rows, n)
	grew := int64(late) - int64(early)
	assert.Less(t, grew, int64(1<<20), "the live heap grew by %d bytes over %d rows", grew, rows-2000)
}
