package genseeotel

import (
	"context"
	"net/url"
	"strconv"
	"strings"

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
	SiteKey          = attribute.Key("gensee.site")               // the site's host ("demo.gensee.com"): WithSite, else the host called
	LimiterClassKey  = attribute.Key("gensee.limiter.class")      // on LimitWaitMetric: the endpoint's class (WithLimiterClass)
	LimitWaitKey     = attribute.Key("gensee.limiter.wait")       // on an attempt event: seconds it waited on the client's Limiter, when it did
	WalkPagesKey     = attribute.Key("gensee.walk.pages")         // on a walk's span: the calls it made
	WalkRowsKey      = attribute.Key("gensee.walk.rows")          // on a walk's span: the rows it yielded
	attemptEventName = "gensee.attempt"
)

// The OpenTelemetry HTTP client conventions this package follows on the
// call's span (the last attempt's values) and on the attempt events.
const (
	HTTPMethodKey    = attribute.Key("http.request.method")       // always POST: every endpoint is a form POST
	ServerAddressKey = attribute.Key("server.address")            // the site's host
	ServerPortKey    = attribute.Key("server.port")               // its port (443 or 80 when the URL has none)
	URLFullKey       = attribute.Key("url.full")                  // the address called: the site's base and the path, never a credential (they go in the body)
	ErrorTypeKey     = attribute.Key("error.type")                // on failure: the HTTP status ("503") when one >= 400 came, else the Outcome
	ResendCountKey   = attribute.Key("http.request.resend_count") // when the call was sent more than once: attempts - 1; on an attempt event, its number - 1
)

// The metric instruments this package records, by name.
const (
	CallsMetric     = "gensee.client.calls"         // counter of calls: endpoint, outcome, return code
	DurationMetric  = "gensee.client.call.duration" // histogram of whole calls in seconds, retries and waits included: endpoint, outcome
	AttemptsMetric  = "gensee.client.attempts"      // counter of attempts: endpoint, outcome, return code, HTTP status
	RetriesMetric   = "gensee.client.retries"       // counter of failed attempts the client decided to retry: endpoint, outcome of the failed attempt
	LimitWaitMetric = "gensee.client.limiter.wait"  // histogram of the seconds each attempt waited on the client's Limiter: endpoint, limiter class
)

// Every metric also carries SiteKey when the site is known (WithSite, or
// the host of an attempt), so that two sites are told apart. Its
// EndpointKey is one of the 59 endpoint paths, or OtherEndpoint: with the
// small fixed sets of outcomes, return codes, statuses and classes, the
// attribute sets stay bounded.

// durationBuckets are the histogram's bucket boundaries in seconds: from a
// quick lookup to a long export retried several times.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

