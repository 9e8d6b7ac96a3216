package gensee_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

const (
	soakWorkers   = 64
	soakCalls     = 20000
	soakFaultRate = 0.05
	soakBudget    = 50 * time.Second
)

// soakWanted reports whether the soak was asked for: GENSEE_SOAK=1 (make
// soak) or a -run pattern naming it. It never runs under -short.
func soakWanted() bool {
	if testing.Short() {
		return false
	}
	if os.Getenv("GENSEE_SOAK") == "1" {
		return true
	}
	f := flag.Lookup("test.run")
	return f != nil && strings.Contains(f.Value.String(), "TestSoak")
}

// soakFaults are the faults injected into about 5% of the calls.
var soakFaults = []genseetest.Fault{
	{Drop: true}, {DropMidBody: true}, {Truncate: true}, {HTML: true},
	{Status: 502}, {Status: 503}, {Status: 500}, {Code: 300}, {Code: 501}, {Code: -1},
	{Delay: 5 * time.Millisecond},
}

// soakTyped reports whether err is one of the errors the SDK promises: an
// answer type, or a network or context error wrapped with the endpoint.
func soakTyped(err error) bool {
	var apiErr *gensee.APIError
	var httpErr *gensee.HTTPError
	var tooLarge *gensee.ResponseTooLargeError
	var netErr net.Error
	switch {
	case errors.As(err, &apiErr), errors.As(err, &httpErr), errors.As(err, &tooLarge):
		return true
	case !strings.HasPrefix(err.Error(), "gensee: /training/"):
		return false
	}
	return errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, context.DeadlineExceeded)
}

// TestSoak: 64 goroutines share one client for 20,000 calls against the
// fake, about 5% of them meeting an injected fault. Zero panics, every
// failure typed, no goroutine left, and a heap that stops growing.
func TestSoak(t *testing.T) {
	if !soakWanted() {
		t.Skip("the soak runs with GENSEE_SOAK=1 (make soak) or -run TestSoak")
	}
	srv := genseetest.NewServer()
	t.Cleanup(srv.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = soakWorkers
	t.Cleanup(tr.CloseIdleConnections)
	c, err := gensee.NewClient(srv.URL(), srv.LoginName(), srv.Password(),
		gensee.WithHTTPClient(&http.Client{Transport: tr}),
		gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), soakBudget)
	defer cancel()
	var roomIDs []string
	for i := range 16 {
		room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: fmt.Sprintf("soak %d", i), StartDate: time.Now()})
		require.NoError(t, err)
		roomIDs = append(roomIDs, room.ID)
	}
	calls := []func(ctx context.Context, r *rand.Rand) error{
		func(ctx context.Context, r *rand.Rand) error {
			_, err := c.Rooms.Get(ctx, roomIDs[r.IntN(len(roomIDs))])
			return err
		},
		func(ctx context.Context, r *rand.Rand) error {
			_, err := c.Rooms.Status(ctx, roomIDs[r.IntN(len(roomIDs))])
			return err
		},
		func(ctx context.Context, r *rand.Rand) error {
			_, err := c.Coursewares.List(ctx, roomIDs[r.IntN(len(roomIDs))])
			return err
		},
		func(ctx context.Context, r *rand.Rand) error {
			for _, err := range c.Rooms.SyncAll(ctx, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		func(ctx context.Context, r *rand.Rand) error { // a write, answered 501
			return c.Rooms.Delete(ctx, "no-such-room")
		},
	}

	var (
		next, done, failed, panics, untyped atomic.Int64
		injected, visible                   atomic.Int64
		mu                                  sync.Mutex
		samples                             []string
		quarterHeap                         uint64
		quarterOnce                         sync.Once
	)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range soakWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for next.Add(1) <= soakCalls && ctx.Err() == nil {
				if r.Float64() < soakFaultRate {
					injected.Add(1)
					srv.Inject(genseetest.AnyPath, 1, soakFaults[r.IntN(len(soakFaults))])
				}
				err := func() (err error) {
					defer func() {
						if v := recover(); v != nil {
							panics.Add(1)
							err = fmt.Errorf("panic: %v", v)
						}
					}()
					callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
					defer cancel()
					return calls[r.IntN(len(calls))](callCtx, r)
				}()
				if err != nil {
					failed.Add(1)
					if !errors.Is(err, gensee.ErrNotFound) { // the deletes of a missing room
						visible.Add(1)
					}
					if !soakTyped(err) {
						untyped.Add(1)
						mu.Lock()
						if len(samples) < 5 {
							samples = append(samples, fmt.Sprintf("%T: %v", err, err))
						}
						mu.Unlock()
					}
				}
				if done.Add(1) == soakCalls/4 {
					quarterOnce.Do(func() { quarterHeap = heap() })
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	endHeap := heap()

	t.Logf("%d calls in %v (%.0f/s), %d faults injected, %d failed (%d of them faults, all typed: %v), %d requests received; heap %.1f MiB at 1/4, %.1f MiB at the end",
		done.Load(), elapsed.Round(time.Millisecond), float64(done.Load())/elapsed.Seconds(), injected.Load(), failed.Load(), visible.Load(), untyped.Load() == 0,
		srv.RequestCount(), float64(quarterHeap)/(1<<20), float64(endHeap)/(1<<20))
	require.NoError(t, ctx.Err(), "the soak ran out of its time budget")
	assert.Equal(t, int64(soakCalls), done.Load())
	assert.Zero(t, panics.Load(), "panics")
	assert.Zero(t, untyped.Load(), "untyped errors: %v", samples)
	assert.Positive(t, visible.Load(), "faults reached the caller")
	assert.LessOrEqual(t, visible.Load(), injected.Load(), "no failure without a fault")
	// The fake keeps a bounded log of the newest requests (about a kilobyte
	// each, WithRequestHistory): the bound allows for a full one, and
	// catches anything that grows per call on the client's side (a buffer,
	// a body, a goroutine's data).
	growth := int64(endHeap) - int64(quarterHeap)
	assert.Less(t, growth, int64(3*soakCalls/4)*2048+(16<<20), "heap grew by %d bytes between 1/4 and the end", growth)
}
