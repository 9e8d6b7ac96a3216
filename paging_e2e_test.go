package gensee_test

// End-to-end: the …All iterators of the paged endpoints, one table driven by
// one function (the windowed exports' walks are in export_window_walks_e2e_test.go).

import (
	"fmt"
	"iter"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// iterItems is how many items each case seeds: three pages of 50.
const iterItems = 120

// iterCase is one …All iterator. seed adds iterItems items and returns the
// key of each in the order the site lists them, and the id the iterator
// needs (a room, a mini classroom) if any. all ranges c's iterator from
// pageNo (0: from the start) and yields each item's key. fail makes the fake
// answer code.
type iterCase struct {
	method, path string
	seed         func(e *env) (keys []string, arg string)
	all          func(e *env, c *gensee.Client, arg string, pageNo int) iter.Seq2[string, error]
	fromPage     bool // the iterator takes a first page number
	fail         func(e *env) error
	code         gensee.Code
	is           error
}

// keyed turns seq into the keys of its items.
func keyed[T any](seq iter.Seq2[T, error], key func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			var k string
			if err == nil {
				k = key(v)
			}
			if !yield(k, err) {
				return
			}
		}
	}
}

// nKeys returns the keys fmt.Sprint(first+i) for i in [0, n).
func nKeys(first, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(first + i)
	}
	return out
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

var studyDay = gensee.NewDate(2024, time.May, 20)

func iterCases() []iterCase {
	wrongAuth := func(ic iterCase) iterCase {
		ic.code, ic.is = gensee.CodeAuthFailed, gensee.ErrAuth
		return ic
	}
	notFound := func(ic iterCase) iterCase {
		ic.code, ic.is = gensee.CodeNotFound, gensee.ErrNotFound
		return ic
	}
	exportCase := func(method, path string, first int, seed func(*env, string, int),
		all func(c *gensee.Client, e *env, o *gensee.PagedExportOptions) iter.Seq2[string, error]) iterCase {
		return notFound(iterCase{
			method: method, path: path, fromPage: true,
			seed: func(e *env) ([]string, string) {
				room := e.srv.AddRoom("导出课堂")
				seed(e, room, iterItems)
				return nKeys(first, iterItems), room
			},
			all: func(e *env, c *gensee.Client, room string, pageNo int) iter.Seq2[string, error] {
				return all(c, e, paged(room, pageNo))
			},
			fail: func(e *env) error {
				return onlyError(all(e.c, e, paged("noSuchRoom", 0)))
			},
		})
	}
	return []iterCase{
		wrongAuth(iterCase{
			method: "Rooms.SyncAll", path: "/training/room/sync", fromPage: true,
			seed: func(e *env) ([]string, string) { return seedRooms(e, iterItems), "" },
			all: func(e *env, c *gensee.Client, _ string, pageNo int) iter.Seq2[string, error] {
				return keyed(c.Rooms.SyncAll(e.ctx, &gensee.RoomSyncOptions{PageNo: pageNo}), func(r *gensee.RoomSummary) string { return r.RoomID })
			},
		}),
		wrongAuth(iterCase{
			method: "Coursewares.SyncAll", path: "/training/courseware/syn", fromPage: true,
			seed: func(e *env) ([]string, string) {
				var keys []string
				for _, c := range seedCoursewares(e, e.srv.AddRoom("课件课堂"), iterItems) {
					keys = append(keys, c.ID)
				}
				return keys, ""
			},
			all: func(e *env, c *gensee.Client, _ string, pageNo int) iter.Seq2[string, error] {
				return keyed(c.Coursewares.SyncAll(e.ctx, &gensee.SyncOptions{PageNo: pageNo}), func(cw *gensee.Courseware) string { return cw.ID })
			},
		}),
		wrongAuth(iterCase{
			method: "Records.SyncAll", path: "/training/record/syn", fromPage: true,
			seed: func(e *env) ([]string, string) {
				var keys []string
				for _, r := range seedRecordings(e, e.srv.AddRoom("录制课堂"), iterItems) {
					keys = append(keys, i64(r.ID))
				}
				return keys, ""
			},
			all: func(e *env, c *gensee.Client, _ string, pageNo int) iter.Seq2[string, error] {
				return keyed(c.Records.SyncAll(e.ctx, &gensee.SyncOptions{PageNo: pageNo}), func(r *gensee.Record) string { return i64(r.ID) })
			},
		}),
		wrongAuth(iterCase{
			method: "Docs.SyncAll", path: "/training/doc/syn", fromPage: true,
			seed: func(e *env) ([]string, string) {
				var keys []string
				for _, d := range seedDocuments(e, iterItems) {
					keys = append(keys, i64(d.ID))
				}
				return keys, ""
			},
			all: func(e *env, c *gensee.Client, _ string, pageNo int) iter.Seq2[string, error] {
				return keyed(c.Docs.SyncAll(e.ctx, &gensee.SyncOptions{PageNo: pageNo}), func(d *gensee.Doc) string { return i64(d.ID) })
			},
		}),
		exportCase("Exports.MedalsAll", "/training/export/medal", 100, seedMedals,
			func(c *gensee.Client, e *env, o *gensee.PagedExportOptions) iter.Seq2[string, error] {
				return keyed(c.Exports.MedalsAll(e.ctx, o), func(m *gensee.Medal) string { return i64(m.UserID) })
			}),
		exportCase("Exports.PraisesAll", "/training/export/praise", 200, seedPraises,
			func(c *gensee.Client, e *env, o *gensee.PagedExportOptions) iter.Seq2[string, error] {
				return keyed(c.Exports.PraisesAll(e.ctx, o), func(p *gensee.Praise) string { return i64(p.UserID) })
			}),
		exportCase("Exports.PraiseDetailsAll", "/training/export/praise/detail", 300, seedPraiseDetails,
			func(c *gensee.Client, e *env, o *gensee.PagedExportOptions) iter.Seq2[string, error] {
				return keyed(c.Exports.PraiseDetailsAll(e.ctx, o), func(d *gensee.PraiseDetail) string { return i64(d.UserID) })
			}),
		wrongAuth(iterCase{
			method: "Exports.StudyHistoryAll", path: "/training/export/study/history", fromPage: true,
			seed: func(e *env) ([]string, string) { seedStudy(e, iterItems); return nKeys(2000, iterItems), "" },
			all: func(e *env, c *gensee.Client, _ string, pageNo int) iter.Seq2[string, error] {
				return keyed(c.Exports.StudyHistoryAll(e.ctx, &gensee.StudyHistoryOptions{Date: studyDay, PageNo: pageNo}),
					func(r *gensee.StudyRecord) string { return i64(r.UID) })
			},
		}),
		notFound(iterCase{
			method: "MiniRooms.StudentStatsAll", path: "/training/miniroom/export/history",
			seed: func(e *env) ([]string, string) {
				mini := e.srv.AddMiniRoom("微课堂")
				seedMiniStudents(e, mini, iterItems)
				return nKeys(4000, iterItems), mini
			},
			all: func(e *env, c *gensee.Client, mini string, _ int) iter.Seq2[string, error] {
				return keyed(c.MiniRooms.StudentStatsAll(e.ctx, mini), func(s *gensee.MiniRoomStudentStats) string { return i64(s.UserID) })
			},
			fail: func(e *env) error { return onlyError(e.c.MiniRooms.StudentStatsAll(e.ctx, "noSuchMini")) },
		}),
		wrongAuth(iterCase{
			method: "MiniRooms.RoomStatsAll", path: "/training/miniroom/syn",
			seed: func(e *env) ([]string, string) {
				seedMiniStats(e, iterItems)
				keys := make([]string, iterItems)
				for i := range keys {
					keys[i] = fmt.Sprintf("mini%03d", i)
				}
				return keys, ""
			},
			all: func(e *env, c *gensee.Client, _ string, _ int) iter.Seq2[string, error] {
				return keyed(c.MiniRooms.RoomStatsAll(e.ctx), func(s *gensee.MiniRoomStats) string { return s.ID })
			},
		}),
	}
}

