package snippets

import (
	"path"
	"strings"
)

// byExtension maps file extensions to the language names codal writes in
// snippet.yaml (chroma lexer names, lowercase).
var byExtension = map[string]string{
	".py": "python", ".sql": "sql", ".sh": "bash", ".bash": "bash", ".js": "javascript", ".mjs": "javascript",
	".ts": "typescript", ".go": "go", ".r": "r", ".rb": "ruby", ".php": "php", ".java": "java", ".ps1": "powershell",
	".json": "json", ".geojson": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".xml": "xml",
	".html": "html", ".css": "css", ".md": "markdown", ".csv": "csv", ".ipynb": "json", ".rs": "rust",
	".c": "c", ".h": "c", ".cpp": "cpp", ".vba": "vb.net", ".bas": "vb.net", ".vbs": "vb.net", ".lua": "lua",
	".sparql": "sparql", ".rq": "sparql", ".jq": "jq", ".awk": "awk", ".pl": "perl", ".kt": "kotlin",
	".http": "http", ".dockerfile": "docker", ".m": "matlab", ".jl": "julia", ".txt": "text",
}

// GuessLanguage names the language of a file from its extension ("text" when
// unknown). Makefile and Dockerfile are recognised by name.
func GuessLanguage(file string) string {
	base := path.Base(strings.ReplaceAll(file, `\`, "/"))
	switch strings.ToLower(base) {
	case "dockerfile":
		return "docker"
	case "makefile":
		return "makefile"
	}
	if l, ok := byExtension[strings.ToLower(path.Ext(base))]; ok {
		return l
	}
	return "text"
}
