// Package catalog reads the repository's endpoint catalog for the tests of
// every package: testdata/spec/endpoints.json (the spec's tables, one entry
// per endpoint, in section order) and testdata/spec/methods.json beside it
// (what the SDK makes of each endpoint: its Go method, its …All walk, whether
// it only reads, whether it is paged). It is the one place those facts are
// written; the retry table's test, the e2e and CLI coverage, the fake's
// routes and the README's method table are all checked against it. Only
// tests import it.
package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Endpoint is one endpoint of the catalog and the SDK methods that call it.
type Endpoint struct {
	Section int      `json:"section"` // N of spec section 5.N
	Path    string   `json:"path"`    // "/training/room/info"
	Method  string   `json:"method"`  // the one-call method, as users write it: "Rooms.Get"
	Walk    string   `json:"walk"`    // the …All method that walks it ("" if none): "Rooms.SyncAll"
	Also    []string `json:"also"`    // other methods built on it: "Rooms.CreateOnce"
	Reads   bool     `json:"reads"`   // it changes nothing on the server: retried like a read
	Paged   bool     `json:"paged"`   // it answers one page per pageNo
}

// Methods returns the SDK methods of e: Method, then Walk if any, then Also.
func (e Endpoint) Methods() []string {
	out := []string{e.Method}
	if e.Walk != "" {
		out = append(out, e.Walk)
	}
	return append(out, e.Also...)
}

// Split splits a method name as the catalog writes it ("Rooms.Get") into
// the field of gensee.Client and the method's name.
func Split(method string) (field, name string) {
	field, name, _ = strings.Cut(method, ".")
	return field, name
}

// Load reads methods.json and endpoints.json from dir (the repository's
// testdata/spec) and checks that they list the same endpoints in the same
// order, and that each entry is whole: a method named "Field.Method", a walk
// for every paged endpoint, every paged endpoint a read.
func Load(dir string) ([]Endpoint, error) {
	var spec []struct {
		Section int    `json:"section"`
		Path    string `json:"path"`
	}
	if err := readJSON(filepath.Join(dir, "endpoints.json"), &spec, false); err != nil {
		return nil, err
	}
	var eps []Endpoint
	if err := readJSON(filepath.Join(dir, "methods.json"), &eps, true); err != nil {
		return nil, err
	}
	if len(eps) != len(spec) {
		return nil, fmt.Errorf("catalog: methods.json has %d endpoints, endpoints.json %d", len(eps), len(spec))
	}
	seen := map[string]bool{}
	for i, e := range eps {
		where := fmt.Sprintf("catalog: methods.json entry %d (%s)", i+1, e.Path)
		switch {
		case e.Section != spec[i].Section || e.Path != spec[i].Path:
			return nil, fmt.Errorf("%s: endpoints.json has section 5.%d %s there", where, spec[i].Section, spec[i].Path)
		case !validName(e.Method):
			return nil, fmt.Errorf("%s: method %q is not Field.Method", where, e.Method)
		case e.Walk != "" && !validName(e.Walk):
			return nil, fmt.Errorf("%s: walk %q is not Field.Method", where, e.Walk)
		case e.Paged && e.Walk == "":
			return nil, fmt.Errorf("%s: paged but without a walk", where)
		case e.Paged && !e.Reads:
			return nil, fmt.Errorf("%s: paged but not a read", where)
		}
		for _, m := range e.Methods() {
			if !validName(m) {
				return nil, fmt.Errorf("%s: %q is not Field.Method", where, m)
			}
			if seen[m] {
				return nil, fmt.Errorf("%s: %s is named twice in the catalog", where, m)
			}
			seen[m] = true
		}
	}
	return eps, nil
}

// validName reports whether m is "Field.Method", both exported Go names.
func validName(m string) bool {
	f, n, ok := strings.Cut(m, ".")
	return ok && exported(f) && exported(n)
}

func exported(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func readJSON(name string, v any, strict bool) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("catalog: %s: %w", name, err)
	}
	return nil
}
