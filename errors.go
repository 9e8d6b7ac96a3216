package gensee

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Code is a return code of the Gensee training API (spec section 3.5). The
// server sends it in the envelope's "code" field, as a string or a number.
type Code int

// The documented return codes (spec section 3.5).
const (
	CodeOK              Code = 0   // 成功: success
	CodeFailed          Code = -1  // 失败: failure
	CodeInvalidParam    Code = 101 // 参数错误: a parameter is missing or wrong
	CodeParamConversion Code = 102 // 参数转换错误: a parameter could not be converted
	CodeAuthFailed      Code = 200 // 认证失败: wrong login name or password
	CodePasswordExpired Code = 201 // 口令过期: the password expired
	CodeSystemError     Code = 300 // 系统错误: a server-side failure
	CodeBusinessError   Code = 500 // 业务错误: a business rule refused the call
	CodeNotFound        Code = 501 // 业务错误 – 数据不存在: the data does not exist
	CodeDuplicate       Code = 502 // 业务错误 – 重复数据: duplicate data
	CodeDisabled        Code = 600 // 接口被禁用: the endpoint is disabled for the site
)

// String returns the code and its meaning, such as "501 not found".
func (c Code) String() string {
	var s string
	switch c {
	case CodeOK:
		s = "ok"
	case CodeFailed:
		s = "failed"
	case CodeInvalidParam:
		s = "invalid parameter"
	case CodeParamConversion:
		s = "parameter conversion error"
	case CodeAuthFailed:
		s = "authentication failed"
	case CodePasswordExpired:
		s = "password expired"
	case CodeSystemError:
		s = "system error"
	case CodeBusinessError:
		s = "business error"
	case CodeNotFound:
		s = "not found"
	case CodeDuplicate:
		s = "duplicate"
	case CodeDisabled:
		s = "endpoint disabled"
	default:
		s = "unknown code"
	}
	return strconv.Itoa(int(c)) + " " + s
}

// Sentinel errors, one per documented return code. errors.Is matches an
// *APIError against the sentinel of its code (101 and 102 both match
// ErrInvalidParam), and a *ValidationError against ErrInvalidParam.
var (
	ErrFailed          = errors.New("gensee: failed")
	ErrInvalidParam    = errors.New("gensee: invalid parameter")
	ErrAuth            = errors.New("gensee: authentication failed")
	ErrPasswordExpired = errors.New("gensee: password expired")
	ErrSystem          = errors.New("gensee: system error")
	ErrBusiness        = errors.New("gensee: business error")
	ErrNotFound        = errors.New("gensee: not found")
	ErrDuplicate       = errors.New("gensee: duplicate data")
	ErrDisabled        = errors.New("gensee: endpoint disabled")
)

// The outcome of a failed call, apart from an answer of the server (an
// *APIError or an *HTTPError): every error a call returns matches exactly one
// of an answer, ErrNotSent or ErrOutcomeUnknown.
var (
	// ErrNotSent: nothing of the call reached the server. A
	// *ValidationError, a Limiter's refusal, a DNS failure, a refused
	// connection, a failed TLS handshake, or a context that ended before the
	// request was written. Safe to send again, write or not.
	ErrNotSent = errors.New("gensee: the call was not sent")
	// ErrOutcomeUnknown: a write was sent and its answer was lost (a timeout
	// or a reset after the request went out, a 5xx or 408 page without the
	// envelope): it may have been applied. Reads never return it.
	ErrOutcomeUnknown = errors.New("gensee: the write was sent and its outcome is unknown")
)

// sentinel returns the sentinel error of a code, or nil for CodeOK and for
// codes outside the documented table.
func (c Code) sentinel() error {
	switch c {
	case CodeFailed:
		return ErrFailed
	case CodeInvalidParam, CodeParamConversion:
		return ErrInvalidParam
	case CodeAuthFailed:
		return ErrAuth
	case CodePasswordExpired:
		return ErrPasswordExpired
	case CodeSystemError:
		return ErrSystem
	case CodeBusinessError:
		return ErrBusiness
	case CodeNotFound:
		return ErrNotFound
	case CodeDuplicate:
		return ErrDuplicate
	case CodeDisabled:
		return ErrDisabled
	}
	return nil
}

