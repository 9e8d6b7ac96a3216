package gensee

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroupsCreate(t *testing.T) {
	wantGroups := []*Group{
		{Code: "G7xk21", RoomID: "mquQf2", JoinURL: "http://demo.gensee.com/training/site/s/34154643?group=G7xk21",
			Name: "一组", Subject: "高一数学"},
		{Code: "1042", RoomID: "mquQf2", JoinURL: "http://demo.gensee.com/training/site/s/34154643?group=1042",
			Name: "2组", Subject: "高一数学"},
	}
	tests := []struct {
		name  string
		count int
		names []string
		want  []map[string]string
	}{
		{"names for some groups", 3, []string{"一组", "火箭 & 飞船"}, []map[string]string{{"groupName": "一组"}, {"groupName": "火箭 & 飞船"}, {}}},
		{"no names: one empty entry per group", 2, nil, []map[string]string{{}, {}}},
		{"a name per group", 2, []string{"甲", "乙"}, []map[string]string{{"groupName": "甲"}, {"groupName": "乙"}}},
		{"an empty name is no name", 2, []string{"", "乙"}, []map[string]string{{}, {"groupName": "乙"}}},
	}
	third := &Group{Code: "1043", RoomID: "mquQf2", JoinURL: "http://demo.gensee.com/training/site/s/34154643?group=1043",
		Name: "3组", Subject: "高一数学"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			want := wantGroups
			if tt.count == 2 {
				h.onGolden("/training/group/create", "group/create.json")
			} else { // as many groups as asked for (ErrNoID otherwise)
				h.onGolden("/training/group/create", "group/create-3.json")
				want = append(wantGroups[:2:2], third)
			}
			groups, err := h.client.Groups.Create(context.Background(), "mquQf2", tt.count, tt.names...)
			require.NoError(t, err)
			famousAssertJSONForm(t, h, "groupNameList", tt.want, "groupCount", strconv.Itoa(tt.count), "roomId", "mquQf2")
			assert.Equal(t, want, groups)
		})
	}
}

func TestGroupsCreateListText(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/group/create", "group/create.json")
	_, err := h.client.Groups.Create(context.Background(), "mquQf2", 2, "一组")
	require.NoError(t, err)
	assert.Equal(t, `[{"groupName":"一组"},{}]`, h.lastForm().Get("groupNameList"))
}

// TestGroupsCreateMissingList: an answer without the groups asked for is
// an error matching ErrNoID (v0.1 returned an empty slice and nil).
func TestGroupsCreateMissingList(t *testing.T) {
	h := setup(t)
	h.on("/training/group/create", 200, okBody)
	groups, err := h.client.Groups.Create(context.Background(), "mquQf2", 1)
	require.ErrorIs(t, err, ErrNoID)
	assert.Nil(t, groups)
}

func TestGroupsAddUpdateDelete(t *testing.T) {
	t.Run("Add", func(t *testing.T) {
		h := setup(t)
		h.onGolden("/training/group/add", "group/add.json")
		g, err := h.client.Groups.Add(context.Background(), "mquQf2", "3组")
		require.NoError(t, err)
		h.assertForm("roomId", "mquQf2", "groupName", "3组")
		assert.Equal(t, &Group{Code: "G7xk23", RoomID: "mquQf2", Subject: "高一数学",
			JoinURL: "http://demo.gensee.com/training/site/s/34154643?group=G7xk23", Name: "3组"}, g)
	})
	t.Run("Add without a name", func(t *testing.T) {
		h := setup(t)
		h.onGolden("/training/group/add", "group/add.json")
		_, err := h.client.Groups.Add(context.Background(), "mquQf2", "")
		require.NoError(t, err)
		h.assertForm("roomId", "mquQf2")
	})
	t.Run("Update", func(t *testing.T) {
		h := setup(t)
		h.onGolden("/training/group/update", "group/update.json")
		g, err := h.client.Groups.Update(context.Background(), "mquQf2", "G7xk21", "火箭组")
		require.NoError(t, err)
		h.assertForm("roomId", "mquQf2", "groupCode", "G7xk21", "groupName", "火箭组")
		assert.Equal(t, &Group{Code: "G7xk21", RoomID: "mquQf2", Subject: "高一数学",
			JoinURL: "http://demo.gensee.com/training/site/s/34154643?group=G7xk21", Name: "火箭组"}, g)
	})
	t.Run("Delete", func(t *testing.T) {
		h := setup(t)
		h.on("/training/group/delete", 200, okBody)
		require.NoError(t, h.client.Groups.Delete(context.Background(), "mquQf2", "G7xk21"))
		h.assertForm("roomId", "mquQf2", "groupCode", "G7xk21")
	})
}

