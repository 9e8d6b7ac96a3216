package gensee_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// goBlock is a ```go block of the README that is a whole file: it starts
// with a package clause, so a reader can paste it as it is.
type goBlock struct {
	line int    // where the block starts in README.md
	src  string // its text
}

// readmeFiles returns the README's ```go blocks that are whole files.
func readmeFiles(t *testing.T) []goBlock {
	t.Helper()
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var out []goBlock
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
		}
		src := strings.Join(lines[start:i], "\n") + "\n"
		if strings.HasPrefix(strings.TrimSpace(src), "package ") {
			out = append(out, goBlock{line: start, src: src})
		}
	}
	return out
}

var packageClause = regexp.MustCompile(`(?m)^package (\w+)`)

// TestReadmeCompiles builds and vets, as a user's module would, every ```go
// block of the README that is a whole file (the short tour among them), so
// that what the README shows compiles as pasted. Each block is a package of
// its own in a scratch module that requires this one through a replace.
func TestReadmeCompiles(t *testing.T) {
	blocks := readmeFiles(t)
	require.NotEmpty(t, blocks, "the README has no ```go block that is a whole file")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: cannot build the README's blocks")
	}
	root, err := filepath.Abs(".")
	require.NoError(t, err)
	dir := t.TempDir()

	mod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	gomod := strings.Replace(string(mod), "module github.com/gensee-go/gensee", "module readmecheck", 1)
	gomod += "\nrequire github.com/gensee-go/gensee v0.0.0\n\nreplace github.com/gensee-go/gensee => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile("go.sum")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))

	for i, b := range blocks {
		pkg := packageClause.FindStringSubmatch(b.src)[1]
		name := "block.go"
		if strings.HasSuffix(pkg, "_test") || strings.Contains(b.src, "*testing.T") {
			name = "block_test.go"
		}
		sub := filepath.Join(dir, fmt.Sprintf("b%02d_line%d", i, b.line))
		require.NoError(t, os.MkdirAll(sub, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(sub, name), []byte(b.src), 0o644))
	}
	cmd := exec.Command(goBin, "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the README's Go blocks do not compile (directory names give the README line):\n%s", out.String())
	}
}
