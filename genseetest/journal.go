package genseetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// StateFileFormat is the "format" of a state file's first JSON value.
const StateFileFormat = "gensee-fake-state"

// syncEvery is how long a change may wait in the kernel before fsync.
const syncEvery = 100 * time.Millisecond

// ErrStateFileLocked is returned by OpenStateFile when another process
// holds the file; the error names that process.
var ErrStateFileLocked = errors.New("genseetest: the state file is in use by another server")

// StateFile keeps a Server's state in a file across restarts: gensee fake
// serve --state FILE, and --fake --state FILE of the other commands.
//
// The file is a journal. Its first JSON value is a header (StateFileFormat,
// the caller's aliases and the whole state as SaveState writes it); each
// following line is one JSON entry holding, in full, the objects one change
// created or modified (a room, a teacher, the export rows added, ...).
// Loading applies the entries in order to the header's state. When the
// entries outnumber the objects (and at least 1,000 were written), on a
// deletion, on LoadState, on Flush, on Attach (unless the Server holds the
// state Load read from the file, which is then appended to as it is) and on
// Close (unless the file already holds the state without entries), the file
// is compacted: the whole state is written to a temporary file beside it
// (".NAME.*.tmp"), fsynced, and renamed over it, so that the file is never
// half written. A process that only reads leaves the file untouched.
//
// The durability promise: an answer to a request that changed the state is
// sent only after the change was written to the file (write(2), before the
// answer, in request order), so that killing the process, with kill -9 too,
// loses no change whose answer was sent; a change whose writing failed is
// answered by closing the connection, as a lost answer. An fsync of the
// file starts at most 100 ms after a change (and one ends each compaction
// and Close), so a crash of the machine itself loses at most the changes
// of the last 100 ms and of the fsync under way. A read
// writes nothing. Objects and export rows added otherwise (the Server's Go
// methods, a recording that appears after the recording lag) are written
// within 100 ms too; see Flush for other changes made through Go methods.
//
// A StateFile is locked while it is open: a second OpenStateFile of the
// same path, from any process, fails with ErrStateFileLocked naming the
// holder's pid, host and start time, which are written to the lock file
// NAME.lock beside it (the lock file stays; the lock goes with the
// process). Temporary files a crash left behind are removed when the file
// is opened.
type StateFile struct {
	path string
	lock *os.File
	seed maphash.Seed

	mu      sync.Mutex
	loaded  *loadedFile // what Load read, when the file can be appended to as it is
	srv     *Server
	stop    chan struct{}
	stopped chan struct{}
	closed  bool
}

// OpenStateFile locks the state file at path (it need not exist yet) and
// removes the temporary files a crash of an earlier server left beside it.
func OpenStateFile(path string) (*StateFile, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("genseetest: state file: %w", err)
	}
	lock, err := lockStateFile(abs)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Split(abs)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "."+base+".") && strings.HasSuffix(n, ".tmp") {
			_ = os.Remove(filepath.Join(dir, n))
		}
	}
	return &StateFile{path: abs, lock: lock, seed: maphash.MakeSeed()}, nil
}

// loadedFile is what Load read: for Attach to append to the file as it is
// when the Server still holds exactly that state.
type loadedFile struct {
	srv     *Server
	aliases map[string]string
	entries int    // journal entries after the header
	snap    uint64 // hash of the state's SaveState document
}

// snapHash hashes the SaveState document of st, as compactLocked writes it.
func snapHash(seed maphash.Seed, st *state) uint64 {
	b, err := json.MarshalIndent(snapshot(st), "", "  ")
	if err != nil {
		return 0
	}
	return maphash.Bytes(seed, b)
}

// Path returns the absolute path of the state file.
func (f *StateFile) Path() string { return f.path }

// fileHeader is the first JSON value of a state file (v0.2's whole file).
type fileHeader struct {
	Format  string            `json:"format"`
	Aliases map[string]string `json:"aliases,omitempty"`
	Server  json.RawMessage   `json:"server"`
}

// journalEntry is one line of the journal after the header.
type journalEntry struct {
	Seq int64       `json:"seq"`
	Put *savedState `json:"put"`
}

