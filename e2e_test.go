package gensee_test

// The end-to-end suite: every SDK method, as a user calls it, against the
// fake server of package genseetest. It uses only the public API.

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// t0 is the reference time of the seeded data: a Monday morning in China.
var t0 = time.Date(2024, time.May, 20, 9, 0, 0, 0, gensee.ChinaZone())

var eightDigits = regexp.MustCompile(`^[0-9]{8}$`)

// msText is t as the client sends it: epoch milliseconds.
func msText(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// fastRetry is a retry policy that keeps the suite fast.
func fastRetry() gensee.Option {
	return gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
}

// env is one fake server and a client of it.
type env struct {
	t   *testing.T
	ctx context.Context
	srv *genseetest.Server
	c   *gensee.Client
}

func newEnv(t *testing.T, opts ...genseetest.Option) *env {
	t.Helper()
	srv := genseetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return &env{t: t, ctx: t.Context(), srv: srv, c: srv.Client(fastRetry())}
}

// wrong is a client of the server with a wrong password.
func (e *env) wrong() *gensee.Client {
	e.t.Helper()
	c, err := gensee.NewClient(e.srv.URL(), e.srv.LoginName(), "wrong-password", fastRetry())
	require.NoError(e.t, err)
	return c
}

// joinURL is the join URL the site gives: kind "r" (teachers) or "s"
// (students).
func (e *env) joinURL(kind, number string) string {
	return e.srv.URL() + "/training/site/" + kind + "/" + number
}

// requests returns the requests sent to path. Every request the server got
// is checked on the way: a form POST whose password was scrubbed, with
// neither the password nor its digest in any other value.
func (e *env) requests(path string) []genseetest.Request {
	e.t.Helper()
	digest := md5Hex(e.srv.Password())
	var out []genseetest.Request
	for _, r := range e.srv.Requests() {
		assert.Equal(e.t, "POST", r.Method, r.Path)
		assert.True(e.t, strings.HasPrefix(r.ContentType, "application/x-www-form-urlencoded"), "%s: %s", r.Path, r.ContentType)
		assert.Equal(e.t, []string{"***"}, r.Form["password"], r.Path)
		assert.Equal(e.t, "gensee-go/"+gensee.Version, r.UserAgent, r.Path)
		for k, vs := range r.Form {
			for _, v := range vs {
				assert.NotContains(e.t, v, e.srv.Password(), "%s: %s", r.Path, k)
				assert.NotContains(e.t, v, digest, "%s: %s", r.Path, k)
			}
		}
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// sent returns the form of the last request sent to path, checked to carry
// the site's login name and sec=true.
func (e *env) sent(path string) url.Values {
	e.t.Helper()
	reqs := e.requests(path)
	require.NotEmpty(e.t, reqs, "nothing was sent to %s", path)
	f := reqs[len(reqs)-1].Form
	assert.Equal(e.t, e.srv.LoginName(), f.Get("loginName"), path)
	assert.Equal(e.t, "true", f.Get("sec"), path)
	return f
}

// assertForm checks that each key of want was sent with that one value.
func assertForm(t *testing.T, f url.Values, want map[string]string) {
	t.Helper()
	for k, v := range want {
		assert.Equal(t, []string{v}, f[k], "form value %q", k)
	}
}

// assertNotSent checks that none of keys was sent.
func assertNotSent(t *testing.T, f url.Values, keys ...string) {
	t.Helper()
	for _, k := range keys {
		assert.NotContains(t, f, k, "form value %q should not be sent", k)
	}
}

// assertJSONForm checks that the form value key holds the JSON text want.
func assertJSONForm(t *testing.T, f url.Values, key, want string) {
	t.Helper()
	require.Len(t, f[key], 1, "form value %q", key)
	assert.JSONEq(t, want, f.Get(key), "form value %q", key)
}

func sameTime(t *testing.T, want time.Time, got gensee.Time, msgAndArgs ...any) {
	t.Helper()
	assert.True(t, want.Equal(got.Time), "want %v, got %v %v", want, got.Time, fmt.Sprint(msgAndArgs...))
}

// requireAPIError checks that err is the *gensee.APIError of path with code,
// matching sentinel, and that it does not leak the password.
func requireAPIError(t *testing.T, err error, path string, code gensee.Code, sentinel error) {
	t.Helper()
	require.Error(t, err)
	var ae *gensee.APIError
	require.ErrorAs(t, err, &ae, "%v", err)
	assert.Equal(t, code, ae.Code, "%v", err)
	assert.Equal(t, path, ae.Endpoint)
	assert.ErrorIs(t, err, sentinel)
	assert.NotContains(t, err.Error(), genseetest.DefaultPassword)
	assert.NotContains(t, err.Error(), md5Hex(genseetest.DefaultPassword))
}

// collect ranges over seq and requires no error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// onlyError ranges over seq, which must yield exactly one error and no
// item, and returns the error.
func onlyError[T any](seq iter.Seq2[T, error]) error {
	var errs []error
	items := 0
	for _, err := range seq {
		if err != nil {
			errs = append(errs, err)
		} else {
			items++
		}
	}
	if items != 0 || len(errs) != 1 {
		return fmt.Errorf("the iterator yielded %d items and %d errors (%v), want one error", items, len(errs), errs)
	}
	return errs[0]
}

// pageNos returns the pageNo values sent to path, in order.
func (e *env) pageNos(path string) []string {
	e.t.Helper()
	var out []string
	for _, r := range e.requests(path) {
		out = append(out, r.Form.Get("pageNo"))
	}
	return out
}

// methodCase is one SDK method: a successful call, and a call the fake
// answers with a documented error.
type methodCase struct {
	method string // as users write it, such as "Rooms.Create"
	path   string // the endpoint it calls
	// ok seeds what the call needs, calls it, and checks the decoded
	// result and what was sent.
	ok func(t *testing.T, e *env)
	// fail calls the method so that the fake answers code.
	fail func(t *testing.T, e *env) error
	code gensee.Code
	is   error // the sentinel the error matches
}

// nf is the usual documented error: an unknown id.
func nf(mc methodCase) methodCase {
	mc.code, mc.is = gensee.CodeNotFound, gensee.ErrNotFound
	return mc
}

// auth is the error of methods with no natural business error: wrong
// credentials.
func auth(mc methodCase) methodCase {
	mc.code, mc.is = gensee.CodeAuthFailed, gensee.ErrAuth
	return mc
}

// everyMethod lists the SDK's methods, …All iterators included.
func everyMethod() []methodCase {
	var all []methodCase
	all = append(all, roomCases()...)
	all = append(all, contentCases()...)
	all = append(all, exportCases()...)
	all = append(all, classCases()...)
	return all
}

func TestE2EEveryMethod(t *testing.T) {
	t.Parallel()
	cases := everyMethod()
	names := map[string]bool{}
	for _, mc := range cases {
		assert.False(t, names[mc.method], "%s is listed twice", mc.method)
		names[mc.method] = true
	}
	// 59 endpoints, 10 of them with an …All iterator beside the one-page
	// method.
	assert.Len(t, cases, 69)

	for _, mc := range cases {
		t.Run(mc.method, func(t *testing.T) {
			t.Parallel()
			t.Run("ok", func(t *testing.T) {
				e := newEnv(t)
				mc.ok(t, e)
				assert.NotEmpty(t, e.requests(mc.path), "%s sent nothing to %s", mc.method, mc.path)
			})
			t.Run("error", func(t *testing.T) {
				e := newEnv(t)
				err := mc.fail(t, e)
				requireAPIError(t, err, mc.path, mc.code, mc.is)
				assert.NotEmpty(t, e.requests(mc.path), "%s sent nothing to %s", mc.method, mc.path)
			})
		})
	}
}

func TestE2EEndpointCoverage(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	sent := map[string]bool{}
	t.Run("methods", func(t *testing.T) {
		for _, mc := range everyMethod() {
			t.Run(mc.method, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				mc.ok(t, e)
				// The method's own endpoint answered: mc.ok requires
				// its call to succeed.
				if len(e.requests(mc.path)) > 0 {
					mu.Lock()
					sent[mc.path] = true
					mu.Unlock()
				}
			})
		}
	})
	var paths []string
	for p := range sent {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	assert.Len(t, genseetest.Endpoints(), 59)
	assert.Equal(t, genseetest.Endpoints(), paths)
}

// ---------------------------------------------------------------------------
// Rooms

func createRoomRequest(subject string) *gensee.CreateRoomRequest {
	return &gensee.CreateRoomRequest{
		Subject:            subject,
		StartDate:          t0,
		InvalidDate:        t0.Add(3 * time.Hour),
		Realtime:           true,
		TeacherToken:       "111111",
		AssistantToken:     "222222",
		StudentToken:       "333333",
		StudentClientToken: "444444",
		Description:        "函数与导数",
		WebJoin:            gensee.Ptr(true),
		ClientJoin:         gensee.Ptr(false),
		Duration:           gensee.Ptr(90),
		Scene:              gensee.Ptr(gensee.SceneSmallClass),
		UIMode:             gensee.Ptr(gensee.UIModeDocOrVideo),
		AACSupport:         gensee.Ptr(true),
	}
}

// seedRooms adds n rooms named room-000… and returns their ids.
func seedRooms(e *env, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.srv.AddRoom(fmt.Sprintf("room-%03d", i))
	}
	return ids
}

func roomCases() []methodCase {
	return []methodCase{
		{
			method: "Rooms.Create", path: "/training/room/created",
			ok: func(t *testing.T, e *env) {
				r, err := e.c.Rooms.Create(e.ctx, createRoomRequest("高一数学"))
				require.NoError(t, err)
				assert.NotEmpty(t, r.ID)
				assert.Regexp(t, eightDigits, r.Number)
				assert.Equal(t, e.joinURL("r", r.Number), r.TeacherJoinURL)
				assert.Equal(t, e.joinURL("s", r.Number), r.StudentJoinURL)
				assert.Equal(t, "111111", r.TeacherToken)
				assert.Equal(t, "222222", r.AssistantToken)
				assert.Equal(t, "333333", r.StudentToken)
				assert.Equal(t, "444444", r.StudentClientToken)
				assert.True(t, r.WebJoin)
				assert.False(t, r.ClientJoin)
				assert.Equal(t, gensee.SceneSmallClass, r.Scene)
				sameTime(t, t0, r.StartDate)
				sameTime(t, t0.Add(3*time.Hour), r.InvalidDate)

				got, err := e.c.Rooms.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.Equal(t, "高一数学", got.Subject)
				assert.Equal(t, r.Number, got.Number)
				assert.Equal(t, r.TeacherJoinURL, got.TeacherJoinURL)
				assert.Equal(t, r.StudentJoinURL, got.StudentJoinURL)
				assert.Equal(t, []string{"111111", "222222", "333333", "444444"},
					[]string{got.TeacherToken, got.AssistantToken, got.StudentToken, got.StudentClientToken})
				assert.Equal(t, 90, got.Duration)
				assert.True(t, got.AACSupport)
				assert.Empty(t, got.GroupList)

				f := e.sent("/training/room/created")
				assertForm(t, f, map[string]string{
					"subject": "高一数学", "startDate": msText(t0), "invalidDate": msText(t0.Add(3 * time.Hour)),
					"realtime": "true", "teacherToken": "111111", "assistantToken": "222222",
					"studentToken": "333333", "studentClientToken": "444444", "webJoin": "true",
					"clientJoin": "false", "duration": "90", "scene": "1", "uiMode": "2", "aacSupport": "true",
					"description": "函数与导数",
				})
				assertNotSent(t, f, "uiColor", "maxAttendees", "fullScreenMode")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "同名课堂", StartDate: t0, Realtime: true})
				require.NoError(t, err)
				_, err = e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "同名课堂", StartDate: t0, Realtime: true})
				return err
			},
			code: gensee.CodeDuplicate, is: gensee.ErrDuplicate,
		},
		nf(methodCase{
			method: "Rooms.Modify", path: "/training/room/modify",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("旧名称")
				err := e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{
					ID: id, Subject: "新名称", StartDate: t0.Add(time.Hour), Realtime: gensee.Ptr(true),
					TeacherToken: "555555", Duration: gensee.Ptr(45), WebJoin: gensee.Ptr(false),
				})
				require.NoError(t, err)
				got, err := e.c.Rooms.Get(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, "新名称", got.Subject)
				assert.Equal(t, "555555", got.TeacherToken)
				assert.Equal(t, 45, got.Duration)
				assert.False(t, got.WebJoin)
				assert.True(t, got.ClientJoin)
				sameTime(t, t0.Add(time.Hour), got.StartDate)

				f := e.sent("/training/room/modify")
				assertForm(t, f, map[string]string{
					"id": id, "subject": "新名称", "startDate": msText(t0.Add(time.Hour)), "realtime": "true",
					"teacherToken": "555555", "duration": "45", "webJoin": "false",
				})
				assertNotSent(t, f, "clientJoin", "assistantToken", "invalidDate")
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{ID: "noSuchRoom", Subject: "x", StartDate: t0, Realtime: gensee.Ptr(true)})
			},
		}),
		nf(methodCase{
			method: "Rooms.Delete", path: "/training/room/deleted",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("要删除的课堂")
				require.NoError(t, e.c.Rooms.Delete(e.ctx, id))
				assertForm(t, e.sent("/training/room/deleted"), map[string]string{"roomId": id})
				_, err := e.c.Rooms.Get(e.ctx, id)
				requireAPIError(t, err, "/training/room/info", gensee.CodeNotFound, gensee.ErrNotFound)
			},
			fail: func(t *testing.T, e *env) error { return e.c.Rooms.Delete(e.ctx, "noSuchRoom") },
		}),
		nf(methodCase{
			method: "Rooms.Get", path: "/training/room/info",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("物理实验课")
				r, err := e.c.Rooms.Get(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, id, r.ID)
				assert.Equal(t, "物理实验课", r.Subject)
				assert.Regexp(t, eightDigits, r.Number)
				assert.Equal(t, e.joinURL("r", r.Number), r.TeacherJoinURL)
				assert.Equal(t, e.joinURL("s", r.Number), r.StudentJoinURL)
				assert.Regexp(t, `^[0-9]{6}$`, r.TeacherToken)
				assert.Regexp(t, `^[0-9]{6}$`, r.AssistantToken)
				assert.NotEqual(t, r.TeacherToken, r.AssistantToken)
				assert.True(t, r.WebJoin)
				assert.True(t, r.ClientJoin)
				assert.True(t, r.Action)
				assert.NotNil(t, r.GroupList)
				assert.Empty(t, r.GroupList)
				assertForm(t, e.sent("/training/room/info"), map[string]string{"roomId": id})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Rooms.Get(e.ctx, "noSuchRoom")
				return err
			},
		}),
		nf(methodCase{
			method: "Rooms.SetTelConf", path: "/training/room/telconf",
			ok: func(t *testing.T, e *env) {
				r, err := e.c.Rooms.Create(e.ctx, createRoomRequest("电话会议课堂"))
				require.NoError(t, err)
				err = e.c.Rooms.SetTelConf(e.ctx, &gensee.TelConfRequest{
					RoomID: r.ID, SiteName: "263site", SitePassword: "site-pw-263", CallinSupport: gensee.Ptr(true),
					CallinNum: "4008001234", HostPasscode: "1234", GuestPasscode: "5678",
				})
				require.NoError(t, err)
				got, err := e.c.Rooms.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.False(t, got.AACSupport, "telconf forces AAC off")
				require.ErrorIs(t, e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{
					ID: r.ID, Subject: "电话会议课堂", StartDate: t0, Realtime: gensee.Ptr(true), AACSupport: gensee.Ptr(true),
				}), gensee.ErrNotApplied, "the server ignores it; Modify reads it back and says so")
				got, err = e.c.Rooms.Get(e.ctx, r.ID)
				require.NoError(t, err)
				assert.False(t, got.AACSupport, "a change of aacSupport is ignored once telconf is set")
				assertForm(t, e.sent("/training/room/telconf"), map[string]string{
					"roomId": r.ID, "siteName": "263site", "sitePassword": "site-pw-263", "callinSupport": "true",
					"callinNum": "4008001234", "hostPasscode": "1234", "guestPasscode": "5678",
				})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.SetTelConf(e.ctx, &gensee.TelConfRequest{RoomID: "noSuchRoom", SiteName: "a", SitePassword: "b"})
			},
		}),
		nf(methodCase{
			method: "Rooms.Status", path: "/training/query/status",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("直播中")
				st, err := e.c.Rooms.Status(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, gensee.LiveStatusIdle, st)
				require.NoError(t, e.srv.SetRoomStatus(id, 2))
				st, err = e.c.Rooms.Status(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, gensee.LiveStatusLive, st)
				assertForm(t, e.sent("/training/query/status"), map[string]string{"roomId": id})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Rooms.Status(e.ctx, "noSuchRoom")
				return err
			},
		}),
		auth(methodCase{
			method: "Rooms.Sync", path: "/training/room/sync",
			ok: func(t *testing.T, e *env) {
				ids := seedRooms(e, 120)
				p, err := e.c.Rooms.Sync(e.ctx, &gensee.RoomSyncOptions{PageNo: 2})
				require.NoError(t, err)
				assert.Equal(t, 2, p.PageNo)
				assert.Equal(t, 3, p.TotalPages)
				assert.Equal(t, 120, p.TotalCounts)
				assert.True(t, p.HasNext())
				require.Len(t, p.Items, 50)
				for i, it := range p.Items {
					assert.Equal(t, ids[50+i], it.RoomID)
					assert.Equal(t, fmt.Sprintf("room-%03d", 50+i), it.Subject)
					assert.Regexp(t, eightDigits, it.Code)
					assert.Equal(t, e.joinURL("r", it.Code), it.TeacherJoinURL)
					assert.Equal(t, e.joinURL("s", it.Code), it.StudentJoinURL)
					assert.Equal(t, 3, it.LoginType)
					assert.False(t, it.CreateTime.IsZero())
				}
				f := e.sent("/training/room/sync")
				assertForm(t, f, map[string]string{"pageNo": "2"})
				assertNotSent(t, f, "createTime", "status", "finished")

				require.NoError(t, e.srv.SetRoomStatus(ids[7], 2))
				p, err = e.c.Rooms.Sync(e.ctx, &gensee.RoomSyncOptions{Status: gensee.Ptr(gensee.RoomStatusStarted), CreateTime: gensee.DateOf(time.Now().In(t0.Location()))})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				assert.Equal(t, ids[7], p.Items[0].RoomID)
				assert.Equal(t, gensee.RoomStatusStarted, p.Items[0].Status)
				assertForm(t, e.sent("/training/room/sync"), map[string]string{"status": "2"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Rooms.Sync(e.ctx, nil)
				return err
			},
		}),
		auth(methodCase{
			method: "Rooms.SyncAll", path: "/training/room/sync",
			ok: func(t *testing.T, e *env) {
				ids := seedRooms(e, 120)
				var got []string
				for _, it := range collect(t, e.c.Rooms.SyncAll(e.ctx, nil)) {
					got = append(got, it.RoomID)
				}
				assert.Equal(t, ids, got)
				assert.Len(t, e.pageNos("/training/room/sync"), 3)
				assert.Equal(t, "3", e.sent("/training/room/sync").Get("pageNo"))
			},
			fail: func(t *testing.T, e *env) error { return onlyError(e.wrong().Rooms.SyncAll(e.ctx, nil)) },
		}),
		nf(methodCase{
			method: "Rooms.SetStudentList", path: "/training/room/student/list",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddRoom("花名册")
				groups, err := e.c.Groups.Create(e.ctx, id, 2)
				require.NoError(t, err)
				err = e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
					RoomID: id, GroupCode: groups[1].Code, Cover: gensee.Ptr(true), ExpireTime: gensee.Ptr(30),
					Students: []gensee.Student{{ID: 1001, Name: "张三"}, {ID: 1002, Name: "李四"}},
				})
				require.NoError(t, err)
				f := e.sent("/training/room/student/list")
				assertForm(t, f, map[string]string{"roomId": id, "groupCode": groups[1].Code, "cover": "true", "expireTime": "30"})
				assertJSONForm(t, f, "studentListInfo", `[{"id":1001,"name":"张三"},{"id":1002,"name":"李四"}]`)
			},
			fail: func(t *testing.T, e *env) error {
				id := e.srv.AddRoom("花名册")
				return e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
					RoomID: id, GroupCode: "noSuchGroup", Students: []gensee.Student{{ID: 1, Name: "a"}},
				})
			},
		}),
		nf(methodCase{
			method: "Rooms.AddRelay", path: "/training/relay/add",
			ok: func(t *testing.T, e *env) {
				a, b := e.srv.AddRoom("主会场"), e.srv.AddRoom("分会场")
				require.NoError(t, e.c.Rooms.AddRelay(e.ctx, a, b))
				assertForm(t, e.sent("/training/relay/add"), map[string]string{"roomId": a, "relayId": b})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.AddRelay(e.ctx, e.srv.AddRoom("主会场"), "noSuchRoom")
			},
		}),
		nf(methodCase{
			method: "Rooms.RemoveRelay", path: "/training/relay/remove",
			ok: func(t *testing.T, e *env) {
				a, b := e.srv.AddRoom("主会场"), e.srv.AddRoom("分会场")
				require.NoError(t, e.c.Rooms.AddRelay(e.ctx, a, b))
				require.NoError(t, e.c.Rooms.RemoveRelay(e.ctx, a, b))
				assertForm(t, e.sent("/training/relay/remove"), map[string]string{"roomId": a, "relayId": b})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Rooms.RemoveRelay(e.ctx, "noSuchRoom", e.srv.AddRoom("分会场"))
			},
		}),
	}
}

