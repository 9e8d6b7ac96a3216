package gensee

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee/internal/wire"
)

// driftFinding is one difference the walker found, with what identifies it
// for reporting it once.
type driftFinding struct {
	drift  Drift
	field  *driftField
	parent *driftNode
	key    string
}

// driftWalker walks the bytes of an answer against the schema of its result
// type. It reads what the SDK reads: strings with raw control characters
// are taken as they come. bad is set for a body that is no whole JSON value.
type driftWalker struct {
	b      []byte
	i      int
	bad    bool
	codeOK bool
	found  []driftFinding
	dedupe map[driftSeen]struct{}
	now    time.Time
	docs   map[string]bool // the endpoint's documented key paths; nil: every key of the type
}

const driftMaxDepth = 64

// add records a finding once per walk (a list of a million rows repeats the
// same finding in every row).
func (w *driftWalker) add(kind DriftKind, f *driftField, parent *driftNode, key, got, want, detail string) {
	k := driftSeen{field: f, parent: parent, kind: kind, key: key}
	if w.dedupe == nil {
		w.dedupe = map[driftSeen]struct{}{}
	}
	if _, ok := w.dedupe[k]; ok {
		return
	}
	w.dedupe[k] = struct{}{}
	path := key
	switch {
	case f != nil:
		path = f.node.path
	case parent != nil && parent.path != "":
		path = parent.path + "." + key
	}
	w.found = append(w.found, driftFinding{
		drift: Drift{Kind: kind, Key: path, Got: got, Want: want, Detail: detail},
		field: f, parent: parent, key: key,
	})
}

func (w *driftWalker) ws() {
	s := wire.NewScanner(w.b, w.i)
	s.Space()
	w.i = s.At()
}

// str reads the string at w.i (a '"'), as the decoders read it
// (wire.Scanner): the span of its text, whether it holds raw control
// characters and whether it holds escapes. A bad escape or a string cut
// short marks the body bad.
func (w *driftWalker) str() (start, end int, ctl, esc bool) {
	s := wire.NewScanner(w.b, w.i)
	inner, esc, ctl, _, ok := s.Str()
	if !ok {
		w.bad = true
		w.i = len(w.b)
		return w.i, w.i, ctl, esc
	}
	start = w.i + 1
	w.i = s.At()
	return start, start + len(inner), ctl, esc
}

// scalar reads a number, true, false or null at w.i (wire.Scanner);
// anything else, a bare word among them, is no JSON and marks the body bad.
func (w *driftWalker) scalar() []byte {
	s := wire.NewScanner(w.b, w.i)
	tok, ok := s.Scalar()
	if !ok {
		w.bad = true
		return nil
	}
	w.i = s.At()
	return tok
}

// next reads the separator after a member or an element: true for a comma.
func (w *driftWalker) next(closing byte) bool {
	s := wire.NewScanner(w.b, w.i)
	more, ok := s.Sep(closing)
	if !ok {
		w.bad = true
		return false
	}
	w.i = s.At()
	return more
}

