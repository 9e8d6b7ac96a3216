package gensee

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The repository stands on its own: its docs and comments cite files of
// this repository only, and every such citation resolves. The two names
// below are spelled in pieces so that this file does not cite them itself.
var foreignCitations = []string{
	".." + "/shared",                // the workspace the project was written in
	"FIELD" + "-NOTES",              // notes that live outside the repository
	"training-api-spec" + ".zh.txt", // the spec itself, not in the repository
}

// repoRef matches a reference to a repository file in prose: a path under
// one of the repository's top-level directories (a * in it is a glob; a
// trailing .Name after a package directory is a Go identifier, as in
// internal/form.Encoder), or a Markdown file named in capitals (README.md,
// CONTRIBUTING.md), with an optional #anchor.
var repoRef = regexp.MustCompile("(?:^|[\\s(`\"'\\[])" +
	`((?:\.\.?/)*(?:docs|testdata|internal|cmd|examples|genseetest|genseeredis|genseeotel|\.ci)/[\w./*-]*[\w*-]` +
	`|(?:\.\.?/)*[A-Z][A-Z0-9_-]*\.md)(#[\w-]+)?`)

// mdLink matches the target of a Markdown link.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// ref is one citation found in the repository.
type ref struct {
	from   string // file:line citing it
	dir    string // directory of the citing file, relative to the root
	target string // the path as written ("" for the citing file itself)
	anchor string // without the '#'
}

// repoFiles returns the repository's files (relative, slash-separated),
// skipping .git and binary files.
func repoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.IndexByte(b, 0) >= 0 {
			return nil // binary
		}
		out[filepath.ToSlash(path)] = b
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(out), 50, "the walk found too few files: is the test running at the repository root?")
	return out
}

func TestNoForeignCitations(t *testing.T) {
	for path, b := range repoFiles(t) {
		for i, line := range strings.Split(string(b), "\n") {
			for _, c := range foreignCitations {
				assert.NotContains(t, line, c, "%s:%d cites a file outside the repository; "+
					"write the fact into docs/server-behaviour.md and cite that", path, i+1)
			}
		}
	}
}

// goCommentRefs returns the citations in the comments of a Go file.
func goCommentRefs(t *testing.T, path string, src []byte) []ref {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	require.NoError(t, err, path)
	var out []ref
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			line := fset.Position(c.Pos()).Line
			for i, text := range strings.Split(c.Text, "\n") {
				out = append(out, proseRefs(fmt.Sprintf("%s:%d", path, line+i), path, text)...)
			}
		}
	}
	return out
}

// proseRefs returns the citations of repository files in one line of text.
func proseRefs(from, path, text string) []ref {
	var out []ref
	for _, m := range repoRef.FindAllStringSubmatch(text, -1) {
		target := strings.TrimRight(m[1], ".")
		out = append(out, ref{from: from, dir: filepath.Dir(path), target: target, anchor: strings.TrimPrefix(m[2], "#")})
	}
	return out
}

// markdownRefs returns the citations in a Markdown file: its relative link
// targets and the repository paths its prose names.
func markdownRefs(path string, src []byte) []ref {
	var out []ref
	for i, line := range strings.Split(string(src), "\n") {
		from := fmt.Sprintf("%s:%d", path, i+1)
		out = append(out, proseRefs(from, path, line)...)
		for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			if file == "" {
				file = filepath.Base(path)
			}
			out = append(out, ref{from: from, dir: filepath.Dir(path), target: file, anchor: anchor})
		}
	}
	return out
}

