package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
)

// column is one field of the items of a list: its JSON name and its index.
type column struct {
	name  string
	index []int
}

// columns lists the exported fields of t's struct (t may be a pointer to
// it); a type that is not a struct is one column, "value".
func columns(t reflect.Type) []column {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || isScalarStruct(t) {
		return []column{{name: "value"}}
	}
	var cols []column
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || (f.Anonymous && f.Type.Kind() == reflect.Struct) {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		cols = append(cols, column{name: name, index: f.Index})
	}
	return cols
}

func isScalarStruct(t reflect.Type) bool {
	return t == reflect.TypeFor[gensee.Time]() || t == reflect.TypeFor[gensee.Date]() || t == reflect.TypeFor[time.Time]()
}

// defaultColumns are the columns the table format shows of the wide
// types; -o wide shows them all, --fields picks others.
var defaultColumns = map[reflect.Type][]string{
	reflect.TypeFor[gensee.Attendance]():           {"uid", "name", "nickname", "joinTime", "leaveTime", "device", "area", "ip"},
	reflect.TypeFor[gensee.Courseware]():           {"id", "subject", "roomId", "duration", "createdTime", "convertResult", "url"},
	reflect.TypeFor[gensee.RoomSummary]():          {"roomId", "subject", "beginTime", "createTime", "status", "teacherJoinUrl", "studentJoinUrl"},
	reflect.TypeFor[gensee.MiniRoomStudentStats](): {"userNickname", "userId", "medalCount", "handUpCount", "podiumDuration", "duration"},
}

