package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/gensee-go/gensee/genseetest"
)

func fakeHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `gensee fake serve: run the genseetest fake Gensee site as a server.

Usage:
  gensee fake serve [--addr 127.0.0.1:8080] [--seed demo] [--state FILE]
                    [--quirks] [--page-size N] [--login L --password P]
                    [--tls | --tls-cert CERT --tls-key KEY] [--history N]
                    [--control=false]

It answers all 59 endpoints at http://ADDR/integration/site/training/...,
keeping its state in memory (and in FILE with --state, across restarts),
so that programs in any language and manual tests can use it. It accepts
the password in plain or as its MD5 digest (sec=true), as a real site does.
It logs each request on stdout (the password shown as ***, a value with a
space, a quote or a control character quoted as in Go) and stops on Ctrl-C
or SIGTERM.

--state FILE is a journal: a change is written to it before its answer is
sent (so kill -9 loses nothing answered), fsynced at most 100 ms later; a read
writes nothing; the file is compacted now and then. It is locked: a second
server on the same FILE refuses to start and names the first one.

The control API under /_fake/ (JSON) seeds data, injects faults, plays a
class with live events sent to a callback URL, and lists the requests
received; GET /_fake/ lists its paths (see the README).

The same FILE works with --fake in the other commands, one at a time:
  gensee --fake --state FILE rooms create --subject S
  gensee --fake --state FILE rooms get --room ID

Flags:
`)
	printFlags(w, fs)
}

