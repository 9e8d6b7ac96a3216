package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// errDryRun stops a request that --dry-run printed.
var errDryRun = errors.New("not sent (--dry-run)")

// masked are the form values --dry-run shows as "***".
var masked = map[string]bool{"loginName": true, "password": true, "teacherPassword": true, "sitePassword": true}

// dryRun is the transport of --dry-run: it prints each request and sends
// nothing. Given to the SDK through gensee.WithHTTPClient, it sees exactly
// the request the SDK would send.
type dryRun struct {
	w     io.Writer
	shown atomic.Int32
}

func (d *dryRun) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", req.Method, req.URL.Redacted())
	fmt.Fprintf(&b, "Content-Type: %s\n", req.Header.Get("Content-Type"))
	for _, k := range sortedKeys(vals) {
		for _, v := range vals[k] {
			if masked[k] {
				v = "***"
			}
			fmt.Fprintf(&b, "  %s=%s\n", k, v)
		}
	}
	_, _ = io.WriteString(d.w, b.String())
	d.shown.Add(1)
	return nil, errDryRun
}
