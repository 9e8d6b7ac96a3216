package gensee_test

// End-to-end: the …All exports over a server that answers each 7-day piece
// with a margin of rows beyond it.

import (
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// marginServer answers the classroom exports of path with the rows of rows
// whose time lies in the window asked for widened by margin on both sides,
// as a server that answers a little more than asked would. A row with a
// zero time is answered by the first call only. It records the windows it
// was asked for.
type marginServer struct {
	mu      sync.Mutex
	windows [][2]int64
}

// marginRow is one row of the fake: its id, its time (zero: none) and how
// it is written for an endpoint.
type marginRow struct {
	id int
	at time.Time
}

func (m *marginServer) start(t *testing.T, key string, rows []marginRow, margin time.Duration, write func(r marginRow) string) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		from, err1 := strconv.ParseInt(r.PostForm.Get("startTime"), 10, 64)
		to, err2 := strconv.ParseInt(r.PostForm.Get("endTime"), 10, 64)
		if err1 != nil || err2 != nil {
			http.Error(w, "no window", http.StatusBadRequest)
			return
		}
		m.mu.Lock()
		first := len(m.windows) == 0
		m.windows = append(m.windows, [2]int64{from, to})
		m.mu.Unlock()
		var out []string
		for _, row := range rows {
			if row.at.IsZero() {
				if first {
					out = append(out, write(row))
				}
				continue
			}
			ms := row.at.UnixMilli()
			if ms >= from-margin.Milliseconds() && ms <= to+margin.Milliseconds() {
				out = append(out, write(row))
			}
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = fmt.Fprintf(w, `{"code":"0","message":"success",%q:[%s]}`, key, strings.Join(out, ","))
	}))
	t.Cleanup(ts.Close)
	return ts
}

// countByID ranges over seq, at most limit rows, and returns how often each id
// came, by id.
func countByID[T any](t *testing.T, seq iter.Seq2[T, error], id func(T) int, limit int) map[int]int {
	t.Helper()
	got := map[int]int{}
	n := 0
	for v, err := range seq {
		require.NoError(t, err)
		got[id(v)]++
		if n++; n > limit {
			t.Fatalf("more than %d rows: the walk does not end", limit)
		}
	}
	return got
}

