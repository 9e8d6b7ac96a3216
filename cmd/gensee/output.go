package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"reflect"
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

// cells returns the texts of item's columns. human (the table format) uses
// the String method of enumerations and keeps rows on one line.
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
		return clock(x.Time)
	case time.Time:
		return clock(x)
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
		if s, ok := v.Interface().(fmt.Stringer); ok && human {
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

func (e *env) rows(t reflect.Type) *rowWriter {
	w := &rowWriter{e: e, cols: columns(t)}
	names := make([]string, len(w.cols))
	for i, c := range w.cols {
		names[i] = c.name
	}
	switch e.format {
	case "table":
		w.tw = new(table)
		w.tw.add(names...)
	case "csv":
		w.cw = csv.NewWriter(e.stdout)
		_ = w.cw.Write(names)
	case "json":
		_, _ = io.WriteString(e.stdout, "[")
	}
	return w
}

func (w *rowWriter) row(item any) error {
	w.n++
	switch w.e.format {
	case "table":
		w.tw.add(cells(reflect.ValueOf(item), w.cols, true)...)
		return nil
	case "csv":
		return w.cw.Write(cells(reflect.ValueOf(item), w.cols, false))
	case "jsonl":
		b, err := json.Marshal(item)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w.e.stdout, "%s\n", b)
		return err
	default:
		b, err := json.MarshalIndent(item, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ","
		if w.n == 1 {
			sep = ""
		}
		_, err = fmt.Fprintf(w.e.stdout, "%s\n  %s", sep, b)
		return err
	}
}

func (w *rowWriter) end() error {
	switch w.e.format {
	case "table":
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
	w := e.rows(v.Type().Elem())
	for i := range v.Len() {
		if err := w.row(v.Index(i).Interface()); err != nil {
			return err
		}
	}
	return w.end()
}

// item prints one object: as a two-column table of its fields, a JSON
// document, one JSON line, or a CSV header and row.
func (e *env) item(v any) error {
	switch e.format {
	case "json":
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	case "table":
		cols := columns(reflect.TypeOf(v))
		vals := cells(reflect.ValueOf(v), cols, true)
		tw := new(table)
		for i, c := range cols {
			tw.add(c.name, vals[i])
		}
		return tw.flush(e.stdout)
	}
	w := e.rows(reflect.TypeOf(v))
	if err := w.row(v); err != nil {
		return err
	}
	return w.end()
}

// ok prints the answer of an action that returns nothing.
func (e *env) ok() error {
	return e.item(struct {
		OK bool `json:"ok"`
	}{true})
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
		w := e.rows(reflect.TypeFor[T]())
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
