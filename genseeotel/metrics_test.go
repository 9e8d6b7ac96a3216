package genseeotel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/gensee-go/gensee/genseeotel"
	"github.com/gensee-go/gensee/genseetest"
)

// Attribute sets as the metric reader encodes them (keys sorted).
const (
	okInfo   = "gensee.endpoint=/training/room/info,gensee.outcome=ok"
	okInfo0  = "gensee.endpoint=/training/room/info,gensee.outcome=ok,gensee.return_code=0"
	ok200    = "gensee.endpoint=/training/room/info,gensee.outcome=ok,gensee.return_code=0,http.response.status_code=200"
	httpInfo = "gensee.endpoint=/training/room/info,gensee.outcome=http_error"
	http503  = "gensee.endpoint=/training/room/info,gensee.outcome=http_error,http.response.status_code=503"
	apiInfo  = "gensee.endpoint=/training/room/info,gensee.outcome=api_error"
	api300   = "gensee.endpoint=/training/room/info,gensee.outcome=api_error,gensee.return_code=300,http.response.status_code=200"
	api501   = "gensee.endpoint=/training/room/info,gensee.outcome=api_error,gensee.return_code=501"
	api501A  = "gensee.endpoint=/training/room/info,gensee.outcome=api_error,gensee.return_code=501,http.response.status_code=200"
	delTrans = "gensee.endpoint=/training/room/deleted,gensee.outcome=transport"
	okDel    = "gensee.endpoint=/training/room/deleted,gensee.outcome=ok"
	okDel0   = "gensee.endpoint=/training/room/deleted,gensee.outcome=ok,gensee.return_code=0"
	okDelA   = "gensee.endpoint=/training/room/deleted,gensee.outcome=ok,gensee.return_code=0,http.response.status_code=200"
	waitInfo = "gensee.endpoint=/training/room/info,gensee.limiter.class=main"
	waitDel  = "gensee.endpoint=/training/room/deleted,gensee.limiter.class=main"
)

func TestMetrics(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, h *harness, roomID string) // makes the calls
		want points
	}{{
		name: "two successes",
		run: func(t *testing.T, h *harness, roomID string) {
			require.NoError(t, getRoom(context.Background(), h.c, roomID))
			require.NoError(t, getRoom(context.Background(), h.c, roomID))
		},
		want: points{
			genseeotel.CallsMetric:     {okInfo0: 2},
			genseeotel.DurationMetric:  {okInfo: 2},
			genseeotel.AttemptsMetric:  {ok200: 2},
			genseeotel.LimitWaitMetric: {waitInfo: 2},
		},
	}, {
		name: "503 then success: one call, two attempts, one retry",
		run: func(t *testing.T, h *harness, roomID string) {
			h.srv.Inject(info, 1, genseetest.Fault{Status: 503})
			require.NoError(t, getRoom(context.Background(), h.c, roomID))
		},
		want: points{
			genseeotel.CallsMetric:     {okInfo0: 1},
			genseeotel.DurationMetric:  {okInfo: 1},
			genseeotel.AttemptsMetric:  {ok200: 1, http503: 1},
			genseeotel.RetriesMetric:   {httpInfo: 1},
			genseeotel.LimitWaitMetric: {waitInfo: 2},
		},
	}, {
		name: "return codes: 300 retried, then 501 not found",
		run: func(t *testing.T, h *harness, roomID string) {
			h.srv.Inject(info, 2, genseetest.Fault{Code: 300, Message: "busy"})
			h.srv.Inject(info, 1, genseetest.Fault{Code: 501, Message: "数据不存在"})
			require.ErrorContains(t, getRoom(context.Background(), h.c, roomID), "501 not found")
		},
		want: points{
			genseeotel.CallsMetric:     {api501: 1},
			genseeotel.DurationMetric:  {apiInfo: 1},
			genseeotel.AttemptsMetric:  {api300: 2, api501A: 1},
			genseeotel.RetriesMetric:   {apiInfo: 2},
			genseeotel.LimitWaitMetric: {waitInfo: 3},
		},
	}, {
		name: "retries exhausted on 503",
		run: func(t *testing.T, h *harness, roomID string) {
			h.srv.Inject(info, 3, genseetest.Fault{Status: 503})
			require.ErrorContains(t, getRoom(context.Background(), h.c, roomID), "HTTP 503")
		},
		want: points{
			genseeotel.CallsMetric:     {httpInfo: 1},
			genseeotel.DurationMetric:  {httpInfo: 1},
			genseeotel.AttemptsMetric:  {http503: 3},
			genseeotel.RetriesMetric:   {httpInfo: 2},
			genseeotel.LimitWaitMetric: {waitInfo: 3},
		},
	}, {
		name: "by endpoint: a dropped write, then a delete that works",
		run: func(t *testing.T, h *harness, roomID string) {
			h.srv.Inject(deleted, 1, genseetest.Fault{Drop: true})
			require.Error(t, h.c.Rooms.Delete(context.Background(), roomID))
			require.NoError(t, h.c.Rooms.Delete(context.Background(), roomID))
			require.NoError(t, getRoom(context.Background(), h.c, h.srv.AddRoom("高二物理")))
		},
		want: points{
			genseeotel.CallsMetric:     {delTrans: 1, okDel0: 1, okInfo0: 1},
			genseeotel.DurationMetric:  {delTrans: 1, okDel: 1, okInfo: 1},
			genseeotel.AttemptsMetric:  {delTrans: 1, okDelA: 1, ok200: 1},
			genseeotel.LimitWaitMetric: {waitDel: 2, waitInfo: 1},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := setup(t, nil)
			tt.run(t, h, h.srv.AddRoom("高一数学"))
			got, _ := h.collect(t)
			assert.Equal(t, tt.want, got)
		})
	}
}

// The histogram is in seconds, with buckets from 5 ms to two minutes, and
// its sum is the calls' durations.
func TestDurationHistogram(t *testing.T) {
	h := setup(t, nil)
	roomID := h.srv.AddRoom("高一数学")
	for range 3 {
		require.NoError(t, getRoom(context.Background(), h.c, roomID))
	}
	_, raw := h.collect(t)
	hist, ok := raw[genseeotel.DurationMetric].(metricdata.Histogram[float64])
	require.True(t, ok)
	require.Len(t, hist.DataPoints, 1)
	dp := hist.DataPoints[0]
	assert.Equal(t, uint64(3), dp.Count)
	assert.Equal(t, []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}, dp.Bounds)
	assert.Greater(t, dp.Sum, 0.0)
	var inBuckets uint64
	for _, n := range dp.BucketCounts {
		inBuckets += n
	}
	assert.Equal(t, uint64(3), inBuckets)
}
