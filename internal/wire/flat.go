package wire

import (
	"encoding/json"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// The flat decoder: one pass over the bytes of a JSON object into a struct
// whose fields are plain scalars (strings, booleans, integers, floats),
// scalar-decoding json.Unmarshaler types (Time) or lists of pointers to such
// structs, built once per type by reflection. It accepts only what
// encoding/json decodes, and gives what encoding/json (after Normalize)
// gives: anything else (an escape in a string, a quoted number, a nested
// value it does not know, a decoding error) makes it give up, and the
// caller then decodes the bytes the usual way, which also decides the
// error. A raw control character inside a string is kept as it is, which
// is what escaping it (Normalize) and decoding it give.

// flatKind is how a field is decoded.
type flatKind uint8

const (
	fString flatKind = iota
	fBool
	fInt
	fUint
	fFloat
	fUnmarshaler // a json.Unmarshaler, handed scalar tokens
	fList        // []*T, T flat
)

type flatField struct {
	name  string
	index int
	kind  flatKind
	bits  int
	elem  *flatPlan    // fList: the element's plan
	ptr   reflect.Type // fList: *T
}

// flatPlan is the plan of a flat struct type.
type flatPlan struct {
	fields []flatField
	fill   bool // FillSlices has work in the type (lists, RawMessage, …)
	lists  bool // a field is a list (which the element of a list may not have)
	// noEnvelope: a field is named like the envelope's "code" or
	// "message" (folded), so the envelope cannot be read alongside.
	noEnvelope bool
}

// flatPlanFor returns the plan of struct type t, or nil when t is not flat.
func flatPlanFor(t reflect.Type) *flatPlan {
	if t.Kind() != reflect.Struct {
		return nil
	}
	return schemaFor(t).flat
}

// add adds the exported field index of JSON name name (its tag's options
// opts, its Go type ft, its schema fs) to the plan of a struct, built with
// its schema (see addFields); false when the field makes the struct not flat.
func (p *flatPlan) add(name, opts string, index int, ft reflect.Type, fs *schema) bool {
	if opts != "" && opts != "omitempty" && opts != "omitzero" || !plainName(name) {
		return false // ",string" and the like, or a name to fold: encoding/json's business
	}
	for _, g := range p.fields {
		if asciiFold(g.name, name) {
			return false // two fields of one (folded) name: encoding/json's rules
		}
	}
	if asciiFold(name, "code") || asciiFold(name, "message") {
		p.noEnvelope = true
	}
	ff := flatField{name: name, index: index}
	switch {
	case reflect.PointerTo(ft).Implements(unmarshalerType) && ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface:
		ff.kind = fUnmarshaler
	case decodesItself(ft):
		return false
	default:
		switch ft.Kind() {
		case reflect.String:
			ff.kind = fString
		case reflect.Bool:
			ff.kind = fBool
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			ff.kind = fInt
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			ff.kind = fUint
		case reflect.Float32, reflect.Float64:
			ff.kind, ff.bits = fFloat, ft.Bits()
		case reflect.Slice: // []*T, T flat without lists of its own
			if ft.Elem().Kind() != reflect.Pointer || fs.elem == nil || fs.elem.flat == nil || fs.elem.flat.lists {
				return false
			}
			ff.kind, ff.elem, ff.ptr, p.lists = fList, fs.elem.flat, ft.Elem(), true
		default:
			return false
		}
	}
	p.fields = append(p.fields, ff)
	return true
}

// decodesItself reports whether t or *t decodes itself (json or text).
func decodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(unmarshalerType) || pt.Implements(unmarshalerType) ||
		t.Implements(textUnmarshalerType) || pt.Implements(textUnmarshalerType)
}

// plainName: a JSON name of ASCII letters, digits and '_' only.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// asciiFold reports whether a and b (ASCII) are equal, case folded.
func asciiFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// flatDecoder is one decoding: b, the place in it, and (at the top level
// of an envelope) the code and message tokens seen.
type flatDecoder struct {
	scanner
	envelope bool
	code     []byte
	message  []byte
	strs     *stringArena // nil: each string field gets its own allocation
}

// stringArena gathers the string fields of one decoded value so that they
// share one allocation, set by flush once the whole value decoded: a row of
// six short strings costs one allocation instead of six, and no size-class
// rounding per string (a 200,000-row export keeps every row). The strings
// of one row keep each other alive, which is what a row's owner expects.
type stringArena struct {
	buf  []byte
	pend []pendingString
}

type pendingString struct {
	v      reflect.Value
	off, n int
}

