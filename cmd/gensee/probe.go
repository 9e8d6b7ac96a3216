package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gensee-go/gensee"
)

func probeHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `gensee probe: check a real site against the SDK, read-only, and say how it differs.

Usage:
  gensee [global flags] probe [--out FILE] [--days N] [--max-calls N] [--rate R]
                              [--room ID ...] [--famous-room ID ...]

The probe finds ids on its own (room/sync for the last --days days,
courseware/syn, record/syn, doc/syn, miniroom/syn, then courseware/list and
the exports of the classrooms found, and of the classrooms and dual-teacher
classrooms given with --room and --famous-room), calls only endpoints that change
nothing, at most --max-calls times, at most --rate calls a second, and
reports per endpoint: whether it answered, the return code, the latency, the
paging shape (totals nested in "page" or flat, pageNo echoed), and every
difference between the answers and the SDK's types: keys the SDK does not
know, keys of its types the answers left out, values of another JSON type,
times before 2005 or more than a year ahead, and the values that needed the
SDK's tolerance (quoted numbers, "33.3%", raw control characters; shown, not
counted as differences).

Credentials come from GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD (or
GENSEE_PASSWORD_MD5), or --password-stdin, as for every command.

--out FILE writes a JSON bundle to attach to a bug report. It holds, by
construction, no value of any answer: per endpoint the number of calls and
answers, the HTTP statuses and return codes, the latencies, the paging
shape, the key paths of the answers with their JSON types (a key that is not
a plain ASCII identifier is written "<key>"), the lengths of their lists,
the drift findings (kinds, key paths, JSON types) and the class of each
error ("api 501", "http 404", "decode", "network", "timeout"). No site name,
credential, token, join URL, id, name, phone number, IP address, message or
time is written.

Exit codes: 0 the site matches the SDK, 1 it differs (or a call failed
other than with a return code), 2 a usage error.

Flags:
`)
	printFlags(w, fs)
}

