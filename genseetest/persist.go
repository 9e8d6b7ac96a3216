package genseetest

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
)

// stateVersion is the format of SaveState's JSON; LoadState refuses others.
// 2 (v0.2): the seed types' field names (UserID, StartTime, ...).
const stateVersion = 2

// SaveState writes everything the Server holds (rooms, groups, rosters,
// relays, teachers, recordings, coursewares, documents, warm-up items and
// the seeded export records) to w as one JSON document, which LoadState
// reads back. The requests received and the injected faults are not part
// of it. A StateFile ("gensee fake serve --state FILE") starts with this
// document and journals the changes after it.
//
// The document holds teacher passwords as they were sent, in clear: it is
// a test fixture, not a store for real credentials.
func (s *Server) SaveState(w io.Writer) error {
	// Encoded under the lock: the snapshot shares slices with the state.
	s.mu.Lock()
	b, err := json.MarshalIndent(snapshot(s.st), "", "  ")
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("genseetest: SaveState: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// LoadState replaces the Server's state with the one SaveState wrote. On
// an error the state is left as it was. With a StateFile attached, the
// file is rewritten with the state loaded.
func (s *Server) LoadState(r io.Reader) error {
	snap, err := decodeSaved(r)
	if err != nil {
		return fmt.Errorf("genseetest: LoadState: %w", err)
	}
	st := snap.restore()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	if s.journal != nil {
		// A state file attached keeps what was loaded.
		if err := s.journal.compactLocked(); err != nil {
			s.journal.fail(err)
			return fmt.Errorf("genseetest: LoadState: the state was loaded but not saved to the state file: %w", err)
		}
	}
	return nil
}

// savedState is the JSON form of state: the unexported structs of the
// state mirrored with exported fields. The mirror (savedRoom beside room,
// and so on) and the field-by-field copies of snapshot and restore repeat
// the state's shape on purpose: the file format is versioned
// (stateVersion), and keeping it apart from the working structs means a
// change to the state cannot change the format without a visible edit here.
type savedState struct {
	Version     int               `json:"version"`
	NextID      int64             `json:"nextId"`
	Numbers     []string          `json:"numbers,omitempty"`
	Rooms       []savedRoom       `json:"rooms,omitempty"` // in creation order
	Famous      []savedFamous     `json:"famousRooms,omitempty"`
	Minis       []savedMini       `json:"miniRooms,omitempty"`
	Teachers    []savedTeacher    `json:"teachers,omitempty"`
	Recordings  []Recording       `json:"recordings,omitempty"`
	Coursewares []Courseware      `json:"coursewares,omitempty"` // in creation order
	Documents   []Document        `json:"documents,omitempty"`
	Warmups     []savedWarmup     `json:"warmups,omitempty"`
	Exports     savedExportRecord `json:"exports"`
}

type savedExportRecord struct {
	Sessions     []Session              `json:"sessions,omitempty"`
	Attendance   []AttendanceRecord     `json:"attendance,omitempty"`
	QA           []QARecord             `json:"qa,omitempty"`
	RollCalls    []RollCallRecord       `json:"rollCalls,omitempty"`
	Votes        []VoteRecord           `json:"votes,omitempty"`
	Chats        []ChatRecord           `json:"chats,omitempty"`
	RedPackets   []RedPacketRecord      `json:"redPackets,omitempty"`
	Medals       []MedalRecord          `json:"medals,omitempty"`
	Praises      []PraiseRecord         `json:"praises,omitempty"`
	PraiseDetail []PraiseDetailRecord   `json:"praiseDetails,omitempty"`
	Rewards      []RewardRecord         `json:"rewards,omitempty"`
	Study        []StudyRecord          `json:"study,omitempty"`
	RoomConc     []Concurrency          `json:"roomConcurrency,omitempty"`
	VodConc      []Concurrency          `json:"vodConcurrency,omitempty"`
	MiniStudents []MiniRoomStudentStats `json:"miniRoomStudents,omitempty"`
	MiniStats    []MiniRoomStats        `json:"miniRoomStats,omitempty"`
}

type savedRoom struct {
	ID, Number, Subject                                     string
	TeacherToken, AssistantToken, StudentToken, ClientToken string
	StartDate, InvalidDate, Created                         time.Time
	WebJoin, ClientJoin, Realtime, AACSupport, Action       bool
	Duration, Scene                                         int
	Description, SpeakerInfo, ScheduleInfo                  string
	Settings                                                map[string]string `json:",omitempty"`
	Status                                                  gensee.LiveStatus
	Finished                                                bool
	Groups                                                  []savedGroup      `json:",omitempty"`
	Roster                                                  []savedRoster     `json:",omitempty"`
	Relays                                                  []string          `json:",omitempty"`
	Docs                                                    []int64           `json:",omitempty"`
	Warmup                                                  string            `json:",omitempty"`
	Inserts                                                 []int64           `json:",omitempty"`
	TelConf                                                 map[string]string `json:",omitempty"`
	FamousID, ClassName                                     string
}

type savedGroup struct{ Code, Name string }

type savedRoster struct {
	ID        int64
	Name      string
	GroupCode string
	Expires   time.Time
}

type savedFamous struct {
	ID, Number, Subject                       string
	TeacherToken, AssistantToken              string
	SlaveTeacher, SlaveAssistant, SlaveClient string
	StartDate, InvalidDate                    time.Time
	Realtime                                  bool
	Description, SpeakerInfo, ScheduleInfo    string
	MaxAttendees                              int
	Tutorials                                 []string
}

type savedMini struct {
	ID, Number, Subject                    string
	TeacherToken, ClientToken              string
	StartDate                              time.Time
	Duration, MaxAttendees                 int
	Action                                 bool
	Description, SpeakerInfo, ScheduleInfo string
}

type savedTeacher struct {
	Login, Password, Name  string
	MaxPoints              int
	MaxVodPoints           int64
	ValidDate, InvalidDate time.Time
}

type savedWarmup struct {
	ID, Name string
	RecordID int64
	Mode     gensee.WarmupMode
}

// snapshot copies st into its JSON form (restore is its deliberate mirror
// image, see savedState). The caller holds the lock.
func snapshot(st *state) savedState {
	out := savedState{Version: stateVersion, NextID: st.nextID}
	for n := range st.numbers {
		out.Numbers = append(out.Numbers, n)
	}
	for _, id := range st.roomOrder {
		if r := st.rooms[id]; r != nil {
			out.Rooms = append(out.Rooms, saveRoom(r))
		}
	}
	for _, f := range st.famous {
		out.Famous = append(out.Famous, saveFamous(f))
	}
	for _, m := range st.minis {
		out.Minis = append(out.Minis, saveMini(m))
	}
	for _, t := range st.teachers {
		out.Teachers = append(out.Teachers, saveTeacher(t))
	}
	// Map order is random: sort, so that saving twice writes the same file.
	slices.Sort(out.Numbers)
	slices.SortFunc(out.Famous, func(a, b savedFamous) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Minis, func(a, b savedMini) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(out.Teachers, func(a, b savedTeacher) int { return strings.Compare(a.Login, b.Login) })
	for _, r := range sortedByID(st.records) {
		out.Recordings = append(out.Recordings, r.Recording)
	}
	for _, c := range st.orderedWares() {
		out.Coursewares = append(out.Coursewares, c.Courseware)
	}
	for _, d := range sortedByID(st.docs) {
		out.Documents = append(out.Documents, d.Document)
	}
	for _, w := range st.warmups {
		out.Warmups = append(out.Warmups, saveWarmup(w))
	}
	slices.SortFunc(out.Warmups, func(a, b savedWarmup) int { return strings.Compare(a.ID, b.ID) })
	out.Exports = savedExportRecord{
		Sessions: st.sessions, Attendance: st.attendance, QA: st.qa, RollCalls: st.rollcalls, Votes: st.votes,
		Chats: st.chats, RedPackets: st.redpackets, Medals: st.medals, Praises: st.praises, PraiseDetail: st.praiseDetail,
		Rewards: st.rewards, Study: st.study, RoomConc: st.roomConc, VodConc: st.vodConc,
		MiniStudents: st.miniStudents, MiniStats: st.miniStats,
	}
	return out
}

// saveRoom, saveFamous, saveMini, saveTeacher and saveWarmup copy one
// object into its JSON form, for snapshot and for the journal's entries.
func saveRoom(r *room) savedRoom {
	sr := savedRoom{
		ID: r.id, Number: r.number, Subject: r.subject,
		TeacherToken: r.teacherToken, AssistantToken: r.assistantToken, StudentToken: r.studentToken, ClientToken: r.clientToken,
		StartDate: r.startDate, InvalidDate: r.invalidDate, Created: r.created,
		WebJoin: r.webJoin, ClientJoin: r.clientJoin, Realtime: r.realtime, AACSupport: r.aacSupport, Action: r.action,
		Duration: r.duration, Scene: r.scene,
		Description: r.description, SpeakerInfo: r.speakerInfo, ScheduleInfo: r.scheduleInfo,
		Settings: r.settings, Status: r.status, Finished: r.finished,
		Relays: r.relays, Docs: r.docs, Warmup: r.warmup, Inserts: r.inserts, TelConf: r.telconf,
		FamousID: r.famousID, ClassName: r.className,
	}
	for _, g := range r.groups {
		sr.Groups = append(sr.Groups, savedGroup{g.code, g.name})
	}
	for _, e := range r.roster {
		sr.Roster = append(sr.Roster, savedRoster{e.id, e.name, e.groupCode, e.expires})
	}
	return sr
}

func saveFamous(f *famousRoom) savedFamous {
	return savedFamous{
		ID: f.id, Number: f.number, Subject: f.subject, TeacherToken: f.teacherToken, AssistantToken: f.assistantToken,
		SlaveTeacher: f.slaveTeacher, SlaveAssistant: f.slaveAssistant, SlaveClient: f.slaveClient,
		StartDate: f.startDate, InvalidDate: f.invalidDate, Realtime: f.realtime,
		Description: f.description, SpeakerInfo: f.speakerInfo, ScheduleInfo: f.scheduleInfo,
		MaxAttendees: f.maxAttendees, Tutorials: f.tutorials,
	}
}

func saveMini(m *miniRoom) savedMini {
	return savedMini{
		ID: m.id, Number: m.number, Subject: m.subject, TeacherToken: m.teacherToken, ClientToken: m.clientToken,
		StartDate: m.startDate, Duration: m.duration, MaxAttendees: m.maxAttendees, Action: m.action,
		Description: m.description, SpeakerInfo: m.speakerInfo, ScheduleInfo: m.scheduleInfo,
	}
}

func saveTeacher(t *teacher) savedTeacher {
	return savedTeacher{t.login, t.password, t.name, t.maxPoints, t.maxVodPoints, t.validDate, t.invalidDate}
}

func saveWarmup(w *warmup) savedWarmup { return savedWarmup{w.id, w.name, w.recordID, w.mode} }

// restore builds a state of its JSON form.
func (snap *savedState) restore() *state {
	st := newState()
	st.nextID = snap.NextID
	for _, n := range snap.Numbers {
		st.numbers[n] = true
	}
	for _, sr := range snap.Rooms {
		r := &room{
			id: sr.ID, number: sr.Number, subject: sr.Subject,
			teacherToken: sr.TeacherToken, assistantToken: sr.AssistantToken, studentToken: sr.StudentToken, clientToken: sr.ClientToken,
			startDate: sr.StartDate, invalidDate: sr.InvalidDate, created: sr.Created,
			webJoin: sr.WebJoin, clientJoin: sr.ClientJoin, realtime: sr.Realtime, aacSupport: sr.AACSupport, action: sr.Action,
			duration: sr.Duration, scene: sr.Scene,
			description: sr.Description, speakerInfo: sr.SpeakerInfo, scheduleInfo: sr.ScheduleInfo,
			settings: sr.Settings, status: sr.Status, finished: sr.Finished,
			relays: sr.Relays, docs: sr.Docs, warmup: sr.Warmup, inserts: sr.Inserts, telconf: sr.TelConf,
			famousID: sr.FamousID, className: sr.ClassName,
		}
		if r.settings == nil {
			r.settings = map[string]string{}
		}
		for _, g := range sr.Groups {
			r.groups = append(r.groups, &group{g.Code, g.Name})
		}
		for _, e := range sr.Roster {
			r.roster = append(r.roster, rosterEntry{e.ID, e.Name, e.GroupCode, e.Expires})
		}
		st.addRoom(r)
	}
	for _, f := range snap.Famous {
		st.famous[f.ID] = &famousRoom{
			id: f.ID, number: f.Number, subject: f.Subject, teacherToken: f.TeacherToken, assistantToken: f.AssistantToken,
			slaveTeacher: f.SlaveTeacher, slaveAssistant: f.SlaveAssistant, slaveClient: f.SlaveClient,
			startDate: f.StartDate, invalidDate: f.InvalidDate, realtime: f.Realtime,
			description: f.Description, speakerInfo: f.SpeakerInfo, scheduleInfo: f.ScheduleInfo,
			maxAttendees: f.MaxAttendees, tutorials: f.Tutorials,
		}
	}
	for _, m := range snap.Minis {
		st.minis[m.ID] = &miniRoom{
			id: m.ID, number: m.Number, subject: m.Subject, teacherToken: m.TeacherToken, clientToken: m.ClientToken,
			startDate: m.StartDate, duration: m.Duration, maxAttendees: m.MaxAttendees, action: m.Action,
			description: m.Description, speakerInfo: m.SpeakerInfo, scheduleInfo: m.ScheduleInfo,
		}
	}
	for _, t := range snap.Teachers {
		st.teachers[t.Login] = &teacher{t.Login, t.Password, t.Name, t.MaxPoints, t.MaxVodPoints, t.ValidDate, t.InvalidDate}
	}
	for _, r := range snap.Recordings {
		st.records[r.ID] = &recording{r}
	}
	for _, c := range snap.Coursewares {
		st.addWare(&courseware{c})
	}
	for _, d := range snap.Documents {
		st.docs[d.ID] = &document{d}
	}
	for _, w := range snap.Warmups {
		st.warmups[w.ID] = &warmup{w.ID, w.Name, w.RecordID, w.Mode}
	}
	e := snap.Exports
	st.sessions, st.attendance, st.qa, st.rollcalls, st.votes = e.Sessions, e.Attendance, e.QA, e.RollCalls, e.Votes
	st.chats, st.redpackets, st.medals, st.praises, st.praiseDetail = e.Chats, e.RedPackets, e.Medals, e.Praises, e.PraiseDetail
	st.rewards, st.study, st.roomConc, st.vodConc = e.Rewards, e.Study, e.RoomConc, e.VodConc
	st.miniStudents, st.miniStats = e.MiniStudents, e.MiniStats
	return st
}

// exportKinds is the number of kinds of export rows (savedExportRecord).
const exportKinds = 16

// exportLens returns the number of export rows of each kind, in the order
// of savedExportRecord's fields.
func exportLens(st *state) [exportKinds]int {
	return [exportKinds]int{len(st.sessions), len(st.attendance), len(st.qa), len(st.rollcalls), len(st.votes),
		len(st.chats), len(st.redpackets), len(st.medals), len(st.praises), len(st.praiseDetail),
		len(st.rewards), len(st.study), len(st.roomConc), len(st.vodConc), len(st.miniStudents), len(st.miniStats)}
}

// exportTails returns the export rows added since there were from[i] of
// each kind, for the journal.
func exportTails(st *state, from [exportKinds]int) savedExportRecord {
	return savedExportRecord{
		Sessions: st.sessions[from[0]:], Attendance: st.attendance[from[1]:], QA: st.qa[from[2]:],
		RollCalls: st.rollcalls[from[3]:], Votes: st.votes[from[4]:], Chats: st.chats[from[5]:],
		RedPackets: st.redpackets[from[6]:], Medals: st.medals[from[7]:], Praises: st.praises[from[8]:],
		PraiseDetail: st.praiseDetail[from[9]:], Rewards: st.rewards[from[10]:], Study: st.study[from[11]:],
		RoomConc: st.roomConc[from[12]:], VodConc: st.vodConc[from[13]:],
		MiniStudents: st.miniStudents[from[14]:], MiniStats: st.miniStats[from[15]:],
	}
}

// appendExports appends the rows of add to e (a journal entry replayed).
func appendExports(e, add *savedExportRecord) {
	e.Sessions = append(e.Sessions, add.Sessions...)
	e.Attendance = append(e.Attendance, add.Attendance...)
	e.QA = append(e.QA, add.QA...)
	e.RollCalls = append(e.RollCalls, add.RollCalls...)
	e.Votes = append(e.Votes, add.Votes...)
	e.Chats = append(e.Chats, add.Chats...)
	e.RedPackets = append(e.RedPackets, add.RedPackets...)
	e.Medals = append(e.Medals, add.Medals...)
	e.Praises = append(e.Praises, add.Praises...)
	e.PraiseDetail = append(e.PraiseDetail, add.PraiseDetail...)
	e.Rewards = append(e.Rewards, add.Rewards...)
	e.Study = append(e.Study, add.Study...)
	e.RoomConc = append(e.RoomConc, add.RoomConc...)
	e.VodConc = append(e.VodConc, add.VodConc...)
	e.MiniStudents = append(e.MiniStudents, add.MiniStudents...)
	e.MiniStats = append(e.MiniStats, add.MiniStats...)
}