// ---------------------------------------------------------------------------
// Coursewares, recordings, documents, warm-ups, teachers

// seedCoursewares adds n coursewares cw000… of room, created a minute apart
// from t0, and returns them as seeded.
func seedCoursewares(e *env, room string, n int) []genseetest.Courseware {
	out := make([]genseetest.Courseware, n)
	for i := range out {
		c := genseetest.Courseware{
			ID: fmt.Sprintf("cw%03d", i), Subject: fmt.Sprintf("回放 %d", i), RoomID: room,
			Token: "8888", Description: "第" + strconv.Itoa(i) + "讲", CreatorID: 42, RecordID: int64(5000 + i),
			CreatedTime: t0.Add(time.Duration(i) * time.Minute), Duration: int64(60000 * (i + 1)),
			GrType: 0, ConvertResult: 1, Plan: "议程", SpeakerInfo: "王老师",
		}
		c.ID = e.srv.AddCourseware(c)
		out[i] = c
	}
	return out
}

// seedRecordings adds n recordings with ids 5000… created a minute apart
// from t0.
func seedRecordings(e *env, room string, n int) []genseetest.Recording {
	out := make([]genseetest.Recording, n)
	for i := range out {
		r := genseetest.Recording{
			ID: int64(5000 + i), Name: fmt.Sprintf("录制件 %d", i), RoomID: room,
			StartTime: t0.Add(-time.Hour), EndTime: t0.Add(-time.Hour + time.Duration(i+1)*time.Minute),
			CreatedTime: t0.Add(time.Duration(i) * time.Minute), Size: int64(1 << 20 * (i + 1)), CreatorID: 42,
		}
		r.ID = e.srv.AddRecording(r)
		out[i] = r
	}
	return out
}

// seedDocuments adds n documents with ids 7000… created a minute apart from t0.
func seedDocuments(e *env, n int) []genseetest.Document {
	out := make([]genseetest.Document, n)
	for i := range out {
		d := genseetest.Document{
			ID: int64(7000 + i), Name: fmt.Sprintf("讲义%d.pptx", i), Upload: i%2 == 0,
			CreatedTime: t0.Add(time.Duration(i) * time.Minute), ConvCode: gensee.ConvCode(i % 3),
		}
		d.ID = e.srv.AddDocument(d)
		out[i] = d
	}
	return out
}

func assertCourseware(t *testing.T, want genseetest.Courseware, got *gensee.Courseware) {
	t.Helper()
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.Subject, got.Subject)
	assert.Equal(t, want.RoomID, got.RoomID)
	assert.Equal(t, want.Token, got.Token)
	assert.Equal(t, want.Description, got.Description)
	assert.Regexp(t, `/training/site/v/`+regexp.QuoteMeta(got.Number)+`$`, got.URL)
}

func createWarmup(t *testing.T, e *env) (room string, rec int64, w *gensee.Warmup) {
	t.Helper()
	room = e.srv.AddRoom("暖场课堂")
	rec = e.srv.AddRecording(genseetest.Recording{Name: "暖场视频", RoomID: room})
	w, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "暖场", RecordID: rec})
	require.NoError(t, err)
	return room, rec, w
}

func teacherRequest(password string) *gensee.TeacherRequest {
	return &gensee.TeacherRequest{
		TeacherLoginName: "teacher1@demo", TeacherPassword: password, Name: "王老师",
		MaxPoints: gensee.Ptr(10), MaxVodPoints: gensee.Ptr(int64(20)),
		ValidDate: t0, InvalidDate: t0.AddDate(1, 0, 0),
	}
}

// teacherCanLogIn reports whether the teacher's credentials open the site.
func teacherCanLogIn(t *testing.T, e *env, password string) error {
	t.Helper()
	c, err := gensee.NewClient(e.srv.URL(), "teacher1@demo", password, fastRetry())
	require.NoError(t, err)
	_, err = c.Rooms.Sync(e.ctx, nil)
	return err
}

