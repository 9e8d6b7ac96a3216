package gensee

import (
	"context"
	"net/http"
	"net/http/httptest"
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
