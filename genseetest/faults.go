package genseetest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AnyPath is the path of Inject that matches every endpoint.
const AnyPath = "*"

// Fault describes how a Server misbehaves on a call, for resilience tests.
// Set one kind; Delay may be combined with any other. A Fault with only a
// Delay answers normally after the wait.
type Fault struct {
	// Code answers the JSON envelope with this return code (such as 300
	// or 501) and Message, without running the endpoint.
	Code    int
	Message string
	// Status answers this HTTP status with an HTML error page, without
	// running the endpoint.
	Status int
	// HTML answers an HTML page with status 200, like a proxy or login
	// page in front of the site, without running the endpoint.
	HTML bool
	// Delay waits this long before answering. The wait ends early when the
	// client gives up or the Server is closed.
	Delay time.Duration
	// Drop closes the connection before sending anything, without running
	// the endpoint: a write is not applied (see DropAfterApply).
	Drop bool
	// DropMidBody runs the endpoint, sends the headers (announcing the
	// full Content-Length) and half of the body, then closes the connection.
	DropMidBody bool
	// Truncate runs the endpoint and answers only the first half of the
	// JSON body, as a complete HTTP response.
	Truncate bool

	// The kinds below run the endpoint first: a write is applied (a room is
	// created, a courseware deleted) and its answer is then lost, the case
	// gensee.ErrOutcomeUnknown stands for. The endpoint runs as it would
	// without the fault, refusals included (a duplicate subject is still
	// refused, and that answer is lost the same way).

	// DropAfterApply runs the endpoint, then closes the connection without
	// sending a byte of the answer.
	DropAfterApply bool
	// StatusAfterApply runs the endpoint, then answers an HTML error page
	// with this HTTP status instead of the envelope, like a gateway that
	// gave up on the site (502, 504) after the site had done the work.
	StatusAfterApply int
	// StallAfterApply runs the endpoint, then sends nothing for this long,
	// then closes the connection without an answer: set it longer than the
	// client's attempt deadline to make the client give up on a write that
	// was applied. The stall ends early when the client goes away or the
	// Server is closed, so it never holds Close up.
	StallAfterApply time.Duration
}

type faultEntry struct {
	path  string
	left  int
	fault Fault
}

// Inject makes the next n calls of path answer with f. path is an endpoint
// path such as "/training/room/info" (the /integration/site prefix is
// optional) or AnyPath. Faults injected earlier are used first.
//
// Misuse is a bug in the test, so Inject panics: on a path that is none of
// the 59 endpoints (the message lists the closest ones), on a count below
// 1, on a Fault with more than one kind set (Delay aside), on a
// StatusAfterApply that is no HTTP status and on a negative StallAfterApply.
func (s *Server) Inject(path string, n int, f Fault) {
	if path != AnyPath {
		path = endpointPath(path)
		if _, ok := handlers[path]; !ok {
			panic(fmt.Sprintf("genseetest: Inject: %q is not an endpoint of the fake; did you mean %s? (see Endpoints)",
				path, strings.Join(closeMatches(path, 3), ", ")))
		}
	}
	if n < 1 {
		panic(fmt.Sprintf("genseetest: Inject(%q): the count must be at least 1, not %d", path, n))
	}
	if kinds := f.kinds(); len(kinds) > 1 {
		panic(fmt.Sprintf("genseetest: Inject(%q): a Fault sets one kind (Delay aside), not %s", path, strings.Join(kinds, " and ")))
	}
	if f.StatusAfterApply != 0 && (f.StatusAfterApply < 100 || f.StatusAfterApply > 999) {
		panic(fmt.Sprintf("genseetest: Inject(%q): StatusAfterApply must be an HTTP status, not %d", path, f.StatusAfterApply))
	}
	if f.StallAfterApply < 0 {
		panic(fmt.Sprintf("genseetest: Inject(%q): StallAfterApply must not be negative, got %v", path, f.StallAfterApply))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultEntry{path: path, left: n, fault: f})
}

