package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func noEnv(string) string { return "" }

func TestFakeRunSample(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-batch", "5", "-cover", "-expire-days", "30"}, &out, &errOut, noEnv)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	s := out.String()
	for _, want := range []string{
		"Read 12 student(s) from sample.csv (embedded)\n",
		"  batch 1/3: students 1-5\n",
		"  batch 2/3: students 6-10\n",
		"  batch 3/3: students 11-12\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("stdout lacks %q:\n%s", want, s)
		}
	}
	if !regexp.MustCompile(`Uploaded the roster of classroom \w+: 12 student\(s\) in 3 batch\(es\)\n$`).MatchString(s) {
		t.Errorf("stdout:\n%s", s)
	}
	if !strings.Contains(errOut.String(), "using the built-in fake server") {
		t.Errorf("stderr: %s", errOut.String())
	}
}

func TestFakeRunDefaultBatch(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), nil, &out, &bytes.Buffer{}, noEnv); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "12 student(s) in 1 batch(es)") {
		t.Errorf("stdout:\n%s", out.String())
	}
}

func TestBadFileSendsNothing(t *testing.T) {
	name := filepath.Join(t.TempDir(), "class.csv")
	data := "\ufeffid,name\n" +
		"1001,王小明\n" + // line 2
		"1002,李小红\n" +
		"\n" +
		"1001,王小明\n" + // line 5: repeats line 2
		"abc,张伟\n" + // line 6
		"1003,\n" + // line 7
		"1004,刘洋,extra\n" + // line 8
		"1002,李小红\n" // line 9: repeats line 3
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-file", name}, &out, &errOut, noEnv)
	if err == nil {
		t.Fatal("no error")
	}
	want := name + ": 5 problem(s), nothing was sent:\n" +
		"  line 5: id 1001 repeats line 2\n" +
		`  line 6: id "abc" is not a positive integer` + "\n" +
		"  line 7: id 1003 has no name\n" +
		"  line 8: want 2 columns (id,name), got 3\n" +
		"  line 9: id 1002 repeats line 3"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
	// The file is checked before the fake server starts.
	if out.Len() != 0 || errOut.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}
}

func TestReadRosterHeaderOptional(t *testing.T) {
	for _, data := range []string{"id,name\n7,甲\n8,乙\n", "7,甲\n8, 乙 \n", "ID, Name\r\n7,甲\r\n8,乙\r\n"} {
		got, err := readRoster([]byte(data))
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if want := []gensee.Student{{ID: 7, Name: "甲"}, {ID: 8, Name: "乙"}}; !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", data, got, want)
		}
	}
	if _, err := readRoster([]byte("id,name\n")); err == nil || !strings.Contains(err.Error(), "no students") {
		t.Errorf("header only: %v", err)
	}
}

func TestUploadBatches(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("高一数学")
	var students []gensee.Student
	for i := int64(1); i <= 1201; i++ {
		students = append(students, gensee.Student{ID: 1000 + i, Name: "学生"})
	}
	req := gensee.StudentListRequest{RoomID: room, Cover: gensee.Ptr(true), ExpireTime: gensee.Ptr(30)}
	n, err := upload(context.Background(), srv.Client(), req, students, 500, &bytes.Buffer{})
	if err != nil || n != 3 {
		t.Fatalf("upload = %d, %v", n, err)
	}
	var sizes []int
	var covers, expires []string
	for _, r := range srv.Requests() {
		if r.Path != "/training/room/student/list" {
			continue
		}
		var batch []gensee.Student
		if err := json.Unmarshal([]byte(r.Form.Get("studentListInfo")), &batch); err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(batch))
		covers = append(covers, r.Form.Get("cover"))
		expires = append(expires, r.Form.Get("expireTime"))
	}
	if want := []int{500, 500, 201}; !slices.Equal(sizes, want) {
		t.Errorf("batch sizes %v, want %v", sizes, want)
	}
	// Only the first batch replaces the roster; the others add to it.
	if want := []string{"true", "false", "false"}; !slices.Equal(covers, want) {
		t.Errorf("cover %q, want %q", covers, want)
	}
	if want := []string{"30", "30", "30"}; !slices.Equal(expires, want) {
		t.Errorf("expireTime %q, want %q", expires, want)
	}
}

func TestUploadSaysWhatWasSent(t *testing.T) {
	srv := genseetest.NewServer()
	defer srv.Close()
	room := srv.AddRoom("高一数学")
	srv.Inject("/training/room/student/list", 1, genseetest.Fault{Delay: time.Millisecond}) // the first call passes
	students := []gensee.Student{{ID: 1, Name: "甲"}, {ID: 2, Name: "乙"}, {ID: 3, Name: "丙"}}
	srv.Inject("/training/room/student/list", 1, genseetest.Fault{Code: 300, Message: "系统错误"})
	n, err := upload(context.Background(), srv.Client(), gensee.StudentListRequest{RoomID: room}, students, 2, &bytes.Buffer{})
	if n != 1 || !errors.Is(err, gensee.ErrSystem) {
		t.Fatalf("upload = %d, %v", n, err)
	}
	if !strings.Contains(err.Error(), "batch 2 of 2 (students 3-3; 1 batch(es) before it were uploaded)") {
		t.Errorf("error: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
	}{
		{args: []string{"-batch", "0"}},
		{args: []string{"-expire-days", "181"}},
		{args: []string{"extra"}},
		{args: []string{"-room", "R1"}, env: map[string]string{"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOGIN": "a", "GENSEE_PASSWORD": "b"}},
	} {
		var errOut bytes.Buffer
		err := run(context.Background(), c.args, &bytes.Buffer{}, &errOut, func(k string) string { return c.env[k] })
		if !errors.Is(err, errUsage) || errOut.Len() == 0 {
			t.Errorf("%q: err = %v, stderr %q", c.args, err, errOut.String())
		}
	}
}

func TestNeedsAllCredentials(t *testing.T) {
	env := map[string]string{"GENSEE_LOGIN": "admin@demo"}
	err := run(context.Background(), nil, &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD") {
		t.Fatalf("err = %v", err)
	}
}
