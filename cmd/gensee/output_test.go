package main

import (
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
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

// TestJSONLikeTheTable: json and jsonl show the device by name, as table
// and csv do, and --fields picks their keys too, in the order given.
func TestJSONLikeTheTable(t *testing.T) {
	s := seededSite(t)
	base := []string{"exports", "attendance", "--room", s.room, "--from", "2024-03-01 10:00", "--to", "2024-03-01 10:00:30"}

	r := cli(t, s.env, append(base, "-o", "json")...)
	require.Equal(t, 0, r.code, r.stderr)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list), r.stdout)
	require.Len(t, list, 1)
	assert.Equal(t, "PC web", list[0]["device"])
	assert.EqualValues(t, 1001, list[0]["uid"])

	r = cli(t, s.env, append(base, "-o", "jsonl")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"device":"PC web"`)

	for _, format := range []string{"json", "jsonl"} {
		r = cli(t, s.env, append(base, "-o", format, "--fields", "device,name")...)
		require.Equal(t, 0, r.code, r.stderr)
		compact := strings.Join(strings.Fields(r.stdout), "")
		want := `{"device":"PCweb","name":"张三"}`
		if format == "json" {
			want = "[" + want + "]"
		}
		assert.Equal(t, want, compact, format)
	}

	r = cli(t, s.env, "rooms", "get", "--room", s.room, "-o", "json", "--fields", "id,subject")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"id":"`+s.room+`","subject":"数学 Maths"}`, r.stdout)
}

// TestRoomsStatusInEveryFormat: the status as its number and in words,
// the same in every format.
func TestRoomsStatusInEveryFormat(t *testing.T) {
	s := seededSite(t)
	s.srv.StartLive(s.room)
	tests := []struct{ format, want string }{
		{"json", "{\n  \"roomId\": \"" + s.room + "\",\n  \"status\": 2,\n  \"text\": \"live\"\n}\n"},
		{"jsonl", `{"roomId":"` + s.room + `","status":2,"text":"live"}` + "\n"},
		{"csv", "roomId,status,text\n" + s.room + ",2,live\n"},
		{"table", "roomId  " + s.room + "\nstatus  2\ntext    live\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			r := cli(t, s.env, "rooms", "status", "--room", s.room, "-o", tt.format)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, tt.want, r.stdout)
		})
	}
}

// TestBadFieldsSendNothing: a --fields naming no column of what the action
// prints is a usage error before anything is sent (it created the room,
// printed nothing and exited 2, so that a rerun failed with 502).
func TestBadFieldsSendNothing(t *testing.T) {
	s := seededSite(t)
	before := len(s.srv.Requests())
	r := cli(t, s.env, "rooms", "create", "--subject", "不要 Never", "--fields", "id,numbr")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `--fields: no column "numbr"; the columns are id, number,`)
	assert.Len(t, s.srv.Requests(), before, "a request was sent")
	r = cli(t, s.env, "rooms", "create", "--subject", "要 Yes", "--fields", "id,number", "-o", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^id,number\n\w+,\d+\n$`, r.stdout)
}

// TestOutputs: output names what each action prints (as TestServices runs
// them), and knows every action.
func TestOutputs(t *testing.T) {
	want := map[string]reflect.Type{}
	for _, svc := range services {
		for _, a := range svc.actions {
			want[a.path] = output(svc, a)
			assert.NotNil(t, want[a.path], "no output type for %s %s", svc.name, a.name)
		}
	}
	var mu sync.Mutex
	seen := map[string]reflect.Type{}
	printedHook = func(path string, ty reflect.Type) {
		mu.Lock()
		defer mu.Unlock()
		seen[path] = ty
		assert.Equal(t, want[path], ty, "%s prints %v, output says %v", path, ty, want[path])
	}
	t.Cleanup(func() { printedHook = nil })
	t.Run("services", TestServices)
	assert.GreaterOrEqual(t, len(seen), 50, "TestServices printed through too few actions")
}
