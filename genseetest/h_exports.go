package genseetest

import (
	"strconv"
	"time"
)

const (
	week  = 7 * 24 * time.Hour
	month = 30 * 24 * time.Hour
)

// window reads startTime and endTime: both or neither, end not before
// start, at most max apart.
func (p *params) window(max time.Duration, required bool) (from, to time.Time, given bool) {
	from, hasFrom := p.timeParam("startTime", required, false)
	to, hasTo := p.timeParam("endTime", required, false)
	if p.err != nil {
		return
	}
	p.check(hasFrom == hasTo, "startTime and endTime go together")
	if hasFrom && hasTo {
		p.check(!to.Before(from), "endTime is before startTime")
		p.check(to.Sub(from) <= max, "startTime and endTime are more than %d days apart", int(max/(24*time.Hour)))
	}
	return from, to, hasFrom && hasTo
}

// roomExport reads the parameters of a room export and returns the room id
// and the test of a record's time: within the window when one was given,
// else within the room's last finished session (any time when the room has
// no sessions).
func (s *Server) roomExport(p *params) (string, func(time.Time) bool, error) {
	id := p.reqStr("roomId")
	from, to, given := p.window(week, false)
	if p.err != nil {
		return "", nil, p.err
	}
	if _, err := s.liveRoomLocked(id); err != nil {
		return "", nil, err
	}
	if given {
		return id, func(t time.Time) bool { return !t.Before(from) && !t.After(to) }, nil
	}
	var last *Session
	seen := false
	now := s.now()
	for i, sess := range s.st.sessions {
		if sess.RoomID != id {
			continue
		}
		seen = true
		if sess.EndTime.After(now) {
			continue
		}
		if last == nil || sess.EndTime.After(last.EndTime) {
			last = &s.st.sessions[i]
		}
	}
	switch {
	case !seen:
		return id, func(time.Time) bool { return true }, nil
	case last == nil:
		return id, func(time.Time) bool { return false }, nil
	}
	a, b := last.StartTime, last.EndTime
	return id, func(t time.Time) bool { return !t.Before(a) && !t.After(b) }, nil
}

// roomExportOf answers a room export: the records of recs that at places
// in the room and in the window (or session) the request names, each
// written by write, as a list under key; a paged export (export/medal,
// export/praise, export/praise/detail) answers one page of them with its
// page object.
func roomExportOf[T any](s *Server, p *params, key string, recs []T, at func(T) (string, time.Time), write func(T) obj) (obj, error) {
	paged := pagedExports[key]
	pageNo, _ := p.optInt("pageNo")
	id, in, err := s.roomExport(p)
	if err != nil {
		return nil, err
	}
	var out []T
	for _, r := range recs {
		if rid, t := at(r); rid == id && in(t) {
			out = append(out, r)
		}
	}
	if !paged {
		return obj{key: list(out, write)}, nil
	}
	items, pg := page(out, pageNo, s.cfg.pageSize)
	return obj{key: list(items, write), "page": pg}, nil
}

// pagedExports are the list keys of the room exports that are paged.
var pagedExports = map[string]bool{"medalDtos": true, "praiseDtos": true}

func exportHistory(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "list", s.st.attendance, func(r AttendanceRecord) (string, time.Time) { return r.RoomID, r.JoinTime },
		func(r AttendanceRecord) obj {
			o := timed(obj{"uid": r.UserID, "nickname": r.Nickname, "name": r.Name, "area": r.Area, "device": r.Device,
				"ip": r.IP, "mobile": r.Mobile, "company": r.Company}, map[string]time.Time{"joinTime": r.JoinTime, "leaveTime": r.LeaveTime})
			if r.IDCID != "" {
				o["idcid"] = r.IDCID
				o["foreignHighLine"] = r.ForeignHighLine
			}
			return o
		})
}

func exportQA(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "list", s.st.qa, func(r QARecord) (string, time.Time) { return r.RoomID, r.SubmitTime },
		func(r QARecord) obj {
			return timed(obj{"submitter": r.SubmitterID, "published": boolStr(r.Published), "name": r.Name,
				"answerBy": r.AnswererID, "question": r.Question, "response": r.Response},
				map[string]time.Time{"submitTime": r.SubmitTime, "answerTime": r.AnswerTime})
		})
}

func exportRollcall(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "rollcall", s.st.rollcalls, func(r RollCallRecord) (string, time.Time) { return r.RoomID, r.StartTime },
		func(r RollCallRecord) obj {
			present := 0
			for _, u := range r.Users {
				if u.Present {
					present++
				}
			}
			return timed(obj{"id": r.ID, "total": len(r.Users), "present": present, "absent": len(r.Users) - present,
				"users": list(r.Users, func(u RollCallUser) obj {
					return obj{"id": u.UserID, "name": u.Name, "present": u.Present}
				})}, map[string]time.Time{"startTime": r.StartTime, "endTime": r.EndTime})
		})
}

