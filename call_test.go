package gensee

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallRefusesPaths(t *testing.T) {
	for _, path := range []string{
		"room/info",
		"/webcast/room/info",
		"/training/../webcast/room/info",
		"/training/./room/info",
		"/training/room/..",
		"/training/room/.",
		"/training/%2e%2e/webcast",
		"/training/%2E%2E/webcast",
		"/training/%2e/room/info",
		"/training/room/info?loginName=x&sec=false",
		"/training/room/info#frag",
		"/training/room/info%3Fa",
		"/training/room info",
		"/training/room/info\n",
	} {
		t.Run(path, func(t *testing.T) {
			h := setup(t)
			err := h.client.Call(context.Background(), path, nil, nil)
			assertValidation(t, err, path, "path")
			assert.Equal(t, 0, h.mock.GetTotalCallCount(), "nothing is sent")
		})
	}
}

func TestCallRefusesOut(t *testing.T) {
	var nilMap *map[string]any
	for name, out := range map[string]any{
		"struct value":  struct{ ID string }{},
		"map value":     map[string]any{},
		"typed nil ptr": nilMap,
		"string":        "x",
	} {
		t.Run(name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/info", 200, roomR1)
			err := h.client.Call(context.Background(), "/training/room/info", nil, out)
			assertValidation(t, err, "/training/room/info", "out")
			h.assertNothingSent()
		})
	}
}

func TestCallRefusesCredentialParams(t *testing.T) {
	type withLogin struct {
		L string `url:"loginName"`
	}
	type withSec struct {
		S bool `url:"sec"`
	}
	tests := []struct {
		name   string
		params any
		field  string
	}{
		{"url.Values password", url.Values{"password": {"x"}}, "password"},
		{"url.Values loginName", url.Values{"loginName": {"x"}}, "loginName"},
		{"url.Values sec", url.Values{"sec": {"false"}}, "sec"},
		{"map password", map[string]string{"password": "x"}, "password"},
		{"map sec", map[string]string{"sec": "false"}, "sec"},
		{"map loginName", map[string]string{"loginName": "x"}, "loginName"},
		{"struct loginName", withLogin{"x"}, "loginName"},
		{"*struct sec", &withSec{true}, "sec"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/info", 200, roomR1)
			err := h.client.Call(context.Background(), "/training/room/info", tt.params, nil)
			assertValidation(t, err, "/training/room/info", tt.field)
			h.assertNothingSent()
		})
	}
}

func TestCallParamShapes(t *testing.T) {
	type tagged struct {
		RoomID string `url:"roomId"`
		PageNo int    `url:"pageNo,omitempty"`
	}
	for name, params := range map[string]any{
		"url.Values":        url.Values{"roomId": {"R1"}},
		"map[string]string": map[string]string{"roomId": "R1"},
		"struct":            tagged{RoomID: "R1"},
		"*struct":           &tagged{RoomID: "R1"},
	} {
		t.Run(name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/room/info", 200, roomR1)
			var out map[string]any
			require.NoError(t, h.client.Call(context.Background(), "/training/room/info", params, &out))
			h.assertForm("roomId", "R1")
			assert.Equal(t, "R1", out["id"])
		})
	}
}
