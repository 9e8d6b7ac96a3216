// Package wire prepares the Gensee server's JSON answers for encoding/json
// in one pass over the bytes, guided by the Go type they decode into: raw
// control characters inside strings (which real answers carry and
// encoding/json rejects) are escaped; a quoted number or boolean bound for
// a numeric or boolean field loses its quotes ("code":"0",
// "webJoin":"true", "precentage":"33.3%"), and a bare one bound for a
// string gains them ("number":34154643); the envelope's top-level "code"
// and "message" are picked up on the way. Nothing is copied while nothing
// changes; types that decode themselves, maps and interfaces are left as
// they come.
//
// Every part reads with one Scanner (scan.go) and one schema per Go type:
// Normalize's fixer (this file), the flat decoder (flat.go), the Lister
// (stream.go: a list read as the body arrives) and Tidy (fill.go).
//
// encoding/json/v2 (behind GOEXPERIMENT=jsonv2 as of Go 1.26) would let
// most of this go once it is the standard encoding/json: its jsontext
// Decoder streams tokens in constant memory (the Lister), and per-type
// unmarshalers could take quoted numbers and booleans field by field (the
// fixer's unquote and literal). Raw control characters stay invalid there,
// so escaping them would remain.
package wire

import (
	"bytes"
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

type kind uint8

const (
	kAny kind = iota // left as it comes
	kString
	kInt
	kFloat
	kBool
	kObject
	kArray
)

// schema is what the bytes of a JSON value should look like for a Go type
// (pointers looked through), and how the flat decoder sets a struct.
type schema struct {
	kind   kind
	fields []field  // kObject: its own fields in order, then those embedded structs lend
	names  []string // kObject: the fields' names, scanned first (dense: rows repeat a few keys)
	elem   *schema  // kArray
	// kObject, for the flat decoder: whether it takes the type, whether a
	// field is a list, whether a field is named like "code" or "message".
	flat, lists, noEnvelope bool
}

type field struct {
	name     string
	index    int // in the struct (the flat decoder's: it takes no embedding)
	s        *schema
	unsigned bool         // kInt, for the flat decoder: an unsigned integer
	bits     int          // kFloat, for the flat decoder: 32 or 64
	ptr      reflect.Type // kArray, for the flat decoder: *T
}

var anySchema = &schema{kind: kAny}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// typePlan is all the package knows of one Go type, built on first use and
// cached: its schema, and where Tidy finds its slices (nil: none).
type typePlan struct {
	schema *schema
	tidy   *plan
}

var typePlans sync.Map // reflect.Type → *typePlan

// planOf returns the plan of t (two goroutines may build it at once).
func planOf(t reflect.Type) *typePlan {
	if p, ok := typePlans.Load(t); ok {
		return p.(*typePlan)
	}
	p := &typePlan{build(t, map[reflect.Type]*schema{}), buildPlan(t, map[reflect.Type]*plan{})}
	got, _ := typePlans.LoadOrStore(t, p)
	return got.(*typePlan)
}

func schemaFor(t reflect.Type) *schema {
	if t == nil {
		return anySchema
	}
	return planOf(t).schema
}

// build makes the schema of t; building holds those begun (recursive types).
func build(t reflect.Type, building map[reflect.Type]*schema) *schema {
	if s, ok := building[t]; ok {
		return s
	}
	if t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(unmarshalerType) ||
		reflect.PointerTo(t).Implements(textUnmarshalerType)) {
		return anySchema
	}
	s := &schema{}
	switch t.Kind() {
	case reflect.Pointer:
		return build(t.Elem(), building)
	case reflect.String:
		s.kind = kString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s.kind = kInt
	case reflect.Float32, reflect.Float64:
		s.kind = kFloat
	case reflect.Bool:
		s.kind = kBool
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return anySchema
		}
		s.kind = kArray
		building[t] = s
		s.elem = build(t.Elem(), building)
	case reflect.Struct:
		s.kind = kObject
		building[t] = s
		fields, embedded, anonymous := StructFields(t)
		flat := !anonymous // set at the end: a recursive use meanwhile sees no flat plan
		for _, sf := range fields {
			f := field{name: sf.Name, index: sf.Index, s: build(sf.Type, building)}
			if strings.Contains(sf.Opts, "string") {
				f.s = anySchema
			}
			flat = flat && s.flatField(&f, sf)
			s.fields, s.names = append(s.fields, f), append(s.names, f.name)
		}
		// Embedded structs without a tag lend their fields, at a lower
		// priority, as encoding/json does.
		for _, et := range embedded {
			for _, f := range build(et, building).fields {
				if s.find([]byte(f.name), false) < 0 {
					s.fields, s.names = append(s.fields, f), append(s.names, f.name)
				}
			}
		}
		s.flat = flat
	default:
		return anySchema
	}
	return s
}

// Field is a field of a struct that encoding/json decodes by a key of its
// own: the key (the tag's name, or the Go name), the tag's options, its
// index and type.
type Field struct {
	Name, Opts string
	Index      int
	Type       reflect.Type
}

