//go:build !lean

package main

// The tools' inputs, and how each becomes the command line the CLI runs.
// Every value goes in as --flag=value or after "--", so no argument can be
// read as another flag; the CLI then checks the values as it checks a
// user's.

// listInput is list_entries's input.
type listInput struct {
	Kind  string `json:"kind" jsonschema:"the kind of entry: actors, snippets, schemas, requests, trainings or tips"`
	Query string `json:"query,omitempty" jsonschema:"words every entry kept must contain (accents and case ignored)"`
}

func (in listInput) args() []string {
	return []string{"list", "--json", "--query=" + in.Query, "--", in.Kind}
}

// showInput is show_entry's input.
type showInput struct {
	Kind string `json:"kind" jsonschema:"the kind of entry: actors, snippets, schemas, requests, trainings or tips"`
	ID   string `json:"id" jsonschema:"the entry's id, e.g. budget-climat"`
}

func (in showInput) args() []string {
	return []string{"show", "--json", "--", in.Kind + "/" + in.ID}
}

// rankInput is rank_requests's input (none).
type rankInput struct{}

func (rankInput) args() []string { return []string{"request", "rank", "--format=json"} }

// newsInput is news's input.
type newsInput struct {
	Since     string `json:"since,omitempty" jsonschema:"a date YYYY-MM-DD or a commit; by default the last commit marked read, else the last 30 days"`
	Following bool   `json:"following,omitempty" jsonschema:"only what the user follows and their organisation's requests"`
}

func (in newsInput) args() []string {
	a := []string{"news", "--format=json"}
	if in.Since != "" {
		a = append(a, "--since="+in.Since)
	}
	if in.Following {
		a = append(a, "--following")
	}
	return a
}

// validateInput is validate_csv's input.
type validateInput struct {
	Schema    string `json:"schema" jsonschema:"the id of one of the registry's schemas"`
	Path      string `json:"path" jsonschema:"the CSV file, inside a folder the server was started with (--allow-path)"`
	Delimiter string `json:"delimiter,omitempty" jsonschema:"the CSV delimiter when it is not guessed: one character"`
}

// args is the command for the file at path (already resolved and allowed).
func (in validateInput) args(path string) []string {
	a := []string{"schema", "validate", "--json"}
	if in.Delimiter != "" {
		a = append(a, "--delimiter="+in.Delimiter)
	}
	return append(a, "--", in.Schema, path)
}

// fileInput is file_request's input.
type fileInput struct {
	Title       string   `json:"title" jsonschema:"which data, in a few words"`
	To          string   `json:"to" jsonschema:"the id of the organisation that holds or produces the data"`
	By          string   `json:"by,omitempty" jsonschema:"the filing organisation; by default the user's configured organisation"`
	Themes      []string `json:"themes,omitempty" jsonschema:"themes"`
	Usage       string   `json:"usage,omitempty" jsonschema:"what the data will be used for"`
	Description string   `json:"description,omitempty" jsonschema:"description (Markdown)"`
	WantedBy    string   `json:"wanted_by,omitempty" jsonschema:"wanted-by date YYYY-MM-DD"`
}

func (in fileInput) args() []string {
	a := []string{"request", "new", "--json", "--title=" + in.Title, "--to=" + in.To}
	a = optFlag(a, "by", in.By)
	for _, t := range in.Themes {
		a = append(a, "--theme="+t)
	}
	a = optFlag(a, "usage", in.Usage)
	a = optFlag(a, "description", in.Description)
	return optFlag(a, "wanted-by", in.WantedBy)
}

// supportInput is support_request's input.
type supportInput struct {
	ID      string `json:"id" jsonschema:"the request's id"`
	As      string `json:"as,omitempty" jsonschema:"the supporting organisation; by default the user's configured organisation"`
	Need    string `json:"need,omitempty" jsonschema:"essential, useful (the default) or interested"`
	Comment string `json:"comment,omitempty" jsonschema:"why, for what use"`
}

func (in supportInput) args() []string {
	a := optFlag([]string{"request", "vote", "--json"}, "as", in.As)
	a = optFlag(a, "need", in.Need)
	a = optFlag(a, "comment", in.Comment)
	return append(a, "--", in.ID)
}

// withdrawInput is withdraw_support's input.
type withdrawInput struct {
	ID string `json:"id" jsonschema:"the request's id"`
	As string `json:"as,omitempty" jsonschema:"the organisation withdrawing its support; by default the user's configured organisation"`
}

func (in withdrawInput) args() []string {
	return append(optFlag([]string{"request", "unvote", "--json"}, "as", in.As), "--", in.ID)
}

// statusInput is change_status's input.
type statusInput struct {
	ID          string `json:"id" jsonschema:"the request's id"`
	Status      string `json:"status" jsonschema:"the new status, e.g. under-review, planned, published, declined, duplicate, withdrawn"`
	As          string `json:"as,omitempty" jsonschema:"the organisation changing the status; by default the user's configured organisation"`
	Note        string `json:"note,omitempty" jsonschema:"explanation for the requesters"`
	Dataset     string `json:"dataset,omitempty" jsonschema:"dataset URL (published, already-available)"`
	PlannedFor  string `json:"planned_for,omitempty" jsonschema:"planned publication date YYYY-MM-DD (planned, in-progress)"`
	DuplicateOf string `json:"duplicate_of,omitempty" jsonschema:"id of the original request (duplicate)"`
	Reason      string `json:"reason,omitempty" jsonschema:"reason (declined, withdrawn)"`
}

func (in statusInput) args() []string {
	a := optFlag([]string{"request", "status", "--json"}, "as", in.As)
	a = optFlag(a, "note", in.Note)
	a = optFlag(a, "dataset", in.Dataset)
	a = optFlag(a, "planned-for", in.PlannedFor)
	a = optFlag(a, "duplicate-of", in.DuplicateOf)
	a = optFlag(a, "reason", in.Reason)
	return append(a, "--", in.ID, in.Status)
}

// commentInput is comment_request's input.
type commentInput struct {
	ID      string `json:"id" jsonschema:"the request's id"`
	Body    string `json:"body" jsonschema:"the comment (Markdown, 64 KiB at most)"`
	As      string `json:"as,omitempty" jsonschema:"the commenting organisation; by default the user's configured organisation"`
	ReplyTo string `json:"reply_to,omitempty" jsonschema:"the comment answered, named by its file without .yaml"`
}

func (in commentInput) args() []string {
	a := optFlag([]string{"request", "comment", "--json", "--body=" + in.Body}, "as", in.As)
	a = optFlag(a, "reply-to", in.ReplyTo)
	return append(a, "--", in.ID)
}

// optFlag appends --name=value when value is given.
func optFlag(a []string, name, value string) []string {
	if value == "" {
		return a
	}
	return append(a, "--"+name+"="+value)
}
