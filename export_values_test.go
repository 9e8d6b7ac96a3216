package gensee

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportDeviceString(t *testing.T) {
	// The names: TestDeviceNames (types_test.go) checks their behaviour.
	assert.Equal(t, Device(24), DeviceMiniProgramSDKAndroid)
	assert.Equal(t, Device(12), DeviceTelephone)

	assert.Equal(t, StudyDevice(237), StudyDeviceMobile)
	assert.Equal(t, StudyDevice(256), StudyDeviceAndroidPhonePlayerSDK)

	kinds := map[RedPacketType]string{RedPacketRandom: "random", RedPacketFixed: "fixed",
		RedPacketDirected: "directed", RedPacketType(3): "directed", RedPacketType(4): "Unknown(4)"}
	for k, want := range kinds {
		assert.Equal(t, want, k.String())
		assert.Equal(t, want == "directed", k.Directed(), "RedPacketType(%d)", int(k))
	}
}

// exportDecode answers path with body and returns what call decodes of it.
func exportDecode[T any](t *testing.T, path, body string, call func(context.Context, *Client) (T, error)) (T, error) {
	t.Helper()
	h := setup(t)
	h.on(path, 200, body)
	return call(t.Context(), h.client)
}

func attendanceOf(ctx context.Context, c *Client) ([]*Attendance, error) {
	return c.Exports.Attendance(ctx, &ExportOptions{RoomID: exportRoom})
}

func votesOf(ctx context.Context, c *Client) ([]*Vote, error) {
	return c.Exports.Votes(ctx, &ExportOptions{RoomID: exportRoom})
}

func TestExportScalarTolerance(t *testing.T) {
	for in, want := range map[string]Device{`8`: 8, `"17"`: 17, `null`: 0, `""`: 0, `"24.0"`: 24, `1234567890`: 1234567890} {
		rows, err := exportDecode(t, "/training/export/history", `{"code":"0","list":[{"device":`+in+`}]}`, attendanceOf)
		require.NoError(t, err, in)
		require.Len(t, rows, 1, in)
		assert.Equal(t, want, rows[0].Device, in)
	}
	_, err := exportDecode(t, "/training/export/history", `{"code":"0","list":[{"device":"PC"}]}`, attendanceOf)
	assert.Error(t, err)

	page, err := exportDecode(t, "/training/export/study/history", `{"code":"0","list":[{"device":"256"}]}`,
		func(ctx context.Context, c *Client) (*Page[*StudyRecord], error) {
			return c.Exports.StudyHistory(ctx, &StudyHistoryOptions{Date: NewDate(2024, 3, 5)})
		})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, StudyDeviceAndroidPhonePlayerSDK, page.Items[0].Device)

	option := func(o string) string {
		return `{"code":"0","list":[{"id":"v-1","questions":[{"id":"q-1","options":[` + o + `]}]}]}`
	}
	for in, want := range map[string]float64{`12.5`: 12.5, `"12.5"`: 12.5, `"12.5%"`: 12.5, `"100%"`: 100, `null`: 0} {
		votes, err := exportDecode(t, "/training/export/vote", option(`{"value":"A","precentage":`+in+`,"result":"1"}`), votesOf)
		require.NoError(t, err, in)
		assert.Equal(t, &VoteOption{Value: "A", Percentage: want, Result: "1", Results: []*VoteResult{}}, votes[0].Questions[0].Options[0], in)
	}
	// The correctly spelled key is not the wire's and is not read.
	votes, err := exportDecode(t, "/training/export/vote", option(`{"value":"A","percentage":50}`), votesOf)
	require.NoError(t, err)
	assert.Zero(t, votes[0].Questions[0].Options[0].Percentage)
}

