package genseetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ControlPrefix is the path prefix of the control API (WithControlAPI).
// No Gensee path starts with it: theirs are under /integration/site/.
const ControlPrefix = "/_fake/"

// maxControlBody bounds a control request's body.
const maxControlBody = 16 << 20

// WithControlAPI makes the Server answer an HTTP control API under
// ControlPrefix, beside the 59 endpoints, so that programs in any language
// can do what Go tests do with the Server's methods. JSON in and out; an
// error is answered {"error": "..."} with status 400 (bad input), 404 (an
// unknown room or path) or 405 (another method):
//
//	GET    /_fake/                the list of the control paths
//	POST   /_fake/seed            add objects (AddRoom, AddRecording, ...): {"rooms":[{"subject":"S"}],
//	                              "miniRooms":[...], "recordings":[...], "coursewares":[...], "documents":[...],
//	                              "attendance":[...], "sessions":[...], ... (the fields of the seed types)};
//	                              answers the ids made, {"rooms":["id"], "recordings":[1], ...}
//	POST   /_fake/faults          Inject: {"path":"/training/room/info","count":2,"fault":{"code":300}};
//	                              "fault" holds Fault's fields, "delay" as a duration ("1.5s")
//	DELETE /_fake/faults          ClearFaults
//	POST   /_fake/live/callback   SetLiveCallbackURL: {"url":"http://..."}
//	POST   /_fake/live/start      StartLive: {"roomId":"R"}
//	POST   /_fake/live/join       JoinLive: {"roomId":"R","uid":1000000001,"name":"Ann"}
//	POST   /_fake/live/leave      LeaveLive: {"roomId":"R","uid":1000000001}
//	POST   /_fake/live/end        EndLive: {"roomId":"R"}
//	GET    /_fake/live/events     LiveDeliveries: the events sent, with the receiver's status
//	GET    /_fake/requests        Requests (?path=/training/room/info for one endpoint, ?limit=N for the
//	                              newest N): {"total":N,"requests":[{"path","method","form",...}]}
//	DELETE /_fake/requests        forget the requests held
//	GET    /_fake/state           SaveState's document
//	PUT    /_fake/state           LoadState
//
// The control API has no authentication: run it on loopback or inside a
// test network only. Its calls are not recorded by Requests (the request
// hook still sees them). gensee fake serve turns it on.
func WithControlAPI() Option {
	return func(c *config) { c.control = true }
}

// controlError is an error answer of the control API.
type controlError struct {
	status int
	msg    string
}

func (e *controlError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &controlError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// controlRoute is one path of the control API.
type controlRoute struct {
	method, path, what string
	run                func(s *Server, r *http.Request, body []byte) (any, error)
}

var controlRoutes []controlRoute

func init() {
	controlRoutes = []controlRoute{
		{"GET", "", "this list", (*Server).ctlIndex},
		{"POST", "seed", "add rooms, mini rooms, recordings, coursewares, documents and export rows", (*Server).ctlSeed},
		{"POST", "faults", "inject a fault", (*Server).ctlInject},
		{"DELETE", "faults", "clear the faults", (*Server).ctlClearFaults},
		{"POST", "live/callback", "set the live events' callback URL", (*Server).ctlCallback},
		{"POST", "live/start", "start a class", liveOp(func(s *Server, in liveIn) { s.StartLive(in.RoomID) })},
		{"POST", "live/join", "a user joins the class", liveOp(func(s *Server, in liveIn) { s.JoinLive(in.RoomID, in.UID, in.Name) })},
		{"POST", "live/leave", "a user leaves the class", liveOp(func(s *Server, in liveIn) { s.LeaveLive(in.RoomID, in.UID) })},
		{"POST", "live/end", "end the class", liveOp(func(s *Server, in liveIn) { s.EndLive(in.RoomID) })},
		{"GET", "live/events", "the live events sent", (*Server).ctlEvents},
		{"GET", "requests", "the requests received (the newest ones)", (*Server).ctlRequests},
		{"DELETE", "requests", "forget the requests held", (*Server).ctlClearRequests},
		{"GET", "state", "the whole state as JSON", (*Server).ctlSaveState},
		{"PUT", "state", "replace the state", (*Server).ctlLoadState},
	}
}

// serveControl answers a request under ControlPrefix.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(strings.TrimPrefix(r.URL.Path, ControlPrefix), "/")
	var allow []string
	for _, rt := range controlRoutes {
		if rt.path != path {
			continue
		}
		if rt.method != r.Method {
			allow = append(allow, rt.method)
			continue
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxControlBody))
		if err != nil {
			writeControl(w, nil, badRequest("reading the body: %v", err))
			return
		}
		out, err := rt.run(s, r, body)
		writeControl(w, out, err)
		return
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeControl(w, nil, &controlError{http.StatusMethodNotAllowed,
			fmt.Sprintf("%s %s: method not allowed (use %s)", r.Method, r.URL.Path, strings.Join(allow, " or "))})
		return
	}
	writeControl(w, nil, &controlError{http.StatusNotFound, fmt.Sprintf("%s is not a path of the control API; GET %s lists them", r.URL.Path, ControlPrefix)})
}