func TestGroupsAddWithoutGroups(t *testing.T) {
	h := setup(t)
	h.on("/training/group/add", 200, apiErrorBody(CodeBusinessError, "没有分组信息"))
	h.on("/training/room/info", 200, `{"code":"0","id":"mquQf2","groupList":[]}`)
	g, err := h.client.Groups.Add(context.Background(), "mquQf2", "")
	assert.Nil(t, g)
	assertAPIError(t, err, "/training/group/add", CodeBusinessError, "没有分组信息", ErrBusiness)
	assert.ErrorIs(t, err, ErrNoGroups)
	assert.Equal(t, "gensee: /training/group/add: 500 business error: 没有分组信息 (gensee: the classroom has no groups yet (create them with Groups.Create))", err.Error())
	assert.Equal(t, []string{"/training/group/add", "/training/room/info"}, h.paths, "room/info confirms the classroom has no groups")

	// A 500 for another cause (the classroom has groups) is only a business error.
	hg := setup(t)
	hg.on("/training/group/add", 200, apiErrorBody(CodeBusinessError, "分组数量已达上限"))
	hg.on("/training/room/info", 200, `{"code":"0","id":"mquQf2","groupList":[{"code":"g1"}]}`)
	_, err = hg.client.Groups.Add(context.Background(), "mquQf2", "")
	assertAPIError(t, err, "/training/group/add", CodeBusinessError, "分组数量已达上限", ErrBusiness)
	assert.NotErrorIs(t, err, ErrNoGroups)

	// When room/info cannot tell, the error stays the business error.
	hf := setup(t)
	hf.on("/training/group/add", 200, apiErrorBody(CodeBusinessError, "业务错误"))
	hf.on("/training/room/info", 200, apiErrorBody(CodeSystemError, "系统错误"))
	_, err = hf.client.Groups.Add(context.Background(), "mquQf2", "")
	assertAPIError(t, err, "/training/group/add", CodeBusinessError, "业务错误", ErrBusiness)
	assert.NotErrorIs(t, err, ErrNoGroups)

	h2 := setup(t)
	h2.on("/training/group/add", 200, apiErrorBody(CodeNotFound, "课堂不存在"))
	_, err = h2.client.Groups.Add(context.Background(), "nope", "")
	assertAPIError(t, err, "/training/group/add", CodeNotFound, "课堂不存在", ErrNotFound)
	assert.NotErrorIs(t, err, ErrNoGroups, "only a business error means no groups")
}

func TestGroupsAPIErrors(t *testing.T) {
	for _, tc := range documentedCodes {
		t.Run(tc.code.String(), func(t *testing.T) {
			h := setup(t)
			h.on("/training/group/create", 200, apiErrorBody(tc.code, "错误"))
			groups, err := h.client.Groups.Create(context.Background(), "mquQf2", 2)
			assert.Nil(t, groups)
			assertAPIError(t, err, "/training/group/create", tc.code, "错误", tc.want)
		})
	}
	calls := []struct {
		path string
		call func(*Client) error
	}{
		{"/training/group/add", func(c *Client) error {
			g, err := c.Groups.Add(context.Background(), "x", "")
			assert.Nil(t, g)
			return err
		}},
		{"/training/group/update", func(c *Client) error {
			g, err := c.Groups.Update(context.Background(), "x", "g", "n")
			assert.Nil(t, g)
			return err
		}},
		{"/training/group/delete", func(c *Client) error { return c.Groups.Delete(context.Background(), "x", "g") }},
	}
	for _, tc := range calls {
		t.Run(tc.path, func(t *testing.T) {
			h := setup(t)
			h.on(tc.path, 200, apiErrorBody(CodeInvalidParam, "参数错误"))
			assertAPIError(t, tc.call(h.client), tc.path, CodeInvalidParam, "参数错误", ErrInvalidParam)
		})
	}
}

func TestGroupsValidation(t *testing.T) {
	const create = "/training/group/create"
	tests := []struct {
		name, path, field string
		call              func(*Client) error
	}{
		{"create roomId", create, "roomId", func(c *Client) error { _, err := c.Groups.Create(context.Background(), "", 2); return err }},
		{"create count 0", create, "groupCount", func(c *Client) error {
			_, err := c.Groups.Create(context.Background(), "R", 0)
			return err
		}},
		{"create count 41", create, "groupCount", func(c *Client) error {
			_, err := c.Groups.Create(context.Background(), "R", 41)
			return err
		}},
		{"create more names than count", create, "groupNameList", func(c *Client) error {
			_, err := c.Groups.Create(context.Background(), "R", 1, "a", "b")
			return err
		}},
		{"add roomId", "/training/group/add", "roomId", func(c *Client) error {
			_, err := c.Groups.Add(context.Background(), " ", "n")
			return err
		}},
		{"update roomId", "/training/group/update", "roomId", func(c *Client) error {
			_, err := c.Groups.Update(context.Background(), "", "g", "n")
			return err
		}},
		{"update groupCode", "/training/group/update", "groupCode", func(c *Client) error {
			_, err := c.Groups.Update(context.Background(), "R", "", "n")
			return err
		}},
		{"update groupName", "/training/group/update", "groupName", func(c *Client) error {
			_, err := c.Groups.Update(context.Background(), "R", "g", "")
			return err
		}},
		{"delete roomId", "/training/group/delete", "roomId", func(c *Client) error {
			return c.Groups.Delete(context.Background(), "", "g")
		}},
		{"delete groupCode", "/training/group/delete", "groupCode", func(c *Client) error {
			return c.Groups.Delete(context.Background(), "R", "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			assertValidation(t, tt.call(h.client), tt.path, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestGroupsCountBoundaries(t *testing.T) {
	for _, n := range []int{1, 40} {
		h := setup(t)
		h.on("/training/group/create", 200, groupsAnswer(n))
		_, err := h.client.Groups.Create(context.Background(), "R", n)
		require.NoError(t, err, "count %d", n)
	}
}

func TestGroupsCancelledContext(t *testing.T) {
	calls := map[string]func(ctx context.Context, c *Client) error{
		"Create": func(ctx context.Context, c *Client) error { _, err := c.Groups.Create(ctx, "R", 2); return err },
		"Add":    func(ctx context.Context, c *Client) error { _, err := c.Groups.Add(ctx, "R", ""); return err },
		"Update": func(ctx context.Context, c *Client) error { _, err := c.Groups.Update(ctx, "R", "g", "n"); return err },
		"Delete": func(ctx context.Context, c *Client) error { return c.Groups.Delete(ctx, "R", "g") },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			h := setup(t)
			err := call(cancelled(), h.client)
			require.Error(t, err)
			assert.True(t, errors.Is(err, context.Canceled), "%v", err)
			h.assertNothingSent()
		})
	}
}
