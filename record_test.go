package gensee

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	recordSynPath    = "/training/record/syn"
	recordChoosePath = "/training/record/choose"
	recordRemovePath = "/training/record/remove"
	grDeletePath     = "/training/gr/delete"
)

// recordPage1 is what testdata/record/syn_page1.json decodes to.
func recordPage1() *Page[*Record] {
	return &Page[*Record]{
		Items: []*Record{
			{
				ID: 1656282, Name: "高一数学 第3讲 函数的单调性",
				RecordStartTime: Time{time.UnixMilli(1709258400000)}, RecordEndTime: Time{time.UnixMilli(1709262000000)},
				CreatedTime: Time{time.UnixMilli(1709262065000)}, Size: 52428800, RoomID: "mquQf2",
				Duration: 3600000, Creator: 1000000017,
			},
			{
				ID: 1656290, Name: "英语口语\t课后答疑",
				RecordStartTime: Time{time.UnixMilli(1709348400000)}, RecordEndTime: Time{time.UnixMilli(1709350200000)},
				CreatedTime: Time{time.UnixMilli(1709350262000)}, Size: 10485760, RoomID: "FopnX4Bqmo",
				Duration: 1800000, Creator: 1000000023,
			},
		},
		PageNo: 1, TotalPages: 3, TotalCounts: 5,
	}
}

// recordsOnHang makes path answer only once the request's context is done
// (or, if it never is, after two seconds with success, so that a method that
// ignores its context fails the test instead of hanging it). The mock
// transport races its responder against the context; this takes the race
// out of the cancelled-context tests.
func recordsOnHang(h *harness, path string) {
	h.mock.RegisterResponder(http.MethodPost, testBase+path, func(req *http.Request) (*http.Response, error) {
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		case <-time.After(2 * time.Second):
			return httpmock.NewStringResponse(200, okBody), nil
		}
	})
}

// recordSyncPages answers record/syn with the golden page of the pageNo sent.
func recordSyncPages(h *harness) {
	h.onFunc(recordSynPath, func(int) (int, string) {
		form := h.lastForm()
		n := form.Get("pageNo")
		if n == "" {
			n = "1"
		}
		return 200, golden(h.t, "record/syn_page"+n+".json")
	})
}

// recordPageNos returns the pageNo of every request sent.
func recordPageNos(h *harness) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, f := range h.forms {
		out = append(out, f.Get("pageNo"))
	}
	return out
}

func TestRecordsSync(t *testing.T) {
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, ChinaZone())
	end := time.Date(2024, 3, 7, 23, 59, 59, 0, ChinaZone())
	tests := []struct {
		name string
		opts *SyncOptions
		form []string
	}{
		{"nil options send nothing but credentials", nil, nil},
		{"zero options send nothing but credentials", &SyncOptions{}, nil},
		{"page and window", &SyncOptions{PageNo: 1, StartTime: start, EndTime: end},
			[]string{"pageNo", "1", "startTime", "1709222400000", "endTime", "1709827199000"}},
		{"start only", &SyncOptions{StartTime: start}, []string{"startTime", "1709222400000"}},
		{"end only", &SyncOptions{EndTime: end}, []string{"endTime", "1709827199000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden(recordSynPath, "record/syn_page1.json")
			page, err := h.client.Records.Sync(context.Background(), tt.opts)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, recordPage1(), page)
			assert.True(t, page.HasNext())
		})
	}
}

func TestRecordsSyncMissingList(t *testing.T) {
	h := setup(t)
	h.onGolden(recordSynPath, "record/syn_empty.json")
	page, err := h.client.Records.Sync(context.Background(), nil)
	require.NoError(t, err)
	require.NotNil(t, page.Items)
	assert.Equal(t, &Page[*Record]{Items: []*Record{}, PageNo: 1, TotalPages: 1}, page, "totalPages 0: this page is the last")
}

func TestRecordDecodeNumericID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Record
	}{
		{"id as a number (real sites)", `{"id":1656282,"size":1,"duration":2,"creator":3}`,
			Record{ID: 1656282, Size: 1, Duration: 2, Creator: 3}},
		{"id as a string (the spec)", `{"id":"1656282","size":"1","duration":"2","creator":"3"}`,
			Record{ID: 1656282, Size: 1, Duration: 2, Creator: 3}},
		{"nulls", `{"id":null,"roomId":null,"size":null,"createdTime":null}`, Record{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(recordSynPath, 200, `{"code":"0","list":[`+tt.in+`]}`)
			page, err := h.client.Records.Sync(context.Background(), nil)
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.Equal(t, &tt.want, page.Items[0])
		})
	}
	h := setup(t)
	h.on(recordSynPath, 200, `{"code":"0","list":[{"size":"big"}]}`)
	_, err := h.client.Records.Sync(context.Background(), nil)
	assert.Error(t, err)
}

