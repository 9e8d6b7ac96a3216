package genseetest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// A class played twice in one classroom, and what the receiver saw: the
// Live methods return before their events are delivered, and WaitLive
// waits for them, so the test reads the receiver's record without polling.
func ExampleServer_WaitLive() {
	srv := genseetest.NewServer()
	defer srv.Close()
	var mu sync.Mutex
	var seen []string
	hook := httptest.NewServer(gensee.LiveEventHandler(func(_ context.Context, ev *gensee.LiveEvent) error {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, fmt.Sprint(ev.Action, " ", ev.Operator))
		return nil
	}, gensee.WithCallbackToken("s3cr3t")))
	defer hook.Close()
	srv.SetLiveCallbackURL(hook.URL + "/gensee/live?token=s3cr3t")
	room := srv.AddRoom("Algebra I")

	for range 2 {
		srv.StartLive(room)
		srv.JoinLive(room, 1000000001, "张三")
		srv.EndLive(room)
		srv.EndLive(room) // a second time: nothing
	}
	if err := srv.WaitLive(context.Background()); err != nil {
		fmt.Println(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, s := range seen {
		fmt.Println(s)
	}
	// Output:
	// started u1
	// joined u1000000001
	// ended u1
	// recording-ended u1
	// started u1
	// joined u1000000001
	// ended u1
	// recording-ended u1
}
