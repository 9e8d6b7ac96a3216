// Package wire prepares the Gensee server's JSON answers for encoding/json in
// one pass over the bytes, guided by the Go type they decode into:
//
//   - raw control characters (TAB, CR, LF, …) inside strings, which real
//     answers carry and encoding/json rejects, are escaped;
//   - a quoted number or boolean bound for a numeric or boolean field loses
//     its quotes ("code":"0", "webJoin":"true", "precentage":"33.3%"), and a
//     bare number or boolean bound for a string field gains them
//     ("number":34154643);
//   - the top-level "code" and "message" of the envelope are picked up on
//     the way, so that the envelope needs no decoding of its own.
//
// Nothing is copied while nothing needs to change. Types that decode
// themselves (json.Unmarshaler), maps and interfaces are left as they come.
//
// The package's parts share one in-memory scanner (scan.go) and one plan
// per Go type (typePlan: Normalize's schema, the flat decoder's plan, the
// tidying's plan, built once): Normalize's fixer, the flat decoder
// (flat.go: flat types in one pass, envelope included), the Lister
// (stream.go: a list read as the body arrives; its span only finds where a
// value ends across reads, the fixer checks it) and Tidy (fill.go: missing
// lists empty, null items dropped).
//
// encoding/json/v2 (behind GOEXPERIMENT=jsonv2 as of Go 1.26) would let
// most of this go once it is the standard encoding/json: its jsontext
// Decoder streams tokens in constant memory (the Lister's span and state
// machine), and per-type unmarshalers (json.WithUnmarshalers) could take
// quoted numbers and booleans field by field (the fixer's unquote and
// literal). Raw control characters inside strings stay invalid there too,
// so escaping them (the fixer's str) would remain.
package wire

import (
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

// schema is what the bytes of a JSON value should look like for a Go type.
type schema struct {
	kind   kind
	names  []string           // kObject: the JSON names, scanned first (rows repeat a few keys)
	kids   []*schema          // kObject: the schema of names[i]
	fields map[string]*schema // kObject: by JSON name
	folded map[string]*schema // kObject: by lower-case JSON name (encoding/json folds case)
	elem   *schema            // kArray
	flat   *flatPlan          // kObject: the flat decoder's plan (nil: not flat)
}

var anySchema = &schema{kind: kAny}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// typePlan is everything the package knows of one Go type, built once by
// reflection on its first use and kept in one cache: how Normalize shapes
// the bytes bound for it and, a struct, how the flat decoder sets its
// fields (schema.flat), and where Tidy finds its slices.
type typePlan struct {
	schema *schema
	tidy   *plan // nil: no slice anywhere
}

var typePlans sync.Map // reflect.Type → *typePlan

// planOf returns the plan of t. Two goroutines may build the same plan at
// once; one of them is kept.
func planOf(t reflect.Type) *typePlan {
	if p, ok := typePlans.Load(t); ok {
		return p.(*typePlan)
	}
	p := &typePlan{
		schema: build(t, map[reflect.Type]*schema{}),
		tidy:   buildPlan(t, map[reflect.Type]*plan{}),
	}
	got, _ := typePlans.LoadOrStore(t, p)
	return got.(*typePlan)
}

func schemaFor(t reflect.Type) *schema { return planOf(t).schema }

// build makes the schema of t; building holds the schemas built so far
// (recursive types among them).
func build(t reflect.Type, building map[reflect.Type]*schema) *schema {
	if s, ok := building[t]; ok {
		return s
	}
	if t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(unmarshalerType) ||
		reflect.PointerTo(t).Implements(textUnmarshalerType)) {
		return anySchema
	}
	var s *schema
	switch t.Kind() {
	case reflect.Pointer:
		s = build(t.Elem(), building)
	case reflect.String:
		s = &schema{kind: kString}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s = &schema{kind: kInt}
	case reflect.Float32, reflect.Float64:
		s = &schema{kind: kFloat}
	case reflect.Bool:
		s = &schema{kind: kBool}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return anySchema
		}
		s = &schema{kind: kArray}
		building[t] = s
		s.elem = build(t.Elem(), building)
	case reflect.Struct:
		s = &schema{kind: kObject, fields: map[string]*schema{}, folded: map[string]*schema{}}
		building[t] = s
		addFields(s, t, building)
		for name, fs := range s.fields {
			s.names = append(s.names, name)
			s.kids = append(s.kids, fs)
		}
	default:
		return anySchema
	}
	building[t] = s
	return s
}

