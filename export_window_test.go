package gensee

import (
	"context"
	"iter"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func epochMs(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func TestExportWindowPieces(t *testing.T) {
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, ChinaZone())
	day := 24 * time.Hour
	tests := []struct {
		name       string
		start, end time.Time
		want       [][2]time.Time // zero pair: no window sent
	}{
		{"both zero: the last session, one call", time.Time{}, time.Time{}, [][2]time.Time{{}}},
		{"one instant", start, start, [][2]time.Time{{start, start}}},
		{"exactly 7 days: one piece", start, start.Add(7 * day), [][2]time.Time{{start, start.Add(7 * day)}}},
		{"7 days and 1 ms: two pieces", start, start.Add(7*day + time.Millisecond), [][2]time.Time{
			{start, start.Add(7 * day)}, {start.Add(7*day + time.Millisecond), start.Add(7*day + time.Millisecond)}}},
		{"30 days", start, start.Add(30 * day), [][2]time.Time{
			{start, start.Add(7 * day)},
			{start.Add(7*day + time.Millisecond), start.Add(14*day + time.Millisecond)},
			{start.Add(14*day + 2*time.Millisecond), start.Add(21*day + 2*time.Millisecond)},
			{start.Add(21*day + 3*time.Millisecond), start.Add(28*day + 3*time.Millisecond)},
			{start.Add(28*day + 4*time.Millisecond), start.Add(30 * day)}}},
		{"sub-millisecond parts dropped", start.Add(999 * time.Microsecond), start.Add(time.Second + 1500*time.Microsecond),
			[][2]time.Time{{start, start.Add(time.Second + time.Millisecond)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/export/history", 200, `{"code":"0","list":[]}`)
			n := 0
			for _, err := range h.client.Exports.AttendanceAll(t.Context(), &ExportOptions{RoomID: "r1", StartTime: tt.start, EndTime: tt.end}) {
				require.NoError(t, err)
				n++
			}
			assert.Zero(t, n)
			require.Equal(t, len(tt.want), h.calls())
			for i, w := range tt.want {
				if w[0].IsZero() {
					assert.Equal(t, wantForm("roomId", "r1"), h.forms[i])
					continue
				}
				assert.Equal(t, wantForm("roomId", "r1", "startTime", epochMs(w[0]), "endTime", epochMs(w[1])), h.forms[i], "piece %d", i)
			}
		})
	}
}

func TestExportWindowAllMethods(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, ChinaZone())
	opts := &ExportOptions{RoomID: "r1", StartTime: start, EndTime: start.Add(10 * 24 * time.Hour)}
	count := func(seq func(func(any, error) bool)) (int, error) {
		n := 0
		for _, err := range seq {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}
	tests := []struct {
		path, body string
		seq        func(c *Client) func(func(any, error) bool)
	}{
		{"/training/export/history", `{"code":"0","list":[{"uid":1000000001},{"uid":1000000002}]}`,
			func(c *Client) func(func(any, error) bool) {
				return anySeq(c.Exports.AttendanceAll(context.Background(), opts))
			}},
		{"/training/export/qa", `{"code":"0","list":[{"question":"a"},{"question":"b"}]}`,
			func(c *Client) func(func(any, error) bool) {
				return anySeq(c.Exports.QAAll(context.Background(), opts))
			}},
		{"/training/export/rollcall", `{"code":"0","rollcall":[{"id":"1"},{"id":"2"}]}`,
			func(c *Client) func(func(any, error) bool) {
				return anySeq(c.Exports.RollCallsAll(context.Background(), opts))
			}},
		// Votes without an id: nothing tells them from the other piece's
		// (votes with an id are yielded once: TestE2EExportWindowMarginVotes).
		{"/training/export/vote", `{"code":"0","list":[{"subject":"1"},{"subject":"2"}]}`,
			func(c *Client) func(func(any, error) bool) {
				return anySeq(c.Exports.VotesAll(context.Background(), opts))
			}},
		{"/training/export/chat", `{"code":"0","list":[{"msg":"a"},{"msg":"b"}]}`,
			func(c *Client) func(func(any, error) bool) {
				return anySeq(c.Exports.ChatAll(context.Background(), opts))
			}},
		{"/training/export/redpacket", `{"code":"0","redpacket":[{"userName":"a"},{"userName":"b"}]}`,
			func(c *Client) func(func(any, error) bool) {
				return anySeq(c.Exports.RedPacketsAll(context.Background(), opts))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h := setup(t)
			h.on(tt.path, 200, tt.body)
			seq := tt.seq(h.client)
			assert.Equal(t, 0, h.calls(), "nothing is sent until ranged")
			n, err := count(seq)
			require.NoError(t, err)
			assert.Equal(t, 4, n, "two rows from each of two pieces")
			assert.Equal(t, 2, h.calls())
		})
	}
}

// anySeq turns an iter.Seq2[*T, error] into one of any.
func anySeq[T any](seq iter.Seq2[T, error]) func(func(any, error) bool) {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}

func TestExportWindowErrorsAndBreak(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, ChinaZone())
	const path = "/training/export/chat"
	tests := []struct {
		name  string
		opts  *ExportOptions
		field string
	}{
		{"nil options", nil, "request"},
		{"no room", &ExportOptions{StartTime: start, EndTime: start.Add(time.Hour)}, "roomId"},
		{"start without end", &ExportOptions{RoomID: "r1", StartTime: start}, "endTime"},
		{"end without start", &ExportOptions{RoomID: "r1", EndTime: start}, "startTime"},
		{"end before start", &ExportOptions{RoomID: "r1", StartTime: start, EndTime: start.Add(-time.Millisecond)}, "endTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(path, 200, `{"code":"0","list":[]}`)
			var errs []error
			for _, err := range h.client.Exports.ChatAll(t.Context(), tt.opts) {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assertValidation(t, errs[0], path, tt.field)
			h.assertNothingSent()
		})
	}

	t.Run("an error ends the walk, yielded once", func(t *testing.T) {
		h := setup(t)
		h.onFunc(path, func(n int) (int, string) {
			if n == 2 {
				return 200, apiErrorBody(CodeNotFound, "数据不存在")
			}
			return 200, `{"code":"0","list":[{"msg":"a"}]}`
		})
		var rows, errs int
		for _, err := range h.client.Exports.ChatAll(t.Context(), &ExportOptions{RoomID: "r1", StartTime: start, EndTime: start.Add(30 * 24 * time.Hour)}) {
			if err != nil {
				errs++
				assertAPIError(t, err, path, CodeNotFound, "数据不存在", ErrNotFound)
				continue
			}
			rows++
		}
		assert.Equal(t, 1, rows)
		assert.Equal(t, 1, errs)
		assert.Equal(t, 2, h.calls())
	})

	t.Run("break stops fetching; later changes to the options do not count", func(t *testing.T) {
		h := setup(t)
		h.on(path, 200, `{"code":"0","list":[{"msg":"a"},{"msg":"b"}]}`)
		opts := &ExportOptions{RoomID: "r1", StartTime: start, EndTime: start.Add(30 * 24 * time.Hour)}
		seq := h.client.Exports.ChatAll(t.Context(), opts)
		opts.RoomID = "changed"
		for range seq {
			break
		}
		assert.Equal(t, 1, h.calls())
		assert.Equal(t, "r1", h.lastForm().Get("roomId"))
	})
}
