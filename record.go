package gensee

import (
	"context"
	"iter"
	"strconv"

	"github.com/gensee-go/gensee/internal/form"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// Record is a recording (录制件) as record/syn lists it (spec section 5.10):
// what a classroom recorded online, or what was uploaded. Its ID is what
// Warmups.Create, Records.Choose and Records.Remove take as recordId.
type Record struct {
	// ID is the recording's id. The spec types it String; real sites send a
	// JSON number (1656282), and the calls that take it back (recordId,
	// grId) want a number: it decodes from either form into an int64.
	ID              int64  `json:"id"`
	Name            string `json:"name"`            // the recording's name
	RecordStartTime Time   `json:"recordStartTime"` // when the online recording started
	RecordEndTime   Time   `json:"recordEndTime"`   // when the online recording ended
	CreatedTime     Time   `json:"createdTime"`     // when the recording was created (what SyncOptions filters on)
	Size            int64  `json:"size"`            // storage size in bytes
	RoomID          string `json:"roomId"`          // the classroom that recorded it
	Duration        int64  `json:"duration"`        // content length in milliseconds
	Creator         int64  `json:"creator"`         // the user id of who recorded or uploaded it
}

// Sync returns one page of the site's recordings (record/syn, spec section
// 5.10), 50 a page. opts may be nil: page 1 of every recording. StartTime and
// EndTime bound the creation time, inclusive. New recordings appear about a
// minute after a class ends.
func (s *RecordService) Sync(ctx context.Context, opts *SyncOptions) (*Page[*Record], error) {
	return syncPage[*Record](ctx, s.c, "/training/record/syn", opts)
}

// SyncAll walks every page of record/syn from opts.PageNo (spec section
// 5.10). Nothing is sent until the sequence is ranged over; it stops after
// the last page, at the first error (yielded once), or when the loop breaks.
func (s *RecordService) SyncAll(ctx context.Context, opts *SyncOptions) iter.Seq2[*Record, error] {
	return syncAll[*Record](ctx, s.c, "/training/record/syn", opts)
}

// recordListParams is the form of record/choose and record/remove.
type recordListParams struct {
	RoomID   string         `url:"roomId"`
	RecordID form.Int64List `url:"recordId,omitempty"`
}

// insertPlay checks roomID and the ids, drops repeated ids (keeping the
// first of each, in order) and sends them as recordId[0]=…&recordId[1]=….
func (s *RecordService) insertPlay(ctx context.Context, path, roomID string, ids []int64) error {
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if len(ids) == 0 {
		c.fail("recordId", "needs at least one recording id")
	}
	for i, id := range ids {
		c.positiveID("recordId["+strconv.Itoa(i)+"]", id, "recording id")
	}
	if err := c.Err(); err != nil {
		return err
	}
	seen := make(map[int64]bool, len(ids))
	unique := make(form.Int64List, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	return s.c.do(ctx, path, &recordListParams{RoomID: roomID, RecordID: unique}, nil)
}

// Choose sets one or more recordings as insert-play sources (插播) of a
// classroom (record/choose, spec section 5.16): once the class is open, the
// client can broadcast them to the web attendees. At least one id is needed;
// the server does not check for repeated ids, so they are dropped here
// before sending, the first of each kept in order.
func (s *RecordService) Choose(ctx context.Context, roomID string, recordIDs ...int64) error {
	return s.insertPlay(ctx, "/training/record/choose", roomID, recordIDs)
}

// Remove takes recordings off a classroom's insert-play sources
// (record/remove, spec section 5.17), unlinking them from the room without
// deleting them. At least one id is needed; repeated ids are dropped before
// sending, as in Choose.
func (s *RecordService) Remove(ctx context.Context, roomID string, recordIDs ...int64) error {
	return s.insertPlay(ctx, "/training/record/remove", roomID, recordIDs)
}

// grIDParam is the form of gr/delete.
type grIDParam struct {
	GrID int64 `url:"grId"`
}

// Delete deletes one recording (gr/delete, spec section 5.43). The server
// deletes with it everything made from it: its on-demand courseware (VOD),
// its insert-play (插播) assignments and the warm-up items (暖场件) built on
// it. It cannot be undone. grID is the recording's id: Record.ID as a
// number, or the grId that courseware/syn lists.
func (s *RecordService) Delete(ctx context.Context, grID int64) error {
	const path = "/training/gr/delete"
	c := s.c.check(ctx, path)
	c.positiveID("grId", grID, "recording id")
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, grIDParam{grID}, nil)
}
