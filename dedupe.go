package gensee

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Deduper remembers which events were seen, so that the same callback
// delivered twice, or to two replicas, is handled once (WithDeduper).
//
// FirstSeen reports whether key is new, and remembers it for ttl; it must be
// atomic across every process sharing the Deduper. A Deduper that also has a
// method Forget(ctx context.Context, key string) error lets a handler forget
// a key whose handling failed, so that a redelivery is handled.
//
// NewMemoryDeduper is the in-process one; the module
// github.com/gensee-go/gensee/genseeredis has one shared through Redis.
type Deduper interface {
	FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Forgetter is implemented by a Deduper that can forget a key (see Deduper).
type Forgetter interface {
	Forget(ctx context.Context, key string) error
}

// DefaultMemoryDeduperKeys is the number of keys a MemoryDeduper holds at
// most unless NewMemoryDeduper is told otherwise.
const DefaultMemoryDeduperKeys = 100_000

// MemoryDeduper is the in-process Deduper (and Forgetter): it serves one
// process, not replicas behind a load balancer (use the genseeredis module
// for those). Its memory is bounded: a key is dropped once its ttl has
// passed, and when maxKeys keys are held the one closest to expiry makes
// room for a new one (an event redelivered after that is handled twice).
// It is safe for concurrent use.
type MemoryDeduper struct {
	mu      sync.Mutex
	max     int
	keys    map[string]time.Time // key -> expiry
	byTime  expiryHeap
	nowFunc func() time.Time
}

// NewMemoryDeduper returns an empty MemoryDeduper holding at most maxKeys
// keys (DefaultMemoryDeduperKeys when maxKeys <= 0).
func NewMemoryDeduper(maxKeys int) *MemoryDeduper {
	if maxKeys <= 0 {
		maxKeys = DefaultMemoryDeduperKeys
	}
	return &MemoryDeduper{max: maxKeys, keys: map[string]time.Time{}, nowFunc: time.Now}
}

// FirstSeen reports whether key is new (or its ttl has passed) and
// remembers it for ttl. A ttl of zero or less reports the key new and does
// not remember it. It never fails.
func (d *MemoryDeduper) FirstSeen(_ context.Context, key string, ttl time.Duration) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.nowFunc()
	d.expire(now)
	if exp, ok := d.keys[key]; ok && now.Before(exp) {
		return false, nil
	}
	if ttl <= 0 {
		return true, nil
	}
	for len(d.keys) >= d.max && len(d.byTime) > 0 {
		e := heap.Pop(&d.byTime).(expiryEntry)
		if exp, ok := d.keys[e.key]; ok && exp.Equal(e.at) {
			delete(d.keys, e.key)
		}
	}
	exp := now.Add(ttl)
	d.keys[key] = exp
	heap.Push(&d.byTime, expiryEntry{key: key, at: exp})
	if len(d.byTime) > 2*d.max {
		d.rebuild()
	}
	return true, nil
}

// Forget drops key, so that the next FirstSeen of it reports it new. It
// never fails.
func (d *MemoryDeduper) Forget(_ context.Context, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.keys, key)
	return nil
}

// Len returns the number of keys held (those whose ttl has not passed).
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(d.nowFunc())
	return len(d.keys)
}

// expire drops the keys whose ttl has passed, soonest first.
func (d *MemoryDeduper) expire(now time.Time) {
	for len(d.byTime) > 0 && !now.Before(d.byTime[0].at) {
		e := heap.Pop(&d.byTime).(expiryEntry)
		if exp, ok := d.keys[e.key]; ok && exp.Equal(e.at) {
			delete(d.keys, e.key)
		}
	}
}

// rebuild drops the heap entries of forgotten or renewed keys.
func (d *MemoryDeduper) rebuild() {
	d.byTime = d.byTime[:0]
	for k, at := range d.keys {
		d.byTime = append(d.byTime, expiryEntry{key: k, at: at})
	}
	heap.Init(&d.byTime)
}

type expiryEntry struct {
	key string
	at  time.Time
}

// expiryHeap orders keys by expiry, soonest first (container/heap).
type expiryHeap []expiryEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiryEntry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
