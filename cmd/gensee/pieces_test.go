package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPieceCountMatchesTheCalls: the progress of a windowed export counts
// the pieces the SDK really calls ("piece 3/53"), and --dry-run says how
// many would follow the one it shows.
func TestPieceCountMatchesTheCalls(t *testing.T) {
	tests := []struct {
		from, to string
		pieces   int
	}{
		{"2024-03-01", "2024-03-01", 1},
		{"2024-03-01 00:00", "2024-03-08 00:00", 1}, // 7 days exactly, the end included
		{"2024-03-01 00:00", "2024-03-08 00:00:01", 2},
		{"2024-01-01", "2024-03-01", 9},
		{"2024-01-01", "2024-12-31", 53},
	}
	for _, tt := range tests {
		t.Run(tt.from+" "+tt.to, func(t *testing.T) {
			s := seededSite(t)
			before := len(s.srv.RequestsTo("/training/export/chat"))
			r := cli(t, s.env, "--progress", "exports", "chat", "--room", s.room, "--from", tt.from, "--to", tt.to, "-o", "csv")
			require.Equal(t, 0, r.code, r.stderr)
			calls := len(s.srv.RequestsTo("/training/export/chat")) - before
			assert.Equal(t, tt.pieces, calls, "calls made")
			assert.Contains(t, r.stderr, fmt.Sprintf("gensee: /training/export/chat: piece %d/%d (", tt.pieces, tt.pieces))
			assert.NotContains(t, r.stderr, fmt.Sprintf("piece %d/", tt.pieces+1))
			assert.Contains(t, r.stderr, fmt.Sprintf("rows from %d piece(s)\n", tt.pieces))

			r = cli(t, s.env, "--dry-run", "exports", "chat", "--room", s.room, "--from", tt.from, "--to", tt.to)
			require.Equal(t, 0, r.code, r.stderr)
			follow := "more piece(s) would follow"
			if tt.pieces == 1 {
				assert.NotContains(t, r.stdout, follow)
			} else {
				assert.Contains(t, r.stdout, fmt.Sprintf("(--dry-run: %d %s, a call per 7 days of the window)\n", tt.pieces-1, follow))
			}
			assert.Equal(t, 1, strings.Count(r.stdout, "POST "), "--dry-run shows one request")
		})
	}
}
