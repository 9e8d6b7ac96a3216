package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/gensee-go/gensee"
)

// Exit codes.
const (
	exitOK    = 0
	exitAPI   = 1 // the API, the network or the output failed
	exitUsage = 2 // the command line was wrong, or the SDK refused the request
)

// service is a group of actions, named after a service of gensee.Client.
type service struct {
	name    string
	summary string
	actions []*action
}

// action is one command: it calls one endpoint. setup declares the action's
// flags on f and returns the function that runs once they are parsed.
type action struct {
	name    string // kebab case of the SDK method: "set-student-list"
	path    string // the endpoint: "/training/room/student/list"
	summary string // one line
	setup   func(f *flags) runFunc
}

type runFunc func(ctx context.Context, e *env) error

// services is the command table, filled by the init functions of the
// cmd_*.go files.
var services []*service

// serviceOrder is the order of the services in the help, the order of the
// fields of gensee.Client.
var serviceOrder = []string{"rooms", "coursewares", "records", "docs", "warmups", "teachers", "exports", "famousrooms", "groups", "minirooms"}

func register(s *service) {
	services = append(services, s)
	slices.SortStableFunc(services, func(a, b *service) int {
		return slices.Index(serviceOrder, a.name) - slices.Index(serviceOrder, b.name)
	})
}

func findService(name string) *service {
	for _, s := range services {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (s *service) find(name string) *action {
	for _, a := range s.actions {
		if a.name == name {
			return a
		}
	}
	return nil
}

// usageError is a mistake on the command line (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// globals are the flags before the service name.
type globals struct {
	site, login, password, passwordMD5 string
	plainPassword, fake, debug         bool
	format                             string
}

func globalFlags(g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet("gensee", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.site, "site", "", "site domain or base URL (default $GENSEE_SITE)")
	fs.StringVar(&g.login, "login", "", "login name (default $GENSEE_LOGIN)")
	fs.StringVar(&g.password, "password", "", "password (default $GENSEE_PASSWORD); sent as its MD5 digest")
	fs.StringVar(&g.passwordMD5, "password-md5", "", "the password's MD5 digest instead of the password (default $GENSEE_PASSWORD_MD5)")
	fs.BoolVar(&g.plainPassword, "plain-password", false, "send the password as given, without sec=true")
	fs.BoolVar(&g.fake, "fake", false, "run against an in-process genseetest server with demo data (nothing leaves this process)")
	fs.BoolVar(&g.debug, "debug", false, "log every HTTP attempt on stderr (credentials are never logged)")
	fs.StringVar(&g.format, "format", "table", "default output format of the actions: table, json, jsonl or csv")
	return fs
}

// run is the whole command: args without the program name; getenv reads the
// environment. It returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	var g globals
	gfs := globalFlags(&g)
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			topHelp(stdout, gfs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: %v\nRun 'gensee --help' for usage.\n", err)
		return exitUsage
	}
	rest := gfs.Args()
	if len(rest) == 0 {
		topHelp(stderr, gfs)
		return exitUsage
	}
	if rest[0] == "help" {
		return helpCommand(rest[1:], stdout, stderr, gfs)
	}
	if !validFormat(g.format) {
		fmt.Fprintf(stderr, "gensee: --format must be table, json, jsonl or csv, not %q\n", g.format)
		return exitUsage
	}
	if rest[0] == "call" {
		return runCall(ctx, &g, rest[1:], stdout, stderr, getenv)
	}
	if cmd := lifeCommands[rest[0]]; cmd != nil { // cmd_events.go
		return cmd.run(ctx, &g, rest[1:], stdout, stderr, getenv)
	}
	svc := findService(rest[0])
	if svc == nil {
		fmt.Fprintf(stderr, "gensee: unknown service %q\nRun 'gensee --help' for the list.\n", rest[0])
		return exitUsage
	}
	if len(rest) == 1 {
		serviceHelp(stderr, svc)
		return exitUsage
	}
	if rest[1] == "-h" || rest[1] == "--help" || rest[1] == "-help" || rest[1] == "help" {
		serviceHelp(stdout, svc)
		return exitOK
	}
	act := svc.find(rest[1])
	if act == nil {
		fmt.Fprintf(stderr, "gensee: unknown action %q of %s\nRun 'gensee %s --help' for the list.\n", rest[1], svc.name, svc.name)
		return exitUsage
	}
	return runAction(ctx, &g, svc, act, rest[2:], stdout, stderr, getenv)
}

func runAction(ctx context.Context, g *globals, svc *service, act *action, args []string,
	stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("gensee "+svc.name+" "+act.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &flags{fs: fs}
	fn := act.setup(f)
	format := fs.String("format", g.format, "output: table, json, jsonl or csv")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			actionHelp(stdout, svc, act, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: %s %s: %v\nRun 'gensee %s %s --help' for usage.\n", svc.name, act.name, err, svc.name, act.name)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gensee: %s %s: unexpected argument %q (values go in flags)\nRun 'gensee %s %s --help' for usage.\n",
			svc.name, act.name, fs.Arg(0), svc.name, act.name)
		return exitUsage
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "gensee: %s %s: --format must be table, json, jsonl or csv, not %q\n", svc.name, act.name, *format)
		return exitUsage
	}
	e, closeEnv, err := newEnv(g, stdout, stderr, getenv)
	if err != nil {
		return report(stderr, err, "")
	}
	defer closeEnv()
	e.format = *format
	return report(e.stderr, fn(ctx, e), svc.name+" "+act.name)
}

