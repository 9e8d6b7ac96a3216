package gensee

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gensee-go/gensee/internal/wire"
)

// The fuzz targets run their seeds (testdata/fuzz/<Name>/ and the f.Add
// calls) as ordinary tests in `make test`; `go test -fuzz '^FuzzX$'` explores.

// FuzzDecode: the envelope decoder, on any body of a 2xx answer, never
// panics, either decodes or returns one of its error types, and gives what
// the normalizing path (wire.Normalize, then encoding/json on the normalized
// bytes) gives: the same code, the same kind of error, the same value, also
// where the flat decoder reads envelope and answer in one pass (Room,
// Attendance).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"code":"0","message":"成功","id":"R","number":"1","webJoin":"true","startDate":"2024-03-01 10:00:00"}`,
		`{"code":0,"list":[{"id":"a","status":"1"}],"page":{"pageNo":"1","totalPages":2,"totalCounts":"60"}}`,
		`{"code":"501","message":"数据不存在"}`, `{"code":"300"}`, `{"code":"x"}`, `{"code":null}`, `{"code":[]}`,
		`{"code":"0","id":"R\tS` + "\r\n" + `"}`, `{"code":"0","groupList":null}`, `<html>maintenance</html>`,
		`[1,2]`, `null`, `{"code":"0","id":`, "{\"code\":\"0\",\"subject\":\"\x01\x1f\"}", `{"code":1e400}`,
		`{"code":"0","startDate":99999999999999999999}`, `{"code":"0","list":{}}`, "",
		`{"code":"0","id":"R","duration":90,"webJoin":true}`, `{"code":0,"id":"R","duration":"90","webJoin":"true"}`,
		`{"code":"501","message":"x","id":nope}`, `{"code":"0","id":nope}`,
		"{\"code\":\"0\",\"subject\":\"a\tb\"}", `{"code":"0","startDate":1e20}`,
		`{"code":" 0 "}`, `{"Code":"0"}`, `{"code":"0","code":"501"}`, `{"code":"0","list":[{"id":"a"},{"id":1}]}`,
		`{"code":0,"uid":1,"nickname":"a","joinTime":1709636400000,"leaveTime":"2024-03-05","device":3,"foreignHighLine":false}`,
		"{\"code\":\"0\",\"joinTime\":\"1709636400000\",\"leaveTime\":-1,\"device\":-2,\"name\":\"x\ty\"}",
		`{"code":0,"joinTime":1e3,"leaveTime":"2024-03-05T10:00:00Z","uid":null}`,
	} {
		f.Add([]byte(s))
	}
	c, resp := fuzzClient, fuzzResp
	kind := func(err error) string {
		var apiErr *APIError
		var httpErr *HTTPError
		var de *DecodeError
		switch {
		case err == nil:
			return "nil"
		case errors.As(err, &apiErr):
			return "api " + apiErr.Code.String() + " " + apiErr.Message
		case errors.As(err, &httpErr):
			return "http"
		case errors.As(err, &de):
			return "decode"
		}
		return "other"
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, mk := range []func() any{
			func() any { return nil }, func() any { return new(Room) }, func() any { return new(listPage[*RoomSummary]) },
			func() any { return new(Courseware) }, func() any { return new(Attendance) }, func() any { return new(map[string]any) },
		} {
			out, slow := mk(), mk()
			code, err := c.decode("/training/room/info", resp, bytes.Clone(body), out, nil)
			c2, err2 := c.decodeNormalized("/training/room/info", resp, bytes.Clone(body), slow, nil)
			if code != c2 || kind(err) != kind(err2) {
				t.Fatalf("%T: decode (%d, %v), normalized (%d, %v) on %q", out, code, err, c2, err2, body)
			}
			if err == nil && !reflect.DeepEqual(out, slow) {
				t.Fatalf("%T: decode %+v, normalized %+v on %q", out, out, slow, body)
			}
			if err == nil {
				// Success is code 0 and nothing else. (Whether the body
				// was JSON is not checked again here: decode gave it to
				// encoding/json, which had already refused it if not.)
				if code != 0 {
					t.Fatalf("code %d without an error", code)
				}
				continue
			}
			var apiErr *APIError
			var httpErr *HTTPError
			switch {
			case errors.As(err, &apiErr):
				if int(apiErr.Code) != code || code == 0 {
					t.Fatalf("APIError code %d, returned %d", apiErr.Code, code)
				}
			case errors.As(err, &httpErr):
				if httpErr.StatusCode != 200 || !utf8.ValidString(httpErr.Body) || len(httpErr.Body) > errorExcerptBytes {
					t.Fatalf("bad HTTPError %#v", httpErr)
				}
			case errors.As(err, new(*DecodeError)):
			default:
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
	})
}

