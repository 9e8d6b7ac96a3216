package gensee_test

// End-to-end: the …All walks of the windowed exports (a window of any
// length cut into pieces of at most 7 days, one call each), against the
// fake. The paged walks are in paging_e2e_test.go.

import (
	"iter"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// windowCase is one windowed export's walk: seed adds to room a row at each
// of times and returns the key of each; all walks opts and yields each
// row's key.
type windowCase struct {
	method, path string
	seed         func(e *env, room string, times []time.Time) []string
	all          func(e *env, opts *gensee.ExportOptions) iter.Seq2[string, error]
}

func windowCases() []windowCase {
	n := func(i int) int64 { return int64(1000 + i) }
	return []windowCase{
		{
			method: "Exports.AttendanceAll", path: "/training/export/history",
			seed: func(e *env, room string, times []time.Time) (keys []string) {
				for i, at := range times {
					e.srv.AddAttendance(genseetest.AttendanceRecord{RoomID: room, UserID: n(i), JoinTime: at, LeaveTime: at.Add(time.Hour)})
					keys = append(keys, i64(n(i)))
				}
				return keys
			},
			all: func(e *env, o *gensee.ExportOptions) iter.Seq2[string, error] {
				return keyed(e.c.Exports.AttendanceAll(e.ctx, o), func(a *gensee.Attendance) string { return i64(a.UID) })
			},
		},
		{
			method: "Exports.QAAll", path: "/training/export/qa",
			seed: func(e *env, room string, times []time.Time) (keys []string) {
				for i, at := range times {
					q := "问题 " + strconv.Itoa(i)
					e.srv.AddQA(genseetest.QARecord{RoomID: room, SubmitterID: n(i), Question: q, SubmitTime: at})
					keys = append(keys, q)
				}
				return keys
			},
			all: func(e *env, o *gensee.ExportOptions) iter.Seq2[string, error] {
				return keyed(e.c.Exports.QAAll(e.ctx, o), func(q *gensee.Question) string { return q.Question })
			},
		},
		{
			method: "Exports.RollCallsAll", path: "/training/export/rollcall",
			seed: func(e *env, room string, times []time.Time) (keys []string) {
				for i, at := range times {
					id := "rc" + strconv.Itoa(i)
					e.srv.AddRollCall(genseetest.RollCallRecord{RoomID: room, ID: id, StartTime: at, EndTime: at.Add(time.Minute)})
					keys = append(keys, id)
				}
				return keys
			},
			all: func(e *env, o *gensee.ExportOptions) iter.Seq2[string, error] {
				return keyed(e.c.Exports.RollCallsAll(e.ctx, o), func(r *gensee.RollCall) string { return r.ID })
			},
		},
		{
			method: "Exports.VotesAll", path: "/training/export/vote",
			seed: func(e *env, room string, times []time.Time) (keys []string) {
				for i, at := range times {
					id := "v" + strconv.Itoa(i)
					e.srv.AddVote(genseetest.VoteRecord{RoomID: room, ID: id, Subject: "投票", Type: gensee.VoteTypePoll, StartTime: at})
					keys = append(keys, id)
				}
				return keys
			},
			all: func(e *env, o *gensee.ExportOptions) iter.Seq2[string, error] {
				return keyed(e.c.Exports.VotesAll(e.ctx, o), func(v *gensee.Vote) string { return v.ID })
			},
		},
		{
			method: "Exports.ChatAll", path: "/training/export/chat",
			seed: func(e *env, room string, times []time.Time) (keys []string) {
				for i, at := range times {
					msg := "消息 " + strconv.Itoa(i)
					e.srv.AddChat(genseetest.ChatRecord{RoomID: room, SentTime: at, Sender: "张三", SenderID: n(i), Msg: msg})
					keys = append(keys, msg)
				}
				return keys
			},
			all: func(e *env, o *gensee.ExportOptions) iter.Seq2[string, error] {
				return keyed(e.c.Exports.ChatAll(e.ctx, o), func(m *gensee.ChatMessage) string { return m.Msg })
			},
		},
		{
			method: "Exports.RedPacketsAll", path: "/training/export/redpacket",
			seed: func(e *env, room string, times []time.Time) (keys []string) {
				for i, at := range times {
					who := "老师 " + strconv.Itoa(i)
					e.srv.AddRedPacket(genseetest.RedPacketRecord{RoomID: room, UserName: who, IssueTime: at, Amount: 100, Number: 1})
					keys = append(keys, who)
				}
				return keys
			},
			all: func(e *env, o *gensee.ExportOptions) iter.Seq2[string, error] {
				return keyed(e.c.Exports.RedPacketsAll(e.ctx, o), func(p *gensee.RedPacket) string { return p.UserName })
			},
		},
	}
}

// TestE2EWindowedExports walks each windowed export over 17 days against
// the fake: three pieces (7, 7 and 3 days), one call each, every row of the
// window once and in order, none from outside it; a break stops the calls;
// an unknown classroom is the fake's 501, yielded once.
func TestE2EWindowedExports(t *testing.T) {
	t.Parallel()
	const day = 24 * time.Hour
	start := t0
	end := start.Add(17 * day).Add(-time.Millisecond)
	var inside []time.Time
	for at := start.Add(time.Hour); at.Before(end); at = at.Add(day) {
		inside = append(inside, at)
	}
	outside := []time.Time{start.Add(-time.Hour), end.Add(time.Hour)}
	cases := windowCases()
	// One case per walk of the catalog that is not a paged endpoint's.
	var want, got []string
	for _, ep := range specCatalog(t) {
		if ep.Walk != "" && !ep.Paged {
			want = append(want, ep.Path+" "+ep.Walk)
		}
	}
	for _, wc := range cases {
		got = append(got, wc.path+" "+wc.method)
	}
	assert.ElementsMatch(t, want, got, "windowCases: one case per walk of an endpoint that is not paged")
	for _, wc := range cases {
		t.Run(wc.method, func(t *testing.T) {
			t.Parallel()
			t.Run("every piece", func(t *testing.T) {
				e := newEnv(t)
				room := e.srv.AddRoom("导出课堂")
				wc.seed(e, room, outside[:1])
				want := wc.seed(e, room, inside)
				wc.seed(e, room, outside[1:])
				got := collectN(t, wc.all(e, &gensee.ExportOptions{RoomID: room, StartTime: start, EndTime: end}), len(inside)+10)
				assert.Equal(t, want, got)
				assert.Len(t, e.requests(wc.path), 3, "one call per piece of at most 7 days")
			})
			t.Run("break", func(t *testing.T) {
				e := newEnv(t)
				room := e.srv.AddRoom("导出课堂")
				want := wc.seed(e, room, inside)
				var got []string
				for k, err := range wc.all(e, &gensee.ExportOptions{RoomID: room, StartTime: start, EndTime: end}) {
					require.NoError(t, err)
					got = append(got, k)
					if len(got) == 2 || len(got) > len(inside) {
						break
					}
				}
				assert.Equal(t, want[:2], got)
				assert.Len(t, e.requests(wc.path), 1, "no piece asked for after the break")
			})
			t.Run("error", func(t *testing.T) {
				e := newEnv(t)
				err := onlyError(wc.all(e, &gensee.ExportOptions{RoomID: "noSuchRoom", StartTime: start, EndTime: end}))
				requireAPIError(t, err, wc.path, gensee.CodeNotFound, gensee.ErrNotFound)
			})
		})
	}
}