// runFake runs "gensee fake serve".
func runFake(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gensee fake serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on (port 0: any free port)")
	seed := fs.String("seed", "", `"demo" seeds classrooms, recordings, coursewares and export data, as --fake does; ignored when --state names an existing file`)
	statePath := fs.String("state", "", "keep the state in this file across restarts (a journal: each change written before its answer; locked)")
	quirks := fs.Bool("quirks", false, "answer with the real server's rough edges: raw control characters in JSON strings, numbers as strings")
	pageSize := fs.Int("page-size", genseetest.DefaultPageSize, "items per page of the paged endpoints")
	login := fs.String("login", genseetest.DefaultLoginName, "the login name (loginName) the fake accepts")
	password := fs.String("password", genseetest.DefaultPassword, "the password the fake accepts (a test password, not a real one)")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a self-signed certificate for 127.0.0.1 and localhost, written to a file whose path is printed")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this PEM certificate (with --tls-key)")
	tlsKey := fs.String("tls-key", "", "the PEM private key of --tls-cert")
	histN := fs.Int("history", genseetest.DefaultRequestHistory, "how many of the newest requests the fake keeps for /_fake/requests (0: none)")
	control := fs.Bool("control", true, "answer the control API under /_fake/")
	if len(args) == 0 || args[0] != "serve" {
		if len(args) > 0 && isHelp(args[0]) {
			fakeHelp(stdout, fs)
			return exitOK
		}
		fmt.Fprintln(stderr, "gensee: fake: the only action is serve")
		fakeHelp(stderr, fs)
		return exitUsage
	}
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fakeHelp(stdout, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: fake serve: %v\nRun 'gensee fake serve --help' for usage.\n", flagError(err))
		return exitUsage
	}
	if *seed != "" && *seed != "demo" {
		fmt.Fprintf(stderr, "gensee: fake serve: --seed must be demo, not %q\n", *seed)
		return exitUsage
	}
	if *histN < 0 {
		fmt.Fprintf(stderr, "gensee: fake serve: --history must be 0 or more, not %d\n", *histN)
		return exitUsage
	}
	tlsConf, certPath, cleanup, err := serveTLS(*useTLS, *tlsCert, *tlsKey)
	if err != nil {
		fmt.Fprintf(stderr, "gensee: fake serve: %v\n", err)
		return exitUsage
	}
	defer cleanup()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "gensee: fake serve: --addr: %v\n", err)
		return exitUsage
	}
	var logMu sync.Mutex
	hook := func(r genseetest.Request) {
		line := r.Method + " " + logValue(r.Path)
		if f := formLine(r.Form); f != "" {
			line += " " + f
		}
		line += "\n"
		logMu.Lock()
		_, _ = io.WriteString(stdout, line)
		logMu.Unlock()
	}
	opts := []genseetest.Option{genseetest.WithListener(ln), genseetest.WithCredentials(*login, *password),
		genseetest.WithPageSize(*pageSize), genseetest.WithRequestHook(hook), genseetest.WithRequestHistory(*histN)}
	if *quirks {
		opts = append(opts, genseetest.WithQuirks())
	}
	if tlsConf != nil {
		opts = append(opts, genseetest.WithTLS(tlsConf))
	}
	if *control {
		opts = append(opts, genseetest.WithControlAPI())
	}
	srv := genseetest.NewServer(opts...)
	defer srv.Close()
	var (
		aliases map[string]string
		loaded  bool
		sf      *genseetest.StateFile
	)
	if *statePath != "" {
		sf, aliases, loaded, err = openState(*statePath, srv)
		if err != nil {
			return report(stderr, err, "fake serve")
		}
		defer func() { _ = sf.Close() }()
	}
	if !loaded && *seed == "demo" {
		aliases = seedDemo(srv)
	}
	if sf != nil {
		if err := sf.Attach(srv, aliases); err != nil {
			return report(stderr, fmt.Errorf("--state: %w", err), "")
		}
	}
	fmt.Fprintf(stdout, "gensee fake: serving %s (endpoints under %s/integration/site/training/)\n", srv.URL(), srv.URL())
	fmt.Fprintf(stdout, "gensee fake: login %s, password %s (plain, or its MD5 digest with sec=true)\n", srv.LoginName(), srv.Password())
	if certPath != "" {
		fmt.Fprintf(stdout, "gensee fake: TLS certificate (self-signed, for 127.0.0.1 and localhost): %s\n", certPath)
	}
	if *control {
		fmt.Fprintf(stdout, "gensee fake: control API under %s%s (GET it for the list)\n", srv.URL(), genseetest.ControlPrefix)
	}
	if loaded {
		fmt.Fprintf(stdout, "gensee fake: state loaded from %s\n", *statePath)
	}
	for _, k := range sortedKeys(aliases) {
		fmt.Fprintf(stdout, "gensee fake: demo id %q is %s\n", k, aliases[k])
	}
	fmt.Fprintln(stdout, "gensee fake: Ctrl-C stops")
	<-ctx.Done()
	srv.Close()
	if sf != nil {
		if err := sf.Close(); err != nil {
			return report(stderr, err, "")
		}
	}
	fmt.Fprintln(stdout, "gensee fake: stopped")
	return exitOK
}

// formLine is a request's form on one line, sorted by name, each value
// through logValue; the site password is already "***", and the other
// passwords are hidden too.
func formLine(form map[string][]string) string {
	var parts []string
	for _, k := range sortedKeys(form) {
		for _, v := range form[k] {
			if k == "teacherPassword" || k == "sitePassword" {
				v = "***"
			}
			parts = append(parts, logValue(k)+"="+logValue(v))
		}
	}
	return strings.Join(parts, " ")
}

// logValue is v as the request log shows it: as it is when it holds only
// printable characters other than space, '"' and '=', else quoted as in Go
// (strconv.Quote), so that no value can end a log line, start another, or
// pass for another field.
func logValue(v string) string {
	for _, r := range v {
		if r == ' ' || r == '"' || r == '=' || r == '\\' || !unicode.IsPrint(r) {
			return strconv.Quote(v)
		}
	}
	if v == "" {
		return `""`
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" || s == "help" }

// parseInterspersed parses flags found anywhere among args, as people
// expect since gh and kubectl: "call PATH k=v --format json". It returns
// the other arguments in order; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, tail = args[:i], args[i+1:]
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(rest, tail...), nil
		}
		rest = append(rest, args[0]) // fs.Parse stopped at a positional argument
		args = args[1:]
	}
}
