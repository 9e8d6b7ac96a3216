package genseeotel_test

import (
	"context"
	"fmt"
	"log"
	"sort"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseeotel"
	"github.com/gensee-go/gensee/genseetest"
)

// The example runs against genseetest, which answers the first call with a
// 503, and records into memory; in production, give Observer the providers
// your exporters use, or none for the global ones.
func ExampleObserver() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client(
		gensee.WithObserver(genseeotel.Observer(genseeotel.WithTracerProvider(tp), genseeotel.WithMeterProvider(mp),
			genseeotel.WithSite("demo.gensee.com"))), // the fake's address is a loopback port: name the site

		gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}),
	)
	roomID := srv.AddRoom("高一数学 第一讲")
	srv.Inject("/training/room/info", 1, genseetest.Fault{Status: 503})

	if _, err := c.Rooms.Get(context.Background(), roomID); err != nil {
		log.Fatal(err)
	}

	for _, s := range spans.Ended() {
		fmt.Println(s.Name(), s.SpanKind(), s.Status().Code)
		for _, kv := range s.Attributes() {
			switch kv.Key {
			case genseeotel.URLFullKey, genseeotel.ServerAddressKey, genseeotel.ServerPortKey:
				// the fake's loopback address and port, which vary
			default:
				fmt.Printf("  %s=%s\n", kv.Key, kv.Value.String())
			}
		}
		for _, e := range s.Events() {
			for _, kv := range e.Attributes {
				switch kv.Key {
				case genseeotel.AttemptKey, genseeotel.OutcomeKey, genseeotel.HTTPStatusKey, genseeotel.RetryKey:
					fmt.Printf("  %s %s=%s\n", e.Name, kv.Key, kv.Value.String())
				}
			}
		}
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		log.Fatal(err)
	}
	var lines []string
	for _, m := range rm.ScopeMetrics[0].Metrics {
		switch d := m.Data.(type) {
		case metricdata.Sum[int64]:
			for _, dp := range d.DataPoints {
				lines = append(lines, fmt.Sprint(m.Name, " ", dp.Value, " ", dp.Attributes.Encoded(attribute.DefaultEncoder())))
			}
		case metricdata.Histogram[float64]:
			for _, dp := range d.DataPoints {
				lines = append(lines, fmt.Sprint(m.Name, " count ", dp.Count, " ", dp.Attributes.Encoded(attribute.DefaultEncoder())))
			}
		}
	}
	sort.Strings(lines) // data points come in no set order
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// gensee /training/room/info client Unset
	//   gensee.endpoint=/training/room/info
	//   http.request.method=POST
	//   gensee.site=demo.gensee.com
	//   gensee.attempts=2
	//   gensee.outcome=ok
	//   http.response.status_code=200
	//   http.request.resend_count=1
	//   gensee.return_code=0
	//   gensee.attempt gensee.attempt=1
	//   gensee.attempt gensee.outcome=http_error
	//   gensee.attempt http.response.status_code=503
	//   gensee.attempt gensee.retry=true
	//   gensee.attempt gensee.attempt=2
	//   gensee.attempt gensee.outcome=ok
	//   gensee.attempt http.response.status_code=200
	//   gensee.attempt gensee.retry=false
	// gensee.client.attempts 1 gensee.endpoint=/training/room/info,gensee.outcome=http_error,gensee.site=demo.gensee.com,http.response.status_code=503
	// gensee.client.attempts 1 gensee.endpoint=/training/room/info,gensee.outcome=ok,gensee.return_code=0,gensee.site=demo.gensee.com,http.response.status_code=200
	// gensee.client.call.duration count 1 gensee.endpoint=/training/room/info,gensee.outcome=ok,gensee.site=demo.gensee.com
	// gensee.client.calls 1 gensee.endpoint=/training/room/info,gensee.outcome=ok,gensee.return_code=0,gensee.site=demo.gensee.com
	// gensee.client.limiter.wait count 2 gensee.endpoint=/training/room/info,gensee.limiter.class=main,gensee.site=demo.gensee.com
	// gensee.client.retries 1 gensee.endpoint=/training/room/info,gensee.outcome=http_error,gensee.site=demo.gensee.com
}
