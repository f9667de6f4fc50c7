package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The man pages are written here in roff (man(7) macros) straight from the
// command tree: cobra's doc package, used before, goes through Markdown and
// go-md2man, whose blackfriday parser every codal process initialised at
// start for this hidden command alone.

// manHeader is what the .TH line of every page says.
type manHeader struct {
	title, section, date, source, manual string
}

// manDate is SOURCE_DATE_EPOCH's month when set (reproducible packages),
// else this month's, as "Jan 2006".
func manDate(now time.Time) (string, error) {
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return "", fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		now = time.Unix(sec, 0)
	}
	return now.UTC().Format("Jan 2006"), nil
}

// manListed reports whether a command has a page: not hidden, not
// deprecated, not help.
func manListed(c *cobra.Command) bool {
	return c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand()
}

// writeManTree writes the page of c and of each listed command under it,
// named after the command's path with "-" between words (codal-request-vote.1).
func writeManTree(c *cobra.Command, dir string, h manHeader) error {
	for _, sub := range c.Commands() {
		if manListed(sub) {
			if err := writeManTree(sub, dir, h); err != nil {
				return err
			}
		}
	}
	name := strings.ReplaceAll(c.CommandPath(), " ", "-") + "." + h.section
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	writeManPage(w, c, h)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeManPage writes one command's page.
func writeManPage(w *bufio.Writer, c *cobra.Command, h manHeader) {
	c.InitDefaultHelpFlag()
	fmt.Fprintf(w, ".nh\n.TH %s %s %s %s %s\n", roffQuote(h.title), roffQuote(h.section), roffQuote(h.date), roffQuote(h.source), roffQuote(h.manual))
	path := strings.ReplaceAll(c.CommandPath(), " ", "-")
	fmt.Fprintf(w, ".SH NAME\n%s \\- %s\n", roffDash(path), roffText(c.Short))
	fmt.Fprintf(w, ".SH SYNOPSIS\n\\fB%s\\fR\n", roffDash(roffText(c.UseLine())))
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	w.WriteString(".SH DESCRIPTION\n")
	roffParagraphs(w, desc)
	if fs := c.NonInheritedFlags(); fs.HasAvailableFlags() {
		w.WriteString(".SH OPTIONS\n")
		roffFlags(w, fs)
	}
	if fs := c.InheritedFlags(); fs.HasAvailableFlags() {
		w.WriteString(".SH OPTIONS INHERITED FROM PARENT COMMANDS\n")
		roffFlags(w, fs)
	}
	if c.Example != "" {
		w.WriteString(".SH EXAMPLE\n.PP\n.nf\n")
		for _, l := range strings.Split(strings.TrimRight(c.Example, "\n"), "\n") {
			w.WriteString(roffDash(roffLine(l)) + "\n")
		}
		w.WriteString(".fi\n")
	}
	var also []string
	if p := c.Parent(); p != nil {
		also = append(also, strings.ReplaceAll(p.CommandPath(), " ", "-"))
	}
	var subs []string
	for _, sub := range c.Commands() {
		if manListed(sub) {
			subs = append(subs, strings.ReplaceAll(sub.CommandPath(), " ", "-"))
		}
	}
	sort.Strings(subs)
	also = append(also, subs...)
	if len(also) > 0 {
		w.WriteString(".SH SEE ALSO\n")
		for i, p := range also {
			sep := ",\n"
			if i == len(also)-1 {
				sep = "\n"
			}
			fmt.Fprintf(w, "\\fB%s\\fR(%s)%s", roffDash(p), "1", sep)
		}
	}
}

// roffFlags writes one tagged paragraph per visible flag:
// "-h, --help[=false]" then its usage.
func roffFlags(w *bufio.Writer, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Deprecated != "" {
			return
		}
		var tag strings.Builder
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			fmt.Fprintf(&tag, "\\fB\\-%s\\fR, ", roffText(f.Shorthand))
		}
		fmt.Fprintf(&tag, "\\fB\\-\\-%s\\fR", roffDash(roffText(f.Name)))
		if f.Value.Type() == "bool" {
			fmt.Fprintf(&tag, "[=%s]", roffText(f.DefValue))
		} else {
			fmt.Fprintf(&tag, "=%s", roffText(strconv.Quote(f.DefValue)))
		}
		fmt.Fprintf(w, ".TP\n%s\n%s\n", tag.String(), roffLine(f.Usage))
	})
}

// roffParagraphs writes text with its blank lines as paragraph breaks.
func roffParagraphs(w *bufio.Writer, text string) {
	w.WriteString(".PP\n")
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.TrimSpace(l) == "" {
			w.WriteString(".PP\n")
			continue
		}
		w.WriteString(roffLine(strings.TrimSpace(l)) + "\n")
	}
}

// roffText escapes backslashes, writes non-ASCII characters as groff's
// \[uXXXX] and drops control characters (none is meant to reach a page).
func roffText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		case r >= 0x80:
			// groff's escape for any character: the page reads the same
			// whatever the input encoding man assumes
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// roffLine is roffText for a whole input line: a line starting with a dot
// or an apostrophe would be read as a request, so it is protected.
func roffLine(s string) string {
	s = roffText(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffDash writes hyphens as roff's minus sign (\-), as options and
// command names must be, so they can be copied and searched.
func roffDash(s string) string { return strings.ReplaceAll(s, "-", `\-`) }

// roffQuote is a quoted macro argument (a double quote inside is doubled).
func roffQuote(s string) string { return `"` + strings.ReplaceAll(roffText(s), `"`, `""`) + `"` }
