// Package genseeredis lets many replicas of one backend share what must be
// shared when they call one Gensee site: the call budget, the live events
// already handled, and the job only one of them may run. It is a module of
// its own (github.com/gensee-go/gensee/genseeredis), on
// github.com/redis/go-redis/v9 and github.com/go-redis/redis_rate/v10, so
// that the core module keeps its two dependencies.
//
// # A shared call budget
//
// A site limits calls per account, the exports most. gensee.WithRateLimit
// limits one process; four replicas with it spend four times the budget.
// NewLimiter returns a gensee.Limiter whose budget lives in Redis, keyed by
// the site and login name:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	limiter, err := genseeredis.NewLimiter(rdb, site, loginName,
//		genseeredis.Rate{PerSecond: 20, Burst: 5},
//		genseeredis.WithClass("exports", genseeredis.Rate{PerSecond: 2, Burst: 2}, genseeredis.IsExport))
//	…
//	client, err := gensee.NewClient(site, loginName, password, gensee.WithLimiter(limiter))
//
// Every attempt of every call, retries included, takes one token. Wait sleeps
// the time Redis says the next token needs, and honours its context.
//
// # When Redis is down
//
// By default the Limiter fails open: each process falls back to an
// in-process budget at the same rate (so N replicas may make N times the
// budget until Redis is back). WithFailClosed makes it refuse every call
// instead, with an error matching ErrUnavailable, before anything is sent.
// Either way the outage is logged once, calls stop waiting on Redis, and a
// background probe notices when Redis answers again.
//
// # Live events handled once
//
// NewDeduper returns a gensee.Deduper that keeps the latest event of each
// stream (a classroom's operator, a courseware) in Redis, one key under the
// prefix per stream, changed by Lua scripts: a live event redelivered to
// any replica is handled once, an event that only looks like an earlier one
// every time, and a handling that failed lets the redelivery through. An
// error Redis answered matches ErrRefused, not ErrUnavailable.
//
// # One poller among many replicas
//
// NewLease returns a Lease: the replica that holds it runs the job (polling
// record/syn, say), renews it every TTL/3, and another takes over within a
// TTL when the holder dies. Lease.Run does the acquiring, renewing and
// releasing, and cancels the job when the lease is lost. TryAcquire, Renew
// and Release are there for callers that drive it themselves. Renewal and
// release compare a random token in a Lua script, so a holder that lost the
// lease never extends or deletes its successor's.
//
// # Testing
//
// The tests of this package run against a real redis-server, started on a
// free loopback port (or the one at GENSEE_REDIS_ADDR); they skip when the
// binary is missing, except under CI.
package genseeredis
