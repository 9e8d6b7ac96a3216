package gensee

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewPageAndHasNext(t *testing.T) {
	pg := newPage[int](context.Background(), nil, pageTotals{}, 0)
	assert.Equal(t, &Page[int]{Items: []int{}, PageNo: 1, TotalPages: 1, TotalCounts: 0}, pg)
	assert.False(t, pg.HasNext())
	pg = newPage(context.Background(), []int{1, 2}, pageTotals{Page: &pageInfo{PageNo: 2, TotalPages: 3, TotalCounts: 52}}, 2)
	assert.Equal(t, &Page[int]{Items: []int{1, 2}, PageNo: 2, TotalPages: 3, TotalCounts: 52}, pg)
	assert.True(t, pg.HasNext())
}

func TestNewPageTotals(t *testing.T) {
	tests := []struct {
		name  string
		body  string // the totals of the answer, as JSON members
		asked int
		want  Page[int]
	}{
		{"nested", `"page":{"pageNo":2,"totalPages":3,"totalCounts":120}`, 2, Page[int]{PageNo: 2, TotalPages: 3, TotalCounts: 120}},
		{"flat", `"pageNo":"2","totalPages":"3","totalCounts":"120"`, 2, Page[int]{PageNo: 2, TotalPages: 3, TotalCounts: 120}},
		{"nested wins over flat", `"page":{"pageNo":2,"totalPages":3,"totalCounts":120},"totalPages":9`, 2, Page[int]{PageNo: 2, TotalPages: 3, TotalCounts: 120}},
		{"none: this page is the last", ``, 4, Page[int]{PageNo: 4, TotalPages: 4, TotalCounts: 2}},
		{"page number not reported (0)", `"page":{"pageNo":0,"totalPages":3,"totalCounts":120}`, 2, Page[int]{PageNo: 2, TotalPages: 3, TotalCounts: 120}},
		{"page number null", `"pageNo":null,"totalPages":3`, 2, Page[int]{PageNo: 2, TotalPages: 3}},
		{"page number reported otherwise", `"page":{"pageNo":1,"totalPages":3}`, 2, Page[int]{PageNo: 1, TotalPages: 3}},
		{"totalPages zero", `"page":{"pageNo":2,"totalPages":0}`, 2, Page[int]{PageNo: 2, TotalPages: 2}},
		{"totalPages negative", `"pageNo":2,"totalPages":-1`, 2, Page[int]{PageNo: 2, TotalPages: 2}},
		{"totalPages null", `"pageNo":2,"totalPages":null,"totalCounts":7`, 2, Page[int]{PageNo: 2, TotalPages: 2, TotalCounts: 7}},
		{"nothing asked: page 1", `"page":{"totalPages":3}`, 0, Page[int]{PageNo: 1, TotalPages: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			sep := ","
			if tt.body == "" {
				sep = ""
			}
			h.on("/training/x", 200, `{"code":"0","list":[5,6]`+sep+tt.body+`}`)
			var resp listPage[int]
			require.NoError(t, h.client.Call(context.Background(), "/training/x", nil, &resp))
			got := newPage(context.Background(), resp.List, resp.pageTotals, tt.asked)
			tt.want.Items = []int{5, 6}
			assert.Equal(t, &tt.want, got)
		})
	}
}

// allIterator is the …All iterator of a paged endpoint, run against httpmock: path,
// the list key of its answer, one item's JSON for a number, and a walk that
// returns the numbers of the items yielded and the error.
type allIterator struct {
	name, path, key string
	item            func(n int) string
	reportsPage     bool // the answer carries a page number (all but export/praise/detail)
	walk            func(ctx context.Context, c *Client) ([]int64, error)
}

// maxWalkItems bounds every walk of the unit tests: none answers more, and
// a walk past it is one whose paging guard broke, which must fail the test
// rather than spin until go test's timeout (setup's client also stops at
// MaxTestRequests requests).
const maxWalkItems = 1000

