package genseeredis_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeredis"
)

// liveQuery is the query of a live event.
func liveQuery(room, op, action, affected, total string) string {
	return url.Values{"ClassNo": {room}, "Operator": {op}, "Action": {action}, "Affected": {affected}, "totalusernum": {total}}.Encode()
}

// replicas are LiveEventHandlers, each with its own Redis connection and
// Deduper on one prefix, recording what reaches fn.
type replicas struct {
	t       *testing.T
	mu      sync.Mutex
	handled []string        // "replica: room operator action total" per call of fn
	fail    map[string]bool // an action whose next handling fails
	block   chan chan error // when set, fn hands a channel on and waits for its outcome
	pending chan string     // the replica whose Deduper reported an event pending
	srv     map[string]*httptest.Server
}

// signalling is a Deduper that reports each SeenPending on a channel.
type signalling struct {
	*genseeredis.Deduper
	name    string
	pending chan<- string
}

func (s signalling) Latest(ctx context.Context, stream, event string, ttl time.Duration) (gensee.Seen, error) {
	seen, err := s.Deduper.Latest(ctx, stream, event, ttl)
	if seen == gensee.SeenPending && err == nil {
		select {
		case s.pending <- s.name:
		default:
		}
	}
	return seen, err
}

func newReplicas(t *testing.T, names ...string) *replicas {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	rs := &replicas{t: t, fail: map[string]bool{}, srv: map[string]*httptest.Server{}, pending: make(chan string, 100)}
	for _, name := range names {
		d := signalling{genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix)), name, rs.pending}
		h := gensee.LiveEventHandler(func(ctx context.Context, ev *gensee.LiveEvent) error {
			rs.mu.Lock()
			rs.handled = append(rs.handled, fmt.Sprintf("%s: %s %s %s %d", name, ev.RoomID, ev.Operator, ev.Action, ev.TotalUsers))
			fail := rs.fail[ev.Action.String()]
			delete(rs.fail, ev.Action.String())
			block := rs.block
			rs.mu.Unlock()
			if block != nil {
				outcome := make(chan error)
				block <- outcome
				select {
				case err := <-outcome:
					return err
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			if fail {
				return errors.New("the database is down")
			}
			return nil
		}, gensee.WithDeduper(d))
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		rs.srv[name] = srv
	}
	return rs
}

