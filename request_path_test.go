package gensee

import (
	"testing"
	"time"

	"github.com/gensee-go/gensee/internal/form"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encodeBody writes the form of a request type straight after the
// credentials' prefix: byte for byte what url.Values gives, with the same
// refusals and secrets as the url.Values path.
func TestEncodeBodyAppendMatchesValues(t *testing.T) {
	h := setup(t)
	c := h.client
	type withLogin struct {
		Login string `url:"loginName"`
	}
	type withTeacherPassword struct {
		ID  string `url:"id"`
		Pwd string `url:"teacherPassword"`
	}
	tests := []struct {
		name    string
		params  any
		wantErr string // the field of the *ValidationError, "" for none
		secrets []string
	}{
		{"room id", roomIDParam{"mquQf2"}, "", nil},
		{"export window", &ExportOptions{RoomID: "r 1&2", StartTime: time.UnixMilli(1709258400000), EndTime: time.UnixMilli(1709344800000)}, "", nil},
		{"nothing", nil, "", nil},
		{"a credential in a native struct", withLogin{"x"}, "loginName", nil},
		{"a secret in a native struct", withTeacherPassword{"1", "t0p"}, "", []string{"t0p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, own, err := c.encodeBody("/training/x", tt.params)
			if tt.wantErr != "" {
				assertValidation(t, err, "/training/x", tt.wantErr)
				return
			}
			require.NoError(t, err)
			vals, err := form.Encode(tt.params)
			require.NoError(t, err)
			want := c.creds.prefix
			if enc := vals.Encode(); enc != "" {
				want += "&" + enc
			}
			assert.Equal(t, want, string(body))
			assert.Equal(t, tt.secrets, own)
		})
	}
}
