package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestLiveClassOnTheFake(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), []string{"-poll", "5ms", "-timeout", "30s"}, &out, &errOut, func(string) string { return "" }))
	assert.Contains(t, errOut.String(), "using the built-in fake server at http://127.0.0.1:")

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`^Classroom \w+ \(number \d+\) created$`,
		`^Teacher   link: http://127\.0\.0\.1:\d+/training/site/r/\d+\?nickname=%E7%8E%8B%E8%80%81%E5%B8%88&token=\d{6}&uid=1000000001$`,
		`^Assistant link: http://127\.0\.0\.1:\d+/training/site/r/\d+\?nickname=%E5%8A%A9%E6%95%99&token=\d{6}&uid=1000000002$`,
		`^Student   link: http://127\.0\.0\.1:\d+/training/site/s/\d+\?nickname=%E5%BC%A0%E4%B8%89&token=\d{6}&uid=1000000101$`,
		`^Event: the class started$`,
		`^Event: user 1000000101 joined \(1 in class\)$`,
		`^Event: user 1000000102 joined \(2 in class\)$`,
		`^Event: user 1000000101 left \(1 in class\)$`,
		`^Event: user 1000000102 left \(0 in class\)$`,
		`^Event: the class ended$`,
		`^Waiting for the recording…$`,
		`^Recording \w+ \(\d+(\.\d+)?m?s\): http://127\.0\.0\.1:\d+/training/site/v/\d+\?nickname=%E5%BC%A0%E4%B8%89&uid=1000000101$`,
		`^Attendance: 2 row\(s\)$`,
		`^  张三     1000000101  \d\d:\d\d:\d\d - \d\d:\d\d:\d\d$`,
		`^  李四     1000000102  \d\d:\d\d:\d\d - \d\d:\d\d:\d\d$`,
	}
	require.Len(t, lines, len(want), out.String())
	for i, w := range want {
		assert.Regexp(t, regexp.MustCompile(w), lines[i], "line %d", i+1)
	}
}

func TestLiveClassBadCredentials(t *testing.T) {
	env := map[string]string{"GENSEE_SITE": "demo.gensee.com"}
	err := run(t.Context(), nil, &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	assert.ErrorContains(t, err, "login")
}
