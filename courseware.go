package gensee

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// GrType is the kind of resource a courseware was made from (grType of
// courseware/syn, spec section 5.11). The spec writes the set as
// "0.3.4录制件1多媒体2文档": 0, 3 and 4 are recordings, 1 media, 2 documents.
type GrType int

// The kinds of GrType. The spec gives 3 and 4 as recordings too without
// saying how they differ from 0, so they have no name of their own: test a
// recording with IsRecording, not by comparing with GrTypeRecording.
const (
	GrTypeRecording GrType = 0 // 录制件: a recording of a live class
	GrTypeMedia     GrType = 1 // 多媒体: an uploaded media file (media/transcode)
	GrTypeDocument  GrType = 2 // 文档: an uploaded document (courseware/transcode)
)

// IsRecording reports whether the courseware was made from a recording (0, 3
// or 4).
func (t GrType) IsRecording() bool {
	return t == GrTypeRecording || t == 3 || t == 4
}

// String returns "recording", "media", "document", "recording(3)",
// "recording(4)", or "Unknown(N)".
func (t GrType) String() string {
	switch t {
	case GrTypeRecording:
		return "recording"
	case GrTypeMedia:
		return "media"
	case GrTypeDocument:
		return "document"
	case 3, 4: // recordings the spec does not tell apart from 0
		return "recording(" + strconv.Itoa(int(t)) + ")"
	}
	return "Unknown(" + strconv.Itoa(int(t)) + ")"
}

// ConvertResult is the state of a courseware's conversion (convertResult of
// courseware/syn, spec section 5.11).
type ConvertResult int

// The states of ConvertResult.
const (
	ConvertResultFailed     ConvertResult = -1 // 失败: the conversion failed
	ConvertResultConverting ConvertResult = 0  // 转换中: still converting
	ConvertResultSuccess    ConvertResult = 1  // 转换成功: converted
)

// String returns "failed", "converting", "success", or "Unknown(N)".
func (r ConvertResult) String() string {
	switch r {
	case ConvertResultFailed:
		return "failed"
	case ConvertResultConverting:
		return "converting"
	case ConvertResultSuccess:
		return "success"
	}
	return "Unknown(" + strconv.Itoa(int(r)) + ")"
}

// ConvMode is how courseware/transcode converts a document (convmode, spec
// section 5.27).
type ConvMode int

// The modes of ConvMode. ConvModeVector is the server's default.
const (
	ConvModeVector ConvMode = 0 // 矢量模式: vector pages (default)
	ConvModeImage  ConvMode = 1 // 图片模式: every page as an image
)

// EncodeValues sends the mode as its number (the form encoder calls it).
func (m ConvMode) EncodeValues(key string, v *url.Values) error {
	v.Set(key, strconv.Itoa(int(m)))
	return nil
}

// String returns "vector", "image", or "Unknown(N)".
func (m ConvMode) String() string {
	switch m {
	case ConvModeVector:
		return "vector"
	case ConvModeImage:
		return "image"
	}
	return "Unknown(" + strconv.Itoa(int(m)) + ")"
}

// Courseware is a courseware (课件, an on-demand item) as courseware/list,
// courseware/info and courseware/syn return it (spec sections 5.5, 5.6 and
// 5.11). Each endpoint fills only the fields its table lists; the others stay
// zero.
type Courseware struct {
	ID          string `json:"id"`          // the courseware's id
	Number      string `json:"number"`      // the courseware's number (课件编号)
	URL         string `json:"url"`         // where students watch it
	Subject     string `json:"subject"`     // its name
	RoomID      string `json:"roomId"`      // the classroom it belongs to (the spec's 所属课堂名称 notwithstanding, an id)
	Description string `json:"description"` // its description
	Token       string `json:"token"`       // the viewing token (观看口令)
	RecordID    int64  `json:"recordId"`    // the recording it was made from (list and syn)

	// Duration is the length in milliseconds. The table of courseware/list
	// lists "duration" twice, as the content length (课件时长) and, since
	// 2018-07-24, as the VOD duration (点播时长, nullable); a JSON object
	// carries one "duration" key only, and that key's value is what Duration
	// holds (0 when it is null or missing). courseware/syn documents it as
	// the content length in milliseconds.
	Duration int64 `json:"duration"`

	CreatedTime     Time          `json:"createdTime"`     // when it was created (list and syn)
	Creator         int64         `json:"creator"`         // the user id of its creator and owner (info and syn)
	RecordStartTime Time          `json:"recordStartTime"` // when the recording started (syn)
	RecordEndTime   Time          `json:"recordEndTime"`   // when the recording ended (syn)
	GrType          GrType        `json:"grType"`          // what it was made from (syn)
	ConvertResult   ConvertResult `json:"convertResult"`   // the conversion state (syn)
	Plan            string        `json:"plan"`            // the agenda (议程, syn)
	SpeakerInfo     string        `json:"speakerInfo"`     // about the speaker (syn)
	GrID            int64         `json:"grId"`            // the recording's id (录制件id, syn, added 2020-03-05)
}

