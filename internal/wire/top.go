package wire

// Top reads the envelope of b (its top-level "code" and "message") without
// preparing anything for decoding: the fast path of an answer that
// encoding/json may take as it is. ok is false when b is not a JSON object
// Top can walk, or when a string holds a raw control character, which only
// Normalize makes decodable; the caller then takes the Normalize path. Top
// checks the structure (strings, brackets, separators), not every literal:
// encoding/json checks the rest when it decodes.
func Top(b []byte) (env Envelope, ok bool) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return env, false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return env, skipWS(b, i+1) == len(b)
	}
	for {
		i = skipWS(b, i)
		ke, plain, ok := scanString(b, i)
		if !ok {
			return env, false
		}
		key := b[i+1 : ke-1]
		if !plain {
			key = []byte(decodeString(b[i:ke]))
		}
		i = skipWS(b, ke)
		if i >= len(b) || b[i] != ':' {
			return env, false
		}
		vs := skipWS(b, i+1)
		if i, ok = skipValue(b, vs, 0); !ok {
			return env, false
		}
		env.see(string(key), b[vs:i])
		i = skipWS(b, i)
		if i >= len(b) {
			return env, false
		}
		if b[i] == ',' {
			i++
			continue
		}
		if b[i] != '}' || skipWS(b, i+1) != len(b) {
			return env, false
		}
		break
	}
	if env.messageRaw != nil {
		env.Message = decodeString(env.messageRaw)
		env.messageRaw = nil
	}
	return env, true
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString returns the end (after the closing quote) of the string token
// at i, and whether it holds no escape. ok is false at a raw control
// character or the end of b.
func scanString(b []byte, i int) (end int, plain, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false, false
	}
	plain = true
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, plain, true
		case c == '\\':
			plain = false
			i++
		case c < 0x20:
			return i, false, false
		}
	}
	return i, false, false
}

// skipValue returns the end of the value at i.
func skipValue(b []byte, i, depth int) (int, bool) {
	if depth > maxDepth || i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		end, _, ok := scanString(b, i)
		return end, ok
	case '{', '[':
		object := b[i] == '{'
		closing := byte(']')
		if object {
			closing = '}'
		}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == closing {
			return i + 1, true
		}
		for {
			i = skipWS(b, i)
			if object {
				end, _, ok := scanString(b, i)
				if !ok {
					return i, false
				}
				i = skipWS(b, end)
				if i >= len(b) || b[i] != ':' {
					return i, false
				}
				i = skipWS(b, i+1)
			}
			var ok bool
			if i, ok = skipValue(b, i, depth+1); !ok {
				return i, false
			}
			i = skipWS(b, i)
			if i >= len(b) {
				return i, false
			}
			if b[i] == closing {
				return i + 1, true
			}
			if b[i] != ',' {
				return i, false
			}
			i++
		}
	}
	j := i
	for j < len(b) && isLiteralByte(b[j]) {
		j++
	}
	return j, j > i
}