// waitBuckets are LimitWaitMetric's boundaries in seconds: from no wait at
// all (most attempts, under budget) to a long queue for an export budget.
var waitBuckets = []float64{0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// Option configures Observer.
type Option func(*config)

type config struct {
	tp    trace.TracerProvider
	mp    metric.MeterProvider
	site  string
	class func(endpoint string) string
}

// WithSite sets the value of SiteKey on every span and metric, so that
// calls refused before sending carry it too (default: the host of each
// attempt's URL). site is spelled as for gensee.NewClient; its host, in
// lower case, is used ("demo.gensee.com"). A site gensee.SiteBase refuses
// is ignored.
func WithSite(site string) Option {
	return func(c *config) {
		if base, err := gensee.SiteBase(site); err == nil {
			if u, err := url.Parse(base); err == nil {
				c.site = strings.ToLower(u.Hostname())
			}
		}
	}
}

// WithLimiterClass sets how LimitWaitMetric names an endpoint's class
// (LimiterClassKey): give it the classes of the Limiter (genseeredis's
// WithClass, say). It must return a value from a small fixed set. By
// default an endpoint with an "export" segment is "exports" and any other
// "main".
func WithLimiterClass(class func(endpoint string) string) Option {
	return func(c *config) { c.class = class }
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
	site     string
	class    func(endpoint string) string
	calls    metric.Int64Counter
	duration metric.Float64Histogram
	attempts metric.Int64Counter
	retries  metric.Int64Counter
	wait     metric.Float64Histogram
}

// stateKey is the context key of a call's state. It holds the observer,
// so that two observers of this package on one client each find their own.
type stateKey struct{ o *observer }

// callState is what one call remembers between its hooks. A call runs on
// one goroutine, so it needs no lock.
type callState struct {
	span   trace.Span
	status int    // HTTP status of the last attempt; 0 when no answer came
	url    string // the last attempt's URL
	site   string // its host, or WithSite's
	port   int
}

// walkKey is the context key of a walk's span, per observer.
type walkKey struct{ o *observer }

// Observer returns a gensee.Observer that traces and measures every call of
// the client it is given to, with gensee.WithObserver:
//
//	c, err := gensee.NewClient(site, login, password,
//		gensee.WithObserver(genseeotel.Observer()))
//
// Each call gets a span of kind client named "gensee " and the endpoint path
// ("gensee /training/room/info"; "gensee other" for a path that is none of
// the 59 endpoints), with OpenTelemetry's HTTP client attributes of its last
// attempt; each attempt adds an event named "gensee.attempt" to it; a failed
// call sets the span's status to Error and records its error, which the
// client has already cleaned of credentials. Each …All walk gets a span
// named "gensee walk " and the endpoint, the parent of its pages' spans.
// The metrics are CallsMetric, DurationMetric, AttemptsMetric,
// RetriesMetric and LimitWaitMetric. Attribute keys and the Outcome values
// are the constants of this package. An instrument that cannot be made is reported to
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
	if cfg.class == nil {
		cfg.class = defaultClass
	}
	o := &observer{
		tracer: cfg.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(gensee.Version)),
		site:   cfg.site,
		class:  cfg.class,
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
	if o.wait, err = m.Float64Histogram(LimitWaitMetric, metric.WithUnit("s"),
		metric.WithDescription("Time each attempt of the Gensee training API waited on the client's Limiter before it was sent, by endpoint and limiter class."),
		metric.WithExplicitBucketBoundaries(waitBuckets...)); err != nil {
		otel.Handle(err)
	}
	return gensee.Observer{CallStart: o.callStart, AttemptDone: o.attemptDone, CallDone: o.callDone,
		WalkStart: o.walkStart, WalkDone: o.walkDone}
}

// hostPort returns the host (in lower case) and port of an attempt's URL;
// "" when there is none.
func hostPort(raw string) (string, int) {
	if raw == "" {
		return "", 0
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", 0
	}
	port, _ := strconv.Atoi(u.Port())
	if port == 0 {
		port = 443
		if u.Scheme == "http" {
			port = 80
		}
	}
	return strings.ToLower(u.Hostname()), port
}

// errorType is the value of ErrorTypeKey for a failure: the HTTP status
// when one of 400 or more came, else the outcome.
func errorType(status int, outcome Outcome) string {
	if status >= 400 {
		return strconv.Itoa(status)
	}
	return string(outcome)
}

func (o *observer) callStart(ctx context.Context, endpoint string) context.Context {
	attrs := []attribute.KeyValue{EndpointKey.String(endpoint), HTTPMethodKey.String("POST")}
	if o.site != "" {
		attrs = append(attrs, SiteKey.String(o.site))
	}
	ctx, span := o.tracer.Start(ctx, "gensee "+bucket(endpoint),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...))
	return context.WithValue(ctx, stateKey{o}, &callState{span: span, site: o.site})
}

