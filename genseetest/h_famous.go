package genseetest

import (
	"strconv"
	"strings"
	"time"
)

const maxClasses = 30

// classNames reads classCount and slaveClazzList; count is 0 when neither
// was given.
func classNames(p *params) (count int, names []string) {
	n, hasCount := p.optInt("classCount")
	raw := p.jsonArray("slaveClazzList", false)
	for _, item := range raw {
		name, _ := item["clazzName"].(string)
		names = append(names, name)
	}
	if p.err != nil {
		return 0, nil
	}
	switch {
	case hasCount:
		count = n
	case len(names) > 0:
		count = len(names)
	}
	if hasCount || len(names) > 0 {
		p.check(between(count, 1, maxClasses), "classCount must be 1-%d", maxClasses)
		p.check(len(names) <= count, "slaveClazzList has more classes than classCount")
	}
	for _, name := range names {
		p.check(runeLen(name) <= 20, "clazzName must be at most 20 characters")
	}
	return count, names
}

func checkFamous(p *params, f *famousRoom) {
	p.check(between(runeLen(f.subject), 1, 50), "subject must be 1-50 characters")
	p.checkTokens(false, joinToken{"teacherToken", f.teacherToken, 6, 15}, joinToken{"assistantToken", f.assistantToken, 6, 15},
		joinToken{"slaveStudentClientToken", f.slaveClient, 6, 15}, joinToken{"slaveTeacherToken", f.slaveTeacher, 6, 15},
		joinToken{"slaveAssistantToken", f.slaveAssistant, 6, 15})
}

func applyFamousParams(p *params, f *famousRoom, clientTokenName string) {
	p.setFields(
		field{"teacherToken", &f.teacherToken}, field{"assistantToken", &f.assistantToken}, field{clientTokenName, &f.slaveClient},
		field{"slaveTeacherToken", &f.slaveTeacher}, field{"slaveAssistantToken", &f.slaveAssistant},
		field{"invalidDate", &f.invalidDate}, field{"maxAttendees", &f.maxAttendees},
	)
	p.setTexts(field{"description", &f.description}, field{"speakerInfo", &f.speakerInfo}, field{"scheduleInfo", &f.scheduleInfo})
}

func (s *Server) fillFamousTokens(f *famousRoom) {
	all := func() []string {
		return []string{f.teacherToken, f.assistantToken, f.slaveClient, f.slaveTeacher, f.slaveAssistant}
	}
	for _, t := range []*string{&f.teacherToken, &f.assistantToken, &f.slaveClient, &f.slaveTeacher, &f.slaveAssistant} {
		if *t == "" {
			*t = newToken(all()...)
		}
	}
}

// setClasses makes f have count tutorial rooms named by names.
func (s *Server) setClasses(f *famousRoom, count int, names []string) {
	for len(f.tutorials) > count {
		s.st.deleteRoom(f.tutorials[len(f.tutorials)-1])
		f.tutorials = f.tutorials[:len(f.tutorials)-1]
	}
	for len(f.tutorials) < count {
		t := &room{
			id: s.st.newRoomID(), number: s.st.newNumber(), famousID: f.id,
			className: strconv.Itoa(len(f.tutorials)+1) + "班", created: s.now(),
			webJoin: true, clientJoin: true, action: true,
		}
		s.st.addRoom(t)
		f.tutorials = append(f.tutorials, t.id)
	}
	for i, id := range f.tutorials {
		t := s.st.rooms[id]
		if i < len(names) && strings.TrimSpace(names[i]) != "" {
			t.className = names[i]
		}
		t.subject = f.subject
		t.startDate, t.invalidDate = f.startDate, f.invalidDate
		t.teacherToken, t.assistantToken, t.clientToken = f.slaveTeacher, f.slaveAssistant, f.slaveClient
	}
}

func (s *Server) famousObj(f *famousRoom, withCode, withGroups bool) obj {
	o := obj{
		"id":             f.id,
		"number":         f.number,
		"teacherToken":   f.teacherToken,
		"assistantToken": f.assistantToken,
		"clientUrl":      s.joinURL("r", f.number),
	}
	setTime(o, "startDate", f.startDate)
	setTime(o, "invalidDate", f.invalidDate)
	var infos []any
	for _, id := range f.tutorials {
		t := s.st.rooms[id]
		info := obj{
			"id":               t.id,
			"clientUrl":        s.joinURL("r", t.number),
			"studentClientUrl": s.joinURL("s", t.number),
		}
		if withCode {
			info["code"] = t.number
		}
		if withGroups {
			info["groupList"] = s.groupList(t)
		}
		infos = append(infos, info)
	}
	if infos == nil {
		infos = []any{}
	}
	o["slaveRoomWrapper"] = obj{
		"teacherToken":               f.slaveTeacher,
		"assistantToken":             f.slaveAssistant,
		"studentClientToken":         f.slaveClient,
		"slaveFamousRoomResultInfos": infos,
	}
	return o
}

