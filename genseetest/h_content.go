package genseetest

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
)

func wareListObj(c *courseware) obj {
	o := obj{
		"id": c.ID, "number": c.Number, "url": c.URL, "subject": c.Subject, "roomId": c.RoomID,
		"recordId": c.RecordID, "duration": c.Duration, "description": c.Description, "token": c.Token,
	}
	setTime(o, "createdTime", c.CreatedTime)
	return o
}

func coursewareList(s *Server, p *params) (obj, error) {
	r := find(p, p.reqStr("roomId"), s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	var wares []*courseware
	for _, c := range s.st.orderedWares() {
		if c.RoomID == r.id {
			wares = append(wares, c)
		}
	}
	if len(wares) == 0 && s.cfg.quirks {
		return obj{}, nil
	}
	return obj{"coursewares": list(wares, wareListObj)}, nil
}

func coursewareInfo(s *Server, p *params) (obj, error) {
	c := find(p, p.reqStr("coursewareId"), s.wareLocked)
	if p.err != nil {
		return nil, p.err
	}
	return obj{
		"id": c.ID, "token": c.Token, "subject": c.Subject, "roomId": c.RoomID, "url": c.URL,
		"description": c.Description, "creator": c.CreatorID, "number": c.Number,
	}, nil
}

func coursewareModify(s *Server, p *params) (obj, error) {
	id := p.reqStr("id")
	subject := p.reqStr("subject")
	token, hasToken := p.str("token"), p.sent("token") // an empty token clears it
	for _, n := range []string{"uiMode", "mobileMode", "fullScreenMode"} {
		p.optInt(n)
	}
	for _, n := range []string{"uiWindow", "uiVideo", "autoPlay"} {
		p.optBool(n)
	}
	c := find(p, id, s.wareLocked)
	if p.err != nil {
		return nil, p.err
	}
	c.Subject = subject
	if hasToken {
		c.Token = token
	}
	return nil, nil
}

func coursewareDeleted(s *Server, p *params) (obj, error) {
	c := find(p, p.reqStr("coursewareId"), s.wareLocked)
	if p.err != nil {
		return nil, p.err
	}
	s.st.deleteWare(c.ID)
	return nil, nil
}

// syncList answers a syn endpoint: one page (pageNo) of the items of all
// created within startTime and endTime (each bound optional), each written
// by write.
func syncList[T any](s *Server, p *params, all []T, created func(T) time.Time, write func(T) obj) (obj, error) {
	pageNo, _ := p.optInt("pageNo")
	from, hasFrom := p.optTime("startTime")
	to, hasTo := p.optTime("endTime")
	if p.err != nil {
		return nil, p.err
	}
	var in []T
	for _, it := range all {
		if t := created(it); (!hasFrom || !t.Before(from)) && (!hasTo || !t.After(to)) {
			in = append(in, it)
		}
	}
	items, pg := page(in, pageNo, s.cfg.pageSize)
	return obj{"list": list(items, write), "page": pg}, nil
}

func coursewareSyn(s *Server, p *params) (obj, error) {
	return syncList(s, p, s.st.orderedWares(), func(c *courseware) time.Time { return c.CreatedTime }, func(c *courseware) obj {
		return timed(obj{
			"id": c.ID, "token": c.Token, "subject": c.Subject, "url": c.URL, "roomId": c.RoomID,
			"description": c.Description, "creator": c.CreatorID, "recordId": c.RecordID, "number": c.Number,
			"duration": c.Duration, "grType": c.GrType, "convertResult": c.ConvertResult,
			"plan": c.Plan, "speakerInfo": c.SpeakerInfo, "grId": c.RecordID,
		}, map[string]time.Time{"createdTime": c.CreatedTime, "recordStartTime": c.StartTime, "recordEndTime": c.EndTime})
	})
}

func vodView(s *Server, p *params) (obj, error) {
	c := find(p, p.reqStr("id"), s.wareLocked)
	if p.err != nil {
		return nil, p.err
	}
	return obj{"total": c.Views}, nil
}

var fileName = regexp.MustCompile(`[^/]\.[A-Za-z0-9]{2,5}$`)

func transcode(s *Server, p *params, media bool) (obj, error) {
	resource := p.reqStr("resourceUrl")
	name := p.reqStr("name")
	callback := p.str("callbackUrl")
	mode, hasMode := p.optInt("convmode")
	p.check(!hasMode || media || mode == 0 || mode == 1, "convmode must be 0 or 1")
	if p.err != nil {
		return nil, p.err
	}
	// The server downloads the resource after answering, so a URL it
	// cannot fetch, or one that names no file (no name.ext in the path and
	// no gs_filename), is not refused: the courseware is created, its
	// conversion fails, and the callback says gsstatus=error (spec 5.27,
	// 5.28; docs/server-behaviour.md#transcoding).
	status, result := "ok", gensee.ConvertResultSuccess
	if !transcodable(resource) {
		status, result = "error", gensee.ConvertResultFailed
	}
	now := s.now()
	c := Courseware{Subject: name, CreatedTime: now, ConvertResult: result, GrType: gensee.GrTypeDocument}
	out := obj{}
	if media {
		c.GrType = gensee.GrTypeMedia
		c.RecordID = seedLocked(s, (*state).putRecording, Recording{Name: name, CreatedTime: now})[0].ID
		out["recordId"] = strconv.FormatInt(c.RecordID, 10)
	} else {
		doc := seedLocked(s, (*state).putDocument, Document{Name: name, Upload: true, CreatedTime: now})[0]
		out["docId"] = strconv.FormatInt(doc.ID, 10)
	}
	w := seedLocked(s, (*state).putCourseware, c)[0]
	out["coursewareId"] = w.ID
	out["coursewareCode"] = w.Number
	out["visitUrl"] = w.URL
	if callback != "" && s.cfg.callbacks && isHTTPURL(callback) {
		s.notify(callback, w.ID, status)
	}
	return out, nil
}

// isHTTPURL reports whether v is an absolute http(s) URL with a host.
func isHTTPURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// transcodable reports whether the server could fetch resource and tell
// its file name: an http(s) URL whose path ends in name.ext or which
// carries gs_filename.
func transcodable(resource string) bool {
	if !isHTTPURL(resource) {
		return false
	}
	u, _ := url.Parse(resource)
	return fileName.MatchString(u.Path) || u.Query().Get("gs_filename") != ""
}

// notify POSTs the end of a transcoding to callback, in the background.
// status is "ok" or "error", as gsstatus carries it.
func (s *Server) notify(callback, coursewareID, status string) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		ctx, cancel := context.WithTimeout(s.bgCtx, 10*time.Second)
		defer cancel()
		form := url.Values{"gscoursewareId": {coursewareID}, "gsstatus": {status}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, callback, strings.NewReader(form.Encode()))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
	}()
}

