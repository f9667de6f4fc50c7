package fact

import "github.com/goccy/go-yaml/ast"

// astDepth is how deeply the parsed collections under n nest (a mapping or
// a sequence is one level; scalars none).
func astDepth(n ast.Node) int {
	if n == nil {
		return 0
	}
	switch n := n.(type) {
	case *ast.DocumentNode:
		return astDepth(n.Body)
	case *ast.MappingNode:
		d := 0
		for _, v := range n.Values {
			d = max(d, astDepth(v))
		}
		return d + 1
	case *ast.MappingValueNode:
		return max(astDepth(n.Key), astDepth(n.Value))
	case *ast.MappingKeyNode:
		return astDepth(n.Value)
	case *ast.SequenceNode:
		d := 0
		for _, v := range n.Values {
			d = max(d, astDepth(v))
		}
		return d + 1
	case *ast.TagNode:
		return astDepth(n.Value)
	case *ast.AnchorNode:
		return astDepth(n.Value)
	}
	return 0
}

// checkDepth checks a parsed document against max levels: YAMLDepth, before
// parsing, bounds the parser's work but may count a few of the parser's
// readings of odd layouts one level short; this is the exact check. pos is
// the first collection deeper than max.
func checkDepth(body ast.Node, max int) (Pos, bool) {
	if astDepth(body) <= max {
		return Pos{}, true
	}
	return deepest(body, max), false
}

// deepest finds the first collection at level max+1 under n (n at level 1).
func deepest(n ast.Node, max int) Pos {
	var walk func(n ast.Node, level int) (Pos, bool)
	walk = func(n ast.Node, level int) (Pos, bool) {
		switch x := n.(type) {
		case nil:
			return Pos{}, false
		case *ast.MappingNode, *ast.SequenceNode:
			if level > max {
				return tokPos(n.GetToken()), true
			}
			var kids []ast.Node
			if m, ok := x.(*ast.MappingNode); ok {
				for _, v := range m.Values {
					kids = append(kids, v.Key, v.Value)
				}
			} else {
				kids = x.(*ast.SequenceNode).Values
			}
			for _, k := range kids {
				if p, ok := walk(k, level+1); ok {
					return p, true
				}
			}
		case *ast.MappingValueNode:
			if p, ok := walk(x.Key, level); ok {
				return p, true
			}
			return walk(x.Value, level)
		case *ast.MappingKeyNode:
			return walk(x.Value, level)
		case *ast.TagNode:
			return walk(x.Value, level)
		case *ast.AnchorNode:
			return walk(x.Value, level)
		case *ast.DocumentNode:
			return walk(x.Body, level)
		}
		return Pos{}, false
	}
	if p, ok := walk(n, 1); ok {
		return p
	}
	return Pos{1, 1}
}