// Load reads the state file into srv, replacing its state, and returns the
// aliases saved with it. found is false (and srv untouched) when the file
// does not exist or is empty. A last line cut short (a crash while it was
// written, so never answered) is dropped; any other damage is an error.
func (f *StateFile) Load(srv *Server) (aliases map[string]string, found bool, err error) {
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(bytes.TrimSpace(b)) == 0 {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("genseetest: state file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var h fileHeader
	if err := dec.Decode(&h); err != nil || h.Format != StateFileFormat {
		if err == nil {
			err = fmt.Errorf("format %q, want %q", h.Format, StateFileFormat)
		}
		return nil, false, fmt.Errorf("genseetest: %s: not a state file of gensee fake (%v)", f.path, err)
	}
	snap, err := decodeSaved(bytes.NewReader(h.Server))
	if err != nil {
		return nil, false, fmt.Errorf("genseetest: %s: %w", f.path, err)
	}
	rp := newReplay(&snap)
	rest := b[dec.InputOffset():]
	line, torn := 0, false
	for len(rest) > 0 {
		i := bytes.IndexByte(rest, '\n')
		var ln []byte
		if i < 0 {
			ln, rest = rest, nil
		} else {
			ln, rest = rest[:i], rest[i+1:]
		}
		if len(bytes.TrimSpace(ln)) == 0 {
			continue
		}
		line++
		var e journalEntry
		if err := json.Unmarshal(ln, &e); err != nil || e.Put == nil {
			if i < 0 {
				torn = true // cut short by a crash: never answered
				break
			}
			if err == nil {
				err = errors.New(`no "put"`)
			}
			return nil, false, fmt.Errorf("genseetest: %s: journal entry %d: %v", f.path, line, err)
		}
		rp.apply(e.Put)
	}
	st := snap.restore()
	srv.mu.Lock()
	srv.st = st
	srv.mu.Unlock()
	f.mu.Lock()
	f.loaded = nil
	if !torn && len(b) > 0 && b[len(b)-1] == '\n' {
		f.loaded = &loadedFile{srv: srv, aliases: h.Aliases, entries: line, snap: snapHash(f.seed, st)}
	}
	f.mu.Unlock()
	return h.Aliases, true, nil
}

// Attach writes srv's whole state (with aliases) to the file, then keeps
// every later change of srv in it, as the type's doc says, until Close.
func (f *StateFile) Attach(srv *Server, aliases map[string]string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || f.srv != nil {
		return errors.New("genseetest: StateFile.Attach: closed or attached already")
	}
	j := &journal{path: f.path, srv: srv, aliases: aliases, seed: f.seed}
	srv.mu.Lock()
	if srv.journal != nil {
		srv.mu.Unlock()
		return errors.New("genseetest: StateFile.Attach: the server has a state file already")
	}
	var err error
	if li := f.loaded; li != nil && li.srv == srv && maps.Equal(li.aliases, aliases) && snapHash(f.seed, srv.st) == li.snap {
		// The file holds this very state: append to it, write nothing now.
		err = j.appendToLocked(li.entries, li.snap)
	} else {
		err = j.compactLocked()
	}
	if err == nil {
		srv.journal = j
	}
	srv.mu.Unlock()
	if err != nil {
		return err
	}
	f.srv = srv
	f.stop, f.stopped = make(chan struct{}), make(chan struct{})
	go f.syncLoop(j)
	return nil
}

// syncLoop writes the changes the Server made on its own and fsyncs the
// file, every syncEvery.
func (f *StateFile) syncLoop(j *journal) {
	defer close(f.stopped)
	t := time.NewTicker(syncEvery)
	defer t.Stop()
	for {
		select {
		case <-f.stop:
			return
		case <-t.C:
		}
		j.srv.mu.Lock()
		if err := j.recordLocked(nil); err != nil {
			j.fail(err)
		}
		var file *os.File
		if j.dirty && j.f != nil {
			file, j.dirty = j.f, false
		}
		j.srv.mu.Unlock()
		// fsync outside the lock, so that requests go on meanwhile; a
		// compaction may close the file first (it synced its own).
		if file != nil {
			if err := file.Sync(); err != nil && !errors.Is(err, os.ErrClosed) {
				j.srv.mu.Lock()
				j.fail(err)
				j.srv.mu.Unlock()
			}
		}
	}
}

// Flush rewrites the whole file with the attached Server's state now. The
// journal sees the changes of requests, and the objects and export rows
// the Server's Go methods add (within 100 ms); call Flush after changing
// existing objects through the Go methods (SetRoomStatus, LeaveLive, ...)
// when they must survive a crash before the next compaction. The control
// API (WithControlAPI) does this after each call.
func (f *StateFile) Flush() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.srv == nil || f.closed {
		return errors.New("genseetest: StateFile.Flush: not attached")
	}
	s := f.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal == nil {
		return errors.New("genseetest: StateFile.Flush: not attached")
	}
	if err := s.journal.compactLocked(); err != nil {
		s.journal.fail(err)
		return s.journal.err
	}
	return nil
}

// Close writes the whole state a last time (when attached), detaches it from
// its Server and releases the lock. It returns the first error met in
// writing the file since Attach.
func (f *StateFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	var err error
	if f.srv != nil {
		close(f.stop)
		<-f.stopped
		s := f.srv
		s.mu.Lock()
		j := s.journal
		s.journal = nil
		if j != nil {
			if rerr := j.recordLocked(nil); rerr != nil {
				j.fail(rerr)
			}
			// Rewrite the file unless it holds the state compactly already
			// (a run of reads leaves it untouched).
			if j.entries > 0 || j.stale || snapHash(j.seed, s.st) != j.snap {
				if cerr := j.compactLocked(); cerr != nil {
					j.fail(cerr)
				}
			} else if j.dirty && j.f != nil {
				_ = j.f.Sync()
			}
			if j.f != nil {
				_ = j.f.Close()
			}
			err = j.err
		}
		s.mu.Unlock()
	}
	unlockStateFile(f.lock)
	return err
}

// journal writes a Server's changes to its state file. Its fields are
// guarded by Server.mu.
type journal struct {
	path    string
	srv     *Server
	aliases map[string]string
	f       *os.File // the file, its offset at the end
	seed    maphash.Seed
	seq     int64
	entries int    // written since the last compaction
	dirty   bool   // written since the last fsync
	stale   bool   // a write failed: what the file holds is unknown until a compaction
	snap    uint64 // hash of the SaveState document of the last compaction
	err     error

	// What the file holds: a hash of each object's JSON, the numbers
	// taken, the next long id and the number of rows of each export.
	rooms, famous, minis, teachers, wares, warmups map[string]uint64
	records, docs                                  map[int64]uint64
	numbers                                        map[string]bool
	nextID                                         int64
	exports                                        [exportKinds]int
}

func (j *journal) fail(err error) {
	if j.err == nil {
		j.err = fmt.Errorf("genseetest: state file %s: %w", j.path, err)
	}
}

// journalLocked writes the change the request with form made, if any,
// before its answer is sent. A change that cannot be written is not
// answered: the connection is closed, as a lost answer.
func (s *Server) journalLocked(form url.Values) {
	if s.journal == nil {
		return
	}
	if err := s.journal.recordLocked(form); err != nil {
		s.journal.fail(err)
		panic(http.ErrAbortHandler)
	}
}

func (j *journal) hash(v any) uint64 {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return maphash.Bytes(j.seed, b)
}

// compactLocked writes the whole state to a temporary file, fsyncs it and
// renames it over the state file, and makes it the file appended to.
func (j *journal) compactLocked() error {
	st := j.srv.st
	snap := snapshot(st)
	server, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(fileHeader{Format: StateFileFormat, Aliases: j.aliases, Server: server}, "", "  ")
	if err != nil {
		return err
	}
	dir, base := filepath.Split(j.path)
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), j.path)
	}
	if err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	syncDir(dir)
	if j.f != nil {
		_ = j.f.Close()
	}
	j.f, j.entries, j.dirty, j.stale = tmp, 0, false, false
	j.snap = maphash.Bytes(j.seed, server)
	j.rebaseLocked(snap)
	return nil
}

