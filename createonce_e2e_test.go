package gensee_test

// End-to-end: Rooms.CreateOnce against the fake, whose faults apply a
// create and then lose its answer.

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

const (
	onceCreated = "/training/room/created"
	onceSync    = "/training/room/sync"
	onceInfo    = "/training/room/info"
)

// roomsWithSubject returns the ids of the fake's classrooms with subject
// created within the last hour (room/sync, by China-time day).
func roomsWithSubject(t *testing.T, c *gensee.Client, subject string) []string {
	t.Helper()
	now := time.Now().In(gensee.ChinaZone())
	var ids []string
	for day := gensee.DateOf(now.Add(-time.Hour)); day.DaysUntil(gensee.DateOf(now)) >= 0; day = day.AddDays(1) {
		for _, r := range collect(t, c.Rooms.SyncAll(t.Context(), &gensee.RoomSyncOptions{CreateTime: day})) {
			if r.Subject == subject {
				ids = append(ids, r.RoomID)
			}
		}
	}
	return ids
}

func onceRequest(subject string) *gensee.CreateRoomRequest {
	return &gensee.CreateRoomRequest{Subject: subject, StartDate: t0, Realtime: true}
}

func TestE2ECreateOnceAppliedAnswerLost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fault   genseetest.Fault
		timeout time.Duration // the client's deadline on each attempt; 0: the default
	}{
		{"the connection drops after the create", genseetest.Fault{DropAfterApply: true}, 0},
		{"a 502 page after the create", genseetest.Fault{StatusAfterApply: http.StatusBadGateway}, 0},
		{"the server stalls past the client's deadline after the create", genseetest.Fault{StallAfterApply: time.Hour}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			c := e.c
			if tt.timeout > 0 {
				c, _ = dial(t, e.srv.URL(), e.srv.LoginName(), e.srv.Password(), gensee.WithAttemptTimeout(tt.timeout))
			}
			const subject = "期末复习 一次"
			e.srv.Inject(onceCreated, 1, tt.fault)
			room, err := c.Rooms.CreateOnce(e.ctx, onceRequest(subject))
			require.NoError(t, err)
			assert.Equal(t, []string{room.ID}, roomsWithSubject(t, e.c, subject), "exactly one classroom, the one returned")
			assert.Len(t, e.requests(onceCreated), 1, "not sent again: the lookup found it")
			assert.Len(t, e.requests(onceInfo), 1, "read back in full")
			assert.NotEmpty(t, e.requests(onceSync))

			got, err := e.c.Rooms.Get(e.ctx, room.ID)
			require.NoError(t, err)
			assert.Equal(t, got, room)
			assert.Equal(t, subject, room.Subject)
			assert.NotEmpty(t, room.TeacherToken)
			assert.Equal(t, e.joinURL("s", room.Number), room.StudentJoinURL)
		})
	}
}

func TestE2ECreateOnceOlderRoomIsNotOurs(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64 // the fake's clock, behind real time by this much
	e := newEnv(t, genseetest.WithClock(func() time.Time { return time.Now().Add(-time.Duration(offset.Load())) }))
	const subject = "早已有之"
	offset.Store(int64(5 * time.Minute))
	older, err := e.c.Rooms.Create(e.ctx, onceRequest(subject))
	require.NoError(t, err)
	olderAt := time.Now().Add(-5 * time.Minute)
	offset.Store(0)

	// The create is refused as a duplicate, and that answer is lost.
	e.srv.Inject(onceCreated, 1, genseetest.Fault{DropAfterApply: true})
	room, err := e.c.Rooms.CreateOnce(e.ctx, onceRequest(subject))
	assert.Nil(t, room, "never the older room")
	require.Error(t, err)
	assert.ErrorIs(t, err, gensee.ErrDuplicate)
	assert.NotErrorIs(t, err, gensee.ErrOutcomeUnknown)
	assert.Equal(t, []string{older.ID}, roomsWithSubject(t, e.c, subject))
	assert.Empty(t, e.requests(onceInfo))
	if gensee.DateOf(olderAt.In(gensee.ChinaZone())) == gensee.DateOf(time.Now().In(gensee.ChinaZone())) {
		// The lookup lists the older room: nothing is sent again.
		assert.Len(t, e.requests(onceCreated), 2, "the older room's create and the lost one")
		assert.Contains(t, err.Error(), "taken by classroom "+older.ID)
	} else {
		// Just after China's midnight the older room is yesterday's: the
		// create is sent again and answered 502.
		assert.Len(t, e.requests(onceCreated), 3)
	}
}

