package gensee

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePages serves total pages of two items each and records the pages asked.
type fakePages struct {
	total  int
	failOn int
	asked  []int
}

// errTooManyPages ends a walk that asked for more pages than any test
// serves: a broken paging guard fails the test instead of spinning.
var errTooManyPages = errors.New("more than 100 pages asked for: does the walk end?")

func (f *fakePages) fetch(_ context.Context, pageNo int) (*Page[int], error) {
	if len(f.asked) == 100 {
		return nil, errTooManyPages
	}
	f.asked = append(f.asked, pageNo)
	if pageNo == f.failOn {
		return nil, errors.New("boom")
	}
	return &Page[int]{Items: []int{pageNo*10 + 1, pageNo*10 + 2}, PageNo: pageNo, TotalPages: f.total, TotalCounts: 2 * f.total}, nil
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		name      string
		first     int
		pages     fakePages
		breakAt   int
		wantItems []int
		wantAsked []int
		wantErrs  int
	}{
		{"three pages", 0, fakePages{total: 3}, 0, []int{11, 12, 21, 22, 31, 32}, []int{1, 2, 3}, 0},
		{"from page two", 2, fakePages{total: 3}, 0, []int{21, 22, 31, 32}, []int{2, 3}, 0},
		{"break after first item", 1, fakePages{total: 3}, 1, []int{11}, []int{1}, 0},
		{"error on page two", 1, fakePages{total: 3, failOn: 2}, 0, []int{11, 12}, []int{1, 2}, 1},
		{"no pages", 1, fakePages{total: 0}, 0, []int{11, 12}, []int{1}, 0},
		{"negative start reaches fetch", -1, fakePages{total: 3, failOn: -1}, 0, nil, []int{-1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq := paginate(context.Background(), "/training/x", tt.first, tt.pages.fetch)
			assert.Empty(t, tt.pages.asked, "nothing fetched before ranging")
			var items []int
			errs := 0
			for v, err := range bounded(t, seq, maxWalkItems) {
				if err != nil {
					errs++
					continue
				}
				items = append(items, v)
				if tt.breakAt > 0 && len(items) == tt.breakAt {
					break
				}
			}
			assert.Equal(t, tt.wantItems, items)
			assert.Equal(t, tt.wantAsked, tt.pages.asked)
			assert.Equal(t, tt.wantErrs, errs)
		})
	}
}

func TestPaginateEmptyPageStops(t *testing.T) {
	asked := 0
	seq := paginate(context.Background(), "/training/x", 1, func(context.Context, int) (*Page[int], error) {
		if asked++; asked > 100 {
			return nil, errTooManyPages
		}
		return &Page[int]{Items: nil, PageNo: asked, TotalPages: 1000}, nil
	})
	for range seq {
		t.Fatal("no item expected")
	}
	assert.Equal(t, 1, asked)
}

func TestSyncPageValidation(t *testing.T) {
	h := setup(t)
	_, err := syncPage[*RoomSummary](context.Background(), h.client, "/training/record/syn", &SyncOptions{PageNo: -1})
	assertValidation(t, err, "/training/record/syn", "pageNo")
	_, err = syncPage[*RoomSummary](context.Background(), h.client, "/training/record/syn", &SyncOptions{StartTime: end1, EndTime: start1})
	assertValidation(t, err, "/training/record/syn", "endTime")
	h.assertNothingSent()
	h.on("/training/record/syn", 200, `{"code":"0"}`)
	page, err := syncPage[*RoomSummary](context.Background(), h.client, "/training/record/syn", &SyncOptions{StartTime: start1, EndTime: end1})
	require.NoError(t, err)
	h.assertForm("startTime", "1709258400000", "endTime", "1709265600000")
	assert.Equal(t, &Page[*RoomSummary]{Items: []*RoomSummary{}, PageNo: 1, TotalPages: 1}, page, "no page object: one page")
	_, err = syncPage[*RoomSummary](context.Background(), h.client, "/training/record/syn", &SyncOptions{PageNo: -1})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, &ValidationError{Endpoint: "/training/record/syn", Field: "pageNo", Reason: "must be at least 1, got -1"}, ve)
}
