package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompletionScriptsParse: each shell reads its script without a syntax
// error (bash always; zsh and fish where installed).
func TestCompletionScriptsParse(t *testing.T) {
	shells := []struct {
		shell string
		check []string
	}{
		{"bash", []string{"bash", "-n"}},
		{"zsh", []string{"zsh", "-n"}},
		{"fish", []string{"fish", "--no-execute"}},
	}
	for _, sh := range shells {
		t.Run(sh.shell, func(t *testing.T) {
			if _, err := exec.LookPath(sh.check[0]); err != nil {
				if sh.shell == "bash" || os.Getenv("CI") != "" {
					t.Fatalf("%s is not installed (.ci/run installs it)", sh.shell)
				}
				t.Skipf("%s is not installed", sh.shell)
			}
			r := cli(t, nil, "completion", sh.shell)
			require.Equal(t, 0, r.code, r.stderr)
			file := filepath.Join(t.TempDir(), "gensee."+sh.shell)
			require.NoError(t, os.WriteFile(file, []byte(r.stdout), 0o600))
			out, err := exec.Command(sh.check[0], append(sh.check[1:], file)...).CombinedOutput()
			require.NoError(t, err, "%s", out)
		})
	}
}

// TestBashCompletes runs the bash script's function on command lines and
// reads what it offers: every command of the table, the lifecycle
// commands and their flags, the values of -o.
func TestBashCompletes(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is not installed")
	}
	r := cli(t, nil, "completion", "bash")
	require.Equal(t, 0, r.code, r.stderr)
	script := filepath.Join(t.TempDir(), "gensee.bash")
	require.NoError(t, os.WriteFile(script, []byte(r.stdout), 0o600))
	tests := []struct {
		line string // the words typed, the last one being completed
		want string // COMPREPLY, space-separated
	}{
		{"gensee cl", "class"},
		{"gensee ev", "events"},
		{"gensee j", "join-url"},
		{"gensee class p", "play"},
		{"gensee events s", "serve"},
		{"gensee class play --st", "--students --state"},
		{"gensee events serve --dedupe", "--dedupe-ttl"},
		{"gensee join-url --url http://x/training/site/s/1 --ro", "--role --room"},
		{"gensee rooms get -o j", "json jsonl"},
		{"gensee --format w", "wide"},
		{"gensee rooms get --ro", "--room"},
		{"gensee fake serve --qu", "--quirks"},
		{"gensee exports att", "attendance"},
		{"gensee pr", "probe"},
		{"gensee probe --max", "--max-calls"},
		{"gensee record --mask-", "--mask-ips --mask-phones"},
		{"gensee fake serve --tl", "--tls --tls-cert --tls-key"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			words := strings.Fields(tt.line)
			prog := `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _gensee; echo "${COMPREPLY[*]}"`
			out, err := exec.Command("bash", append([]string{"-c", prog, "bash", script}, words...)...).CombinedOutput()
			require.NoError(t, err, "%s", out)
			assert.Equal(t, tt.want, strings.TrimSpace(string(out)))
		})
	}
}
