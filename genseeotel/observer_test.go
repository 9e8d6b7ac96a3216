package genseeotel_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeotel"
	"github.com/gensee-go/gensee/genseetest"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	apiErr := &gensee.APIError{Endpoint: info, Code: gensee.CodeNotFound, Message: "数据不存在"}
	httpErr := &gensee.HTTPError{Endpoint: info, StatusCode: 503}
	tests := []struct {
		name string
		err  error
		want genseeotel.Outcome
	}{
		{"nil", nil, genseeotel.OutcomeOK},
		{"api error", apiErr, genseeotel.OutcomeAPIError},
		{"api error wrapped", fmt.Errorf("sync: %w", apiErr), genseeotel.OutcomeAPIError},
		{"http error", httpErr, genseeotel.OutcomeHTTPError},
		{"validation", &gensee.ValidationError{Endpoint: info, Field: "roomId", Reason: "is required"}, genseeotel.OutcomeInvalid},
		{"too large", &gensee.ResponseTooLargeError{Endpoint: info, Limit: 10}, genseeotel.OutcomeTooLarge},
		{"canceled", fmt.Errorf("gensee: %s: %w", info, context.Canceled), genseeotel.OutcomeCanceled},
		{"deadline", fmt.Errorf("gensee: %s: %w", info, context.DeadlineExceeded), genseeotel.OutcomeTimeout},
		{"canceled while waiting to retry", fmt.Errorf("gensee: %s: %w (giving up after attempt 1: %w)", info, context.Canceled, httpErr), genseeotel.OutcomeCanceled},
		{"limiter refused after a 503", errors.Join(errors.New("gensee: /training/room/info: waiting for the limiter: closed"), httpErr), genseeotel.OutcomeHTTPError},
		{"connection refused", &url.Error{Op: "Post", URL: "http://127.0.0.1:1", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}, genseeotel.OutcomeTransport},
		{"client timeout", &url.Error{Op: "Post", URL: "http://127.0.0.1:1", Err: timeoutErr{}}, genseeotel.OutcomeTimeout},
		{"body cut", fmt.Errorf("gensee: %s: reading the response: %w", info, io.ErrUnexpectedEOF), genseeotel.OutcomeTransport},
		{"limiter refused", errors.New("gensee: /training/room/info: waiting for the limiter: redis down"), genseeotel.OutcomeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, genseeotel.Classify(tt.err))
		})
	}
}

// The instruments' names, units and kinds.
func TestInstruments(t *testing.T) {
	h := setup(t, nil)
	h.srv.Inject(info, 1, genseetest.Fault{Status: 503})
	require.NoError(t, getRoom(context.Background(), h.c, h.srv.AddRoom("高一数学")))

	var rm metricdata.ResourceMetrics
	require.NoError(t, h.reader.Collect(context.Background(), &rm))
	require.Len(t, rm.ScopeMetrics, 1)
	units := map[string]string{}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		units[m.Name] = m.Unit
		assert.NotEmpty(t, m.Description, m.Name)
	}
	assert.Equal(t, map[string]string{
		"gensee.client.calls":         "{call}",
		"gensee.client.call.duration": "s",
		"gensee.client.attempts":      "{attempt}",
		"gensee.client.retries":       "{retry}",
		"gensee.client.limiter.wait":  "s",
	}, units)
}

// Two observers of this package on one client each see every call, with
// spans of their own.
func TestTwoObservers(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	rec1, rec2 := tracetest.NewSpanRecorder(), tracetest.NewSpanRecorder()
	obs1 := genseeotel.Observer(genseeotel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec1))))
	obs2 := genseeotel.Observer(genseeotel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec2))))
	c := srv.Client(fastRetry, gensee.WithObserver(obs1), gensee.WithObserver(obs2))
	srv.Inject(info, 1, genseetest.Fault{Status: 503})
	require.NoError(t, getRoom(context.Background(), c, srv.AddRoom("高一数学")))

	for _, rec := range []*tracetest.SpanRecorder{rec1, rec2} {
		spans := rec.Ended()
		require.Len(t, spans, 1)
		assert.Equal(t, "gensee /training/room/info", spans[0].Name())
		assert.Len(t, spans[0].Events(), 2, "one event per attempt")
	}
	assert.Equal(t, rec1.Ended()[0].SpanContext().SpanID(), rec2.Ended()[0].Parent().SpanID(),
		"the second observer's span is a child of the first's")
}

