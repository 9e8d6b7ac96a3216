package wire

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzLister checks the Lister against the one-shot path (Normalize of the
// whole body, then json.Unmarshal) on any body: the same elements, the same
// envelope, and an error exactly when the one-shot path refuses the body;
// with two element types, a general one (row: nested lists, any) and a flat
// one (flatRow, which Decode reads with the flat decoder).
// The seeds are every golden answer and a few bodies with the quirks.
//
// Two kinds of body are left out, where a stream must differ: a list given
// twice (encoding/json keeps the last, the Lister fails with ErrTwoLists),
// and a key that only Unicode case folding makes "list" (the long s, ſ:
// encoding/json decodes it into the list, Normalize does not reshape it).
func FuzzLister(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/*/*.json")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"code":"0","list":[{"uid":"7","number":34154643,"webJoin":"true","precentage":"33.3%"}]}`,
		"{\"code\":0,\"list\":[{\"name\":\"a\tb\r\n\"},null,{\"users\":[{\"uid\":1.0}]}],\"message\":\"x\"}",
		`{"list":[{"uid":1}],"code":"501","page":{"a":[1,"\u4e2d"]}}`,
		`{"code":"0","LIST":[]} `,
		`{"code":"0","list":[{"uid":1},]}`,
		`{"code":"0","message":"成功","list":[{"id":"a","uid":12,"small":3,"port":8,"ok":false,"ratio":0.5,"when":17,"raw":true,"Name":"x","items":[{"code":"g","n":1},null]}]}`,
		"{\"list\":[{\"id\":\"a\tb\",\"uID\":-0,\"x\":null}]}",
		`{"list":[{"uid":1e3,"id":"\u00e9"},{"items":[],"raw":"r","when":null}]}`,
	} {
		f.Add([]byte(s))
	}
	rt := reflect.TypeFor[row]()
	f.Fuzz(func(t *testing.T, body []byte) {
		if bytes.Contains(body, []byte("ſ")) || bytes.Contains(bytes.ToLower(body), []byte(`\u017f`)) {
			t.Skip("a key folded by Unicode rules")
		}
		l := NewLister(bytes.NewReader(body), "list")
		for {
			if _, ok := l.Next(nil); !ok {
				break
			}
		}
		if _, err := l.Finish(); errors.Is(err, ErrTwoLists) {
			t.Skip("the list twice")
		}
		compareStream(t, body, "list", rt)
		compareStream(t, body, "list", reflect.TypeFor[flatRow]())
	})
}