func writeControl(w http.ResponseWriter, out any, err error) {
	status := http.StatusOK
	if err != nil {
		status = http.StatusBadRequest
		var ce *controlError
		if errors.As(err, &ce) {
			status = ce.status
		}
		out = map[string]string{"error": err.Error()}
	}
	if raw, ok := out.(json.RawMessage); ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(raw)
		return
	}
	b, merr := json.MarshalIndent(out, "", "  ")
	if merr != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// decodeStrict decodes a JSON body into v, refusing unknown fields.
func decodeStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("a JSON body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("the body: %v", err)
	}
	return nil
}

// savedControl writes the whole state to the state file after a change
// through the control API (a change of the class play may touch any
// object).
func (s *Server) savedControl() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal == nil {
		return nil
	}
	if err := s.journal.compactLocked(); err != nil {
		s.journal.fail(err)
		return &controlError{http.StatusInternalServerError, "the change was made but the state file could not be written: " + err.Error()}
	}
	return nil
}

func (s *Server) ctlIndex(*http.Request, []byte) (any, error) {
	type entry struct {
		Method string `json:"method"`
		Path   string `json:"path"`
		What   string `json:"what"`
	}
	out := make([]entry, 0, len(controlRoutes))
	for _, rt := range controlRoutes {
		out = append(out, entry{rt.method, ControlPrefix + rt.path, rt.what})
	}
	return out, nil
}

// controlSeed is the body of POST /_fake/seed.
type controlSeed struct {
	Rooms       []struct{ Subject string } `json:"rooms"`
	MiniRooms   []struct{ Subject string } `json:"miniRooms"`
	Recordings  []Recording                `json:"recordings"`
	Coursewares []Courseware               `json:"coursewares"`
	Documents   []Document                 `json:"documents"`
	savedExportRecord
}

// seeded is the answer of POST /_fake/seed: the ids made.
type seeded struct {
	Rooms       []string `json:"rooms"`
	MiniRooms   []string `json:"miniRooms"`
	Recordings  []int64  `json:"recordings"`
	Coursewares []string `json:"coursewares"`
	Documents   []int64  `json:"documents"`
	Rows        int      `json:"exportRows"`
}

