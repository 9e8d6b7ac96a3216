package genseetest

import "github.com/gensee-go/gensee"

// Client returns a gensee.Client pointed at the Server with its
// credentials: gensee.NewClient(srv.URL(), srv.LoginName(), srv.Password(),
// opts...). It panics if NewClient fails, which only a bad option can cause.
func (s *Server) Client(opts ...gensee.Option) *gensee.Client {
	c, err := gensee.NewClient(s.URL(), s.LoginName(), s.Password(), opts...)
	if err != nil {
		panic("genseetest: " + err.Error())
	}
	return c
}