func contentCases() []methodCase {
	return []methodCase{
		nf(methodCase{
			method: "Coursewares.List", path: "/training/courseware/list",
			ok: func(t *testing.T, e *env) {
				room, other := e.srv.AddRoom("课件课堂"), e.srv.AddRoom("别的课堂")
				seeded := seedCoursewares(e, room, 3)
				e.srv.AddCourseware(genseetest.Courseware{ID: "elsewhere", Subject: "别处", RoomID: other})
				list, err := e.c.Coursewares.List(e.ctx, room)
				require.NoError(t, err)
				require.Len(t, list, 3)
				for i, cw := range list {
					assertCourseware(t, seeded[i], cw)
					assert.Equal(t, seeded[i].RecordID, cw.RecordID)
					assert.Equal(t, seeded[i].Duration, cw.Duration)
					sameTime(t, seeded[i].CreatedTime, cw.CreatedTime)
				}
				assertForm(t, e.sent("/training/courseware/list"), map[string]string{"roomId": room})

				empty, err := e.c.Coursewares.List(e.ctx, e.srv.AddRoom("还没有录制"))
				require.NoError(t, err)
				assert.NotNil(t, empty)
				assert.Empty(t, empty)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.List(e.ctx, "noSuchRoom")
				return err
			},
		}),
		nf(methodCase{
			method: "Coursewares.Get", path: "/training/courseware/info",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 2)
				cw, err := e.c.Coursewares.Get(e.ctx, seeded[1].ID)
				require.NoError(t, err)
				assertCourseware(t, seeded[1], cw)
				assert.Equal(t, e.srv.URL()+"/training/site/v/"+cw.Number, cw.URL)
				assert.Equal(t, int64(42), cw.Creator)
				assertForm(t, e.sent("/training/courseware/info"), map[string]string{"coursewareId": seeded[1].ID})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.Get(e.ctx, "noSuchWare")
				return err
			},
		}),
		nf(methodCase{
			method: "Coursewares.Modify", path: "/training/courseware/modify",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 1)
				err := e.c.Coursewares.Modify(e.ctx, &gensee.ModifyCoursewareRequest{
					ID: seeded[0].ID, Subject: "改过的名字", Token: "9999",
					UIMode: gensee.Ptr(gensee.UIModeThreePane), AutoPlay: gensee.Ptr(false),
				})
				require.NoError(t, err)
				cw, err := e.c.Coursewares.Get(e.ctx, seeded[0].ID)
				require.NoError(t, err)
				assert.Equal(t, "改过的名字", cw.Subject)
				assert.Equal(t, "9999", cw.Token)
				f := e.sent("/training/courseware/modify")
				assertForm(t, f, map[string]string{"id": seeded[0].ID, "subject": "改过的名字", "token": "9999", "uiMode": "1", "autoPlay": "false"})
				assertNotSent(t, f, "uiVideo", "mobileMode")
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Coursewares.Modify(e.ctx, &gensee.ModifyCoursewareRequest{ID: "noSuchWare", Subject: "x"})
			},
		}),
		nf(methodCase{
			method: "Coursewares.Delete", path: "/training/courseware/deleted",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 2)
				require.NoError(t, e.c.Coursewares.Delete(e.ctx, seeded[0].ID))
				assertForm(t, e.sent("/training/courseware/deleted"), map[string]string{"coursewareId": seeded[0].ID})
				_, err := e.c.Coursewares.Get(e.ctx, seeded[0].ID)
				requireAPIError(t, err, "/training/courseware/info", gensee.CodeNotFound, gensee.ErrNotFound)
				_, err = e.c.Coursewares.Get(e.ctx, seeded[1].ID)
				require.NoError(t, err)
			},
			fail: func(t *testing.T, e *env) error { return e.c.Coursewares.Delete(e.ctx, "noSuchWare") },
		}),
		auth(methodCase{
			method: "Coursewares.Sync", path: "/training/courseware/syn",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("课件课堂")
				seeded := seedCoursewares(e, room, 60)
				e.srv.AddCourseware(genseetest.Courseware{ID: "old", RoomID: room, CreatedTime: t0.Add(-48 * time.Hour)})
				p, err := e.c.Coursewares.Sync(e.ctx, &gensee.SyncOptions{PageNo: 2, StartTime: t0, EndTime: t0.Add(2 * time.Hour)})
				require.NoError(t, err)
				assert.Equal(t, 2, p.PageNo)
				assert.Equal(t, 2, p.TotalPages)
				assert.Equal(t, 60, p.TotalCounts)
				assert.False(t, p.HasNext())
				require.Len(t, p.Items, 10)
				for i, cw := range p.Items {
					want := seeded[50+i]
					assertCourseware(t, want, cw)
					assert.Equal(t, want.RecordID, cw.RecordID)
					assert.Equal(t, want.RecordID, cw.GrID)
					assert.Equal(t, gensee.GrTypeRecording, cw.GrType)
					assert.Equal(t, gensee.ConvertResultSuccess, cw.ConvertResult)
					assert.Equal(t, want.Duration, cw.Duration)
					assert.Equal(t, "议程", cw.Plan)
					assert.Equal(t, "王老师", cw.SpeakerInfo)
					assert.Equal(t, int64(42), cw.Creator)
					sameTime(t, want.CreatedTime, cw.CreatedTime)
				}
				assertForm(t, e.sent("/training/courseware/syn"), map[string]string{
					"pageNo": "2", "startTime": msText(t0), "endTime": msText(t0.Add(2 * time.Hour)),
				})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Coursewares.Sync(e.ctx, nil)
				return err
			},
		}),
		auth(methodCase{
			method: "Coursewares.SyncAll", path: "/training/courseware/syn",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 120)
				var want, got []string
				for _, c := range seeded {
					want = append(want, c.ID)
				}
				for _, cw := range collect(t, e.c.Coursewares.SyncAll(e.ctx, nil)) {
					got = append(got, cw.ID)
				}
				assert.Equal(t, want, got)
				assert.Len(t, e.pageNos("/training/courseware/syn"), 3)
			},
			fail: func(t *testing.T, e *env) error { return onlyError(e.wrong().Coursewares.SyncAll(e.ctx, nil)) },
		}),
		{
			method: "Coursewares.TranscodeDocument", path: "/training/courseware/transcode",
			ok: func(t *testing.T, e *env) {
				res, err := e.c.Coursewares.TranscodeDocument(e.ctx, &gensee.TranscodeDocumentRequest{
					ResourceURL: "https://files.example.com/docs/lesson1.pptx", Name: "第一课",
					CallbackURL: "https://hooks.example.com/gensee?secret=s3", ConvMode: gensee.ConvModeImage,
				})
				require.NoError(t, err)
				assert.NotEmpty(t, res.CoursewareID)
				assert.NotEmpty(t, res.DocID)
				assert.Empty(t, res.RecordID)
				assert.Equal(t, e.srv.URL()+"/training/site/v/"+res.CoursewareCode, res.VisitURL)
				cw, err := e.c.Coursewares.Get(e.ctx, res.CoursewareID)
				require.NoError(t, err)
				assert.Equal(t, "第一课", cw.Subject)
				docs := collect(t, e.c.Docs.SyncAll(e.ctx, nil))
				require.Len(t, docs, 1)
				assert.Equal(t, res.DocID, docs[0].ID)
				assertForm(t, e.sent("/training/courseware/transcode"), map[string]string{
					"resourceUrl": "https://files.example.com/docs/lesson1.pptx", "name": "第一课",
					"callbackUrl": "https://hooks.example.com/gensee?secret=s3", "convmode": "1",
				})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.TranscodeDocument(e.ctx, &gensee.TranscodeDocumentRequest{
					ResourceURL: "https://files.example.com/download?id=7", Name: "没有文件名",
				})
				return err
			},
			code: gensee.CodeBusinessError, is: gensee.ErrBusiness,
		},
		{
			method: "Coursewares.TranscodeMedia", path: "/training/media/transcode",
			ok: func(t *testing.T, e *env) {
				res, err := e.c.Coursewares.TranscodeMedia(e.ctx, &gensee.TranscodeMediaRequest{
					ResourceURL: "https://files.example.com/media/intro.mp4", Name: "开学视频",
				})
				require.NoError(t, err)
				assert.NotEmpty(t, res.CoursewareID)
				assert.NotEmpty(t, res.RecordID)
				assert.Empty(t, res.DocID)
				assert.Equal(t, e.srv.URL()+"/training/site/v/"+res.CoursewareCode, res.VisitURL)
				recs := collect(t, e.c.Records.SyncAll(e.ctx, nil))
				require.Len(t, recs, 1)
				assert.Equal(t, res.RecordID, recs[0].ID)
				assert.Equal(t, "开学视频", recs[0].Name)
				f := e.sent("/training/media/transcode")
				assertForm(t, f, map[string]string{"resourceUrl": "https://files.example.com/media/intro.mp4", "name": "开学视频"})
				assertNotSent(t, f, "callbackUrl")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.TranscodeMedia(e.ctx, &gensee.TranscodeMediaRequest{
					ResourceURL: "https://files.example.com/stream", Name: "没有文件名",
				})
				return err
			},
			code: gensee.CodeBusinessError, is: gensee.ErrBusiness,
		},
		nf(methodCase{
			method: "Coursewares.ViewCount", path: "/training/vod/vodview",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddCourseware(genseetest.Courseware{Subject: "热门回放", Views: 42})
				n, err := e.c.Coursewares.ViewCount(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, 42, n)
				assertForm(t, e.sent("/training/vod/vodview"), map[string]string{"id": id})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.ViewCount(e.ctx, "noSuchWare")
				return err
			},
		}),
		auth(methodCase{
			method: "Records.Sync", path: "/training/record/syn",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("录制课堂")
				seeded := seedRecordings(e, room, 60)
				p, err := e.c.Records.Sync(e.ctx, &gensee.SyncOptions{StartTime: t0, EndTime: t0.Add(2 * time.Hour)})
				require.NoError(t, err)
				assert.Equal(t, 1, p.PageNo)
				assert.Equal(t, 2, p.TotalPages)
				assert.Equal(t, 60, p.TotalCounts)
				require.Len(t, p.Items, 50)
				for i, r := range p.Items {
					want := seeded[i]
					assert.Equal(t, want.ID, r.ID)
					assert.Equal(t, want.Name, r.Name)
					assert.Equal(t, room, r.RoomID)
					assert.Equal(t, want.Size, r.Size)
					assert.Equal(t, int64((i+1)*60000), r.Duration)
					assert.Equal(t, int64(42), r.Creator)
					sameTime(t, want.StartTime, r.RecordStartTime)
					sameTime(t, want.EndTime, r.RecordEndTime)
					sameTime(t, want.CreatedTime, r.CreatedTime)
				}
				f := e.sent("/training/record/syn")
				assertForm(t, f, map[string]string{"startTime": msText(t0), "endTime": msText(t0.Add(2 * time.Hour))})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Records.Sync(e.ctx, nil)
				return err
			},
		}),
		auth(methodCase{
			method: "Records.SyncAll", path: "/training/record/syn",
			ok: func(t *testing.T, e *env) {
				seeded := seedRecordings(e, e.srv.AddRoom("录制课堂"), 120)
				var want, got []string
				for _, r := range seeded {
					want = append(want, strconv.FormatInt(r.ID, 10))
				}
				for _, r := range collect(t, e.c.Records.SyncAll(e.ctx, nil)) {
					got = append(got, strconv.FormatInt(r.ID, 10))
				}
				assert.Equal(t, want, got)
				assert.Len(t, e.pageNos("/training/record/syn"), 3)

				// From page 2, and stopping when the loop breaks.
				got = got[:0]
				for r, err := range e.c.Records.SyncAll(e.ctx, &gensee.SyncOptions{PageNo: 2}) {
					require.NoError(t, err)
					got = append(got, strconv.FormatInt(r.ID, 10))
					if len(got) == 51 {
						break
					}
				}
				assert.Equal(t, want[50:101], got)
				assert.Equal(t, []string{"2", "3"}, e.pageNos("/training/record/syn")[3:], "no page fetched after the break")
			},
			fail: func(t *testing.T, e *env) error { return onlyError(e.wrong().Records.SyncAll(e.ctx, nil)) },
		}),
		nf(methodCase{
			method: "Records.Choose", path: "/training/record/choose",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("插播课堂")
				recs := seedRecordings(e, room, 2)
				require.NoError(t, e.c.Records.Choose(e.ctx, room, recs[0].ID, recs[1].ID, recs[0].ID))
				f := e.sent("/training/record/choose")
				assertForm(t, f, map[string]string{
					"roomId": room, "recordId[0]": strconv.FormatInt(recs[0].ID, 10), "recordId[1]": strconv.FormatInt(recs[1].ID, 10),
				})
				assertNotSent(t, f, "recordId[2]", "recordId")
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Records.Choose(e.ctx, e.srv.AddRoom("插播课堂"), 999999999)
			},
		}),
		nf(methodCase{
			method: "Records.Remove", path: "/training/record/remove",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("插播课堂")
				recs := seedRecordings(e, room, 2)
				require.NoError(t, e.c.Records.Choose(e.ctx, room, recs[0].ID, recs[1].ID))
				require.NoError(t, e.c.Records.Remove(e.ctx, room, recs[1].ID))
				f := e.sent("/training/record/remove")
				assertForm(t, f, map[string]string{"roomId": room, "recordId[0]": strconv.FormatInt(recs[1].ID, 10)})
				assertNotSent(t, f, "recordId[1]")
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Records.Remove(e.ctx, e.srv.AddRoom("插播课堂"), 999999999)
			},
		}),
		nf(methodCase{
			method: "Records.Delete", path: "/training/gr/delete",
			ok: func(t *testing.T, e *env) {
				recs := seedRecordings(e, e.srv.AddRoom("录制课堂"), 3)
				require.NoError(t, e.c.Records.Delete(e.ctx, recs[1].ID))
				assertForm(t, e.sent("/training/gr/delete"), map[string]string{"grId": strconv.FormatInt(recs[1].ID, 10)})
				var left []string
				for _, r := range collect(t, e.c.Records.SyncAll(e.ctx, nil)) {
					left = append(left, strconv.FormatInt(r.ID, 10))
				}
				assert.Equal(t, []string{strconv.FormatInt(recs[0].ID, 10), strconv.FormatInt(recs[2].ID, 10)}, left)
			},
			fail: func(t *testing.T, e *env) error { return e.c.Records.Delete(e.ctx, 999999999) },
		}),
		auth(methodCase{
			method: "Docs.Sync", path: "/training/doc/syn",
			ok: func(t *testing.T, e *env) {
				seeded := seedDocuments(e, 60)
				p, err := e.c.Docs.Sync(e.ctx, &gensee.SyncOptions{PageNo: 2})
				require.NoError(t, err)
				assert.Equal(t, 2, p.PageNo)
				assert.Equal(t, 2, p.TotalPages)
				assert.Equal(t, 60, p.TotalCounts)
				require.Len(t, p.Items, 10)
				for i, d := range p.Items {
					want := seeded[50+i]
					assert.Equal(t, want.ID, d.ID)
					assert.Equal(t, want.Name, d.Name)
					assert.Equal(t, want.Upload, d.Upload)
					assert.Equal(t, gensee.ConvCode(want.ConvCode), d.ConvCode)
					sameTime(t, want.CreatedTime, d.CreatedTime)
				}
				f := e.sent("/training/doc/syn")
				assertForm(t, f, map[string]string{"pageNo": "2"})
				assertNotSent(t, f, "startTime", "endTime")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Docs.Sync(e.ctx, nil)
				return err
			},
		}),
		auth(methodCase{
			method: "Docs.SyncAll", path: "/training/doc/syn",
			ok: func(t *testing.T, e *env) {
				seeded := seedDocuments(e, 120)
				var want, got []int64
				for _, d := range seeded {
					want = append(want, d.ID)
				}
				for _, d := range collect(t, e.c.Docs.SyncAll(e.ctx, nil)) {
					got = append(got, d.ID)
				}
				assert.Equal(t, want, got)
				assert.Len(t, e.pageNos("/training/doc/syn"), 3)
			},
			fail: func(t *testing.T, e *env) error { return onlyError(e.wrong().Docs.SyncAll(e.ctx, nil)) },
		}),
		nf(methodCase{
			method: "Docs.Attach", path: "/training/doc/attach",
			ok: func(t *testing.T, e *env) {
				room, doc := e.srv.AddRoom("文档课堂"), seedDocuments(e, 1)[0]
				require.NoError(t, e.c.Docs.Attach(e.ctx, room, doc.ID))
				assertForm(t, e.sent("/training/doc/attach"), map[string]string{"roomId": room, "docId": strconv.FormatInt(doc.ID, 10)})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Docs.Attach(e.ctx, e.srv.AddRoom("文档课堂"), 999999999)
			},
		}),
		nf(methodCase{
			method: "Docs.Detach", path: "/training/doc/detach",
			ok: func(t *testing.T, e *env) {
				room, doc := e.srv.AddRoom("文档课堂"), seedDocuments(e, 1)[0]
				require.NoError(t, e.c.Docs.Attach(e.ctx, room, doc.ID))
				require.NoError(t, e.c.Docs.Detach(e.ctx, room, doc.ID))
				assertForm(t, e.sent("/training/doc/detach"), map[string]string{"roomId": room, "docId": strconv.FormatInt(doc.ID, 10)})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Docs.Detach(e.ctx, "noSuchRoom", seedDocuments(e, 1)[0].ID)
			},
		}),
		nf(methodCase{
			method: "Warmups.Create", path: "/training/warmup/created",
			ok: func(t *testing.T, e *env) {
				rec := e.srv.AddRecording(genseetest.Recording{Name: "暖场视频"})
				w, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "课前暖场", RecordID: rec, Mode: gensee.WarmupModeTwoPane})
				require.NoError(t, err)
				assert.Regexp(t, `^[0-9a-f]{32}$`, w.ID)
				assert.Equal(t, "课前暖场", w.Name)
				assert.Equal(t, rec, w.RecordID)
				assert.Equal(t, gensee.WarmupModeTwoPane, w.Mode)
				assertForm(t, e.sent("/training/warmup/created"), map[string]string{"name": "课前暖场", "recordId": strconv.FormatInt(rec, 10), "mode": "3"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "暖场", RecordID: 999999999})
				return err
			},
		}),
		nf(methodCase{
			method: "Warmups.Modify", path: "/training/warmup/modify",
			ok: func(t *testing.T, e *env) {
				_, _, w := createWarmup(t, e)
				require.NoError(t, e.c.Warmups.Modify(e.ctx, &gensee.ModifyWarmupRequest{ID: w.ID, Name: "新暖场", Mode: gensee.Ptr(2)}))
				f := e.sent("/training/warmup/modify")
				assertForm(t, f, map[string]string{"id": w.ID, "name": "新暖场", "mode": "2"})
				assertNotSent(t, f, "recordId")
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Warmups.Modify(e.ctx, &gensee.ModifyWarmupRequest{ID: "0123456789abcdef0123456789abcdef", Name: "x"})
			},
		}),
		nf(methodCase{
			method: "Warmups.Attach", path: "/training/warmup/attach",
			ok: func(t *testing.T, e *env) {
				room, _, w := createWarmup(t, e)
				require.NoError(t, e.c.Warmups.Attach(e.ctx, room, w.ID))
				assertForm(t, e.sent("/training/warmup/attach"), map[string]string{"roomId": room, "warmupId": w.ID})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Warmups.Attach(e.ctx, e.srv.AddRoom("暖场课堂"), "0123456789abcdef0123456789abcdef")
			},
		}),
		nf(methodCase{
			method: "Warmups.Detach", path: "/training/warmup/detach",
			ok: func(t *testing.T, e *env) {
				room, _, w := createWarmup(t, e)
				require.NoError(t, e.c.Warmups.Attach(e.ctx, room, w.ID))
				require.NoError(t, e.c.Warmups.Detach(e.ctx, room, w.ID))
				assertForm(t, e.sent("/training/warmup/detach"), map[string]string{"roomId": room, "warmupId": w.ID})
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Warmups.Detach(e.ctx, "noSuchRoom", "0123456789abcdef0123456789abcdef")
			},
		}),
		{
			method: "Teachers.Create", path: "/training/teacher/created",
			ok: func(t *testing.T, e *env) {
				require.Error(t, teacherCanLogIn(t, e, "t-secret-1"))
				require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
				require.NoError(t, teacherCanLogIn(t, e, "t-secret-1"), "the new teacher logs in")
				assertForm(t, e.sent("/training/teacher/created"), map[string]string{
					"teacherLoginName": "teacher1@demo", "teacherPassword": "t-secret-1", "name": "王老师",
					"maxPoints": "10", "maxVodPoints": "20", "validDate": msText(t0), "invalidDate": msText(t0.AddDate(1, 0, 0)),
				})
			},
			fail: func(t *testing.T, e *env) error {
				require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
				return e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1"))
			},
			code: gensee.CodeDuplicate, is: gensee.ErrDuplicate,
		},
		nf(methodCase{
			method: "Teachers.Modify", path: "/training/teacher/modify",
			ok: func(t *testing.T, e *env) {
				require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
				req := teacherRequest("t-secret-2")
				req.Name, req.MaxPoints = "王老师（高三）", gensee.Ptr(5)
				require.NoError(t, e.c.Teachers.Modify(e.ctx, req))
				err := teacherCanLogIn(t, e, "t-secret-1")
				requireAPIError(t, err, "/training/room/sync", gensee.CodeAuthFailed, gensee.ErrAuth)
				require.NoError(t, teacherCanLogIn(t, e, "t-secret-2"), "the new password works")
				assertForm(t, e.sent("/training/teacher/modify"), map[string]string{
					"teacherLoginName": "teacher1@demo", "teacherPassword": "t-secret-2", "name": "王老师（高三）", "maxPoints": "5",
				})
			},
			fail: func(t *testing.T, e *env) error { return e.c.Teachers.Modify(e.ctx, teacherRequest("t-secret-1")) },
		}),
	}
}

// ---------------------------------------------------------------------------
// Exports

