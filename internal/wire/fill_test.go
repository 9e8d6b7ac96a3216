package wire

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

type leaf struct {
	Names []string
	N     int
}

type tree struct {
	Leaves  []*leaf
	One     *leaf
	Fixed   [2]leaf
	Kids    []tree
	Raw     []byte
	Skip    []int `json:"-"`
	private []int
	Plain   struct{ A int }
}

// TestTidyFills: Tidy makes every nil slice it can reach empty.
func TestTidyFills(t *testing.T) {
	v := &tree{Leaves: []*leaf{{}}, One: &leaf{}, Kids: []tree{{}}}
	Tidy(v)
	assert.Equal(t, []string{}, v.Leaves[0].Names)
	assert.Equal(t, []string{}, v.One.Names)
	assert.Equal(t, []string{}, v.Fixed[1].Names)
	assert.Equal(t, []*leaf{}, v.Kids[0].Leaves)
	assert.Equal(t, []byte{}, v.Raw)
	assert.Nil(t, v.Skip)
	assert.Nil(t, v.private)

	var list []*leaf
	Tidy(&list)
	assert.Equal(t, []*leaf{}, list)

	Tidy(nil)
	Tidy(&struct{ N int }{})
	assert.Nil(t, planFor(reflect.TypeFor[struct{ N int }]()))
}

// TestTidy: Tidy drops the nil elements of every slice of pointers, at any
// depth, in the walk that fills the nil slices.
func TestTidy(t *testing.T) {
	v := &tree{Leaves: []*leaf{nil, {}, nil}, Kids: []tree{{Leaves: []*leaf{nil}}}, Skip: nil}
	Tidy(v)
	assert.Equal(t, []*leaf{{Names: []string{}}}, v.Leaves)
	assert.Equal(t, []*leaf{}, v.Kids[0].Leaves)
	assert.Equal(t, []string{}, v.Fixed[0].Names)
	assert.Nil(t, v.Skip, "a field encoding/json never decodes is left alone")

	list := []*leaf{nil, {N: 1}}
	Tidy(&list)
	assert.Equal(t, []*leaf{{N: 1, Names: []string{}}}, list)
	assert.Len(t, list[:cap(list)], 2)
	assert.Nil(t, list[:2][1], "the dropped tail is zeroed, not kept alive")
}
