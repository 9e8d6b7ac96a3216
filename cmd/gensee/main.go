// Command gensee calls the Gensee training (教育培训) integration API from the
// command line: every endpoint of the SDK as "gensee <service> <action>", and
// any other one through "gensee call".
//
// Usage:
//
//	gensee <service> <action> [flags]
//	gensee call /training/room/info roomId=R [name=value ...] [flags]
//	gensee fake serve [--addr 127.0.0.1:8080] [--seed demo] [--state FILE] [--tls]
//	gensee events serve | join-url | --fake class play
//	gensee probe [--out FILE]           (a real site against the SDK, read-only)
//	gensee record --out FILE -- <command> (a command's exchanges in a cassette)
//	gensee version | completion bash|zsh|fish
//
// Global flags (--site, --login, --fake, --format, -o, --fields, --dry-run,
// --progress, --debug, …) go anywhere on the line, for every command, and
// flags may follow positional arguments. Several secrets may come from
// standard input, one a line: the API password (--password-stdin) first.
//
// Credentials come from GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD (or
// GENSEE_PASSWORD_MD5), or --password-stdin; a password given as a flag
// works, with a warning. They are never printed: --dry-run shows the request
// it would send with the credentials as ***.
//
// --fake runs the command against an in-process genseetest server seeded with
// demo data: the room id "demo" names its demo classroom and "demo-mini" its
// demo mini classroom, and pages hold 5 items so that --all walks several.
// With --state FILE the fake's state is read from FILE and saved back to it,
// the file "gensee fake serve --state FILE" keeps, so that "rooms create" then
// "rooms get" works across two runs. rooms create, famousrooms create and
// minirooms create start the room one hour from now (to the minute) when
// --start is not given; rooms create and famousrooms create make a live
// classroom unless --realtime=false, and the modify actions require
// --realtime=true or --realtime=false.
//
// Output is a table of the main columns by default; -o wide shows every
// column, --format json, jsonl or csv prints machine-readable text with
// times in China time and their offset, the same values in every format
// (a device by its name), --fields picks columns in every format. Lists of a
// paged endpoint show one page (--page N) and say on stderr where it stands;
// --all walks every page with the SDK's …All iterator, printing rows as they
// come. Progress goes to stderr when it is a terminal, or with --progress.
// exports attendance --chart draws the students present minute by minute,
// and the concurrency exports --chart the daily maxima.
//
// Run "gensee --help", "gensee <service> --help" and
// "gensee <service> <action> --help" for what exists.
//
// Exit codes: 0 success, 1 an error of the API or the network, 2 a usage
// error (an unknown service, action or flag, a bad value, or a request the
// SDK refused before sending it), 130 interrupted (Ctrl-C cancels the call
// in flight).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
