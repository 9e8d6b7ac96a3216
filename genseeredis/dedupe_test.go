package genseeredis_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gensee-go/gensee/genseeredis"
)

func TestDeduperFirstSeenAndForget(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	prefix := uniquePrefix(t)
	d := genseeredis.NewDeduper(rdb, genseeredis.WithPrefix(prefix))
	ctx := t.Context()
	type step struct {
		op   string // "seen" or "forget"
		key  string
		want bool
	}
	steps := []step{
		{"seen", "105:room1", true},
		{"seen", "105:room1", false},
		{"seen", "105:room2", true},
		{"forget", "105:room1", false},
		{"seen", "105:room1", true},
		{"seen", "105:room1", false},
		{"forget", "never-seen", false},
	}
	for i, s := range steps {
		switch s.op {
		case "seen":
			got, err := d.FirstSeen(ctx, s.key, time.Minute)
			if err != nil || got != s.want {
				t.Fatalf("step %d: FirstSeen(%q) = %v, %v; want %v", i, s.key, got, err, s.want)
			}
		case "forget":
			if err := d.Forget(ctx, s.key); err != nil {
				t.Fatalf("step %d: Forget(%q) = %v", i, s.key, err)
			}
		}
	}
	// The keys live under the prefix, with the TTL given.
	ttl, err := rdb.PTTL(ctx, prefix+":dedupe:105:room2").Result()
	if err != nil || ttl <= 0 || ttl > time.Minute {
		t.Fatalf("PTTL = %v, %v; want a positive TTL of at most a minute", ttl, err)
	}
}

// After the TTL, Redis has forgotten the key and the event is new again.
func TestDeduperExpiry(t *testing.T) {
	rdb := newRDB(t, sharedRedis(t))
	prefix := uniquePrefix(t)
	d := genseeredis.NewDeduper(rdb, genseeredis.WithPrefix(prefix))
	ctx := t.Context()
	if ok, err := d.FirstSeen(ctx, "k", 20*time.Millisecond); !ok || err != nil {
		t.Fatalf("FirstSeen = %v, %v; want true", ok, err)
	}
	for i := 0; ; i++ { // until Redis expires it
		n, err := rdb.Exists(ctx, prefix+":dedupe:k").Result()
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
	if ok, err := d.FirstSeen(ctx, "k", time.Minute); !ok || err != nil {
		t.Fatalf("FirstSeen after the expiry = %v, %v; want true", ok, err)
	}
}

func TestDeduperRefusesTTL(t *testing.T) {
	d := genseeredis.NewDeduper(newRDB(t, "127.0.0.1:1")) // never dialled
	for _, ttl := range []time.Duration{0, -time.Second} {
		ok, err := d.FirstSeen(t.Context(), "k", ttl)
		if ok || err == nil || err.Error() != "genseeredis: deduper: the TTL must be positive" {
			t.Errorf("FirstSeen(ttl %v) = %v, %v; want the TTL refused", ttl, ok, err)
		}
	}
}

// Two replicas (two Redis clients, two Dedupers) receive the same events at
// once: each event is handled by exactly one of them; a handler that fails
// forgets the key, and the redelivery is handled.
func TestDeduperTwoReplicas(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	replicas := []*genseeredis.Deduper{
		genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix)),
		genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix)),
	}
	const events = 100
	var mu sync.Mutex
	handled := map[string][]int{} // event → the replicas that handled it
	var wg sync.WaitGroup
	for r, d := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range events {
				key := fmt.Sprintf("103:room%d", e)
				first, err := d.FirstSeen(t.Context(), key, time.Minute)
				if err != nil {
					t.Errorf("replica %d: %v", r, err)
					return
				}
				if first {
					mu.Lock()
					handled[key] = append(handled[key], r)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if len(handled) != events {
		t.Fatalf("%d events handled; want %d", len(handled), events)
	}
	for key, by := range handled {
		if len(by) != 1 {
			t.Fatalf("event %s handled by replicas %v; want exactly one", key, by)
		}
	}

	// Replica 0's handling of a new event fails: it forgets the key; the
	// redelivery, to replica 1, is handled; a third delivery is not.
	ctx := t.Context()
	steps := []struct {
		replica int
		forget  bool
		want    bool
	}{{0, false, true}, {0, true, false}, {1, false, true}, {0, false, false}}
	for i, s := range steps {
		if s.forget {
			if err := replicas[s.replica].Forget(ctx, "105:room7"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := replicas[s.replica].FirstSeen(ctx, "105:room7", time.Minute)
		if err != nil || got != s.want {
			t.Fatalf("step %d: replica %d FirstSeen = %v, %v; want %v", i, s.replica, got, err, s.want)
		}
	}
	keys, err := newRDB(t, addr).Keys(ctx, prefix+":dedupe:*").Result()
	if err != nil || len(keys) != events+1 {
		t.Fatalf("%d keys under the prefix (%v); want %d, one per event", len(keys), err, events+1)
	}
}
