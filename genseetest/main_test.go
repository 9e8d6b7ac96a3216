package genseetest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running once
// they are done: a delayed answer, a callback or a connection of a closed
// Server.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
