package wire

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Code    string  `json:"code"`
	Count   int     `json:"count"`
	Percent float64 `json:"precentage"`
}

type base struct {
	Code    json.RawMessage `json:"code"`
	Message string          `json:"message"`
}

type target struct {
	base
	ID      string   `json:"id"`
	Number  string   `json:"number"`
	UID     int64    `json:"uid"`
	Web     bool     `json:"webJoin"`
	Items   []*inner `json:"list"`
	Nums    []int    `json:"nums"`
	Any     any      `json:"any"`
	M       map[string]int
	Skip    int     `json:"-"`
	Quoted  int     `json:"quoted,string"`
	Self    *target `json:"self"`
	private int     // never decoded: unexported
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
		code           string
		msg            string
	}{
		{"unchanged", `{"code":0,"id":"a"}`, `{"code":0,"id":"a"}`, "0", ""},
		{"quoted numbers and booleans", `{"code":"0","uid":"1000000001","webJoin":"true","list":[{"count":"3","precentage":"33.3%","code":7}]}`,
			`{"code":"0","uid":1000000001,"webJoin":true,"list":[{"count":3,"precentage":33.3,"code":"7"}]}`, "0", ""},
		{"bare numbers to strings", `{"code":"501","message":"无","number":34154643,"id":true}`,
			`{"code":"501","message":"无","number":"34154643","id":"true"}`, "501", "无"},
		{"empty and odd scalars", `{"code":"0","uid":"","webJoin":"0","nums":["1", 2.0, "3.0"],"list":[{"count":4.0,"precentage":""}]}`,
			`{"code":"0","uid":null,"webJoin":false,"nums":[1, 2, 3],"list":[{"count":4,"precentage":null}]}`, "0", ""},
		{"controls escaped", "{\"code\":\"0\",\"message\":\"a\tb\",\"id\":\"x\r\ny\x01\"}",
			`{"code":"0","message":"a\tb","id":"x\r\ny\u0001"}`, "0", "a\tb"},
		{"whitespace kept", "{ \"code\" : 0 ,\n \"list\" : [ ] , \"any\" : {\"uid\":\"1\"} }",
			"{ \"code\" : 0 ,\n \"list\" : [ ] , \"any\" : {\"uid\":\"1\"} }", "0", ""},
		{"folded key", `{"CODE":"1","UID":"5","Id":7}`, `{"CODE":"1","UID":5,"Id":"7"}`, "", ""},
		{"left alone", `{"code":"0","M":{"a":"1"},"quoted":"5","Skip":"1","private":"2","unknown":"3"}`,
			`{"code":"0","M":{"a":"1"},"quoted":"5","Skip":"1","private":"2","unknown":"3"}`, "0", ""},
		{"recursive", `{"code":"0","self":{"uid":"9","self":{"webJoin":"true"}}}`,
			`{"code":"0","self":{"uid":9,"self":{"webJoin":true}}}`, "0", ""},
		{"escaped message", `{"code":"-1","message":"a\"b\u4e2d"}`, `{"code":"-1","message":"a\"b\u4e2d"}`, "-1", "a\"b中"},
		{"not a number stays", `{"code":"0","uid":"12ab","webJoin":"maybe"}`, `{"code":"0","uid":"12ab","webJoin":"maybe"}`, "0", ""},
		{"folded beyond ASCII, as encoding/json folds", `{"code":"0","numſ":["1"]}`, `{"code":"0","numſ":[1]}`, "0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, env, ok := Normalize([]byte(tt.in), reflect.TypeFor[*target]())
			require.True(t, ok)
			assert.Equal(t, tt.want, string(out))
			assert.Equal(t, tt.code, env.Code)
			assert.Equal(t, tt.code != "", env.CodeSet)
			assert.Equal(t, tt.msg, env.Message)
		})
	}
}

// TestNormalizeFoldsAsDecoding: a key encoding/json folds into a field
// (here "numſ", whose long s folds to "s") is shaped for that field, so
// that decoding takes it.
func TestNormalizeFoldsAsDecoding(t *testing.T) {
	out, _, ok := Normalize([]byte(`{"numſ":["1","2"]}`), reflect.TypeFor[*target]())
	require.True(t, ok)
	var got target
	require.NoError(t, json.Unmarshal(out, &got))
	assert.Equal(t, []int{1, 2}, got.Nums)
}

func TestNormalizeSkipsUnexported(t *testing.T) {
	out, _, ok := Normalize([]byte(`{"private":"2"}`), reflect.TypeFor[target]())
	require.True(t, ok)
	var got target
	require.NoError(t, json.Unmarshal(out, &got))
	assert.Equal(t, 0, got.private)
}

