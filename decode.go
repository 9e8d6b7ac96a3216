package gensee

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strconv"

	"github.com/gensee-go/gensee/internal/wire"
)

// decode checks the envelope of a 2xx body, decodes it into out and returns
// the return code it saw. A successful flat answer (wire.DecodeFlat) is read
// in one pass; any other takes wire.Normalize (which copies nothing while
// nothing changes) and encoding/json, which also decides the error.
// encoding/json/v2 (GOEXPERIMENT=jsonv2 today) would replace Normalize here
// once it is the standard encoding/json: its unmarshalers per type can take
// quoted numbers.
func (c *Client) decode(path string, resp *http.Response, b []byte, out any, secrets []string) (int, error) {
	if rv := reflect.ValueOf(out); out != nil && rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().IsZero() {
		if env, ok := wire.DecodeFlat(b, out); ok && env.CodeSet && env.Code == "0" { // "00" and the like take the general path
			wire.Tidy(out)
			return 0, nil
		}
		rv.Elem().SetZero()
	}
	return c.decodeNormalized(path, resp, b, out, secrets)
}

// decodeNormalized is decode's general path (out may be nil: the envelope
// only).
func (c *Client) decodeNormalized(path string, resp *http.Response, b []byte, out any, secrets []string) (int, error) {
	nb, env, ok := wire.Normalize(b, reflect.TypeOf(out))
	if !ok {
		return 0, c.httpError(path, resp, b, secrets)
	}
	if code, err := c.envelopeErr(path, resp, b, env, secrets); err != nil {
		return code, err
	}
	if out == nil {
		// Normalize reads the envelope without checking every value: a body
		// that is not JSON (a bare word where a value goes) must not pass
		// for a success.
		if !json.Valid(nb) {
			return 0, c.httpError(path, resp, b, secrets)
		}
		return 0, nil
	}
	if err := json.Unmarshal(nb, out); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return 0, c.httpError(path, resp, b, secrets)
		}
		return 0, &DecodeError{Endpoint: path, Err: err}
	}
	wire.Tidy(out)
	return 0, nil
}

// envelopeErr checks an envelope's return code: nil for 0, an *APIError
// (and the code) for another number, an *HTTPError of body for anything
// else or no code at all.
func (c *Client) envelopeErr(path string, resp *http.Response, body []byte, env wire.Envelope, secrets []string) (int, error) {
	code, err := strconv.Atoi(env.Code)
	switch {
	case err != nil || !env.CodeSet:
		return 0, c.httpError(path, resp, body, secrets)
	case code != 0:
		return code, &APIError{Endpoint: path, Code: Code(code), Message: c.scrub(env.Message, secrets)}
	}
	return 0, nil
}
