package form

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type sample struct {
	Subject  string    `url:"subject"`
	Start    time.Time `url:"startDate,unixmilli,omitempty"`
	End      time.Time `url:"endDate,unixmilli,omitempty"`
	WebJoin  *bool     `url:"webJoin,omitempty"`
	Count    *int      `url:"count,omitempty"`
	Realtime bool      `url:"realtime"`
	IDs      Int64List `url:"recordId,omitempty"`
	Names    JSON      `url:"groupNameList,omitempty"`
}

func TestEncode(t *testing.T) {
	f := false
	zero := 0
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name string
		in   any
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"values copied", url.Values{"roomId": {"R1"}}, url.Values{"roomId": {"R1"}}},
		{"map", map[string]string{"a": "1"}, url.Values{"a": {"1"}}},
		{
			"struct with every shape",
			&sample{Subject: "数学 & 语文", Start: start, WebJoin: &f, Count: &zero, Realtime: true,
				IDs: Int64List{7, 9}, Names: JSON{[]map[string]string{{"groupName": "一组"}}}},
			url.Values{
				"subject": {"数学 & 语文"}, "startDate": {"1709258400000"}, "webJoin": {"false"},
				"count": {"0"}, "realtime": {"true"}, "recordId[0]": {"7"}, "recordId[1]": {"9"},
				"groupNameList": {`[{"groupName":"一组"}]`},
			},
		},
		{"unset optionals left out", sample{Subject: "s"}, url.Values{"subject": {"s"}, "realtime": {"false"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEncodeCopiesValues(t *testing.T) {
	in := url.Values{"a": {"1"}}
	out, err := Encode(in)
	require.NoError(t, err)
	out.Set("a", "2")
	assert.Equal(t, "1", in.Get("a"))
}

func TestEncodeRejectsNonStruct(t *testing.T) {
	_, err := Encode(42)
	assert.ErrorContains(t, err, "form:")
}

func TestJSONMarshalError(t *testing.T) {
	v := url.Values{}
	err := JSON{V: func() {}}.EncodeValues("x", &v)
	assert.ErrorContains(t, err, "form: x:")
}
