package gensee

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	docSynPath    = "/training/doc/syn"
	docAttachPath = "/training/doc/attach"
	docDetachPath = "/training/doc/detach"
)

// docPage1 is what testdata/doc/syn_page1.json decodes to.
func docPage1() *Page[*Doc] {
	return &Page[*Doc]{
		Items: []*Doc{
			{ID: 2030417, Name: "第一章 集合与函数.pptx", Upload: true,
				CreatedTime: Time{time.UnixMilli(1709258400000)}, ConvCode: ConvCodeSuccess},
			{ID: 2030422, Name: "期中复习提纲.pdf", Upload: false,
				CreatedTime: Time{time.UnixMilli(1709344800000)}, ConvCode: ConvCodeConverting},
			{ID: 2030425, Name: "课堂白板 2024-03-02", Upload: false,
				CreatedTime: Time{time.UnixMilli(1709352000000)}, ConvCode: ConvCodeFailed},
		},
		PageNo: 1, TotalPages: 3, TotalCounts: 6,
	}
}

// docSyncPages answers doc/syn with the golden page of the pageNo sent.
func docSyncPages(h *harness) {
	h.onFunc(docSynPath, func(int) (int, string) {
		n := h.lastForm().Get("pageNo")
		if n == "" {
			n = "1"
		}
		return 200, golden(h.t, "doc/syn_page"+n+".json")
	})
}

func TestDocsSync(t *testing.T) {
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, ChinaZone())
	end := time.Date(2024, 3, 31, 0, 0, 0, 0, ChinaZone())
	tests := []struct {
		name string
		opts *SyncOptions
		form []string
	}{
		{"nil options send nothing but credentials", nil, nil},
		{"page and window", &SyncOptions{PageNo: 1, StartTime: start, EndTime: end},
			[]string{"pageNo", "1", "startTime", "1709222400000", "endTime", "1711814400000"}},
		{"end only", &SyncOptions{EndTime: end}, []string{"endTime", "1711814400000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden(docSynPath, "doc/syn_page1.json")
			page, err := h.client.Docs.Sync(context.Background(), tt.opts)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, docPage1(), page)
		})
	}
}

func TestDocsSyncMissingList(t *testing.T) {
	h := setup(t)
	h.onGolden(docSynPath, "doc/syn_empty.json")
	page, err := h.client.Docs.Sync(context.Background(), nil)
	require.NoError(t, err)
	require.NotNil(t, page.Items)
	assert.Equal(t, &Page[*Doc]{Items: []*Doc{}, PageNo: 1, TotalPages: 1}, page, "totalPages 0: this page is the last")
}

func TestDocDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Doc
	}{
		{"Id as the spec spells it", `{"Id":2030417}`, Doc{ID: 2030417}},
		{"id in lower case", `{"id":2030417}`, Doc{ID: 2030417}},
		{"ID quoted", `{"ID":"2030417"}`, Doc{ID: 2030417}},
		{"upload as the string true", `{"upload":"true"}`, Doc{Upload: true}},
		{"upload as the string false", `{"upload":"false"}`, Doc{}},
		{"upload as a boolean", `{"upload":true}`, Doc{Upload: true}},
		{"convCode quoted", `{"convCode":"2"}`, Doc{ConvCode: ConvCodeConverting}},
		{"nulls", `{"Id":null,"upload":null,"convCode":null,"createdTime":null}`, Doc{}},
	}
	sync := func(t *testing.T, row string) (*Page[*Doc], error) {
		h := setup(t)
		h.on(docSynPath, 200, `{"code":"0","list":[`+row+`]}`)
		return h.client.Docs.Sync(context.Background(), nil)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := sync(t, tt.in)
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assert.Equal(t, &tt.want, page.Items[0])
		})
	}
	for _, bad := range []string{`{"upload":"yes"}`, `{"Id":"x"}`, `{"convCode":[1]}`} {
		_, err := sync(t, bad)
		assert.Error(t, err, bad)
	}
}

func TestConvCodeString(t *testing.T) {
	tests := map[ConvCode]string{
		ConvCodeSuccess: "success", ConvCodeFailed: "failed", ConvCodeConverting: "converting",
		3: "Unknown(3)", -1: "Unknown(-1)",
	}
	for c, want := range tests {
		assert.Equal(t, want, c.String())
	}
}

func TestDocsSyncAPIError(t *testing.T) {
	for _, code := range []Code{CodeAuthFailed, CodeDisabled} {
		t.Run(code.String(), func(t *testing.T) {
			h := setup(t)
			h.on(docSynPath, 200, apiErrorBody(code, "认证失败"))
			page, err := h.client.Docs.Sync(context.Background(), nil)
			assert.Nil(t, page)
			assertAPIError(t, err, docSynPath, code, "认证失败", code.sentinel())
		})
	}
}

