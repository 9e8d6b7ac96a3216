package gensee_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// The README's "Testing with httpmock" example, as pasted: keep the two the
// same.

func TestRoomSubject(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, "https://demo.gensee.com/integration/site/training/room/info",
		func(req *http.Request) (*http.Response, error) {
			_ = req.ParseForm()
			if req.PostForm.Get("roomId") != "R1" {
				return httpmock.NewStringResponse(200, `{"code":"501","message":"数据不存在"}`), nil
			}
			return httpmock.NewStringResponse(200, `{"code":"0","message":"成功","id":"R1","subject":"高一数学"}`), nil
		})
	c, err := gensee.NewClient("demo.gensee.com", "admin@demo", "secret",
		gensee.WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)

	room, err := c.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	assert.Equal(t, "高一数学", room.Subject)
	_, err = c.Rooms.Get(context.Background(), "R2")
	assert.ErrorIs(t, err, gensee.ErrNotFound)
	assert.Equal(t, 2, mock.GetTotalCallCount())
}
