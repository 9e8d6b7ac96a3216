package gensee

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/gensee-go/gensee/internal/form"
)

// Call sends any endpoint of the training API, for what the SDK does not
// wrap, and is retried as the typed methods are when the endpoint is a read.
//
// path is like "/training/room/info": it must start with "/training/" and
// may not hold "." or ".." segments, "?", "#" or "%" (so no percent-encoded
// dot either), which could take the credentials elsewhere or into the URL.
//
// params is one of: nil; url.Values; map[string]string; a struct (or a
// pointer to one) with `url:"name"` tags, encoded as
// github.com/google/go-querystring encodes it. The client adds loginName,
// password and sec: params holding any of them is refused. Values of
// teacherPassword and sitePassword are sent, and scrubbed from errors and
// logs like the site's password.
//
// out is nil, or a non-nil pointer that receives the JSON body once its
// return code was checked to be 0.
//
// Everything refused is a *ValidationError (Field "path", "out" or the
// parameter's name), returned before anything is sent; observers see it as
// a call of 0 attempts.
func (c *Client) Call(ctx context.Context, path string, params any, out any) error {
	if reason := badPath(path); reason != "" {
		return c.run(ctx, path, nil, nil, &ValidationError{Endpoint: path, Field: "path", Reason: reason})
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return c.run(ctx, path, nil, nil, &ValidationError{Endpoint: path, Field: "out", Reason: fmt.Sprintf("must be nil or a non-nil pointer, got %T", out)})
		}
	}
	return c.do(ctx, path, params, out)
}

// badPath returns why path may not be sent by Call, or "".
func badPath(path string) string {
	if !strings.HasPrefix(path, "/training/") {
		return `must start with "/training/"`
	}
	if i := strings.IndexAny(path, "?#%"); i >= 0 {
		return fmt.Sprintf("may not contain %q", path[i])
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return `may not contain "." or ".." segments`
		}
	}
	for i := 0; i < len(path); i++ {
		if path[i] <= ' ' || path[i] == 0x7f {
			return "may not contain spaces or control characters"
		}
	}
	return ""
}

// encodeBody returns the form body of a call (the credentials' prefix, built
// once in NewClient, and the encoded params) and the call's own secrets.
//
// A request type whose keys are known from the type (every request type of
// the SDK) and holds none that the client sets or scrubs is written straight
// after the prefix by form.AppendEncode, byte for byte what url.Values'
// Encode gives; any other params go through url.Values, where those keys are
// checked.
func (c *Client) encodeBody(path string, params any) ([]byte, []string, error) {
	var own []string
	if s, ok := params.(secretive); ok {
		own = s.secrets()
	}
	if keys, ok := form.Keys(reflect.TypeOf(params)); ok && !slices.ContainsFunc(keys, specialKey) {
		b := make([]byte, 0, len(c.creds.prefix)+16*len(keys)+16)
		b = append(b, c.creds.prefix...)
		b, err := form.AppendEncode(b, params)
		if err != nil {
			return nil, nil, fmt.Errorf("gensee: %s: encoding the request: %w", path, err)
		}
		return b, own, nil
	}
	vals, err := form.Encode(params)
	if err != nil {
		return nil, nil, fmt.Errorf("gensee: %s: encoding the request: %w", path, err)
	}
	for _, k := range [...]string{"loginName", "password", "sec"} {
		if _, ok := vals[k]; ok {
			return nil, nil, &ValidationError{Endpoint: path, Field: k, Reason: "is set by the client and must not be in params"}
		}
	}
	for _, k := range secretParams {
		own = append(own, vals[k]...)
	}
	enc := vals.Encode()
	if enc == "" {
		return []byte(c.creds.prefix), own, nil
	}
	return []byte(c.creds.prefix + "&" + enc), own, nil
}

// specialKey reports whether a form key is one the client sets (the
// credentials) or scrubs (secretParams): encodeBody checks those in
// url.Values.
func specialKey(k string) bool {
	switch k {
	case "loginName", "password", "sec":
		return true
	}
	for _, s := range secretParams {
		if k == s {
			return true
		}
	}
	return false
}