func coursewareTranscode(s *Server, p *params) (obj, error) { return transcode(s, p, false) }
func mediaTranscode(s *Server, p *params) (obj, error)      { return transcode(s, p, true) }

func recordSyn(s *Server, p *params) (obj, error) {
	return syncList(s, p, sortedByID(s.st.records), func(r *recording) time.Time { return r.CreatedTime }, func(r *recording) obj {
		return timed(obj{
			"id": strconv.FormatInt(r.ID, 10), "name": r.Name, "size": r.Size, "roomId": r.RoomID,
			"duration": r.Duration, "creator": r.CreatorID,
		}, map[string]time.Time{"recordStartTime": r.StartTime, "recordEndTime": r.EndTime, "createdTime": r.CreatedTime})
	})
}

// recordIDs reads recordId[0]=…&recordId[1]=… and repeated recordId keys.
func (p *params) recordIDs() []int64 {
	type indexed struct {
		i int
		v string
	}
	var vals []indexed
	for k, vs := range p.form {
		switch {
		case k == "recordId" || k == "recordId[]":
			for _, v := range vs {
				vals = append(vals, indexed{-1, v})
			}
		case strings.HasPrefix(k, "recordId[") && strings.HasSuffix(k, "]"):
			i, err := strconv.Atoi(k[len("recordId[") : len(k)-1])
			if err != nil || i < 0 {
				p.fail(codeConversion, "parameter %s: bad index", k)
				continue
			}
			for _, v := range vs {
				vals = append(vals, indexed{i, v})
			}
		}
	}
	sort.SliceStable(vals, func(a, b int) bool { return vals[a].i < vals[b].i })
	var ids []int64
	for _, v := range vals {
		if strings.TrimSpace(v.v) == "" {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v.v), 10, 64)
		if err != nil {
			p.fail(codeConversion, "parameter recordId: %q is not a number", v.v)
			continue
		}
		ids = append(ids, n)
	}
	return ids
}

func recordChoose(s *Server, p *params) (obj, error) { return recordInsert(s, p, true) }
func recordRemove(s *Server, p *params) (obj, error) { return recordInsert(s, p, false) }

func recordInsert(s *Server, p *params, add bool) (obj, error) {
	id := p.reqStr("roomId")
	ids := p.recordIDs()
	r := find(p, id, s.liveRoomLocked)
	for _, rid := range ids {
		find(p, rid, s.recordingLocked)
	}
	if p.err != nil {
		return nil, p.err
	}
	for _, rid := range ids {
		if add {
			r.inserts = append(r.inserts, rid)
		} else {
			r.inserts = slices.DeleteFunc(r.inserts, func(x int64) bool { return x == rid })
		}
	}
	return nil, nil
}

