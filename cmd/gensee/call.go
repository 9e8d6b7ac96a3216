package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
)

func callHelp(w io.Writer) {
	fmt.Fprint(w, `gensee call: call any endpoint by its path and print the raw JSON answer.

Usage:
  gensee [global flags] call <path> [name=value ...] [global flags]

The path is like /training/room/info; each name=value is one form value sent
as given (repeat a name for several values; times are epoch milliseconds).
The credentials are added. A return code other than 0 is an API error
(exit 1). With --format json the answer is indented.

Example:
  gensee call /training/room/info roomId=R
`)
}

func runCall(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("gensee call", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g.define(fs)
	args, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			callHelp(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: call: %v\nRun 'gensee call --help' for usage.\n", flagError(err))
		return exitUsage
	}
	if err := g.check(); err != nil {
		return report(stderr, err, "call")
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "gensee: call needs an endpoint path, such as /training/room/info")
		callHelp(stderr)
		return exitUsage
	}
	path := args[0]
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if !strings.HasPrefix(path, "/training/") {
		path = "/training" + path
	}
	vals := url.Values{}
	for _, kv := range args[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			fmt.Fprintf(stderr, "gensee: call: %q is not name=value\n", kv)
			return exitUsage
		}
		vals.Add(k, v)
	}
	e, closeEnv, err := newEnv(g, stdout, stderr, getenv)
	if err != nil {
		return report(stderr, err, "")
	}
	defer closeEnv()
	var raw json.RawMessage
	if err := e.c.Call(ctx, path, vals, &raw); err != nil {
		return e.report(err, "call")
	}
	if g.format == "json" {
		var buf bytes.Buffer
		if json.Indent(&buf, raw, "", "  ") == nil {
			raw = buf.Bytes()
		}
	}
	fmt.Fprintf(stdout, "%s\n", raw)
	return exitOK
}
