package gensee

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportPaged is one paged export for the walk tests: its page bodies, and
// its …All method reduced to a sequence of user ids.
type exportPaged struct {
	name string
	path string
	body func(pageNo, totalPages int, ids []int64) string
	all  func(ctx context.Context, c *Client, pageNo int) iter.Seq2[int64, error]
	form func(pageNo int) []string
}

func exportKeys[T any](seq iter.Seq2[T, error], key func(T) int64) iter.Seq2[int64, error] {
	return func(yield func(int64, error) bool) {
		for v, err := range seq {
			var k int64
			if err == nil {
				k = key(v)
			}
			if !yield(k, err) {
				return
			}
		}
	}
}

// exportPageObject is an answer with the rows under key and a page object.
func exportPageObject(key, row string) func(int, int, []int64) string {
	return func(pageNo, totalPages int, ids []int64) string {
		rows := make([]string, len(ids))
		for i, id := range ids {
			rows[i] = fmt.Sprintf(row, id)
		}
		return fmt.Sprintf(`{"code":"0","message":"成功","%s":[%s],"page":{"pageNo":%d,"totalPages":"%d","totalCounts":%d}}`,
			key, strings.Join(rows, ","), pageNo, totalPages, 2*totalPages)
	}
}

var exportPagedCases = []exportPaged{
	{
		name: "MedalsAll", path: "/training/export/medal",
		body: exportPageObject("medalDtos", `{"userName":"颁发人","userId":%d,"count":1,"roomStartTime":1709636400000}`),
		all: func(ctx context.Context, c *Client, pageNo int) iter.Seq2[int64, error] {
			return exportKeys(c.Exports.MedalsAll(ctx, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: exportRoom}, PageNo: pageNo}),
				func(m *Medal) int64 { return m.UserID })
		},
		form: func(pageNo int) []string { return []string{"roomId", exportRoom, "pageNo", strconv.Itoa(pageNo)} },
	},
	{
		name: "PraisesAll", path: "/training/export/praise",
		body: exportPageObject("praiseDtos", `{"userName":"接收人","userId":"%d","count":"2","roomStartTime":1709636400000}`),
		all: func(ctx context.Context, c *Client, pageNo int) iter.Seq2[int64, error] {
			o := &PagedExportOptions{ExportOptions: ExportOptions{RoomID: exportRoom, StartTime: exportStart, EndTime: exportEnd}, PageNo: pageNo}
			return exportKeys(c.Exports.PraisesAll(ctx, o), func(p *Praise) int64 { return p.UserID })
		},
		form: func(pageNo int) []string {
			return append([]string{"pageNo", strconv.Itoa(pageNo)}, exportWindowForm...)
		},
	},
	{
		name: "PraiseDetailsAll", path: "/training/export/praise/detail",
		body: exportPageObject("praiseDtos", `{"userId":%d,"userName":"点赞人","actionTime":1709637900000,"targetUserId":1,"targetUserName":"王老师"}`),
		all: func(ctx context.Context, c *Client, pageNo int) iter.Seq2[int64, error] {
			return exportKeys(c.Exports.PraiseDetailsAll(ctx, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: exportRoom}, PageNo: pageNo}),
				func(p *PraiseDetail) int64 { return p.UserID })
		},
		form: func(pageNo int) []string { return []string{"roomId", exportRoom, "pageNo", strconv.Itoa(pageNo)} },
	},
	{
		name: "StudyHistoryAll", path: "/training/export/study/history",
		body: func(pageNo, totalPages int, ids []int64) string {
			rows := make([]string, len(ids))
			for i, id := range ids {
				rows[i] = fmt.Sprintf(`{"id":"a7Fq2LmZ9k","uid":"%d","startTime":1709600400000,"leaveTime":1709602200000,"device":1}`, id)
			}
			return fmt.Sprintf(`{"code":"0","message":"成功","list":[%s],"pageNo":"%d","totalPages":%d,"totalCounts":%d}`,
				strings.Join(rows, ","), pageNo, totalPages, 2*totalPages)
		},
		all: func(ctx context.Context, c *Client, pageNo int) iter.Seq2[int64, error] {
			o := &StudyHistoryOptions{Date: NewDate(2024, 3, 5), JoinTimeSync: Ptr(true), PageNo: pageNo}
			return exportKeys(c.Exports.StudyHistoryAll(ctx, o), func(r *StudyRecord) int64 {
				return r.UID
			})
		},
		form: func(pageNo int) []string {
			return []string{"date", "2024-03-05 00:00:00", "joinTimeSync", "true", "pageNo", strconv.Itoa(pageNo)}
		},
	},
}

