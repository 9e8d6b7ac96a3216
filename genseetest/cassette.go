package genseetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/cassette"
)

// Replay is a loopback server that answers from a cassette (package
// cassette): a session recorded on a real site, replayed in a test. Start it
// with ServeCassette and stop it with Close.
type Replay struct {
	ts     *httptest.Server
	ignore map[string]bool
	mu     sync.Mutex
	ins    []cassette.Interaction
	used   []bool
	misses []string
}

// ReplayOption configures a Replay.
type ReplayOption func(*Replay)

// IgnoreParams leaves the named form parameters out of the matching, such as
// the startTime and endTime a test computes from the clock.
func IgnoreParams(names ...string) ReplayOption {
	return func(r *Replay) {
		for _, n := range names {
			r.ignore[n] = true
		}
	}
}

// ServeCassette starts a Replay of ins on a loopback address.
//
// A request is answered with the recorded answer of the same endpoint and
// the same form (loginName, password and sec left out: the cassette has
// none, so any credentials are accepted; and the IgnoreParams). Identical
// requests get their recorded answers in the order recorded; once those are
// used up, the last one again. A request with no recorded match is answered
// HTTP 404 with a text naming the closest recorded request and how it
// differs, which the SDK returns as an *HTTPError; Misses lists them.
func ServeCassette(ins []cassette.Interaction, opts ...ReplayOption) *Replay {
	r := &Replay{ins: ins, used: make([]bool, len(ins)), ignore: map[string]bool{}}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	r.ts = httptest.NewServer(http.HandlerFunc(r.serve))
	return r
}

// ServeCassetteFile starts a Replay of the cassette in the file at path.
func ServeCassetteFile(path string, opts ...ReplayOption) (*Replay, error) {
	ins, err := cassette.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ServeCassette(ins, opts...), nil
}

// URL returns the base URL of the Replay, to give to gensee.NewClient.
func (r *Replay) URL() string { return r.ts.URL }

// Client returns a gensee.Client of the Replay (with placeholder
// credentials, which the Replay does not check). It panics if NewClient
// fails, which only a bad option can cause.
func (r *Replay) Client(opts ...gensee.Option) *gensee.Client {
	c, err := gensee.NewClient(r.URL(), "replay", "replay", opts...)
	if err != nil {
		panic("genseetest: " + err.Error())
	}
	return c
}

// Close stops the Replay.
func (r *Replay) Close() { r.ts.Close() }

// Misses returns the texts of the requests that had no recorded match.
func (r *Replay) Misses() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.misses...)
}

func (r *Replay) serve(w http.ResponseWriter, req *http.Request) {
	_ = req.ParseForm()
	endpoint := req.URL.Path
	if i := strings.Index(endpoint, "/training/"); i >= 0 {
		endpoint = endpoint[i:]
	}
	form := r.strip(req.Form)
	r.mu.Lock()
	idx, last := -1, -1
	for i, in := range r.ins {
		if in.Endpoint != endpoint || !sameForm(r.strip(in.Form), form) {
			continue
		}
		last = i
		if !r.used[i] {
			idx = i
			break
		}
	}
	if idx < 0 {
		idx = last
	}
	if idx < 0 {
		msg := "genseetest: no recorded answer for " + describe(endpoint, form) + "; " + r.closest(endpoint, form)
		r.misses = append(r.misses, msg)
		r.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintln(w, msg)
		return
	}
	r.used[idx] = true
	in := r.ins[idx]
	r.mu.Unlock()
	for k, vs := range in.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	status := in.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(in.Body))
}

// strip returns form without the credentials and the ignored parameters.
func (r *Replay) strip(form url.Values) url.Values {
	out := url.Values{}
	for k, vs := range form {
		if k == "loginName" || k == "password" || k == "sec" || r.ignore[k] {
			continue
		}
		out[k] = vs
	}
	return out
}

func sameForm(a, b url.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if av[i] != bv[i] {
				return false
			}
		}
	}
	return true
}

// closest names the recorded request nearest to endpoint and form: of the
// same endpoint, the one with the fewest parameters differing; else the
// endpoints recorded.
func (r *Replay) closest(endpoint string, form url.Values) string {
	best, bestDiff := -1, []string(nil)
	for i, in := range r.ins {
		if in.Endpoint != endpoint {
			continue
		}
		diff := formDiff(r.strip(in.Form), form)
		if best < 0 || len(diff) < len(bestDiff) {
			best, bestDiff = i, diff
		}
	}
	if best >= 0 {
		return fmt.Sprintf("closest recorded: %s (differs in %s)",
			describe(endpoint, r.strip(r.ins[best].Form)), strings.Join(bestDiff, ", "))
	}
	var eps []string
	for _, in := range r.ins {
		if !containsString(eps, in.Endpoint) {
			eps = append(eps, in.Endpoint)
		}
	}
	sort.Strings(eps)
	return "the cassette has no request to " + endpoint + "; it has " + strings.Join(eps, ", ")
}

// formDiff lists the keys whose values differ between a and b.
func formDiff(a, b url.Values) []string {
	var keys []string
	for k := range a {
		if !sameForm(url.Values{k: a[k]}, url.Values{k: b[k]}) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// describe is a request as a text: the endpoint and its form, sorted.
func describe(endpoint string, form url.Values) string {
	if len(form) == 0 {
		return endpoint + " (no parameters)"
	}
	return endpoint + "?" + form.Encode()
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
