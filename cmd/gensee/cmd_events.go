package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gensee-go/gensee"
)

// lifeCommand is a command of the class lifecycle: not an endpoint action.
type lifeCommand struct {
	summary string
	run     func(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer, getenv func(string) string) int
}

const (
	eventsUsage = "events serve --addr 127.0.0.1:8080 --token T"
	classUsage  = "--fake class play [--room demo] [--students 2] [--callback URL]"
)

// lifeCommands are dispatched by run, by their first word.
var lifeCommands = map[string]*lifeCommand{
	"events":   {"receive the site's live events and print each as a JSON line (events serve)", runEvents},
	"join-url": {"print a join link (--url U, or --room R --role teacher|assistant|student)", runJoinURL},
	"class":    {"play a class on the fake: live events, recording, attendance (--fake class play)", runClass},
}

// lifeHelp lists the lifecycle commands in the top help.
func lifeHelp(w io.Writer) {
	for _, name := range []string{"events", "join-url", "class"} {
		fmt.Fprintf(w, "  %-12s %s\n", name, lifeCommands[name].summary)
	}
}

func lifeFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gensee "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // --help prints the flags once, on stdout, in the house format (parseLife)
	return fs
}

// parseLife parses args; it returns an exit code when the command is over.
func parseLife(fs *flag.FlagSet, args []string, stdout io.Writer) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "Usage: %s [flags]\n\nFlags:\n", fs.Name())
			printFlags(stdout, fs)
			return exitOK, true
		}
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "gensee: %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, true
	}
	return 0, false
}

// eventLine is one live event as "events serve" and "class play" print it.
type eventLine struct {
	Time       string `json:"time"`
	RoomID     string `json:"roomId"`
	Action     string `json:"action"`
	ActionCode int    `json:"actionCode"`
	Operator   string `json:"operator"`
	UID        int64  `json:"uid"`
	Affected   string `json:"affected"`
	TotalUsers int    `json:"totalUsers"`
}

// eventPrinter writes one JSON line per event, one at a time.
type eventPrinter struct {
	mu  sync.Mutex
	enc *json.Encoder
	n   int
}

func newEventPrinter(w io.Writer) *eventPrinter { return &eventPrinter{enc: json.NewEncoder(w)} }

func (p *eventPrinter) print(_ context.Context, ev *gensee.LiveEvent) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return p.enc.Encode(eventLine{
		Time: time.Now().Format(time.RFC3339), RoomID: ev.RoomID, Action: ev.Action.String(), ActionCode: int(ev.Action),
		Operator: ev.Operator, UID: ev.UID, Affected: ev.Affected, TotalUsers: ev.TotalUsers,
	})
}

func runEvents(ctx context.Context, _ *globals, args []string, stdout, stderr io.Writer, _ func(string) string) int {
	if len(args) == 0 || args[0] != "serve" {
		fmt.Fprintf(stderr, "gensee: events: the command is %q\n", "gensee "+eventsUsage)
		return exitUsage
	}
	fs := lifeFlags("events serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on; every path answers")
	token := fs.String("token", "", "the secret the registered URL carries as ?token=… (recommended)")
	ttl := fs.Duration("dedupe-ttl", gensee.DefaultDedupeTTL, "how long an event is remembered to drop its redeliveries")
	if code, done := parseLife(fs, args[1:], stdout); done {
		return code
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "gensee: events serve: %v\n", err)
		return exitAPI
	}
	p := newEventPrinter(stdout)
	h := gensee.LiveEventHandler(p.print, gensee.WithCallbackToken(*token),
		gensee.WithDeduper(gensee.NewMemoryDeduper(0)), gensee.WithDedupeTTL(*ttl))
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	where := "http://" + ln.Addr().String() + "/"
	if *token == "" {
		fmt.Fprintf(stderr, "gensee: events serve: listening on %s (no --token: anyone who knows the URL can post events)\n", where)
	} else {
		fmt.Fprintf(stderr, "gensee: events serve: listening on %s; register %s?token=<your token>\n", where, where)
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "gensee: events serve: %v\n", err)
		return exitAPI
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(sctx)
	<-served
	return exitOK
}

