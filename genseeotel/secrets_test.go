package genseeotel_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// No credential reaches a span or a metric, also when the server echoes the
// password and its digest in its answers, with either way of sending it.
func TestNoCredentials(t *testing.T) {
	const password = "Pa55-w0rd-7f3c"
	sum := md5.Sum([]byte(password))
	digest := hex.EncodeToString(sum[:])
	secrets := []string{password, digest, strings.ToUpper(digest), url.QueryEscape(password)}

	for _, mode := range []struct {
		name string
		opts []gensee.Option
	}{{"digest", nil}, {"plain", []gensee.Option{gensee.WithPlainPassword()}}} {
		t.Run(mode.name, func(t *testing.T) {
			h := setup(t, []genseetest.Option{genseetest.WithCredentials("admin@school", password)}, mode.opts...)
			roomID := h.srv.AddRoom("高一数学")
			echo := fmt.Sprintf("password=%s md5=%s", password, digest)
			h.srv.Inject(info, 1, genseetest.Fault{Code: 300, Message: echo})
			h.srv.Inject(info, 1, genseetest.Fault{Code: 501, Message: echo})
			h.srv.Inject(deleted, 1, genseetest.Fault{Code: 200, Message: echo})
			h.srv.Inject(deleted, 1, genseetest.Fault{Drop: true})

			ctx := context.Background()
			assert.Error(t, getRoom(ctx, h.c, roomID))
			assert.Error(t, h.c.Rooms.Delete(ctx, roomID))
			assert.Error(t, h.c.Rooms.Delete(ctx, roomID))
			assert.NoError(t, getRoom(ctx, h.c, roomID))

			var texts []string
			add := func(kvs ...attribute.KeyValue) {
				for _, kv := range kvs {
					texts = append(texts, string(kv.Key)+"="+kv.Value.String())
				}
			}
			spans := h.ended()
			require.Len(t, spans, 4)
			for _, s := range spans {
				texts = append(texts, s.Name(), s.Status().Description)
				add(s.Attributes()...)
				for _, e := range s.Events() {
					texts = append(texts, e.Name)
					add(e.Attributes...)
				}
			}
			_, raw := h.collect(t)
			require.Len(t, raw, 5)
			for _, data := range raw {
				switch d := data.(type) {
				case metricdata.Sum[int64]:
					for _, dp := range d.DataPoints {
						add(dp.Attributes.ToSlice()...)
					}
				case metricdata.Histogram[float64]:
					for _, dp := range d.DataPoints {
						add(dp.Attributes.ToSlice()...)
					}
				}
			}

			all := strings.Join(texts, "\n")
			for _, sec := range secrets {
				assert.NotContains(t, all, sec)
			}
			// The echoes did reach the observer, cleaned.
			assert.Contains(t, all, "gensee.error=gensee: /training/room/info: 300 system error: password=*** md5=***")
			assert.Contains(t, all, "gensee.error=gensee: /training/room/deleted: 200 authentication failed: password=*** md5=***")
		})
	}
}