// appendToLocked makes the state file as Load read it (entries journal
// entries after the header, holding the Server's state) the file appended
// to.
func (j *journal) appendToLocked(entries int, snap uint64) error {
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	j.f, j.entries, j.snap, j.seq = f, entries, snap, int64(entries)
	j.rebaseLocked(snapshot(j.srv.st))
	return nil
}

// rebaseLocked records what the file holds: the state of snap.
func (j *journal) rebaseLocked(snap savedState) {
	st := j.srv.st
	j.rooms, j.famous, j.minis = map[string]uint64{}, map[string]uint64{}, map[string]uint64{}
	j.teachers, j.wares, j.warmups = map[string]uint64{}, map[string]uint64{}, map[string]uint64{}
	j.records, j.docs = map[int64]uint64{}, map[int64]uint64{}
	for _, r := range snap.Rooms {
		j.rooms[r.ID] = j.hash(r)
	}
	for _, f := range snap.Famous {
		j.famous[f.ID] = j.hash(f)
	}
	for _, m := range snap.Minis {
		j.minis[m.ID] = j.hash(m)
	}
	for _, t := range snap.Teachers {
		j.teachers[t.Login] = j.hash(t)
	}
	for _, c := range snap.Coursewares {
		j.wares[c.ID] = j.hash(c)
	}
	for _, w := range snap.Warmups {
		j.warmups[w.ID] = j.hash(w)
	}
	for _, r := range snap.Recordings {
		j.records[r.ID] = j.hash(r)
	}
	for _, d := range snap.Documents {
		j.docs[d.ID] = j.hash(d)
	}
	j.numbers = make(map[string]bool, len(st.numbers))
	for n := range st.numbers {
		j.numbers[n] = true
	}
	j.nextID = st.nextID
	j.exports = exportLens(st)
}

