package gensee

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJoinURL(t *testing.T) {
	const base = "http://demo.gensee.com/training/site"
	tests := []struct {
		name    string
		joinURL string
		o       JoinOptions
		want    string
		field   string // the ValidationError's field when it fails
	}{
		{name: "teacher with Chinese nickname", joinURL: base + "/r/34154643",
			o:    JoinOptions{Nickname: "王老师", UID: 1000000001, Token: "002540"},
			want: base + "/r/34154643?nickname=%E7%8E%8B%E8%80%81%E5%B8%88&token=002540&uid=1000000001"},
		{name: "nickname with & and spaces", joinURL: base + "/s/34154643",
			o:    JoinOptions{Nickname: "Tom & Jerry 小明", Token: "7788"},
			want: base + "/s/34154643?nickname=Tom+%26+Jerry+%E5%B0%8F%E6%98%8E&token=7788"},
		{name: "hashed token", joinURL: "https://demo.gensee.com/training/site/r/34154643",
			o:    JoinOptions{Nickname: "T", Token: "002540", HashToken: true},
			want: "https://demo.gensee.com/training/site/r/34154643?nickname=T&sec=md5&token=84e45086116db19dd7ae176dfc9de95f"},
		{name: "student without token", joinURL: base + "/s/34154643", o: JoinOptions{Nickname: "李四"},
			want: base + "/s/34154643?nickname=%E6%9D%8E%E5%9B%9B"},
		{name: "playback, 19-digit uid", joinURL: base + "/v/61728394", o: JoinOptions{UID: 1500000100009212401},
			want: base + "/v/61728394?uid=1500000100009212401"},
		{name: "group link keeps groupCode, replaces stale values", joinURL: base + "/s/34154643?groupCode=g01&token=old&sec=md5#x",
			o:    JoinOptions{Nickname: "n", Token: "1234"},
			want: base + "/s/34154643?groupCode=g01&nickname=n&token=1234"},
		{name: "site under a path", joinURL: "http://127.0.0.1:8080/gs/training/site/s/1/", o: JoinOptions{},
			want: "http://127.0.0.1:8080/gs/training/site/s/1/"},
		{name: "uid 1000000000 is the first allowed", joinURL: base + "/s/1", o: JoinOptions{UID: 1000000000},
			want: base + "/s/1?uid=1000000000"},

		{name: "uid below the range", joinURL: base + "/s/1", o: JoinOptions{UID: 999999999}, field: "uid"},
		{name: "negative uid", joinURL: base + "/s/1", o: JoinOptions{UID: -1}, field: "uid"},
		{name: "teacher link without token", joinURL: base + "/r/1", o: JoinOptions{Nickname: "T"}, field: "token"},
		{name: "relative URL", joinURL: "/training/site/s/1", field: "joinURL"},
		{name: "ftp", joinURL: "ftp://demo.gensee.com/training/site/s/1", field: "joinURL"},
		{name: "not a join path", joinURL: "http://demo.gensee.com/training/room/s/1", field: "joinURL"},
		{name: "unknown kind", joinURL: base + "/x/1", field: "joinURL"},
		{name: "no number", joinURL: base + "/s/", field: "joinURL"},
		{name: "empty", joinURL: "", field: "joinURL"},
		{name: "unparsable", joinURL: "http://[::1", field: "joinURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JoinURL(tt.joinURL, tt.o)
			if tt.field != "" {
				assertValidation(t, err, "JoinURL", tt.field)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestJoinURLMethods(t *testing.T) {
	const site = "http://demo.gensee.com/training/site/"
	room := &Room{TeacherJoinURL: site + "r/1", StudentJoinURL: site + "s/1",
		TeacherToken: "111", AssistantToken: "222", StudentToken: "333", StudentClientToken: "444"}
	mini := &MiniRoom{TeacherJoinURL: site + "r/2", StudentJoinURL: site + "s/2", TeacherToken: "555", StudentClientToken: "666"}
	famous := &FamousRoom{ClientURL: site + "r/3", TeacherToken: "777", AssistantToken: "888",
		SlaveRoomWrapper: &SlaveRoomWrapper{TeacherToken: "991", StudentClientToken: "993",
			SlaveFamousRoomResultInfos: []*TutorialRoomInfo{{ClientURL: site + "r/4", StudentClientURL: site + "s/4"}}}}
	tutorial := &TutorialRoom{ClientURL: site + "r/5", JoinURL: site + "s/5", TeacherToken: "121", StudentClientToken: "123"}
	group := &Group{JoinURL: site + "s/1?groupCode=g2"}
	ware := &Courseware{URL: site + "v/6", Token: "v0"}

	call := func(s string, err error) string {
		require.NoError(t, err)
		return s
	}
	const q = "?nickname=A&token="
	tests := []struct{ got, want string }{
		{call(room.TeacherURL("A", 1000000007)), site + "r/1" + q + "111&uid=1000000007"},
		{call(room.AssistantURL("A", 1000000007)), site + "r/1" + q + "222&uid=1000000007"},
		{call(room.StudentURL("A", 1000000007)), site + "s/1" + q + "333&uid=1000000007"},
		{call(group.StudentURL(JoinOptions{Nickname: "A", UID: 1000000007, Token: "444"})), site + "s/1?groupCode=g2&nickname=A&token=444&uid=1000000007"},
		{call(mini.TeacherURL("A", 1000000007)), site + "r/2" + q + "555&uid=1000000007"},
		{call(mini.StudentURL("A", 1000000007)), site + "s/2" + q + "666&uid=1000000007"},
		{call(famous.TeacherURL("A", 1000000007)), site + "r/3" + q + "777&uid=1000000007"},
		{call(famous.AssistantURL("A", 1000000007)), site + "r/3" + q + "888&uid=1000000007"},
		{call(famous.TutorialTeacherURL(0, "A", 1000000007)), site + "r/4" + q + "991&uid=1000000007"},
		{call(famous.TutorialStudentURL(0, "A", 1000000007)), site + "s/4" + q + "993&uid=1000000007"},
		{call(tutorial.TeacherURL("A", 1000000007)), site + "r/5" + q + "121&uid=1000000007"},
		{call(tutorial.StudentURL("A", 1000000007)), site + "s/5" + q + "123&uid=1000000007"},
		{call(ware.PlaybackURL("A", 1000000007)), site + "v/6" + q + "v0&uid=1000000007"},
	}
	for i, tt := range tests {
		assert.Equal(t, tt.want, tt.got, "case %d", i)
	}

	_, err := famous.TutorialTeacherURL(1, "A", 0)
	assertValidation(t, err, "JoinURL", "slaveFamousRoomResultInfos")
	_, err = (&FamousRoom{}).TutorialStudentURL(0, "A", 0)
	assertValidation(t, err, "JoinURL", "slaveFamousRoomResultInfos")
	_, err = (&Room{TeacherJoinURL: site + "r/1"}).TeacherURL("A", 0)
	assertValidation(t, err, "JoinURL", "token")
	_, err = (&Room{}).StudentURL("A", 0)
	assertValidation(t, err, "JoinURL", "joinURL")
}
