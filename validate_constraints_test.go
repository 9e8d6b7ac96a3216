package gensee

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// constraintProbe makes a valid request of one endpoint, which a test then
// breaks one documented constraint at a time, and sends it.
type constraintProbe struct {
	base func() any
	send func(ctx context.Context, c *Client, req any) error
}

var probeStart = time.UnixMilli(1709258400000)

// groupCountReq stands for the positional count of Groups.Create.
type groupCountReq struct {
	GroupCount int `url:"groupCount"`
}

var constraintProbes = map[string]constraintProbe{
	"/training/room/created": {func() any { return &CreateRoomRequest{Subject: "s", StartDate: probeStart} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.Rooms.Create(ctx, r.(*CreateRoomRequest))
			return err
		}},
	"/training/room/modify": {func() any {
		return &ModifyRoomRequest{ID: "r", Subject: "s", StartDate: probeStart, Realtime: Ptr(true)}
	}, func(ctx context.Context, c *Client, r any) error { return c.Rooms.Modify(ctx, r.(*ModifyRoomRequest)) }},
	"/training/teacher/created": {func() any { return &TeacherRequest{TeacherLoginName: "t", TeacherPassword: "123456", Name: "n"} },
		func(ctx context.Context, c *Client, r any) error { return c.Teachers.Create(ctx, r.(*TeacherRequest)) }},
	"/training/teacher/modify": {func() any { return &TeacherRequest{TeacherLoginName: "t", TeacherPassword: "123456", Name: "n"} },
		func(ctx context.Context, c *Client, r any) error { return c.Teachers.Modify(ctx, r.(*TeacherRequest)) }},
	"/training/export/study/history": {func() any { return &StudyHistoryOptions{Date: NewDate(2024, 3, 1)} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.Exports.StudyHistory(ctx, r.(*StudyHistoryOptions))
			return err
		}},
	"/training/famousroom/created": {func() any { return &CreateFamousRoomRequest{Subject: "s", StartDate: probeStart} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.FamousRooms.Create(ctx, r.(*CreateFamousRoomRequest))
			return err
		}},
	"/training/famousroom/modify": {func() any { return &ModifyFamousRoomRequest{ID: "f", StartDate: probeStart, Realtime: Ptr(true)} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.FamousRooms.Modify(ctx, r.(*ModifyFamousRoomRequest))
			return err
		}},
	"/training/group/create": {func() any { return &groupCountReq{GroupCount: 2} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.Groups.Create(ctx, "r", r.(*groupCountReq).GroupCount)
			return err
		}},
	"/training/miniroom/created": {func() any { return &CreateMiniRoomRequest{Subject: "s", StartDate: probeStart, Duration: 60} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.MiniRooms.Create(ctx, r.(*CreateMiniRoomRequest))
			return err
		}},
	"/training/miniroom/modify": {func() any { return &ModifyMiniRoomRequest{ID: "m", Subject: "s"} },
		func(ctx context.Context, c *Client, r any) error {
			_, err := c.MiniRooms.Modify(ctx, r.(*ModifyMiniRoomRequest))
			return err
		}},
	"/training/room/student/list": {func() any { return &StudentListRequest{RoomID: "r", Students: []Student{{ID: 1, Name: "a"}}} },
		func(ctx context.Context, c *Client, r any) error {
			return c.Rooms.SetStudentList(ctx, r.(*StudentListRequest))
		}},
}

// The documented constraints as the catalog words them.
var (
	lengthRange = regexp.MustCompile(`长度[：:]\s*(\d+)\s*-\s*(\d+)`)
	lengthMax   = regexp.MustCompile(`长度[：:]\s*最大\s*(\d+)|最长\s*(\d+)\s*个字`)
	valueRange  = regexp.MustCompile(`范围[：:]?\s*(\d+)\s*-\s*(\d+)|（(\d+)-(\d+)）`)
	valueMax    = regexp.MustCompile(`最大\s*(\d+)`)
)