func exportVote(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "list", s.st.votes, func(r VoteRecord) (string, time.Time) { return r.RoomID, r.StartTime },
		func(v VoteRecord) obj {
			return obj{"id": v.ID, "subject": v.Subject, "type": v.Type, "questions": list(v.Questions, voteQuestion)}
		})
}

// voteQuestion writes a question in the spec table's shape, which nests
// type and results in each option: an option carries the question's type
// and the answers that chose it. A question whose answers do not all name
// one of its options (a text question, several choices in one answer) is
// written with type and results at the question level instead, so that no
// answer is lost.
func voteQuestion(q VoteQuestion) obj {
	o := obj{"id": q.ID, "content": q.Content, "answer": q.Answer}
	result := func(r VoteResult) obj { return obj{"nickName": r.Nickname, "uid": r.UserID, "content": r.Content} }
	byOption := map[string][]VoteResult{}
	nested := len(q.Options) > 0
	for _, r := range q.Results {
		matched := false
		for _, opt := range q.Options {
			if r.Content == opt.Value {
				byOption[opt.Value] = append(byOption[opt.Value], r)
				matched = true
				break
			}
		}
		nested = nested && matched
	}
	o["options"] = list(q.Options, func(opt VoteOption) obj {
		w := obj{"value": opt.Value, "precentage": opt.Percentage, "result": opt.Result}
		if nested {
			w["type"] = q.Type
			w["results"] = list(byOption[opt.Value], result)
		}
		return w
	})
	if !nested {
		o["type"] = q.Type
		o["results"] = list(q.Results, result)
	}
	return o
}

func exportChat(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "list", s.st.chats, func(r ChatRecord) (string, time.Time) { return r.RoomID, r.SentTime },
		func(r ChatRecord) obj {
			return obj{"time": ms(r.SentTime), "sender": r.Sender, "senderId": r.SenderID, "msg": r.Msg}
		})
}

func exportRedpacket(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "redpacket", s.st.redpackets, func(r RedPacketRecord) (string, time.Time) { return r.RoomID, r.IssueTime },
		func(r RedPacketRecord) obj {
			return timed(obj{"userName": r.UserName, "type": r.Type, "amount": r.Amount, "number": r.Number,
				"receiveAmount": r.ReceiveAmount, "receiveNumber": r.ReceiveNumber,
				"users": list(r.Users, func(u RedPacketUser) obj {
					return obj{"userId": u.UserID, "userName": u.UserName, "receiveTime": ms(u.ReceiveTime), "amount": u.Amount}
				})}, map[string]time.Time{"issueTime": r.IssueTime})
		})
}

func exportMedal(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "medalDtos", s.st.medals, func(r MedalRecord) (string, time.Time) { return r.RoomID, r.RoomStartTime },
		func(r MedalRecord) obj { return userCount(r.UserName, r.UserID, r.Count, r.RoomStartTime) })
}

func exportPraise(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "praiseDtos", s.st.praises, func(r PraiseRecord) (string, time.Time) { return r.RoomID, r.RoomStartTime },
		func(r PraiseRecord) obj { return userCount(r.UserName, r.UserID, r.Count, r.RoomStartTime) })
}

// userCount writes a line of export/medal or export/praise.
func userCount(name string, id int64, count int, roomStart time.Time) obj {
	return obj{"userName": name, "userId": id, "count": count, "roomStartTime": ms(roomStart)}
}

func exportPraiseDetail(s *Server, p *params) (obj, error) {
	return roomExportOf(s, p, "praiseDtos", s.st.praiseDetail, func(r PraiseDetailRecord) (string, time.Time) { return r.RoomID, r.ActionTime },
		func(r PraiseDetailRecord) obj {
			return obj{"userId": r.UserID, "userName": r.UserName, "actionTime": ms(r.ActionTime),
				"targetUserId": r.TargetUserID, "targetUserName": r.TargetUserName}
		})
}

