package toolbox

import (
	"bytes"
	"reflect"
	"regexp"
	"sync"

	"github.com/goccy/go-yaml"

	"github.com/gpso/codal/i18n"
)

// blankLines are lines of spaces only, which the encoder leaves inside
// literal blocks.
var blankLines = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^[ ]+$`) })

// marshalChecked renders v as YAML, a multi-line text as a literal block
// when that reads back exactly (same checks: ok), quoted otherwise.
func marshalChecked(v any, ok func([]byte) bool) ([]byte, error) {
	for _, opts := range [][]yaml.EncodeOption{
		{yaml.UseLiteralStyleIfMultiline(true), yaml.IndentSequence(true)},
		{yaml.IndentSequence(true)},
	} {
		data, err := yaml.MarshalWithOptions(v, opts...)
		if err != nil {
			return nil, err
		}
		data = blankLines().ReplaceAll(data, nil)
		if ok(data) {
			return data, nil
		}
	}
	return nil, i18n.Errorf(i18n.T("impossible d'écrire le fichier sans altérer ses valeurs", "cannot write the file without altering its values"))
}

// Marshal renders the training as training.yaml, read back by
// ParseTraining to the same values.
func (t *Training) Marshal() ([]byte, error) {
	return marshalChecked(t, func(data []byte) bool {
		back, _ := ParseTraining("trainings/"+t.ID+"/training.yaml", data)
		back.Where, back.ID = nil, t.ID
		want := *t
		want.Where = nil
		return reflect.DeepEqual(normal(&want), normal(back))
	})
}

// Marshal renders the tip as tip.md: the front matter, then the body.
func (t *Tip) Marshal() ([]byte, error) {
	front := *t
	front.Body = ""
	var out []byte
	_, err := marshalChecked(&front, func(data []byte) bool {
		out = append(append(append([]byte("---\n"), data...), "---\n"...), t.Body...)
		back, _ := ParseTip("tips/"+t.ID+"/tip.md", out)
		return back.Title == t.Title && back.Author == t.Author && back.Date.Equal(t.Date.Time) &&
			reflect.DeepEqual(back.Tags, t.Tags) && reflect.DeepEqual(back.Related, t.Related) && back.Body == t.Body
	})
	if err != nil {
		return nil, err
	}
	return bytes.Clone(out), nil
}

// normal empties nil-or-empty lists alike, for comparing a training with
// what was read back.
func normal(t *Training) *Training {
	c := *t
	if len(c.Speakers) == 0 {
		c.Speakers = nil
	}
	if len(c.Topics) == 0 {
		c.Topics = nil
	}
	if len(c.Slides) == 0 {
		c.Slides = nil
	}
	return &c
}
