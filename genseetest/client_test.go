package genseetest

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClient(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	ctx := context.Background()

	tests := []struct {
		name string
		opts []gensee.Option
	}{
		{"md5 by default", nil},
		{"plain password", []gensee.Option{gensee.WithPlainPassword()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := srv.Client(tt.opts...)
			room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
				Subject: "Client " + tt.name, StartDate: time.Now(), Realtime: true,
			})
			require.NoError(t, err)
			assert.Equal(t, srv.URL()+"/training/site/r/"+room.Number, room.TeacherJoinURL)
			got, err := c.Rooms.Get(ctx, room.ID)
			require.NoError(t, err)
			assert.Equal(t, room.Subject, got.Subject)

			_, err = c.Rooms.Get(ctx, "missing")
			assert.ErrorIs(t, err, gensee.ErrNotFound)

			var out map[string]any
			require.NoError(t, c.Call(ctx, "/training/query/status", url.Values{"roomId": {room.ID}}, &out))
			assert.Contains(t, out, "status")
		})
	}
	for _, r := range srv.Requests() {
		assert.Equal(t, "***", r.Form.Get("password"))
	}
}

func TestClientWithQuirks(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithQuirks())
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "Quirky", StartDate: time.Now(), Realtime: true})
	require.NoError(t, err)
	got, err := c.Rooms.Get(ctx, room.ID)
	require.NoError(t, err)
	assert.Equal(t, room.Number, got.Number)
	page, err := c.Rooms.Sync(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, page.TotalCounts)
}
