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
//
// at returns the time that places a row in a piece (a zero time: the row
// has none). A row whose time lies outside the piece asked for (a server
// answering a margin beyond it) is not yielded by that piece: it is the
// piece that covers the time that yields it, and a time outside the whole
// window is no piece's. A row without a time is yielded by the piece that
// returned it. at is nil for rows that carry no time at all. Both times zero
// (the last finished session) is one call, and every row it returns is
// yielded.
func windowAll[T any](ctx context.Context, c *Client, path string, opts *ExportOptions, at func(T) time.Time,
	send func(context.Context, *ExportOptions, func(T) bool) error) iter.Seq2[T, error] {
	var o ExportOptions
	if opts != nil {
		o = *opts
	}
	return func(yield func(T, error) bool) {
		var zero T
		if err := windowRefusal(ctx, c, path, opts == nil, o); err != nil {
			yield(zero, err)
			return
		}
		whole := o.StartTime.IsZero() && o.EndTime.IsZero()
		for piece := range windowPieces(o) {
			from, to := piece.StartTime.UnixMilli(), piece.EndTime.UnixMilli()
			stopped := false
			err := send(ctx, &piece, func(r T) bool {
				if !whole && at != nil {
					if t := at(r); !t.IsZero() && (t.UnixMilli() < from || t.UnixMilli() > to) {
						return true // another piece's row (or none's): that piece yields it
					}
				}
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

// windowRefusal checks the options of a window walk when it is ranged over:
// roomId, and both times or neither, the start not after the end (any
// length). A refusal is reported as a call of 0 attempts (Client.refuse),
// as the pieces' own would be.
func windowRefusal(ctx context.Context, c *Client, path string, isNil bool, o ExportOptions) error {
	if isNil {
		return c.nilRequest(ctx, path)
	}
	ch := c.check(ctx, path)
	ch.required("roomId", o.RoomID)
	ch.window(o.StartTime, o.EndTime, time.Duration(math.MaxInt64), "", false)
	return ch.Err()
}

// roomAll is windowAll of a classroom export whose rows of E come under key,
// each placed in its piece by at.
func roomAll[E any](ctx context.Context, s *ExportService, path, key string, opts *ExportOptions, at func(*E) time.Time) iter.Seq2[*E, error] {
	return observeWalk(ctx, s.c, path, func(ctx context.Context) iter.Seq2[*E, error] {
		return windowAll(ctx, s.c, path, opts, at, func(ctx context.Context, o *ExportOptions, each func(*E) bool) error {
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
// A server may answer a piece with a margin of rows beyond it. A row whose
// own time lies outside the piece asked for is not yielded by that piece:
// the piece that covers its time yields it, so a margin never makes a row
// come twice (and a row outside the whole window is not yielded at all).
// The time compared, to the millisecond, is the one the server selects by:
// for attendance the join time, JoinTime (the spec exports the records
// "whose join time is in this range", 加入时间在此区域). A row whose time
// is zero (absent, null or "") cannot be placed and is yielded by the piece
// that returned it. With both times zero (the last finished session) there
// is one call and every row it returns is yielded.
//
// Each row is decoded from the response body as it arrives and yielded at
// once: the walk holds neither the body nor the rows already yielded, so
// that its memory stays small (a few MB) whatever the window's size. An
// error after some rows of a piece (a body cut short, one over the response
// cap, a return code after the list) is yielded after those rows, and a
// piece is retried only before its first row was yielded, so that no row
// comes twice. The client's per-attempt deadline (WithAttemptTimeout) bounds
// each wait for more of the body, never the loop's own work on the rows.
func (s *ExportService) AttendanceAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*Attendance, error] {
	return roomAll(ctx, s, "/training/export/history", "list", opts, func(r *Attendance) time.Time { return r.JoinTime.Time })
}

// QAAll is QA (export/qa, spec section 5.19) over a window of any length,
// walked like AttendanceAll. A question belongs to the piece that covers
// the time it was asked, SubmitTime (not the answer's time).
func (s *ExportService) QAAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*Question, error] {
	return roomAll(ctx, s, "/training/export/qa", "list", opts, func(r *Question) time.Time { return r.SubmitTime.Time })
}

// RollCallsAll is RollCalls (export/rollcall, spec section 5.20) over a
// window of any length, walked like AttendanceAll. A roll call belongs to
// the piece that covers the time it was started, StartTime (the spec
// exports the roll calls "started in this range", 点名发起时间在此区域).
func (s *ExportService) RollCallsAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*RollCall, error] {
	return roomAll(ctx, s, "/training/export/rollcall", "rollcall", opts, func(r *RollCall) time.Time { return r.StartTime.Time })
}

// VotesAll is Votes (export/vote, spec section 5.21) over a window of any
// length, walked like AttendanceAll. A vote carries no time at all, so the
// piece it belongs to cannot be told from the row: instead a vote whose ID
// was already yielded by the walk is not yielded again, so a margin of rows
// beyond a piece never makes one come twice. A vote without an ID is
// yielded by every piece that returns it. The walk keeps the IDs it
// yielded (a few bytes a vote), not the votes.
func (s *ExportService) VotesAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*Vote, error] {
	return observeWalk(ctx, s.c, "/training/export/vote", func(ctx context.Context) iter.Seq2[*Vote, error] {
		seq := windowAll(ctx, s.c, "/training/export/vote", opts, nil,
			func(ctx context.Context, o *ExportOptions, each func(*Vote) bool) error {
				return s.votes(ctx, o, each, nil)
			})
		return func(yield func(*Vote, error) bool) {
			seen := make(map[string]bool)
			for v, err := range seq {
				if err == nil && v.ID != "" {
					if seen[v.ID] {
						continue
					}
					seen[v.ID] = true
				}
				if !yield(v, err) {
					return
				}
			}
		}
	})
}

// ChatAll is Chat (export/chat, spec section 5.26) over a window of any
// length, walked like AttendanceAll. A message belongs to the piece that
// covers the time it was sent, Time.
func (s *ExportService) ChatAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*ChatMessage, error] {
	return roomAll(ctx, s, "/training/export/chat", "list", opts, func(r *ChatMessage) time.Time { return r.Time.Time })
}

// RedPacketsAll is RedPackets (export/redpacket, spec section 5.33) over a
// window of any length, walked like AttendanceAll. A red packet belongs to
// the piece that covers the time it was handed out, IssueTime (the spec
// exports the packets "in this period", 在此时段内).
func (s *ExportService) RedPacketsAll(ctx context.Context, opts *ExportOptions) iter.Seq2[*RedPacket, error] {
	return roomAll(ctx, s, "/training/export/redpacket", "redpacket", opts, func(r *RedPacket) time.Time { return r.IssueTime.Time })
}