// window is the export window of the suite: the day from t0.
func window(room string) *gensee.ExportOptions {
	return &gensee.ExportOptions{RoomID: room, StartTime: t0, EndTime: t0.Add(24 * time.Hour)}
}

func paged(room string, pageNo int) *gensee.PagedExportOptions {
	return &gensee.PagedExportOptions{ExportOptions: *window(room), PageNo: pageNo}
}

// assertWindow checks that the export window and room were sent to path.
func assertWindow(t *testing.T, e *env, path, room string) url.Values {
	t.Helper()
	f := e.sent(path)
	assertForm(t, f, map[string]string{"roomId": room, "startTime": msText(t0), "endTime": msText(t0.Add(24 * time.Hour))})
	return f
}

func seedMedals(e *env, room string, n int) {
	for i := range n {
		e.srv.AddMedal(genseetest.MedalRecord{RoomID: room, UserName: fmt.Sprintf("老师%03d", i), UserID: int64(100 + i), Count: i%5 + 1, RoomStartTime: t0})
	}
}

func seedPraises(e *env, room string, n int) {
	for i := range n {
		e.srv.AddPraise(genseetest.PraiseRecord{RoomID: room, UserName: fmt.Sprintf("学生%03d", i), UserID: int64(200 + i), Count: i + 1, RoomStartTime: t0})
	}
}

func seedPraiseDetails(e *env, room string, n int) {
	for i := range n {
		e.srv.AddPraiseDetail(genseetest.PraiseDetailRecord{
			RoomID: room, UserID: int64(300 + i), UserName: fmt.Sprintf("点赞人%03d", i),
			ActionTime: t0.Add(time.Duration(i) * time.Second), TargetUserID: 9, TargetUserName: "王老师",
		})
	}
}

// seedStudy adds n viewings on t0's day, a minute apart from 09:00, and one
// on the day before.
func seedStudy(e *env, n int) {
	for i := range n {
		start := t0.Add(time.Duration(i) * time.Minute)
		e.srv.AddStudyRecord(genseetest.StudyRecord{
			CoursewareID: "cw001", UserID: int64(2000 + i), Name: fmt.Sprintf("学员%03d", i),
			JoinTime: start, LeaveTime: start.Add(30 * time.Minute), Area: "上海", IP: "10.1.0.1", Device: 8,
		})
	}
	e.srv.AddStudyRecord(genseetest.StudyRecord{CoursewareID: "cw001", UserID: 1, Name: "昨天", JoinTime: t0.Add(-24 * time.Hour), LeaveTime: t0.Add(-23 * time.Hour)})
}

