package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gensee-go/gensee"
	"github.com/gensee-go/gensee/genseetest"
)

func noEnv(string) string { return "" }

func TestFakeRun(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-wait", "30s"}, &out, &errOut, noEnv); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	m := regexp.MustCompile(`^Converting "unit1\.pptx" into courseware (\w+) \(number \d+, http://127\.0\.0\.1:\d+/training/site/v/\d+\)\n` +
		`Courseware (\w+): status ok\n$`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("stdout:\n%s", out.String())
	}
	if m[1] != m[2] {
		t.Errorf("the callback named courseware %s, the answer %s", m[2], m[1])
	}
	if !regexp.MustCompile(`Waiting for callbacks at http://127\.0\.0\.1:\d+/gensee/transcode/\{secret\}\n`).MatchString(errOut.String()) {
		t.Errorf("stderr:\n%s", errOut.String())
	}
}

func TestNoCallbackTimesOut(t *testing.T) {
	srv := genseetest.NewServer() // without WithCallbacks: nothing is posted
	defer srv.Close()
	j := &job{resource: demoResource, name: "unit1.pptx", listen: "127.0.0.1:0", wait: 100 * time.Millisecond}
	var out bytes.Buffer
	err := j.run(context.Background(), srv.Client(), &out, &bytes.Buffer{})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no callback within 100ms") {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(out.String(), `Converting "unit1.pptx" into courseware `) {
		t.Errorf("stdout:\n%s", out.String())
	}
	// The callback URL went with the request.
	for _, r := range srv.Requests() {
		if r.Path == "/training/courseware/transcode" {
			if cb := r.Form.Get("callbackUrl"); !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/gensee/transcode/\w+$`).MatchString(cb) {
				t.Errorf("callbackUrl %q", cb)
			}
		}
	}
}

func TestCallbackServerNeedsTheSecret(t *testing.T) {
	var errOut bytes.Buffer
	cb, err := startCallbackServer("127.0.0.1:0", "", &errOut)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	post := func(u string, form url.Values) int {
		t.Helper()
		resp, err := http.PostForm(u, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	other := strings.Replace(cb.url, cb.secret, "guessed", 1)
	if code := post(other, url.Values{"gscoursewareId": {"w1"}, "gsstatus": {"ok"}}); code != http.StatusNotFound {
		t.Errorf("wrong secret: HTTP %d", code)
	}
	if code := post(cb.url, url.Values{"gscoursewareId": {"w2"}, "gsstatus": {"ok"}}); code != http.StatusOK {
		t.Errorf("ignored callback: HTTP %d", code)
	}
	if code := post(cb.url, url.Values{"gscoursewareId": {"w3"}, "gsstatus": {"ERROR"}}); code != http.StatusOK {
		t.Errorf("callback: HTTP %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := waitFor(ctx, cb.events, "w3", &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != gensee.TranscodeStatusError {
		t.Errorf("event %+v", ev)
	}
	if !strings.Contains(errOut.String(), "ignoring the callback of courseware w2") {
		t.Errorf("stderr: %s", errOut.String())
	}
}

func TestPublicURL(t *testing.T) {
	cb, err := startCallbackServer("127.0.0.1:0", "https://hooks.example.com/", &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	if want := "https://hooks.example.com/gensee/transcode/{secret}"; cb.redactedURL() != want {
		t.Errorf("callback URL %s, want %s", cb.redactedURL(), want)
	}
}

func TestUsageErrors(t *testing.T) {
	realSite := map[string]string{"GENSEE_SITE": "demo.gensee.com", "GENSEE_LOGIN": "a", "GENSEE_PASSWORD": "b"}
	for _, c := range []struct {
		args []string
		env  map[string]string
	}{
		{args: []string{"extra"}},
		{args: []string{"-nope"}},
		{args: []string{"-resource", "https://files.example.com/"}},
		{args: []string{"-resource", "https://files.example.com/a.pdf"}, env: realSite}, // no -public-url
	} {
		var errOut bytes.Buffer
		err := run(context.Background(), c.args, &bytes.Buffer{}, &errOut, func(k string) string { return c.env[k] })
		if !errors.Is(err, errUsage) || errOut.Len() == 0 {
			t.Errorf("%q: err = %v, stderr %q", c.args, err, errOut.String())
		}
	}
}

func TestNeedsAllCredentials(t *testing.T) {
	env := map[string]string{"GENSEE_PASSWORD": "x"}
	err := run(context.Background(), nil, &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "set all of GENSEE_SITE, GENSEE_LOGIN and GENSEE_PASSWORD") {
		t.Fatalf("err = %v", err)
	}
}
