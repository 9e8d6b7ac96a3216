package gensee

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gensee-go/gensee/internal/secret"
)

// This file keeps secrets in: the site's password (or its digest) and a
// request's own secrets (a teacher's password, a 263 account's password)
// never reach an error, anything in its Unwrap chain, a log record, an
// observer or the printed form of a Client.

// secretive is implemented by requests that carry secrets of their own
// besides the site's credentials (a teacher's password, a 263 account's
// password): they are scrubbed from errors and log lines like the
// credentials.
type secretive interface{ secrets() []string }

// secretParams are the form fields whose values are secrets wherever they
// are sent, by a typed method or by Call.
var secretParams = [...]string{"teacherPassword", "sitePassword"}

// scrubList replaces every text of list found in s with "***".
func scrubList(s string, list []string) string {
	for _, sec := range list {
		if sec != "" && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// callSecrets returns the forms of a call's own secrets (nil for most calls).
func callSecrets(own []string) []string {
	var out []string
	for _, s := range own {
		out = append(out, secret.Forms(s)...) // every form a server may echo it in (internal/secret)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// scrub removes the credentials and a call's own secrets (already expanded
// by callSecrets) from s.
func (c *Client) scrub(s string, secrets []string) string {
	return scrubList(c.creds.scrub(s), secrets)
}

// hasSecret reports whether s holds a credential or one of secrets.
func (c *Client) hasSecret(s string, secrets []string) bool {
	return c.scrub(s, secrets) != s
}

// scrubHeader returns h when no header name or value holds a secret;
// otherwise a copy of it in which every secret shows as "***" (the
// response's own header is never changed). It is what observers and
// CaptureResponse see of an answer's headers: a server or proxy that echoes
// the request's form (in a debug header, say) echoes the password too.
func (c *Client) scrubHeader(h http.Header, secrets []string) http.Header {
	dirty := false
	for k, vs := range h {
		if c.hasSecret(k, secrets) || slices.ContainsFunc(vs, func(v string) bool { return c.hasSecret(v, secrets) }) {
			dirty = true
			break
		}
	}
	if !dirty {
		return h
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		cp := make([]string, len(vs))
		for i, v := range vs {
			cp[i] = c.scrub(v, secrets)
		}
		out[c.scrub(k, secrets)] = cp
	}
	return out
}

// scrubErr returns err when no error of its Unwrap tree holds a secret in
// its text; otherwise a copy of the tree in which every error that did is
// replaced: *url.Error, *DecodeError and *json.UnmarshalTypeError by scrubbed
// copies of their own type (errors.As keeps finding them), any other error
// by a scrubbedError that keeps its Is method and unwraps to scrubbed copies
// of what it wrapped. Errors that held no secret are kept as they are, so
// errors.Is keeps matching sentinels.
func (c *Client) scrubErr(err error, secrets []string) error {
	if err == nil || !c.treeHasSecret(err, secrets) {
		return err
	}
	switch e := err.(type) {
	case *url.Error:
		return &url.Error{Op: e.Op, URL: c.scrub(e.URL, secrets), Err: c.scrubErr(e.Err, secrets)}
	case *DecodeError:
		return &DecodeError{Endpoint: e.Endpoint, Err: c.scrubErr(e.Err, secrets)}
	case *json.UnmarshalTypeError:
		cp := *e
		cp.Value, cp.Field, cp.Struct = c.scrub(e.Value, secrets), c.scrub(e.Field, secrets), c.scrub(e.Struct, secrets)
		return &cp
	}
	s := &scrubbedError{msg: c.scrub(err.Error(), secrets), is: isOf(err)}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		s.wrapped = []error{c.scrubErr(u.Unwrap(), secrets)}
	case interface{ Unwrap() []error }:
		for _, w := range u.Unwrap() {
			s.wrapped = append(s.wrapped, c.scrubErr(w, secrets))
		}
	}
	return s
}

// treeHasSecret reports whether err or any error it wraps has a secret in
// its text (a wrapper need not repeat the text of what it wraps).
func (c *Client) treeHasSecret(err error, secrets []string) bool {
	if err == nil {
		return false
	}
	if c.hasSecret(err.Error(), secrets) {
		return true
	}
	if ue, ok := err.(*url.Error); ok && c.hasSecret(ue.URL, secrets) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return c.treeHasSecret(u.Unwrap(), secrets)
	case interface{ Unwrap() []error }:
		for _, w := range u.Unwrap() {
			if c.treeHasSecret(w, secrets) {
				return true
			}
		}
	}
	return false
}

// scrubbedError stands in an error chain for an error whose text held a
// secret: it has the scrubbed text, answers errors.Is as the original did
// (through the original's identity and its own Is method, never its text),
// and unwraps to scrubbed copies of what the original wrapped. It does not
// hold the original where formatting or reflection could reach it: only a
// function does.
type scrubbedError struct {
	msg     string
	is      func(target error) bool
	wrapped []error
}

func (e *scrubbedError) Error() string   { return e.msg }
func (e *scrubbedError) Unwrap() []error { return e.wrapped }

// GoString shows the scrubbed text only.
func (e *scrubbedError) GoString() string {
	return "&gensee.scrubbedError{" + strconv.Quote(e.msg) + "}"
}

// Is matches the sentinel the original was, or matched through its own Is.
func (e *scrubbedError) Is(target error) bool { return e.is(target) }

// isOf returns the errors.Is test of orig alone (not of what it wraps).
func isOf(orig error) func(error) bool {
	comparable := reflect.TypeOf(orig).Comparable()
	return func(target error) bool {
		if comparable && orig == target {
			return true
		}
		if is, ok := orig.(interface{ Is(error) bool }); ok {
			return is.Is(target)
		}
		return false
	}
}

// String describes the client by its site and login name: never a
// credential. Client's formatting methods have value receivers, so that a
// Client value prints no secret either.
func (c Client) String() string {
	login := ""
	if c.creds != nil {
		login = c.creds.login
	}
	return "gensee.Client{site: " + c.base + ", login: " + login + "}"
}

// GoString is String: %#v of a Client shows no credential either.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb (%v, %+v, %#v, %s, %q…), so that no
// formatting of a *Client shows a credential.
func (c Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	_, _ = f.Write([]byte(c.String()))
}
