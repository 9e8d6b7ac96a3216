package gensee

import "errors"

// ErrNoID is matched (errors.Is) by the error of a call answered success
// (code 0) without the id that the call exists for, so that an empty answer
// is never taken for a result:
//
//   - room/created, famousroom/created, miniroom/created (the new classroom's
//     id), warmup/created (the warm-up item's id), courseware/transcode and
//     media/transcode (coursewareId): the thing may or may not exist; look it
//     up (Rooms.SyncAll by subject, Coursewares.SyncAll) before creating it
//     again;
//   - group/create (as many groups as asked for, each with its code),
//     group/add and group/update (groupCode);
//   - famousroom/modify and miniroom/modify (the classroom's id): the change
//     was accepted, but the classroom as it now is did not come back;
//   - room/info, courseware/info, famousroom/info (id) and tutorialroom/info
//     (tutorialRoomId): an answer that does not describe what was asked for.
//
// The error's text names the endpoint and what was missing.
var ErrNoID = errors.New("gensee: success answer without the id the call exists for")

// ErrNoValue is matched (errors.Is) by the error of a call answered success
// (code 0) without the one value that the call exists for: query/status
// without status (read as 0 it would say that a live class is over) and
// vod/vodview without total (read as 0 it would say that nobody watched).
var ErrNoValue = errors.New("gensee: success answer without the value the call exists for")

// missingError is the error of a call answered success without what it
// exists for; it matches sentinel (ErrNoID or ErrNoValue).
type missingError struct {
	endpoint string
	what     string // what was missing, such as "coursewareId"
	sentinel error
}

// Error returns "gensee: <endpoint>: success answer without <what>".
func (e *missingError) Error() string {
	return "gensee: " + e.endpoint + ": success answer without " + e.what
}

// Is makes errors.Is match the sentinel.
func (e *missingError) Is(target error) bool { return target == e.sentinel }

// noID returns the error of a create call on path answered without the new
// classroom's id.
func noID(path string) error { return missingID(path, "the new classroom's id") }

// missingID returns the error of a call on path answered without the id
// what describes; it matches ErrNoID.
func missingID(path, what string) error {
	return &missingError{endpoint: path, what: what, sentinel: ErrNoID}
}

// missingValue returns the error of a call on path answered without the
// value named what; it matches ErrNoValue.
func missingValue(path, what string) error {
	return &missingError{endpoint: path, what: what, sentinel: ErrNoValue}
}

// ErrNotApplied is matched (errors.Is) by the error of a call that the
// server answered success without doing part of what it was asked, as
// read back right after: Rooms.Modify asking for AAC audio (AACSupport
// true) on a classroom with telephone-conference parameters, where the
// server forces AAC off and ignores the change (spec section 5.2). The rest
// of the request was applied.
var ErrNotApplied = errors.New("gensee: success answer, but the change was not applied")

// notAppliedError is the error of a call whose change to field was not
// applied although the server answered success; it matches ErrNotApplied.
type notAppliedError struct {
	endpoint string
	field    string // the wire name of what was not applied
	why      string
}

// Error returns "gensee: <endpoint>: success answer, but <field> was not
// applied: <why>".
func (e *notAppliedError) Error() string {
	return "gensee: " + e.endpoint + ": success answer, but " + e.field + " was not applied: " + e.why
}

// Is makes errors.Is(err, ErrNotApplied) hold.
func (e *notAppliedError) Is(target error) bool { return target == ErrNotApplied }