func exportCases() []methodCase {
	return []methodCase{
		nf(methodCase{
			method: "Exports.Attendance", path: "/training/export/history",
			ok: func(t *testing.T, e *env) {
				room, other := e.srv.AddRoom("出勤课堂"), e.srv.AddRoom("别的课堂")
				a1 := genseetest.AttendanceRecord{
					RoomID: room, UserID: 1001, Nickname: "小明", Name: "王小明", JoinTime: t0.Add(5 * time.Minute),
					LeaveTime: t0.Add(50 * time.Minute), Area: "北京", IP: "10.0.0.1", Mobile: "13800000000",
					Company: "第一中学", Device: 8, IDCID: "idc-7", ForeignHighLine: true,
				}
				a2 := genseetest.AttendanceRecord{RoomID: room, UserID: 1002, Nickname: "小红", JoinTime: t0.Add(10 * time.Minute), LeaveTime: t0.Add(40 * time.Minute), Device: 1}
				e.srv.AddAttendance(a1, a2,
					genseetest.AttendanceRecord{RoomID: room, UserID: 1003, JoinTime: t0.Add(-8 * 24 * time.Hour)},
					genseetest.AttendanceRecord{RoomID: other, UserID: 1004, JoinTime: t0.Add(5 * time.Minute)})
				rows, err := e.c.Exports.Attendance(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 2)
				r := rows[0]
				assert.Equal(t, int64(1001), r.UID)
				assert.Equal(t, []string{"小明", "王小明", "北京", "10.0.0.1", "13800000000", "第一中学", "idc-7"},
					[]string{r.Nickname, r.Name, r.Area, r.IP, r.Mobile, r.Company, r.IDCID})
				assert.Equal(t, gensee.DeviceIPhoneApp, r.Device)
				assert.True(t, r.ForeignHighLine)
				sameTime(t, a1.JoinTime, r.JoinTime)
				sameTime(t, a1.LeaveTime, r.LeaveTime)
				assert.Equal(t, int64(1002), rows[1].UID)
				assert.Equal(t, gensee.DevicePCWeb, rows[1].Device)
				assert.False(t, rows[1].ForeignHighLine)
				assertWindow(t, e, "/training/export/history", room)

				// Without a window: the last finished session.
				e.srv.AddSession(genseetest.Session{RoomID: room, StartTime: t0.Add(8 * time.Minute), EndTime: t0.Add(time.Hour)})
				rows, err = e.c.Exports.Attendance(e.ctx, &gensee.ExportOptions{RoomID: room})
				require.NoError(t, err)
				require.Len(t, rows, 1)
				assert.Equal(t, int64(1002), rows[0].UID)
				f := e.sent("/training/export/history")
				assertForm(t, f, map[string]string{"roomId": room})
				assertNotSent(t, f, "startTime", "endTime")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Attendance(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.QA", path: "/training/export/qa",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("问答课堂")
				q := genseetest.QARecord{
					RoomID: room, SubmitterID: 1001, Name: "小明", Question: "什么是导数？\n请举例", SubmitTime: t0.Add(time.Minute),
					Published: true, AnswererID: 9, Response: "变化率", AnswerTime: t0.Add(2 * time.Minute),
				}
				e.srv.AddQA(q, genseetest.QARecord{RoomID: room, Question: "太早", SubmitTime: t0.Add(-time.Hour)})
				rows, err := e.c.Exports.QA(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				assert.Equal(t, int64(1001), rows[0].Submitter)
				assert.Equal(t, "小明", rows[0].Name)
				assert.Equal(t, "什么是导数？\n请举例", rows[0].Question)
				assert.True(t, rows[0].Published)
				assert.Equal(t, int64(9), rows[0].AnswerBy)
				assert.Equal(t, "变化率", rows[0].Response)
				sameTime(t, q.SubmitTime, rows[0].SubmitTime)
				sameTime(t, q.AnswerTime, rows[0].AnswerTime)
				assertWindow(t, e, "/training/export/qa", room)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.QA(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.RollCalls", path: "/training/export/rollcall",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点名课堂")
				e.srv.AddRollCall(genseetest.RollCallRecord{
					RoomID: room, ID: "rc-1", StartTime: t0.Add(time.Minute), EndTime: t0.Add(2 * time.Minute),
					Users: []genseetest.RollCallUser{{UserID: 1, Name: "甲", Present: true}, {UserID: 2, Name: "乙"}, {UserID: 3, Name: "丙", Present: true}},
				})
				rows, err := e.c.Exports.RollCalls(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				rc := rows[0]
				assert.Equal(t, "rc-1", rc.ID)
				assert.Equal(t, []int{3, 2, 1}, []int{rc.Total, rc.Present, rc.Absent})
				sameTime(t, t0.Add(time.Minute), rc.StartTime)
				sameTime(t, t0.Add(2*time.Minute), rc.EndTime)
				require.Len(t, rc.Users, 3)
				assert.Equal(t, gensee.RollCallUser{ID: 2, Name: "乙", Present: false}, *rc.Users[1])
				assert.True(t, rc.Users[2].Present)
				assertWindow(t, e, "/training/export/rollcall", room)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.RollCalls(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Votes", path: "/training/export/vote",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("投票课堂")
				e.srv.AddVote(genseetest.VoteRecord{
					RoomID: room, ID: "v-1", Subject: "课堂投票", Type: 0, StartTime: t0.Add(time.Minute),
					Questions: []genseetest.VoteQuestion{{
						ID: "q-1", Content: "1+1=?", Type: 0, Answer: "2",
						Options: []genseetest.VoteOption{{Value: "1", Percentage: 25, Result: "1"}, {Value: "2", Percentage: 75, Result: "3"}},
						Results: []genseetest.VoteResult{{Nickname: "小明", UserID: 1001, Content: "2"}},
					}},
				})
				rows, err := e.c.Exports.Votes(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				v := rows[0]
				assert.Equal(t, "v-1", v.ID)
				assert.Equal(t, "课堂投票", v.Subject)
				assert.Equal(t, gensee.VoteTypePoll, v.Type)
				require.Len(t, v.Questions, 1)
				q := v.Questions[0]
				assert.Equal(t, []string{"q-1", "1+1=?", "2"}, []string{q.ID, q.Content, q.Answer})
				assert.Equal(t, gensee.VoteQuestionSingle, q.Type)
				require.Len(t, q.Options, 2)
				// The fake answers the spec table's shape: type and results nested in the options.
				assert.Equal(t, gensee.VoteOption{Value: "1", Percentage: 25, Result: "1", Results: []*gensee.VoteResult{}}, *q.Options[0])
				assert.Equal(t, gensee.VoteOption{Value: "2", Percentage: 75, Result: "3",
					Results: []*gensee.VoteResult{{NickName: "小明", UID: 1001, Content: "2"}}}, *q.Options[1])
				require.Len(t, q.Results, 1)
				assert.Equal(t, gensee.VoteResult{NickName: "小明", UID: 1001, Content: "2"}, *q.Results[0])
				assertWindow(t, e, "/training/export/vote", room)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Votes(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Chat", path: "/training/export/chat",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("聊天课堂")
				e.srv.AddChat(
					genseetest.ChatRecord{RoomID: room, SentTime: t0.Add(time.Minute), Sender: "小明", SenderID: 1001, Msg: "老师好\t!"},
					genseetest.ChatRecord{RoomID: room, SentTime: t0.Add(2 * time.Minute), Sender: "王老师", SenderID: 9, Msg: "同学们好"},
				)
				rows, err := e.c.Exports.Chat(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 2)
				assert.Equal(t, "小明", rows[0].Sender)
				assert.Equal(t, int64(1001), rows[0].SenderID)
				assert.Equal(t, "老师好\t!", rows[0].Msg)
				sameTime(t, t0.Add(time.Minute), rows[0].Time)
				assert.Equal(t, "同学们好", rows[1].Msg)
				assertWindow(t, e, "/training/export/chat", room)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Chat(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.RedPackets", path: "/training/export/redpacket",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("红包课堂")
				e.srv.AddRedPacket(genseetest.RedPacketRecord{
					RoomID: room, UserName: "王老师", IssueTime: t0.Add(time.Minute), Type: 1, Amount: 1000, Number: 10,
					ReceiveAmount: 300, ReceiveNumber: 3,
					Users: []genseetest.RedPacketUser{{UserID: 1001, UserName: "小明", ReceiveTime: t0.Add(90 * time.Second), Amount: 100}},
				})
				rows, err := e.c.Exports.RedPackets(e.ctx, window(room))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				p := rows[0]
				assert.Equal(t, "王老师", p.UserName)
				assert.Equal(t, gensee.RedPacketFixed, p.Type)
				assert.Equal(t, int64(1000), p.Amount)
				assert.Equal(t, 10, p.Number)
				assert.Equal(t, int64(300), p.ReceiveAmount)
				assert.Equal(t, int64(3), p.ReceiveNumber)
				sameTime(t, t0.Add(time.Minute), p.IssueTime)
				require.Len(t, p.Users, 1)
				assert.Equal(t, int64(1001), p.Users[0].UserID)
				assert.Equal(t, "小明", p.Users[0].UserName)
				assert.Equal(t, int64(100), p.Users[0].Amount)
				sameTime(t, t0.Add(90*time.Second), p.Users[0].ReceiveTime)
				assertWindow(t, e, "/training/export/redpacket", room)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.RedPackets(e.ctx, window("noSuchRoom"))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.Medals", path: "/training/export/medal",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("勋章课堂")
				seedMedals(e, room, 60)
				p, err := e.c.Exports.Medals(e.ctx, paged(room, 2))
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				m := p.Items[3]
				assert.Equal(t, "老师053", m.UserName)
				assert.Equal(t, int64(153), m.UserID)
				assert.Equal(t, 53%5+1, m.Count)
				sameTime(t, t0, m.RoomStartTime)
				assertForm(t, assertWindow(t, e, "/training/export/medal", room), map[string]string{"pageNo": "2"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Medals(e.ctx, paged("noSuchRoom", 1))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.MedalsAll", path: "/training/export/medal",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("勋章课堂")
				seedMedals(e, room, 120)
				got := collect(t, e.c.Exports.MedalsAll(e.ctx, paged(room, 0)))
				require.Len(t, got, 120)
				for i, m := range got {
					assert.Equal(t, int64(100+i), m.UserID)
				}
				assert.Len(t, e.pageNos("/training/export/medal"), 3)
			},
			fail: func(t *testing.T, e *env) error {
				return onlyError(e.c.Exports.MedalsAll(e.ctx, paged("noSuchRoom", 0)))
			},
		}),
		nf(methodCase{
			method: "Exports.Praises", path: "/training/export/praise",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点赞课堂")
				seedPraises(e, room, 60)
				p, err := e.c.Exports.Praises(e.ctx, paged(room, 1))
				require.NoError(t, err)
				assert.Equal(t, []int{1, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 50)
				assert.Equal(t, gensee.Praise{UserName: "学生007", UserID: 207, Count: 8, RoomStartTime: p.Items[7].RoomStartTime}, *p.Items[7])
				sameTime(t, t0, p.Items[7].RoomStartTime)
				assertForm(t, assertWindow(t, e, "/training/export/praise", room), map[string]string{"pageNo": "1"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.Praises(e.ctx, paged("noSuchRoom", 1))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.PraisesAll", path: "/training/export/praise",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点赞课堂")
				seedPraises(e, room, 120)
				got := collect(t, e.c.Exports.PraisesAll(e.ctx, paged(room, 0)))
				require.Len(t, got, 120)
				for i, p := range got {
					assert.Equal(t, int64(200+i), p.UserID)
				}
				assert.Len(t, e.pageNos("/training/export/praise"), 3)
			},
			fail: func(t *testing.T, e *env) error {
				return onlyError(e.c.Exports.PraisesAll(e.ctx, paged("noSuchRoom", 0)))
			},
		}),
		nf(methodCase{
			method: "Exports.PraiseDetails", path: "/training/export/praise/detail",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点赞课堂")
				seedPraiseDetails(e, room, 60)
				p, err := e.c.Exports.PraiseDetails(e.ctx, paged(room, 2))
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				d := p.Items[0]
				assert.Equal(t, int64(350), d.UserID)
				assert.Equal(t, "点赞人050", d.UserName)
				assert.Equal(t, int64(9), d.TargetUserID)
				assert.Equal(t, "王老师", d.TargetUserName)
				sameTime(t, t0.Add(50*time.Second), d.ActionTime)
				assertForm(t, assertWindow(t, e, "/training/export/praise/detail", room), map[string]string{"pageNo": "2"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.PraiseDetails(e.ctx, paged("noSuchRoom", 1))
				return err
			},
		}),
		nf(methodCase{
			method: "Exports.PraiseDetailsAll", path: "/training/export/praise/detail",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("点赞课堂")
				seedPraiseDetails(e, room, 120)
				got := collect(t, e.c.Exports.PraiseDetailsAll(e.ctx, paged(room, 0)))
				require.Len(t, got, 120)
				for i, d := range got {
					assert.Equal(t, int64(300+i), d.UserID)
				}
				assert.Len(t, e.pageNos("/training/export/praise/detail"), 3)
			},
			fail: func(t *testing.T, e *env) error {
				return onlyError(e.c.Exports.PraiseDetailsAll(e.ctx, paged("noSuchRoom", 0)))
			},
		}),
		auth(methodCase{
			method: "Exports.StudyHistory", path: "/training/export/study/history",
			ok: func(t *testing.T, e *env) {
				seedStudy(e, 60)
				p, err := e.c.Exports.StudyHistory(e.ctx, &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20), PageNo: 2})
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				r := p.Items[0]
				assert.Equal(t, []string{"cw001", "2050", "学员050", "1800", "上海", "10.1.0.1"},
					[]string{r.ID, strconv.FormatInt(r.UID, 10), r.Name, r.Duration, r.Area, r.IP})
				assert.Equal(t, gensee.StudyDeviceIPhone, r.Device)
				sameTime(t, t0.Add(50*time.Minute), r.StartTime)
				sameTime(t, t0.Add(80*time.Minute), r.LeaveTime)
				f := e.sent("/training/export/study/history")
				assertForm(t, f, map[string]string{"date": "2024-05-20 00:00:00", "pageNo": "2"})
				assertNotSent(t, f, "hour", "joinTimeSync")

				p, err = e.c.Exports.StudyHistory(e.ctx, &gensee.StudyHistoryOptions{
					Date: gensee.NewDate(2024, time.May, 20), Hour: gensee.Ptr(9), JoinTimeSync: gensee.Ptr(false),
				})
				require.NoError(t, err)
				assert.Equal(t, 30, p.TotalCounts, "left between 09:30 and 09:59")
				assertForm(t, e.sent("/training/export/study/history"), map[string]string{"hour": "9", "joinTimeSync": "false"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.StudyHistory(e.ctx, &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20)})
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.StudyHistoryAll", path: "/training/export/study/history",
			ok: func(t *testing.T, e *env) {
				seedStudy(e, 120)
				got := collect(t, e.c.Exports.StudyHistoryAll(e.ctx, &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20)}))
				require.Len(t, got, 120)
				for i, r := range got {
					assert.Equal(t, int64(2000+i), r.UID)
				}
				assert.Len(t, e.pageNos("/training/export/study/history"), 3)
			},
			fail: func(t *testing.T, e *env) error {
				return onlyError(e.wrong().Exports.StudyHistoryAll(e.ctx, &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20)}))
			},
		}),
		nf(methodCase{
			method: "Exports.RoomUsage", path: "/training/export/room/usage",
			ok: func(t *testing.T, e *env) {
				room, other := e.srv.AddRoom("用量课堂"), e.srv.AddRoom("别的课堂")
				e.srv.AddSession(
					genseetest.Session{RoomID: room, StartTime: t0, EndTime: t0.Add(time.Hour), MaxConcurrent: 30, Total: 45, MaxConcurrentVIP: 3},
					genseetest.Session{RoomID: other, StartTime: t0, EndTime: t0.Add(time.Hour), MaxConcurrent: 5, Total: 5},
					genseetest.Session{RoomID: room, StartTime: t0.Add(-10 * 24 * time.Hour), EndTime: t0.Add(-10*24*time.Hour + time.Hour)},
				)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				rows, err := e.c.Exports.RoomUsage(e.ctx, &gensee.RoomUsageOptions{RoomID: room, StartTime: t0, EndTime: t0.Add(24 * time.Hour)})
				require.NoError(t, err)
				require.Len(t, rows, 1)
				u := rows[0]
				assert.Equal(t, []string{room, "用量课堂", info.Number}, []string{u.ID, u.Subject, u.Number})
				assert.Equal(t, []int{30, 45, 3}, []int{u.MaxConcurrent, u.Total, u.MaxConcurrentVIP})
				sameTime(t, t0, u.StartTime)
				sameTime(t, t0.Add(time.Hour), u.EndTime)
				assertWindow(t, e, "/training/export/room/usage", room)

				rows, err = e.c.Exports.RoomUsage(e.ctx, &gensee.RoomUsageOptions{StartTime: t0, EndTime: t0.Add(24 * time.Hour)})
				require.NoError(t, err)
				assert.Len(t, rows, 2, "every room")
				assertNotSent(t, e.sent("/training/export/room/usage"), "roomId")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Exports.RoomUsage(e.ctx, &gensee.RoomUsageOptions{RoomID: "noSuchRoom", StartTime: t0, EndTime: t0.Add(time.Hour)})
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.RoomConcurrency", path: "/training/export/room/concurrent",
			ok: func(t *testing.T, e *env) {
				e.srv.AddRoomConcurrency(
					genseetest.Concurrency{Date: t0, MaxConcurrent: 120, MaxVIP: 7},
					genseetest.Concurrency{Date: t0.Add(24 * time.Hour), MaxConcurrent: 80},
					genseetest.Concurrency{Date: t0.Add(40 * 24 * time.Hour), MaxConcurrent: 1},
				)
				rows, err := e.c.Exports.RoomConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 31))
				require.NoError(t, err)
				require.Len(t, rows, 2)
				assert.Equal(t, gensee.DailyConcurrency{Date: gensee.NewDate(2024, time.May, 20), MaxConcurrent: 120, MaxVIP: 7}, *rows[0])
				assert.Equal(t, gensee.DailyConcurrency{Date: gensee.NewDate(2024, time.May, 21), MaxConcurrent: 80}, *rows[1])
				assertForm(t, e.sent("/training/export/room/concurrent"), map[string]string{"startDate": "2024-05-20", "endDate": "2024-05-31"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.RoomConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 31))
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.VodConcurrency", path: "/training/export/vod/concurrent",
			ok: func(t *testing.T, e *env) {
				e.srv.AddVodConcurrency(
					genseetest.Concurrency{Date: t0, MaxConcurrent: 33},
					genseetest.Concurrency{Date: t0.Add(-24 * time.Hour), MaxConcurrent: 1},
				)
				rows, err := e.c.Exports.VodConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 20))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				assert.Equal(t, gensee.DailyConcurrency{Date: gensee.NewDate(2024, time.May, 20), MaxConcurrent: 33}, *rows[0])
				assertForm(t, e.sent("/training/export/vod/concurrent"), map[string]string{"startDate": "2024-05-20", "endDate": "2024-05-20"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.VodConcurrency(e.ctx, gensee.NewDate(2024, time.May, 20), gensee.NewDate(2024, time.May, 20))
				return err
			},
		}),
		auth(methodCase{
			method: "Exports.Rewards", path: "/training/export/reward",
			ok: func(t *testing.T, e *env) {
				e.srv.AddReward(
					genseetest.RewardRecord{
						Subject: "高一数学", StartTime: t0, EndTime: t0.Add(time.Hour), TotalReward: 500,
						Speakers: []genseetest.SpeakerReward{{Name: "王老师", Reward: 300}, {Name: "李老师", Reward: 200}},
					},
					genseetest.RewardRecord{Subject: "上个月", StartTime: t0.AddDate(0, -1, 0)},
				)
				rows, err := e.c.Exports.Rewards(e.ctx, gensee.NewDate(2024, time.May, 1), gensee.NewDate(2024, time.May, 30))
				require.NoError(t, err)
				require.Len(t, rows, 1)
				r := rows[0]
				assert.Equal(t, "高一数学", r.Subject)
				assert.Equal(t, int64(500), r.TotalReward)
				sameTime(t, t0, r.StartDate)
				sameTime(t, t0.Add(time.Hour), r.EndDate)
				require.Len(t, r.SpeakerInfoList, 2)
				assert.Equal(t, gensee.SpeakerInfo{SpeakerName: "李老师", SpeakerReward: 200}, *r.SpeakerInfoList[1])
				assertForm(t, e.sent("/training/export/reward"), map[string]string{"startDate": "2024-05-01", "endDate": "2024-05-30"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Exports.Rewards(e.ctx, gensee.NewDate(2024, time.May, 1), gensee.NewDate(2024, time.May, 30))
				return err
			},
		}),
	}
}

// ---------------------------------------------------------------------------
// Dual-teacher classrooms, groups, mini classrooms

func createFamousRequest() *gensee.CreateFamousRoomRequest {
	return &gensee.CreateFamousRoomRequest{
		Subject: "双师课堂", StartDate: t0, InvalidDate: t0.Add(3 * time.Hour), Realtime: true,
		ClassCount: gensee.Ptr(3), ClassNames: []string{"一班", "二班"},
		TeacherToken: "100001", AssistantToken: "100002", SlaveStudentClientToken: "100003",
		SlaveTeacherToken: "100004", SlaveAssistantToken: "100005",
	}
}

func createFamous(t *testing.T, e *env) *gensee.FamousRoom {
	t.Helper()
	fr, err := e.c.FamousRooms.Create(e.ctx, createFamousRequest())
	require.NoError(t, err)
	require.NotNil(t, fr.SlaveRoomWrapper)
	require.Len(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 3)
	return fr
}

// groupJoinURL is the join URL of a group of the room numbered number.
func (e *env) groupJoinURL(number, code string) string {
	return e.joinURL("s", number) + "?groupCode=" + code
}

func seedMiniStudents(e *env, mini string, n int) {
	for i := range n {
		e.srv.AddMiniRoomStudentStats(genseetest.MiniRoomStudentStats{
			RoomID: mini, Nickname: fmt.Sprintf("学员%03d", i), UserID: int64(4000 + i),
			MedalCount: 2, HandUpCount: 1, PodiumDuration: 120, Duration: 2400,
			HandUpTimes:    []time.Time{t0.Add(time.Minute)},
			RollCalls:      []genseetest.MiniRollCall{{StartTime: t0.Add(2 * time.Minute), AnswerTime: t0.Add(3 * time.Minute), Status: 1}},
			Podiums:        []genseetest.MiniPodium{{StartTime: t0.Add(4 * time.Minute), EndTime: t0.Add(6 * time.Minute)}},
			VoteAccuracies: []string{"80%"}, AnswerSheetAccuracies: []string{"100%", "50%"},
		})
	}
}

func seedMiniStats(e *env, n int) {
	for i := range n {
		e.srv.AddMiniRoomStats(genseetest.MiniRoomStats{
			RoomID: fmt.Sprintf("mini%03d", i), StageNum: int64(i), HandupNum: int64(2 * i), WatchTotalTime: int64(i + 1), VisitNum: int64(10 + i),
		})
	}
}

func classCases() []methodCase {
	return []methodCase{
		auth(methodCase{
			method: "FamousRooms.Create", path: "/training/famousroom/created",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				assert.NotEmpty(t, fr.ID)
				assert.Regexp(t, eightDigits, fr.Number)
				assert.Equal(t, e.joinURL("r", fr.Number), fr.ClientURL)
				assert.Equal(t, "100001", fr.TeacherToken)
				assert.Equal(t, "100002", fr.AssistantToken)
				sameTime(t, t0, fr.StartDate)
				sameTime(t, t0.Add(3*time.Hour), fr.InvalidDate)
				w := fr.SlaveRoomWrapper
				assert.Equal(t, []string{"100004", "100005", "100003"}, []string{w.TeacherToken, w.AssistantToken, w.StudentClientToken})
				seen := map[string]bool{}
				for _, info := range w.SlaveFamousRoomResultInfos {
					assert.NotEmpty(t, info.ID)
					assert.False(t, seen[info.ID])
					seen[info.ID] = true
					assert.Regexp(t, eightDigits, info.Code)
					assert.Equal(t, e.joinURL("r", info.Code), info.ClientURL)
					assert.Equal(t, e.joinURL("s", info.Code), info.StudentClientURL)
					assert.Empty(t, info.GroupList)
				}
				f := e.sent("/training/famousroom/created")
				assertForm(t, f, map[string]string{
					"subject": "双师课堂", "startDate": msText(t0), "invalidDate": msText(t0.Add(3 * time.Hour)), "realtime": "true",
					"classCount": "3", "teacherToken": "100001", "assistantToken": "100002", "slaveStudentClientToken": "100003",
					"slaveTeacherToken": "100004", "slaveAssistantToken": "100005",
				})
				assertJSONForm(t, f, "slaveClazzList", `[{"clazzName":"一班"},{"clazzName":"二班"},{}]`)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().FamousRooms.Create(e.ctx, createFamousRequest())
				return err
			},
		}),
		nf(methodCase{
			method: "FamousRooms.Modify", path: "/training/famousroom/modify",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				got, err := e.c.FamousRooms.Modify(e.ctx, &gensee.ModifyFamousRoomRequest{
					ID: fr.ID, Subject: "双师课堂（改）", StartDate: t0.Add(time.Hour), Realtime: gensee.Ptr(true),
					ClassCount: gensee.Ptr(2), ClassNames: []string{"甲班"}, SlaveStudentClientToken: "100007",
				})
				require.NoError(t, err)
				assert.Equal(t, fr.ID, got.ID)
				assert.Equal(t, fr.Number, got.Number)
				sameTime(t, t0.Add(time.Hour), got.StartDate)
				require.NotNil(t, got.SlaveRoomWrapper)
				assert.Equal(t, "100007", got.SlaveRoomWrapper.StudentClientToken)
				infos := got.SlaveRoomWrapper.SlaveFamousRoomResultInfos
				require.Len(t, infos, 2)
				assert.Equal(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0].ID, infos[0].ID)
				assert.Equal(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[1].ID, infos[1].ID)
				tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[0].ID)
				require.NoError(t, err)
				assert.Equal(t, "甲班", tr.TutorialRoomName)
				assert.Equal(t, "双师课堂（改）", tr.Subject)
				f := e.sent("/training/famousroom/modify")
				assertForm(t, f, map[string]string{
					"id": fr.ID, "subject": "双师课堂（改）", "startDate": msText(t0.Add(time.Hour)), "realtime": "true",
					"classCount": "2", "slavestudentClientToken": "100007",
				})
				assertNotSent(t, f, "slaveStudentClientToken", "teacherToken")
				assertJSONForm(t, f, "slaveClazzList", `[{"clazzName":"甲班"},{}]`)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.FamousRooms.Modify(e.ctx, &gensee.ModifyFamousRoomRequest{ID: "noSuchRoom", StartDate: t0, Realtime: gensee.Ptr(true)})
				return err
			},
		}),
		nf(methodCase{
			method: "FamousRooms.Get", path: "/training/famousroom/info",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				tutor := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[1].ID
				groups, err := e.c.Groups.Create(e.ctx, tutor, 2)
				require.NoError(t, err)
				got, err := e.c.FamousRooms.Get(e.ctx, fr.ID)
				require.NoError(t, err)
				assert.Equal(t, fr.ID, got.ID)
				assert.Equal(t, fr.Number, got.Number)
				assert.Equal(t, fr.ClientURL, got.ClientURL)
				assert.Equal(t, fr.TeacherToken, got.TeacherToken)
				require.NotNil(t, got.SlaveRoomWrapper)
				infos := got.SlaveRoomWrapper.SlaveFamousRoomResultInfos
				require.Len(t, infos, 3)
				for i, info := range infos {
					want := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[i]
					assert.Equal(t, want.ID, info.ID)
					assert.Equal(t, want.Code, info.Code)
					assert.Equal(t, want.ClientURL, info.ClientURL)
					assert.Equal(t, want.StudentClientURL, info.StudentClientURL)
				}
				assert.Empty(t, infos[0].GroupList)
				require.Len(t, infos[1].GroupList, 2)
				assert.Equal(t, groups[0].Code, infos[1].GroupList[0].Code)
				assert.Equal(t, e.groupJoinURL(infos[1].Code, groups[1].Code), infos[1].GroupList[1].JoinURL)
				assertForm(t, e.sent("/training/famousroom/info"), map[string]string{"id": fr.ID})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.FamousRooms.Get(e.ctx, "noSuchRoom")
				return err
			},
		}),
		nf(methodCase{
			method: "FamousRooms.Delete", path: "/training/famousroom/deleted",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				infos := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos
				// One tutorial room first, then the whole classroom.
				require.NoError(t, e.c.FamousRooms.Delete(e.ctx, infos[2].ID))
				assertForm(t, e.sent("/training/famousroom/deleted"), map[string]string{"roomId": infos[2].ID})
				got, err := e.c.FamousRooms.Get(e.ctx, fr.ID)
				require.NoError(t, err)
				assert.Len(t, got.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 2)
				require.NoError(t, e.c.FamousRooms.Delete(e.ctx, fr.ID))
				assertForm(t, e.sent("/training/famousroom/deleted"), map[string]string{"roomId": fr.ID})
				_, err = e.c.FamousRooms.Get(e.ctx, fr.ID)
				requireAPIError(t, err, "/training/famousroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
				_, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[0].ID)
				requireAPIError(t, err, "/training/tutorialroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
			},
			fail: func(t *testing.T, e *env) error { return e.c.FamousRooms.Delete(e.ctx, "noSuchRoom") },
		}),
		nf(methodCase{
			method: "FamousRooms.RenameTutorialRoom", path: "/training/slaveroom/modify",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				id := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[2].ID
				require.NoError(t, e.c.FamousRooms.RenameTutorialRoom(e.ctx, id, "实验班"))
				assertForm(t, e.sent("/training/slaveroom/modify"), map[string]string{"roomId": id, "className": "实验班"})
				tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, "实验班", tr.TutorialRoomName)
			},
			fail: func(t *testing.T, e *env) error {
				// An ordinary room is not a tutorial room.
				return e.c.FamousRooms.RenameTutorialRoom(e.ctx, e.srv.AddRoom("普通课堂"), "实验班")
			},
		}),
		nf(methodCase{
			method: "FamousRooms.GetTutorialRoom", path: "/training/tutorialroom/info",
			ok: func(t *testing.T, e *env) {
				fr := createFamous(t, e)
				info := fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0]
				tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, info.ID)
				require.NoError(t, err)
				assert.Equal(t, fr.ID, tr.ID)
				assert.Equal(t, fr.Number, tr.Number)
				assert.Equal(t, info.ID, tr.TutorialRoomID)
				assert.Equal(t, "双师课堂", tr.Subject)
				assert.Equal(t, "一班", tr.TutorialRoomName)
				assert.Equal(t, []string{"100004", "100005", "100003"}, []string{tr.TeacherToken, tr.AssistantToken, tr.StudentClientToken})
				assert.Equal(t, info.ClientURL, tr.ClientURL)
				assert.Equal(t, info.StudentClientURL, tr.JoinURL)
				sameTime(t, t0, tr.StartDate)
				sameTime(t, t0.Add(3*time.Hour), tr.InvalidDate)
				assert.NotNil(t, tr.GroupList)
				assert.Empty(t, tr.GroupList)
				assertForm(t, e.sent("/training/tutorialroom/info"), map[string]string{"roomId": info.ID})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, e.srv.AddRoom("普通课堂"))
				return err
			},
		}),
		nf(methodCase{
			method: "Groups.Create", path: "/training/group/create",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				groups, err := e.c.Groups.Create(e.ctx, room, 3, "一组", "二组")
				require.NoError(t, err)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				require.Len(t, groups, 3)
				var names []string
				for _, g := range groups {
					names = append(names, g.Name)
					assert.NotEmpty(t, g.Code)
					assert.Equal(t, room, g.RoomID)
					assert.Equal(t, "分组课堂", g.Subject)
					assert.Equal(t, e.groupJoinURL(info.Number, g.Code), g.JoinURL)
				}
				assert.Equal(t, []string{"一组", "二组", "3组"}, names)
				require.Len(t, info.GroupList, 3)
				for i, g := range info.GroupList {
					assert.Equal(t, groups[i].Code, g.Code)
					assert.Equal(t, groups[i].Name, g.Name)
					assert.Equal(t, groups[i].JoinURL, g.JoinURL)
				}
				f := e.sent("/training/group/create")
				assertForm(t, f, map[string]string{"roomId": room, "groupCount": "3"})
				assertJSONForm(t, f, "groupNameList", `[{"groupName":"一组"},{"groupName":"二组"},{}]`)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Groups.Create(e.ctx, "noSuchRoom", 2)
				return err
			},
		}),
		{
			method: "Groups.Add", path: "/training/group/add",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				_, err := e.c.Groups.Create(e.ctx, room, 1)
				require.NoError(t, err)
				g, err := e.c.Groups.Add(e.ctx, room, "加的组")
				require.NoError(t, err)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				assert.Equal(t, "加的组", g.Name)
				assert.Equal(t, room, g.RoomID)
				assert.Equal(t, e.groupJoinURL(info.Number, g.Code), g.JoinURL)
				require.Len(t, info.GroupList, 2)
				assert.Equal(t, g.Code, info.GroupList[1].Code)
				assertForm(t, e.sent("/training/group/add"), map[string]string{"roomId": room, "groupName": "加的组"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Groups.Add(e.ctx, e.srv.AddRoom("没有分组"), "加的组")
				assert.ErrorIs(t, err, gensee.ErrNoGroups)
				return err
			},
			code: gensee.CodeBusinessError, is: gensee.ErrBusiness,
		},
		nf(methodCase{
			method: "Groups.Update", path: "/training/group/update",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				groups, err := e.c.Groups.Create(e.ctx, room, 2)
				require.NoError(t, err)
				g, err := e.c.Groups.Update(e.ctx, room, groups[1].Code, "改名的组")
				require.NoError(t, err)
				assert.Equal(t, groups[1].Code, g.Code)
				assert.Equal(t, "改名的组", g.Name)
				assert.Equal(t, groups[1].JoinURL, g.JoinURL)
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				require.Len(t, info.GroupList, 2)
				assert.Equal(t, "改名的组", info.GroupList[1].Name)
				assertForm(t, e.sent("/training/group/update"), map[string]string{"roomId": room, "groupCode": groups[1].Code, "groupName": "改名的组"})
			},
			fail: func(t *testing.T, e *env) error {
				room := e.srv.AddRoom("分组课堂")
				_, err := e.c.Groups.Create(e.ctx, room, 1)
				require.NoError(t, err)
				_, err = e.c.Groups.Update(e.ctx, room, "noSuchGroup", "x")
				return err
			},
		}),
		nf(methodCase{
			method: "Groups.Delete", path: "/training/group/delete",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("分组课堂")
				groups, err := e.c.Groups.Create(e.ctx, room, 3)
				require.NoError(t, err)
				require.NoError(t, e.c.Groups.Delete(e.ctx, room, groups[1].Code))
				assertForm(t, e.sent("/training/group/delete"), map[string]string{"roomId": room, "groupCode": groups[1].Code})
				info, err := e.c.Rooms.Get(e.ctx, room)
				require.NoError(t, err)
				var codes []string
				for _, g := range info.GroupList {
					codes = append(codes, g.Code)
				}
				assert.Equal(t, []string{groups[0].Code, groups[2].Code}, codes)
			},
			fail: func(t *testing.T, e *env) error {
				room := e.srv.AddRoom("分组课堂")
				_, err := e.c.Groups.Create(e.ctx, room, 1)
				require.NoError(t, err)
				return e.c.Groups.Delete(e.ctx, room, "noSuchGroup")
			},
		}),
		auth(methodCase{
			method: "MiniRooms.Create", path: "/training/miniroom/created",
			ok: func(t *testing.T, e *env) {
				m, err := e.c.MiniRooms.Create(e.ctx, &gensee.CreateMiniRoomRequest{
					Subject: "微课堂", StartDate: t0, Duration: 45, TeacherToken: "300001", StudentClientToken: "300002",
					Action: gensee.Ptr(false), Description: "一对多",
				})
				require.NoError(t, err)
				assert.NotEmpty(t, m.ID)
				assert.Regexp(t, eightDigits, m.Number)
				assert.Equal(t, e.joinURL("r", m.Number), m.TeacherJoinURL)
				assert.Equal(t, e.joinURL("s", m.Number), m.StudentJoinURL)
				assert.Equal(t, "300001", m.TeacherToken)
				assert.Equal(t, "300002", m.StudentClientToken)
				assert.Equal(t, 45, m.Duration)
				assert.False(t, m.Action)
				sameTime(t, t0, m.StartDate)
				sameTime(t, t0.Add(45*time.Minute), m.InvalidDate)
				assertForm(t, e.sent("/training/miniroom/created"), map[string]string{
					"subject": "微课堂", "startDate": msText(t0), "duration": "45", "teacherToken": "300001",
					"studentClientToken": "300002", "action": "false", "description": "一对多",
				})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().MiniRooms.Create(e.ctx, &gensee.CreateMiniRoomRequest{Subject: "微课堂", StartDate: t0, Duration: 45})
				return err
			},
		}),
		nf(methodCase{
			method: "MiniRooms.Modify", path: "/training/miniroom/modify",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddMiniRoom("微课堂")
				m, err := e.c.MiniRooms.Modify(e.ctx, &gensee.ModifyMiniRoomRequest{
					ID: id, Subject: "微课堂（改）", TeacherToken: "300003", Action: gensee.Ptr(false),
				})
				require.NoError(t, err)
				assert.Equal(t, id, m.ID)
				assert.Equal(t, "300003", m.TeacherToken)
				assert.NotEqual(t, m.TeacherToken, m.StudentClientToken)
				assert.False(t, m.Action)
				assert.Equal(t, 60, m.Duration)
				assert.Equal(t, e.joinURL("r", m.Number), m.TeacherJoinURL)
				f := e.sent("/training/miniroom/modify")
				assertForm(t, f, map[string]string{"id": id, "subject": "微课堂（改）", "teacherToken": "300003", "action": "false"})
				assertNotSent(t, f, "studentClientToken", "Id")
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.MiniRooms.Modify(e.ctx, &gensee.ModifyMiniRoomRequest{ID: "noSuchMini", Subject: "x"})
				return err
			},
		}),
		nf(methodCase{
			method: "MiniRooms.StudentStats", path: "/training/miniroom/export/history",
			ok: func(t *testing.T, e *env) {
				mini, other := e.srv.AddMiniRoom("微课堂"), e.srv.AddMiniRoom("别的微课堂")
				seedMiniStudents(e, mini, 60)
				seedMiniStudents(e, other, 1)
				p, err := e.c.MiniRooms.StudentStats(e.ctx, mini, 2)
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				s := p.Items[0]
				assert.Equal(t, "学员050", s.UserNickname)
				assert.Equal(t, int64(4050), s.UserID)
				assert.Equal(t, []int64{2, 1, 120, 2400}, []int64{int64(s.MedalCount), int64(s.HandUpCount), s.PodiumDuration, s.Duration})
				require.Len(t, s.HandUpTimeStampList, 1)
				sameTime(t, t0.Add(time.Minute), s.HandUpTimeStampList[0].TimeStamp)
				require.Len(t, s.RollCallDetailList, 1)
				assert.Equal(t, gensee.MiniRoomRollCallAnswered, s.RollCallDetailList[0].Status)
				sameTime(t, t0.Add(3*time.Minute), s.RollCallDetailList[0].AnswerTimestamp)
				require.Len(t, s.PodiumDetailList, 1)
				sameTime(t, t0.Add(6*time.Minute), s.PodiumDetailList[0].EndTime)
				require.Len(t, s.VoteDetails, 1)
				assert.Equal(t, "80%", s.VoteDetails[0].Accuracy)
				require.Len(t, s.AnswerSheetDetail, 2)
				assert.Equal(t, "50%", s.AnswerSheetDetail[1].Accuracy)
				assertForm(t, e.sent("/training/miniroom/export/history"), map[string]string{"id": mini, "pageNo": "2"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.MiniRooms.StudentStats(e.ctx, "noSuchMini", 1)
				return err
			},
		}),
		nf(methodCase{
			method: "MiniRooms.StudentStatsAll", path: "/training/miniroom/export/history",
			ok: func(t *testing.T, e *env) {
				mini := e.srv.AddMiniRoom("微课堂")
				seedMiniStudents(e, mini, 120)
				got := collect(t, e.c.MiniRooms.StudentStatsAll(e.ctx, mini))
				require.Len(t, got, 120)
				for i, s := range got {
					assert.Equal(t, int64(4000+i), s.UserID)
				}
				assert.Len(t, e.pageNos("/training/miniroom/export/history"), 3)
			},
			fail: func(t *testing.T, e *env) error {
				return onlyError(e.c.MiniRooms.StudentStatsAll(e.ctx, "noSuchMini"))
			},
		}),
		auth(methodCase{
			method: "MiniRooms.RoomStats", path: "/training/miniroom/syn",
			ok: func(t *testing.T, e *env) {
				seedMiniStats(e, 60)
				p, err := e.c.MiniRooms.RoomStats(e.ctx, 2)
				require.NoError(t, err)
				assert.Equal(t, []int{2, 2, 60}, []int{p.PageNo, p.TotalPages, p.TotalCounts})
				require.Len(t, p.Items, 10)
				assert.Equal(t, gensee.MiniRoomStats{
					ID: "mini055", StageNum: 55, HandupNum: 110, WatchTotalTime: 56, VisitNum: 65, AllUsersDuration: 60 * 61 / 2,
				}, *p.Items[5])
				assertForm(t, e.sent("/training/miniroom/syn"), map[string]string{"pageNo": "2"})
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().MiniRooms.RoomStats(e.ctx, 1)
				return err
			},
		}),
		auth(methodCase{
			method: "MiniRooms.RoomStatsAll", path: "/training/miniroom/syn",
			ok: func(t *testing.T, e *env) {
				seedMiniStats(e, 120)
				got := collect(t, e.c.MiniRooms.RoomStatsAll(e.ctx))
				require.Len(t, got, 120)
				for i, s := range got {
					assert.Equal(t, fmt.Sprintf("mini%03d", i), s.ID)
					assert.Equal(t, int64(120*121/2), s.AllUsersDuration)
				}
				assert.Len(t, e.pageNos("/training/miniroom/syn"), 3)
			},
			fail: func(t *testing.T, e *env) error { return onlyError(e.wrong().MiniRooms.RoomStatsAll(e.ctx)) },
		}),
	}
}

