// Command transcode turns a document into a courseware and waits for the
// outcome: it starts an HTTP server serving gensee.TranscodeCallbackHandler,
// asks the site to convert the document at -resource
// (courseware/transcode) with a callback URL pointing at that server, and
// waits (up to -wait) for the site to post the result. It prints the new
// courseware's id and the status, and fails when the conversion failed or
// no callback came.
//
// The callback carries no signature, so the callback URL holds a random
// secret of this run; calls to any other path are answered 404 and ignored.
// The callback may arrive before the courseware/transcode answer does, so
// events are buffered until the answer names the courseware to wait for.
//
// With GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD set it talks to that
// site. The site must reach the callback server: -listen is the local
// address (default :8080) and -public-url the base URL the site calls, such
// as a reverse proxy's or a tunnel's. With none set it starts the
// in-process fake server of package genseetest, with callbacks on, and
// listens on loopback:
//
//	go run ./examples/transcode
//	GENSEE_SITE=demo.gensee.com GENSEE_LOGIN=admin@demo GENSEE_PASSWORD=… \
//		go run ./examples/transcode -resource https://files.example.com/unit1.pptx \
//		-listen :8080 -public-url https://hooks.example.com
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
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// main repeats the other examples' main, and the imports theirs, on
// purpose: each example is a program of its own, read and copied alone.
func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "transcode:", err)
		os.Exit(1)
	}
}

// errUsage marks a bad command line; what was wrong is on stderr.
var errUsage = errors.New("usage")

// demoResource is the document the fake mode converts. The fake does not
// download it; a real site would.
const demoResource = "https://files.example.com/lessons/unit1.pptx"

// job is one conversion.
type job struct {
	resource  string          // the document's URL
	name      string          // the courseware's name
	mode      gensee.ConvMode // vector or image pages
	listen    string          // the callback server's local address
	publicURL string          // the base URL the site calls back; "" for http://{listen}
	wait      time.Duration   // how long to wait for the callback
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("transcode", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var j job
	fs.StringVar(&j.resource, "resource", "", "the document's http(s) URL (required on a real site)")
	fs.StringVar(&j.name, "name", "", "the courseware's name (default: the document's file name)")
	image := fs.Bool("image", false, "convert every page to an image instead of vector pages")
	fs.StringVar(&j.listen, "listen", "", "local address of the callback server (default :8080, or 127.0.0.1:0 on the fake)")
	fs.StringVar(&j.publicURL, "public-url", "", "base URL at which the site reaches the callback server (required on a real site)")
	fs.DurationVar(&j.wait, "wait", 15*time.Minute, "how long to wait for the callback")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: transcode -resource URL [-name NAME] [-image] -listen ADDR -public-url URL [-wait 15m]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	usage := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "transcode: "+format+"\n", a...)
		fs.Usage()
		return errUsage
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	if *image {
		j.mode = gensee.ConvModeImage
	}

	site, login, password := getenv("GENSEE_SITE"), getenv("GENSEE_LOGIN"), getenv("GENSEE_PASSWORD")
	var c *gensee.Client
	switch {
	case site == "" && login == "" && password == "":
		fake := genseetest.NewServer(genseetest.WithCallbacks())
		defer fake.Close()
		fmt.Fprintf(stderr, "No GENSEE_SITE, GENSEE_LOGIN, GENSEE_PASSWORD: using the built-in fake server at %s\n", fake.URL())
		c = fake.Client()
		if j.resource == "" {
			j.resource = demoResource
		}
		if j.listen == "" {
			j.listen = "127.0.0.1:0"
		}
	case site == "" || login == "" || password == "":
		return errors.New("set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD, or none to use the fake server")
	default:
		if j.resource == "" || j.publicURL == "" {
			return usage("-resource and -public-url are required")
		}
		if j.listen == "" {
			j.listen = ":8080"
		}
		var err error
		if c, err = gensee.NewClient(site, login, password); err != nil {
			return err
		}
	}
	if j.name == "" {
		u, err := url.Parse(j.resource)
		if err != nil {
			return usage("-resource: %v", err)
		}
		if j.name = path.Base(u.Path); j.name == "/" || j.name == "." {
			return usage("-name is required when -resource names no file")
		}
	}
	return j.run(ctx, c, stdout, stderr)
}

