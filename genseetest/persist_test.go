package genseetest

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// TestSaveLoadStateRoundTrip saves a server touched through every kind of
// object and loads it into a new one: every answer is the same.
func TestSaveLoadStateRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := NewServer()
	defer a.Close()
	ca := a.Client()
	room, err := ca.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "保存 Saved", StartDate: time.Date(2030, 1, 1, 8, 0, 0, 0, time.UTC), Realtime: true, TeacherToken: "teach123"})
	require.NoError(t, err)
	other := a.AddRoom("other")
	require.NoError(t, ca.Rooms.AddRelay(ctx, room.ID, other))
	_, err = ca.Groups.Create(ctx, room.ID, 2, "红队")
	require.NoError(t, err)
	require.NoError(t, ca.Teachers.Create(ctx, &gensee.TeacherRequest{TeacherLoginName: "t1", TeacherPassword: "tpass123", Name: "老师"}))
	mini := a.AddMiniRoom("微课")
	rec := a.AddRecording(Recording{Name: "rec", RoomID: room.ID})
	ware := a.AddCourseware(Courseware{Subject: "课件", RoomID: room.ID, RecordID: rec, Views: 4})
	doc := a.AddDocument(Document{Name: "d.pptx"})
	require.NoError(t, ca.Docs.Attach(ctx, room.ID, doc))
	start := time.Date(2024, 3, 1, 10, 0, 0, 0, chinaTime)
	a.AddAttendance(AttendanceRecord{RoomID: room.ID, UserID: 1001, Name: "张三", JoinTime: start, LeaveTime: start.Add(time.Hour)})
	a.AddRoomConcurrency(Concurrency{Date: start, MaxConcurrent: 42})

	var buf bytes.Buffer
	require.NoError(t, a.SaveState(&buf))
	saved := buf.String()
	assert.Contains(t, saved, `"version": 2`)

	b := NewServer()
	defer b.Close()
	require.NoError(t, b.LoadState(strings.NewReader(saved)))
	cb := b.Client()

	got, err := cb.Rooms.Get(ctx, room.ID)
	require.NoError(t, err)
	assert.Equal(t, "保存 Saved", got.Subject)
	assert.Equal(t, "teach123", got.TeacherToken)
	assert.True(t, strings.HasPrefix(got.TeacherJoinURL, b.URL()), "join URLs follow the new address: %s", got.TeacherJoinURL)
	assert.Len(t, got.GroupList, 2)
	_, err = cb.Rooms.Get(ctx, other)
	require.NoError(t, err)
	_, err = cb.Coursewares.Get(ctx, ware)
	require.NoError(t, err)
	n, err := cb.Coursewares.ViewCount(ctx, ware)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	rows, err := cb.Exports.Attendance(ctx, &gensee.ExportOptions{RoomID: room.ID, StartTime: start, EndTime: start.Add(2 * time.Hour)})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "张三", rows[0].Name)
	days, err := cb.Exports.RoomConcurrency(ctx, gensee.DateOf(start), gensee.DateOf(start))
	require.NoError(t, err)
	require.Len(t, days, 1)
	assert.Equal(t, 42, days[0].MaxConcurrent)
	// The teacher logs in with the saved password; the subject stays taken.
	teacher, err := gensee.NewClient(b.URL(), "t1", "tpass123")
	require.NoError(t, err)
	_, err = teacher.Rooms.Get(ctx, room.ID)
	require.NoError(t, err)
	_, err = cb.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "保存 Saved", StartDate: time.Now(), Realtime: true})
	assert.ErrorIs(t, err, gensee.ErrDuplicate)
	_, err = cb.MiniRooms.RoomStats(ctx, 1)
	require.NoError(t, err)
	_ = mini

	// Saving again gives the same document.
	var again bytes.Buffer
	require.NoError(t, b.SaveState(&again))
	assert.JSONEq(t, saved, again.String())
}

