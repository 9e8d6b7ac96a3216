package wire

import (
	"reflect"
	"sync"
)

// FillSlices replaces the nil slices reachable from v (a pointer) by empty
// ones, so that a list the server left out reads as an empty list, also when
// it is marshalled again ([] rather than null). Only the fields whose type
// can hold a slice are visited: a row type without slices costs nothing.
func FillSlices(v any) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return
	}
	p := planFor(rv.Type())
	if p != nil {
		p.fill(rv)
	}
}

// plan says where the slices of a type are.
type plan struct {
	kind   reflect.Kind
	elem   *plan       // pointer, slice, array: the element's plan (nil: nothing inside)
	fields []fieldPlan // struct: the fields that hold or reach slices
}

type fieldPlan struct {
	index int
	plan  *plan
}

var plans sync.Map // reflect.Type → *plan (nil plan stored as noPlan)

var noPlan = &plan{}

func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		if p == noPlan {
			return nil
		}
		return p.(*plan)
	}
	p := buildPlan(t, map[reflect.Type]*plan{})
	if p == nil {
		plans.Store(t, noPlan)
	} else {
		plans.Store(t, p)
	}
	return p
}

// buildPlan returns nil for a type that holds no slice anywhere.
func buildPlan(t reflect.Type, seen map[reflect.Type]*plan) *plan {
	if p, ok := seen[t]; ok {
		return p // a recursive type: it reaches whatever it reaches
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Array:
		p := &plan{kind: t.Kind()}
		seen[t] = p
		p.elem = buildPlan(t.Elem(), seen)
		if p.elem == nil && t.Kind() == reflect.Array {
			seen[t] = nil
			return nil
		}
		if p.elem == nil {
			seen[t] = nil
			return nil
		}
		return p
	case reflect.Slice:
		p := &plan{kind: reflect.Slice}
		seen[t] = p
		if t.Elem().Kind() != reflect.Uint8 {
			p.elem = buildPlan(t.Elem(), seen)
		}
		return p
	case reflect.Struct:
		p := &plan{kind: reflect.Struct}
		seen[t] = p
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() && !f.Anonymous {
				continue
			}
			if f.Tag.Get("json") == "-" {
				continue
			}
			if fp := buildPlan(f.Type, seen); fp != nil {
				p.fields = append(p.fields, fieldPlan{index: i, plan: fp})
			}
		}
		if len(p.fields) == 0 {
			seen[t] = nil
			return nil
		}
		return p
	}
	return nil
}

func (p *plan) fill(v reflect.Value) {
	switch p.kind {
	case reflect.Pointer:
		if !v.IsNil() && p.elem != nil {
			p.elem.fill(v.Elem())
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			p.elem.fill(v.Index(i))
		}
	case reflect.Slice:
		if v.IsNil() {
			if v.CanSet() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		if p.elem != nil {
			for i := 0; i < v.Len(); i++ {
				p.elem.fill(v.Index(i))
			}
		}
	case reflect.Struct:
		for _, f := range p.fields {
			fv := v.Field(f.index)
			if !fv.CanSet() && f.plan.kind == reflect.Slice {
				continue
			}
			f.plan.fill(fv)
		}
	}
}