func TestDocsSyncValidation(t *testing.T) {
	start := time.Date(2024, 3, 7, 0, 0, 0, 0, ChinaZone())
	tests := []struct {
		name  string
		opts  *SyncOptions
		field string
	}{
		{"negative page", &SyncOptions{PageNo: -2}, "pageNo"},
		{"end before start", &SyncOptions{StartTime: start, EndTime: start.AddDate(0, 0, -1)}, "endTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(docSynPath, 200, okBody)
			_, err := h.client.Docs.Sync(context.Background(), tt.opts)
			assertValidation(t, err, docSynPath, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestDocsSyncCancelled(t *testing.T) {
	h := setup(t)
	recordsOnHang(h, docSynPath)
	page, err := h.client.Docs.Sync(cancelled(), nil)
	assert.Nil(t, page)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDocsSyncAll(t *testing.T) {
	t.Run("walks three pages", func(t *testing.T) {
		h := setup(t)
		docSyncPages(h)
		seq := h.client.Docs.SyncAll(context.Background(), &SyncOptions{EndTime: time.UnixMilli(1711814400000)})
		h.assertNothingSent()
		var ids []int64
		for d, err := range seq {
			require.NoError(t, err)
			ids = append(ids, d.ID)
		}
		assert.Equal(t, []int64{2030417, 2030422, 2030425, 2030431, 2030433, 2030440}, ids)
		h.mu.Lock()
		var sent []string
		for _, f := range h.forms {
			sent = append(sent, f.Get("pageNo")+"/"+f.Get("endTime"))
		}
		h.mu.Unlock()
		assert.Equal(t, []string{"1/1711814400000", "2/1711814400000", "3/1711814400000"}, sent)
	})
	t.Run("break after the first item", func(t *testing.T) {
		h := setup(t)
		docSyncPages(h)
		var got []*Doc
		for d, err := range h.client.Docs.SyncAll(context.Background(), nil) {
			require.NoError(t, err)
			got = append(got, d)
			break
		}
		assert.Equal(t, docPage1().Items[:1], got)
		assert.Equal(t, 1, h.calls())
	})
	t.Run("error on page two", func(t *testing.T) {
		h := setup(t)
		h.onFunc(docSynPath, func(n int) (int, string) {
			if n == 1 {
				return 200, golden(t, "doc/syn_page1.json")
			}
			return 200, apiErrorBody(CodeFailed, "失败")
		})
		items, errs := 0, 0
		for d, err := range h.client.Docs.SyncAll(context.Background(), nil) {
			if err != nil {
				errs++
				assert.Nil(t, d)
				assertAPIError(t, err, docSynPath, CodeFailed, "失败", ErrFailed)
				continue
			}
			items++
		}
		assert.Equal(t, 3, items)
		assert.Equal(t, 1, errs)
		assert.Equal(t, 2, h.calls())
	})
}

// docLinks names Attach and Detach, which share their rules.
var docLinks = []struct {
	path string
	call func(c *Client, ctx context.Context, roomID string, docID int64) error
}{
	{docAttachPath, func(c *Client, ctx context.Context, roomID string, docID int64) error {
		return c.Docs.Attach(ctx, roomID, docID)
	}},
	{docDetachPath, func(c *Client, ctx context.Context, roomID string, docID int64) error {
		return c.Docs.Detach(ctx, roomID, docID)
	}},
}

func TestDocsAttachDetach(t *testing.T) {
	for _, m := range docLinks {
		t.Run(m.path, func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, okBody)
			require.NoError(t, m.call(h.client, context.Background(), "mquQf2", 2030417))
			h.assertForm("roomId", "mquQf2", "docId", "2030417")
		})
	}
}

func TestDocsAttachDetachAPIError(t *testing.T) {
	for _, m := range docLinks {
		for _, dc := range documentedCodes {
			t.Run(m.path+"/"+dc.code.String(), func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, apiErrorBody(dc.code, "文档不存在"))
				err := m.call(h.client, context.Background(), "mquQf2", 2030417)
				assertAPIError(t, err, m.path, dc.code, "文档不存在", dc.want)
			})
		}
	}
}

func TestDocsAttachDetachValidation(t *testing.T) {
	tests := []struct {
		name   string
		roomID string
		docID  int64
		field  string
	}{
		{"no room", "", 2030417, "roomId"},
		{"blank room", " \t", 2030417, "roomId"},
		{"zero doc", "mquQf2", 0, "docId"},
		{"negative doc", "mquQf2", -5, "docId"},
	}
	for _, m := range docLinks {
		for _, tt := range tests {
			t.Run(m.path+"/"+tt.name+"/"+strconv.FormatInt(tt.docID, 10), func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, okBody)
				err := m.call(h.client, context.Background(), tt.roomID, tt.docID)
				assertValidation(t, err, m.path, tt.field)
				h.assertNothingSent()
			})
		}
	}
}

func TestDocsAttachDetachCancelled(t *testing.T) {
	for _, m := range docLinks {
		t.Run(m.path, func(t *testing.T) {
			h := setup(t)
			recordsOnHang(h, m.path)
			err := m.call(h.client, cancelled(), "mquQf2", 2030417)
			assert.ErrorIs(t, err, context.Canceled)
		})
	}
}
