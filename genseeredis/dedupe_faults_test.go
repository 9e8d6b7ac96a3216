package genseeredis_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeredis"
	"github.com/redis/go-redis/v9"
)

// frozenRedis is a listener that accepts connections, reads what it is
// sent and never answers: a hung Redis or a black-holed network.
func frozenRedis(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			go func() { _, _ = io.Copy(io.Discard, conn) }()
		}
	}()
	return ln.Addr().String()
}

// A Redis that never answers costs each question the Redis timeout, not
// go-redis's own (seconds per read, and retries): the callback is answered
// 500 within that bound, and fn is not called.
func TestDeduperFrozenRedis(t *testing.T) {
	// go-redis's defaults: a 3-second read timeout, retried.
	rdb := redis.NewClient(&redis.Options{Addr: frozenRedis(t)})
	t.Cleanup(func() { _ = rdb.Close() })
	d := genseeredis.NewDeduper(rdb, genseeredis.WithRedisTimeout(100*time.Millisecond))

	_, err := d.Latest(t.Context(), "s", "e", time.Minute)
	if !errors.Is(err, genseeredis.ErrUnavailable) || errors.Is(err, genseeredis.ErrRefused) ||
		errors.Is(err, context.DeadlineExceeded) ||
		err.Error() != "genseeredis: deduper: genseeredis: Redis unavailable: no answer from Redis within 100ms" {
		t.Fatalf("Latest = %v; want ErrUnavailable for want of an answer", err)
	}

	called := false
	srv := httptest.NewServer(gensee.LiveEventHandler(func(context.Context, *gensee.LiveEvent) error {
		called = true
		return nil
	}, gensee.WithDeduper(d)))
	defer srv.Close()
	start := time.Now()
	resp, err := srv.Client().Get(srv.URL + "/?" + liveQuery("r1", "u1000000001", "101", "1000000001", "1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The bound is 100ms; go-redis alone would take 3s or more. The margin
	// is for a loaded machine.
	if took := time.Since(start); resp.StatusCode != 500 || took > 2*time.Second {
		t.Fatalf("answered %d after %v; want 500 within the Redis timeout", resp.StatusCode, took)
	}
	if called {
		t.Fatal("fn was called")
	}
}

// A user whose ACL denies the scripts, or the SET inside them, and a wrong
// password: Redis answered, so the error matches ErrRefused, not
// ErrUnavailable, and is logged at level Error; the callback is answered
// 500 without calling fn.
func TestDeduperRefused(t *testing.T) {
	addr := sharedRedis(t)
	admin := newRDB(t, addr)
	ctx := t.Context()
	name := uniquePrefix(t)
	users := map[string]string{ // user → ACL rules beyond "on >pw ~* +@all"
		name + "-noeval": "-evalsha -eval",
		name + "-noset":  "-set",
	}
	for u, rules := range users {
		args := append([]any{"ACL", "SETUSER", u, "reset", "on", ">pw", "~*", "+@all"}, toAny(strings.Fields(rules))...)
		if err := admin.Do(ctx, args...).Err(); err != nil {
			t.Fatalf("ACL SETUSER %s: %v", u, err)
		}
		t.Cleanup(func() { _ = admin.Do(context.Background(), "ACL", "DELUSER", u).Err() })
	}
	cases := []struct {
		name     string
		user     string
		password string
		want     string // in the error (one of the words split by "|")
	}{
		{"EVALSHA denied", name + "-noeval", "pw", "NOPERM"},
		{"SET denied inside the script", name + "-noset", "pw", "can't run this command|NOPERM"}, // Redis 7.0's words, or a later version's
		{"wrong password", name + "-noeval", "not-the-password", "WRONGPASS"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rdb := redis.NewClient(&redis.Options{Addr: addr, Username: tc.user, Password: tc.password})
			t.Cleanup(func() { _ = rdb.Close() })
			logs := new(logRecorder)
			d := genseeredis.NewDeduper(rdb, genseeredis.WithPrefix(uniquePrefix(t)), genseeredis.WithLogger(newLogger(logs)))
			_, err := d.Latest(ctx, "s", "e", time.Minute)
			if !errors.Is(err, genseeredis.ErrRefused) || errors.Is(err, genseeredis.ErrUnavailable) ||
				!containsAny(err.Error(), strings.Split(tc.want, "|")) ||
				!strings.HasPrefix(err.Error(), "genseeredis: deduper: genseeredis: Redis refused the command (Redis is up and answered an error: check the user's ACL, the password and the server's settings): ") {
				t.Fatalf("Latest = %v; want ErrRefused with %s", err, tc.want)
			}
			if strings.Contains(err.Error(), tc.password) && tc.password != "pw" {
				t.Fatalf("the error %q shows the password", err)
			}
			got := logs.messages()
			if len(got) != 1 || !strings.HasPrefix(got[0], "ERROR genseeredis: Redis refused the deduper's command") {
				t.Fatalf("logged %q; want one error", got)
			}

			called := false
			srv := httptest.NewServer(gensee.LiveEventHandler(func(context.Context, *gensee.LiveEvent) error {
				called = true
				return nil
			}, gensee.WithDeduper(d)))
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL + "/?" + liveQuery("r1", "u1000000001", "101", "1000000001", "1"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusInternalServerError || called {
				t.Fatalf("answered %d, fn called: %v; want 500 without fn", resp.StatusCode, called)
			}
		})
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
