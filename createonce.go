package gensee

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// createOnceSkew is how far apart CreateOnce allows the caller's clock and
// the server's to be: a classroom with the subject that room/sync shows as
// created less than this before the call began still counts as this call's
// (the server's clock may be behind the caller's), and the China-time days
// looked up are those from this much before the call began to this much
// after the lookup.
const createOnceSkew = time.Minute

// CreateOnce creates a live classroom (room/created, spec section 5.1) like
// Create, so that a lost answer never leaves the caller guessing whether
// the classroom exists.
//
// When the create's answer is lost (an error matching ErrOutcomeUnknown: a
// timeout or a reset after the request went out, a 5xx or 408 page without
// the envelope), the classroom may or may not have been created. CreateOnce
// then looks the subject up among the classrooms created on the China-time
// (UTC+8) days the call spans (room/sync, spec section 5.54, one day at a
// time):
//
//   - a classroom with that subject created since the call began (or less
//     than a minute before it: the server's clock may be behind the
//     caller's) is the one this call created: CreateOnce reads it
//     (room/info, spec section 5.4) and returns it. Should that read fail,
//     the *Room returned holds what room/sync lists (id, number, subject,
//     tokens, join URLs, start date, web and client joins, action and
//     duration) and no error: the classroom exists and is this call's;
//   - a classroom with that subject created before the call began is not
//     this call's, and never returned: the subject was taken, so the
//     create was refused, and the error matches ErrDuplicate (and not
//     ErrOutcomeUnknown);
//   - no classroom with that subject: the create was not applied, and it is
//     sent again, once. When the answer to that second create is lost too,
//     or is a 502 (ErrDuplicate: the first create may have been applied
//     after all, late), the subject is looked up once more, with the same
//     rules; when that finds nothing, the second create's error is
//     returned.
//
// When room/sync itself fails (or the context ends during the lookup), the
// answer is the create's ErrOutcomeUnknown joined (errors.Join) with the
// lookup's error, so that errors.Is matches both: never a guess. The
// lookup needs time of its own: when the caller's context is what cut the
// create short, nothing can be looked up and that joined error is the
// answer. Give the call a context longer than the client's attempt
// deadline (WithAttemptTimeout), so that a create that hangs is given up
// by the attempt deadline while the context still has room for the lookup.
//
// Every other outcome of the first create is returned as Create returns it:
// the room, a *ValidationError, ErrNotSent, or the server's answer (a 502
// on the first create is someone else's classroom: ErrDuplicate).
//
// This works because a site refuses a second classroom with a subject it
// already has (502, ErrDuplicate): subjects must be unique per site, and
// CreateOnce relies on it. Give every classroom a subject of its own (a
// course name with a date, or an id of your own in it). A classroom
// created less than a minute before the call began, with the same
// subject, is taken for this call's: an earlier CreateOnce of the same
// request that the caller gave up on, say; and two calls with the same
// subject at the same time may both return the one classroom. The days
// looked up run from a minute before the call began to a minute after the
// lookup, in China time (room/sync lists the classrooms created on one day).
//
// Only classrooms have CreateOnce. Dual-teacher classrooms (famousroom/
// created) and mini classrooms (miniroom/created) have none: the spec does
// not say that their subjects must be unique (so a 502 proves nothing and
// a subject may name several of them), and no endpoint lists them by
// subject and creation time (famousroom/info reads one by id; miniroom/syn
// lists statistics by id, with neither subject nor creation time). A lost
// answer to those creates stays ErrOutcomeUnknown.
func (s *RoomService) CreateOnce(ctx context.Context, req *CreateRoomRequest) (*Room, error) {
	began := time.Now()
	room, err := s.Create(ctx, req)
	if !errors.Is(err, ErrOutcomeUnknown) {
		return room, err // created, or refused, or not sent: no doubt
	}
	lost := err // the original lost answer, joined to a failed lookup
	for sent := 1; ; sent++ {
		ours, older, lerr := s.createdSince(ctx, req.Subject, began)
		switch {
		case lerr != nil:
			return nil, errors.Join(lost, lerr)
		case ours != nil:
			return s.createdRoom(ctx, ours), nil
		case older != nil:
			if errors.Is(err, ErrDuplicate) {
				return nil, err // the server's own 502
			}
			return nil, &takenError{subject: req.Subject, roomID: older.RoomID, created: older.CreateTime.Time}
		case sent == 2:
			return nil, err
		}
		room, err = s.Create(ctx, req)
		if err == nil || !(errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, ErrDuplicate)) {
			return room, err
		}
	}
}

// createdSince looks subject up through room/sync on every China-time day
// from began-createOnceSkew to now+createOnceSkew. It returns the classroom
// created since then (ours), else one created before (older); neither when
// no classroom has the subject. A classroom listed without its creation
// time cannot be placed: that is an error, as is a failed room/sync.
func (s *RoomService) createdSince(ctx context.Context, subject string, began time.Time) (ours, older *RoomSummary, err error) {
	since := began.Add(-createOnceSkew)
	first := DateOf(since.In(chinaZone))
	last := DateOf(time.Now().Add(createOnceSkew).In(chinaZone))
	for day := first; day.DaysUntil(last) >= 0; day = day.AddDays(1) {
		for r, err := range s.SyncAll(ctx, &RoomSyncOptions{CreateTime: day}) {
			if err != nil {
				return nil, nil, fmt.Errorf("gensee: looking subject %q up through /training/room/sync (%s): %w", subject, day, err)
			}
			if r.Subject != subject {
				continue
			}
			switch {
			case r.CreateTime.IsZero():
				return nil, nil, fmt.Errorf("gensee: /training/room/sync lists classroom %s with subject %q but not its creation time: whether this call created it cannot be told", r.RoomID, subject)
			case r.CreateTime.Before(since):
				older = r
			default:
				return r, nil, nil
			}
		}
	}
	return nil, older, nil
}

// createdRoom reads the classroom found by createdSince (room/info); when
// the read fails it returns what room/sync listed.
func (s *RoomService) createdRoom(ctx context.Context, r *RoomSummary) *Room {
	if room, err := s.Get(ctx, r.RoomID); err == nil {
		if room.Subject == "" {
			room.Subject = r.Subject
		}
		return room
	}
	return &Room{
		ID: r.RoomID, Number: r.Code, Subject: r.Subject,
		TeacherToken: r.TeacherToken, AssistantToken: r.AssistantToken,
		StudentToken: r.StudentWebToken, StudentClientToken: r.StudentClientToken,
		TeacherJoinURL: r.TeacherJoinURL, StudentJoinURL: r.StudentJoinURL,
		StartDate: r.BeginTime,
		// loginType lists client (1), web (2), client and web (3).
		ClientJoin: r.LoginType == 1 || r.LoginType == 3,
		WebJoin:    r.LoginType == 2 || r.LoginType == 3,
		Action:     r.Action, Duration: r.Duration,
	}
}

// takenError is CreateOnce's answer when the create's answer was lost and
// room/sync shows the subject taken by a classroom created before the call:
// the create was refused as a duplicate. It matches ErrDuplicate.
type takenError struct {
	subject string
	roomID  string
	created time.Time
}

func (e *takenError) Error() string {
	return fmt.Sprintf("gensee: /training/room/created: 502 duplicate: the answer was lost, and room/sync shows subject %q taken by classroom %s, created %s, before this call",
		e.subject, e.roomID, e.created.In(chinaZone).Format("2006-01-02 15:04:05 MST"))
}

// Is reports whether target is ErrDuplicate.
func (e *takenError) Is(target error) bool { return target == ErrDuplicate }
