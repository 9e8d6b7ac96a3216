package genseeredis_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// A readiness endpoint: not ready while the replica is not on the shared
// budget (Redis down, or refusing the limiter's questions).
func ExampleLimiter_Health() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	limiter, err := genseeredis.NewLimiter(rdb, "demo.gensee.com", "admin", genseeredis.Rate{PerSecond: 20, Burst: 5})
	if err != nil {
		log.Fatal(err)
	}
	// A wrong ACL or password is seen at start, not at the first call.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := limiter.Check(ctx); err != nil {
		log.Printf("limiter: %v", err) // errors.Is(err, genseeredis.ErrRefused): fix the configuration
	}
	http.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if h := limiter.Health(); !h.OK() {
			http.Error(w, fmt.Sprintf("limiter %s since %s: %v", h.State, h.Since.Format(time.RFC3339), h.Cause), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
}

// A status endpoint saying which replica polls.
func ExampleLease_Health() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	lease, err := genseeredis.NewLease(rdb, "record-syn", 30*time.Second, genseeredis.WithHolderName("worker-3"))
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/status/poller", func(w http.ResponseWriter, r *http.Request) {
		h, err := lease.Health(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, "held by %q for %v more; this replica holds it: %v\n", h.Holder, h.ExpiresIn, h.Held)
	})
}
