package gensee

// The conformance test, returns: what the SDK decodes, checked name by name
// against the return tables of the catalog (spec_test.go has the requests
// and the catalog loader). Every place where the SDK departs from the letter
// of a table is an exception listed below with its reason; an exception that
// no longer applies fails the test too, so the lists stay true.

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ---------------------------------------------------------------------------
// Returns: the exceptions.

// envelopeFields are the top-level code and message of every return table:
// the decoder reads them itself (client.decode), before and apart from the
// result type. Deeper rows named code (groupList[].code, room/sync's
// list[].code, ...) are ordinary fields and are checked.
var envelopeFields = map[string]string{
	"code":    "the return code, checked by client.decode and turned into *APIError",
	"message": "the code's explanation, carried by *APIError",
}

// objectTypedArrays are top-level rows typed JSONArray that hold one
// object: the result type has a struct there, whose fields are checked
// against the nested rows.
var objectTypedArrays = map[string]string{
	"page": "ENDPOINTS.md recurring quirk: 'page' is typed JSONArray although it is one object " +
		"{pageNo, totalPages, totalCounts}; decoded into *pageInfo, which newPage turns into Page",
}

// returnException is a deliberate difference between a return table and the
// result type, for the row at a field path ("list[].Id").
type returnException struct {
	foldCase bool   // the json tag matches the row's name ignoring case
	at       string // the field is looked up in the struct of this field path instead ("" keeps its own)
	reason   string
}

var returnExceptions = map[string]map[string]returnException{
	"/training/doc/syn": {
		"list[].Id": {foldCase: true, reason: "ENDPOINTS.md quirk 5.22: the item id is spelled 'Id'; Doc.ID is " +
			`tagged "id", which encoding/json matches case-insensitively, so both spellings decode`},
	},
	"/training/export/vote": {
		"list[].questions[].options[].type": {at: "list[].questions[]", reason: "ENDPOINTS.md quirk 5.21 and " +
			"API.md: by meaning type (single/multiple/text) belongs to the question, whatever the indentation; VoteQuestion.Type"},
		"list[].questions[].options[].results": {at: "list[].questions[]", reason: "ENDPOINTS.md quirk 5.21 and " +
			"API.md: results are the users' answers to the question; VoteQuestion.Results"},
	},
}

// duplicateRows are rows a table lists twice at one level: one json key
// can hold only one of them.
var duplicateRows = map[string]map[string]string{
	"/training/courseware/list": {
		"coursewares[].duration": "ENDPOINTS.md quirk 5.5: 课件时长 and 点播时长 (added 2018-07-24) are both " +
			"'duration'; a JSON object carries one key, which Courseware.Duration holds",
	},
}

// paramsReturned are rows of a parameter table that are in fact returned:
// they are looked up in the result type like return rows.
var paramsReturned = map[string]map[string]string{
	"/training/query/status": {
		"status": "ENDPOINTS.md quirk 5.41: the live status, listed in the input table; decoded into statusResponse.Status",
	},
}

// quirksFollowed are odd shapes of the spec that the result types follow
// to the letter, so that no exception is needed; each must resolve.
var quirksFollowed = map[string][]string{
	// catalog quirk 5.25: the paging fields are top-level, not a page object.
	"/training/export/study/history": {"pageNo", "totalPages", "totalCounts"},
	// catalog quirk 5.58: the all-users duration sits beside the page object.
	"/training/miniroom/syn": {"duration"},
	// catalog quirk 5.51: group/add returns the code as groupCode, not code.
	"/training/group/add":    {"groupCode"},
	"/training/group/update": {"groupCode"},
	// catalog quirk 5.21 and docs/server-behaviour.md#responses: the option share is spelled precentage.
	"/training/export/vote": {"list[].questions[].options[].precentage"},
	// catalog quirk 5.4: groupList read as a top-level field; its code is the group's.
	"/training/room/info": {"groupList", "groupList[].code"},
	// catalog quirk 5.54: ' loginType' and 'description ' have stray blanks in the document; the catalog trims them.
	"/training/room/sync": {"list[].loginType", "list[].description"},
	// catalog quirks 5.18, 5.29, 5.31: the '（可选）' fields exported only with the overseas line.
	"/training/export/history":         {"list[].idcid", "list[].foreignHighLine"},
	"/training/export/room/usage":      {"list[].maxConcurrentVip"},
	"/training/export/room/concurrent": {"list[].maxvip"},
}

// ---------------------------------------------------------------------------
// Returns: the result types.

