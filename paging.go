package gensee

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"time"
)

// Page is one page of a paged endpoint (50 items a page on the server).
type Page[T any] struct {
	Items       []T
	PageNo      int // this page, from 1: the number the server reported, else the one asked for
	TotalPages  int // as reported; PageNo when the server reported none (this page is the last)
	TotalCounts int // items on all pages, as reported (len(Items) when the answer has no totals)
}

// HasNext reports whether a page follows this one.
func (p *Page[T]) HasNext() bool { return p.PageNo < p.TotalPages }

// PageError ends an …All walk when the server's answers would make it yield
// a row twice or never end: a page numbered otherwise than the one asked for
// (the server ignores pageNo, or repeats its last page), or, where no page
// number comes back, a page identical to the one before.
type PageError struct {
	Endpoint string // the path, such as "/training/room/sync"
	Asked    int    // the page asked for
	Got      int    // the page the server reported; 0 when it reported none and repeated the previous page
}

// Error names the endpoint and both page numbers.
func (e *PageError) Error() string {
	if e.Got == 0 {
		return fmt.Sprintf("gensee: %s: page %d repeats page %d (the server ignores pageNo?)", e.Endpoint, e.Asked, e.Asked-1)
	}
	return fmt.Sprintf("gensee: %s: asked for page %d, the server answered page %d", e.Endpoint, e.Asked, e.Got)
}

// pageInfo is the wire "page" object {pageNo, totalPages, totalCounts}.
type pageInfo struct {
	PageNo      int `json:"pageNo"`
	TotalPages  int `json:"totalPages"`
	TotalCounts int `json:"totalCounts"`
}

// pageTotals is embedded in the answer of every paged endpoint: the totals
// are read nested ("page":{…}, what the spec shows for most endpoints) and
// flat beside the list (what it shows for export/study/history, which in
// practice sends the nested form). The nested ones win where both come.
type pageTotals struct {
	Page        *pageInfo `json:"page"`
	PageNo      *int      `json:"pageNo"`
	TotalPages  *int      `json:"totalPages"`
	TotalCounts *int      `json:"totalCounts"`
}

// info merges the two forms; ok is false when the answer has no totals.
func (t *pageTotals) info() (p pageInfo, ok bool) {
	if t.Page != nil {
		return *t.Page, true
	}
	for _, f := range [...]struct {
		src *int
		dst *int
	}{{t.PageNo, &p.PageNo}, {t.TotalPages, &p.TotalPages}, {t.TotalCounts, &p.TotalCounts}} {
		if f.src != nil {
			*f.dst, ok = *f.src, true
		}
	}
	return p, ok
}

// pageNoSlot is the context key under which paginate asks newPage whether
// the server reported the page number (a *bool): the one-page methods keep
// their public shape, and only a walk needs to know.
type pageNoSlot struct{}

// newPage builds a Page from the items and the totals of an answer to a
// request for page asked (0: not sent, page 1). A pageNo of 0 or less
// counts as not reported; a totalPages of 0 or less, or none, makes this
// page the last.
func newPage[T any](ctx context.Context, items []T, t pageTotals, asked int) *Page[T] {
	if items == nil {
		items = []T{}
	}
	pg := &Page[T]{Items: items, PageNo: max(asked, 1)}
	p, ok := t.info()
	if p.PageNo > 0 {
		pg.PageNo = p.PageNo
	}
	if reported, _ := ctx.Value(pageNoSlot{}).(*bool); reported != nil {
		*reported = p.PageNo > 0
	}
	pg.TotalPages = p.TotalPages
	if p.TotalPages <= 0 {
		pg.TotalPages = pg.PageNo
	}
	pg.TotalCounts = p.TotalCounts
	if !ok {
		pg.TotalCounts = len(items)
	}
	return pg
}

