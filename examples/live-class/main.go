// Command live-class runs the whole life of one class: it creates a
// classroom, prints the teacher's, the assistant's and a student's join
// links, receives the site's live events (the class starts, students join
// and leave, the class ends), waits for the recording, and prints the
// attendance of the session.
//
// With no credentials it runs against the in-process fake server of package
// genseetest, which plays the class itself (two students join and leave)
// and calls the event receiver as a real site would:
//
//	go run ./examples/live-class
//
// With GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD set it uses that site:
// register the printed URL for live events (实时系统回调) in the site's
// console, reachable at -listen from the site, then teach the class through
// the printed links; the command ends after the recording and the
// attendance are in.
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
	c      *gensee.Client
	fake   *genseetest.Server
	listen string
	poll   time.Duration
	out    io.Writer
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("live-class", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "the address the live-event receiver listens on")
	poll := fs.Duration("poll", 0, "how often to look for the recording (default: 30s on a site, 20ms on the fake)")
	timeout := fs.Duration("timeout", 3*time.Hour, "how long to wait for the class and its recording in all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	cl := &class{listen: *listen, poll: *poll, out: stdout}
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
	// 1. A classroom for today's class, starting now.
	created := time.Now()
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

	// 2. The three join links.
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

	// 3. The live-event receiver, with a token of this run in its URL.
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
		cl.play(room.ID) // the events come from the fake's own goroutine
	} else {
		fmt.Fprintf(out, "Register this URL for live events in the site's console (as the site reaches it):\n  %s\n", callback)
	}

	// 4. The class, as the events tell it, until it ends.
	began := created // until the start event says better
	for ended := false; !ended; {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the class to end: %w", ctx.Err())
		case ev := <-events:
			switch ev.Action {
			case gensee.LiveStarted:
				began = time.Now()
				fmt.Fprintln(out, "Event: the class started")
			case gensee.LiveJoined, gensee.LiveLeft, gensee.LiveLeftAbnormally:
				fmt.Fprintf(out, "Event: user %d %s (%d in class)\n", ev.UID, ev.Action, ev.TotalUsers)
			case gensee.LiveEnded:
				fmt.Fprintln(out, "Event: the class ended")
				ended = true
			default:
				fmt.Fprintf(out, "Event: %s\n", ev.Action)
			}
		}
	}

	// 5. The recording: coursewares of this session only.
	fmt.Fprintln(out, "Waiting for the recording…")
	wares, err := cl.c.Coursewares.WaitForRecordings(ctx, room.ID, began, cl.poll)
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

	// 6. The attendance of the session (no window: the last finished one).
	rows, err := cl.c.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room.ID})
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

// play is the class the fake plays: it starts, two students join and
// leave, it ends.
func (cl *class) play(roomID string) {
	s := cl.fake
	s.StartLive(roomID)
	s.JoinLive(roomID, 1000000101, "张三")
	s.JoinLive(roomID, 1000000102, "李四")
	s.LeaveLive(roomID, 1000000101)
	s.LeaveLive(roomID, 1000000102)
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
