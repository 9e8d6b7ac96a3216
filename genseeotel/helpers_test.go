package genseeotel_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeotel"
	"github.com/gensee-go/gensee/genseetest"
)

// harness is a genseetest server and a client observed by genseeotel,
// recording into an in-memory span recorder and a manual metric reader.
type harness struct {
	srv    *genseetest.Server
	c      *gensee.Client
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

// fastRetry retries read calls three times without a noticeable wait.
var fastRetry = gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Microsecond, MaxBackoff: time.Microsecond})

// setup starts a server (with srvOpts) and a client observed by a
// genseeotel.Observer, with fastRetry and then opts.
func setup(t *testing.T, srvOpts []genseetest.Option, opts ...gensee.Option) *harness {
	t.Helper()
	h := &harness{
		srv:    genseetest.NewServer(srvOpts...),
		spans:  tracetest.NewSpanRecorder(),
		reader: sdkmetric.NewManualReader(),
	}
	t.Cleanup(h.srv.Close)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.reader))
	obs := genseeotel.Observer(genseeotel.WithTracerProvider(tp), genseeotel.WithMeterProvider(mp))
	h.c = h.srv.Client(append([]gensee.Option{fastRetry, gensee.WithObserver(obs)}, opts...)...)
	return h
}

// ended returns the spans ended so far, in the order they ended.
func (h *harness) ended() []sdktrace.ReadOnlySpan { return h.spans.Ended() }

// attrMap turns attributes into a map of their plain Go values.
func attrMap(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// points is what a collection holds, flattened: for each metric, its data
// points by their encoded attribute set ("k=v,k=v", sorted), a counter's
// value or a histogram's count.
type points map[string]map[string]int64

// collect reads every metric recorded so far.
func (h *harness) collect(t *testing.T) (points, map[string]metricdata.Aggregation) {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, h.reader.Collect(context.Background(), &rm))
	got, raw := points{}, map[string]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		require.Equal(t, genseeotel.ScopeName, sm.Scope.Name)
		require.Equal(t, gensee.Version, sm.Scope.Version)
		for _, m := range sm.Metrics {
			raw[m.Name] = m.Data
			byAttrs := map[string]int64{}
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				require.True(t, d.IsMonotonic, m.Name)
				for _, dp := range d.DataPoints {
					byAttrs[h.encodeSite(t, dp.Attributes)] += dp.Value
				}
			case metricdata.Histogram[float64]:
				for _, dp := range d.DataPoints {
					byAttrs[h.encodeSite(t, dp.Attributes)] += int64(dp.Count)
				}
			default:
				t.Fatalf("metric %s: unexpected data %T", m.Name, m.Data)
			}
			got[m.Name] = byAttrs
		}
	}
	return got, raw
}

func encode(s attribute.Set) string { return s.Encoded(attribute.DefaultEncoder()) }

// encodeSite is encode without gensee.site, which is checked apart: once
// the client reports each attempt's URL it is the fake's host, before that
// it is absent; the sets compared hold either way.
func (h *harness) encodeSite(t *testing.T, s attribute.Set) string {
	t.Helper()
	if v, ok := s.Value(genseeotel.SiteKey); ok && h.srv != nil {
		assert.Equal(t, "127.0.0.1", v.AsString(), "the site attribute is the host called")
	}
	filtered, _ := attribute.NewSetWithFiltered(s.ToSlice(), func(kv attribute.KeyValue) bool { return kv.Key != genseeotel.SiteKey })
	return encode(filtered)
}

// urlAttrs removes from m the attributes taken from the attempts' URL and
// checks them against the fake's address, when they are there (the client
// reports the URL once the request path fills Attempt.URL).
func (h *harness) urlAttrs(t *testing.T, m map[string]any, path string) {
	t.Helper()
	if v, ok := m["url.full"]; ok {
		assert.Equal(t, h.srv.URL()+"/integration/site"+path, v)
		u, err := url.Parse(h.srv.URL())
		require.NoError(t, err)
		port, _ := strconv.Atoi(u.Port())
		assert.Equal(t, u.Hostname(), m["server.address"])
		assert.Equal(t, int64(port), m["server.port"])
		assert.Equal(t, u.Hostname(), m["gensee.site"])
	}
	for _, k := range []string{"url.full", "server.address", "server.port", "gensee.site"} {
		delete(m, k)
	}
}
