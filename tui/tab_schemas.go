package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/gpso/codal/registry/catalogue"
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
	t.browser = newBrowser(e, catalogue.Schemas, t)
	return t
}

func (t *schemasTab) Kind() catalogue.Kind { return catalogue.Schemas }
func (t *schemasTab) Count() int           { return len(t.schemas) }
func (t *schemasTab) Keys() []key.Binding  { return []key.Binding{t.env.keys.Validate} }
func (t *schemasTab) Invalidate()          { t.invalidate() }

func (t *schemasTab) Load() tea.Cmd {
	c := t.env.cat
	t.schemas = c.Schemas
	ids := t.env.kindIDs(catalogue.Schemas)
	return t.env.setKindItems(t.browser, catalogue.Schemas, ids)
}

func (t *schemasTab) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if !t.typing && key.Matches(msg, t.env.keys.Validate) {
			return t.validate()
		}
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
		d.block(e.render.markdown(s.Description, width))
	}
	d.section(fmt.Sprintf("%s (%d)", e.t("Champs", "Fields"), len(s.Fields)))
	if len(s.Fields) == 0 {
		d.muted(e.t("Aucun champ.", "No fields."))
	} else if width >= tableWidth {
		d.block(t.fieldTable(s, width))
	} else {
		t.fieldList(d, s)
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

// tableWidth is the narrowest detail where the fields are a table; below,
// each field is a short paragraph.
const tableWidth = 96

// fieldList writes each field as "name  type · required", then its
// constraints and description, indented: the table's columns, readable in a
// narrow pane.
func (t *schemasTab) fieldList(d *doc, s *schemas.Schema) {
	e, st := t.env, t.env.st
	for _, f := range s.Fields {
		head := st.Value.Bold(true).Render(line(f.Name)) + "  " + st.Accent.Render(line(f.FieldType()))
		if f.Format != "" && f.Format != "default" {
			head += st.Muted.Render(" (" + line(f.Format) + ")")
		}
		if f.Constraints.Required {
			head += st.Muted.Render(" · ") + st.Warn.Render(e.t("requis", "required"))
		}
		d.blank()
		d.bullet(head)
		rest := f
		rest.Constraints.Required = false
		if c := line(rest.ConstraintSummary(e.lang)); c != "" {
			d.indented(st.Muted.Render(e.t("contraintes : ", "constraints: ")) + c)
		}
		if desc := line(firstNonEmpty(f.Description, f.Title)); desc != "" {
			d.indented(desc)
		}
	}
}

// fieldTable draws name, type, required, constraints and description.
func (t *schemasTab) fieldTable(s *schemas.Schema, width int) string {
	e := t.env
	yes := e.t("oui", "yes")
	rows := make([][]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		req := ""
		if f.Constraints.Required {
			req = yes
		}
		rest := f
		rest.Constraints.Required = false // it has its own column
		typ := line(f.Type)
		if f.Format != "" && f.Format != "default" {
			typ += " (" + line(f.Format) + ")"
		}
		rows = append(rows, []string{line(f.Name), typ, req, line(rest.ConstraintSummary(e.lang)), line(firstNonEmpty(f.Description, f.Title))})
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
