package gensee

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
)

// credentials holds what every call sends: loginName, password and sec. The
// form prefix is built once, in NewClient.
type credentials struct {
	prefix  string   // "loginName=…&password=…[&sec=true]", form-encoded
	secrets []string // texts that must never leave the client in an error or log
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
	var secrets []string
	switch {
	case o.passwordMD5 != "":
		d := strings.ToLower(o.passwordMD5)
		if len(d) != 32 || !isHex(d) {
			return nil, errors.New("gensee: NewClient: WithPasswordMD5 needs 32 hexadecimal digits")
		}
		wire = d
		secrets = append(secrets, d, strings.ToUpper(d))
		if password != "" {
			secrets = append(secrets, password) // ignored, but never to be shown either
		}
	case password == "":
		return nil, errors.New("gensee: NewClient: password is required (or WithPasswordMD5)")
	case o.plainPassword:
		wire = password
		sec = false
		// The digest is not sent, but the site accepts it as the password.
		sum := md5.Sum([]byte(password))
		d := hex.EncodeToString(sum[:])
		secrets = append(secrets, password, d, strings.ToUpper(d))
	default:
		sum := md5.Sum([]byte(password))
		wire = hex.EncodeToString(sum[:])
		secrets = append(secrets, password, wire, strings.ToUpper(wire))
	}
	for _, s := range secrets[:len(secrets):len(secrets)] {
		if e := url.QueryEscape(s); e != s {
			secrets = append(secrets, e)
		}
	}
	v := url.Values{"loginName": {loginName}, "password": {wire}}
	if sec {
		v.Set("sec", "true")
	}
	return &credentials{prefix: v.Encode(), secrets: secrets}, nil
}

// scrub replaces every credential in s with "***".
func (c *credentials) scrub(s string) string {
	for _, sec := range c.secrets {
		if len(sec) >= 1 && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}

// longest returns the length of the longest credential text.
func (c *credentials) longest() int {
	n := 0
	for _, sec := range c.secrets {
		n = max(n, len(sec))
	}
	return n
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
