package main

import (
	"context"
	"io"
)

func runRecord(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return exitUsage
}
