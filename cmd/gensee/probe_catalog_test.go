package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/internal/catalog"
)

// The probe reports the paging shape of exactly the catalog's paged
// endpoints.
func TestProbePagedEndpointsMatchCatalog(t *testing.T) {
	eps, err := catalog.Load("../../testdata/spec")
	require.NoError(t, err)
	want := map[string]bool{}
	for _, e := range eps {
		if e.Paged {
			want[e.Path] = true
		}
	}
	assert.Equal(t, want, pagedEndpoints)
}
