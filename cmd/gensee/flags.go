package main

import (
	"errors"
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gensee-go/gensee"
)

// chinaTime is the zone of the times written without one (UTC+8).
var chinaTime = time.FixedZone("CST", 8*3600)

const timeHelp = `"yyyy-MM-dd HH:mm[:ss]" (UTC+8), RFC 3339 or epoch ms`

// parseTime reads "yyyy-MM-dd HH:mm[:ss]" or "yyyy-MM-dd" in China time,
// RFC 3339, or epoch milliseconds.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s != "" && strings.Trim(s, "0123456789") == "" {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			return time.UnixMilli(ms), nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, chinaTime); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("want " + timeHelp)
}

// dateOnly reports whether s is a date without a time: "2024-03-01".
func dateOnly(s string) bool {
	_, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return err == nil
}

func parseDate(s string) (gensee.Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return gensee.Date{}, errors.New("want yyyy-MM-dd")
	}
	return gensee.DateOf(t), nil
}

// flags declares the flags of one action.
type flags struct {
	fs *flag.FlagSet
	// id is the flag name of a request's ID field: the kind of id it is
	// ("room", "courseware", "warmup"), so that one kind of id has one flag
	// name across all actions.
	id string
	// secrets are the fields holding a password of their own.
	secrets []*secretField
	// wires maps wire names to the flags that set them, so that an error
	// of the SDK about "roomId" can name --room.
	wires map[string]string
}

// note records the wire name a flag sets: the field's, or the one its
// help names in brackets ("classroom id [roomId]").
func (f *flags) note(name, wire, usage string) {
	if wire == "" {
		if i := strings.LastIndex(usage, "["); i >= 0 {
			if j := strings.Index(usage[i:], "]"); j > 0 {
				wire = usage[i+1 : i+j]
			}
		}
	}
	if wire == "" {
		return
	}
	if f.wires == nil {
		f.wires = map[string]string{}
	}
	f.wires[wire] = name
}

func (f *flags) str(name, usage string) *string {
	f.note(name, "", usage)
	return f.fs.String(name, "", usage)
}

func (f *flags) int64(name, usage string) *int64 {
	f.note(name, "", usage)
	return f.fs.Int64(name, 0, usage)
}

func (f *flags) int(name string, def int, usage string) *int {
	f.note(name, "", usage)
	return f.fs.Int(name, def, usage)
}

// date declares a yyyy-MM-dd flag.
func (f *flags) date(name, usage string) *gensee.Date {
	d := new(gensee.Date)
	f.note(name, "", usage)
	f.fs.Var(&fieldValue{v: reflect.ValueOf(d).Elem()}, name, usage+" (yyyy-MM-dd)")
	return d
}

// int64s declares a repeatable flag of ids; commas separate ids too.
func (f *flags) int64s(name, usage string) *[]int64 {
	ids := new([]int64)
	f.note(name, "", usage)
	f.fs.Var(&fieldValue{v: reflect.ValueOf(ids).Elem()}, name, usage+" (repeat, or separate with commas)")
	return ids
}

// strs declares a repeatable string flag.
func (f *flags) strs(name, usage string) *[]string {
	s := new([]string)
	f.note(name, "", usage)
	f.fs.Var(&fieldValue{v: reflect.ValueOf(s).Elem()}, name, usage+" (repeat for more)")
	return s
}

// renames are the flag names of fields whose kebab-case names would be
// clumsy; every other field's flag is its Go name in kebab case.
var renames = map[string]string{
	"RoomID":     "room",
	"RecordID":   "record",
	"WarmupID":   "warmup",
	"DocID":      "doc",
	"GroupCode":  "group",
	"StartTime":  "from",
	"EndTime":    "to",
	"StartDate":  "start",
	"PageNo":     "page",
	"ClassNames": "class-name",
}

// docWords turns the Go names in the SDK's field comments into the words
// and flags of the command line.
var docWords = strings.NewReplacer(
	"uiMode 2:", "with --ui-mode 2:", "uiMode 4 and 5:", "with --ui-mode 4 or 5:", "uiMode 6:", "with --ui-mode 6:",
	"FullScreen… constants (0-3)", "full-screen layout 0-3", "UIMode… constants (1-6)", "1-6",
	"SceneLecture (default) or SceneSmallClass", "0 lecture (default), 1 small class",
	"SitePassword", "--site-password", "ClassCount", "--class-count",
)

