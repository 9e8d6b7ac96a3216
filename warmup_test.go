package gensee

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	warmupCreatedPath = "/training/warmup/created"
	warmupModifyPath  = "/training/warmup/modify"
	warmupAttachPath  = "/training/warmup/attach"
	warmupDetachPath  = "/training/warmup/detach"
	warmupTestID      = "8a81f6d2c4e94b1f9b3e2d7a6c5f0e14"
)

func TestWarmupsCreate(t *testing.T) {
	tests := []struct {
		name   string
		req    *CreateWarmupRequest
		golden string
		form   []string
		want   *Warmup
	}{
		{
			"with mode", &CreateWarmupRequest{Name: "高一数学 课前暖场", RecordID: 1656282, Mode: WarmupModeDocOrVideo},
			"warmup/created.json",
			[]string{"name", "高一数学 课前暖场", "recordId", "1656282", "mode", "2"},
			&Warmup{ID: warmupTestID, Name: "高一数学 课前暖场", RecordID: 1656282, Mode: WarmupModeDocOrVideo},
		},
		{
			"mode not sent", &CreateWarmupRequest{Name: "英语口语 暖场", RecordID: 1656290},
			"warmup/created_default_mode.json",
			[]string{"name", "英语口语 暖场", "recordId", "1656290"},
			&Warmup{ID: "0f3c9e1a7b2d4c68a5e1f9d2b7c40a33", Name: "英语口语 暖场", RecordID: 1656290, Mode: WarmupModeThreePane},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden(warmupCreatedPath, tt.golden)
			got, err := h.client.Warmups.Create(context.Background(), tt.req)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestWarmupDecode(t *testing.T) {
	create := func(body string) (*Warmup, error) {
		h := setup(t)
		h.on(warmupCreatedPath, 200, body)
		return h.client.Warmups.Create(context.Background(), &CreateWarmupRequest{Name: "w", RecordID: 1656282})
	}
	w, err := create(`{"code":"0","id":"9f3c2a","recordId":null,"mode":null}`)
	require.NoError(t, err)
	assert.Equal(t, &Warmup{ID: "9f3c2a"}, w)
	_, err = create(`{"code":"0","mode":"three"}`)
	assert.Error(t, err)
}

func TestWarmupModeString(t *testing.T) {
	tests := map[WarmupMode]string{
		WarmupModeThreePane: "three-pane", WarmupModeDocOrVideo: "doc-or-video", WarmupModeTwoPane: "two-pane",
		0: "Unknown(0)", 4: "Unknown(4)",
	}
	for m, want := range tests {
		assert.Equal(t, want, m.String())
	}
}

func TestWarmupsCreateAPIError(t *testing.T) {
	for _, dc := range documentedCodes {
		t.Run(dc.code.String(), func(t *testing.T) {
			h := setup(t)
			h.on(warmupCreatedPath, 200, apiErrorBody(dc.code, "录制件不存在"))
			got, err := h.client.Warmups.Create(context.Background(), &CreateWarmupRequest{Name: "暖场", RecordID: 1656282})
			assert.Nil(t, got)
			assertAPIError(t, err, warmupCreatedPath, dc.code, "录制件不存在", dc.want)
		})
	}
}

func TestWarmupsCreateValidation(t *testing.T) {
	tests := []struct {
		name  string
		req   *CreateWarmupRequest
		field string
	}{
		{"nil request", nil, "request"},
		{"no name", &CreateWarmupRequest{RecordID: 1656282}, "name"},
		{"blank name", &CreateWarmupRequest{Name: "  ", RecordID: 1656282}, "name"},
		{"no record", &CreateWarmupRequest{Name: "暖场"}, "recordId"},
		{"negative record", &CreateWarmupRequest{Name: "暖场", RecordID: -1}, "recordId"},
		{"mode too high", &CreateWarmupRequest{Name: "暖场", RecordID: 1656282, Mode: 4}, "mode"},
		{"negative mode", &CreateWarmupRequest{Name: "暖场", RecordID: 1656282, Mode: -1}, "mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(warmupCreatedPath, 200, okBody)
			got, err := h.client.Warmups.Create(context.Background(), tt.req)
			assert.Nil(t, got)
			assertValidation(t, err, warmupCreatedPath, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestWarmupsCreateCancelled(t *testing.T) {
	h := setup(t)
	recordsOnHang(h, warmupCreatedPath)
	got, err := h.client.Warmups.Create(cancelled(), &CreateWarmupRequest{Name: "暖场", RecordID: 1656282})
	assert.Nil(t, got)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestWarmupsModify(t *testing.T) {
	tests := []struct {
		name string
		req  *ModifyWarmupRequest
		form []string
	}{
		{"id only: nothing else sent", &ModifyWarmupRequest{ID: warmupTestID}, []string{"id", warmupTestID}},
		{"every field", &ModifyWarmupRequest{ID: warmupTestID, Name: "新的暖场", RecordID: 1656301, Mode: Ptr(int(WarmupModeTwoPane))},
			[]string{"id", warmupTestID, "name", "新的暖场", "recordId", "1656301", "mode", "3"}},
		{"mode only", &ModifyWarmupRequest{ID: warmupTestID, Mode: Ptr(1)}, []string{"id", warmupTestID, "mode", "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(warmupModifyPath, 200, okBody)
			require.NoError(t, h.client.Warmups.Modify(context.Background(), tt.req))
			h.assertForm(tt.form...)
		})
	}
}

func TestWarmupsModifyAPIError(t *testing.T) {
	h := setup(t)
	h.on(warmupModifyPath, 200, apiErrorBody(CodeNotFound, "暖场件不存在"))
	err := h.client.Warmups.Modify(context.Background(), &ModifyWarmupRequest{ID: warmupTestID, Name: "新的暖场"})
	assertAPIError(t, err, warmupModifyPath, CodeNotFound, "暖场件不存在", ErrNotFound)
}

func TestWarmupsModifyValidation(t *testing.T) {
	tests := []struct {
		name  string
		req   *ModifyWarmupRequest
		field string
	}{
		{"nil request", nil, "request"},
		{"no id", &ModifyWarmupRequest{Name: "新的暖场"}, "id"},
		{"blank id", &ModifyWarmupRequest{ID: " "}, "id"},
		{"blank name", &ModifyWarmupRequest{ID: warmupTestID, Name: "\t"}, "name"},
		{"negative record", &ModifyWarmupRequest{ID: warmupTestID, RecordID: -7}, "recordId"},
		{"mode zero", &ModifyWarmupRequest{ID: warmupTestID, Mode: Ptr(0)}, "mode"},
		{"mode too high", &ModifyWarmupRequest{ID: warmupTestID, Mode: Ptr(4)}, "mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(warmupModifyPath, 200, okBody)
			err := h.client.Warmups.Modify(context.Background(), tt.req)
			assertValidation(t, err, warmupModifyPath, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestWarmupsModifyCancelled(t *testing.T) {
	h := setup(t)
	recordsOnHang(h, warmupModifyPath)
	err := h.client.Warmups.Modify(cancelled(), &ModifyWarmupRequest{ID: warmupTestID, Name: "新的暖场"})
	assert.ErrorIs(t, err, context.Canceled)
}

// warmupLinks names Attach and Detach, which share their rules.
var warmupLinks = []struct {
	path string
	call func(c *Client, ctx context.Context, roomID, warmupID string) error
}{
	{warmupAttachPath, func(c *Client, ctx context.Context, roomID, warmupID string) error {
		return c.Warmups.Attach(ctx, roomID, warmupID)
	}},
	{warmupDetachPath, func(c *Client, ctx context.Context, roomID, warmupID string) error {
		return c.Warmups.Detach(ctx, roomID, warmupID)
	}},
}

func TestWarmupsAttachDetach(t *testing.T) {
	for _, m := range warmupLinks {
		t.Run(m.path, func(t *testing.T) {
			h := setup(t)
			h.on(m.path, 200, okBody)
			require.NoError(t, m.call(h.client, context.Background(), "mquQf2", warmupTestID))
			h.assertForm("roomId", "mquQf2", "warmupId", warmupTestID)
		})
	}
}

func TestWarmupsAttachDetachAPIError(t *testing.T) {
	for _, m := range warmupLinks {
		for _, code := range []Code{CodeNotFound, CodeBusinessError} {
			t.Run(m.path+"/"+code.String(), func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, apiErrorBody(code, "课堂不存在"))
				err := m.call(h.client, context.Background(), "mquQf2", warmupTestID)
				assertAPIError(t, err, m.path, code, "课堂不存在", code.sentinel())
			})
		}
	}
}

func TestWarmupsAttachDetachValidation(t *testing.T) {
	tests := []struct {
		name, roomID, warmupID, field string
	}{
		{"no room", "", warmupTestID, "roomId"},
		{"blank room", "  ", warmupTestID, "roomId"},
		{"no warm-up", "mquQf2", "", "warmupId"},
		{"blank warm-up", "mquQf2", " ", "warmupId"},
	}
	for _, m := range warmupLinks {
		for _, tt := range tests {
			t.Run(m.path+"/"+tt.name, func(t *testing.T) {
				h := setup(t)
				h.on(m.path, 200, okBody)
				err := m.call(h.client, context.Background(), tt.roomID, tt.warmupID)
				assertValidation(t, err, m.path, tt.field)
				h.assertNothingSent()
			})
		}
	}
}

func TestWarmupsAttachDetachCancelled(t *testing.T) {
	for _, m := range warmupLinks {
		t.Run(m.path, func(t *testing.T) {
			h := setup(t)
			recordsOnHang(h, m.path)
			err := m.call(h.client, cancelled(), "mquQf2", warmupTestID)
			assert.ErrorIs(t, err, context.Canceled)
		})
	}
}