// headingAnchors returns the anchors of a Markdown file's headings, as
// GitHub makes them: lower case, spaces to hyphens, punctuation dropped,
// a repeated heading numbered from -1. Headings inside code fences do not
// count.
func headingAnchors(src []byte) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		slug := b.String()
		if n := seen[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

// resolve returns the repository path a citation names: relative to the
// citing file's directory, else to the repository root; "" when neither
// exists.
func resolve(files map[string][]byte, r ref) string {
	for _, base := range []string{r.dir, "."} {
		p := filepath.ToSlash(filepath.Clean(filepath.Join(base, r.target)))
		if _, ok := files[p]; ok {
			return p
		}
		if r.anchor != "" {
			continue
		}
		if isDir(p) {
			return p
		}
		if strings.Contains(p, "*") {
			if m, _ := filepath.Glob(p); len(m) > 0 {
				return p
			}
		}
		// A Go identifier after a package directory: internal/wire.Lister.
		if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') && i+1 < len(p) &&
			unicode.IsUpper(rune(p[i+1])) && isDir(p[:i]) {
			return p
		}
	}
	return ""
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func TestDocReferencesResolve(t *testing.T) {
	files := repoFiles(t)
	var refs []ref
	for path, b := range files {
		switch {
		case strings.HasSuffix(path, ".go"):
			refs = append(refs, goCommentRefs(t, path, b)...)
		case strings.HasSuffix(path, ".md"):
			refs = append(refs, markdownRefs(path, b)...)
		}
	}
	// The page this test guards must be among them.
	cited := 0
	for _, r := range refs {
		if strings.HasSuffix(r.target, "docs/server-behaviour.md") && r.anchor != "" {
			cited++
		}
	}
	assert.Greater(t, cited, 5, "docs/server-behaviour.md is hardly cited: is the scan broken?")

	anchors := map[string]map[string]bool{}
	for _, r := range refs {
		p := resolve(files, r)
		if !assert.NotEmpty(t, p, "%s: %q names no file of the repository", r.from, r.target) || r.anchor == "" {
			continue
		}
		if !strings.HasSuffix(p, ".md") {
			assert.Fail(t, "an anchor on a file that is not Markdown", "%s: %s#%s", r.from, r.target, r.anchor)
			continue
		}
		if anchors[p] == nil {
			anchors[p] = headingAnchors(files[p])
		}
		assert.True(t, anchors[p][r.anchor], "%s: %s has no heading with the anchor #%s", r.from, p, r.anchor)
	}
}

// TestDocReferenceScanner: the scanner finds what it must and resolves
// with the rules it states, so that a broken regexp cannot pass the real
// test by finding nothing.
func TestDocReferenceScanner(t *testing.T) {
	got := proseRefs("x.go:1", "genseetest/x.go", "see docs/server-behaviour.md#times, `testdata/spec/endpoints.json` and README.md.")
	require.Len(t, got, 3)
	assert.Equal(t, ref{from: "x.go:1", dir: "genseetest", target: "docs/server-behaviour.md", anchor: "times"}, got[0])
	assert.Equal(t, "testdata/spec/endpoints.json", got[1].target)
	assert.Equal(t, "README.md", got[2].target)
	assert.Empty(t, proseRefs("x.go:1", "x.go", "testdata/<service>/<case>.json and e.g. room/created.json"))

	files := map[string][]byte{"docs/server-behaviour.md": nil}
	for _, tt := range []struct {
		target, anchor, want string
	}{
		{"docs/server-behaviour.md", "times", "docs/server-behaviour.md"},
		{"server-behaviour.md", "", "docs/server-behaviour.md"}, // beside the citing file
		{"docs/nothing.md", "", ""},
		{"internal/form", "", "internal/form"},
		{"internal/form.Encoder", "", "internal/form.Encoder"},
		{"internal/nothing.Encoder", "", ""},
		{"genseetest/h_*.go", "", "genseetest/h_*.go"},
		{"genseetest/nothing_*.go", "", ""},
	} {
		assert.Equal(t, tt.want, resolve(files, ref{dir: "docs", target: tt.target, anchor: tt.anchor}), tt.target)
	}

	md := markdownRefs("docs/a.md", []byte("[b](b.md#top) [c](#here) [w](https://example.com/x.md)"))
	require.Len(t, md, 2)
	assert.Equal(t, ref{from: "docs/a.md:1", dir: "docs", target: "b.md", anchor: "top"}, md[0])
	assert.Equal(t, ref{from: "docs/a.md:1", dir: "docs", target: "a.md", anchor: "here"}, md[1])

	a := headingAnchors([]byte("# Title\n## Return codes\n```\n# not a heading\n```\n## Return codes\n## Live events (实时)\n"))
	assert.Equal(t, map[string]bool{"title": true, "return-codes": true, "return-codes-1": true, "live-events-实时": true}, a)
}
