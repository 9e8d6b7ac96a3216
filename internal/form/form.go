// Package form encodes request structs into the form bodies of the Gensee
// training API: go-querystring for the plain fields (`url:"name,omitempty"`
// tags; time.Time with the "unixmilli" option goes as epoch milliseconds and
// a zero time is left out), plus the shapes it cannot express on its own.
package form

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
)

// Encode returns the form values of v: a url.Values as it is (copied), a
// struct (or pointer to one) through its `url` tags, nil as no values.
func Encode(v any) (url.Values, error) {
	switch p := v.(type) {
	case nil:
		return url.Values{}, nil
	case url.Values:
		out := make(url.Values, len(p))
		for k, vs := range p {
			out[k] = append([]string(nil), vs...)
		}
		return out, nil
	case map[string]string:
		out := make(url.Values, len(p))
		for k, s := range p {
			out.Set(k, s)
		}
		return out, nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		vals, ok, err := encodeStruct(rv)
		if err != nil {
			return nil, fmt.Errorf("form: %w", err)
		}
		if ok {
			return vals, nil
		}
	}
	vals, err := query.Values(v)
	if err != nil {
		return nil, fmt.Errorf("form: %w", err)
	}
	fixMillis(reflect.ValueOf(v), vals)
	return vals, nil
}

// fixMillis re-encodes the time.Time fields tagged "unixmilli" (of the struct
// and of its untagged embedded structs) with Time.UnixMilli: go-querystring
// divides Time.UnixNano, which overflows outside the years 1678-2262 and
// would send a wrong time instead of the one given.
func fixMillis(rv reflect.Value, vals url.Values) {
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return
	}
	rt := rv.Type()
	for i := range rt.NumField() {
		sf := rt.Field(i)
		tag := sf.Tag.Get("url")
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && tag != "-" {
			fixMillis(rv.Field(i), vals)
			continue
		}
		if !sf.IsExported() || tag == "-" || !strings.Contains(","+opts+",", ",unixmilli,") {
			continue
		}
		fv := rv.Field(i)
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		}
		if fv.Type() != timeType {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, sent := vals[name]; sent {
			vals.Set(name, strconv.FormatInt(fv.Interface().(time.Time).UnixMilli(), 10))
		}
	}
}

// Int64List is a list of ids sent as key[0]=…&key[1]=… (the encoding of
// recordId in record/choose and record/remove, spec section 5.16). An empty
// list sends nothing.
type Int64List []int64

// EncodeValues implements query.Encoder.
func (l Int64List) EncodeValues(key string, v *url.Values) error {
	for i, id := range l {
		v.Set(key+"["+strconv.Itoa(i)+"]", strconv.FormatInt(id, 10))
	}
	return nil
}

// JSON is a value sent as one form value holding its JSON text (the JSON
// array parameters studentListInfo, slaveClazzList and groupNameList). A nil
// V sends nothing.
type JSON struct{ V any }

// IsZero reports whether there is nothing to send (used by omitempty).
func (j JSON) IsZero() bool { return j.V == nil }

// EncodeValues implements query.Encoder.
func (j JSON) EncodeValues(key string, v *url.Values) error {
	if j.V == nil {
		return nil
	}
	b, err := json.Marshal(j.V)
	if err != nil {
		return fmt.Errorf("form: %s: %w", key, err)
	}
	v.Set(key, string(b))
	return nil
}
