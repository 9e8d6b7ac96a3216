// Package genseetest provides an in-memory fake of Gensee's training
// (教育培训) integration HTTP API, for tests that must not depend on a real
// Gensee site.
//
// A Server listens on loopback, answers all 59 endpoints under
// /integration/site/training/... the way a real site does (POST form bodies,
// the JSON envelope with "code" as a string, the documented return codes),
// keeps rooms, groups, recordings, coursewares and the rest in memory, and
// lets tests seed export data, inject faults and inspect the requests it
// received.
//
//	srv := genseetest.NewServer()
//	defer srv.Close()
//	client := srv.Client()
//
// A Server also plays a class: StartLive, JoinLive, LeaveLive and EndLive
// change what the endpoints answer and send the site's live events to the
// URL given to SetLiveCallbackURL.
//
// Each Server has its own state and is safe for concurrent use. Misuse is
// loud: Inject and RequestsTo panic on a path that is not an endpoint. The
// state can be saved as JSON and loaded again (SaveState, LoadState), or
// kept in a locked journal file across restarts (StateFile). Requests
// holds the newest requests only (WithRequestHistory), so that a Server
// can run for days. The command "gensee fake serve" runs a Server as a
// standalone process on a fixed address, for programs in any language:
// with WithControlAPI they seed data, inject faults, play a class and read
// the requests over HTTP, under ControlPrefix; WithTLS serves HTTPS.
package genseetest

import (
	"context"
	"crypto/md5"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Default credentials of a Server created without WithCredentials.
const (
	DefaultLoginName = "admin@demo"
	DefaultPassword  = "demo-password"
)

// DefaultPageSize is the number of items per page of the paged endpoints,
// as on the real server.
const DefaultPageSize = 50

// apiPrefix is the path prefix of every endpoint.
const apiPrefix = "/integration/site"

// Option configures a Server.
type Option func(*config)

type config struct {
	login, password string
	quirks          bool
	rateLimit       int
	pageSize        int
	clock           func() time.Time
	callbacks       bool
	live            liveConfig // WithRecordingLag, WithLiveDeliveryTimeout (live.go)
	listener        net.Listener
	hook            func(Request)
	history         int  // WithRequestHistory (history.go)
	historySet      bool // history was given
	tls             *tls.Config
	control         bool // WithControlAPI (control.go)
}

// WithCredentials sets the login name and the plain password the Server
// accepts (besides teachers created through teacher/created).
func WithCredentials(loginName, password string) Option {
	return func(c *config) { c.login, c.password = loginName, password }
}

// WithQuirks makes the Server answer with the real server's rough edges:
// raw TAB, CR and LF characters inside JSON strings, the "coursewares" key
// of courseware/list left out when the room has no courseware, and every
// number quoted as a string.
func WithQuirks() Option {
	return func(c *config) { c.quirks = true }
}

// WithRateLimit answers HTTP 429 Too Many Requests, with "Retry-After: 1",
// to every call past perSecond calls within one second. Zero or less turns
// rate limiting off (the default). It is a stand-in for testing a client's
// throttling: real sites do limit calls, but how they answer a call past
// the limit is not known (docs/server-behaviour.md#call-limits), so the
// fake never answers 429 unless asked to.
func WithRateLimit(perSecond int) Option {
	return func(c *config) { c.rateLimit = perSecond }
}

// WithPageSize sets the number of items per page of the paged endpoints
// (default DefaultPageSize). Values below 1 are ignored.
func WithPageSize(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.pageSize = n
		}
	}
}

// WithClock sets the clock the Server uses for "now": creation times, the
// default day of room/sync and which sessions have finished. The default is
// time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithCallbacks makes the transcode endpoints notify their callbackUrl: after
// answering, the Server POSTs gscoursewareId and gsstatus (ok, or error for
// a resource URL it could not convert) to it from
// another goroutine. Close cancels pending notifications. Off by default, so
// that tests never reach out to arbitrary URLs.
func WithCallbacks() Option {
	return func(c *config) { c.callbacks = true }
}

// WithListener makes the Server accept connections on l instead of a fresh
// loopback port, such as a net.Listen("tcp", "127.0.0.1:8080") of a
// standalone fake (gensee fake serve). Close closes l.
func WithListener(l net.Listener) Option {
	return func(c *config) { c.listener = l }
}

// WithRequestHook calls hook after each request has been answered, with the
// request as Requests records it (the site password replaced by "***").
// Calls may come from several goroutines at once; calls of the control API
// (WithControlAPI) are passed too. gensee fake serve logs the requests with
// it.
func WithRequestHook(hook func(Request)) Option {
	return func(c *config) { c.hook = hook }
}