func TestRecordsSyncAPIError(t *testing.T) {
	for _, dc := range documentedCodes {
		t.Run(dc.code.String(), func(t *testing.T) {
			h := setup(t)
			h.on(recordSynPath, 200, apiErrorBody(dc.code, "错误"))
			page, err := h.client.Records.Sync(context.Background(), nil)
			assert.Nil(t, page)
			assertAPIError(t, err, recordSynPath, dc.code, "错误", dc.want)
		})
	}
}

func TestRecordsSyncValidation(t *testing.T) {
	start := time.Date(2024, 3, 7, 0, 0, 0, 0, ChinaZone())
	tests := []struct {
		name  string
		opts  *SyncOptions
		field string
	}{
		{"negative page", &SyncOptions{PageNo: -1}, "pageNo"},
		{"end before start", &SyncOptions{StartTime: start, EndTime: start.Add(-time.Millisecond)}, "endTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(recordSynPath, 200, okBody)
			_, err := h.client.Records.Sync(context.Background(), tt.opts)
			assertValidation(t, err, recordSynPath, tt.field)
			h.assertNothingSent()
		})
	}
	t.Run("SyncAll end before start", func(t *testing.T) {
		h := setup(t)
		h.on(recordSynPath, 200, okBody)
		errs := 0
		for _, err := range h.client.Records.SyncAll(context.Background(), &SyncOptions{StartTime: start, EndTime: start.Add(-time.Hour)}) {
			errs++
			assertValidation(t, err, recordSynPath, "endTime")
		}
		assert.Equal(t, 1, errs)
		h.assertNothingSent()
	})
}

func TestRecordsSyncCancelled(t *testing.T) {
	h := setup(t)
	recordsOnHang(h, recordSynPath)
	page, err := h.client.Records.Sync(cancelled(), nil)
	assert.Nil(t, page)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRecordsSyncAll(t *testing.T) {
	t.Run("walks three pages", func(t *testing.T) {
		h := setup(t)
		recordSyncPages(h)
		seq := h.client.Records.SyncAll(context.Background(), nil)
		h.assertNothingSent()
		var ids []int64
		for r, err := range seq {
			require.NoError(t, err)
			ids = append(ids, r.ID)
		}
		assert.Equal(t, []int64{1656282, 1656290, 1656301, 1656302, 1656315}, ids)
		assert.Equal(t, []string{"1", "2", "3"}, recordPageNos(h))
	})
	t.Run("starts at opts.PageNo and keeps the window", func(t *testing.T) {
		h := setup(t)
		recordSyncPages(h)
		start := time.UnixMilli(1709222400000)
		opts := &SyncOptions{PageNo: 2, StartTime: start}
		n := 0
		for _, err := range h.client.Records.SyncAll(context.Background(), opts) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 3, n)
		assert.Equal(t, []string{"2", "3"}, recordPageNos(h))
		h.assertForm("pageNo", "3", "startTime", "1709222400000")
		assert.Equal(t, 2, opts.PageNo, "the caller's options are not changed")
	})
	t.Run("break after the first item", func(t *testing.T) {
		h := setup(t)
		recordSyncPages(h)
		var got []*Record
		for r, err := range h.client.Records.SyncAll(context.Background(), nil) {
			require.NoError(t, err)
			got = append(got, r)
			break
		}
		assert.Equal(t, recordPage1().Items[:1], got)
		assert.Equal(t, 1, h.calls())
	})
	t.Run("error on page two", func(t *testing.T) {
		h := setup(t)
		h.onFunc(recordSynPath, func(n int) (int, string) {
			if n == 1 {
				return 200, golden(t, "record/syn_page1.json")
			}
			return 200, apiErrorBody(CodeSystemError, "系统错误")
		})
		items, errs := 0, 0
		for r, err := range h.client.Records.SyncAll(context.Background(), nil) {
			if err != nil {
				errs++
				assert.Nil(t, r)
				assertAPIError(t, err, recordSynPath, CodeSystemError, "系统错误", ErrSystem)
				continue
			}
			items++
		}
		assert.Equal(t, 2, items)
		assert.Equal(t, 1, errs)
		assert.Equal(t, 2, h.calls())
	})
	t.Run("cancelled", func(t *testing.T) {
		h := setup(t)
		recordsOnHang(h, recordSynPath)
		errs := 0
		for _, err := range h.client.Records.SyncAll(cancelled(), nil) {
			errs++
			assert.ErrorIs(t, err, context.Canceled)
		}
		assert.Equal(t, 1, errs)
	})
}

// recordInsertPlay names Choose and Remove, which share their rules.
var recordInsertPlay = []struct {
	path string
	call func(c *Client, ctx context.Context, roomID string, ids ...int64) error
}{
	{recordChoosePath, func(c *Client, ctx context.Context, roomID string, ids ...int64) error {
		return c.Records.Choose(ctx, roomID, ids...)
	}},
	{recordRemovePath, func(c *Client, ctx context.Context, roomID string, ids ...int64) error {
		return c.Records.Remove(ctx, roomID, ids...)
	}},
}

