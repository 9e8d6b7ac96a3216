package gensee

import (
	"context"
	"errors"
	"strconv"
)

// The endpoint methods of this file repeat one shape on purpose: check the
// request, call s.c.do, return what it decoded (the project's style: a body per
// endpoint, a Get-by-id per service, reads better than a generic helper;
// the shared parts, the checker and do, are already one of each).

// Group is a student group of a classroom (group/create's groups[], and the
// groupList of room/info, tutorialroom/info and famousroom/info).
type Group struct {
	Code    string `json:"code"`    // the group's code (分组编号), not a return code
	RoomID  string `json:"roomId"`  // the classroom's id
	JoinURL string `json:"joinUrl"` // the students' client join URL of the group
	Name    string `json:"name"`    // the group's name
	Subject string `json:"subject"` // the classroom's subject
}

// ErrNoGroups matches the error of Groups.Add on a classroom that has no
// groups yet: group/add only adds to existing groups (spec section 5.51), and
// the server refuses it with a business error (code 500). Code 500 has other
// causes too, so the error matches ErrNoGroups only when room/info confirms
// that the classroom has no groups. Make the first groups with
// Groups.Create.
var ErrNoGroups = errors.New("gensee: the classroom has no groups yet (create them with Groups.Create)")

// noGroupsError is the *APIError of group/add on a classroom without groups:
// it matches the *APIError (errors.As), ErrBusiness and ErrNoGroups.
type noGroupsError struct{ api *APIError }

// Error returns the *APIError's text with a hint to use Groups.Create.
func (e *noGroupsError) Error() string { return e.api.Error() + " (" + ErrNoGroups.Error() + ")" }

// Unwrap returns the *APIError and ErrNoGroups.
func (e *noGroupsError) Unwrap() []error { return []error{e.api, ErrNoGroups} }

// groupNameEntry is one entry of groupNameList.
type groupNameEntry struct {
	GroupName string `json:"groupName,omitempty"`
}

type createGroupsForm struct {
	GroupCount    int              `url:"groupCount"`
	RoomID        string           `url:"roomId"`
	GroupNameList []groupNameEntry `url:"groupNameList,json"`
}

type createGroupsResponse struct {
	Groups []*Group `json:"groups"`
}

// Create makes count student groups (1-40) in a classroom (group/create,
// spec section 5.50) and returns them. names are optional, at most count of
// them: group i is named names[i], and the server names the others itself.
// groupNameList always goes as one form value holding the JSON array text
// with one entry per group: [{"groupName":"一组"},{}] for count 2 and one
// name, [{},{},{}] for count 3 and none (the spec marks the list as required
// and only its names as optional). An empty name counts as no name. A
// success answer with fewer than count groups, or a group without its code,
// is an error matching ErrNoID.
func (s *GroupService) Create(ctx context.Context, roomID string, count int, names ...string) ([]*Group, error) {
	const path = "/training/group/create"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	c.between("groupCount", count, 1, 40)
	if len(names) > count {
		c.fail("groupNameList", "must hold at most groupCount ("+strconv.Itoa(count)+") names, got "+strconv.Itoa(len(names)))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	list := make([]groupNameEntry, count)
	for i, n := range names {
		list[i].GroupName = n
	}
	var resp createGroupsResponse
	if err := s.c.do(ctx, path, createGroupsForm{count, roomID, list}, &resp); err != nil {
		return nil, err
	}
	if len(resp.Groups) < count {
		return nil, missingID(path, strconv.Itoa(count)+" groups (got "+strconv.Itoa(len(resp.Groups))+")")
	}
	for i, g := range resp.Groups {
		if g.Code == "" {
			return nil, missingID(path, "the code of groups["+strconv.Itoa(i)+"]")
		}
	}
	return resp.Groups, nil
}

// groupResponse is the answer of group/add and group/update: one group,
// whose code comes as groupCode beside the return code.
type groupResponse struct {
	GroupCode string `json:"groupCode"`
	RoomID    string `json:"roomId"`
	Subject   string `json:"subject"`
	JoinURL   string `json:"joinUrl"`
	Name      string `json:"name"`
}

// group returns the group of an answer of path; an answer without
// groupCode is an error matching ErrNoID.
func (r *groupResponse) group(path string) (*Group, error) {
	if r.GroupCode == "" {
		return nil, missingID(path, "the group's code (groupCode)")
	}
	return &Group{Code: r.GroupCode, RoomID: r.RoomID, JoinURL: r.JoinURL, Name: r.Name, Subject: r.Subject}, nil
}

type addGroupForm struct {
	RoomID    string `url:"roomId"`
	GroupName string `url:"groupName,omitempty"`
}

// Add adds one student group to a classroom that already has groups
// (group/add, spec section 5.51) and returns it. name is optional: without
// it the server names the group by its number (序号+组). A classroom without
// groups is refused by the server with code 500: the error is an *APIError
// that also matches ErrNoGroups (and ErrBusiness) once room/info confirmed
// that the classroom has no groups; use Create for the first groups. A
// success answer without groupCode is an error matching ErrNoID.
func (s *GroupService) Add(ctx context.Context, roomID, name string) (*Group, error) {
	const path = "/training/group/add"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp groupResponse
	if err := s.c.do(ctx, path, addGroupForm{roomID, name}, &resp); err != nil {
		var api *APIError
		if errors.As(err, &api) && api.Code == CodeBusinessError && s.hasNoGroups(ctx, roomID) {
			return nil, &noGroupsError{api}
		}
		return nil, err
	}
	return resp.group(path)
}

// hasNoGroups reports whether room/info shows the classroom without groups;
// false when that cannot be told (the lookup failed).
func (s *GroupService) hasNoGroups(ctx context.Context, roomID string) bool {
	room, err := (*RoomService)(s).Get(ctx, roomID)
	return err == nil && len(room.GroupList) == 0
}

type updateGroupForm struct {
	RoomID    string `url:"roomId"`
	GroupCode string `url:"groupCode"`
	GroupName string `url:"groupName"`
}

// Update renames a student group (group/update, spec section 5.52) and
// returns the group as it now is. roomID, groupCode and name are all
// required. A success answer without groupCode is an error matching ErrNoID
// (the rename was accepted; the group did not come back).
func (s *GroupService) Update(ctx context.Context, roomID, groupCode, name string) (*Group, error) {
	const path = "/training/group/update"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	c.required("groupCode", groupCode)
	c.required("groupName", name)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var resp groupResponse
	if err := s.c.do(ctx, path, updateGroupForm{roomID, groupCode, name}, &resp); err != nil {
		return nil, err
	}
	return resp.group(path)
}

type deleteGroupForm struct {
	RoomID    string `url:"roomId"`
	GroupCode string `url:"groupCode"`
}

// Delete deletes a student group of a classroom (group/delete, spec section
// 5.53).
func (s *GroupService) Delete(ctx context.Context, roomID, groupCode string) error {
	const path = "/training/group/delete"
	c := s.c.check(ctx, path)
	c.required("roomId", roomID)
	c.required("groupCode", groupCode)
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, deleteGroupForm{roomID, groupCode}, nil)
}
