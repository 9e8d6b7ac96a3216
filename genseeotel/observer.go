package genseeotel

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/gensee-go/gensee"
)

// ScopeName is the instrumentation scope of the tracer and the meter: the
// import path of this package.
const ScopeName = "github.com/gensee-go/gensee/genseeotel"

// The attribute keys this package sets. HTTPStatusKey and BodySizeKey follow
// the OpenTelemetry semantic conventions; the others are Gensee's own.
const (
	EndpointKey      = attribute.Key("gensee.endpoint")           // the path, "/training/room/info"
	OutcomeKey       = attribute.Key("gensee.outcome")            // one of the Outcome values
	ReturnCodeKey    = attribute.Key("gensee.return_code")        // the envelope's code; only when one was read
	HTTPStatusKey    = attribute.Key("http.response.status_code") // only when an answer came
	AttemptsKey      = attribute.Key("gensee.attempts")           // on the span: attempts sent
	AttemptKey       = attribute.Key("gensee.attempt")            // on an attempt event: its number, from 1
	RetryKey         = attribute.Key("gensee.retry")              // on an attempt event: another attempt follows
	DurationKey      = attribute.Key("gensee.attempt.duration")   // on an attempt event: seconds, as a float
	BodySizeKey      = attribute.Key("http.response.body.size")   // on an attempt event: bytes of the answer read
	ErrorMessageKey  = attribute.Key("gensee.error")              // on an attempt event: the attempt's error text
	RequestIDKey     = attribute.Key("gensee.request_id")         // on an attempt event: the X-Request-Id sent, when the client reports one
	attemptEventName = "gensee.attempt"
)

// The metric instruments this package records, by name.
const (
	CallsMetric    = "gensee.client.calls"         // counter of calls: endpoint, outcome, return code
	DurationMetric = "gensee.client.call.duration" // histogram of whole calls in seconds, retries and waits included: endpoint, outcome
	AttemptsMetric = "gensee.client.attempts"      // counter of attempts: endpoint, outcome, return code, HTTP status
	RetriesMetric  = "gensee.client.retries"       // counter of failed attempts the client decided to retry: endpoint, outcome of the failed attempt
)

// durationBuckets are the histogram's bucket boundaries in seconds: from a
// quick lookup to a long export retried several times.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

// Option configures Observer.
type Option func(*config)

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// WithTracerProvider sets the provider of the tracer (default: the global
// one, otel.GetTracerProvider).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider sets the provider of the meter (default: the global one,
// otel.GetMeterProvider).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// observer holds the tracer and the instruments shared by every call.
type observer struct {
	tracer   trace.Tracer
	calls    metric.Int64Counter
	duration metric.Float64Histogram
	attempts metric.Int64Counter
	retries  metric.Int64Counter
}

// stateKey is the context key of a call's state. It holds the observer,
// so that two observers of this package on one client each find their own.
type stateKey struct{ o *observer }

// callState is what one call remembers between its hooks. A call runs on
// one goroutine, so it needs no lock.
type callState struct {
	span   trace.Span
	status int // HTTP status of the last attempt; 0 when no answer came
}

// Observer returns a gensee.Observer that traces and measures every call of
// the client it is given to, with gensee.WithObserver:
//
//	c, err := gensee.NewClient(site, login, password,
//		gensee.WithObserver(genseeotel.Observer()))
//
// Each call gets a span of kind client named "gensee " and the endpoint path
// ("gensee /training/room/info"); each attempt adds an event named
// "gensee.attempt" to it; a failed call sets the span's status to Error and
// records its error, which the client has already cleaned of credentials.
// The metrics are CallsMetric, DurationMetric, AttemptsMetric and
// RetriesMetric. Attribute keys and the Outcome values are the constants of
// this package. An instrument that cannot be made is reported to
// otel.Handle, and its measurements are dropped.
func Observer(opts ...Option) gensee.Observer {
	cfg := config{}
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.tp == nil {
		cfg.tp = otel.GetTracerProvider()
	}
	if cfg.mp == nil {
		cfg.mp = otel.GetMeterProvider()
	}
	o := &observer{
		tracer: cfg.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(gensee.Version)),
	}
	m := cfg.mp.Meter(ScopeName, metric.WithInstrumentationVersion(gensee.Version))
	var err error
	if o.calls, err = m.Int64Counter(CallsMetric, metric.WithUnit("{call}"),
		metric.WithDescription("Calls of the Gensee training API, by endpoint, outcome and return code.")); err != nil {
		otel.Handle(err)
	}
	if o.duration, err = m.Float64Histogram(DurationMetric, metric.WithUnit("s"),
		metric.WithDescription("Duration of whole calls of the Gensee training API, retries and their waits included."),
		metric.WithExplicitBucketBoundaries(durationBuckets...)); err != nil {
		otel.Handle(err)
	}
	if o.attempts, err = m.Int64Counter(AttemptsMetric, metric.WithUnit("{attempt}"),
		metric.WithDescription("Requests sent to the Gensee training API, by endpoint, outcome, return code and HTTP status.")); err != nil {
		otel.Handle(err)
	}
	if o.retries, err = m.Int64Counter(RetriesMetric, metric.WithUnit("{retry}"),
		metric.WithDescription("Attempts of the Gensee training API that failed and were retried, by endpoint and outcome.")); err != nil {
		otel.Handle(err)
	}
	return gensee.Observer{CallStart: o.callStart, AttemptDone: o.attemptDone, CallDone: o.callDone}
}

