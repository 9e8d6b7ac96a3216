package genseetest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Return codes of the API (spec section 3.5).
const (
	codeFailed     = -1
	codeParam      = 101
	codeConversion = 102
	codeAuth       = 200
	codeExpired    = 201
	codeSystem     = 300
	codeBusiness   = 500
	codeNotFound   = 501
	codeDuplicate  = 502
	codeDisabled   = 600
)

// chinaTime is the zone of time strings without a zone (UTC+8).
var chinaTime = time.FixedZone("CST", 8*3600)

// obj is a JSON object under construction.
type obj = map[string]any

// handler answers one endpoint. It runs with the Server's mutex held and
// returns the fields of the envelope besides code and message.
//
// Every handler has the same deliberate shape, so that the 59 read alike:
// read the parameters (params keeps the first problem), look up what they
// name with find, check p.err once, then act and answer. Credentials are
// checked before any handler runs (Server.answer).
type handler func(s *Server, p *params) (obj, error)

// codeError is an API error answered in the envelope.
type codeError struct {
	code int
	msg  string
}

func (e *codeError) Error() string { return fmt.Sprintf("%d: %s", e.code, e.msg) }

func apiErr(code int, format string, args ...any) error {
	return &codeError{code: code, msg: fmt.Sprintf(format, args...)}
}

func notFound(what, id string) error { return apiErr(codeNotFound, "%s %q does not exist", what, id) }

func errorBody(err error) obj {
	ce, ok := err.(*codeError)
	if !ok {
		ce = &codeError{code: codeSystem, msg: err.Error()}
	}
	return obj{"code": strconv.Itoa(ce.code), "message": ce.msg}
}

// maxFormMemory is how much of a multipart body is kept in memory; the
// fake reads only its text fields, so anything larger goes to temporary
// files that net/http removes after the answer.
const maxFormMemory = 8 << 20

// readForm returns every parameter of a request the way a Java servlet
// container reads them (docs/server-behaviour.md#requests): the query
// string first, then the body, whether it is application/x-www-form-urlencoded
// or multipart/form-data (its text fields; files are ignored). A body that
// cannot be read adds nothing; the query string still counts.
func readForm(r *http.Request) url.Values {
	out := url.Values{}
	add := func(v url.Values) {
		for k, vs := range v {
			out[k] = append(out[k], vs...)
		}
	}
	add(r.URL.Query())
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxFormMemory); err == nil && r.MultipartForm != nil {
			add(r.MultipartForm.Value)
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err == nil {
			add(r.PostForm) // the body of POST, PUT and PATCH; none for others
		}
	}
	return out
}

// params reads the form values of a request. The first problem met is kept
// in err (a missing required value gives 101, a malformed one 102), so that
// a handler reads all its parameters and checks err once.
type params struct {
	form url.Values
	loc  *time.Location
	err  error
}

func (p *params) fail(code int, format string, args ...any) {
	if p.err == nil {
		p.err = apiErr(code, format, args...)
	}
}

func (p *params) has(name string) bool { return strings.TrimSpace(p.form.Get(name)) != "" }

// sent reports whether the request carries name at all, empty or not.
func (p *params) sent(name string) bool {
	_, ok := p.form[name]
	return ok
}

// str returns an optional string.
func (p *params) str(name string) string { return p.form.Get(name) }

// field is an optional parameter and where its value goes when it is
// given: to is a *string (set when the value is not empty), *int, *bool or
// *time.Time.
type field struct {
	name string
	to   any
}

// setFields reads optional parameters, in order, into their fields.
func (p *params) setFields(fields ...field) {
	for _, f := range fields {
		switch to := f.to.(type) {
		case *string:
			if v := p.str(f.name); v != "" {
				*to = v
			}
		case *int:
			if n, ok := p.optInt(f.name); ok {
				*to = n
			}
		case *bool:
			if b, ok := p.optBool(f.name); ok {
				*to = b
			}
		case *time.Time:
			if t, ok := p.optTime(f.name); ok {
				*to = t
			}
		default:
			panic(fmt.Sprintf("genseetest: setFields: %s: cannot set a %T", f.name, f.to))
		}
	}
}

