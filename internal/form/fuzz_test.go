package form

import (
	"encoding/binary"
	"encoding/json"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// fuzzRequest has a field of every shape the SDK's request structs use.
type fuzzRequest struct {
	Name   string    `url:"name"`
	Note   string    `url:"note,omitempty"`
	N      int64     `url:"n"`
	Opt    *int      `url:"opt,omitempty"`
	Flag   *bool     `url:"flag,omitempty"`
	Web    bool      `url:"webJoin"`
	Ratio  float64   `url:"ratio,omitempty"`
	Start  time.Time `url:"startTime,unixmilli,omitempty"`
	IDs    Int64List `url:"recordId,omitempty"`
	List   JSON      `url:"studentListInfo,omitempty"`
	Nested struct {
		Code string `url:"code,omitempty"`
	} `url:"nested,omitempty"`
}

// FuzzEncode: a request struct built from fuzzed fields encodes to a form
// that url.ParseQuery reads back to the same values.
func FuzzEncode(f *testing.F) {
	f.Add("room", "备注\n", int64(1709258400000), 3, true, 0.5, []byte{1, 0, 0, 0, 0, 0, 0, 0, 2})
	f.Add("", "", int64(0), 0, false, 0.0, []byte(nil))
	f.Add("a&b=c%", "+ ;", int64(-1), -7, true, -1e300, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Add("\xff\x00", "[0]", int64(253402300799999), 1, false, 1.0, []byte("12345678abcdefgh"))
	f.Fuzz(func(t *testing.T, name, note string, n int64, opt int, flag bool, ratio float64, ids []byte) {
		req := fuzzRequest{Name: name, Note: note, N: n, Web: flag, Ratio: ratio}
		if flag {
			req.Opt, req.Flag = &opt, &flag
			req.List = JSON{V: []map[string]any{{"studentId": name, "n": n}, {"name": note}}}
		}
		if n != 0 {
			req.Start = time.UnixMilli(n)
		}
		req.Nested.Code = note
		for len(ids) >= 8 {
			req.IDs = append(req.IDs, int64(binary.LittleEndian.Uint64(ids)))
			ids = ids[8:]
		}
		vals, err := Encode(&req)
		if err != nil {
			// Only a JSON value that cannot be marshalled may fail.
			if _, jerr := json.Marshal(req.List.V); jerr == nil {
				t.Fatalf("Encode: %v", err)
			}
			return
		}
		back, err := url.ParseQuery(vals.Encode())
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", vals.Encode(), err)
		}
		if len(vals) == 0 {
			vals = url.Values{}
		}
		if !reflect.DeepEqual(vals, back) {
			t.Fatalf("round trip:\n got %q\nwant %q", back, vals)
		}
		want := map[string]string{"name": name, "n": strconv.FormatInt(n, 10), "webJoin": strconv.FormatBool(flag)}
		if n != 0 {
			want["startTime"] = strconv.FormatInt(n, 10)
		}
		if flag {
			want["opt"] = strconv.Itoa(opt)
			want["flag"] = "true"
			b, _ := json.Marshal(req.List.V)
			want["studentListInfo"] = string(b)
		}
		for i, id := range req.IDs {
			want["recordId["+strconv.Itoa(i)+"]"] = strconv.FormatInt(id, 10)
		}
		for k, w := range want {
			if got := back.Get(k); got != w {
				t.Fatalf("%s: got %q want %q", k, got, w)
			}
		}
	})
}

// TestMillisOutsideNanoRange: times beyond what UnixNano holds (years before
// 1678 or after 2262) are sent as their own epoch milliseconds, also through
// an embedded struct and a pointer. Found by FuzzEncode.
func TestMillisOutsideNanoRange(t *testing.T) {
	type inner struct {
		End *time.Time `url:"endTime,unixmilli,omitempty"`
	}
	type req struct {
		inner
		Start time.Time `url:"startTime,unixmilli,omitempty"`
		Plain time.Time `url:"plain,omitempty"`
	}
	late := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	early := time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)
	vals, err := Encode(&req{inner: inner{End: &late}, Start: early})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := vals.Get("startTime"), strconv.FormatInt(early.UnixMilli(), 10); got != want {
		t.Errorf("startTime: got %s want %s", got, want)
	}
	if got, want := vals.Get("endTime"), "253402300799000"; got != want {
		t.Errorf("endTime: got %s want %s", got, want)
	}
	if _, ok := vals["plain"]; ok {
		t.Error("a zero time with omitempty is not sent")
	}
}
