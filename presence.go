package gensee

import (
	"strconv"
	"time"
)

// PresencePoint is one step of Presence: how many distinct users were in
// the classroom at some moment of [Time, Time+step).
type PresencePoint struct {
	Time  time.Time // the start of the step
	Count int       // distinct users present during the step
}

// Presence turns attendance rows (export/history, spec section 5.18) into
// the number of users present step by step, such as minute by minute with
// step time.Minute: the curve of a class, from the first join to the last
// leave. It sends nothing; the gensee command's "exports attendance
// --chart" draws it.
//
// A user counts once in a step however many of their sessions overlap it
// (a student who rejoins from a phone while the laptop is still connected
// is one student). Users are told apart by UID, or by Name and Nickname
// when the UID is 0. A session counts in every step it overlaps; one that
// joins and leaves within a step counts in that step.
//
// Rows without a join time are left out. A row without a leave time (the
// user had not left when the export was made, or the server lost it) counts
// as present until the latest join or leave time of all rows; a row whose
// leave time comes before its join time counts in its join step only.
// Steps start at the first join time truncated to step (time.Time.Truncate,
// that is in UTC: whole minutes and hours line up with China time too). No
// rows, or a step below one second, give nil.
func Presence(rows []*Attendance, step time.Duration) []PresencePoint {
	if step < time.Second {
		return nil
	}
	type span struct {
		user       string
		join, left time.Time
	}
	var spans []span
	var first, last time.Time
	for _, r := range rows {
		if r == nil || r.JoinTime.IsZero() {
			continue
		}
		if first.IsZero() || r.JoinTime.Before(first) {
			first = r.JoinTime.Time
		}
		last = maxTime(last, r.JoinTime.Time)
		if !r.LeaveTime.IsZero() {
			last = maxTime(last, r.LeaveTime.Time)
		}
	}
	if first.IsZero() {
		return nil
	}
	for _, r := range rows {
		if r == nil || r.JoinTime.IsZero() {
			continue
		}
		left := r.LeaveTime.Time
		switch {
		case left.IsZero():
			left = last
		case left.Before(r.JoinTime.Time):
			left = r.JoinTime.Time
		}
		user := "u" + strconv.FormatInt(r.UID, 10)
		if r.UID == 0 {
			user = "n" + r.Name + "\x00" + r.Nickname
		}
		spans = append(spans, span{user, r.JoinTime.Time, left})
	}
	start := first.Truncate(step)
	n := int(last.Sub(start)/step) + 1
	points := make([]PresencePoint, n)
	present := make([]map[string]bool, n)
	for i := range points {
		points[i].Time = start.Add(time.Duration(i) * step).In(first.Location())
	}
	for _, s := range spans {
		from := int(s.join.Sub(start) / step)
		to := int(s.left.Sub(start) / step)
		if s.left.After(s.join) && s.left.Sub(start)%step == 0 {
			to-- // leaving at the very start of a step is not being in it
		}
		for i := from; i <= min(to, n-1); i++ {
			if present[i] == nil {
				present[i] = map[string]bool{}
			}
			present[i][s.user] = true
		}
	}
	for i := range points {
		points[i].Count = len(present[i])
	}
	return points
}

func maxTime(a, b time.Time) time.Time {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}
