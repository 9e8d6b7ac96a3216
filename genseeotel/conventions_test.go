package genseeotel_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeotel"
	"github.com/gensee-go/gensee/genseetest"
)

// recorded is an observer on in-memory recorders, fed by hand.
type recorded struct {
	obs    gensee.Observer
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newRecorded(opts ...genseeotel.Option) *recorded {
	r := &recorded{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	opts = append([]genseeotel.Option{
		genseeotel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))),
		genseeotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))),
	}, opts...)
	r.obs = genseeotel.Observer(opts...)
	return r
}

// call reports one call of attempts, as the client would.
func (r *recorded) call(endpoint string, err error, attempts ...*gensee.Attempt) {
	ctx := r.obs.CallStart(context.Background(), endpoint)
	for _, a := range attempts {
		r.obs.AttemptDone(ctx, a)
	}
	r.obs.CallDone(ctx, &gensee.CallResult{Endpoint: endpoint, Attempts: len(attempts), Err: err})
}

// waits returns LimitWaitMetric's data points by their attributes: count
// and sum.
func (r *recorded) waits(t *testing.T) map[string][2]float64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	got := map[string][2]float64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != genseeotel.LimitWaitMetric {
				continue
			}
			for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				got[encode(dp.Attributes)] = [2]float64{float64(dp.Count), dp.Sum}
			}
		}
	}
	return got
}

// Hand-made attempts with a URL and a limiter wait (what the client
// reports once its request path fills Attempt.URL and LimitWait): the
// call's span carries the HTTP client conventions of the last attempt and
// the site; the wait goes on the attempt's event and into the histogram,
// by endpoint, class and site, so that two sites are told apart.
func TestConventionsFromAttempts(t *testing.T) {
	r := newRecorded()
	const hist = "/training/export/history"
	r.call(hist, nil,
		&gensee.Attempt{Endpoint: hist, Number: 1, StatusCode: 503, Err: &gensee.HTTPError{StatusCode: 503}, Retry: true,
			URL: "https://Demo.Gensee.com/integration/site" + hist, LimitWait: 250 * time.Millisecond},
		&gensee.Attempt{Endpoint: hist, Number: 2, StatusCode: 200,
			URL: "https://demo.gensee.com/integration/site" + hist, LimitWait: 500 * time.Millisecond})
	r.call(info, nil, &gensee.Attempt{Endpoint: info, Number: 1, StatusCode: 200,
		URL: "http://other.example:8080/integration/site" + info})

	spans := r.spans.Ended()
	require.Len(t, spans, 2)
	m := attrMap(spans[0].Attributes())
	assert.Equal(t, "POST", m["http.request.method"])
	assert.Equal(t, "https://demo.gensee.com/integration/site"+hist, m["url.full"])
	assert.Equal(t, "demo.gensee.com", m["server.address"])
	assert.Equal(t, int64(443), m["server.port"])
	assert.Equal(t, "demo.gensee.com", m["gensee.site"])
	assert.Equal(t, int64(1), m["http.request.resend_count"])
	assert.Equal(t, hist, m["gensee.endpoint"])
	assert.NotContains(t, m, "error.type", "the call succeeded")
	ev := spans[0].Events()
	require.Len(t, ev, 2)
	e1, e2 := attrMap(ev[0].Attributes), attrMap(ev[1].Attributes)
	assert.Equal(t, 0.25, e1["gensee.limiter.wait"])
	assert.Equal(t, "503", e1["error.type"])
	assert.NotContains(t, e1, "http.request.resend_count")
	assert.Equal(t, 0.5, e2["gensee.limiter.wait"])
	assert.Equal(t, int64(1), e2["http.request.resend_count"])

	m = attrMap(spans[1].Attributes())
	assert.Equal(t, "other.example", m["server.address"])
	assert.Equal(t, int64(8080), m["server.port"])
	assert.Equal(t, "other.example", m["gensee.site"])

	assert.Equal(t, map[string][2]float64{
		"gensee.endpoint=/training/export/history,gensee.limiter.class=exports,gensee.site=demo.gensee.com": {2, 0.75},
		"gensee.endpoint=/training/room/info,gensee.limiter.class=main,gensee.site=other.example":           {1, 0},
	}, r.waits(t))
}

// WithSite names the site on every span and metric, also for a call
// refused before its first attempt; WithLimiterClass names the classes.
func TestWithSiteAndClass(t *testing.T) {
	r := newRecorded(genseeotel.WithSite("https://Demo.Gensee.com/integration/site"),
		genseeotel.WithLimiterClass(func(endpoint string) string {
			if strings.HasPrefix(endpoint, "/training/room/") {
				return "rooms"
			}
			return "main"
		}))
	r.call(info, context.Canceled)
	r.call(info, nil, &gensee.Attempt{Endpoint: info, Number: 1, StatusCode: 200, URL: "http://127.0.0.1:1/integration/site" + info})
	for _, s := range r.spans.Ended() {
		assert.Equal(t, "demo.gensee.com", attrMap(s.Attributes())["gensee.site"])
	}
	assert.Equal(t, "canceled", attrMap(r.spans.Ended()[0].Attributes())["error.type"])
	assert.Equal(t, map[string][2]float64{
		"gensee.endpoint=/training/room/info,gensee.limiter.class=rooms,gensee.site=demo.gensee.com": {1, 0},
	}, r.waits(t))
}