// WithTLS makes the Server answer over HTTPS with cfg: its Certificates
// when it has some, else a certificate of net/http/httptest's for
// 127.0.0.1 and example.com. URL then starts with https://. gensee fake
// serve --tls uses it with a certificate of its own.
func WithTLS(cfg *tls.Config) Option {
	return func(c *config) {
		if cfg == nil {
			cfg = &tls.Config{}
		}
		c.tls = cfg
	}
}

// Request is one request received by a Server, as recorded by Requests.
type Request struct {
	// Path is the endpoint path without the /integration/site prefix, such
	// as "/training/room/info" (the full URL path for other paths).
	Path string
	// Method is the HTTP method.
	Method string
	// Form holds the query and form-body values; the site password is
	// replaced by "***". The passwords that are request data of their own
	// (teacherPassword of teacher/created and teacher/modify, sitePassword of
	// room/telconf) are kept, so that tests can assert what was sent.
	Form url.Values
	// ContentType is the Content-Type header of the request.
	ContentType string
	// UserAgent is the User-Agent header of the request.
	UserAgent string
}

// Server is a fake Gensee training site. Create it with NewServer and stop
// it with Close.
type Server struct {
	cfg  config
	ts   *httptest.Server
	base string

	done      chan struct{}
	closeOnce sync.Once
	bg        sync.WaitGroup
	bgCtx     context.Context
	bgCancel  context.CancelFunc

	mu       sync.Mutex
	st       *state
	history  history  // the newest requests (history.go)
	journal  *journal // the state file's journal, when one is attached (journal.go)
	faults   []*faultEntry
	rlWindow time.Time
	rlCount  int

	live liveState // the class play (live.go)
}

// NewServer starts a fake Gensee site on a loopback address.
func NewServer(opts ...Option) *Server {
	cfg := config{
		login:    DefaultLoginName,
		password: DefaultPassword,
		pageSize: DefaultPageSize,
		clock:    time.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if !cfg.historySet {
		cfg.history = DefaultRequestHistory
	}
	s := &Server{cfg: cfg, done: make(chan struct{}), history: history{limit: cfg.history}}
	s.bgCtx, s.bgCancel = context.WithCancel(context.Background())
	s.st = newState()
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if cfg.listener != nil {
		_ = s.ts.Listener.Close()
		s.ts.Listener = cfg.listener
	}
	if cfg.tls != nil {
		s.ts.TLS = cfg.tls
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	s.base = s.ts.URL
	return s
}

// URL returns the base URL of the site, such as http://127.0.0.1:PORT.
// Endpoints live at URL()+"/integration/site/training/...".
func (s *Server) URL() string { return s.base }

// LoginName returns the login name the Server accepts.
func (s *Server) LoginName() string { return s.cfg.login }

// Password returns the plain password the Server accepts.
func (s *Server) Password() string { return s.cfg.password }

// Close stops the Server: it gives the live events already emitted a few
// seconds to be delivered, records those still pending as failed
// (LiveDeliveryErrors) and stops their sender, drops recordings not yet
// made (WithRecordingLag), releases delayed requests, cancels pending
// callbacks, and waits for outstanding requests to finish.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.stopLive()
		close(s.done)
		s.bgCancel()
		s.ts.CloseClientConnections()
		s.ts.Close()
		s.bg.Wait()
	})
}

// Requests returns a copy of the requests the Server holds, oldest first:
// the newest DefaultRequestHistory requests received (or as many as
// WithRequestHistory says), to the endpoints and to unknown paths (not the
// join pages under /training/site/, nor the control API). Older requests
// are forgotten, so that memory stays bounded; RequestCount counts them
// all.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.history.list()
}

