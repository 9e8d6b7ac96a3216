package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gensee-go/gensee"
)

// probeTap is the probe's transport: it keeps the last answer's status,
// latency and body (for its shape; never written anywhere).
type probeTap struct {
	next http.RoundTripper
	mu   sync.Mutex
	last *exchange
}

// exchange is one answer the tap saw.
type exchange struct {
	status int
	took   time.Duration
	body   []byte // nil when longer than tapMaxBody
}

const tapMaxBody = 16 << 20

func (t *probeTap) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &tapBody{rc: resp.Body, t: t, start: start, ex: &exchange{status: resp.StatusCode}}
	return resp, nil
}

func (t *probeTap) reset() {
	t.mu.Lock()
	t.last = nil
	t.mu.Unlock()
}

func (t *probeTap) take() *exchange {
	t.mu.Lock()
	defer t.mu.Unlock()
	ex := t.last
	t.last = nil
	return ex
}

type tapBody struct {
	rc    io.ReadCloser
	t     *probeTap
	start time.Time
	ex    *exchange
	buf   bytes.Buffer
	over  bool
	done  bool
}

func (b *tapBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && !b.over {
		if b.buf.Len()+n > tapMaxBody {
			b.over = true
			b.buf = bytes.Buffer{}
		} else {
			b.buf.Write(p[:n])
		}
	}
	return n, err
}

func (b *tapBody) Close() error {
	err := b.rc.Close()
	if !b.done {
		b.done = true
		b.ex.took = time.Since(b.start)
		if !b.over {
			b.ex.body = b.buf.Bytes()
		}
		b.t.mu.Lock()
		b.t.last = b.ex
		b.t.mu.Unlock()
	}
	return err
}

// pagedEndpoints are the read endpoints whose answers carry paging totals.
var pagedEndpoints = map[string]bool{
	"/training/room/sync": true, "/training/courseware/syn": true, "/training/record/syn": true,
	"/training/doc/syn": true, "/training/miniroom/syn": true, "/training/miniroom/export/history": true,
	"/training/export/medal": true, "/training/export/praise": true, "/training/export/praise/detail": true,
	"/training/export/study/history": true,
}

// shapeOf adds the shape of an answer's body to r: its key paths with their
// JSON types, the lengths of its lists, and for a paged endpoint how the
// totals came. Raw control characters (which real answers carry in their
// strings) are read as spaces: only the shape matters here.
func shapeOf(body []byte, r *probeResult) {
	clean := make([]byte, len(body))
	for i, c := range body {
		if c < 0x20 {
			c = ' '
		}
		clean[i] = c
	}
	dec := json.NewDecoder(bytes.NewReader(clean))
	dec.UseNumber()
	var top any
	if dec.Decode(&top) != nil {
		return
	}
	m, ok := top.(map[string]any)
	if !ok {
		return
	}
	walkShape(m, "", r)
	if !pagedEndpoints[r.Endpoint] {
		return
	}
	if r.Paging == nil {
		r.Paging = &pagingShape{}
	}
	pageNo, has := m["pageNo"]
	if _, ok := m["totalPages"]; ok || has {
		r.Paging.Flat = true
	}
	if _, ok := m["totalCounts"]; ok {
		r.Paging.Flat = true
	}
	if pg, ok := m["page"].(map[string]any); ok {
		r.Paging.Nested = true
		if v, ok := pg["pageNo"]; ok {
			pageNo, has = v, true
		}
	}
	if has && fmt.Sprint(pageNo) == "1" {
		r.Paging.PageNoEchoed = true // the probe asks for page 1
	}
}

// walkShape records the key paths under v.
func walkShape(v any, path string, r *probeResult) {
	switch t := v.(type) {
	case map[string]any:
		for k, kv := range t {
			p := safeKey(k)
			if path != "" {
				p = path + "." + p
			}
			addShape(r, p, jsonTypeOf(kv))
			walkShape(kv, p, r)
		}
	case []any:
		r.Counts[path] = max(r.Counts[path], len(t))
		for _, e := range t {
			walkShape(e, path+"[]", r)
		}
	}
}

