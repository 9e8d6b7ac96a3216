package gensee

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The unit tests of CreateOnce: the exact forms sent, in order, for each way
// a create's answer can be lost and found.

const (
	coCreate = "/training/room/created"
	coSync   = "/training/room/sync"
	coInfo   = "/training/room/info"
	coLost   = "<html><body><h1>502 Bad Gateway</h1></body></html>" // a gateway's page: no envelope
)

const coSubject = "高一数学 2026-12-08 #42"

func coRequest() *CreateRoomRequest {
	return &CreateRoomRequest{Subject: coSubject, StartDate: start1, Realtime: true}
}

// coCreateForm is the form of room/created for coRequest.
func coCreateForm() url.Values {
	return wantForm("subject", coSubject, "startDate", "1709258400000", "realtime", "true")
}

// coSyncBody lists a classroom of another subject and one with subject,
// created at created (a JSON value: epoch milliseconds, or null).
func coSyncBody(t *testing.T, subject, created string) string {
	return fmt.Sprintf(golden(t, "room/createonce/sync.json"), subject, time.Now().UnixMilli(), created)
}

// coNoneBody lists only a classroom of another subject.
func coNoneBody(t *testing.T) string {
	return fmt.Sprintf(golden(t, "room/createonce/sync_other.json"), time.Now().UnixMilli())
}

func coInfoBody(t *testing.T) string {
	return fmt.Sprintf(golden(t, "room/createonce/info.json"), coSubject)
}

func coMs(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// coDays is the room/sync form of each China-time day from a minute before
// from to a minute after to.
func coDays(from, to time.Time) []url.Values {
	var out []url.Values
	last := DateOf(to.Add(time.Minute).In(ChinaZone()))
	for d := DateOf(from.Add(-time.Minute).In(ChinaZone())); d.DaysUntil(last) >= 0; d = d.AddDays(1) {
		out = append(out, wantForm("pageNo", "1", "createTime", d.String()+" 00:00:00"))
	}
	return out
}

// coRoom is the classroom of info.json.
func coRoom() *Room {
	return &Room{
		ID: "mquQf2", Number: "34154643", Subject: coSubject, AssistantToken: "as2938471", StudentToken: "st4719",
		TeacherToken: "te8837261", StudentClientToken: "sc99182", StartDate: ms(start1), InvalidDate: ms(end1),
		WebJoin: true, ClientJoin: false, Action: true, Duration: 120,
		TeacherJoinURL: "http://demo.gensee.com/training/site/r/34154643",
		StudentJoinURL: "http://demo.gensee.com/training/site/s/34154643", GroupList: []*Group{},
	}
}

// coRun calls CreateOnce and returns the room, the paths and forms sent,
// the room/sync forms a lookup of the call would send, and the error.
func coRun(t *testing.T, h *harness) (*Room, []string, []url.Values, []url.Values, error) {
	t.Helper()
	before := time.Now()
	room, err := h.client.Rooms.CreateOnce(t.Context(), coRequest())
	after := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	return room, append([]string(nil), h.paths...), append([]url.Values(nil), h.forms...), coDays(before, after), err
}

// coSeq joins the forms of the steps of a call.
func coSeq(parts ...any) []url.Values {
	var out []url.Values
	for _, p := range parts {
		switch p := p.(type) {
		case url.Values:
			out = append(out, p)
		case []url.Values:
			out = append(out, p...)
		}
	}
	return out
}

// coRepeat returns n times path.
func coRepeat(path string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = path
	}
	return out
}

func TestCreateOnceAnswered(t *testing.T) {
	t.Run("created at once: one call, no lookup", func(t *testing.T) {
		h := setup(t)
		h.onGolden(coCreate, "room/created.json")
		room, paths, forms, _, err := coRun(t, h)
		require.NoError(t, err)
		assert.Equal(t, "mquQf2", room.ID)
		assert.Equal(t, coSubject, room.Subject)
		assert.Equal(t, []string{coCreate}, paths)
		assert.Equal(t, []url.Values{coCreateForm()}, forms)
	})
	t.Run("a 502 to the first create is someone else's room: no lookup", func(t *testing.T) {
		h := setup(t)
		h.on(coCreate, 200, apiErrorBody(CodeDuplicate, "重复数据"))
		room, paths, _, _, err := coRun(t, h)
		assert.Nil(t, room)
		assertAPIError(t, err, coCreate, CodeDuplicate, "重复数据", ErrDuplicate)
		assert.Equal(t, []string{coCreate}, paths)
	})
	t.Run("bad input: nothing sent", func(t *testing.T) {
		h := setup(t)
		_, err := h.client.Rooms.CreateOnce(t.Context(), &CreateRoomRequest{StartDate: start1})
		assertValidation(t, err, coCreate, "subject")
		_, err = h.client.Rooms.CreateOnce(t.Context(), nil)
		assertValidation(t, err, coCreate, "request")
		h.assertNothingSent()
	})
}