func (a *stringArena) add(v reflect.Value, s []byte) {
	// An empty string is kept too: a key given twice ("name":"a","name":"")
	// must end as the last one left it.
	a.pend = append(a.pend, pendingString{v, len(a.buf), len(s)})
	a.buf = append(a.buf, s...)
}

// flush sets the gathered fields, then forgets them.
func (a *stringArena) flush() {
	if len(a.pend) > 0 {
		all := string(a.buf)
		for _, p := range a.pend {
			p.v.SetString(all[p.off : p.off+p.n])
		}
	}
	a.reset()
}

// reset forgets the gathered fields without setting them.
func (a *stringArena) reset() {
	clear(a.pend)
	a.pend = a.pend[:0]
	a.buf = a.buf[:0]
}

// str reads the string token at d.i and returns its contents; ok is false
// for an escape (left to encoding/json), invalid UTF-8, or (unless ctl) a
// raw control character.
func (d *flatDecoder) str(ctl bool) ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	s, esc, c, high, ok := d.scanner.str()
	return s, ok && !esc && (ctl || !c) && (!high || utf8.Valid(s))
}

// scalar reads any scalar token (a string without escapes, a number, a
// literal) and returns its bytes.
func (d *flatDecoder) scalar() ([]byte, bool) {
	if d.i >= len(d.b) {
		return nil, false
	}
	start := d.i
	switch c := d.b[d.i]; {
	case c == '"':
		if _, ok := d.str(false); !ok {
			return nil, false
		}
	case c == '-' || c >= '0' && c <= '9':
		if _, _, ok := d.number(); !ok {
			return nil, false
		}
	default:
		if _, ok := d.literal(); !ok {
			return nil, false
		}
	}
	return d.b[start:d.i], true
}

// skip reads a scalar of a member no field takes: a string may hold raw
// control characters there.
func (d *flatDecoder) skip() bool {
	if d.i < len(d.b) && d.b[d.i] == '"' {
		_, ok := d.str(true)
		return ok
	}
	_, ok := d.scalar()
	return ok
}

// object decodes the object at d.i into v (a struct value of p's type).
func (d *flatDecoder) object(p *flatPlan, v reflect.Value, top bool) bool {
	b := d.b
	if d.i >= len(b) || b[d.i] != '{' {
		return false
	}
	d.i++
	d.ws()
	if d.i < len(b) && b[d.i] == '}' {
		d.i++
		return true
	}
	hint := 0
	for {
		d.ws()
		key, ok := d.str(false)
		if !ok {
			return false
		}
		d.ws()
		if d.i >= len(b) || b[d.i] != ':' {
			return false
		}
		d.i++
		d.ws()
		// The envelope's members first: no field is named like them.
		switch {
		case top && d.envelope && string(key) == "code":
			d.code, ok = d.scalar()
		case top && d.envelope && string(key) == "message":
			d.message, ok = d.scalar()
		default:
			ok = d.member(p, key, v, &hint)
		}
		if !ok {
			return false
		}
		if more, ok := d.sep('}'); !more {
			return ok
		}
	}
}

// member decodes the value of key into its field of v, or skips it. The
// field after the last one (*hint) is tried first: rows repeat their keys'
// order.
func (d *flatDecoder) member(p *flatPlan, key []byte, v reflect.Value, hint *int) bool {
	var f *flatField
	if h := *hint; h < len(p.fields) && p.fields[h].name == string(key) {
		f = &p.fields[h]
		*hint = h + 1
	} else {
		var at int
		if f, at = p.field(key); f != nil {
			*hint = at + 1
		}
	}
	if f != nil {
		return d.field(f, v)
	}
	// A key encoding/json may fold into a field, not ASCII, is left to it.
	return plainKey(key) && d.skip()
}

