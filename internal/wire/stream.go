package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// The Lister's memory: one read buffer of listerBufSize bytes, the first
// HeadBytes bytes of the body kept for error excerpts, and one element
// buffer that grows to the largest element.
const (
	listerBufSize = 32 << 10
	// HeadBytes is how much of the body's beginning Head keeps.
	HeadBytes = 4 << 10
)

// ErrTwoLists is the Lister's error for a body that holds its list twice
// (two of the list keys, or one key twice, each with an array): a stream
// cannot take back the elements of the first, as encoding/json would.
var ErrTwoLists = errors.New("wire: the body holds its list twice")

// ErrNotArray is the Lister's error for a list key whose value is neither
// an array nor null (encoding/json's *UnmarshalTypeError in the one-shot
// path).
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

// The Lister's place in the envelope.
type listerState uint8

const (
	sStart  listerState = iota // before the opening '{'
	sMember                    // before a member's key
	sAfter                     // after a member's value: ',' or '}'
	sList                      // inside the list
	sTail                      // after the closing '}': only whitespace may follow
	sDone                      // the whole body was read
)

// Lister reads a Gensee JSON envelope object from r as bytes arrive and
// hands out the elements of its list (the array under one of its keys,
// such as "list", "rollcall" or "coursewares") one at a time, holding
// neither the body nor the earlier elements: its memory is a read buffer
// of 32 KiB, the body's first HeadBytes, and one element buffer reused
// (grown to the largest element). The caller bounds the body, with an
// io.LimitReader for instance.
//
// Keys match as encoding/json matches them (case folded); "code" and
// "message" are picked up as Normalize picks them up; every other member
// is checked and skipped without being kept. A list key whose value is null
// counts as absent, a body without the list has an empty one.
type Lister struct {
	r    io.Reader
	keys []string

	buf      []byte // the read buffer; buf[pos:end] is not yet consumed
	pos, end int
	off      int64 // bytes of the body before buf[0]
	eof      bool  // r said io.EOF
	rerr     error // r failed
	head     []byte

	state    listerState
	prelude  bool // the envelope was read up to the list
	seenList bool
	more     bool // in the list: an element was read, ',' or ']' comes next
	needElem bool // in the list: after ',', an element must come
	err      error

	env    Envelope
	msgRaw []byte // the message's JSON string token, decoded in Envelope
	msgSet bool

	raw []byte // an element (or key) spread over more than one read
	key []byte // the member's key
	out []byte // the element handed out by Next

	lastT reflect.Type // the last type of Next or Decode, and its schema
	lastS *schema
	strs  stringArena // the string fields of the row being decoded (flat rows)

	dec  *json.Decoder // Decode's, reused for every element
	feed feed          // what dec reads: the element at hand
}

// feed hands one element to Decode's json.Decoder, then io.EOF.
type feed struct{ b []byte }

func (f *feed) Read(p []byte) (int, error) {
	if len(f.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, f.b)
	f.b = f.b[n:]
	return n, nil
}

// NewLister returns a Lister of the body r whose list is under one of keys.
func NewLister(r io.Reader, keys ...string) *Lister {
	return &Lister{
		r:    r,
		keys: keys,
		buf:  make([]byte, listerBufSize),
		out:  make([]byte, 0, 1024),
	}
}

// Next returns the next element of the list, normalized for t exactly as
// Normalize normalizes the elements of a []t (raw control characters
// escaped, quoted numbers and booleans reshaped for t's fields), so that
// json.Unmarshal(b, &elem) works; the bytes are valid until the next call.
// It returns false at the end of the list, at an error (see Err), or when
// the body has no list (a missing list is an empty one). A null element is
// skipped. Every element Next returns is valid JSON.
func (l *Lister) Next(t reflect.Type) ([]byte, bool) {
	raw, ok := l.nextRaw()
	if !ok {
		return nil, false
	}
	return l.normalize(raw, t)
}

// nextRaw returns the bytes of the next element that is not null.
func (l *Lister) nextRaw() ([]byte, bool) {
	l.readPrelude()
	for l.err == nil && l.state == sList {
		raw, ok := l.element(true)
		if !ok || string(raw) != "null" {
			return raw, ok
		}
	}
	return nil, false
}

