package secret

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestForms(t *testing.T) {
	got := Forms(`a<b/c d"&'\`)
	want := []string{
		`a<b/c d"&'\`,                  // as is
		`a%3Cb%2Fc+d%22%26%27%5C`,      // form
		`a%3Cb%2Fc%20d%22&%27%5C`,      // path
		`a&lt;b/c d&#34;&amp;&#39;\`,   // html.EscapeString
		`a&lt;b/c d&quot;&amp;&apos;\`, // with &quot; and &apos;
		`a<b/c d\"&'\\`,                // Jackson
		`a\u003cb/c d\"\u0026'\\`,      // encoding/json
		`a\u003cb\/c d\"\u0026'\\`,     // with \/
		`a<b\/c d\"&'\\`,               // Jackson (encoding/json without HTML escapes is the same) with \/
	}
	assert.ElementsMatch(t, want, got)
	for i := 1; i < len(got); i++ {
		assert.GreaterOrEqual(t, len(got[i-1]), len(got[i]), "longest first")
	}
	assert.Nil(t, Forms(""))
}
