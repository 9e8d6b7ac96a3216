package gensee_test

import (
	"errors"
	"testing"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// silentRoom creates a live classroom on srv with the 263 telephone
// conference set up, so that the server keeps AAC off.
func silentRoom(t *testing.T, c *gensee.Client, subject string, telconf bool) *gensee.Room {
	t.Helper()
	r, err := c.Rooms.Create(t.Context(), createRoomRequest(subject))
	require.NoError(t, err)
	if telconf {
		require.NoError(t, c.Rooms.SetTelConf(t.Context(), &gensee.TelConfRequest{
			RoomID: r.ID, SiteName: "263site", SitePassword: "site-pw-263", CallinNum: "4008001234",
		}))
	}
	return r
}

// TestModifyAACNotAppliedE2E: room/modify asking for AAC on a classroom
// with a telephone conference answers success and ignores it (spec section
// 5.2); Rooms.Modify reads the classroom back and returns ErrNotApplied,
// while the rest of the change is applied. Without the conference AAC is
// turned on and Modify succeeds.
func TestModifyAACNotAppliedE2E(t *testing.T) {
	tests := []struct {
		name    string
		telconf bool
		wantErr error
		wantAAC bool
	}{
		{"telephone conference: ignored, said so", true, gensee.ErrNotApplied, false},
		{"no conference: applied", false, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := genseetest.NewServer()
			defer srv.Close()
			c := srv.Client()
			r := silentRoom(t, c, "AAC "+tt.name, tt.telconf)
			err := c.Rooms.Modify(t.Context(), &gensee.ModifyRoomRequest{
				ID: r.ID, Subject: "AAC renamed " + tt.name, StartDate: t0, Realtime: gensee.Ptr(true), AACSupport: gensee.Ptr(true),
			})
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tt.wantErr)
			}
			got, err := c.Rooms.Get(t.Context(), r.ID)
			require.NoError(t, err)
			assert.Equal(t, tt.wantAAC, got.AACSupport)
			assert.Equal(t, "AAC renamed "+tt.name, got.Subject, "the rest of the change is applied")
			assert.Len(t, srv.RequestsTo("/training/room/info"), 2, "one read back by Modify, one by the test")
		})
	}
}

// TestModifyWithoutAACReadsNothingE2E: a Modify that does not ask for AAC
// on sends room/modify only.
func TestModifyWithoutAACReadsNothingE2E(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	r := silentRoom(t, c, "no AAC asked", true)
	for _, aac := range []*bool{nil, gensee.Ptr(false)} {
		require.NoError(t, c.Rooms.Modify(t.Context(), &gensee.ModifyRoomRequest{
			ID: r.ID, Subject: "no AAC asked", StartDate: t0, Realtime: gensee.Ptr(true), AACSupport: aac,
		}))
	}
	assert.Empty(t, srv.RequestsTo("/training/room/info"))
}

// TestTelConfHalfSetE2E: room/telconf turns the conference off, answering
// success, whenever siteName or sitePassword is missing. A request with one
// of them only, or with call-in settings and neither, is refused before
// sending, so that a conference set up stays set up; RoomID alone still
// turns it off.
func TestTelConfHalfSetE2E(t *testing.T) {
	tests := []struct {
		name  string
		req   gensee.TelConfRequest
		field string
	}{
		{"siteName without sitePassword", gensee.TelConfRequest{SiteName: "263site"}, "sitePassword"},
		{"sitePassword without siteName", gensee.TelConfRequest{SitePassword: "site-pw-263"}, "siteName"},
		{"callinNum alone", gensee.TelConfRequest{CallinNum: "4008001234"}, "siteName"},
		{"callinSupport alone", gensee.TelConfRequest{CallinSupport: gensee.Ptr(true)}, "siteName"},
		{"hostPasscode alone", gensee.TelConfRequest{HostPasscode: "1234"}, "siteName"},
		{"guestPasscode alone", gensee.TelConfRequest{GuestPasscode: "5678"}, "siteName"},
		{"passcodes with siteName only", gensee.TelConfRequest{SiteName: "263site", HostPasscode: "1234"}, "sitePassword"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := genseetest.NewServer()
			defer srv.Close()
			c := srv.Client()
			r := silentRoom(t, c, "电话会议 "+tt.name, true)
			req := tt.req
			req.RoomID = r.ID
			err := c.Rooms.SetTelConf(t.Context(), &req)
			var ve *gensee.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "/training/room/telconf", ve.Endpoint)
			assert.Equal(t, tt.field, ve.Field)
			assert.ErrorIs(t, err, gensee.ErrInvalidParam)
			assert.NotContains(t, err.Error(), "site-pw-263")
			assert.Len(t, srv.RequestsTo("/training/room/telconf"), 1, "nothing sent after the setup")
			// The conference is still on: the server still ignores AAC.
			err = c.Rooms.Modify(t.Context(), &gensee.ModifyRoomRequest{
				ID: r.ID, Subject: "电话会议 " + tt.name, StartDate: t0, Realtime: gensee.Ptr(true), AACSupport: gensee.Ptr(true),
			})
			assert.True(t, errors.Is(err, gensee.ErrNotApplied), "conference still set: %v", err)
		})
	}
	t.Run("roomId alone turns the conference off", func(t *testing.T) {
		srv := genseetest.NewServer()
		defer srv.Close()
		c := srv.Client()
		r := silentRoom(t, c, "电话会议 off", true)
		require.NoError(t, c.Rooms.SetTelConf(t.Context(), &gensee.TelConfRequest{RoomID: r.ID}))
		require.NoError(t, c.Rooms.Modify(t.Context(), &gensee.ModifyRoomRequest{
			ID: r.ID, Subject: "电话会议 off", StartDate: t0, Realtime: gensee.Ptr(true), AACSupport: gensee.Ptr(true),
		}), "conference off: AAC can be turned on")
	})
}
