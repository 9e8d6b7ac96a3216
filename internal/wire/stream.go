package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

const listerBufSize, headBytes = 32 << 10, 4 << 10 // the read buffer; what Head keeps

// ErrTwoLists is the Lister's error for a body that holds its list twice
// (two of the list keys, or one key twice, each with an array): a stream
// cannot take back the elements of the first, as encoding/json would.
var ErrTwoLists = errors.New("wire: the body holds its list twice")

// ErrNotArray is the Lister's error for a list key whose value is neither
// an array nor null.
var ErrNotArray = errors.New("not an array")

// SyntaxError reports a body that is not a JSON object (raw control
// characters inside strings aside, which are accepted and escaped).
type SyntaxError struct {
	Offset int64  // bytes of the body before the fault
	Msg    string // what was wrong
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("wire: %s (at byte %d of the body)", e.Msg, e.Offset)
}

// The Lister's place in the body.
const (
	sStart   = iota // before the opening '{'
	sMembers        // among the envelope's members
	sList           // inside the list
	sDone           // the whole body was read
)

// Lister reads a Gensee JSON envelope object from r as bytes arrive and
// hands out the elements of its list (the array under one of its keys,
// such as "list" or "rollcall") one at a time. Its memory is a read buffer
// of 32 KiB, the body's first headBytes, and one element buffer grown to
// the largest element; the caller bounds the body (io.LimitReader).
//
// Keys match as encoding/json matches them (case folded); "code" and
// "message" are picked up as Normalize picks them up; every other member
// is checked and skipped. A list key whose value is null counts as absent,
// a body without the list has an empty one.
type Lister struct {
	r    io.Reader
	keys []string

	buf      []byte // buf[pos:end] is read and not yet consumed
	pos, end int
	off      int64 // bytes of the body before buf[0]
	eof      bool
	rerr     error // r's error
	head     []byte

	stage         int
	after         bool // sMembers: a member was read, ',' or '}' comes next
	elems         int  // sList: the elements read
	seenList      bool
	err           error
	env           Envelope // its messageRaw, when set, is msgRaw
	msgRaw        []byte
	raw, key, out []byte // a value spread over reads; a member's key; a normalized element

	lastT reflect.Type // the last type decoded, and its schema
	lastS *schema
	strs  stringArena   // the string fields of a flat row being decoded
	dec   *json.Decoder // Decode's for rows that are not flat, reused until it fails
	rd    bytes.Reader  // what dec reads: the element at hand
}

// NewLister returns a Lister of the body r whose list is under one of keys.
func NewLister(r io.Reader, keys ...string) *Lister {
	return &Lister{r: r, keys: keys, buf: make([]byte, listerBufSize), out: make([]byte, 0, 1024)}
}

// Decode reads the next element of the list into v (a non-nil pointer) as
// json.Unmarshal of the element normalized for v's type would: by the flat
// decoder for a flat type (see DecodeFlat), else (or when the flat decoder
// gives up) normalized and decoded by encoding/json. ok is false at the end
// of the list or at an error of the body (see Err); err is the element's
// own decoding error, after which the list goes on.
func (l *Lister) Decode(v any) (ok bool, err error) {
	raw, ok := l.nextRaw()
	if !ok {
		return false, nil
	}
	rv := reflect.ValueOf(v)
	s := l.schema(reflect.TypeOf(v)) // *T's schema is T's
	if s.flat && rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
		d := flatDecoder{Scanner: Scanner{b: raw}, strs: &l.strs}
		ok := d.object(s, rv.Elem(), false) && d.i == len(raw)
		if l.strs.flush(ok); ok {
			return true, nil
		}
		rv.Elem().SetZero()
	}
	b, ok := l.normalize(raw, s)
	if !ok {
		return false, nil
	}
	if l.dec == nil {
		l.dec = json.NewDecoder(&l.rd)
	}
	l.rd.Reset(b)
	if err = l.dec.Decode(v); err != nil {
		l.dec = nil // a decoder keeps some errors: the next element gets a new one
	}
	return true, err
}

// nextRaw returns the bytes of the next element that is not null.
func (l *Lister) nextRaw() ([]byte, bool) {
	l.readPrelude()
	for {
		raw, ok := l.element(true)
		if !ok || string(raw) != "null" {
			return raw, ok
		}
	}
}

// normalize returns the element raw normalized for s, or fails the list.
func (l *Lister) normalize(raw []byte, s *schema) ([]byte, bool) {
	f := fixer{Scanner: Scanner{b: raw}, out: l.out[:0]}
	if f.value(s, 1); f.bad || f.i != len(raw) {
		l.failAt(raw, f.i, "an element of the list is not JSON")
		return nil, false
	}
	l.out = f.result()
	return l.out, true
}