// bind declares one flag per field of the struct that req points to (and of
// the structs it embeds), named after the field, each setting the field.
// usage gives the help of fields by Go name; a field without one gets the
// SDK's comment of the field (fieldDocs), and the wire name in brackets. skip names fields the action sets itself.
func (f *flags) bind(req any, usage map[string]string, skip ...string) {
	v := reflect.ValueOf(req).Elem()
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() || contains(skip, sf.Name) {
			continue
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
			f.bind(v.Field(i).Addr().Interface(), usage, skip...)
			continue
		}
		name := renames[sf.Name]
		if sf.Name == "ID" && f.id != "" {
			name = f.id
		}
		if name == "" {
			name = kebab(sf.Name)
		}
		help := usage[sf.Name]
		if help == "" {
			help = docWords.Replace(fieldDocs[t.Name()+"."+sf.Name]) // the SDK's own words
		}
		wire, _, _ := strings.Cut(sf.Tag.Get("url"), ",")
		if wire == "-" {
			wire = ""
		}
		if help == "" {
			help = wire
			if help == "" {
				help = sf.Name
			}
		} else if wire != "" {
			help += " [" + wire + "]"
		}
		f.note(name, wire, "")
		fv := &fieldValue{v: v.Field(i)}
		switch {
		case fv.typ() == reflect.TypeFor[time.Time]() && name == "to":
			fv.endOfDay = true
			help += " (" + timeHelp + "; a date alone means the end of that day: the next midnight less 1 ms, China time)"
		case fv.typ() == reflect.TypeFor[time.Time]():
			help += " (" + timeHelp + ")"
		case fv.typ() == reflect.TypeFor[gensee.Date]():
			help += " (yyyy-MM-dd)"
		case !fv.supported():
			panic("gensee: cannot make a flag of " + t.Name() + "." + sf.Name)
		}
		if env := secretEnv[sf.Name]; env != "" {
			sec := &secretField{flag: name, env: env, fv: fv, stdin: new(bool)}
			help += fmt.Sprintf("; prefer $%s or --%s-stdin", env, name)
			f.fs.Var(&boolFlag{p: sec.stdin}, name+"-stdin", "read "+strings.ReplaceAll(name, "-", " ")+" from the first line of standard input")
			f.secrets = append(f.secrets, sec)
		}
		f.fs.Var(fv, name, help)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kebab turns a Go name into a flag name: TeacherJoinURL -> teacher-join-url,
// AACSupport -> aac-support.
func kebab(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prevLower := unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1])
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if prevLower || (unicode.IsUpper(r[i-1]) && nextLower) {
				b.WriteByte('-')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// fieldValue is a flag.Value that sets a struct field (or any addressable
// value) of a kind the command line can express: strings, booleans,
// integers, their pointers (set only when the flag is given), times, dates
// and slices of strings or int64 (each use of the flag appends).
type fieldValue struct {
	v   reflect.Value
	set bool
	// endOfDay makes a date alone mean the last millisecond of that day in
	// China time (--to), instead of its midnight.
	endOfDay bool
}

func (fv *fieldValue) typ() reflect.Type {
	t := fv.v.Type()
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

func (fv *fieldValue) supported() bool {
	t := fv.typ()
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32:
		return true
	case reflect.Slice:
		return t.Elem().Kind() == reflect.String || t.Elem().Kind() == reflect.Int64
	}
	return t == reflect.TypeFor[time.Time]() || t == reflect.TypeFor[gensee.Date]()
}

// placeholder names the kind of value in the help.
func (fv *fieldValue) placeholder() string {
	t := fv.typ()
	switch {
	case t == reflect.TypeFor[time.Time]():
		return "time"
	case t == reflect.TypeFor[gensee.Date]():
		return "date"
	}
	switch t.Kind() {
	case reflect.Bool:
		return ""
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "int"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Int64 {
			return "ids"
		}
	}
	return "string"
}

// IsBoolFlag lets "--web-join" mean "--web-join=true".
func (fv *fieldValue) IsBoolFlag() bool { return fv.v.IsValid() && fv.typ().Kind() == reflect.Bool }

func (fv *fieldValue) String() string {
	if fv == nil || !fv.v.IsValid() {
		return ""
	}
	v := fv.v
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(chinaTime).Format("2006-01-02 15:04:05")
	case gensee.Date:
		if x.IsZero() {
			return ""
		}
		return x.String()
	}
	if v.Kind() == reflect.Slice {
		if v.Len() == 0 {
			return ""
		}
		return fmt.Sprint(v.Interface())
	}
	if v.Kind() == reflect.String {
		return v.String()
	}
	if v.IsZero() {
		return ""
	}
	return fmt.Sprint(v.Interface())
}

func (fv *fieldValue) Set(s string) error {
	target := fv.v
	if target.Kind() == reflect.Pointer {
		target = reflect.New(fv.typ()).Elem()
	}
	if err := setValue(target, s); err != nil {
		return err
	}
	if fv.endOfDay && dateOnly(s) {
		t := target.Interface().(time.Time)
		target.Set(reflect.ValueOf(t.AddDate(0, 0, 1).Add(-time.Millisecond)))
	}
	if fv.v.Kind() == reflect.Pointer {
		fv.v.Set(target.Addr())
	}
	fv.set = true
	return nil
}

// setParsed sets v to what parse makes of s.
func setParsed[T any](v reflect.Value, s string, parse func(string) (T, error)) error {
	t, err := parse(s)
	if err != nil {
		return err
	}
	v.Set(reflect.ValueOf(t))
	return nil
}

func setValue(v reflect.Value, s string) error {
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		return setParsed(v, s, parseTime)
	case reflect.TypeFor[gensee.Date]():
		return setParsed(v, s, parseDate)
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return errors.New("want true or false")
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, v.Type().Bits())
		if err != nil {
			return errors.New("want an integer")
		}
		v.SetInt(n)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			v.Set(reflect.Append(v, reflect.ValueOf(s)))
			return nil
		}
		for part := range strings.SplitSeq(s, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil {
				return errors.New("want integers separated by commas")
			}
			v.Set(reflect.Append(v, reflect.ValueOf(n)))
		}
	default:
		return fmt.Errorf("cannot set a %s", v.Type())
	}
	return nil
}
