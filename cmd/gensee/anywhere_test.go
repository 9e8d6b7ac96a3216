package main

import (
	"flag"
	"io"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The global flags work after the lifecycle commands too (they were
// refused: "flag provided but not defined: -fake").
func TestGlobalFlagsAfterLifecycleCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"class play --fake", []string{"class", "play", "--fake", "--students", "1"}, `"action":"ended"`},
		{"class play --fake=true between its flags", []string{"class", "play", "--students", "1", "--fake=true"}, `"action":"ended"`},
		{"join-url -o json --debug", []string{"join-url", "--url", "http://demo.gensee.com/training/site/s/123", "-o", "json", "--debug", "--nickname", "a"},
			"http://demo.gensee.com/training/site/s/123?nickname=a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, nil, tt.args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, tt.want)
		})
	}
	r := cli(t, nil, "class", "play", "--fake", "--format", "yaml")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `--format must be table, wide, json, jsonl or csv, not "yaml"`)
	r = cli(t, nil, "join-url", "--url", "http://demo.gensee.com/training/site/s/1", "--site")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "flag needs an argument: --site")
}

// No lifecycle command has a flag of a global's name: takeGlobals would
// take it away from the command.
func TestLifeFlagsAreNotGlobals(t *testing.T) {
	gfs := flag.NewFlagSet("g", flag.ContinueOnError)
	gfs.SetOutput(io.Discard)
	new(globals).define(gfs)
	names := regexp.MustCompile(`(?m)^  --([a-z0-9-]+)`)
	for _, args := range [][]string{{"events", "serve", "--help"}, {"join-url", "--help"}, {"class", "play", "--help"}} {
		r := cli(t, nil, args...)
		require.Equal(t, 0, r.code, r.stderr)
		found := names.FindAllStringSubmatch(r.stdout, -1)
		require.NotEmpty(t, found, "no flags in the help of %v", args)
		for _, m := range found {
			assert.Nil(t, gfs.Lookup(m[1]), "%v defines --%s, a global flag", args, m[1])
		}
	}
}
