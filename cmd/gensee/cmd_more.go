package main

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/gensee-go/gensee"
)

var exportUsage = map[string]string{
	"RoomID":    "classroom id (required)",
	"StartTime": "window start (with --to, at most 7 days; neither: the last finished session)",
	"EndTime":   "window end",
	"PageNo":    "page, from 1",
}

// exportList is an export of one classroom that returns a list, walked with
// its …All iterator (a window of any length, cut in pieces of 7 days) and
// printed row by row as the rows arrive.
func exportList[T any](name, path, summary string, call func(c *gensee.Client) func(context.Context, *gensee.ExportOptions) iter.Seq2[T, error]) *action {
	return &action{name: name, path: path, summary: summary, setup: func(f *flags) runFunc {
		opts := new(gensee.ExportOptions)
		f.bind(opts, exportUsage)
		return func(ctx context.Context, e *env) error { return windowed(e, opts, call(e.c)(ctx, opts)) }
	}}
}

// windowed prints a windowed export (an …All walk of 7-day pieces) as
// stream does, with progress by piece ("piece 3/53"); under --dry-run,
// which shows the first call only, it says how many would follow.
func windowed[T any](e *env, opts *gensee.ExportOptions, walk iter.Seq2[T, error]) error {
	n := pieceCount(opts)
	e.prog.startPieces(n)
	err := stream(e, walk)
	if e.dry != nil && e.dry.shown.Load() > 0 && n > 1 {
		fmt.Fprintf(e.stdout, "(--dry-run: %d more piece(s) would follow, a call per 7 days of the window)\n", n-1)
	}
	if err == nil {
		e.prog.finish()
	}
	return err
}

// pieceCount is how many calls an …All export makes of opts's window: one
// for the last finished session (both times zero), else one per 7-day
// piece, each starting a millisecond after the last one ended, as the SDK
// cuts them (TestPieceCountMatchesTheCalls holds the two together).
func pieceCount(opts *gensee.ExportOptions) int {
	if opts.StartTime.IsZero() || opts.EndTime.IsZero() {
		return 1
	}
	span := opts.EndTime.UnixMilli() - opts.StartTime.UnixMilli()
	if span < 0 {
		return 1
	}
	step := (7 * 24 * time.Hour).Milliseconds() + 1
	return int(span/step) + 1
}

// exportPaged is a paged export of one classroom.
func exportPaged[T any](name, path, summary string,
	one func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) (*gensee.Page[T], error),
	all func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) iter.Seq2[T, error]) *action {
	return &action{name: name, path: path, summary: summary, setup: func(f *flags) runFunc {
		opts := new(gensee.PagedExportOptions)
		f.bind(opts, exportUsage)
		walk := f.all()
		return func(ctx context.Context, e *env) error {
			return paged(e, *walk,
				func() (*gensee.Page[T], error) { return one(e.c)(ctx, opts) },
				func() iter.Seq2[T, error] { return all(e.c)(ctx, opts) })
		}
	}}
}

// exportDays is a site-wide export of a range of days.
func exportDays[T any](name, path, summary string, call func(c *gensee.Client) func(ctx context.Context, from, to gensee.Date) ([]T, error)) *action {
	return &action{name: name, path: path, summary: summary, setup: func(f *flags) runFunc {
		from := f.date("from", "first day [startDate] (required)")
		to := f.date("to", "last day [endDate] (required)")
		return func(ctx context.Context, e *env) error { return printList(call(e.c)(ctx, *from, *to))(e) }
	}}
}

// concurrencyDays is exportDays for the daily maxima, with --chart.
func concurrencyDays(name, path, summary, what string,
	call func(c *gensee.Client) func(ctx context.Context, from, to gensee.Date) ([]*gensee.DailyConcurrency, error)) *action {
	return &action{name: name, path: path, summary: summary + "; --chart draws it", setup: func(f *flags) runFunc {
		from := f.date("from", "first day [startDate] (required)")
		to := f.date("to", "last day [endDate] (required)")
		chart := f.fs.Bool("chart", false, "draw the daily maxima as bars, with the peak marked, instead of the rows")
		return func(ctx context.Context, e *env) error {
			days, err := call(e.c)(ctx, *from, *to)
			if err != nil {
				return err
			}
			if *chart && e.drawsCharts() {
				return concurrencyChart(e.stdout, what, days, e.width, e.color)
			}
			return e.list(days)
		}
	}}
}

