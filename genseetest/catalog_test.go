package genseetest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/internal/catalog"
)

// TestEndpointsMatchCatalog: the fake answers every endpoint of the
// repository's catalog (testdata/spec), and no other.
func TestEndpointsMatchCatalog(t *testing.T) {
	t.Parallel()
	eps, err := catalog.Load("../testdata/spec")
	require.NoError(t, err)
	var want []string
	for _, e := range eps {
		want = append(want, e.Path)
	}
	slices.Sort(want)
	assert.Equal(t, want, Endpoints())
}
