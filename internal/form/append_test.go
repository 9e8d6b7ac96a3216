package form

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type appendReq struct {
	RoomID    string    `url:"roomId"`
	Subject   string    `url:"subject,omitempty"`
	Start     time.Time `url:"startDate,unixmilli,omitempty"`
	Realtime  *bool     `url:"realtime,omitempty"`
	Names     []string  `url:"names,json,omitempty"`
	IDs       Int64List `url:"recordId,omitempty"`
	PageNo    int       `url:"pageNo,omitempty"`
	Unchanged string    `url:"-"`
}

func TestAppendEncodeMatchesEncode(t *testing.T) {
	yes := true
	tests := []struct {
		name   string
		prefix string
		v      any
	}{
		{"struct after a prefix", "loginName=a%40b&password=x", &appendReq{RoomID: "mquQf2", Subject: "高一 & 数学", Start: time.UnixMilli(1709258400000), Realtime: &yes, Names: []string{"1班"}, IDs: Int64List{3, 1}, PageNo: 2}},
		{"struct, empty prefix", "", appendReq{RoomID: "a b"}},
		{"url.Values with repeated keys", "p=1", url.Values{"z": {"2", "1"}, "a": {"x~y_z.-"}, "ä": {"ö"}}},
		{"map", "p=1", map[string]string{"k": "v/w"}},
		{"nothing to add", "p=1", nil},
		{"empty struct", "", appendReq{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, err := Encode(tt.v)
			require.NoError(t, err)
			want := tt.prefix
			if enc := vals.Encode(); enc != "" {
				if want != "" {
					want += "&"
				}
				want += enc
			}
			got, err := AppendEncode([]byte(tt.prefix), tt.v)
			require.NoError(t, err)
			assert.Equal(t, want, string(got))
		})
	}
}

func TestNative(t *testing.T) {
	type withSlice struct {
		L []string `url:"l"`
	}
	assert.True(t, Native(reflect.TypeFor[appendReq]()))
	assert.True(t, Native(reflect.TypeFor[*appendReq]()))
	assert.False(t, Native(reflect.TypeFor[withSlice]()), "a plain slice is go-querystring's")
	assert.False(t, Native(reflect.TypeFor[url.Values]()))
}

func TestKeys(t *testing.T) {
	type plain struct {
		RoomID  string    `url:"roomId"`
		Start   time.Time `url:"startTime,unixmilli,omitempty"`
		Names   []string  `url:"names,json,omitempty"`
		Skipped string    `url:"-"`
		PageNo  *int      `url:"pageNo,omitempty"`
	}
	tests := []struct {
		name string
		t    reflect.Type
		keys []string
		ok   bool
	}{
		{"a struct", reflect.TypeFor[plain](), []string{"roomId", "startTime", "names", "pageNo"}, true},
		{"a pointer to it", reflect.TypeFor[*plain](), []string{"roomId", "startTime", "names", "pageNo"}, true},
		{"a field that encodes itself", reflect.TypeFor[appendReq](), nil, false},
		{"not native", reflect.TypeFor[struct {
			L []string `url:"l"`
		}](), nil, false},
		{"url.Values", reflect.TypeFor[url.Values](), nil, false},
		{"a map", reflect.TypeFor[map[string]string](), nil, false},
		{"nil", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, ok := Keys(tt.t)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.keys, keys)
			}
		})
	}
}

func BenchmarkEncodeThenString(b *testing.B) {
	yes := true
	r := &appendReq{RoomID: "mquQf2", Subject: "高一数学", Start: time.UnixMilli(1709258400000), Realtime: &yes, PageNo: 2}
	prefix := "loginName=admin%40demo&password=cf22cf214e4a514990bc4237882136e2&sec=true"
	b.ReportAllocs()
	for b.Loop() {
		vals, _ := Encode(r)
		_ = prefix + "&" + vals.Encode()
	}
}

func BenchmarkAppendEncode(b *testing.B) {
	yes := true
	r := &appendReq{RoomID: "mquQf2", Subject: "高一数学", Start: time.UnixMilli(1709258400000), Realtime: &yes, PageNo: 2}
	prefix := []byte("loginName=admin%40demo&password=cf22cf214e4a514990bc4237882136e2&sec=true")
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf = append(buf[:0], prefix...)
		buf, _ = AppendEncode(buf, r)
	}
}
