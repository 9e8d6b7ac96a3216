package wire

import "reflect"

// Tidy finishes a decoded answer or row v (a pointer), in one walk planned
// once per type: every nil slice reachable from it becomes empty (a list
// the server left out reads, and marshals, as empty), and the nil elements
// of every slice of pointers are dropped (a null item of "list":[{…},null]
// is left out). Only the fields that can hold a slice are visited.
func Tidy(v any) {
	if rv := reflect.ValueOf(v); rv.IsValid() {
		if p := planFor(rv.Type()); p != nil {
			p.walk(rv)
		}
	}
}

// plan says where the slices of a type are.
type plan struct {
	kind   reflect.Kind
	elem   *plan       // pointer, slice, array: the element's (nil: no slice inside)
	ptrs   bool        // slice: of pointers, whose nil elements Tidy drops
	fields []fieldPlan // struct: the fields that hold or reach slices
}

type fieldPlan struct {
	index int
	plan  *plan
}

func planFor(t reflect.Type) *plan { return planOf(t).tidy }

// buildPlan returns nil for a type that holds no slice anywhere.
func buildPlan(t reflect.Type, seen map[reflect.Type]*plan) *plan {
	if p, ok := seen[t]; ok {
		return p // a recursive type: it reaches whatever it reaches
	}
	p := &plan{kind: t.Kind()}
	seen[t] = p
	switch t.Kind() {
	case reflect.Pointer, reflect.Array:
		p.elem = buildPlan(t.Elem(), seen)
		if p.elem != nil {
			return p
		}
	case reflect.Slice:
		p.ptrs = t.Elem().Kind() == reflect.Pointer
		if t.Elem().Kind() != reflect.Uint8 {
			p.elem = buildPlan(t.Elem(), seen)
		}
		return p
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() && !f.Anonymous || f.Tag.Get("json") == "-" {
				continue
			}
			if fp := buildPlan(f.Type, seen); fp != nil {
				p.fields = append(p.fields, fieldPlan{index: i, plan: fp})
			}
		}
		if len(p.fields) > 0 {
			return p
		}
	}
	seen[t] = nil
	return nil
}

func (p *plan) walk(v reflect.Value) {
	switch p.kind {
	case reflect.Pointer:
		if !v.IsNil() {
			p.elem.walk(v.Elem())
		}
	case reflect.Array:
		for i := range v.Len() {
			p.elem.walk(v.Index(i))
		}
	case reflect.Slice:
		if v.IsNil() {
			if v.CanSet() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		if p.ptrs && v.CanSet() {
			n := 0
			for i := range v.Len() {
				if e := v.Index(i); !e.IsNil() {
					v.Index(n).Set(e)
					n++
				}
			}
			for i := n; i < v.Len(); i++ {
				v.Index(i).SetZero()
			}
			v.SetLen(n)
		}
		for i := 0; p.elem != nil && i < v.Len(); i++ {
			p.elem.walk(v.Index(i))
		}
	case reflect.Struct:
		for _, f := range p.fields {
			if fv := v.Field(f.index); fv.CanSet() || f.plan.kind != reflect.Slice {
				f.plan.walk(fv)
			}
		}
	}
}