// probeFlags are probe's own flags.
type probeFlags struct {
	out      string
	days     int
	maxCalls int
	rate     float64
	rooms    listFlag // --room: classrooms to probe besides those found
	famous   listFlag // --famous-room: dual-teacher classrooms to probe
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	for v := range strings.SplitSeq(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func runProbe(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("gensee probe", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var pf probeFlags
	fs.StringVar(&pf.out, "out", "", "write the JSON bundle (shapes and findings, no values) to this file")
	fs.IntVar(&pf.days, "days", 3, "look for classrooms created on this many recent days (1-30)")
	fs.IntVar(&pf.maxCalls, "max-calls", 40, "call the site at most this many times (1-500)")
	fs.Float64Var(&pf.rate, "rate", 2, "call the site at most this many times a second (0.1-20)")
	fs.Var(&pf.rooms, "room", "a classroom id to probe besides those room/sync finds (repeat, or separate by commas)")
	fs.Var(&pf.famous, "famous-room", "a dual-teacher classroom id to probe, with its tutorial rooms (famousroom/info, tutorialroom/info)")
	own := flag.NewFlagSet("gensee probe", flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) { own.Var(f.Value, f.Name, f.Usage); own.Lookup(f.Name).DefValue = f.DefValue })
	g.define(fs)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			probeHelp(stdout, own)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: probe: %v\nRun 'gensee probe --help' for usage.\n", flagError(err))
		return exitUsage
	}
	switch {
	case len(rest) > 0:
		err = usagef("probe: unexpected argument %q", rest[0])
	case pf.days < 1 || pf.days > 30:
		err = usagef("--days must be 1 to 30, not %d", pf.days)
	case pf.maxCalls < 1 || pf.maxCalls > 500:
		err = usagef("--max-calls must be 1 to 500, not %d", pf.maxCalls)
	case !(pf.rate >= 0.1 && pf.rate <= 20):
		err = usagef("--rate must be 0.1 to 20 calls a second, not %g", pf.rate)
	case g.dryRun:
		err = usagef("probe: --dry-run does not apply (the probe only reads)")
	default:
		err = g.check()
	}
	if err != nil {
		return report(stderr, err, "probe")
	}
	p := newProber(pf)
	e, closeEnv, err := newEnv(g, stdout, stderr, getenv, p.options()...)
	if err != nil {
		return report(stderr, err, "")
	}
	defer closeEnv()
	p.c = e.c
	if err := p.run(ctx); err != nil {
		return report(stderr, err, "")
	}
	p.summary(stdout)
	if pf.out != "" {
		if err := writeBundle(pf.out, p.bundle()); err != nil {
			fmt.Fprintf(stderr, "gensee: probe: %v\n", err)
			return exitAPI
		}
		fmt.Fprintf(stdout, "\nBundle written to %s (shapes and findings only; see 'gensee probe --help').\n", pf.out)
	}
	if p.differs() {
		return exitAPI
	}
	return exitOK
}

// prober is one run of the probe.
type prober struct {
	flags probeFlags
	c     *gensee.Client
	tap   *probeTap
	calls int // made so far
	skip  int // steps left out for the budget

	mu     sync.Mutex
	drifts []gensee.Drift

	results map[string]*probeResult
	order   []string
}

// probeResult is what the probe learned of one endpoint.
type probeResult struct {
	Endpoint  string
	Calls     int
	Answered  int
	Statuses  map[int]int
	Codes     map[int]int
	Errors    map[string]int // error classes
	ErrText   []string       // the errors, for the human summary only
	Latencies []time.Duration
	Paging    *pagingShape
	Shape     map[string]string // key path → JSON type(s)
	Counts    map[string]int    // list key path → the longest list seen
	Drift     []gensee.Drift
}

// pagingShape is how a paged answer carried its totals.
type pagingShape struct {
	Nested       bool `json:"nested"`       // "page":{pageNo,totalPages,totalCounts}
	Flat         bool `json:"flat"`         // the totals beside the list
	PageNoEchoed bool `json:"pageNoEchoed"` // the page asked for came back as pageNo
}

func newProber(pf probeFlags) *prober {
	return &prober{flags: pf, tap: &probeTap{next: http.DefaultTransport}, results: map[string]*probeResult{}}
}

// options are the probe's client options: its own transport (which keeps
// each answer's body for its shape), the drift report, the polite rate and
// a single attempt per call.
func (p *prober) options() []gensee.Option {
	return []gensee.Option{
		gensee.WithHTTPClient(&http.Client{Transport: p.tap, Timeout: time.Minute}),
		gensee.WithDriftReport(func(d gensee.Drift) {
			p.mu.Lock()
			p.drifts = append(p.drifts, d)
			p.mu.Unlock()
		}),
		gensee.WithRateLimit(p.flags.rate, 1),
		gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1}),
	}
}

