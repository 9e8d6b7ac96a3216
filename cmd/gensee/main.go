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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
