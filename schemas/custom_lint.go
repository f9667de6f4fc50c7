package schemas

// customChecks reads the descriptor's custom_checks into s and reports, as
// warnings (the file stays usable, validation runs the checks it knows):
// unknown-custom-check (a name codal does not know), bad-custom-check
// (not a list of {name, params}, or params a check cannot use),
// deprecated-custom-check (an old name such as siret) and
// custom-check-column (a column the schema does not define: the check
// never runs).
func (c *checker) customChecks(s *Schema, root *jnode) {
	m := root.member("custom_checks")
	if m == nil {
		return
	}
	if m.Val.Kind != jArray {
		fr, en := m.Val.Kind.name()
		c.warnAt(m.Val.Off, "bad-custom-check", lit("« custom_checks » doit être une liste de contrôles {name, params}, pas "+fr+" : ignoré",
			`"custom_checks" must be a list of checks {name, params}, not `+en+": ignored"))
		return
	}
	fields := map[string]bool{}
	for _, f := range s.Fields {
		fields[f.Name] = true
	}
	for i, item := range m.Val.Items {
		if i >= maxCustomChecks {
			c.warnAt(item.Off, "bad-custom-check", lit("plus de "+itoa(maxCustomChecks)+" contrôles personnalisés : les suivants sont ignorés",
				"more than "+itoa(maxCustomChecks)+" custom checks: the next ones are ignored"))
			break
		}
		num := itoa(i + 1)
		if item.Kind != jObject {
			c.warnAt(item.Off, "bad-custom-check", lit("le contrôle personnalisé n° "+num+" doit être un objet {name, params} : ignoré",
				"custom check #"+num+" must be an object {name, params}: ignored"))
			continue
		}
		nm := item.member("name")
		if nm == nil || nm.Val.Kind != jString || nm.Val.Str == "" {
			c.warnAt(item.Off, "bad-custom-check", lit("le contrôle personnalisé n° "+num+" n'a pas de « name » : ignoré",
				"custom check #"+num+` has no "name": ignored`))
			continue
		}
		name := nm.Val.Str
		var params map[string]any
		if pm := item.member("params"); pm != nil {
			if pm.Val.Kind != jObject {
				c.warnAt(pm.Val.Off, "bad-custom-check", cat(lit("les « params » du contrôle ", `the "params" of check `), quoted(name),
					lit(" doivent être un objet : contrôle ignoré", " must be an object: check ignored")))
				continue
			}
			params = keepParams(pm.Val)
		}
		cc := CustomCheck{Name: name, Params: params}
		s.CustomChecks = append(s.CustomChecks, cc)
		k, known := customKinds()[name]
		if !known {
			_, perr := buildCustom(cc, nil)
			c.warnAt(nm.Val.Off, "unknown-custom-check", perr.text)
			continue
		}
		if _, perr := k.build(checkParams(params), nil); perr != nil {
			c.warnAt(item.Off, "bad-custom-check", cat(lit("contrôle ", "check "), quoted(name), lit(" : ", ": "), perr.text,
				lit(" ; codal ne l'applique pas", "; codal does not run it")))
			continue
		}
		if name != k.name {
			c.warnAt(nm.Val.Off, "deprecated-custom-check", cat(lit("nom de contrôle ", "check name "), quoted(name),
				lit(" obsolète : écrivez « "+k.name+" »", ` is deprecated: write "`+k.name+`"`)))
		}
		for _, key := range paramKeys {
			for _, col := range paramColumns(params[key], key) {
				if !fields[col] {
					c.warnAt(item.Off, "custom-check-column", cat(lit("le contrôle ", "check "), quoted(name), lit(" nomme la colonne ", " names the column "),
						quoted(col), lit(" que le schéma ne définit pas : il ne s'applique jamais", " that the schema does not define: it never runs")))
				}
			}
		}
	}
}

// paramColumns lists the column names a param holds (the column params
// only).
func paramColumns(raw any, key string) []string {
	switch key {
	case "column", "column1", "column2":
		if s, ok := raw.(string); ok {
			return []string{s}
		}
	case "columns", "othercolumns":
		var out []string
		if l, ok := raw.([]any); ok {
			for _, it := range l {
				if s, ok := it.(string); ok {
					out = append(out, s)
				}
			}
		}
		return out
	}
	return nil
}
