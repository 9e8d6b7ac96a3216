package main

import (
	"context"
	"iter"

	"github.com/gensee-go/gensee"
)

// syncUsage is the help of SyncOptions.
var syncUsage = map[string]string{
	"PageNo":    "page, from 1",
	"StartTime": "created at or after",
	"EndTime":   "created at or before",
}

func init() {
	// Entries alike on purpose: see the note on the rooms table.
	register(&service{name: "coursewares", summary: "coursewares (课件): list, change, delete, sync, transcode, view counts", actions: []*action{
		{name: "list", path: "/training/courseware/list", summary: "list the coursewares of a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				return func(ctx context.Context, e *env) error { return printList(e.c.Coursewares.List(ctx, *room))(e) }
			}},
		{name: "get", path: "/training/courseware/info", summary: "show a courseware",
			setup: func(f *flags) runFunc {
				id := f.str("courseware", "courseware id [coursewareId] (required)")
				return func(ctx context.Context, e *env) error { return printResult(e.c.Coursewares.Get(ctx, *id))(e) }
			}},
		{name: "modify", path: "/training/courseware/modify", summary: "change a courseware's name, token and player (--courseware, --subject required)",
			setup: func(f *flags) runFunc {
				req := new(gensee.ModifyCoursewareRequest)
				f.id = "courseware"
				f.bind(req, map[string]string{"ID": "courseware id (required)", "Subject": "name (required)", "Token": "viewing token"})
				return func(ctx context.Context, e *env) error { return done(e, e.c.Coursewares.Modify(ctx, req)) }
			}},
		{name: "delete", path: "/training/courseware/deleted", summary: "delete a courseware",
			setup: func(f *flags) runFunc {
				id := f.str("courseware", "courseware id [coursewareId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Coursewares.Delete(ctx, *id)) }
			}},
		syncAction("/training/courseware/syn", "list the site's coursewares, 50 a page", func(c *gensee.Client) syncer[gensee.Courseware] { return c.Coursewares }),
		{name: "transcode-document", path: "/training/courseware/transcode", summary: "make a courseware of a document at a URL",
			setup: func(f *flags) runFunc {
				req := new(gensee.TranscodeDocumentRequest)
				f.bind(req, map[string]string{
					"ResourceURL": "the document's http(s) URL (required)",
					"Name":        "the document's name (required)",
					"CallbackURL": "URL told the outcome",
					"ConvMode":    "0 vector (default), 1 image",
				})
				return func(ctx context.Context, e *env) error {
					return printResult(e.c.Coursewares.TranscodeDocument(ctx, req))(e)
				}
			}},
		{name: "transcode-media", path: "/training/media/transcode", summary: "make a courseware of a media file at a URL",
			setup: func(f *flags) runFunc {
				req := new(gensee.TranscodeMediaRequest)
				f.bind(req, map[string]string{
					"ResourceURL": "the media file's http(s) URL (required)",
					"Name":        "the file's name (required)",
					"CallbackURL": "URL told the outcome",
				})
				return func(ctx context.Context, e *env) error {
					return printResult(e.c.Coursewares.TranscodeMedia(ctx, req))(e)
				}
			}},
		{name: "view-count", path: "/training/vod/vodview", summary: "show how many times a courseware was watched",
			setup: func(f *flags) runFunc {
				id := f.str("courseware", "courseware id [id] (required)")
				return func(ctx context.Context, e *env) error {
					n, err := e.c.Coursewares.ViewCount(ctx, *id)
					if err != nil {
						return err
					}
					return e.item(viewCountResult{*id, n})
				}
			}},
	}})

	register(&service{name: "records", summary: "recordings (录制件): sync, insert-play, delete", actions: []*action{
		syncAction("/training/record/syn", "list the site's recordings, 50 a page", func(c *gensee.Client) syncer[gensee.Record] { return c.Records }),
		{name: "choose", path: "/training/record/choose", summary: "add recordings to a classroom's insert-play list (插播)",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				ids := f.int64s("record", "recording id [recordId]")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Records.Choose(ctx, *room, *ids...)) }
			}},
		{name: "remove", path: "/training/record/remove", summary: "remove recordings from a classroom's insert-play list",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				ids := f.int64s("record", "recording id [recordId]")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Records.Remove(ctx, *room, *ids...)) }
			}},
		{name: "delete", path: "/training/gr/delete", summary: "delete a recording",
			setup: func(f *flags) runFunc {
				id := f.int64("record", "recording id [grId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Records.Delete(ctx, *id)) }
			}},
	}})

	register(&service{name: "docs", summary: "server-side documents (文档): sync, attach to and detach from classrooms", actions: []*action{
		syncAction("/training/doc/syn", "list the site's documents, 50 a page", func(c *gensee.Client) syncer[gensee.Doc] { return c.Docs }),
		{name: "attach", path: "/training/doc/attach", summary: "attach a document to a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				doc := f.int64("doc", "document id [docId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Docs.Attach(ctx, *room, *doc)) }
			}},
		{name: "detach", path: "/training/doc/detach", summary: "detach a document from a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				doc := f.int64("doc", "document id [docId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Docs.Detach(ctx, *room, *doc)) }
			}},
	}})

	register(&service{name: "warmups", summary: "warm-up items (暖场件): create, change, attach, detach", actions: []*action{
		{name: "create", path: "/training/warmup/created", summary: "create a warm-up item from a recording",
			setup: func(f *flags) runFunc {
				req := new(gensee.CreateWarmupRequest)
				f.bind(req, map[string]string{"Name": "name (required)", "RecordID": "recording id (required)",
					"Mode": "player layout: 1 three panes, 2 document or video, 3 two panes"})
				return func(ctx context.Context, e *env) error { return printResult(e.c.Warmups.Create(ctx, req))(e) }
			}},
		{name: "modify", path: "/training/warmup/modify", summary: "change a warm-up item",
			setup: func(f *flags) runFunc {
				req := new(gensee.ModifyWarmupRequest)
				f.id = "warmup"
				f.bind(req, map[string]string{"ID": "warm-up item id (required)", "Name": "new name",
					"RecordID": "another recording to play", "Mode": "player layout 1-3"})
				return func(ctx context.Context, e *env) error { return done(e, e.c.Warmups.Modify(ctx, req)) }
			}},
		{name: "attach", path: "/training/warmup/attach", summary: "attach a warm-up item to a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				id := f.str("warmup", "warm-up item id [warmupId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Warmups.Attach(ctx, *room, *id)) }
			}},
		{name: "detach", path: "/training/warmup/detach", summary: "detach a warm-up item from a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				id := f.str("warmup", "warm-up item id [warmupId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Warmups.Detach(ctx, *room, *id)) }
			}},
	}})

	teacherUsage := map[string]string{
		"TeacherLoginName": "login name, 1-40 characters (required)",
		"TeacherPassword":  "password, 6-15 characters (required)",
		"Name":             "display name, 1-40 characters (required)",
		"MaxPoints":        "classroom concurrency",
		"ValidDate":        "when the account starts to work",
		"InvalidDate":      "when the account stops working",
		"MaxVodPoints":     "courseware concurrency",
	}
	teacher := func(send func(ctx context.Context, c *gensee.Client, req *gensee.TeacherRequest) error) func(f *flags) runFunc {
		return func(f *flags) runFunc {
			req := new(gensee.TeacherRequest)
			f.bind(req, teacherUsage)
			return func(ctx context.Context, e *env) error { return done(e, send(ctx, e.c, req)) }
		}
	}
	register(&service{name: "teachers", summary: "teacher accounts: create, change", actions: []*action{
		{name: "create", path: "/training/teacher/created", summary: "create a teacher account",
			setup: teacher(func(ctx context.Context, c *gensee.Client, req *gensee.TeacherRequest) error {
				return c.Teachers.Create(ctx, req)
			})},
		{name: "modify", path: "/training/teacher/modify", summary: "change a teacher account, found by its login name",
			setup: teacher(func(ctx context.Context, c *gensee.Client, req *gensee.TeacherRequest) error {
				return c.Teachers.Modify(ctx, req)
			})},
	}})
}

// syncer is what Coursewares, Records and Docs have in common: the paged
// sync of section 5.10, 5.11 and 5.22.
type syncer[T any] interface {
	Sync(ctx context.Context, opts *gensee.SyncOptions) (*gensee.Page[*T], error)
	SyncAll(ctx context.Context, opts *gensee.SyncOptions) iter.Seq2[*T, error]
}

// syncAction is the "sync" action of a service with a syncer.
func syncAction[T any](path, summary string, of func(*gensee.Client) syncer[T]) *action {
	return &action{name: "sync", path: path, summary: summary,
		setup: func(f *flags) runFunc {
			opts := new(gensee.SyncOptions)
			f.bind(opts, syncUsage)
			all := f.all()
			return func(ctx context.Context, e *env) error {
				s := of(e.c)
				return paged(e, *all,
					func() (*gensee.Page[*T], error) { return s.Sync(ctx, opts) },
					func() iter.Seq2[*T, error] { return s.SyncAll(ctx, opts) })
			}
		}}
}