func TestLoadStateRefusesBadInput(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	room := srv.AddRoom("kept")
	for _, tt := range []struct{ in, want string }{
		{`{`, "unexpected EOF"},
		{`{"version":1}`, "state format 1, want 2"},
		{`{"version":2,"roomz":[]}`, `unknown field "roomz"`},
	} {
		err := srv.LoadState(strings.NewReader(tt.in))
		require.Error(t, err, tt.in)
		assert.Contains(t, err.Error(), "genseetest: LoadState: ")
		assert.Contains(t, err.Error(), tt.want)
	}
	_, err := srv.Client().Rooms.Get(context.Background(), room)
	assert.NoError(t, err, "a failed load leaves the state as it was")
}

// fillAll sets every exported field reachable from v to a non-zero value
// (a slice or a map gets one filled element), each value different, so
// that a field the save or the load leaves out shows as a zero.
func fillAll(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("v" + strconv.Itoa(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2030, 1, 2, 3, 4, 5, *n*1000, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillAll(v.Field(i), n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillAll(s.Index(0), n)
		v.Set(s)
	case reflect.Map:
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillAll(k, n)
		fillAll(e, n)
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillAll(p.Elem(), n)
		v.Set(p)
	default:
		panic("fillAll: a field of kind " + v.Kind().String() + ": teach the test about it")
	}
}

// TestSaveLoadStateEveryField builds a saved state with every field of the
// snapshot types non-zero (found by reflection, so a field added later is
// covered too), loads it and saves it again: the two are deeply equal, so
// a field that snapshot or restore forgets to copy fails here.
func TestSaveLoadStateEveryField(t *testing.T) {
	t.Parallel()
	var want savedState
	n := 0
	fillAll(reflect.ValueOf(&want).Elem(), &n)
	want.Version = stateVersion
	in, err := json.Marshal(want)
	require.NoError(t, err)

	srv := NewServer()
	defer srv.Close()
	require.NoError(t, srv.LoadState(bytes.NewReader(in)))
	var out bytes.Buffer
	require.NoError(t, srv.SaveState(&out))
	got, err := decodeSaved(&out)
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// TestSnapshotMirrorsState: every field of the state's structs has a
// field of the same name (case aside) in its saved mirror, so that a field
// added to the state and forgotten by the file fails here; the exceptions
// are named.
func TestSnapshotMirrorsState(t *testing.T) {
	t.Parallel()
	names := func(types ...reflect.Type) map[string]bool {
		out := map[string]bool{}
		for _, ty := range types {
			for i := range ty.NumField() {
				out[strings.ToLower(ty.Field(i).Name)] = true
			}
		}
		return out
	}
	pairs := []struct {
		state  reflect.Type
		saved  []reflect.Type
		exempt map[string]string
	}{
		{reflect.TypeFor[state](), []reflect.Type{reflect.TypeFor[savedState](), reflect.TypeFor[savedExportRecord]()}, map[string]string{
			"roomOrder": "the order of Rooms", "wareOrder": "the order of Coursewares",
			"live":    "not saved: a loaded live room gets its class back from its status and open attendance rows (classLocked)",
			"records": "Recordings", "wares": "Coursewares", "docs": "Documents",
		}},
		{reflect.TypeFor[room](), []reflect.Type{reflect.TypeFor[savedRoom]()}, nil},
		{reflect.TypeFor[group](), []reflect.Type{reflect.TypeFor[savedGroup]()}, nil},
		{reflect.TypeFor[rosterEntry](), []reflect.Type{reflect.TypeFor[savedRoster]()}, nil},
		{reflect.TypeFor[famousRoom](), []reflect.Type{reflect.TypeFor[savedFamous]()}, nil},
		{reflect.TypeFor[miniRoom](), []reflect.Type{reflect.TypeFor[savedMini]()}, nil},
		{reflect.TypeFor[teacher](), []reflect.Type{reflect.TypeFor[savedTeacher]()}, nil},
		{reflect.TypeFor[warmup](), []reflect.Type{reflect.TypeFor[savedWarmup]()}, nil},
	}
	for _, p := range pairs {
		have := names(p.saved...)
		for i := range p.state.NumField() {
			f := p.state.Field(i).Name
			if _, ok := p.exempt[f]; ok {
				continue
			}
			assert.True(t, have[strings.ToLower(f)], "%s.%s has no namesake in %v: the state file would lose it", p.state.Name(), f, p.saved)
		}
	}
}
