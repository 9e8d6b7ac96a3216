package gensee

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRedirectGuardWithPermissiveClient: whatever the caller's CheckRedirect
// allows, a redirect to another host or from https down to http is refused
// before it is sent; a same-host https redirect is followed.
func TestRedirectGuardWithPermissiveClient(t *testing.T) {
	tests := []struct {
		name     string
		location string
		refused  bool
	}{
		{"https to http, same host", "http://demo.gensee.com/integration/site/training/relay/remove", true},
		{"another host", "https://evil.example/integration/site/training/relay/remove", true},
		{"another port", "https://demo.gensee.com:8443/integration/site/training/relay/remove", true},
		{"same host", "https://demo.gensee.com/integration/site/training/relay/remove", false},
	}
	for _, tt := range tests {
		for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(tt.name+"/"+http.StatusText(status), func(t *testing.T) {
				mock := httpmock.NewMockTransport()
				mock.RegisterResponder(http.MethodPost, testBase+"/training/relay/add", func(*http.Request) (*http.Response, error) {
					r := httpmock.NewStringResponse(status, "")
					r.Header.Set("Location", tt.location)
					return r, nil
				})
				mock.RegisterNoResponder(httpmock.NewStringResponder(200, okBody))
				allowed := 0
				hc := &http.Client{Transport: mock, CheckRedirect: func(*http.Request, []*http.Request) error { allowed++; return nil }}
				c, err := NewClient(testSite, testLogin, testPassword, WithHTTPClient(hc))
				require.NoError(t, err)
				err = c.Rooms.AddRelay(context.Background(), "R", "S")
				assert.Equal(t, 1, allowed, "the caller's CheckRedirect runs")
				if !tt.refused {
					require.NoError(t, err)
					assert.Equal(t, 2, mock.GetTotalCallCount())
					return
				}
				assert.ErrorIs(t, err, errCrossHostRedirect)
				assert.Equal(t, 1, mock.GetTotalCallCount(), "the redirect was not sent")
				var ue *url.Error
				require.ErrorAs(t, err, &ue)
			})
		}
	}
}

func TestSiteWithSpecSuffix(t *testing.T) {
	for _, site := range []string{
		"https://demo.gensee.com/integration/site",
		"https://demo.gensee.com/integration/site/",
		"https://demo.gensee.com/integration/site/training",
		"https://demo.gensee.com/integration/site/training/",
		"demo.gensee.com/integration/site",
		"https://demo.gensee.com",
	} {
		t.Run(site, func(t *testing.T) {
			got, err := siteBase(site)
			require.NoError(t, err)
			assert.Equal(t, testBase, got)

			mock := httpmock.NewMockTransport()
			mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", httpmock.NewStringResponder(500, "oops"))
			c, err := NewClient(site, testLogin, testPassword, WithHTTPClient(&http.Client{Transport: mock}))
			require.NoError(t, err)
			_, err = c.Rooms.Get(context.Background(), "R")
			var he *HTTPError
			require.ErrorAs(t, err, &he)
			assert.Equal(t, testBase+"/training/room/info", he.URL)
			assert.Equal(t, 1, mock.GetTotalCallCount())
		})
	}
	// A prefix of a proxy that happens to be called "training" is kept.
	got, err := siteBase("https://proxy.example/training")
	require.NoError(t, err)
	assert.Equal(t, "https://proxy.example/training/integration/site", got)
}

func TestRequestID(t *testing.T) {
	h := setup(t, FastRetry(3))
	var ids []string
	h.mock.RegisterResponder(http.MethodPost, testBase+"/training/room/info", func(r *http.Request) (*http.Response, error) {
		ids = append(ids, r.Header.Get("X-Request-Id"))
		if len(ids) == 1 {
			return httpmock.NewStringResponse(503, "busy"), nil
		}
		return httpmock.NewStringResponse(200, roomR1), nil
	})
	_, err := h.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	_, err = h.client.Rooms.Get(context.Background(), "R1")
	require.NoError(t, err)
	require.Len(t, ids, 3)
	assert.Equal(t, ids[0], ids[1], "every attempt of a call sends the call's id")
	assert.NotEqual(t, ids[1], ids[2], "each call has its own")
	prefix := requestIDPrefix()
	for _, id := range ids {
		assert.True(t, strings.HasPrefix(id, prefix), id)
		assert.Len(t, id, len(prefix)+len(strings.TrimPrefix(id, prefix)))
	}
	assert.Len(t, prefix, 13, "12 random hex digits and a dash")
	allocs := testing.AllocsPerRun(100, func() { _ = newRequestID() })
	assert.LessOrEqual(t, allocs, 1.0)
}
