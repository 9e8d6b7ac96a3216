package gensee_test

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// A call refused before sending is a call of 0 attempts for the observers
// and for CaptureResponse, whichever check refused it: a typed method's own
// validation (a nil request, a missing id, a broken rule), a walk's, or
// Call's.

// refusedLog is an Observer keeping the calls it saw start and end.
type refusedLog struct {
	mu     sync.Mutex
	starts []string
	dones  []gensee.CallResult
	tries  int
}

func (l *refusedLog) observer() gensee.Observer {
	return gensee.Observer{
		CallStart: func(_ context.Context, endpoint string) context.Context {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.starts = append(l.starts, endpoint)
			return nil
		},
		AttemptDone: func(context.Context, *gensee.Attempt) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.tries++
		},
		CallDone: func(_ context.Context, c *gensee.CallResult) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.dones = append(l.dones, *c)
		},
	}
}

func (l *refusedLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.starts, l.dones, l.tries = nil, nil, 0
}

// refusedClient is a client whose every request is answered with success
// (an answer that fits every endpoint: code 0, an id, empty lists), through
// an httpmock transport of its own, and reported to log.
func refusedClient(t *testing.T, log *refusedLog) (*gensee.Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(200, `{"code":"0","message":"ok","id":"R1"}`)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	c, err := gensee.NewClient("demo.gensee.com", "admin", relPassword,
		gensee.WithHTTPClient(&http.Client{Transport: mock}), gensee.FastRetry(1), gensee.WithObserver(log.observer()))
	require.NoError(t, err)
	return c, mock
}

// refusedCall calls method with ctx and fill(type) for every other
// argument, and returns the error it returned (for an iterator, the first
// error it yields; ranging stops at the first value).
func refusedCall(ctx context.Context, method reflect.Value, fill func(reflect.Type) reflect.Value) error {
	mt := method.Type()
	args := []reflect.Value{reflect.ValueOf(ctx)}
	n := mt.NumIn()
	if mt.IsVariadic() {
		n--
	}
	for i := 1; i < n; i++ {
		args = append(args, fill(mt.In(i)))
	}
	outs := method.Call(args)
	last := outs[len(outs)-1]
	var err error
	switch {
	case last.Type() == relErrorType:
		if !last.IsNil() {
			err = last.Interface().(error)
		}
	case last.Kind() == reflect.Func: // an iter.Seq2[T, error]
		yield := reflect.MakeFunc(last.Type().In(0), func(in []reflect.Value) []reflect.Value {
			if e := in[1]; !e.IsNil() {
				err = e.Interface().(error)
			}
			return []reflect.Value{reflect.ValueOf(false)}
		})
		last.Call([]reflect.Value{yield})
	}
	return err
}

// assertRefused checks what a call that sent nothing and returned err left:
// CaptureResponse's value is a call of 0 attempts to the refused endpoint,
// with no request id, status, headers, code or bytes; the observer saw one
// CallStart and one CallDone of 0 attempts ending in err, and no attempt;
// err is a *ValidationError matching ErrNotSent.
func assertRefused(t *testing.T, name string, err error, resp *gensee.Response, log *refusedLog) {
	t.Helper()
	var ve *gensee.ValidationError
	require.ErrorAs(t, err, &ve, "%s refused without a *ValidationError", name)
	assert.ErrorIs(t, err, gensee.ErrNotSent, name)
	assert.Equal(t, gensee.Response{Endpoint: ve.Endpoint, Duration: resp.Duration}, *resp,
		"%s: the captured value is a call of 0 attempts, not the previous call's", name)
	log.mu.Lock()
	defer log.mu.Unlock()
	assert.Equal(t, []string{ve.Endpoint}, log.starts, "%s: CallStart", name)
	if assert.Len(t, log.dones, 1, "%s: CallDone", name) {
		d := log.dones[0]
		assert.Equal(t, ve.Endpoint, d.Endpoint, name)
		assert.Equal(t, 0, d.Attempts, name)
		assert.Same(t, err, d.Err, "%s: the observer sees the error returned", name)
	}
	assert.Zero(t, log.tries, "%s: no attempt was reported", name)
}

