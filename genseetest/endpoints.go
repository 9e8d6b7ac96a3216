package genseetest

import "slices"

// handlers maps each endpoint path (without /integration/site) to its
// handler.
var handlers = map[string]handler{
	"/training/room/created":            roomCreated,
	"/training/room/modify":             roomModify,
	"/training/room/deleted":            roomDeleted,
	"/training/room/info":               roomInfo,
	"/training/courseware/list":         coursewareList,
	"/training/courseware/info":         coursewareInfo,
	"/training/courseware/modify":       coursewareModify,
	"/training/courseware/deleted":      coursewareDeleted,
	"/training/teacher/created":         teacherCreated,
	"/training/record/syn":              recordSyn,
	"/training/courseware/syn":          coursewareSyn,
	"/training/warmup/created":          warmupCreated,
	"/training/warmup/modify":           warmupModify,
	"/training/warmup/attach":           warmupAttach,
	"/training/warmup/detach":           warmupDetach,
	"/training/record/choose":           recordChoose,
	"/training/record/remove":           recordRemove,
	"/training/export/history":          exportHistory,
	"/training/export/qa":               exportQA,
	"/training/export/rollcall":         exportRollcall,
	"/training/export/vote":             exportVote,
	"/training/doc/syn":                 docSyn,
	"/training/doc/attach":              docAttach,
	"/training/doc/detach":              docDetach,
	"/training/export/study/history":    exportStudyHistory,
	"/training/export/chat":             exportChat,
	"/training/courseware/transcode":    coursewareTranscode,
	"/training/media/transcode":         mediaTranscode,
	"/training/export/room/usage":       exportRoomUsage,
	"/training/room/telconf":            roomTelconf,
	"/training/export/room/concurrent":  exportRoomConcurrent,
	"/training/export/vod/concurrent":   exportVodConcurrent,
	"/training/export/redpacket":        exportRedpacket,
	"/training/export/medal":            exportMedal,
	"/training/export/praise":           exportPraise,
	"/training/relay/add":               relayAdd,
	"/training/relay/remove":            relayRemove,
	"/training/vod/vodview":             vodView,
	"/training/export/reward":           exportReward,
	"/training/teacher/modify":          teacherModify,
	"/training/query/status":            queryStatus,
	"/training/export/praise/detail":    exportPraiseDetail,
	"/training/gr/delete":               grDelete,
	"/training/famousroom/created":      famousCreated,
	"/training/famousroom/modify":       famousModify,
	"/training/slaveroom/modify":        slaveroomModify,
	"/training/famousroom/info":         famousInfo,
	"/training/tutorialroom/info":       tutorialInfo,
	"/training/famousroom/deleted":      famousDeleted,
	"/training/group/create":            groupCreate,
	"/training/group/add":               groupAdd,
	"/training/group/update":            groupUpdate,
	"/training/group/delete":            groupDelete,
	"/training/room/sync":               roomSync,
	"/training/miniroom/created":        miniCreated,
	"/training/miniroom/modify":         miniModify,
	"/training/miniroom/export/history": miniExportHistory,
	"/training/miniroom/syn":            miniSyn,
	"/training/room/student/list":       studentList,
}

// Endpoints returns the paths of the endpoints the Server answers, such as
// "/training/room/info", sorted.
func Endpoints() []string {
	out := make([]string, 0, len(handlers))
	for p := range handlers {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
