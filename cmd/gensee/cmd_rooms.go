package main

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"maps"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
)

// roomUsage is the help of the fields of CreateRoomRequest and
// ModifyRoomRequest.
var roomUsage = map[string]string{
	"ID":                 "classroom id (required)",
	"Subject":            "subject, 1-250 characters, unique on the site (required)",
	"StartDate":          "expected start (create: default now+1h)",
	"InvalidDate":        "when the room stops accepting joins",
	"Realtime":           "true: a live (实时) classroom, false: a recorded one",
	"TeacherToken":       "teachers' join token, 6-15 characters (generated when empty)",
	"AssistantToken":     "assistants' join token, 6-15 characters",
	"StudentToken":       "web students' join token, at most 15 characters",
	"StudentClientToken": "client students' join token",
	"WebJoin":            "web students may join",
	"ClientJoin":         "client students may join",
	"Duration":           "length in minutes",
	"UIMode":             "web layout 1-6",
	"UIColor":            "three-pane colour: blue, default or green",
	"Scene":              "0 lecture (大讲堂), 1 small class (小班课)",
	"AACSupport":         "AAC audio",
}

func init() {
	// The command table has one entry per endpoint, alike on purpose: each
	// names its flags beside the call they feed (the shared parts, bind,
	// paged, printResult and printList, are written once in cmd_rooms.go).
	register(&service{name: "rooms", summary: "live classrooms (实时课堂): create, change, look up, sync, rosters, relays", actions: []*action{
		{name: "create", path: "/training/room/created", summary: "create a live classroom (--realtime=false for a recorded one); --start defaults to now+1h",
			setup: func(f *flags) runFunc {
				// A live classroom unless --realtime=false: what people mean
				// by "create a classroom", and v0.1 sent false by default.
				req := &gensee.CreateRoomRequest{Realtime: true}
				f.bind(req, roomUsage)
				return func(ctx context.Context, e *env) error {
					if req.StartDate.IsZero() {
						req.StartDate = time.Now().Add(time.Hour).Truncate(time.Minute)
					}
					return printResult(e.c.Rooms.Create(ctx, req))(e)
				}
			}},
		{name: "modify", path: "/training/room/modify", summary: "change a classroom (--room, --subject, --start and --realtime are required)",
			setup: func(f *flags) runFunc {
				req := new(gensee.ModifyRoomRequest)
				f.id = "room"
				f.bind(req, modifyUsage(roomUsage))
				return func(ctx context.Context, e *env) error {
					if err := needRealtime(req.Realtime); err != nil {
						return err
					}
					return done(e, e.c.Rooms.Modify(ctx, req))
				}
			}},
		{name: "delete", path: "/training/room/deleted", summary: "delete a classroom",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Rooms.Delete(ctx, *room)) }
			}},
		{name: "get", path: "/training/room/info", summary: "show a classroom: tokens, join URLs, groups",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				return func(ctx context.Context, e *env) error { return printResult(e.c.Rooms.Get(ctx, *room))(e) }
			}},
		{name: "set-tel-conf", path: "/training/room/telconf", summary: "set a classroom's 263 telephone-conference parameters",
			setup: func(f *flags) runFunc {
				req := new(gensee.TelConfRequest)
				f.bind(req, map[string]string{"RoomID": "classroom id (required)"})
				return func(ctx context.Context, e *env) error { return done(e, e.c.Rooms.SetTelConf(ctx, req)) }
			}},
		{name: "status", path: "/training/query/status", summary: "show whether a classroom is live",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				return func(ctx context.Context, e *env) error {
					st, err := e.c.Rooms.Status(ctx, *room)
					if err != nil {
						return err
					}
					return e.item(statusResult{*room, int(st), st.String()})
				}
			}},
		{name: "sync", path: "/training/room/sync", summary: "list the classrooms created on a day, 50 a page",
			setup: func(f *flags) runFunc {
				opts := new(gensee.RoomSyncOptions)
				f.bind(opts, map[string]string{
					"PageNo":     "page, from 1",
					"CreateTime": "the day the rooms were created (default today)",
					"Status":     "-1 all, 0 not started, 1 not started but joined, 2 started",
					"Finished":   "0 all, 1 ended, 2 not ended",
				})
				all := f.all()
				return func(ctx context.Context, e *env) error {
					return paged(e, *all,
						func() (*gensee.Page[*gensee.RoomSummary], error) { return e.c.Rooms.Sync(ctx, opts) },
						func() iter.Seq2[*gensee.RoomSummary, error] { return e.c.Rooms.SyncAll(ctx, opts) })
				}
			}},
		{name: "set-student-list", path: "/training/room/student/list", summary: "upload a classroom's roster (studentListInfo)",
			setup: func(f *flags) runFunc {
				req := new(gensee.StudentListRequest)
				f.bind(req, map[string]string{
					"RoomID":     "classroom id (required)",
					"GroupCode":  "the group the students belong to",
					"Cover":      "replace the roster instead of adding to it",
					"ExpireTime": "days the roster stays valid, 1-180 (server default 7)",
				}, "Students")
				students := f.strs("student", "a student as id:name, such as 1001:张三 [studentListInfo]")
				file := f.str("students-file", `a CSV file of "id,name" rows (a header row is skipped; - reads stdin)`)
				return func(ctx context.Context, e *env) error {
					for _, s := range *students {
						st, err := parseStudent(s)
						if err != nil {
							return usagef("--student %q: %v", s, err)
						}
						req.Students = append(req.Students, st)
					}
					if *file != "" {
						more, err := readStudents(*file)
						if err != nil {
							return err
						}
						req.Students = append(req.Students, more...)
					}
					return done(e, e.c.Rooms.SetStudentList(ctx, req))
				}
			}},
		{name: "add-relay", path: "/training/relay/add", summary: "add another classroom as a relay source (转播源)",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				relay := f.str("relay", "the relay source's classroom id [relayId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Rooms.AddRelay(ctx, *room, *relay)) }
			}},
		{name: "remove-relay", path: "/training/relay/remove", summary: "remove a relay source",
			setup: func(f *flags) runFunc {
				room := f.str("room", "classroom id [roomId] (required)")
				relay := f.str("relay", "the relay source's classroom id [relayId] (required)")
				return func(ctx context.Context, e *env) error { return done(e, e.c.Rooms.RemoveRelay(ctx, *room, *relay)) }
			}},
	}})
}

