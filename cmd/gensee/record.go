package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/gensee-go/gensee/cassette"
)

func recordHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `gensee record: run a gensee command against the site and record its exchanges in a cassette.

Usage:
  gensee record --out FILE [--site S] [--mask-phones=false] [--mask-ips=false] -- <command> [flags]

The command runs as usual (credentials from GENSEE_SITE, GENSEE_LOGIN and
GENSEE_PASSWORD, or --password-stdin), through a recording proxy on
127.0.0.1: each request and answer is written to FILE, one JSON line per
exchange, the file genseetest.ServeCassetteFile replays in a Go test.

Removed by construction: the form's loginName, password and sec are never
written, teacherPassword and sitePassword are written as ***, and every echo
of a credential (as is, JSON- or URL-escaped) in a value or a body is
replaced by ***; of the answers' headers only Content-Type and Retry-After
are kept. Phone numbers and IPv4 addresses in the bodies are masked unless
--mask-phones=false or --mask-ips=false. Names and other data in the answers
stay: review the file before sharing it.

The site is --site here (before --) or GENSEE_SITE, not a --site of the
command; --fake cannot be recorded (record "gensee fake serve" instead, with
GENSEE_SITE=http://127.0.0.1:PORT).

Example:
  gensee record --out room.cassette -- rooms get --room R

Exit codes: the command's, 2 a usage error of record, 1 when the cassette
could not be written.

Flags:
`)
	printFlags(w, fs)
}

func runRecord(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("gensee record", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "", "the cassette file to write (required)")
	site := fs.String("site", "", "the site to record (default $GENSEE_SITE)")
	phones := fs.Bool("mask-phones", true, "mask 11-digit mobile numbers in the answers")
	ips := fs.Bool("mask-ips", true, "mask IPv4 addresses in the answers")
	own, inner := args, []string(nil)
	if i := slices.Index(args, "--"); i >= 0 {
		own, inner = args[:i], args[i+1:]
	}
	if err := fs.Parse(own); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			recordHelp(stdout, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "gensee: record: %v\nRun 'gensee record --help' for usage.\n", flagError(err))
		return exitUsage
	}
	if inner == nil {
		inner = fs.Args()
	} else if fs.NArg() > 0 {
		return report(stderr, usagef("record: unexpected argument %q before --", fs.Arg(0)), "record")
	}
	target := first(*site, getenv("GENSEE_SITE"))
	var err error
	switch {
	case *out == "":
		err = usagef("record: --out FILE is required")
	case len(inner) == 0:
		err = usagef("record: give the command to record after --, such as: gensee record --out F -- rooms get --room R")
	case inner[0] == "record":
		err = usagef("record: the command to record cannot be record")
	case hasFlag(inner, "fake"):
		err = usagef("record: --fake cannot be recorded; record 'gensee fake serve' instead, with GENSEE_SITE=http://127.0.0.1:PORT")
	case hasFlag(inner, "site"):
		err = usagef("record: give --site to record, before --, not to the command")
	case target == "":
		err = usagef("record: missing the site: --site or GENSEE_SITE")
	}
	if err != nil {
		return report(stderr, err, "record")
	}
	base, err := recordTarget(target)
	if err != nil {
		return report(stderr, usagef("record: %v", err), "record")
	}
	secrets := []string{getenv("GENSEE_PASSWORD"), getenv("GENSEE_PASSWORD_MD5")}
	if hasFlag(inner, "password-stdin") {
		br := bufio.NewReader(orStdin(stdin))
		line, rerr := br.ReadString('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return report(stderr, usagef("--password-stdin: %v", rerr), "record")
		}
		secrets = append(secrets, strings.TrimRight(line, "\r\n"))
		stdin = io.MultiReader(strings.NewReader(line), br) // the command reads the password as usual
	}

	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "gensee: record: %v\n", err)
		return exitAPI
	}
	opts := []cassette.Option{cassette.Secrets(secrets...)}
	if *phones {
		opts = append(opts, cassette.MaskPhones())
	}
	if *ips {
		opts = append(opts, cassette.MaskIPs())
	}
	rec := cassette.NewRecorder(f, http.DefaultTransport, opts...)
	proxy, stop, err := startRecordingProxy(base, rec, stderr)
	if err != nil {
		f.Close()
		fmt.Fprintf(stderr, "gensee: record: %v\n", err)
		return exitAPI
	}
	code := run(ctx, inner, stdin, stdout, stderr, func(k string) string {
		if k == "GENSEE_SITE" {
			return proxy
		}
		return getenv(k)
	})
	stop()
	cerr := f.Close()
	if err := errors.Join(rec.Err(), cerr); err != nil {
		fmt.Fprintf(stderr, "gensee: record: writing %s: %v\n", *out, err)
		return exitAPI
	}
	fmt.Fprintf(stderr, "gensee: record: the exchanges are in %s\n", *out)
	return code
}

func orStdin(r io.Reader) io.Reader {
	if r == nil {
		return os.Stdin
	}
	return r
}

// hasFlag reports whether args hold the flag name, as --name, -name,
// --name=… or -name=….
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if !strings.HasPrefix(a, "-") {
			continue // a value, or a word of the command
		}
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// recordTarget is the site's scheme, host and path prefix, without the
// spec's /integration/site suffix: what the proxy forwards to.
func recordTarget(site string) (*url.URL, error) {
	s := strings.TrimSpace(site)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("site %q is not a domain or an http(s) URL", site)
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/training")
	p = strings.TrimSuffix(p, "/integration/site")
	return &url.URL{Scheme: u.Scheme, Host: u.Host, Path: p}, nil
}

// startRecordingProxy serves on 127.0.0.1 a reverse proxy to base whose
// transport is rec; it returns the proxy's URL and the function that stops
// it.
func startRecordingProxy(base *url.URL, rec http.RoundTripper, stderr io.Writer) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(base)
			r.Out.Host = base.Host
		},
		Transport: rec,
		ErrorLog:  log.New(stderr, "gensee: record: ", 0),
	}
	srv := &http.Server{Handler: rp, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = srv.Serve(l) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return "http://" + l.Addr().String(), stop, nil
}