func TestCreateOnceLostAndFound(t *testing.T) {
	h := setup(t)
	h.on(coCreate, 502, coLost)
	h.onFunc(coSync, func(int) (int, string) { return 200, coSyncBody(t, coSubject, coMs(time.Now())) })
	h.on(coInfo, 200, coInfoBody(t))
	room, paths, forms, days, err := coRun(t, h)
	require.NoError(t, err)
	assert.Equal(t, coRoom(), room)
	assert.Equal(t, append(append([]string{coCreate}, coRepeat(coSync, len(days))...), coInfo), paths)
	assert.Equal(t, coSeq(coCreateForm(), days, wantForm("roomId", "mquQf2")), forms)
}

func TestCreateOnceSkewMargin(t *testing.T) {
	tests := []struct {
		name    string
		created time.Duration // the room's createTime, from now
		ours    bool
	}{
		{"created 30 s before the call began (the server's clock behind): ours", -30 * time.Second, true},
		{"created a second after: ours", time.Second, true},
		{"created 2 minutes before the call: older", -2 * time.Minute, false},
		{"created an hour before: older", -time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			h.on(coCreate, 502, coLost)
			h.onFunc(coSync, func(int) (int, string) {
				return 200, coSyncBody(t, coSubject, coMs(time.Now().Add(tt.created)))
			})
			h.on(coInfo, 200, coInfoBody(t))
			room, paths, _, days, err := coRun(t, h)
			if tt.ours {
				require.NoError(t, err)
				assert.Equal(t, "mquQf2", room.ID)
				return
			}
			assert.Nil(t, room, "never an older room")
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrDuplicate)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			assert.Contains(t, err.Error(), `subject "`+coSubject+`" taken by classroom mquQf2`)
			assert.Equal(t, append([]string{coCreate}, coRepeat(coSync, len(days))...), paths, "no second create, no room/info")
		})
	}
}

func TestCreateOnceNotFoundSendsAgainOnce(t *testing.T) {
	t.Run("the second create succeeds", func(t *testing.T) {
		h := setup(t)
		h.onFunc(coCreate, func(n int) (int, string) {
			if n == 1 {
				return 502, coLost
			}
			return 200, golden(t, "room/created.json")
		})
		h.onFunc(coSync, func(int) (int, string) { return 200, coNoneBody(t) })
		room, paths, forms, days, err := coRun(t, h)
		require.NoError(t, err)
		assert.Equal(t, "mquQf2", room.ID)
		assert.Equal(t, append(append([]string{coCreate}, coRepeat(coSync, len(days))...), coCreate), paths)
		assert.Equal(t, coSeq(coCreateForm(), days, coCreateForm()), forms, "the same create, sent again")
	})
	t.Run("a 502 to the second create: the first was applied late, and is found", func(t *testing.T) {
		h := setup(t)
		h.onFunc(coCreate, func(n int) (int, string) {
			if n == 1 {
				return 502, coLost
			}
			return 200, apiErrorBody(CodeDuplicate, "重复数据")
		})
		h.onFunc(coSync, func(n int) (int, string) {
			if n == 1 {
				return 200, coNoneBody(t)
			}
			return 200, coSyncBody(t, coSubject, coMs(time.Now()))
		})
		h.on(coInfo, 200, coInfoBody(t))
		room, paths, _, days, err := coRun(t, h)
		require.NoError(t, err)
		assert.Equal(t, coRoom(), room)
		syncs := coRepeat(coSync, len(days))
		want := append(append(append(append([]string{coCreate}, syncs...), coCreate), syncs...), coInfo)
		assert.Equal(t, want, paths)
	})
	t.Run("a 502 to the second create and an older room: the 502", func(t *testing.T) {
		h := setup(t)
		h.onFunc(coCreate, func(n int) (int, string) {
			if n == 1 {
				return 502, coLost
			}
			return 200, apiErrorBody(CodeDuplicate, "重复数据")
		})
		h.onFunc(coSync, func(n int) (int, string) {
			if n == 1 {
				return 200, coNoneBody(t)
			}
			return 200, coSyncBody(t, coSubject, coMs(time.Now().Add(-time.Hour)))
		})
		room, _, _, _, err := coRun(t, h)
		assert.Nil(t, room)
		assertAPIError(t, err, coCreate, CodeDuplicate, "重复数据", ErrDuplicate)
	})
	t.Run("lost twice, found neither time: the second lost answer, two creates only", func(t *testing.T) {
		h := setup(t)
		h.on(coCreate, 502, coLost)
		h.onFunc(coSync, func(int) (int, string) { return 200, coNoneBody(t) })
		room, paths, _, days, err := coRun(t, h)
		assert.Nil(t, room)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		var he *HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 502, he.StatusCode)
		syncs := coRepeat(coSync, len(days))
		assert.Equal(t, append(append(append([]string{coCreate}, syncs...), coCreate), syncs...), paths)
	})
}

