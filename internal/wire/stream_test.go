package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Lister is checked against the one-shot path it replaces: Normalize of
// the whole body for an envelope struct {List []*E `json:"<key>"`}, then
// json.Unmarshal. For every body both must give the same elements (null
// ones aside, which the Lister skips), the same envelope, and an error
// exactly when the one-shot path fails.

// shape says how rowType types a field seen with numbers and strings both.
type shape int

const (
	numeric shape = iota // numbers win: quoted numbers must lose their quotes
	textual              // strings win: bare numbers must gain quotes
)

// rowType infers a struct type for the objects of rows: a field seen with a
// number is int64 or float64 (numeric) or string (textual), with a boolean
// bool, with objects in an array a []*nested struct, a key ending in "Time"
// json.RawMessage (a type that decodes itself, left as it comes), anything
// else any.
func rowType(rows []any, sh shape) reflect.Type {
	kinds := map[string]map[string]bool{}
	nested := map[string][]any{}
	var order []string
	for _, r := range rows {
		m, ok := r.(map[string]any)
		if !ok {
			continue
		}
		for k, v := range m {
			if kinds[k] == nil {
				kinds[k] = map[string]bool{}
				order = append(order, k)
			}
			switch v := v.(type) {
			case float64:
				if v == float64(int64(v)) {
					kinds[k]["int"] = true
				} else {
					kinds[k]["float"] = true
				}
			case string:
				kinds[k]["string"] = true
			case bool:
				kinds[k]["bool"] = true
			case []any:
				kinds[k]["array"] = true
				nested[k] = append(nested[k], v...)
			default:
				kinds[k]["other"] = true
			}
		}
	}
	sort.Strings(order)
	var fields []reflect.StructField
	seen := map[string]bool{}
	for i, k := range order {
		kk := kinds[k]
		var t reflect.Type
		switch {
		case strings.HasSuffix(k, "Time"):
			t = reflect.TypeFor[json.RawMessage]()
		case kk["array"] && !kk["string"] && !kk["int"]:
			t = reflect.SliceOf(reflect.PointerTo(rowType(nested[k], sh)))
		case kk["float"] && sh == numeric:
			t = reflect.TypeFor[float64]()
		case kk["int"] && sh == numeric:
			t = reflect.TypeFor[int64]()
		case kk["bool"] && sh == numeric:
			t = reflect.TypeFor[bool]()
		case kk["string"] || kk["int"] || kk["float"] || kk["bool"]:
			t = reflect.TypeFor[string]()
		default:
			t = reflect.TypeFor[any]()
		}
		if strings.ToLower(k) != k && seen[strings.ToLower(k)] {
			continue // "Id" beside "id": one field is enough
		}
		seen[strings.ToLower(k)] = true
		fields = append(fields, reflect.StructField{
			Name: "F" + strconv.Itoa(i),
			Type: t,
			Tag:  reflect.StructTag(`json:"` + k + `"`),
		})
	}
	return reflect.StructOf(fields)
}

// envelopeType is struct{ List []*elem `json:"<key>"` }.
func envelopeType(key string, elem reflect.Type) reflect.Type {
	return reflect.StructOf([]reflect.StructField{{
		Name: "List", Type: reflect.SliceOf(reflect.PointerTo(elem)), Tag: reflect.StructTag(`json:"` + key + `"`),
	}})
}

// oneShot is the path the Lister replaces: the elements (nil ones
// dropped), the envelope, whether the body is JSON at all, and the decoding
// error.
type oneShot struct {
	rows   []any
	env    Envelope
	ok     bool
	decErr error
}

func decodeOneShot(body []byte, key string, elem reflect.Type) oneShot {
	et := envelopeType(key, elem)
	out, env, ok := Normalize(body, reflect.PointerTo(et))
	r := oneShot{env: env, ok: ok}
	if !ok {
		return r
	}
	v := reflect.New(et)
	r.decErr = json.Unmarshal(out, v.Interface())
	var syntax *json.SyntaxError
	if errors.As(r.decErr, &syntax) {
		r.ok = false
		return r
	}
	Tidy(v.Interface())
	list := v.Elem().Field(0)
	for i := range list.Len() {
		if !list.Index(i).IsNil() {
			r.rows = append(r.rows, list.Index(i).Interface())
		}
	}
	return r
}

// streamed is what a caller of the Lister gets.
type streamed struct {
	rows    []any
	env     Envelope // before the first Next
	final   Envelope // from Finish
	err     error    // Err, then Finish's
	decErrs int      // elements json.Unmarshal refused
}

