package genseeotel_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeotel"
	"github.com/gensee-go/gensee/genseetest"
)

const (
	info    = "/training/room/info"
	deleted = "/training/room/deleted"

	// The texts of the errors the fake's faults cause; {url} stands for the
	// server's address.
	err503 = `gensee: /training/room/info: HTTP 503 (text/html;charset=UTF-8): "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body><h1>503 Service Unavailable</h1><p>The server could not answer the request.</p></body></html>\n"`
	err300 = `gensee: /training/room/info: 300 system error: busy`
	err501 = `gensee: /training/room/info: 501 not found: room "nosuch" does not exist`
	errEOF = `gensee: /training/room/info: reading the response: unexpected EOF`
	errDel = `gensee: /training/room/deleted: Post "{url}/integration/site/training/room/deleted": EOF`
)

// ev is an attempt event's attributes; the duration and the body size vary
// and are checked apart.
type ev = map[string]any

func TestSpans(t *testing.T) {
	tests := []struct {
		name   string
		faults func(srv *genseetest.Server)
		call   func(ctx context.Context, c *gensee.Client, roomID string) error
		span   string         // the span's name
		attrs  map[string]any // the span's attributes
		events []ev           // the attempt events
		err    string         // the error returned and recorded; "" for none
	}{{
		name: "success",
		call: getRoom,
		span: "gensee /training/room/info",
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(1), "gensee.outcome": "ok",
			"http.response.status_code": int64(200), "gensee.return_code": int64(0)},
		events: []ev{{"gensee.attempt": int64(1), "gensee.outcome": "ok", "http.response.status_code": int64(200),
			"gensee.return_code": int64(0), "gensee.retry": false}},
	}, {
		name:   "503 then success: two attempts",
		faults: func(srv *genseetest.Server) { srv.Inject(info, 1, genseetest.Fault{Status: 503}) },
		call:   getRoom,
		span:   "gensee /training/room/info",
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(2), "gensee.outcome": "ok",
			"http.response.status_code": int64(200), "gensee.return_code": int64(0), "http.request.resend_count": int64(1)},
		events: []ev{
			{"gensee.attempt": int64(1), "gensee.outcome": "http_error", "http.response.status_code": int64(503),
				"gensee.retry": true, "gensee.error": err503, "error.type": "503"},
			{"gensee.attempt": int64(2), "gensee.outcome": "ok", "http.response.status_code": int64(200),
				"gensee.return_code": int64(0), "gensee.retry": false, "http.request.resend_count": int64(1)},
		},
	}, {
		name:   "system error 300 then success",
		faults: func(srv *genseetest.Server) { srv.Inject(info, 1, genseetest.Fault{Code: 300, Message: "busy"}) },
		call:   getRoom,
		span:   "gensee /training/room/info",
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(2), "gensee.outcome": "ok",
			"http.response.status_code": int64(200), "gensee.return_code": int64(0), "http.request.resend_count": int64(1)},
		events: []ev{
			{"gensee.attempt": int64(1), "gensee.outcome": "api_error", "http.response.status_code": int64(200),
				"gensee.return_code": int64(300), "gensee.retry": true, "gensee.error": err300, "error.type": "api_error"},
			{"gensee.attempt": int64(2), "gensee.outcome": "ok", "http.response.status_code": int64(200),
				"gensee.return_code": int64(0), "gensee.retry": false, "http.request.resend_count": int64(1)},
		},
	}, {
		name: "not found: return code 501, not retried",
		call: func(ctx context.Context, c *gensee.Client, _ string) error {
			_, err := c.Rooms.Get(ctx, "nosuch")
			return err
		},
		span: "gensee /training/room/info",
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(1), "gensee.outcome": "api_error",
			"http.response.status_code": int64(200), "gensee.return_code": int64(501), "error.type": "api_error"},
		events: []ev{{"gensee.attempt": int64(1), "gensee.outcome": "api_error", "http.response.status_code": int64(200),
			"gensee.return_code": int64(501), "gensee.retry": false, "gensee.error": err501, "error.type": "api_error"}},
		err: err501,
	}, {
		name: "every attempt fails: 503, dropped, cut mid-body",
		faults: func(srv *genseetest.Server) {
			srv.Inject(info, 1, genseetest.Fault{Status: 503})
			srv.Inject(info, 1, genseetest.Fault{Drop: true})
			srv.Inject(info, 1, genseetest.Fault{DropMidBody: true})
		},
		call: getRoom,
		span: "gensee /training/room/info",
		// The last answer's status; no return code, since none was read.
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(3), "gensee.outcome": "transport",
			"http.response.status_code": int64(200), "http.request.resend_count": int64(2), "error.type": "transport"},
		events: []ev{
			{"gensee.attempt": int64(1), "gensee.outcome": "http_error", "http.response.status_code": int64(503),
				"gensee.retry": true, "gensee.error": err503, "error.type": "503"},
			{"gensee.attempt": int64(2), "gensee.outcome": "transport", "gensee.retry": true, "http.request.resend_count": int64(1),
				"gensee.error": `gensee: /training/room/info: Post "{url}/integration/site/training/room/info": EOF`, "error.type": "transport"},
			{"gensee.attempt": int64(3), "gensee.outcome": "transport", "http.response.status_code": int64(200),
				"gensee.retry": false, "gensee.error": errEOF, "error.type": "transport", "http.request.resend_count": int64(2)},
		},
		err: errEOF,
	}, {
		name:   "a write is not retried: connection dropped",
		faults: func(srv *genseetest.Server) { srv.Inject(deleted, 1, genseetest.Fault{Drop: true}) },
		call: func(ctx context.Context, c *gensee.Client, roomID string) error {
			return c.Rooms.Delete(ctx, roomID)
		},
		span:   "gensee /training/room/deleted",
		attrs:  map[string]any{"gensee.endpoint": deleted, "gensee.attempts": int64(1), "gensee.outcome": "transport", "error.type": "transport"},
		events: []ev{{"gensee.attempt": int64(1), "gensee.outcome": "transport", "gensee.retry": false, "gensee.error": errDel, "error.type": "transport"}},
		err:    errDel,
	}, {
		name: "refused before sending: no attempt",
		call: func(ctx context.Context, c *gensee.Client, roomID string) error {
			return c.Call(ctx, info, url.Values{"roomId": {roomID}, "password": {"x"}}, nil)
		},
		span:  "gensee /training/room/info",
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(0), "gensee.outcome": "invalid", "error.type": "invalid"},
		err:   `gensee: /training/room/info: password is set by the client and must not be in params`,
	}, {
		name: "context canceled before the first attempt",
		call: func(ctx context.Context, c *gensee.Client, roomID string) error {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := c.Rooms.Get(ctx, roomID)
			return err
		},
		span:  "gensee /training/room/info",
		attrs: map[string]any{"gensee.endpoint": info, "gensee.attempts": int64(0), "gensee.outcome": "canceled", "error.type": "canceled"},
		err:   `gensee: /training/room/info: context canceled`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t, nil)
			roomID := h.srv.AddRoom("高一数学")
			if tt.faults != nil {
				tt.faults(h.srv)
			}
			wantErr := strings.ReplaceAll(tt.err, "{url}", h.srv.URL())
			err := tt.call(context.Background(), h.c, roomID)
			if wantErr == "" {
				require.NoError(t, err)
			} else {
				require.EqualError(t, err, wantErr)
			}

			spans := h.ended()
			require.Len(t, spans, 1)
			s := spans[0]
			assert.Equal(t, tt.span, s.Name())
			assert.Equal(t, trace.SpanKindClient, s.SpanKind())
			assert.Equal(t, genseeotel.ScopeName, s.InstrumentationScope().Name)
			got := attrMap(s.Attributes())
			h.urlAttrs(t, got, s.Name()[len("gensee "):])
			tt.attrs["http.request.method"] = "POST"
			assert.Equal(t, tt.attrs, got)

			var attempts []ev
			var exceptions []ev
			var requestID string
			for _, e := range s.Events() {
				m := attrMap(e.Attributes)
				switch e.Name {
				case "gensee.attempt":
					d, ok := m["gensee.attempt.duration"].(float64)
					assert.True(t, ok && d >= 0, "duration %v", m["gensee.attempt.duration"])
					delete(m, "gensee.attempt.duration")
					if _, answered := m["http.response.status_code"]; answered {
						n, ok := m["http.response.body.size"].(int64)
						assert.True(t, ok && n > 0, "body size %v", m["http.response.body.size"])
					}
					delete(m, "http.response.body.size")
					// Every attempt of a call carries the call's X-Request-Id.
					id, ok := m["gensee.request_id"].(string)
					assert.True(t, ok && id != "", "request id %v", m["gensee.request_id"])
					if requestID == "" {
						requestID = id
					}
					assert.Equal(t, requestID, id, "attempts of one call share its request id")
					delete(m, "gensee.request_id")
					attempts = append(attempts, m)
				case "exception":
					exceptions = append(exceptions, m)
				default:
					t.Errorf("unexpected event %q", e.Name)
				}
			}
			for _, e := range tt.events {
				if msg, ok := e["gensee.error"].(string); ok {
					e["gensee.error"] = strings.ReplaceAll(msg, "{url}", h.srv.URL())
				}
			}
			assert.Equal(t, tt.events, attempts)

			if wantErr == "" {
				assert.Equal(t, sdktrace.Status{Code: codes.Unset}, s.Status())
				assert.Empty(t, exceptions)
				return
			}
			assert.Equal(t, sdktrace.Status{Code: codes.Error, Description: wantErr}, s.Status())
			require.Len(t, exceptions, 1)
			assert.Equal(t, wantErr, exceptions[0]["exception.message"])
		})
	}
}