// ---------------------------------------------------------------------------
// Flows across services

func TestE2EStateFlows(t *testing.T) {
	t.Parallel()

	t.Run("room lifecycle", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		r, err := e.c.Rooms.Create(e.ctx, createRoomRequest("生命周期课堂"))
		require.NoError(t, err)

		require.NoError(t, e.c.Rooms.Modify(e.ctx, &gensee.ModifyRoomRequest{
			ID: r.ID, Subject: "生命周期课堂（改）", StartDate: t0.Add(time.Hour), Realtime: gensee.Ptr(true),
			AssistantToken: "666666", Duration: gensee.Ptr(120),
		}))
		got, err := e.c.Rooms.Get(e.ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, "生命周期课堂（改）", got.Subject)
		assert.Equal(t, "666666", got.AssistantToken)
		assert.Equal(t, "111111", got.TeacherToken, "a token not sent is kept")
		assert.Equal(t, 120, got.Duration)
		sameTime(t, t0.Add(time.Hour), got.StartDate)
		assert.Equal(t, r.Number, got.Number)
		assert.Equal(t, r.TeacherJoinURL, got.TeacherJoinURL)

		groupNames := func() []string {
			t.Helper()
			info, err := e.c.Rooms.Get(e.ctx, r.ID)
			require.NoError(t, err)
			var names []string
			for _, g := range info.GroupList {
				assert.Equal(t, e.groupJoinURL(r.Number, g.Code), g.JoinURL)
				names = append(names, g.Name)
			}
			return names
		}
		groups, err := e.c.Groups.Create(e.ctx, r.ID, 2, "A组")
		require.NoError(t, err)
		assert.Equal(t, []string{"A组", "2组"}, groupNames())
		added, err := e.c.Groups.Add(e.ctx, r.ID, "C组")
		require.NoError(t, err)
		assert.Equal(t, []string{"A组", "2组", "C组"}, groupNames())
		_, err = e.c.Groups.Update(e.ctx, r.ID, groups[0].Code, "甲组")
		require.NoError(t, err)
		assert.Equal(t, []string{"甲组", "2组", "C组"}, groupNames())
		require.NoError(t, e.c.Groups.Delete(e.ctx, r.ID, groups[1].Code))
		assert.Equal(t, []string{"甲组", "C组"}, groupNames())
		err = e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
			RoomID: r.ID, GroupCode: groups[1].Code, Students: []gensee.Student{{ID: 7, Name: "小七"}},
		})
		requireAPIError(t, err, "/training/room/student/list", gensee.CodeNotFound, gensee.ErrNotFound)
		require.NoError(t, e.c.Rooms.SetStudentList(e.ctx, &gensee.StudentListRequest{
			RoomID: r.ID, GroupCode: added.Code, Students: []gensee.Student{{ID: 7, Name: "小七"}, {ID: 8, Name: "小八"}},
		}))

		other, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "转播源", StartDate: t0, Realtime: true})
		require.NoError(t, err)
		require.NoError(t, e.c.Rooms.AddRelay(e.ctx, r.ID, other.ID))
		require.NoError(t, e.c.Rooms.RemoveRelay(e.ctx, r.ID, other.ID))
		require.NoError(t, e.c.Rooms.AddRelay(e.ctx, r.ID, other.ID))
		require.NoError(t, e.c.Rooms.Delete(e.ctx, other.ID))
		err = e.c.Rooms.RemoveRelay(e.ctx, r.ID, other.ID)
		requireAPIError(t, err, "/training/relay/remove", gensee.CodeNotFound, gensee.ErrNotFound)

		require.NoError(t, e.c.Rooms.Delete(e.ctx, r.ID))
		_, err = e.c.Rooms.Get(e.ctx, r.ID)
		requireAPIError(t, err, "/training/room/info", gensee.CodeNotFound, gensee.ErrNotFound)
		_, err = e.c.Rooms.Status(e.ctx, r.ID)
		requireAPIError(t, err, "/training/query/status", gensee.CodeNotFound, gensee.ErrNotFound)
		_, err = e.c.Groups.Add(e.ctx, r.ID, "D组")
		requireAPIError(t, err, "/training/group/add", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Rooms.Delete(e.ctx, r.ID)
		requireAPIError(t, err, "/training/room/deleted", gensee.CodeNotFound, gensee.ErrNotFound)
		assert.Empty(t, collect(t, e.c.Rooms.SyncAll(e.ctx, nil)))
		// The subject of a deleted room is free again.
		_, err = e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "生命周期课堂（改）", StartDate: t0, Realtime: true})
		require.NoError(t, err)
	})

	t.Run("recording cascade", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		room := e.srv.AddRoom("录播课堂")
		keptRec := e.srv.AddRecording(genseetest.Recording{Name: "保留的录制件", RoomID: room})
		keptWare := e.srv.AddCourseware(genseetest.Courseware{Subject: "保留的课件", RoomID: room, RecordID: keptRec})

		res, err := e.c.Coursewares.TranscodeMedia(e.ctx, &gensee.TranscodeMediaRequest{
			ResourceURL: "https://files.example.com/media/lesson.mp4", Name: "第二课",
		})
		require.NoError(t, err)
		rec := res.RecordID
		cw, err := e.c.Coursewares.Get(e.ctx, res.CoursewareID)
		require.NoError(t, err)
		assert.Equal(t, "第二课", cw.Subject)
		var synced *gensee.Courseware
		for _, c := range collect(t, e.c.Coursewares.SyncAll(e.ctx, nil)) {
			if c.ID == res.CoursewareID {
				synced = c
			}
		}
		require.NotNil(t, synced)
		assert.Equal(t, rec, synced.GrID)
		assert.Equal(t, gensee.GrTypeMedia, synced.GrType)

		w, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "暖场", RecordID: rec})
		require.NoError(t, err)
		require.NoError(t, e.c.Warmups.Attach(e.ctx, room, w.ID))
		require.NoError(t, e.c.Records.Choose(e.ctx, room, rec, keptRec))

		require.NoError(t, e.c.Records.Delete(e.ctx, synced.GrID))

		_, err = e.c.Coursewares.Get(e.ctx, res.CoursewareID)
		requireAPIError(t, err, "/training/courseware/info", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Warmups.Attach(e.ctx, room, w.ID)
		requireAPIError(t, err, "/training/warmup/attach", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Warmups.Modify(e.ctx, &gensee.ModifyWarmupRequest{ID: w.ID, Name: "还在吗"})
		requireAPIError(t, err, "/training/warmup/modify", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Records.Remove(e.ctx, room, rec)
		requireAPIError(t, err, "/training/record/remove", gensee.CodeNotFound, gensee.ErrNotFound)
		err = e.c.Records.Delete(e.ctx, rec)
		requireAPIError(t, err, "/training/gr/delete", gensee.CodeNotFound, gensee.ErrNotFound)

		// What was made from another recording stays.
		_, err = e.c.Coursewares.Get(e.ctx, keptWare)
		require.NoError(t, err)
		list, err := e.c.Coursewares.List(e.ctx, room)
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, keptWare, list[0].ID)
		recs := collect(t, e.c.Records.SyncAll(e.ctx, nil))
		require.Len(t, recs, 1)
		assert.Equal(t, keptRec, recs[0].ID)
		require.NoError(t, e.c.Records.Remove(e.ctx, room, keptRec))
	})

	t.Run("famous room", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		fr := createFamous(t, e)
		got, err := e.c.FamousRooms.Get(e.ctx, fr.ID)
		require.NoError(t, err)
		infos := got.SlaveRoomWrapper.SlaveFamousRoomResultInfos
		require.Len(t, infos, 3)
		var names []string
		for i, info := range infos {
			assert.Equal(t, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[i].ID, info.ID)
			tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, info.ID)
			require.NoError(t, err)
			assert.Equal(t, fr.ID, tr.ID)
			assert.Equal(t, info.ID, tr.TutorialRoomID)
			assert.Equal(t, info.ClientURL, tr.ClientURL)
			names = append(names, tr.TutorialRoomName)
		}
		assert.Equal(t, []string{"一班", "二班", "3班"}, names)

		require.NoError(t, e.c.FamousRooms.RenameTutorialRoom(e.ctx, infos[2].ID, "实验班"))
		tr, err := e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[2].ID)
		require.NoError(t, err)
		assert.Equal(t, "实验班", tr.TutorialRoomName)

		groups, err := e.c.Groups.Create(e.ctx, infos[2].ID, 2, "红队", "蓝队")
		require.NoError(t, err)
		tr, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[2].ID)
		require.NoError(t, err)
		require.Len(t, tr.GroupList, 2)
		assert.Equal(t, groups[1].Code, tr.GroupList[1].Code)
		assert.Equal(t, "蓝队", tr.GroupList[1].Name)

		mod, err := e.c.FamousRooms.Modify(e.ctx, &gensee.ModifyFamousRoomRequest{
			ID: fr.ID, StartDate: t0, Realtime: gensee.Ptr(true), ClassCount: gensee.Ptr(4),
		})
		require.NoError(t, err)
		require.Len(t, mod.SlaveRoomWrapper.SlaveFamousRoomResultInfos, 4)
		assert.Len(t, mod.SlaveRoomWrapper.SlaveFamousRoomResultInfos[2].GroupList, 2, "modify returns the groups")
		tr, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, infos[2].ID)
		require.NoError(t, err)
		assert.Equal(t, "实验班", tr.TutorialRoomName, "a modify without names keeps them")

		require.NoError(t, e.c.FamousRooms.Delete(e.ctx, fr.ID))
		_, err = e.c.FamousRooms.Get(e.ctx, fr.ID)
		requireAPIError(t, err, "/training/famousroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
		for _, info := range mod.SlaveRoomWrapper.SlaveFamousRoomResultInfos {
			_, err = e.c.FamousRooms.GetTutorialRoom(e.ctx, info.ID)
			requireAPIError(t, err, "/training/tutorialroom/info", gensee.CodeNotFound, gensee.ErrNotFound)
		}
	})

	t.Run("one client, many goroutines", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		const n = 16
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: fmt.Sprintf("并发%02d", i), StartDate: t0, Realtime: true})
				if err != nil {
					errs <- err
					return
				}
				got, err := e.c.Rooms.Get(e.ctx, r.ID)
				if err == nil && got.Subject != fmt.Sprintf("并发%02d", i) {
					err = fmt.Errorf("room %s has subject %q", r.ID, got.Subject)
				}
				if err == nil {
					_, err = e.c.Groups.Create(e.ctx, r.ID, 2)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			assert.NoError(t, err)
		}
		assert.Len(t, collect(t, e.c.Rooms.SyncAll(e.ctx, nil)), n)
	})

	t.Run("teacher account", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
		tc, err := gensee.NewClient(e.srv.URL(), "teacher1@demo", "t-secret-1", gensee.WithPlainPassword(), fastRetry())
		require.NoError(t, err)
		r, err := tc.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "老师自己的课堂", StartDate: t0, Realtime: true})
		require.NoError(t, err)
		got, err := e.c.Rooms.Get(e.ctx, r.ID)
		require.NoError(t, err, "the site account sees the teacher's room")
		assert.Equal(t, "老师自己的课堂", got.Subject)
		f := e.requests("/training/room/created")[0].Form
		assert.Equal(t, "teacher1@demo", f.Get("loginName"))
		assertNotSent(t, f, "sec")
	})
}