// pick returns the columns to print: fields when given (an unknown name is
// a usage error naming the ones that exist), else all of them for wide,
// else the type's default set.
func pick(t reflect.Type, all []column, format string, fields []string) ([]column, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	names := fields
	if len(names) == 0 && format == "table" {
		names = defaultColumns[t]
	}
	if len(names) == 0 {
		return all, nil
	}
	var out []column
	for _, n := range names {
		i := slices.IndexFunc(all, func(c column) bool { return strings.EqualFold(c.name, n) })
		if i < 0 {
			known := make([]string, len(all))
			for j, c := range all {
				known[j] = c.name
			}
			return nil, usagef("--fields: no column %q; the columns are %s", n, strings.Join(known, ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// cells returns the texts of item's columns. Enumerations show by name (a
// device as "PC web") in every format. human (the table format) keeps rows
// on one line and shows times without their offset (always China time);
// csv keeps texts as they are and writes times with their offset.
func cells(item reflect.Value, cols []column, human bool) []string {
	out := make([]string, len(cols))
	for item.Kind() == reflect.Pointer || item.Kind() == reflect.Interface {
		if item.IsNil() {
			return out
		}
		item = item.Elem()
	}
	for i, c := range cols {
		v := item
		if c.index != nil {
			f, err := item.FieldByIndexErr(c.index)
			if err != nil {
				continue
			}
			v = f
		}
		out[i] = cell(v, human)
	}
	return out
}

func cell(v reflect.Value, human bool) string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case gensee.Time:
		return stamp(x.Time, human)
	case time.Time:
		return stamp(x, human)
	case gensee.Date:
		if x.IsZero() {
			return ""
		}
		return x.String()
	}
	switch v.Kind() {
	case reflect.String:
		if human {
			return oneLine(v.String())
		}
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return s.String()
		}
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Bool, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return fmt.Sprint(v.Interface())
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return ""
		}
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	return string(b)
}

// stamp writes a time in China time: for people without the offset, for
// programs (csv) in RFC 3339 with it.
func stamp(t time.Time, human bool) string {
	if t.IsZero() {
		return ""
	}
	if human {
		return clock(t)
	}
	return t.In(chinaTime).Format(time.RFC3339)
}

func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02 15:04:05")
}

// oneLine replaces the tabs and line breaks that real answers carry inside
// texts, which would break the table.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// rowWriter writes the items of a list one at a time in env's format.
type rowWriter struct {
	e    *env
	cols []column
	tw   *table
	cw   *csv.Writer
	n    int
}

func (e *env) rows(t reflect.Type) (*rowWriter, error) {
	e.printed(t)
	cols, err := pick(t, columns(t), e.format, e.fields)
	if err != nil {
		return nil, err
	}
	w := &rowWriter{e: e, cols: cols}
	names := make([]string, len(w.cols))
	for i, c := range w.cols {
		names[i] = c.name
	}
	switch e.format {
	case "table", "wide":
		w.tw = new(table)
		w.tw.add(names...)
	case "csv":
		w.cw = csv.NewWriter(e.stdout)
		_ = w.cw.Write(names)
	case "json":
		_, _ = io.WriteString(e.stdout, "[")
	}
	return w, nil
}

func (w *rowWriter) row(item any) error {
	w.n++
	switch w.e.format {
	case "table", "wide":
		w.tw.add(cells(reflect.ValueOf(item), w.cols, true)...)
		return nil
	case "csv":
		return w.cw.Write(cells(reflect.ValueOf(item), w.cols, false))
	}
	b, err := jsonRow(inChinaTime(item), w.cols)
	if err != nil {
		return err
	}
	if w.e.format == "jsonl" {
		_, err = fmt.Fprintf(w.e.stdout, "%s\n", b)
		return err
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, b, "  ", "  "); err != nil {
		return err
	}
	sep := ","
	if w.n == 1 {
		sep = ""
	}
	_, err = fmt.Fprintf(w.e.stdout, "%s\n  %s", sep, ind.Bytes())
	return err
}

// jsonRow writes the columns of item as one JSON object, in the columns'
// order (a type that is not a struct: its value alone). The values are
// the ones the table and csv show: an enumeration (an integer type with a
// String method, such as a device or a live status) by its name, anything
// else as encoding/json writes it.
func jsonRow(item any, cols []column) ([]byte, error) {
	v := reflect.ValueOf(item)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return []byte("null"), nil
		}
		v = v.Elem()
	}
	if len(cols) == 1 && cols[0].index == nil {
		return json.Marshal(jsonValue(v))
	}
	b := []byte{'{'}
	for i, c := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(c.name)
		b = append(append(b, k...), ':')
		f, err := v.FieldByIndexErr(c.index)
		if err != nil {
			b = append(b, "null"...)
			continue
		}
		fb, err := json.Marshal(jsonValue(f))
		if err != nil {
			return nil, err
		}
		b = append(b, fb...)
	}
	return append(b, '}'), nil
}

// jsonValue is what JSON shows of v: an enumeration's name, else v.
func jsonValue(v reflect.Value) any {
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if s, ok := v.Interface().(fmt.Stringer); ok {
			return s.String()
		}
	}
	return v.Interface()
}

func (w *rowWriter) end() error {
	switch w.e.format {
	case "table", "wide":
		return w.tw.flush(w.e.stdout)
	case "csv":
		w.cw.Flush()
		return w.cw.Error()
	case "json":
		end := "\n]\n"
		if w.n == 0 {
			end = "]\n"
		}
		_, err := io.WriteString(w.e.stdout, end)
		return err
	}
	return nil
}

// list prints a slice.
func (e *env) list(items any) error {
	v := reflect.ValueOf(items)
	w, err := e.rows(v.Type().Elem())
	if err != nil {
		return err
	}
	for i := range v.Len() {
		if err := w.row(v.Index(i).Interface()); err != nil {
			return err
		}
	}
	return w.end()
}

// stream prints the items of a walk as they arrive: csv, json and jsonl
// hold one item at a time, so that a huge export prints in constant memory
// (table and wide must see every row to size their columns). An error
// before the first item prints nothing, as list after a failed call; one
// after some items ends the output after them.
func stream[T any](e *env, walk iter.Seq2[T, error]) error {
	var w *rowWriter
	for item, err := range walk {
		if err != nil {
			if w != nil {
				_ = w.end()
			}
			return err
		}
		if w == nil {
			if w, err = e.rows(reflect.TypeFor[T]()); err != nil {
				return err
			}
		}
		if err := w.row(item); err != nil {
			return err
		}
		e.prog.rows.Add(1)
	}
	if w == nil {
		var err error
		if w, err = e.rows(reflect.TypeFor[T]()); err != nil {
			return err
		}
	}
	return w.end()
}