func TestE2ECreateOnceNotAppliedIsSentAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const subject = "重发一次"
	e.srv.Inject(onceCreated, 1, genseetest.Fault{Drop: true}) // the connection drops before the endpoint runs
	room, err := e.c.Rooms.CreateOnce(e.ctx, onceRequest(subject))
	require.NoError(t, err)
	assert.Equal(t, []string{room.ID}, roomsWithSubject(t, e.c, subject))
	reqs := e.requests(onceCreated)
	require.Len(t, reqs, 2, "sent again, once")
	assert.Equal(t, reqs[0].Form, reqs[1].Form, "the same create")
	assert.Empty(t, e.requests(onceInfo), "the second create's answer is the room")
	assert.Equal(t, subject, room.Subject)

	// Lost both times, before the endpoint ran: two creates, no more, and
	// the lost answer.
	e.srv.Inject(onceCreated, 2, genseetest.Fault{Drop: true})
	room, err = e.c.Rooms.CreateOnce(e.ctx, onceRequest("两次都丢"))
	assert.Nil(t, room)
	assert.ErrorIs(t, err, gensee.ErrOutcomeUnknown)
	assert.Len(t, e.requests(onceCreated), 4)
	assert.Empty(t, roomsWithSubject(t, e.c, "两次都丢"))
}

func TestE2ECreateOnceLookupFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const subject = "查不到"
	e.srv.Inject(onceCreated, 1, genseetest.Fault{DropAfterApply: true})
	e.srv.Inject(onceSync, 3, genseetest.Fault{Code: 300, Message: "系统错误"}) // every attempt of the read
	room, err := e.c.Rooms.CreateOnce(e.ctx, onceRequest(subject))
	assert.Nil(t, room, "no guess")
	require.Error(t, err)
	assert.ErrorIs(t, err, gensee.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, gensee.ErrSystem)
	requireAPIError(t, err, onceSync, gensee.CodeSystemError, gensee.ErrSystem)
	assert.Len(t, e.requests(onceCreated), 1, "not sent again while the outcome is unknown")
	assert.Len(t, roomsWithSubject(t, e.c, subject), 1, "the create was applied")
}

// Each fault kind that applies a write and loses its answer gives the
// caller of a plain write ErrOutcomeUnknown, while the write was applied.
func TestE2EFaultsAfterApplyLoseTheAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  genseetest.Fault
		status int // the *HTTPError's status the lost answer wraps; 0: none
	}{
		{"DropAfterApply", genseetest.Fault{DropAfterApply: true}, 0},
		{"StatusAfterApply 502", genseetest.Fault{StatusAfterApply: http.StatusBadGateway}, http.StatusBadGateway},
		{"StatusAfterApply 504", genseetest.Fault{StatusAfterApply: http.StatusGatewayTimeout}, http.StatusGatewayTimeout},
		{"StallAfterApply", genseetest.Fault{StallAfterApply: time.Hour}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			c := e.c
			if tt.fault.StallAfterApply > 0 {
				c, _ = dial(t, e.srv.URL(), e.srv.LoginName(), e.srv.Password(), gensee.WithAttemptTimeout(300*time.Millisecond))
			}
			e.srv.Inject(onceCreated, 1, tt.fault)
			room, err := c.Rooms.Create(e.ctx, onceRequest("应用后丢失"))
			assert.Nil(t, room)
			require.Error(t, err)
			assert.ErrorIs(t, err, gensee.ErrOutcomeUnknown)
			assert.NotErrorIs(t, err, gensee.ErrNotSent)
			var he *gensee.HTTPError
			if tt.status != 0 {
				require.ErrorAs(t, err, &he)
				assert.Equal(t, tt.status, he.StatusCode)
			} else {
				assert.NotErrorAs(t, err, &he)
			}
			assert.Len(t, roomsWithSubject(t, e.c, "应用后丢失"), 1, "the write was applied")
			assert.Len(t, e.requests(onceCreated), 1, "a write whose answer was lost is not sent again")
		})
	}
}

// A create whose answer is lost after the classroom was made: CreateOnce
// finds it instead of guessing, and does not make a second one.
func ExampleRoomService_CreateOnce() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	// The site creates the classroom, then the connection drops.
	srv.Inject("/training/room/created", 1, genseetest.Fault{DropAfterApply: true})

	room, err := c.Rooms.CreateOnce(ctx, &gensee.CreateRoomRequest{
		Subject:   "高一数学 第3周 course-1042", // unique per site
		StartDate: time.Date(2024, 3, 1, 10, 0, 0, 0, gensee.ChinaZone()),
		Realtime:  true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(room.Subject)
	fmt.Println("creates sent:", len(srv.RequestsTo("/training/room/created")))
	// Output:
	// 高一数学 第3周 course-1042
	// creates sent: 1
}
