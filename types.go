package gensee

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// chinaZone is the zone of every time the server writes as text.
var chinaZone = time.FixedZone("CST", 8*60*60)

// ChinaZone returns China Standard Time (UTC+8, no daylight saving, named
// "CST"): the zone of every time the server writes as text, and of the
// server's days. Epoch milliseconds need no zone. It is a function, not a
// variable, so that no assignment can change how every client decodes.
func ChinaZone() *time.Location { return chinaZone }

// The epochs a Time accepts: years 1 to 9999 (UTC), as the spec's
// yyyy-MM-dd texts can write them.
var (
	minEpochMillis = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	maxEpochMillis = time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC).UnixMilli()
)

// epochTime returns the time of ms epoch milliseconds, or an error when it
// lies outside years 1 to 9999 (UTC).
func epochTime(ms int64, raw []byte) (time.Time, error) {
	if ms < minEpochMillis || ms > maxEpochMillis {
		return time.Time{}, fmt.Errorf("gensee: epoch %s is outside years 1 to 9999", raw)
	}
	return time.UnixMilli(ms), nil
}

// Ptr returns a pointer to v, for the optional request fields (*bool, *int)
// whose "not sent" differs from the zero value.
func Ptr[T any](v T) *T { return &v }

// Time is a time returned by the server. It decodes epoch milliseconds (as a
// JSON number or a numeric string), "yyyy-MM-dd HH:mm:ss" and "yyyy-MM-dd"
// (China Standard Time, UTC+8), RFC 3339, and null or "" as the zero time.
// It encodes as RFC 3339, or null when zero.
type Time struct {
	time.Time
}

// UnmarshalJSON decodes the forms described on Time.
func (t *Time) UnmarshalJSON(b []byte) error {
	v, err := parseTime(b)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalJSON encodes the time as RFC 3339 text, or null when it is zero.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return t.Time.MarshalJSON()
}

func parseTime(b []byte) (time.Time, error) {
	if len(b) == 0 || string(b) == "null" {
		return time.Time{}, nil
	}
	if b[0] == '"' {
		s, err := unquote(b)
		if err != nil {
			return time.Time{}, err
		}
		return parseTimeText(s)
	}
	if ms, ok := epochDigits(b); ok {
		return epochTime(ms, b)
	}
	ms, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil {
			if errors.Is(err, strconv.ErrRange) {
				return time.Time{}, fmt.Errorf("gensee: epoch %s is outside years 1 to 9999", b)
			}
			return time.Time{}, fmt.Errorf("gensee: cannot decode %q as a time", b)
		}
		// Compared as a float first: converting 1e20 to int64 is undefined.
		if f < float64(minEpochMillis) || f > float64(maxEpochMillis) {
			return time.Time{}, fmt.Errorf("gensee: epoch %s is outside years 1 to 9999", b)
		}
		ms = int64(f)
	}
	return epochTime(ms, b)
}

// epochDigits parses the common form of an epoch, an optional '-' and 1 to
// 18 digits (no overflow possible), without the string strconv needs; ok is
// false for anything else, which parseTime reads the general way.
func epochDigits(b []byte) (ms int64, ok bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		ms = ms*10 + int64(c-'0')
	}
	if neg {
		ms = -ms
	}
	return ms, true
}

func parseTimeText(s string) (time.Time, error) {
	switch {
	case s == "":
		return time.Time{}, nil
	case isDigits(s):
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("gensee: epoch %q is outside years 1 to 9999", s)
		}
		return epochTime(ms, []byte(s))
	}
	for _, layout := range [...]string{time.DateTime, time.DateOnly, "2006-01-02 15:04"} {
		if len(s) == len(layout) {
			if v, err := time.ParseInLocation(layout, s, chinaZone); err == nil {
				return v, nil
			}
		}
	}
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return v, nil
	}
	return time.Time{}, fmt.Errorf("gensee: cannot decode %q as a time", s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// unquote decodes a JSON string token.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b[1:len(b)-1], '\\') < 0 {
		return string(b[1 : len(b)-1]), nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return "", fmt.Errorf("gensee: malformed JSON string %s", b)
	}
	return s, nil
}

// Date is a calendar day: the date-only parameters of export/room/concurrent,
// export/vod/concurrent and export/reward, sent as yyyy-MM-dd, and the day of
// export/study/history (sent as its midnight, "yyyy-MM-dd 00:00:00", the
// time format of spec section 3.3 that its table asks for). The zero Date is
// "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalised as time.Date would (April 31 is
// May 1).
func NewDate(y int, m time.Month, d int) Date {
	y, m, d = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Date()
	return Date{Year: y, Month: m, Day: d}
}

// DateOf returns the calendar day that t falls on in China Standard Time
// (UTC+8), whatever t's own location: the server counts its days in China
// time (docs/server-behaviour.md#times), so 2024-03-01 23:30 UTC is
// 2024-03-02. To name a day of another calendar, use NewDate.
func DateOf(t time.Time) Date {
	y, m, d := t.In(chinaZone).Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the date as yyyy-MM-dd, or "" when it is zero.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// In returns midnight of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// DaysUntil returns the number of days from d to e (negative when e is
// before d).
func (d Date) DaysUntil(e Date) int {
	return int(e.In(time.UTC).Sub(d.In(time.UTC)).Hours() / 24)
}

// EncodeValues sends the date as yyyy-MM-dd (the form encoder calls it).
func (d Date) EncodeValues(key string, v *url.Values) error {
	if !d.IsZero() {
		v.Set(key, d.String())
	}
	return nil
}

// MarshalJSON encodes the date as "yyyy-MM-dd", or null when zero.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON decodes "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss" and epoch
// milliseconds (the day in China Standard Time); null and "" as zero.
func (d *Date) UnmarshalJSON(b []byte) error {
	t, err := parseTime(b)
	if err != nil {
		return err
	}
	if t.IsZero() {
		*d = Date{}
		return nil
	}
	*d = DateOf(t)
	return nil
}
