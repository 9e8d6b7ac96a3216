package genseeredis_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// Every replica runs this: the four of them share 20 calls a second, and two
// of those for the exports.
func ExampleNewLimiter() {
	const site, login, password = "demo.gensee.com", "admin", "secret"
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()

	limiter, err := genseeredis.NewLimiter(rdb, site, login,
		genseeredis.Rate{PerSecond: 20, Burst: 5},
		genseeredis.WithClass("exports", genseeredis.Rate{PerSecond: 2, Burst: 2}, genseeredis.IsExport),
		genseeredis.WithFailClosed(), // no calls at all rather than too many
	)
	if err != nil {
		log.Fatal(err)
	}
	client, err := gensee.NewClient(site, login, password, gensee.WithLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}
	room, err := client.Rooms.Get(context.Background(), "room-id")
	if errors.Is(err, genseeredis.ErrUnavailable) {
		log.Print("Redis is down; try again later")
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	log.Print(room.Subject)
}

// Live events reaching any of the replicas: each is handled once, however
// often Gensee delivers it, and a student who leaves and rejoins is seen
// joining twice. The same Deduper serves TranscodeCallbackHandler.
func ExampleNewDeduper() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	dedupe := genseeredis.NewDeduper(rdb, genseeredis.WithPrefix("myapp"),
		genseeredis.WithRedisTimeout(500*time.Millisecond)) // a hung Redis costs a callback half a second

	http.Handle("/gensee/live", gensee.LiveEventHandler(func(ctx context.Context, ev *gensee.LiveEvent) error {
		if ev.Action == gensee.LiveEnded {
			return startWaitingForTheRecording(ctx) // an error: 500, and a redelivery is handled
		}
		return nil
	}, gensee.WithCallbackToken("s3cr3t"), gensee.WithDeduper(dedupe)))
}

// One replica of many polls record/syn; another takes over within 30s when
// it dies.
func ExampleLease_Run() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	defer rdb.Close()
	lease, err := genseeredis.NewLease(rdb, "record-syn", 30*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background() // the process's lifetime
	for ctx.Err() == nil {
		err := lease.Run(ctx, pollRecordings) // waits for the lease, then polls until it is lost
		if err != nil {
			log.Printf("poller: %v", err)
		}
	}
}

func startWaitingForTheRecording(context.Context) error { return nil }

// pollRecordings polls until its context is cancelled (the lease was lost,
// or the process is stopping).
func pollRecordings(ctx context.Context) error {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			// client.Records.Sync(ctx, …)
		}
	}
}

// The exports get a budget of their own with WithClass and IsExport.
func ExampleIsExport() {
	fmt.Println(genseeredis.IsExport("/training/export/history"), genseeredis.IsExport("/training/room/info"))
	// Output: true false
}
