package genseetest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"time"

	"github.com/gensee-go/gensee"
)

// state is everything a Server remembers. It is guarded by Server.mu.
type state struct {
	rooms     map[string]*room
	roomOrder []string
	numbers   map[string]bool
	famous    map[string]*famousRoom
	minis     map[string]*miniRoom
	teachers  map[string]*teacher
	records   map[int64]*recording
	wares     map[string]*courseware
	wareOrder []string
	docs      map[int64]*document
	warmups   map[string]*warmup
	nextID    int64

	sessions     []Session
	attendance   []AttendanceRecord
	qa           []QARecord
	rollcalls    []RollCallRecord
	votes        []VoteRecord
	chats        []ChatRecord
	redpackets   []RedPacketRecord
	medals       []MedalRecord
	praises      []PraiseRecord
	praiseDetail []PraiseDetailRecord
	rewards      []RewardRecord
	study        []StudyRecord
	roomConc     []Concurrency
	vodConc      []Concurrency
	miniStudents []MiniRoomStudentStats
	miniStats    []MiniRoomStats

	// live holds the rooms in class (live.go). It is not saved: a state
	// loaded in the middle of a class has none, and the next Live method
	// rebuilds the class of a live room from the state (classLocked).
	live map[string]*liveClass
}

func newState() *state {
	return &state{
		rooms:    map[string]*room{},
		numbers:  map[string]bool{},
		famous:   map[string]*famousRoom{},
		minis:    map[string]*miniRoom{},
		teachers: map[string]*teacher{},
		records:  map[int64]*recording{},
		wares:    map[string]*courseware{},
		docs:     map[int64]*document{},
		warmups:  map[string]*warmup{},
		live:     map[string]*liveClass{},
		nextID:   1656282,
	}
}

type room struct {
	id, number, subject                                     string
	teacherToken, assistantToken, studentToken, clientToken string
	startDate, invalidDate, created                         time.Time
	webJoin, clientJoin, realtime, aacSupport, action       bool
	duration, scene                                         int
	description, speakerInfo, scheduleInfo                  string
	settings                                                map[string]string
	status                                                  gensee.LiveStatus
	finished                                                bool

	groups  []*group
	roster  []rosterEntry
	relays  []string
	docs    []int64
	warmup  string
	inserts []int64
	telconf map[string]string

	famousID  string // set on tutorial rooms
	className string
}

type group struct{ code, name string }

type rosterEntry struct {
	id        int64
	name      string
	groupCode string
	expires   time.Time
}

type famousRoom struct {
	id, number, subject                       string
	teacherToken, assistantToken              string
	slaveTeacher, slaveAssistant, slaveClient string
	startDate, invalidDate                    time.Time
	realtime                                  bool
	description, speakerInfo, scheduleInfo    string
	maxAttendees                              int
	tutorials                                 []string
}

type miniRoom struct {
	id, number, subject                    string
	teacherToken, clientToken              string
	startDate                              time.Time
	duration, maxAttendees                 int
	action                                 bool
	description, speakerInfo, scheduleInfo string
}

type teacher struct {
	login, password, name  string
	maxPoints              int
	maxVodPoints           int64
	validDate, invalidDate time.Time
}

type recording struct {
	Recording
}

type courseware struct {
	Courseware
}

type document struct {
	Document
}

type warmup struct {
	id, name string
	recordID int64
	mode     gensee.WarmupMode
}

const alnum = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func randInt(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err)
	}
	return int(v.Int64())
}

func randString(chars string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[randInt(len(chars))]
	}
	return string(b)
}

