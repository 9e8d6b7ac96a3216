package gensee

import (
	"container/heap"
	"context"
	"strconv"
	"sync"
	"time"
)

// Seen is a Deduper's verdict on an event (Deduper.Latest).
type Seen int

const (
	// SeenNew: the event is not the latest of its stream (another event
	// came in between, or nothing is remembered). It is now the stream's
	// latest event, pending: its handling has begun.
	SeenNew Seen = iota
	// SeenPending: the event repeats the stream's latest event, whose
	// handling has begun and not finished.
	SeenPending
	// SeenHandled: the event repeats the stream's latest event, which was
	// handled: a redelivery.
	SeenHandled
)

// String returns "new", "pending", "handled" or "Seen(N)".
func (s Seen) String() string {
	switch s {
	case SeenNew:
		return "new"
	case SeenPending:
		return "pending"
	case SeenHandled:
		return "handled"
	}
	return "Seen(" + strconv.Itoa(int(s)) + ")"
}

// Deduper remembers the latest event of each stream, so that a callback
// delivered twice, or to two replicas, is handled once (WithDeduper), while
// an event that merely looks like an earlier one is handled again.
//
// A stream is where events follow one another: for LiveEventHandler one
// operator in one classroom, for TranscodeCallbackHandler one courseware. An
// event repeats another when both are the same string; the handlers pass
// opaque strings (hashes of the parameters as sent).
//
// Every method must be atomic across every process sharing the Deduper.
// NewMemoryDeduper is the in-process one; the module
// github.com/gensee-go/gensee/genseeredis has one shared through Redis.
type Deduper interface {
	// Latest compares event with the latest event remembered for stream.
	// When it repeats it, Latest reports whether that one was handled
	// (SeenHandled) or is still being handled (SeenPending), and changes
	// nothing. Otherwise it makes event the stream's latest, pending, for
	// ttl, and reports SeenNew: the caller handles the event, then calls
	// Handled or Forget. An error means nothing was remembered.
	Latest(ctx context.Context, stream, event string, ttl time.Duration) (Seen, error)
	// Handled records that event, if it is still the stream's latest, was
	// handled; it is remembered for ttl from now.
	Handled(ctx context.Context, stream, event string, ttl time.Duration) error
	// Forget drops event, if it is still the stream's latest, so that a
	// redelivery of it is handled: for a handling that failed.
	Forget(ctx context.Context, stream, event string) error
}

// DefaultMemoryDeduperKeys is the number of streams a MemoryDeduper holds at
// most unless NewMemoryDeduper is told otherwise.
const DefaultMemoryDeduperKeys = 100_000

// MemoryDeduper is the in-process Deduper: it serves one process, not
// replicas behind a load balancer (use the genseeredis module for those).
// Its memory is bounded: a stream's latest event is dropped once its ttl has
// passed, and when maxKeys streams are held the one closest to expiry makes
// room for a new one (an event redelivered after that is handled twice). It
// is safe for concurrent use.
type MemoryDeduper struct {
	mu      sync.Mutex
	max     int
	streams map[string]latestEvent
	byTime  expiryHeap
	nowFunc func() time.Time
}

// latestEvent is what a MemoryDeduper holds for a stream.
type latestEvent struct {
	event   string
	handled bool
	exp     time.Time
}

// NewMemoryDeduper returns an empty MemoryDeduper holding at most maxKeys
// streams (DefaultMemoryDeduperKeys when maxKeys <= 0).
func NewMemoryDeduper(maxKeys int) *MemoryDeduper {
	if maxKeys <= 0 {
		maxKeys = DefaultMemoryDeduperKeys
	}
	return &MemoryDeduper{max: maxKeys, streams: map[string]latestEvent{}, nowFunc: time.Now}
}

// Latest implements Deduper. A ttl of zero or less reports the event new and
// remembers nothing (the stream's latest is dropped). It never fails.
func (d *MemoryDeduper) Latest(_ context.Context, stream, event string, ttl time.Duration) (Seen, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.nowFunc()
	d.expire(now)
	if cur, ok := d.streams[stream]; ok && cur.event == event {
		if cur.handled {
			return SeenHandled, nil
		}
		return SeenPending, nil
	}
	if ttl <= 0 {
		delete(d.streams, stream)
		return SeenNew, nil
	}
	if _, ok := d.streams[stream]; !ok {
		for len(d.streams) >= d.max && len(d.byTime) > 0 {
			e := heap.Pop(&d.byTime).(expiryEntry)
			if cur, ok := d.streams[e.key]; ok && cur.exp.Equal(e.at) {
				delete(d.streams, e.key)
			}
		}
	}
	d.set(stream, latestEvent{event: event, exp: now.Add(ttl)})
	return SeenNew, nil
}

// Handled implements Deduper. It never fails.
func (d *MemoryDeduper) Handled(_ context.Context, stream, event string, ttl time.Duration) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.nowFunc()
	d.expire(now)
	if cur, ok := d.streams[stream]; ok && cur.event == event && ttl > 0 {
		d.set(stream, latestEvent{event: event, handled: true, exp: now.Add(ttl)})
	}
	return nil
}

// Forget implements Deduper. It never fails.
func (d *MemoryDeduper) Forget(_ context.Context, stream, event string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if cur, ok := d.streams[stream]; ok && cur.event == event {
		delete(d.streams, stream)
	}
	return nil
}

// Len returns the number of streams held (those whose ttl has not passed).
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire(d.nowFunc())
	return len(d.streams)
}

func (d *MemoryDeduper) set(stream string, e latestEvent) {
	d.streams[stream] = e
	heap.Push(&d.byTime, expiryEntry{key: stream, at: e.exp})
	if len(d.byTime) > 2*d.max {
		d.rebuild()
	}
}

// expire drops the streams whose ttl has passed, soonest first.
func (d *MemoryDeduper) expire(now time.Time) {
	for len(d.byTime) > 0 && !now.Before(d.byTime[0].at) {
		e := heap.Pop(&d.byTime).(expiryEntry)
		if cur, ok := d.streams[e.key]; ok && cur.exp.Equal(e.at) {
			delete(d.streams, e.key)
		}
	}
}

// rebuild drops the heap entries of forgotten or renewed streams.
func (d *MemoryDeduper) rebuild() {
	d.byTime = d.byTime[:0]
	for k, e := range d.streams {
		d.byTime = append(d.byTime, expiryEntry{key: k, at: e.exp})
	}
	heap.Init(&d.byTime)
}

type expiryEntry struct {
	key string
	at  time.Time
}

// expiryHeap orders streams by expiry, soonest first (container/heap).
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