func getRoom(ctx context.Context, c *gensee.Client, roomID string) error {
	_, err := c.Rooms.Get(ctx, roomID)
	return err
}

// A call's span is a child of the span in its context, and every request of
// the call carries the call's span, so an instrumented transport nests under
// it and propagates it.
func TestSpanParentAndRequestContext(t *testing.T) {
	var seen []trace.SpanContext
	rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		seen = append(seen, trace.SpanContextFromContext(req.Context()))
		return http.DefaultTransport.RoundTrip(req)
	})
	h := setup(t, nil, gensee.WithHTTPClient(&http.Client{Transport: rt}))
	roomID := h.srv.AddRoom("高一数学")
	h.srv.Inject(info, 1, genseetest.Fault{Status: 503})

	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	ctx, parent := tp.Tracer("app").Start(context.Background(), "nightly sync")
	require.NoError(t, getRoom(ctx, h.c, roomID))
	parent.End()

	spans := h.ended()
	require.Len(t, spans, 2)
	call := spans[0]
	assert.Equal(t, "gensee /training/room/info", call.Name())
	assert.Equal(t, parent.SpanContext().SpanID(), call.Parent().SpanID())
	assert.Equal(t, parent.SpanContext().TraceID(), call.SpanContext().TraceID())
	require.Len(t, seen, 2, "two attempts")
	for _, sc := range seen {
		assert.Equal(t, call.SpanContext().SpanID(), sc.SpanID())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// A typed method's own validation refuses before anything is sent: the
// SDK reports it as a call of 0 attempts, so the span and the measurements
// say so (outcome "invalid"), with no attempt and no request.
func TestValidationBeforeRequestPath(t *testing.T) {
	h := setup(t, nil)
	_, err := h.c.Rooms.Get(context.Background(), "")
	var valErr *gensee.ValidationError
	require.ErrorAs(t, err, &valErr)
	spans := h.ended()
	require.Len(t, spans, 1)
	assert.Equal(t, "gensee /training/room/info", spans[0].Name())
	assert.Equal(t, codes.Error, spans[0].Status().Code)
	for _, e := range spans[0].Events() {
		assert.Equal(t, "exception", e.Name, "no attempt event, only the error recorded")
	}
	got, _ := h.collect(t)
	assert.Equal(t, points{
		"gensee.client.calls":         {"gensee.endpoint=/training/room/info,gensee.outcome=invalid": 1},
		"gensee.client.call.duration": {"gensee.endpoint=/training/room/info,gensee.outcome=invalid": 1},
	}, got)
	assert.Empty(t, h.srv.Requests(), "nothing sent")
}
