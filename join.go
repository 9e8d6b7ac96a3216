package gensee

import (
	"crypto/md5"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
)

// MinThirdPartyUID is the first user id a site may give its own users in a
// join link; Gensee's own users have smaller ids.
const MinThirdPartyUID = 1_000_000_000

// JoinOptions is who joins through a link made by JoinURL (Gensee's URL
// API).
type JoinOptions struct {
	Nickname  string // the name shown in class, UTF-8 (query-encoded here)
	UID       int64  // your user's id: 0 (not sent), or from 1000000000 up (Gensee's own ids are below)
	Token     string // the role's join token; tokens are strings ("002540" keeps its zeros)
	HashToken bool   // send the token's MD5 with sec=md5 instead of the token itself
}

// joinEndpoint names JoinURL in its errors (a *ValidationError's Endpoint).
const joinEndpoint = "JoinURL"

// JoinURL returns the link with which one person joins a class, built from a
// join URL that room/created, room/info, famousroom/…, miniroom/… or
// courseware/list returned (docs/server-behaviour.md#join-urls): an absolute http(s)
// URL whose path ends in /training/site/r/{number} (teachers and
// assistants, told apart by their token), /training/site/s/{number}
// (students) or /training/site/v/{number} (playback).
//
// The path and any query joinURL already has (groupCode=… of a group's
// link) are kept; nickname, token, uid and sec are set from o: nickname
// query-encoded (Chinese names work), token as given (its leading zeros
// kept), or with HashToken its MD5 in lower-case hex and sec=md5; uid only
// when not zero.
//
// Errors are *ValidationError with Endpoint "JoinURL" and the Field at
// fault: "joinURL" when it is not such a URL, "uid" for an id that is
// neither 0 nor at least MinThirdPartyUID, and "token" when the link is a
// /r/ link and the token is empty (teachers and assistants are told apart
// by it; students on /s/ and viewers on /v/ may join a room that has no
// token without one).
func JoinURL(joinURL string, o JoinOptions) (string, error) {
	u, err := url.Parse(strings.TrimSpace(joinURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", joinErr("joinURL", "must be an absolute http or https URL, got "+strconv.Quote(joinURL))
	}
	kind, ok := joinKind(u.Path)
	if !ok {
		return "", joinErr("joinURL", "is not a Gensee join URL (…/training/site/{r|s|v}/{number}), got path "+strconv.Quote(u.Path))
	}
	if o.UID != 0 && o.UID < MinThirdPartyUID {
		return "", joinErr("uid", "must be 0 or at least 1000000000 (smaller ids are Gensee's own users), got "+strconv.FormatInt(o.UID, 10))
	}
	if kind == "r" && o.Token == "" {
		return "", joinErr("token", "is required to join by a teacher's or assistant's link (/r/)")
	}
	q := u.Query()
	for _, k := range [...]string{"nickname", "token", "uid", "sec"} {
		q.Del(k)
	}
	if o.Nickname != "" {
		q.Set("nickname", o.Nickname)
	}
	if o.Token != "" {
		if o.HashToken {
			sum := md5.Sum([]byte(o.Token))
			q.Set("token", hex.EncodeToString(sum[:]))
			q.Set("sec", "md5")
		} else {
			q.Set("token", o.Token)
		}
	}
	if o.UID != 0 {
		q.Set("uid", strconv.FormatInt(o.UID, 10))
	}
	u.RawQuery = q.Encode()
	u.Fragment = ""
	return u.String(), nil
}

// joinKind returns "r", "s" or "v" for a path ending in
// /training/site/{kind}/{number}.
func joinKind(path string) (string, bool) {
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	n := len(parts)
	if n < 5 || parts[n-4] != "training" || parts[n-3] != "site" || parts[n-1] == "" {
		return "", false
	}
	switch k := parts[n-2]; k {
	case "r", "s", "v":
		return k, true
	}
	return "", false
}

func joinErr(field, reason string) error {
	return &ValidationError{Endpoint: joinEndpoint, Field: field, Reason: reason}
}

// TeacherURL returns the teacher's link to the classroom: TeacherJoinURL
// with TeacherToken (see JoinURL).
func (r *Room) TeacherURL(nickname string, uid int64) (string, error) {
	return JoinURL(r.TeacherJoinURL, JoinOptions{Nickname: nickname, UID: uid, Token: r.TeacherToken})
}

// AssistantURL returns an assistant's link to the classroom: TeacherJoinURL
// with AssistantToken (see JoinURL).
func (r *Room) AssistantURL(nickname string, uid int64) (string, error) {
	return JoinURL(r.TeacherJoinURL, JoinOptions{Nickname: nickname, UID: uid, Token: r.AssistantToken})
}

// StudentURL returns a student's link to the classroom for the web:
// StudentJoinURL with StudentToken, or with no token when the classroom
// has none (see JoinURL). Students joining with the desktop client use
// StudentClientToken: JoinURL(r.StudentJoinURL, JoinOptions{Token:
// r.StudentClientToken, …}).
func (r *Room) StudentURL(nickname string, uid int64) (string, error) {
	return JoinURL(r.StudentJoinURL, JoinOptions{Nickname: nickname, UID: uid, Token: r.StudentToken})
}

// StudentURL returns a student's link to the group: JoinURL (which keeps
// its groupCode) with o; the token is the classroom's student token.
func (g *Group) StudentURL(o JoinOptions) (string, error) {
	return JoinURL(g.JoinURL, o)
}

// TeacherURL returns the teacher's link to the mini classroom:
// TeacherJoinURL with TeacherToken (see JoinURL).
func (m *MiniRoom) TeacherURL(nickname string, uid int64) (string, error) {
	return JoinURL(m.TeacherJoinURL, JoinOptions{Nickname: nickname, UID: uid, Token: m.TeacherToken})
}

// StudentURL returns a student's link to the mini classroom: StudentJoinURL
// with StudentClientToken (see JoinURL).
func (m *MiniRoom) StudentURL(nickname string, uid int64) (string, error) {
	return JoinURL(m.StudentJoinURL, JoinOptions{Nickname: nickname, UID: uid, Token: m.StudentClientToken})
}

// TeacherURL returns the famous teacher's link to the dual-teacher
// classroom: ClientURL with TeacherToken (see JoinURL).
func (f *FamousRoom) TeacherURL(nickname string, uid int64) (string, error) {
	return JoinURL(f.ClientURL, JoinOptions{Nickname: nickname, UID: uid, Token: f.TeacherToken})
}

// AssistantURL returns an assistant's link to the dual-teacher classroom:
// ClientURL with AssistantToken (see JoinURL).
func (f *FamousRoom) AssistantURL(nickname string, uid int64) (string, error) {
	return JoinURL(f.ClientURL, JoinOptions{Nickname: nickname, UID: uid, Token: f.AssistantToken})
}

// TutorialTeacherURL returns the tutor's link to the i-th tutorial room
// (辅导端, from 0, in SlaveRoomWrapper order): its ClientURL with the
// wrapper's TeacherToken (see JoinURL). An i out of range is an error
// naming "slaveFamousRoomResultInfos".
func (f *FamousRoom) TutorialTeacherURL(i int, nickname string, uid int64) (string, error) {
	t, w, err := f.tutorial(i)
	if err != nil {
		return "", err
	}
	return JoinURL(t.ClientURL, JoinOptions{Nickname: nickname, UID: uid, Token: w.TeacherToken})
}

// TutorialStudentURL returns a student's link to the i-th tutorial room
// (from 0): its StudentClientURL with the wrapper's StudentClientToken (see
// JoinURL).
func (f *FamousRoom) TutorialStudentURL(i int, nickname string, uid int64) (string, error) {
	t, w, err := f.tutorial(i)
	if err != nil {
		return "", err
	}
	return JoinURL(t.StudentClientURL, JoinOptions{Nickname: nickname, UID: uid, Token: w.StudentClientToken})
}

func (f *FamousRoom) tutorial(i int) (*TutorialRoomInfo, *SlaveRoomWrapper, error) {
	w := f.SlaveRoomWrapper
	if w == nil || i < 0 || i >= len(w.SlaveFamousRoomResultInfos) || w.SlaveFamousRoomResultInfos[i] == nil {
		return nil, nil, joinErr("slaveFamousRoomResultInfos", "has no tutorial room "+strconv.Itoa(i))
	}
	return w.SlaveFamousRoomResultInfos[i], w, nil
}

// TeacherURL returns the tutor's link to the tutorial room: ClientURL with
// TeacherToken (see JoinURL).
func (t *TutorialRoom) TeacherURL(nickname string, uid int64) (string, error) {
	return JoinURL(t.ClientURL, JoinOptions{Nickname: nickname, UID: uid, Token: t.TeacherToken})
}

// StudentURL returns a student's link to the tutorial room: JoinURL with
// StudentClientToken (see JoinURL).
func (t *TutorialRoom) StudentURL(nickname string, uid int64) (string, error) {
	return JoinURL(t.JoinURL, JoinOptions{Nickname: nickname, UID: uid, Token: t.StudentClientToken})
}

// PlaybackURL returns a viewer's link to the courseware: URL (a /v/ link)
// with Token, or with none when the courseware has none (see JoinURL).
func (c *Courseware) PlaybackURL(nickname string, uid int64) (string, error) {
	return JoinURL(c.URL, JoinOptions{Nickname: nickname, UID: uid, Token: c.Token})
}