// errEndless is the error of a walk stopped at maxWalkItems.
var errEndless = fmt.Errorf("the walk yielded more than %d items: does it end?", maxWalkItems)

// numbers ranges seq, keeping num(item) of each item, until the first
// error, or errEndless past maxWalkItems items.
func numbers[T any](seq iter.Seq2[T, error], num func(T) int64) ([]int64, error) {
	var out []int64
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		if len(out) == maxWalkItems {
			return out, errEndless
		}
		out = append(out, num(v))
	}
	return out, nil
}

var room = "mquQf2"

var allIterators = []allIterator{
	{"Rooms.SyncAll", "/training/room/sync", "list", func(n int) string { return fmt.Sprintf(`{"code":"%d"}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Rooms.SyncAll(ctx, nil), func(r *RoomSummary) int64 { return atoi64(r.Code) })
		}},
	{"Coursewares.SyncAll", "/training/courseware/syn", "list", func(n int) string { return fmt.Sprintf(`{"recordId":%d}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Coursewares.SyncAll(ctx, nil), func(r *Courseware) int64 { return r.RecordID })
		}},
	{"Records.SyncAll", "/training/record/syn", "list", func(n int) string { return fmt.Sprintf(`{"id":%d}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Records.SyncAll(ctx, nil), func(r *Record) int64 { return r.ID })
		}},
	{"Docs.SyncAll", "/training/doc/syn", "list", func(n int) string { return fmt.Sprintf(`{"id":"%d"}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Docs.SyncAll(ctx, nil), func(r *Doc) int64 { return r.ID })
		}},
	{"Exports.MedalsAll", "/training/export/medal", "medalDtos", func(n int) string { return fmt.Sprintf(`{"userId":%d}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Exports.MedalsAll(ctx, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: room}}), func(r *Medal) int64 { return r.UserID })
		}},
	{"Exports.PraisesAll", "/training/export/praise", "praiseDtos", func(n int) string { return fmt.Sprintf(`{"userId":%d}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Exports.PraisesAll(ctx, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: room}}), func(r *Praise) int64 { return r.UserID })
		}},
	{"Exports.PraiseDetailsAll", "/training/export/praise/detail", "praiseDtos", func(n int) string { return fmt.Sprintf(`{"userId":%d}`, n) }, false,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Exports.PraiseDetailsAll(ctx, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: room}}), func(r *PraiseDetail) int64 { return r.UserID })
		}},
	{"Exports.StudyHistoryAll", "/training/export/study/history", "list", func(n int) string { return fmt.Sprintf(`{"uid":"%d"}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.Exports.StudyHistoryAll(ctx, &StudyHistoryOptions{Date: NewDate(2024, 3, 1)}), func(r *StudyRecord) int64 { return r.UID })
		}},
	{"MiniRooms.StudentStatsAll", "/training/miniroom/export/history", "recordStatistics", func(n int) string { return fmt.Sprintf(`{"userId":%d}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.MiniRooms.StudentStatsAll(ctx, "mini1"), func(r *MiniRoomStudentStats) int64 { return r.UserID })
		}},
	{"MiniRooms.RoomStatsAll", "/training/miniroom/syn", "roomStatistics", func(n int) string { return fmt.Sprintf(`{"visitNum":%d}`, n) }, true,
		func(ctx context.Context, c *Client) ([]int64, error) {
			return numbers(c.MiniRooms.RoomStatsAll(ctx), func(r *MiniRoomStats) int64 { return r.VisitNum })
		}},
}

func atoi64(s string) int64 {
	var n int64
	_, _ = fmt.Sscan(s, &n)
	return n
}

// pageBody is an answer holding the items numbered first..first+count-1
// under key, and the totals given as JSON members (may be empty).
func pageBody(it allIterator, first, count int, totals string) string {
	items := make([]string, count)
	for i := range items {
		items[i] = it.item(first + i)
	}
	b := `{"code":"0","` + it.key + `":[` + strings.Join(items, ",") + `]`
	if totals != "" {
		b += "," + totals
	}
	return b + "}"
}

