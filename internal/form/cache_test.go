package form

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type named int

func (n named) String() string { return "named" }

type encoded int

func (e encoded) EncodeValues(key string, v *url.Values) error {
	v.Set(key, "enc")
	return nil
}

type ptrEncoded int

func (e *ptrEncoded) EncodeValues(key string, v *url.Values) error { return nil }

type Embedded struct {
	Inner string `url:"inner"`
}

type everything struct {
	Embedded
	S      string    `url:"s"`
	SO     string    `url:"so,omitempty"`
	B      bool      `url:"b"`
	BO     bool      `url:"bo,omitempty"`
	I      int       `url:"i"`
	I64    int64     `url:"i64,omitempty"`
	U      uint16    `url:"u"`
	F      float64   `url:"f"`
	PB     *bool     `url:"pb,omitempty"`
	PI     *int      `url:"pi,omitempty"`
	PNil   *string   `url:"pnil"`
	T      time.Time `url:"t,unixmilli,omitempty"`
	TR     time.Time `url:"tr"`
	N      named     `url:"n"`
	E      encoded   `url:"e"`
	L      Int64List `url:"l,omitempty"`
	J      JSON      `url:"j,omitempty"`
	NoTag  string
	Skip   string `url:"-"`
	hidden string
}

type withSlice struct {
	IDs []int `url:"id"`
}

type withPtrEncoder struct {
	P ptrEncoded `url:"p"`
}

func TestCachedEncoderMatchesQuerystring(t *testing.T) {
	tr, i := true, 0
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, v := range []any{
		everything{},
		&everything{Embedded: Embedded{"in"}, S: "a&b 中", SO: "x", B: true, BO: true, I: -3, I64: 1 << 40, U: 7, F: 1.5,
			PB: &tr, PI: &i, T: at, TR: at, N: 2, E: 3, L: Int64List{1, 2}, J: JSON{[]int{1}}, NoTag: "nt", Skip: "s", hidden: "h"},
		withSlice{IDs: []int{1, 2}},
		withPtrEncoder{},
	} {
		want, err := query.Values(v)
		require.NoError(t, err)
		got, err := Encode(v)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%#v", v)
	}
	assert.True(t, codeFor(reflectTypeOf(everything{})).ok)
	assert.False(t, codeFor(reflectTypeOf(withSlice{})).ok, "slices are go-querystring's")
	assert.False(t, codeFor(reflectTypeOf(withPtrEncoder{})).ok, "pointer-receiver encoders are go-querystring's")
}

func BenchmarkEncode(b *testing.B) {
	tr := true
	v := &everything{S: "subject", B: true, I: 3, PB: &tr, T: time.Now(), L: Int64List{1, 2}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(v); err != nil {
			b.Fatal(err)
		}
	}
}

func reflectTypeOf(v any) reflect.Type { return reflect.TypeOf(v) }
