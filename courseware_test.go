package gensee

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// coursewareMs is the Time of epoch milliseconds ms, as the server sends it.
func coursewareMs(ms int64) Time { return Time{time.UnixMilli(ms)} }

// coursewareListWant is what testdata/courseware/list.json decodes to.
func coursewareListWant() []*Courseware {
	return []*Courseware{
		{
			ID: "Pf3xwNd2Kq", Number: "72869370", URL: "http://demo.gensee.com/training/site/v/72869370",
			Subject: "高二数学：函数的单调性", RoomID: "mquQf2", RecordID: 1656282, Duration: 2745000,
			Description: "第三章\t第二节", Token: "482913", CreatedTime: coursewareMs(1700000000000),
		},
		{
			ID: "Xa81LmQe0c", Number: "72869371", URL: "http://demo.gensee.com/training/site/v/72869371",
			Subject: "高二数学：习题课", RoomID: "mquQf2", RecordID: 1656290, Duration: 0,
			CreatedTime: coursewareMs(1700086400000),
		},
	}
}

// coursewareSynWant is what the three pages of testdata/courseware/syn_page*.json
// decode to, page by page.
func coursewareSynWant() [][]*Courseware {
	return [][]*Courseware{
		{
			{
				ID: "Pf3xwNd2Kq", Token: "482913", Subject: "高二数学：函数的单调性",
				URL: "http://demo.gensee.com/training/site/v/72869370", RoomID: "mquQf2", Description: "第三章 第二节",
				Creator: 27653, RecordID: 1656282, Number: "72869370", CreatedTime: coursewareMs(1700000000000),
				Duration: 2745000, RecordStartTime: coursewareMs(1699996400000), RecordEndTime: coursewareMs(1699999145000),
				GrType: GrTypeRecording, ConvertResult: ConvertResultSuccess, Plan: "1. 复习 2. 新课",
				SpeakerInfo: "王老师，高级教师", GrID: 1656282,
			},
			{
				ID: "Rk29TbVz7w", Subject: "期中复习讲义.pptx", URL: "http://demo.gensee.com/training/site/v/72869402",
				Creator: 27653, Number: "72869402", CreatedTime: coursewareMs(1700003600000),
				GrType: GrTypeDocument, ConvertResult: ConvertResultConverting, GrID: 1656301,
			},
		},
		{
			{
				ID: "Hq7cZs1Mvn", Subject: "实验演示视频", URL: "http://demo.gensee.com/training/site/v/72869415",
				Creator: 27653, RecordID: 1656310, Number: "72869415", CreatedTime: coursewareMs(1700007200000),
				Duration: 615000, GrType: GrTypeMedia, ConvertResult: ConvertResultFailed, GrID: 1656310,
			},
			{
				ID: "Wd4eYh8Jpu", Token: "915530", Subject: "高一物理：牛顿第二定律",
				URL: "http://demo.gensee.com/training/site/v/72869433", RoomID: "FopnX4Bqmo", Creator: 27654,
				RecordID: 1656322, Number: "72869433", CreatedTime: coursewareMs(1700010800000), Duration: 3120000,
				RecordStartTime: coursewareMs(1700006000000), RecordEndTime: coursewareMs(1700009120000),
				GrType: GrType(3), ConvertResult: ConvertResultSuccess, SpeakerInfo: "李老师", GrID: 1656322,
			},
		},
		{
			{
				ID: "Nz6gBk3Rtc", Subject: "高一物理：答疑", URL: "http://demo.gensee.com/training/site/v/72869450",
				RoomID: "FopnX4Bqmo", Creator: 27654, RecordID: 1656339, Number: "72869450",
				CreatedTime: coursewareMs(1700014400000), Duration: 1800000,
				RecordStartTime: coursewareMs(1700012000000), RecordEndTime: coursewareMs(1700013800000),
				GrType: GrType(4), ConvertResult: ConvertResultSuccess, SpeakerInfo: "李老师", GrID: 1656339,
			},
		},
	}
}

// coursewareSynPages answers courseware/syn with page n of the golden walk.
func coursewareSynPages(h *harness) {
	h.onFunc("/training/courseware/syn", func(n int) (int, string) {
		return 200, golden(h.t, "courseware/syn_page"+strconv.Itoa(n)+".json")
	})
}

