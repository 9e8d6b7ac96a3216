package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gensee-go/gensee"
)

// Exit codes.
const (
	exitOK    = 0
	exitAPI   = 1 // the API, the network or the output failed
	exitUsage = 2 // the command line was wrong, or the SDK refused the request

	exitInterrupted = 130 // Ctrl-C: the call in flight was cancelled
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

// register adds a service to the command table: a cmd_*.go file calls it
// from its init function. Services not in serviceOrder come after the
// others, in the order registered.
func register(s *service) {
	services = append(services, s)
	rank := func(name string) int {
		if i := slices.Index(serviceOrder, name); i >= 0 {
			return i
		}
		return len(serviceOrder)
	}
	slices.SortStableFunc(services, func(a, b *service) int { return rank(a.name) - rank(b.name) })
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

// run is the whole command: args without the program name, stdin for
// --password-stdin and the rosters read from "-", getenv to read the
// environment. It returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	g := &globals{format: "table", stdin: stdin}
	gfs := flag.NewFlagSet("gensee", flag.ContinueOnError)
	gfs.SetOutput(io.Discard)
	g.define(gfs)
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			topHelp(stdout, gfs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: %v\nRun 'gensee --help' for usage.\n", flagError(err))
		return exitUsage
	}
	rest := gfs.Args()
	if g.version {
		fmt.Fprintf(stdout, "gensee %s\n", gensee.Version)
		return exitOK
	}
	if len(rest) == 0 {
		topHelp(stderr, gfs)
		return exitUsage
	}
	switch rest[0] {
	case "help":
		return helpCommand(rest[1:], stdout, stderr, gfs)
	case "version":
		fmt.Fprintf(stdout, "gensee %s\n", gensee.Version)
		return exitOK
	case "completion":
		return completion(rest[1:], stdout, stderr)
	case "fake":
		return runFake(ctx, rest[1:], stdout, stderr)
	case "call":
		return runCall(ctx, g, rest[1:], stdout, stderr, getenv)
	case "probe": // probe.go
		return runProbe(ctx, g, rest[1:], stdout, stderr, getenv)
	case "record": // record.go
		return runRecord(ctx, rest[1:], stdin, stdout, stderr, getenv)
	}
	if cmd := lifeCommands[rest[0]]; cmd != nil { // cmd_events.go
		// Global flags work anywhere here too: taken out of the command's
		// own arguments before it parses them.
		own, err := takeGlobals(gfs, rest[1:])
		if err != nil {
			fmt.Fprintf(stderr, "gensee: %s: %v\nRun 'gensee %s --help' for usage.\n", rest[0], flagError(err), rest[0])
			return exitUsage
		}
		if g.version {
			fmt.Fprintf(stdout, "gensee %s\n", gensee.Version)
			return exitOK
		}
		if err := g.check(); err != nil {
			return report(stderr, err, rest[0])
		}
		return cmd.run(ctx, g, own, stdout, stderr, getenv)
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
	if isHelp(rest[1]) {
		serviceHelp(stdout, svc)
		return exitOK
	}
	act := svc.find(rest[1])
	if act == nil {
		fmt.Fprintf(stderr, "gensee: unknown action %q of %s\nRun 'gensee %s --help' for the list.\n", rest[1], svc.name, svc.name)
		return exitUsage
	}
	return runAction(ctx, g, svc, act, rest[2:], stdout, stderr, getenv)
}

// takeGlobals sets the global flags found in args on gfs and returns the
// other arguments, in order, for a command that parses its own flags (the
// lifecycle commands). "--" ends the flags; what follows is kept as it is.
// No lifecycle command defines a flag of a global's name
// (TestLifeFlagsAreNotGlobals).
func takeGlobals(gfs *flag.FlagSet, args []string) ([]string, error) {
	var own []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(own, args[i:]...), nil
		}
		if len(a) < 2 || a[0] != '-' {
			own = append(own, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		fl := gfs.Lookup(name)
		if fl == nil {
			own = append(own, a)
			continue
		}
		if bf, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag needs an argument: -%s", name)
			}
			i++
			value = args[i]
		}
		if err := gfs.Set(name, value); err != nil {
			return nil, fmt.Errorf("invalid value %q for flag -%s: %v", value, name, err)
		}
	}
	return own, nil
}