// TestE2EIterators runs each …All iterator against the fake's three pages:
// every item once and in order, one request per page; a break stops the
// fetching; a first page number is honoured; an error is yielded once (a
// case without fail is called with the wrong password).
func TestE2EIterators(t *testing.T) {
	t.Parallel()
	cases := iterCases()
	// One case per paged endpoint of the catalog, named by its walk.
	var want, got []string
	for _, ep := range specCatalog(t) {
		if ep.Paged {
			want = append(want, ep.Path+" "+ep.Walk)
		}
	}
	for _, ic := range cases {
		got = append(got, ic.path+" "+ic.method)
	}
	assert.ElementsMatch(t, want, got, "iterCases: one case per paged endpoint of the catalog, named by its walk")
	for _, ic := range cases {
		t.Run(ic.method, func(t *testing.T) {
			t.Parallel()
			testIterator(t, ic)
		})
	}
}

// testIterator is the one check every …All iterator goes through.
func testIterator(t *testing.T, ic iterCase) {
	t.Run("every page", func(t *testing.T) {
		e := newEnv(t)
		want, arg := ic.seed(e)
		require.Len(t, want, iterItems)
		assert.Equal(t, want, collect(t, ic.all(e, e.c, arg, 0)))
		assert.Len(t, e.pageNos(ic.path), 3, "one request per page")
	})
	t.Run("break", func(t *testing.T) {
		e := newEnv(t)
		want, arg := ic.seed(e)
		var got []string
		for k, err := range ic.all(e, e.c, arg, 0) {
			require.NoError(t, err)
			got = append(got, k)
			if len(got) == 51 {
				break
			}
		}
		assert.Equal(t, want[:51], got)
		assert.Len(t, e.pageNos(ic.path), 2, "no page fetched after the break")
	})
	if ic.fromPage {
		t.Run("from page 2", func(t *testing.T) {
			e := newEnv(t)
			want, arg := ic.seed(e)
			assert.Equal(t, want[50:], collect(t, ic.all(e, e.c, arg, 2)))
			assert.Equal(t, []string{"2", "3"}, e.pageNos(ic.path))
		})
	}
	t.Run("error", func(t *testing.T) {
		e := newEnv(t)
		var err error
		if ic.fail != nil {
			err = ic.fail(e)
		} else {
			err = onlyError(ic.all(e, e.wrong(), "", 0))
		}
		requireAPIError(t, err, ic.path, ic.code, ic.is)
		assert.NotEmpty(t, e.requests(ic.path))
	})
}