func famousCreated(s *Server, p *params) (obj, error) {
	f := &famousRoom{
		subject:   p.reqStr("subject"),
		startDate: p.reqTime("startDate"),
		realtime:  p.reqBool("realtime"),
	}
	count, names := classNames(p)
	if count == 0 {
		count = 1
	}
	applyFamousParams(p, f, "slaveStudentClientToken")
	checkFamous(p, f)
	if p.err != nil {
		return nil, p.err
	}
	s.fillFamousTokens(f)
	f.id, f.number = s.st.newRoomID(), s.st.newNumber()
	s.st.famous[f.id] = f
	s.setClasses(f, count, names)
	return s.famousObj(f, true, false), nil
}

func famousModify(s *Server, p *params) (obj, error) {
	id := p.reqStr("id")
	start := p.reqTime("startDate")
	realtime := p.reqBool("realtime")
	subject := p.str("subject")
	count, names := classNames(p)
	old := find(p, id, s.famousLocked)
	if p.err != nil {
		return nil, p.err
	}
	f := *old
	f.startDate, f.realtime = start, realtime
	if subject != "" {
		f.subject = subject
	}
	applyFamousParams(p, &f, "slavestudentClientToken")
	checkFamous(p, &f)
	if p.err != nil {
		return nil, p.err
	}
	if count == 0 {
		count = len(f.tutorials)
	}
	*old = f
	s.setClasses(old, count, names)
	return s.famousObj(old, false, true), nil
}

func famousInfo(s *Server, p *params) (obj, error) {
	f := find(p, p.reqStr("id"), s.famousLocked)
	if p.err != nil {
		return nil, p.err
	}
	return s.famousObj(f, true, true), nil
}

// tutorialLocked returns the tutorial room id, or a 501 error.
func (s *Server) tutorialLocked(id string) (*room, error) {
	t := s.st.rooms[id]
	if t == nil || t.famousID == "" {
		return nil, notFound("tutorial room", id)
	}
	return t, nil
}

func tutorialInfo(s *Server, p *params) (obj, error) {
	t := find(p, p.reqStr("roomId"), s.tutorialLocked)
	if p.err != nil {
		return nil, p.err
	}
	f := s.st.famous[t.famousID]
	o := obj{
		"id":                 f.id,
		"number":             f.number,
		"tutorialRoomId":     t.id,
		"subject":            f.subject,
		"tutorialRoomName":   t.className,
		"assistantToken":     t.assistantToken,
		"teacherToken":       t.teacherToken,
		"studentClientToken": t.clientToken,
		"clientUrl":          s.joinURL("r", t.number),
		"joinUrl":            s.joinURL("s", t.number),
		"groupList":          s.groupList(t),
	}
	setTime(o, "startDate", f.startDate)
	setTime(o, "invalidDate", f.invalidDate)
	return o, nil
}

func slaveroomModify(s *Server, p *params) (obj, error) {
	id := p.reqStr("roomId")
	name := p.str("className") // any length, and may be empty (spec 5.46): 20 is clazzName's limit
	t := find(p, id, s.tutorialLocked)
	if p.err != nil {
		return nil, p.err
	}
	if name != "" {
		t.className = name
	}
	return nil, nil
}

func famousDeleted(s *Server, p *params) (obj, error) {
	id := p.reqStr("roomId")
	if p.err != nil {
		return nil, p.err
	}
	if f := s.st.famous[id]; f != nil {
		for _, tid := range f.tutorials {
			s.st.deleteRoom(tid)
		}
		delete(s.st.famous, id)
		return nil, nil
	}
	t := find(p, id, s.tutorialLocked)
	if p.err != nil {
		return nil, p.err
	}
	f := s.st.famous[t.famousID]
	s.st.deleteRoom(t.id)
	for i, tid := range f.tutorials {
		if tid == t.id {
			f.tutorials = append(f.tutorials[:i:i], f.tutorials[i+1:]...)
			break
		}
	}
	return nil, nil
}

// miniObj writes a mini room as miniroom/created answers it. It is alike
// with roomObj and famousObj on purpose: each is its endpoint's table.
func (s *Server) miniObj(m *miniRoom) obj {
	o := obj{
		"id":                 m.id,
		"number":             m.number,
		"teacherToken":       m.teacherToken,
		"studentClientToken": m.clientToken,
		"duration":           m.duration,
		"teacherJoinUrl":     s.joinURL("r", m.number),
		"studentJoinUrl":     s.joinURL("s", m.number),
		"action":             m.action,
	}
	setTime(o, "startDate", m.startDate)
	setTime(o, "invalidDate", m.startDate.Add(time.Duration(m.duration)*time.Minute))
	return o
}