// decodeStream walks the list of r with Next and json.Unmarshal, or with
// Decode.
func decodeStream(r io.Reader, key string, elem reflect.Type, useDecode bool) streamed {
	l := NewLister(r, key)
	s := streamed{env: l.Envelope()}
	pt := reflect.PointerTo(elem)
	for {
		v := reflect.New(elem)
		if useDecode {
			ok, err := l.Decode(v.Interface())
			if !ok {
				break
			}
			if err != nil {
				s.decErrs++
			}
		} else {
			b, ok := l.Next(pt)
			if !ok {
				break
			}
			if !json.Valid(b) {
				panic("Next returned invalid JSON: " + string(b))
			}
			if err := json.Unmarshal(b, v.Interface()); err != nil {
				s.decErrs++
			}
		}
		Tidy(v.Interface())
		s.rows = append(s.rows, v.Interface())
	}
	s.err = l.Err()
	s.final, s.err = l.Finish()
	return s
}

// compareStream checks the Lister against the one-shot path for body.
func compareStream(t *testing.T, body []byte, key string, elem reflect.Type) {
	t.Helper()
	want := decodeOneShot(body, key, elem)
	readers := map[string]io.Reader{
		"whole":    bytes.NewReader(body),
		"one byte": iotest.OneByteReader(bytes.NewReader(body)),
		"halves":   iotest.HalfReader(bytes.NewReader(body)),
	}
	for name, r := range readers {
		useDecode := name == "halves" // Decode on one reader, Next and json.Unmarshal on the others
		got := decodeStream(r, key, elem, useDecode)
		if !want.ok {
			assert.Error(t, got.err, "%s: a body the one-shot path refuses must fail", name)
			continue
		}
		if errors.Is(got.err, ErrNotArray) {
			var te *json.UnmarshalTypeError
			assert.ErrorAs(t, want.decErr, &te, "%s: the list is not an array", name)
			continue
		}
		require.NoError(t, got.err, name)
		assert.Equal(t, want.rows, got.rows, name)
		assert.Equal(t, want.env, got.final, name)
		assert.Equal(t, want.decErr != nil, got.decErrs > 0, "%s: decoding errors %v / %d", name, want.decErr, got.decErrs)
	}
}

// rowsOf returns the elements under key of body, read leniently, to infer
// their type.
func rowsOf(t *testing.T, body []byte, key string) []any {
	out, _, ok := Normalize(body, nil)
	if !ok {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(out, &m) != nil {
		return nil
	}
	rows, _ := m[key].([]any)
	return rows
}

func TestListerGoldens(t *testing.T) {
	files, err := filepath.Glob("../../testdata/*/*.json")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		out, _, ok := Normalize(body, nil)
		var top map[string]any
		if !ok || json.Unmarshal(out, &top) != nil {
			continue // endpoints.json is an array
		}
		for key, v := range top {
			if _, isList := v.([]any); !isList {
				continue
			}
			n++
			rows := rowsOf(t, body, key)
			for _, sh := range []shape{numeric, textual} {
				t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)+"/"+key+"/"+strconv.Itoa(int(sh)), func(t *testing.T) {
					compareStream(t, body, key, rowType(rows, sh))
				})
			}
		}
	}
	assert.GreaterOrEqual(t, n, 30, "golden lists compared")
}

// row is the element type of the hand-made bodies.
type row struct {
	UID   int64           `json:"uid"`
	Name  string          `json:"name"`
	Num   string          `json:"number"`
	Web   bool            `json:"webJoin"`
	Pct   float64         `json:"precentage"`
	When  json.RawMessage `json:"joinTime"`
	Users []*row          `json:"users"`
	Any   any             `json:"any"`
}