type coursewareList struct {
	Coursewares []*Courseware `json:"coursewares"`
}

// List returns the coursewares recorded in a classroom (courseware/list,
// spec section 5.5). A room with no recording yet gives an empty slice: the
// server then leaves the list out of its answer.
func (s *CoursewareService) List(ctx context.Context, roomID string) ([]*Courseware, error) {
	const path = "/training/courseware/list"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp coursewareList
	if err := s.c.do(ctx, path, roomIDParam{roomID}, &resp); err != nil {
		return nil, err
	}
	return resp.Coursewares, nil
}

type coursewareIDParam struct {
	CoursewareID string `url:"coursewareId"`
}

// Get returns a courseware's details (courseware/info, spec section 5.6). An
// unknown id answers ErrNotFound; a success answer without the courseware's
// id is an error matching ErrNoID.
func (s *CoursewareService) Get(ctx context.Context, coursewareID string) (*Courseware, error) {
	const path = "/training/courseware/info"
	c := s.c.check(ctx, path)
	c.required("coursewareId", coursewareID)
	if err := c.Err(); err != nil {
		return nil, err
	}
	cw := new(Courseware)
	if err := s.c.do(ctx, path, coursewareIDParam{coursewareID}, cw); err != nil {
		return nil, err
	}
	if cw.ID == "" {
		return nil, missingID(path, "the courseware's id")
	}
	return cw, nil
}

// ModifyCoursewareRequest holds the parameters of courseware/modify (spec
// section 5.7). ID and Subject are required; a nil pointer or empty string is
// not sent and leaves the current setting. Token and PlayerTheme are
// pointers so that an empty value can be sent: Ptr("") clears the token,
// and chooses the night-sky theme (the spec spells it as the empty value).
type ModifyCoursewareRequest struct {
	ID             string  `url:"id"`                       // the courseware's id
	Subject        string  `url:"subject"`                  // its name
	Token          *string `url:"token,omitempty"`          // the viewing token; empty clears it
	UIMode         *int    `url:"uiMode,omitempty"`         // web layout, UIMode… constants (1-6)
	UIColor        string  `url:"uiColor,omitempty"`        // three-pane colour: "blue", "default" (server default) or "green"
	UIWindow       *bool   `url:"uiWindow,omitempty"`       // uiMode 2: show the small window (server default false)
	UIVideo        *bool   `url:"uiVideo,omitempty"`        // uiMode 2: video as the main view (server default false)
	MobileMode     *int    `url:"mobileMode,omitempty"`     // mobile player: 1 or 2 video and documents, 3 audio and documents (server default 1)
	AutoPlay       *bool   `url:"autoPlay,omitempty"`       // uiMode 2: start playing at once (server default true)
	PlayerTheme    *string `url:"playerTheme,omitempty"`    // uiMode 4 and 5: "" night sky (夜空), "skyblue" snow peak (雪峰)
	FullScreenMode *int    `url:"fullScreenMode,omitempty"` // uiMode 6: FullScreen… constants (0-3)
}

// Modify changes a courseware's name, token and player settings
// (courseware/modify, spec section 5.7).
func (s *CoursewareService) Modify(ctx context.Context, req *ModifyCoursewareRequest) error {
	const path = "/training/courseware/modify"
	if req == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.required("id", req.ID)
	c.required("subject", req.Subject)
	c.uiMode(req.UIMode)
	c.uiColor(req.UIColor)
	c.mobileMode(req.MobileMode)
	c.playerTheme(strOf(req.PlayerTheme))
	c.fullScreenMode(req.FullScreenMode)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, req, nil)
}

// Delete deletes a courseware (courseware/deleted, spec section 5.8).
func (s *CoursewareService) Delete(ctx context.Context, coursewareID string) error {
	const path = "/training/courseware/deleted"
	c := s.c.check(ctx, path)
	c.required("coursewareId", coursewareID)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, coursewareIDParam{coursewareID}, nil)
}

// Sync returns one page of the site's coursewares, 50 a page, optionally
// those created within a time window (courseware/syn, spec section 5.11).
// opts may be nil: page 1 of every courseware.
func (s *CoursewareService) Sync(ctx context.Context, opts *SyncOptions) (*Page[*Courseware], error) {
	return syncPage[*Courseware](ctx, s.c, "/training/courseware/syn", opts)
}

// SyncAll walks every page of courseware/syn from opts.PageNo (spec section
// 5.11). Nothing is sent until the sequence is ranged over; it stops after
// the last page, at the first error (yielded once), or when the loop breaks.
func (s *CoursewareService) SyncAll(ctx context.Context, opts *SyncOptions) iter.Seq2[*Courseware, error] {
	return syncAll[*Courseware](ctx, s.c, "/training/courseware/syn", opts)
}

