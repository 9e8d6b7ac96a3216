package form

import (
	"fmt"
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
	type pair struct{ k, v string }
	var pairs []pair
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if tc := (*typeCode)(nil); rv.Kind() == reflect.Struct {
		if tc = codeFor(rv.Type()); tc.ok {
			// The cached path: no url.Values, one slice of pairs.
			pairs = make([]pair, 0, len(tc.fields))
			if err := tc.write(rv, func(k, s string) { pairs = append(pairs, pair{k, s}) }); err != nil {
				return dst, fmt.Errorf("form: %w", err)
			}
		}
	}
	if pairs == nil {
		vals, err := Encode(v)
		if err != nil {
			return dst, err
		}
		for k, vs := range vals {
			for _, s := range vs {
				pairs = append(pairs, pair{k, s})
			}
		}
	}
	// Keys sorted, the values of one key in their order: url.Values.Encode.
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	sep := len(dst) > 0
	for _, p := range pairs {
		if sep {
			dst = append(dst, '&')
		}
		sep = true
		dst = appendEscaped(dst, p.k)
		dst = append(dst, '=')
		dst = appendEscaped(dst, p.v)
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

// Keys returns the names a value of type t (a struct or a pointer to one)
// may write, as AppendEncode writes them, and true when they are known from
// the type alone: t is Native and none of its fields encodes itself (an
// encoder may add any key). The slice is the encoder's own: do not modify it.
func Keys(t reflect.Type) ([]string, bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil, false
	}
	tc := codeFor(t)
	if !tc.ok {
		return nil, false
	}
	tc.keysOnce.Do(func() {
		tc.keysOK = true
		for i := range tc.fields {
			if tc.fields[i].kind == fEncoder {
				tc.keysOK = false
			}
			tc.keys = append(tc.keys, tc.fields[i].name)
		}
	})
	return tc.keys, tc.keysOK
}