// exportAttendanceBody is an export/history answer of n rows with plain
// (unquoted) numbers, so that plain structs can decode it too.
func exportAttendanceBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"code":"0","message":"成功","list":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		join := int64(1709636400000) + int64(i)*1000
		fmt.Fprintf(&b, `{"uid":%d,"nickname":"学员%d","joinTime":%d,"leaveTime":%d,"name":"姓名%d","area":"北京市",`+
			`"device":%d,"ip":"10.0.%d.%d","mobile":"138%08d","company":"展示互动","idcid":"hk-0%d","foreignHighLine":%t}`,
			1000000000+i, i, join, join+3600000, i, i%25, i/256%256, i%256, i, i%3, i%2 == 0)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func TestExportAttendanceLarge(t *testing.T) {
	const n = 5000
	h := setup(t)
	h.on("/training/export/history", 200, string(exportAttendanceBody(n)))
	got, err := h.client.Exports.Attendance(t.Context(), &ExportOptions{RoomID: exportRoom})
	require.NoError(t, err)
	require.Len(t, got, n)
	i := n - 1
	join := int64(1709636400000) + int64(i)*1000
	assert.Equal(t, &Attendance{UID: int64(1000000000 + i), Nickname: "学员4999", Name: "姓名4999", Area: "北京市",
		IP: "10.0.19.135", Mobile: "13800004999", Company: "展示互动", JoinTime: exportMs(join), LeaveTime: exportMs(join + 3600000),
		Device: Device(i % 25), IDCID: "hk-01", ForeignHighLine: false}, got[i])
	assert.True(t, got[0].ForeignHighLine)
}

// The attendance rows decode quoted numbers and booleans, and refuse what is
// neither.
func TestExportAttendanceRowTolerance(t *testing.T) {
	rows, err := exportDecode(t, "/training/export/history",
		`{"code":"0","list":[{"uid":"-5","foreignHighLine":"1","device":"3"}]}`, attendanceOf)
	require.NoError(t, err)
	assert.Equal(t, []*Attendance{{UID: -5, ForeignHighLine: true, Device: DeviceIPadWeb}}, rows)
	for _, bad := range []string{`{"uid":"x"}`, `{"foreignHighLine":"maybe"}`} {
		_, err := exportDecode(t, "/training/export/history", `{"code":"0","list":[`+bad+`]}`, attendanceOf)
		assert.Error(t, err, bad)
	}
}

// Nested lists the server leaves out decode as empty slices.
func TestExportNestedListsMissing(t *testing.T) {
	votes, err := exportDecode(t, "/training/export/vote",
		`{"code":"0","list":[{"id":"v-1","type":"1"},{"id":"v-2","questions":[{"id":7,"answer":1,"type":"1"}]}]}`, votesOf)
	require.NoError(t, err)
	assert.Equal(t, []*Vote{
		{ID: "v-1", Type: VoteTypeAnswerCard, Questions: []*VoteQuestion{}},
		{ID: "v-2", Questions: []*VoteQuestion{
			{ID: "7", Answer: "1", Type: VoteQuestionMultiple, Options: []*VoteOption{}, Results: []*VoteResult{}},
		}},
	}, votes)

	rcs, err := exportDecode(t, "/training/export/rollcall", `{"code":"0","rollcall":[{"id":12}]}`,
		func(ctx context.Context, c *Client) ([]*RollCall, error) {
			return c.Exports.RollCalls(ctx, &ExportOptions{RoomID: exportRoom})
		})
	require.NoError(t, err)
	assert.Equal(t, []*RollCall{{ID: "12", Users: []*RollCallUser{}}}, rcs)

	rps, err := exportDecode(t, "/training/export/redpacket", `{"code":"0","redpacket":[{"type":"2"}]}`,
		func(ctx context.Context, c *Client) ([]*RedPacket, error) {
			return c.Exports.RedPackets(ctx, &ExportOptions{RoomID: exportRoom})
		})
	require.NoError(t, err)
	assert.Equal(t, []*RedPacket{{Type: RedPacketDirected, Users: []*RedPacketUser{}}}, rps)

	rws, err := exportDecode(t, "/training/export/reward", `{"code":"0","list":[{"subject":"s"}]}`,
		func(ctx context.Context, c *Client) ([]*Reward, error) {
			return c.Exports.Rewards(ctx, NewDate(2024, 3, 1), NewDate(2024, 3, 31))
		})
	require.NoError(t, err)
	assert.Equal(t, []*Reward{{Subject: "s", SpeakerInfoList: []*SpeakerInfo{}}}, rws)
}
