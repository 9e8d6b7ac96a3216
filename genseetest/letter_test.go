package genseetest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLetterOfTheSpec: the fake refuses only what the spec refuses. Distinct
// join tokens are asked of room/created and room/modify alone (5.1, 5.2);
// slaveroom/modify's className has no length limit and may be empty (5.46;
// the 20 characters are famousroom's clazzName).
func TestLetterOfTheSpec(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	start := "2024-03-01 09:00:00"

	for _, tc := range []struct {
		name string
		path string
		form []string
		want string
	}{
		{"room/created: alike tokens", "/training/room/created",
			[]string{"subject", "同号课堂", "startDate", start, "realtime", "true", "teacherToken", "123456", "assistantToken", "123456"}, "101"},
		{"famousroom/created: alike tokens", "/training/famousroom/created",
			[]string{"subject", "同号双师", "startDate", start, "realtime", "true", "teacherToken", "123456", "assistantToken", "123456",
				"slaveTeacherToken", "123456", "slaveAssistantToken", "123456"}, "0"},
		{"miniroom/created: alike tokens", "/training/miniroom/created",
			[]string{"subject", "同号微课", "startDate", start, "duration", "60", "teacherToken", "123456", "studentClientToken", "123456"}, "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, code(t, srv, tc.path, vals(tc.form...)))
		})
	}

	famous := ok(t, srv, "/training/famousroom/created", vals("subject", "双师课堂", "startDate", start, "realtime", "true", "classCount", "1"))
	wrapper, _ := famous["slaveRoomWrapper"].(map[string]any)
	tutorials := items(t, wrapper["slaveFamousRoomResultInfos"])
	require.Len(t, tutorials, 1)
	tutorial, _ := tutorials[0]["id"].(string)
	require.NotEmpty(t, tutorial)

	long := strings.Repeat("班", 21)
	ok(t, srv, "/training/slaveroom/modify", vals("roomId", tutorial, "className", long))
	info := ok(t, srv, "/training/tutorialroom/info", vals("roomId", tutorial))
	assert.Equal(t, long, info["tutorialRoomName"])
	ok(t, srv, "/training/slaveroom/modify", vals("roomId", tutorial, "className", ""))
	info = ok(t, srv, "/training/tutorialroom/info", vals("roomId", tutorial))
	assert.Equal(t, long, info["tutorialRoomName"], "an empty className leaves the name")
}
