package fact

import (
	"reflect"

	"github.com/goccy/go-yaml/ast"
)

// misplacedTag finds, in the node n bound for a Go value of type t, a tag
// (!x, !!str…) on a scalar where t wants a list. The YAML library's decoder
// dereferences a nil list there ("items: !x a"), so such a node must be
// refused before it is handed over. anchors maps the anchors seen so far
// in the field to their values, so that an alias is checked as what it
// names. The walk follows the type: it never enters an alias, so an alias
// costs one step, whatever it names.
func misplacedTag(n ast.Node, t reflect.Type, anchors map[string]ast.Node) (Pos, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	list := t.Kind() == reflect.Slice || t.Kind() == reflect.Array
	switch x := n.(type) {
	case *ast.AnchorNode:
		if x.Name != nil {
			anchors[x.Name.GetToken().Value] = x.Value
		}
		return misplacedTag(x.Value, t, anchors)
	case *ast.AliasNode:
		if x.Value == nil || !list {
			return Pos{}, false
		}
		if v, ok := anchors[x.Value.GetToken().Value].(*ast.TagNode); ok && !isSequence(v.Value) {
			return tokPos(x.GetToken()), true
		}
	case *ast.TagNode:
		if list && !isSequence(x.Value) {
			return tokPos(x.GetToken()), true
		}
		return misplacedTag(x.Value, t, anchors)
	case *ast.SequenceNode:
		if !list {
			return Pos{}, false
		}
		for _, v := range x.Values {
			if p, bad := misplacedTag(v, t.Elem(), anchors); bad {
				return p, true
			}
		}
	case *ast.MappingNode:
		switch t.Kind() {
		case reflect.Map:
			for _, mv := range x.Values {
				if p, bad := misplacedTag(mv.Value, t.Elem(), anchors); bad {
					return p, true
				}
			}
		case reflect.Struct:
			fields := fieldIndex(t)
			for _, mv := range x.Values {
				i, ok := fields[mv.Key.String()]
				if !ok {
					continue
				}
				if p, bad := misplacedTag(mv.Value, t.Field(i).Type, anchors); bad {
					return p, true
				}
			}
		}
	}
	return Pos{}, false
}

// isSequence reports whether a tag's value n is a list the library can walk:
// a list, or a tagged list (it does not look through an anchor there).
func isSequence(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.SequenceNode:
		return true
	case *ast.TagNode:
		return isSequence(x.Value)
	}
	return false
}