// coursewareForms returns the forms of every request sent, in order.
func coursewareForms(h *harness) []url.Values {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]url.Values(nil), h.forms...)
}

func TestCoursewareList(t *testing.T) {
	tests := []struct {
		name   string
		golden string
		want   []*Courseware
	}{
		{"two coursewares", "courseware/list.json", coursewareListWant()},
		// Real servers leave the key out before anything was recorded.
		{"no recording yet: key missing", "courseware/list_empty.json", []*Courseware{}},
		{"null list", "courseware/list_null.json", []*Courseware{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/courseware/list", tt.golden)
			got, err := h.client.Coursewares.List(t.Context(), "mquQf2")
			require.NoError(t, err)
			h.assertForm("roomId", "mquQf2")
			require.NotNil(t, got, "an empty list is an empty slice, not nil")
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestCoursewareDurationKey pins the decision about the two "duration" rows
// of courseware/list: the one key the object carries fills Duration, in
// milliseconds, whatever its form; a null VOD duration is 0.
func TestCoursewareDurationKey(t *testing.T) {
	tests := []struct {
		name string
		json string
		want int64
	}{
		{"number", `{"duration":2745000}`, 2745000},
		{"quoted", `{"duration":"2745000"}`, 2745000},
		{"integral float", `{"duration":2745000.0}`, 2745000},
		{"null VOD duration", `{"duration":null}`, 0},
		{"empty string", `{"duration":""}`, 0},
		{"missing", `{"subject":"第1讲"}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/courseware/info", 200, `{"code":"0","id":"Pf3xwNd2Kq",`+tt.json[1:])
			cw, err := h.client.Coursewares.Get(t.Context(), "Pf3xwNd2Kq")
			require.NoError(t, err)
			assert.Equal(t, tt.want, cw.Duration)
		})
	}
	h := setup(t)
	h.on("/training/courseware/info", 200, `{"code":"0","duration":"about an hour"}`)
	_, err := h.client.Coursewares.Get(t.Context(), "Pf3xwNd2Kq")
	assert.Error(t, err)
}

func TestCoursewareGet(t *testing.T) {
	h := setup(t)
	h.onGolden("/training/courseware/info", "courseware/info.json")
	got, err := h.client.Coursewares.Get(t.Context(), "Pf3xwNd2Kq")
	require.NoError(t, err)
	h.assertForm("coursewareId", "Pf3xwNd2Kq")
	assert.Equal(t, &Courseware{
		ID: "Pf3xwNd2Kq", Token: "482913", Subject: "高二数学：函数的单调性", RoomID: "mquQf2",
		URL: "http://demo.gensee.com/training/site/v/72869370", Description: "第三章 第二节",
		Creator: 27653, Number: "72869370",
	}, got)
}

func TestCoursewareModify(t *testing.T) {
	tests := []struct {
		name string
		req  *ModifyCoursewareRequest
		form []string
	}{
		{
			name: "required only: unset optionals are not sent",
			req:  &ModifyCoursewareRequest{ID: "Pf3xwNd2Kq", Subject: "高二数学：函数的单调性（精编）"},
			form: []string{"id", "Pf3xwNd2Kq", "subject", "高二数学：函数的单调性（精编）"},
		},
		{
			name: "every parameter",
			req: &ModifyCoursewareRequest{
				ID: "Pf3xwNd2Kq", Subject: "函数 & 单调性", Token: Ptr("735519"), UIMode: Ptr(UIModeDocOrVideo),
				UIColor: "green", UIWindow: Ptr(true), UIVideo: Ptr(false), MobileMode: Ptr(3),
				AutoPlay: Ptr(false), PlayerTheme: Ptr("skyblue"), FullScreenMode: Ptr(FullScreenDocOnly),
			},
			form: []string{
				"id", "Pf3xwNd2Kq", "subject", "函数 & 单调性", "token", "735519", "uiMode", "2",
				"uiColor", "green", "uiWindow", "true", "uiVideo", "false", "mobileMode", "3",
				"autoPlay", "false", "playerTheme", "skyblue", "fullScreenMode", "3",
			},
		},
		{
			name: "zero values of pointers are sent",
			req: &ModifyCoursewareRequest{
				ID: "Pf3xwNd2Kq", Subject: "习题课", AutoPlay: Ptr(false), FullScreenMode: Ptr(FullScreenVideoMain),
			},
			form: []string{"id", "Pf3xwNd2Kq", "subject", "习题课", "autoPlay", "false", "fullScreenMode", "0"},
		},
		{
			name: "night sky theme and a cleared token are sent empty",
			req:  &ModifyCoursewareRequest{ID: "Pf3xwNd2Kq", Subject: "习题课", Token: Ptr(""), PlayerTheme: Ptr("")},
			form: []string{"id", "Pf3xwNd2Kq", "subject", "习题课", "token", "", "playerTheme", ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/courseware/modify", 200, okBody)
			require.NoError(t, h.client.Coursewares.Modify(t.Context(), tt.req))
			h.assertForm(tt.form...)
		})
	}
}

func TestCoursewareDelete(t *testing.T) {
	h := setup(t)
	h.on("/training/courseware/deleted", 200, okBody)
	require.NoError(t, h.client.Coursewares.Delete(t.Context(), "Pf3xwNd2Kq"))
	h.assertForm("coursewareId", "Pf3xwNd2Kq")
}

func TestCoursewareSync(t *testing.T) {
	start := time.Date(2023, 11, 1, 0, 0, 0, 0, ChinaZone())
	end := time.Date(2023, 11, 30, 23, 59, 59, 0, ChinaZone())
	tests := []struct {
		name string
		opts *SyncOptions
		form []string
	}{
		{"nil options", nil, nil},
		{"zero options", &SyncOptions{}, nil},
		{"window and page", &SyncOptions{PageNo: 1, StartTime: start, EndTime: end}, []string{
			"pageNo", "1", "startTime", strconv.FormatInt(start.UnixMilli(), 10), "endTime", strconv.FormatInt(end.UnixMilli(), 10),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/courseware/syn", "courseware/syn_page1.json")
			page, err := h.client.Coursewares.Sync(t.Context(), tt.opts)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, &Page[*Courseware]{
				Items: coursewareSynWant()[0], PageNo: 1, TotalPages: 3, TotalCounts: 5,
			}, page)
			assert.True(t, page.HasNext())
		})
	}
}

func TestCoursewareSyncAll(t *testing.T) {
	var all []*Courseware
	for _, p := range coursewareSynWant() {
		all = append(all, p...)
	}

	t.Run("three-page walk", func(t *testing.T) {
		h := setup(t)
		coursewareSynPages(h)
		seq := h.client.Coursewares.SyncAll(t.Context(), nil)
		h.assertNothingSent() // lazy
		var got []*Courseware
		for cw, err := range seq {
			require.NoError(t, err)
			got = append(got, cw)
		}
		assert.Equal(t, all, got)
		assert.Equal(t, []url.Values{wantForm("pageNo", "1"), wantForm("pageNo", "2"), wantForm("pageNo", "3")}, coursewareForms(h))
	})

	t.Run("from a given page with a window", func(t *testing.T) {
		h := setup(t)
		h.onGolden("/training/courseware/syn", "courseware/syn_page3.json")
		start := time.UnixMilli(1700000000000)
		var got []*Courseware
		for cw, err := range h.client.Coursewares.SyncAll(t.Context(), &SyncOptions{PageNo: 3, StartTime: start}) {
			require.NoError(t, err)
			got = append(got, cw)
		}
		assert.Equal(t, coursewareSynWant()[2], got)
		assert.Equal(t, []url.Values{wantForm("pageNo", "3", "startTime", "1700000000000")}, coursewareForms(h))
	})

	t.Run("break after the first item", func(t *testing.T) {
		h := setup(t)
		coursewareSynPages(h)
		var got []*Courseware
		for cw, err := range h.client.Coursewares.SyncAll(t.Context(), nil) {
			require.NoError(t, err)
			got = append(got, cw)
			break
		}
		assert.Equal(t, all[:1], got)
		assert.Equal(t, 1, h.calls())
	})

	t.Run("error on page two", func(t *testing.T) {
		h := setup(t)
		h.onFunc("/training/courseware/syn", func(n int) (int, string) {
			if n == 1 {
				return 200, golden(t, "courseware/syn_page1.json")
			}
			return 200, apiErrorBody(CodeSystemError, "系统错误")
		})
		var got []*Courseware
		var errs []error
		for cw, err := range h.client.Coursewares.SyncAll(t.Context(), nil) {
			if err != nil {
				errs = append(errs, err)
				continue // the sequence must end by itself
			}
			got = append(got, cw)
		}
		assert.Equal(t, coursewareSynWant()[0], got)
		require.Len(t, errs, 1)
		assertAPIError(t, errs[0], "/training/courseware/syn", CodeSystemError, "系统错误", ErrSystem)
		assert.Equal(t, 2, h.calls())
	})
}

func TestCoursewareTranscodeDocument(t *testing.T) {
	want := &TranscodeResult{
		CoursewareID: "Tc5vGq2Lxe", CoursewareCode: "72869480",
		VisitURL: "http://demo.gensee.com/training/site/v/72869480", DocID: 1656355,
	}
	// The caller encodes the Chinese part once; the URL goes as given.
	resource := "http://files.example.com/docs/" + url.PathEscape("期中复习") + ".pptx"
	tests := []struct {
		name string
		req  *TranscodeDocumentRequest
		form []string
	}{
		{
			name: "required only: vector mode and no callback are not sent",
			req:  &TranscodeDocumentRequest{ResourceURL: resource, Name: "期中复习讲义"},
			form: []string{"resourceUrl", resource, "name", "期中复习讲义"},
		},
		{
			name: "image mode, callback and gs_filename",
			req: &TranscodeDocumentRequest{
				ResourceURL: "http://example.com/abc/def/download?a=x&b=y&gs_filename=file.pptx",
				Name:        "期中复习讲义", CallbackURL: "https://app.example.com/gensee/transcoded?k=9f2c",
				ConvMode: ConvModeImage,
			},
			form: []string{
				"resourceUrl", "http://example.com/abc/def/download?a=x&b=y&gs_filename=file.pptx",
				"name", "期中复习讲义", "callbackUrl", "https://app.example.com/gensee/transcoded?k=9f2c", "convmode", "1",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/courseware/transcode", "courseware/transcode_document.json")
			got, err := h.client.Coursewares.TranscodeDocument(t.Context(), tt.req)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, want, got)
		})
	}
}

func TestCoursewareTranscodeMedia(t *testing.T) {
	want := &TranscodeResult{
		CoursewareID: "Ue8sJw4Kya", CoursewareCode: "72869491",
		VisitURL: "http://demo.gensee.com/training/site/v/72869491", RecordID: 1656361,
	}
	tests := []struct {
		name string
		req  *TranscodeMediaRequest
		form []string
	}{
		{
			name: "required only",
			req:  &TranscodeMediaRequest{ResourceURL: "https://cdn.example.com/v/lab.mp4", Name: "实验演示视频"},
			form: []string{"resourceUrl", "https://cdn.example.com/v/lab.mp4", "name", "实验演示视频"},
		},
		{
			name: "with callback",
			req: &TranscodeMediaRequest{
				ResourceURL: "https://cdn.example.com/get?id=7&gs_filename=lab.mp4", Name: "实验演示视频",
				CallbackURL: "https://app.example.com/gensee/transcoded",
			},
			form: []string{
				"resourceUrl", "https://cdn.example.com/get?id=7&gs_filename=lab.mp4", "name", "实验演示视频",
				"callbackUrl", "https://app.example.com/gensee/transcoded",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.onGolden("/training/media/transcode", "courseware/transcode_media.json")
			got, err := h.client.Coursewares.TranscodeMedia(t.Context(), tt.req)
			require.NoError(t, err)
			h.assertForm(tt.form...)
			assert.Equal(t, want, got)
		})
	}
}

func TestCoursewareViewCount(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int
	}{
		{"quoted total", golden(t, "courseware/vodview.json"), 1287},
		{"number total", `{"code":"0","message":"成功","total":42}`, 42},
		{"never watched", `{"code":"0","message":"成功","total":0}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on("/training/vod/vodview", 200, tt.body)
			got, err := h.client.Coursewares.ViewCount(t.Context(), "Pf3xwNd2Kq")
			require.NoError(t, err)
			h.assertForm("id", "Pf3xwNd2Kq")
			assert.Equal(t, tt.want, got)
		})
	}
}

// coursewareCalls is one call of every method, for the tables of errors and
// cancellation.
var coursewareCalls = []struct {
	name string
	path string
	call func(ctx context.Context, c *Client) error
}{
	{"List", "/training/courseware/list", func(ctx context.Context, c *Client) error {
		_, err := c.Coursewares.List(ctx, "mquQf2")
		return err
	}},
	{"Get", "/training/courseware/info", func(ctx context.Context, c *Client) error {
		_, err := c.Coursewares.Get(ctx, "Pf3xwNd2Kq")
		return err
	}},
	{"Modify", "/training/courseware/modify", func(ctx context.Context, c *Client) error {
		return c.Coursewares.Modify(ctx, &ModifyCoursewareRequest{ID: "Pf3xwNd2Kq", Subject: "习题课"})
	}},
	{"Delete", "/training/courseware/deleted", func(ctx context.Context, c *Client) error {
		return c.Coursewares.Delete(ctx, "Pf3xwNd2Kq")
	}},
	{"Sync", "/training/courseware/syn", func(ctx context.Context, c *Client) error {
		_, err := c.Coursewares.Sync(ctx, nil)
		return err
	}},
	{"SyncAll", "/training/courseware/syn", func(ctx context.Context, c *Client) error {
		for _, err := range c.Coursewares.SyncAll(ctx, nil) {
			if err != nil {
				return err
			}
		}
		return nil
	}},
	{"TranscodeDocument", "/training/courseware/transcode", func(ctx context.Context, c *Client) error {
		_, err := c.Coursewares.TranscodeDocument(ctx, &TranscodeDocumentRequest{ResourceURL: "http://example.com/a.pptx", Name: "讲义"})
		return err
	}},
	{"TranscodeMedia", "/training/media/transcode", func(ctx context.Context, c *Client) error {
		_, err := c.Coursewares.TranscodeMedia(ctx, &TranscodeMediaRequest{ResourceURL: "http://example.com/a.mp4", Name: "视频"})
		return err
	}},
	{"ViewCount", "/training/vod/vodview", func(ctx context.Context, c *Client) error {
		_, err := c.Coursewares.ViewCount(ctx, "Pf3xwNd2Kq")
		return err
	}},
}

func TestCoursewareAPIErrors(t *testing.T) {
	// Every documented code through one method.
	for _, dc := range documentedCodes {
		t.Run("List/"+strconv.Itoa(int(dc.code)), func(t *testing.T) {
			h := setup(t)
			h.on("/training/courseware/list", 200, apiErrorBody(dc.code, "错误"))
			got, err := h.client.Coursewares.List(t.Context(), "mquQf2")
			assert.Nil(t, got)
			assertAPIError(t, err, "/training/courseware/list", dc.code, "错误", dc.want)
		})
	}
	// A likely code through every method.
	codes := map[string]struct {
		code Code
		want error
	}{
		"List": {CodeAuthFailed, ErrAuth}, "Get": {CodeNotFound, ErrNotFound},
		"Modify": {CodeInvalidParam, ErrInvalidParam}, "Delete": {CodeNotFound, ErrNotFound},
		"Sync": {CodeDisabled, ErrDisabled}, "SyncAll": {CodePasswordExpired, ErrPasswordExpired},
		"TranscodeDocument": {CodeBusinessError, ErrBusiness}, "TranscodeMedia": {CodeFailed, ErrFailed},
		"ViewCount": {CodeNotFound, ErrNotFound},
	}
	for _, tc := range coursewareCalls {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := codes[tc.name]
			require.True(t, ok, "no code for %s", tc.name)
			h := setup(t)
			h.on(tc.path, 200, apiErrorBody(c.code, "数据不存在"))
			err := tc.call(t.Context(), h.client)
			assertAPIError(t, err, tc.path, c.code, "数据不存在", c.want)
			assert.Equal(t, 1, h.calls())
		})
	}
}

// TestCoursewareErrorResults checks that a failed call returns no value.
func TestCoursewareErrorResults(t *testing.T) {
	h := setup(t)
	body := apiErrorBody(CodeNotFound, "数据不存在")
	for _, p := range []string{"/training/courseware/info", "/training/courseware/syn", "/training/courseware/transcode",
		"/training/media/transcode", "/training/vod/vodview"} {
		h.on(p, 200, body)
	}
	ctx := t.Context()
	cw, err := h.client.Coursewares.Get(ctx, "Pf3xwNd2Kq")
	assert.Error(t, err)
	assert.Nil(t, cw)
	page, err := h.client.Coursewares.Sync(ctx, nil)
	assert.Error(t, err)
	assert.Nil(t, page)
	doc, err := h.client.Coursewares.TranscodeDocument(ctx, &TranscodeDocumentRequest{ResourceURL: "http://example.com/a.pptx", Name: "讲义"})
	assert.Error(t, err)
	assert.Nil(t, doc)
	media, err := h.client.Coursewares.TranscodeMedia(ctx, &TranscodeMediaRequest{ResourceURL: "http://example.com/a.mp4", Name: "视频"})
	assert.Error(t, err)
	assert.Nil(t, media)
	n, err := h.client.Coursewares.ViewCount(ctx, "Pf3xwNd2Kq")
	assert.Error(t, err)
	assert.Zero(t, n)
}

// coursewareHangUntilCancelled answers path only when the request's context
// is done (with its error), and counts the requests that reached it. Unlike
// h.on, it cannot answer a cancelled call with a success: httpmock's
// transport does not check the context before calling a responder.
func coursewareHangUntilCancelled(h *harness, path string) *atomic.Int32 {
	var n atomic.Int32
	h.mock.RegisterResponder(http.MethodPost, testBase+path, func(req *http.Request) (*http.Response, error) {
		n.Add(1)
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	return &n
}

func TestCoursewareCancelled(t *testing.T) {
	for _, tc := range coursewareCalls {
		t.Run(tc.name, func(t *testing.T) {
			h := setup(t, WithRetry(RetryPolicy{MaxAttempts: 3}))
			reached := coursewareHangUntilCancelled(h, tc.path)
			err := tc.call(cancelled(), h.client)
			require.Error(t, err)
			assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
			// The mock transport may hand the request to the responder
			// before it notices the cancellation; it is never retried.
			assert.LessOrEqual(t, reached.Load(), int32(1))
		})
	}
}

func TestCoursewareValidation(t *testing.T) {
	ok := func() *ModifyCoursewareRequest {
		return &ModifyCoursewareRequest{ID: "Pf3xwNd2Kq", Subject: "习题课"}
	}
	modify := func(f func(r *ModifyCoursewareRequest)) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error {
			r := ok()
			f(r)
			return c.Coursewares.Modify(ctx, r)
		}
	}
	doc := func(r *TranscodeDocumentRequest) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.TranscodeDocument(ctx, r)
			return err
		}
	}
	media := func(r *TranscodeMediaRequest) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.TranscodeMedia(ctx, r)
			return err
		}
	}
	const (
		pModify = "/training/courseware/modify"
		pDoc    = "/training/courseware/transcode"
		pMedia  = "/training/media/transcode"
		pSyn    = "/training/courseware/syn"
	)
	pptx := "http://example.com/a.pptx"
	tests := []struct {
		name  string
		path  string
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		{"List empty roomId", "/training/courseware/list", "roomId", func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.List(ctx, " ")
			return err
		}},
		{"Get empty id", "/training/courseware/info", "coursewareId", func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.Get(ctx, "")
			return err
		}},
		{"Delete empty id", "/training/courseware/deleted", "coursewareId", func(ctx context.Context, c *Client) error {
			return c.Coursewares.Delete(ctx, "")
		}},
		{"ViewCount empty id", "/training/vod/vodview", "id", func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.ViewCount(ctx, "")
			return err
		}},

		{"Modify nil", pModify, "request", func(ctx context.Context, c *Client) error {
			return c.Coursewares.Modify(ctx, nil)
		}},
		{"Modify empty id", pModify, "id", modify(func(r *ModifyCoursewareRequest) { r.ID = "" })},
		{"Modify empty subject", pModify, "subject", modify(func(r *ModifyCoursewareRequest) { r.Subject = "  " })},
		{"Modify uiMode 0", pModify, "uiMode", modify(func(r *ModifyCoursewareRequest) { r.UIMode = Ptr(0) })},
		{"Modify uiMode 7", pModify, "uiMode", modify(func(r *ModifyCoursewareRequest) { r.UIMode = Ptr(7) })},
		{"Modify uiColor", pModify, "uiColor", modify(func(r *ModifyCoursewareRequest) { r.UIColor = "red" })},
		{"Modify mobileMode 0", pModify, "mobileMode", modify(func(r *ModifyCoursewareRequest) { r.MobileMode = Ptr(0) })},
		{"Modify mobileMode 4", pModify, "mobileMode", modify(func(r *ModifyCoursewareRequest) { r.MobileMode = Ptr(4) })},
		{"Modify playerTheme", pModify, "playerTheme", modify(func(r *ModifyCoursewareRequest) { r.PlayerTheme = Ptr("night") })},
		{"Modify fullScreenMode -1", pModify, "fullScreenMode", modify(func(r *ModifyCoursewareRequest) { r.FullScreenMode = Ptr(-1) })},
		{"Modify fullScreenMode 4", pModify, "fullScreenMode", modify(func(r *ModifyCoursewareRequest) { r.FullScreenMode = Ptr(4) })},

		{"Sync negative page", pSyn, "pageNo", func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.Sync(ctx, &SyncOptions{PageNo: -1})
			return err
		}},
		{"Sync end before start", pSyn, "endTime", func(ctx context.Context, c *Client) error {
			_, err := c.Coursewares.Sync(ctx, &SyncOptions{StartTime: time.UnixMilli(1700000000000), EndTime: time.UnixMilli(1699000000000)})
			return err
		}},
		{"SyncAll end before start", pSyn, "endTime", func(ctx context.Context, c *Client) error {
			for _, err := range c.Coursewares.SyncAll(ctx, &SyncOptions{StartTime: time.UnixMilli(1700000000000), EndTime: time.UnixMilli(1699000000000)}) {
				return err
			}
			return nil
		}},

		{"TranscodeDocument nil", pDoc, "request", doc(nil)},
		{"TranscodeDocument empty resourceUrl", pDoc, "resourceUrl", doc(&TranscodeDocumentRequest{Name: "讲义"})},
		{"TranscodeDocument empty name", pDoc, "name", doc(&TranscodeDocumentRequest{ResourceURL: pptx})},
		{"TranscodeDocument convmode 2", pDoc, "convmode", doc(&TranscodeDocumentRequest{ResourceURL: pptx, Name: "讲义", ConvMode: 2})},
		{"TranscodeDocument convmode -1", pDoc, "convmode", doc(&TranscodeDocumentRequest{ResourceURL: pptx, Name: "讲义", ConvMode: -1})},

		{"TranscodeMedia nil", pMedia, "request", media(nil)},
		{"TranscodeMedia empty resourceUrl", pMedia, "resourceUrl", media(&TranscodeMediaRequest{Name: "视频"})},
		{"TranscodeMedia empty name", pMedia, "name", media(&TranscodeMediaRequest{ResourceURL: "http://example.com/a.mp4"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			for _, p := range []string{"/training/courseware/list", "/training/courseware/info", "/training/courseware/deleted",
				"/training/vod/vodview", pModify, pDoc, pMedia, pSyn} {
				h.on(p, 200, okBody)
			}
			err := tt.call(t.Context(), h.client)
			assertValidation(t, err, tt.path, tt.field)
			h.assertNothingSent()
		})
	}
}

func TestCoursewareEnumStrings(t *testing.T) {
	tests := []struct {
		v    interface{ String() string }
		want string
	}{
		{GrTypeRecording, "recording"}, {GrTypeMedia, "media"}, {GrTypeDocument, "document"},
		{GrType(3), "recording(3)"}, {GrType(4), "recording(4)"}, {GrType(9), "Unknown(9)"},
		{ConvertResultFailed, "failed"}, {ConvertResultConverting, "converting"}, {ConvertResultSuccess, "success"},
		{ConvertResult(-2), "Unknown(-2)"},
		{ConvModeVector, "vector"}, {ConvModeImage, "image"}, {ConvMode(2), "Unknown(2)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.v.String())
	}
	for gt, want := range map[GrType]bool{0: true, 1: false, 2: false, 3: true, 4: true, 5: false, -1: false} {
		assert.Equal(t, want, gt.IsRecording(), "GrType(%d)", int(gt))
	}
	assert.Equal(t, 0, int(GrTypeRecording))
	assert.Equal(t, 1, int(GrTypeMedia))
	assert.Equal(t, 2, int(GrTypeDocument))
	assert.Equal(t, -1, int(ConvertResultFailed))
	assert.Equal(t, 1, int(ConvModeImage))
}
