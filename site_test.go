package gensee_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gensee-go/gensee"
)

// SiteBase is the one normalisation of a site: every spelling of one site
// gives one base URL, and bad sites are refused naming the rule.
func TestSiteBase(t *testing.T) {
	for _, tt := range []struct{ site, want string }{
		{"demo.gensee.com", "https://demo.gensee.com/integration/site"},
		{" https://demo.gensee.com/ ", "https://demo.gensee.com/integration/site"},
		{"https://demo.gensee.com/integration/site", "https://demo.gensee.com/integration/site"},
		{"demo.gensee.com/integration/site/training/", "https://demo.gensee.com/integration/site"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/integration/site"},
		{"https://proxy.example/gensee/", "https://proxy.example/gensee/integration/site"},
	} {
		got, err := gensee.SiteBase(tt.site)
		require.NoError(t, err, tt.site)
		assert.Equal(t, tt.want, got, tt.site)
	}
	for _, tt := range []struct{ site, err string }{
		{"", "gensee: SiteBase: site is required"},
		{"ftp://demo.gensee.com", `gensee: SiteBase: site "ftp://demo.gensee.com" must be http or https`},
		{"https://u:p@demo.gensee.com", `gensee: SiteBase: site "https://u:p@demo.gensee.com" must be a bare domain or a base URL`},
	} {
		_, err := gensee.SiteBase(tt.site)
		assert.EqualError(t, err, tt.err, tt.site)
	}
}