// call makes one call of endpoint with fn, within the budget, and records
// what came back. It returns false when the budget is spent.
func (p *prober) call(ctx context.Context, endpoint string, fn func(ctx context.Context) error) (bool, error) {
	if p.calls >= p.flags.maxCalls {
		p.skip++
		return false, nil
	}
	p.calls++
	p.tap.reset()
	start := time.Now()
	err := fn(ctx)
	took := time.Since(start)
	ex := p.tap.take()
	r := p.result(endpoint)
	r.Calls++
	if ex != nil {
		took = ex.took
		r.Answered++
		r.Statuses[ex.status]++
		if ex.body != nil {
			shapeOf(ex.body, r)
		}
	}
	r.Latencies = append(r.Latencies, took)
	var api *gensee.APIError
	switch {
	case err == nil:
		r.Codes[0]++
	case errors.As(err, &api):
		r.Codes[int(api.Code)]++
		if api.Code == gensee.CodeAuthFailed || api.Code == gensee.CodePasswordExpired {
			r.Errors[errorClass(err)]++
			return false, fmt.Errorf("probe: %s: the site refused the credentials: %w", endpoint, err)
		}
	default:
		r.Errors[errorClass(err)]++
		r.ErrText = append(r.ErrText, err.Error())
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	return true, nil
}

func (p *prober) result(endpoint string) *probeResult {
	r := p.results[endpoint]
	if r == nil {
		r = &probeResult{Endpoint: endpoint, Statuses: map[int]int{}, Codes: map[int]int{}, Errors: map[string]int{},
			Shape: map[string]string{}, Counts: map[string]int{}}
		p.results[endpoint] = r
		p.order = append(p.order, endpoint)
	}
	return r
}

// errorClass names the kind of a call's error, with no text of the server.
func errorClass(err error) string {
	var (
		api  *gensee.APIError
		he   *gensee.HTTPError
		de   *gensee.DecodeError
		pe   *gensee.PageError
		tooL *gensee.ResponseTooLargeError
	)
	switch {
	case errors.As(err, &api):
		return fmt.Sprintf("api %d", int(api.Code))
	case errors.As(err, new(*gensee.ValidationError)):
		return "refused by the SDK"
	case errors.As(err, &he):
		return fmt.Sprintf("http %d", he.StatusCode)
	case errors.As(err, &de):
		return "decode"
	case errors.As(err, &pe):
		return "paging"
	case errors.As(err, &tooL):
		return "too large"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case errors.Is(err, gensee.ErrNoValue):
		return "no value"
	}
	return "network"
}

// run discovers ids and calls the read endpoints with them.
func (p *prober) run(ctx context.Context) error {
	c := p.c
	today := gensee.DateOf(time.Now())
	rooms := slices.Clone(p.flags.rooms)
	var wares []string
	addRoom := func(id string) {
		if id != "" && len(rooms) < len(p.flags.rooms)+3 && !slices.Contains(rooms, id) {
			rooms = append(rooms, id)
		}
	}
	steps := []struct {
		endpoint string
		fn       func(ctx context.Context) error
	}{}
	add := func(endpoint string, fn func(ctx context.Context) error) {
		steps = append(steps, struct {
			endpoint string
			fn       func(ctx context.Context) error
		}{endpoint, fn})
	}
	runSteps := func() error {
		for _, s := range steps {
			more, err := p.call(ctx, s.endpoint, s.fn)
			if err != nil {
				return err
			}
			if !more {
				break
			}
		}
		steps = steps[:0]
		return nil
	}
	// Discovery: what the site has, recent first.
	for d := 0; d < p.flags.days; d++ {
		day := gensee.DateOf(time.Now().AddDate(0, 0, -d))
		add("/training/room/sync", func(ctx context.Context) error {
			pg, err := c.Rooms.Sync(ctx, &gensee.RoomSyncOptions{CreateTime: day})
			if pg != nil {
				for _, r := range pg.Items {
					addRoom(r.RoomID)
				}
			}
			return err
		})
	}
	since := time.Now().AddDate(0, 0, -30)
	add("/training/courseware/syn", func(ctx context.Context) error {
		pg, err := c.Coursewares.Sync(ctx, &gensee.SyncOptions{StartTime: since, EndTime: time.Now()})
		if pg != nil {
			for _, w := range pg.Items {
				if len(wares) < 2 && w.ID != "" {
					wares = append(wares, w.ID)
				}
			}
		}
		return err
	})
	add("/training/record/syn", func(ctx context.Context) error {
		_, err := c.Records.Sync(ctx, &gensee.SyncOptions{StartTime: since, EndTime: time.Now()})
		return err
	})
	add("/training/doc/syn", func(ctx context.Context) error {
		_, err := c.Docs.Sync(ctx, &gensee.SyncOptions{StartTime: since, EndTime: time.Now()})
		return err
	})
	var minis []string
	add("/training/miniroom/syn", func(ctx context.Context) error {
		pg, err := c.MiniRooms.RoomStats(ctx, 1)
		if pg != nil {
			for _, m := range pg.Items {
				if len(minis) < 1 && m.ID != "" {
					minis = append(minis, m.ID)
				}
			}
		}
		return err
	})
	from := gensee.DateOf(time.Now().AddDate(0, 0, -7))
	add("/training/export/room/concurrent", func(ctx context.Context) error {
		_, err := c.Exports.RoomConcurrency(ctx, from, today)
		return err
	})
	add("/training/export/vod/concurrent", func(ctx context.Context) error {
		_, err := c.Exports.VodConcurrency(ctx, from, today)
		return err
	})
	add("/training/export/reward", func(ctx context.Context) error {
		_, err := c.Exports.Rewards(ctx, from, today)
		return err
	})
	add("/training/export/room/usage", func(ctx context.Context) error {
		end := time.Now()
		_, err := c.Exports.RoomUsage(ctx, &gensee.RoomUsageOptions{StartTime: end.Add(-7*24*time.Hour + time.Minute), EndTime: end})
		return err
	})
	add("/training/export/study/history", func(ctx context.Context) error {
		_, err := c.Exports.StudyHistory(ctx, &gensee.StudyHistoryOptions{Date: gensee.DateOf(time.Now().AddDate(0, 0, -1))})
		return err
	})
	if err := runSteps(); err != nil {
		return err
	}
	// What the ids found lead to.
	for _, id := range rooms {
		add("/training/room/info", func(ctx context.Context) error { _, err := c.Rooms.Get(ctx, id); return err })
		add("/training/query/status", func(ctx context.Context) error { _, err := c.Rooms.Status(ctx, id); return err })
		add("/training/courseware/list", func(ctx context.Context) error {
			ws, err := c.Coursewares.List(ctx, id)
			for _, w := range ws {
				if len(wares) < 2 && w.ID != "" && !slices.Contains(wares, w.ID) {
					wares = append(wares, w.ID)
				}
			}
			return err
		})
	}
	for _, id := range rooms {
		o := &gensee.ExportOptions{RoomID: id}
		po := &gensee.PagedExportOptions{ExportOptions: *o}
		add("/training/export/history", func(ctx context.Context) error { _, err := c.Exports.Attendance(ctx, o); return err })
		add("/training/export/qa", func(ctx context.Context) error { _, err := c.Exports.QA(ctx, o); return err })
		add("/training/export/rollcall", func(ctx context.Context) error { _, err := c.Exports.RollCalls(ctx, o); return err })
		add("/training/export/vote", func(ctx context.Context) error { _, err := c.Exports.Votes(ctx, o); return err })
		add("/training/export/chat", func(ctx context.Context) error { _, err := c.Exports.Chat(ctx, o); return err })
		add("/training/export/redpacket", func(ctx context.Context) error { _, err := c.Exports.RedPackets(ctx, o); return err })
		add("/training/export/medal", func(ctx context.Context) error { _, err := c.Exports.Medals(ctx, po); return err })
		add("/training/export/praise", func(ctx context.Context) error { _, err := c.Exports.Praises(ctx, po); return err })
		add("/training/export/praise/detail", func(ctx context.Context) error { _, err := c.Exports.PraiseDetails(ctx, po); return err })
	}
	var tutorials []string
	for _, id := range p.flags.famous {
		add("/training/famousroom/info", func(ctx context.Context) error {
			fr, err := c.FamousRooms.Get(ctx, id)
			if fr != nil && fr.SlaveRoomWrapper != nil {
				for _, tr := range fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos {
					if tr != nil && tr.ID != "" && len(tutorials) < 2 {
						tutorials = append(tutorials, tr.ID)
					}
				}
			}
			return err
		})
	}
	for _, id := range minis {
		add("/training/miniroom/export/history", func(ctx context.Context) error {
			_, err := c.MiniRooms.StudentStats(ctx, id, 1)
			return err
		})
	}
	if err := runSteps(); err != nil {
		return err
	}
	for _, id := range tutorials {
		add("/training/tutorialroom/info", func(ctx context.Context) error { _, err := c.FamousRooms.GetTutorialRoom(ctx, id); return err })
	}
	for _, id := range wares {
		add("/training/courseware/info", func(ctx context.Context) error { _, err := c.Coursewares.Get(ctx, id); return err })
		add("/training/vod/vodview", func(ctx context.Context) error { _, err := c.Coursewares.ViewCount(ctx, id); return err })
	}
	if err := runSteps(); err != nil {
		return err
	}
	p.mu.Lock()
	for _, d := range p.drifts {
		r := p.result(d.Endpoint)
		r.Drift = append(r.Drift, d)
	}
	p.mu.Unlock()
	return nil
}

// differs reports whether anything the probe saw differs from the SDK: a
// drift other than a tolerated value, or a call that failed other than
// with a return code.
func (p *prober) differs() bool {
	for _, r := range p.results {
		if r.differences() > 0 {
			return true
		}
	}
	return false
}

// differences counts what differs at one endpoint.
func (r *probeResult) differences() int {
	n := 0
	for _, d := range r.Drift {
		if d.Kind != gensee.DriftTolerated {
			n++
		}
	}
	for class, k := range r.Errors {
		if !strings.HasPrefix(class, "api ") {
			n += k
		}
	}
	return n
}

// summary prints what the probe found, per endpoint, for a person.
func (p *prober) summary(w io.Writer) {
	total := 0
	for _, ep := range p.order {
		r := p.results[ep]
		status := "ok  "
		if n := r.differences(); n > 0 {
			status, total = "DIFF", total+n
		}
		fmt.Fprintf(w, "%s %-36s %d call(s), %d answered, %s, %s%s\n", status, ep, r.Calls, r.Answered,
			codesText(r.Codes, r.Errors), latencyText(r.Latencies), pagingText(r.Paging))
		for _, t := range r.ErrText {
			fmt.Fprintf(w, "       error: %s\n", t)
		}
		drifts := append([]gensee.Drift(nil), r.Drift...)
		sort.SliceStable(drifts, func(i, j int) bool {
			if drifts[i].Kind != drifts[j].Kind {
				return drifts[i].Kind < drifts[j].Kind
			}
			return drifts[i].Key < drifts[j].Key
		})
		for _, d := range drifts {
			fmt.Fprintf(w, "       %s\n", strings.TrimPrefix(d.String(), d.Endpoint+": "))
		}
	}
	fmt.Fprintf(w, "\n%d call(s) to %d endpoint(s)", p.calls, len(p.order))
	if p.skip > 0 {
		fmt.Fprintf(w, ", %d more left out for --max-calls", p.skip)
	}
	if total == 0 {
		fmt.Fprintln(w, ": the site matches the SDK.")
		return
	}
	fmt.Fprintf(w, ": %d difference(s) from the SDK.\n", total)
}

func codesText(codes map[int]int, errs map[string]int) string {
	var parts []string
	for _, c := range sortedInts(codes) {
		parts = append(parts, fmt.Sprintf("code %d ×%d", c, codes[c]))
	}
	for class, n := range errs {
		if !strings.HasPrefix(class, "api ") {
			parts = append(parts, fmt.Sprintf("%s ×%d", class, n))
		}
	}
	sort.Strings(parts[min(len(parts), len(codes)):])
	if len(parts) == 0 {
		return "no answer"
	}
	return strings.Join(parts, ", ")
}

func latencyText(ls []time.Duration) string {
	if len(ls) == 0 {
		return "-"
	}
	var most time.Duration
	for _, l := range ls {
		most = max(most, l)
	}
	return "up to " + most.Round(time.Millisecond).String()
}

func pagingText(ps *pagingShape) string {
	if ps == nil {
		return ""
	}
	var s string
	switch {
	case ps.Nested && ps.Flat:
		s = ", totals nested and flat"
	case ps.Nested:
		s = ", totals nested"
	case ps.Flat:
		s = ", totals flat"
	default:
		return ", no totals"
	}
	if ps.PageNoEchoed {
		return s + ", pageNo echoed"
	}
	return s + ", pageNo not echoed"
}

func sortedInts[V any](m map[int]V) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}