func TestNormalizeDecodes(t *testing.T) {
	in := "{\"code\":\"0\",\"message\":\"ok\",\"uid\":\"42\",\"number\":7,\"webJoin\":\"true\",\"list\":[{\"count\":\"2\",\"precentage\":\"50%\",\"code\":3}],\"id\":\"a\tb\"}"
	out, _, ok := Normalize([]byte(in), reflect.TypeFor[*target]())
	require.True(t, ok)
	var got target
	require.NoError(t, json.Unmarshal(out, &got))
	assert.Equal(t, int64(42), got.UID)
	assert.Equal(t, "7", got.Number)
	assert.True(t, got.Web)
	assert.Equal(t, []*inner{{Code: "3", Count: 2, Percent: 50}}, got.Items)
	assert.Equal(t, "a\tb", got.ID)
}

func TestNormalizeNoCopy(t *testing.T) {
	in := []byte(`{"code":"0","id":"a","list":[{"count":1}]}`)
	out, _, ok := Normalize(in, reflect.TypeFor[*target]())
	require.True(t, ok)
	assert.Same(t, &in[0], &out[0])
}

func TestNormalizeNotAnObject(t *testing.T) {
	for _, in := range []string{`{"number":A}`, `{"id":truex}`, `{"uid":01}`, `{"uid":1.}`, `{"uid":+1}`, `{"uid":1e}`, `{"uid":-}`, ``, `[1]`, `"x"`, `{"code":"0"`, `{"code":"0",}`, `{"a" 1}`, `{"a":"b}`, `{"a":[1,}`,
		`{"a":1} x`, `<html>`, `{"a":@}`, `{"a":[1 2]}`, `{1:2}`} {
		_, env, ok := Normalize([]byte(in), reflect.TypeFor[*target]())
		assert.False(t, ok, in)
		_ = env
	}
}

func TestNormalizeDepth(t *testing.T) {
	deep := make([]byte, 0, 2*maxDepth+40)
	deep = append(deep, `{"a":`...)
	for range maxDepth + 5 {
		deep = append(deep, '[')
	}
	for range maxDepth + 5 {
		deep = append(deep, ']')
	}
	deep = append(deep, '}')
	_, _, ok := Normalize(deep, nil)
	assert.False(t, ok)
}

func TestNormalizeNilType(t *testing.T) {
	out, env, ok := Normalize([]byte("{\"code\":0,\"x\":\"\t\"}"), nil)
	require.True(t, ok)
	assert.Equal(t, `{"code":0,"x":"\t"}`, string(out))
	assert.Equal(t, "0", env.Code)
}

func TestIsNumber(t *testing.T) {
	for _, ok := range []string{"0", "-0", "12", "-12.5", "1e9", "1E+9", "2.5e-3", "1709258400000"} {
		assert.True(t, isNumber([]byte(ok)), ok)
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "1.2.3", "12a"} {
		assert.False(t, isNumber([]byte(bad)), bad)
	}
}

// TestNormalizeEnvelope: the envelope Normalize reads on its way, and the
// bodies it refuses.
func TestNormalizeEnvelope(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want Envelope
	}{
		{`{"code":"0","message":"成功","id":"R"}`, true, Envelope{Code: "0", CodeSet: true, Message: "成功"}},
		{` { "code" : 501 , "message" : "a\"b" } `, true, Envelope{Code: "501", CodeSet: true, Message: `a"b`}},
		{`{"list":[{"code":"9"},[1,2,{}],"]"],"code":"0"}`, true, Envelope{Code: "0", CodeSet: true}},
		{`{"co\u0064e":"0"}`, true, Envelope{Code: "0", CodeSet: true}},
		{`{"code":" 0 "}`, true, Envelope{Code: "0", CodeSet: true}},
		{`{"code":null,"message":7}`, true, Envelope{}},
		{`{}`, true, Envelope{}},
		{"{\"code\":\"0\",\"message\":\"a\tb\"}", true, Envelope{Code: "0", CodeSet: true, Message: "a\tb"}},
		{`{"code":"0",}`, false, Envelope{}},
		{`{"code":"0"`, false, Envelope{}},
		{`{"code":"0"} x`, false, Envelope{}},
		{`{"code":"0","a":[1,}`, false, Envelope{}},
		{`{"code":"0","a":{"b"}}`, false, Envelope{}},
		{`{"code":"0","a":}`, false, Envelope{}},
		{`[{"code":"0"}]`, false, Envelope{}},
		{``, false, Envelope{}},
		{`"code"`, false, Envelope{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, env, ok := Normalize([]byte(tt.in), nil)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.want, env)
			}
		})
	}
}
