package catalogue

// CodeFile is one code file of a new snippet.
type CodeFile struct {
	Name string
	Data []byte
}

// NewSnippet is a snippet to add.
type NewSnippet struct {
	Title       string
	Description string
	// Language is guessed from the first file's extension when empty.
	Language string
	Tags     []string
	// Author is an actor id of the directory.
	Author string
	// License is DefaultLicense when empty.
	License string
	Files   []CodeFile
}