func TestE2EExportWindowMarginRows(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	start := time.Date(2026, 10, 1, 8, 0, 0, 0, gensee.ChinaZone())
	end := start.Add(30 * day)
	piece := 7*day + time.Millisecond // a piece and the 1 ms to the next one
	// Rows every 5 hours from 3 days before the window to 3 days after it,
	// and rows on every boundary of the pieces: each piece's last
	// millisecond and the next one's first.
	var rows []marginRow
	for at := start.Add(-3 * day); !at.After(end.Add(3 * day)); at = at.Add(5 * time.Hour) {
		rows = append(rows, marginRow{id: len(rows) + 1, at: at})
	}
	for k := 1; k <= 4; k++ {
		b := start.Add(time.Duration(k) * piece)
		rows = append(rows, marginRow{id: len(rows) + 1, at: b.Add(-time.Millisecond)}, marginRow{id: len(rows) + 2, at: b})
	}
	rows = append(rows, marginRow{id: len(rows) + 1, at: start}, marginRow{id: len(rows) + 2, at: end})
	noTime := len(rows) + 1
	rows = append(rows, marginRow{id: noTime})

	// want: every row of the window once, the one without a time once, none
	// from outside the window.
	want := map[int]int{}
	for _, r := range rows {
		if r.at.IsZero() || (!r.at.Before(start) && !r.at.After(end)) {
			want[r.id] = 1
		}
	}
	require.Less(t, len(want), len(rows), "some rows lie outside the window")

	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	timeOf := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return ms(t)
	}
	opts := &gensee.ExportOptions{RoomID: "r1", StartTime: start, EndTime: end}
	tests := []struct {
		name  string
		key   string
		write func(r marginRow) string
		walk  func(c *gensee.Client, limit int) map[int]int
	}{
		{"attendance by joinTime", "list", func(r marginRow) string {
			// The leave time lies in the next piece: joinTime decides.
			return fmt.Sprintf(`{"uid":%d,"joinTime":%q,"leaveTime":%q}`, r.id, timeOf(r.at), timeOf(r.at.Add(5*day)))
		}, func(c *gensee.Client, limit int) map[int]int {
			return countByID(t, c.Exports.AttendanceAll(t.Context(), opts), func(a *gensee.Attendance) int { return int(a.UID) }, limit)
		}},
		{"qa by submitTime", "list", func(r marginRow) string {
			return fmt.Sprintf(`{"submitter":%d,"question":"q","submitTime":%q,"answerTime":%q}`, r.id, timeOf(r.at), timeOf(r.at.Add(8*day)))
		}, func(c *gensee.Client, limit int) map[int]int {
			return countByID(t, c.Exports.QAAll(t.Context(), opts), func(q *gensee.Question) int { return int(q.Submitter) }, limit)
		}},
		{"roll calls by startTime", "rollcall", func(r marginRow) string {
			return fmt.Sprintf(`{"id":"%d","startTime":%q,"endTime":%q,"users":[]}`, r.id, timeOf(r.at), timeOf(r.at.Add(6*day)))
		}, func(c *gensee.Client, limit int) map[int]int {
			return countByID(t, c.Exports.RollCallsAll(t.Context(), opts), func(rc *gensee.RollCall) int { n, _ := strconv.Atoi(rc.ID); return n }, limit)
		}},
		{"chat by time", "list", func(r marginRow) string {
			return fmt.Sprintf(`{"time":%q,"sender":"s","senderId":%d,"msg":"m"}`, timeOf(r.at), r.id)
		}, func(c *gensee.Client, limit int) map[int]int {
			return countByID(t, c.Exports.ChatAll(t.Context(), opts), func(m *gensee.ChatMessage) int { return int(m.SenderID) }, limit)
		}},
		{"red packets by issueTime", "redpacket", func(r marginRow) string {
			return fmt.Sprintf(`{"userName":"u%d","issueTime":%q,"users":[]}`, r.id, timeOf(r.at))
		}, func(c *gensee.Client, limit int) map[int]int {
			return countByID(t, c.Exports.RedPacketsAll(t.Context(), opts), func(p *gensee.RedPacket) int {
				n, _ := strconv.Atoi(strings.TrimPrefix(p.UserName, "u"))
				return n
			}, limit)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := &marginServer{}
			ts := m.start(t, tt.key, rows, 2*day, tt.write)
			c, _ := dial(t, ts.URL, "admin", "pw")
			got := tt.walk(c, len(rows)+10)
			assert.Equal(t, want, got, "every row of the window exactly once")
			m.mu.Lock()
			defer m.mu.Unlock()
			require.Len(t, m.windows, 5, "30 days: five pieces")
			assert.Equal(t, start.UnixMilli(), m.windows[0][0])
			assert.Equal(t, end.UnixMilli(), m.windows[4][1])
		})
	}
}

// Votes carry no time: the walk yields each vote id once, whichever pieces
// return it.
func TestE2EExportWindowMarginVotes(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	start := time.Date(2026, 10, 1, 8, 0, 0, 0, gensee.ChinaZone())
	end := start.Add(30 * day)
	var rows []marginRow
	for at := start; !at.After(end); at = at.Add(11 * time.Hour) {
		rows = append(rows, marginRow{id: len(rows) + 1, at: at})
	}
	m := &marginServer{}
	ts := m.start(t, "list", rows, 2*day, func(r marginRow) string {
		return fmt.Sprintf(`{"id":"%d","subject":"v","type":0,"questions":[]}`, r.id)
	})
	c, _ := dial(t, ts.URL, "admin", "pw")
	got := countByID(t, c.Exports.VotesAll(t.Context(), &gensee.ExportOptions{RoomID: "r1", StartTime: start, EndTime: end}),
		func(v *gensee.Vote) int { n, _ := strconv.Atoi(v.ID); return n }, len(rows)+10)
	want := map[int]int{}
	for _, r := range rows {
		want[r.id] = 1
	}
	assert.Equal(t, want, got)
	m.mu.Lock()
	defer m.mu.Unlock()
	assert.Len(t, m.windows, 5)
}