func exportStudyHistory(s *Server, p *params) (obj, error) {
	pageNo, _ := p.optInt("pageNo")
	day, _ := p.timeParam("date", true, true)
	hour, hasHour := p.optInt("hour")
	byJoin, hasSync := p.optBool("joinTimeSync")
	if p.err != nil {
		return nil, p.err
	}
	p.check(!hasHour || between(hour, 0, 23), "hour must be 0-23")
	if p.err != nil {
		return nil, p.err
	}
	if !hasSync {
		byJoin = true
	}
	y, m, d := day.In(chinaTime).Date()
	var recs []StudyRecord
	for _, r := range s.st.study {
		t := r.JoinTime
		if !byJoin {
			t = r.LeaveTime
		}
		t = t.In(chinaTime)
		ry, rm, rd := t.Date()
		if ry != y || rm != m || rd != d || (hasHour && t.Hour() != hour) {
			continue
		}
		recs = append(recs, r)
	}
	items, pg := page(recs, pageNo, s.cfg.pageSize)
	out := obj{"list": list(items, func(r StudyRecord) obj {
		dur := r.Duration
		if dur == "" && r.LeaveTime.After(r.JoinTime) {
			dur = strconv.FormatInt(int64(r.LeaveTime.Sub(r.JoinTime)/time.Second), 10)
		}
		o := obj{"id": r.CoursewareID, "uid": strconv.FormatInt(r.UserID, 10), "name": r.Name,
			"duration": dur, "area": r.Area, "device": r.Device, "ip": r.IP}
		setTime(o, "startTime", r.JoinTime)
		setTime(o, "leaveTime", r.LeaveTime)
		return o
	})}
	out["page"] = pg // nested, as real sites send it (docs/server-behaviour.md#paging), though the spec's table shows it flat
	return out, nil
}

func exportRoomUsage(s *Server, p *params) (obj, error) {
	id := p.str("roomId")
	from, to, _ := p.window(week, true)
	if p.err != nil {
		return nil, p.err
	}
	if id != "" {
		if _, err := s.liveRoomLocked(id); err != nil {
			return nil, err
		}
	}
	var out []any
	for _, sess := range s.st.sessions {
		r := s.st.rooms[sess.RoomID]
		if r == nil || (id != "" && sess.RoomID != id) || sess.EndTime.Before(from) || sess.EndTime.After(to) {
			continue
		}
		o := obj{"id": r.id, "subject": r.subject, "number": r.number,
			"maxConcurrent": sess.MaxConcurrent, "total": sess.Total}
		setTime(o, "startTime", sess.StartTime)
		setTime(o, "endTime", sess.EndTime)
		if sess.MaxConcurrentVIP != 0 {
			o["maxConcurrentVip"] = sess.MaxConcurrentVIP
		}
		out = append(out, o)
	}
	if out == nil {
		out = []any{}
	}
	return obj{"list": out}, nil
}

// dateRange reads startDate and endDate (yyyy-MM-dd), at most 30 days apart,
// and returns a test of a time's China day.
func (p *params) dateRange() func(time.Time) bool {
	from := p.reqDate("startDate")
	to := p.reqDate("endDate")
	if p.err != nil {
		return nil
	}
	p.check(!to.Before(from), "endDate is before startDate")
	p.check(to.Sub(from) <= month, "startDate and endDate are more than 30 days apart")
	return func(t time.Time) bool {
		y, m, d := t.In(chinaTime).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, chinaTime)
		return !day.Before(from) && !day.After(to)
	}
}

func concurrency(recs []Concurrency, in func(time.Time) bool, vip bool) []any {
	out := []any{}
	for _, c := range recs {
		if !in(c.Date) {
			continue
		}
		o := obj{"date": c.Date.In(chinaTime).Format(layoutDate), "maxConcurrent": c.MaxConcurrent}
		if vip && c.MaxVIP != 0 {
			o["maxvip"] = c.MaxVIP
		}
		out = append(out, o)
	}
	return out
}

func exportRoomConcurrent(s *Server, p *params) (obj, error) {
	in := p.dateRange()
	if p.err != nil {
		return nil, p.err
	}
	return obj{"list": concurrency(s.st.roomConc, in, true)}, nil
}

func exportVodConcurrent(s *Server, p *params) (obj, error) {
	in := p.dateRange()
	if p.err != nil {
		return nil, p.err
	}
	return obj{"list": concurrency(s.st.vodConc, in, false)}, nil
}

func exportReward(s *Server, p *params) (obj, error) {
	in := p.dateRange()
	if p.err != nil {
		return nil, p.err
	}
	out := []any{}
	for _, r := range s.st.rewards {
		if !in(r.StartTime) {
			continue
		}
		o := obj{"subject": r.Subject, "totalReward": r.TotalReward,
			"speakerInfoList": list(r.Speakers, func(sp SpeakerReward) obj {
				return obj{"speakerName": sp.Name, "speakerReward": sp.Reward}
			})}
		setTime(o, "startDate", r.StartTime)
		setTime(o, "endDate", r.EndTime)
		out = append(out, o)
	}
	return obj{"list": out}, nil
}
