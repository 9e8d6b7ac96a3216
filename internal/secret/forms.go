// Package secret knows the forms a secret (a password, its digest, a
// teacher's password) may be echoed in by a server or a proxy, so that the
// SDK's errors and logs and the cassettes of package cassette scrub the
// same ones.
package secret

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Forms returns s and the forms it may be echoed in: percent-encoded (form
// and path style), HTML-escaped (as html.EscapeString writes it, and with
// &quot; and &apos;), JSON-escaped (as Jackson writes it, \" and \\; as
// encoding/json writes it, with and without \u0026, \u003c and \u003e; and
// each of those with "/" written \/). The longest come first, so that a
// longer form is replaced before a shorter one inside it. An empty s has
// none.
func Forms(s string) []string {
	if s == "" {
		return nil
	}
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	h := html.EscapeString(s)
	forms = append(forms, h, strings.NewReplacer("&#34;", "&quot;", "&#39;", "&apos;").Replace(h))
	jsonForms := []string{strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)}
	if b, err := json.Marshal(s); err == nil {
		jsonForms = append(jsonForms, string(b[1:len(b)-1]))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		t := strings.TrimSpace(buf.String())
		jsonForms = append(jsonForms, t[1:len(t)-1])
	}
	for _, f := range jsonForms {
		forms = append(forms, f, strings.ReplaceAll(f, "/", `\/`))
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	out := forms[:0]
	for _, f := range forms {
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
