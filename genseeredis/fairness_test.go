package genseeredis_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
)

// Eighteen waiters over six replicas (each its own Redis connection and
// Limiter) share 30 tokens a second, burst 1, for about two seconds. The
// waiters are served in turn: every waiter gets its share within a few
// tokens, the longest single wait stays near the fair one (18 waiters
// ahead at 30/s: 0.6 s; margins for a loaded machine), and Redis is asked
// about once per token granted, not polled.
func TestLimiterWaitersServedInTurn(t *testing.T) {
	const (
		replicas  = 6
		perRep    = 3
		perSecond = 30
		run       = 2 * time.Second
	)
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	counters := make([]*scriptCounter, replicas)
	limiters := make([]*genseeredis.Limiter, replicas)
	for i := range replicas {
		rdb := newRDB(t, addr)
		counters[i] = new(scriptCounter)
		rdb.AddHook(counters[i])
		l, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: perSecond, Burst: 1},
			genseeredis.WithPrefix(prefix))
		if err != nil {
			t.Fatal(err)
		}
		limiters[i] = l
	}
	ctx, cancel := context.WithTimeout(t.Context(), run)
	defer cancel()
	var mu sync.Mutex
	grants := make([]int, replicas*perRep)
	var waits []time.Duration
	var wg sync.WaitGroup
	errs := make(chan error, replicas*perRep)
	for w := range replicas * perRep {
		l := limiters[w%replicas]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 { // bounded: 30/s for 2 s is far fewer
				start := time.Now()
				err := l.Wait(ctx, "/training/room/info")
				if err != nil {
					if !errors.Is(err, context.DeadlineExceeded) {
						errs <- err
					}
					return
				}
				mu.Lock()
				grants[w]++
				waits = append(waits, time.Since(start))
				mu.Unlock()
			}
			errs <- errors.New("a waiter was granted 1000 tokens")
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	total := 0
	for _, g := range grants {
		total += g
	}
	var asked int64
	for _, c := range counters {
		asked += c.n.Load()
	}
	slices.Sort(waits)
	fair := time.Duration(replicas*perRep) * time.Second / perSecond
	longest := waits[len(waits)-1]
	t.Logf("%d tokens, %d questions to Redis; grants per waiter %v; longest wait %v (fair %v)", total, asked, grants, longest, fair)
	if lo, hi := slices.Min(grants), slices.Max(grants); lo == 0 || hi-lo > 3 {
		t.Errorf("grants per waiter from %d to %d; waiters served in turn get within three tokens of each other", lo, hi)
	}
	if longest > 2*fair {
		t.Errorf("the longest wait %v is over twice the fair one %v", longest, fair)
	}
	// Each grant is one question; each waiter's last Wait, refused for
	// the deadline, one more.
	if max := int64(total + replicas*perRep); asked > max {
		t.Errorf("%d questions to Redis for %d tokens; want at most %d (one per token, one refusal per waiter)", asked, total, max)
	}
	if total < perSecond || total > perSecond*3+1 {
		t.Errorf("%d tokens in %v at %d/s", total, run, perSecond)
	}
}