// modifyUsage is usage with the help of Realtime for a modify action, where
// the wire needs the value every time.
func modifyUsage(usage map[string]string) map[string]string {
	out := maps.Clone(usage)
	out["Realtime"] = "required: true keeps or makes it a live (实时) classroom, false a recorded one (the server needs it on every change)"
	return out
}

// needRealtime refuses a modify without --realtime: the server needs the
// value, and guessing it would turn a live classroom into a recorded one.
func needRealtime(v *bool) error {
	if v == nil {
		return usagef("--realtime=true or --realtime=false is required: the server needs it on every change (true: a live classroom, false: a recorded one)")
	}
	return nil
}

// printResult prints the answer of a call that returns one value.
func printResult[T any](v T, err error) func(e *env) error {
	return func(e *env) error {
		if err != nil {
			return err
		}
		return e.item(v)
	}
}

// printList prints the answer of a call that returns a list.
func printList[T any](v []T, err error) func(e *env) error {
	return func(e *env) error {
		if err != nil {
			return err
		}
		return e.list(v)
	}
}

// done prints "ok" after a call that returns nothing.
func done(e *env, err error) error {
	if err != nil {
		return err
	}
	return e.ok()
}

func parseStudent(s string) (gensee.Student, error) {
	id, name, ok := strings.Cut(s, ":")
	if !ok {
		id, name, ok = strings.Cut(s, ",")
	}
	if !ok {
		return gensee.Student{}, errors.New("want id:name")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil {
		return gensee.Student{}, errors.New("the id must be an integer")
	}
	return gensee.Student{ID: n, Name: strings.TrimSpace(name)}, nil
}

// readStudents reads a roster: CSV rows of id and name.
func readStudents(path string) ([]gensee.Student, error) {
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		fh, err := os.Open(path)
		if err != nil {
			return nil, usagef("--students-file: %v", err)
		}
		defer fh.Close()
		r = fh
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, usagef("--students-file %s: %v", path, err)
	}
	var out []gensee.Student
	for i, rec := range recs {
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		if len(rec) < 2 {
			return nil, usagef("--students-file %s: line %d: want id,name", path, i+1)
		}
		id, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")), 10, 64)
		if err != nil {
			if i == 0 {
				continue // a header
			}
			return nil, usagef("--students-file %s: line %d: the id %q is not an integer", path, i+1, rec[0])
		}
		out = append(out, gensee.Student{ID: id, Name: strings.TrimSpace(rec[1])})
	}
	return out, nil
}