// objects is how many objects the state holds, for the compaction rule.
func (j *journal) objects() int {
	return len(j.rooms) + len(j.famous) + len(j.minis) + len(j.teachers) + len(j.wares) + len(j.warmups) +
		len(j.records) + len(j.docs)
}

// shrunkLocked reports whether something the file holds is gone.
func (j *journal) shrunkLocked(st *state) bool {
	if len(st.rooms) < len(j.rooms) || len(st.famous) < len(j.famous) || len(st.minis) < len(j.minis) ||
		len(st.teachers) < len(j.teachers) || len(st.wares) < len(j.wares) || len(st.warmups) < len(j.warmups) ||
		len(st.records) < len(j.records) || len(st.docs) < len(j.docs) || len(st.numbers) < len(j.numbers) {
		return true
	}
	lens := exportLens(st)
	for i, n := range lens {
		if n < j.exports[i] {
			return true
		}
	}
	return false
}

// recordLocked appends an entry with what changed since the file was last
// written: the objects created (found by the sizes of the maps, in O(1)
// when nothing was created) and the existing objects named by a value of
// form (an id, a login; comma-separated lists too) whose JSON differs from
// what the file holds. A deletion compacts the file instead. Nothing
// changed, nothing is written.
func (j *journal) recordLocked(form url.Values) error {
	st := j.srv.st
	if j.stale || j.shrunkLocked(st) {
		return j.compactLocked()
	}
	var put savedState
	n := 0
	if st.nextID != j.nextID {
		put.NextID, j.nextID = st.nextID, st.nextID
		n++
	}
	hints := formHints(form)
	ids := longHints(hints)
	if goneLocked(st, j, hints, ids) {
		// A deletion names what it deletes: rewrite the whole file (so
		// that a creation and a deletion in one pass, which leave the
		// sizes alike, are both kept).
		return j.compactLocked()
	}
	// A tutorial room and its famous room change together.
	for h := range hints {
		if f := st.famous[h]; f != nil {
			for _, t := range f.tutorials {
				hints[t] = true
			}
		}
		if r := st.rooms[h]; r != nil && r.famousID != "" {
			hints[r.famousID] = true
		}
	}
	n += diffOrdered(j, st.roomOrder, st.rooms, j.rooms, hints, &put.Rooms, saveRoom)
	n += diffOrdered(j, st.wareOrder, st.wares, j.wares, hints, &put.Coursewares, func(c *courseware) Courseware { return c.Courseware })
	n += diffMap(j, st.famous, j.famous, hints, &put.Famous, saveFamous)
	n += diffMap(j, st.minis, j.minis, hints, &put.Minis, saveMini)
	n += diffMap(j, st.teachers, j.teachers, hints, &put.Teachers, saveTeacher)
	n += diffMap(j, st.warmups, j.warmups, hints, &put.Warmups, saveWarmup)
	n += diffMap(j, st.records, j.records, ids, &put.Recordings, func(r *recording) Recording { return r.Recording })
	n += diffMap(j, st.docs, j.docs, ids, &put.Documents, func(d *document) Document { return d.Document })
	// The numbers taken: those of the objects written, else (something
	// else took one) a scan.
	takeNumber := func(num string) {
		if st.numbers[num] && !j.numbers[num] {
			j.numbers[num] = true
			put.Numbers = append(put.Numbers, num)
			n++
		}
	}
	if len(st.numbers) > len(j.numbers) {
		for _, r := range put.Rooms {
			takeNumber(r.Number)
		}
		for _, f := range put.Famous {
			takeNumber(f.Number)
		}
		for _, m := range put.Minis {
			takeNumber(m.Number)
		}
		for _, c := range put.Coursewares {
			takeNumber(c.Number)
		}
	}
	if len(st.numbers) > len(j.numbers) {
		for num := range st.numbers {
			takeNumber(num)
		}
	}
	if lens := exportLens(st); lens != j.exports {
		put.Exports = exportTails(st, j.exports)
		j.exports = lens
		n++
	}
	if n == 0 {
		return nil
	}
	j.seq++
	put.Version = stateVersion
	b, err := json.Marshal(journalEntry{Seq: j.seq, Put: &put})
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		j.stale = true
		return err
	}
	j.dirty = true
	j.entries++
	if j.entries >= max(1000, j.objects()) {
		return j.compactLocked()
	}
	return nil
}

