package gensee

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gensee-go/gensee/internal/wire"
)

// DriftKind says what a Drift found.
type DriftKind uint8

const (
	// DriftUnknownKey: the answer has a key the SDK's result type does not
	// (the key is ignored when decoding).
	DriftUnknownKey DriftKind = iota + 1
	// DriftMissingKey: the result type has a key the answer left out (the
	// field stays zero).
	DriftMissingKey
	// DriftType: a value of a JSON type the field cannot hold (an object for
	// a number, a word for a number, a number for an object…): decoding the
	// answer fails, or the value is lost.
	DriftType
	// DriftTolerated: a value that decodes only thanks to the SDK's
	// tolerance: a quoted number or boolean, a percentage ("33.3%"), an
	// empty string for a number, a bare number for a text field, raw
	// control characters in a string, a list left out.
	DriftTolerated
	// DriftTime: a time outside the plausible range: before 2005 or more
	// than a year after the check.
	DriftTime
)

// String returns the kind's name: "unknown key", "missing key", "type",
// "tolerated" or "time".
func (k DriftKind) String() string {
	switch k {
	case DriftUnknownKey:
		return "unknown key"
	case DriftMissingKey:
		return "missing key"
	case DriftType:
		return "type"
	case DriftTolerated:
		return "tolerated"
	case DriftTime:
		return "time"
	}
	return "DriftKind(" + strconv.Itoa(int(k)) + ")"
}

// Drift is one difference between an answer of the server and the SDK's
// result type of its endpoint, as WithDriftReport reports it. It names
// where the difference is and the JSON types involved, never a value of
// the answer, so it is safe to log and to attach to a bug report.
type Drift struct {
	Endpoint string    // the endpoint's path: "/training/export/history"
	Kind     DriftKind // what was found
	// Key is the key path from the top of the answer: "roomId",
	// "page.totalPages", "list[].joinTime" ("[]" stands for every element
	// of a list).
	Key string
	// Got is the JSON type of the value in the answer ("string", "number",
	// "boolean", "object", "array", "null"), "" for a missing key.
	Got string
	// Want is what the result type holds there: "string", "number",
	// "boolean", "object", "array", "time" or "any".
	Want string
	// Detail says more for some kinds: which tolerance was needed ("quoted
	// number", "percentage", "raw control character", …), why a time is
	// implausible ("before 2005").
	Detail string
}

