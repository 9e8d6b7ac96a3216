package genseetest

// DefaultRequestHistory is how many requests a Server keeps for Requests
// and RequestsTo when WithRequestHistory is not given: the newest 4,000,
// a few MB, so that a fake can run for days in constant memory.
const DefaultRequestHistory = 4000

// WithRequestHistory sets how many of the requests received a Server keeps
// for Requests and RequestsTo: the newest n, older ones are forgotten. Zero
// keeps none; a negative n keeps every request (memory grows with each
// one, as in v0.2). The default is DefaultRequestHistory.
func WithRequestHistory(n int) Option {
	return func(c *config) { c.history, c.historySet = n, true }
}

// history is a ring of the newest requests. It is guarded by Server.mu.
type history struct {
	limit int       // < 0: unbounded
	buf   []Request // oldest at start once full
	start int       // index of the oldest entry when the ring is full
	total int64     // requests received, kept or not
}

func (h *history) add(r Request) {
	h.total++
	switch {
	case h.limit == 0:
		return
	case h.limit < 0 || len(h.buf) < h.limit:
		h.buf = append(h.buf, r)
	default:
		h.buf[h.start] = r
		h.start = (h.start + 1) % h.limit
	}
}

// list returns copies of the kept requests, oldest first.
func (h *history) list() []Request {
	out := make([]Request, 0, len(h.buf))
	for i := range h.buf {
		r := h.buf[(h.start+i)%len(h.buf)]
		r.Form = cloneValues(r.Form)
		out = append(out, r)
	}
	return out
}

// RequestCount returns how many requests the Server has received since it
// started, including those the request history no longer holds.
func (s *Server) RequestCount() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.history.total
}
