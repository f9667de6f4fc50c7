package tui

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/gpso/codal/registry"
	"github.com/gpso/codal/schemas"
)

// schemasTab is Schémas: version and description, then the table of fields
// and the example files.
type schemasTab struct {
	*browser
	schemas []*schemas.Schema
}

func newSchemasTab(e *env) *schemasTab {
	t := &schemasTab{}
	t.browser = newBrowser(e, registry.Schemas, t)
	return t
}

func (t *schemasTab) Kind() registry.Kind { return registry.Schemas }
func (t *schemasTab) Count() int          { return len(t.schemas) }
func (t *schemasTab) Keys() []key.Binding { return nil }
func (t *schemasTab) Invalidate()         { t.invalidate() }

func (t *schemasTab) Load() tea.Cmd {
	c := t.env.cat
	t.schemas = c.Schemas
	ids := make([]string, len(c.Schemas))
	hay := make([]string, len(c.Schemas))
	for i, s := range c.Schemas {
		ids[i], hay[i] = s.ID, c.SchemaHaystack(s)
	}
	return t.setItems(ids, hay)
}

func (t *schemasTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd, _ := t.update(msg)
		return cmd
	case tea.PasteMsg:
		return t.paste(msg)
	}
	return nil
}

func (t *schemasTab) row(i, width int) string {
	s := t.schemas[i]
	v := ""
	if s.Version != "" {
		v = "v" + line(s.Version)
	}
	return spread(line(firstNonEmpty(s.Title, s.Name, s.ID)), t.env.st.RowMuted.Render(v), width)
}

func (t *schemasTab) detail(i, width int) string {
	e, s := t.env, t.schemas[i]
	d := newDoc(e.st, e.lang, width)
	d.title(firstNonEmpty(s.Title, s.Name, s.ID))
	d.blank()
	d.field("ID", s.ID)
	d.field(e.t("Nom", "Name"), s.Name)
	d.field("Version", s.Version)
	if s.Description != "" {
		d.blank()
		d.text(s.Description)
	}
	d.section(fmt.Sprintf("%s (%d)", e.t("Champs", "Fields"), len(s.Fields)))
	if len(s.Fields) == 0 {
		d.muted(e.t("Aucun champ.", "No fields."))
	} else {
		d.block(t.fieldTable(s, width))
	}
	d.section(fmt.Sprintf("%s (%d)", e.t("Fichiers d'exemple", "Example files"), len(s.Examples)))
	if len(s.Examples) == 0 {
		d.muted(e.t("Aucun exemple.", "No example."))
	}
	for _, x := range s.Examples {
		d.bullet(line("schemas/" + s.ID + "/" + x))
	}
	if s.HasReadme {
		d.blank()
		d.muted(e.t("Documentation : ", "Documentation: ") + "schemas/" + s.ID + "/README.md")
	}
	return d.String()
}

// fieldTable draws name, type, required, constraints and description.
func (t *schemasTab) fieldTable(s *schemas.Schema, width int) string {
	e := t.env
	yes := e.t("oui", "yes")
	rows := make([][]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		req := ""
		if b, ok := f.Constraints["required"].(bool); ok && b {
			req = yes
		}
		typ := line(f.Type)
		if f.Format != "" && f.Format != "default" {
			typ += " (" + line(f.Format) + ")"
		}
		rows = append(rows, []string{line(f.Name), typ, req, constraints(e, f.Constraints), line(firstNonEmpty(f.Description, f.Title))})
	}
	st := e.st
	tb := table.New().
		Headers(e.t("Nom", "Name"), "Type", e.t("Requis", "Required"), e.t("Contraintes", "Constraints"), "Description").
		Rows(rows...).
		Border(lipgloss.NormalBorder()).
		BorderStyle(st.TableBorder).
		BorderRow(false).BorderColumn(true).BorderLeft(false).BorderRight(false).BorderTop(false).BorderBottom(false).
		Wrap(true).
		Width(width).
		StyleFunc(func(row, _ int) lipgloss.Style {
			if row == table.HeaderRow {
				return st.TableHeader
			}
			return st.TableCell
		})
	return tb.String()
}

// constraints renders a field's constraints other than required:
// "unique, pattern ^92…$, enum a|b|c, minimum 0".
func constraints(e *env, c map[string]any) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		if k != "required" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		switch v := c[k].(type) {
		case bool:
			if v {
				parts = append(parts, k)
			} else {
				parts = append(parts, k+" "+e.t("non", "no"))
			}
		case []any:
			vals := make([]string, len(v))
			for i, x := range v {
				vals[i] = scalar(x)
			}
			parts = append(parts, k+" "+strings.Join(vals, "|"))
		default:
			parts = append(parts, k+" "+scalar(v))
		}
	}
	return line(strings.Join(parts, ", "))
}

// scalar writes a JSON value briefly.
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