// paginate walks a paged endpoint from page first (1 when first is 0; a
// negative first reaches fetch, whose validation refuses it). It sends
// nothing until ranged over, fetches one page at a time (holding no more
// than that page), yields the first error once and stops, and stops
// fetching when the caller breaks. It believes the server's own page
// numbers: an empty page ends the walk; a page reported under another number
// than the one asked for, or identical to the page before (where the server
// reports no number), ends it with a *PageError before any of its rows is
// yielded; the page reported as the last (or a page without totals) ends it.
// Every …All method of the SDK is built on it.
func paginate[T any](ctx context.Context, path string, first int, fetch func(ctx context.Context, pageNo int) (*Page[T], error)) iter.Seq2[T, error] {
	if first == 0 {
		first = 1
	}
	return func(yield func(T, error) bool) {
		var zero T
		var prev []T
		reported := new(bool)
		ctx := context.WithValue(ctx, pageNoSlot{}, reported)
		for pageNo := first; ; pageNo++ {
			*reported = true // a fetch that builds no Page from an answer has nothing to compare
			page, err := fetch(ctx, pageNo)
			if err != nil {
				yield(zero, err)
				return
			}
			if len(page.Items) == 0 {
				return
			}
			switch {
			case page.PageNo != pageNo:
				yield(zero, &PageError{Endpoint: path, Asked: pageNo, Got: page.PageNo})
				return
			case !*reported && prev != nil && reflect.DeepEqual(prev, page.Items):
				yield(zero, &PageError{Endpoint: path, Asked: pageNo})
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if pageNo >= page.TotalPages {
				return
			}
			prev = page.Items
		}
	}
}

// observedPages is paginate, reported to the walk hooks of c's observers
// (observeWalk): what every …All method of the SDK that pages uses.
func observedPages[T any](ctx context.Context, c *Client, path string, first int, fetch func(ctx context.Context, pageNo int) (*Page[T], error)) iter.Seq2[T, error] {
	return observeWalk(ctx, c, path, func(ctx context.Context) iter.Seq2[T, error] { return paginate(ctx, path, first, fetch) })
}

// observeWalk is the sequence build makes, reported to the walk hooks of
// c's observers and of those in ctx's call options: when it is ranged over,
// WalkStart runs first (the context it returns is the one given to build,
// so the pages' calls are its children), then the walk, then WalkDone once,
// however it ends (last page, error, break), with the calls made for path
// in the walk, the rows yielded and the error yielded. Without such hooks
// it is build(ctx) itself.
func observeWalk[T any](ctx context.Context, c *Client, path string, build func(ctx context.Context) iter.Seq2[T, error]) iter.Seq2[T, error] {
	var obs []Observer
	all := c.observers
	if co := callOptionsFrom(ctx); co != nil {
		all = append(all[:len(all):len(all)], co.observers...)
	}
	for _, o := range all {
		if o.WalkStart != nil || o.WalkDone != nil {
			obs = append(obs, o)
		}
	}
	if len(obs) == 0 {
		return build(ctx)
	}
	return func(yield func(T, error) bool) {
		start := time.Now()
		wctx := ctx
		for _, o := range obs {
			if o.WalkStart != nil {
				if n := o.WalkStart(wctx, path); n != nil {
					wctx = n
				}
			}
		}
		res := &WalkResult{Endpoint: path}
		calls := WithCallObserver(wctx, Observer{CallDone: func(_ context.Context, r *CallResult) {
			if r.Endpoint == path {
				res.Pages++
			}
		}})
		defer func() {
			res.Duration = time.Since(start)
			for _, o := range obs {
				if o.WalkDone != nil {
					o.WalkDone(wctx, res)
				}
			}
		}()
		for v, err := range build(calls) {
			if err != nil {
				res.Err = err
			} else {
				res.Rows++
			}
			if !yield(v, err) {
				return
			}
		}
	}
}

// pagedOptions is a pointer to the options of a paged endpoint, which know
// where their page number is.
type pagedOptions[O any] interface {
	*O
	pageNoField() *int
}

// walk is the one paging step of the …All methods that take options: it
// copies the options once (the caller's stay untouched), then for each page
// sets the copy's page number and calls one. A nil opts is passed on as nil
// when nilOK is false, so that one's validation refuses it.
func walk[O any, P pagedOptions[O], T any](ctx context.Context, c *Client, path string, opts P, nilOK bool,
	one func(context.Context, P) (*Page[T], error)) iter.Seq2[T, error] {
	if opts == nil && !nilOK {
		return observedPages(ctx, c, path, 1, func(ctx context.Context, _ int) (*Page[T], error) { return one(ctx, nil) })
	}
	var o O
	if opts != nil {
		o = *opts
	}
	return observedPages(ctx, c, path, *P(&o).pageNoField(), func(ctx context.Context, pageNo int) (*Page[T], error) {
		p := o
		*P(&p).pageNoField() = pageNo
		return one(ctx, &p)
	})
}

// SyncOptions filters the paged sync endpoints record/syn, courseware/syn and
// doc/syn (spec sections 5.10, 5.11 and 5.22) by creation time, inclusive.
// The zero value asks for page 1 of everything.
type SyncOptions struct {
	PageNo    int       `url:"pageNo,omitempty"`              // from 1 (default 1)
	StartTime time.Time `url:"startTime,unixmilli,omitempty"` // created at or after (zero: no bound)
	EndTime   time.Time `url:"endTime,unixmilli,omitempty"`   // created at or before (zero: no bound)
}

func (o *SyncOptions) pageNoField() *int { return &o.PageNo }

// listPage is the answer of the paged endpoints whose items come under
// "list".
type listPage[T any] struct {
	List []T `json:"list"`
	pageTotals
}

// syncPage fetches one page of a sync endpoint (record/syn, courseware/syn,
// doc/syn).
func syncPage[T any](ctx context.Context, c *Client, path string, opts *SyncOptions) (*Page[T], error) {
	var o SyncOptions
	if opts != nil {
		o = *opts
	}
	ch := c.check(ctx, path)
	ch.pageNo(o.PageNo)
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
	return newPage(ctx, resp.List, resp.pageTotals, o.PageNo), nil
}

// syncAll walks every page of a sync endpoint from opts.PageNo.
func syncAll[T any](ctx context.Context, c *Client, path string, opts *SyncOptions) iter.Seq2[T, error] {
	return walk(ctx, c, path, opts, true, func(ctx context.Context, o *SyncOptions) (*Page[T], error) {
		return syncPage[T](ctx, c, path, o)
	})
}
