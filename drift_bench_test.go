package gensee

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkRoomGetDrift shows what the drift report costs: off (the
// request path's nil check only; compare its allocations with
// BenchmarkRoomGet's impl=sdk: they are equal), and on, with an answer to
// the letter (nothing to report: the cost is the copy of the body and the
// walk) and with a drifted one (every call finds the same keys, reported
// once).
func BenchmarkRoomGetDrift(b *testing.B) {
	ctx := context.Background()
	drifted := append([]byte(`{"extra":1,`), roomInfoBody[1:]...)
	for _, bc := range []struct {
		name string
		body []byte
		opts []Option
	}{
		{"drift=off", roomInfoBody, nil},
		{"drift=on", roomInfoBody, []Option{WithDriftReport(func(Drift) {})}},
		{"drift=on-drifted", drifted, []Option{WithDriftReport(func(Drift) {})}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv, _ := benchServer(b, bc.body)
			c, err := NewClient(srv.URL, testLogin, testPassword, bc.opts...)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Rooms.Get(ctx, "FopnX4Bqmo"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
