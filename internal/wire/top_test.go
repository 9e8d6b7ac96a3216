package wire

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTop(t *testing.T) {
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
		{"{\"code\":\"0\",\"s\":\"a\tb\"}", false, Envelope{}}, // a raw control character: Normalize's job
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
			env, ok := Top([]byte(tt.in))
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.want, env)
				_, nenv, nok := Normalize([]byte(tt.in), nil)
				assert.True(t, nok)
				assert.Equal(t, nenv, env, "the same envelope as Normalize")
			}
		})
	}
}
