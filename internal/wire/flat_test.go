package wire

import (
	"encoding/json"
	"errors"
	"net"
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// epoch decodes itself from a bare number only, like the SDK's Time.
type epoch int64

func (e *epoch) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return errors.New("not an epoch")
	}
	*e = epoch(n)
	return nil
}

type flatItem struct {
	Code string `json:"code"`
	N    int    `json:"n"`
}

type flatRow struct {
	ID    string          `json:"id"`
	UID   int64           `json:"uid"`
	Small int8            `json:"small"`
	Port  uint16          `json:"port"`
	OK    bool            `json:"ok"`
	Ratio float64         `json:"ratio"`
	When  epoch           `json:"when"`
	Raw   json.RawMessage `json:"raw"`
	Name  string          // no tag: its Go name
	Items []*flatItem     `json:"items,omitempty"`
	Skip  string          `json:"-"`
}

// usualPath decodes b into a new T as the usual path does: Normalize, then
// json.Unmarshal.
func usualPath[T any](b []byte) (*T, Envelope, error) {
	v := new(T)
	nb, env, ok := Normalize(b, reflect.TypeFor[*T]())
	if !ok {
		return v, env, errors.New("not an object")
	}
	err := json.Unmarshal(nb, v)
	return v, env, err
}

// checkFlat: whatever DecodeFlat accepts, the usual path decodes to the
// same value and envelope without an error.
func checkFlat[T any](t *testing.T, b []byte) bool {
	t.Helper()
	want, wantEnv, err := usualPath[T](b)
	got := new(T)
	gotEnv, ok := DecodeFlat(b, got)
	if ok {
		require.NoError(t, err, "DecodeFlat took %q", b)
		require.Equal(t, want, got, "%q", b)
		require.Equal(t, wantEnv, gotEnv, "%q", b)
	}
	return ok
}

func TestDecodeFlat(t *testing.T) {
	for _, tc := range []struct {
		body string
		take bool // the flat decoder takes it (else it leaves it to encoding/json)
	}{
		{`{}`, true},
		{` {"id":"a","uid":12,"small":-128,"port":65535,"ok":true,"ratio":-1.5e3,"when":1709636400000,"raw":"x","Name":"n"} `, true},
		{`{"code":"0","message":"成功","id":"学员","items":[{"code":"g1","n":2},null,{}]}`, true},
		{`{"code":0,"message":"m","items":[]}`, true},
		{`{"ID":"folded","NAME":"folded too","uID":3}`, true},
		{`{"id":null,"uid":null,"ok":null,"when":null,"raw":null,"items":null}`, true},
		{"{\"id\":\"a\tb\",\"other\":\"c\rd\"}", true},                      // raw control characters kept, as escaped and decoded
		{`{"unknown":1,"also":"x","more":true,"nul":null}`, true},           // members of no field skipped
		{`{"id":"a","id":"b"}`, true},                                       // the last one wins
		{`{"id":"a\"b"}`, false},                                            // escapes
		{`{"uid":"12"}`, false},                                             // a quoted number
		{`{"id":12}`, false},                                                // a bare number for a string
		{`{"small":128}`, false},                                            // overflow
		{`{"port":-1}`, false},                                              // negative unsigned
		{`{"uid":99999999999999999999}`, false},                             // overflow of int64
		{`{"uid":1.5}`, false},                                              // a fraction for an integer
		{`{"uid":01}`, false},                                               // not JSON
		{`{"uid":1,}`, false},                                               // not JSON
		{`{"uid":1}x`, false},                                               // data after
		{`{"when":"2024-01-01"}`, false},                                    // the Unmarshaler's error
		{`{"raw":{"a":1}}`, false},                                          // nested
		{`{"other":[1]}`, false},                                            // nested, unknown
		{`{"ſkip":1}`, false},                                               // a key encoding/json might fold
		{"{\"id\":\"\xff\"}", false},                                        // invalid UTF-8
		{`[1]`, false},                                                      // not an object
		{`{"items":[{"code":"g","n":"1"}]}`, false},                         // a quoted number inside a list
		{`{"items":{}}`, false},                                             // not a list
		{`{"ok":tru}`, false},                                               // not JSON
		{`{"code":"0","message":"成功","items":[{"code":"x","n":1}]} `, true}, // the envelope around
	} {
		t.Run(tc.body, func(t *testing.T) {
			assert.Equal(t, tc.take, checkFlat[flatRow](t, []byte(tc.body)))
		})
	}
}

type (
	withHidden struct {
		A string
		b int // unexported: not decoded
	}
	withCode   struct{ Code string }
	withMap    struct{ M map[string]int }
	withString struct {
		N int `json:"n,string"`
	}
	withTwins struct { // two names, one folded: encoding/json's rules
		A string `json:"x"`
		B string `json:"X"`
	}
	withIP      struct{ IP net.IP } // a TextUnmarshaler
	withNested  struct{ Items []*flatRow }
	withEmbed   struct{ flatItem }
	withPointer struct{ P *int }
)

func TestFlatPlans(t *testing.T) {
	for _, tc := range []struct {
		t        reflect.Type
		flat     bool
		envelope bool
	}{
		{reflect.TypeFor[flatRow](), true, true},
		{reflect.TypeFor[flatItem](), true, false},
		{reflect.TypeFor[withHidden](), true, true},
		{reflect.TypeFor[withCode](), true, false},
		{reflect.TypeFor[withMap](), false, false},
		{reflect.TypeFor[withString](), false, false},
		{reflect.TypeFor[withTwins](), false, false},
		{reflect.TypeFor[withIP](), false, false},
		{reflect.TypeFor[withNested](), false, false},
		{reflect.TypeFor[withEmbed](), false, false},
		{reflect.TypeFor[withPointer](), false, false},
		{reflect.TypeFor[int](), false, false},
	} {
		t.Run(tc.t.String(), func(t *testing.T) {
			p := schemaFor(tc.t)
			assert.Equal(t, tc.flat, p.flat)
			assert.Equal(t, tc.envelope, p.flat && !p.noEnvelope)
		})
	}
	var h withHidden
	_, ok := DecodeFlat([]byte(`{"a":"x","b":1}`), &h)
	assert.True(t, ok)
	assert.Equal(t, withHidden{A: "x", b: 0}, h)
	// A field named like the envelope takes its member: no envelope is read.
	var v withCode
	env, ok := DecodeFlat([]byte(`{"code":"7"}`), &v)
	assert.True(t, ok)
	assert.Equal(t, withCode{Code: "7"}, v)
	assert.Equal(t, Envelope{}, env)
}
