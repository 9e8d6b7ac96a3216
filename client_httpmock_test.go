package gensee

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The three patterns of httpmock's README, with httpmock itself. Only
// TestHTTPMockActivate touches the global default transport: it restores it
// and is not run in parallel.

const roomR1 = `{"code":"0","id":"R1","subject":"高一数学"}`

func TestHTTPMockActivate(t *testing.T) {
	httpmock.Activate() // http.DefaultTransport becomes a *httpmock.MockTransport
	defer httpmock.DeactivateAndReset()
	_, isTransport := http.DefaultTransport.(*http.Transport)
	require.False(t, isTransport, "the case NewClient must not panic on")

	httpmock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", httpmock.NewStringResponder(200, roomR1))
	c, err := NewClient(testSite, testLogin, testPassword)
	require.NoError(t, err)
	room, err := c.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	assert.Equal(t, "高一数学", room.Subject)
	assert.Equal(t, 1, httpmock.GetTotalCallCount())
}

// panicTransport fails the test if a request reaches it: the real network
// would have been used.
type panicTransport struct{ t *testing.T }

func (p panicTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	p.t.Errorf("request to %s reached the original transport", r.URL)
	return nil, http.ErrHandlerTimeout
}

func TestHTTPMockActivateNonDefault(t *testing.T) {
	for _, when := range []string{"before NewClient", "after NewClient"} {
		t.Run(when, func(t *testing.T) {
			hc := &http.Client{Transport: panicTransport{t}}
			var c *Client
			var err error
			if when == "after NewClient" {
				c, err = NewClient(testSite, testLogin, testPassword, WithHTTPClient(hc))
				require.NoError(t, err)
			}
			httpmock.ActivateNonDefault(hc) // hc.Transport = httpmock's own global mock
			defer httpmock.Reset()
			defer httpmock.DeactivateNonDefault(hc)
			httpmock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", httpmock.NewStringResponder(200, roomR1))
			if c == nil {
				c, err = NewClient(testSite, testLogin, testPassword, WithHTTPClient(hc))
				require.NoError(t, err)
			}
			room, err := c.Rooms.Get(context.Background(), "R1")
			require.NoError(t, err)
			assert.Equal(t, "R1", room.ID)
			mock := hc.Transport.(*httpmock.MockTransport)
			assert.Equal(t, 1, mock.GetTotalCallCount())
		})
	}
}

func TestHTTPMockNewMockTransport(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", httpmock.NewStringResponder(200, roomR1))
	c, err := NewClient(testSite, testLogin, testPassword, WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)
	room, err := c.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	assert.Equal(t, "R1", room.ID)
	assert.Equal(t, map[string]int{"POST " + testBase + "/training/room/info": 1}, mock.GetCallCountInfo())
}

// A wrapper in http.DefaultTransport (a tracing one, say) is used as it is.
func TestDefaultTransportWrapped(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", httpmock.NewStringResponder(200, roomR1))
	saved := http.DefaultTransport
	http.DefaultTransport = mock
	defer func() { http.DefaultTransport = saved }()
	c, err := NewClient(testSite, testLogin, testPassword)
	require.NoError(t, err)
	http.DefaultTransport = saved // the client keeps the transport it was made with
	_, err = c.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	assert.Equal(t, 1, mock.GetTotalCallCount())
}