// flagError rewrites the flag package's errors with two dashes, the way
// the help spells the flags: "flag provided but not defined: --nope".
func flagError(err error) error {
	msg := err.Error()
	for _, prefix := range []string{"flag provided but not defined: -", "flag needs an argument: -"} {
		if strings.HasPrefix(msg, prefix) && !strings.HasPrefix(msg, prefix+"-") {
			return errors.New(prefix + "-" + strings.TrimPrefix(msg, prefix))
		}
	}
	const forFlag = " for flag -"
	if i := strings.Index(msg, forFlag); i >= 0 && !strings.HasPrefix(msg[i+len(forFlag):], "-") {
		return errors.New(msg[:i] + forFlag + "-" + msg[i+len(forFlag):])
	}
	return err
}

func runAction(ctx context.Context, g *globals, svc *service, act *action, args []string,
	stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("gensee "+svc.name+" "+act.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &flags{fs: fs}
	fn := act.setup(f)
	g.define(fs)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			actionHelp(stdout, svc, act, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: %s %s: %v\nRun 'gensee %s %s --help' for usage.\n", svc.name, act.name, flagError(err), svc.name, act.name)
		return exitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "gensee: %s %s: unexpected argument %q (values go in flags)\nRun 'gensee %s %s --help' for usage.\n",
			svc.name, act.name, rest[0], svc.name, act.name)
		return exitUsage
	}
	if g.version {
		fmt.Fprintf(stdout, "gensee %s\n", gensee.Version)
		return exitOK
	}
	if err := g.check(); err != nil {
		return report(stderr, err, svc.name+" "+act.name)
	}
	if err := checkFields(svc, act, g.format, splitFields(g.fields)); err != nil {
		return report(stderr, err, svc.name+" "+act.name)
	}
	// The API password's line comes first on standard input, then the
	// request's own secrets' (globals.stdinLine).
	if g.passwordStdin && !g.fake {
		pw, err := g.stdinLine("API password")
		if err != nil {
			return report(stderr, usagef("--password-stdin: %v", err), svc.name+" "+act.name)
		}
		g.stdinPassword = pw
	}
	for _, s := range f.secrets {
		if err := s.resolve(getenv, g, stderr); err != nil {
			return report(stderr, err, svc.name+" "+act.name)
		}
	}
	e, closeEnv, err := newEnvOf(g, stdout, stderr, getenv, walksPages(fs))
	if err != nil {
		return report(stderr, err, "")
	}
	defer closeEnv()
	e.path = act.path
	return e.report(f.inFlagTerms(fn(ctx, e)), svc.name+" "+act.name)
}

// walksPages reports whether an action's flags ask for an --all walk of
// pages.
func walksPages(fs *flag.FlagSet) bool {
	all := fs.Lookup("all")
	return all != nil && all.Value.String() == "true"
}

// inFlagTerms says an SDK validation error with the flag the user typed:
// "--room is required (roomId, /training/room/info)" rather than the wire
// name alone.
func (f *flags) inFlagTerms(err error) error {
	var ve *gensee.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	name, ok := f.wires[ve.Field]
	if !ok {
		return err
	}
	return usagef("--%s %s (%s, %s)", name, f.reasonInFlagTerms(ve.Reason), ve.Field, ve.Endpoint)
}

// wireWord is a wire name in a rule's text: a camel-case word such as
// startTime (plain words like "date" are left alone: they are English too).
var wireWord = regexp.MustCompile(`\b[a-z]+[A-Z][A-Za-z]*\b`)

// reasonInFlagTerms rewrites the other wire names a rule mentions ("must
// not be before startTime") as the flags that set them ("--from").
func (f *flags) reasonInFlagTerms(reason string) string {
	return wireWord.ReplaceAllStringFunc(reason, func(w string) string {
		if name, ok := f.wires[w]; ok {
			return "--" + name
		}
		return w
	})
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
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "gensee: interrupted; the call in flight was cancelled")
		return exitInterrupted
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

// report is report, knowing that --dry-run stops every call on purpose.
func (e *env) report(err error, cmd string) int {
	if err != nil && e.dry != nil && e.dry.shown.Load() > 0 {
		return exitOK
	}
	return report(e.stderr, err, cmd)
}

