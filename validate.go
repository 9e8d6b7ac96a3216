package gensee

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// checker collects the first broken constraint of a request, so that an
// endpoint method reads as a list of rules. Field names are the wire names.
//
// A checker belongs to one call (Client.check): a broken rule is a refusal
// of that call, which Err reports to the call's observers, as every refusal
// before sending is reported (Client.refuse).
type checker struct {
	endpoint string
	err      *ValidationError
	client   *Client
	ctx      context.Context
	reported bool
}

// check starts the checks of a call to endpoint made with ctx. It is the
// only way to get a checker: a method's own checks cannot forget to report
// their refusal.
func (c *Client) check(ctx context.Context, endpoint string) *checker {
	return &checker{endpoint: endpoint, client: c, ctx: ctx}
}

// Err returns the first broken rule, or nil. A broken rule is reported, once,
// as a call refused before sending (Client.refuse): observers see a call of
// 0 attempts ending in it, and CaptureResponse's value holds no previous
// call's figures.
func (c *checker) Err() error {
	if c.err == nil {
		return nil
	}
	if !c.reported {
		c.reported = true
		return c.client.refuse(c.ctx, c.err)
	}
	return c.err
}

func (c *checker) fail(field, reason string) {
	if c.err == nil {
		c.err = &ValidationError{Endpoint: c.endpoint, Field: field, Reason: reason}
	}
}

// nilRequest refuses a call whose request pointer is nil (reported as
// Client.refuse reports).
func (c *Client) nilRequest(ctx context.Context, endpoint string) error {
	return c.refuse(ctx, &ValidationError{Endpoint: endpoint, Field: "request", Reason: "must not be nil"})
}

// refuse is the end of a call that its own checks refused before anything
// was sent: it goes through the request path's start (Client.run) without
// sending, so that the observers see CallStart and a CallDone of 0 attempts
// ending in err, and CaptureResponse's value is reset, exactly as for a
// refusal of Call or of the Limiter. It returns err (a *ValidationError,
// which matches ErrNotSent and ErrInvalidParam).
func (c *Client) refuse(ctx context.Context, err *ValidationError) error {
	if ctx == nil {
		ctx = context.Background() // the refusal is returned, not a panic
	}
	return c.run(ctx, err.Endpoint, nil, nil, err)
}

// required: the value must not be empty (or only blanks).
func (c *checker) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.fail(field, "is required")
	}
}

// length: the value must have min to max characters (runes).
func (c *checker) length(field, v string, min, max int) {
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0 && min > 0:
		c.fail(field, "is required")
	case n < min || n > max:
		c.fail(field, fmt.Sprintf("must be %d-%d characters, got %d", min, max, n))
	}
}

// optLength: like length, for an optional value that may be empty.
func (c *checker) optLength(field, v string, min, max int) {
	if v != "" {
		c.length(field, v, min, max)
	}
}

// maxLength: the value must have at most max characters.
func (c *checker) maxLength(field, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		c.fail(field, fmt.Sprintf("must be at most %d characters, got %d", max, n))
	}
}

// between: the value must be within min..max inclusive.
func (c *checker) between(field string, v, min, max int) {
	if v < min || v > max {
		c.fail(field, fmt.Sprintf("must be between %d and %d, got %d", min, max, v))
	}
}

// optBetween: like between, for an optional value.
func (c *checker) optBetween(field string, v *int, min, max int) {
	if v != nil {
		c.between(field, *v, min, max)
	}
}

// oneOf: an optional value must be one of the allowed ones.
func (c *checker) oneOf(field string, v *int, allowed ...int) {
	if v == nil {
		return
	}
	for _, a := range allowed {
		if *v == a {
			return
		}
	}
	s := make([]string, len(allowed))
	for i, a := range allowed {
		s[i] = strconv.Itoa(a)
	}
	c.fail(field, fmt.Sprintf("must be one of %s, got %d", strings.Join(s, ", "), *v))
}

// requiredTime: the time must be set.
func (c *checker) requiredTime(field string, t time.Time) {
	if t.IsZero() {
		c.fail(field, "is required")
	}
}

// distinct: the non-empty values must differ from each other (join tokens).
func (c *checker) distinct(fields []string, values []string) {
	for i := range values {
		for j := i + 1; j < len(values); j++ {
			if values[i] != "" && values[i] == values[j] {
				c.fail(fields[j], "must differ from "+fields[i])
				return
			}
		}
	}
}