func randHex(nBytes int) string {
	b := make([]byte, nBytes)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// newRoomID returns a fresh short id such as "mquQf2", unique among rooms,
// famous rooms, mini rooms and coursewares.
func (st *state) newRoomID() string {
	for {
		id := randString(alnum, 6+randInt(5))
		if st.rooms[id] == nil && st.famous[id] == nil && st.minis[id] == nil && st.wares[id] == nil {
			return id
		}
	}
}

// newNumber returns a fresh eight-digit number such as "34154643".
func (st *state) newNumber() string {
	for {
		n := strconv.Itoa(10000000 + randInt(90000000))
		if !st.numbers[n] {
			st.numbers[n] = true
			return n
		}
	}
}

// newToken returns a six-digit token different from all of avoid.
func newToken(avoid ...string) string {
	for {
		t := strconv.Itoa(100000 + randInt(900000))
		if !slices.Contains(avoid, t) {
			return t
		}
	}
}

func (st *state) newLongID() int64 {
	st.nextID += int64(1 + randInt(50))
	return st.nextID
}

// Rooms and coursewares are kept in creation order, each as a map and an
// order slice. The two small add and delete pairs are alike on purpose:
// deleting a room also drops its relays, and a generic ordered map would
// put itself in front of every lookup of the handlers.
func (st *state) addRoom(r *room) {
	st.rooms[r.id] = r
	st.roomOrder = append(st.roomOrder, r.id)
}

func (st *state) deleteRoom(id string) {
	delete(st.rooms, id)
	st.roomOrder = slices.DeleteFunc(st.roomOrder, func(x string) bool { return x == id })
	for _, r := range st.rooms {
		r.relays = slices.DeleteFunc(r.relays, func(x string) bool { return x == id })
	}
}

// liveRooms returns the ordinary (not tutorial) rooms in creation order.
func (st *state) liveRooms() []*room {
	var out []*room
	for _, id := range st.roomOrder {
		if r := st.rooms[id]; r != nil && r.famousID == "" {
			out = append(out, r)
		}
	}
	return out
}

func (st *state) addWare(c *courseware) {
	st.wares[c.ID] = c
	st.wareOrder = append(st.wareOrder, c.ID)
}

func (st *state) deleteWare(id string) {
	delete(st.wares, id)
	st.wareOrder = slices.DeleteFunc(st.wareOrder, func(x string) bool { return x == id })
}

func (st *state) orderedWares() []*courseware {
	out := make([]*courseware, 0, len(st.wareOrder))
	for _, id := range st.wareOrder {
		out = append(out, st.wares[id])
	}
	return out
}

// sortedByID returns the values of m sorted by id.
func sortedByID[T any](m map[int64]*T) []*T {
	ids := slices.Sorted(maps.Keys(m))
	out := make([]*T, len(ids))
	for i, id := range ids {
		out[i] = m[id]
	}
	return out
}

// liveRoomLocked returns the ordinary room id, or a 501 error.
func (s *Server) liveRoomLocked(id string) (*room, error) {
	r := s.st.rooms[id]
	if r == nil || r.famousID != "" {
		return nil, notFound("room", id)
	}
	return r, nil
}

// anyRoomLocked returns the room or tutorial room id, or a 501 error.
func (s *Server) anyRoomLocked(id string) (*room, error) {
	r := s.st.rooms[id]
	if r == nil {
		return nil, notFound("room", id)
	}
	return r, nil
}

// find is the lookup that opens most handlers: it returns what get finds
// under id, or keeps get's error (a 501) in p. It does nothing once p holds
// an error, so a handler reads all its parameters before it looks anything
// up: a missing or malformed parameter (101, 102) is answered before an
// unknown id, as the real server does.
func find[K comparable, T any](p *params, id K, get func(K) (T, error)) T {
	var zero T
	if p.err != nil {
		return zero
	}
	v, err := get(id)
	if err != nil {
		p.err = err
		return zero
	}
	return v
}

// The lookups of the handlers (see find), one line each: each returns the
// value under an id, or a 501 error naming it. The repeat is deliberate, a
// table: a name and a type per map of the state.
func (s *Server) wareLocked(id string) (*courseware, error) {
	return lookup(s.st.wares, id, "courseware")
}
func (s *Server) recordingLocked(id int64) (*recording, error) {
	return lookup(s.st.records, id, "recording")
}
func (s *Server) docLocked(id int64) (*document, error)   { return lookup(s.st.docs, id, "document") }
func (s *Server) warmupLocked(id string) (*warmup, error) { return lookup(s.st.warmups, id, "warm-up") }
func (s *Server) teacherLocked(login string) (*teacher, error) {
	return lookup(s.st.teachers, login, "teacher")
}
func (s *Server) famousLocked(id string) (*famousRoom, error) {
	return lookup(s.st.famous, id, "famous room")
}
func (s *Server) miniLocked(id string) (*miniRoom, error) { return lookup(s.st.minis, id, "mini room") }

// lookup returns m[id], or a 501 error naming what it is.
func lookup[K comparable, T any](m map[K]*T, id K, what string) (*T, error) {
	if v := m[id]; v != nil {
		return v, nil
	}
	return nil, notFound(what, fmt.Sprint(id))
}

// joinURL returns the teacher ("r") or student ("s") join URL of number.
func (s *Server) joinURL(kind, number string) string {
	return s.base + "/training/site/" + kind + "/" + number
}

func (s *Server) groupJoinURL(number, code string) string {
	return s.joinURL("s", number) + "?groupCode=" + code
}
