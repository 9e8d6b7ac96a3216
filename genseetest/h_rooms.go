package genseetest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
)

func between(n, lo, hi int) bool { return n >= lo && n <= hi }

// joinToken is a join token parameter of a room and the fewest and most
// characters it may have when it is set; max 0 means the spec states no
// length (studentClientToken of room/created and room/modify).
type joinToken struct {
	name, value string
	min, max    int
}

// checkTokens records a 101 error for a token of the wrong length, then,
// when distinct, for two set tokens that are alike: the spec asks distinct
// tokens of room/created and room/modify only (5.1, 5.2), not of the
// famous and mini rooms.
func (p *params) checkTokens(distinct bool, tokens ...joinToken) {
	seen := map[string]bool{}
	alike := false
	for _, t := range tokens {
		if t.value == "" {
			continue
		}
		if t.max > 0 {
			p.check(between(runeLen(t.value), t.min, t.max), "%s must be %d-%d characters", t.name, t.min, t.max)
		}
		alike = alike || seen[t.value]
		seen[t.value] = true
	}
	p.check(!distinct || !alike, "join tokens must differ")
}

// applyRoomParams reads the optional room parameters into r.
func applyRoomParams(p *params, r *room) {
	p.setFields(
		field{"teacherToken", &r.teacherToken}, field{"assistantToken", &r.assistantToken},
		field{"invalidDate", &r.invalidDate}, field{"webJoin", &r.webJoin}, field{"clientJoin", &r.clientJoin},
	)
	// The texts and the students' tokens take what is sent, an empty value
	// included: that is how a modify clears them. Teachers' and assistants'
	// tokens are never empty (the server generates them).
	p.setTexts(field{"studentToken", &r.studentToken}, field{"studentClientToken", &r.clientToken},
		field{"speakerInfo", &r.speakerInfo}, field{"scheduleInfo", &r.scheduleInfo}, field{"description", &r.description})
	if n, ok := p.optInt("duration"); ok {
		r.duration = n // the spec gives it no range
	}
	if n, ok := p.optInt("scene"); ok {
		p.check(n == 0 || n == 1, "scene must be 0 or 1")
		r.scene = n
	}
	if b, ok := p.optBool("aacSupport"); ok && r.telconf == nil {
		r.aacSupport = b
	}
	r.settings = maps.Clone(r.settings)
	if r.settings == nil {
		r.settings = map[string]string{}
	}
	for _, name := range []string{"uiMode", "fullScreenMode", "maxAttendees", "mobileMode"} {
		if n, ok := p.optInt(name); ok {
			r.settings[name] = strconv.Itoa(n)
		}
	}
	for _, name := range []string{"uiWindow", "uiVideo", "upgrade"} {
		if b, ok := p.optBool(name); ok {
			r.settings[name] = boolStr(b)
		}
	}
	if v := p.str("uiColor"); v != "" {
		r.settings["uiColor"] = v
	}
	if p.sent("playerTheme") {
		r.settings["playerTheme"] = p.str("playerTheme") // "" is the night sky
	}
	if n, err := strconv.Atoi(r.settings["uiMode"]); err == nil {
		p.check(between(n, 1, 6), "uiMode must be 1-6")
	}
}

// checkRoom records a 101 error for broken room constraints.
func checkRoom(p *params, r *room) {
	p.check(between(runeLen(r.subject), 1, 250), "subject must be 1-250 characters")
	p.checkTokens(true, joinToken{"teacherToken", r.teacherToken, 6, 15}, joinToken{"assistantToken", r.assistantToken, 6, 15},
		joinToken{"studentToken", r.studentToken, 0, 15}, joinToken{"studentClientToken", r.clientToken, 0, 0})
	// Both joins false is not an error: the server takes both defaults
	// (true) instead (spec 5.1 and 5.2, 补充说明).
	if !r.webJoin && !r.clientJoin {
		r.webJoin, r.clientJoin = true, true
	}
}

func (s *Server) subjectTakenLocked(subject, except string) bool {
	for _, r := range s.st.liveRooms() {
		if r.subject == subject && r.id != except {
			return true
		}
	}
	return false
}