func TestRecordsChooseRemove(t *testing.T) {
	tests := []struct {
		name string
		ids  []int64
		form []string
	}{
		{"one id", []int64{1656282}, []string{"recordId[0]", "1656282"}},
		{"several ids in order", []int64{1656290, 1656282, 1656301},
			[]string{"recordId[0]", "1656290", "recordId[1]", "1656282", "recordId[2]", "1656301"}},
		{"repeated ids dropped, first kept", []int64{7, 9, 7, 3, 9, 9},
			[]string{"recordId[0]", "7", "recordId[1]", "9", "recordId[2]", "3"}},
	}
	for _, m := range recordInsertPlay {
		for _, tt := range tests {
			t.Run(m.path+"/"+tt.name, func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, okBody)
				require.NoError(t, m.call(h.client, context.Background(), "mquQf2", tt.ids...))
				h.assertForm(append([]string{"roomId", "mquQf2"}, tt.form...)...)
			})
		}
	}
}

func TestRecordsChooseRemoveKeepsCallerSlice(t *testing.T) {
	h := setup(t)
	h.on(recordChoosePath, 200, okBody)
	ids := []int64{5, 5, 6}
	require.NoError(t, h.client.Records.Choose(context.Background(), "mquQf2", ids...))
	assert.Equal(t, []int64{5, 5, 6}, ids)
}

func TestRecordsChooseRemoveAPIError(t *testing.T) {
	for _, m := range recordInsertPlay {
		for _, code := range []Code{CodeNotFound, CodeInvalidParam, CodeAuthFailed} {
			t.Run(m.path+"/"+code.String(), func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, apiErrorBody(code, "课堂不存在"))
				err := m.call(h.client, context.Background(), "mquQf2", 1656282)
				assertAPIError(t, err, m.path, code, "课堂不存在", code.sentinel())
			})
		}
	}
}

func TestRecordsChooseRemoveValidation(t *testing.T) {
	tests := []struct {
		name   string
		roomID string
		ids    []int64
		field  string
	}{
		{"no room", "", []int64{1}, "roomId"},
		{"blank room", "  ", []int64{1}, "roomId"},
		{"no ids", "mquQf2", nil, "recordId"},
		{"empty ids", "mquQf2", []int64{}, "recordId"},
		{"zero id", "mquQf2", []int64{1, 0}, "recordId[1]"},
		{"negative id", "mquQf2", []int64{-1656282}, "recordId[0]"},
	}
	for _, m := range recordInsertPlay {
		for _, tt := range tests {
			t.Run(m.path+"/"+tt.name, func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, okBody)
				err := m.call(h.client, context.Background(), tt.roomID, tt.ids...)
				assertValidation(t, err, m.path, tt.field)
				h.assertNothingSent()
			})
		}
	}
}

func TestRecordsChooseRemoveCancelled(t *testing.T) {
	for _, m := range recordInsertPlay {
		t.Run(m.path, func(t *testing.T) {
			h := setup(t)
			recordsOnHang(h, m.path)
			err := m.call(h.client, cancelled(), "mquQf2", 1656282)
			assert.ErrorIs(t, err, context.Canceled)
		})
	}
}

func TestRecordsDelete(t *testing.T) {
	h := setup(t)
	h.on(grDeletePath, 200, okBody)
	require.NoError(t, h.client.Records.Delete(context.Background(), 1656282))
	h.assertForm("grId", "1656282")
}

func TestRecordsDeleteAPIError(t *testing.T) {
	for _, code := range []Code{CodeNotFound, CodeBusinessError} {
		t.Run(code.String(), func(t *testing.T) {
			h := setup(t)
			h.on(grDeletePath, 200, apiErrorBody(code, "录制件不存在"))
			err := h.client.Records.Delete(context.Background(), 1656282)
			assertAPIError(t, err, grDeletePath, code, "录制件不存在", code.sentinel())
		})
	}
}

func TestRecordsDeleteValidation(t *testing.T) {
	for _, id := range []int64{0, -1} {
		t.Run(strconv.FormatInt(id, 10), func(t *testing.T) {
			h := setup(t)
			h.on(grDeletePath, 200, okBody)
			err := h.client.Records.Delete(context.Background(), id)
			assertValidation(t, err, grDeletePath, "grId")
			h.assertNothingSent()
		})
	}
}

func TestRecordsDeleteCancelled(t *testing.T) {
	h := setup(t)
	recordsOnHang(h, grDeletePath)
	err := h.client.Records.Delete(cancelled(), 1656282)
	assert.ErrorIs(t, err, context.Canceled)
}
