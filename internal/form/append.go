package form

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// Native reports whether values of type t (a struct or a pointer to one)
// are written by the cached encoder, without falling back to
// go-querystring. Every request type of the SDK must be: the encoder is
// the one path from a request to the wire (go-querystring stays for the
// users' own structs given to Client.Call).
func Native(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && codeFor(t).ok
}

// AppendEncode appends the form encoding of v to dst, byte for byte what
// Encode(v).Encode() gives (keys sorted, values of one key in order), so
// that a caller can write the body straight after a prefix it built once
// (the credentials) without a url.Values per call. When dst is not empty and
// v has values, an '&' separates them.
func AppendEncode(dst []byte, v any) ([]byte, error) {
	vals, err := Encode(v)
	if err != nil {
		return dst, err
	}
	if len(vals) == 0 {
		return dst, nil
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	sep := len(dst) > 0
	for _, k := range keys {
		ek := url.QueryEscape(k)
		for _, s := range vals[k] {
			if sep {
				dst = append(dst, '&')
			}
			sep = true
			dst = append(dst, ek...)
			dst = append(dst, '=')
			dst = appendEscaped(dst, s)
		}
	}
	return dst, nil
}

// appendEscaped appends url.QueryEscape(s) without the intermediate string
// when s needs no escaping (the common case of ids and numbers).
func appendEscaped(dst []byte, s string) []byte {
	if strings.IndexFunc(s, needsEscape) < 0 {
		return append(dst, s...)
	}
	return append(dst, url.QueryEscape(s)...)
}

// needsEscape reports whether QueryEscape changes r.
func needsEscape(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	}
	switch r {
	case '-', '_', '.', '~':
		return false
	}
	return true
}