// report prints err on stderr and returns its exit code.
func report(stderr io.Writer, err error, cmd string) int {
	if err == nil {
		return exitOK
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "gensee: ") {
		msg = "gensee: " + msg
	}
	var ue *usageError
	var ve *gensee.ValidationError
	switch {
	case errors.As(err, &ue), errors.As(err, &ve):
		fmt.Fprintln(stderr, msg)
		if cmd != "" {
			fmt.Fprintf(stderr, "Run 'gensee %s --help' for usage.\n", cmd)
		}
		return exitUsage
	}
	fmt.Fprintln(stderr, msg)
	return exitAPI
}

func validFormat(f string) bool { return slices.Contains([]string{"table", "json", "jsonl", "csv"}, f) }

// env is what an action runs with.
type env struct {
	c      *gensee.Client
	stdout io.Writer
	stderr io.Writer
	format string
	prog   *progress
}

// newEnv makes the client: a genseetest server's with --fake, else one from
// the credentials of the flags or the environment.
func newEnv(g *globals, stdout, stderr io.Writer, getenv func(string) string) (*env, func(), error) {
	prog := &progress{w: stderr}
	var opts []gensee.Option
	if g.debug {
		opts = append(opts, gensee.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	e := &env{stdout: stdout, stderr: stderr, format: g.format, prog: prog}
	if g.fake {
		f := startFake()
		fmt.Fprintf(stderr, "gensee: --fake: using an in-process genseetest server at %s with demo data; nothing is sent to Gensee.\n"+
			"gensee: --fake: the room id %q names the demo classroom, %q the demo mini classroom.\n", f.srv.URL(), demoRoom, demoMiniRoom)
		opts = append(opts, gensee.WithHTTPClient(&http.Client{Transport: &watcher{next: http.DefaultTransport, prog: prog, alias: f.alias}}))
		e.c = f.srv.Client(opts...)
		return e, f.srv.Close, nil
	}
	site := first(g.site, getenv("GENSEE_SITE"))
	login := first(g.login, getenv("GENSEE_LOGIN"))
	password := first(g.password, getenv("GENSEE_PASSWORD"))
	digest := first(g.passwordMD5, getenv("GENSEE_PASSWORD_MD5"))
	var missing []string
	if site == "" {
		missing = append(missing, "--site or GENSEE_SITE")
	}
	if login == "" {
		missing = append(missing, "--login or GENSEE_LOGIN")
	}
	if password == "" && digest == "" {
		missing = append(missing, "--password or GENSEE_PASSWORD (or --password-md5)")
	}
	if len(missing) > 0 {
		return nil, nil, usagef("gensee: missing credentials: %s (or try --fake)", strings.Join(missing, ", "))
	}
	if digest != "" {
		opts = append(opts, gensee.WithPasswordMD5(digest))
	}
	if g.plainPassword {
		opts = append(opts, gensee.WithPlainPassword())
	}
	opts = append(opts, gensee.WithHTTPClient(&http.Client{Transport: &watcher{next: http.DefaultTransport, prog: prog}}))
	c, err := gensee.NewClient(site, login, password, opts...)
	if err != nil {
		// NewClient's errors name the problem, never the secret.
		return nil, nil, &usageError{err.Error()}
	}
	e.c = c
	return e, func() {}, nil
}

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func topHelp(w io.Writer, gfs *flag.FlagSet) {
	fmt.Fprint(w, `gensee calls the Gensee training (教育培训) integration API.

Usage:
  gensee [global flags] <service> <action> [flags]
  gensee [global flags] call <path> [name=value ...]
  gensee <service> --help | gensee <service> <action> --help

Services:
`)
	for _, s := range services {
		fmt.Fprintf(w, "  %-12s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "  %-12s %s\n", "call", "call any endpoint by its path and print the raw JSON answer")
	lifeHelp(w) // cmd_events.go
	fmt.Fprint(w, "\nGlobal flags:\n")
	printFlags(w, gfs)
	fmt.Fprint(w, `
Credentials come from the flags or GENSEE_SITE, GENSEE_LOGIN, GENSEE_PASSWORD
(or GENSEE_PASSWORD_MD5); they are never printed.
Times: "yyyy-MM-dd HH:mm[:ss]" or "yyyy-MM-dd" in China time (UTC+8), RFC 3339,
or epoch milliseconds. Dates: yyyy-MM-dd.
Exit codes: 0 ok, 1 API or network error, 2 usage error (also a request the
SDK refused before sending it).
`)
}

func serviceHelp(w io.Writer, s *service) {
	fmt.Fprintf(w, "gensee %s: %s\n\nUsage:\n  gensee [global flags] %s <action> [flags]\n\nActions:\n", s.name, s.summary, s.name)
	width := 0
	for _, a := range s.actions {
		width = max(width, len(a.name))
	}
	for _, a := range s.actions {
		fmt.Fprintf(w, "  %-*s  %s (%s)\n", width, a.name, a.summary, a.path)
	}
	fmt.Fprintf(w, "\nRun 'gensee %s <action> --help' for the flags of an action.\n", s.name)
}

func actionHelp(w io.Writer, s *service, a *action, fs *flag.FlagSet) {
	fmt.Fprintf(w, "gensee %s %s: %s\nEndpoint: POST %s\n\nUsage:\n  gensee [global flags] %s %s [flags]\n\nFlags:\n",
		s.name, a.name, a.summary, a.path, s.name, a.name)
	printFlags(w, fs)
}

// printFlags lists the flags with "--" and never shows a default that
// could be a secret (the defaults are the declared ones, not the
// environment's).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(fl *flag.Flag) {
		name, usage := flag.UnquoteUsage(fl)
		if fv, ok := fl.Value.(*fieldValue); ok {
			name = fv.placeholder()
		}
		line := "  --" + fl.Name
		if name != "" {
			line += " " + name
		}
		if len(line) <= 24 {
			line = fmt.Sprintf("%-24s  %s", line, usage)
		} else {
			line += "\n" + strings.Repeat(" ", 26) + usage
		}
		if d := fl.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
			line += fmt.Sprintf(" (default %s)", d)
		}
		fmt.Fprintln(w, line)
	})
}

func helpCommand(args []string, stdout, stderr io.Writer, gfs *flag.FlagSet) int {
	if len(args) == 0 {
		topHelp(stdout, gfs)
		return exitOK
	}
	if args[0] == "call" {
		callHelp(stdout)
		return exitOK
	}
	svc := findService(args[0])
	if svc == nil {
		fmt.Fprintf(stderr, "gensee: unknown service %q\n", args[0])
		return exitUsage
	}
	if len(args) == 1 {
		serviceHelp(stdout, svc)
		return exitOK
	}
	act := svc.find(args[1])
	if act == nil {
		fmt.Fprintf(stderr, "gensee: unknown action %q of %s\n", args[1], svc.name)
		return exitUsage
	}
	fs := flag.NewFlagSet(act.name, flag.ContinueOnError)
	act.setup(&flags{fs: fs})
	fs.String("format", "table", "output: table, json, jsonl or csv")
	actionHelp(stdout, svc, act, fs)
	return exitOK
}