// TestAllIteratorsPagingRules runs every paging rule of the README on the
// …All iterator of each paged endpoint of the catalog.
func TestAllIteratorsPagingRules(t *testing.T) {
	var want, got []string
	for _, e := range specCatalog(t) {
		if e.Paged {
			want = append(want, e.Path+" "+e.Walk)
		}
	}
	for _, it := range allIterators {
		got = append(got, it.path+" "+it.name)
	}
	assert.ElementsMatch(t, want, got, "allIterators: one row per paged endpoint of the catalog, named by its walk")
	nested := func(no, total int) string {
		return fmt.Sprintf(`"page":{"pageNo":%d,"totalPages":%d,"totalCounts":%d}`, no, total, 2*total)
	}
	flat := func(no, total int) string {
		return fmt.Sprintf(`"pageNo":"%d","totalPages":"%d","totalCounts":"%d"`, no, total, 2*total)
	}
	type answer func(it allIterator, n int) string // the answer to the n-th call
	rules := []struct {
		name      string
		answer    answer
		wantItems []int64
		wantCalls int
		wantErr   func(it allIterator) error // nil: no error
	}{
		{"nested totals: every page once", func(it allIterator, n int) string { return pageBody(it, 10*n, 2, nested(n, 3)) },
			[]int64{10, 11, 20, 21, 30, 31}, 3, nil},
		{"flat totals: every page once", func(it allIterator, n int) string { return pageBody(it, 10*n, 2, flat(n, 3)) },
			[]int64{10, 11, 20, 21, 30, 31}, 3, nil},
		{"an empty page ends the walk", func(it allIterator, n int) string {
			if n == 2 {
				return pageBody(it, 0, 0, nested(2, 9))
			}
			return pageBody(it, 10*n, 2, nested(n, 9))
		}, []int64{10, 11}, 2, nil},
		{"no totals: the page is the last", func(it allIterator, n int) string { return pageBody(it, 10*n, 2, "") },
			[]int64{10, 11}, 1, nil},
		{"totalPages zero: the page is the last", func(it allIterator, n int) string { return pageBody(it, 10*n, 2, nested(n, 0)) },
			[]int64{10, 11}, 1, nil},
		{"totalPages negative: the page is the last", func(it allIterator, n int) string { return pageBody(it, 10*n, 2, flat(n, -1)) },
			[]int64{10, 11}, 1, nil},
		{"totalPages null: the page is the last", func(it allIterator, n int) string {
			return pageBody(it, 10*n, 2, `"page":{"pageNo":1,"totalPages":null}`)
		}, []int64{10, 11}, 1, nil},
		{"a server that ignores pageNo: an error, no row twice", func(it allIterator, n int) string {
			if !it.reportsPage {
				return pageBody(it, 10, 2, `"page":{"totalPages":1000000000}`)
			}
			return pageBody(it, 10, 2, nested(1, 1000000000))
		}, []int64{10, 11}, 2, func(it allIterator) error {
			if !it.reportsPage {
				return &PageError{Endpoint: it.path, Asked: 2}
			}
			return &PageError{Endpoint: it.path, Asked: 2, Got: 1}
		}},
		{"a null item is left out", func(it allIterator, n int) string {
			return `{"code":"0","` + it.key + `":[null,` + it.item(7) + `,null],` + nested(1, 1) + `}`
		}, []int64{7}, 1, nil},
	}
	for _, it := range allIterators {
		for _, rule := range rules {
			t.Run(it.name+"/"+rule.name, func(t *testing.T) {
				h := setup(t)
				h.onFunc(it.path, func(n int) (int, string) { return 200, rule.answer(it, n) })
				got, err := it.walk(context.Background(), h.client)
				assert.Equal(t, rule.wantItems, got)
				assert.Equal(t, rule.wantCalls, h.calls())
				if rule.wantErr == nil {
					require.NoError(t, err)
					return
				}
				var pe *PageError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, rule.wantErr(it), pe)
			})
		}
	}
}