func applyMiniParams(p *params, m *miniRoom) {
	p.setFields(
		field{"teacherToken", &m.teacherToken}, field{"studentClientToken", &m.clientToken},
		field{"action", &m.action}, field{"maxAttendees", &m.maxAttendees},
	)
	p.setTexts(field{"speakerInfo", &m.speakerInfo}, field{"scheduleInfo", &m.scheduleInfo}, field{"description", &m.description})
}

func checkMini(p *params, m *miniRoom) {
	p.check(between(runeLen(m.subject), 1, 250), "subject must be 1-250 characters")
	p.checkTokens(false, joinToken{"teacherToken", m.teacherToken, 6, 15}, joinToken{"studentClientToken", m.clientToken, 6, 15})
}

func miniCreated(s *Server, p *params) (obj, error) {
	m := &miniRoom{
		subject:   p.reqStr("subject"),
		startDate: p.reqTime("startDate"),
		duration:  p.reqInt("duration"),
		action:    true,
	}
	applyMiniParams(p, m)
	checkMini(p, m)
	p.check(between(m.duration, 30, 480), "duration must be 30-480 minutes")
	if p.err != nil {
		return nil, p.err
	}
	if m.teacherToken == "" {
		m.teacherToken = newToken(m.clientToken)
	}
	if m.clientToken == "" {
		m.clientToken = newToken(m.teacherToken)
	}
	m.id, m.number = s.st.newRoomID(), s.st.newNumber()
	s.st.minis[m.id] = m
	return s.miniObj(m), nil
}

func miniModify(s *Server, p *params) (obj, error) {
	id := p.reqFirst("id", "Id")
	subject := p.reqStr("subject")
	old := find(p, id, s.miniLocked)
	if p.err != nil {
		return nil, p.err
	}
	m := *old
	m.subject = subject
	applyMiniParams(p, &m)
	checkMini(p, &m)
	if p.err != nil {
		return nil, p.err
	}
	*old = m
	return s.miniObj(old), nil
}

func miniExportHistory(s *Server, p *params) (obj, error) {
	id := p.reqStr("id")
	pageNo, _ := p.optInt("pageNo")
	find(p, id, s.miniLocked)
	if p.err != nil {
		return nil, p.err
	}
	var recs []MiniRoomStudentStats
	for _, r := range s.st.miniStudents {
		if r.RoomID == id {
			recs = append(recs, r)
		}
	}
	items, pg := page(recs, pageNo, s.cfg.pageSize)
	return obj{"recordStatistics": list(items, func(r MiniRoomStudentStats) obj {
		return obj{
			"userNickname":   r.Nickname,
			"userId":         r.UserID,
			"medalCount":     r.MedalCount,
			"handUpCount":    r.HandUpCount,
			"podiumDuration": r.PodiumDuration,
			"duration":       r.Duration,
			"handUpTimeStampList": list(r.HandUpTimes, func(t time.Time) obj {
				return obj{"timeStamp": ms(t)}
			}),
			"rollCallDetailList": list(r.RollCalls, func(c MiniRollCall) obj {
				return obj{"answerTimestamp": ms(c.AnswerTime), "status": c.Status, "timestamp": ms(c.StartTime)}
			}),
			"podiumDetailList": list(r.Podiums, func(d MiniPodium) obj {
				return obj{"beginTime": ms(d.StartTime), "endTime": ms(d.EndTime)}
			}),
			"voteDetails":       list(r.VoteAccuracies, func(a string) obj { return obj{"accuracy": a} }),
			"answerSheetDetail": list(r.AnswerSheetAccuracies, func(a string) obj { return obj{"accuracy": a} }),
		}
	}), "page": pg}, nil
}

func miniSyn(s *Server, p *params) (obj, error) {
	pageNo, _ := p.optInt("pageNo")
	if p.err != nil {
		return nil, p.err
	}
	var total int64
	for _, r := range s.st.miniStats {
		total += r.WatchTotalTime
	}
	items, pg := page(s.st.miniStats, pageNo, s.cfg.pageSize)
	return obj{"roomStatistics": list(items, func(r MiniRoomStats) obj {
		return obj{"id": r.RoomID, "stageNum": r.StageNum, "handupNum": r.HandupNum,
			"watchTotalTime": r.WatchTotalTime, "visitNum": r.VisitNum}
	}), "page": pg, "duration": total}, nil
}
