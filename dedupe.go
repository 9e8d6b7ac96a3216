package gensee

import (
	"context"
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
