package gensee

// The conformance test: what the SDK puts on the wire, and what it decodes,
// checked name by name against the endpoint catalog of the spec
// (testdata/spec/endpoints.json, a copy of spec/endpoints.json). Every place
// where the SDK departs from the letter of a table is an exception listed
// below with its reason; an exception that no longer applies fails the test
// too, so the lists stay true.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specField is one row of a parameter or return table of the catalog.
type specField struct {
	Name     string      `json:"name"`
	Desc     string      `json:"desc"`
	Type     string      `json:"type"`
	TypeNorm string      `json:"type_norm"` // "array" (JSONArray, Array), "object" (JSONObject), or a scalar
	Required bool        `json:"required"`
	Common   bool        `json:"common"` // loginName, password, sec
	Children []specField `json:"children"`
}

// specEndpoint is one endpoint of the catalog.
type specEndpoint struct {
	Section int         `json:"section"`
	Path    string      `json:"path"`
	Params  []specField `json:"params"`
	Returns []specField `json:"returns"`
}

// loadSpec reads the catalog: its endpoints in section order (5.1, 5.2, …;
// how many is the catalog's to say, see specCatalog).
func loadSpec(t *testing.T) []*specEndpoint {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "spec", "endpoints.json"))
	require.NoError(t, err)
	var eps []*specEndpoint
	require.NoError(t, json.Unmarshal(b, &eps))
	require.Len(t, eps, len(specCatalog(t)), "endpoints.json and methods.json list the same endpoints")
	for i, ep := range eps {
		require.Equal(t, i+1, ep.Section, "the catalog lists sections 5.1-5.%d in order", len(eps))
	}
	return eps
}

// ---------------------------------------------------------------------------
// Requests: the exceptions.

// clientParams are the common parameters of every table (loginName,
// password, sec). No method sends them: the client adds them to every form
// (encodeBody) and refuses them in a method's params. They are checked once
// per form, to the letter, and are not counted as the method's parameters.
var clientParams = map[string]string{
	"loginName": "the site account, from NewClient",
	"password":  "the MD5 digest of the site password (32 lower-case hex digits, docs/server-behaviour.md#credentials)",
	"sec":       `"true": the password is a digest`,
}

// paramException is a deliberate difference between an endpoint's
// parameter table and the form its method sends: the SDK sends the key sent
// where the table documents spec (either may be empty).
type paramException struct {
	path   string
	sent   string // a key sent that the table does not document ("" if none)
	spec   string // a documented parameter not sent under its own name ("" if none)
	reason string
}

var paramExceptions = []paramException{
	{
		path: "/training/room/modify", sent: "id", spec: "Id",
		reason: "catalog quirk 5.2 and docs/server-behaviour.md#ids: the table's 'Id' is a Word capitalisation; " +
			"eight of nine real integrations send 'id', and so does the SDK",
	},
	{
		path: "/training/miniroom/modify", sent: "id", spec: "Id",
		reason: "catalog quirk 5.56: 'Id' as in room/modify; the SDK sends 'id' for the same reason",
	},
	{
		path: "/training/query/status", spec: "status",
		reason: "catalog quirk 5.41: 'status' is the live status the server returns, listed in the " +
			"input table by mistake; it is decoded from the answer (see TestSpecReturnFields), never sent",
	},
	{
		path: "/training/export/praise/detail", sent: "pageNo",
		reason: "catalog quirk 5.42: the answer carries a page object but the table has no pageNo; " +
			"PraiseDetails sends pageNo on purpose (as export/praise documents it) so that every page can be reached",
	},
}

// minimalOmissions are required parameters that a call with only the
// method's required arguments leaves out on purpose.
var minimalOmissions = []paramException{
	// famousroom/created always sends slaveClazzList (CreateFamousRoomRequest): the table
	// marks it required, and ClassCount's default (1) builds it.
	{
		path: "/training/famousroom/modify", spec: "slaveClazzList",
		reason: "ModifyFamousRoomRequest: famousroom/modify sends slaveClazzList only when ClassCount or ClassNames is set; " +
			"a default there would rename or drop tutorial rooms",
	},
}

// indexedLists are the list parameters sent one form key per item, as
// name[0]=…&name[1]=…; such a key is checked as the parameter name.
var indexedLists = map[string]string{
	"recordId": "the catalog's common rules and spec 5.16/5.17 (revision 2018-07-12): recordId of " +
		"record/choose and record/remove goes as recordId[0]=..&recordId[1]=..",
}

