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
// ("page 2/6 (100 rows so far)", once that page's answer says where it
// stands), a line per piece of a windowed export ("piece 3/53 (…)", as
// each is asked for) and a line when one call takes long ("still waiting
// for /training/export/history (12 s)"). It prints nothing unless on is
// set: stderr is a terminal, or --progress was given. Its lines come from
// the client's Observer (observer): a call of the walk is a page or a
// piece, whatever the retries; only the page totals are read from the
// answers, by pageTotals (watcher.go), in a run that walks pages.
type progress struct {
	w      io.Writer
	on     bool
	mu     sync.Mutex // one line at a time
	active atomic.Bool
	rows   atomic.Int64
	pages  atomic.Int64 // calls of the walk so far
	total  atomic.Int64 // pages in all, from the last answer that said; 0 unknown
	pageNo atomic.Int64 // the page the running call's answer reported; 0 none (yet)
	shown  atomic.Int64 // the page of the last line printed
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

// start starts the progress of an --all walk of pages.
func (p *progress) start() { p.active.Store(true) }

// startPieces starts the progress of a windowed export of n pieces: each
// call says "piece 3/53".
func (p *progress) startPieces(n int) {
	p.pieces.Store(int64(n))
	p.active.Store(true)
}

// walkingPages reports whether an --all walk of pages is on: pageTotals
// reads the answers' totals only then.
func (p *progress) walkingPages() bool { return p.active.Load() && p.pieces.Load() == 0 }

// answered is told by pageTotals what a page's answer reports: its page
// number and the number of pages (0 for what it does not report).
func (p *progress) answered(pageNo, totalPages int64) {
	p.pageNo.Store(pageNo)
	if totalPages > 0 {
		p.total.Store(totalPages)
	}
}

// callStarted counts a call of the walk: a piece says so at once; a page
// waits for its answer (callDone).
func (p *progress) callStarted(path string) {
	if !p.active.Load() {
		return
	}
	n := p.pages.Add(1)
	if total := p.pieces.Load(); total > 0 {
		p.printf("gensee: %s: piece %d/%d (%d rows so far)\n", path, n, total, p.rows.Load())
		return
	}
	p.pageNo.Store(0)
}

// callDone prints the line of a page of the walk that was answered: the
// page number its answer reported (else the one after the last shown) and
// the number of pages, once an answer said it. A failed call prints none:
// its error ends the walk.
func (p *progress) callDone(c *gensee.CallResult) {
	if !p.walkingPages() || c.Err != nil {
		return
	}
	n := p.pageNo.Load()
	if n <= 0 {
		n = p.shown.Load() + 1
	}
	p.shown.Store(n)
	of := ""
	if t := p.total.Load(); t > 0 {
		of = "/" + strconv.FormatInt(t, 10)
	}
	p.printf("gensee: %s: page %d%s (%d rows so far)\n", c.Endpoint, n, of, p.rows.Load())
}

func (p *progress) finish() {
	p.active.Store(false)
	unit := "page(s)"
	if p.pieces.Load() > 0 {
		unit = "piece(s)"
	}
	p.printf("gensee: %d rows from %d %s\n", p.rows.Load(), p.pages.Load(), unit)
}

// observer is where progress hears of the calls: those of a walk (pages
// and pieces, callStarted and callDone), and those that take long: after
// slowCall, and again every slowCall, until the call returns.
func (p *progress) observer() gensee.Observer {
	type waitKey struct{}
	return gensee.Observer{
		CallStart: func(ctx context.Context, endpoint string) context.Context {
			p.callStarted(endpoint)
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
		CallDone: func(ctx context.Context, c *gensee.CallResult) {
			if end, ok := ctx.Value(waitKey{}).(func()); ok {
				end()
			}
			p.callDone(c)
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
