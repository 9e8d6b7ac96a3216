package genseeredis

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/redis/go-redis/v9"
)

// Deduper is a gensee.Deduper shared through Redis: replicas behind a load
// balancer that share it handle a redelivered callback once, whichever of
// them each delivery reaches, and an event that merely looks like an
// earlier one (a student who left and rejoined) every time.
//
// Each stream has one Redis key, "{prefix}:dedupe:{stream}", holding its
// latest event and whether it was handled ("p:{event}" while pending,
// "h:{event}" once handled), with an expiry of the TTL; Redis forgets it
// after that. Each method is one Lua script (EVALSHA, EVAL when Redis does
// not know it yet), so it is atomic across every replica, and each waits at
// most the Redis timeout (WithRedisTimeout, one second by default) for the
// answer: a Redis that accepts connections and never answers costs a
// callback that second, answered 500, not go-redis's longer timeouts.
//
// Errors: one for which Redis is unreachable, did not answer in time, or is
// loading or failing over matches ErrUnavailable; an error Redis answered
// (a user whose ACL denies EVALSHA, EVAL or SET, a wrong password) matches
// ErrRefused instead, and is logged at level Error (WithLogger) each time:
// it is a configuration error that waiting will not end. Either way the
// handler answers 500 and does not call its function.
//
// A question that timed out may still be applied by Redis afterwards: the
// event then stays pending until the TTL, and its redeliveries are answered
// 503 until then (so are those of an event whose replica died while
// handling it). It is safe for concurrent use.
type Deduper struct {
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
	logger  *slog.Logger
}

var _ gensee.Deduper = (*Deduper)(nil)

// NewDeduper returns a Deduper on rdb. Options: WithPrefix (every key
// starts with it), WithRedisTimeout (how long each question waits for
// Redis; zero or less keeps the default, one second), WithLogger (where a
// refusal is logged). It sends nothing to Redis.
func NewDeduper(rdb redis.UniversalClient, opts ...Option) *Deduper {
	s := newSettings(opts)
	if s.timeout <= 0 {
		s.timeout = time.Second
	}
	return &Deduper{rdb: rdb, prefix: s.prefix + ":dedupe:", timeout: s.timeout, logger: s.logger}
}

// latestScript compares the stream's latest event with ARGV[1]: 2 when it
// is that event, handled; 1 when it is that event, pending; else it stores
// ARGV[1], pending, for ARGV[2] milliseconds, and returns 0.
var latestScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == 'h:' .. ARGV[1] then return 2 end
if cur == 'p:' .. ARGV[1] then return 1 end
redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'PX', ARGV[2])
return 0
`)

// handledScript marks the stream's latest event handled, for ARGV[2]
// milliseconds from now, if it is ARGV[1], pending.
var handledScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then return 0 end
redis.call('SET', KEYS[1], 'h:' .. ARGV[1], 'PX', ARGV[2])
return 1
`)

// forgetScript deletes the stream's key if its latest event is ARGV[1].
var forgetScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == 'p:' .. ARGV[1] or cur == 'h:' .. ARGV[1] then
	redis.call('DEL', KEYS[1])
	return 1
end
return 0
`)

// Latest implements gensee.Deduper: of any number of concurrent calls with
// one new event, on any replica, exactly one gets gensee.SeenNew. ttl must
// be positive (at least a millisecond).
func (d *Deduper) Latest(ctx context.Context, stream, event string, ttl time.Duration) (gensee.Seen, error) {
	if ttl < time.Millisecond {
		return gensee.SeenNew, errors.New("genseeredis: deduper: the TTL must be at least a millisecond")
	}
	n, err := d.run(ctx, latestScript, stream, event, ttl.Milliseconds())
	if err != nil {
		return gensee.SeenNew, err
	}
	switch n {
	case 1:
		return gensee.SeenPending, nil
	case 2:
		return gensee.SeenHandled, nil
	}
	return gensee.SeenNew, nil
}

// Handled implements gensee.Deduper. ttl must be at least a millisecond.
func (d *Deduper) Handled(ctx context.Context, stream, event string, ttl time.Duration) error {
	if ttl < time.Millisecond {
		return errors.New("genseeredis: deduper: the TTL must be at least a millisecond")
	}
	_, err := d.run(ctx, handledScript, stream, event, ttl.Milliseconds())
	return err
}

// Forget implements gensee.Deduper: a redelivery of event is handled.
// Forgetting an event that is not the stream's latest changes nothing and
// is not an error.
func (d *Deduper) Forget(ctx context.Context, stream, event string) error {
	_, err := d.run(ctx, forgetScript, stream, event)
	return err
}

// run runs a script on the stream's key, bounded by the Redis timeout.
func (d *Deduper) run(ctx context.Context, s *redis.Script, stream string, args ...any) (int64, error) {
	n, err := bounded(ctx, d.timeout, func(ctx context.Context) (int64, error) {
		return s.Run(ctx, d.rdb, []string{d.prefix + stream}, args...).Int64()
	})
	if err = classify("deduper", err); err != nil {
		if errors.Is(err, ErrRefused) {
			d.logger.Error("genseeredis: Redis refused the deduper's command; callbacks are answered 500 until this is fixed", "error", err.Error())
		}
		return 0, err
	}
	return n, nil
}