// normalize returns the element raw (just read) normalized for t, or fails
// the list when it is not JSON.
func (l *Lister) normalize(raw []byte, t reflect.Type) ([]byte, bool) {
	f := fixer{scanner: scanner{b: raw}, out: l.out[:0]}
	f.value(l.schema(t), 1)
	if f.bad || f.i != len(raw) {
		at := l.off + int64(l.pos) - int64(len(raw)) + int64(min(f.i, len(raw)))
		l.fail(&SyntaxError{Offset: at, Msg: "an element of the list is not JSON"})
		return nil, false
	}
	l.out = f.result()
	return l.out, true
}

// Decode reads the next element of the list into v (a non-nil pointer) as
// json.Unmarshal of Next(reflect.TypeOf(v))'s bytes would, then makes its
// nil slices empty as FillSlices does. ok is false at the end of the list
// or at an error of the body (see Err); err is the element's own decoding
// error (a *json.UnmarshalTypeError, say), after which the list goes on.
//
// An element of a flat type (see DecodeFlat) is decoded by the flat decoder
// in one pass over its bytes, raw control characters included. Any other
// element, and one the flat decoder leaves to encoding/json (v zeroed), is
// normalized and decoded by one json.Decoder that serves the whole list, so
// that an element costs no decoder of its own.
func (l *Lister) Decode(v any) (ok bool, err error) {
	raw, ok := l.nextRaw()
	if !ok {
		return false, nil
	}
	// The schema of *T is T's, and so is its flat plan.
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Struct {
		if p := l.schema(rv.Type()).flat; p != nil {
			d := flatDecoder{scanner: scanner{b: raw}, strs: &l.strs}
			if d.whole(p, rv.Elem()) {
				l.strs.flush()
				if p.fill {
					FillSlices(v)
				}
				return true, nil
			}
			l.strs.reset()
			rv.Elem().SetZero()
		}
	}
	b, ok := l.normalize(raw, reflect.TypeOf(v))
	if !ok {
		return false, nil
	}
	if l.dec == nil {
		l.dec = json.NewDecoder(&l.feed)
	}
	l.feed.b = b
	if err = l.dec.Decode(v); err != nil {
		l.dec = nil // a decoder keeps some errors: the next element gets a new one
	}
	FillSlices(v)
	return true, err
}

// Envelope returns what was read of the envelope so far: its Code, CodeSet
// and Message as Normalize finds them. Before the first Next it reads up to
// the list's '[' (the whole body when there is no list), so that a caller
// can refuse a non-zero code before handing out anything; a code that comes
// after the list is known once Finish has read it.
func (l *Lister) Envelope() Envelope {
	l.readPrelude()
	env := l.env
	if l.msgSet {
		env.Message = decodeString(l.msgRaw)
	}
	return env
}

// Finish reads the rest of the body (the rest of the list, unnormalized,
// and the members after it) and returns the whole envelope, or the first
// error: a *SyntaxError, ErrTwoLists, a list key holding something else
// than an array, or the reader's error (wrapped).
func (l *Lister) Finish() (Envelope, error) {
	l.readPrelude()
	for l.err == nil && l.state != sDone {
		if l.state == sList {
			for {
				if _, ok := l.element(false); !ok {
					break
				}
			}
			continue
		}
		l.members()
	}
	return l.Envelope(), l.err
}

// Err returns the error that ended the list, or nil.
func (l *Lister) Err() error { return l.err }

// BytesRead returns how many bytes were read from r so far.
func (l *Lister) BytesRead() int64 { return l.off + int64(l.end) }

// Head returns the first bytes of the body (up to HeadBytes of what was
// read), for the excerpt of an error.
func (l *Lister) Head() []byte { return l.head }

func (l *Lister) readPrelude() {
	if !l.prelude {
		l.prelude = true
		l.members()
	}
}

