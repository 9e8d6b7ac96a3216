package gensee

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSizeHintBounded: one 8 MiB chunked answer does not make the next reads
// of the endpoint allocate 8 MiB, and an answer refused for its size sets no
// hint at all.
func TestSizeHintBounded(t *testing.T) {
	const path = "/training/export/history"
	big := `{"code":"0","message":"` + strings.Repeat("x", 8<<20) + `"}`
	small := `{"code":"0","list":[]}`

	h := setup(t)
	chunked(h, path, big)
	err := h.client.Call(context.Background(), path, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, maxSizeHint, h.client.sizeHint(path), "bounded after the outlier")
	h.mock.Reset()
	chunked(h, path, small)
	err = h.client.Call(context.Background(), path, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, len(small), h.client.sizeHint(path), "back to the size of what the endpoint sends now")

	h2 := setup(t, WithMaxResponseBytes(1<<20))
	chunked(h2, path, big)
	err = h2.client.Call(context.Background(), path, nil, nil)
	var tooLarge *ResponseTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Equal(t, 0, h2.client.sizeHint(path), "a refused answer sets no hint")
}
