package gensee

import (
	"context"
	"iter"
	"time"
)

// paginate walks a paged endpoint from page first (1 when first is 0; a
// negative first reaches fetch, whose validation refuses it). It
// sends nothing until ranged over, fetches one page at a time (holding no
// more than that page), stops after the last page or an empty one, yields
// the first error once and stops, and stops fetching when the caller breaks.
// Every …All method of the SDK is built on it.
func paginate[T any](ctx context.Context, first int, fetch func(ctx context.Context, pageNo int) (*Page[T], error)) iter.Seq2[T, error] {
	if first == 0 {
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

// SyncOptions filters the paged sync endpoints record/syn, courseware/syn and
// doc/syn (spec sections 5.10, 5.11 and 5.22) by creation time, inclusive.
// The zero value asks for page 1 of everything.
type SyncOptions struct {
	PageNo    int       `url:"pageNo,omitempty"`              // from 1 (default 1)
	StartTime time.Time `url:"startTime,unixmilli,omitempty"` // created at or after (zero: no bound)
	EndTime   time.Time `url:"endTime,unixmilli,omitempty"`   // created at or before (zero: no bound)
}

// listPage is the answer of the paged endpoints whose items come under
// "list" beside a "page" object.
type listPage[T any] struct {
	List []T       `json:"list"`
	Page *pageInfo `json:"page"`
}

// syncPage fetches one page of a sync endpoint (record/syn, courseware/syn,
// doc/syn).
func syncPage[T any](ctx context.Context, c *Client, path string, opts *SyncOptions) (*Page[T], error) {
	var o SyncOptions
	if opts != nil {
		o = *opts
	}
	ch := check(path)
	if o.PageNo < 0 {
		ch.fail("pageNo", "must be at least 1")
	}
	if !o.StartTime.IsZero() && !o.EndTime.IsZero() && o.EndTime.Before(o.StartTime) {
		ch.fail("endTime", "must not be before startTime")
	}
	if err := ch.Err(); err != nil {
		return nil, err
	}
	var resp listPage[T]
	if err := c.do(ctx, path, &o, &resp); err != nil {
		return nil, err
	}
	return newPage(resp.List, resp.Page, max(o.PageNo, 1)), nil
}

// syncAll walks every page of a sync endpoint from opts.PageNo.
func syncAll[T any](ctx context.Context, c *Client, path string, opts *SyncOptions) iter.Seq2[T, error] {
	var o SyncOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.PageNo, func(ctx context.Context, pageNo int) (*Page[T], error) {
		o.PageNo = pageNo
		return syncPage[T](ctx, c, path, &o)
	})
}
