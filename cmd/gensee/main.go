// Command gensee calls the Gensee training (教育培训) integration API from the
// command line: every endpoint of the SDK as "gensee <service> <action>", and
// any other one through "gensee call".
//
// Usage:
//
//	gensee [global flags] <service> <action> [flags]
//	gensee [global flags] call /training/room/info roomId=R [name=value ...]
//
// Credentials come from GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD, or from
// the global flags --site, --login and --password (or --password-md5). They
// are never printed. --fake runs the command against an in-process
// genseetest server seeded with demo data instead of a real site.
//
// In --fake mode every run starts a fresh server: the room id "demo" names
// its demo classroom and "demo-mini" its demo mini classroom, and pages hold
// 5 items so that --all walks several. rooms create, famousrooms create and
// minirooms create start the room one hour from now (to the minute) when
// --start is not given, so "gensee --fake rooms create --subject demo" works.
//
// Output is a table by default; --format json, jsonl or csv (on the command
// or before the service, for all) prints machine-readable text. Lists of a
// paged endpoint show one page (--page N) and say on stderr where it stands;
// --all walks every page with the SDK's …All iterator, printing rows as they
// come and a progress line per page on stderr.
//
// Run "gensee --help", "gensee <service> --help" and
// "gensee <service> <action> --help" for what exists.
//
// Exit codes: 0 success, 1 an error of the API or the network, 2 a usage
// error (an unknown service, action or flag, a bad value, or a request the
// SDK refused before sending it).
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
