package genseeotel

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// The set of endpoints that label the metrics is the catalog's 59 paths
// (the root module's testdata, read from here since the module boundary
// keeps it out of this module's build), and the default limiter class
// names its exports "exports".
func TestEndpointsAreTheCatalog(t *testing.T) {
	raw, err := os.ReadFile("../testdata/spec/endpoints.json")
	if err != nil {
		t.Fatalf("reading the catalog: %v", err)
	}
	var catalog []struct {
		Path string `json:"path"`
	}
	if err := json.Unmarshal(raw, &catalog); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, e := range catalog {
		want[e.Path] = true
		if got := bucket(e.Path); got != e.Path {
			t.Errorf("bucket(%q) = %q", e.Path, got)
		}
		class := "main"
		if slices.Contains(strings.Split(e.Path, "/"), "export") {
			class = "exports"
		}
		if got := defaultClass(e.Path); got != class {
			t.Errorf("defaultClass(%q) = %q, want %q", e.Path, got, class)
		}
	}
	if len(want) == 0 || len(endpoints) != len(want) {
		t.Fatalf("%d paths in the catalog, %d in endpoints; want as many, and some", len(want), len(endpoints))
	}
	for p := range endpoints {
		if !want[p] {
			t.Errorf("%q is not in the catalog", p)
		}
	}
	for _, p := range []string{"/training/room/info/123", "/training/nosuch", "", "/training/room/info?x=1"} {
		if got := bucket(p); got != OtherEndpoint {
			t.Errorf("bucket(%q) = %q, want %q", p, got, OtherEndpoint)
		}
	}
}
