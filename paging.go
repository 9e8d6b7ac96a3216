package gensee

import (
	"context"
	"iter"
)

// paginate walks a paged endpoint from page first (1 when first < 1). It
// sends nothing until ranged over, fetches one page at a time (holding no
// more than that page), stops after the last page or an empty one, yields
// the first error once and stops, and stops fetching when the caller breaks.
// Every …All method of the SDK is built on it.
func paginate[T any](ctx context.Context, first int, fetch func(ctx context.Context, pageNo int) (*Page[T], error)) iter.Seq2[T, error] {
	if first < 1 {
		first = 1
	}
	return func(yield func(T, error) bool) {
		for pageNo := first; ; pageNo++ {
			page, err := fetch(ctx, pageNo)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if len(page.Items) == 0 || pageNo >= page.TotalPages {
				return
			}
		}
	}
}