// Envelope returns what was read of the envelope so far, as Normalize finds
// it. Before the first Next it reads up to the list's '[' (the whole body
// when there is no list), so that a caller can refuse a non-zero code
// before anything is handed out; a code after the list is known once
// Finish has read it.
func (l *Lister) Envelope() Envelope {
	l.readPrelude()
	env := l.env
	env.done()
	return env
}

// Finish reads the rest of the body and returns the whole envelope, or the
// first error: a *SyntaxError, ErrTwoLists, ErrNotArray, or the reader's
// error (wrapped).
func (l *Lister) Finish() (Envelope, error) {
	for l.readPrelude(); l.err == nil && l.stage != sDone; l.members() {
		for l.stage == sList {
			if _, ok := l.element(false); !ok {
				break
			}
		}
	}
	return l.Envelope(), l.err
}

// Err returns the error that ended the list, or nil.
func (l *Lister) Err() error { return l.err }

// BytesRead returns how many bytes were read from r so far.
func (l *Lister) BytesRead() int64 { return l.off + int64(l.end) }

// Head returns the first bytes of the body (up to headBytes of what was
// read), for the excerpt of an error.
func (l *Lister) Head() []byte { return l.head }

func (l *Lister) readPrelude() {
	if l.stage == sStart {
		l.members()
	}
}

func (l *Lister) schema(t reflect.Type) *schema {
	if t != l.lastT || l.lastS == nil {
		l.lastT, l.lastS = t, schemaFor(t)
	}
	return l.lastS
}

func (l *Lister) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

func (l *Lister) syntax(msg string) {
	l.fail(&SyntaxError{Offset: l.off + int64(l.pos), Msg: msg})
}

// failAt reports a syntax error at tok[i], tok being the value just read.
func (l *Lister) failAt(tok []byte, i int, msg string) {
	l.fail(&SyntaxError{Offset: l.off + int64(l.pos) - int64(len(tok)) + int64(min(i, len(tok))), Msg: msg})
}

// expected reports what is missing at the next byte, or the body's end.
func (l *Lister) expected(what string) {
	if _, more := l.peek(); more {
		l.syntax("expected " + what)
		return
	}
	l.ended()
}

// ended reports the body's end where more was expected.
func (l *Lister) ended() {
	if l.rerr != nil {
		l.fail(fmt.Errorf("wire: reading the body: %w", l.rerr))
		return
	}
	l.syntax("unexpected end of the body")
}

