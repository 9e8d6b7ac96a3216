package gensee

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// credentials holds what every call sends: loginName, password and sec. The
// form prefix is built once, in NewClient. In MD5 mode (the default and
// WithPasswordMD5) the plain password is not kept: only its digest is.
type credentials struct {
	login   string   // the login name: not a secret, shown by Client.String
	prefix  string   // "loginName=…&password=…[&sec=true]", form-encoded
	secrets []string // texts that must never leave the client in an error or log, longest first

	// In MD5 mode the plain password is not kept, yet a server (or a proxy)
	// that echoes it must not get it into an error: its length and MD5 are
	// kept instead, and scrub finds it by hashing each window of that length.
	plainLen int
	plainSum [md5.Size]byte
}

// newCredentials builds the credentials of NewClient's arguments and options.
//
// By default the password goes as its MD5 digest (32 lowercase hex digits)
// with sec=true; WithPlainPassword sends it as given without sec;
// WithPasswordMD5 sends a digest the caller already has.
func newCredentials(loginName, password string, o *options) (*credentials, error) {
	if loginName == "" {
		return nil, errors.New("gensee: NewClient: loginName is required")
	}
	var wire string
	sec := true
	plainLen, plainSum := 0, [md5.Size]byte{}
	if password != "" && !o.plainPassword {
		plainLen, plainSum = len(password), md5.Sum([]byte(password))
	}
	switch {
	case o.passwordMD5 != "":
		d := strings.ToLower(o.passwordMD5)
		if len(d) != 32 || !isHex(d) {
			return nil, errors.New("gensee: NewClient: WithPasswordMD5 needs 32 hexadecimal digits")
		}
		wire = d
	case password == "":
		return nil, errors.New("gensee: NewClient: password is required (or WithPasswordMD5)")
	case o.plainPassword:
		wire = password
		sec = false
	default:
		sum := md5.Sum([]byte(password))
		wire = hex.EncodeToString(sum[:])
	}
	// What is sent is what a server can echo: the digest (in either case) or
	// the plain password, in every escaped form an error page may show.
	// In plain mode the digest is a credential too (the server takes it with
	// sec=true), so it is scrubbed as well.
	var secrets []string
	if sec {
		secrets = []string{wire, strings.ToUpper(wire)}
	} else {
		sum := md5.Sum([]byte(wire))
		d := hex.EncodeToString(sum[:])
		secrets = callSecrets([]string{wire, d, strings.ToUpper(d)})
	}
	v := url.Values{"loginName": {loginName}, "password": {wire}}
	if sec {
		v.Set("sec", "true")
	}
	return &credentials{login: loginName, prefix: v.Encode(), secrets: secrets, plainLen: plainLen, plainSum: plainSum}, nil
}

// scrub replaces every credential in s with "***".
func (c *credentials) scrub(s string) string {
	s = scrubList(s, c.secrets)
	if c.plainLen == 0 || len(s) < c.plainLen {
		return s
	}
	var b strings.Builder
	done := 0
	for i := 0; i+c.plainLen <= len(s); i++ {
		if md5.Sum([]byte(s[i:i+c.plainLen])) == c.plainSum {
			b.WriteString(s[done:i])
			b.WriteString("***")
			i += c.plainLen - 1
			done = i + 1
		}
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// longest returns the length of the longest credential text.
func (c *credentials) longest() int {
	n := 0
	for _, sec := range c.secrets {
		n = max(n, len(sec))
	}
	return n
}

// Format prints the login name only, for every verb: the credentials never
// show in a formatted value.
func (c credentials) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte("credentials{login: " + c.login + ", password: ***}"))
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
