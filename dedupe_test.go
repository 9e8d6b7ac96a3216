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
		op      string // "seen", "forget"
		key     string
		ttl     time.Duration
		first   bool
		len     int
	}
	tests := []struct {
		name  string
		max   int
		steps []step
	}{
		{"a key is new once within its ttl", 0, []step{
			{op: "seen", key: "a", ttl: time.Minute, first: true, len: 1},
			{op: "seen", key: "a", ttl: time.Minute, first: false, len: 1},
			{advance: 59 * time.Second, op: "seen", key: "a", ttl: time.Minute, first: false, len: 1},
			{advance: time.Second, op: "seen", key: "a", ttl: time.Minute, first: true, len: 1},
		}},
		{"expired keys are dropped", 0, []step{
			{op: "seen", key: "a", ttl: time.Minute, first: true, len: 1},
			{op: "seen", key: "b", ttl: time.Hour, first: true, len: 2},
			{advance: 2 * time.Minute, op: "seen", key: "c", ttl: time.Minute, first: true, len: 2},
		}},
		{"forget", 0, []step{
			{op: "seen", key: "a", ttl: time.Minute, first: true, len: 1},
			{op: "forget", key: "a", len: 0},
			{op: "seen", key: "a", ttl: time.Minute, first: true, len: 1},
		}},
		{"a ttl of zero is not remembered", 0, []step{
			{op: "seen", key: "a", ttl: 0, first: true, len: 0},
			{op: "seen", key: "a", ttl: -time.Second, first: true, len: 0},
		}},
		{"full: the key closest to expiry goes", 2, []step{
			{op: "seen", key: "long", ttl: time.Hour, first: true, len: 1},
			{op: "seen", key: "short", ttl: time.Minute, first: true, len: 2},
			{op: "seen", key: "new", ttl: time.Hour, first: true, len: 2},
			{op: "seen", key: "long", ttl: time.Hour, first: false, len: 2},
			{op: "seen", key: "short", ttl: time.Minute, first: true, len: 2},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, advance := clockDeduper(tt.max)
			for i, s := range tt.steps {
				advance(s.advance)
				switch s.op {
				case "seen":
					first, err := d.FirstSeen(ctx, s.key, s.ttl)
					require.NoError(t, err)
					assert.Equal(t, s.first, first, "step %d", i)
				case "forget":
					require.NoError(t, d.Forget(ctx, s.key))
				}
				assert.Equal(t, s.len, d.Len(), "step %d", i)
			}
		})
	}
}

func TestMemoryDeduperBoundedMemory(t *testing.T) {
	ctx := context.Background()
	d, advance := clockDeduper(100)
	for i := range 10_000 {
		first, err := d.FirstSeen(ctx, "k"+strconv.Itoa(i), time.Hour)
		require.NoError(t, err)
		require.True(t, first)
		if i%3 == 0 {
			require.NoError(t, d.Forget(ctx, "k"+strconv.Itoa(i)))
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

func TestMemoryDeduperConcurrent(t *testing.T) {
	d := NewMemoryDeduper(0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	firsts := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				first, err := d.FirstSeen(context.Background(), "k"+strconv.Itoa(i), time.Minute)
				assert.NoError(t, err)
				if first {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 100, firsts, "each key is first exactly once")
}