// Spans that are not sampled cost no event, and the metrics are still
// recorded.
func TestNotSampled(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	rec, reader := tracetest.NewSpanRecorder(), sdkmetric.NewManualReader()
	c := srv.Client(gensee.WithObserver(genseeotel.Observer(
		genseeotel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()), sdktrace.WithSpanProcessor(rec))),
		genseeotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))))
	require.NoError(t, getRoom(context.Background(), c, srv.AddRoom("高一数学")))

	assert.Empty(t, rec.Ended())
	got, _ := (&harness{reader: reader}).collect(t)
	assert.Equal(t, points{
		genseeotel.CallsMetric:     {okInfo0: 1},
		genseeotel.DurationMetric:  {okInfo: 1},
		genseeotel.AttemptsMetric:  {ok200: 1},
		genseeotel.LimitWaitMetric: {"gensee.endpoint=/training/room/info,gensee.limiter.class=main": 1},
	}, got)
}

// Without options, the observer uses the global providers, also when they
// are set after it was made.
func TestGlobalProviders(t *testing.T) {
	oldTP, oldMP := otel.GetTracerProvider(), otel.GetMeterProvider()
	t.Cleanup(func() { otel.SetTracerProvider(oldTP); otel.SetMeterProvider(oldMP) })

	obs := genseeotel.Observer()
	rec, reader := tracetest.NewSpanRecorder(), sdkmetric.NewManualReader()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))

	srv := genseetest.NewServer()
	defer srv.Close()
	require.NoError(t, getRoom(context.Background(), srv.Client(gensee.WithObserver(obs)), srv.AddRoom("高一数学")))

	require.Len(t, rec.Ended(), 1)
	assert.Equal(t, "gensee /training/room/info", rec.Ended()[0].Name())
	got, _ := (&harness{reader: reader}).collect(t)
	assert.Equal(t, map[string]int64{okInfo0: 1}, got[genseeotel.CallsMetric])
}

// The hooks on their own: an attempt's request id, when the client reports
// one, goes on its event; hooks run without CallStart record metrics and
// leave the span of their context alone.
func TestHooks(t *testing.T) {
	rec, reader := tracetest.NewSpanRecorder(), sdkmetric.NewManualReader()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	obs := genseeotel.Observer(genseeotel.WithTracerProvider(tp),
		genseeotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	const syn = "/training/record/syn"

	ctx := obs.CallStart(context.Background(), syn)
	obs.AttemptDone(ctx, &gensee.Attempt{Endpoint: syn, Number: 1, RequestID: "req-7f3c", StatusCode: 200, BodyBytes: 42})
	obs.CallDone(ctx, &gensee.CallResult{Endpoint: syn, Attempts: 1})
	require.Len(t, rec.Ended(), 1)
	events := rec.Ended()[0].Events()
	require.Len(t, events, 1)
	m := attrMap(events[0].Attributes)
	assert.Equal(t, "req-7f3c", m["gensee.request_id"])
	assert.Equal(t, int64(42), m["http.response.body.size"])

	ctx, parent := tp.Tracer("app").Start(context.Background(), "job")
	obs.AttemptDone(ctx, &gensee.Attempt{Endpoint: syn, Number: 1, StatusCode: 200})
	obs.CallDone(ctx, &gensee.CallResult{Endpoint: syn, Attempts: 1})
	assert.Len(t, rec.Ended(), 1, "the job's span is not ended by the observer")
	assert.Empty(t, parent.(sdktrace.ReadOnlySpan).Events())
	parent.End()

	got, _ := (&harness{reader: reader}).collect(t)
	const okSyn0 = "gensee.endpoint=/training/record/syn,gensee.outcome=ok,gensee.return_code=0"
	assert.Equal(t, map[string]int64{okSyn0: 2}, got[genseeotel.CallsMetric])
	assert.Equal(t, map[string]int64{okSyn0 + ",http.response.status_code=200": 2}, got[genseeotel.AttemptsMetric])
}