func (o *observer) callStart(ctx context.Context, endpoint string) context.Context {
	ctx, span := o.tracer.Start(ctx, "gensee "+endpoint,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(EndpointKey.String(endpoint)))
	return context.WithValue(ctx, stateKey{o}, &callState{span: span})
}

func (o *observer) attemptDone(ctx context.Context, a *gensee.Attempt) {
	outcome := Classify(a.Err)
	read := a.Err == nil || outcome == OutcomeAPIError
	metricAttrs := make([]attribute.KeyValue, 0, 4)
	metricAttrs = append(metricAttrs, EndpointKey.String(a.Endpoint), OutcomeKey.String(string(outcome)))
	if read {
		metricAttrs = append(metricAttrs, ReturnCodeKey.Int(int(a.Code)))
	}
	if a.StatusCode != 0 {
		metricAttrs = append(metricAttrs, HTTPStatusKey.Int(a.StatusCode))
	}
	if o.attempts != nil {
		o.attempts.Add(ctx, 1, metric.WithAttributes(metricAttrs...))
	}
	if a.Retry && o.retries != nil {
		o.retries.Add(ctx, 1, metric.WithAttributes(metricAttrs[:2]...))
	}

	st, ok := ctx.Value(stateKey{o}).(*callState)
	if !ok {
		return
	}
	st.status = a.StatusCode
	if !st.span.IsRecording() {
		return
	}
	ev := make([]attribute.KeyValue, 0, 10)
	ev = append(ev, AttemptKey.Int(a.Number), OutcomeKey.String(string(outcome)))
	if a.RequestID != "" {
		ev = append(ev, RequestIDKey.String(a.RequestID))
	}
	if a.StatusCode != 0 {
		ev = append(ev, HTTPStatusKey.Int(a.StatusCode), BodySizeKey.Int64(a.BodyBytes))
	}
	if read {
		ev = append(ev, ReturnCodeKey.Int(int(a.Code)))
	}
	ev = append(ev, DurationKey.Float64(a.Duration.Seconds()), RetryKey.Bool(a.Retry))
	if a.Err != nil {
		ev = append(ev, ErrorMessageKey.String(a.Err.Error()))
	}
	st.span.AddEvent(attemptEventName, trace.WithAttributes(ev...))
}

func (o *observer) callDone(ctx context.Context, r *gensee.CallResult) {
	outcome := Classify(r.Err)
	code, read := gensee.CodeOK, r.Err == nil
	if outcome == OutcomeAPIError {
		code, read = apiCode(r.Err), true
	}
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, EndpointKey.String(r.Endpoint), OutcomeKey.String(string(outcome)))
	if o.duration != nil {
		o.duration.Record(ctx, r.Duration.Seconds(), metric.WithAttributes(attrs...))
	}
	if read {
		attrs = append(attrs, ReturnCodeKey.Int(int(code)))
	}
	if o.calls != nil {
		o.calls.Add(ctx, 1, metric.WithAttributes(attrs...))
	}

	st, ok := ctx.Value(stateKey{o}).(*callState)
	if !ok {
		return
	}
	span := st.span
	if span.IsRecording() {
		span.SetAttributes(AttemptsKey.Int(r.Attempts), OutcomeKey.String(string(outcome)))
		if st.status != 0 {
			span.SetAttributes(HTTPStatusKey.Int(st.status))
		}
		if read {
			span.SetAttributes(ReturnCodeKey.Int(int(code)))
		}
		if r.Err != nil {
			span.RecordError(r.Err)
			span.SetStatus(codes.Error, r.Err.Error())
		}
	}
	span.End()
}