// item prints one object: as a two-column table of its fields, a JSON
// document, one JSON line, or a CSV header and row.
func (e *env) item(v any) error {
	e.printed(reflect.TypeOf(v))
	switch e.format {
	case "json":
		cols, err := pick(reflect.TypeOf(v), columns(reflect.TypeOf(v)), "wide", e.fields)
		if err != nil {
			return err
		}
		b, err := jsonRow(inChinaTime(v), cols)
		if err != nil {
			return err
		}
		var ind bytes.Buffer
		if err := json.Indent(&ind, b, "", "  "); err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", ind.Bytes())
		return err
	case "table", "wide":
		cols, err := pick(reflect.TypeOf(v), columns(reflect.TypeOf(v)), "wide", e.fields)
		if err != nil {
			return err
		}
		vals := cells(reflect.ValueOf(v), cols, true)
		tw := new(table)
		for i, c := range cols {
			tw.add(c.name, vals[i])
		}
		return tw.flush(e.stdout)
	}
	w, err := e.rows(reflect.TypeOf(v))
	if err != nil {
		return err
	}
	if err := w.row(v); err != nil {
		return err
	}
	return w.end()
}

// ok prints the answer of an action that returns nothing.
func (e *env) ok() error {
	return e.item(okResult{true})
}

// all declares --all on a paged action.
func (f *flags) all() *bool {
	return f.fs.Bool("all", false, "walk every page from --page on (the …All iterator), with progress on stderr")
}

// paged prints one page (and where it stands on stderr), or with all every
// item of the walk as it arrives.
func paged[T any](e *env, all bool, page func() (*gensee.Page[T], error), walk func() iter.Seq2[T, error]) error {
	if all {
		e.prog.start()
		w, err := e.rows(reflect.TypeFor[T]())
		if err != nil {
			return err
		}
		for item, err := range walk() {
			if err != nil {
				_ = w.end()
				return err
			}
			if err := w.row(item); err != nil {
				return err
			}
			e.prog.rows.Add(1)
		}
		e.prog.finish()
		return w.end()
	}
	p, err := page()
	if err != nil {
		return err
	}
	if err := e.list(p.Items); err != nil {
		return err
	}
	hint := ""
	if p.HasNext() {
		hint = fmt.Sprintf("; --page %d for the next, --all for every page", p.PageNo+1)
	}
	fmt.Fprintf(e.stderr, "gensee: page %d of %d, %d items in all%s\n", p.PageNo, p.TotalPages, p.TotalCounts, hint)
	return nil
}

// inChinaTime returns v with every time in it (gensee.Time, time.Time, at
// any depth of structs, pointers and slices) in China time, so that JSON
// shows them with the +08:00 offset, as csv and the table show them. v is
// changed in place where it is reachable through pointers; the answers
// are the command's own.
func inChinaTime(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Slice {
		localize(rv, 0)
		return v
	}
	cp := reflect.New(rv.Type()).Elem()
	cp.Set(rv)
	localize(cp, 0)
	return cp.Interface()
}

func localize(v reflect.Value, depth int) {
	if depth > 8 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			localize(v.Elem(), depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			localize(v.Index(i), depth+1)
		}
	case reflect.Struct:
		if !v.CanSet() {
			return
		}
		switch x := v.Interface().(type) {
		case time.Time:
			if !x.IsZero() {
				v.Set(reflect.ValueOf(x.In(chinaTime)))
			}
			return
		case gensee.Time:
			if !x.IsZero() {
				v.Set(reflect.ValueOf(gensee.Time{Time: x.In(chinaTime)}))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				localize(v.Field(i), depth+1)
			}
		}
	}
}
