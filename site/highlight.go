package site

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/gpso/codal/fact"
)

// codeStyle is chroma's style for code; its colours are darkened where
// needed to reach a contrast of 4.5:1 on codeBackground (codeCSS).
const codeStyle = "vs"

// codeBackground is the background of code blocks.
const codeBackground = "#f6f6f6"

// maxHighlight caps the code highlighted; a longer file is shown plain.
const maxHighlight = 256 << 10

// formatter writes code with CSS classes (the stylesheet is generated
// beside, no inline style, no script).
var formatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4))

// highlight is code as highlighted HTML: the lexer of the snippet's
// language, else of its file name, else plain text. Chroma escapes every
// token; control characters are cleaned first.
func highlight(code []byte, language, name string) template.HTML {
	src := fact.Clean(string(code))
	var lexer chroma.Lexer
	if len(src) <= maxHighlight {
		if lexer = lexers.Get(language); lexer == nil {
			lexer = lexers.Match(path.Base(name))
		}
	}
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	if it, err := lexer.Tokenise(nil, src); err == nil {
		var b bytes.Buffer
		if err := formatter.Format(&b, styles.Get(codeStyle), it); err == nil {
			return template.HTML(b.String())
		}
	}
	return template.HTML(`<pre class="chroma"><code>` + template.HTMLEscapeString(src) + "</code></pre>")
}

// colourRule finds the foreground colours of chroma's stylesheet.
var colourRule = regexp.MustCompile(`([^-])color: (#[0-9a-fA-F]{6})`)

// codeCSS is chroma's stylesheet for codeStyle, each foreground colour
// darkened until its contrast on codeBackground is at least 4.5:1 (WCAG
// 2.1 AA), and chroma's own background replaced by codeBackground.
func codeCSS() string {
	var b bytes.Buffer
	if err := formatter.WriteCSS(&b, styles.Get(codeStyle)); err != nil {
		return ""
	}
	css := colourRule.ReplaceAllStringFunc(b.String(), func(m string) string {
		sub := colourRule.FindStringSubmatch(m)
		return sub[1] + "color: " + readable(sub[2], codeBackground)
	})
	return regexp.MustCompile(`background-color: #[0-9a-fA-F]{6}`).ReplaceAllString(css, "background-color: "+codeBackground)
}

// readable darkens fg until its contrast on bg reaches 4.5:1.
func readable(fg, bg string) string {
	r, g, b := rgb(fg)
	for i := 0; i < 100 && contrast(r, g, b, bg) < 4.5; i++ {
		r, g, b = r*0.95, g*0.95, b*0.95
	}
	return fmt.Sprintf("#%02x%02x%02x", int(r), int(g), int(b))
}

// rgb splits #rrggbb.
func rgb(hex string) (r, g, b float64) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)
}

// contrast is WCAG's contrast ratio of a colour against bg (#rrggbb).
func contrast(r, g, b float64, bg string) float64 {
	l1 := luminance(math.Floor(r), math.Floor(g), math.Floor(b))
	l2 := luminance(rgb(bg))
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// luminance is WCAG's relative luminance.
func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
