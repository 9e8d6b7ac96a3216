package wire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnquoteWritesJSON: a quoted number that strconv reads but JSON does
// not ("00", "+5", ".5", "0x1p-2") is written anew as a JSON number when
// its quotes go, so that the normalized body is still JSON (found by
// FuzzLister: {"uid":"00"} came out as {"uid":00}).
func TestUnquoteWritesJSON(t *testing.T) {
	type row struct {
		I int64   `json:"i"`
		F float64 `json:"f"`
	}
	for _, tc := range []struct {
		in   string
		want row
	}{
		{`{"i":"00","f":"00.5"}`, row{0, 0.5}},
		{`{"i":"+5","f":"+1"}`, row{5, 1}},
		{`{"i":"007","f":".5"}`, row{7, 0.5}},
		{`{"i":"12","f":"0x1p-2"}`, row{12, 0.25}},
		{`{"i":"-3","f":"33.3%"}`, row{-3, 33.3}},
	} {
		out, _, ok := Normalize([]byte(tc.in), reflect.TypeFor[*row]())
		require.True(t, ok, tc.in)
		require.True(t, json.Valid(out), "%s became %s", tc.in, out)
		var got row
		require.NoError(t, json.Unmarshal(out, &got), tc.in)
		assert.Equal(t, tc.want, got, tc.in)

		l := NewLister(strings.NewReader(`{"list":[`+tc.in+`]}`), "list")
		var streamed row
		ok, err := l.Decode(&streamed)
		require.True(t, ok, tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, streamed, tc.in)
	}
}
