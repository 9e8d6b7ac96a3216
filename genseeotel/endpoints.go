package genseeotel

import "strings"

// OtherEndpoint is the value of EndpointKey on metrics, and the end of the
// span's name, for a path that is none of the 59 endpoints of the training
// API (one given to Client.Call by mistake, or with an id in it): the
// metrics' attribute sets stay bounded whatever paths are called.
const OtherEndpoint = "other"

// endpoints are the paths of the 59 endpoints of the training API; the
// tests hold this set to the catalog.
var endpoints = map[string]bool{
	"/training/courseware/deleted":      true,
	"/training/courseware/info":         true,
	"/training/courseware/list":         true,
	"/training/courseware/modify":       true,
	"/training/courseware/syn":          true,
	"/training/courseware/transcode":    true,
	"/training/doc/attach":              true,
	"/training/doc/detach":              true,
	"/training/doc/syn":                 true,
	"/training/export/chat":             true,
	"/training/export/history":          true,
	"/training/export/medal":            true,
	"/training/export/praise":           true,
	"/training/export/praise/detail":    true,
	"/training/export/qa":               true,
	"/training/export/redpacket":        true,
	"/training/export/reward":           true,
	"/training/export/rollcall":         true,
	"/training/export/room/concurrent":  true,
	"/training/export/room/usage":       true,
	"/training/export/study/history":    true,
	"/training/export/vod/concurrent":   true,
	"/training/export/vote":             true,
	"/training/famousroom/created":      true,
	"/training/famousroom/deleted":      true,
	"/training/famousroom/info":         true,
	"/training/famousroom/modify":       true,
	"/training/gr/delete":               true,
	"/training/group/add":               true,
	"/training/group/create":            true,
	"/training/group/delete":            true,
	"/training/group/update":            true,
	"/training/media/transcode":         true,
	"/training/miniroom/created":        true,
	"/training/miniroom/export/history": true,
	"/training/miniroom/modify":         true,
	"/training/miniroom/syn":            true,
	"/training/query/status":            true,
	"/training/record/choose":           true,
	"/training/record/remove":           true,
	"/training/record/syn":              true,
	"/training/relay/add":               true,
	"/training/relay/remove":            true,
	"/training/room/created":            true,
	"/training/room/deleted":            true,
	"/training/room/info":               true,
	"/training/room/modify":             true,
	"/training/room/student/list":       true,
	"/training/room/sync":               true,
	"/training/room/telconf":            true,
	"/training/slaveroom/modify":        true,
	"/training/teacher/created":         true,
	"/training/teacher/modify":          true,
	"/training/tutorialroom/info":       true,
	"/training/vod/vodview":             true,
	"/training/warmup/attach":           true,
	"/training/warmup/created":          true,
	"/training/warmup/detach":           true,
	"/training/warmup/modify":           true,
}

// bucket returns endpoint when it is one of the 59, else OtherEndpoint.
func bucket(endpoint string) string {
	if endpoints[endpoint] {
		return endpoint
	}
	return OtherEndpoint
}

// defaultClass is the limiter class of an endpoint unless WithLimiterClass
// says otherwise: "exports" for an endpoint with an "export" segment (as
// genseeredis.IsExport), "main" for the others.
func defaultClass(endpoint string) string {
	if strings.HasPrefix(endpoint, "/training/") && strings.Contains(endpoint+"/", "/export/") {
		return "exports"
	}
	return "main"
}