// APIError is a well-formed answer of the server whose return code is not 0.
// A code outside the documented table is still an *APIError.
type APIError struct {
	Endpoint string // the path called, such as "/training/room/info"
	Code     Code   // the envelope's return code
	Message  string // the envelope's message, as the server wrote it
}

// Error returns "gensee: /training/room/info: 501 not found: 数据不存在".
func (e *APIError) Error() string {
	s := "gensee: " + e.Endpoint + ": " + e.Code.String()
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is reports whether target is the sentinel of the error's code.
func (e *APIError) Is(target error) bool {
	s := e.Code.sentinel()
	return s != nil && s == target
}

// HTTPError is an answer that is not the JSON envelope: a status other than
// 2xx, or a 2xx body that is not a JSON object carrying a "code".
type HTTPError struct {
	Endpoint    string // the path called
	URL         string // the address called (never with credentials: they go in the body)
	StatusCode  int    // the HTTP status
	ContentType string // the Content-Type header
	Body        string // a short excerpt of the body, with credentials removed
}

// Error returns the endpoint, the status and the start of the body.
func (e *HTTPError) Error() string {
	s := fmt.Sprintf("gensee: %s: HTTP %d", e.Endpoint, e.StatusCode)
	if e.ContentType != "" {
		s += " (" + e.ContentType + ")"
	}
	if e.Body != "" {
		s += ": " + strconv.Quote(e.Body)
	}
	return s
}

// ValidationError reports a documented constraint that a request broke. It is
// returned before anything is sent: errors.Is(err, ErrInvalidParam) and
// errors.Is(err, ErrNotSent) hold.
type ValidationError struct {
	Endpoint string // the path that would have been called
	Field    string // the wire name of the parameter, such as "subject"
	Reason   string // the rule broken, such as "must be 1-250 characters, got 0"
}

// Error returns the endpoint, the field and the rule, such as
// "gensee: /training/room/created: subject must be 1-250 characters, got 0".
func (e *ValidationError) Error() string {
	return "gensee: " + e.Endpoint + ": " + e.Field + " " + e.Reason
}

// Is reports whether target is ErrInvalidParam or ErrNotSent.
func (e *ValidationError) Is(target error) bool {
	return target == ErrInvalidParam || target == ErrNotSent
}

// notSentError marks an error after which nothing of the call had reached
// the server (no connection was ever made for it): it reads as the error it
// wraps, which errors.Is and errors.As still find, and matches ErrNotSent.
type notSentError struct{ err error }

func (e *notSentError) Error() string        { return e.err.Error() }
func (e *notSentError) Unwrap() error        { return e.err }
func (e *notSentError) Is(target error) bool { return target == ErrNotSent }

// outcomeUnknownError marks the error of a write that was sent and whose
// answer was lost: it reads as what it wraps (the network error, the
// deadline or the *HTTPError of a 5xx or 408 page, never an *APIError),
// which errors.Is and errors.As still find, and matches ErrOutcomeUnknown.
type outcomeUnknownError struct{ err error }

func (e *outcomeUnknownError) Error() string        { return e.err.Error() }
func (e *outcomeUnknownError) Unwrap() error        { return e.err }
func (e *outcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// ResponseTooLargeError is returned when a response body exceeds the limit
// set by WithMaxResponseBytes. Nothing of the body is decoded, except by the
// exports that decode their rows as the body arrives: an …All walk yields
// this error after the rows read before the cap.
type ResponseTooLargeError struct {
	Endpoint string
	Limit    int64
}

// Error names the endpoint and the limit.
func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("gensee: %s: response body larger than %d bytes (see WithMaxResponseBytes)", e.Endpoint, e.Limit)
}

// DecodeError is a well-formed answer with return code 0 whose fields do not
// fit the result type (a text where a number goes, a time out of range): the
// call reached the server and succeeded there, but its result could not be
// read. Err is encoding/json's error (or a time's), with no secret in it.
type DecodeError struct {
	Endpoint string // the path called
	Err      error  // why the result did not decode
}

// Error returns "gensee: <endpoint>: decoding the response: <why>".
func (e *DecodeError) Error() string {
	return "gensee: " + e.Endpoint + ": decoding the response: " + e.Err.Error()
}

// Unwrap returns Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// Success answers that lack what the call exists for.

// ErrNoID is matched (errors.Is) by the error of a call answered success
// (code 0) without the id that the call exists for, so that an empty answer
// is never taken for a result:
//
//   - room/created, famousroom/created, miniroom/created (the new classroom's
//     id), warmup/created (the warm-up item's id), courseware/transcode and
//     media/transcode (coursewareId): the thing may or may not exist; look it
//     up (Rooms.SyncAll by subject, Coursewares.SyncAll) before creating it
//     again;
//   - group/create (as many groups as asked for, each with its code),
//     group/add and group/update (groupCode);
//   - famousroom/modify and miniroom/modify (the classroom's id): the change
//     was accepted, but the classroom as it now is did not come back;
//   - room/info, courseware/info, famousroom/info (id) and tutorialroom/info
//     (tutorialRoomId): an answer that does not describe what was asked for.
//
// The error's text names the endpoint and what was missing.
var ErrNoID = errors.New("gensee: success answer without the id the call exists for")

// ErrNoValue is matched (errors.Is) by the error of a call answered success
// (code 0) without the one value that the call exists for: query/status
// without status (read as 0 it would say that a live class is over) and
// vod/vodview without total (read as 0 it would say that nobody watched).
var ErrNoValue = errors.New("gensee: success answer without the value the call exists for")

// missingError is the error of a call answered success without what it
// exists for; it matches sentinel (ErrNoID or ErrNoValue).
type missingError struct {
	endpoint string
	what     string // what was missing, such as "coursewareId"
	sentinel error
}

// Error returns "gensee: <endpoint>: success answer without <what>".
func (e *missingError) Error() string {
	return "gensee: " + e.endpoint + ": success answer without " + e.what
}

// Is makes errors.Is match the sentinel.
func (e *missingError) Is(target error) bool { return target == e.sentinel }

// noID returns the error of a create call on path answered without the new
// classroom's id.
func noID(path string) error { return missingID(path, "the new classroom's id") }

// missingID returns the error of a call on path answered without the id
// what describes; it matches ErrNoID.
func missingID(path, what string) error {
	return &missingError{endpoint: path, what: what, sentinel: ErrNoID}
}

// missingValue returns the error of a call on path answered without the
// value named what; it matches ErrNoValue.
func missingValue(path, what string) error {
	return &missingError{endpoint: path, what: what, sentinel: ErrNoValue}
}

// ErrNotApplied is matched (errors.Is) by the error of a call that the
// server answered success without doing part of what it was asked, as
// read back right after: Rooms.Modify asking for AAC audio (AACSupport
// true) on a classroom with telephone-conference parameters, where the
// server forces AAC off and ignores the change (spec section 5.2). The rest
// of the request was applied.
var ErrNotApplied = errors.New("gensee: success answer, but the change was not applied")

// notAppliedError is the error of a call whose change to field was not
// applied although the server answered success; it matches ErrNotApplied.
type notAppliedError struct {
	endpoint string
	field    string // the wire name of what was not applied
	why      string
}

// Error returns "gensee: <endpoint>: success answer, but <field> was not
// applied: <why>".
func (e *notAppliedError) Error() string {
	return "gensee: " + e.endpoint + ": success answer, but " + e.field + " was not applied: " + e.why
}

// Is makes errors.Is(err, ErrNotApplied) hold.
func (e *notAppliedError) Is(target error) bool { return target == ErrNotApplied }

// httpError builds the *HTTPError of an answer that is not the envelope,
// with a short excerpt of b from which every secret was removed.
func (c *Client) httpError(path string, resp *http.Response, b []byte, secrets []string) *HTTPError {
	// Scrub before cutting: a secret that straddles the cut would otherwise
	// be left half shown. A window is scrubbed, and widened until what
	// remains of it reaches past the excerpt by the longest secret, so that
	// a secret cut at the window's end lies beyond the excerpt.
	need := errorExcerptBytes + c.creds.longest()
	for _, sec := range secrets {
		need = max(need, errorExcerptBytes+len(sec))
	}
	var s string
	for window := need; ; window *= 2 {
		if window >= len(b) {
			s = c.scrub(string(b), secrets)
			break
		}
		if s = c.scrub(string(b[:window]), secrets); len(s) >= need {
			break
		}
	}
	if len(s) > errorExcerptBytes {
		s = s[:errorExcerptBytes]
	}
	return &HTTPError{
		Endpoint:    path,
		URL:         c.base + path,
		StatusCode:  resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Body:        strings.ToValidUTF8(s, ""),
	}
}
