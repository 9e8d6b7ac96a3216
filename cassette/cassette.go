// Package cassette records the exchanges of a gensee.Client with a site into
// a file, a cassette, that genseetest.ServeCassette replays in tests: a
// session that went wrong on a real site becomes a test that fails the same
// way, with no site and no credential.
//
// A Recorder is an http.RoundTripper that wraps the client's transport:
//
//	f, _ := os.Create("room-info.cassette")
//	rec := cassette.NewRecorder(f, http.DefaultTransport, cassette.MaskPhones(), cassette.MaskIPs())
//	c, _ := gensee.NewClient(site, login, password, gensee.WithHTTPClient(&http.Client{Transport: rec}))
//	// … calls …
//	err := rec.Err() // the first error writing the cassette, if any
//
// # The file
//
// A cassette is JSON lines: one Interaction per line, in the order the
// answers came. Each holds the endpoint ("/training/room/info"), the method,
// the form sent, the HTTP status, the answer's Content-Type and Retry-After
// headers and its body.
//
// # What is never written
//
// The credentials are removed by construction: the form's loginName,
// password and sec are dropped before anything is written, and teacherPassword
// and sitePassword are written as "***". Every other value of the form, and
// the body, have each credential seen in the form (the login name, the
// password or its digest, teacherPassword, sitePassword), and the Secrets
// given, replaced by "***" wherever it appears as is, JSON-escaped (with or
// without HTML escapes, with "/" escaped or not) or URL-escaped. No other
// header of the request or the answer is written (no cookie, no request
// id). Phone numbers (11-digit Chinese mobile numbers) and IPv4 addresses
// are masked with MaskPhones and MaskIPs. Other personal data in the answers
// (names, chat messages) stays: review a cassette before sharing it.
package cassette

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/gensee-go/gensee/internal/secret"
)

// Interaction is one exchange of a cassette.
type Interaction struct {
	Endpoint string      `json:"endpoint"`         // the path without the site's /integration/site prefix: "/training/room/info"
	Method   string      `json:"method"`           // "POST"
	Form     url.Values  `json:"form"`             // the form sent (query and body), without the credentials
	Status   int         `json:"status"`           // the HTTP status of the answer
	Header   http.Header `json:"header,omitempty"` // the answer's Content-Type and Retry-After
	Body     string      `json:"body"`             // the answer's body, scrubbed
}

// credentialKeys are the form keys never written.
var credentialKeys = []string{"loginName", "password", "sec"}

// secretKeys are the form keys whose values are written as "***" and
// scrubbed from everything else.
var secretKeys = []string{"teacherPassword", "sitePassword"}

// keptHeaders are the only headers of an answer a cassette keeps.
var keptHeaders = []string{"Content-Type", "Retry-After"}

// Option configures a Recorder.
type Option func(*Recorder)

// MaskPhones replaces 11-digit Chinese mobile numbers (1 and ten digits, not
// part of a longer number) in the bodies with 1 followed by ten zeros.
func MaskPhones() Option { return func(r *Recorder) { r.phones = true } }

// MaskIPs replaces IPv4 addresses in the bodies with 0.0.0.0.
func MaskIPs() Option { return func(r *Recorder) { r.ips = true } }

// Secrets adds texts scrubbed from every form value and body like the
// credentials, such as the plain password when the client sends its digest
// (a server could echo it), or a token of the site's own.
func Secrets(s ...string) Option {
	return func(r *Recorder) {
		for _, v := range s {
			if v != "" {
				r.extra = append(r.extra, v)
			}
		}
	}
}

// Recorder is an http.RoundTripper that sends each request with the
// transport it wraps and writes the exchange to its cassette. It is safe
// for concurrent use; the answer the client gets is the server's, unchanged.
type Recorder struct {
	next   http.RoundTripper
	phones bool
	ips    bool
	extra  []string

	mu  sync.Mutex
	w   io.Writer
	err error
}

// NewRecorder returns a Recorder writing to w and sending with next
// (http.DefaultTransport when nil).
func NewRecorder(w io.Writer, next http.RoundTripper, opts ...Option) *Recorder {
	if next == nil {
		next = http.DefaultTransport
	}
	r := &Recorder{next: next, w: w}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r
}