// StructFields returns the fields of struct t that encoding/json decodes by
// their own key, in order, and the untagged embedded structs that lend
// theirs; anonymous reports whether t embeds anything. The schema and the
// SDK's drift report both read structs with it.
func StructFields(t reflect.Type) (fields []Field, embedded []reflect.Type, anonymous bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		anonymous = anonymous || f.Anonymous
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				embedded = append(embedded, ft)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields = append(fields, Field{Name: name, Opts: opts, Index: i, Type: ft})
	}
	return fields, embedded, anonymous
}

// find returns the place in s.fields of key's field as encoding/json finds
// it (the exact name first, then, with fold, case folded), or -1.
func (s *schema) find(key []byte, fold bool) int {
	for i, n := range s.names {
		if n == string(key) {
			return i
		}
	}
	for i := 0; fold && i < len(s.names); i++ {
		if strings.EqualFold(s.names[i], string(key)) {
			return i
		}
	}
	return -1
}

// Envelope is what Normalize found at the top level of the answer.
type Envelope struct {
	Code       string // the "code" value's text ("0", "501"), quotes removed
	CodeSet    bool   // a "code" key was present with a string or number
	Message    string // the "message" value, decoded
	messageRaw []byte
}

// see records a top-level member when it is the code or the message: the
// one reading of the envelope, for every path.
func (env *Envelope) see(key string, raw []byte) {
	switch {
	case key == "code" && len(raw) >= 2 && raw[0] == '"':
		env.Code, env.CodeSet = strings.TrimSpace(string(raw[1:len(raw)-1])), true
	case key == "code" && len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		env.Code, env.CodeSet = string(raw), true
	case key == "message" && len(raw) >= 2 && raw[0] == '"':
		env.messageRaw = raw
	}
}

// done decodes the message seen.
func (env *Envelope) done() {
	if env.messageRaw != nil {
		env.Message, env.messageRaw = decodeString(env.messageRaw), nil
	}
}

// maxDepth bounds the nesting Normalize follows, as encoding/json does.
const maxDepth = 10000

// Normalize returns b prepared for decoding into a value of type t (t may be
// nil: nothing but control characters is changed), and the envelope it found.
// ok is false when b is not a JSON object: the caller then has no envelope.
func Normalize(b []byte, t reflect.Type) (out []byte, env Envelope, ok bool) {
	f := fixer{Scanner: Scanner{b: b}}
	if f.Space(); f.i < len(b) && b[f.i] == '{' {
		f.object(schemaFor(t), 0, &env)
	} else {
		f.bad = true
	}
	if f.Space(); f.bad || f.i != len(b) {
		return b, env, false
	}
	env.done()
	return f.result(), env, true
}

// plainString returns the contents of the string token tok when they hold
// neither escapes nor raw control characters.
func plainString(tok []byte) ([]byte, bool) {
	s := Scanner{b: tok}
	inner, esc, ctl, _, ok := s.Str()
	return inner, ok && !esc && !ctl
}

// decodeString returns the text of the string token raw.
func decodeString(raw []byte) string {
	if inner, ok := plainString(raw); ok {
		return string(inner)
	}
	f, out := fixer{Scanner: Scanner{b: raw}}, ""
	if f.str(); json.Unmarshal(f.result(), &out) != nil {
		return string(raw[1 : len(raw)-1])
	}
	return out
}

// fixer walks the input once, copying into out from the first change on.
type fixer struct {
	Scanner
	out  []byte // nil while nothing changed
	last int    // b[last:] is not yet in out
	bad  bool
	dry  bool // only checking: nothing is copied
}

func (f *fixer) result() []byte {
	if f.out == nil {
		return f.b
	}
	return append(f.out, f.b[f.last:]...)
}

// replace puts repl in place of b[start:end].
func (f *fixer) replace(start, end int, repl string) {
	if f.dry {
		return
	}
	if f.out == nil {
		f.out = make([]byte, 0, len(f.b)+len(f.b)/16+16)
	}
	f.out = append(append(f.out, f.b[f.last:start]...), repl...)
	f.last = end
}

const hexDigits = "0123456789abcdef"

// str reads a string token at f.i, escaping raw control characters. It
// returns the token's bounds and whether it holds neither escapes nor
// controls.
func (f *fixer) str() (start, end int, plain bool) {
	start = f.i
	_, esc, ctl, _, ok := f.Str()
	f.bad = f.bad || !ok
	for j := start; ok && ctl && j < f.i; j++ {
		switch c := f.b[j]; {
		case c == '\n':
			f.replace(j, j+1, `\n`)
		case c == '\r':
			f.replace(j, j+1, `\r`)
		case c == '\t':
			f.replace(j, j+1, `\t`)
		case c < 0x20:
			f.replace(j, j+1, `\u00`+hexDigits[c>>4:c>>4+1]+hexDigits[c&15:c&15+1])
		}
	}
	return start, f.i, ok && !esc && !ctl
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '+' || c == '-'
}

