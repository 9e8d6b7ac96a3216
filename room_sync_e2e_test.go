package gensee_test

import (
	"context"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestE2ERoomSyncChinaEvening: a classroom created at 21:30 in China (13:30
// UTC) is listed by room/sync for its own day and not the next: createTime
// goes as the day's midnight, the way the server reads it.
func TestE2ERoomSyncChinaEvening(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	evening := time.Date(2024, time.March, 1, 21, 30, 0, 0, cst)
	srv := genseetest.NewServer(genseetest.WithClock(func() time.Time { return evening }))
	defer srv.Close()
	c := srv.Client(gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1}))
	id := srv.AddRoom("晚课")

	tests := []struct {
		day  gensee.Date
		want []string
	}{
		{gensee.DateOf(evening), []string{id}},
		{gensee.NewDate(2024, time.March, 2), nil},
		{gensee.NewDate(2024, time.February, 29), nil},
	}
	for _, tt := range tests {
		t.Run(tt.day.String(), func(t *testing.T) {
			var got []string
			for r, err := range c.Rooms.SyncAll(context.Background(), &gensee.RoomSyncOptions{CreateTime: tt.day}) {
				require.NoError(t, err)
				got = append(got, r.RoomID)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
