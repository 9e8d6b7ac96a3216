package gensee_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func ExampleWithCallOptions() {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()

	// One call without retries, bounded to 5 seconds, its answer recorded.
	var resp gensee.Response
	ctx := gensee.WithCallOptions(context.Background(),
		gensee.NoRetry(), gensee.Timeout(5*time.Second), gensee.CaptureResponse(&resp))
	_, err := c.Rooms.Get(ctx, "no-such-room")
	fmt.Println(errors.Is(err, gensee.ErrNotFound))
	fmt.Println(resp.Endpoint, resp.StatusCode, resp.Code, resp.Attempts, resp.RequestID != "")
	// Output:
	// true
	// /training/room/info 200 501 not found 1 true
}

func ExampleWithObserver() {
	srv := genseetest.NewServer()
	defer srv.Close()
	srv.Inject("/training/room/info", 1, genseetest.Fault{Status: 503})
	var lines []string
	c := srv.Client(gensee.WithObserver(gensee.Observer{
		AttemptDone: func(_ context.Context, a *gensee.Attempt) {
			lines = append(lines, fmt.Sprintf("%s attempt %d: HTTP %d, code %d, retry %t", a.Endpoint, a.Number, a.StatusCode, a.Code, a.Retry))
		},
		CallDone: func(_ context.Context, r *gensee.CallResult) {
			lines = append(lines, fmt.Sprintf("%s: %d attempts", r.Endpoint, r.Attempts))
		},
	}), gensee.WithRetry(gensee.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	_, _ = c.Rooms.Get(context.Background(), "no-such-room")
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// /training/room/info attempt 1: HTTP 503, code 0, retry true
	// /training/room/info attempt 2: HTTP 200, code 501, retry false
	// /training/room/info: 2 attempts
}

// budget is a Limiter giving the exports one attempt a second and the rest
// no limit.
type budget struct{ exports *gensee.RateLimiter }

func (b budget) Wait(ctx context.Context, endpoint string) error {
	if strings.HasPrefix(endpoint, "/training/export/") {
		return b.exports.Wait(ctx, endpoint)
	}
	return nil
}

func ExampleWithLimiter() {
	c, err := gensee.NewClient("demo.gensee.com", "admin@demo", "secret",
		gensee.WithLimiter(budget{exports: gensee.NewRateLimiter(1, 1)}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c)
	// Output:
	// gensee.Client{site: https://demo.gensee.com/integration/site, login: admin@demo}
}

func ExampleDecodeError() {
	// httpmock on the client's own *http.Client: a success answer whose
	// duration is not a number.
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, "https://demo.gensee.com/integration/site/training/room/info",
		httpmock.NewStringResponder(200, `{"code":"0","id":"R1","duration":"long"}`))
	c, err := gensee.NewClient("demo.gensee.com", "admin@demo", "secret", gensee.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Rooms.Get(context.Background(), "R1")
	var de *gensee.DecodeError
	fmt.Println(errors.As(err, &de), de.Endpoint)
	// Output:
	// true /training/room/info
}

func ExampleChinaZone() {
	start := time.Date(2030, 3, 1, 19, 0, 0, 0, gensee.ChinaZone())
	fmt.Println(start.UTC().Format(time.RFC3339))
	// Output:
	// 2030-03-01T11:00:00Z
}