// FuzzTime: Time, Date and the tolerant scalars decode any JSON value or
// return an error, never panic; a decoded Time or Date survives its own
// encoding.
func FuzzTime(f *testing.F) {
	for _, s := range []string{
		`1709258400000`, `"1709258400000"`, `"2024-03-01 10:00:00"`, `"2024-03-01 10:00"`, `"2024-03-01"`,
		`"2024-03-01T02:00:00Z"`, `1.7092584e12`, `null`, `""`, `0`, `-1`, `"-"`, `true`, `"true"`, `"TRUE"`,
		`"1"`, `12.0`, `"12.5%"`, `"%"`, `{}`, `[]`, `"\u0000"`, `9223372036854775807`, `1e309`, `"1e400"`,
		`"99999-01-01"`, `"0000-00-00 00:00:00"`, `-9223372036854775808`, `"\"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tm Time
		if err := json.Unmarshal(b, &tm); err == nil && !tm.IsZero() {
			if enc, merr := json.Marshal(tm); merr == nil {
				var back Time
				if err := json.Unmarshal(enc, &back); err != nil || !back.Equal(tm.Time) {
					t.Fatalf("%s decoded as %v, encoded as %s, decoded back as %v (%v)", b, tm.Time, enc, back.Time, err)
				}
			}
		}
		var d Date
		if err := json.Unmarshal(b, &d); err == nil && !d.IsZero() {
			enc, _ := d.MarshalJSON() // never fails: "yyyy-MM-dd" or null
			var back Date
			if err := json.Unmarshal(enc, &back); err != nil || back != d {
				t.Fatalf("%s decoded as %v, encoded as %s, decoded back as %v (%v)", b, d, enc, back, err)
			}
		}
		for _, v := range []json.Unmarshaler{new(Time), new(Date)} {
			_ = json.Unmarshal(b, v)
			if json.Valid(b) {
				_ = v.UnmarshalJSON(b) // as encoding/json calls it, and on its own
			}
		}
		// The tolerant scalars: int, int64, float64, bool and string fields
		// of a response, through the one decoder (wire.Normalize, then
		// encoding/json), with the value quoted or not.
		for _, v := range [][]byte{b, []byte(strconv.Quote(string(b)))} {
			for _, key := range []string{"i", "l", "f", "b", "s", "t", "d", "code"} {
				body := `{"code":"0","` + key + `":` + string(v) + `}`
				var out fuzzScalars
				_, err := fuzzClient.decode("/training/x", fuzzResp, []byte(body), &out, nil)
				var apiErr *APIError
				var httpErr *HTTPError
				if err != nil && !errors.As(err, &apiErr) && !errors.As(err, &httpErr) && !errors.As(err, new(*DecodeError)) {
					t.Fatalf("untyped error %T: %v", err, err)
				}
			}
		}
	})
}

type fuzzScalars struct {
	I  int     `json:"i"`
	L  int64   `json:"l"`
	F  float64 `json:"f"`
	B  bool    `json:"b"`
	S  string  `json:"s"`
	T  Time    `json:"t"`
	D  Date    `json:"d"`
	Ls []int   `json:"list"`
}

var (
	fuzzClient = func() *Client {
		c, err := NewClient("demo.gensee.com", "fuzz", "fuzz-password")
		if err != nil {
			panic(err)
		}
		return c
	}()
	fuzzResp = &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
)

// rawJSONString quotes s as JSON does but leaves its control characters
// raw, as real Gensee answers do.
func rawJSONString(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// FuzzEscapeControls: the decoder's escaping of raw control characters (in
// wire.Normalize) turns JSON with raw control characters in its strings into
// valid JSON holding the same strings, and leaves valid JSON as it is.
func FuzzEscapeControls(f *testing.F) {
	for _, s := range [][2]string{
		{"a\tb", "c\r\nd"}, {"", ""}, {"\x00\x01\x1f", "\\"}, {`q"uote`, "\\\n"}, {"第一行\n第二行", "\x7f"},
		{"\xff\xfe", "\u2028"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in := "{\n\t\"a\":" + rawJSONString(a) + ",\r\n\"list\":[" + rawJSONString(b) + ",1,true,null]}"
		out, _, ok := wire.Normalize([]byte(in), nil)
		if !ok || !json.Valid(out) {
			t.Fatalf("not valid JSON: %q from %q", out, in)
		}
		var got struct {
			A    string `json:"a"`
			List []any  `json:"list"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		if want := jsonRoundTrip(t, a); got.A != want {
			t.Fatalf("a: got %q want %q", got.A, want)
		}
		if want := jsonRoundTrip(t, b); len(got.List) != 4 || got.List[0] != want {
			t.Fatalf("list: got %q want %q", got.List, want)
		}
		valid, _ := json.Marshal(map[string]string{"a": a, "b": b})
		if again, _, _ := wire.Normalize(valid, nil); !bytes.Equal(again, valid) {
			t.Fatalf("valid JSON changed: %q to %q", valid, again)
		}
	})
}

// jsonRoundTrip returns s as encoding/json gives it back (invalid UTF-8
// becomes U+FFFD).
func jsonRoundTrip(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back string
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}
