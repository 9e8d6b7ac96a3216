package gensee_test

// End-to-end: coursewares, recordings, documents, warm-ups and teachers.

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

// seedCoursewares adds n coursewares cw000… of room, created a minute apart
// from t0, and returns them as seeded.
func seedCoursewares(e *env, room string, n int) []genseetest.Courseware {
	out := make([]genseetest.Courseware, n)
	for i := range out {
		c := genseetest.Courseware{
			ID: fmt.Sprintf("cw%03d", i), Subject: fmt.Sprintf("回放 %d", i), RoomID: room,
			Token: "8888", Description: "第" + strconv.Itoa(i) + "讲", CreatorID: 42, RecordID: int64(5000 + i),
			CreatedTime: t0.Add(time.Duration(i) * time.Minute), Duration: int64(60000 * (i + 1)),
			GrType: 0, ConvertResult: 1, Plan: "议程", SpeakerInfo: "王老师",
		}
		c.ID = e.srv.AddCourseware(c)
		out[i] = c
	}
	return out
}

// seedRecordings adds n recordings with ids 5000… created a minute apart
// from t0.
func seedRecordings(e *env, room string, n int) []genseetest.Recording {
	out := make([]genseetest.Recording, n)
	for i := range out {
		r := genseetest.Recording{
			ID: int64(5000 + i), Name: fmt.Sprintf("录制件 %d", i), RoomID: room,
			StartTime: t0.Add(-time.Hour), EndTime: t0.Add(-time.Hour + time.Duration(i+1)*time.Minute),
			CreatedTime: t0.Add(time.Duration(i) * time.Minute), Size: int64(1 << 20 * (i + 1)), CreatorID: 42,
		}
		r.ID = e.srv.AddRecording(r)
		out[i] = r
	}
	return out
}

// seedDocuments adds n documents with ids 7000… created a minute apart from t0.
func seedDocuments(e *env, n int) []genseetest.Document {
	out := make([]genseetest.Document, n)
	for i := range out {
		d := genseetest.Document{
			ID: int64(7000 + i), Name: fmt.Sprintf("讲义%d.pptx", i), Upload: i%2 == 0,
			CreatedTime: t0.Add(time.Duration(i) * time.Minute), ConvCode: gensee.ConvCode(i % 3),
		}
		d.ID = e.srv.AddDocument(d)
		out[i] = d
	}
	return out
}

func assertCourseware(t *testing.T, want genseetest.Courseware, got *gensee.Courseware) {
	t.Helper()
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.Subject, got.Subject)
	assert.Equal(t, want.RoomID, got.RoomID)
	assert.Equal(t, want.Token, got.Token)
	assert.Equal(t, want.Description, got.Description)
	assert.Regexp(t, `/training/site/v/`+regexp.QuoteMeta(got.Number)+`$`, got.URL)
}

func createWarmup(t *testing.T, e *env) (room string, rec int64, w *gensee.Warmup) {
	t.Helper()
	room = e.srv.AddRoom("暖场课堂")
	rec = e.srv.AddRecording(genseetest.Recording{Name: "暖场视频", RoomID: room})
	w, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "暖场", RecordID: rec})
	require.NoError(t, err)
	return room, rec, w
}

func teacherRequest(password string) *gensee.TeacherRequest {
	return &gensee.TeacherRequest{
		TeacherLoginName: "teacher1@demo", TeacherPassword: password, Name: "王老师",
		MaxPoints: gensee.Ptr(10), MaxVodPoints: gensee.Ptr(int64(20)),
		ValidDate: t0, InvalidDate: t0.AddDate(1, 0, 0),
	}
}

// teacherCanLogIn reports whether the teacher's credentials open the site.
func teacherCanLogIn(t *testing.T, e *env, password string) error {
	t.Helper()
	c, _ := dial(t, e.srv.URL(), "teacher1@demo", password)
	_, err := c.Rooms.Sync(e.ctx, nil)
	return err
}