func init() {
	register(&service{name: "exports", summary: "exports: attendance, Q&A, roll calls, votes, chat, rewards, study history, usage", actions: []*action{
		{name: "attendance", path: "/training/export/history", summary: "export a classroom's attendance (参会记录); --chart draws it",
			setup: func(f *flags) runFunc {
				opts := new(gensee.ExportOptions)
				f.bind(opts, exportUsage)
				chart := f.fs.Bool("chart", false, "draw how many students were present minute by minute, with the peak marked, instead of the rows")
				return func(ctx context.Context, e *env) error {
					if !*chart {
						return windowed(e, opts, e.c.Exports.AttendanceAll(ctx, opts))
					}
					rows, err := e.c.Exports.Attendance(ctx, opts)
					if err != nil {
						return err
					}
					pts := gensee.Presence(rows, time.Minute)
					if !e.drawsCharts() {
						return e.list(presenceRows(pts))
					}
					return presenceChart(e.stdout, pts, e.width, e.color)
				}
			}},
		exportList("qa", "/training/export/qa", "export a classroom's questions and answers",
			func(c *gensee.Client) func(context.Context, *gensee.ExportOptions) iter.Seq2[*gensee.Question, error] {
				return c.Exports.QAAll
			}),
		exportList("roll-calls", "/training/export/rollcall", "export a classroom's roll calls (点名)",
			func(c *gensee.Client) func(context.Context, *gensee.ExportOptions) iter.Seq2[*gensee.RollCall, error] {
				return c.Exports.RollCallsAll
			}),
		exportList("votes", "/training/export/vote", "export a classroom's votes and answer cards",
			func(c *gensee.Client) func(context.Context, *gensee.ExportOptions) iter.Seq2[*gensee.Vote, error] {
				return c.Exports.VotesAll
			}),
		exportList("chat", "/training/export/chat", "export a classroom's chat",
			func(c *gensee.Client) func(context.Context, *gensee.ExportOptions) iter.Seq2[*gensee.ChatMessage, error] {
				return c.Exports.ChatAll
			}),
		exportList("red-packets", "/training/export/redpacket", "export a classroom's red packets (红包)",
			func(c *gensee.Client) func(context.Context, *gensee.ExportOptions) iter.Seq2[*gensee.RedPacket, error] {
				return c.Exports.RedPacketsAll
			}),
		exportPaged("medals", "/training/export/medal", "export a classroom's medals, 50 a page",
			func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) (*gensee.Page[*gensee.Medal], error) {
				return c.Exports.Medals
			},
			func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) iter.Seq2[*gensee.Medal, error] {
				return c.Exports.MedalsAll
			}),
		exportPaged("praises", "/training/export/praise", "export a classroom's praise counts (点赞), 50 a page",
			func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) (*gensee.Page[*gensee.Praise], error) {
				return c.Exports.Praises
			},
			func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) iter.Seq2[*gensee.Praise, error] {
				return c.Exports.PraisesAll
			}),
		exportPaged("praise-details", "/training/export/praise/detail", "export each praise of a classroom, 50 a page",
			func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) (*gensee.Page[*gensee.PraiseDetail], error) {
				return c.Exports.PraiseDetails
			},
			func(c *gensee.Client) func(context.Context, *gensee.PagedExportOptions) iter.Seq2[*gensee.PraiseDetail, error] {
				return c.Exports.PraiseDetailsAll
			}),
		{name: "study-history", path: "/training/export/study/history", summary: "export who watched coursewares on a day, 50 a page",
			setup: func(f *flags) runFunc {
				opts := new(gensee.StudyHistoryOptions)
				f.bind(opts, map[string]string{
					"PageNo":       "page, from 1",
					"Date":         "the day to export (required)",
					"Hour":         "only this hour of the day, 0-23",
					"JoinTimeSync": "select by join time (true, the default) or leave time (false)",
				})
				all := f.all()
				return func(ctx context.Context, e *env) error {
					return paged(e, *all,
						func() (*gensee.Page[*gensee.StudyRecord], error) { return e.c.Exports.StudyHistory(ctx, opts) },
						func() iter.Seq2[*gensee.StudyRecord, error] { return e.c.Exports.StudyHistoryAll(ctx, opts) })
				}
			}},
		{name: "room-usage", path: "/training/export/room/usage", summary: "export the sessions of one or all classrooms in a window",
			setup: func(f *flags) runFunc {
				opts := new(gensee.RoomUsageOptions)
				f.bind(opts, map[string]string{
					"RoomID":    "one classroom (default all)",
					"StartTime": "window start (required)",
					"EndTime":   "window end (required, at most 7 days after --from)",
				})
				return func(ctx context.Context, e *env) error { return printList(e.c.Exports.RoomUsage(ctx, opts))(e) }
			}},
		concurrencyDays("room-concurrency", "/training/export/room/concurrent", "export the site's daily peak of live attendees", "live attendees",
			func(c *gensee.Client) func(context.Context, gensee.Date, gensee.Date) ([]*gensee.DailyConcurrency, error) {
				return c.Exports.RoomConcurrency
			}),
		concurrencyDays("vod-concurrency", "/training/export/vod/concurrent", "export the site's daily peak of courseware viewers", "courseware viewers",
			func(c *gensee.Client) func(context.Context, gensee.Date, gensee.Date) ([]*gensee.DailyConcurrency, error) {
				return c.Exports.VodConcurrency
			}),
		exportDays("rewards", "/training/export/reward", "export the rewards (打赏) of the site's classrooms",
			func(c *gensee.Client) func(context.Context, gensee.Date, gensee.Date) ([]*gensee.Reward, error) {
				return c.Exports.Rewards
			}),
	}})

	famousUsage := map[string]string{
		"ID":          "dual-teacher classroom id (required)",
		"Subject":     "subject, 1-50 characters (required)",
		"StartDate":   "expected start (create: default now+1h)",
		"InvalidDate": "when the rooms stop accepting joins",
		"Realtime":    "true: a live (实时) classroom, false: a recorded one",
		"ClassCount":  "tutorial rooms, 1-30",
		"ClassNames":  "a tutorial room's name",
	}
	register(&service{name: "famousrooms", summary: "dual-teacher classrooms (双师课堂) and their tutorial rooms (辅导端)", actions: []*action{
		{name: "create", path: "/training/famousroom/created", summary: "create a live dual-teacher classroom; --start defaults to now+1h",
			setup: func(f *flags) runFunc {
				req := &gensee.CreateFamousRoomRequest{Realtime: true} // live unless --realtime=false
				f.bind(req, famousUsage)
				return func(ctx context.Context, e *env) error {
					if req.StartDate.IsZero() {
						req.StartDate = time.Now().Add(time.Hour).Truncate(time.Minute)
					}
					return printResult(e.c.FamousRooms.Create(ctx, req))(e)
				}
			}},
		{name: "modify", path: "/training/famousroom/modify", summary: "change a dual-teacher classroom (--room, --start and --realtime required)",
			setup: func(f *flags) runFunc {
				req := new(gensee.ModifyFamousRoomRequest)
				f.id = "room"
				usage := modifyUsage(famousUsage)
				usage["Subject"] = "new subject, 1-50 characters"
				f.bind(req, usage)
				return func(ctx context.Context, e *env) error {
					if err := needRealtime(req.Realtime); err != nil {
						return err
					}
					return printResult(e.c.FamousRooms.Modify(ctx, req))(e)
				}
			}},
		{name: "get", path: "/training/famousroom/info", summary: "show a dual-teacher classroom and its tutorial rooms",
			setup: func(f *flags) runFunc {
				id := f.str("room", "dual-teacher classroom id [id] (required)")
				return func(ctx context.Context, e *env) error { return printResult(e.c.FamousRooms.Get(ctx, *id))(e) }
			}},
		{name: "delete", path: "/training/famousroom/deleted", summary: "delete a dual-teacher classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "dual-teacher classroom id [roomId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.FamousRooms.Delete(ctx, *room)) }
			}},
		{name: "rename-tutorial-room", path: "/training/slaveroom/modify", summary: "rename a tutorial room",
			setup: func(f *flags) runFunc {
				room := f.str("room", "tutorial room id [roomId] (required)")
				name := f.str("class-name", "new class name [className]")
				return func(ctx context.Context, e *env) error {
					return done(e, e.c.FamousRooms.RenameTutorialRoom(ctx, *room, *name))
				}
			}},
		{name: "get-tutorial-room", path: "/training/tutorialroom/info", summary: "show a tutorial room",
			setup: func(f *flags) runFunc {
				room := f.str("room", "tutorial room id [roomId] (required)")
				return func(ctx context.Context, e *env) error {
					return printResult(e.c.FamousRooms.GetTutorialRoom(ctx, *room))(e)
				}
			}},
	}})

	register(&service{name: "groups", summary: "student groups of a classroom: create, add, rename, delete", actions: []*action{
		{name: "create", path: "/training/group/create", summary: "make a classroom's groups (1-40), optionally named",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				count := f.int("count", 0, "number of groups, 1-40 [groupCount] (required)")
				names := f.strs("name", "a group's name [groupNameList]")
				return func(ctx context.Context, e *env) error {
					return printList(e.c.Groups.Create(ctx, *room, *count, *names...))(e)
				}
			}},
		{name: "add", path: "/training/group/add", summary: "add a group to a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				name := f.str("name", "the group's name [groupName]")
				return func(ctx context.Context, e *env) error { return printResult(e.c.Groups.Add(ctx, *room, *name))(e) }
			}},
		{name: "update", path: "/training/group/update", summary: "rename a group",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				code := f.str("group", "the group's code [groupCode] (required)")
				name := f.str("name", "the new name [groupName] (required)")
				return func(ctx context.Context, e *env) error {
					return printResult(e.c.Groups.Update(ctx, *room, *code, *name))(e)
				}
			}},
		{name: "delete", path: "/training/group/delete", summary: "delete a group",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				code := f.str("group", "the group's code [groupCode] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Groups.Delete(ctx, *room, *code)) }
			}},
	}})

	miniUsage := map[string]string{
		"ID":        "mini classroom id (required)",
		"Subject":   "subject, 1-250 characters (required)",
		"StartDate": "expected start (default now+1h)",
		"Duration":  "length in minutes, 30-480 (required)",
		"Action":    "students take a seat automatically",
	}
	register(&service{name: "minirooms", summary: "mini classrooms (微课堂): create, change, statistics", actions: []*action{
		{name: "create", path: "/training/miniroom/created", summary: "create a mini classroom; --start defaults to now+1h",
			setup: func(f *flags) runFunc {
				req := new(gensee.CreateMiniRoomRequest)
				f.bind(req, miniUsage)
				return func(ctx context.Context, e *env) error {
					if req.StartDate.IsZero() {
						req.StartDate = time.Now().Add(time.Hour).Truncate(time.Minute)
					}
					return printResult(e.c.MiniRooms.Create(ctx, req))(e)
				}
			}},
		{name: "modify", path: "/training/miniroom/modify", summary: "change a mini classroom (--room and --subject required)",
			setup: func(f *flags) runFunc {
				req := new(gensee.ModifyMiniRoomRequest)
				f.id = "room"
				f.bind(req, miniUsage)
				return func(ctx context.Context, e *env) error { return printResult(e.c.MiniRooms.Modify(ctx, req))(e) }
			}},
		{name: "student-stats", path: "/training/miniroom/export/history", summary: "export each student's statistics of a mini classroom",
			setup: func(f *flags) runFunc {
				id := f.str("room", "mini classroom id [id] (required)")
				page := f.int("page", 0, "page, from 1 [pageNo]")
				all := f.all()
				return func(ctx context.Context, e *env) error {
					return paged(e, *all,
						func() (*gensee.Page[*gensee.MiniRoomStudentStats], error) {
							return e.c.MiniRooms.StudentStats(ctx, *id, *page)
						},
						func() iter.Seq2[*gensee.MiniRoomStudentStats, error] { return e.c.MiniRooms.StudentStatsAll(ctx, *id) })
				}
			}},
		{name: "room-stats", path: "/training/miniroom/syn", summary: "export the statistics of the site's mini classrooms",
			setup: func(f *flags) runFunc {
				page := f.int("page", 0, "page, from 1 [pageNo]")
				all := f.all()
				return func(ctx context.Context, e *env) error {
					return paged(e, *all,
						func() (*gensee.Page[*gensee.MiniRoomStats], error) { return e.c.MiniRooms.RoomStats(ctx, *page) },
						func() iter.Seq2[*gensee.MiniRoomStats, error] { return e.c.MiniRooms.RoomStatsAll(ctx) })
				}
			}},
	}})
}
