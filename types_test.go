package gensee

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimeDecoding(t *testing.T) {
	want := time.Date(2024, 3, 1, 10, 0, 0, 0, ChinaZone())
	tests := []struct {
		in   string
		want time.Time
	}{
		{`1709258400000`, want},
		{`"1709258400000"`, want},
		{`"2024-03-01 10:00:00"`, want},
		{`"2024-03-01 10:00"`, want},
		{`"2024-03-01"`, time.Date(2024, 3, 1, 0, 0, 0, 0, ChinaZone())},
		{`"2024-03-01T02:00:00Z"`, want},
		{`1.7092584e12`, want},
		{`null`, time.Time{}},
		{`""`, time.Time{}},
		{`0`, time.UnixMilli(0)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got Time
			require.NoError(t, json.Unmarshal([]byte(tt.in), &got))
			assert.True(t, tt.want.Equal(got.Time), "got %v want %v", got.Time, tt.want)
			assert.Equal(t, tt.want.IsZero(), got.IsZero())
		})
	}
	for _, bad := range []string{`"yesterday"`, `true`, `{}`, `"2024-13-01"`, `"12ab"`} {
		var got Time
		assert.Error(t, json.Unmarshal([]byte(bad), &got), bad)
	}
}

func TestTimeMarshal(t *testing.T) {
	b, err := json.Marshal(struct{ A, B Time }{A: Time{time.Date(2024, 3, 1, 10, 0, 0, 0, ChinaZone())}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2024-03-01T10:00:00+08:00","B":null}`, string(b))
	var back struct{ A, B Time }
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, int64(1709258400000), back.A.UnixMilli())
	assert.True(t, back.B.IsZero())
}

// TestDateOfChinaDay: DateOf names the day in China time (UTC+8), not in
// the time's own location.
func TestDateOfChinaDay(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want Date
	}{
		{"23:30 UTC is the next China day", time.Date(2024, 3, 1, 23, 30, 0, 0, time.UTC), Date{2024, time.March, 2}},
		{"15:59 UTC is still the China day", time.Date(2024, 3, 1, 15, 59, 59, 0, time.UTC), Date{2024, time.March, 1}},
		{"16:00 UTC starts the next China day", time.Date(2024, 3, 1, 16, 0, 0, 0, time.UTC), Date{2024, time.March, 2}},
		{"year end", time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC), Date{2025, time.January, 1}},
		{"New York evening", time.Date(2024, 3, 1, 20, 0, 0, 0, time.FixedZone("EST", -5*3600)), Date{2024, time.March, 2}},
		{"Tokyo midnight is the China day before", time.Date(2024, 3, 2, 0, 30, 0, 0, time.FixedZone("JST", 9*3600)), Date{2024, time.March, 1}},
		{"China time as is", time.Date(2024, 3, 1, 23, 59, 0, 0, ChinaZone()), Date{2024, time.March, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, DateOf(tt.t))
		})
	}
}

func TestDate(t *testing.T) {
	d := NewDate(2024, 2, 30)
	assert.Equal(t, Date{2024, time.March, 1}, d)
	assert.Equal(t, "2024-03-01", d.String())
	assert.Equal(t, "", Date{}.String())
	assert.True(t, Date{}.IsZero())
	assert.Equal(t, Date{2024, time.March, 31}, d.AddDays(30))
	assert.Equal(t, 30, d.DaysUntil(d.AddDays(30)))
	assert.Equal(t, -1, d.DaysUntil(d.AddDays(-1)))
	assert.Equal(t, Date{2024, time.March, 1}, DateOf(time.Date(2024, 3, 1, 23, 59, 0, 0, ChinaZone())))
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, ChinaZone()), d.In(ChinaZone()))

	v := url.Values{}
	require.NoError(t, d.EncodeValues("startDate", &v))
	require.NoError(t, Date{}.EncodeValues("endDate", &v))
	assert.Equal(t, url.Values{"startDate": {"2024-03-01"}}, v)

	for in, want := range map[string]Date{
		`"2024-03-01"`: d, `"2024-03-01 23:00:00"`: d, `1709308800000`: d /* 2024-03-02 00:00 CST minus 8h */, `null`: {}, `""`: {},
	} {
		var got Date
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		if in == `1709308800000` {
			want = NewDate(2024, 3, 2)
		}
		assert.Equal(t, want, got, in)
	}
	b, err := json.Marshal([]Date{d, {}})
	require.NoError(t, err)
	assert.Equal(t, `["2024-03-01",null]`, string(b))
}