func TestListerTricky(t *testing.T) {
	long := strings.Repeat("长", 20000) // 60 KB: spans reads of the 32 KiB buffer
	tests := []struct{ name, body string }{
		{"plain", `{"code":0,"message":"ok","list":[{"uid":1,"name":"a"},{"uid":2}]}`},
		{"quoted scalars", `{"code":"0","list":[{"uid":"7","number":34154643,"webJoin":"true","precentage":"33.3%"}]}`},
		{"controls mid-stream", "{\"code\":\"0\",\"list\":[{\"name\":\"a\tb\r\nc\x01\"},{\"name\":\"" + long + "\t\"}]}"},
		{"code after the list", `{"list":[{"uid":1}],"message":"好","code":"0"}`},
		{"missing list", `{"code":"0","message":"成功"}`},
		{"null list", `{"code":"0","list":null}`},
		{"empty list", `{"code":"0","list":[ ]}`},
		{"null elements", `{"code":"0","list":[null,{"uid":1},null]}`},
		{"nested and skipped", `{"page":{"a":[1,{"b":"\"}]"}],"c":"\u4e2d"},"list":[{"users":[{"uid":"3","users":null}],"any":{"x":["y"]}}],"tail":[[[]]]}`},
		{"whitespace everywhere", " \n{ \"code\" : 0 ,\t\"list\" : [ { \"uid\" : 1 } , { } ] } \r\n"},
		{"folded key", `{"code":"0","LIST":[{"UID":"4"}]}`},
		{"escaped key", `{"code":"0","\u006cist":[{"uid":"5"}],"\u0063ode":"501"}`},
		{"non-zero code", `{"code":"501","message":"数据不存在"}`},
		{"numbers at the edges", `{"code":-1,"list":[{"uid":1e3,"precentage":-0.5E-2}]}`},
		{"type error", `{"code":"0","list":[{"uid":"abc"},{"uid":2}]}`},
		{"scalar elements", `{"code":"0","list":[1,"x",true]}`},
		{"long skipped value", `{"other":"` + long + `","list":[{"uid":1}]}`},
		{"not json: bare word", `{"code":"0","list":[{"uid":abc}]}`},
		{"not json: bad escape after the list", `{"code":"0","list":[{"uid":1}],"x":"\q"}`},
		{"not json: trailing garbage", `{"code":"0","list":[]} x`},
		{"not json: truncated", `{"code":"0","list":[{"uid":1},{"uid"`},
		{"not json: trailing comma", `{"code":"0","list":[{"uid":1},]}`},
		{"not json: leading zero", `{"code":"0","list":[{"uid":01}]}`},
		{"not json: html", `<html>502</html>`},
		{"not json: empty", ``},
		{"not json: mismatched", `{"code":"0","list":[{"uid":1]]}`},
		{"not json: bad unicode escape", `{"list":[{"name":"\u12G4"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compareStream(t, []byte(tt.body), "list", reflect.TypeFor[row]())
		})
	}
}

func TestListerErrorAfterElements(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		r       func(io.Reader) io.Reader
		rows    int
		wantErr func(*testing.T, error)
	}{
		{"syntax error", `{"code":"0","list":[{"uid":1},{"uid":2},{"uid":x}]}`, nil, 2, func(t *testing.T, err error) {
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, int64(len(`{"code":"0","list":[{"uid":1},{"uid":2},{"uid":x`)), se.Offset, "just after the bare word")
		}},
		{"read error", `{"code":"0","list":[{"uid":1},{"uid":2},{"ui`, func(r io.Reader) io.Reader {
			return io.MultiReader(r, iotest.ErrReader(io.ErrUnexpectedEOF))
		}, 2, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			var se *SyntaxError
			assert.False(t, errors.As(err, &se), "a read error is no syntax error")
		}},
		{"two lists", `{"list":[{"uid":1}],"list":[{"uid":2}]}`, nil, 1, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, ErrTwoLists)
		}},
		{"list not an array", `{"code":"0","list":{"uid":1}}`, nil, 0, func(t *testing.T, err error) {
			assert.EqualError(t, err, `wire: the list "list" is not an array`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader = strings.NewReader(tt.body)
			if tt.r != nil {
				r = tt.r(r)
			}
			l := NewLister(r, "list")
			n := 0
			for {
				b, ok := l.Next(reflect.TypeFor[*row]())
				if !ok {
					break
				}
				var v row
				require.NoError(t, json.Unmarshal(b, &v))
				n++
				assert.Equal(t, int64(n), v.UID)
			}
			assert.Equal(t, tt.rows, n, "the elements before the fault are handed out")
			_, err := l.Finish()
			tt.wantErr(t, err)
		})
	}
}

func TestListerEnvelopeBeforeList(t *testing.T) {
	body := `{"code":"501","message":"a\tb","list":[{"uid":1}]}`
	l := NewLister(strings.NewReader(body), "list", "rollcall")
	assert.Equal(t, Envelope{Code: "501", CodeSet: true, Message: "a\tb"}, l.Envelope())
	assert.Equal(t, int64(len(body)), l.BytesRead())
	assert.Equal(t, body, string(l.Head()))

	l = NewLister(strings.NewReader(`{"rollcall":[{"uid":1}],"code":0}`), "list", "rollcall")
	assert.Equal(t, Envelope{}, l.Envelope(), "the code comes after the list")
	b, ok := l.Next(reflect.TypeFor[*row]())
	require.True(t, ok)
	assert.Equal(t, `{"uid":1}`, string(b))
	env, err := l.Finish()
	require.NoError(t, err)
	assert.Equal(t, Envelope{Code: "0", CodeSet: true}, env)
}

// TestListerFinishEarly: Finish in the middle of the list checks the rest.
func TestListerFinishEarly(t *testing.T) {
	l := NewLister(strings.NewReader(`{"list":[{"uid":1},{"uid":2}],"code":"0"}`), "list")
	_, ok := l.Next(nil)
	require.True(t, ok)
	env, err := l.Finish()
	require.NoError(t, err)
	assert.Equal(t, "0", env.Code)
	_, ok = l.Next(nil)
	assert.False(t, ok)

	l = NewLister(strings.NewReader(`{"list":[{"uid":1},{"uid":2]}`), "list")
	_, ok = l.Next(nil)
	require.True(t, ok)
	_, err = l.Finish()
	var se *SyntaxError
	assert.ErrorAs(t, err, &se)
}

// bigBody is an envelope of n rows of about 200 bytes, with raw TABs and
// quoted numbers, written as it is read.
func bigBody(n int) io.Reader {
	i := -1
	var cur, back []byte
	return readerFunc(func(p []byte) (int, error) {
		for len(cur) == 0 {
			switch i++; {
			case i == 0:
				cur = []byte(`{"code":"0","message":"成功","list":[`)
			case i <= n:
				back = back[:0]
				if i > 1 {
					back = append(back, ',')
				}
				back = append(back, `{"uid":"`...)
				back = strconv.AppendInt(back, int64(1000000000+i), 10)
				back = append(back, `","name":"王`+"\t"+`五","number":34154643,"webJoin":"true","precentage":"33.3%","joinTime":1709636400000,"any":null}`...)
				cur = back
			case i == n+1:
				cur = []byte(`]}`)
			default:
				return 0, io.EOF
			}
		}
		k := copy(p, cur)
		cur = cur[k:]
		return k, nil
	})
}

// Next returns the next element of the list that is not null, normalized
// for t as Normalize normalizes the elements of a []t (the bytes Decode
// hands to encoding/json), valid until the next call; false at the end of
// the list and at an error.
func (l *Lister) Next(t reflect.Type) ([]byte, bool) {
	raw, ok := l.nextRaw()
	if !ok {
		return nil, false
	}
	return l.normalize(raw, l.schema(t))
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// TestListerAllocations: walking 50,000 elements allocates a fixed number
// of buffers, not one per element.
func TestListerAllocations(t *testing.T) {
	rt := reflect.TypeFor[*row]()
	walk := func(n int) int {
		l := NewLister(bigBody(n), "list")
		k := 0
		for {
			if _, ok := l.Next(rt); !ok {
				break
			}
			k++
		}
		if _, err := l.Finish(); err != nil {
			t.Fatal(err)
		}
		return k
	}
	small := testing.AllocsPerRun(1, func() { walk(500) })
	large := testing.AllocsPerRun(1, func() {
		if walk(50000) != 50000 {
			t.Fatal("rows lost")
		}
	})
	t.Logf("allocations: %.0f for 500 elements, %.0f for 50,000", small, large)
	assert.LessOrEqual(t, large, small+2, "allocations grew with the number of elements")
	assert.Less(t, large, 20.0)
}

// TestListerHeapFlat: decoding each of 20,000 rows (4 MB of body) as it
// comes keeps the live heap within 1 MB of the heap before the walk.
func TestListerHeapFlat(t *testing.T) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	l := NewLister(bigBody(20000), "list")
	k := 0
	for {
		var r row
		ok, err := l.Decode(&r)
		if !ok {
			break
		}
		require.NoError(t, err)
		if k++; k%4000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	_, err := l.Finish()
	require.NoError(t, err)
	require.Equal(t, 20000, k)
	assert.Less(t, peak, base+1<<20, "the heap grew with the rows: %d then %d", base, peak)
}

func TestSyntaxErrorText(t *testing.T) {
	err := (&SyntaxError{Offset: 12, Msg: "expected a key"}).Error()
	assert.Equal(t, "wire: expected a key (at byte 12 of the body)", err)
	assert.True(t, unicode.IsLower(rune(err[0])))
}

// BenchmarkListerWalk: the Lister's walk of 5,000 rows against the one-shot
// path (Normalize, then json.Unmarshal of the whole body), from memory.
func BenchmarkListerWalk(b *testing.B) {
	body, err := io.ReadAll(bigBody(5000))
	require.NoError(b, err)
	rt := reflect.TypeFor[*row]()
	b.Run("impl=stream", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			l := NewLister(bytes.NewReader(body), "list")
			for {
				e, ok := l.Next(rt)
				if !ok {
					break
				}
				var r row
				if err := json.Unmarshal(e, &r); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := l.Finish(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=stream-decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			l := NewLister(bytes.NewReader(body), "list")
			for {
				r := new(row)
				ok, err := l.Decode(r)
				if !ok {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			if _, err := l.Finish(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=oneshot", func(b *testing.B) {
		et := reflect.PointerTo(envelopeType("list", reflect.TypeFor[row]()))
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			out, _, ok := Normalize(body, et)
			v := reflect.New(et.Elem())
			if !ok || json.Unmarshal(out, v.Interface()) != nil {
				b.Fatal("decode")
			}
		}
	})
}
