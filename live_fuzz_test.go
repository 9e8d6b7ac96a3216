package gensee

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzLiveEventHandler sends arbitrary queries and bodies to the handler:
// it never panics, answers one of its documented codes, and calls fn only
// with a well-formed event, which it answers 200.
func FuzzLiveEventHandler(f *testing.F) {
	seeds := []struct{ method, query, body string }{
		{"GET", "token=t&" + joinQuery, ""},
		{"POST", "token=t", joinQuery},
		{"GET", "token=t&ClassNo=r1&Action=105", ""},
		{"GET", "token=t&ClassNo=&Action=105", ""},
		{"GET", "token=t&ClassNo=r1&Action=1e3", ""},
		{"GET", "token=t&ClassNo=r1&Action=101&Operator=u&totalusernum=-3", ""},
		{"GET", "token=t&ClassNo=r1&Action=101&Operator=%FF%FE&Affected=%00", ""},
		{"POST", "token=t", "ClassNo=%zz"},
		{"GET", "token=t&ClassNo=r1&Action=101&Affected=50%", ""},
		{"POST", "token=t", "ClassNo=r1&Action=107&Operator=u%1&Affected=%"},
		{"POST", "token=t&ClassNo=a", "ClassNo=b&Action=99999999999999999999"},
		{"GET", "token=T&" + joinQuery, ""},
		{"PUT", "token=t", joinQuery},
	}
	for _, s := range seeds {
		f.Add(s.method, s.query, s.body)
	}
	f.Fuzz(func(t *testing.T, method, query, body string) {
		switch method {
		case "GET", "POST", "PUT":
		default:
			method = "GET"
		}
		called := 0
		var ev *LiveEvent
		h := LiveEventHandler(func(_ context.Context, e *LiveEvent) error {
			called++
			ev = e
			return nil
		}, WithCallbackToken("t"), WithDeduper(NewMemoryDeduper(0)))
		req, err := http.NewRequest(method, "/live", strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 403, 405, 413:
		default:
			t.Fatalf("status %d", rec.Code)
		}
		if called > 1 || (called == 1) != (rec.Code == 200) {
			t.Fatalf("fn called %d times, status %d", called, rec.Code)
		}
		// A request whose ClassNo and Action are well formed is never
		// refused for another parameter.
		if rec.Code == 400 && wellFormedCore(method, query, body) {
			t.Fatalf("refused %q / %q: %s", query, body, rec.Body.String())
		}
		if ev != nil {
			if strings.TrimSpace(ev.RoomID) == "" || ev.RoomID != strings.TrimSpace(ev.RoomID) {
				t.Fatalf("RoomID %q", ev.RoomID)
			}
			if _, err := strconv.Atoi(strings.TrimSpace(ev.Query.Get("Action"))); err != nil {
				t.Fatalf("Action %q accepted", ev.Query.Get("Action"))
			}
			if ev.UID < 0 || ev.TotalUsers < 0 {
				t.Fatalf("UID %d TotalUsers %d", ev.UID, ev.TotalUsers)
			}
		}
	})
}

// wellFormedCore reports whether the first ClassNo and the first Action
// of a request (the body's first, then the query's) are well escaped
// (judged by net/url on the parameter's own pair), ClassNo not blank and
// Action a 32-bit number.
func wellFormedCore(method, query, body string) bool {
	raws := []string{query}
	if method == http.MethodPost {
		raws = []string{body, query}
	}
	first := func(name string) (string, bool) {
		for _, raw := range raws {
			for _, pair := range strings.Split(raw, "&") {
				k, v, _ := strings.Cut(pair, "=")
				if key, _ := lenientUnescape(k); key != name {
					continue
				}
				val, err := url.QueryUnescape(v)
				return val, err == nil
			}
		}
		return "", false
	}
	classNo, ok := first("ClassNo")
	if !ok || strings.TrimSpace(classNo) == "" {
		return false
	}
	action, ok := first("Action")
	if !ok {
		return false
	}
	_, err := strconv.ParseInt(strings.TrimSpace(action), 10, 32)
	return err == nil
}