// env is what an action runs with.
type env struct {
	c      *gensee.Client
	stdout io.Writer
	stderr io.Writer
	format string   // table, wide, json, jsonl or csv
	fields []string // --fields
	prog   *progress
	dry    *dryRun
	color  bool   // stdout is a terminal
	width  int    // of the terminal, for charts
	path   string // the endpoint of the action running
	// transport is the client's (transportFor): the default or --dry-run's,
	// with what --fake or an --all walk of pages adds.
	transport http.RoundTripper
}

// newEnv makes the client: a genseetest server's with --fake, else one from
// the credentials of the flags or the environment.
// extra options come last (probe.go's own transport, drift report and rate).
func newEnv(g *globals, stdout, stderr io.Writer, getenv func(string) string, extra ...gensee.Option) (*env, func(), error) {
	return newEnvOf(g, stdout, stderr, getenv, false, extra...)
}

// newEnvOf is newEnv for a run that walks pages with --all when pageWalk is
// set: only then does the client's transport read the answers' page totals
// (transportFor). Progress hears of the calls through the client's Observer.
func newEnvOf(g *globals, stdout, stderr io.Writer, getenv func(string) string, pageWalk bool, extra ...gensee.Option) (*env, func(), error) {
	prog := newProgress(stderr, g.progress || isTerminal(stderr))
	e := &env{stdout: stdout, stderr: stderr, format: g.format, fields: splitFields(g.fields), prog: prog,
		color: isTerminal(stdout), width: terminalWidth(stdout, getenv)}
	opts := []gensee.Option{gensee.WithObserver(prog.observer())}
	if g.debug {
		opts = append(opts, gensee.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	var next http.RoundTripper = http.DefaultTransport
	if g.dryRun {
		e.dry = &dryRun{w: stdout}
		next = e.dry
		opts = append(opts, gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 1}))
	}
	if g.fake {
		f, closeFake, err := startFake(g, stderr)
		if err != nil {
			return nil, nil, err
		}
		e.transport = transportFor(next, prog, f.alias, pageWalk)
		opts = append(opts, gensee.WithHTTPClient(&http.Client{Transport: e.transport}))
		e.c = f.srv.Client(append(opts, extra...)...)
		return e, closeFake, nil
	}
	site := first(g.site, getenv("GENSEE_SITE"))
	login := first(g.login, getenv("GENSEE_LOGIN"))
	password := first(g.password, getenv("GENSEE_PASSWORD"))
	digest := first(g.passwordMD5, getenv("GENSEE_PASSWORD_MD5"))
	if g.passwordStdin {
		pw := g.stdinPassword
		if pw == "" { // a command other than an action's: read it now
			var err error
			if pw, err = g.stdinLine("API password"); err != nil {
				return nil, nil, usagef("--password-stdin: %v", err)
			}
		}
		password, digest = pw, ""
	}
	var missing []string
	if site == "" {
		missing = append(missing, "--site or GENSEE_SITE")
	}
	if login == "" {
		missing = append(missing, "--login or GENSEE_LOGIN")
	}
	if password == "" && digest == "" {
		missing = append(missing, "GENSEE_PASSWORD or --password-stdin (or GENSEE_PASSWORD_MD5)")
	}
	if len(missing) > 0 {
		return nil, nil, usagef("gensee: missing credentials: %s (or try --fake)", strings.Join(missing, ", "))
	}
	if g.passwordFlag {
		fmt.Fprintln(stderr, "gensee: warning: a password given as a flag is visible to other users (ps) and stays in the shell history; use GENSEE_PASSWORD or --password-stdin")
	}
	if digest != "" && password == "" {
		opts = append(opts, gensee.WithPasswordMD5(digest))
	}
	if g.plainPassword {
		opts = append(opts, gensee.WithPlainPassword())
	}
	e.transport = transportFor(next, prog, nil, pageWalk)
	opts = append(opts, gensee.WithHTTPClient(&http.Client{Transport: e.transport}))
	c, err := gensee.NewClient(site, login, password, append(opts, extra...)...)
	if err != nil {
		return nil, nil, &usageError{cliError(err.Error())}
	}
	e.c = c
	return e, func() {}, nil
}

// cliError says an SDK error in the words of the command line: the flags a
// user typed, not the SDK's function names.
func cliError(msg string) string {
	return strings.NewReplacer(
		"NewClient: ", "", "NewClient", "the client",
		"WithPasswordMD5", "--password-md5", "WithPlainPassword", "--plain-password",
	).Replace(msg)
}

func first(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
