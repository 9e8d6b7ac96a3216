package wire

import "fmt"

// The Lister's one streaming scan: span finds the end of a value across
// reads; what the value holds is checked (value), normalized or decoded by
// the in-memory scanners once its bytes are at hand.

// span reads the bytes of one value quickly: it follows strings and counts
// brackets, and leaves the checking to the fixer (or the flat decoder, which
// leaves to the fixer whatever it does not take), which refuses what
// encoding/json refuses. The bytes are valid until the next read: a slice
// of buf when the value lies in one read, l.raw when it spans several.
func (l *Lister) span() ([]byte, bool) {
	if _, ok := l.peek(); !ok {
		l.ended()
		return nil, false
	}
	l.raw = l.raw[:0]
	spanned := false
	start := l.pos
	var (
		depth  int
		inStr  bool
		esc    bool // after a backslash
		scalar bool // a number or literal element: it ends at the first other byte
		begun  bool
	)
	for {
		if l.pos >= l.end {
			if spanned || l.pos > start {
				l.raw = append(l.raw, l.buf[start:l.end]...)
				spanned = true
			}
			if !l.fill() {
				if l.rerr == nil && scalar {
					return l.raw, true
				}
				l.ended()
				return nil, false
			}
			start = 0
		}
		buf := l.buf[:l.end]
		i := l.pos
		for i < len(buf) {
			c := buf[i]
			switch {
			case esc:
				esc = false // the escaped byte, which the fixer checks with the escape
				i++
				continue
			case inStr:
				for i < len(buf) && buf[i] != '"' && buf[i] != '\\' {
					i++
				}
				if i == len(buf) {
					continue
				}
				if buf[i] == '\\' {
					esc = true
					i++
					continue
				}
				inStr = false
				i++
				if depth == 0 {
					return l.spanned(buf, start, i, spanned), true
				}
				continue
			case scalar:
				if isLiteralByte(c) {
					i++
					continue
				}
				return l.spanned(buf, start, i, spanned), true
			}
			switch {
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				if depth--; depth <= 0 {
					if depth < 0 || !begun {
						l.pos = i
						l.syntax(fmt.Sprintf("invalid character %q looking for an element", c))
						return nil, false
					}
					i++
					return l.spanned(buf, start, i, spanned), true
				}
			case !begun && isLiteralByte(c):
				scalar = true
			case !begun:
				l.pos = i
				l.syntax(fmt.Sprintf("invalid character %q looking for an element", c))
				return nil, false
			}
			begun = true
			i++
		}
		l.pos = i
	}
}

// spanned ends span at buf[i], returning the element's bytes.
func (l *Lister) spanned(buf []byte, start, i int, spanned bool) []byte {
	l.pos = i
	if spanned {
		l.raw = append(l.raw, buf[start:i]...)
		return l.raw
	}
	return buf[start:i]
}

// value reads one JSON value and checks it with the fixer (the one
// scanner of the in-memory paths), depth as Normalize counts it: span finds
// its end, the fixer refuses what encoding/json refuses (raw control
// characters inside strings aside). The bytes are valid until the next
// read.
func (l *Lister) value(depth int) ([]byte, bool) {
	tok, ok := l.span()
	if !ok {
		return nil, false
	}
	f := fixer{scanner: scanner{b: tok}, dry: true}
	f.value(anySchema, depth)
	if f.bad || f.i != len(tok) {
		at := l.off + int64(l.pos) - int64(len(tok)) + int64(min(f.i, len(tok)))
		l.fail(&SyntaxError{Offset: at, Msg: "a value of the body is not JSON"})
		return nil, false
	}
	return tok, true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
