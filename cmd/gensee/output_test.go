package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSameValuesInEveryFormat prints one attendance row in each format: the
// device by name and the times in China time, with their offset where a
// program reads them.
func TestSameValuesInEveryFormat(t *testing.T) {
	s := seededSite(t)
	base := []string{"exports", "attendance", "--room", s.room, "--from", "2024-03-01 10:00", "--to", "2024-03-01 10:00:30"}

	r := cli(t, s.env, append(base, "--format", "csv")...)
	require.Equal(t, 0, r.code, r.stderr)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	col := func(name string) string { return rows[1][indexOf(rows[0], name)] }
	assert.Equal(t, "PC web", col("device"))
	assert.Equal(t, "2024-03-01T10:00:00+08:00", col("joinTime"))
	assert.Len(t, rows[0], 12, "csv has every column")

	r = cli(t, s.env, append(base, "--format", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	require.Len(t, list, 1)
	assert.Equal(t, "2024-03-01T10:00:00+08:00", list[0]["joinTime"])
	assert.Equal(t, "2024-03-01T11:00:00+08:00", list[0]["leaveTime"])

	r = cli(t, s.env, append(base, "--format", "jsonl")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"joinTime":"2024-03-01T10:00:00+08:00"`)

	r = cli(t, s.env, base...)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, []string{"uid", "name", "nickname", "joinTime", "leaveTime", "device", "area", "ip"}, strings.Fields(lines[0]), "the default columns")
	assert.Contains(t, lines[1], "2024-03-01 10:00:00")
	assert.Contains(t, lines[1], "PC web")

	r = cli(t, s.env, append(base, "-o", "wide")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, strings.Fields(strings.Split(r.stdout, "\n")[0]), 12, "-o wide shows every column")

	r = cli(t, s.env, append(base, "--fields", "name,device", "--format", "csv")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "name,device\n张三,PC web\n", r.stdout)

	r = cli(t, s.env, append(base, "--fields", "name,nope")...)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `--fields: no column "nope"; the columns are uid, nickname, name,`)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
