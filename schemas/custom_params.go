package schemas

import "strings"

// checkParams are a custom check's params as kept in the Schema: strings,
// booleans and lists of strings under the keys the checks read.
type checkParams map[string]any

// paramKeys are the params the known checks read, in every spelling the
// schemas of schema.data.gouv.fr use; the loader keeps only these.
var paramKeys = []string{"column", "column1", "column2", "columns", "othercolumns", "op", "allow-year-only"}

// str returns the first of keys that is set, as a string.
func (p checkParams) str(keys ...string) (s, key string, set bool, bad *paramError) {
	for _, k := range keys {
		raw, ok := p[k]
		if !ok {
			continue
		}
		s, isStr := raw.(string)
		if !isStr {
			return "", k, true, badParam("le paramètre « "+k+" » doit être une chaîne", `the param "`+k+`" must be a string`)
		}
		return s, k, true, nil
	}
	return "", "", false, nil
}

// column reads a column name under one of keys, required.
func (p checkParams) column(keys ...string) (string, *paramError) {
	s, k, set, bad := p.str(keys...)
	if bad != nil {
		return "", bad
	}
	if !set {
		return "", badParam("paramètre « "+strings.Join(keys, " » ou « ")+" » manquant (le nom de la colonne à contrôler)",
			`missing param "`+strings.Join(keys, `" or "`)+`" (the name of the column to check)`)
	}
	return s, checkColumnName(k, s)
}

func checkColumnName(key, s string) *paramError {
	if s == "" {
		return badParam("le paramètre « "+key+" » est vide : il doit nommer une colonne", `the param "`+key+`" is empty: it must name a column`)
	}
	if len(s) > maxCheckColumnName {
		return badParam("le paramètre « "+key+" » est trop long ("+itoa(len(s))+" octets) pour nommer une colonne",
			`the param "`+key+`" is too long (`+itoa(len(s))+" bytes) to name a column")
	}
	return nil
}

// columns reads a list of column names under one of keys, required and
// not empty.
func (p checkParams) columns(keys ...string) ([]string, *paramError) {
	for _, k := range keys {
		raw, ok := p[k]
		if !ok {
			continue
		}
		list, isList := raw.([]any)
		if !isList {
			return nil, badParam("le paramètre « "+k+" » doit être une liste de noms de colonnes", `the param "`+k+`" must be a list of column names`)
		}
		if len(list) == 0 {
			return nil, badParam("le paramètre « "+k+" » est une liste vide", `the param "`+k+`" is an empty list`)
		}
		if len(list) > maxCheckColumns {
			return nil, badParam("le paramètre « "+k+" » nomme "+itoa(len(list))+" colonnes : au plus "+itoa(maxCheckColumns),
				`the param "`+k+`" names `+itoa(len(list))+" columns: at most "+itoa(maxCheckColumns))
		}
		out := make([]string, len(list))
		for i, it := range list {
			s, isStr := it.(string)
			if !isStr {
				return nil, badParam("le paramètre « "+k+" » doit être une liste de chaînes", `the param "`+k+`" must be a list of strings`)
			}
			if bad := checkColumnName(k, s); bad != nil {
				return nil, bad
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, badParam("paramètre « "+strings.Join(keys, " » ou « ")+" » manquant (la liste des autres colonnes)",
		`missing param "`+strings.Join(keys, `" or "`)+`" (the list of the other columns)`)
}

// fieldIndex is the schema field a check's column names, -1 when the
// schema has none (the check then finds the column absent, as Validata
// does when a column is missing).
func fieldIndex(v *Validator, name string) int {
	if v == nil {
		return -1
	}
	if fi, ok := v.byName[name]; ok {
		return fi
	}
	return -1
}

// keepParams filters a params object to the keys the checks read, bounded:
// strings, booleans, and lists of at most maxCheckColumns+1 strings (the
// check then reports a list too long).
func keepParams(n *jnode) map[string]any {
	if n == nil || n.Kind != jObject {
		return nil
	}
	out := map[string]any{}
	for _, m := range n.Members {
		if !containsStr(paramKeys, m.Key) {
			continue
		}
		switch m.Val.Kind {
		case jString:
			out[m.Key] = m.Val.Str
		case jBool:
			out[m.Key] = m.Val.Bool
		case jArray:
			items := m.Val.Items
			if len(items) > maxCheckColumns+1 {
				items = items[:maxCheckColumns+1]
			}
			list := make([]any, len(items))
			for i, it := range items {
				if it.Kind == jString {
					list[i] = it.Str
				} else {
					list[i] = nil
				}
			}
			out[m.Key] = list
		default:
			out[m.Key] = nil
		}
	}
	return out
}