// ---------------------------------------------------------------------------
// The real server's quirks

// quirkText has the raw control characters real sites leave in strings.
const quirkText = "第一行\t制表\r\n第二行"

// readEverything seeds e (the same way every time) and runs every read
// method, returning each result as JSON in which the identifiers the server
// chose at random (ids, numbers, group codes, the base URL) are replaced by
// names, so that two servers' answers compare equal.
func readEverything(t *testing.T, e *env) map[string]string {
	t.Helper()
	ctx, c := e.ctx, e.c
	out := map[string]string{}
	put := func(name string, v any, err error) {
		t.Helper()
		require.NoError(t, err, name)
		b, err := json.Marshal(v)
		require.NoError(t, err, name)
		out[name] = string(b)
	}
	repl := []string{e.srv.URL(), "{base}"}
	named := func(v, name string) { repl = append(repl, v, "{"+name+"}") }

	// Seeding, through the API where the server picks ids.
	reqA := createRoomRequest(quirkText)
	reqA.Description = quirkText
	roomA, err := c.Rooms.Create(ctx, reqA)
	require.NoError(t, err)
	named(roomA.ID, "roomA")
	named(roomA.Number, "numberA")
	roomB, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{Subject: "空课堂", StartDate: t0, Realtime: true, TeacherToken: "121212", AssistantToken: "131313"})
	require.NoError(t, err)
	named(roomB.ID, "roomB")
	named(roomB.Number, "numberB")
	groups, err := c.Groups.Create(ctx, roomA.ID, 2, "一组\t甲")
	require.NoError(t, err)
	for i, g := range groups {
		named(g.Code, "group"+strconv.Itoa(i))
	}
	require.NoError(t, e.srv.SetRoomStatus(roomA.ID, 2))
	fr := createFamous(t, e)
	named(fr.ID, "famous")
	named(fr.Number, "famousNumber")
	for i, info := range fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos {
		named(info.ID, "tutorial"+strconv.Itoa(i))
		named(info.Code, "tutorialNumber"+strconv.Itoa(i))
	}
	mini, err := c.MiniRooms.Create(ctx, &gensee.CreateMiniRoomRequest{Subject: quirkText, StartDate: t0, Duration: 60, TeacherToken: "300001", StudentClientToken: "300002"})
	require.NoError(t, err)
	named(mini.ID, "mini")
	named(mini.Number, "miniNumber")

	// Seeding of what only the server makes.
	const n = 55 // two pages
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		e.srv.AddCourseware(genseetest.Courseware{
			ID: fmt.Sprintf("q%03d", i), Number: fmt.Sprintf("9%07d", i), URL: fmt.Sprintf("https://vod.example.com/v/9%07d", i),
			Token: "5555", Subject: quirkText + strconv.Itoa(i), RoomID: roomA.ID, Description: quirkText, CreatorID: 42,
			RecordID: int64(6000 + i), CreatedTime: at, StartTime: at.Add(-time.Hour), EndTime: at,
			Duration: 3600000, GrType: gensee.GrType(i % 5), ConvertResult: gensee.ConvertResult(i%3 - 1), Plan: quirkText, SpeakerInfo: quirkText, Views: i,
		})
		e.srv.AddRecording(genseetest.Recording{
			ID: int64(6000 + i), Name: quirkText, RoomID: roomA.ID, StartTime: at.Add(-time.Hour), EndTime: at,
			CreatedTime: at, Size: int64(1000 * i), CreatorID: 42,
		})
		e.srv.AddDocument(genseetest.Document{ID: int64(8000 + i), Name: quirkText, Upload: i%2 == 0, CreatedTime: at, ConvCode: gensee.ConvCode(i % 3)})
		e.srv.AddMedal(genseetest.MedalRecord{RoomID: roomA.ID, UserName: quirkText, UserID: int64(i), Count: i, RoomStartTime: t0})
		e.srv.AddPraise(genseetest.PraiseRecord{RoomID: roomA.ID, UserName: quirkText, UserID: int64(i), Count: i, RoomStartTime: t0})
		e.srv.AddPraiseDetail(genseetest.PraiseDetailRecord{RoomID: roomA.ID, UserID: int64(i), UserName: quirkText, ActionTime: at, TargetUserID: 9, TargetUserName: quirkText})
		e.srv.AddStudyRecord(genseetest.StudyRecord{CoursewareID: "q001", UserID: int64(i), Name: quirkText, JoinTime: at, LeaveTime: at.Add(time.Minute), Area: quirkText, IP: "10.0.0.1", Device: 0xED})
		e.srv.AddMiniRoomStudentStats(genseetest.MiniRoomStudentStats{
			RoomID: mini.ID, Nickname: quirkText, UserID: int64(i), MedalCount: i, HandUpCount: 1, PodiumDuration: 5, Duration: 60,
			HandUpTimes: []time.Time{at}, RollCalls: []genseetest.MiniRollCall{{StartTime: at, AnswerTime: at.Add(time.Second), Status: 2}},
			Podiums: []genseetest.MiniPodium{{StartTime: at, EndTime: at.Add(time.Minute)}}, VoteAccuracies: []string{"90%"},
		})
		e.srv.AddMiniRoomStats(genseetest.MiniRoomStats{RoomID: fmt.Sprintf("m%03d", i), StageNum: int64(i), HandupNum: 2, WatchTotalTime: 10, VisitNum: 3})
	}
	e.srv.AddCourseware(genseetest.Courseware{ID: "views", Number: "80000001", Subject: "观看", Views: 12345, URL: "https://vod.example.com/v/1"})
	in := t0.Add(5 * time.Minute)
	e.srv.AddAttendance(genseetest.AttendanceRecord{
		RoomID: roomA.ID, UserID: 1001, Nickname: quirkText, Name: quirkText, JoinTime: in, LeaveTime: in.Add(time.Hour),
		Area: quirkText, IP: "10.0.0.1", Mobile: "138", Company: quirkText, Device: 24, IDCID: "idc", ForeignHighLine: true,
	})
	e.srv.AddQA(genseetest.QARecord{RoomID: roomA.ID, SubmitterID: 1, Name: quirkText, Question: quirkText, SubmitTime: in, Published: true, AnswererID: 2, Response: quirkText, AnswerTime: in})
	e.srv.AddRollCall(genseetest.RollCallRecord{RoomID: roomA.ID, ID: "rc", StartTime: in, EndTime: in, Users: []genseetest.RollCallUser{{UserID: 1, Name: quirkText, Present: true}, {UserID: 2, Name: "乙"}}})
	e.srv.AddVote(genseetest.VoteRecord{RoomID: roomA.ID, ID: "v", Subject: quirkText, Type: 1, StartTime: in, Questions: []genseetest.VoteQuestion{{
		ID: "q", Content: quirkText, Type: 1, Answer: "1,2",
		Options: []genseetest.VoteOption{{Value: "A", Percentage: 33.33, Result: "1"}, {Value: "B", Percentage: 66.67, Result: "2"}},
		Results: []genseetest.VoteResult{{Nickname: quirkText, UserID: 7, Content: "A,B"}},
	}}})
	e.srv.AddChat(genseetest.ChatRecord{RoomID: roomA.ID, SentTime: in, Sender: quirkText, SenderID: 5, Msg: quirkText})
	e.srv.AddRedPacket(genseetest.RedPacketRecord{
		RoomID: roomA.ID, UserName: quirkText, IssueTime: in, Type: 2, Amount: 10, Number: 2, ReceiveAmount: 5, ReceiveNumber: 1,
		Users: []genseetest.RedPacketUser{{UserID: 3, UserName: quirkText, ReceiveTime: in, Amount: 5}},
	})
	e.srv.AddSession(genseetest.Session{RoomID: roomA.ID, StartTime: t0, EndTime: t0.Add(time.Hour), MaxConcurrent: 9, Total: 12, MaxConcurrentVIP: 1})
	e.srv.AddRoomConcurrency(genseetest.Concurrency{Date: t0, MaxConcurrent: 70, MaxVIP: 2})
	e.srv.AddVodConcurrency(genseetest.Concurrency{Date: t0, MaxConcurrent: 30})
	e.srv.AddReward(genseetest.RewardRecord{Subject: quirkText, StartTime: t0, EndTime: t0.Add(time.Hour), TotalReward: 99, Speakers: []genseetest.SpeakerReward{{Name: quirkText, Reward: 99}}})

	// Every read method.
	v1, err := c.Rooms.Get(ctx, roomA.ID)
	put("Rooms.Get", v1, err)
	v2, err := c.Rooms.Status(ctx, roomA.ID)
	put("Rooms.Status", v2, err)
	v3, err := c.Rooms.Sync(ctx, nil)
	put("Rooms.Sync", v3, err)
	put("Rooms.SyncAll", collect(t, c.Rooms.SyncAll(ctx, nil)), nil)
	v4, err := c.Coursewares.List(ctx, roomA.ID)
	put("Coursewares.List", v4, err)
	v5, err := c.Coursewares.List(ctx, roomB.ID)
	put("Coursewares.List empty", v5, err)
	assert.NotNil(t, v5, "an empty list is an empty slice")
	v6, err := c.Coursewares.Get(ctx, "q001")
	put("Coursewares.Get", v6, err)
	v7, err := c.Coursewares.Sync(ctx, &gensee.SyncOptions{PageNo: 2})
	put("Coursewares.Sync", v7, err)
	put("Coursewares.SyncAll", collect(t, c.Coursewares.SyncAll(ctx, nil)), nil)
	v8, err := c.Coursewares.ViewCount(ctx, "views")
	put("Coursewares.ViewCount", v8, err)
	v9, err := c.Records.Sync(ctx, &gensee.SyncOptions{PageNo: 2})
	put("Records.Sync", v9, err)
	put("Records.SyncAll", collect(t, c.Records.SyncAll(ctx, nil)), nil)
	v10, err := c.Docs.Sync(ctx, &gensee.SyncOptions{PageNo: 2})
	put("Docs.Sync", v10, err)
	put("Docs.SyncAll", collect(t, c.Docs.SyncAll(ctx, nil)), nil)
	v11, err := c.Exports.Attendance(ctx, window(roomA.ID))
	put("Exports.Attendance", v11, err)
	v12, err := c.Exports.QA(ctx, window(roomA.ID))
	put("Exports.QA", v12, err)
	v13, err := c.Exports.RollCalls(ctx, window(roomA.ID))
	put("Exports.RollCalls", v13, err)
	v14, err := c.Exports.Votes(ctx, window(roomA.ID))
	put("Exports.Votes", v14, err)
	v15, err := c.Exports.Chat(ctx, window(roomA.ID))
	put("Exports.Chat", v15, err)
	v16, err := c.Exports.RedPackets(ctx, window(roomA.ID))
	put("Exports.RedPackets", v16, err)
	v17, err := c.Exports.Medals(ctx, paged(roomA.ID, 2))
	put("Exports.Medals", v17, err)
	put("Exports.MedalsAll", collect(t, c.Exports.MedalsAll(ctx, paged(roomA.ID, 0))), nil)
	v18, err := c.Exports.Praises(ctx, paged(roomA.ID, 2))
	put("Exports.Praises", v18, err)
	put("Exports.PraisesAll", collect(t, c.Exports.PraisesAll(ctx, paged(roomA.ID, 0))), nil)
	v19, err := c.Exports.PraiseDetails(ctx, paged(roomA.ID, 2))
	put("Exports.PraiseDetails", v19, err)
	put("Exports.PraiseDetailsAll", collect(t, c.Exports.PraiseDetailsAll(ctx, paged(roomA.ID, 0))), nil)
	day := &gensee.StudyHistoryOptions{Date: gensee.NewDate(2024, time.May, 20)}
	v20, err := c.Exports.StudyHistory(ctx, &gensee.StudyHistoryOptions{Date: day.Date, PageNo: 2})
	put("Exports.StudyHistory", v20, err)
	put("Exports.StudyHistoryAll", collect(t, c.Exports.StudyHistoryAll(ctx, day)), nil)
	v21, err := c.Exports.RoomUsage(ctx, &gensee.RoomUsageOptions{StartTime: t0, EndTime: t0.Add(24 * time.Hour)})
	put("Exports.RoomUsage", v21, err)
	v22, err := c.Exports.RoomConcurrency(ctx, day.Date, day.Date.AddDays(1))
	put("Exports.RoomConcurrency", v22, err)
	v23, err := c.Exports.VodConcurrency(ctx, day.Date, day.Date.AddDays(1))
	put("Exports.VodConcurrency", v23, err)
	v24, err := c.Exports.Rewards(ctx, day.Date, day.Date.AddDays(1))
	put("Exports.Rewards", v24, err)
	v25, err := c.FamousRooms.Get(ctx, fr.ID)
	put("FamousRooms.Get", v25, err)
	v26, err := c.FamousRooms.GetTutorialRoom(ctx, fr.SlaveRoomWrapper.SlaveFamousRoomResultInfos[0].ID)
	put("FamousRooms.GetTutorialRoom", v26, err)
	v27, err := c.MiniRooms.StudentStats(ctx, mini.ID, 2)
	put("MiniRooms.StudentStats", v27, err)
	put("MiniRooms.StudentStatsAll", collect(t, c.MiniRooms.StudentStatsAll(ctx, mini.ID)), nil)
	v28, err := c.MiniRooms.RoomStats(ctx, 2)
	put("MiniRooms.RoomStats", v28, err)
	all := collect(t, c.MiniRooms.RoomStatsAll(ctx))
	put("MiniRooms.RoomStatsAll", all, nil)
	put("MiniRooms.RoomStatsAll AllUsersDuration", all[0].AllUsersDuration, nil)

	// Spot checks that the values are the seeded ones, not merely equal.
	assert.Equal(t, quirkText, v1.Subject)
	assert.Equal(t, gensee.LiveStatusLive, v2)
	assert.Len(t, v4, n)
	assert.Empty(t, v5)
	assert.Equal(t, 12345, v8)
	assert.Equal(t, quirkText, v15[0].Msg)
	assert.InDelta(t, 33.33, v14[0].Questions[0].Options[0].Percentage, 1e-9)
	assert.Equal(t, []int{2, 2, n}, []int{v9.PageNo, v9.TotalPages, v9.TotalCounts})
	assert.Equal(t, int64(10*n), all[0].AllUsersDuration)

	r := strings.NewReplacer(repl...)
	for k, v := range out {
		out[k] = r.Replace(v)
	}
	return out
}

