package catalog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadRepositoryCatalog(t *testing.T) {
	eps, err := Load("../../testdata/spec")
	require.NoError(t, err)
	require.NotEmpty(t, eps)
	assert.Equal(t, Endpoint{Section: 4, Path: "/training/room/info", Method: "Rooms.Get", Reads: true}, eps[3])
	assert.Equal(t, []string{"Rooms.Sync", "Rooms.SyncAll"}, eps[53].Methods())
	field, name := Split("Rooms.SetStudentList")
	assert.Equal(t, []string{"Rooms", "SetStudentList"}, []string{field, name})
}

// TestLoadRefuses: a methods.json that disagrees with endpoints.json, or
// whose entry is not whole, is an error naming the entry.
func TestLoadRefuses(t *testing.T) {
	const spec = `[{"section":1,"path":"/training/a"},{"section":2,"path":"/training/b"}]`
	tests := []struct {
		name, methods, want string
	}{
		{"an endpoint without an entry", `[{"section":1,"path":"/training/a","method":"A.Get"}]`, "methods.json has 1 endpoints, endpoints.json 2"},
		{"another order", `[{"section":2,"path":"/training/b","method":"A.B"},{"section":1,"path":"/training/a","method":"A.Get"}]`, "entry 1 (/training/b): endpoints.json has section 5.1 /training/a there"},
		{"no method", `[{"section":1,"path":"/training/a"},{"section":2,"path":"/training/b","method":"A.B"}]`, `entry 1 (/training/a): method "" is not Field.Method`},
		{"paged without a walk", `[{"section":1,"path":"/training/a","method":"A.Get","reads":true,"paged":true},{"section":2,"path":"/training/b","method":"A.B"}]`, "paged but without a walk"},
		{"paged write", `[{"section":1,"path":"/training/a","method":"A.Get","walk":"A.All","paged":true},{"section":2,"path":"/training/b","method":"A.B"}]`, "paged but not a read"},
		{"a method twice", `[{"section":1,"path":"/training/a","method":"A.Get"},{"section":2,"path":"/training/b","method":"A.B","also":["A.Get"]}]`, "A.Get is named twice"},
		{"an unknown field", `[{"section":1,"path":"/training/a","method":"A.Get","read":true},{"section":2,"path":"/training/b","method":"A.B"}]`, `unknown field "read"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "endpoints.json"), []byte(spec), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "methods.json"), []byte(tt.methods), 0o644))
			_, err := Load(dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
