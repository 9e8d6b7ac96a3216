package openapi

import (
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite openapi.json from the catalog")

// catalogFile is the repository's spec catalog, the document's source.
const catalogFile = "../testdata/spec/endpoints.json"

func catalog(t *testing.T) []Endpoint {
	t.Helper()
	b, err := os.ReadFile(catalogFile)
	require.NoError(t, err)
	eps, err := ReadCatalog(b)
	require.NoError(t, err)
	require.NotEmpty(t, eps, "the catalog has no endpoint")
	return eps
}