// specResultTypes is, per endpoint, the type its method decodes the answer
// into; nil where it decodes nothing (the table returns code and message
// only).
var specResultTypes = map[string]reflect.Type{
	"/training/room/created":            reflect.TypeFor[Room](),
	"/training/room/modify":             nil,
	"/training/room/deleted":            nil,
	"/training/room/info":               reflect.TypeFor[Room](),
	"/training/courseware/list":         reflect.TypeFor[coursewareList](),
	"/training/courseware/info":         reflect.TypeFor[Courseware](),
	"/training/courseware/modify":       nil,
	"/training/courseware/deleted":      nil,
	"/training/teacher/created":         nil,
	"/training/record/syn":              reflect.TypeFor[listPage[*Record]](),
	"/training/courseware/syn":          reflect.TypeFor[listPage[*Courseware]](),
	"/training/warmup/created":          reflect.TypeFor[Warmup](),
	"/training/warmup/modify":           nil,
	"/training/warmup/attach":           nil,
	"/training/warmup/detach":           nil,
	"/training/record/choose":           nil,
	"/training/record/remove":           nil,
	"/training/export/history":          reflect.TypeFor[exportList[*Attendance]](),
	"/training/export/qa":               reflect.TypeFor[exportList[*Question]](),
	"/training/export/rollcall":         reflect.TypeFor[rollCallList](),
	"/training/export/vote":             reflect.TypeFor[exportList[*voteWire]](),
	"/training/doc/syn":                 reflect.TypeFor[listPage[*Doc]](),
	"/training/doc/attach":              nil,
	"/training/doc/detach":              nil,
	"/training/export/study/history":    reflect.TypeFor[listPage[*StudyRecord]](),
	"/training/export/chat":             reflect.TypeFor[exportList[*ChatMessage]](),
	"/training/courseware/transcode":    reflect.TypeFor[TranscodeResult](),
	"/training/media/transcode":         reflect.TypeFor[TranscodeResult](),
	"/training/export/room/usage":       reflect.TypeFor[exportList[*RoomUsage]](),
	"/training/room/telconf":            nil,
	"/training/export/room/concurrent":  reflect.TypeFor[exportList[*DailyConcurrency]](),
	"/training/export/vod/concurrent":   reflect.TypeFor[exportList[*DailyConcurrency]](),
	"/training/export/redpacket":        reflect.TypeFor[redPacketList](),
	"/training/export/medal":            reflect.TypeFor[medalPage](),
	"/training/export/praise":           reflect.TypeFor[praisePage[*Praise]](),
	"/training/relay/add":               nil,
	"/training/relay/remove":            nil,
	"/training/vod/vodview":             reflect.TypeFor[viewCountResponse](),
	"/training/export/reward":           reflect.TypeFor[exportList[*Reward]](),
	"/training/teacher/modify":          nil,
	"/training/query/status":            reflect.TypeFor[statusResponse](),
	"/training/export/praise/detail":    reflect.TypeFor[praisePage[*PraiseDetail]](),
	"/training/gr/delete":               nil,
	"/training/famousroom/created":      reflect.TypeFor[FamousRoom](),
	"/training/famousroom/modify":       reflect.TypeFor[FamousRoom](),
	"/training/slaveroom/modify":        nil,
	"/training/famousroom/info":         reflect.TypeFor[FamousRoom](),
	"/training/tutorialroom/info":       reflect.TypeFor[TutorialRoom](),
	"/training/famousroom/deleted":      nil,
	"/training/group/create":            reflect.TypeFor[createGroupsResponse](),
	"/training/group/add":               reflect.TypeFor[groupResponse](),
	"/training/group/update":            reflect.TypeFor[groupResponse](),
	"/training/group/delete":            nil,
	"/training/room/sync":               reflect.TypeFor[listPage[*RoomSummary]](),
	"/training/miniroom/created":        reflect.TypeFor[MiniRoom](),
	"/training/miniroom/modify":         reflect.TypeFor[MiniRoom](),
	"/training/miniroom/export/history": reflect.TypeFor[studentStatsResponse](),
	"/training/miniroom/syn":            reflect.TypeFor[roomStatsResponse](),
	"/training/room/student/list":       nil,
}

// ---------------------------------------------------------------------------
// Returns: the test.

// returnWalk walks one endpoint's return table through its result type.
type returnWalk struct {
	path     string
	levels   map[string]reflect.Type // field path of a struct level ("" is the top) → its Go type
	resolved map[string]bool         // field paths found in the result type
	used     map[string]bool         // "path|field path" of the exceptions that applied
	issues   []string
}

func (w *returnWalk) issue(format string, args ...any) {
	w.issues = append(w.issues, w.path+": "+fmt.Sprintf(format, args...))
}

