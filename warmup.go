package gensee

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// WarmupMode is the player layout of a warm-up item (mode of warmup/created
// and warmup/modify, spec sections 5.12 and 5.13).
type WarmupMode int

// The player layouts of a warm-up item.
const (
	WarmupModeThreePane  WarmupMode = 1 // 三分屏: three panes (the server's default)
	WarmupModeDocOrVideo WarmupMode = 2 // 文档/视频为主: the document or the video as the main view
	WarmupModeTwoPane    WarmupMode = 3 // 两分屏: two panes
)

// String returns "three-pane", "doc-or-video", "two-pane", or "Unknown(N)".
func (m WarmupMode) String() string {
	switch m {
	case WarmupModeThreePane:
		return "three-pane"
	case WarmupModeDocOrVideo:
		return "doc-or-video"
	case WarmupModeTwoPane:
		return "two-pane"
	}
	return "Unknown(" + strconv.Itoa(int(m)) + ")"
}

// EncodeValues sends the mode as its number (the form encoder calls it;
// without it the encoder would send String's text).
func (m WarmupMode) EncodeValues(key string, v *url.Values) error {
	v.Set(key, strconv.Itoa(int(m)))
	return nil
}

// CreateWarmupRequest holds the parameters of warmup/created (spec section
// 5.12). Name and RecordID are required.
type CreateWarmupRequest struct {
	Name     string     `url:"name"`           // the warm-up item's name
	RecordID int64      `url:"recordId"`       // the recording it plays (Record.ID)
	Mode     WarmupMode `url:"mode,omitempty"` // player layout; zero is not sent (the server uses WarmupModeThreePane)
}

// ModifyWarmupRequest holds the parameters of warmup/modify (spec section
// 5.13). ID is required; the zero value of every other field is not sent and
// leaves the setting as it is.
type ModifyWarmupRequest struct {
	ID       string `url:"id"`                 // the warm-up item's id (32 hex digits)
	Name     string `url:"name,omitempty"`     // a new name
	RecordID int64  `url:"recordId,omitempty"` // another recording to play
	Mode     *int   `url:"mode,omitempty"`     // a new player layout: 1, 2 or 3 (the WarmupMode… constants)
}

// Warmup is a warm-up item (暖场件) as warmup/created returns it (spec
// section 5.12): a recording shown to attendees before the class starts.
type Warmup struct {
	ID       string     `json:"id"`       // the warm-up item's id, 32 hex digits on real sites
	Name     string     `json:"name"`     // its name
	RecordID int64      `json:"recordId"` // the recording it plays
	Mode     WarmupMode `json:"mode"`     // its player layout
}

// Create creates a warm-up item from a recording (warmup/created, spec
// section 5.12) and returns it with its id, which Attach takes. A success
// answer without the id is an error matching ErrNoID. Never retried: a
// second try could make a second item.
func (s *WarmupService) Create(ctx context.Context, req *CreateWarmupRequest) (*Warmup, error) {
	const path = "/training/warmup/created"
	if req == nil {
		return nil, s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.required("name", req.Name)
	c.positiveID("recordId", req.RecordID, "recording id")
	if req.Mode != 0 { // zero: not sent
		c.warmupMode(Ptr(int(req.Mode)))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	w := new(Warmup)
	if err := s.c.do(ctx, path, req, w); err != nil {
		return nil, err
	}
	if w.ID == "" {
		return nil, missingID(path, "the new warm-up item's id")
	}
	return w, nil
}

// Modify changes a warm-up item's name, recording or player layout
// (warmup/modify, spec section 5.13). Fields left at their zero value are
// not sent and keep their setting.
func (s *WarmupService) Modify(ctx context.Context, req *ModifyWarmupRequest) error {
	const path = "/training/warmup/modify"
	if req == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.required("id", req.ID)
	if req.Name != "" && strings.TrimSpace(req.Name) == "" {
		c.fail("name", "must not be blank")
	}
	if req.RecordID != 0 { // zero: not sent, the recording stays
		c.positiveID("recordId", req.RecordID, "recording id")
	}
	c.warmupMode(req.Mode)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, req, nil)
}

// warmupParams is the form of warmup/attach and warmup/detach.
type warmupParams struct {
	RoomID   string `url:"roomId"`
	WarmupID string `url:"warmupId"`
}

func (s *WarmupService) link(ctx context.Context, path, roomID, warmupID string) error {
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	c.required("warmupId", warmupID)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, warmupParams{roomID, warmupID}, nil)
}

// Attach makes a warm-up item the one a classroom shows before its class
// starts (warmup/attach, spec section 5.14). A classroom has one warm-up
// item.
func (s *WarmupService) Attach(ctx context.Context, roomID, warmupID string) error {
	return s.link(ctx, "/training/warmup/attach", roomID, warmupID)
}

// Detach takes the warm-up item off a classroom (warmup/detach, spec section
// 5.15). The spec lists warmupId as required, so it is required here, but
// the server does not check it against the room's item: a classroom has
// only one, and that one is removed.
func (s *WarmupService) Detach(ctx context.Context, roomID, warmupID string) error {
	return s.link(ctx, "/training/warmup/detach", roomID, warmupID)
}

// warmupMode: the player layouts of warmup/created and warmup/modify.
func (c *checker) warmupMode(v *int) {
	c.oneOf("mode", v, int(WarmupModeThreePane), int(WarmupModeDocOrVideo), int(WarmupModeTwoPane))
}