// brokenValue returns a value of the documented constraint's desc that
// breaks it (one past the upper bound), and whether desc states one.
func brokenValue(desc string) (v any, ok bool) {
	num := func(m []string) int {
		for i := len(m) - 1; i > 0; i-- {
			if m[i] != "" {
				n, _ := strconv.Atoi(m[i])
				return n
			}
		}
		return 0
	}
	switch {
	case lengthRange.MatchString(desc):
		return strings.Repeat("字", num(lengthRange.FindStringSubmatch(desc))+1), true
	case lengthMax.MatchString(desc):
		return strings.Repeat("字", num(lengthMax.FindStringSubmatch(desc))+1), true
	case valueRange.MatchString(desc):
		return num(valueRange.FindStringSubmatch(desc)) + 1, true
	case valueMax.MatchString(desc):
		return num(valueMax.FindStringSubmatch(desc)) + 1, true
	}
	return nil, false
}

// setByWireName sets the field of the struct req points to whose url tag
// (or, for the fields built into another form value, Go name) is name.
func setByWireName(t *testing.T, req any, name string, v any) {
	t.Helper()
	rv := reflect.ValueOf(req).Elem()
	for i := range rv.NumField() {
		sf := rv.Type().Field(i)
		tag, _, _ := strings.Cut(sf.Tag.Get("url"), ",")
		if tag != name && !strings.EqualFold(sf.Name, name) {
			continue
		}
		fv := rv.Field(i)
		if fv.Kind() == reflect.Pointer {
			fv.Set(reflect.New(fv.Type().Elem()))
			fv = fv.Elem()
		}
		switch x := v.(type) {
		case string:
			fv.SetString(x)
		case int:
			fv.SetInt(int64(x))
		}
		return
	}
	t.Fatalf("%T has no field %s", req, name)
}

// TestEveryDocumentedConstraintHasARule: each length or range the catalog
// states for a parameter is checked before sending, under the parameter's
// wire name.
func TestEveryDocumentedConstraintHasARule(t *testing.T) {
	checked := 0
	for _, ep := range loadSpec(t) {
		for _, p := range ep.Params {
			fields := []specField{p}
			for _, ch := range p.Children {
				ch.Name = p.Name + "." + ch.Name
				fields = append(fields, ch)
			}
			for _, f := range fields {
				v, ok := brokenValue(f.Desc)
				if !ok {
					continue
				}
				checked++
				t.Run(ep.Path+"/"+f.Name, func(t *testing.T) {
					probe, ok := constraintProbes[ep.Path]
					require.True(t, ok, "no probe for %s: add one", ep.Path)
					req := probe.base()
					wantField := f.Name
					if parent, child, nested := strings.Cut(f.Name, "."); nested {
						// slaveClazzList's clazzName comes from ClassNames.
						require.Equal(t, "slaveClazzList.clazzName", f.Name)
						reflect.ValueOf(req).Elem().FieldByName("ClassNames").Set(reflect.ValueOf([]string{v.(string)}))
						wantField = parent + "[0]." + child
					} else {
						setByWireName(t, req, f.Name, v)
					}
					h := setup(t)
					err := probe.send(context.Background(), h.client, req)
					assertValidation(t, err, ep.Path, wantField)
					h.assertNothingSent()
				})
			}
		}
	}
	assert.Equal(t, 39, checked, "the catalog's documented constraints")
}

// TestTranscodeURLsAsGiven: the spec asks nothing of the URLs' form, so
// neither an ftp address nor a relative path is refused (v0.1 refused both).
func TestTranscodeURLsAsGiven(t *testing.T) {
	tests := []struct{ resource, callback string }{
		{"ftp://example.com/a.pptx", ""},
		{"docs/a.pptx", "/gensee/cb"},
		{"oss://bucket/讲义.pptx", "mailto:ops@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/courseware/transcode", "courseware/transcode_document.json")
			h.onGolden("/training/media/transcode", "courseware/transcode_media.json")
			_, err := h.client.Coursewares.TranscodeDocument(t.Context(), &TranscodeDocumentRequest{ResourceURL: tt.resource, Name: "讲义", CallbackURL: tt.callback, ConvMode: ConvModeImage})
			require.NoError(t, err)
			want := []string{"resourceUrl", tt.resource, "name", "讲义", "convmode", "1"}
			if tt.callback != "" {
				want = append(want, "callbackUrl", tt.callback)
			}
			h.assertForm(want...)
			_, err = h.client.Coursewares.TranscodeMedia(t.Context(), &TranscodeMediaRequest{ResourceURL: tt.resource, Name: "视频", CallbackURL: tt.callback})
			require.NoError(t, err)
			want[3] = "视频"
			h.assertForm(append(want[:4:4], want[6:]...)...)
		})
	}
}