// jsonArrayParams are the parameters sent as one form value holding JSON
// array text; the keys of its members are checked against the table's
// nested rows (the param's children).
var jsonArrayParams = map[string]string{
	"studentListInfo": "room/student/list: [{id, name}] (quirk 5.59: the table's sample JSON is malformed)",
	"slaveClazzList":  "famousroom/created and famousroom/modify: [{clazzName}]",
	"groupNameList":   "group/create: [{groupName}] (quirk 5.50: typed 'Array' rather than 'JSONArray')",
}

// paramQuirksFollowed are odd spellings and rules of the parameter tables
// that the SDK follows to the letter, so that no exception is needed; each
// key must be in the form of the full call, and, with minimal set, in that
// of the minimal call too.
var paramQuirksFollowed = []struct {
	path, key string
	minimal   bool
	note      string
}{
	{"/training/famousroom/created", "slaveStudentClientToken", false, "quirk 5.44: capital S here"},
	{"/training/famousroom/modify", "slavestudentClientToken", false, "quirk 5.45: lower-case s here"},
	{"/training/slaveroom/modify", "className", true, "quirk 5.46: className, where slaveClazzList says clazzName"},
	{"/training/room/created", "realtime", true, "quirk 5.1: 'realtime' (the revision says 'realTime'), required: sent even when false"},
	{"/training/room/modify", "realtime", true, "quirk 5.1/5.2: as in room/created"},
	{"/training/warmup/detach", "warmupId", true, "quirk 5.15: required although the server does not check it"},
	{"/training/group/create", "groupNameList", true, "quirk 5.50: required, so sent as [{}] when no name is given"},
	{"/training/export/room/usage", "startTime", true, "quirk 5.29: startTime and endTime required here, unlike the other exports"},
	{"/training/courseware/transcode", "convmode", false, "revision 2019-05-21: convmode, all lower case"},
}

// isList reports whether a parameter is typed as a list of scalars
// (List<long>), which goes one indexed key per item.
func isList(p specField) bool { return strings.HasPrefix(p.Type, "List<") }

// indexedKey matches a key of an indexed list, such as recordId[0].
var indexedKey = regexp.MustCompile(`^([A-Za-z]+)\[[0-9]+\]$`)

// ---------------------------------------------------------------------------
// Requests: one call per endpoint.

// specCall calls one endpoint's method. full sets every optional field the
// method has; min only what the method requires (nil when full has nothing
// optional to leave out).
type specCall struct {
	full func(ctx context.Context, c *Client) error
	min  func(ctx context.Context, c *Client) error
}

// errOf drops a method's result, keeping its error.
func errOf[T any](_ T, err error) error { return err }

var (
	specStart = time.Date(2025, 3, 3, 9, 0, 0, 0, ChinaZone())
	specEnd   = specStart.Add(2 * time.Hour)
	specDay   = NewDate(2025, 3, 3)
)

