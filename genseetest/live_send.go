package genseetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// liveState is the sending side of the class play: the queue of events,
// the one goroutine that sends them, and the timers of the recordings to
// come. The classes themselves are part of the state (state.live).
//
// Lock order: Server.mu before liveState.mu. Events are emitted while
// Server.mu is held, so that they are queued in the order of the changes
// they tell of.
type liveState struct {
	mu         sync.Mutex
	callback   string
	queue      []*liveItem
	emitted    int           // events queued since the start
	finished   int           // of those, delivered or failed
	changed    chan struct{} // closed (and dropped) when finished grows; nil: nobody waits
	started    bool          // the sender goroutine was started
	stopped    bool          // Close began: nothing more is queued or scheduled
	quit       bool          // the sender must return
	wake       chan struct{}
	stop       chan struct{}
	exited     chan struct{}
	ctx        context.Context // ends when Close gives up on the event in flight
	cancel     context.CancelFunc
	hc         *http.Client
	deliveries []LiveDelivery

	timers  map[*time.Timer]bool // the recordings to come (WithRecordingLag)
	running sync.WaitGroup       // timers scheduled and not yet done
}

// liveItem is one event to send.
type liveItem struct {
	callback string
	query    url.Values
}

// errClosed is the cause of the events a closing Server could not send.
var errClosed = errors.New("the server was closed before it was delivered")

// WaitLive returns once every live event emitted so far (by the Live
// methods, and event 106 of each recording already made) was delivered or
// failed, or with ctx's error when ctx ends first. Events emitted while it
// waits are not waited for. Its answers are then in LiveDeliveries, and a
// receiver has seen them all; events go out one at a time, in order, from
// one goroutine (see SetLiveCallbackURL). Call it from the test, not from
// the receiver of the events: there it would wait for its own answer until
// ctx ends.
func (s *Server) WaitLive(ctx context.Context) error {
	l := &s.live
	l.mu.Lock()
	target := l.emitted
	for l.finished < target {
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		l.mu.Lock()
	}
	l.mu.Unlock()
	return nil
}

// emitLocked queues an event for the sender, starting it the first time.
// Without a callback URL nothing is sent; after Close the event is
// recorded as failed. The caller holds Server.mu.
func (s *Server) emitLocked(q url.Values) {
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		l.deliveries = append(l.deliveries, LiveDelivery{Query: q, Err: fmt.Errorf("genseetest: live event %s: the server is closed", q.Get("Action"))})
		return
	}
	if l.callback == "" {
		return
	}
	if !l.started {
		l.started = true
		l.wake = make(chan struct{}, 1)
		l.stop = make(chan struct{})
		l.exited = make(chan struct{})
		l.ctx, l.cancel = context.WithCancel(context.Background())
		l.hc = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		go s.liveLoop()
	}
	l.queue = append(l.queue, &liveItem{callback: l.callback, query: q})
	l.emitted++
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// finishLocked records the outcome of a queued event. The caller holds
// liveState.mu.
func (l *liveState) finishLocked(d LiveDelivery) {
	l.deliveries = append(l.deliveries, d)
	l.finished++
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// afterLocked runs fn after d, holding Server.mu, unless the Server is
// closed or its state replaced (LoadState) by then. The timers are the
// clock of the recordings, apart from the sender: a receiver that hangs
// never delays them. The caller holds Server.mu.
func (s *Server) afterLocked(d time.Duration, fn func()) {
	l := &s.live
	st := s.st
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return
	}
	if l.timers == nil {
		l.timers = map[*time.Timer]bool{}
	}
	l.running.Add(1)
	var t *time.Timer
	t = time.AfterFunc(d, func() {
		defer l.running.Done()
		s.mu.Lock()
		defer s.mu.Unlock()
		l.mu.Lock()
		stopped := l.stopped
		delete(l.timers, t)
		l.mu.Unlock()
		if !stopped && s.st == st {
			fn()
		}
	})
	l.timers[t] = true
}

// stopLive is Close's part: it drops the recordings to come, gives the
// events already queued the close wait to be delivered, then cancels the
// one in flight, records the rest as failed, and waits for the sender to
// return.
func (s *Server) stopLive() {
	l := &s.live
	l.mu.Lock()
	l.stopped = true
	for t := range l.timers {
		if t.Stop() {
			l.running.Done()
		}
	}
	clear(l.timers)
	started := l.started
	l.mu.Unlock()
	l.running.Wait() // a timer that fired already sees stopped
	if !started {
		return
	}
	wait := s.cfg.live.closeWait
	if wait <= 0 {
		wait = defaultLiveCloseWait
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	_ = s.WaitLive(ctx)
	cancel()

	l.mu.Lock()
	l.quit = true
	l.mu.Unlock()
	l.cancel()
	close(l.stop)
	<-l.exited
	l.mu.Lock()
	for _, it := range l.queue {
		l.finishLocked(LiveDelivery{URL: bareURL(it.callback), Query: it.query,
			Err: fmt.Errorf("genseetest: live event %s: %w", it.query.Get("Action"), errClosed)})
	}
	l.queue = nil
	l.mu.Unlock()
	l.hc.CloseIdleConnections()
}

// liveLoop is the sender: the one goroutine that sends the events, one at
// a time, in order.
func (s *Server) liveLoop() {
	l := &s.live
	defer close(l.exited)
	for {
		l.mu.Lock()
		if l.quit {
			l.mu.Unlock()
			return
		}
		var it *liveItem
		if len(l.queue) > 0 {
			it = l.queue[0]
			l.queue = l.queue[1:]
		}
		l.mu.Unlock()
		if it == nil {
			select {
			case <-l.wake:
			case <-l.stop:
			}
			continue
		}
		d := s.deliverLive(it.callback, it.query)
		l.mu.Lock()
		l.finishLocked(d)
		l.mu.Unlock()
	}
}

// deliverLive sends one event with GET, waiting at most the delivery
// timeout for the answer, and never panics.
func (s *Server) deliverLive(callback string, q url.Values) LiveDelivery {
	action := q.Get("Action")
	u, err := url.Parse(callback)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return LiveDelivery{URL: callback, Query: q, Err: fmt.Errorf("genseetest: live event %s: bad callback URL", action)}
	}
	all := u.Query()
	for k, vs := range q {
		all[k] = vs
	}
	u.RawQuery = all.Encode()
	d := LiveDelivery{URL: bareURL(callback), Query: all}
	timeout := s.cfg.live.timeout
	if timeout <= 0 {
		timeout = defaultLiveTimeout
	}
	ctx, cancel := context.WithTimeout(s.live.ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		d.Err = fmt.Errorf("genseetest: live event %s to %s: %w", action, d.URL, err)
		return d
	}
	resp, err := s.live.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text would repeat the query, token included
		}
		switch {
		case s.live.ctx.Err() != nil:
			err = errClosed
		case ctx.Err() != nil:
			err = fmt.Errorf("no answer within %s: %w", timeout, ctx.Err())
		}
		d.Err = fmt.Errorf("genseetest: live event %s to %s: %w", action, d.URL, err)
		return d
	}
	_ = resp.Body.Close()
	d.StatusCode = resp.StatusCode
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		d.Err = fmt.Errorf("genseetest: live event %s to %s: HTTP %d", action, d.URL, resp.StatusCode)
	}
	return d
}

// bareURL is the callback URL without its query (which may hold a token),
// as LiveDelivery.URL reports it; a URL that does not parse is kept.
func bareURL(callback string) string {
	u, err := url.Parse(callback)
	if err != nil {
		return callback
	}
	u.RawQuery = ""
	return u.String()
}
