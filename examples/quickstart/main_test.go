package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstartOnTheFake(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(context.Background(), &out, &errOut, func(string) string { return "" }))
	assert.Contains(t, errOut.String(), "using the built-in fake server at http://127.0.0.1:")
	s := out.String()
	assert.Regexp(t, regexp.MustCompile(`teachers join at http://127\.0\.0\.1:\d+/training/site/r/\d+ with token \w{6,15}`), s)
	assert.Regexp(t, regexp.MustCompile(`students join at http://127\.0\.0\.1:\d+/training/site/s/\d+`), s)
	assert.Contains(t, s, "Attendance of the last session of ")
	assert.Contains(t, s, ": 3 row(s)")
	assert.Contains(t, s, "Synced 120 recording(s)")
	assert.Contains(t, s, "Looking up an unknown classroom: not found (code 501")
	assert.Contains(t, s, "Refused before sending: teacherToken")
	assert.Regexp(t, regexp.MustCompile(`Deleted classroom \w+\n$`), s)
}

func TestQuickstartNeedsAllCredentials(t *testing.T) {
	env := map[string]string{"GENSEE_SITE": "demo.gensee.com"}
	err := run(context.Background(), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	assert.ErrorContains(t, err, "set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD")
}
