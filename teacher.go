package gensee

import (
	"context"
	"fmt"
	"time"
)

// TeacherRequest holds the parameters of teacher/created and teacher/modify
// (spec sections 5.9 and 5.40). TeacherLoginName, TeacherPassword and Name
// are required; a nil pointer or zero time is not sent.
//
// TeacherPassword is sent as given (the client's MD5 hashing and sec=true
// concern the site account's password, not this one). It never appears in
// an error of this package.
type TeacherRequest struct {
	TeacherLoginName string    `url:"teacherLoginName"`                // 1-40 characters; teacher/modify looks the teacher up by it
	TeacherPassword  string    `url:"teacherPassword"`                 // 6-15 characters
	Name             string    `url:"name"`                            // display name, 1-40 characters
	MaxPoints        *int      `url:"maxPoints,omitempty"`             // the teacher's classroom concurrency (课堂最大并发), not negative
	ValidDate        time.Time `url:"validDate,unixmilli,omitempty"`   // when the account starts to work
	InvalidDate      time.Time `url:"invalidDate,unixmilli,omitempty"` // when the account stops working; not before ValidDate
	MaxVodPoints     *int64    `url:"maxVodPoints,omitempty"`          // the teacher's courseware concurrency (课件最大并发), not negative
}

// Create creates a teacher account of the site (teacher/created, spec
// section 5.9); with the integration API a teacher is mostly the account
// that calls the teacher-role endpoints. MaxPoints and MaxVodPoints only
// take effect when the site has organizer concurrency (组织者并发) enabled,
// and are capped at the site's own concurrency. Never retried.
func (s *TeacherService) Create(ctx context.Context, req *TeacherRequest) error {
	return s.send(ctx, "/training/teacher/created", req)
}

// Modify finds a teacher by TeacherLoginName and replaces their name,
// password, concurrency and validity (teacher/modify, spec section 5.40).
// The password is always reset to TeacherPassword; the concurrency caps
// behave as in Create.
func (s *TeacherService) Modify(ctx context.Context, req *TeacherRequest) error {
	return s.send(ctx, "/training/teacher/modify", req)
}

func (s *TeacherService) send(ctx context.Context, path string, req *TeacherRequest) error {
	if req == nil {
		return s.c.nilRequest(ctx, path)
	}
	c := s.c.check(ctx, path)
	c.length("teacherLoginName", req.TeacherLoginName, 1, 40)
	c.length("teacherPassword", req.TeacherPassword, 6, 15) // the reason gives the length only, never the value
	c.length("name", req.Name, 1, 40)
	if req.MaxPoints != nil && *req.MaxPoints < 0 {
		c.fail("maxPoints", fmt.Sprintf("must not be negative, got %d", *req.MaxPoints))
	}
	if req.MaxVodPoints != nil && *req.MaxVodPoints < 0 {
		c.fail("maxVodPoints", fmt.Sprintf("must not be negative, got %d", *req.MaxVodPoints))
	}
	if !req.ValidDate.IsZero() && !req.InvalidDate.IsZero() && req.InvalidDate.Before(req.ValidDate) {
		c.fail("invalidDate", "must not be before validDate")
	}
	if err := c.Err(); err != nil {
		return err
	}
	return s.c.do(ctx, path, req, nil)
}

// secrets keeps the teacher's password out of errors and log lines, should
// the server or a proxy echo the request.
func (r *TeacherRequest) secrets() []string { return []string{r.TeacherPassword} }
