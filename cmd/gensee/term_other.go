//go:build !(linux || darwin)

package main

import "io"

// ttyWidth is 0 where the CLI does not ask the terminal: $COLUMNS or 80
// are used.
func ttyWidth(io.Writer) int { return 0 }
