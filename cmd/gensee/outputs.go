package main

import (
	"reflect"
	"strings"

	"github.com/gensee-go/gensee"
)

// okResult is what an action that returns nothing prints.
type okResult struct {
	OK bool `json:"ok"`
}

// statusResult is what "rooms status" prints: the status as its number
// and as words, the same in every format.
type statusResult struct {
	RoomID string `json:"roomId"`
	Status int    `json:"status"` // 0 not started or ended, 1 preparing, 2 live
	Text   string `json:"text"`   // the status in words: "idle", "preparing", "live"
}

// viewCountResult is what "coursewares view-count" prints.
type viewCountResult struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
}

// output returns the type of what an action prints: the result of the SDK
// method the action is named after ("rooms set-tel-conf" is
// Client.Rooms.SetTelConf), the items of a list or of a page, okResult for a
// method that returns only an error, and the CLI's own result of the two
// methods that return a number. With it, a --fields naming no column is
// refused before anything is sent; TestOutputs checks it against what every
// action prints. nil: not known.
func output(svc *service, act *action) reflect.Type {
	field, ok := reflect.TypeFor[gensee.Client]().FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, svc.name) })
	if !ok {
		return nil
	}
	name := strings.ReplaceAll(act.name, "-", "")
	var m reflect.Method
	for i := range field.Type.NumMethod() {
		if strings.EqualFold(field.Type.Method(i).Name, name) {
			m = field.Type.Method(i)
		}
	}
	if m.Type == nil || m.Type.NumOut() == 0 {
		return nil
	}
	t := m.Type.Out(0)
	switch {
	case m.Type.NumOut() == 1:
		return reflect.TypeFor[okResult]()
	case t == reflect.TypeFor[gensee.LiveStatus]():
		return reflect.TypeFor[statusResult]()
	case t.Kind() == reflect.Int:
		return reflect.TypeFor[viewCountResult]()
	case t.Kind() == reflect.Slice:
		return t.Elem()
	case t.Kind() == reflect.Pointer && strings.HasPrefix(t.Elem().Name(), "Page["):
		if items, ok := t.Elem().FieldByName("Items"); ok {
			return items.Type.Elem()
		}
	}
	return t
}

// checkFields refuses a --fields that names no column of what the action
// prints, before anything is sent.
func checkFields(svc *service, act *action, format string, fields []string) error {
	t := output(svc, act)
	if t == nil || len(fields) == 0 {
		return nil
	}
	_, err := pick(t, columns(t), format, fields)
	return err
}

// printedHook, when set (by tests), is told the type each action prints:
// TestOutputs checks output against it.
var printedHook func(path string, t reflect.Type)

// printed notes that the action prints values of type t.
func (e *env) printed(t reflect.Type) {
	if printedHook != nil {
		printedHook(e.path, t)
	}
}