func (s *Server) roomObj(r *room) obj {
	o := obj{
		"id":                 r.id,
		"number":             r.number,
		"subject":            r.subject,
		"teacherToken":       r.teacherToken,
		"assistantToken":     r.assistantToken,
		"studentToken":       r.studentToken,
		"studentClientToken": r.clientToken,
		"webJoin":            boolStr(r.webJoin),
		"clientJoin":         boolStr(r.clientJoin),
		"teacherJoinUrl":     s.joinURL("r", r.number),
		"studentJoinUrl":     s.joinURL("s", r.number),
		"action":             r.action,
		"duration":           r.duration,
		"scene":              r.scene,
		"aacSupport":         r.aacSupport,
		"groupList":          s.groupList(r),
	}
	setTime(o, "startDate", r.startDate)
	setTime(o, "invalidDate", r.invalidDate)
	return o
}

func (s *Server) groupList(r *room) []any {
	return list(r.groups, func(g *group) obj {
		return obj{"code": g.code, "name": g.name, "joinUrl": s.groupJoinURL(r.number, g.code)}
	})
}

func roomCreated(s *Server, p *params) (obj, error) {
	r := &room{
		subject:    p.reqStr("subject"),
		startDate:  p.reqTime("startDate"),
		realtime:   p.reqBool("realtime"),
		webJoin:    true,
		clientJoin: true,
		action:     true,
		created:    s.now(),
	}
	applyRoomParams(p, r)
	checkRoom(p, r)
	if p.err != nil {
		return nil, p.err
	}
	if s.subjectTakenLocked(r.subject, "") {
		return nil, apiErr(codeDuplicate, "subject %q is already used by another room", r.subject)
	}
	if r.teacherToken == "" {
		r.teacherToken = newToken(r.assistantToken, r.studentToken, r.clientToken)
	}
	if r.assistantToken == "" {
		r.assistantToken = newToken(r.teacherToken, r.studentToken, r.clientToken)
	}
	r.id, r.number = s.st.newRoomID(), s.st.newNumber()
	s.st.addRoom(r)
	return s.roomObj(r), nil
}

