package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The flat decoder: one pass over a JSON object into a struct whose fields
// are scalars, scalar-decoding json.Unmarshaler types (Time) or lists of
// pointers to such structs. It gives what encoding/json gives after
// Normalize, or gives up (an escape in a string, a quoted number, a value
// it does not know, a decoding error), and the caller then decodes the
// bytes the usual way, which also decides the error. A raw control
// character inside a string is kept, as escaping and decoding it would.

// flatField checks sf, the next field of s (see build), for the flat
// decoder, which sets a field by its schema's kind (kAny: an Unmarshaler,
// kArray: a list []*T of flat structs without lists); false when the field
// makes the struct not flat.
func (s *schema) flatField(f *field, sf Field) bool {
	if sf.Opts != "" && sf.Opts != "omitempty" && sf.Opts != "omitzero" || !plainName(f.name) {
		return false // ",string" and the like, or a name to fold: encoding/json's business
	}
	for _, g := range s.fields {
		if strings.EqualFold(g.name, f.name) {
			return false // two fields of one (folded) name: encoding/json's rules
		}
	}
	s.noEnvelope = s.noEnvelope || strings.EqualFold(f.name, "code") || strings.EqualFold(f.name, "message")
	ft, e := sf.Type, f.s.elem
	switch f.s.kind {
	case kAny: // a type that decodes itself, or one the flat decoder does not know
		return ft.Kind() != reflect.Pointer && ft.Kind() != reflect.Interface && reflect.PointerTo(ft).Implements(unmarshalerType)
	case kObject:
		return false
	case kArray:
		if ft.Kind() != reflect.Slice || ft.Elem().Kind() != reflect.Pointer || e == nil || !e.flat || e.lists {
			return false
		}
		f.ptr, s.lists = ft.Elem(), true
	case kFloat:
		f.bits = ft.Bits()
	}
	f.unsigned = ft.Kind() >= reflect.Uint && ft.Kind() <= reflect.Uint64
	return ft.Kind() != reflect.Pointer
}

// plainName: a JSON name of ASCII letters, digits and '_' only.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// flatDecoder is one decoding, with the envelope's tokens seen.
type flatDecoder struct {
	Scanner
	envelope      bool
	code, message []byte
	strs          *stringArena // nil: each string field gets its own allocation
}

// stringArena gathers the string fields of one row so that they share one
// allocation, set by flush once the row decoded: six short strings cost
// one allocation instead of six (a 200,000-row export keeps every row).
type stringArena struct {
	buf  []byte
	pend []pendingString
}

type pendingString struct {
	v      reflect.Value
	off, n int
}

// add gathers s for v. An empty string is kept too: a key given twice
// ("name":"a","name":"") must end as the last one left it.
func (a *stringArena) add(v reflect.Value, s []byte) {
	a.pend = append(a.pend, pendingString{v, len(a.buf), len(s)})
	a.buf = append(a.buf, s...)
}

// flush sets the gathered fields (when set is true), then forgets them.
func (a *stringArena) flush(set bool) {
	if set && len(a.pend) > 0 {
		all := string(a.buf)
		for _, p := range a.pend {
			p.v.SetString(all[p.off : p.off+p.n])
		}
	}
	clear(a.pend)
	a.pend, a.buf = a.pend[:0], a.buf[:0]
}

// str reads a string's contents; ok is false for an escape (left to
// encoding/json), invalid UTF-8, or (unless ctl) a raw control character.
func (d *flatDecoder) str(ctl bool) ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	s, esc, c, high, ok := d.Str()
	return s, ok && !esc && (ctl || !c) && (!high || utf8.Valid(s))
}

// scalar reads a scalar token (a string as str(false) reads it).
func (d *flatDecoder) scalar() ([]byte, bool) {
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '"' {
		_, ok := d.str(false)
		return d.b[start:d.i], ok
	}
	return d.Scalar()
}

// object decodes an object into v, a struct of schema p.
func (d *flatDecoder) object(p *schema, v reflect.Value, top bool) bool {
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return false
	}
	d.i++
	if d.Space(); d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return true
	}
	hint := 0 // the field after the last one
	for {
		d.Space()
		key, ok := d.str(false)
		if d.Space(); !ok || d.i >= len(d.b) || d.b[d.i] != ':' {
			return false
		}
		d.i++
		d.Space()
		// The envelope's members first: no field is named like them (noEnvelope).
		envelope, at := top && d.envelope && (string(key) == "code" || string(key) == "message"), -1
		if !envelope {
			at = p.findFrom(key, hint)
		}
		switch {
		case envelope && key[0] == 'c':
			d.code, ok = d.scalar()
		case envelope:
			d.message, ok = d.scalar()
		case at >= 0:
			hint, ok = at+1, d.field(&p.fields[at], v)
		case plainKey(key): // a member no field takes: its strings may hold controls
			if ok = true; d.i < len(d.b) && d.b[d.i] == '"' {
				_, ok = d.str(true)
			} else {
				_, ok = d.scalar()
			}
		default: // a key encoding/json may fold into a field, not ASCII, is left to it
			return false
		}
		if !ok {
			return false
		}
		if more, ok := d.Sep('}'); !more {
			return ok
		}
	}
}

