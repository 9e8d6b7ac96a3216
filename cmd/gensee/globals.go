package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// globals are the flags that work anywhere on the command line: before the
// service, after the action, between the flags of an action.
type globals struct {
	site, login, password, passwordMD5                                   string
	passwordStdin, plainPassword, fake, debug, dryRun, progress, version bool
	format, fields, state                                                string
	passwordFlag                                                         bool // a password was given as a flag
	stdin                                                                io.Reader
	lines                                                                *bufio.Reader // stdin, read a line at a time by every --…-stdin flag (stdinLine)
	stdinPassword                                                        string        // the line --password-stdin read
}

// stdinLine reads the next line of standard input for a --…-stdin flag
// named by what. Several secrets can come from standard input, one per
// line, in a fixed order: the API password (--password-stdin) first, then
// the request's own secrets in the order of the action's help (a
// teacher's password, the 263 account's password). Every reader shares one
// buffer, so the first never swallows the lines of the others.
func (g *globals) stdinLine(what string) (string, error) {
	if g.lines == nil {
		r := g.stdin
		if r == nil {
			r = os.Stdin
		}
		g.lines = bufio.NewReader(r)
	}
	return readSecretLine(g.lines, what)
}

// formats are the values of --format (and -o).
var formats = []string{"table", "wide", "json", "jsonl", "csv"}

func validFormat(f string) bool { return slices.Contains(formats, f) }

// define declares the global flags on fs. It may run on several flag sets
// (the top one and an action's): the values are set in place, never reset
// to a default, and no secret ever shows as a default in the help.
func (g *globals) define(fs *flag.FlagSet) {
	str := func(p *string, name, usage string) { fs.Var(&strFlag{p: p}, name, usage) }
	boolean := func(p *bool, name, usage string) { fs.Var(&boolFlag{p: p}, name, usage) }
	str(&g.site, "site", "the site: its domain, such as demo.gensee.com, or its base URL (default $GENSEE_SITE)")
	str(&g.login, "login", "the API login name, sent as loginName (default $GENSEE_LOGIN)")
	fs.Var(&strFlag{p: &g.password, secret: true, given: &g.passwordFlag}, "password",
		"the API password; prefer $GENSEE_PASSWORD or --password-stdin, as a flag it shows in ps and the shell history")
	fs.Var(&strFlag{p: &g.passwordMD5, secret: true, given: &g.passwordFlag}, "password-md5",
		"the password's MD5 digest instead of the password (default $GENSEE_PASSWORD_MD5)")
	boolean(&g.passwordStdin, "password-stdin", "read the API password from the first line of standard input (before any other --…-stdin secret, one a line)")
	boolean(&g.plainPassword, "plain-password", "send the password as given, without sec=true (sites that refuse the MD5 digest)")
	boolean(&g.fake, "fake", "run against an in-process genseetest server with demo data (nothing leaves this process)")
	str(&g.state, "state", "with --fake: keep the fake's state in this file across runs (the file of 'gensee fake serve --state')")
	boolean(&g.debug, "debug", "log every HTTP attempt on stderr (credentials are never logged)")
	boolean(&g.dryRun, "dry-run", "print the request that would be sent (method, URL, form; credentials as ***) and send nothing")
	boolean(&g.progress, "progress", "report progress on stderr even when it is not a terminal")
	str(&g.format, "format", "output: table (the main columns), wide (every column), json, jsonl or csv")
	str(&g.format, "o", "short for --format")
	str(&g.fields, "fields", "the columns to print, separated by commas, by their JSON names (see -o wide)")
	boolean(&g.version, "version", "print the version and exit")
}

// check refuses values that no action can use.
func (g *globals) check() error {
	if !validFormat(g.format) {
		return usagef("--format must be table, wide, json, jsonl or csv, not %q", g.format)
	}
	if g.state != "" && !g.fake {
		return usagef("--state works with --fake only")
	}
	return nil
}

// strFlag is a string flag.Value that never resets its variable and, for a
// secret, never shows its value.
type strFlag struct {
	p      *string
	secret bool
	given  *bool // set when the flag is used
}

func (f *strFlag) String() string {
	if f == nil || f.p == nil || f.secret {
		return ""
	}
	return *f.p
}

func (f *strFlag) Set(s string) error {
	*f.p = s
	if f.given != nil {
		*f.given = true
	}
	return nil
}

type boolFlag struct{ p *bool }

func (f *boolFlag) String() string {
	if f == nil || f.p == nil {
		return ""
	}
	return strconv.FormatBool(*f.p)
}

func (f *boolFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	*f.p = b
	return nil
}

func (f *boolFlag) IsBoolFlag() bool { return true }

// secretField is a request field holding a password of its own (a
// teacher's, the 263 account's): it can come from an environment variable
// or standard input instead of the command line.
type secretField struct {
	flag  string // "teacher-password"
	env   string // "GENSEE_TEACHER_PASSWORD"
	fv    *fieldValue
	stdin *bool
}

// secretEnv names the environment variable of each secret field.
var secretEnv = map[string]string{
	"TeacherPassword": "GENSEE_TEACHER_PASSWORD",
	"SitePassword":    "GENSEE_TEL_SITE_PASSWORD",
}

// resolve fills the field from standard input or the environment when the
// flag was not given, and warns when it was.
func (s *secretField) resolve(getenv func(string) string, g *globals, stderr io.Writer) error {
	switch {
	case *s.stdin:
		if s.fv.set {
			return usagef("--%s and --%s-stdin: give one", s.flag, s.flag)
		}
		v, err := g.stdinLine(strings.ReplaceAll(s.flag, "-", " "))
		if err != nil {
			return usagef("--%s-stdin: %v", s.flag, err)
		}
		return s.fv.Set(v)
	case s.fv.set:
		fmt.Fprintf(stderr, "gensee: warning: --%s on the command line is visible to other users (ps) and stays in the shell history; use $%s or --%s-stdin\n",
			s.flag, s.env, s.flag)
	case getenv(s.env) != "":
		return s.fv.Set(getenv(s.env))
	}
	return nil
}

// readSecretLine reads the next line of r, without its line ending; what
// names the secret in the error when the line is missing or empty.
func readSecretLine(r *bufio.Reader, what string) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("standard input holds no line for the %s", what)
	}
	return line, nil
}

func splitFields(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
