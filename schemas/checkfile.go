package schemas

import (
	"errors"
	"io"
	"os"

	"github.com/gpso/codal/i18n"
)

// CheckFile checks the CSV file at path against s: the one check behind
// `codal schema validate` and the app's v. The schema is compiled first
// (a schema lint refuses cannot serve), then a folder, a missing or an
// unreadable file is an error naming path. wrap, when not nil, wraps the
// opened file of size bytes before it is read (the app counts its progress
// and stops on cancel there). Every error is one sentence naming the file
// or the schema.
func CheckFile(s *Schema, path string, opts Options, wrap func(r io.Reader, size int64) io.Reader) (*Report, error) {
	v, err := compileFor(s)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return nil, i18n.Errorf(i18n.T("%s est un dossier, pas un fichier CSV", "%s is a folder, not a CSV file"), path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("fichier illisible %s : %s", "unreadable file %s: %s"), path, FileReason(err))
	}
	defer f.Close()
	var in io.Reader = f
	if wrap != nil {
		size := int64(0)
		if st != nil {
			size = st.Size()
		}
		in = wrap(f, size)
	}
	return check(v, in, path, opts)
}

// CheckReader checks CSV read from r (standard input, say) against s, as
// CheckFile does; name is what its errors call the input.
func CheckReader(s *Schema, r io.Reader, name string, opts Options) (*Report, error) {
	v, err := compileFor(s)
	if err != nil {
		return nil, err
	}
	return check(v, r, name, opts)
}

func compileFor(s *Schema) (*Validator, error) {
	v, err := Compile(s)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("le schéma %s ne peut pas servir (%s) : voir codal lint", "schema %s cannot be used (%s): see codal lint"),
			s.ID, bilingual(err))
	}
	return v, nil
}

func check(v *Validator, r io.Reader, name string, opts Options) (*Report, error) {
	rep, err := v.Validate(r, opts)
	if err != nil {
		return nil, i18n.Wrap(err, i18n.T("impossible de vérifier %s : %s", "cannot check %s: %s"), name, bilingual(err))
	}
	return rep, nil
}

// bilingual is err's message in both languages, to be nested in a sentence.
func bilingual(err error) i18n.Text {
	return i18n.T(i18n.Message(err, i18n.FR), i18n.Message(err, i18n.EN))
}

// FileReason says in a few words why a file cannot be read: it does not
// exist, permission denied, or the system's own words (without the path,
// which the sentence around it names).
func FileReason(err error) i18n.Text {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return i18n.T("il n'existe pas", "it does not exist")
	case errors.Is(err, os.ErrPermission):
		return i18n.T("accès refusé", "permission denied")
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return i18n.T(err.Error(), err.Error())
}
