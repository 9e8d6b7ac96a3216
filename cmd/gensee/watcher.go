package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// The transports the command may put under its client. Progress comes from
// the client's Observer (progress.observer), never from the requests: a
// plain run's client has the transport it is given (the default, or
// --dry-run's) and nothing else. Two runs add one:
//
//   - --fake swaps the demo ids in the request's form (demoIDs);
//   - an --all walk of pages reads the page number and the number of pages
//     each answer reports, so that progress can say "page 2/6" (pageTotals).
//
// transportFor puts them together.

// transportFor returns the transport of the CLI's client: next itself, with
// pageTotals over it when the run walks pages with --all, and demoIDs over
// that in --fake mode (alias holds the demo ids; nil otherwise).
func transportFor(next http.RoundTripper, prog *progress, alias map[string]string, pageWalk bool) http.RoundTripper {
	rt := next
	if pageWalk {
		rt = &pageTotals{next: rt, prog: prog}
	}
	if len(alias) > 0 {
		rt = &demoIDs{next: rt, alias: alias}
	}
	return rt
}

// idParams are the parameters whose demo ids demoIDs swaps; a subject or a
// name of "demo" stays as it is.
var idParams = map[string]bool{"roomId": true, "id": true, "relayId": true}

// demoIDs is the transport of --fake mode: it rewrites the request's form,
// putting the fake's own id where a demo id ("demo", "demo-mini") is given.
// It exists only in --fake mode, where the ids must change on the way.
type demoIDs struct {
	next  http.RoundTripper
	alias map[string]string // demo id -> the fake's id
}

func (d *demoIDs) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return d.next.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, err
	}
	if vals, err := url.ParseQuery(string(body)); err == nil {
		changed := false
		for k, vs := range vals {
			if !idParams[k] {
				continue
			}
			for i, v := range vs {
				if id, ok := d.alias[v]; ok {
					vs[i] = id
					changed = true
				}
			}
		}
		if changed {
			body = []byte(vals.Encode())
		}
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return d.next.RoundTrip(r)
}

// maxTotalsRead bounds what pageTotals reads of an answer to find its
// totals: a page of 50 items is far smaller. A longer answer is handed on
// unread (its figures unknown to progress), and never held whole.
const maxTotalsRead = 1 << 20

// pageTotals is the transport of a run that walks pages with --all: while
// the walk is on (progress.walkingPages), it reads each answer's pageNo and
// totalPages and tells progress, then hands the answer on as it came. It
// never reads a request, and is not installed for any other run, nor used
// by a windowed export (whose pieces are counted, not read).
type pageTotals struct {
	next http.RoundTripper
	prog *progress
}

func (t *pageTotals) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || !t.prog.walkingPages() {
		return resp, err
	}
	head, rerr := io.ReadAll(io.LimitReader(resp.Body, maxTotalsRead+1))
	if rerr != nil || len(head) > maxTotalsRead {
		// What was read, then the rest (or the same read error): the SDK
		// reads the answer as the server sent it.
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
		return resp, nil
	}
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(head))
	t.prog.answered(pageFigures(head))
	return resp, nil
}

// pageFigures reads pageNo and totalPages from an answer, in its "page"
// object or flat beside the list (the object wins, as the SDK reads them);
// 0 for a figure it does not report.
func pageFigures(answer []byte) (pageNo, totalPages int64) {
	type figures struct {
		PageNo     json.Number `json:"pageNo"`
		TotalPages json.Number `json:"totalPages"`
	}
	var a struct {
		figures
		Page *figures `json:"page"`
	}
	if json.Unmarshal(answer, &a) != nil {
		return 0, 0
	}
	f := a.figures
	if a.Page != nil {
		f = *a.Page
	}
	pageNo, _ = strconv.ParseInt(f.PageNo.String(), 10, 64)
	totalPages, _ = strconv.ParseInt(f.TotalPages.String(), 10, 64)
	return pageNo, totalPages
}