func (rs *replicas) deliver(name, query string) int {
	resp, err := http.Get(rs.srv[name].URL + "/live?" + query)
	if err != nil {
		rs.t.Error(err)
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (rs *replicas) got() []string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([]string(nil), rs.handled...)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestTwoHandlersOneDeduper: a class over two replicas sharing one Redis.
// Only a repeat of the latest event of a classroom and operator is
// dropped: a student who leaves and rejoins, and a class started, ended and
// started again, reach fn every time; the redelivery reaches it once,
// though other users' and rooms' events came in between; a delivery whose
// handling failed is handled when it comes again.
func TestTwoHandlersOneDeduper(t *testing.T) {
	rs := newReplicas(t, "a", "b")
	const teacher, u1, u2 = "t1000000009", "u1000000001", "u1000000002"
	rs.mu.Lock()
	rs.fail["ended"] = true // the first handling of 105 fails
	rs.mu.Unlock()
	steps := []struct {
		replica, query string
		status         int
	}{
		{"a", liveQuery("r1", teacher, "103", "", "0"), 200},
		{"b", liveQuery("r1", u1, "101", "1000000001", "1"), 200},
		{"a", liveQuery("r1", u1, "107", "1000000001", "0"), 200},
		{"b", liveQuery("r1", u1, "101", "1000000001", "1"), 200}, // rejoined
		{"a", liveQuery("r1", u2, "101", "1000000002", "2"), 200}, // another user
		{"b", liveQuery("r2", u1, "101", "1000000001", "1"), 200}, // another room
		{"a", liveQuery("r1", u1, "101", "1000000001", "1"), 200}, // the redelivery: dropped
		{"b", liveQuery("r1", teacher, "105", "", "0"), 500},      // its handling fails
		{"a", liveQuery("r1", teacher, "105", "", "0"), 200},      // the redelivery is handled
		{"b", liveQuery("r1", teacher, "105", "", "0"), 200},      // and once more: dropped
		{"a", liveQuery("r1", teacher, "103", "", "0"), 200},      // started again
		{"b", liveQuery("r1", teacher, "105", "", "0"), 200},      // ended again
	}
	for i, s := range steps {
		if got := rs.deliver(s.replica, s.query); got != s.status {
			t.Fatalf("step %d: status %d; want %d", i, got, s.status)
		}
	}
	want := []string{
		"a: r1 t1000000009 started 0",
		"b: r1 u1000000001 joined 1",
		"a: r1 u1000000001 left 0",
		"b: r1 u1000000001 joined 1",
		"a: r1 u1000000002 joined 2",
		"b: r2 u1000000001 joined 1",
		"b: r1 t1000000009 ended 0",
		"a: r1 t1000000009 ended 0",
		"a: r1 t1000000009 started 0",
		"b: r1 t1000000009 ended 0",
	}
	if got := rs.got(); !equal(got, want) {
		t.Fatalf("handled\n%q\nwant\n%q", got, want)
	}
}

// A redelivery reaching replica b while replica a still handles the event
// waits for a's outcome: when a fails, b handles the event; when a
// succeeds, b answers 200 without calling fn.
func TestRepeatWhileHandlingAcrossReplicas(t *testing.T) {
	for _, firstFails := range []bool{true, false} {
		t.Run(fmt.Sprintf("first fails: %v", firstFails), func(t *testing.T) {
			rs := newReplicas(t, "a", "b")
			rs.block = make(chan chan error)
			q := liveQuery("r1", "u1000000001", "101", "1000000001", "1")
			statuses := map[string]chan int{"a": make(chan int, 1), "b": make(chan int, 1)}
			go func() { statuses["a"] <- rs.deliver("a", q) }()
			first := recvOutcome(t, rs.block) // a is in fn
			go func() { statuses["b"] <- rs.deliver("b", q) }()
			select { // b finds the event pending, and waits
			case who := <-rs.pending:
				if who != "b" {
					t.Fatalf("%s found the event pending; want b", who)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("b did not find the event pending within 10s")
			}
			want := []string{"a: r1 u1000000001 joined 1"}
			if firstFails {
				first <- errors.New("the database is down")
				if got := recvStatus(t, statuses["a"]); got != 500 {
					t.Fatalf("a answered %d; want 500", got)
				}
				recvOutcome(t, rs.block) <- nil // b handles it in a's place
				want = append(want, "b: r1 u1000000001 joined 1")
			} else {
				first <- nil
				if got := recvStatus(t, statuses["a"]); got != 200 {
					t.Fatalf("a answered %d; want 200", got)
				}
			}
			if got := recvStatus(t, statuses["b"]); got != 200 {
				t.Fatalf("b answered %d; want 200", got)
			}
			if got := rs.got(); !equal(got, want) {
				t.Fatalf("handled %q; want %q", got, want)
			}
		})
	}
}

func recvOutcome(t *testing.T, c chan chan error) chan error {
	t.Helper()
	select {
	case o := <-c:
		return o
	case <-time.After(10 * time.Second):
		t.Fatal("fn was not called within 10s")
	}
	return nil
}

func recvStatus(t *testing.T, c chan int) int {
	t.Helper()
	select {
	case s := <-c:
		return s
	case <-time.After(15 * time.Second):
		t.Fatal("no answer within 15s")
	}
	return 0
}

// TranscodeCallbackHandler on Redis: fn's error is answered 500 and the
// redelivery, at the other replica, is handled; a third delivery is not.
func TestTranscodeHandlersOneDeduper(t *testing.T) {
	addr := sharedRedis(t)
	prefix := uniquePrefix(t)
	var mu sync.Mutex
	var handled []string
	fail := true
	srv := map[string]*httptest.Server{}
	for _, name := range []string{"a", "b"} {
		d := genseeredis.NewDeduper(newRDB(t, addr), genseeredis.WithPrefix(prefix))
		s := httptest.NewServer(gensee.TranscodeCallbackHandler(func(_ context.Context, ev *gensee.TranscodeEvent) error {
			mu.Lock()
			defer mu.Unlock()
			handled = append(handled, name+": "+ev.CoursewareID+" "+string(ev.Status))
			if fail {
				fail = false
				return errors.New("the database is down")
			}
			return nil
		}, gensee.WithDeduper(d)))
		t.Cleanup(s.Close)
		srv[name] = s
	}
	for i, s := range []struct {
		replica string
		status  int
	}{{"a", 500}, {"b", 200}, {"a", 200}} {
		resp, err := http.PostForm(srv[s.replica].URL, url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"ok"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != s.status {
			t.Fatalf("step %d: %d; want %d", i, resp.StatusCode, s.status)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"a: Tc5vGq2Lxe ok", "b: Tc5vGq2Lxe ok"}; !equal(handled, want) {
		t.Fatalf("handled %q; want %q", handled, want)
	}
}