// walkStart opens the span of an …All walk, "gensee walk " and the
// endpoint: the spans of its pages' calls are its children.
func (o *observer) walkStart(ctx context.Context, endpoint string) context.Context {
	attrs := []attribute.KeyValue{EndpointKey.String(endpoint)}
	if o.site != "" {
		attrs = append(attrs, SiteKey.String(o.site))
	}
	ctx, span := o.tracer.Start(ctx, "gensee walk "+bucket(endpoint),
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	return context.WithValue(ctx, walkKey{o}, span)
}

// walkDone ends the walk's span with its pages, rows and error.
func (o *observer) walkDone(ctx context.Context, w *gensee.WalkResult) {
	span, ok := ctx.Value(walkKey{o}).(trace.Span)
	if !ok {
		return
	}
	if span.IsRecording() {
		span.SetAttributes(WalkPagesKey.Int(w.Pages), WalkRowsKey.Int(w.Rows), OutcomeKey.String(string(Classify(w.Err))))
		if w.Err != nil {
			span.RecordError(w.Err)
			span.SetStatus(codes.Error, w.Err.Error())
		}
	}
	span.End()
}

// siteOf returns the site attribute of an attempt: WithSite's, else the
// host of its URL.
func (o *observer) siteOf(host string) string {
	if o.site != "" {
		return o.site
	}
	return host
}

func (o *observer) attemptDone(ctx context.Context, a *gensee.Attempt) {
	outcome := Classify(a.Err)
	read := a.Err == nil || outcome == OutcomeAPIError
	host, port := hostPort(a.URL)
	site := o.siteOf(host)
	endpoint := bucket(a.Endpoint)
	metricAttrs := make([]attribute.KeyValue, 0, 5)
	metricAttrs = append(metricAttrs, EndpointKey.String(endpoint), OutcomeKey.String(string(outcome)))
	if site != "" {
		metricAttrs = append(metricAttrs, SiteKey.String(site))
	}
	if o.wait != nil {
		wattrs := []attribute.KeyValue{EndpointKey.String(endpoint), LimiterClassKey.String(o.class(a.Endpoint))}
		if site != "" {
			wattrs = append(wattrs, SiteKey.String(site))
		}
		o.wait.Record(ctx, a.LimitWait.Seconds(), metric.WithAttributes(wattrs...))
	}
	retryAttrs := metricAttrs // endpoint, outcome and site
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
		o.retries.Add(ctx, 1, metric.WithAttributes(retryAttrs...))
	}

	st, ok := ctx.Value(stateKey{o}).(*callState)
	if !ok {
		return
	}
	st.status = a.StatusCode
	if a.URL != "" {
		st.url, st.port = a.URL, port
	}
	if site != "" {
		st.site = site
	}
	if !st.span.IsRecording() {
		return
	}
	ev := make([]attribute.KeyValue, 0, 14)
	ev = append(ev, AttemptKey.Int(a.Number), OutcomeKey.String(string(outcome)))
	if a.Number > 1 {
		ev = append(ev, ResendCountKey.Int(a.Number-1))
	}
	if a.LimitWait > 0 {
		ev = append(ev, LimitWaitKey.Float64(a.LimitWait.Seconds()))
	}
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
		ev = append(ev, ErrorTypeKey.String(errorType(a.StatusCode, outcome)), ErrorMessageKey.String(a.Err.Error()))
	}
	st.span.AddEvent(attemptEventName, trace.WithAttributes(ev...))
}

func (o *observer) callDone(ctx context.Context, r *gensee.CallResult) {
	outcome := Classify(r.Err)
	code, read := gensee.CodeOK, r.Err == nil
	if outcome == OutcomeAPIError {
		code, read = apiCode(r.Err), true
	}
	st, _ := ctx.Value(stateKey{o}).(*callState)
	site := o.site
	if st != nil && st.site != "" {
		site = st.site
	}
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = append(attrs, EndpointKey.String(bucket(r.Endpoint)), OutcomeKey.String(string(outcome)))
	if site != "" {
		attrs = append(attrs, SiteKey.String(site))
	}
	if o.duration != nil {
		o.duration.Record(ctx, r.Duration.Seconds(), metric.WithAttributes(attrs...))
	}
	if read {
		attrs = append(attrs, ReturnCodeKey.Int(int(code)))
	}
	if o.calls != nil {
		o.calls.Add(ctx, 1, metric.WithAttributes(attrs...))
	}

	if st == nil {
		return
	}
	span := st.span
	if span.IsRecording() {
		span.SetAttributes(AttemptsKey.Int(r.Attempts), OutcomeKey.String(string(outcome)))
		if st.status != 0 {
			span.SetAttributes(HTTPStatusKey.Int(st.status))
		}
		if site != "" && o.site == "" {
			span.SetAttributes(SiteKey.String(site))
		}
		if st.url != "" {
			host, _ := hostPort(st.url)
			span.SetAttributes(URLFullKey.String(st.url), ServerAddressKey.String(host), ServerPortKey.Int(st.port))
		}
		if r.Attempts > 1 {
			span.SetAttributes(ResendCountKey.Int(r.Attempts - 1))
		}
		if r.Err != nil {
			span.SetAttributes(ErrorTypeKey.String(errorType(st.status, outcome)))
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