// jsonType names the JSON type of the value at w.i.
func (w *driftWalker) jsonType() string {
	if w.i >= len(w.b) {
		return ""
	}
	switch w.b[w.i] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// skip passes over any value.
func (w *driftWalker) skip(depth int) {
	w.ws()
	if w.i >= len(w.b) || depth > driftMaxDepth {
		w.bad = true
		return
	}
	switch w.b[w.i] {
	case '"':
		w.str()
	case '{', '[':
		closing := byte('}')
		if w.b[w.i] == '[' {
			closing = ']'
		}
		w.i++
		w.ws()
		if w.i < len(w.b) && w.b[w.i] == closing {
			w.i++
			return
		}
		for !w.bad {
			if closing == '}' {
				w.ws()
				if w.i >= len(w.b) || w.b[w.i] != '"' {
					w.bad = true
					return
				}
				w.str()
				w.ws()
				if w.i >= len(w.b) || w.b[w.i] != ':' {
					w.bad = true
					return
				}
				w.i++
			}
			w.skip(depth + 1)
			if !w.next(closing) {
				return
			}
		}
	default:
		w.scalar()
	}
}

// object walks the object at w.i against n; top is the envelope, whose
// code is read and whose code and message are no keys of the result.
func (w *driftWalker) object(n *driftNode, top bool) {
	var small [2]uint64
	seen := small[:]
	if words := (len(n.order) + 63) / 64; words > len(small) {
		seen = make([]uint64, words)
	}
	w.i++ // {
	w.ws()
	if w.i < len(w.b) && w.b[w.i] == '}' {
		w.i++
	} else {
		for !w.bad {
			w.ws()
			if w.i >= len(w.b) || w.b[w.i] != '"' {
				w.bad = true
				return
			}
			ks, ke, _, _ := w.str()
			key := w.b[ks:ke]
			w.ws()
			if w.i >= len(w.b) || w.b[w.i] != ':' {
				w.bad = true
				return
			}
			w.i++
			w.ws()
			switch {
			case top && string(key) == "code":
				w.code()
			case top && string(key) == "message":
				w.skip(1)
			default:
				if f := n.field(key); f != nil {
					idx := f.idx
					seen[idx/64] |= 1 << (idx % 64)
					w.value(f.node, f, 1)
				} else {
					w.add(DriftUnknownKey, nil, n, string(key), w.jsonType(), "", "")
					w.skip(1)
				}
			}
			if !w.next('}') {
				break
			}
		}
	}
	if w.bad {
		return
	}
	for idx, f := range n.order {
		if seen[idx/64]&(1<<(idx%64)) != 0 || f.quiet || w.docs != nil && !w.docs[f.node.path] {
			continue
		}
		if f.node.kind == dArray {
			w.add(DriftTolerated, f, nil, "", "", "array", "list left out (decoded as an empty list)")
		} else {
			w.add(DriftMissingKey, f, nil, "", "", driftWant[f.node.kind], "")
		}
	}
}

// code reads the envelope's code: 0, as a number or quoted, is a success.
func (w *driftWalker) code() {
	switch {
	case w.i < len(w.b) && w.b[w.i] == '"':
		s, e, _, _ := w.str()
		w.codeOK = strings.TrimSpace(string(w.b[s:e])) == "0"
	default:
		w.codeOK = string(w.scalar()) == "0"
	}
}

// value walks the value at w.i against n, the node of field f.
func (w *driftWalker) value(n *driftNode, f *driftField, depth int) {
	w.ws()
	if w.i >= len(w.b) || depth > driftMaxDepth {
		w.bad = true
		return
	}
	want := driftWant[n.kind]
	typeDrift := func(got, detail string) { w.add(DriftType, f, nil, "", got, want, detail) }
	switch c := w.b[w.i]; {
	case c == '{':
		switch n.kind {
		case dObject:
			w.object(n, false)
		case dAny:
			w.skip(depth)
		default:
			typeDrift("object", "")
			w.skip(depth)
		}
	case c == '[':
		switch n.kind {
		case dArray:
			w.array(n.elem, depth)
		case dAny:
			w.skip(depth)
		default:
			typeDrift("array", "")
			w.skip(depth)
		}
	case c == '"':
		start := w.i
		s, e, ctl, _ := w.str()
		if w.bad {
			return
		}
		w.text(n, f, w.b[start:w.i], string(w.b[s:e]), ctl)
	default:
		lit := w.scalar()
		if w.bad {
			return
		}
		w.bare(n, f, lit)
	}
}

// array walks the elements of the array at w.i against elem.
func (w *driftWalker) array(elem *driftNode, depth int) {
	w.i++ // [
	w.ws()
	if w.i < len(w.b) && w.b[w.i] == ']' {
		w.i++
		return
	}
	for !w.bad {
		w.value(elem, nil, depth+1)
		if !w.next(']') {
			return
		}
	}
}

// text checks a string value (raw: the token with its quotes) against n.
func (w *driftWalker) text(n *driftNode, f *driftField, raw []byte, s string, ctl bool) {
	want := driftWant[n.kind]
	tolerated := func(detail string) { w.add(DriftTolerated, w.fieldOf(n, f), nil, "", "string", want, detail) }
	typeDrift := func(detail string) { w.add(DriftType, w.fieldOf(n, f), nil, "", "string", want, detail) }
	t := strings.TrimSpace(s)
	switch n.kind {
	case dString:
		if ctl {
			tolerated("raw control character")
		}
	case dInt:
		switch {
		case t == "":
			tolerated("empty text for a number")
		case isInteger(t):
			tolerated("quoted number")
		default:
			if v, err := strconv.ParseFloat(t, 64); err == nil && v == math.Trunc(v) {
				tolerated("quoted number")
			} else {
				typeDrift("text that is not an integer")
			}
		}
	case dFloat:
		pct := strings.HasSuffix(t, "%")
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
		v, err := strconv.ParseFloat(t, 64)
		switch {
		case t == "":
			tolerated("empty text for a number")
		case err != nil || math.IsInf(v, 0) || math.IsNaN(v):
			typeDrift("text that is not a number")
		case pct:
			tolerated("percentage")
		default:
			tolerated("quoted number")
		}
	case dBool:
		switch t {
		case "true", "TRUE", "True", "1", "false", "FALSE", "False", "0", "":
			tolerated("quoted boolean")
		default:
			typeDrift("text that is not a boolean")
		}
	case dTime:
		w.time(n, f, raw, "string")
	case dObject, dArray:
		typeDrift("")
	}
}

// bare checks a scalar (a number, true, false or null) against n.
func (w *driftWalker) bare(n *driftNode, f *driftField, lit []byte) {
	got := "number"
	switch string(lit) {
	case "null":
		return
	case "true", "false":
		got = "boolean"
	}
	want := driftWant[n.kind]
	typeDrift := func(detail string) { w.add(DriftType, w.fieldOf(n, f), nil, "", got, want, detail) }
	switch n.kind {
	case dString:
		w.add(DriftTolerated, w.fieldOf(n, f), nil, "", got, want, got+" for a text field")
	case dInt:
		switch {
		case got != "number":
			typeDrift("")
		case strings.ContainsAny(string(lit), ".eE"):
			if v, err := strconv.ParseFloat(string(lit), 64); err == nil && v == math.Trunc(v) {
				w.add(DriftTolerated, w.fieldOf(n, f), nil, "", got, want, "integral float")
			} else {
				typeDrift("a fraction for an integer")
			}
		}
	case dFloat:
		if got != "number" {
			typeDrift("")
		}
	case dBool:
		if got != "boolean" {
			typeDrift("")
		}
	case dTime:
		if got != "number" {
			typeDrift("")
			return
		}
		w.time(n, f, lit, got)
	case dObject, dArray:
		typeDrift("")
	}
}

// fieldOf is the field a finding at n names: f, or for a list element a
// field standing for the element's node.
func (w *driftWalker) fieldOf(n *driftNode, f *driftField) *driftField {
	if f != nil {
		return f
	}
	return n.self
}

// time checks a time value (raw: the token as sent) for what Time decodes
// and for a plausible range.
func (w *driftWalker) time(n *driftNode, f *driftField, raw []byte, got string) {
	t, err := parseTime(raw)
	if err != nil {
		w.add(DriftType, w.fieldOf(n, f), nil, "", got, "time", "not a time the SDK reads")
		return
	}
	if t.IsZero() {
		return
	}
	if w.now.IsZero() {
		w.now = time.Now()
	}
	switch {
	case t.Before(driftEarliest):
		w.add(DriftTime, w.fieldOf(n, f), nil, "", got, "time", "before 2005")
	case t.After(w.now.AddDate(1, 0, 0)):
		w.add(DriftTime, w.fieldOf(n, f), nil, "", got, "time", "more than a year ahead")
	}
}

func isInteger(t string) bool {
	if _, err := strconv.ParseInt(t, 10, 64); err == nil {
		return true
	}
	_, err := strconv.ParseUint(t, 10, 64)
	return err == nil
}
