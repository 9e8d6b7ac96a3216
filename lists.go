package gensee

import (
	"reflect"
	"sync"
)

// dropNilItems removes the nil elements of every slice of pointers reachable
// from v (a pointer to a decoded answer), so that a null element of a
// returned list ("list":[{…},null]) is left out rather than handed to the
// caller as a nil item. It is the one place this rule lives: the request
// path calls it on every decoded answer, after the missing lists were
// filled. The walk plan of a type is built once; a type without slices of
// pointers costs one map lookup.
func dropNilItems(v any) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return
	}
	if p := nilPlanFor(rv.Type()); p != nil {
		p.walk(rv)
	}
}

// nilPlan says where the slices of pointers of a type are.
type nilPlan struct {
	kind   reflect.Kind
	elem   *nilPlan // pointer, slice, array: the element's plan (nil: nothing to do inside)
	fields []nilField
}

type nilField struct {
	index int
	plan  *nilPlan
}

var nilPlans sync.Map // reflect.Type → *nilPlan (noNilPlan for nothing to do)

var noNilPlan = &nilPlan{}

func nilPlanFor(t reflect.Type) *nilPlan {
	if p, ok := nilPlans.Load(t); ok {
		if p == noNilPlan {
			return nil
		}
		return p.(*nilPlan)
	}
	p := buildNilPlan(t, map[reflect.Type]*nilPlan{})
	if p == nil {
		nilPlans.Store(t, noNilPlan)
	} else {
		nilPlans.Store(t, p)
	}
	return p
}

// buildNilPlan returns nil for a type that reaches no slice of pointers.
func buildNilPlan(t reflect.Type, seen map[reflect.Type]*nilPlan) *nilPlan {
	if p, ok := seen[t]; ok {
		return p // a recursive type: it reaches whatever it reaches
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := &nilPlan{kind: reflect.Pointer}
		seen[t] = p
		if p.elem = buildNilPlan(t.Elem(), seen); p.elem == nil {
			seen[t] = nil
			return nil
		}
		return p
	case reflect.Slice:
		p := &nilPlan{kind: reflect.Slice}
		seen[t] = p
		p.elem = buildNilPlan(t.Elem(), seen)
		if p.elem == nil && t.Elem().Kind() != reflect.Pointer {
			seen[t] = nil
			return nil
		}
		return p
	case reflect.Struct:
		p := &nilPlan{kind: reflect.Struct}
		seen[t] = p
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() && !f.Anonymous {
				continue
			}
			if fp := buildNilPlan(f.Type, seen); fp != nil {
				p.fields = append(p.fields, nilField{index: i, plan: fp})
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

func (p *nilPlan) walk(v reflect.Value) {
	switch p.kind {
	case reflect.Pointer:
		if !v.IsNil() {
			p.elem.walk(v.Elem())
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		if v.Type().Elem().Kind() == reflect.Pointer && v.CanSet() {
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
		if p.elem != nil {
			for i := range v.Len() {
				p.elem.walk(v.Index(i))
			}
		}
	case reflect.Struct:
		for _, f := range p.fields {
			f.plan.walk(v.Field(f.index))
		}
	}
}