func (l *Lister) schema(t reflect.Type) *schema {
	if t == nil {
		return anySchema
	}
	if t != l.lastT {
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

// ended reports the end of the body where more was expected: the
// reader's error, or a truncated body.
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
		if len(l.head) < HeadBytes && n > 0 {
			if l.head == nil {
				l.head = make([]byte, 0, HeadBytes)
			}
			l.head = append(l.head, l.buf[:min(n, HeadBytes-len(l.head))]...)
		}
		switch {
		case err == io.EOF:
			l.eof = true
		case err != nil:
			l.rerr = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	l.rerr = io.ErrNoProgress
	return false
}

// peek skips whitespace and returns the next byte, not consuming it.
func (l *Lister) peek() (byte, bool) {
	for {
		for l.pos < l.end {
			switch c := l.buf[l.pos]; c {
			case ' ', '\t', '\n', '\r':
				l.pos++
			default:
				return c, true
			}
		}
		if !l.fill() {
			return 0, false
		}
	}
}

// members reads members of the envelope until the list's '[' (state
// sList) or the end of the body (sDone), or an error.
func (l *Lister) members() {
	for l.err == nil {
		switch l.state {
		case sStart:
			c, ok := l.peek()
			if !ok || c != '{' {
				if l.rerr != nil {
					l.ended()
				} else {
					l.syntax("the body is not a JSON object")
				}
				return
			}
			l.pos++
			if c, ok := l.peek(); ok && c == '}' {
				l.pos++
				l.state = sTail
				continue
			}
			l.state = sMember
		case sMember:
			if c, ok := l.peek(); !ok || c != '"' {
				l.expected(ok, "a key")
				return
			}
			tok, ok := l.value(0)
			if !ok {
				return
			}
			l.key = append(l.key[:0], keyText(tok)...) // tok may lie in buf, which peek refills
			key := l.key
			if c, ok := l.peek(); !ok || c != ':' {
				l.expected(ok, "':' after a key")
				return
			}
			l.pos++
			if l.member(key) {
				return // at the list
			}
		case sAfter:
			c, ok := l.peek()
			switch {
			case ok && c == ',':
				l.pos++
				l.state = sMember
			case ok && c == '}':
				l.pos++
				l.state = sTail
			default:
				l.expected(ok, "',' or '}' after a member")
				return
			}
		case sTail:
			if _, ok := l.peek(); ok {
				l.syntax("data after the JSON object")
				return
			}
			if l.rerr != nil {
				l.ended()
				return
			}
			l.state = sDone
		default: // sList, sDone
			return
		}
	}
}

// member reads the value of the member key: the list (true: stopped at
// its '['), the code, the message, or any other value, skipped.
func (l *Lister) member(key []byte) bool {
	l.state = sAfter
	switch {
	case l.isList(key):
		c, ok := l.peek()
		if ok && c == '[' {
			if l.seenList {
				l.fail(ErrTwoLists)
				return false
			}
			l.seenList = true
			l.pos++
			l.state, l.more, l.needElem = sList, false, false
			return true
		}
		if ok && c != 'n' { // not null either: refused before reading it
			l.fail(fmt.Errorf("wire: the list %q is %w", key, ErrNotArray))
			return false
		}
		l.value(0) // null, checked
	case string(key) == "code" || string(key) == "message":
		if tok, ok := l.value(0); ok {
			l.env.see(string(key), tok)
			if l.env.messageRaw != nil { // tok lies in buf, which the next read overwrites
				l.msgRaw, l.msgSet, l.env.messageRaw = append(l.msgRaw[:0], tok...), true, nil
			}
		}
	default:
		l.value(0)
	}
	return false
}

// expected reports a missing byte: the end of the body, or another byte.
func (l *Lister) expected(more bool, what string) {
	if !more {
		l.ended()
		return
	}
	l.syntax("expected " + what)
}

// keyText returns the text of a key's string token, decoded when it holds
// escapes or control characters.
func keyText(tok []byte) []byte {
	inner := tok[1 : len(tok)-1]
	for _, c := range inner {
		if c == '\\' || c < 0x20 {
			return []byte(decodeString(tok))
		}
	}
	return inner
}

func (l *Lister) isList(key []byte) bool {
	for _, k := range l.keys {
		if len(k) == len(key) && k == string(key) || strings.EqualFold(k, string(key)) {
			return true
		}
	}
	return false
}

// element reads the next element of the list: its bytes (with keep), or
// false at the list's end (state sAfter) or an error.
func (l *Lister) element(keep bool) ([]byte, bool) {
	for l.err == nil && l.state == sList {
		c, ok := l.peek()
		if !ok {
			l.ended()
			return nil, false
		}
		if l.more {
			switch c {
			case ',':
				l.pos++
				l.more, l.needElem = false, true
				continue
			case ']':
				l.pos++
				l.state = sAfter
				return nil, false
			}
			l.syntax("expected ',' or ']' in the list")
			return nil, false
		}
		if c == ']' && !l.needElem {
			l.pos++
			l.state = sAfter
			return nil, false
		}
		var tok []byte
		if keep {
			tok, ok = l.span()
		} else {
			tok, ok = l.value(1)
		}
		if !ok {
			return nil, false
		}
		l.more, l.needElem = true, false
		return tok, true
	}
	return nil, false
}
