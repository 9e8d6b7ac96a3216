package gensee

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"

	"github.com/gensee-go/gensee/internal/wire"
	"github.com/stretchr/testify/require"
)

// TestEpochDigits: the quick reading of an epoch gives what strconv gives,
// and leaves to it what it does not read.
func TestEpochDigits(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"0", true}, {"-0", true}, {"1709636400000", true}, {"-62135596800000", true},
		{"007", true}, {"999999999999999999", true},
		{"", false}, {"-", false}, {"+5", false}, {"1e3", false}, {"1.5", false},
		{"9999999999999999999", false}, {"12a", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			ms, ok := epochDigits([]byte(tc.in))
			require.Equal(t, tc.ok, ok)
			if ok {
				want, err := strconv.ParseInt(tc.in, 10, 64)
				require.NoError(t, err)
				require.Equal(t, want, ms)
			}
		})
	}
}

// checkFlatRow: a row the flat decoder takes decodes to what Normalize and
// encoding/json give.
func checkFlatRow[T any](t *testing.T, b []byte) bool {
	t.Helper()
	got := new(T)
	if _, ok := wire.DecodeFlat(b, got); !ok {
		return false
	}
	want := new(T)
	nb, _, ok := wire.Normalize(b, reflect.TypeFor[*T]())
	require.True(t, ok, "%q", b)
	require.NoError(t, json.Unmarshal(nb, want), "%q", b)
	require.Equal(t, want, got, "%q", b)
	return true
}

// TestFlatRowsOfTheSDK: the rows of the exports and the room decode
// through the flat decoder, as encoding/json decodes them.
func TestFlatRowsOfTheSDK(t *testing.T) {
	row := []byte(`{"uid":1000000001,"nickname":"学员1","joinTime":1709636400000,"leaveTime":"2024-03-05 20:00:00",` +
		`"name":"王	1","area":"北京市","device":3,"ip":"10.0.0.1","mobile":"13800000001","company":"展示互动","foreignHighLine":true}`)
	require.True(t, checkFlatRow[Attendance](t, row))
	require.True(t, checkFlatRow[Question](t, []byte(`{"submitter":5,"name":"n","submitTime":null,"published":false,"answerTime":""}`)))
	require.True(t, checkFlatRow[Room](t, roomInfoBody))
}