// plainKey: an ASCII key (which p.field matched, folded, if it could).
func plainKey(key []byte) bool {
	for _, c := range key {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// field returns the field of key, exact first, then folded as
// encoding/json folds (ASCII only: non-ASCII keys match nothing here).
func (p *flatPlan) field(key []byte) (*flatField, int) {
	for i := range p.fields {
		if p.fields[i].name == string(key) {
			return &p.fields[i], i
		}
	}
	for i := range p.fields {
		if asciiFold(p.fields[i].name, string(key)) {
			return &p.fields[i], i
		}
	}
	return nil, 0
}

// field decodes the value at d.i into f of v.
func (d *flatDecoder) field(f *flatField, v reflect.Value) bool {
	if d.i >= len(d.b) {
		return false
	}
	c := d.b[d.i]
	if c == 'n' && f.kind != fUnmarshaler {
		_, ok := d.literal() // null leaves the field as it is
		return ok
	}
	fv := v.Field(f.index)
	switch f.kind {
	case fString:
		s, ok := d.str(true)
		if !ok {
			return false
		}
		if d.strs != nil {
			d.strs.add(fv, s)
		} else {
			fv.SetString(string(s))
		}
	case fBool:
		tok, ok := d.literal()
		if !ok {
			return false
		}
		fv.SetBool(tok[0] == 't')
	case fInt, fUint:
		tok, isInt, ok := d.number()
		if !ok || !isInt {
			return false
		}
		neg := tok[0] == '-'
		if neg {
			tok = tok[1:]
		}
		u, ok := atou(tok)
		switch {
		case !ok:
			return false
		case f.kind == fUint:
			if neg || fv.OverflowUint(u) {
				return false
			}
			fv.SetUint(u)
		case neg && u <= 1<<63 && !fv.OverflowInt(-int64(u)):
			fv.SetInt(-int64(u))
		case !neg && u < 1<<63 && !fv.OverflowInt(int64(u)):
			fv.SetInt(int64(u))
		default:
			return false
		}
	case fFloat:
		tok, _, ok := d.number()
		if !ok {
			return false
		}
		n, err := strconv.ParseFloat(string(tok), f.bits)
		if err != nil {
			return false
		}
		fv.SetFloat(n)
	case fUnmarshaler:
		tok, ok := d.scalar()
		if !ok {
			return false
		}
		if fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(tok) != nil {
			return false
		}
	case fList:
		return d.list(f, fv)
	}
	return true
}

// list decodes an array of objects (or nulls) into fv, a []*T.
func (d *flatDecoder) list(f *flatField, fv reflect.Value) bool {
	b := d.b
	if d.i >= len(b) || b[d.i] != '[' {
		return false
	}
	d.i++
	s := reflect.MakeSlice(fv.Type(), 0, 4)
	d.ws()
	if d.i < len(b) && b[d.i] == ']' {
		d.i++
		fv.Set(s)
		return true
	}
	for {
		d.ws()
		if d.i < len(b) && b[d.i] == 'n' {
			if tok, ok := d.literal(); !ok || tok[0] != 'n' {
				return false
			}
			s = reflect.Append(s, reflect.Zero(f.ptr))
		} else {
			e := reflect.New(f.ptr.Elem())
			if !d.object(f.elem, e.Elem(), false) {
				return false
			}
			s = reflect.Append(s, e)
		}
		if more, ok := d.sep(']'); !more {
			if ok {
				fv.Set(s)
			}
			return ok
		}
	}
}

// DecodeFlat decodes the JSON object b into v (a non-nil pointer to a zero
// struct) in one pass, as json.Unmarshal of b normalized for v's type
// would, when v's type is flat and b holds nothing the flat decoder leaves
// to encoding/json. It reports whether it did; when it did not, v may be
// partly set and must be zeroed before it is decoded otherwise.
func DecodeFlat(b []byte, v any) bool {
	_, ok := decodeFlat(b, v, false)
	return ok
}

// DecodeEnvelope decodes a whole answer b into v (a non-nil pointer to a
// zero struct) as DecodeFlat does, reading the envelope's top-level "code"
// and "message" on the way as Normalize reads them. ok is false when v's
// type is not flat, names a field like the envelope's members, or b holds
// what the flat decoder leaves to encoding/json; v must then be zeroed.
func DecodeEnvelope(b []byte, v any) (env Envelope, ok bool) {
	return decodeFlat(b, v, true)
}

func decodeFlat(b []byte, v any, envelope bool) (env Envelope, ok bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return env, false
	}
	p := flatPlanFor(rv.Type().Elem())
	if p == nil || envelope && p.noEnvelope {
		return env, false
	}
	d := flatDecoder{scanner: scanner{b: b}, envelope: envelope}
	if !d.whole(p, rv.Elem()) {
		return env, false
	}
	if p.fill {
		FillSlices(v)
	}
	if d.code != nil {
		env.see("code", d.code)
	}
	if d.message != nil {
		env.see("message", d.message)
		env.Message, env.messageRaw = decodeString(env.messageRaw), nil
	}
	return env, true
}

// whole decodes all of d.b, an object with nothing but whitespace around.
func (d *flatDecoder) whole(p *flatPlan, v reflect.Value) bool {
	d.ws()
	if !d.object(p, v, true) {
		return false
	}
	d.ws()
	return d.i == len(d.b)
}