// findFrom is find, trying first the field at hint: rows repeat their keys'
// order.
func (p *schema) findFrom(key []byte, hint int) int {
	if hint < len(p.names) && p.names[hint] == string(key) {
		return hint
	}
	return p.find(key, true)
}

// plainKey: an ASCII key (which p.find matched, folded, if it could).
func plainKey(key []byte) bool {
	return !bytes.ContainsFunc(key, func(r rune) bool { return r >= utf8.RuneSelf })
}

// field decodes a value into f of v.
func (d *flatDecoder) field(f *field, v reflect.Value) bool {
	if d.i < len(d.b) && d.b[d.i] == 'n' && f.s.kind != kAny {
		_, ok := d.literal() // null leaves the field as it is
		return ok
	}
	fv := v.Field(f.index)
	switch f.s.kind {
	case kString:
		s, ok := d.str(true)
		if ok && d.strs != nil {
			d.strs.add(fv, s)
		} else if ok {
			fv.SetString(string(s))
		}
		return ok
	case kBool:
		tok, ok := d.literal()
		if ok {
			fv.SetBool(tok[0] == 't')
		}
		return ok
	case kInt:
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
		case !ok || neg && f.unsigned:
			return false
		case f.unsigned && !fv.OverflowUint(u):
			fv.SetUint(u)
		case !f.unsigned && neg && u <= 1<<63 && !fv.OverflowInt(-int64(u)):
			fv.SetInt(-int64(u))
		case !f.unsigned && !neg && u < 1<<63 && !fv.OverflowInt(int64(u)):
			fv.SetInt(int64(u))
		default:
			return false
		}
	case kFloat:
		tok, _, ok := d.number()
		if !ok {
			return false
		}
		n, err := strconv.ParseFloat(string(tok), f.bits)
		if err != nil {
			return false
		}
		fv.SetFloat(n)
	case kAny: // an Unmarshaler, handed scalar tokens
		tok, ok := d.scalar()
		return ok && fv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(tok) == nil
	case kArray:
		return d.list(f, fv)
	}
	return true
}

// list decodes an array of objects (or nulls) into fv, a []*T.
func (d *flatDecoder) list(f *field, fv reflect.Value) bool {
	if d.i >= len(d.b) || d.b[d.i] != '[' {
		return false
	}
	d.i++
	s := reflect.MakeSlice(fv.Type(), 0, 4)
	if d.Space(); d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		fv.Set(s)
		return true
	}
	for {
		if d.Space(); d.i < len(d.b) && d.b[d.i] == 'n' {
			if tok, ok := d.literal(); !ok || tok[0] != 'n' {
				return false
			}
			s = reflect.Append(s, reflect.Zero(f.ptr))
		} else {
			e := reflect.New(f.ptr.Elem())
			if !d.object(f.s.elem, e.Elem(), false) {
				return false
			}
			s = reflect.Append(s, e)
		}
		if more, ok := d.Sep(']'); !more {
			if ok {
				fv.Set(s)
			}
			return ok
		}
	}
}

// DecodeFlat decodes the JSON object b into v (a non-nil pointer to a zero
// struct) in one pass, as json.Unmarshal of b normalized for v's type
// would, and reads the envelope's "code" and "message" as Normalize reads
// them (unless v's type has fields named like them). ok is false when v's
// type is not flat or b holds what the flat decoder leaves to
// encoding/json; v may then be partly set, and must be zeroed.
func DecodeFlat(b []byte, v any) (env Envelope, ok bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return env, false
	}
	p := schemaFor(rv.Type())
	if !p.flat {
		return env, false
	}
	d := flatDecoder{Scanner: Scanner{b: b}, envelope: !p.noEnvelope}
	d.Space()
	ok = d.object(p, rv.Elem(), true)
	if d.Space(); !ok || d.i != len(b) {
		return env, false
	}
	env.see("code", d.code)
	env.see("message", d.message)
	env.done()
	return env, true
}