func roomModify(s *Server, p *params) (obj, error) {
	id := p.reqFirst("id", "Id")
	subject := p.reqStr("subject")
	start := p.reqTime("startDate")
	realtime := p.reqBool("realtime")
	old := find(p, id, s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	r := *old
	r.subject, r.startDate, r.realtime = subject, start, realtime
	applyRoomParams(p, &r)
	checkRoom(p, &r)
	if p.err != nil {
		return nil, p.err
	}
	if s.subjectTakenLocked(r.subject, r.id) {
		return nil, apiErr(codeDuplicate, "subject %q is already used by another room", r.subject)
	}
	*old = r
	return nil, nil
}

func roomDeleted(s *Server, p *params) (obj, error) {
	r := find(p, p.reqStr("roomId"), s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	s.st.deleteRoom(r.id)
	return nil, nil
}

func roomInfo(s *Server, p *params) (obj, error) {
	r := find(p, p.reqStr("roomId"), s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	return s.roomObj(r), nil
}

func roomTelconf(s *Server, p *params) (obj, error) {
	id := p.reqStr("roomId")
	conf := map[string]string{}
	for _, name := range []string{"siteName", "sitePassword", "callinNum", "hostPasscode", "guestPasscode"} {
		if v := p.str(name); v != "" {
			conf[name] = v
		}
	}
	if b, ok := p.optBool("callinSupport"); ok {
		conf["callinSupport"] = boolStr(b)
	}
	r := find(p, id, s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	if conf["siteName"] == "" || conf["sitePassword"] == "" {
		r.telconf = nil
		return nil, nil
	}
	r.telconf = conf
	r.aacSupport = false
	return nil, nil
}

func queryStatus(s *Server, p *params) (obj, error) {
	r := find(p, p.reqStr("roomId"), s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	return obj{"status": r.status}, nil
}

func roomSync(s *Server, p *params) (obj, error) {
	pageNo, _ := p.optInt("pageNo")
	day, ok := p.timeParam("createTime", false, true)
	if !ok {
		day = s.now()
	}
	status, ok := p.optInt("status")
	if !ok {
		status = -1
	}
	finished, _ := p.optInt("finished")
	p.check(between(status, -1, 2), "status must be -1, 0, 1 or 2")
	p.check(between(finished, 0, 2), "finished must be 0, 1 or 2")
	if p.err != nil {
		return nil, p.err
	}
	y, m, d := day.In(chinaTime).Date()
	var rooms []*room
	for _, r := range s.st.liveRooms() {
		cy, cm, cd := r.created.In(chinaTime).Date()
		if cy != y || cm != m || cd != d {
			continue
		}
		if status != -1 && r.status != gensee.LiveStatus(status) {
			continue
		}
		if (finished == 1 && !r.finished) || (finished == 2 && r.finished) {
			continue
		}
		rooms = append(rooms, r)
	}
	items, pg := page(rooms, pageNo, s.cfg.pageSize)
	return obj{"list": list(items, func(r *room) obj {
		loginType := 3
		switch {
		case !r.webJoin:
			loginType = 1
		case !r.clientJoin:
			loginType = 2
		}
		o := obj{
			"roomId":             r.id,
			"subject":            r.subject,
			"code":               r.number,
			"teacherJoinUrl":     s.joinURL("r", r.number),
			"assistantJoinUrl":   s.joinURL("r", r.number),
			"studentJoinUrl":     s.joinURL("s", r.number),
			"loginType":          loginType,
			"assistantToken":     r.assistantToken,
			"studentClientToken": r.clientToken,
			"studentWebToken":    r.studentToken,
			"teacherToken":       r.teacherToken,
			"description":        r.description,
			"scheduleInfo":       r.scheduleInfo,
			"speakerInfo":        r.speakerInfo,
			"status":             r.status,
			"action":             r.action,
			"duration":           r.duration,
		}
		setTime(o, "beginTime", r.startDate)
		setTime(o, "createTime", r.created)
		return o
	}), "page": pg}, nil
}

func studentList(s *Server, p *params) (obj, error) {
	raw := p.jsonArray("studentListInfo", true)
	id := p.reqStr("roomId")
	groupCode := p.str("groupCode")
	cover, _ := p.optBool("cover")
	expire, ok := p.optInt("expireTime")
	if !ok {
		expire = 7
	}
	var entries []rosterEntry
	seen := map[int64]bool{}
	for i, item := range raw {
		var sid int64
		var err error
		switch v := item["id"].(type) {
		case json.Number:
			sid, err = v.Int64()
		case string:
			sid, err = strconv.ParseInt(v, 10, 64)
		case nil:
			p.fail(codeParam, "studentListInfo[%d].id is required", i)
			continue
		default:
			err = fmt.Errorf("bad id")
		}
		if err != nil {
			p.fail(codeConversion, "studentListInfo[%d].id is not a number", i)
			continue
		}
		name, ok := item["name"].(string)
		p.check(ok, "studentListInfo[%d].name is required", i)
		p.check(!seen[sid], "studentListInfo: id %d is repeated", sid)
		seen[sid] = true
		entries = append(entries, rosterEntry{id: sid, name: name, groupCode: groupCode})
	}
	if p.err != nil {
		return nil, p.err
	}
	p.check(len(entries) > 0, "studentListInfo must not be empty")
	p.check(between(expire, 1, 180), "expireTime must be 1-180 days")
	r := find(p, id, s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	if groupCode != "" && !slices.ContainsFunc(r.groups, func(g *group) bool { return g.code == groupCode }) {
		return nil, notFound("group", groupCode)
	}
	expires := s.now().Add(time.Duration(expire) * 24 * time.Hour)
	if cover {
		r.roster = nil
	}
	for _, e := range entries {
		e.expires = expires
		r.roster = slices.DeleteFunc(r.roster, func(x rosterEntry) bool { return x.id == e.id })
		r.roster = append(r.roster, e)
	}
	return nil, nil
}

func relayAdd(s *Server, p *params) (obj, error)    { return relay(s, p, true) }
func relayRemove(s *Server, p *params) (obj, error) { return relay(s, p, false) }

func relay(s *Server, p *params, add bool) (obj, error) {
	id := p.reqStr("roomId")
	relayID := p.reqStr("relayId")
	r := find(p, id, s.liveRoomLocked)
	find(p, relayID, s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	// The spec says nothing of a room relaying itself, and no integration
	// reports an answer to it: the fake does not invent a refusal.
	r.relays = slices.DeleteFunc(r.relays, func(x string) bool { return x == relayID })
	if add {
		r.relays = append(r.relays, relayID)
	}
	return nil, nil
}

const maxGroups = 40

func (s *Server) newGroupCode(r *room) string {
	for {
		c := randString(alnum, 8)
		if !slices.ContainsFunc(r.groups, func(g *group) bool { return g.code == c }) {
			return c
		}
	}
}

func (s *Server) groupObj(r *room, g *group, codeKey string) obj {
	return obj{
		codeKey:   g.code,
		"roomId":  r.id,
		"subject": r.subject,
		"joinUrl": s.groupJoinURL(r.number, g.code),
		"name":    g.name,
	}
}

func groupCreate(s *Server, p *params) (obj, error) {
	count := p.reqInt("groupCount")
	id := p.reqStr("roomId")
	names := p.jsonArray("groupNameList", false)
	p.check(between(count, 1, maxGroups), "groupCount must be 1-%d", maxGroups)
	p.check(len(names) <= count, "groupNameList has more names than groupCount")
	r := find(p, id, s.anyRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	r.groups = nil
	for i := range count {
		name := ""
		if i < len(names) {
			name, _ = names[i]["groupName"].(string)
		}
		if strings.TrimSpace(name) == "" {
			name = strconv.Itoa(i+1) + "组"
		}
		r.groups = append(r.groups, &group{code: s.newGroupCode(r), name: name})
	}
	return obj{"groups": list(r.groups, func(g *group) obj { return s.groupObj(r, g, "code") })}, nil
}

func groupAdd(s *Server, p *params) (obj, error) {
	id := p.reqStr("roomId")
	name := p.str("groupName")
	r := find(p, id, s.anyRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	if len(r.groups) == 0 {
		return nil, apiErr(codeBusiness, "room %q has no groups: create them first", id)
	}
	if len(r.groups) >= maxGroups {
		return nil, apiErr(codeParam, "a room has at most %d groups", maxGroups)
	}
	if strings.TrimSpace(name) == "" {
		name = strconv.Itoa(len(r.groups)+1) + "组"
	}
	g := &group{code: s.newGroupCode(r), name: name}
	r.groups = append(r.groups, g)
	return s.groupObj(r, g, "groupCode"), nil
}

func groupUpdate(s *Server, p *params) (obj, error) {
	r, i, err := s.groupOf(p, true)
	if err != nil {
		return nil, err
	}
	r.groups[i].name = p.str("groupName")
	return s.groupObj(r, r.groups[i], "groupCode"), nil
}

func groupDelete(s *Server, p *params) (obj, error) {
	r, i, err := s.groupOf(p, false)
	if err != nil {
		return nil, err
	}
	r.groups = slices.Delete(r.groups, i, i+1)
	return nil, nil
}

// groupOf finds the room and the index of the group that roomId and
// groupCode name (and checks that groupName is given when it is required).
func (s *Server) groupOf(p *params, needName bool) (*room, int, error) {
	id := p.reqStr("roomId")
	code := p.reqStr("groupCode")
	if needName {
		p.reqStr("groupName")
	}
	r := find(p, id, s.anyRoomLocked)
	if p.err != nil {
		return nil, 0, p.err
	}
	i := slices.IndexFunc(r.groups, func(g *group) bool { return g.code == code })
	if i < 0 {
		return nil, 0, notFound("group", code)
	}
	return r, i, nil
}
