// Package gensee is a client of Gensee's training (教育培训) integration API:
// the HTTP API that education backends call to create live classrooms, manage
// recordings, coursewares, warm-ups, dual-teacher and mini classrooms, and
// export attendance, Q&A, roll calls, votes, chat, red packets, medals,
// praise and rewards. Every one of the API's 59 endpoints is a typed method.
//
// # Getting started
//
// Make one Client per site and share it; it is safe for concurrent use.
//
//	c, err := gensee.NewClient("demo.gensee.com", "admin@demo", password)
//	if err != nil { … }
//	room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
//		Subject:   "高一数学",
//		StartDate: time.Now().Add(time.Hour),
//		Realtime:  true,
//	})
//	fmt.Println(room.TeacherJoinURL, room.StudentJoinURL)
//
// The endpoints are grouped in services, fields of Client: Rooms,
// Coursewares, Records, Docs, Warmups, Teachers, Exports, FamousRooms,
// Groups and MiniRooms. Each method's documentation names the endpoint's path
// and its section of the spec (5.N). Client.Call reaches any endpoint by
// path, for what is not wrapped.
//
// # Authentication and sec
//
// Every call carries loginName and password in its form body, never in the
// URL. By default the password goes as its MD5 digest (32 lowercase hex
// digits) with sec=true, computed once in NewClient. WithPlainPassword sends
// it as given, without sec; WithPasswordMD5 takes a digest the caller
// already stores. A bare domain means https://; an http:// site works but
// sends the digest in clear text. Redirects to another host are refused, so
// the credentials never leave the site. No error, log line or HTTPError.Body
// ever contains the password or its digest.
//
// # Errors
//
// A return code other than 0 is an *APIError carrying the endpoint, the Code
// and the server's message; errors.Is matches it against the sentinels
// (ErrNotFound for 501, ErrDuplicate for 502, ErrAuth for 200,
// ErrInvalidParam for 101 and 102, …). An answer that is not the JSON
// envelope (an HTML error page, a proxy's 502) is an *HTTPError with a short
// excerpt of the body. A request that breaks a documented constraint (a
// subject longer than 250 characters, an export window over 7 days, a mini
// classroom of 20 minutes) is a *ValidationError naming the field and the
// rule, returned before anything is sent. Context errors stay matchable with
// errors.Is(err, context.DeadlineExceeded).
//
// Every failed call also says whether it reached the server: its error is
// exactly one of an answer (an *APIError, also on a 5xx status when the body
// is the envelope, or an *HTTPError), ErrNotSent (nothing reached the
// server: a *ValidationError, a Limiter's refusal, a DNS failure, a refused
// connection, a failed TLS handshake, a context ended before sending), or,
// for a write only, ErrOutcomeUnknown (the write was sent and its answer was
// lost: a timeout or a reset after sending, a 5xx or 408 page without the
// envelope; it may have been applied). An ErrOutcomeUnknown of a page still
// gives its *HTTPError to errors.As. A read whose answer was lost is retried,
// or returned as the network error it was. Rooms.CreateOnce settles a lost
// answer to a classroom's create: it finds the classroom through room/sync
// by its subject (unique per site), or sends the create again, once.
//
// A success answer is never taken for more than it says: one without what
// the call exists for (a create without the new id, an info call without
// the id asked for, query/status without a status) is an error matching
// ErrNoID or ErrNoValue, not an empty result; a change the server is known
// to ignore while answering success (AAC on a classroom with a telephone
// conference) is read back and reported as ErrNotApplied. A *DecodeError is
// a success answer whose fields do not fit their types.
//
//	if errors.Is(err, gensee.ErrNotFound) { … }
//	var apiErr *gensee.APIError
//	if errors.As(err, &apiErr) { log.Print(apiErr.Code, apiErr.Message) }
//
// # Paging
//
// Paged endpoints (50 items a page) have a one-page method returning a
// *Page[*T] and an …All method returning an iter.Seq2[*T, error] that walks
// every page: it sends nothing until ranged over, holds one page at a time,
// yields the first error once and stops, and stops fetching when the loop
// breaks. It believes the server's own page numbers: an empty page ends it,
// and a page numbered otherwise than the one asked for (or, where no number
// comes back, a repeat of the page before) ends it with a *PageError, so no
// row comes twice and a server that repeats itself cannot make it endless.
//
//	for rec, err := range c.Records.SyncAll(ctx, nil) {
//		if err != nil { return err }
//		fmt.Println(rec.ID, rec.Name)
//	}
//
// # Retries, rate limits, timeouts and observers
//
// Read-only calls (info, list, status, sync and export endpoints) are tried
// again, three attempts by default (DefaultRetryPolicy), after a network
// error, an attempt that ran out of its own deadline, HTTP 429, 502, 503 or
// 504, or return code 300, with jittered exponential backoff that honours
// Retry-After and ends with the context. Writes (create, modify, delete,
// attach, choose…) are sent once, since a retried create could make two
// rooms, unless the attempt provably never reached the server (a DNS
// failure, a refused connection, a failed TLS handshake): such a write is
// retried like a read. WithRetry changes the policy. WithAttemptTimeout (2
// minutes by default) bounds connecting, the headers and each wait for more
// of the body, never the caller's own work between the rows of a streamed
// export. Every attempt waits on the client's Limiter, if any, with its
// endpoint: WithRateLimit is the in-process one, WithLimiter takes any (the
// genseeredis module shares one budget among replicas). WithObserver reports every call and attempt
// (endpoint, attempt, HTTP status, return code, duration, error; never a
// credential) to metrics or tracing code; WithLogger writes one Debug record
// per attempt. Each attempt carries an X-Request-Id header.
//
// One call can be changed without touching the client, through its context:
//
//	var resp gensee.Response
//	ctx = gensee.WithCallOptions(ctx, gensee.NoRetry(), gensee.Timeout(5*time.Second), gensee.CaptureResponse(&resp))
//	room, err := c.Rooms.Get(ctx, roomID)
//	log.Print(resp.RequestID, resp.StatusCode, resp.Attempts, resp.Duration)
//
// # What to show in a class: documents, coursewares, recordings, warm-ups
//
// The API knows four kinds of material, and each reaches a classroom by its
// own call:
//
//   - Documents (文档) are files on the site's server, such as slides. Docs.Sync
//     (doc/syn) lists them; Docs.Attach (doc/attach) gives one to a classroom,
//     so that the teacher's client has it open as the class's document when
//     the class starts; Docs.Detach takes it back.
//     Coursewares.TranscodeDocument (courseware/transcode) uploads a
//     document of your own to be converted.
//   - Recordings (录制件) are what a class recorded. Records.Sync (record/syn)
//     lists the site's recordings; Records.Choose (record/choose) makes
//     recordings a classroom's insert-play material (插播): in class, the
//     teacher's client can broadcast one live to every web student.
//     Records.Remove ends that; Records.Delete (gr/delete) deletes a recording
//     with its on-demand, insert-play and warm-up uses.
//   - Coursewares (课件) are recordings made playable on demand, watched at
//     their URL rather than shown in a live class: Coursewares.List
//     (courseware/list) gives the ones a classroom recorded
//     (Coursewares.WaitForRecordings waits for them after a class),
//     Coursewares.Sync (courseware/syn) the whole site's,
//     Coursewares.TranscodeMedia (media/transcode) makes one from a media
//     file of your own, and Coursewares.ViewCount (vod/vodview) counts its
//     viewers.
//   - Warm-ups (暖场件) are what students watch before the class starts
//     publishing: Warmups.Create (warmup/created) makes one, Warmups.Attach
//     (warmup/attach) gives it to a classroom (one per classroom), and
//     Warmups.Detach takes it back.
//
// So: slides for the live class, attach a document; a past session played
// inside the live class, choose a recording; a session to watch later, share
// a courseware's URL; something before the start, attach a warm-up.
//
// # The class lifecycle
//
// Around the endpoints, what every integration otherwise writes by hand
// (examples/live-class runs it all on the fake, with no credentials):
//
//   - Join links: JoinURL builds a teacher's, assistant's, student's or
//     playback link from a join URL the API returned (nickname encoded,
//     token kept as text, uid checked); Room.TeacherURL, AssistantURL and
//     StudentURL do it with the room's own tokens.
//   - Live events (实时系统回调): LiveEventHandler serves the URL registered
//     in the site's console and hands each callback to a function as a
//     *LiveEvent (ParseLiveEvent for a router of your own; a stray '%' in
//     a parameter other than ClassNo and Action never loses the event).
//     Gensee does not sign them and sends no id: guard the URL with
//     WithCallbackToken, drop redeliveries with WithDeduper
//     (NewMemoryDeduper, or genseeredis across replicas), and re-check with
//     Rooms.Status before acting on one. A redelivery is a repeat of the
//     latest event of the same operator in the same classroom, so a user
//     who leaves and rejoins, or a class started again, is seen every
//     time; a failed handling (answered 500) lets the redelivery through.
//   - Recordings: Coursewares.WaitForRecordings polls until a session's
//     coursewares are listed, a minute or more after the class.
//   - Long exports: Exports.AttendanceAll, QAAll, RollCallsAll, VotesAll,
//     ChatAll and RedPacketsAll walk a window of any length in 7-day pieces.
//
// # Times and time zones
//
// Request times are time.Time, sent as epoch milliseconds; a zero time is not
// sent. Date-only parameters are Date values (NewDate, DateOf), sent as
// yyyy-MM-dd. Returned times are Time values: they decode epoch
// milliseconds, numeric strings, and "yyyy-MM-dd HH:mm:ss" or "yyyy-MM-dd"
// texts, which the server writes in China Standard Time (ChinaZone(), UTC+8).
// Returned numbers and booleans decode whether or not the server quotes them,
// and raw control characters inside JSON strings are kept.
//
// # Testing with genseetest
//
// Package genseetest is an in-memory fake of the API, with state that hangs
// together, seeding methods for exports and syncs, the real server's quirks,
// and fault injection. Test your own code against it without a Gensee
// account:
//
//	srv := genseetest.NewServer()
//	defer srv.Close()
//	c := srv.Client()
//	room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{…})
//	srv.Inject("/training/room/info", 1, genseetest.Fault{Status: 502})
package gensee