// goneLocked reports whether an object named by a hint is in the file but
// no longer in the state.
func goneLocked(st *state, j *journal, hints map[string]bool, ids map[int64]bool) bool {
	for h := range hints {
		if gone(j.rooms, st.rooms, h) || gone(j.famous, st.famous, h) || gone(j.minis, st.minis, h) ||
			gone(j.teachers, st.teachers, h) || gone(j.wares, st.wares, h) || gone(j.warmups, st.warmups, h) {
			return true
		}
	}
	for id := range ids {
		if gone(j.records, st.records, id) || gone(j.docs, st.docs, id) {
			return true
		}
	}
	return false
}

func gone[K comparable, T any](known map[K]uint64, m map[K]*T, id K) bool {
	_, had := known[id]
	return had && m[id] == nil
}

// formHints are the values of a request's form, lists split at commas.
func formHints(form url.Values) map[string]bool {
	if len(form) == 0 {
		return nil
	}
	out := map[string]bool{}
	for _, vs := range form {
		for _, v := range vs {
			for p := range strings.SplitSeq(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out[p] = true
				}
			}
		}
	}
	return out
}

func longHints(hints map[string]bool) map[int64]bool {
	out := map[int64]bool{}
	for h := range hints {
		if id, err := strconv.ParseInt(h, 10, 64); err == nil {
			out[id] = true
		}
	}
	return out
}

// diffOrdered puts into out the objects of an ordered map (rooms,
// coursewares) that are new, in creation order, or named by hints and
// changed; it returns how many. The new ones are at the end of order.
func diffOrdered[T, S any](j *journal, order []string, m map[string]*T, known map[string]uint64, hints map[string]bool, out *[]S, save func(*T) S) int {
	n := 0
	if grow := len(m) - len(known); grow > 0 {
		i := len(order)
		for i > 0 && grow > 0 {
			i--
			if _, ok := known[order[i]]; !ok {
				grow--
			}
		}
		for _, id := range order[i:] {
			if _, ok := known[id]; !ok && m[id] != nil {
				v := save(m[id])
				known[id] = j.hash(v)
				*out = append(*out, v)
				n++
			}
		}
	}
	for id := range hints {
		if v := m[id]; v != nil {
			n += putIfChanged(j, id, v, known, out, save)
		}
	}
	return n
}

// diffMap is diffOrdered for the maps without an order: a creation is found
// by a scan of the map, done only when it grew.
func diffMap[K comparable, T, S any](j *journal, m map[K]*T, known map[K]uint64, hints map[K]bool, out *[]S, save func(*T) S) int {
	n := 0
	if len(m) > len(known) {
		for id, v := range m {
			if _, ok := known[id]; !ok {
				n += putIfChanged(j, id, v, known, out, save)
			}
		}
	}
	for id := range hints {
		if v := m[id]; v != nil {
			n += putIfChanged(j, id, v, known, out, save)
		}
	}
	return n
}

func putIfChanged[K comparable, T, S any](j *journal, id K, v *T, known map[K]uint64, out *[]S, save func(*T) S) int {
	s := save(v)
	h := j.hash(s)
	if old, ok := known[id]; ok && old == h {
		return 0
	}
	known[id] = h
	*out = append(*out, s)
	return 1
}

// holderOf is what the error of a second opener says of the holder: the
// lock file's line, or "another process" while the holder is writing it.
func holderOf(line []byte) string {
	if h := strings.TrimSpace(string(line)); h != "" {
		return h
	}
	return "another process"
}

// holderLine is what a lock file says of the server holding it.
func holderLine(pid int, host string, start time.Time) string {
	return fmt.Sprintf("pid %d on host %s, started %s\n", pid, host, start.UTC().Format(time.RFC3339))
}