// TestRefusedCallsAreCallsOfNoAttempt walks every method of every service
// of a client (by reflection, so that services landing later are covered),
// called first with nil pointers and zero values, then with zero-valued
// requests and options. Before each, a successful call fills the captured
// Response with a request id, a status and an attempt. Every call that
// sends nothing and fails must leave a call of 0 attempts there and be
// reported to the observers as one.
func TestRefusedCallsAreCallsOfNoAttempt(t *testing.T) {
	log := &refusedLog{}
	c, mock := refusedClient(t, log)
	fills := map[string]func(reflect.Type) reflect.Value{
		"nil": func(p reflect.Type) reflect.Value { return reflect.Zero(p) },
		"zero": func(p reflect.Type) reflect.Value {
			if p.Kind() == reflect.Pointer && p.Elem().Kind() == reflect.Struct {
				return reflect.New(p.Elem())
			}
			return reflect.Zero(p)
		},
	}
	refused, sent, nilRequests := 0, 0, 0
	for fname, fill := range fills {
		for name, svc := range relServices(c) {
			for i := range svc.NumMethod() {
				method := svc.Method(i)
				full := name + "." + svc.Type().Method(i).Name + "(" + fname + ")"
				if mt := method.Type(); mt.NumIn() == 0 || mt.In(0) != relCtxType {
					continue
				}
				var resp gensee.Response
				ctx, cancel := context.WithTimeout(gensee.WithCallOptions(t.Context(), gensee.CaptureResponse(&resp)), 10*time.Second)
				_, err := c.Rooms.Get(ctx, "R1")
				require.NoError(t, err, "the call before %s", full)
				require.Equal(t, 1, resp.Attempts, "the call before %s", full)
				require.NotEmpty(t, resp.RequestID, "the call before %s", full)
				require.Equal(t, 200, resp.StatusCode, "the call before %s", full)

				log.reset()
				before := mock.GetTotalCallCount()
				err = refusedCall(ctx, method, fill)
				cancel()
				if mock.GetTotalCallCount() != before || err == nil {
					sent++ // valid as given: not a refusal
					continue
				}
				refused++
				assertRefused(t, full, err, &resp, log)
				if p, ok := relRequestParam(method.Type()); ok && fname == "nil" && p.Elem().Name() != "" {
					var ve *gensee.ValidationError
					if errors.As(err, &ve) && ve.Field == "request" {
						nilRequests++
					}
				}
			}
		}
	}
	t.Logf("%d calls refused, %d sent (valid as given), %d nil requests", refused, sent, nilRequests)
	// Every service refuses its zero values somewhere: the rooms, coursewares,
	// exports and famous rooms alone refuse more than sixty of them.
	assert.GreaterOrEqual(t, refused, 60)
	assert.GreaterOrEqual(t, nilRequests, 6, "Rooms and Coursewares alone have six *…Request methods")
}

// TestRefusedCallOfCall: Call's own refusals (a bad path) follow the same
// rule, after a successful call.
func TestRefusedCallOfCall(t *testing.T) {
	log := &refusedLog{}
	c, mock := refusedClient(t, log)
	var resp gensee.Response
	ctx := gensee.WithCallOptions(t.Context(), gensee.CaptureResponse(&resp))
	require.NoError(t, c.Rooms.Delete(ctx, "R1"))
	require.Equal(t, 1, resp.Attempts)
	log.reset()
	err := c.Call(ctx, "/training/../etc", nil, nil)
	assert.Equal(t, 1, mock.GetTotalCallCount())
	assertRefused(t, "Call", err, &resp, log)
}

// refusedErrs is the errors a walk yields.
func refusedErrs[T any](seq iter.Seq2[T, error]) iter.Seq[error] {
	return func(yield func(error) bool) {
		for _, err := range seq {
			if !yield(err) {
				return
			}
		}
	}
}

// TestRefusedWalkReportsWhenRanged: a walk whose options are refused
// reports nothing until it is ranged over, and then one call of 0 attempts
// per range, whose error is the one yielded; a windowed export's own
// window rule (one time without the other) is such a refusal.
func TestRefusedWalkReportsWhenRanged(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	walks := map[string]func(context.Context, *gensee.Client) iter.Seq[error]{
		"AttendanceAll without an end": func(ctx context.Context, c *gensee.Client) iter.Seq[error] {
			return refusedErrs(c.Exports.AttendanceAll(ctx, &gensee.ExportOptions{RoomID: "R1", StartTime: start}))
		},
		"VotesAll with the end before the start": func(ctx context.Context, c *gensee.Client) iter.Seq[error] {
			return refusedErrs(c.Exports.VotesAll(ctx, &gensee.ExportOptions{RoomID: "R1", StartTime: start, EndTime: start.Add(-time.Hour)}))
		},
		"MedalsAll of nil options": func(ctx context.Context, c *gensee.Client) iter.Seq[error] {
			return refusedErrs(c.Exports.MedalsAll(ctx, nil))
		},
		"Rooms.SyncAll from page -1": func(ctx context.Context, c *gensee.Client) iter.Seq[error] {
			return refusedErrs(c.Rooms.SyncAll(ctx, &gensee.RoomSyncOptions{PageNo: -1}))
		},
	}
	for name, build := range walks {
		t.Run(name, func(t *testing.T) {
			log := &refusedLog{}
			c, mock := refusedClient(t, log)
			var resp gensee.Response
			ctx := gensee.WithCallOptions(t.Context(), gensee.CaptureResponse(&resp))
			_, err := c.Rooms.Get(ctx, "R1")
			require.NoError(t, err)
			log.reset()
			seq := build(ctx, c)
			assert.Empty(t, log.starts, "nothing is reported before ranging")
			assert.Equal(t, 1, resp.Attempts, "nothing is reset before ranging")
			for round := 1; round <= 2; round++ {
				log.reset()
				var errs []error
				for err := range seq {
					errs = append(errs, err)
					if len(errs) > 3 {
						break // a broken guard must not spin
					}
				}
				require.Len(t, errs, 1, "round %d: one error, yielded once", round)
				assert.Equal(t, 1, mock.GetTotalCallCount(), "round %d: nothing sent", round)
				assertRefused(t, name, errs[0], &resp, log)
			}
		})
	}
}