// fill reads the next bytes of the body into buf, from its start.
func (l *Lister) fill() bool {
	if l.eof || l.rerr != nil {
		return false
	}
	l.off += int64(l.end)
	l.pos, l.end = 0, 0
	for range 100 {
		n, err := l.r.Read(l.buf)
		l.end = n
		if l.head == nil {
			l.head = make([]byte, 0, headBytes)
		}
		if len(l.head) < headBytes && n > 0 {
			l.head = append(l.head, l.buf[:min(n, headBytes-len(l.head))]...)
		}
		if err == io.EOF {
			l.eof = true
		} else if err != nil {
			l.rerr = err
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
	l.rerr = io.ErrNoProgress
	return false
}

// peek skips whitespace and returns the next byte, not consuming it.
func (l *Lister) peek() (byte, bool) {
	for {
		s := Scanner{b: l.buf[:l.end], i: l.pos}
		if s.Space(); s.i < l.end {
			l.pos = s.i
			return l.buf[l.pos], true
		}
		if !l.fill() {
			return 0, false
		}
	}
}

// sep reads what follows a member or an element: ',' (more) or the closing
// byte of want; anything else fails the body.
func (l *Lister) sep(want, what string) (more, ok bool) {
	c, ok := l.take(want)
	if !ok {
		l.expected(what)
	}
	return c == ',', ok
}

// take consumes the next byte when it is one of want.
func (l *Lister) take(want string) (byte, bool) {
	if c, ok := l.peek(); ok && strings.IndexByte(want, c) >= 0 {
		l.pos++
		return c, true
	}
	return 0, false
}

// members reads the envelope's members up to the list's '[' (stage sList)
// or the end of the body (sDone).
func (l *Lister) members() {
	if l.stage == sStart {
		if _, ok := l.take("{"); !ok && l.rerr != nil {
			l.ended()
			return
		} else if !ok {
			l.syntax("the body is not a JSON object")
			return
		}
		l.stage = sMembers
		if _, ok := l.take("}"); ok {
			l.stage = sDone
		}
	}
	for l.err == nil && l.stage == sMembers {
		if l.after {
			if more, ok := l.sep(",}", "',' or '}' after a member"); !ok {
				return
			} else if !more {
				l.stage = sDone
				break
			}
		}
		l.after = true
		if c, ok := l.peek(); !ok || c != '"' {
			l.expected("a key")
			return
		}
		tok, ok := l.value(0)
		if !ok {
			return
		}
		// tok lies in buf, which peek refills
		if inner, plain := plainString(tok); plain {
			l.key = append(l.key[:0], inner...)
		} else {
			l.key = append(l.key[:0], decodeString(tok)...)
		}
		if _, ok := l.take(":"); !ok {
			l.expected("':' after a key")
			return
		}
		if l.memberValue(l.key) {
			return // at the list
		}
	}
	if l.stage == sDone && l.err == nil {
		if _, more := l.peek(); more {
			l.syntax("data after the JSON object")
		} else if l.rerr != nil {
			l.ended()
		}
	}
}

// memberValue reads the value of the member key: the list (true: stopped
// after its '['), the code, the message, or another value, skipped.
func (l *Lister) memberValue(key []byte) bool {
	if l.isList(key) {
		switch c, ok := l.peek(); {
		case ok && c == '[' && l.seenList:
			l.fail(ErrTwoLists)
			return false
		case ok && c == '[':
			l.pos++
			l.seenList, l.stage, l.elems = true, sList, 0
			return true
		case ok && c != 'n': // not null either: refused before reading it
			l.fail(fmt.Errorf("wire: the list %q is %w", key, ErrNotArray))
			return false
		}
	}
	tok, ok := l.value(0)
	if ok && (string(key) == "code" || string(key) == "message") {
		if l.env.see(string(key), tok); l.env.messageRaw != nil {
			l.msgRaw = append(l.msgRaw[:0], l.env.messageRaw...) // tok lies in buf
			l.env.messageRaw = l.msgRaw
		}
	}
	return false
}

func (l *Lister) isList(key []byte) bool {
	for _, k := range l.keys {
		if strings.EqualFold(k, string(key)) {
			return true
		}
	}
	return false
}

// element reads the next element of the list: its bytes (with keep,
// unchecked: decoding them checks them), or false at the list's end (stage
// sMembers) or an error.
func (l *Lister) element(keep bool) ([]byte, bool) {
	if l.err != nil || l.stage != sList {
		return nil, false
	}
	more, ok := true, true
	if l.elems > 0 {
		more, ok = l.sep(",]", "',' or ']' in the list")
	} else if _, end := l.take("]"); end {
		more = false
	}
	if !more {
		if ok {
			l.stage = sMembers
		}
		return nil, false
	}
	l.elems++
	if keep {
		return l.span()
	}
	return l.value(1)
}

// span reads the bytes of one value across reads, quickly: it follows
// strings and counts brackets, leaving the checking to the fixer or the
// flat decoder. They are valid until the next read (in buf, or in l.raw
// when the value spans reads).
func (l *Lister) span() ([]byte, bool) {
	if _, ok := l.peek(); !ok {
		l.ended()
		return nil, false
	}
	l.raw = l.raw[:0]
	start := l.pos
	var depth int
	var inStr, esc, scalar bool
	for {
		buf := l.buf[:l.end]
		for i := l.pos; i < len(buf); i++ {
			c := buf[i]
			switch {
			case esc:
				esc = false // the escaped byte, which the fixer checks with the escape
				continue
			case inStr:
				for i < len(buf) && buf[i] != '"' && buf[i] != '\\' {
					i++
				}
				if i == len(buf) {
					continue // the string goes on in the next read
				}
				if esc = buf[i] == '\\'; !esc {
					inStr = false
					if depth == 0 {
						return l.spanned(start, i+1), true
					}
				}
				continue
			case scalar:
				if !isLiteralByte(c) {
					return l.spanned(start, i), true
				}
				continue
			}
			switch {
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case (c == '}' || c == ']') && depth > 0:
				if depth--; depth == 0 {
					return l.spanned(start, i+1), true
				}
			case depth == 0 && isLiteralByte(c):
				scalar = true
			case depth == 0:
				l.pos = i
				l.syntax(fmt.Sprintf("invalid character %q looking for an element", c))
				return nil, false
			}
		}
		l.raw = append(l.raw, l.buf[start:l.end]...)
		start, l.pos = 0, l.end
		if !l.fill() {
			if l.rerr == nil && scalar {
				return l.raw, true
			}
			l.ended()
			return nil, false
		}
	}
}

// spanned ends span at buf[i], returning the value's bytes.
func (l *Lister) spanned(start, i int) []byte {
	if l.pos = i; len(l.raw) > 0 {
		l.raw = append(l.raw, l.buf[start:i]...)
		return l.raw
	}
	return l.buf[start:i]
}

// value reads one value with span and checks it with the fixer, at depth
// as Normalize counts it.
func (l *Lister) value(depth int) ([]byte, bool) {
	tok, ok := l.span()
	if !ok {
		return nil, false
	}
	f := fixer{Scanner: Scanner{b: tok}, dry: true}
	if f.value(anySchema, depth); f.bad || f.i != len(tok) {
		l.failAt(tok, f.i, "a value of the body is not JSON")
		return nil, false
	}
	return tok, true
}