func TestCreateOnceLookupFails(t *testing.T) {
	t.Run("room/sync answers an error", func(t *testing.T) {
		h := setup(t)
		h.on(coCreate, 502, coLost)
		h.on(coSync, 200, apiErrorBody(CodeSystemError, "系统错误"))
		room, paths, _, _, err := coRun(t, h)
		assert.Nil(t, room)
		assert.ErrorIs(t, err, ErrOutcomeUnknown, "the create's lost answer")
		assertAPIError(t, err, coSync, CodeSystemError, "系统错误", ErrSystem)
		assert.NotErrorIs(t, err, ErrDuplicate)
		assert.Equal(t, []string{coCreate, coSync}, paths, "no guess: nothing sent again")
		assert.Contains(t, err.Error(), `looking subject "`+coSubject+`" up through /training/room/sync`)
	})
	t.Run("room/sync lists the subject without a creation time", func(t *testing.T) {
		h := setup(t)
		h.on(coCreate, 502, coLost)
		h.onFunc(coSync, func(int) (int, string) { return 200, coSyncBody(t, coSubject, "null") })
		room, paths, _, _, err := coRun(t, h)
		assert.Nil(t, room)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.NotErrorIs(t, err, ErrDuplicate)
		assert.Contains(t, err.Error(), "lists classroom mquQf2 with subject")
		assert.Equal(t, []string{coCreate, coSync}, paths)
	})
	t.Run("the context ends during the lookup", func(t *testing.T) {
		h := setup(t)
		ctx, cancel := context.WithCancel(t.Context())
		h.onFunc(coCreate, func(int) (int, string) { cancel(); return 502, coLost })
		h.on(coSync, 200, coNoneBody(t))
		room, err := h.client.Rooms.CreateOnce(ctx, coRequest())
		assert.Nil(t, room)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, h.calls(), "neither a lookup nor a second create")
	})
	t.Run("room/info fails after the room was found: what room/sync listed", func(t *testing.T) {
		h := setup(t)
		h.on(coCreate, 502, coLost)
		h.onFunc(coSync, func(int) (int, string) { return 200, coSyncBody(t, coSubject, coMs(time.Now())) })
		h.on(coInfo, 200, apiErrorBody(CodeSystemError, "系统错误"))
		room, paths, _, _, err := coRun(t, h)
		require.NoError(t, err, "the classroom exists and is this call's")
		assert.Equal(t, &Room{
			ID: "mquQf2", Number: "34154643", Subject: coSubject, AssistantToken: "as2938471", StudentToken: "st4719",
			TeacherToken: "te8837261", StudentClientToken: "sc99182", StartDate: ms(start1),
			TeacherJoinURL: "http://demo.gensee.com/training/site/r/34154643",
			StudentJoinURL: "http://demo.gensee.com/training/site/s/34154643",
			WebJoin:        true, ClientJoin: false, Action: true, Duration: 120,
		}, room)
		assert.Equal(t, coInfo, paths[len(paths)-1])
	})
}

func TestCreateOnceLookupDays(t *testing.T) {
	// A call that began 25 hours ago spans two or three China-time days:
	// each is looked up, in order.
	h := setup(t)
	h.onFunc(coSync, func(int) (int, string) { return 200, coNoneBody(t) })
	began := time.Now().Add(-25 * time.Hour)
	ours, older, err := h.client.Rooms.createdSince(t.Context(), coSubject, began)
	after := time.Now()
	require.NoError(t, err)
	assert.Nil(t, ours)
	assert.Nil(t, older)
	h.mu.Lock()
	defer h.mu.Unlock()
	want := coDays(began, after)
	assert.GreaterOrEqual(t, len(want), 2)
	assert.Equal(t, want, h.forms)
}