func contentCases() []methodCase {
	return []methodCase{
		nf(methodCase{
			method: "Coursewares.List", path: "/training/courseware/list",
			ok: func(t *testing.T, e *env) {
				room, other := e.srv.AddRoom("课件课堂"), e.srv.AddRoom("别的课堂")
				seeded := seedCoursewares(e, room, 3)
				e.srv.AddCourseware(genseetest.Courseware{ID: "elsewhere", Subject: "别处", RoomID: other})
				list, err := e.c.Coursewares.List(e.ctx, room)
				require.NoError(t, err)
				require.Len(t, list, 3)
				for i, cw := range list {
					assertCourseware(t, seeded[i], cw)
					assert.Equal(t, seeded[i].RecordID, cw.RecordID)
					assert.Equal(t, seeded[i].Duration, cw.Duration)
					sameTime(t, seeded[i].CreatedTime, cw.CreatedTime)
				}

				empty, err := e.c.Coursewares.List(e.ctx, e.srv.AddRoom("还没有录制"))
				require.NoError(t, err)
				assert.NotNil(t, empty)
				assert.Empty(t, empty)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.List(e.ctx, "noSuchRoom")
				return err
			},
		}),
		nf(methodCase{
			method: "Coursewares.Get", path: "/training/courseware/info",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 2)
				cw, err := e.c.Coursewares.Get(e.ctx, seeded[1].ID)
				require.NoError(t, err)
				assertCourseware(t, seeded[1], cw)
				assert.Equal(t, e.srv.URL()+"/training/site/v/"+cw.Number, cw.URL)
				assert.Equal(t, int64(42), cw.Creator)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.Get(e.ctx, "noSuchWare")
				return err
			},
		}),
		nf(methodCase{
			method: "Coursewares.Modify", path: "/training/courseware/modify",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 1)
				err := e.c.Coursewares.Modify(e.ctx, &gensee.ModifyCoursewareRequest{
					ID: seeded[0].ID, Subject: "改过的名字", Token: gensee.Ptr("9999"),
					UIMode: gensee.Ptr(gensee.UIModeThreePane), AutoPlay: gensee.Ptr(false),
				})
				require.NoError(t, err)
				cw, err := e.c.Coursewares.Get(e.ctx, seeded[0].ID)
				require.NoError(t, err)
				assert.Equal(t, "改过的名字", cw.Subject)
				assert.Equal(t, "9999", cw.Token)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Coursewares.Modify(e.ctx, &gensee.ModifyCoursewareRequest{ID: "noSuchWare", Subject: "x"})
			},
		}),
		nf(methodCase{
			method: "Coursewares.Delete", path: "/training/courseware/deleted",
			ok: func(t *testing.T, e *env) {
				seeded := seedCoursewares(e, e.srv.AddRoom("课件课堂"), 2)
				require.NoError(t, e.c.Coursewares.Delete(e.ctx, seeded[0].ID))
				_, err := e.c.Coursewares.Get(e.ctx, seeded[0].ID)
				requireAPIError(t, err, "/training/courseware/info", gensee.CodeNotFound, gensee.ErrNotFound)
				_, err = e.c.Coursewares.Get(e.ctx, seeded[1].ID)
				require.NoError(t, err)
			},
			fail: func(t *testing.T, e *env) error { return e.c.Coursewares.Delete(e.ctx, "noSuchWare") },
		}),
		auth(methodCase{
			method: "Coursewares.Sync", path: "/training/courseware/syn",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("课件课堂")
				seeded := seedCoursewares(e, room, 60)
				e.srv.AddCourseware(genseetest.Courseware{ID: "old", RoomID: room, CreatedTime: t0.Add(-48 * time.Hour)})
				p, err := e.c.Coursewares.Sync(e.ctx, &gensee.SyncOptions{PageNo: 2, StartTime: t0, EndTime: t0.Add(2 * time.Hour)})
				require.NoError(t, err)
				assert.Equal(t, 2, p.PageNo)
				assert.Equal(t, 2, p.TotalPages)
				assert.Equal(t, 60, p.TotalCounts)
				assert.False(t, p.HasNext())
				require.Len(t, p.Items, 10)
				for i, cw := range p.Items {
					want := seeded[50+i]
					assertCourseware(t, want, cw)
					assert.Equal(t, want.RecordID, cw.RecordID)
					assert.Equal(t, want.RecordID, cw.GrID)
					assert.Equal(t, gensee.GrTypeRecording, cw.GrType)
					assert.Equal(t, gensee.ConvertResultSuccess, cw.ConvertResult)
					assert.Equal(t, want.Duration, cw.Duration)
					assert.Equal(t, "议程", cw.Plan)
					assert.Equal(t, "王老师", cw.SpeakerInfo)
					assert.Equal(t, int64(42), cw.Creator)
					sameTime(t, want.CreatedTime, cw.CreatedTime)
				}
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Coursewares.Sync(e.ctx, nil)
				return err
			},
		}),
		// A URL naming no file is accepted: it fails later, through the
		// transcode callback (docs/server-behaviour.md#transcoding).
		auth(methodCase{
			method: "Coursewares.TranscodeDocument", path: "/training/courseware/transcode",
			ok: func(t *testing.T, e *env) {
				res, err := e.c.Coursewares.TranscodeDocument(e.ctx, &gensee.TranscodeDocumentRequest{
					ResourceURL: "https://files.example.com/docs/lesson1.pptx", Name: "第一课",
					CallbackURL: "https://hooks.example.com/gensee?secret=s3", ConvMode: gensee.ConvModeImage,
				})
				require.NoError(t, err)
				assert.NotEmpty(t, res.CoursewareID)
				assert.NotEmpty(t, res.DocID)
				assert.Empty(t, res.RecordID)
				assert.Equal(t, e.srv.URL()+"/training/site/v/"+res.CoursewareCode, res.VisitURL)
				cw, err := e.c.Coursewares.Get(e.ctx, res.CoursewareID)
				require.NoError(t, err)
				assert.Equal(t, "第一课", cw.Subject)
				docs := collect(t, e.c.Docs.SyncAll(e.ctx, nil))
				require.Len(t, docs, 1)
				assert.Equal(t, res.DocID, docs[0].ID)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Coursewares.TranscodeDocument(e.ctx, &gensee.TranscodeDocumentRequest{
					ResourceURL: "https://files.example.com/download?id=7", Name: "没有文件名",
				})
				return err
			},
		}),
		// A URL naming no file is accepted: it fails later, through the
		// transcode callback (docs/server-behaviour.md#transcoding).
		auth(methodCase{
			method: "Coursewares.TranscodeMedia", path: "/training/media/transcode",
			ok: func(t *testing.T, e *env) {
				res, err := e.c.Coursewares.TranscodeMedia(e.ctx, &gensee.TranscodeMediaRequest{
					ResourceURL: "https://files.example.com/media/intro.mp4", Name: "开学视频",
				})
				require.NoError(t, err)
				assert.NotEmpty(t, res.CoursewareID)
				assert.NotEmpty(t, res.RecordID)
				assert.Empty(t, res.DocID)
				assert.Equal(t, e.srv.URL()+"/training/site/v/"+res.CoursewareCode, res.VisitURL)
				recs := collect(t, e.c.Records.SyncAll(e.ctx, nil))
				require.Len(t, recs, 1)
				assert.Equal(t, res.RecordID, recs[0].ID)
				assert.Equal(t, "开学视频", recs[0].Name)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Coursewares.TranscodeMedia(e.ctx, &gensee.TranscodeMediaRequest{
					ResourceURL: "https://files.example.com/stream", Name: "没有文件名",
				})
				return err
			},
		}),
		nf(methodCase{
			method: "Coursewares.ViewCount", path: "/training/vod/vodview",
			ok: func(t *testing.T, e *env) {
				id := e.srv.AddCourseware(genseetest.Courseware{Subject: "热门回放", Views: 42})
				n, err := e.c.Coursewares.ViewCount(e.ctx, id)
				require.NoError(t, err)
				assert.Equal(t, 42, n)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Coursewares.ViewCount(e.ctx, "noSuchWare")
				return err
			},
		}),
		auth(methodCase{
			method: "Records.Sync", path: "/training/record/syn",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("录制课堂")
				seeded := seedRecordings(e, room, 60)
				p, err := e.c.Records.Sync(e.ctx, &gensee.SyncOptions{StartTime: t0, EndTime: t0.Add(2 * time.Hour)})
				require.NoError(t, err)
				assert.Equal(t, 1, p.PageNo)
				assert.Equal(t, 2, p.TotalPages)
				assert.Equal(t, 60, p.TotalCounts)
				require.Len(t, p.Items, 50)
				for i, r := range p.Items {
					want := seeded[i]
					assert.Equal(t, want.ID, r.ID)
					assert.Equal(t, want.Name, r.Name)
					assert.Equal(t, room, r.RoomID)
					assert.Equal(t, want.Size, r.Size)
					assert.Equal(t, int64((i+1)*60000), r.Duration)
					assert.Equal(t, int64(42), r.Creator)
					sameTime(t, want.StartTime, r.RecordStartTime)
					sameTime(t, want.EndTime, r.RecordEndTime)
					sameTime(t, want.CreatedTime, r.CreatedTime)
				}
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Records.Sync(e.ctx, nil)
				return err
			},
		}),
		nf(methodCase{
			method: "Records.Choose", path: "/training/record/choose",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("插播课堂")
				recs := seedRecordings(e, room, 2)
				require.NoError(t, e.c.Records.Choose(e.ctx, room, recs[0].ID, recs[1].ID, recs[0].ID))
				r, _ := e.saved(room)
				assert.Equal(t, []int64{recs[0].ID, recs[1].ID}, r.Inserts)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Records.Choose(e.ctx, e.srv.AddRoom("插播课堂"), 999999999)
			},
		}),
		nf(methodCase{
			method: "Records.Remove", path: "/training/record/remove",
			ok: func(t *testing.T, e *env) {
				room := e.srv.AddRoom("插播课堂")
				recs := seedRecordings(e, room, 2)
				require.NoError(t, e.c.Records.Choose(e.ctx, room, recs[0].ID, recs[1].ID))
				require.NoError(t, e.c.Records.Remove(e.ctx, room, recs[1].ID))
				r, _ := e.saved(room)
				assert.Equal(t, []int64{recs[0].ID}, r.Inserts)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Records.Remove(e.ctx, e.srv.AddRoom("插播课堂"), 999999999)
			},
		}),
		nf(methodCase{
			method: "Records.Delete", path: "/training/gr/delete",
			ok: func(t *testing.T, e *env) {
				recs := seedRecordings(e, e.srv.AddRoom("录制课堂"), 3)
				require.NoError(t, e.c.Records.Delete(e.ctx, recs[1].ID))
				var left []string
				for _, r := range collect(t, e.c.Records.SyncAll(e.ctx, nil)) {
					left = append(left, strconv.FormatInt(r.ID, 10))
				}
				assert.Equal(t, []string{strconv.FormatInt(recs[0].ID, 10), strconv.FormatInt(recs[2].ID, 10)}, left)
			},
			fail: func(t *testing.T, e *env) error { return e.c.Records.Delete(e.ctx, 999999999) },
		}),
		auth(methodCase{
			method: "Docs.Sync", path: "/training/doc/syn",
			ok: func(t *testing.T, e *env) {
				seeded := seedDocuments(e, 60)
				p, err := e.c.Docs.Sync(e.ctx, &gensee.SyncOptions{PageNo: 2})
				require.NoError(t, err)
				assert.Equal(t, 2, p.PageNo)
				assert.Equal(t, 2, p.TotalPages)
				assert.Equal(t, 60, p.TotalCounts)
				require.Len(t, p.Items, 10)
				for i, d := range p.Items {
					want := seeded[50+i]
					assert.Equal(t, want.ID, d.ID)
					assert.Equal(t, want.Name, d.Name)
					assert.Equal(t, want.Upload, d.Upload)
					assert.Equal(t, gensee.ConvCode(want.ConvCode), d.ConvCode)
					sameTime(t, want.CreatedTime, d.CreatedTime)
				}
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.wrong().Docs.Sync(e.ctx, nil)
				return err
			},
		}),
		nf(methodCase{
			method: "Docs.Attach", path: "/training/doc/attach",
			ok: func(t *testing.T, e *env) {
				room, doc := e.srv.AddRoom("文档课堂"), seedDocuments(e, 1)[0]
				require.NoError(t, e.c.Docs.Attach(e.ctx, room, doc.ID))
				r, _ := e.saved(room)
				assert.Equal(t, []int64{doc.ID}, r.Docs)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Docs.Attach(e.ctx, e.srv.AddRoom("文档课堂"), 999999999)
			},
		}),
		nf(methodCase{
			method: "Docs.Detach", path: "/training/doc/detach",
			ok: func(t *testing.T, e *env) {
				room, doc := e.srv.AddRoom("文档课堂"), seedDocuments(e, 1)[0]
				require.NoError(t, e.c.Docs.Attach(e.ctx, room, doc.ID))
				require.NoError(t, e.c.Docs.Detach(e.ctx, room, doc.ID))
				r, _ := e.saved(room)
				assert.Empty(t, r.Docs)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Docs.Detach(e.ctx, "noSuchRoom", seedDocuments(e, 1)[0].ID)
			},
		}),
		nf(methodCase{
			method: "Warmups.Create", path: "/training/warmup/created",
			ok: func(t *testing.T, e *env) {
				rec := e.srv.AddRecording(genseetest.Recording{Name: "暖场视频"})
				w, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "课前暖场", RecordID: rec, Mode: gensee.WarmupModeTwoPane})
				require.NoError(t, err)
				assert.Regexp(t, `^[0-9a-f]{32}$`, w.ID)
				assert.Equal(t, "课前暖场", w.Name)
				assert.Equal(t, rec, w.RecordID)
				assert.Equal(t, gensee.WarmupModeTwoPane, w.Mode)
			},
			fail: func(t *testing.T, e *env) error {
				_, err := e.c.Warmups.Create(e.ctx, &gensee.CreateWarmupRequest{Name: "暖场", RecordID: 999999999})
				return err
			},
		}),
		nf(methodCase{
			method: "Warmups.Modify", path: "/training/warmup/modify",
			ok: func(t *testing.T, e *env) {
				room, rec, w := createWarmup(t, e)
				require.NoError(t, e.c.Warmups.Modify(e.ctx, &gensee.ModifyWarmupRequest{ID: w.ID, Name: "新暖场", Mode: gensee.Ptr(2)}))
				_, warmups := e.saved(room)
				assert.Equal(t, []savedWarmup{{ID: w.ID, Name: "新暖场", RecordID: rec, Mode: 2}}, warmups)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Warmups.Modify(e.ctx, &gensee.ModifyWarmupRequest{ID: "0123456789abcdef0123456789abcdef", Name: "x"})
			},
		}),
		nf(methodCase{
			method: "Warmups.Attach", path: "/training/warmup/attach",
			ok: func(t *testing.T, e *env) {
				room, _, w := createWarmup(t, e)
				require.NoError(t, e.c.Warmups.Attach(e.ctx, room, w.ID))
				r, _ := e.saved(room)
				assert.Equal(t, w.ID, r.Warmup)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Warmups.Attach(e.ctx, e.srv.AddRoom("暖场课堂"), "0123456789abcdef0123456789abcdef")
			},
		}),
		nf(methodCase{
			method: "Warmups.Detach", path: "/training/warmup/detach",
			ok: func(t *testing.T, e *env) {
				room, _, w := createWarmup(t, e)
				require.NoError(t, e.c.Warmups.Attach(e.ctx, room, w.ID))
				require.NoError(t, e.c.Warmups.Detach(e.ctx, room, w.ID))
				r, _ := e.saved(room)
				assert.Empty(t, r.Warmup)
			},
			fail: func(t *testing.T, e *env) error {
				return e.c.Warmups.Detach(e.ctx, "noSuchRoom", "0123456789abcdef0123456789abcdef")
			},
		}),
		{
			method: "Teachers.Create", path: "/training/teacher/created",
			ok: func(t *testing.T, e *env) {
				require.Error(t, teacherCanLogIn(t, e, "t-secret-1"))
				require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
				require.NoError(t, teacherCanLogIn(t, e, "t-secret-1"), "the new teacher logs in")
			},
			fail: func(t *testing.T, e *env) error {
				require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
				return e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1"))
			},
			code: gensee.CodeDuplicate, is: gensee.ErrDuplicate,
		},
		nf(methodCase{
			method: "Teachers.Modify", path: "/training/teacher/modify",
			ok: func(t *testing.T, e *env) {
				require.NoError(t, e.c.Teachers.Create(e.ctx, teacherRequest("t-secret-1")))
				req := teacherRequest("t-secret-2")
				req.Name, req.MaxPoints = "王老师（高三）", gensee.Ptr(5)
				require.NoError(t, e.c.Teachers.Modify(e.ctx, req))
				err := teacherCanLogIn(t, e, "t-secret-1")
				requireAPIError(t, err, "/training/room/sync", gensee.CodeAuthFailed, gensee.ErrAuth)
				require.NoError(t, teacherCanLogIn(t, e, "t-secret-2"), "the new password works")
			},
			fail: func(t *testing.T, e *env) error { return e.c.Teachers.Modify(e.ctx, teacherRequest("t-secret-1")) },
		}),
	}
}
