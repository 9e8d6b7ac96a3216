package wire

// scanner is the cursor over JSON bytes in memory that the in-memory paths
// share: Normalize's fixer, the flat decoder and, through the fixer, the
// Lister's check of each value it reads. The Lister's own streaming scan
// (span) only finds where a value ends across reads.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// sep reads what follows a member or an element: a comma (more: true) or
// closing (more: false); ok is false for anything else.
func (s *scanner) sep(closing byte) (more, ok bool) {
	s.ws()
	if s.i >= len(s.b) {
		return false, false
	}
	switch s.b[s.i] {
	case ',':
		s.i++
		return true, true
	case closing:
		s.i++
		return false, true
	}
	return false, false
}

// number reads the number token at s.i, checked as JSON's grammar
// (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?); isInt is true when it
// has neither fraction nor exponent.
func (s *scanner) number() (tok []byte, isInt, ok bool) {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
	default:
		return nil, false, false
	}
	isInt = true
	if i < len(b) && b[i] == '.' {
		isInt = false
		j := i + 1
		for i = j; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
		if i == j {
			return nil, false, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		isInt = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := i
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
		if i == j {
			return nil, false, false
		}
	}
	tok, s.i = b[s.i:i], i
	return tok, isInt, true
}

// atou returns the value of the digits of tok (a token number read), false
// when it overflows a uint64 or tok has a sign.
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
	s := scanner{b: b}
	_, _, ok := s.number()
	return ok && s.i == len(b)
}

// literal reads true, false or null at s.i.
func (s *scanner) literal() ([]byte, bool) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
			s.i += len(lit)
			return s.b[s.i-len(lit) : s.i], true
		}
	}
	return nil, false
}

// str reads the string token at s.i (its opening quote) and returns its
// contents, and whether they hold an escape, a raw control character, a
// byte of a multi-byte character. ok is false at an escape JSON does not
// have or the end of the bytes.
func (s *scanner) str() (inner []byte, esc, ctl, high, ok bool) {
	b := s.b
	start := s.i + 1
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

// The scanner's reading, for the SDK's one other reader of raw answers, the
// drift report (the root's drift_walk.go): whitespace, separators, strings
// and scalars are read there as everywhere in this package.

// SkipSpace returns the index of the first byte of b at or after i that is
// no JSON whitespace.
func SkipSpace(b []byte, i int) int {
	s := scanner{b: b, i: i}
	s.ws()
	return s.i
}

// ScanSep reads, after whitespace from b[i], what follows a member or an
// element: a comma (more: true) or closing (more: false); ok is false for
// anything else. next is the index after it.
func ScanSep(b []byte, i int, closing byte) (next int, more, ok bool) {
	s := scanner{b: b, i: i}
	more, ok = s.sep(closing)
	return s.i, more, ok
}

// ScanString reads the string whose opening quote is b[i]: its contents,
// the index after its closing quote, and whether it holds an escape or a
// raw control character. ok is false at an escape JSON does not have or at
// the end of b.
func ScanString(b []byte, i int) (inner []byte, next int, esc, ctl, ok bool) {
	s := scanner{b: b, i: i}
	inner, esc, ctl, _, ok = s.str()
	return inner, s.i, esc, ctl, ok
}

// ScanScalar reads the number (checked as JSON's grammar), true, false or
// null at b[i]: the token and the index after it; ok is false for anything
// else.
func ScanScalar(b []byte, i int) (tok []byte, next int, ok bool) {
	s := scanner{b: b, i: i}
	if tok, ok = s.literal(); ok {
		return tok, s.i, true
	}
	if tok, _, ok = s.number(); ok {
		return tok, s.i, true
	}
	return nil, i, false
}