// specCalls has every endpoint, by path, with realistic values that pass
// the SDK's validation.
var specCalls = map[string]specCall{
	"/training/room/created": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Rooms.Create(ctx, &CreateRoomRequest{
				Subject: "高等数学 第一讲", StartDate: specStart, InvalidDate: specEnd, Realtime: true,
				TeacherToken: "teach3r01", AssistantToken: "ass1stant", StudentToken: "stud3nt", StudentClientToken: "cl1ent99",
				SpeakerInfo: "张老师", ScheduleInfo: "微积分入门", Description: "第一讲",
				WebJoin: Ptr(true), ClientJoin: Ptr(true), Duration: Ptr(90), UIMode: Ptr(UIModeDocOrVideo), UIColor: "blue",
				Scene: Ptr(SceneSmallClass), UIWindow: Ptr(true), UIVideo: Ptr(false), Upgrade: Ptr(true), MaxAttendees: Ptr(200),
				PlayerTheme: "skyblue", FullScreenMode: Ptr(FullScreenDocMain), AACSupport: Ptr(true),
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.Rooms.Create(ctx, &CreateRoomRequest{Subject: "高等数学", StartDate: specStart}))
		},
	},
	"/training/room/modify": {
		full: func(ctx context.Context, c *Client) error {
			return c.Rooms.Modify(ctx, &ModifyRoomRequest{
				ID: "mquQf2", Subject: "高等数学 第一讲", StartDate: specStart, InvalidDate: specEnd, Realtime: Ptr(true),
				TeacherToken: Ptr("teach3r01"), AssistantToken: Ptr("ass1stant"), StudentToken: Ptr("stud3nt"), StudentClientToken: Ptr("cl1ent99"),
				SpeakerInfo: Ptr("张老师"), ScheduleInfo: Ptr("微积分入门"), Description: Ptr("第一讲"),
				WebJoin: Ptr(true), ClientJoin: Ptr(false), Duration: Ptr(90), UIMode: Ptr(UIModeDocOrVideo), UIColor: "green",
				UIWindow: Ptr(true), UIVideo: Ptr(true), MobileMode: Ptr(3), Upgrade: Ptr(false), Scene: Ptr(SceneLecture),
				MaxAttendees: Ptr(100), PlayerTheme: Ptr("skyblue"), FullScreenMode: Ptr(FullScreenVideoOnly), AACSupport: Ptr(false),
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Rooms.Modify(ctx, &ModifyRoomRequest{ID: "mquQf2", Subject: "高等数学", StartDate: specStart, Realtime: Ptr(false)})
		},
	},
	"/training/room/deleted": {full: func(ctx context.Context, c *Client) error { return c.Rooms.Delete(ctx, "mquQf2") }},
	"/training/room/info": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Rooms.Get(ctx, "mquQf2"))
	}},
	"/training/courseware/list": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Coursewares.List(ctx, "mquQf2"))
	}},
	"/training/courseware/info": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Coursewares.Get(ctx, "cwK7a1"))
	}},
	"/training/courseware/modify": {
		full: func(ctx context.Context, c *Client) error {
			return c.Coursewares.Modify(ctx, &ModifyCoursewareRequest{
				ID: "cwK7a1", Subject: "第一讲 回放", Token: Ptr("v1ewer88"), UIMode: Ptr(UIModeDocOrVideo), UIColor: "default",
				UIWindow: Ptr(true), UIVideo: Ptr(true), MobileMode: Ptr(2), AutoPlay: Ptr(false), PlayerTheme: Ptr("skyblue"),
				FullScreenMode: Ptr(FullScreenVideoMain),
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Coursewares.Modify(ctx, &ModifyCoursewareRequest{ID: "cwK7a1", Subject: "第一讲 回放"})
		},
	},
	"/training/courseware/deleted": {full: func(ctx context.Context, c *Client) error {
		return c.Coursewares.Delete(ctx, "cwK7a1")
	}},
	"/training/teacher/created": {
		full: func(ctx context.Context, c *Client) error {
			return c.Teachers.Create(ctx, &TeacherRequest{
				TeacherLoginName: "zhang@demo", TeacherPassword: "Teach-2025", Name: "张老师",
				MaxPoints: Ptr(50), ValidDate: specStart, InvalidDate: specEnd.AddDate(1, 0, 0), MaxVodPoints: Ptr(int64(100)),
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Teachers.Create(ctx, &TeacherRequest{TeacherLoginName: "zhang@demo", TeacherPassword: "Teach-2025", Name: "张老师"})
		},
	},
	"/training/record/syn": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Records.Sync(ctx, &SyncOptions{PageNo: 2, StartTime: specStart, EndTime: specEnd}))
		},
		min: func(ctx context.Context, c *Client) error { return errOf(c.Records.Sync(ctx, nil)) },
	},
	"/training/courseware/syn": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Coursewares.Sync(ctx, &SyncOptions{PageNo: 2, StartTime: specStart, EndTime: specEnd}))
		},
		min: func(ctx context.Context, c *Client) error { return errOf(c.Coursewares.Sync(ctx, nil)) },
	},
	"/training/warmup/created": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Warmups.Create(ctx, &CreateWarmupRequest{Name: "开课前暖场", RecordID: 1656282, Mode: WarmupModeTwoPane}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.Warmups.Create(ctx, &CreateWarmupRequest{Name: "开课前暖场", RecordID: 1656282}))
		},
	},
	"/training/warmup/modify": {
		full: func(ctx context.Context, c *Client) error {
			return c.Warmups.Modify(ctx, &ModifyWarmupRequest{
				ID: "8a2f0c3e9b1d4e5f8a2f0c3e9b1d4e5f", Name: "新暖场", RecordID: 1656283, Mode: Ptr(int(WarmupModeDocOrVideo)),
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Warmups.Modify(ctx, &ModifyWarmupRequest{ID: "8a2f0c3e9b1d4e5f8a2f0c3e9b1d4e5f"})
		},
	},
	"/training/warmup/attach": {full: func(ctx context.Context, c *Client) error {
		return c.Warmups.Attach(ctx, "mquQf2", "8a2f0c3e9b1d4e5f8a2f0c3e9b1d4e5f")
	}},
	"/training/warmup/detach": {full: func(ctx context.Context, c *Client) error {
		return c.Warmups.Detach(ctx, "mquQf2", "8a2f0c3e9b1d4e5f8a2f0c3e9b1d4e5f")
	}},
	"/training/record/choose": {full: func(ctx context.Context, c *Client) error {
		return c.Records.Choose(ctx, "mquQf2", 1656282, 1656283)
	}},
	"/training/record/remove": {full: func(ctx context.Context, c *Client) error {
		return c.Records.Remove(ctx, "mquQf2", 1656282, 1656283)
	}},
	"/training/export/history": exportCall(func(ctx context.Context, c *Client, o *ExportOptions) error {
		return errOf(c.Exports.Attendance(ctx, o))
	}),
	"/training/export/qa": exportCall(func(ctx context.Context, c *Client, o *ExportOptions) error {
		return errOf(c.Exports.QA(ctx, o))
	}),
	"/training/export/rollcall": exportCall(func(ctx context.Context, c *Client, o *ExportOptions) error {
		return errOf(c.Exports.RollCalls(ctx, o))
	}),
	"/training/export/vote": exportCall(func(ctx context.Context, c *Client, o *ExportOptions) error {
		return errOf(c.Exports.Votes(ctx, o))
	}),
	"/training/doc/syn": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Docs.Sync(ctx, &SyncOptions{PageNo: 2, StartTime: specStart, EndTime: specEnd}))
		},
		min: func(ctx context.Context, c *Client) error { return errOf(c.Docs.Sync(ctx, nil)) },
	},
	"/training/doc/attach": {full: func(ctx context.Context, c *Client) error { return c.Docs.Attach(ctx, "mquQf2", 70231) }},
	"/training/doc/detach": {full: func(ctx context.Context, c *Client) error { return c.Docs.Detach(ctx, "mquQf2", 70231) }},
	"/training/export/study/history": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Exports.StudyHistory(ctx, &StudyHistoryOptions{PageNo: 2, Date: specDay, Hour: Ptr(9), JoinTimeSync: Ptr(false)}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.Exports.StudyHistory(ctx, &StudyHistoryOptions{Date: specDay}))
		},
	},
	"/training/export/chat": exportCall(func(ctx context.Context, c *Client, o *ExportOptions) error {
		return errOf(c.Exports.Chat(ctx, o))
	}),
	"/training/courseware/transcode": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Coursewares.TranscodeDocument(ctx, &TranscodeDocumentRequest{
				ResourceURL: "https://files.example.com/slides/lesson1.pptx", Name: "第一讲讲义",
				CallbackURL: "https://app.example.com/gensee/transcoded?k=s3cr3t", ConvMode: ConvModeImage,
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.Coursewares.TranscodeDocument(ctx, &TranscodeDocumentRequest{
				ResourceURL: "https://files.example.com/slides/lesson1.pptx", Name: "第一讲讲义",
			}))
		},
	},
	"/training/media/transcode": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Coursewares.TranscodeMedia(ctx, &TranscodeMediaRequest{
				ResourceURL: "https://files.example.com/video/lesson1.mp4", Name: "第一讲视频",
				CallbackURL: "https://app.example.com/gensee/transcoded?k=s3cr3t",
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.Coursewares.TranscodeMedia(ctx, &TranscodeMediaRequest{
				ResourceURL: "https://files.example.com/video/lesson1.mp4", Name: "第一讲视频",
			}))
		},
	},
	"/training/export/room/usage": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Exports.RoomUsage(ctx, &RoomUsageOptions{RoomID: "mquQf2", StartTime: specStart, EndTime: specEnd}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.Exports.RoomUsage(ctx, &RoomUsageOptions{StartTime: specStart, EndTime: specEnd}))
		},
	},
	"/training/room/telconf": {
		full: func(ctx context.Context, c *Client) error {
			return c.Rooms.SetTelConf(ctx, &TelConfRequest{
				RoomID: "mquQf2", SiteName: "demo263", SitePassword: "263-Pa55", CallinSupport: Ptr(true),
				CallinNum: "4008100263", HostPasscode: "112233", GuestPasscode: "445566",
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Rooms.SetTelConf(ctx, &TelConfRequest{RoomID: "mquQf2"})
		},
	},
	"/training/export/room/concurrent": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Exports.RoomConcurrency(ctx, specDay, specDay.AddDays(6)))
	}},
	"/training/export/vod/concurrent": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Exports.VodConcurrency(ctx, specDay, specDay.AddDays(6)))
	}},
	"/training/export/redpacket": exportCall(func(ctx context.Context, c *Client, o *ExportOptions) error {
		return errOf(c.Exports.RedPackets(ctx, o))
	}),
	"/training/export/medal": pagedExportCall(func(ctx context.Context, c *Client, o *PagedExportOptions) error {
		return errOf(c.Exports.Medals(ctx, o))
	}),
	"/training/export/praise": pagedExportCall(func(ctx context.Context, c *Client, o *PagedExportOptions) error {
		return errOf(c.Exports.Praises(ctx, o))
	}),
	"/training/relay/add": {full: func(ctx context.Context, c *Client) error {
		return c.Rooms.AddRelay(ctx, "mquQf2", "FopnX4Bqmo")
	}},
	"/training/relay/remove": {full: func(ctx context.Context, c *Client) error {
		return c.Rooms.RemoveRelay(ctx, "mquQf2", "FopnX4Bqmo")
	}},
	"/training/vod/vodview": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Coursewares.ViewCount(ctx, "cwK7a1"))
	}},
	"/training/export/reward": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Exports.Rewards(ctx, specDay, specDay.AddDays(29)))
	}},
	"/training/teacher/modify": {
		full: func(ctx context.Context, c *Client) error {
			return c.Teachers.Modify(ctx, &TeacherRequest{
				TeacherLoginName: "zhang@demo", TeacherPassword: "Teach-2026", Name: "张老师",
				MaxPoints: Ptr(0), ValidDate: specStart, InvalidDate: specEnd.AddDate(1, 0, 0), MaxVodPoints: Ptr(int64(0)),
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Teachers.Modify(ctx, &TeacherRequest{TeacherLoginName: "zhang@demo", TeacherPassword: "Teach-2026", Name: "张老师"})
		},
	},
	"/training/query/status": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Rooms.Status(ctx, "mquQf2"))
	}},
	"/training/export/praise/detail": pagedExportCall(func(ctx context.Context, c *Client, o *PagedExportOptions) error {
		return errOf(c.Exports.PraiseDetails(ctx, o))
	}),
	"/training/gr/delete": {full: func(ctx context.Context, c *Client) error { return c.Records.Delete(ctx, 1656282) }},
	"/training/famousroom/created": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.FamousRooms.Create(ctx, &CreateFamousRoomRequest{
				Subject: "双师 英语", StartDate: specStart, InvalidDate: specEnd, Realtime: true,
				ClassCount: Ptr(2), ClassNames: []string{"1班", "2班"},
				TeacherToken: "teach3r01", AssistantToken: "ass1stant", SlaveStudentClientToken: "slvstud01",
				SlaveTeacherToken: "slvteach1", SlaveAssistantToken: "slvassist",
				Description: "双师课堂", SpeakerInfo: "李老师", ScheduleInfo: "口语", MaxAttendees: Ptr(300),
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.FamousRooms.Create(ctx, &CreateFamousRoomRequest{Subject: "双师 英语", StartDate: specStart}))
		},
	},
	"/training/famousroom/modify": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.FamousRooms.Modify(ctx, &ModifyFamousRoomRequest{
				ID: "FopnX4Bqmo", Subject: "双师 英语", StartDate: specStart, InvalidDate: specEnd, Realtime: Ptr(true),
				ClassCount: Ptr(2), ClassNames: []string{"1班", "2班"},
				TeacherToken: "teach3r01", AssistantToken: "ass1stant", SlaveStudentClientToken: "slvstud01",
				SlaveTeacherToken: "slvteach1", SlaveAssistantToken: "slvassist",
				Description: Ptr("双师课堂"), SpeakerInfo: Ptr("李老师"), ScheduleInfo: Ptr("口语"), MaxAttendees: Ptr(300),
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.FamousRooms.Modify(ctx, &ModifyFamousRoomRequest{ID: "FopnX4Bqmo", StartDate: specStart, Realtime: Ptr(false)}))
		},
	},
	"/training/slaveroom/modify": {full: func(ctx context.Context, c *Client) error {
		return c.FamousRooms.RenameTutorialRoom(ctx, "slvR00m1", "3班")
	}},
	"/training/famousroom/info": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.FamousRooms.Get(ctx, "FopnX4Bqmo"))
	}},
	"/training/tutorialroom/info": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.FamousRooms.GetTutorialRoom(ctx, "slvR00m1"))
	}},
	"/training/famousroom/deleted": {full: func(ctx context.Context, c *Client) error {
		return c.FamousRooms.Delete(ctx, "FopnX4Bqmo")
	}},
	"/training/group/create": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Groups.Create(ctx, "mquQf2", 2, "一组", "二组"))
		},
		min: func(ctx context.Context, c *Client) error { return errOf(c.Groups.Create(ctx, "mquQf2", 1)) },
	},
	"/training/group/add": {
		full: func(ctx context.Context, c *Client) error { return errOf(c.Groups.Add(ctx, "mquQf2", "三组")) },
		min:  func(ctx context.Context, c *Client) error { return errOf(c.Groups.Add(ctx, "mquQf2", "")) },
	},
	"/training/group/update": {full: func(ctx context.Context, c *Client) error {
		return errOf(c.Groups.Update(ctx, "mquQf2", "g1", "一组（新）"))
	}},
	"/training/group/delete": {full: func(ctx context.Context, c *Client) error {
		return c.Groups.Delete(ctx, "mquQf2", "g1")
	}},
	"/training/room/sync": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.Rooms.Sync(ctx, &RoomSyncOptions{
				PageNo: 2, CreateTime: DateOf(specStart.In(time.FixedZone("CST", 8*3600))), Status: Ptr(RoomStatusStarted), Finished: Ptr(1),
			}))
		},
		min: func(ctx context.Context, c *Client) error { return errOf(c.Rooms.Sync(ctx, nil)) },
	},
	"/training/miniroom/created": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.MiniRooms.Create(ctx, &CreateMiniRoomRequest{
				Subject: "小班 数学", StartDate: specStart, Duration: 60, TeacherToken: "teach3r01", StudentClientToken: "stud3nt01",
				Action: Ptr(false), SpeakerInfo: "王老师", ScheduleInfo: "分数", Description: "微课堂", MaxAttendees: Ptr(16),
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.MiniRooms.Create(ctx, &CreateMiniRoomRequest{Subject: "小班 数学", StartDate: specStart, Duration: 30}))
		},
	},
	"/training/miniroom/modify": {
		full: func(ctx context.Context, c *Client) error {
			return errOf(c.MiniRooms.Modify(ctx, &ModifyMiniRoomRequest{
				ID: "m1n1R00m", Subject: "小班 数学", TeacherToken: "teach3r01", StudentClientToken: "stud3nt01",
				Action: Ptr(true), SpeakerInfo: Ptr("王老师"), ScheduleInfo: Ptr("分数"), Description: Ptr("微课堂"), MaxAttendees: Ptr(16),
			}))
		},
		min: func(ctx context.Context, c *Client) error {
			return errOf(c.MiniRooms.Modify(ctx, &ModifyMiniRoomRequest{ID: "m1n1R00m", Subject: "小班 数学"}))
		},
	},
	"/training/miniroom/export/history": {
		full: func(ctx context.Context, c *Client) error { return errOf(c.MiniRooms.StudentStats(ctx, "m1n1R00m", 2)) },
		min:  func(ctx context.Context, c *Client) error { return errOf(c.MiniRooms.StudentStats(ctx, "m1n1R00m", 0)) },
	},
	"/training/miniroom/syn": {
		full: func(ctx context.Context, c *Client) error { return errOf(c.MiniRooms.RoomStats(ctx, 2)) },
		min:  func(ctx context.Context, c *Client) error { return errOf(c.MiniRooms.RoomStats(ctx, 0)) },
	},
	"/training/room/student/list": {
		full: func(ctx context.Context, c *Client) error {
			return c.Rooms.SetStudentList(ctx, &StudentListRequest{
				RoomID: "mquQf2", Students: []Student{{ID: 1000000001, Name: "张三"}, {ID: 1000000002, Name: "李四"}},
				GroupCode: "g1", Cover: Ptr(true), ExpireTime: Ptr(30),
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return c.Rooms.SetStudentList(ctx, &StudentListRequest{RoomID: "mquQf2", Students: []Student{{ID: 1000000001, Name: "张三"}}})
		},
	},
}

// exportCall is the call of a classroom export: a window, or only the room.
func exportCall(fn func(context.Context, *Client, *ExportOptions) error) specCall {
	return specCall{
		full: func(ctx context.Context, c *Client) error {
			return fn(ctx, c, &ExportOptions{RoomID: "mquQf2", StartTime: specStart, EndTime: specEnd})
		},
		min: func(ctx context.Context, c *Client) error { return fn(ctx, c, &ExportOptions{RoomID: "mquQf2"}) },
	}
}

// pagedExportCall is the call of a paged classroom export: a window and a
// page, or only the room.
func pagedExportCall(fn func(context.Context, *Client, *PagedExportOptions) error) specCall {
	return specCall{
		full: func(ctx context.Context, c *Client) error {
			return fn(ctx, c, &PagedExportOptions{
				ExportOptions: ExportOptions{RoomID: "mquQf2", StartTime: specStart, EndTime: specEnd}, PageNo: 2,
			})
		},
		min: func(ctx context.Context, c *Client) error {
			return fn(ctx, c, &PagedExportOptions{ExportOptions: ExportOptions{RoomID: "mquQf2"}})
		},
	}
}

// ---------------------------------------------------------------------------
// Requests: the test.

// formCheck checks the forms of one endpoint and remembers which exceptions
// were needed.
type formCheck struct {
	t    *testing.T
	ep   *specEndpoint
	used map[string]bool // "path|sent|spec" of the exceptions that applied
}

func exceptionKey(e paramException) string { return e.path + "|" + e.sent + "|" + e.spec }

// exception returns the exception of this endpoint with the sent key or the
// documented name, from list.
func (fc *formCheck) exception(list []paramException, sent, spec string) bool {
	for _, e := range list {
		if e.path == fc.ep.Path && ((sent != "" && e.sent == sent) || (spec != "" && e.spec == spec)) {
			fc.used[exceptionKey(e)] = true
			return true
		}
	}
	return false
}

// check checks one form: full says every optional field was set.
func (fc *formCheck) check(form url.Values, full bool) {
	t, ep := fc.t, fc.ep
	t.Helper()
	which := "minimal call"
	if full {
		which = "full call"
	}
	documented := make(map[string]specField, len(ep.Params))
	for _, p := range ep.Params {
		documented[p.Name] = p
	}

	// The credentials, as the client adds them.
	assert.Equal(t, []string{testLogin}, form["loginName"], "%s: loginName", which)
	assert.Equal(t, []string{testDigest}, form["password"], "%s: password", which)
	assert.Equal(t, []string{"true"}, form["sec"], "%s: sec", which)

	// (a) Every key sent is a documented parameter, or an exception.
	sent := make(map[string]bool, len(form))
	for key := range form {
		name := key
		if m := indexedKey.FindStringSubmatch(key); m != nil {
			if _, ok := indexedLists[m[1]]; ok && isList(documented[m[1]]) {
				name = m[1]
				fc.used["indexed|"+name] = true
			}
		}
		sent[name] = true
		if p, ok := documented[name]; ok {
			if isList(p) && name == key {
				t.Errorf("%s: the list %q is sent as one key; the spec wants %s[0]=…", which, key, name)
			}
			if p.Common != (clientParams[name] != "") {
				t.Errorf("%s: %q is common in the catalog but not one of clientParams, or the other way round", which, name)
			}
			continue
		}
		if fc.exception(paramExceptions, name, "") {
			continue
		}
		t.Errorf("%s sends %q (%s), which the table of section 5.%d does not document", which, key, form.Get(key), ep.Section)
	}

	// (b) Every required parameter was sent; with every optional field set,
	// every documented parameter was sent.
	for _, p := range ep.Params {
		if sent[p.Name] || (!p.Required && !full) {
			continue
		}
		if fc.exception(paramExceptions, "", p.Name) || (!full && fc.exception(minimalOmissions, "", p.Name)) {
			continue
		}
		if p.Required {
			t.Errorf("%s does not send the required parameter %q", which, p.Name)
		} else {
			t.Errorf("%s does not send the optional parameter %q although every optional field was set", which, p.Name)
		}
	}

	// (c) JSON-array parameters: the members' keys are the nested rows.
	for _, p := range ep.Params {
		if len(p.Children) == 0 || !form.Has(p.Name) {
			continue
		}
		fc.used["json|"+p.Name] = true
		var members []map[string]json.RawMessage
		if err := json.Unmarshal([]byte(form.Get(p.Name)), &members); err != nil {
			t.Errorf("%s: %s is not a JSON array of objects: %v (%s)", which, p.Name, err, form.Get(p.Name))
			continue
		}
		if len(members) == 0 {
			t.Errorf("%s: %s is an empty array", which, p.Name)
		}
		children := make(map[string]bool, len(p.Children))
		for _, ch := range p.Children {
			children[ch.Name] = true
		}
		seen := make(map[string]bool)
		for i, m := range members {
			for k := range m {
				seen[k] = true
				if !children[k] {
					t.Errorf("%s: %s[%d] has the key %q, which the table does not document under %s", which, p.Name, i, k, p.Name)
				}
			}
			for _, ch := range p.Children {
				if ch.Required && m[ch.Name] == nil {
					t.Errorf("%s: %s[%d] lacks the required key %q", which, p.Name, i, ch.Name)
				}
			}
		}
		if full {
			for _, ch := range p.Children {
				if !seen[ch.Name] {
					t.Errorf("%s: no member of %s carries %q although every field was set", which, p.Name, ch.Name)
				}
			}
		}
	}
}

// TestSpecRequestParams calls every endpoint's method, once with every
// optional field set and once with only what it requires, and checks each
// form sent against the endpoint's parameter table: (a) every key is
// documented, to the letter; (b) every required parameter is sent, and with
// everything set every documented one is; (c) the members of JSON-array
// parameters carry the documented keys.
func TestSpecRequestParams(t *testing.T) {
	eps := loadSpec(t)

	// The table covers the catalog, no more, no less.
	var paths []string
	for _, ep := range eps {
		paths = append(paths, ep.Path)
		assert.Contains(t, specCalls, ep.Path, "specCalls has no call of section 5.%d", ep.Section)
	}
	for p := range specCalls {
		assert.Contains(t, paths, p, "specCalls calls a path the catalog does not list")
	}

	// Every JSON-array parameter of the catalog is listed, and every listed
	// one is in the catalog.
	catalogJSON := map[string]bool{}
	for _, ep := range eps {
		for _, p := range ep.Params {
			if len(p.Children) > 0 {
				catalogJSON[p.Name] = true
				assert.Contains(t, jsonArrayParams, p.Name, "section 5.%d: %s has nested rows: list it in jsonArrayParams", ep.Section, p.Name)
			}
		}
	}
	for name := range jsonArrayParams {
		assert.True(t, catalogJSON[name], "jsonArrayParams lists %q, which no table nests", name)
	}

	used := map[string]bool{}
	for _, ep := range eps {
		call, ok := specCalls[ep.Path]
		if !ok {
			continue
		}
		t.Run(fmt.Sprintf("5.%d%s", ep.Section, ep.Path), func(t *testing.T) {
			fc := &formCheck{t: t, ep: ep, used: used}
			for _, full := range []bool{true, false} {
				fn := call.full
				if !full {
					if call.min == nil {
						continue
					}
					fn = call.min
				}
				h := setup(t)
				// what the calls need of a success answer (ErrNoID, ErrNoValue)
				h.on(ep.Path, 200, `{"code":"0","message":"成功","id":"r1","coursewareId":"c1","tutorialRoomId":"t1",`+
					`"groupCode":"g1","groups":[{"code":"g1"},{"code":"g2"}],"status":0,"total":0}`)
				require.NoError(t, fn(t.Context(), h.client), "full=%v", full)
				require.Equal(t, []string{ep.Path}, h.paths, "full=%v: one request, to the endpoint", full)
				form := h.lastForm()
				fc.check(form, full)
				for _, q := range paramQuirksFollowed {
					if q.path == ep.Path && (full || q.minimal) {
						fc.used["followed|"+q.path+"|"+q.key] = true
						assert.True(t, form.Has(q.key), "full=%v: %s is not sent (%s)", full, q.key, q.note)
					}
				}
			}
		})
	}

	// Every exception was needed: a stale one is a mistake in this file.
	for _, e := range paramExceptions {
		assert.True(t, used[exceptionKey(e)], "paramExceptions: %s %q/%q no longer applies", e.path, e.sent, e.spec)
	}
	for _, e := range minimalOmissions {
		assert.True(t, used[exceptionKey(e)], "minimalOmissions: %s %q no longer applies", e.path, e.spec)
	}
	for _, q := range paramQuirksFollowed {
		assert.True(t, used["followed|"+q.path+"|"+q.key], "paramQuirksFollowed: %s is not in the catalog", q.path)
	}
	for name := range indexedLists {
		assert.True(t, used["indexed|"+name], "indexedLists: no form sent %s[N]", name)
	}
	for name := range jsonArrayParams {
		assert.True(t, used["json|"+name], "jsonArrayParams: no form sent %s", name)
	}
}