// RequestsTo returns a copy of the requests the Server holds (see
// Requests: the newest ones) for one endpoint, oldest first. path is given
// as to Inject ("/training/room/info", with or without the
// /integration/site prefix); RequestsTo panics when it is not one of the
// endpoints, so that a typo cannot pass as "no request".
func (s *Server) RequestsTo(path string) []Request {
	path = endpointPath(path)
	if _, ok := handlers[path]; !ok {
		panic(fmt.Sprintf("genseetest: RequestsTo: %q is not an endpoint of the fake; did you mean %s?",
			path, strings.Join(closeMatches(path, 3), ", ")))
	}
	var out []Request
	for _, r := range s.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func (s *Server) now() time.Time { return s.cfg.clock() }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cfg.control && strings.HasPrefix(r.URL.Path, ControlPrefix) {
		// Before ParseForm: the body is JSON, whatever its Content-Type
		// says (curl -d sends a form's).
		if s.cfg.hook != nil {
			rec := Request{Path: r.URL.Path, Method: r.Method, Form: r.URL.Query(),
				ContentType: r.Header.Get("Content-Type"), UserAgent: r.Header.Get("User-Agent")}
			defer s.cfg.hook(rec)
		}
		s.serveControl(w, r)
		return
	}
	all := readForm(r)
	form := cloneValues(all)
	if _, ok := form["password"]; ok {
		form["password"] = []string{"***"}
	}
	path := strings.TrimPrefix(r.URL.Path, apiPrefix)
	if path == r.URL.Path {
		path = r.URL.Path
	}

	if strings.HasPrefix(r.URL.Path, "/training/site/") && r.Method == http.MethodGet {
		writeHTML(w, http.StatusOK, "Gensee training", "Join page of "+r.URL.Path)
		return
	}

	rec := Request{
		Path:        path,
		Method:      r.Method,
		Form:        form,
		ContentType: r.Header.Get("Content-Type"),
		UserAgent:   r.Header.Get("User-Agent"),
	}
	if s.cfg.hook != nil {
		defer func() {
			rec.Form = cloneValues(rec.Form)
			s.cfg.hook(rec)
		}()
	}
	s.mu.Lock()
	s.history.add(rec)
	h, known := handlers[path]
	if !strings.HasPrefix(r.URL.Path, apiPrefix+"/") {
		known = false
	}
	// Only GET (and HEAD, its body-less twin) is refused, as the real
	// servlet refuses it; other methods are read like POST.
	post := r.Method != http.MethodGet && r.Method != http.MethodHead
	limited := known && post && s.rateLimitedLocked()
	var fault *Fault
	if known && post && !limited {
		fault = s.takeFaultLocked(path)
	}
	s.mu.Unlock()

	switch {
	case !known:
		writeHTML(w, http.StatusNotFound, "404 Not Found", "The requested resource "+r.URL.Path+" is not available.")
		return
	case !post:
		w.Header().Set("Allow", http.MethodPost)
		writeHTML(w, http.StatusMethodNotAllowed, "405 Method Not Allowed", "Request method '"+r.Method+"' not supported")
		return
	case limited:
		w.Header().Set("Retry-After", "1")
		writeHTML(w, http.StatusTooManyRequests, "429 Too Many Requests", "调用次数限制: too many calls, retry later.")
		return
	}

	if fault != nil {
		if s.serveFault(w, r, fault, func() []byte { return s.answer(path, h, all) }) {
			return
		}
	}
	body := s.answer(path, h, all)
	writeJSON(w, body)
}

// answer authenticates and runs the handler of path, and returns the
// encoded JSON body.
func (s *Server) answer(path string, h handler, form url.Values) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out obj
	if err := s.authLocked(form); err != nil {
		out = errorBody(err)
	} else if res, err := h(s, &params{form: form, loc: chinaTime}); err != nil {
		out = errorBody(err)
	} else {
		if res == nil {
			res = obj{}
		}
		res["code"] = "0"
		res["message"] = "success"
		out = res
	}
	// The change is in the state file before its answer is sent (see
	// StateFile); a read writes nothing.
	s.journalLocked(form)
	return encodeJSON(out, s.cfg.quirks)
}

func (s *Server) authLocked(form url.Values) error {
	login, pw := form.Get("loginName"), form.Get("password")
	if login == "" || pw == "" {
		return apiErr(codeAuth, "loginName and password are required")
	}
	want := ""
	switch {
	case login == s.cfg.login:
		want = s.cfg.password
	case s.st.teachers[login] != nil:
		want = s.st.teachers[login].password
	default:
		return apiErr(codeAuth, "authentication failed")
	}
	if form.Get("sec") == "true" {
		sum := md5.Sum([]byte(want))
		want = hex.EncodeToString(sum[:])
	}
	if pw != want {
		return apiErr(codeAuth, "authentication failed")
	}
	return nil
}

func (s *Server) rateLimitedLocked() bool {
	if s.cfg.rateLimit <= 0 {
		return false
	}
	now := time.Now()
	if now.Sub(s.rlWindow) >= time.Second {
		s.rlWindow, s.rlCount = now, 0
	}
	s.rlCount++
	return s.rlCount > s.cfg.rateLimit
}

func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func writeHTML(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprint(w, htmlPage(title, text))
}

func htmlPage(title, text string) string {
	return "<!DOCTYPE html>\n<html><head><title>" + title + "</title></head>\n<body><h1>" +
		title + "</h1><p>" + text + "</p></body></html>\n"
}
