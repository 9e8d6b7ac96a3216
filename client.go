package gensee

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.2.0"

const (
	defaultUserAgent        = "gensee-go/" + Version
	defaultMaxResponseBytes = 256 << 20 // a 200,000-row export is about 47 MB
	defaultTimeout          = 2 * time.Minute
	defaultPoolSize         = 32
	contentType             = "application/x-www-form-urlencoded; charset=UTF-8"
	errorExcerptBytes       = 512
)

// Client calls the Gensee training integration API of one site. It is safe
// for concurrent use by many goroutines. Make one with NewClient and share it.
//
// No formatting of a Client (%v, %+v, %#v, %s, %q) shows a credential: see
// Client.Format.
type Client struct {
	base      string       // "https://demo.gensee.com/integration/site"
	baseURL   *url.URL     // base, parsed: the redirect guard compares against it
	hc        *http.Client // the client given to WithHTTPClient, read at each call; nil: def
	def       *http.Client // the client's own, when WithHTTPClient was not given
	timeout   time.Duration
	creds     *credentials // behind a pointer, so that printing a Client shows no secret
	ua        string
	retry     RetryPolicy
	limiter   Limiter
	observers []Observer
	logger    *slog.Logger
	maxBytes  int64
	drift     *driftReporter // WithDriftReport (drift.go); nil: off

	fixedHeaders [3][]string // Content-Type, Accept and User-Agent values, shared by every request

	sizeHints *sync.Map // path → the size of the last chunked body read from it, bounded
	urls      *urlCache // path → base+path

	common service

	Rooms       *RoomService       // live classrooms (实时课堂)
	Coursewares *CoursewareService // coursewares (课件) and transcoding
	Records     *RecordService     // recordings (录制件) and insert-play
	Docs        *DocService        // server-side documents (文档)
	Warmups     *WarmupService     // warm-up items (暖场件)
	Teachers    *TeacherService    // teacher accounts
	Exports     *ExportService     // attendance, engagement and usage exports
	FamousRooms *FamousRoomService // dual-teacher classrooms (双师课堂) and their tutorial rooms
	Groups      *GroupService      // student groups of a classroom
	MiniRooms   *MiniRoomService   // mini classrooms (微课堂)
}

type service struct{ c *Client }

// RoomService manages live classrooms (实时课堂): spec sections 5.1-5.4,
// 5.30, 5.36, 5.37, 5.41, 5.54 and 5.59.
type RoomService service

// CoursewareService manages coursewares (课件): spec sections 5.5-5.8, 5.11,
// 5.27, 5.28 and 5.38.
type CoursewareService service

// RecordService manages recordings (录制件): spec sections 5.10, 5.16, 5.17
// and 5.43.
type RecordService service

// DocService manages server-side documents: spec sections 5.22-5.24.
type DocService service

// WarmupService manages warm-up items (暖场件): spec sections 5.12-5.15.
type WarmupService service

// TeacherService manages teacher accounts: spec sections 5.9 and 5.40.
type TeacherService service

// ExportService exports attendance, engagement and usage data: spec sections
// 5.18-5.21, 5.25, 5.26, 5.29, 5.31-5.35, 5.39 and 5.42.
type ExportService service

// FamousRoomService manages dual-teacher classrooms (双师课堂) and their
// tutorial rooms (辅导端): spec sections 5.44-5.49.
type FamousRoomService service

// GroupService manages the student groups of a classroom: spec sections
// 5.50-5.53.
type GroupService service

// MiniRoomService manages mini classrooms (微课堂): spec sections 5.55-5.58.
type MiniRoomService service

// NewClient returns a client of the site's training API.
//
// site is the site's domain as Gensee gives it ("demo.gensee.com"), which
// means https://, or a full base URL ("https://demo.gensee.com",
// "http://127.0.0.1:8080/"). Requests go to
// {base}/integration/site/training/…; a site given with that suffix
// ("https://demo.gensee.com/integration/site", with or without "/training")
// means the same site. An http:// site works, but sends the password digest
// (or the plain password) in clear text over the network.
//
// loginName and password are the site account's. By default the password is
// sent as its MD5 digest with sec=true (computed here, once; the plain
// password is not kept); see WithPlainPassword and WithPasswordMD5. Missing
// credentials are an error here, not at the first call. NewClient sends
// nothing and never panics.
//
// # What to tune first
//
// Without WithHTTPClient, the client has its own connection pool of up to 32
// connections to the site (idle ones kept for reuse) and gives each attempt
// its own deadline of 2 minutes (WithAttemptTimeout): for connecting and the
// headers, then for each wait for more of the body, never for the caller's
// own work between the rows of a streamed export. An attempt that runs out
// of it is retried like a dropped connection, unlike the caller's own
// context deadline, which ends the call. Many goroutines calling at once may
// want a larger pool. WithHTTPClient replaces the pool: the given
// *http.Client's transport and its Timeout are used as the caller set them
// (and no attempt deadline is added unless WithAttemptTimeout is given), and
// the client is read at each call, so a transport swapped into it later is
// used. Retries (WithRetry, three attempts of a read
// by default), rate limits (WithRateLimit, WithLimiter) and the response cap
// (WithMaxResponseBytes, 256 MiB) come next.
func NewClient(site, loginName, password string, opts ...Option) (*Client, error) {
	o := options{retry: DefaultRetryPolicy(), ua: defaultUserAgent, maxBytes: defaultMaxResponseBytes}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if len(o.errs) > 0 {
		return nil, errors.New("gensee: NewClient: " + strings.Join(o.errs, "; "))
	}
	base, err := siteBase(site)
	if err != nil {
		return nil, err
	}
	baseURL, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("gensee: NewClient: site %q is not a domain or URL", site)
	}
	creds, err := newCredentials(loginName, password, &o)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		baseURL:   baseURL,
		creds:     creds,
		ua:        o.ua,
		retry:     o.retry,
		limiter:   o.limiter,
		observers: o.observers,
		logger:    o.logger,
		maxBytes:  o.maxBytes,
		drift:     o.drift.with(o.logger),
		sizeHints: new(sync.Map),
		urls:      new(urlCache),
	}
	c.fixedHeaders = [3][]string{{contentType}, {"application/json"}, {o.ua}}
	if o.hc != nil {
		c.hc = o.hc // not copied: a transport swapped into it later is used
	} else {
		c.def = defaultHTTPClient(baseURL)
		c.timeout = defaultTimeout
	}
	if o.timeout > 0 {
		c.timeout = o.timeout
	}
	c.common.c = c
	c.Rooms = (*RoomService)(&c.common)
	c.Coursewares = (*CoursewareService)(&c.common)
	c.Records = (*RecordService)(&c.common)
	c.Docs = (*DocService)(&c.common)
	c.Warmups = (*WarmupService)(&c.common)
	c.Teachers = (*TeacherService)(&c.common)
	c.Exports = (*ExportService)(&c.common)
	c.FamousRooms = (*FamousRoomService)(&c.common)
	c.Groups = (*GroupService)(&c.common)
	c.MiniRooms = (*MiniRoomService)(&c.common)
	return c, nil
}

// siteBase is SiteBase with NewClient's errors.
func siteBase(site string) (string, error) { return normalizeSite(site, "gensee: NewClient") }
