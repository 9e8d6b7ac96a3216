package gensee

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// SiteBase returns the base URL of the API of site, as NewClient takes it:
// "{scheme}://{host}[/prefix]/integration/site". site is a bare domain
// ("demo.gensee.com", https then), a URL ("http://127.0.0.1:8080"), or a
// base URL behind a proxy ("https://proxy.example/gensee"). A site that
// already ends with the spec's "/integration/site" (or
// "/integration/site/training"), or with a slash, is the same site. It
// refuses, naming the rule, an empty site, a scheme other than http and
// https, and a URL with credentials, a query or a fragment.
//
// Everything that must tell two sites apart uses it: NewClient, and the
// genseeredis adapter's keys, so that "demo.gensee.com" and
// "https://demo.gensee.com/integration/site" share one budget.
func SiteBase(site string) (string, error) { return normalizeSite(site, "gensee: SiteBase") }

// normalizeSite is SiteBase, its errors starting with op.
func normalizeSite(site, op string) (string, error) {
	s := strings.TrimSpace(site)
	if s == "" {
		return "", errors.New(op + ": site is required")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%s: site %q is not a domain or URL", op, site)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%s: site %q must be http or https", op, site)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return "", fmt.Errorf("%s: site %q must be a bare domain or a base URL", op, site)
	}
	p := strings.TrimRight(u.Path, "/")
	if strings.HasSuffix(p, "/integration/site/training") {
		p = strings.TrimSuffix(p, "/training")
	}
	p = strings.TrimSuffix(p, "/integration/site")
	return u.Scheme + "://" + u.Host + strings.TrimRight(p, "/") + "/integration/site", nil
}
