package gensee

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimeOutOfRange(t *testing.T) {
	for _, in := range []string{
		`1e20`, `"1e20"`, `-1e20`, `100000000000000000000`, `"100000000000000000000"`,
		`253402300800000`, `"253402300800000"`, // 10000-01-01T00:00:00Z
		`-62135596800001`, `"-62135596800001"`, // a millisecond before year 1
		`9.3e18`,
	} {
		t.Run(in, func(t *testing.T) {
			var got Time
			assert.Error(t, json.Unmarshal([]byte(in), &got))
			var d Date
			assert.Error(t, json.Unmarshal([]byte(in), &d))
		})
	}
	for _, in := range []string{`253402300799999`, `-62135596800000`, `"253402300799999"`} {
		var got Time
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.True(t, got.Year() == 9999 || got.UTC().Year() == 1, in)
	}
}

// TestOutOfRangeTimeIsDecodeError: through the client, an epoch of 1e20 is
// a *DecodeError of the endpoint, not a time in year -292275055.
func TestOutOfRangeTimeIsDecodeError(t *testing.T) {
	for _, v := range []string{`1e20`, `"1e20"`} {
		h := setup(t)
		h.on("/training/room/info", 200, `{"code":"0","id":"R","startDate":`+v+`}`)
		room, err := h.client.Rooms.Get(context.Background(), "R")
		assert.Nil(t, room)
		var de *DecodeError
		require.ErrorAs(t, err, &de, v)
		assert.Equal(t, "/training/room/info", de.Endpoint)
		assert.Equal(t, "gensee: /training/room/info: decoding the response: "+de.Err.Error(), err.Error())
	}
}

func TestDecodeError(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"text for a number", `{"code":"0","id":"R","duration":"many"}`},
		{"object for a string", `{"code":"0","id":{"a":1}}`},
		{"bad time", `{"code":"0","id":"R","startDate":"yesterday"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/info", 200, tt.body)
			_, err := h.client.Rooms.Get(context.Background(), "R")
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "/training/room/info", de.Endpoint)
			require.Error(t, de.Err)
			assert.Same(t, de.Err, de.Unwrap())
			var he *HTTPError
			assert.False(t, errors.As(err, &he), "a well-formed envelope is not an HTTPError")
		})
	}
}

// chunked answers path with body, without a Content-Length.
func chunked(h *harness, path, body string) {
	h.mock.RegisterResponder(http.MethodPost, testBase+path, func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, ContentLength: -1, Header: http.Header{},
			Body: io.NopCloser(strings.NewReader(body))}, nil
	})
}
