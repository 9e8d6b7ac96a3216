package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gensee-go/gensee"
)

// slowCall is how long a call runs before progress says it is still
// waiting, and then how often it says so again.
const slowCall = 10 * time.Second

// progress reports long work on stderr: a line per page of an --all walk
// ("page 2/6 (100 rows so far)" once the number of pages is known) and a
// line when one call takes long ("still waiting for /training/export/history
// (12 s)"). It prints nothing unless on is set: stderr is a terminal, or
// --progress was given.
type progress struct {
	w      io.Writer
	on     bool
	mu     sync.Mutex // one line at a time
	active atomic.Bool
	rows   atomic.Int64
	pages  atomic.Int64
	total  atomic.Int64 // pages in all, from the last answer; 0 unknown
	pieces atomic.Int64 // in a windowed export: the calls (7-day pieces) in all; 0 in a paged walk
	after  func(d time.Duration, f func()) (stop func() bool)
}

func newProgress(w io.Writer, on bool) *progress {
	return &progress{w: w, on: on, after: func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }}
}

func (p *progress) printf(format string, args ...any) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

func (p *progress) start() { p.active.Store(true) }

// startPieces starts the progress of a windowed export of n pieces: each
// call says "piece 3/53".
func (p *progress) startPieces(n int) {
	p.pieces.Store(int64(n))
	p.active.Store(true)
}

// request is called by the transport before each request.
func (p *progress) request(path, pageNo string) {
	if !p.active.Load() {
		return
	}
	n := p.pages.Add(1)
	if total := p.pieces.Load(); total > 0 {
		p.printf("gensee: %s: piece %d/%d (%d rows so far)\n", path, n, total, p.rows.Load())
		return
	}
	if pageNo == "" {
		pageNo = strconv.FormatInt(n, 10)
	}
	of := ""
	if t := p.total.Load(); t > 0 {
		of = "/" + strconv.FormatInt(t, 10)
	}
	p.printf("gensee: %s: page %s%s (%d rows so far)\n", path, pageNo, of, p.rows.Load())
}

// answered is called by the transport with the number of pages an answer
// reports (0 when it reports none).
func (p *progress) answered(totalPages int64) {
	if totalPages > 0 {
		p.total.Store(totalPages)
	}
}

func (p *progress) finish() {
	p.active.Store(false)
	unit := "page(s)"
	if p.pieces.Load() > 0 {
		unit = "piece(s)"
	}
	p.printf("gensee: %d rows from %d %s\n", p.rows.Load(), p.pages.Load(), unit)
}

// observer reports the calls that take long: after slowCall, and again
// every slowCall, until the call returns.
func (p *progress) observer() gensee.Observer {
	type waitKey struct{}
	return gensee.Observer{
		CallStart: func(ctx context.Context, endpoint string) context.Context {
			if !p.on {
				return nil
			}
			began := time.Now()
			var mu sync.Mutex
			var stop func() bool
			done := false
			var tick func()
			tick = func() {
				mu.Lock()
				defer mu.Unlock()
				if done {
					return
				}
				p.printf("gensee: still waiting for %s (%d s)\n", endpoint, int(time.Since(began).Seconds()))
				stop = p.after(slowCall, tick)
			}
			mu.Lock()
			stop = p.after(slowCall, tick)
			mu.Unlock()
			return context.WithValue(ctx, waitKey{}, func() {
				mu.Lock()
				defer mu.Unlock()
				done = true
				stop()
			})
		},
		CallDone: func(ctx context.Context, _ *gensee.CallResult) {
			if end, ok := ctx.Value(waitKey{}).(func()); ok {
				end()
			}
		},
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// terminalWidth is $COLUMNS, else the width of the terminal w is, else 80.
func terminalWidth(w io.Writer, getenv func(string) string) int {
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n >= 20 {
		return n
	}
	if n := ttyWidth(w); n >= 20 {
		return n
	}
	return 80
}
