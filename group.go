package gensee

// Group is a student group of a classroom (group/create's groups[], and the
// groupList of room/info, tutorialroom/info and famousroom/info).
type Group struct {
	Code    string `json:"code"`    // the group's code (分组编号), not a return code
	RoomID  string `json:"roomId"`  // the classroom's id
	JoinURL string `json:"joinUrl"` // the students' client join URL of the group
	Name    string `json:"name"`    // the group's name
	Subject string `json:"subject"` // the classroom's subject
}
