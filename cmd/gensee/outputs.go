package main

import (
	"reflect"

	"github.com/gensee-go/gensee"
)

// okResult is what an action that returns nothing prints.
type okResult struct {
	OK bool `json:"ok"`
}

// statusResult is what "rooms status" prints: the status as its number
// and as words, the same in every format.
type statusResult struct {
	RoomID string `json:"roomId"`
	Status int    `json:"status"` // 0 not started or ended, 1 preparing, 2 live
	Text   string `json:"text"`   // the status in words: "idle", "preparing", "live"
}

// viewCountResult is what "coursewares view-count" prints.
type viewCountResult struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
}

// outputs is the type of what each action prints, by its endpoint: with
// it, a --fields naming no column is refused before anything is sent.
// TestOutputsTable checks every entry against what the action prints.
var outputs = map[string]reflect.Type{
	"/training/room/created":            reflect.TypeFor[*gensee.Room](),
	"/training/room/modify":             reflect.TypeFor[okResult](),
	"/training/room/deleted":            reflect.TypeFor[okResult](),
	"/training/room/info":               reflect.TypeFor[*gensee.Room](),
	"/training/room/telconf":            reflect.TypeFor[okResult](),
	"/training/query/status":            reflect.TypeFor[statusResult](),
	"/training/room/sync":               reflect.TypeFor[*gensee.RoomSummary](),
	"/training/room/student/list":       reflect.TypeFor[okResult](),
	"/training/relay/add":               reflect.TypeFor[okResult](),
	"/training/relay/remove":            reflect.TypeFor[okResult](),
	"/training/courseware/list":         reflect.TypeFor[*gensee.Courseware](),
	"/training/courseware/info":         reflect.TypeFor[*gensee.Courseware](),
	"/training/courseware/modify":       reflect.TypeFor[okResult](),
	"/training/courseware/deleted":      reflect.TypeFor[okResult](),
	"/training/courseware/syn":          reflect.TypeFor[*gensee.Courseware](),
	"/training/courseware/transcode":    reflect.TypeFor[*gensee.TranscodeResult](),
	"/training/media/transcode":         reflect.TypeFor[*gensee.TranscodeResult](),
	"/training/vod/vodview":             reflect.TypeFor[viewCountResult](),
	"/training/record/syn":              reflect.TypeFor[*gensee.Record](),
	"/training/record/choose":           reflect.TypeFor[okResult](),
	"/training/record/remove":           reflect.TypeFor[okResult](),
	"/training/gr/delete":               reflect.TypeFor[okResult](),
	"/training/doc/syn":                 reflect.TypeFor[*gensee.Doc](),
	"/training/doc/attach":              reflect.TypeFor[okResult](),
	"/training/doc/detach":              reflect.TypeFor[okResult](),
	"/training/warmup/created":          reflect.TypeFor[*gensee.Warmup](),
	"/training/warmup/modify":           reflect.TypeFor[okResult](),
	"/training/warmup/attach":           reflect.TypeFor[okResult](),
	"/training/warmup/detach":           reflect.TypeFor[okResult](),
	"/training/teacher/created":         reflect.TypeFor[okResult](),
	"/training/teacher/modify":          reflect.TypeFor[okResult](),
	"/training/export/history":          reflect.TypeFor[*gensee.Attendance](),
	"/training/export/qa":               reflect.TypeFor[*gensee.Question](),
	"/training/export/rollcall":         reflect.TypeFor[*gensee.RollCall](),
	"/training/export/vote":             reflect.TypeFor[*gensee.Vote](),
	"/training/export/chat":             reflect.TypeFor[*gensee.ChatMessage](),
	"/training/export/redpacket":        reflect.TypeFor[*gensee.RedPacket](),
	"/training/export/medal":            reflect.TypeFor[*gensee.Medal](),
	"/training/export/praise":           reflect.TypeFor[*gensee.Praise](),
	"/training/export/praise/detail":    reflect.TypeFor[*gensee.PraiseDetail](),
	"/training/export/study/history":    reflect.TypeFor[*gensee.StudyRecord](),
	"/training/export/room/usage":       reflect.TypeFor[*gensee.RoomUsage](),
	"/training/export/room/concurrent":  reflect.TypeFor[*gensee.DailyConcurrency](),
	"/training/export/vod/concurrent":   reflect.TypeFor[*gensee.DailyConcurrency](),
	"/training/export/reward":           reflect.TypeFor[*gensee.Reward](),
	"/training/famousroom/created":      reflect.TypeFor[*gensee.FamousRoom](),
	"/training/famousroom/modify":       reflect.TypeFor[*gensee.FamousRoom](),
	"/training/famousroom/info":         reflect.TypeFor[*gensee.FamousRoom](),
	"/training/famousroom/deleted":      reflect.TypeFor[okResult](),
	"/training/slaveroom/modify":        reflect.TypeFor[okResult](),
	"/training/tutorialroom/info":       reflect.TypeFor[*gensee.TutorialRoom](),
	"/training/group/create":            reflect.TypeFor[*gensee.Group](),
	"/training/group/add":               reflect.TypeFor[*gensee.Group](),
	"/training/group/update":            reflect.TypeFor[*gensee.Group](),
	"/training/group/delete":            reflect.TypeFor[okResult](),
	"/training/miniroom/created":        reflect.TypeFor[*gensee.MiniRoom](),
	"/training/miniroom/modify":         reflect.TypeFor[*gensee.MiniRoom](),
	"/training/miniroom/export/history": reflect.TypeFor[*gensee.MiniRoomStudentStats](),
	"/training/miniroom/syn":            reflect.TypeFor[*gensee.MiniRoomStats](),
}

// checkFields refuses a --fields that names no column of what the action
// prints, before anything is sent.
func checkFields(path, format string, fields []string) error {
	t := outputs[path]
	if t == nil || len(fields) == 0 {
		return nil
	}
	_, err := pick(t, columns(t), format, fields)
	return err
}

// printedHook, when set (by tests), is told the type each action prints:
// TestOutputsTable checks the outputs table against it.
var printedHook func(path string, t reflect.Type)

// printed notes that the action prints values of type t.
func (e *env) printed(t reflect.Type) {
	if printedHook != nil {
		printedHook(e.path, t)
	}
}
