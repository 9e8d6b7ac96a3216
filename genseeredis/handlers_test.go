package genseeredis_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeredis"
)

// TestTwoHandlersOneDeduper: the same live event delivered to two replicas
// (two LiveEventHandlers, each with its own Redis connection, one shared
// Deduper prefix) reaches the handling function once; a delivery whose
// handling failed is forgotten, so the redelivery is handled.
func TestTwoHandlersOneDeduper(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	var mu sync.Mutex
	var handled []string // "replica:action" per call of the function
	fail := map[string]bool{}
	replica := func(name string) *httptest.Server {
		d := genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix))
		h := gensee.LiveEventHandler(func(_ context.Context, ev *gensee.LiveEvent) error {
			mu.Lock()
			defer mu.Unlock()
			handled = append(handled, name+":"+ev.Action.String())
			if fail[ev.Action.String()] {
				delete(fail, ev.Action.String())
				return errors.New("the database is down")
			}
			return nil
		}, gensee.WithDeduper(d))
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv
	}
	a, b := replica("a"), replica("b")
	deliver := func(srv *httptest.Server, action string) int {
		resp, err := http.Get(srv.URL + "/live?ClassNo=mquQf2&Operator=u1000000001&Action=" + action + "&Affected=1000000001&totalusernum=2")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	mu.Lock()
	fail["ended"] = true // the first handling of 105 fails
	mu.Unlock()
	steps := []struct {
		srv    *httptest.Server
		action string
		status int
	}{
		{a, "101", 200}, // joined: handled by a
		{b, "101", 200}, // the same event at b: a duplicate, not handled
		{a, "101", 200}, // and again at a
		{b, "105", 500}, // ended: b's handling fails, the key is forgotten
		{a, "105", 200}, // the redelivery, at a: handled
		{b, "105", 200}, // a third delivery: a duplicate
	}
	for i, s := range steps {
		if got := deliver(s.srv, s.action); got != s.status {
			t.Fatalf("step %d (%s): status %d; want %d", i, s.action, got, s.status)
		}
	}
	want := []string{"a:joined", "b:ended", "a:ended"}
	mu.Lock()
	defer mu.Unlock()
	if len(handled) != len(want) {
		t.Fatalf("handled %q; want %q", handled, want)
	}
	for i := range want {
		if handled[i] != want[i] {
			t.Fatalf("handled %q; want %q", handled, want)
		}
	}
}