// A path that is none of the 59 endpoints, called with Client.Call, is
// counted as "other" and names its span "gensee other": the attribute sets
// stay bounded. The span keeps the path itself in gensee.endpoint.
func TestUnknownEndpointBucketed(t *testing.T) {
	h := setup(t, nil)
	const odd = "/training/room/info/12345"
	_ = h.c.Call(context.Background(), odd, url.Values{"roomId": {"x"}}, nil)
	spans := h.ended()
	require.Len(t, spans, 1)
	assert.Equal(t, "gensee other", spans[0].Name())
	assert.Equal(t, odd, attrMap(spans[0].Attributes())["gensee.endpoint"])
	got, _ := h.collect(t)
	require.NotEmpty(t, got[genseeotel.CallsMetric])
	for name, pts := range got {
		for set := range pts {
			assert.Contains(t, set, "gensee.endpoint=other", name)
			assert.NotContains(t, set, "12345", name)
		}
	}
}

// A walk is a span, "gensee walk " and the endpoint, with its pages' calls
// as children, and its pages and rows.
func TestWalkSpan(t *testing.T) {
	h := setup(t, nil)
	for i := range 120 { // three pages of 50
		h.srv.AddRecording(genseetest.Recording{Name: "r", RoomID: "room", CreatedTime: time.UnixMilli(1_700_000_000_000 + int64(i))})
	}
	n := 0
	for _, err := range h.c.Records.SyncAll(context.Background(), nil) {
		require.NoError(t, err)
		if n++; n > 130 {
			t.Fatal("the walk does not end")
		}
	}
	spans := h.ended()
	require.Len(t, spans, 4)
	walk := spans[3]
	assert.Equal(t, "gensee walk /training/record/syn", walk.Name())
	assert.Equal(t, trace.SpanKindInternal, walk.SpanKind())
	assert.Equal(t, map[string]any{"gensee.endpoint": "/training/record/syn", "gensee.walk.pages": int64(3),
		"gensee.walk.rows": int64(120), "gensee.outcome": "ok"}, attrMap(walk.Attributes()))
	for _, page := range spans[:3] {
		assert.Equal(t, "gensee /training/record/syn", page.Name())
		assert.Equal(t, walk.SpanContext().SpanID(), page.Parent().SpanID())
	}
}

// The URL on a span never carries a credential: no user, no query, neither
// the login name nor the password (they go in the body). It holds before
// and after the client reports URLs.
func TestURLHasNoCredential(t *testing.T) {
	h := setup(t, nil)
	require.NoError(t, getRoom(context.Background(), h.c, h.srv.AddRoom("高一数学")))
	spans := h.ended()
	require.Len(t, spans, 1)
	raw, ok := attrMap(spans[0].Attributes())["url.full"].(string)
	if !ok {
		t.Log("the client reports no Attempt.URL yet: nothing to check on the wire's URL")
		return
	}
	u, err := url.Parse(raw)
	require.NoError(t, err)
	assert.Nil(t, u.User)
	assert.Empty(t, u.RawQuery)
	assert.NotContains(t, raw, h.srv.Password())
	assert.NotContains(t, raw, h.srv.LoginName())
}

// End to end with the client's own limiter (5 a second, burst 1): three
// calls, the second and third wait about 200 ms each. Once the client
// reports Attempt.LimitWait (with Attempt.URL, filled by the same request
// path), the histogram's sum shows the waits; the count is the attempts
// either way.
func TestLimitWaitEndToEnd(t *testing.T) {
	h := setup(t, nil, gensee.WithRateLimit(5, 1))
	roomID := h.srv.AddRoom("高一数学")
	for range 3 {
		require.NoError(t, getRoom(context.Background(), h.c, roomID))
	}
	_, raw := h.collect(t)
	hist, ok := raw[genseeotel.LimitWaitMetric].(metricdata.Histogram[float64])
	require.True(t, ok)
	require.Len(t, hist.DataPoints, 1)
	dp := hist.DataPoints[0]
	assert.Equal(t, uint64(3), dp.Count)
	class, _ := dp.Attributes.Value(genseeotel.LimiterClassKey)
	assert.Equal(t, "main", class.AsString())
	spans := h.ended()
	require.Len(t, spans, 3)
	if _, reported := attrMap(spans[0].Attributes())["url.full"]; !reported {
		t.Log("the client reports no Attempt.URL nor LimitWait yet: the waits read as 0")
		return
	}
	assert.Greater(t, dp.Sum, 0.1, "two waits of about 200 ms")
	assert.Less(t, dp.Sum, 5.0)
	e := attrMap(spans[2].Events()[0].Attributes)
	assert.Greater(t, e["gensee.limiter.wait"], 0.0)
}
