package form

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
)

// The encoder keeps, per struct type, the list of its fields and how each is
// written, so that reflection over tags happens once per type instead of once
// per call. It writes exactly what go-querystring writes; a struct with a
// field it does not know (slices, maps, nested structs, pointer receivers,
// options other than omitempty, unixmilli, midnight and json) is left to
// go-querystring. The option "json" sends the field (any type) as one value
// holding its JSON text: the JSON-array parameters studentListInfo,
// slaveClazzList and groupNameList. The option "midnight", which go-querystring does not have,
// sends the day a field writes (a gensee.Date's yyyy-MM-dd) as its midnight
// "yyyy-MM-dd 00:00:00", the form in which room/sync's createTime and
// export/study/history's date name a day.

type fieldKind uint8

const (
	fString fieldKind = iota
	fBool
	fInt
	fUint
	fFloat
	fTime
	fEncoder  // implements query.Encoder (value receiver)
	fStringer // a named type with String(): go-querystring writes its text
	fJSON     // the option "json": one value holding the field's JSON text
)

type fieldCode struct {
	name      string
	index     []int
	kind      fieldKind
	ptr       bool // the field is a pointer to the kind
	omitEmpty bool
	unixMilli bool
	midnight  bool // the day the field writes is sent as its midnight, "yyyy-MM-dd 00:00:00"
}

type typeCode struct {
	fields []fieldCode
	ok     bool // false: go-querystring encodes this type

	keysOnce sync.Once // Keys: the names of fields, once
	keys     []string
	keysOK   bool
}

var typeCodes sync.Map // reflect.Type → *typeCode

var (
	encoderType  = reflect.TypeFor[query.Encoder]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
	timeType     = reflect.TypeFor[time.Time]()
	zeroerType   = reflect.TypeFor[interface{ IsZero() bool }]()
)

func codeFor(t reflect.Type) *typeCode {
	if tc, ok := typeCodes.Load(t); ok {
		return tc.(*typeCode)
	}
	tc := &typeCode{ok: true}
	tc.fields, tc.ok = fieldsOf(t, nil)
	typeCodes.Store(t, tc)
	return tc
}

func fieldsOf(t reflect.Type, prefix []int) ([]fieldCode, bool) {
	var out []fieldCode
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.PkgPath != "" && !sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("url")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct && !sf.Type.Implements(encoderType) {
			inner, ok := fieldsOf(sf.Type, index)
			if !ok {
				return nil, false
			}
			out = append(out, inner...)
			continue
		}
		if sf.PkgPath != "" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fc := fieldCode{name: name, index: index}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "":
			case "omitempty":
				fc.omitEmpty = true
			case "unixmilli":
				fc.unixMilli = true
			case "midnight":
				fc.midnight = true
			case "json":
				fc.kind = fJSON
			default:
				return nil, false
			}
		}
		if fc.kind == fJSON {
			out = append(out, fc)
			continue
		}
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			fc.ptr = true
			ft = ft.Elem()
		}
		switch {
		case reflect.PointerTo(ft).Implements(encoderType) && !ft.Implements(encoderType):
			return nil, false // a pointer receiver: go-querystring's rules apply
		case ft.Implements(encoderType):
			if fc.ptr {
				return nil, false
			}
			fc.kind = fEncoder
		case ft == timeType:
			fc.kind = fTime
		case ft.Implements(stringerType) || reflect.PointerTo(ft).Implements(stringerType):
			if !ft.Implements(stringerType) {
				return nil, false
			}
			fc.kind = fStringer
		case ft.Kind() == reflect.String:
			fc.kind = fString
		case ft.Kind() == reflect.Bool:
			fc.kind = fBool
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Int64:
			fc.kind = fInt
		case ft.Kind() >= reflect.Uint && ft.Kind() <= reflect.Uintptr:
			fc.kind = fUint
		case ft.Kind() == reflect.Float32 || ft.Kind() == reflect.Float64:
			fc.kind = fFloat
		default:
			return nil, false
		}
		if fc.kind != fEncoder && fc.kind != fTime && fc.kind != fStringer && ft.Implements(zeroerType) {
			return nil, false
		}
		if fc.unixMilli && fc.kind != fTime || fc.midnight && fc.kind != fEncoder && fc.kind != fStringer {
			return nil, false
		}
		out = append(out, fc)
	}
	return out, true
}

// encodeStruct writes v (a struct value) with its cached code; ok is false
// when go-querystring must do it.
func encodeStruct(v reflect.Value) (url.Values, bool, error) {
	tc := codeFor(v.Type())
	if !tc.ok {
		return nil, false, nil
	}
	vals := make(url.Values, len(tc.fields))
	if err := tc.write(v, vals.Add); err != nil {
		return nil, true, err
	}
	return vals, true, nil
}

// write hands each name and value of v (a struct value of the code's type)
// to add, field by field, in the order of the fields.
func (tc *typeCode) write(v reflect.Value, add func(name, value string)) error {
	for i := range tc.fields {
		fc := &tc.fields[i]
		fv := v.FieldByIndex(fc.index)
		if fc.ptr {
			if fv.IsNil() {
				if !fc.omitEmpty {
					add(fc.name, "")
				}
				continue
			}
			fv = fv.Elem()
		} else if fc.omitEmpty && isEmpty(fv, fc.kind) {
			continue
		}
		switch fc.kind {
		case fEncoder:
			own := make(url.Values, 1)
			if err := fv.Interface().(query.Encoder).EncodeValues(fc.name, &own); err != nil {
				return err
			}
			keys := make([]string, 0, len(own))
			for k := range own {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				for _, s := range own[k] {
					if fc.midnight && k == fc.name && s != "" {
						s += " 00:00:00"
					}
					add(k, s)
				}
			}
		case fTime:
			t := fv.Interface().(time.Time)
			if fc.unixMilli {
				add(fc.name, strconv.FormatInt(t.UnixMilli(), 10))
			} else {
				add(fc.name, t.Format(time.RFC3339))
			}
		case fJSON:
			b, err := json.Marshal(fv.Interface())
			if err != nil {
				return fmt.Errorf("%s: %w", fc.name, err)
			}
			add(fc.name, string(b))
		case fStringer:
			s := fv.Interface().(fmt.Stringer).String()
			if fc.midnight && s != "" {
				s += " 00:00:00"
			}
			add(fc.name, s)
		case fString:
			add(fc.name, fv.String())
		case fBool:
			add(fc.name, strconv.FormatBool(fv.Bool()))
		case fInt:
			add(fc.name, strconv.FormatInt(fv.Int(), 10))
		case fUint:
			add(fc.name, strconv.FormatUint(fv.Uint(), 10))
		case fFloat:
			add(fc.name, fmt.Sprint(fv.Interface()))
		}
	}
	return nil
}

func isEmpty(v reflect.Value, k fieldKind) bool {
	switch k {
	case fJSON:
		switch v.Kind() {
		case reflect.Slice, reflect.Map:
			return v.Len() == 0
		}
		return v.IsZero()
	case fEncoder, fTime, fStringer:
		if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
			return z.IsZero()
		}
		return v.IsZero() && (v.Kind() != reflect.Struct)
	case fString:
		return v.Len() == 0
	case fBool:
		return !v.Bool()
	case fInt:
		return v.Int() == 0
	case fUint:
		return v.Uint() == 0
	case fFloat:
		return v.Float() == 0
	}
	return false
}