// exportPageIDs are the two user ids of page n.
func exportPageIDs(n int) []int64 {
	return []int64{int64(1000000000 + 10*n + 1), int64(1000000000 + 10*n + 2)}
}

func TestExportPagingWalk(t *testing.T) {
	for _, pc := range exportPagedCases {
		t.Run(pc.name+"/three pages", func(t *testing.T) {
			h := setup(t)
			h.onFunc(pc.path, func(n int) (int, string) { return 200, pc.body(n, 3, exportPageIDs(n)) })
			seq := pc.all(t.Context(), h.client, 0)
			assert.Equal(t, 0, h.calls(), "nothing is sent before ranging")
			var got []int64
			for id, err := range bounded(t, seq, maxWalkItems) {
				require.NoError(t, err)
				got = append(got, id)
			}
			want := append(append(exportPageIDs(1), exportPageIDs(2)...), exportPageIDs(3)...)
			assert.Equal(t, want, got)
			require.Equal(t, 3, h.calls())
			for i := range 3 {
				assert.Equal(t, wantForm(pc.form(i+1)...), h.forms[i], "page %d", i+1)
			}
		})
		t.Run(pc.name+"/from page 2", func(t *testing.T) {
			h := setup(t)
			h.onFunc(pc.path, func(n int) (int, string) { return 200, pc.body(n+1, 3, exportPageIDs(n+1)) })
			var got []int64
			for id, err := range bounded(t, pc.all(t.Context(), h.client, 2), maxWalkItems) {
				require.NoError(t, err)
				got = append(got, id)
			}
			assert.Equal(t, append(exportPageIDs(2), exportPageIDs(3)...), got)
			assert.Equal(t, 2, h.calls())
			assert.Equal(t, wantForm(pc.form(2)...), h.forms[0])
		})
		t.Run(pc.name+"/early break", func(t *testing.T) {
			h := setup(t)
			h.onFunc(pc.path, func(n int) (int, string) { return 200, pc.body(n, 3, exportPageIDs(n)) })
			var got []int64
			for id, err := range bounded(t, pc.all(t.Context(), h.client, 1), maxWalkItems) {
				require.NoError(t, err)
				got = append(got, id)
				break
			}
			assert.Equal(t, exportPageIDs(1)[:1], got)
			assert.Equal(t, 1, h.calls())
		})
		t.Run(pc.name+"/error on page two", func(t *testing.T) {
			h := setup(t)
			h.onFunc(pc.path, func(n int) (int, string) {
				if n == 2 {
					return 200, apiErrorBody(CodeNotFound, "数据不存在")
				}
				return 200, pc.body(n, 3, exportPageIDs(n))
			})
			var got []int64
			var errs []error
			for id, err := range bounded(t, pc.all(t.Context(), h.client, 1), maxWalkItems) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, id)
			}
			assert.Equal(t, exportPageIDs(1), got)
			require.Len(t, errs, 1)
			assertAPIError(t, errs[0], pc.path, CodeNotFound, "数据不存在", ErrNotFound)
			assert.Equal(t, 2, h.calls())
		})
		t.Run(pc.name+"/empty first page", func(t *testing.T) {
			h := setup(t)
			h.onFunc(pc.path, func(n int) (int, string) { return 200, pc.body(n, 0, nil) })
			for _, err := range pc.all(t.Context(), h.client, 1) {
				t.Fatalf("unexpected item (err %v)", err)
			}
			assert.Equal(t, 1, h.calls())
		})
	}
}

func TestExportAllNilOptions(t *testing.T) {
	h := setup(t)
	seqs := []struct {
		path string
		seq  func() []error
	}{
		{"/training/export/medal", func() []error { return exportErrs(h.client.Exports.MedalsAll(t.Context(), nil)) }},
		{"/training/export/praise", func() []error { return exportErrs(h.client.Exports.PraisesAll(t.Context(), nil)) }},
		{"/training/export/praise/detail", func() []error { return exportErrs(h.client.Exports.PraiseDetailsAll(t.Context(), nil)) }},
		{"/training/export/study/history", func() []error { return exportErrs(h.client.Exports.StudyHistoryAll(t.Context(), nil)) }},
	}
	for _, s := range seqs {
		errs := s.seq()
		require.Len(t, errs, 1, s.path)
		assertValidation(t, errs[0], s.path, "request")
	}
	h.assertNothingSent()
}

// exportErrs returns the errors seq yields, stopping past maxWalkItems
// items or errors (with errEndless last).
func exportErrs[T any](seq iter.Seq2[T, error]) []error {
	var errs []error
	n := 0
	for _, err := range seq {
		if n++; n > maxWalkItems {
			return append(errs, errEndless)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
