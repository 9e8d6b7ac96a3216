package gensee

import (
	"context"
	"iter"
	"strconv"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// ConvCode is the conversion state of a server-side document (doc/syn's
// convCode, spec section 5.22).
type ConvCode int

// The conversion states of a document.
const (
	ConvCodeSuccess    ConvCode = 0 // converted, ready to use
	ConvCodeFailed     ConvCode = 1 // the conversion failed
	ConvCodeConverting ConvCode = 2 // still converting
)

// String returns "success", "failed", "converting", or "Unknown(N)".
func (c ConvCode) String() string {
	switch c {
	case ConvCodeSuccess:
		return "success"
	case ConvCodeFailed:
		return "failed"
	case ConvCodeConverting:
		return "converting"
	}
	return "Unknown(" + strconv.Itoa(int(c)) + ")"
}

// Doc is a server-side document (服务端文档) as doc/syn lists it (spec
// section 5.22). Its ID is what Docs.Attach and Docs.Detach take.
type Doc struct {
	// ID is the document's id. The spec spells the key "Id"; "id" decodes
	// too (keys match case-insensitively).
	ID          int64    `json:"id"`
	Name        string   `json:"name"`        // the document's name
	Upload      bool     `json:"upload"`      // true: uploaded with CastMaker; false: saved by a live classroom
	CreatedTime Time     `json:"createdTime"` // when the document was created (what SyncOptions filters on)
	ConvCode    ConvCode `json:"convCode"`    // conversion state
}

// Sync returns one page of the site's server-side documents (doc/syn, spec
// section 5.22), 50 a page. opts may be nil: page 1 of every document.
// StartTime and EndTime bound the creation time, inclusive.
func (s *DocService) Sync(ctx context.Context, opts *SyncOptions) (*Page[*Doc], error) {
	return syncPage[*Doc](ctx, s.c, "/training/doc/syn", opts)
}

// SyncAll walks every page of doc/syn from opts.PageNo (spec section 5.22).
// Nothing is sent until the sequence is ranged over; it stops after the last
// page, at the first error (yielded once), or when the loop breaks.
func (s *DocService) SyncAll(ctx context.Context, opts *SyncOptions) iter.Seq2[*Doc, error] {
	return syncAll[*Doc](ctx, s.c, "/training/doc/syn", opts)
}

// docParams is the form of doc/attach and doc/detach.
type docParams struct {
	RoomID string `url:"roomId"`
	DocID  int64  `url:"docId"`
}

func (s *DocService) link(ctx context.Context, path, roomID string, docID int64) error {
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	c.positiveID("docId", docID, "document id")
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, docParams{roomID, docID}, nil)
}

// Attach assigns a server-side document to a classroom (doc/attach, spec
// section 5.23): once the class is open, the client shows it.
func (s *DocService) Attach(ctx context.Context, roomID string, docID int64) error {
	return s.link(ctx, "/training/doc/attach", roomID, docID)
}

// Detach takes a server-side document off a classroom (doc/detach, spec
// section 5.24), unlinking it without deleting it.
func (s *DocService) Detach(ctx context.Context, roomID string, docID int64) error {
	return s.link(ctx, "/training/doc/detach", roomID, docID)
}