// TestScalarTolerance sends quoted numbers and booleans, integral floats,
// percentages, bare numbers for strings and nulls through the client's one
// decoder into plain Go fields.
func TestScalarTolerance(t *testing.T) {
	type answer struct {
		I  int     `json:"i"`
		I2 int     `json:"i2"`
		L  int64   `json:"l"`
		F  float64 `json:"f"`
		F2 float64 `json:"f2"`
		B  bool    `json:"b"`
		B2 bool    `json:"b2"`
		B3 bool    `json:"b3"`
		S  string  `json:"s"`
		S2 string  `json:"s2"`
		N  int     `json:"n"`
	}
	const path = "/training/test/scalars"
	decode := func(body string) (answer, error) {
		h := setup(t)
		h.on(path, 200, body)
		var a answer
		err := h.client.do(t.Context(), path, struct{}{}, &a)
		return a, err
	}
	s, err := decode(`{"code":"0","i":"42","i2":7.0,"l":"1000000001","f":"33.3%","f2":12.5,"b":"true","b2":true,"b3":"0","s":34154643,"s2":"x","n":null}`)
	require.NoError(t, err)
	assert.Equal(t, 42, s.I)
	assert.Equal(t, 7, s.I2)
	assert.Equal(t, int64(1000000001), s.L)
	assert.Equal(t, 33.3, s.F)
	assert.Equal(t, 12.5, s.F2)
	assert.True(t, s.B)
	assert.True(t, s.B2)
	assert.False(t, s.B3)
	assert.Equal(t, "34154643", s.S)
	assert.Equal(t, "x", s.S2)
	assert.Equal(t, 0, s.N)

	for _, bad := range []string{`{"i":"4x"}`, `{"i":1.5}`, `{"b":"maybe"}`, `{"f":"lots"}`, `{"s":{}}`, `{"i":[1]}`} {
		_, err := decode(`{"code":"0",` + bad[1:])
		assert.Error(t, err, bad)
	}
}

func TestPtr(t *testing.T) {
	p := Ptr(false)
	assert.False(t, *p)
}

// TestDeviceNames checks what String promises for the two terminal types,
// not the names themselves: every documented code prints a name of its own
// (no two codes share one, so a name leads back to its code), and any other
// value prints as Unknown(N).
func TestDeviceNames(t *testing.T) {
	testNames(t, deviceNames, []Device{
		DevicePCClient, DevicePCWeb, DevicePCWebHTTP, DeviceIPadWeb, DeviceIPhoneWeb, DeviceAndroidPadWeb,
		DeviceAndroidPhoneWeb, DeviceIPadApp, DeviceIPhoneApp, DeviceAndroidPadApp, DeviceAndroidPhoneApp,
		DeviceMacClient, DeviceTelephone, DevicePlayerSDKIOS, DevicePlayerSDKAndroid, DeviceMiniProgramIOS,
		DeviceMiniProgramAndroid, DeviceMiniProgramSDKIOS, DeviceMiniProgramSDKAndroid,
	})
	testNames(t, studyDeviceNames, []StudyDevice{
		StudyDevicePC, StudyDeviceMac, StudyDeviceLinux, StudyDeviceIPad, StudyDeviceIPhone,
		StudyDeviceMiniProgramIOS, StudyDeviceMiniProgramAndroid, StudyDeviceMiniProgramSDKIOS,
		StudyDeviceMiniProgramSDKAndroid, StudyDeviceAndroidPad, StudyDeviceAndroidPhone, StudyDeviceIPadPlayerSDK,
		StudyDeviceIPhonePlayerSDK, StudyDeviceAndroidPadPlayerSDK, StudyDeviceMobile, StudyDeviceAndroidPhonePlayerSDK,
	})
}

// testNames checks the String method of a code type whose names are in
// names: each of consts has a name, distinct from the others' and from the
// Unknown(N) form; a name leads back to its one code; every value from -2
// to 300 that is not a constant prints as Unknown(N).
func testNames[K interface {
	~int
	String() string
}](t *testing.T, names map[K]string, consts []K) {
	t.Helper()
	byName := map[string]K{}
	for _, k := range consts {
		s := k.String()
		assert.NotEmpty(t, s)
		assert.NotEqual(t, fmt.Sprintf("Unknown(%d)", int(k)), s, "%d has no name", int(k))
		if other, dup := byName[s]; dup {
			t.Errorf("%d and %d are both %q", int(other), int(k), s)
		}
		byName[s] = k
	}
	assert.Len(t, names, len(consts), "a name for a code that is not a constant")
	for name, k := range byName {
		assert.Equal(t, name, k.String(), "the name %q does not lead back to %d", name, int(k))
	}
	for n := -2; n <= 300; n++ {
		k := K(n)
		if _, named := byName[k.String()]; !named {
			assert.Equal(t, fmt.Sprintf("Unknown(%d)", n), k.String())
		} else {
			assert.Contains(t, consts, k, "%d prints a constant's name", n)
		}
	}
}