// Field is a field of a struct as encoding/json decodes it by a key of
// its own: the key (the tag's name, or the Go name), the tag's options,
// the field's index and type.
type Field struct {
	Name, Opts string
	Index      int
	Type       reflect.Type
}

// StructFields returns the fields of struct t that encoding/json decodes by
// their own key, in order, and the untagged embedded structs that lend
// theirs (at a lower priority); anonymous reports whether t embeds
// anything. The SDK's schema (addFields) and its drift report walk structs
// with it, so that both read a type as encoding/json does.
func StructFields(t reflect.Type) (fields []Field, embedded []reflect.Type, anonymous bool) {
	for i := 0; i < t.NumField(); i++ {
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

// addFields adds the JSON fields of struct t to s; embedded structs without
// a tag lend theirs, at a lower priority, as encoding/json does. The flat
// decoder's plan is built on the way: a struct with an embedded field, or a
// field it cannot decode, has none.
func addFields(s *schema, t reflect.Type, building map[reflect.Type]*schema) {
	fields, embedded, anonymous := StructFields(t)
	fp, flat := &flatPlan{}, !anonymous
	for _, f := range fields {
		fs := build(f.Type, building)
		if strings.Contains(f.Opts, "string") {
			fs = anySchema
		}
		s.fields[f.Name] = fs
		if _, ok := s.folded[strings.ToLower(f.Name)]; !ok {
			s.folded[strings.ToLower(f.Name)] = fs
		}
		flat = flat && fp.add(f.Name, f.Opts, f.Index, f.Type, fs)
	}
	if flat {
		fp.fill = buildPlan(reflect.PointerTo(t), map[reflect.Type]*plan{}) != nil
		s.flat = fp
	}
	for _, et := range embedded {
		inner := build(et, building)
		if inner.kind != kObject {
			continue
		}
		for name, fs := range inner.fields {
			if _, ok := s.fields[name]; !ok {
				s.fields[name] = fs
			}
		}
		for name, fs := range inner.folded {
			if _, ok := s.folded[name]; !ok {
				s.folded[name] = fs
			}
		}
	}
}

func (s *schema) field(key []byte) *schema {
	if s.kind != kObject {
		return anySchema
	}
	for i, n := range s.names {
		if len(n) == len(key) && n == string(key) {
			return s.kids[i]
		}
	}
	if f, ok := s.folded[strings.ToLower(string(key))]; ok {
		return f
	}
	return anySchema
}

// Envelope is what Normalize found at the top level of the answer.
type Envelope struct {
	Code       string // the "code" value's text ("0", "501"), quotes removed
	CodeSet    bool   // a "code" key was present with a string or number
	Message    string // the "message" value, decoded
	messageRaw []byte
}

// see records a top-level key's raw value when it is the code or the
// message: the one reading of the envelope, for Normalize, the flat decoder
// and the Lister alike.
func (env *Envelope) see(key string, raw []byte) {
	switch key {
	case "code":
		if len(raw) >= 2 && raw[0] == '"' {
			env.Code, env.CodeSet = strings.TrimSpace(string(raw[1:len(raw)-1])), true
		} else if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
			env.Code, env.CodeSet = string(raw), true
		}
	case "message":
		if len(raw) >= 2 && raw[0] == '"' {
			env.messageRaw = raw
		}
	}
}

// maxDepth bounds the nesting Normalize follows, as encoding/json does.
const maxDepth = 10000

// Normalize returns b prepared for decoding into a value of type t (t may be
// nil: nothing but control characters is changed), and the envelope it found.
// ok is false when b is not a JSON object: the caller then has no envelope.
func Normalize(b []byte, t reflect.Type) (out []byte, env Envelope, ok bool) {
	s := anySchema
	if t != nil {
		s = schemaFor(t)
	}
	f := fixer{scanner: scanner{b: b}}
	f.ws()
	if f.i >= len(b) || b[f.i] != '{' {
		return b, env, false
	}
	f.object(s, 0, &env)
	f.ws()
	if f.bad || f.i != len(b) {
		return b, env, false
	}
	if env.messageRaw != nil {
		env.Message = decodeString(env.messageRaw)
		env.messageRaw = nil
	}
	return f.result(), env, true
}

func decodeString(raw []byte) string {
	if len(raw) >= 2 && strings.IndexByte(string(raw[1:len(raw)-1]), '\\') < 0 && !hasControl(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(escapeAll(raw), &s); err != nil {
		return string(raw[1 : len(raw)-1])
	}
	return s
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// escapeAll escapes the control characters of one JSON string token.
func escapeAll(tok []byte) []byte {
	f := fixer{scanner: scanner{b: tok}}
	f.str()
	return f.result()
}

// fixer walks the input once, copying into out only from the first change.
type fixer struct {
	scanner
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

// replace puts repl in place of in[start:end].
func (f *fixer) replace(start, end int, repl string) {
	if f.dry {
		return
	}
	if f.out == nil {
		f.out = make([]byte, 0, len(f.b)+len(f.b)/16+16)
	}
	f.out = append(f.out, f.b[f.last:start]...)
	f.out = append(f.out, repl...)
	f.last = end
}

const hexDigits = "0123456789abcdef"

// str reads a string token at f.i, escaping raw control characters. It
// returns the token's bounds and whether it holds escapes or controls.
func (f *fixer) str() (start, end int, plain bool) {
	start = f.i
	_, esc, ctl, _, ok := f.scanner.str()
	if !ok {
		f.bad = true
		return start, f.i, false
	}
	for j := start; ctl && j < f.i; j++ {
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
	return start, f.i, !esc && !ctl
}

// escapeLen returns the length of the escape at the start of b (a
// backslash), 0 when JSON has no such escape.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) >= 6 && isHex(b[2]) && isHex(b[3]) && isHex(b[4]) && isHex(b[5]) {
			return 6
		}
	}
	return 0
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '+' || c == '-'
}

// value reads one value at f.i, shaping it for s.
func (f *fixer) value(s *schema, depth int) {
	if depth > maxDepth {
		f.bad = true
		return
	}
	f.ws()
	if f.i >= len(f.b) {
		f.bad = true
		return
	}
	switch c := f.b[f.i]; {
	case c == '{':
		f.object(s, depth+1, nil)
	case c == '[':
		f.array(s, depth+1)
	case c == '"':
		start, end, plain := f.str()
		if plain && !f.bad {
			f.unquote(s, start, end)
		}
	case isLiteralByte(c):
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
	text := string(f.b[start+1 : end-1])
	switch s.kind {
	case kInt:
		t := strings.TrimSpace(text)
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
		t := strings.TrimSuffix(strings.TrimSpace(text), "%")
		if t == "" {
			f.replace(start, end, "null")
		} else if v, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			f.replace(start, end, jsonNumber(t, func() string { return strconv.FormatFloat(v, 'g', -1, 64) }))
		}
	case kBool:
		switch strings.TrimSpace(text) {
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
		for _, c := range lit {
			if c == '.' || c == 'e' || c == 'E' {
				if v, err := strconv.ParseFloat(string(lit), 64); err == nil && v == float64(int64(v)) {
					f.replace(start, end, strconv.FormatInt(int64(v), 10))
				}
				return
			}
		}
	}
}

// next reads the separator after a member or element: true for a comma,
// false for the closing byte (or a syntax error, which marks f bad).
func (f *fixer) next(closing byte) bool {
	more, ok := f.sep(closing)
	f.bad = f.bad || !ok
	return more
}

func (f *fixer) array(s *schema, depth int) {
	f.i++ // [
	f.ws()
	if f.i < len(f.b) && f.b[f.i] == ']' {
		f.i++
		return
	}
	elem := anySchema
	if s.kind == kArray {
		elem = s.elem
	}
	for !f.bad {
		f.value(elem, depth)
		if f.bad || !f.next(']') {
			return
		}
	}
}

// object reads an object; env, at the top level only, receives the
// envelope's code and message.
func (f *fixer) object(s *schema, depth int, env *Envelope) {
	f.i++ // {
	f.ws()
	if f.i < len(f.b) && f.b[f.i] == '}' {
		f.i++
		return
	}
	for !f.bad {
		f.ws()
		if f.i >= len(f.b) || f.b[f.i] != '"' {
			f.bad = true
			return
		}
		ks, ke, plain := f.str()
		if f.bad {
			return
		}
		key := f.b[ks+1 : ke-1]
		if !plain {
			key = []byte(decodeString(f.b[ks:ke]))
		}
		f.ws()
		if f.i >= len(f.b) || f.b[f.i] != ':' {
			f.bad = true
			return
		}
		f.i++
		f.ws()
		vs := f.i
		f.value(s.field(key), depth)
		if env != nil && !f.bad {
			env.see(string(key), f.b[vs:f.i])
		}
		if f.bad || !f.next('}') {
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