// String is one line naming the endpoint, the kind, the key and the types.
func (d Drift) String() string {
	var b strings.Builder
	b.WriteString(d.Endpoint)
	b.WriteString(": ")
	b.WriteString(d.Kind.String())
	b.WriteString(" ")
	b.WriteString(d.Key)
	switch {
	case d.Got != "" && d.Want != "":
		fmt.Fprintf(&b, " (%s for %s)", d.Got, d.Want)
	case d.Want != "":
		fmt.Fprintf(&b, " (%s)", d.Want)
	case d.Got != "":
		fmt.Fprintf(&b, " (%s)", d.Got)
	}
	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// WithDriftReport reports how the server's answers differ from the SDK's
// result types: keys an answer has that the type does not, keys of the type
// the answer left out, values of another JSON type, values that needed the
// SDK's tolerance, and implausible times, each once per endpoint, key path
// and kind for the client's life. Nested objects and the elements of lists
// are checked too ("list[].joinTime").
//
// A key is reported missing when the result type has it and the spec's
// return table of the endpoint documents it as always sent (not optional,
// not sent only with a feature switched on); for a path the spec does not
// list (Call), every key of the result type counts. The paging totals
// (page, pageNo, totalPages, totalCounts) are never reported missing, since
// the server sends them either nested or flat. Unknown keys are the keys
// the result type does not have, documented or not. Only successful answers (code 0) are checked, of calls that decode
// into a result (not the writes that return nothing, nor a Call whose out
// is a json.RawMessage or a map), streamed exports included; a body larger
// than 64 MiB, or read only in part (a walk the caller stopped), is not.
//
// fn is called from the goroutine of the call, after the body was read, and
// must be quick; nil logs each Drift at level Warn to the WithLogger logger
// (slog.Default() without one). A Drift holds no value of the answer.
//
// Without this option the request path does no extra work: one nil check.
func WithDriftReport(fn func(Drift)) Option {
	return func(o *options) { o.drift = &driftReporter{fn: fn} }
}

// driftMaxBody is the largest body the drift check reads.
const driftMaxBody = 64 << 20

// driftEarliest is the earliest plausible time in an answer: Gensee's
// training sites did not exist before.
var driftEarliest = time.Date(2005, 1, 1, 0, 0, 0, 0, chinaZone)

// driftReporter is the state of WithDriftReport: the findings reported so
// far, so that each is reported once.
type driftReporter struct {
	fn     func(Drift)
	logger *slog.Logger
	mu     sync.Mutex
	seen   map[driftSeen]struct{}
}

// driftSeen identifies a finding: the endpoint, the schema node of the key
// (unique per key path of a result type) and the kind; key is the name of
// an unknown key.
type driftSeen struct {
	endpoint string
	field    *driftField
	parent   *driftNode
	kind     DriftKind
	key      string
}

// with finishes the reporter in NewClient: nil fn logs to logger.
func (d *driftReporter) with(logger *slog.Logger) *driftReporter {
	if d == nil {
		return nil
	}
	d.seen = map[driftSeen]struct{}{}
	if d.fn == nil {
		if logger == nil {
			logger = slog.Default()
		}
		d.logger = logger
	}
	return d
}

// watch wraps the body of a 2xx answer so that the drift check sees the
// bytes as the request path reads them (buffered or streamed), and checks
// them once the body is closed. An out that receives nothing is not checked.
func (d *driftReporter) watch(endpoint string, body io.ReadCloser, out any) io.ReadCloser {
	if out == nil || body == nil {
		return body
	}
	return &driftBody{rc: body, d: d, endpoint: endpoint, out: out}
}

// driftBody is the body watch returns.
type driftBody struct {
	rc       io.ReadCloser
	d        *driftReporter
	endpoint string
	out      any
	buf      []byte
	over     bool
	done     bool
}

func (b *driftBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && !b.over {
		if len(b.buf)+n > driftMaxBody {
			b.over, b.buf = true, nil
		} else {
			b.buf = append(b.buf, p[:n]...)
		}
	}
	return n, err
}

// Close closes the body and checks what was read: a body read in part is
// no complete JSON object, and the check leaves it.
func (b *driftBody) Close() error {
	err := b.rc.Close()
	if !b.done {
		b.done = true
		if !b.over {
			b.d.check(b.endpoint, b.buf, b.out)
		}
		b.buf = nil
	}
	return err
}

// check walks body against out's type and reports what differs, when the
// body is a whole JSON object whose code is 0.
func (d *driftReporter) check(endpoint string, body []byte, out any) {
	top := driftTop(out)
	if top == nil {
		return
	}
	w := driftWalker{b: body, docs: documented(endpoint)}
	w.ws()
	if w.i >= len(w.b) || w.b[w.i] != '{' {
		return
	}
	w.object(top, true)
	w.ws()
	if w.bad || w.i != len(w.b) || !w.codeOK {
		return
	}
	d.report(endpoint, w.found)
}

// report hands each finding not reported before to fn or the logger.
func (d *driftReporter) report(endpoint string, found []driftFinding) {
	if len(found) == 0 {
		return
	}
	var fresh []Drift
	d.mu.Lock()
	for _, f := range found {
		k := driftSeen{endpoint: endpoint, field: f.field, parent: f.parent, kind: f.drift.Kind, key: f.key}
		if _, ok := d.seen[k]; ok {
			continue
		}
		d.seen[k] = struct{}{}
		f.drift.Endpoint = endpoint
		fresh = append(fresh, f.drift)
	}
	d.mu.Unlock()
	for _, dr := range fresh {
		if d.fn != nil {
			d.fn(dr)
			continue
		}
		d.logger.LogAttrs(context.Background(), slog.LevelWarn, "gensee drift",
			slog.String("endpoint", dr.Endpoint), slog.String("kind", dr.Kind.String()), slog.String("key", dr.Key),
			slog.String("got", dr.Got), slog.String("want", dr.Want), slog.String("detail", dr.Detail))
	}
}

// The kinds of value a result type holds at a key.
type driftKindOf uint8

const (
	dAny driftKindOf = iota
	dString
	dInt
	dFloat
	dBool
	dTime
	dObject
	dArray
)

var driftWant = [...]string{dAny: "any", dString: "string", dInt: "number", dFloat: "number", dBool: "boolean",
	dTime: "time", dObject: "object", dArray: "array"}

// driftNode is what a result type holds at one key path. Nodes are built
// per key path (not shared between paths), so that a node names its path.
type driftNode struct {
	kind   driftKindOf
	path   string                 // "" at the top, "page", "list[]"
	fields map[string]*driftField // dObject: by JSON name
	order  []*driftField          // dObject: in the type's order
	elem   *driftNode             // dArray
	top    bool                   // the envelope: code and message are its own
	self   *driftField            // stands for the node in a finding without a field (a list element)
}

// driftField is one key of an object.
type driftField struct {
	name  string
	node  *driftNode
	quiet bool // never reported missing: a paging total, or the envelope's own code and message
	idx   int  // the position in the object's order
}

var (
	driftTops    sync.Map // driftTopKey → *driftNode
	timeType     = reflect.TypeFor[Time]()
	dateType     = reflect.TypeFor[Date]()
	pageTotalsTy = reflect.TypeFor[pageTotals]()
)

type driftTopKey struct {
	t    reflect.Type
	list string // a streamed out's list key
}

// driftTop returns the schema of out's answer, nil when out takes the
// answer as it comes (json.RawMessage, a map, an interface).
func driftTop(out any) *driftNode {
	var k driftTopKey
	if r, ok := out.(*rowStream); ok {
		k = driftTopKey{t: r.row, list: r.key}
	} else {
		k.t = reflect.TypeOf(out)
	}
	if n, ok := driftTops.Load(k); ok {
		return n.(*driftNode)
	}
	var n *driftNode
	if k.list != "" {
		f := &driftField{name: k.list, node: &driftNode{kind: dArray, path: k.list}}
		f.node.self = f
		f.node.elem = driftBuild(k.t, k.list+"[]", false, 0)
		n = &driftNode{kind: dObject, fields: map[string]*driftField{k.list: f}, order: []*driftField{f}}
	} else {
		n = driftBuild(k.t, "", false, 0)
	}
	if n.kind != dObject {
		n = nil
	} else {
		n.top = true
		for _, f := range n.order {
			if f.name == "code" || f.name == "message" {
				f.quiet = true // the envelope's key: a field of that name cannot be told from it
			}
		}
	}
	// Two calls may build the same schema at once: one is kept, so that a
	// finding (identified by its node) is reported once.
	kept, _ := driftTops.LoadOrStore(k, n)
	return kept.(*driftNode)
}

// driftBuild makes the node of t at path; paging marks the fields of the
// paging totals. Recursive types end in dAny after a few levels.
func driftBuild(t reflect.Type, path string, paging bool, depth int) *driftNode {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	n := &driftNode{path: path}
	n.self = &driftField{node: n}
	switch {
	case depth > 8:
	case t == timeType || t == dateType:
		n.kind = dTime
	case reflect.PointerTo(t).Implements(unmarshalerType):
	default:
		switch t.Kind() {
		case reflect.String:
			n.kind = dString
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			n.kind = dInt
		case reflect.Float32, reflect.Float64:
			n.kind = dFloat
		case reflect.Bool:
			n.kind = dBool
		case reflect.Slice, reflect.Array:
			if t.Elem().Kind() != reflect.Uint8 {
				n.kind = dArray
				n.elem = driftBuild(t.Elem(), path+"[]", paging, depth+1)
			}
		case reflect.Struct:
			n.kind = dObject
			n.fields = map[string]*driftField{}
			driftFields(n, t, paging || t == pageTotalsTy, depth)
		}
	}
	return n
}

// driftFields adds the JSON keys of struct t to n, as encoding/json sees
// them: tagged names, untagged embedded structs lending theirs.
func driftFields(n *driftNode, t reflect.Type, paging bool, depth int) {
	fields, embedded, _ := wire.StructFields(t)
	for _, f := range fields {
		name := f.Name
		if _, dup := n.fields[name]; dup {
			continue
		}
		p := name
		if n.path != "" {
			p = n.path + "." + name
		}
		df := &driftField{name: name, node: driftBuild(f.Type, p, paging, depth+1), quiet: paging, idx: len(n.order)}
		n.fields[name] = df
		n.order = append(n.order, df)
	}
	for _, et := range embedded {
		inner := &driftNode{path: n.path, fields: map[string]*driftField{}}
		driftFields(inner, et, paging || et == pageTotalsTy, depth)
		for _, df := range inner.order {
			if _, dup := n.fields[df.name]; !dup {
				df.idx = len(n.order)
				n.fields[df.name] = df
				n.order = append(n.order, df)
			}
		}
	}
}

// field finds key among n's fields, as encoding/json does: the exact name
// first, then one that differs only in case.
func (n *driftNode) field(key []byte) *driftField {
	if f, ok := n.fields[string(key)]; ok {
		return f
	}
	for _, f := range n.order {
		if strings.EqualFold(f.name, string(key)) {
			return f
		}
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

var (
	driftDocsOnce sync.Once
	driftDocSets  map[string]map[string]bool
)

// documented returns the set of endpoint's documented key paths (driftDocs),
// nil for a path the spec does not list.
func documented(endpoint string) map[string]bool {
	driftDocsOnce.Do(func() {
		driftDocSets = make(map[string]map[string]bool, len(driftDocs))
		for ep, keys := range driftDocs {
			set := map[string]bool{}
			for _, k := range strings.Fields(keys) {
				set[k] = true
			}
			driftDocSets[ep] = set
		}
	})
	if set, ok := driftDocSets[endpoint]; ok {
		return set
	}
	if _, known := readOnly[endpoint]; known {
		return map[string]bool{} // documented, with no table of returns: nothing is missing
	}
	return nil
}
