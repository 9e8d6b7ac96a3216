package gensee

import (
	"context"
	"iter"
	"math"
	"time"
)

// windowAll walks opts's window with send, which makes one call of a piece
// and hands each row to its receiver as it is decoded from the body. Nothing
// is sent until the sequence is ranged over; it stops at the first error
// (yielded once, after the rows read before it), or when the loop breaks.
// Neither a body nor earlier rows are held: each row is yielded as it comes.
func windowAll[T any](ctx context.Context, path string, opts *ExportOptions,
	send func(context.Context, *ExportOptions, func(T) bool) error) iter.Seq2[T, error] {
	var o ExportOptions
	var err error
	if opts == nil {
		err = nilRequest(path)
	} else {
		o = *opts
		c := check(path)
		c.required("roomId", o.RoomID)
		c.window(o.StartTime, o.EndTime, time.Duration(math.MaxInt64), "", false)
		err = c.Err()
	}
	return func(yield func(T, error) bool) {
		var zero T
		if err != nil {
			yield(zero, err)
			return
		}
		for piece := range windowPieces(o) {
			stopped := false
			err := send(ctx, &piece, func(r T) bool {
				if !yield(r, nil) {
					stopped = true
					return false
				}
				return true
			})
			if stopped {
				return
			}
			if err != nil {
				yield(zero, err)
				return
			}
		}
	}
}

// roomAll is windowAll of a classroom export whose rows of E come under key.
func roomAll[E any](ctx context.Context, s *ExportService, path, key string, opts *ExportOptions) iter.Seq2[*E, error] {
	return observeWalk(ctx, s.c, path, func(ctx context.Context) iter.Seq2[*E, error] {
		return windowAll(ctx, path, opts, func(ctx context.Context, o *ExportOptions, each func(*E) bool) error {
			return roomRows(ctx, s, path, key, o, each, nil)
		})
	})
}

// windowPieces yields the options of each call: o itself when both times
// are zero (the last finished session), else the 7-day pieces of the
// window.
func windowPieces(o ExportOptions) iter.Seq[ExportOptions] {
	return func(yield func(ExportOptions) bool) {
		if o.StartTime.IsZero() && o.EndTime.IsZero() {
			yield(o)
			return
		}
		start := time.UnixMilli(o.StartTime.UnixMilli())
		end := time.UnixMilli(o.EndTime.UnixMilli())
		for !start.After(end) {
			pieceEnd := start.Add(exportWindow)
			if pieceEnd.After(end) {
				pieceEnd = end
			}
			p := o
			p.StartTime, p.EndTime = start, pieceEnd
			if !yield(p) {
				return
			}
			start = pieceEnd.Add(time.Millisecond)
		}
	}
}

// AttendanceAll is Attendance (export/history, spec section 5.18) over a
// window of any length. With both times zero it is one call for the last
// finished session. One time without the other, or an end before the
// start, is a *ValidationError, yielded once. Nothing is sent until the
// sequence is ranged over; it stops at the first error (yielded once) or
// when the loop breaks.
//
// The …All exports take an export window of any length. The server
// takes at most 7 days per call, and its endTime is inclusive: export/chat
// says so in words (聊天数据小等于结束时间, "chat data at or before the end
// time", spec section 5.26), and export/history, qa, rollcall, vote and
// redpacket export the records whose time is "in this range" (在此区域, in
// this period: sections 5.18-5.21 and 5.33) of the start and end time, both
// included, as the syn endpoints spell out (大于等于startTime, 小于等于endTime,
// section 3.3).
//
// So the window [StartTime, EndTime] is walked in consecutive pieces of
// 7 days from StartTime forward, each piece ending 1 millisecond (the
// resolution of the times on the wire) before the next one starts: a row
// at a boundary comes once, and none is lost. Sub-millisecond parts of the
// times are dropped, as on the wire. One piece is asked for at a time, and
// its rows are yielded before the next is asked for.
//
// Each row is decoded from the response body as it arrives and yielded at
// once: the walk holds neither the body nor the rows already yielded, so
// that its memory stays small (a few MB) whatever the window's size. An
// error after some rows of a piece (a body cut short, one over the response
// cap, a return code after the list) is yielded after those rows, and a
// piece is retried only before its first row was yielded, so that no row
// comes twice. The client's per-attempt timeout (see NewClient) covers the
// whole body, the loop's own work on the rows included.
func (s *ExportService) AttendanceAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*Attendance, error] {
	return roomAll[Attendance](ctx, s, "/training/export/history", "list", opts)
}

// QAAll is QA (export/qa, spec section 5.19) over a window of any length,
// walked like AttendanceAll.
func (s *ExportService) QAAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*Question, error] {
	return roomAll[Question](ctx, s, "/training/export/qa", "list", opts)
}

// RollCallsAll is RollCalls (export/rollcall, spec section 5.20) over a
// window of any length, walked like AttendanceAll.
func (s *ExportService) RollCallsAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*RollCall, error] {
	return roomAll[RollCall](ctx, s, "/training/export/rollcall", "rollcall", opts)
}

// VotesAll is Votes (export/vote, spec section 5.21) over a window of any
// length, walked like AttendanceAll.
func (s *ExportService) VotesAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*Vote, error] {
	return observeWalk(ctx, s.c, "/training/export/vote", func(ctx context.Context) iter.Seq2[*Vote, error] {
		return windowAll(ctx, "/training/export/vote", opts,
			func(ctx context.Context, o *ExportOptions, each func(*Vote) bool) error {
				return s.votes(ctx, o, each, nil)
			})
	})
}

// ChatAll is Chat (export/chat, spec section 5.26) over a window of any
// length, walked like AttendanceAll.
func (s *ExportService) ChatAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*ChatMessage, error] {
	return roomAll[ChatMessage](ctx, s, "/training/export/chat", "list", opts)
}

// RedPacketsAll is RedPackets (export/redpacket, spec section 5.33) over a
// window of any length, walked like AttendanceAll.
func (s *ExportService) RedPacketsAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*RedPacket, error] {
	return roomAll[RedPacket](ctx, s, "/training/export/redpacket", "redpacket", opts)
}
