package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

func topHelp(w io.Writer, gfs *flag.FlagSet) {
	fmt.Fprint(w, `gensee calls the Gensee training (教育培训) integration API.

Usage:
  gensee <service> <action> [flags]
  gensee call <path> [name=value ...]
  gensee fake serve [--addr 127.0.0.1:8080] [--state FILE] [--seed demo]
  gensee version | completion bash|zsh|fish
  gensee <service> --help | gensee <service> <action> --help

Global flags go anywhere on the line: gensee rooms get --room R --fake.

Services:
`)
	for _, s := range services {
		fmt.Fprintf(w, "  %-12s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "  %-12s %s\n", "call", "call any endpoint by its path and print the raw JSON answer")
	lifeHelp(w) // cmd_events.go
	fmt.Fprintf(w, "  %-12s %s\n", "fake", "fake serve: run the genseetest fake site as a server, for any language")
	fmt.Fprintf(w, "  %-12s %s\n", "probe", "check a real site against the SDK, read-only; --out FILE writes a values-free report") // probe.go
	fmt.Fprintf(w, "  %-12s %s\n", "record", "record --out FILE -- <command>: record a command's exchanges in a cassette")          // record.go
	fmt.Fprint(w, "\nGlobal flags:\n")
	printFlags(w, gfs)
	fmt.Fprint(w, `
Credentials come from GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD (or
GENSEE_PASSWORD_MD5), or --password-stdin; they are never printed. A password
given as a flag works, with a warning: other users see it in ps.
Times: "yyyy-MM-dd HH:mm[:ss]" or "yyyy-MM-dd" in China time (UTC+8), RFC 3339,
or epoch milliseconds; a date alone means its midnight, except in --to, where
it means the end of that day (the next midnight less 1 ms, China time: the
server's day, whose times are in milliseconds).
Dates: yyyy-MM-dd.

Exit codes:
  0    success
  1    an error of the API or the network
  2    a usage error: an unknown service, action or flag, a bad value, or a
       request the SDK refused before sending it
  130  interrupted (Ctrl-C): the call in flight was cancelled
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
	fmt.Fprintf(w, "gensee %s %s: %s\nEndpoint: POST %s\n\nUsage:\n  gensee %s %s [flags]\n\nFlags:\n",
		s.name, a.name, a.summary, a.path, s.name, a.name)
	global := globalNames()
	own := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if !global[f.Name] {
			own.Var(f.Value, f.Name, f.Usage)
			own.Lookup(f.Name).DefValue = f.DefValue
		}
	})
	printFlags(w, own)
	fmt.Fprint(w, "\nThe global flags (--format, -o, --fields, --fake, --dry-run, …) work here too: see 'gensee --help'.\n")
}

// globalNames are the names of the global flags.
func globalNames() map[string]bool {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	new(globals).define(fs)
	out := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { out[f.Name] = true })
	return out
}

// printFlags lists the flags with "--" and never shows a default that
// could be a secret (the defaults are the declared ones, not the
// environment's).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(fl *flag.Flag) {
		name, usage := flag.UnquoteUsage(fl)
		switch v := fl.Value.(type) {
		case *fieldValue:
			name = v.placeholder()
		case *strFlag:
			name = "string"
		case *boolFlag:
			name = ""
		}
		dashes := "--"
		if len(fl.Name) == 1 {
			dashes = "-"
		}
		line := "  " + dashes + fl.Name
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
	switch args[0] {
	case "call":
		callHelp(stdout)
		return exitOK
	case "fake":
		return runFake(context.Background(), []string{"--help"}, stdout, stderr)
	case "probe", "record": // probe.go, record.go
		return run(context.Background(), []string{args[0], "--help"}, nil, stdout, stderr, func(string) string { return "" })
	}
	// Finding the service and the action repeats run's (cli.go) on purpose:
	// help answers on stdout and leaves out run's "Run --help" hint.
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
	actionHelp(stdout, svc, act, fs)
	return exitOK
}
