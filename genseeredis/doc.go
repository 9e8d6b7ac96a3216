// Package genseeredis lets many replicas of one backend share what must be
// shared when they call one Gensee site: the call budget, the live events
// already handled, and the job only one of them may run. It is a module of
// its own (github.com/gensee-go/gensee/genseeredis), on
// github.com/redis/go-redis/v9, so that the core module keeps its two
// dependencies. Any redis.UniversalClient works: a *redis.Client, a
// Sentinel's failover client (redis.NewFailoverClient) or a Cluster's
// (redis.NewClusterClient), since every question touches a single key.
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
// Every attempt of every call, retries included, takes one token. Wait
// reserves the next token with one question to Redis and sleeps until it is
// due, honouring its context: waiters are served in the order they asked,
// whichever replica they run in. Every key starts with the prefix
// (WithPrefix, default "gensee"), so that an ACL "~gensee:*" covers them;
// the site is normalised as gensee.NewClient does (gensee.SiteBase).
//
// # When Redis is down
//
// By default the Limiter fails open: each process falls back to an
// in-process budget at the same rate (so N replicas may make N times the
// budget until Redis is back). WithFailClosed makes it refuse every call
// instead, with an error matching ErrUnavailable, before anything is sent.
// Either way the outage is logged once with its cause, calls stop waiting on
// Redis, and a background probe notices when Redis answers again (logged
// with how long the outage lasted).
//
// An error Redis answers (an ACL denying the script or a key, a wrong
// password) is not an outage: it matches ErrRefused, never ErrUnavailable,
// and every attempt fails with it, fail-open or not, so that a
// configuration error never multiplies the budget silently. Check asks
// Redis at once, for a start-up check; Health reports the state (shared,
// failing open, failing closed, misconfigured), since when and why, for a
// readiness endpoint.
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
// record/syn, say), renews it every TTL/3, and another takes over within the
// TTL plus the retry interval (TTL/3 by default) when the holder dies.
// Lease.Run does the acquiring, renewing and releasing, and cancels the job
// when the lease is lost. TryAcquire, Renew and Release are there for
// callers that drive it themselves. Renewal and
// release compare a random token in a Lua script, so a holder that lost the
// lease never extends or deletes its successor's. Health says who holds it
// (WithHolderName) and for how long. Every question is bounded by the Redis
// timeout (WithRedisTimeout).
//
// # Testing
//
// The tests of this package run against a real redis-server, started on a
// free loopback port (or the one at GENSEE_REDIS_ADDR); they skip when the
// binary is missing, except under CI.
package genseeredis