// jsonField returns the field of struct t whose json name is name (promoted
// fields of untagged embedded structs included), exactly or ignoring case.
func jsonField(t reflect.Type, name string, fold bool) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if sf.Anonymous && tag == "" && deref(sf.Type).Kind() == reflect.Struct {
			if f, ok := jsonField(deref(sf.Type), name, fold); ok {
				return f, true
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if tag == "" {
			tag = sf.Name
		}
		if tag == name || (fold && strings.EqualFold(tag, name)) {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// fields checks the rows fs, at field path level, against struct t.
func (w *returnWalk) fields(level string, t reflect.Type, fs []specField) {
	w.levels[level] = t
	seen := map[string]bool{}
	for _, f := range fs {
		if level == "" && envelopeFields[f.Name] != "" {
			continue
		}
		fp := f.Name
		if level != "" {
			fp = level + "." + f.Name
		}
		if seen[f.Name] {
			if _, ok := duplicateRows[w.path][fp]; ok {
				w.used[w.path+"|"+fp] = true
			} else {
				w.issue("%s is listed twice at one level: list it in duplicateRows", fp)
			}
			continue
		}
		seen[f.Name] = true

		ex, hasEx := returnExceptions[w.path][fp]
		in := t
		if hasEx && ex.at != "" {
			w.used[w.path+"|"+fp] = true
			in = w.levels[ex.at]
			if in == nil {
				w.issue("%s: the exception looks in %q, which was not walked", fp, ex.at)
				continue
			}
		}
		sf, ok := jsonField(in, f.Name, false)
		if !ok && hasEx && ex.foldCase {
			if sf, ok = jsonField(in, f.Name, true); ok {
				w.used[w.path+"|"+fp] = true
			}
		}
		if !ok {
			w.issue("%s (%s) has no field tagged json:%q in %v", fp, f.Type, f.Name, in)
			continue
		}
		w.resolved[fp] = true
		if len(f.Children) == 0 {
			continue
		}
		ft := deref(sf.Type)
		switch {
		case f.TypeNorm == "array" && ft.Kind() == reflect.Slice && deref(ft.Elem()).Kind() == reflect.Struct:
			w.fields(fp+"[]", deref(ft.Elem()), f.Children)
		case f.TypeNorm == "array" && ft.Kind() == reflect.Struct && level == "" && objectTypedArrays[f.Name] != "":
			w.used["object|"+f.Name] = true
			w.fields(fp, ft, f.Children)
		case f.TypeNorm == "object" && ft.Kind() == reflect.Struct:
			w.fields(fp, ft, f.Children)
		default:
			w.issue("%s is a %s of rows, but %v.%s is a %v", fp, f.Type, in, sf.Name, sf.Type)
		}
	}
}

// TestSpecReturnFields walks every return table through the type its
// method decodes into: each documented row must be a field tagged with its
// name, exactly (ignoring case only where returnExceptions says so), at the
// same nesting (a JSONArray's rows in the slice's element, a JSONObject's in
// the struct). Every mismatch is reported at once, as a to-do list.
func TestSpecReturnFields(t *testing.T) {
	eps := loadSpec(t)
	var paths []string
	for _, ep := range eps {
		paths = append(paths, ep.Path)
		assert.Contains(t, specResultTypes, ep.Path, "specResultTypes has no entry for section 5.%d", ep.Section)
	}
	for p := range specResultTypes {
		assert.Contains(t, paths, p, "specResultTypes has a path the catalog does not list")
	}

	used := map[string]bool{}
	var issues []string
	for _, ep := range eps {
		rt := specResultTypes[ep.Path]
		rows := slices.Clone(ep.Returns)
		for _, p := range ep.Params {
			if _, ok := paramsReturned[ep.Path][p.Name]; ok {
				used[ep.Path+"|"+p.Name] = true
				rows = append(rows, p)
			}
		}
		documented := slices.ContainsFunc(rows, func(f specField) bool { return envelopeFields[f.Name] == "" })
		if rt == nil {
			if documented {
				issues = append(issues, ep.Path+": the table returns fields, but specResultTypes says nothing is decoded")
			}
			continue
		}
		if rt.Kind() != reflect.Struct {
			issues = append(issues, fmt.Sprintf("%s: %v is not a struct", ep.Path, rt))
			continue
		}
		w := &returnWalk{path: ep.Path, levels: map[string]reflect.Type{}, resolved: map[string]bool{}, used: used}
		w.fields("", rt, rows)
		for _, fp := range quirksFollowed[ep.Path] {
			if !w.resolved[fp] {
				w.issue("the followed quirk %s did not resolve", fp)
			}
		}
		issues = append(issues, w.issues...)
	}

	for path, m := range returnExceptions {
		for fp := range m {
			if !used[path+"|"+fp] {
				issues = append(issues, fmt.Sprintf("returnExceptions: %s %s no longer applies", path, fp))
			}
		}
	}
	for path, m := range duplicateRows {
		for fp := range m {
			if !used[path+"|"+fp] {
				issues = append(issues, fmt.Sprintf("duplicateRows: %s %s is no longer listed twice", path, fp))
			}
		}
	}
	for path, m := range paramsReturned {
		for name := range m {
			if !used[path+"|"+name] {
				issues = append(issues, fmt.Sprintf("paramsReturned: %s has no parameter %s", path, name))
			}
		}
	}
	for name := range objectTypedArrays {
		if !used["object|"+name] {
			issues = append(issues, fmt.Sprintf("objectTypedArrays: no result type has a struct for %s", name))
		}
	}
	for path := range quirksFollowed {
		if !slices.Contains(paths, path) {
			issues = append(issues, "quirksFollowed: "+path+" is not in the catalog")
		}
	}
	if len(issues) > 0 {
		slices.Sort(issues)
		t.Errorf("%d return fields do not match the spec:\n\t%s", len(issues), strings.Join(issues, "\n\t"))
	}
}
