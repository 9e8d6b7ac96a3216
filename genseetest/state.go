package genseetest

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"math/big"
	"slices"
	"strconv"
	"time"
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
	status                                                  int
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
	mode     int
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

func sortedRecords(m map[int64]*recording) []*recording {
	out := make([]*recording, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *recording) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func sortedDocs(m map[int64]*document) []*document {
	out := make([]*document, 0, len(m))
	for _, d := range m {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *document) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// joinURL returns the teacher ("r") or student ("s") join URL of number.
func (s *Server) joinURL(kind, number string) string {
	return s.base + "/training/site/" + kind + "/" + number
}

func (s *Server) groupJoinURL(number, code string) string {
	return s.joinURL("s", number) + "?groupCode=" + code
}
