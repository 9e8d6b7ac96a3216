package gensee

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWaitForRecordings(t *testing.T) {
	const path = "/training/courseware/list"
	session := time.Date(2026, 12, 1, 19, 0, 0, 0, ChinaZone())
	earlier := `{"id":"old1","roomId":"r1","createdTime":` + epochMs(session.Add(-7*24*time.Hour)) + `}`
	today := `{"id":"new1","roomId":"r1","createdTime":` + epochMs(session.Add(70*time.Minute)) + `}`
	atSince := `{"id":"new0","roomId":"r1","createdTime":` + epochMs(session) + `}`
	list := func(items ...string) string {
		s := `{"code":"0","coursewares":[`
		for i, it := range items {
			if i > 0 {
				s += ","
			}
			s += it
		}
		return s + `]}`
	}
	tests := []struct {
		name    string
		since   time.Time
		answers []string // per poll; the last repeats
		cancel  int      // cancel the context during this poll (0: never)
		wantIDs []string
		polls   int
		wantErr func(t *testing.T, err error)
	}{
		{name: "earlier sessions' coursewares do not pass for today's", since: session,
			answers: []string{`{"code":"0"}`, list(earlier), list(earlier, today)}, wantIDs: []string{"new1"}, polls: 3},
		{name: "created at since passes", since: session, answers: []string{list(earlier, atSince, today)},
			wantIDs: []string{"new0", "new1"}, polls: 1},
		{name: "zero since: any courseware", answers: []string{`{"code":"0","coursewares":[]}`, list(earlier)},
			wantIDs: []string{"old1"}, polls: 2},
		{name: "transient errors keep polling", since: session,
			answers: []string{apiErrorBody(CodeSystemError, "系统错误"), list(today)}, wantIDs: []string{"new1"}, polls: 2},
		{name: "a 501 ends the wait at once", since: session, answers: []string{apiErrorBody(CodeNotFound, "数据不存在")}, polls: 1,
			wantErr: func(t *testing.T, err error) {
				assertAPIError(t, err, path, CodeNotFound, "数据不存在", ErrNotFound)
			}},
		{name: "a wrong password ends the wait at once", answers: []string{apiErrorBody(CodeAuthFailed, "认证失败")}, polls: 1,
			wantErr: func(t *testing.T, err error) { assert.ErrorIs(t, err, ErrAuth) }},
		{name: "the context ends the wait", since: session, answers: []string{list(earlier)}, cancel: 3, polls: 3,
			wantErr: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, context.Canceled)
			}},
		{name: "the context ends the wait after transient errors, both kept", since: session,
			answers: []string{apiErrorBody(CodeSystemError, "系统错误")}, cancel: 2, polls: 2,
			wantErr: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, context.Canceled)
				assert.ErrorIs(t, err, ErrSystem)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			h.onFunc(path, func(n int) (int, string) {
				if n == tt.cancel {
					cancel()
				}
				return 200, tt.answers[min(n, len(tt.answers))-1]
			})
			got, err := h.client.Coursewares.WaitForRecordings(ctx, "r1", tt.since, time.Millisecond)
			assert.Equal(t, tt.polls, h.calls())
			assert.Equal(t, wantForm("roomId", "r1"), h.lastForm())
			if tt.wantErr != nil {
				require.Error(t, err)
				assert.Nil(t, got)
				tt.wantErr(t, err)
				return
			}
			require.NoError(t, err)
			var ids []string
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			assert.Equal(t, tt.wantIDs, ids)
		})
	}
}

func TestWaitForRecordingsBadInput(t *testing.T) {
	h := setup(t)
	_, err := h.client.Coursewares.WaitForRecordings(t.Context(), " ", time.Time{}, 0)
	assertValidation(t, err, "/training/courseware/list", "roomId")
	h.assertNothingSent()

	_, err = h.client.Coursewares.WaitForRecordings(cancelled(), "r1", time.Time{}, 0)
	assert.ErrorIs(t, err, context.Canceled)
	h.assertNothingSent()
}

func TestTransient(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&APIError{Code: CodeSystemError}, true},
		{&APIError{Code: CodeNotFound}, false},
		{&HTTPError{StatusCode: 503}, true},
		{&HTTPError{StatusCode: 429}, true},
		{&HTTPError{StatusCode: 404}, false},
		{&ValidationError{}, false},
		{&ResponseTooLargeError{}, false},
		{errors.New("decoding"), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, transient(tt.err), "%T %v", tt.err, tt.err)
	}
}