func (s *Server) ctlSeed(_ *http.Request, body []byte) (any, error) {
	var in controlSeed
	if err := decodeStrict(body, &in); err != nil {
		return nil, err
	}
	for i, r := range in.Rooms {
		if r.Subject == "" {
			return nil, badRequest("rooms[%d].subject is required", i)
		}
	}
	for i, r := range in.MiniRooms {
		if r.Subject == "" {
			return nil, badRequest("miniRooms[%d].subject is required", i)
		}
	}
	out := seeded{Rooms: []string{}, MiniRooms: []string{}, Recordings: []int64{}, Coursewares: []string{}, Documents: []int64{}}
	for _, r := range in.Rooms {
		out.Rooms = append(out.Rooms, s.AddRoom(r.Subject))
	}
	for _, r := range in.MiniRooms {
		out.MiniRooms = append(out.MiniRooms, s.AddMiniRoom(r.Subject))
	}
	for _, r := range in.Recordings {
		out.Recordings = append(out.Recordings, s.AddRecording(r))
	}
	for _, c := range in.Coursewares {
		out.Coursewares = append(out.Coursewares, s.AddCourseware(c))
	}
	for _, d := range in.Documents {
		out.Documents = append(out.Documents, s.AddDocument(d))
	}
	e := in.savedExportRecord
	s.AddSession(e.Sessions...)
	s.AddAttendance(e.Attendance...)
	s.AddQA(e.QA...)
	s.AddRollCall(e.RollCalls...)
	s.AddVote(e.Votes...)
	s.AddChat(e.Chats...)
	s.AddRedPacket(e.RedPackets...)
	s.AddMedal(e.Medals...)
	s.AddPraise(e.Praises...)
	s.AddPraiseDetail(e.PraiseDetail...)
	s.AddReward(e.Rewards...)
	s.AddStudyRecord(e.Study...)
	s.AddRoomConcurrency(e.RoomConc...)
	s.AddVodConcurrency(e.VodConc...)
	s.AddMiniRoomStudentStats(e.MiniStudents...)
	s.AddMiniRoomStats(e.MiniStats...)
	for _, n := range []int{len(e.Sessions), len(e.Attendance), len(e.QA), len(e.RollCalls), len(e.Votes), len(e.Chats),
		len(e.RedPackets), len(e.Medals), len(e.Praises), len(e.PraiseDetail), len(e.Rewards), len(e.Study),
		len(e.RoomConc), len(e.VodConc), len(e.MiniStudents), len(e.MiniStats)} {
		out.Rows += n
	}
	return out, s.savedControl()
}

func (s *Server) ctlInject(_ *http.Request, body []byte) (out any, err error) {
	var in struct {
		Path  string          `json:"path"`
		Count int             `json:"count"`
		Fault json.RawMessage `json:"fault"`
	}
	if err := decodeStrict(body, &in); err != nil {
		return nil, err
	}
	if in.Path == "" {
		return nil, badRequest(`"path" is required: an endpoint path such as /training/room/info, or "*"`)
	}
	if in.Count == 0 {
		in.Count = 1
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(in.Fault, &fields); err != nil || fields == nil {
		return nil, badRequest(`"fault" must be an object of Fault's fields, such as {"code":300}`)
	}
	var delay time.Duration
	for k, v := range fields {
		if !strings.EqualFold(k, "delay") {
			continue
		}
		var d string
		if err := json.Unmarshal(v, &d); err != nil {
			return nil, badRequest(`"fault.delay" must be a duration such as "1.5s"`)
		}
		if delay, err = time.ParseDuration(d); err != nil || delay < 0 {
			return nil, badRequest(`"fault.delay": %q is not a duration such as "1.5s"`, d)
		}
		delete(fields, k)
	}
	rest, _ := json.Marshal(fields)
	var f Fault
	if err := decodeStrict(rest, &f); err != nil {
		return nil, badRequest(`"fault": %v`, err)
	}
	f.Delay = delay
	// Inject panics on misuse (a bad path, count or mix of kinds): here
	// that is bad input.
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, badRequest("%v", p)
		}
	}()
	s.Inject(in.Path, in.Count, f)
	return map[string]any{"injected": in.Count, "path": in.Path}, nil
}

func (s *Server) ctlClearFaults(*http.Request, []byte) (any, error) {
	s.ClearFaults()
	return map[string]bool{"cleared": true}, nil
}

func (s *Server) ctlCallback(_ *http.Request, body []byte) (any, error) {
	var in struct {
		URL string `json:"url"`
	}
	if err := decodeStrict(body, &in); err != nil {
		return nil, err
	}
	if in.URL != "" && !strings.HasPrefix(in.URL, "http://") && !strings.HasPrefix(in.URL, "https://") {
		return nil, badRequest(`"url" must be an http:// or https:// URL, or "" to stop the events`)
	}
	s.SetLiveCallbackURL(in.URL)
	return map[string]string{"url": in.URL}, nil
}

