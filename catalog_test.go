package gensee

// The endpoint catalog (testdata/spec/endpoints.json and methods.json beside
// it, read by internal/catalog) is the one source of what each endpoint is:
// its Go method and …All walk, whether it only reads, whether it is paged.
// These tests hold the SDK to it: every exported service method is in it and
// every method it names exists, with the shape its entry says; the retry
// table is its reads; the README's method table is its rows.

import (
	"fmt"
	"iter"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee/internal/catalog"
)

// specCatalog returns the catalog's endpoints in section order.
func specCatalog(t testing.TB) []catalog.Endpoint {
	t.Helper()
	eps, err := catalog.Load("testdata/spec")
	require.NoError(t, err)
	require.NotEmpty(t, eps)
	return eps
}

// serviceMethods returns every exported method of the services of a
// *Client, by reflection over its service fields, as users write them:
// "Rooms.Get".
func serviceMethods() map[string]reflect.Method {
	out := map[string]reflect.Method{}
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		for j := range f.Type.NumMethod() {
			m := f.Type.Method(j)
			out[f.Name+"."+m.Name] = m
		}
	}
	return out
}

// serviceFields maps each service type's name to its field of Client:
// "RoomService" to "Rooms".
func serviceFields() map[string]string {
	out := map[string]string{}
	ct := reflect.TypeFor[Client]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if f.IsExported() && f.Type.Kind() == reflect.Pointer && strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			out[f.Type.Elem().Name()] = f.Name
		}
	}
	return out
}

// TestCatalogNamesEveryMethod: every exported service method is named by
// the catalog, and every method the catalog names exists, with the shape of
// its role: the one-call method of a paged endpoint returns a *Page, a walk
// returns an iter.Seq2, and nothing else does either.
func TestCatalogNamesEveryMethod(t *testing.T) {
	eps := specCatalog(t)
	methods := serviceMethods()
	require.NotEmpty(t, methods)
	named := map[string]string{}
	for _, e := range eps {
		for _, m := range e.Methods() {
			named[m] = e.Path
		}
	}
	for _, name := range sortedKeys(methods) {
		if _, ok := named[name]; !ok {
			t.Errorf("%s is an exported service method that testdata/spec/methods.json does not name", name)
		}
	}
	pkg := reflect.TypeFor[Client]().PkgPath()
	returnsPage := func(m reflect.Method) bool { // *Page[T]
		out := m.Type.Out(0)
		return out.Kind() == reflect.Pointer && strings.HasPrefix(out.Elem().Name(), "Page[") && out.Elem().PkgPath() == pkg
	}
	iterPkg := reflect.TypeFor[iter.Seq2[int, error]]().PkgPath()
	returnsSeq := func(m reflect.Method) bool { // iter.Seq2[T, error]
		out := m.Type.Out(0)
		return out.Kind() == reflect.Func && strings.HasPrefix(out.Name(), "Seq2[") && out.PkgPath() == iterPkg
	}
	for _, e := range eps {
		t.Run(fmt.Sprintf("5.%d%s", e.Section, e.Path), func(t *testing.T) {
			one, ok := methods[e.Method]
			if assert.True(t, ok, "the catalog names %s, which *Client does not have", e.Method) {
				assert.Equal(t, e.Paged, returnsPage(one), "%s: paged is %v in the catalog, but it returns %v", e.Method, e.Paged, one.Type.Out(0))
				assert.False(t, returnsSeq(one), "%s returns a walk: it is the endpoint's walk, not its method", e.Method)
			}
			if e.Walk != "" {
				walk, ok := methods[e.Walk]
				if assert.True(t, ok, "the catalog names %s, which *Client does not have", e.Walk) {
					assert.True(t, returnsSeq(walk), "%s is the walk of %s but returns %v", e.Walk, e.Path, walk.Type.Out(0))
				}
			}
			for _, m := range e.Also {
				_, ok := methods[m]
				assert.True(t, ok, "the catalog names %s, which *Client does not have", m)
			}
		})
	}
	walks := map[string]bool{}
	for _, e := range eps {
		walks[e.Walk] = true
	}
	for _, name := range sortedKeys(methods) {
		if returnsSeq(methods[name]) {
			assert.True(t, walks[name], "%s returns a walk: name it as the walk of its endpoint in methods.json", name)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestReadOnlyMatchesCatalog ties the retry table to the catalog: an
// endpoint is in readOnly exactly when the catalog says it reads, so that a
// write marked read (retried after it may have been applied) or a read left
// out (never retried) fails here, and readOnly names no other path.
func TestReadOnlyMatchesCatalog(t *testing.T) {
	eps := specCatalog(t)
	known := map[string]bool{}
	for _, e := range eps {
		known[e.Path] = true
		if e.Reads {
			assert.True(t, readOnly[e.Path], "%s reads (methods.json) but is not in readOnly (retry.go): it would never be retried", e.Path)
		} else {
			assert.False(t, readOnly[e.Path], "%s writes (methods.json) but is in readOnly (retry.go): it would be retried after it may have been applied", e.Path)
		}
	}
	for p, v := range readOnly {
		assert.True(t, v, "readOnly lists %s as false: leave it out instead", p)
		assert.True(t, known[p], "readOnly lists %s, which is not an endpoint of the catalog", p)
	}
}

// readmeRow is a row of the README's method table: | 5.N | `path` | 标题 |
// what it does | `Method` / `Walk` |.
var readmeRow = regexp.MustCompile("^\\| 5\\.([0-9]+) \\| `([^`]+)` \\|[^|]+\\|[^|]+\\| ([^|]+) \\|$")

// TestReadmeMethodTable checks the README's method table against the
// catalog: one row per endpoint, in section order, naming its method and
// its walk.
func TestReadmeMethodTable(t *testing.T) {
	eps := specCatalog(t)
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	type row struct{ section, path, methods string }
	var rows []row
	for _, line := range strings.Split(string(b), "\n") {
		if m := readmeRow.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			rows = append(rows, row{m[1], m[2], m[3]})
		}
	}
	require.Len(t, rows, len(eps), "README.md's method table (| § | path | 标题 | what it does | Go method |) has one row per endpoint of the catalog")
	for i, e := range eps {
		methods := make([]string, 0, 3)
		for _, m := range e.Methods() {
			methods = append(methods, "`"+m+"`")
		}
		want := row{fmt.Sprint(e.Section), e.Path, strings.Join(methods, " / ")}
		assert.Equal(t, want, rows[i], "README.md's method table, row %d", i+1)
	}
}
