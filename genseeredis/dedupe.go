package genseeredis

import (
	"context"
	"errors"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/redis/go-redis/v9"
)

// Deduper is a gensee.Deduper shared through Redis: of the replicas that
// receive the same live event, the first to ask handles it. Each key is a
// Redis key "{prefix}:dedupe:{key}", set with SET NX and an expiry, so that
// Redis forgets it after the TTL. It is safe for concurrent use.
type Deduper struct {
	rdb    redis.UniversalClient
	prefix string
}

var (
	_ gensee.Deduper   = (*Deduper)(nil)
	_ gensee.Forgetter = (*Deduper)(nil)
)

// NewDeduper returns a Deduper on rdb. Option: WithPrefix. It sends nothing
// to Redis.
func NewDeduper(rdb redis.UniversalClient, opts ...Option) *Deduper {
	return &Deduper{rdb: rdb, prefix: newSettings(opts).prefix + ":dedupe:"}
}

// FirstSeen reports whether key is new to every process sharing the Redis,
// and remembers it for ttl (SET key 1 NX PX ttl): of any number of
// concurrent calls with one key, exactly one gets true. ttl must be
// positive. An error (matching ErrUnavailable when Redis is unreachable)
// says nothing about the key: the caller decides whether to handle the event
// anyway.
func (d *Deduper) FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, errors.New("genseeredis: deduper: the TTL must be positive")
	}
	ok, err := d.rdb.SetNX(ctx, d.prefix+key, 1, ttl).Result()
	if err != nil {
		return false, redisErr("deduper", err)
	}
	return ok, nil
}

// Forget removes key (DEL), so that the event is handled when it comes
// again: for a handler whose handling failed. Forgetting a key never seen is
// not an error.
func (d *Deduper) Forget(ctx context.Context, key string) error {
	if err := d.rdb.Del(ctx, d.prefix+key).Err(); err != nil {
		return redisErr("deduper", err)
	}
	return nil
}
