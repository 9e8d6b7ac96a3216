package gensee_test

// End-to-end: Coursewares.WaitForRecordings against the fake.

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// TestE2EWaitForRecordings: the wait returns the coursewares recorded in
// the classroom since the time given, polling courseware/list until one is
// there; an unknown classroom ends it at once with the fake's 501.
func TestE2EWaitForRecordings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	room := e.srv.AddRoom("录制课堂")
	old := e.srv.AddCourseware(genseetest.Courseware{Subject: "上一讲", RoomID: room, CreatedTime: t0.Add(-48 * time.Hour)})
	ours := e.srv.AddCourseware(genseetest.Courseware{Subject: "这一讲", RoomID: room, CreatedTime: t0.Add(time.Hour)})
	found, err := e.c.Coursewares.WaitForRecordings(e.ctx, room, t0, time.Millisecond)
	require.NoError(t, err)
	require.Len(t, found, 1, "only the courseware recorded since t0, not %s", old)
	assert.Equal(t, ours, found[0].ID)
	assert.Len(t, e.requests("/training/courseware/list"), 1)

	_, err = e.c.Coursewares.WaitForRecordings(e.ctx, "noSuchRoom", t0, time.Millisecond)
	requireAPIError(t, err, "/training/courseware/list", gensee.CodeNotFound, gensee.ErrNotFound)
}