// ClearFaults drops every fault injected and not used up yet.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// kinds names the kinds of misbehaviour f sets, Delay left out.
func (f Fault) kinds() []string {
	var out []string
	for _, k := range []struct {
		name string
		set  bool
	}{
		{"Code", f.Code != 0}, {"Status", f.Status != 0}, {"HTML", f.HTML},
		{"Drop", f.Drop}, {"DropMidBody", f.DropMidBody}, {"Truncate", f.Truncate},
		{"DropAfterApply", f.DropAfterApply}, {"StatusAfterApply", f.StatusAfterApply != 0},
		{"StallAfterApply", f.StallAfterApply != 0},
	} {
		if k.set {
			out = append(out, k.name)
		}
	}
	return out
}

// endpointPath turns "/integration/site/training/x", "training/x" and
// "/training/x" into "/training/x".
func endpointPath(path string) string {
	path = strings.TrimPrefix(path, apiPrefix)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return path
}

// closeMatches returns the n endpoints nearest to path by edit distance,
// quoted, nearest first.
func closeMatches(path string, n int) []string {
	eps := Endpoints()
	dist := make(map[string]int, len(eps))
	for _, e := range eps {
		dist[e] = editDistance(path, e)
	}
	slices.SortStableFunc(eps, func(a, b string) int { return dist[a] - dist[b] })
	out := make([]string, 0, n)
	for _, e := range eps[:min(n, len(eps))] {
		out = append(out, strconv.Quote(e))
	}
	return out
}

// editDistance is the Levenshtein distance of a and b, in bytes (paths are
// ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (s *Server) takeFaultLocked(path string) *Fault {
	for i, e := range s.faults {
		if e.path != path && e.path != AnyPath {
			continue
		}
		e.left--
		if e.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		f := e.fault
		return &f
	}
	return nil
}

// serveFault answers a call according to f. It reports false when the
// normal answer must follow (a pure delay).
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault, answer func() []byte) bool {
	if f.Delay > 0 && !s.wait(r, f.Delay) {
		return true
	}
	switch {
	case f.Drop:
		hijackClose(w, nil)
	case f.DropMidBody:
		body := answer()
		head := "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: " +
			strconv.Itoa(len(body)) + "\r\n\r\n"
		hijackClose(w, append([]byte(head), body[:len(body)/2]...))
	case f.Status != 0:
		writeHTML(w, f.Status, strconv.Itoa(f.Status)+" "+http.StatusText(f.Status), "The server could not answer the request.")
	case f.HTML:
		writeHTML(w, http.StatusOK, "Gensee", "系统维护中 (maintenance), please try again later.")
	case f.Code != 0:
		msg := f.Message
		if msg == "" {
			msg = "injected fault"
		}
		writeJSON(w, encodeJSON(obj{"code": strconv.Itoa(f.Code), "message": msg}, s.cfg.quirks))
	case f.Truncate:
		body := answer()
		writeJSON(w, body[:len(body)/2])
	case f.DropAfterApply:
		answer()
		hijackClose(w, nil)
	case f.StatusAfterApply != 0:
		answer()
		code := f.StatusAfterApply
		writeHTML(w, code, strconv.Itoa(code)+" "+http.StatusText(code), "The gateway lost the site's answer.")
	case f.StallAfterApply > 0:
		answer()
		s.wait(r, f.StallAfterApply)
		hijackClose(w, nil)
	default:
		return false
	}
	return true
}

// wait waits d, and reports false when the wait ended early: the client
// went away or the Server is closing.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.done:
	}
	return false
}

// hijackClose takes over the connection, writes raw and closes it.
func hijackClose(w http.ResponseWriter, raw []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if len(raw) > 0 {
		_, _ = buf.Write(raw)
		_ = buf.Flush()
	}
	_ = conn.Close()
}