// rawPost posts an endpoint by hand, to look at the bytes the fake answers.
func rawPost(t *testing.T, e *env, path string, form url.Values) string {
	t.Helper()
	form.Set("loginName", e.srv.LoginName())
	form.Set("password", e.srv.Password())
	resp, err := http.PostForm(e.srv.URL()+"/integration/site"+path, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestE2EQuirks(t *testing.T) {
	t.Parallel()
	clock := genseetest.WithClock(func() time.Time { return t0.Add(2 * time.Hour) })
	plain, quirky := newEnv(t, clock), newEnv(t, clock, genseetest.WithQuirks())
	want := readEverything(t, plain)
	got := readEverything(t, quirky)

	// The quirky server does answer with the quirks.
	room := quirky.srv.AddRoom("quirk check")
	body := rawPost(t, quirky, "/training/courseware/list", url.Values{"roomId": {room}})
	assert.NotContains(t, body, "coursewares", "the empty list is left out")
	body = rawPost(t, quirky, "/training/export/chat", url.Values{"roomId": {"noSuchRoom"}})
	assert.Contains(t, body, `"code":"501"`)
	e := quirky
	r, err := e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "raw\tsubject", StartDate: t0, Realtime: true, Duration: gensee.Ptr(30)})
	require.NoError(t, err)
	body = rawPost(t, quirky, "/training/room/info", url.Values{"roomId": {r.ID}})
	assert.Contains(t, body, "raw\tsubject", "raw control characters")
	assert.Contains(t, body, `"duration":"30"`, "quoted numbers")
	body = rawPost(t, plain, "/training/room/info", url.Values{"roomId": {plain.srv.AddRoom("x")}})
	assert.Contains(t, body, `"duration":0`)

	require.Len(t, got, len(want))
	assert.Len(t, want, 39)
	for name, w := range want {
		assert.Equal(t, w, got[name], name)
	}
}

// ---------------------------------------------------------------------------
// Faults

func TestE2EFaults(t *testing.T) {
	t.Parallel()
	const info, modify = "/training/room/info", "/training/room/modify"

	t.Run("a read is retried after a 503 and a dropped connection", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("重试课堂")
		e.srv.Inject(info, 1, genseetest.Fault{Status: 503})
		e.srv.Inject(info, 1, genseetest.Fault{Drop: true})
		r, err := e.c.Rooms.Get(e.ctx, id)
		require.NoError(t, err)
		assert.Equal(t, "重试课堂", r.Subject)
		assert.Len(t, e.requests(info), 3)

		// Paged reads too: the second page is fetched again.
		seedDocuments(e, 60)
		e.srv.Inject("/training/doc/syn", 1, genseetest.Fault{Status: 502})
		e.srv.Inject("/training/doc/syn", 1, genseetest.Fault{Drop: true})
		assert.Len(t, collect(t, e.c.Docs.SyncAll(e.ctx, nil)), 60)
		assert.Len(t, e.requests("/training/doc/syn"), 4)
	})

	t.Run("a read gives up after MaxAttempts", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("重试课堂")
		e.srv.Inject(info, 3, genseetest.Fault{Status: 503})
		_, err := e.c.Rooms.Get(e.ctx, id)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 503, he.StatusCode)
		assert.Equal(t, info, he.Endpoint)
		assert.Len(t, e.requests(info), 3)
	})

	t.Run("a write is sent once", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("原名")
		modifyReq := &gensee.ModifyRoomRequest{ID: id, Subject: "新名", StartDate: t0, Realtime: gensee.Ptr(true)}

		e.srv.Inject(modify, 1, genseetest.Fault{Status: 503})
		err := e.c.Rooms.Modify(e.ctx, modifyReq)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he)
		assert.Equal(t, 503, he.StatusCode)
		assert.Len(t, e.requests(modify), 1)

		e.srv.Inject(modify, 1, genseetest.Fault{Drop: true})
		err = e.c.Rooms.Modify(e.ctx, modifyReq)
		require.Error(t, err)
		assert.NotErrorAs(t, err, new(*gensee.APIError))
		assert.Len(t, e.requests(modify), 2)

		r, err := e.c.Rooms.Get(e.ctx, id)
		require.NoError(t, err)
		assert.Equal(t, "原名", r.Subject, "neither faulty modify reached the room")

		const created = "/training/room/created"
		e.srv.Inject(created, 1, genseetest.Fault{Drop: true})
		_, err = e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "只建一次", StartDate: t0, Realtime: true})
		require.Error(t, err)
		assert.Len(t, e.requests(created), 1)
		e.srv.Inject(created, 1, genseetest.Fault{Status: 503})
		_, err = e.c.Rooms.Create(e.ctx, &gensee.CreateRoomRequest{Subject: "只建一次", StartDate: t0, Realtime: true})
		require.Error(t, err)
		assert.Len(t, e.requests(created), 2)
		rooms := collect(t, e.c.Rooms.SyncAll(e.ctx, nil))
		assert.Len(t, rooms, 1, "no room was made by the faulty creates")
	})

	t.Run("an HTML page with status 200 is an HTTPError", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("维护中")
		e.srv.Inject(info, 1, genseetest.Fault{HTML: true})
		_, err := e.c.Rooms.Get(e.ctx, id)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he, "%v", err)
		assert.Equal(t, 200, he.StatusCode)
		assert.Equal(t, info, he.Endpoint)
		assert.Contains(t, he.ContentType, "text/html")
		assert.Contains(t, he.Body, "maintenance")
		assert.NotErrorAs(t, err, new(*gensee.APIError))
		for _, s := range []string{err.Error(), he.Body} {
			assert.NotContains(t, s, e.srv.Password())
			assert.NotContains(t, s, md5Hex(e.srv.Password()))
		}
		assert.Len(t, e.requests(info), 1, "a page that is not the envelope is not retried")
	})

	t.Run("code 300 on a read is retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		room := e.srv.AddRoom("课件课堂")
		seedCoursewares(e, room, 2)
		const list = "/training/courseware/list"
		e.srv.Inject(list, 2, genseetest.Fault{Code: 300, Message: "系统繁忙"})
		got, err := e.c.Coursewares.List(e.ctx, room)
		require.NoError(t, err)
		assert.Len(t, got, 2)
		assert.Len(t, e.requests(list), 3)

		e.srv.Inject(list, 3, genseetest.Fault{Code: 300, Message: "系统繁忙"})
		_, err = e.c.Coursewares.List(e.ctx, room)
		requireAPIError(t, err, list, gensee.CodeSystemError, gensee.ErrSystem)
		var ae *gensee.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "系统繁忙", ae.Message)
		assert.Len(t, e.requests(list), 6)
	})

	t.Run("code 300 on a write is not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("删不掉")
		const deleted = "/training/room/deleted"
		e.srv.Inject(deleted, 1, genseetest.Fault{Code: 300})
		err := e.c.Rooms.Delete(e.ctx, id)
		requireAPIError(t, err, deleted, gensee.CodeSystemError, gensee.ErrSystem)
		assert.Len(t, e.requests(deleted), 1)
		_, err = e.c.Rooms.Get(e.ctx, id)
		require.NoError(t, err, "the room is still there")
	})

	t.Run("a body cut short", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("半截")
		// The connection drops mid-body: a network error, retried.
		e.srv.Inject(info, 1, genseetest.Fault{DropMidBody: true})
		r, err := e.c.Rooms.Get(e.ctx, id)
		require.NoError(t, err)
		assert.Equal(t, "半截", r.Subject)
		assert.Len(t, e.requests(info), 2)
		// A complete response holding half the JSON is not the envelope.
		e.srv.Inject(info, 1, genseetest.Fault{Truncate: true})
		_, err = e.c.Rooms.Get(e.ctx, id)
		var he *gensee.HTTPError
		require.ErrorAs(t, err, &he, "%v", err)
		assert.Equal(t, 200, he.StatusCode)
		assert.NotContains(t, err.Error(), md5Hex(e.srv.Password()))
	})

	t.Run("a slow answer ends with the context", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("慢")
		e.srv.Inject(info, 1, genseetest.Fault{Delay: 5 * time.Second})
		ctx, cancel := context.WithTimeout(e.ctx, 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := e.c.Rooms.Get(ctx, id)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), time.Second)
	})

	t.Run("other codes on a read are not retried", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		id := e.srv.AddRoom("禁用")
		e.srv.Inject(info, 1, genseetest.Fault{Code: 600})
		_, err := e.c.Rooms.Get(e.ctx, id)
		requireAPIError(t, err, info, gensee.CodeDisabled, gensee.ErrDisabled)
		assert.Len(t, e.requests(info), 1)
	})
}
