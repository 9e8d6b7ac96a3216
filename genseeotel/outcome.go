package genseeotel

import (
	"context"
	"errors"
	"io"
	"net"

	"github.com/gensee-go/gensee"
)

// Outcome is how a call or an attempt ended: the value of OutcomeKey. The
// set is small and fixed, so that it can label metrics.
type Outcome string

// The outcomes, from the error a call or an attempt returned.
const (
	OutcomeOK        Outcome = "ok"         // no error
	OutcomeAPIError  Outcome = "api_error"  // the envelope's return code is not 0 (*gensee.APIError)
	OutcomeHTTPError Outcome = "http_error" // a status other than 2xx, or a body that is not the envelope (*gensee.HTTPError)
	OutcomeTransport Outcome = "transport"  // no answer, or one cut short: connection refused or dropped
	OutcomeTimeout   Outcome = "timeout"    // the context's deadline passed (also while waiting to retry), or the HTTP client timed out
	OutcomeCanceled  Outcome = "canceled"   // the context was canceled (also while waiting to retry)
	OutcomeInvalid   Outcome = "invalid"    // refused before sending (*gensee.ValidationError)
	OutcomeTooLarge  Outcome = "too_large"  // the answer exceeded WithMaxResponseBytes (*gensee.ResponseTooLargeError)
	OutcomeOther     Outcome = "other"      // anything else, such as a limiter's refusal or a body that did not decode
)

// Classify returns the Outcome of err, an error a gensee call returned or
// an Attempt's Err.
func Classify(err error) Outcome {
	if err == nil {
		return OutcomeOK
	}
	var (
		apiErr   *gensee.APIError
		httpErr  *gensee.HTTPError
		valErr   *gensee.ValidationError
		largeErr *gensee.ResponseTooLargeError
		netErr   net.Error
	)
	switch {
	// The context first: a call that gives up while waiting to retry
	// returns the context's error and the last attempt's together.
	case errors.Is(err, context.Canceled):
		return OutcomeCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return OutcomeTimeout
	case errors.As(err, &apiErr):
		return OutcomeAPIError
	case errors.As(err, &httpErr):
		return OutcomeHTTPError
	case errors.As(err, &valErr):
		return OutcomeInvalid
	case errors.As(err, &largeErr):
		return OutcomeTooLarge
	case errors.As(err, &netErr):
		if netErr.Timeout() {
			return OutcomeTimeout
		}
		return OutcomeTransport
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return OutcomeTransport
	}
	return OutcomeOther
}

// apiCode returns the return code of the *gensee.APIError in err's chain.
func apiCode(err error) gensee.Code {
	var apiErr *gensee.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return gensee.CodeOK
}
