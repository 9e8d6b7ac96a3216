package gensee

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clockDeduper returns a MemoryDeduper on a clock the test moves.
func clockDeduper(maxKeys int) (*MemoryDeduper, func(time.Duration)) {
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	d := NewMemoryDeduper(maxKeys)
	d.nowFunc = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	return d, func(dt time.Duration) { mu.Lock(); now = now.Add(dt); mu.Unlock() }
}

func TestMemoryDeduper(t *testing.T) {
	ctx := context.Background()
	type step struct {
		advance time.Duration
		op      string // "latest", "handled", "forget"
		stream  string
		event   string
		ttl     time.Duration
		seen    Seen // for "latest"
		len     int
	}
	tests := []struct {
		name  string
		max   int
		steps []step
	}{
		{"a repeat of the latest event is pending, then handled, within its ttl", 0, []step{
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenPending, len: 1},
			{op: "handled", stream: "s", event: "a", ttl: time.Minute, len: 1},
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenHandled, len: 1},
			{advance: 59 * time.Second, op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenHandled, len: 1},
			{advance: time.Second, op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenNew, len: 1},
		}},
		{"another event in between: the same event is new again", 0, []step{
			{op: "latest", stream: "s", event: "101", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "handled", stream: "s", event: "101", ttl: time.Minute, len: 1},
			{op: "latest", stream: "s", event: "107", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "handled", stream: "s", event: "107", ttl: time.Minute, len: 1},
			{op: "latest", stream: "s", event: "101", ttl: time.Minute, seen: SeenNew, len: 1},
		}},
		{"other streams do not come in between", 0, []step{
			{op: "latest", stream: "s", event: "101", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "handled", stream: "s", event: "101", ttl: time.Minute, len: 1},
			{op: "latest", stream: "t", event: "107", ttl: time.Minute, seen: SeenNew, len: 2},
			{op: "latest", stream: "s", event: "101", ttl: time.Minute, seen: SeenHandled, len: 2},
		}},
		{"forget drops the latest only if it is still that event", 0, []step{
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "forget", stream: "s", event: "a", len: 0},
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "latest", stream: "s", event: "b", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "forget", stream: "s", event: "a", len: 1},
			{op: "handled", stream: "s", event: "a", ttl: time.Minute, len: 1}, // not the latest: nothing changes
			{op: "latest", stream: "s", event: "b", ttl: time.Minute, seen: SeenPending, len: 1},
		}},
		{"handled renews the ttl from then", 0, []step{
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenNew, len: 1},
			{advance: 50 * time.Second, op: "handled", stream: "s", event: "a", ttl: time.Minute, len: 1},
			{advance: 50 * time.Second, op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenHandled, len: 1},
		}},
		{"expired streams are dropped", 0, []step{
			{op: "latest", stream: "s", event: "a", ttl: time.Minute, seen: SeenNew, len: 1},
			{op: "latest", stream: "t", event: "b", ttl: time.Hour, seen: SeenNew, len: 2},
			{advance: 2 * time.Minute, op: "latest", stream: "u", event: "c", ttl: time.Minute, seen: SeenNew, len: 2},
		}},
		{"a ttl of zero is not remembered", 0, []step{
			{op: "latest", stream: "s", event: "a", ttl: 0, seen: SeenNew, len: 0},
			{op: "latest", stream: "s", event: "a", ttl: -time.Second, seen: SeenNew, len: 0},
		}},
		{"full: the stream closest to expiry goes", 2, []step{
			{op: "latest", stream: "long", event: "a", ttl: time.Hour, seen: SeenNew, len: 1},
			{op: "latest", stream: "short", event: "a", ttl: time.Minute, seen: SeenNew, len: 2},
			{op: "latest", stream: "new", event: "a", ttl: time.Hour, seen: SeenNew, len: 2},
			{op: "latest", stream: "long", event: "a", ttl: time.Hour, seen: SeenPending, len: 2},
			{op: "latest", stream: "short", event: "a", ttl: time.Minute, seen: SeenNew, len: 2},
		}},
		{"full: a new event of a held stream evicts nothing", 2, []step{
			{op: "latest", stream: "s", event: "a", ttl: time.Hour, seen: SeenNew, len: 1},
			{op: "latest", stream: "t", event: "a", ttl: time.Minute, seen: SeenNew, len: 2},
			{op: "latest", stream: "s", event: "b", ttl: time.Hour, seen: SeenNew, len: 2},
			{op: "latest", stream: "t", event: "a", ttl: time.Minute, seen: SeenPending, len: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, advance := clockDeduper(tt.max)
			for i, s := range tt.steps {
				advance(s.advance)
				switch s.op {
				case "latest":
					seen, err := d.Latest(ctx, s.stream, s.event, s.ttl)
					require.NoError(t, err)
					assert.Equal(t, s.seen, seen, "step %d", i)
				case "handled":
					require.NoError(t, d.Handled(ctx, s.stream, s.event, s.ttl))
				case "forget":
					require.NoError(t, d.Forget(ctx, s.stream, s.event))
				}
				assert.Equal(t, s.len, d.Len(), "step %d", i)
			}
		})
	}
}

func TestSeenString(t *testing.T) {
	for s, want := range map[Seen]string{SeenNew: "new", SeenPending: "pending", SeenHandled: "handled", 7: "Seen(7)"} {
		assert.Equal(t, want, s.String())
	}
}

func TestMemoryDeduperBoundedMemory(t *testing.T) {
	ctx := context.Background()
	d, advance := clockDeduper(100)
	for i := range 10_000 {
		stream := "s" + strconv.Itoa(i)
		seen, err := d.Latest(ctx, stream, "e", time.Hour)
		require.NoError(t, err)
		require.Equal(t, SeenNew, seen)
		switch i % 3 {
		case 0:
			require.NoError(t, d.Forget(ctx, stream, "e"))
		case 1:
			require.NoError(t, d.Handled(ctx, stream, "e", time.Hour))
		}
		advance(time.Millisecond)
	}
	assert.LessOrEqual(t, d.Len(), 100)
	d.mu.Lock()
	assert.LessOrEqual(t, len(d.byTime), 200+1, "the heap is rebuilt")
	d.mu.Unlock()
	advance(2 * time.Hour)
	assert.Equal(t, 0, d.Len())
}

// Eight goroutines offer the same 100 events at once: each is new exactly
// once.
func TestMemoryDeduperConcurrent(t *testing.T) {
	d := NewMemoryDeduper(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	news := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				seen, err := d.Latest(context.Background(), "s"+strconv.Itoa(i), "e", time.Minute)
				assert.NoError(t, err)
				if seen == SeenNew {
					mu.Lock()
					news++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 100, news, "each event is new exactly once")
}
