package gensee

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left running once
// they are done (a request, a retry wait, a rate-limit wait or an iterator
// that outlives its call), or if some SDK method was not exercised by both a
// unit test and a fake test (checkExercised, coverage_test.go).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(exercisedRun{m})
}