// liveIn is the body of the /_fake/live/ paths.
type liveIn struct {
	RoomID string `json:"roomId"`
	UID    int64  `json:"uid"`
	Name   string `json:"name"`
}

// liveOp checks the room (an unknown one is a 404, not an event lost in
// LiveDeliveryErrors), runs op and saves the state.
func liveOp(op func(*Server, liveIn)) func(*Server, *http.Request, []byte) (any, error) {
	return func(s *Server, r *http.Request, body []byte) (any, error) {
		var in liveIn
		if err := decodeStrict(body, &in); err != nil {
			return nil, err
		}
		if in.RoomID == "" {
			return nil, badRequest(`"roomId" is required`)
		}
		needUser := strings.HasSuffix(r.URL.Path, "/join") || strings.HasSuffix(r.URL.Path, "/leave")
		if needUser && in.UID <= 0 {
			return nil, badRequest(`"uid" is required: a positive user id`)
		}
		s.mu.Lock()
		_, err := s.liveRoomLocked(in.RoomID)
		s.mu.Unlock()
		if err != nil {
			return nil, &controlError{http.StatusNotFound, fmt.Sprintf("no classroom %q", in.RoomID)}
		}
		op(s, in)
		return map[string]any{"roomId": in.RoomID, "done": strings.TrimPrefix(r.URL.Path, ControlPrefix)}, s.savedControl()
	}
}

// liveEventJSON is one event of GET /_fake/live/events.
type liveEventJSON struct {
	URL        string              `json:"url"`
	Query      map[string][]string `json:"query"`
	StatusCode int                 `json:"statusCode"`
	Error      string              `json:"error,omitempty"`
}

func (s *Server) ctlEvents(*http.Request, []byte) (any, error) {
	out := []liveEventJSON{}
	for _, d := range s.LiveDeliveries() {
		e := liveEventJSON{URL: d.URL, Query: d.Query, StatusCode: d.StatusCode}
		if d.Err != nil {
			e.Error = d.Err.Error()
		}
		out = append(out, e)
	}
	return out, nil
}

// requestJSON is one request of GET /_fake/requests.
type requestJSON struct {
	Path        string              `json:"path"`
	Method      string              `json:"method"`
	Form        map[string][]string `json:"form"`
	ContentType string              `json:"contentType,omitempty"`
	UserAgent   string              `json:"userAgent,omitempty"`
}

func (s *Server) ctlRequests(r *http.Request, _ []byte) (any, error) {
	q := r.URL.Query()
	limit := -1
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, badRequest("limit=%q: want a number of requests, 0 or more", v)
		}
		limit = n
	}
	path := q.Get("path")
	if path != "" {
		path = endpointPath(path)
		if _, ok := handlers[path]; !ok {
			return nil, badRequest("path=%q is not an endpoint of the fake; did you mean %s?", path, strings.Join(closeMatches(path, 3), ", "))
		}
	}
	var list []requestJSON
	for _, rq := range s.Requests() {
		if path == "" || rq.Path == path {
			list = append(list, requestJSON{rq.Path, rq.Method, rq.Form, rq.ContentType, rq.UserAgent})
		}
	}
	if limit >= 0 && len(list) > limit {
		list = list[len(list)-limit:]
	}
	if list == nil {
		list = []requestJSON{}
	}
	return map[string]any{"total": s.RequestCount(), "requests": list}, nil
}

func (s *Server) ctlClearRequests(*http.Request, []byte) (any, error) {
	s.mu.Lock()
	s.history.buf, s.history.start = nil, 0
	s.mu.Unlock()
	return map[string]bool{"cleared": true}, nil
}

func (s *Server) ctlSaveState(*http.Request, []byte) (any, error) {
	var buf bytes.Buffer
	if err := s.SaveState(&buf); err != nil {
		return nil, err
	}
	return json.RawMessage(buf.Bytes()), nil
}

func (s *Server) ctlLoadState(_ *http.Request, body []byte) (any, error) {
	if err := s.LoadState(bytes.NewReader(body)); err != nil {
		return nil, badRequest("%v", err)
	}
	return map[string]bool{"loaded": true}, nil
}