// run starts the callback server, asks for the conversion and waits for its
// callback.
func (j *job) run(ctx context.Context, c *gensee.Client, stdout, stderr io.Writer) error {
	cb, err := startCallbackServer(j.listen, j.publicURL, stderr)
	if err != nil {
		return err
	}
	defer cb.Close()
	fmt.Fprintf(stderr, "Waiting for callbacks at %s\n", cb.redactedURL())

	res, err := c.Coursewares.TranscodeDocument(ctx, &gensee.TranscodeDocumentRequest{
		ResourceURL: j.resource,
		Name:        j.name,
		CallbackURL: cb.url,
		ConvMode:    j.mode,
	})
	if err != nil {
		return fmt.Errorf("starting the conversion: %w", err)
	}
	fmt.Fprintf(stdout, "Converting %q into courseware %s (number %s, %s)\n", j.name, res.CoursewareID, res.CoursewareCode, res.VisitURL)

	ctx, cancel := context.WithTimeout(ctx, j.wait)
	defer cancel()
	ev, err := waitFor(ctx, cb.events, res.CoursewareID, stderr)
	if err != nil {
		return fmt.Errorf("courseware %s: no callback within %v (courseware/syn's convertResult tells the outcome later): %w",
			res.CoursewareID, j.wait, err)
	}
	fmt.Fprintf(stdout, "Courseware %s: status %s\n", ev.CoursewareID, ev.Status)
	if ev.Status != gensee.TranscodeStatusOK {
		return fmt.Errorf("courseware %s: the conversion failed (gsstatus %q)", ev.CoursewareID, ev.Status)
	}
	return nil
}

// callbackServer receives the transcode callbacks of one run.
type callbackServer struct {
	url    string // the callback URL, secret included
	secret string
	events chan gensee.TranscodeEvent
	srv    *http.Server
	done   chan struct{}
}

// startCallbackServer listens on listen and serves the callback handler at
// a path holding a random secret. publicURL is the base URL the site calls
// ("" for http:// and the listener's address).
func startCallbackServer(listen, publicURL string, stderr io.Writer) (*callbackServer, error) {
	cb := &callbackServer{
		secret: rand.Text(),
		events: make(chan gensee.TranscodeEvent, 16),
		done:   make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.Handle("/gensee/transcode/"+cb.secret, gensee.TranscodeCallbackHandler(func(ctx context.Context, ev *gensee.TranscodeEvent) error {
		select {
		case cb.events <- *ev:
			return nil
		default: // nobody is reading and the buffer is full: answer 500, so the server may send it again
			fmt.Fprintf(stderr, "refusing the callback of courseware %s: the buffer is full\n", ev.CoursewareID)
			return errors.New("the callback buffer is full")
		}
	}))
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("callback server: %w", err)
	}
	if publicURL == "" {
		publicURL = "http://" + ln.Addr().String()
	}
	cb.url = strings.TrimSuffix(publicURL, "/") + "/gensee/transcode/" + cb.secret
	cb.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(cb.done)
		if err := cb.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(stderr, "callback server:", err)
		}
	}()
	return cb, nil
}

// redactedURL is the callback URL with the secret hidden, for logs.
func (cb *callbackServer) redactedURL() string {
	return strings.Replace(cb.url, cb.secret, "{secret}", 1)
}

// Close stops the server, letting a callback being answered finish.
func (cb *callbackServer) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = cb.srv.Shutdown(ctx)
	<-cb.done
}

// waitFor returns the first event about coursewareID, reporting others on
// stderr, or the context's error.
func waitFor(ctx context.Context, events <-chan gensee.TranscodeEvent, coursewareID string, stderr io.Writer) (gensee.TranscodeEvent, error) {
	for {
		select {
		case ev := <-events:
			if ev.CoursewareID == coursewareID {
				return ev, nil
			}
			fmt.Fprintf(stderr, "ignoring the callback of courseware %s\n", ev.CoursewareID)
		case <-ctx.Done():
			return gensee.TranscodeEvent{}, ctx.Err()
		}
	}
}
