package gensee

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTranscodeCallbackHandler(t *testing.T) {
	type ctxKey struct{}
	tests := []struct {
		name   string
		method string
		target string
		body   string // sent as a form body when not empty
		fnErr  error
		status int
		want   *TranscodeEvent // nil: fn must not be called
	}{
		{
			name: "POST form ok", method: http.MethodPost, target: "/cb",
			body: "gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", status: http.StatusOK,
			want: &TranscodeEvent{CoursewareID: "Tc5vGq2Lxe", Status: TranscodeStatusOK,
				Form: url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"ok"}}},
		},
		{
			name: "POST form error", method: http.MethodPost, target: "/cb",
			body: "gscoursewareId=Ue8sJw4Kya&gsstatus=error", status: http.StatusOK,
			want: &TranscodeEvent{CoursewareID: "Ue8sJw4Kya", Status: TranscodeStatusError,
				Form: url.Values{"gscoursewareId": {"Ue8sJw4Kya"}, "gsstatus": {"error"}}},
		},
		{
			name: "POST with query values and a secret", method: http.MethodPost,
			target: "/cb?k=9f2c&gscoursewareId=Tc5vGq2Lxe&gsstatus=OK", status: http.StatusOK,
			want: &TranscodeEvent{CoursewareID: "Tc5vGq2Lxe", Status: TranscodeStatusOK,
				Form: url.Values{"k": {"9f2c"}, "gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"OK"}}},
		},
		{
			name: "GET query", method: http.MethodGet, target: "/cb?gscoursewareId=Tc5vGq2Lxe&gsstatus=ok",
			status: http.StatusOK,
			want: &TranscodeEvent{CoursewareID: "Tc5vGq2Lxe", Status: TranscodeStatusOK,
				Form: url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"ok"}}},
		},
		{
			name: "no status", method: http.MethodPost, target: "/cb", body: "gscoursewareId=Tc5vGq2Lxe",
			status: http.StatusOK,
			want:   &TranscodeEvent{CoursewareID: "Tc5vGq2Lxe", Form: url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}}},
		},
		{
			name: "fn fails: 500", method: http.MethodPost, target: "/cb", body: "gscoursewareId=Tc5vGq2Lxe&gsstatus=ok",
			fnErr: errors.New("db down"), status: http.StatusInternalServerError,
			want: &TranscodeEvent{CoursewareID: "Tc5vGq2Lxe", Status: TranscodeStatusOK,
				Form: url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"ok"}}},
		},
		{
			name: "a stray percent in gsstatus is delivered", method: http.MethodGet, target: "/cb?gscoursewareId=Tc5vGq2Lxe&gsstatus=ok%",
			status: http.StatusOK,
			want: &TranscodeEvent{CoursewareID: "Tc5vGq2Lxe", Status: "ok%",
				Form: url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"ok%"}}},
		},
		{name: "no courseware id", method: http.MethodPost, target: "/cb", body: "gsstatus=ok", status: http.StatusBadRequest},
		{name: "blank courseware id", method: http.MethodGet, target: "/cb?gscoursewareId=+&gsstatus=ok", status: http.StatusBadRequest},
		{name: "malformed courseware id", method: http.MethodPost, target: "/cb", body: "gscoursewareId=%zz", status: http.StatusBadRequest},
		{name: "oversized body", method: http.MethodPost, target: "/cb", body: "gscoursewareId=Tc5vGq2Lxe&x=" + strings.Repeat("a", 70<<10), status: http.StatusRequestEntityTooLarge},
		{name: "PUT", method: http.MethodPut, target: "/cb", body: "gscoursewareId=Tc5vGq2Lxe&gsstatus=ok", status: http.StatusMethodNotAllowed},
		{name: "DELETE", method: http.MethodDelete, target: "/cb?gscoursewareId=Tc5vGq2Lxe", status: http.StatusMethodNotAllowed},
		{name: "HEAD", method: http.MethodHead, target: "/cb?gscoursewareId=Tc5vGq2Lxe", status: http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []*TranscodeEvent
			h := TranscodeCallbackHandler(func(ctx context.Context, ev *TranscodeEvent) error {
				assert.Equal(t, "request-scoped", ctx.Value(ctxKey{}), "fn gets the request's context")
				got = append(got, ev)
				return tt.fnErr
			})
			var req *http.Request
			if tt.body != "" {
				req = httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			} else {
				req = httptest.NewRequest(tt.method, tt.target, nil)
			}
			req = req.WithContext(context.WithValue(req.Context(), ctxKey{}, "request-scoped"))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, tt.status, rec.Code)
			if tt.status == http.StatusMethodNotAllowed {
				assert.Equal(t, "GET, POST", rec.Header().Get("Allow"))
			}
			if tt.want == nil {
				assert.Empty(t, got, "fn must not be called")
				return
			}
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, got[0])
		})
	}

	t.Run("over a real connection", func(t *testing.T) {
		events := make(chan *TranscodeEvent, 1)
		srv := httptest.NewServer(TranscodeCallbackHandler(func(_ context.Context, ev *TranscodeEvent) error { events <- ev; return nil }))
		defer srv.Close()
		resp, err := srv.Client().PostForm(srv.URL+"/gensee/transcoded", url.Values{"gscoursewareId": {"Tc5vGq2Lxe"}, "gsstatus": {"ok"}})
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		ev := <-events
		assert.Equal(t, "Tc5vGq2Lxe", ev.CoursewareID)
		assert.Equal(t, TranscodeStatusOK, ev.Status)
	})

	t.Run("nil fn panics", func(t *testing.T) {
		assert.Panics(t, func() { TranscodeCallbackHandler(nil) })
	})
}
