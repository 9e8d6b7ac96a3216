package gensee_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gensee-go/gensee"
)

// A server that ignores pageNo answers page 1 again and again; the walk
// yields page 1 once and ends with a *PageError instead of looping.
func ExamplePageError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":"0","list":[{"roomId":"mquQf2"}],"page":{"pageNo":1,"totalPages":1000000000}}`)
	}))
	defer srv.Close()
	c, err := gensee.NewClient(srv.URL, "admin@demo", "secret")
	if err != nil {
		panic(err)
	}
	for room, err := range c.Rooms.SyncAll(context.Background(), nil) {
		var pe *gensee.PageError
		if errors.As(err, &pe) {
			fmt.Println("asked for page", pe.Asked, "got page", pe.Got)
			break
		}
		fmt.Println(room.RoomID)
	}
	// Output:
	// mquQf2
	// asked for page 2 got page 1
}

// A success answer without the new classroom's id is an error.
func ExampleErrNoID() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":"0","message":"成功"}`)
	}))
	defer srv.Close()
	c, err := gensee.NewClient(srv.URL, "admin@demo", "secret")
	if err != nil {
		panic(err)
	}
	_, err = c.Rooms.Create(context.Background(), &gensee.CreateRoomRequest{Subject: "物理", StartDate: time.Date(2031, 1, 1, 9, 0, 0, 0, time.UTC)})
	fmt.Println(errors.Is(err, gensee.ErrNoID))
	// Output: true
}

// Red packets of kind 2 and 3 are both directed.
func ExampleRedPacketType_Directed() {
	for _, t := range []gensee.RedPacketType{gensee.RedPacketFixed, gensee.RedPacketDirected, 3} {
		fmt.Println(t, t.Directed())
	}
	// Output:
	// fixed false
	// directed true
	// directed true
}