// window: startTime and endTime both set or both zero, start not after end,
// at most max apart. With required, both must be set.
func (c *checker) window(start, end time.Time, max time.Duration, maxText string, required bool) {
	switch {
	case start.IsZero() && end.IsZero():
		if required {
			c.fail("startTime", "is required")
		}
	case start.IsZero():
		c.fail("startTime", "is required when endTime is set")
	case end.IsZero():
		c.fail("endTime", "is required when startTime is set")
	case end.Before(start):
		c.fail("endTime", "must not be before startTime")
	case end.Sub(start) > max:
		c.fail("endTime", "must be at most "+maxText+" after startTime")
	}
}

// dateWindow: both dates set, from not after to, at most maxDays apart.
func (c *checker) dateWindow(fromField, toField string, from, to Date, maxDays int) {
	switch {
	case from.IsZero():
		c.fail(fromField, "is required")
	case to.IsZero():
		c.fail(toField, "is required")
	case from.DaysUntil(to) < 0:
		c.fail(toField, "must not be before "+fromField)
	case from.DaysUntil(to) > maxDays:
		c.fail(toField, fmt.Sprintf("must be at most %d days after %s", maxDays, fromField))
	}
}

// The rules below are the field rules shared by several endpoints, one per
// wire name, so that an endpoint lists the fields it checks and a rule is
// written once.

// uiMode: the web layouts 1-6 (the UIMode… constants).
func (c *checker) uiMode(v *int) {
	c.oneOf("uiMode", v, UIModeThreePane, UIModeDocOrVideo, UIModeTwoPane,
		UIModeInteractiveFour, UIModeInteractiveThree, UIModeInteractiveFullScreen)
}

// uiColor: the three-pane colours.
func (c *checker) uiColor(v string) {
	switch v {
	case "", "blue", "default", "green":
	default:
		c.fail("uiColor", `must be "blue", "default" or "green"`)
	}
}

// playerTheme: "" (night sky) or "skyblue" (snow peak), as room/created,
// room/modify and courseware/modify word it alike.
func (c *checker) playerTheme(v string) {
	switch v {
	case "", "skyblue":
	default:
		c.fail("playerTheme", `must be "" (night sky) or "skyblue"`)
	}
}

// fullScreenMode: the FullScreen… constants 0-3.
func (c *checker) fullScreenMode(v *int) {
	c.oneOf("fullScreenMode", v, FullScreenVideoMain, FullScreenDocMain, FullScreenVideoOnly, FullScreenDocOnly)
}

// mobileMode: the mobile player 1, 2 or 3.
func (c *checker) mobileMode(v *int) { c.oneOf("mobileMode", v, 1, 2, 3) }

// scene: SceneLecture or SceneSmallClass.
func (c *checker) scene(v *int) { c.oneOf("scene", v, SceneLecture, SceneSmallClass) }

// maxAttendees: the spec gives the concurrency cap no range, so 0 is sent
// as given; only a negative number is refused.
func (c *checker) maxAttendees(v *int) {
	if v != nil && *v < 0 {
		c.fail("maxAttendees", fmt.Sprintf("must not be negative, got %d", *v))
	}
}

// strOf returns *p, or "" for nil: the value an optional string of a
// modify request is checked as.
func strOf(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// positiveID: a recording, document or user id is a positive number; what
// names the kind ("recording id").
func (c *checker) positiveID(field string, v int64, what string) {
	if v <= 0 {
		c.fail(field, fmt.Sprintf("must be a positive %s, got %d", what, v))
	}
}

// pageNo: pages count from 1; 0 is not sent (the server's page 1).
func (c *checker) pageNo(n int) {
	if n < 0 {
		c.fail("pageNo", fmt.Sprintf("must be at least 1, got %d", n))
	}
}

// joins: webJoin and clientJoin must not both be false.
func (c *checker) joins(webJoin, clientJoin *bool) {
	if webJoin != nil && clientJoin != nil && !*webJoin && !*clientJoin {
		c.fail("clientJoin", "must not be false when webJoin is false")
	}
}

// realtime: the modify calls replace what they name, so realtime must say
// live or recorded (a nil sent as false would turn a live classroom into a
// recorded one).
func (c *checker) realtime(v *bool) {
	if v == nil {
		c.fail("realtime", "is required (true: live, false: recorded); nil would not say which")
	}
}