func addShape(r *probeResult, path, typ string) {
	old, ok := r.Shape[path]
	if !ok {
		r.Shape[path] = typ
		return
	}
	types := strings.Split(old, "|")
	for _, t := range types {
		if t == typ {
			return
		}
	}
	types = append(types, typ)
	sort.Strings(types)
	r.Shape[path] = strings.Join(types, "|")
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// safeKey is a key as the bundle may hold it: a plain ASCII identifier of
// at most 64 characters, anything else (a key that is data: an id, a name,
// a phone number) "<key>".
func safeKey(k string) string {
	if k == "" || len(k) > 64 {
		return "<key>"
	}
	for i, c := range k {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return "<key>"
		}
	}
	return k
}

// safePath applies safeKey to each segment of a key path ("list[].x").
func safePath(p string) string {
	segs := strings.Split(p, ".")
	for i, s := range segs {
		base, suffix := s, ""
		for strings.HasSuffix(base, "[]") {
			base, suffix = strings.TrimSuffix(base, "[]"), suffix+"[]"
		}
		segs[i] = safeKey(base) + suffix
	}
	return strings.Join(segs, ".")
}

// bundle is the JSON file of --out: shapes and findings, no values.
type bundle struct {
	Tool      string           `json:"tool"`
	Version   string           `json:"version"`
	Format    int              `json:"format"`
	Match     bool             `json:"match"`
	Calls     int              `json:"calls"`
	LeftOut   int              `json:"leftOut"`
	Endpoints []bundleEndpoint `json:"endpoints"`
}

type bundleEndpoint struct {
	Endpoint    string            `json:"endpoint"`
	Calls       int               `json:"calls"`
	Answered    int               `json:"answered"`
	Differences int               `json:"differences"`
	Statuses    map[string]int    `json:"httpStatuses"`
	Codes       map[string]int    `json:"codes"`
	Errors      map[string]int    `json:"errors,omitempty"`
	LatencyMs   []int64           `json:"latencyMs"`
	Paging      *pagingShape      `json:"paging,omitempty"`
	Keys        map[string]string `json:"keys"`
	Lists       map[string]int    `json:"listLengths,omitempty"`
	Drift       []bundleDrift     `json:"drift"`
}

type bundleDrift struct {
	Kind   string `json:"kind"`
	Key    string `json:"key"`
	Got    string `json:"got,omitempty"`
	Want   string `json:"want,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// bundle builds the --out file's content from the results: only counts,
// fixed words, endpoint paths, key paths through safePath and JSON types.
func (p *prober) bundle() *bundle {
	b := &bundle{Tool: "gensee probe", Version: gensee.Version, Format: 1, Match: !p.differs(), Calls: p.calls, LeftOut: p.skip,
		Endpoints: []bundleEndpoint{}}
	for _, ep := range p.order {
		r := p.results[ep]
		be := bundleEndpoint{Endpoint: ep, Calls: r.Calls, Answered: r.Answered, Differences: r.differences(),
			Statuses: intKeys(r.Statuses), Codes: intKeys(r.Codes), Paging: r.Paging,
			Keys: map[string]string{}, Lists: map[string]int{}, Drift: []bundleDrift{}}
		if len(r.Errors) > 0 {
			be.Errors = r.Errors // classes only: fixed words and numbers
		}
		for _, l := range r.Latencies {
			be.LatencyMs = append(be.LatencyMs, l.Milliseconds())
		}
		for k, t := range r.Shape {
			be.Keys[safePath(k)] = t
		}
		for k, n := range r.Counts {
			be.Lists[safePath(k)] = n
		}
		for _, d := range r.Drift {
			be.Drift = append(be.Drift, bundleDrift{Kind: d.Kind.String(), Key: safePath(d.Key), Got: d.Got, Want: d.Want, Detail: d.Detail})
		}
		sort.Slice(be.Drift, func(i, j int) bool {
			return be.Drift[i].Kind+be.Drift[i].Key < be.Drift[j].Kind+be.Drift[j].Key
		})
		b.Endpoints = append(b.Endpoints, be)
	}
	return b
}

func intKeys(m map[int]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[strconv.Itoa(k)] = v
	}
	return out
}

func writeBundle(path string, b *bundle) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}
