package genseeredis_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeredis"
)

// The latest event of each stream, on a real Redis: a repeat is pending,
// then handled; another event in between makes it new again; Forget lets
// a redelivery through; other streams do not come in between.
func TestDeduperLatest(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	prefix := uniquePrefix(t)
	d := genseeredis.NewDeduper(rdb, genseeredis.WithPrefix(prefix))
	ctx := t.Context()
	type step struct {
		op     string // "latest", "handled", "forget"
		stream string
		event  string
		want   gensee.Seen // for "latest"
		stored string      // the stream's value in Redis afterwards ("": none)
	}
	steps := []step{
		{"latest", "r1/u1", "101", gensee.SeenNew, "p:101"},
		{"latest", "r1/u1", "101", gensee.SeenPending, "p:101"},
		{"handled", "r1/u1", "101", 0, "h:101"},
		{"latest", "r1/u1", "101", gensee.SeenHandled, "h:101"},
		{"latest", "r1/u2", "101", gensee.SeenNew, "h:101"}, // another stream
		{"latest", "r1/u1", "101", gensee.SeenHandled, "h:101"},
		{"latest", "r1/u1", "107", gensee.SeenNew, "p:107"}, // left
		{"handled", "r1/u1", "101", 0, "p:107"},             // not the latest: nothing changes
		{"forget", "r1/u1", "101", 0, "p:107"},              // likewise
		{"handled", "r1/u1", "107", 0, "h:107"},
		{"latest", "r1/u1", "101", gensee.SeenNew, "p:101"}, // rejoined
		{"forget", "r1/u1", "101", 0, ""},                   // its handling failed
		{"latest", "r1/u1", "101", gensee.SeenNew, "p:101"}, // the redelivery is handled
		{"forget", "never-seen", "x", 0, "p:101"},
	}
	for i, s := range steps {
		switch s.op {
		case "latest":
			got, err := d.Latest(ctx, s.stream, s.event, time.Minute)
			if err != nil || got != s.want {
				t.Fatalf("step %d: Latest(%q, %q) = %v, %v; want %v", i, s.stream, s.event, got, err, s.want)
			}
		case "handled":
			if err := d.Handled(ctx, s.stream, s.event, time.Minute); err != nil {
				t.Fatalf("step %d: Handled = %v", i, err)
			}
		case "forget":
			if err := d.Forget(ctx, s.stream, s.event); err != nil {
				t.Fatalf("step %d: Forget = %v", i, err)
			}
		}
		got, _ := rdb.Get(ctx, prefix+":dedupe:r1/u1").Result()
		if got != s.stored {
			t.Fatalf("step %d: the stream holds %q; want %q", i, got, s.stored)
		}
	}
	// The keys live under the prefix, with the TTL given.
	ttl, err := rdb.PTTL(ctx, prefix+":dedupe:r1/u2").Result()
	if err != nil || ttl <= 0 || ttl > time.Minute {
		t.Fatalf("PTTL = %v, %v; want a positive TTL of at most a minute", ttl, err)
	}
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	mine := 0
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			mine++
			if !strings.HasPrefix(k, prefix+":dedupe:") {
				t.Errorf("key %q is not under %q", k, prefix+":dedupe:")
			}
		}
	}
	if mine != 2 {
		t.Fatalf("%d keys under the prefix; want 2 (one per stream)", mine)
	}
}

// After the TTL, Redis has forgotten the stream and the event is new again.
func TestDeduperExpiry(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	prefix := uniquePrefix(t)
	d := genseeredis.NewDeduper(rdb, genseeredis.WithPrefix(prefix))
	ctx := t.Context()
	if seen, err := d.Latest(ctx, "s", "e", time.Minute); seen != gensee.SeenNew || err != nil {
		t.Fatalf("Latest = %v, %v; want new", seen, err)
	}
	if err := d.Handled(ctx, "s", "e", 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ { // until Redis expires it
		n, err := rdb.Exists(ctx, prefix+":dedupe:s").Result()
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if i == 500 {
			t.Fatal("the key did not expire")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if seen, err := d.Latest(ctx, "s", "e", time.Minute); seen != gensee.SeenNew || err != nil {
		t.Fatalf("Latest after the expiry = %v, %v; want new", seen, err)
	}
}

func TestDeduperRefusesTTL(t *testing.T) {
	d := genseeredis.NewDeduper(newRDB(t, "127.0.0.1:1")) // never dialled
	const want = "genseeredis: deduper: the TTL must be at least a millisecond"
	for _, ttl := range []time.Duration{0, -time.Second, time.Microsecond} {
		if _, err := d.Latest(t.Context(), "s", "e", ttl); err == nil || err.Error() != want {
			t.Errorf("Latest(ttl %v) = %v; want the TTL refused", ttl, err)
		}
		if err := d.Handled(t.Context(), "s", "e", ttl); err == nil || err.Error() != want {
			t.Errorf("Handled(ttl %v) = %v; want the TTL refused", ttl, err)
		}
	}
}

// Two replicas (two Redis clients, two Dedupers) offer the same events at
// once: each event is new to exactly one of them.
func TestDeduperTwoReplicas(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	replicas := []*genseeredis.Deduper{
		genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix)),
		genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix)),
	}
	const streams = 100
	var mu sync.Mutex
	handled := map[string][]int{} // stream → the replicas that got SeenNew
	var wg sync.WaitGroup
	for r, d := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range streams {
				stream := fmt.Sprintf("room%d/u1", e)
				seen, err := d.Latest(t.Context(), stream, "101", time.Minute)
				if err != nil {
					t.Errorf("replica %d: %v", r, err)
					return
				}
				if seen == gensee.SeenNew {
					mu.Lock()
					handled[stream] = append(handled[stream], r)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if len(handled) != streams {
		t.Fatalf("%d events new; want %d", len(handled), streams)
	}
	for stream, by := range handled {
		if len(by) != 1 {
			t.Fatalf("the event of %s new to replicas %v; want exactly one", stream, by)
		}
	}
	keys, err := newRDB(t, addr).Keys(t.Context(), prefix+":dedupe:*").Result()
	if err != nil || len(keys) != streams {
		t.Fatalf("%d keys under the prefix (%v); want %d, one per stream", len(keys), err, streams)
	}
}