func grDelete(s *Server, p *params) (obj, error) {
	id := p.reqLong("grId")
	find(p, id, s.recordingLocked)
	if p.err != nil {
		return nil, p.err
	}
	delete(s.st.records, id)
	for _, c := range s.st.orderedWares() {
		if c.RecordID == id {
			s.st.deleteWare(c.ID)
		}
	}
	for wid, w := range s.st.warmups {
		if w.recordID == id {
			delete(s.st.warmups, wid)
			for _, r := range s.st.rooms {
				if r.warmup == wid {
					r.warmup = ""
				}
			}
		}
	}
	for _, r := range s.st.rooms {
		r.inserts = slices.DeleteFunc(r.inserts, func(x int64) bool { return x == id })
	}
	return nil, nil
}

func docSyn(s *Server, p *params) (obj, error) {
	return syncList(s, p, sortedByID(s.st.docs), func(d *document) time.Time { return d.CreatedTime }, func(d *document) obj {
		return timed(obj{"Id": d.ID, "name": d.Name, "upload": boolStr(d.Upload), "convCode": d.ConvCode},
			map[string]time.Time{"createdTime": d.CreatedTime})
	})
}

func docAttach(s *Server, p *params) (obj, error) { return docLink(s, p, true) }
func docDetach(s *Server, p *params) (obj, error) { return docLink(s, p, false) }

func docLink(s *Server, p *params, attach bool) (obj, error) {
	id := p.reqStr("roomId")
	docID := p.reqLong("docId")
	r := find(p, id, s.liveRoomLocked)
	find(p, docID, s.docLocked)
	if p.err != nil {
		return nil, p.err
	}
	r.docs = slices.DeleteFunc(r.docs, func(x int64) bool { return x == docID })
	if attach {
		r.docs = append(r.docs, docID)
	}
	return nil, nil
}

func warmupCreated(s *Server, p *params) (obj, error) {
	name := p.reqStr("name")
	recID := p.reqLong("recordId")
	mode, ok := p.optInt("mode")
	if !ok {
		mode = 1
	}
	p.check(between(mode, 1, 3), "mode must be 1, 2 or 3")
	find(p, recID, s.recordingLocked)
	if p.err != nil {
		return nil, p.err
	}
	w := &warmup{id: randHex(16), name: name, recordID: recID, mode: gensee.WarmupMode(mode)}
	s.st.warmups[w.id] = w
	return obj{"id": w.id, "name": w.name, "recordId": w.recordID, "mode": w.mode}, nil
}

func warmupModify(s *Server, p *params) (obj, error) {
	id := p.reqStr("id")
	name := p.str("name")
	recID, hasRec := p.optLong("recordId")
	mode, hasMode := p.optInt("mode")
	p.check(!hasMode || between(mode, 1, 3), "mode must be 1, 2 or 3")
	w := find(p, id, s.warmupLocked)
	if hasRec {
		find(p, recID, s.recordingLocked)
	}
	if p.err != nil {
		return nil, p.err
	}
	if name != "" {
		w.name = name
	}
	if hasRec {
		w.recordID = recID
	}
	if hasMode {
		w.mode = gensee.WarmupMode(mode)
	}
	return nil, nil
}

func warmupAttach(s *Server, p *params) (obj, error) {
	id := p.reqStr("roomId")
	wid := p.reqStr("warmupId")
	r := find(p, id, s.liveRoomLocked)
	find(p, wid, s.warmupLocked)
	if p.err != nil {
		return nil, p.err
	}
	r.warmup = wid
	return nil, nil
}

func warmupDetach(s *Server, p *params) (obj, error) {
	id := p.reqStr("roomId")
	p.reqStr("warmupId") // reserved: not checked against the room's warm-up
	r := find(p, id, s.liveRoomLocked)
	if p.err != nil {
		return nil, p.err
	}
	r.warmup = ""
	return nil, nil
}

func teacherParams(p *params) *teacher {
	t := &teacher{
		login:    p.reqStr("teacherLoginName"),
		password: p.reqStr("teacherPassword"),
		name:     p.reqStr("name"),
	}
	t.maxPoints, _ = p.optInt("maxPoints")
	t.maxVodPoints, _ = p.optLong("maxVodPoints")
	t.validDate, _ = p.timeParam("validDate", false, true)
	t.invalidDate, _ = p.timeParam("invalidDate", false, true)
	p.check(between(runeLen(t.login), 1, 40), "teacherLoginName must be 1-40 characters")
	p.check(between(runeLen(t.password), 6, 15), "teacherPassword must be 6-15 characters")
	p.check(between(runeLen(t.name), 1, 40), "name must be 1-40 characters")
	return t
}

func teacherCreated(s *Server, p *params) (obj, error) {
	t := teacherParams(p)
	if p.err != nil {
		return nil, p.err
	}
	if s.st.teachers[t.login] != nil || t.login == s.cfg.login {
		return nil, apiErr(codeDuplicate, "teacher %q already exists", t.login)
	}
	s.st.teachers[t.login] = t
	return nil, nil
}

func teacherModify(s *Server, p *params) (obj, error) {
	t := teacherParams(p)
	find(p, t.login, s.teacherLocked)
	if p.err != nil {
		return nil, p.err
	}
	s.st.teachers[t.login] = t
	return nil, nil
}
