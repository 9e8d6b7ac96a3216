// Command live-class runs two sessions of one classroom, as a course does:
// it creates the classroom, prints the teacher's, the assistant's and a
// student's join links, and then, for each session, receives the site's
// live events (the class starts, students join and leave, the class ends),
// waits for that session's recording, and prints the session's attendance.
// The classroom keeps the first session's recording when the second ends:
// each wait looks only for the recordings made since its session began.
//
// With no credentials it runs against the in-process fake server of package
// genseetest, which plays both sessions itself and calls the event
// receiver as a real site would:
//
//	go run ./examples/live-class
//
// With GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD set it uses that site:
// register the printed URL for live events (实时系统回调) in the site's
// console, reachable at -listen from the site, then teach the sessions
// (-sessions, two by default) through the printed links; the command ends
// after the last session's recording and attendance are in.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// main repeats the other examples' main, and the imports theirs, on
// purpose: each example is a program of its own, read and copied alone.
func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "live-class:", err)
		os.Exit(1)
	}
}

// class is one run: the client, and in fake mode the server playing.
type class struct {
	c        *gensee.Client
	fake     *genseetest.Server
	listen   string
	poll     time.Duration
	sessions int
	out      io.Writer
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("live-class", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "the address the live-event receiver listens on")
	poll := fs.Duration("poll", 0, "how often to look for the recording (default: 30s on a site, 20ms on the fake)")
	sessions := fs.Int("sessions", 2, "how many sessions of the classroom to follow")
	timeout := fs.Duration("timeout", 6*time.Hour, "how long to wait for the sessions and their recordings in all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *sessions < 1 {
		return fmt.Errorf("-sessions must be 1 or more, not %d", *sessions)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	cl := &class{listen: *listen, poll: *poll, sessions: *sessions, out: stdout}
	site, login, password := getenv("GENSEE_SITE"), getenv("GENSEE_LOGIN"), getenv("GENSEE_PASSWORD")
	if site == "" && login == "" && password == "" {
		cl.fake = genseetest.NewServer(genseetest.WithRecordingLag(100 * time.Millisecond))
		defer cl.fake.Close()
		cl.c = cl.fake.Client()
		if cl.poll <= 0 {
			cl.poll = 20 * time.Millisecond
		}
		fmt.Fprintf(stderr, "live-class: no GENSEE_SITE, GENSEE_LOGIN, GENSEE_PASSWORD: using the built-in fake server at %s\n", cl.fake.URL())
	} else {
		c, err := gensee.NewClient(site, login, password)
		if err != nil {
			return err
		}
		cl.c = c
	}
	return cl.run(ctx)
}

func (cl *class) run(ctx context.Context) error {
	out := cl.out
	// 1. A classroom for the course, starting now.
	tokens := distinctTokens(3)
	room, err := cl.c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
		Subject:        "Live class " + time.Now().In(gensee.ChinaZone()).Format("2006-01-02 15:04:05.000"),
		StartDate:      time.Now(),
		Realtime:       true,
		TeacherToken:   tokens[0],
		AssistantToken: tokens[1],
		StudentToken:   tokens[2],
	})
	if err != nil {
		return fmt.Errorf("creating the classroom: %w", err)
	}
	fmt.Fprintf(out, "Classroom %s (number %s) created\n", room.ID, room.Number)

	// 2. The three join links, the same for every session.
	links := []struct {
		who  string
		link func(string, int64) (string, error)
		nick string
		uid  int64
	}{
		{"Teacher", room.TeacherURL, "王老师", 1000000001},
		{"Assistant", room.AssistantURL, "助教", 1000000002},
		{"Student", room.StudentURL, "张三", 1000000101},
	}
	for _, l := range links {
		u, err := l.link(l.nick, l.uid)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%-9s link: %s\n", l.who, u)
	}

	// 3. The live-event receiver, with a token of this run in its URL. Its
	// deduper drops a delivery the site repeats; a second session's events,
	// alike as they are to the first's, still come through.
	token := rand.Text()
	events := make(chan *gensee.LiveEvent, 64)
	handler := gensee.LiveEventHandler(func(ctx context.Context, ev *gensee.LiveEvent) error {
		if ev.RoomID != room.ID {
			return nil // another classroom of the site
		}
		select {
		case events <- ev:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, gensee.WithCallbackToken(token), gensee.WithDeduper(gensee.NewMemoryDeduper(0)))
	ln, err := net.Listen("tcp", cl.listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	callback := "http://" + ln.Addr().String() + "/gensee/live?token=" + token
	if cl.fake != nil {
		cl.fake.SetLiveCallbackURL(callback)
	} else {
		fmt.Fprintf(out, "Register this URL for live events in the site's console (as the site reaches it):\n  %s\n", callback)
	}

	for n := 1; n <= cl.sessions; n++ {
		fmt.Fprintf(out, "Session %d\n", n)
		if err := cl.session(ctx, room.ID, n, events); err != nil {
			return fmt.Errorf("session %d: %w", n, err)
		}
	}
	return nil
}

// session follows one session of the classroom: its events until it ends,
// its recording, its attendance.
func (cl *class) session(ctx context.Context, roomID string, n int, events <-chan *gensee.LiveEvent) error {
	out := cl.out
	began := time.Now() // until the start event says better
	// On the fake, delivered is closed once the fake delivered every event
	// of the session it played: a 105 the handler never got then ends the
	// wait with an error instead of a hang. A real site gives no such
	// signal (nil: never).
	var delivered chan struct{}
	if cl.fake != nil {
		cl.play(roomID, n) // the events come from the fake's own goroutine
		delivered = make(chan struct{})
		go func() {
			_ = cl.fake.WaitLive(ctx)
			close(delivered)
		}()
	}

	// 4. The session, as the events tell it, until it ends.
	show := func(ev *gensee.LiveEvent) (ended bool) {
		switch ev.Action {
		case gensee.LiveStarted:
			began = time.Now()
			fmt.Fprintln(out, "Event: the class started")
		case gensee.LiveJoined, gensee.LiveLeft, gensee.LiveLeftAbnormally:
			fmt.Fprintf(out, "Event: user %d %s (%d in class)\n", ev.UID, ev.Action, ev.TotalUsers)
		case gensee.LiveEnded:
			fmt.Fprintln(out, "Event: the class ended")
			return true
		case gensee.LiveRecordingEnded:
			fmt.Fprintln(out, "Event: the recording is ready")
		default:
			fmt.Fprintf(out, "Event: %s\n", ev.Action)
		}
		return false
	}
	for ended := false; !ended; {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the class to end: %w", ctx.Err())
		case ev := <-events:
			ended = show(ev)
		case <-delivered:
			for !ended {
				select {
				case ev := <-events:
					ended = show(ev)
				default:
					return errors.New("every event was delivered, and none said the class ended (105)")
				}
			}
		}
	}

	// 5. The recording: coursewares of this session only, not the earlier
	// sessions' of the same classroom.
	fmt.Fprintln(out, "Waiting for the recording…")
	wares, err := cl.c.Coursewares.WaitForRecordings(ctx, roomID, began, cl.poll)
	if err != nil {
		return fmt.Errorf("waiting for the recording: %w", err)
	}
	for _, w := range wares {
		link, err := w.PlaybackURL("张三", 1000000101)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Recording %s (%s): %s\n", w.ID, time.Duration(w.Duration)*time.Millisecond, link)
	}
	// The fake sends 106 once the courseware is listed: wait for it, so
	// that it is told here and not at the start of the next session.
	if cl.fake != nil {
		if err := cl.fake.WaitLive(ctx); err != nil {
			return err
		}
	}
	for drained := false; !drained; {
		select {
		case ev := <-events:
			show(ev)
		default:
			drained = true
		}
	}

	// 6. The attendance of the session (no window: the last finished one).
	rows, err := cl.c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: roomID})
	if err != nil {
		return fmt.Errorf("exporting the attendance: %w", err)
	}
	fmt.Fprintf(out, "Attendance: %d row(s)\n", len(rows))
	for _, r := range rows {
		fmt.Fprintf(out, "  %-6s %d  %s - %s\n", r.Name, r.UID,
			r.JoinTime.In(gensee.ChinaZone()).Format("15:04:05"), r.LeaveTime.In(gensee.ChinaZone()).Format("15:04:05"))
	}
	return nil
}

// play is session n as the fake plays it: the first time two students
// join and leave; the next times 张三 comes back with a new classmate, who
// leaves early, and 张三 stays to the end.
func (cl *class) play(roomID string, n int) {
	s := cl.fake
	s.StartLive(roomID)
	if n == 1 {
		s.JoinLive(roomID, 1000000101, "张三")
		s.JoinLive(roomID, 1000000102, "李四")
		s.LeaveLive(roomID, 1000000101)
		s.LeaveLive(roomID, 1000000102)
	} else {
		other := 1000000101 + int64(n)
		s.JoinLive(roomID, 1000000101, "张三")
		s.JoinLive(roomID, other, "王五")
		s.LeaveLive(roomID, other)
	}
	s.EndLive(roomID)
}

// distinctTokens returns n different join tokens of six random digits.
func distinctTokens(n int) []string {
	var out []string
	for len(out) < n {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		for i := range b {
			b[i] = '0' + b[i]%10
		}
		if t := string(b); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