// value reads one value at f.i, shaping it for s.
func (f *fixer) value(s *schema, depth int) {
	f.Space()
	switch {
	case depth > maxDepth || f.i >= len(f.b):
		f.bad = true
	case f.b[f.i] == '{':
		f.object(s, depth+1, nil)
	case f.b[f.i] == '[':
		f.array(s, depth+1)
	case f.b[f.i] == '"':
		if start, end, plain := f.str(); plain {
			f.unquote(s, start, end)
		}
	case isLiteralByte(f.b[f.i]):
		start := f.i
		for f.i < len(f.b) && isLiteralByte(f.b[f.i]) {
			f.i++
		}
		f.literal(s, start, f.i)
	default:
		f.bad = true
	}
}

// unquote turns a quoted number or boolean bound for a numeric or boolean
// field into the bare literal.
func (f *fixer) unquote(s *schema, start, end int) {
	if s.kind != kInt && s.kind != kFloat && s.kind != kBool {
		return // the common case: a string where a string goes
	}
	t := strings.TrimSpace(string(f.b[start+1 : end-1]))
	switch s.kind {
	case kInt:
		if t == "" {
			f.replace(start, end, "null")
		} else if v, err := strconv.ParseInt(t, 10, 64); err == nil {
			f.replace(start, end, jsonNumber(t, func() string { return strconv.FormatInt(v, 10) }))
		} else if u, err := strconv.ParseUint(t, 10, 64); err == nil {
			f.replace(start, end, jsonNumber(t, func() string { return strconv.FormatUint(u, 10) }))
		} else if v, err := strconv.ParseFloat(t, 64); err == nil && v == float64(int64(v)) {
			f.replace(start, end, strconv.FormatInt(int64(v), 10))
		}
	case kFloat:
		t = strings.TrimSuffix(t, "%")
		if t == "" {
			f.replace(start, end, "null")
		} else if v, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			f.replace(start, end, jsonNumber(t, func() string { return strconv.FormatFloat(v, 'g', -1, 64) }))
		}
	case kBool:
		switch t {
		case "true", "TRUE", "True", "1":
			f.replace(start, end, "true")
		case "false", "FALSE", "False", "0", "":
			f.replace(start, end, "false")
		}
	}
}

// literal shapes a bare literal: numbers and booleans bound for strings gain
// quotes; integral floats bound for integers lose their fraction.
func (f *fixer) literal(s *schema, start, end int) {
	lit := f.b[start:end]
	switch string(lit) {
	case "null":
		return
	case "true", "false":
		if s.kind == kString {
			f.replace(start, end, `"`+string(lit)+`"`)
		}
		return
	}
	if !isNumber(lit) {
		f.bad = true // a bare word is no JSON: never quote it into a string
		return
	}
	switch s.kind {
	case kString:
		f.replace(start, end, `"`+string(lit)+`"`)
	case kInt:
		if bytes.ContainsAny(lit, ".eE") {
			if v, err := strconv.ParseFloat(string(lit), 64); err == nil && v == float64(int64(v)) {
				f.replace(start, end, strconv.FormatInt(int64(v), 10))
			}
		}
	}
}

// next reads the separator after a member or element: true for a comma,
// false for the closing byte (or a syntax error, which marks f bad).
func (f *fixer) next(closing byte) bool {
	if f.bad {
		return false
	}
	more, ok := f.Sep(closing)
	f.bad = f.bad || !ok
	return more && !f.bad
}

func (f *fixer) array(s *schema, depth int) {
	f.i++ // [
	if f.Space(); f.i < len(f.b) && f.b[f.i] == ']' {
		f.i++
		return
	}
	elem := anySchema
	if s.kind == kArray {
		elem = s.elem
	}
	for f.value(elem, depth); f.next(']'); {
		f.value(elem, depth)
	}
}

// object reads an object; env, at the top level only, receives the
// envelope's code and message.
func (f *fixer) object(s *schema, depth int, env *Envelope) {
	f.i++ // {
	if f.Space(); f.i < len(f.b) && f.b[f.i] == '}' {
		f.i++
		return
	}
	for {
		if f.Space(); f.i >= len(f.b) || f.b[f.i] != '"' {
			f.bad = true
			return
		}
		ks, ke, plain := f.str()
		key := f.b[ks+1 : max(ks+1, ke-1)]
		if !plain && !f.bad {
			key = []byte(decodeString(f.b[ks:ke]))
		}
		if f.Space(); f.bad || f.i >= len(f.b) || f.b[f.i] != ':' {
			f.bad = true
			return
		}
		f.i++
		f.Space()
		vs, vk := f.i, anySchema
		if i := s.find(key, true); i >= 0 {
			vk = s.fields[i].s
		}
		if f.value(vk, depth); env != nil && !f.bad {
			env.see(string(key), f.b[vs:f.i])
		}
		if !f.next('}') {
			return
		}
	}
}

// jsonNumber returns t when it is a JSON number as it is, else the number
// written anew by canonical: strconv takes "00", "+5", ".5" and "0x1p-2",
// which JSON does not.
func jsonNumber(t string, canonical func() string) string {
	if isNumber([]byte(t)) {
		return t
	}
	return canonical()
}
