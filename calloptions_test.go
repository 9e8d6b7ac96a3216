package gensee

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallOptionNoRetry(t *testing.T) {
	h := setup(t, FastRetry(3))
	h.on("/training/room/info", 503, "busy")
	_, err := h.client.Rooms.Get(WithCallOptions(context.Background(), NoRetry()), "R1")
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, 1, h.calls(), "sent once")
	_, err = h.client.Rooms.Get(context.Background(), "R1")
	require.Error(t, err)
	assert.Equal(t, 4, h.calls(), "other calls keep the client's policy")
}

func TestCallOptionTimeout(t *testing.T) {
	h := setup(t, FastRetry(3))
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	ctx := WithCallOptions(context.Background(), Timeout(10*time.Millisecond))
	_, err := h.client.Rooms.Get(ctx, "R1")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 1, h.mock.GetTotalCallCount(), "the call's own deadline is the caller's: not retried")
	assert.NoError(t, ctx.Err(), "the context given is not changed")
}

func TestCaptureResponse(t *testing.T) {
	h := setup(t, FastRetry(3))
	n := 0
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(r *http.Request) (*http.Response, error) {
		n++
		if n == 1 {
			return httpmock.NewStringResponse(503, "busy"), nil
		}
		resp := httpmock.NewStringResponse(200, roomR1)
		resp.Header.Set("X-Server", "gs-7")
		resp.Header.Set("X-Echo-Id", r.Header.Get("X-Request-Id"))
		return resp, nil
	})
	var resp Response
	ctx := WithCallOptions(context.Background(), CaptureResponse(&resp))
	_, err := h.client.Rooms.Get(ctx, "R1")
	require.NoError(t, err)
	assert.Equal(t, "/training/room/info", resp.Endpoint)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "gs-7", resp.Header.Get("X-Server"))
	assert.Equal(t, resp.RequestID, resp.Header.Get("X-Echo-Id"), "the id captured is the one sent")
	assert.Equal(t, CodeOK, resp.Code)
	assert.Equal(t, int64(len(roomR1)), resp.BodyBytes)
	assert.Equal(t, 2, resp.Attempts)
	assert.Positive(t, resp.Duration)

	// An API error is captured too.
	h.on("/training/room/deleted", 200, apiErrorBody(CodeNotFound, "x"))
	require.Error(t, h.client.Rooms.Delete(ctx, "R1"))
	assert.Equal(t, "/training/room/deleted", resp.Endpoint)
	assert.Equal(t, CodeNotFound, resp.Code)
	assert.Equal(t, 1, resp.Attempts)
}

func TestWithCallObserverAddsToClients(t *testing.T) {
	client, call := &recorder{}, &recorder{}
	h := setup(t, WithObserver(client.observer()))
	h.on("/training/room/info", 200, roomR1)
	ctx := WithCallObserver(context.Background(), call.observer())
	_, err := h.client.Rooms.Get(ctx, "R1")
	require.NoError(t, err)
	_, err = h.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	assert.Len(t, client.results, 2)
	assert.Len(t, call.results, 1, "only the call made with its context")

	// Options given later add to the earlier ones.
	var resp Response
	ctx = WithCallOptions(WithCallOptions(ctx, NoRetry()), CaptureResponse(&resp))
	co := callOptionsFrom(ctx)
	assert.True(t, co.noRetry)
	assert.Len(t, co.observers, 2)
}
