package openapi

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUpToDate: the committed openapi.json is what the catalog generates
// (go test -run TestUpToDate -update rewrites it).
func TestUpToDate(t *testing.T) {
	got, err := Generate(catalog(t))
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile("openapi.json", got, 0o644))
	}
	want, err := os.ReadFile("openapi.json")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "openapi.json is stale: go test -run TestUpToDate -update")
}

// TestValidOpenAPI: the document is OpenAPI 3.1 that a validator of the
// specification accepts, with no error.
func TestValidOpenAPI(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	require.NoError(t, err)
	doc, err := libopenapi.NewDocument(b)
	require.NoError(t, err)
	assert.Equal(t, "3.1.0", doc.GetVersion())
	v, errs := validator.NewValidator(doc)
	require.Empty(t, errs)
	ok, verrs := v.ValidateDocument()
	for _, e := range verrs {
		t.Errorf("%s: %s", e.Message, e.Reason)
		for _, se := range e.SchemaValidationErrors {
			t.Errorf("  %s at %s (%s)", se.Reason, se.FieldPath, se.KeywordLocation)
		}
	}
	assert.True(t, ok)
	model, err := doc.BuildV3Model()
	require.NoError(t, err)
	assert.Equal(t, len(catalog(t)), model.Model.Paths.PathItems.Len(), "one path a catalog endpoint")
}

// TestMatchesTheCatalog reads the document back and checks it against the
// catalog, endpoint by endpoint: a POST of a form with each parameter
// (required where the spec requires it), and an answer with the envelope,
// each returned field, the lists' items and the page object.
func TestMatchesTheCatalog(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			RequestBody struct {
				Content map[string]struct {
					Schema schema `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]struct {
					Schema schema `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]schema `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	eps := catalog(t)
	assert.Len(t, doc.Paths, len(eps))
	ops := map[string]bool{}
	for _, e := range eps {
		t.Run(e.Path, func(t *testing.T) {
			item, ok := doc.Paths[e.Path]
			require.True(t, ok, "no path item")
			require.Len(t, item, 1, "only POST: the spec removed GET in 2018")
			op, ok := item["post"]
			require.True(t, ok)
			assert.False(t, ops[op.OperationID], "operationId %q twice", op.OperationID)
			ops[op.OperationID] = true

			form, ok := op.RequestBody.Content["application/x-www-form-urlencoded"]
			require.True(t, ok, "the body is a form")
			var names, required []string
			for _, p := range e.Params {
				names = append(names, p.Name)
				if p.Required {
					required = append(required, p.Name)
				}
				prop, ok := form.Schema.Properties[p.Name]
				if assert.True(t, ok, "parameter %s", p.Name) {
					assert.Equal(t, wantType(p.TypeNorm, true), prop.Type, "parameter %s (%s)", p.Name, p.TypeNorm)
				}
			}
			assert.ElementsMatch(t, names, keys(form.Schema.Properties), "the form's parameters")
			assert.ElementsMatch(t, required, form.Schema.Required, "the required parameters")

			ans, ok := op.Responses["200"].Content["application/json"]
			require.True(t, ok, "the answer is JSON")
			assert.Equal(t, "#/components/schemas/ReturnCode", ans.Schema.Properties["code"].Ref)
			assert.Contains(t, ans.Schema.Properties, "message")
			for _, r := range e.Returns {
				if r.Name == "code" || r.Name == "message" {
					continue
				}
				prop, ok := ans.Schema.Properties[r.Name]
				if !assert.True(t, ok, "returned field %s", r.Name) {
					continue
				}
				if r.Name == "page" {
					assert.Equal(t, "#/components/schemas/Page", prop.Ref)
					continue
				}
				assert.Equal(t, wantType(r.TypeNorm, false), prop.Type, "returned field %s", r.Name)
				if r.TypeNorm == "array" {
					require.NotNil(t, prop.Items, "the list %s has items", r.Name)
					var children []string
					for _, c := range r.Children {
						if !slices.Contains(children, c.Name) { // courseware/list lists duration twice
							children = append(children, c.Name)
						}
					}
					assert.ElementsMatch(t, children, keys(prop.Items.Properties), "the items of %s", r.Name)
				}
			}
		})
	}
	var codes []string
	for _, c := range ReturnCodes {
		codes = append(codes, c.Code)
	}
	assert.Equal(t, codes, doc.Components.Schemas["ReturnCode"].Enum, "the documented return codes, as strings")
	assert.ElementsMatch(t, []string{"pageNo", "totalPages", "totalCounts"}, keys(doc.Components.Schemas["Page"].Properties))
}

type schema struct {
	Type       string            `json:"type"`
	Ref        string            `json:"$ref"`
	Properties map[string]schema `json:"properties"`
	Required   []string          `json:"required"`
	Items      *schema           `json:"items"`
	Enum       []string          `json:"enum"`
}

// wantType is the JSON Schema type a catalog type becomes: in a form, a
// JSON-array parameter is one text value.
func wantType(norm string, param bool) string {
	switch norm {
	case "int", "long":
		return "integer"
	case "boolean":
		return "boolean"
	case "array<long>":
		return "array"
	case "array":
		if param {
			return "string"
		}
		return "array"
	case "object":
		return "object"
	}
	return "string"
}

func keys(m map[string]schema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOperationID: the path after /training/ in lower camel case.
func TestOperationID(t *testing.T) {
	for path, want := range map[string]string{
		"/training/room/created":         "roomCreated",
		"/training/export/praise/detail": "exportPraiseDetail",
		"/training/vod/vodview":          "vodVodview",
	} {
		assert.Equal(t, want, OperationID(path), path)
	}
	assert.True(t, strings.HasPrefix(Tag("/training/miniroom/export/history"), "miniroom"))
}
