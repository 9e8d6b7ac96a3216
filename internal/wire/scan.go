package wire

// Scanner is a cursor over JSON bytes in memory: the one reading of
// whitespace, separators, strings, numbers and literals, for every part of
// the package and the SDK's drift report (the root's drift_walk.go).
type Scanner struct {
	b []byte
	i int
}

// NewScanner returns a Scanner of b at b[at].
func NewScanner(b []byte, at int) Scanner { return Scanner{b: b, i: at} }

// At returns the index of the next byte to read.
func (s *Scanner) At() int { return s.i }

// Space skips JSON whitespace.
func (s *Scanner) Space() {
	for ; s.i < len(s.b); s.i++ {
		if c := s.b[s.i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return
		}
	}
}

// Sep reads, after whitespace, what follows a member or an element: a comma
// (more: true) or closing (more: false); ok is false for anything else.
func (s *Scanner) Sep(closing byte) (more, ok bool) {
	if s.Space(); s.i < len(s.b) && (s.b[s.i] == ',' || s.b[s.i] == closing) {
		s.i++
		return s.b[s.i-1] == ',', true
	}
	return false, false
}

// Str reads the string whose quote is at the cursor: its contents, and
// whether they hold an escape, a raw control character, a non-ASCII byte.
// ok is false at an escape JSON does not have or at the end of the bytes.
func (s *Scanner) Str() (inner []byte, esc, ctl, high, ok bool) {
	b, start := s.b, s.i+1
	for j := start; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			s.i = j + 1
			return b[start:j], esc, ctl, high, true
		case c == '\\':
			n := escapeLen(b[j:])
			if n == 0 {
				s.i = j
				return nil, false, false, false, false
			}
			esc = true
			j += n - 1
		case c < 0x20:
			ctl = true
		case c >= 0x80:
			high = true
		}
	}
	s.i = len(b)
	return nil, false, false, false, false
}

// escapeLen returns the length of the escape b starts with, 0 for none.
func escapeLen(b []byte) int {
	switch {
	case len(b) < 2:
	case b[1] == 'u':
		if len(b) >= 6 && isHex(b[2]) && isHex(b[3]) && isHex(b[4]) && isHex(b[5]) {
			return 6
		}
	case b[1] == '"' || b[1] == '\\' || b[1] == '/' || b[1] == 'b' || b[1] == 'f' || b[1] == 'n' || b[1] == 'r' || b[1] == 't':
		return 2
	}
	return 0
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// Scalar reads the number (checked as JSON's grammar), true, false or null
// at the cursor; ok is false for anything else.
func (s *Scanner) Scalar() ([]byte, bool) {
	if s.i < len(s.b) && (s.b[s.i] == '-' || s.b[s.i] >= '0' && s.b[s.i] <= '9') {
		tok, _, ok := s.number()
		return tok, ok
	}
	return s.literal()
}

// number reads a number token as JSON's grammar has it; isInt is true
// without fraction and exponent.
func (s *Scanner) number() (tok []byte, isInt, ok bool) {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return nil, false, false
	}
	isInt = true
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if isInt = false; j == i+1 {
			return nil, false, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if isInt = false; j == i {
			return nil, false, false
		}
		i = j
	}
	tok, s.i = b[s.i:i], i
	return tok, isInt, true
}

// digits returns the index after the digits at b[i:].
func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// atou returns the value of the digits tok, false past a uint64.
func atou(tok []byte) (uint64, bool) {
	var n uint64
	for _, c := range tok {
		d := uint64(c - '0')
		if d > 9 || n > (1<<64-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, len(tok) > 0
}

// isNumber reports whether b is a JSON number.
func isNumber(b []byte) bool {
	s := Scanner{b: b}
	_, _, ok := s.number()
	return ok && s.i == len(b)
}

// literal reads true, false or null.
func (s *Scanner) literal() ([]byte, bool) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
			s.i += len(lit)
			return s.b[s.i-len(lit) : s.i], true
		}
	}
	return nil, false
}
