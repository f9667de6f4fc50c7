package fact

// The characters that must not reach a terminal from registry text, named
// once for Clean, CheckText (lint and the CLI's writes) and EscapeJSON.

// isControl reports whether r is a C0 control, DEL or a C1 control.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }

// isBidiOverride reports whether r is a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069): what reorders shown text ("Trojan
// Source").
func isBidiOverride(r rune) bool { return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 }

// isBidiFormat is isBidiOverride plus the directional marks (LRM, RLM, ALM).
func isBidiFormat(r rune) bool { return isBidiOverride(r) || r == 0x200e || r == 0x200f || r == 0x061c }
