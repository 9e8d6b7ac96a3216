package genseetest

import (
	"encoding/json"
	"fmt"
	"io"
)

// replay applies journal entries to a saved state.
type replay struct {
	snap                                           *savedState
	rooms, famous, minis, teachers, wares, warmups map[string]int
	records, docs                                  map[int64]int
	numbers                                        map[string]bool
}

func newReplay(snap *savedState) *replay {
	rp := &replay{snap: snap, numbers: map[string]bool{}}
	rp.rooms = index(snap.Rooms, func(r savedRoom) string { return r.ID })
	rp.famous = index(snap.Famous, func(f savedFamous) string { return f.ID })
	rp.minis = index(snap.Minis, func(m savedMini) string { return m.ID })
	rp.teachers = index(snap.Teachers, func(t savedTeacher) string { return t.Login })
	rp.wares = index(snap.Coursewares, func(c Courseware) string { return c.ID })
	rp.warmups = index(snap.Warmups, func(w savedWarmup) string { return w.ID })
	rp.records = index(snap.Recordings, func(r Recording) int64 { return r.ID })
	rp.docs = index(snap.Documents, func(d Document) int64 { return d.ID })
	for _, n := range snap.Numbers {
		rp.numbers[n] = true
	}
	return rp
}

func index[T any, K comparable](list []T, key func(T) K) map[K]int {
	m := make(map[K]int, len(list))
	for i, v := range list {
		m[key(v)] = i
	}
	return m
}

// upsert replaces the items of list with the key of one of add, and
// appends the others in order.
func upsert[T any, K comparable](list *[]T, idx map[K]int, add []T, key func(T) K) {
	for _, v := range add {
		if i, ok := idx[key(v)]; ok {
			(*list)[i] = v
			continue
		}
		idx[key(v)] = len(*list)
		*list = append(*list, v)
	}
}

func (rp *replay) apply(p *savedState) {
	s := rp.snap
	if p.NextID != 0 {
		s.NextID = p.NextID
	}
	for _, n := range p.Numbers {
		if !rp.numbers[n] {
			rp.numbers[n] = true
			s.Numbers = append(s.Numbers, n)
		}
	}
	upsert(&s.Rooms, rp.rooms, p.Rooms, func(r savedRoom) string { return r.ID })
	upsert(&s.Famous, rp.famous, p.Famous, func(f savedFamous) string { return f.ID })
	upsert(&s.Minis, rp.minis, p.Minis, func(m savedMini) string { return m.ID })
	upsert(&s.Teachers, rp.teachers, p.Teachers, func(t savedTeacher) string { return t.Login })
	upsert(&s.Coursewares, rp.wares, p.Coursewares, func(c Courseware) string { return c.ID })
	upsert(&s.Warmups, rp.warmups, p.Warmups, func(w savedWarmup) string { return w.ID })
	upsert(&s.Recordings, rp.records, p.Recordings, func(r Recording) int64 { return r.ID })
	upsert(&s.Documents, rp.docs, p.Documents, func(d Document) int64 { return d.ID })
	appendExports(&s.Exports, &p.Exports)
}

// decodeSaved reads one SaveState document.
func decodeSaved(r io.Reader) (savedState, error) {
	var snap savedState
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&snap); err != nil {
		return snap, err
	}
	if snap.Version != stateVersion {
		return snap, fmt.Errorf("state format %d, want %d", snap.Version, stateVersion)
	}
	return snap, nil
}