// TranscodeDocumentRequest holds the parameters of courseware/transcode
// (spec section 5.27). ResourceURL and Name are required.
//
// ResourceURL is sent as given: encode its Chinese parts once (as the spec
// asks for POST), for example with url.PathEscape, and nothing else. The
// server's downloader takes the file name and its type from the URL's path;
// when the path does not end in one (such as .../download?id=7), append a
// gs_filename parameter naming the file with its extension, for example
// http://example.com/abc/download?a=x&b=y&gs_filename=file.pptx. The
// downloader prefers gs_filename to the path.
type TranscodeDocumentRequest struct {
	ResourceURL string   `url:"resourceUrl"`           // where the server downloads the document
	Name        string   `url:"name"`                  // the document's name (文档名称)
	CallbackURL string   `url:"callbackUrl,omitempty"` // optional: receives the outcome, see TranscodeCallbackHandler
	ConvMode    ConvMode `url:"convmode,omitempty"`    // ConvModeVector (default, not sent) or ConvModeImage
}

// TranscodeMediaRequest holds the parameters of media/transcode (spec
// section 5.28). ResourceURL and Name are required. ResourceURL is sent as
// given; see TranscodeDocumentRequest for its encoding and gs_filename.
type TranscodeMediaRequest struct {
	ResourceURL string `url:"resourceUrl"`           // where the server downloads the media file
	CallbackURL string `url:"callbackUrl,omitempty"` // optional: receives the outcome, see TranscodeCallbackHandler
	Name        string `url:"name"`                  // the file's name (文件名称)
}

// TranscodeResult is the answer of courseware/transcode and media/transcode
// (spec sections 5.27 and 5.28): the courseware being made. Transcoding goes
// on after the answer; the callback URL, or ConvertResult in courseware/syn,
// tells when it is done.
type TranscodeResult struct {
	CoursewareID   string `json:"coursewareId"`   // the new courseware's id
	CoursewareCode string `json:"coursewareCode"` // its number (课件编码)
	VisitURL       string `json:"visitUrl"`       // where it is watched
	DocID          int64  `json:"docId"`          // the document's id (courseware/transcode only)
	RecordID       int64  `json:"recordId"`       // the media's id (media/transcode only)
}

// transcodeRules checks what both transcode endpoints share. The spec asks
// nothing of the URLs' form (not even http or https), so they go as given.
func transcodeRules(c *checker, resourceURL, name string) {
	c.required("resourceUrl", resourceURL)
	c.required("name", name)
}

// TranscodeDocument has the server download a document from a URL and
// convert it into a courseware (courseware/transcode, spec section 5.27). It
// answers at once with the new courseware's ids; the conversion goes on,
// and its outcome is posted to CallbackURL when set. A success answer
// without coursewareId is an error matching ErrNoID. Never retried: a second
// try could make a second courseware.
func (s *CoursewareService) TranscodeDocument(ctx context.Context, req *TranscodeDocumentRequest) (*TranscodeResult, error) {
	const path = "/training/courseware/transcode"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	transcodeRules(c, req.ResourceURL, req.Name)
	if req.ConvMode != ConvModeVector && req.ConvMode != ConvModeImage {
		c.fail("convmode", "must be 0 (vector) or 1 (image), got "+strconv.Itoa(int(req.ConvMode)))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return s.transcode(ctx, path, req)
}

// transcode sends a transcode request and reads the answer, which must
// carry the new courseware's id: it is what the callback (gscoursewareId)
// and courseware/syn name the courseware by.
func (s *CoursewareService) transcode(ctx context.Context, path string, req any) (*TranscodeResult, error) {
	res := new(TranscodeResult)
	if err := s.c.do(ctx, path, req, res); err != nil {
		return nil, err
	}
	if res.CoursewareID == "" {
		return nil, missingID(path, "the new courseware's id (coursewareId)")
	}
	return res, nil
}

// TranscodeMedia has the server download a media file from a URL and
// convert it into a courseware (media/transcode, spec section 5.28). It
// answers at once with the new courseware's ids; the conversion goes on,
// and its outcome is posted to CallbackURL when set. A success answer
// without coursewareId is an error matching ErrNoID. Never retried.
func (s *CoursewareService) TranscodeMedia(ctx context.Context, req *TranscodeMediaRequest) (*TranscodeResult, error) {
	const path = "/training/media/transcode"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	transcodeRules(c, req.ResourceURL, req.Name)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return s.transcode(ctx, path, req)
}

type viewCountParam struct {
	ID string `url:"id"`
}

type viewCountResponse struct {
	Total *int `json:"total"` // nil: the answer did not say
}

// ViewCount returns how many times a courseware was watched (观看人次)
// (vod/vodview, spec section 5.38). A success answer without total is an
// error matching ErrNoValue, never 0.
func (s *CoursewareService) ViewCount(ctx context.Context, coursewareID string) (int, error) {
	const path = "/training/vod/vodview"
	c := s.c.check(ctx, path)
	c.required("id", coursewareID)
	if err := c.Err(); err != nil {
		return 0, err
	}
	var resp viewCountResponse
	if err := s.c.do(ctx, path, viewCountParam{coursewareID}, &resp); err != nil {
		return 0, err
	}
	if resp.Total == nil {
		return 0, missingValue(path, "total")
	}
	return *resp.Total, nil
}
