// Command roster uploads a classroom's roster (room/student/list) from a
// CSV file of "id,name" lines, such as a school information system exports:
//
//	id,name
//	1000000001,王小明
//	1000000002,李小红
//
// The header line is optional, and a UTF-8 byte order mark is ignored. The
// whole file is checked first: every id must be a positive integer (the
// user id the student joins with), every name non-empty, and no id may
// appear twice; all problems are reported with their line numbers, and then
// nothing is sent. The students then go up in batches of -batch (default
// 500). With -cover the file replaces the current roster: the first batch
// goes with cover=true and the later ones are added to it, so that each
// batch does not wipe out the one before.
//
// With GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD set it talks to that
// site, and -room and -file are required. With none set it starts the
// in-process fake server of package genseetest, creates a classroom there
// and, without -file, uploads an embedded sample of 12 students:
//
//	go run ./examples/roster
//	go run ./examples/roster -batch 5 -cover -expire-days 30
//	GENSEE_SITE=demo.gensee.com GENSEE_LOGIN=admin@demo GENSEE_PASSWORD=… \
//		go run ./examples/roster -room mquQf2 -file class-1.csv -cover
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

//go:embed sample.csv
var sampleCSV []byte

// main repeats the other examples' main, and the imports theirs, on
// purpose: each example is a program of its own, read and copied alone.
func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "roster:", err)
		os.Exit(1)
	}
}

// errUsage marks a bad command line; what was wrong is on stderr.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("roster", flag.ContinueOnError)
	fs.SetOutput(stderr)
	roomID := fs.String("room", "", "the classroom's id (required on a real site)")
	file := fs.String("file", "", `CSV file of "id,name" lines (required on a real site)`)
	cover := fs.Bool("cover", false, "replace the current roster instead of adding to it")
	expireDays := fs.Int("expire-days", 0, "days the roster stays valid, 1-180 (default: the server's, 7)")
	batch := fs.Int("batch", 500, "students per request")
	group := fs.String("group", "", "the group code the students belong to")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: roster -room ID -file students.csv [-cover] [-expire-days N] [-batch N]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	usage := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "roster: "+format+"\n", a...)
		fs.Usage()
		return errUsage
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *batch < 1:
		return usage("-batch must be at least 1")
	case *expireDays != 0 && (*expireDays < 1 || *expireDays > 180):
		return usage("-expire-days must be 1-180")
	}

	site, login, password := getenv("GENSEE_SITE"), getenv("GENSEE_LOGIN"), getenv("GENSEE_PASSWORD")
	fake := site == "" && login == "" && password == ""
	if !fake && (site == "" || login == "" || password == "") {
		return errors.New("set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD, or none to use the fake server")
	}
	if !fake && (*roomID == "" || *file == "") {
		return usage("-room and -file are required")
	}

	// Read and check the whole file before anything is sent.
	data, name := sampleCSV, "sample.csv (embedded)"
	if *file != "" {
		var err error
		if data, err = os.ReadFile(*file); err != nil {
			return err
		}
		name = *file
	}
	students, err := readRoster(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintf(stdout, "Read %d student(s) from %s\n", len(students), name)

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	var c *gensee.Client
	if fake {
		srv := genseetest.NewServer()
		defer srv.Close()
		fmt.Fprintf(stderr, "No GENSEE_SITE, GENSEE_LOGIN, GENSEE_PASSWORD: using the built-in fake server at %s\n", srv.URL())
		c = srv.Client()
		if *roomID == "" {
			room, err := c.Rooms.Create(ctx, &gensee.CreateRoomRequest{
				Subject:   "roster example " + time.Now().Format("20060102-150405"),
				StartDate: time.Now().Add(time.Hour).Truncate(time.Minute),
				Realtime:  true,
			})
			if err != nil {
				return fmt.Errorf("creating a classroom: %w", err)
			}
			*roomID = room.ID
			fmt.Fprintf(stdout, "Created classroom %s on the fake server\n", room.ID)
		}
	} else if c, err = gensee.NewClient(site, login, password); err != nil {
		return err
	}

	req := gensee.StudentListRequest{RoomID: *roomID, GroupCode: *group}
	if *cover {
		req.Cover = gensee.Ptr(true)
	}
	if *expireDays != 0 {
		req.ExpireTime = gensee.Ptr(*expireDays)
	}
	batches, err := upload(ctx, c, req, students, *batch, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Uploaded the roster of classroom %s: %d student(s) in %d batch(es)\n", *roomID, len(students), batches)
	return nil
}

// rosterError lists every problem of a roster file, one per line.
type rosterError []string

func (e rosterError) Error() string {
	const shown = 20
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s), nothing was sent:", len(e))
	for i, p := range e {
		if i == shown {
			fmt.Fprintf(&b, "\n  … and %d more", len(e)-shown)
			break
		}
		b.WriteString("\n  " + p)
	}
	return b.String()
}

// readRoster parses "id,name" lines. An optional first line "id,name" is a
// header; blank lines are skipped. It returns every problem found (ids that
// are not positive integers, empty names, extra columns, repeated ids with
// the line they repeat) as a rosterError.
func readRoster(data []byte) ([]gensee.Student, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1 // checked below, with the line number
	r.TrimLeadingSpace = true
	var (
		students []gensee.Student
		problems rosterError
		firstOn  = map[int64]int{} // id -> the line it first appeared on
	)
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err // not CSV at all: the error names the line
		}
		line, _ := r.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if first && len(rec) == 2 && strings.EqualFold(rec[0], "id") && strings.EqualFold(rec[1], "name") {
			continue
		}
		if len(rec) != 2 {
			problems = append(problems, fmt.Sprintf("line %d: want 2 columns (id,name), got %d", line, len(rec)))
			continue
		}
		id, err := strconv.ParseInt(rec[0], 10, 64)
		if err != nil || id <= 0 {
			problems = append(problems, fmt.Sprintf("line %d: id %q is not a positive integer", line, rec[0]))
			continue
		}
		if rec[1] == "" {
			problems = append(problems, fmt.Sprintf("line %d: id %d has no name", line, id))
		}
		if prev, ok := firstOn[id]; ok {
			problems = append(problems, fmt.Sprintf("line %d: id %d repeats line %d", line, id, prev))
			continue
		}
		firstOn[id] = line
		students = append(students, gensee.Student{ID: id, Name: rec[1]})
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(students) == 0 {
		return nil, rosterError{"no students"}
	}
	return students, nil
}

// upload sends students in batches of size, each with req's settings, and
// returns the number of batches sent. With req.Cover true only the first
// batch replaces the roster; the others are added to it. On an error the
// batches before it are on the server, and the error says so.
func upload(ctx context.Context, c *gensee.Client, req gensee.StudentListRequest, students []gensee.Student, size int, progress io.Writer) (int, error) {
	total := (len(students) + size - 1) / size
	for i := 0; i < total; i++ {
		lo, hi := i*size, min((i+1)*size, len(students))
		batch := req
		batch.Students = students[lo:hi]
		if i > 0 && req.Cover != nil && *req.Cover {
			batch.Cover = gensee.Ptr(false)
		}
		if err := c.Rooms.SetStudentList(ctx, &batch); err != nil {
			return i, fmt.Errorf("batch %d of %d (students %d-%d; %d batch(es) before it were uploaded): %w",
				i+1, total, lo+1, hi, i, err)
		}
		fmt.Fprintf(progress, "  batch %d/%d: students %d-%d\n", i+1, total, lo+1, hi)
	}
	return total, nil
}
