package gensee_test

// End-to-end: faults the fake injects, and what the client makes of them.

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

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
