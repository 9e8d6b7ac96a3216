package wire

import "fmt"

// The Lister's scanners: span finds an element's end quickly, value reads
// and checks any other value with the validator, a byte at a time.

// span reads the bytes of one element quickly: it follows strings (and
// checks their escapes) and counts brackets, and leaves the rest of the
// checking to the fixer that normalizes the element, which refuses what
// encoding/json refuses but escapes. The bytes are valid until the next
// read, as value's. Its refill loop has value's shape on purpose: the two
// inner loops differ (span counts brackets, value checks every byte), and a
// shared callback per byte would cost the hot path of every export.
func (l *Lister) span() ([]byte, bool) {
	if _, ok := l.peek(); !ok {
		l.ended()
		return nil, false
	}
	l.raw = l.raw[:0]
	l.ctl = false
	spanned := false
	start := l.pos
	var (
		depth  int
		inStr  bool
		esc    int  // after a backslash: 1; inside \uXXXX: 1 + the hex digits left
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
			case esc == 1:
				switch c {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
					esc = 0
				case 'u':
					esc = 5
				default:
					l.pos = i
					l.syntax(fmt.Sprintf("invalid escape \\%c in a string", c))
					return nil, false
				}
				i++
				continue
			case esc > 1:
				if !isHex(c) {
					l.pos = i
					l.syntax(fmt.Sprintf("invalid character %q in a \\u escape", c))
					return nil, false
				}
				if esc--; esc == 1 {
					esc = 0
				}
				i++
				continue
			case inStr:
				for i < len(buf) && buf[i] != '"' && buf[i] != '\\' {
					if buf[i] < 0x20 {
						l.ctl = true // a raw control character: Decode normalizes
					}
					i++
				}
				if i == len(buf) {
					continue
				}
				if buf[i] == '\\' {
					esc = 1
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

// value reads one JSON value, checking it. With keep it returns the
// value's bytes, valid until the next read: a slice of buf when the value
// lies in one read, l.raw when it spans several.
func (l *Lister) value(keep bool) ([]byte, bool) {
	if _, ok := l.peek(); !ok {
		l.ended()
		return nil, false
	}
	v := &l.v
	v.reset()
	l.raw = l.raw[:0]
	l.ctl = false
	spanned := false
	start := l.pos
	for {
		if l.pos >= l.end {
			if keep {
				l.raw = append(l.raw, l.buf[start:l.end]...)
				spanned = true
			}
			if !l.fill() {
				if l.rerr == nil && v.complete() {
					return l.raw, true
				}
				l.ended()
				return nil, false
			}
			start = 0
		}
		buf := l.buf[:l.end]
		i := l.pos
	scan:
		for i < len(buf) {
			if v.state == vStr {
				for i < len(buf) && buf[i] != '"' && buf[i] != '\\' {
					if buf[i] < 0x20 {
						l.ctl = true // a raw control character: Decode normalizes
					}
					i++
				}
				if i == len(buf) {
					break
				}
			}
			switch v.step(buf[i]) {
			case stepMore:
				i++
			case stepEnd:
				i++
				break scan
			case stepEndBefore:
				break scan
			default:
				l.pos = i
				l.syntax(v.err)
				return nil, false
			}
		}
		l.pos = i
		if v.state == vDone {
			if !keep {
				return nil, true
			}
			if spanned {
				l.raw = append(l.raw, buf[start:i]...)
				return l.raw, true
			}
			return buf[start:i], true
		}
	}
}

// validator checks one JSON value a byte at a time, as encoding/json's
// scanner does, except that raw control characters inside strings pass
// (Normalize escapes them).
type validator struct {
	state vstate
	stack []byte // the opening byte of each open container
	key   bool   // the string being read is an object's key
	hex   int    // in \uXXXX: digits left
	lit   string // in true, false or null: the literal
	litI  int
	err   string
}

type vstate uint8

const (
	vValue    vstate = iota // a value starts here
	vArrFirst               // after '[': a value or ']'
	vObjFirst               // after '{': a key or '}'
	vObjKey                 // after ',' in an object: a key
	vColon                  // after a key: ':'
	vAfter                  // after a value in a container: ',' or its closing byte
	vStr                    // inside a string
	vEsc                    // after a backslash
	vHex                    // inside \uXXXX
	vMinus                  // numbers: after '-'
	vZero                   // after a leading 0
	vInt                    // in the integer digits
	vDot                    // after '.'
	vFrac                   // in the fraction's digits
	vE                      // after 'e' or 'E'
	vESign                  // after the exponent's sign
	vExp                    // in the exponent's digits
	vLit                    // inside true, false or null
	vDone                   // the value is complete
)

// What step says of a byte.
const (
	stepMore      = iota // consumed; the value goes on
	stepEnd              // consumed; the value is complete
	stepEndBefore        // the value ended before this byte (a number), which is not consumed
	stepErr              // not JSON; see err
)

func (v *validator) reset() {
	v.state, v.stack, v.key, v.err = vValue, v.stack[:0], false, ""
}

// complete reports whether the value is complete at the end of the body:
// done, or a top-level number that the end cuts off.
func (v *validator) complete() bool {
	switch v.state {
	case vDone:
		return true
	case vZero, vInt, vFrac, vExp:
		if len(v.stack) == 0 {
			v.state = vDone
			return true
		}
	}
	return false
}

func (v *validator) fail(msg string) int {
	v.err = msg
	return stepErr
}

// ended marks the end of a scalar or container value.
func (v *validator) ended() int {
	if len(v.stack) == 0 {
		v.state = vDone
		return stepEnd
	}
	v.state = vAfter
	return stepMore
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// begin starts a value at c.
func (v *validator) begin(c byte) int {
	switch {
	case isSpace(c):
		return stepMore
	case c == '{' || c == '[':
		if len(v.stack) >= maxDepth {
			return v.fail("nested too deeply")
		}
		v.stack = append(v.stack, c)
		v.state = vObjFirst
		if c == '[' {
			v.state = vArrFirst
		}
	case c == '"':
		v.state, v.key = vStr, false
	case c == '-':
		v.state = vMinus
	case c == '0':
		v.state = vZero
	case c >= '1' && c <= '9':
		v.state = vInt
	case c == 't':
		v.state, v.lit, v.litI = vLit, "true", 1
	case c == 'f':
		v.state, v.lit, v.litI = vLit, "false", 1
	case c == 'n':
		v.state, v.lit, v.litI = vLit, "null", 1
	default:
		return v.fail(fmt.Sprintf("invalid character %q looking for a value", c))
	}
	return stepMore
}

// close ends the innermost container at c, which must match it.
func (v *validator) close(c byte) int {
	top := v.stack[len(v.stack)-1]
	if top == '{' && c != '}' || top == '[' && c != ']' {
		return v.fail(fmt.Sprintf("invalid character %q closing %q", c, top))
	}
	v.stack = v.stack[:len(v.stack)-1]
	return v.ended()
}

// numEnd ends a number before c: c belongs to what follows it.
func (v *validator) numEnd(c byte) int {
	if len(v.stack) == 0 {
		v.state = vDone
		return stepEndBefore
	}
	v.state = vAfter
	return v.step(c)
}

// step reads one byte of the value.
func (v *validator) step(c byte) int {
	switch v.state {
	case vValue:
		return v.begin(c)
	case vArrFirst:
		if c == ']' {
			return v.close(c)
		}
		return v.begin(c)
	case vObjFirst, vObjKey:
		switch {
		case isSpace(c):
		case c == '"':
			v.state, v.key = vStr, true
		case c == '}' && v.state == vObjFirst:
			return v.close(c)
		default:
			return v.fail(fmt.Sprintf("invalid character %q looking for a key", c))
		}
	case vColon:
		switch {
		case isSpace(c):
		case c == ':':
			v.state = vValue
		default:
			return v.fail(fmt.Sprintf("invalid character %q after a key", c))
		}
	case vAfter:
		switch {
		case isSpace(c):
		case c == ',':
			v.state = vValue
			if v.stack[len(v.stack)-1] == '{' {
				v.state = vObjKey
			}
		case c == '}' || c == ']':
			return v.close(c)
		default:
			return v.fail(fmt.Sprintf("invalid character %q after a value", c))
		}
	case vStr:
		switch c {
		case '"':
			if v.key {
				v.state = vColon
				return stepMore
			}
			return v.ended()
		case '\\':
			v.state = vEsc
		}
	case vEsc:
		switch c {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			v.state = vStr
		case 'u':
			v.state, v.hex = vHex, 4
		default:
			return v.fail(fmt.Sprintf("invalid escape \\%c in a string", c))
		}
	case vHex:
		if !isHex(c) {
			return v.fail(fmt.Sprintf("invalid character %q in a \\u escape", c))
		}
		if v.hex--; v.hex == 0 {
			v.state = vStr
		}
	case vMinus:
		switch {
		case c == '0':
			v.state = vZero
		case c >= '1' && c <= '9':
			v.state = vInt
		default:
			return v.fail("a number without digits")
		}
	case vZero, vInt:
		switch {
		case c >= '0' && c <= '9' && v.state == vInt:
		case c == '.':
			v.state = vDot
		case c == 'e' || c == 'E':
			v.state = vE
		default:
			return v.numEnd(c)
		}
	case vDot:
		if c < '0' || c > '9' {
			return v.fail("a number without digits after '.'")
		}
		v.state = vFrac
	case vFrac:
		switch {
		case c >= '0' && c <= '9':
		case c == 'e' || c == 'E':
			v.state = vE
		default:
			return v.numEnd(c)
		}
	case vE, vESign:
		switch {
		case c >= '0' && c <= '9':
			v.state = vExp
		case (c == '+' || c == '-') && v.state == vE:
			v.state = vESign
		default:
			return v.fail("a number without digits in its exponent")
		}
	case vExp:
		if c < '0' || c > '9' {
			return v.numEnd(c)
		}
	case vLit:
		if c != v.lit[v.litI] {
			return v.fail(fmt.Sprintf("invalid character %q in %s", c, v.lit))
		}
		if v.litI++; v.litI == len(v.lit) {
			return v.ended()
		}
	default:
		return v.fail("data after a value")
	}
	return stepMore
}