func runJoinURL(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := lifeFlags("join-url", stderr)
	link := fs.String("url", "", "a join URL (…/training/site/r|s|v/{number}) to build on, offline")
	room := fs.String("room", "", "or: a classroom id, whose join URL and token room/info gives")
	role := fs.String("role", "student", "with --room: teacher, assistant or student")
	nickname := fs.String("nickname", "", "the name shown in class (UTF-8)")
	uid := fs.Int64("uid", 0, "your user's id: 0 or from 1000000000 up")
	token := fs.String("token", "", "with --url: the role's join token")
	hash := fs.Bool("hash-token", false, "send the token's MD5 with sec=md5")
	if code, done := parseLife(fs, args, stdout); done {
		return code
	}
	o := gensee.JoinOptions{Nickname: *nickname, UID: *uid, Token: *token, HashToken: *hash}
	switch {
	case *link != "" && *room != "":
		fmt.Fprintln(stderr, "gensee: join-url: give --url or --room, not both")
		return exitUsage
	case *link == "" && *room == "":
		fmt.Fprintln(stderr, "gensee: join-url: give --url, or --room and --role")
		return exitUsage
	case *room != "":
		e, closeEnv, err := newEnv(g, stdout, stderr, getenv)
		if err != nil {
			return report(stderr, err, "")
		}
		defer closeEnv()
		r, err := e.c.Rooms.Get(ctx, *room)
		if err != nil {
			return report(stderr, err, "join-url")
		}
		switch *role {
		case "teacher":
			*link, o.Token = r.TeacherJoinURL, r.TeacherToken
		case "assistant":
			*link, o.Token = r.TeacherJoinURL, r.AssistantToken
		case "student":
			*link, o.Token = r.StudentJoinURL, r.StudentToken
		default:
			fmt.Fprintf(stderr, "gensee: join-url: --role must be teacher, assistant or student, not %q\n", *role)
			return exitUsage
		}
	}
	out, err := gensee.JoinURL(*link, o)
	if err != nil {
		return report(stderr, err, "join-url")
	}
	fmt.Fprintln(stdout, out)
	return exitOK
}

func runClass(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer, _ func(string) string) int {
	if len(args) == 0 || args[0] != "play" {
		fmt.Fprintf(stderr, "gensee: class: the command is %q\n", "gensee "+classUsage)
		return exitUsage
	}
	fs := lifeFlags("class play", stderr)
	roomFlag := fs.String("room", demoRoom, "the classroom of the fake to play in")
	students := fs.Int("students", 2, "how many students join and leave (1-50)")
	callback := fs.String("callback", "", "send the events to this URL (such as a running 'gensee events serve') instead of printing them")
	if code, done := parseLife(fs, args[1:], stdout); done {
		return code
	}
	if !g.fake {
		fmt.Fprintln(stderr, "gensee: class play plays a class on the fake only: run 'gensee --fake class play'")
		return exitUsage
	}
	if *students < 1 || *students > 50 {
		fmt.Fprintln(stderr, "gensee: class play: --students must be 1-50")
		return exitUsage
	}
	f, stop, err := startFake(g, io.Discard)
	if err != nil {
		return report(stderr, err, "class play")
	}
	defer stop()
	room := *roomFlag
	if id, ok := f.alias[room]; ok {
		room = id
	}
	c := f.srv.Client()
	if _, err := c.Rooms.Get(ctx, room); err != nil {
		return report(stderr, err, "class play")
	}
	fmt.Fprintf(stderr, "gensee: --fake: playing a class in classroom %s (%s) of an in-process fake; nothing is sent to Gensee.\n", *roomFlag, room)

	p := newEventPrinter(stdout)
	if *callback == "" {
		token := strconv.FormatInt(time.Now().UnixNano(), 36)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return report(stderr, err, "")
		}
		hs := &http.Server{Handler: gensee.LiveEventHandler(p.print, gensee.WithCallbackToken(token)), ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = hs.Serve(ln) }()
		defer hs.Close()
		*callback = "http://" + ln.Addr().String() + "/gensee/live?token=" + token
	}
	f.srv.SetLiveCallbackURL(*callback)
	// The demo coursewares were made "now" too: let a millisecond (the
	// resolution of the server's times) pass, so that they are older.
	time.Sleep(2 * time.Millisecond)
	began := time.Now()
	f.srv.StartLive(room)
	for i := range *students {
		f.srv.JoinLive(room, 1000000101+int64(i), "学生"+strconv.Itoa(i+1))
	}
	for i := range *students {
		f.srv.LeaveLive(room, 1000000101+int64(i))
	}
	f.srv.EndLive(room)

	// The recording (and its event, 106) comes once the fake made it; then
	// every event emitted is delivered or failed when WaitLive returns.
	wares, err := c.Coursewares.WaitForRecordings(ctx, room, began, 10*time.Millisecond)
	if err != nil {
		return report(stderr, err, "class play")
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := f.srv.WaitLive(wctx); err != nil {
		if ctx.Err() != nil {
			return report(stderr, ctx.Err(), "")
		}
		fmt.Fprintf(stderr, "gensee: class play: %d events delivered, the others not within 10s\n", len(f.srv.LiveDeliveries()))
		return exitAPI
	}
	for _, err := range f.srv.LiveDeliveryErrors() {
		fmt.Fprintf(stderr, "gensee: class play: %v\n", err)
	}
	rows, err := c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room})
	if err != nil {
		return report(stderr, err, "class play")
	}
	fmt.Fprintf(stderr, "gensee: class play: %d events, %d recording(s) (courseware %s), %d attendance row(s)\n",
		len(f.srv.LiveDeliveries()), len(wares), wares[0].ID, len(rows))
	if len(f.srv.LiveDeliveryErrors()) > 0 {
		return exitAPI
	}
	return exitOK
}