// Err returns the first error met writing the cassette (a request that
// failed to send is the caller's error, not the cassette's).
func (r *Recorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// RoundTrip sends req and records the exchange.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	form := url.Values{}
	for k, vs := range req.URL.Query() {
		form[k] = append(form[k], vs...)
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		clone := req.Clone(req.Context())
		clone.Body = io.NopCloser(bytes.NewReader(body))
		clone.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req = clone
		if strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			if vals, err := url.ParseQuery(string(body)); err == nil {
				for k, vs := range vals {
					form[k] = append(form[k], vs...)
				}
			}
		}
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		// The answer was cut: the client sees it cut too, and nothing is recorded.
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), errReader{rerr}))
		return resp, nil
	}
	sc := r.scrubber(form)
	in := Interaction{
		Endpoint: endpointOf(req.URL.Path),
		Method:   req.Method,
		Form:     url.Values{},
		Status:   resp.StatusCode,
		Body:     r.mask(sc.Replace(string(body))),
	}
	for k, vs := range form {
		switch {
		case contains(credentialKeys, k):
			continue
		case contains(secretKeys, k):
			in.Form[k] = []string{"***"}
			continue
		}
		for _, v := range vs {
			in.Form[k] = append(in.Form[k], sc.Replace(v))
		}
	}
	for _, h := range keptHeaders {
		if v := resp.Header.Values(h); len(v) > 0 {
			if in.Header == nil {
				in.Header = http.Header{}
			}
			for _, x := range v {
				in.Header.Add(h, sc.Replace(x))
			}
		}
	}
	r.write(&in)
	return resp, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func (r *Recorder) write(in *Interaction) {
	line, err := json.Marshal(in)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return
	}
	if err == nil {
		_, err = r.w.Write(append(line, '\n'))
	}
	r.err = err
}

// scrubber replaces every form of every secret of this request by "***".
func (r *Recorder) scrubber(form url.Values) *strings.Replacer {
	var secrets []string
	for _, k := range append(append([]string(nil), credentialKeys[:2]...), secretKeys...) {
		for _, v := range form[k] {
			if v != "" {
				secrets = append(secrets, v)
			}
		}
	}
	secrets = append(secrets, r.extra...)
	var all []string
	for _, s := range secrets {
		for _, v := range Variants(s) {
			if !contains(all, v) {
				all = append(all, v)
			}
		}
	}
	// Longest first: at one position the replacer takes the first pattern
	// given, and a secret may hold another (a login name in a password).
	sort.SliceStable(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	pairs := make([]string, 0, 2*len(all))
	for _, v := range all {
		pairs = append(pairs, v, "***")
	}
	return strings.NewReplacer(pairs...)
}

// Variants returns the forms under which s may appear in a form value, a
// header or a JSON body, longest first: as is, percent-encoded,
// HTML-escaped and JSON-escaped (with and without HTML escapes, with "/"
// escaped or not). They are the forms the SDK scrubs from its errors and
// logs.
func Variants(s string) []string { return secret.Forms(s) }

var (
	phoneRE = regexp.MustCompile(`(^|[^0-9])1[3-9][0-9]{9}($|[^0-9])`)
	ipRE    = regexp.MustCompile(`(^|[^0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}($|[^0-9.])`)
)

// mask applies MaskPhones and MaskIPs to a body.
func (r *Recorder) mask(s string) string {
	// Twice: a match takes the character before and after it, so two
	// numbers one character apart are masked in two passes.
	for range 2 {
		if r.phones {
			s = phoneRE.ReplaceAllString(s, "${1}10000000000${2}")
		}
		if r.ips {
			s = ipRE.ReplaceAllString(s, "${1}0.0.0.0${2}")
		}
	}
	return s
}

// endpointOf is a request path without the site's prefix.
func endpointOf(path string) string {
	if i := strings.Index(path, "/training/"); i >= 0 {
		return path[i:]
	}
	return path
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Read reads a cassette: one Interaction per line (blank lines skipped).
func Read(r io.Reader) ([]Interaction, error) {
	var out []Interaction
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 512<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var in Interaction
		if err := json.Unmarshal(line, &in); err != nil {
			return nil, fmt.Errorf("cassette: line %d: %w", n, err)
		}
		if in.Endpoint == "" {
			return nil, fmt.Errorf("cassette: line %d: no endpoint", n)
		}
		out = append(out, in)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cassette: %w", err)
	}
	return out, nil
}

// ReadFile reads the cassette in the file at path.
func ReadFile(path string) ([]Interaction, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ins, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(ins) == 0 {
		return nil, errors.New("cassette: " + path + " holds no interaction")
	}
	return ins, nil
}