// setTexts reads optional texts into their *string fields whenever they
// are sent, empty or not: a modify that sends description= clears it.
func (p *params) setTexts(fields ...field) {
	for _, f := range fields {
		if p.sent(f.name) {
			*f.to.(*string) = p.str(f.name)
		}
	}
}

// first returns the first non-empty value among names (spelling variants).
func (p *params) first(names ...string) string {
	for _, n := range names {
		if v := p.form.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// reqFirst is first for a required value, named after its first spelling.
func (p *params) reqFirst(names ...string) string {
	v := p.first(names...)
	if v == "" {
		p.fail(codeParam, "parameter %s is required", names[0])
	}
	return v
}

// reqStr returns a required string.
func (p *params) reqStr(name string) string {
	v := p.form.Get(name)
	if strings.TrimSpace(v) == "" {
		p.fail(codeParam, "parameter %s is required", name)
	}
	return v
}

func (p *params) parseInt(name string, required bool) (int64, bool) {
	v := strings.TrimSpace(p.form.Get(name))
	if v == "" {
		if required {
			p.fail(codeParam, "parameter %s is required", name)
		}
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		p.fail(codeConversion, "parameter %s: %q is not a number", name, v)
		return 0, false
	}
	return n, true
}

// optInt returns an optional integer and whether it was given.
func (p *params) optInt(name string) (int, bool) {
	n, ok := p.parseInt(name, false)
	if ok && (n > math.MaxInt32 || n < math.MinInt32) {
		p.fail(codeConversion, "parameter %s: %d is out of range", name, n)
		return 0, false
	}
	return int(n), ok
}

// reqInt returns a required integer.
func (p *params) reqInt(name string) int {
	n, ok := p.parseInt(name, true)
	if ok && (n > math.MaxInt32 || n < math.MinInt32) {
		p.fail(codeConversion, "parameter %s: %d is out of range", name, n)
	}
	return int(n)
}

// reqLong returns a required long.
func (p *params) reqLong(name string) int64 {
	n, _ := p.parseInt(name, true)
	return n
}

// optLong returns an optional long and whether it was given.
func (p *params) optLong(name string) (int64, bool) { return p.parseInt(name, false) }

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// optBool returns an optional boolean and whether it was given.
func (p *params) optBool(name string) (bool, bool) {
	v := p.form.Get(name)
	if strings.TrimSpace(v) == "" {
		return false, false
	}
	b, ok := parseBool(v)
	if !ok {
		p.fail(codeConversion, "parameter %s: %q is not true or false", name, v)
		return false, false
	}
	return b, true
}

// reqBool returns a required boolean.
func (p *params) reqBool(name string) bool {
	if !p.has(name) {
		p.fail(codeParam, "parameter %s is required", name)
		return false
	}
	b, _ := p.optBool(name)
	return b
}

const (
	layoutDateTime = "2006-01-02 15:04:05"
	layoutDate     = "2006-01-02"
)

var digits = regexp.MustCompile(`^-?[0-9]+$`)

// parseTime reads epoch milliseconds or "yyyy-MM-dd HH:mm:ss" in China time;
// with dateOK also "yyyy-MM-dd".
func parseTime(v string, dateOK bool) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if digits.MatchString(v) {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms), true
	}
	if t, err := time.ParseInLocation(layoutDateTime, v, chinaTime); err == nil {
		return t, true
	}
	if dateOK {
		if t, err := time.ParseInLocation(layoutDate, v, chinaTime); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (p *params) timeParam(name string, required, dateOK bool) (time.Time, bool) {
	v := p.form.Get(name)
	if strings.TrimSpace(v) == "" {
		if required {
			p.fail(codeParam, "parameter %s is required", name)
		}
		return time.Time{}, false
	}
	t, ok := parseTime(v, dateOK)
	if !ok {
		p.fail(codeConversion, "parameter %s: %q is not a time", name, v)
		return time.Time{}, false
	}
	return t, true
}

// reqTime returns a required time (epoch ms or yyyy-MM-dd HH:mm:ss).
func (p *params) reqTime(name string) time.Time {
	t, _ := p.timeParam(name, true, false)
	return t
}

// optTime returns an optional time and whether it was given.
func (p *params) optTime(name string) (time.Time, bool) { return p.timeParam(name, false, false) }

// reqDate returns a required yyyy-MM-dd date (midnight China time).
func (p *params) reqDate(name string) time.Time {
	v := p.form.Get(name)
	if strings.TrimSpace(v) == "" {
		p.fail(codeParam, "parameter %s is required", name)
		return time.Time{}
	}
	t, err := time.ParseInLocation(layoutDate, strings.TrimSpace(v), chinaTime)
	if err != nil {
		p.fail(codeConversion, "parameter %s: %q is not a yyyy-MM-dd date", name, v)
	}
	return t
}

// jsonArray decodes a form value holding JSON array text of objects.
func (p *params) jsonArray(name string, required bool) []map[string]any {
	v := p.form.Get(name)
	if strings.TrimSpace(v) == "" {
		if required {
			p.fail(codeParam, "parameter %s is required", name)
		}
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber()
	var out []map[string]any
	if err := dec.Decode(&out); err != nil || dec.More() {
		p.fail(codeConversion, "parameter %s is not a JSON array of objects", name)
		return nil
	}
	return out
}

// check records a 101 error when ok is false.
func (p *params) check(ok bool, format string, args ...any) {
	if !ok {
		p.fail(codeParam, format, args...)
	}
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// ms converts a time to epoch milliseconds for the wire.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// setTime sets key to the epoch milliseconds of t unless t is zero.
func setTime(o obj, key string, t time.Time) {
	if !t.IsZero() {
		o[key] = t.UnixMilli()
	}
}

// timed returns o with the times set as setTime sets them.
func timed(o obj, times map[string]time.Time) obj {
	for key, t := range times {
		setTime(o, key, t)
	}
	return o
}

func boolStr(b bool) string { return strconv.FormatBool(b) }

// page cuts one page out of items and returns it with the page object.
func page[T any](items []T, pageNo, size int) ([]T, obj) {
	if pageNo < 1 {
		pageNo = 1
	}
	total := len(items)
	pages := (total + size - 1) / size
	from := (pageNo - 1) * size
	var out []T
	if from < total {
		to := min(from+size, total)
		out = items[from:to]
	}
	return out, obj{"pageNo": pageNo, "totalPages": pages, "totalCounts": total}
}

// list converts items to JSON values with f, never returning nil.
func list[T any](items []T, f func(T) obj) []any {
	out := make([]any, 0, len(items))
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}

// encodeJSON encodes v, made of obj, []any, strings, numbers, booleans and
// nil. Keys come out sorted. With quirks, the control characters TAB, CR
// and LF stay raw inside strings and numbers are quoted.
func encodeJSON(v any, quirks bool) []byte {
	var b strings.Builder
	enc(&b, v, quirks)
	return []byte(b.String())
}

func enc(b *strings.Builder, v any, q bool) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case obj:
		keys := slices.Sorted(maps.Keys(x))
		encSeq(b, '{', '}', len(keys), func(i int) {
			encString(b, keys[i], false)
			b.WriteByte(':')
			enc(b, x[keys[i]], q)
		})
	case []any:
		encSeq(b, '[', ']', len(x), func(i int) { enc(b, x[i], q) })
	case string:
		encString(b, x, q)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		encNumber(b, strconv.Itoa(x), q)
	case int64:
		encNumber(b, strconv.FormatInt(x, 10), q)
	case float64:
		encNumber(b, strconv.FormatFloat(x, 'f', -1, 64), q)
	default:
		// The enumerations of the seed types (gensee.Device, ...) are
		// integers under another name.
		if rv := reflect.ValueOf(v); rv.CanInt() {
			encNumber(b, strconv.FormatInt(rv.Int(), 10), q)
			return
		}
		panic(fmt.Sprintf("genseetest: cannot encode %T", v))
	}
}

// encSeq writes n elements, each by one call of elem, between open and
// close and separated by commas.
func encSeq(b *strings.Builder, open, close byte, n int, elem func(i int)) {
	b.WriteByte(open)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		elem(i)
	}
	b.WriteByte(close)
}

func encNumber(b *strings.Builder, n string, quoted bool) {
	if quoted {
		b.WriteByte('"')
		b.WriteString(n)
		b.WriteByte('"')
		return
	}
	b.WriteString(n)
}

func encString(b *strings.Builder, s string, raw bool) {
	const hexDigits = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case raw && (r == '\t' || r == '\r' || r == '\n'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hexDigits[(r>>uint(shift))&0xf])
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
