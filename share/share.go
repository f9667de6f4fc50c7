package share

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/registry/catalogue"
	"github.com/gpso/codal/registry/store"
)

// Store is what share needs of the registry's store: read it, know whether
// it is Git, fetch, and keep share branches and build proposals.
type Store interface {
	store.Reader
	store.Stater
	store.Sharer
	// Fetch brings the remote's commits without touching the branch.
	Fetch(ctx context.Context) error
}

// Options says what to share and how.
type Options struct {
	Store Store
	Kind  catalogue.Kind
	ID    string
	// API is the GitHub API to talk to.
	API API
	// Token authenticates with GitHub; when empty, FindToken looks for one.
	Token Token
	// Identity signs the share commit (dated by Now at commit time).
	Identity catalogue.Identity
	// Transport carries the API's HTTP requests (nil: the default).
	Transport http.RoundTripper
	// Sleep waits between two polls of a new fork (nil: a real sleep).
	Sleep func(context.Context, time.Duration) error
	// ForkPolls bounds how many times a new fork is polled (0: 8, about a
	// minute in all).
	ForkPolls int
	// Now gives the time (nil: time.Now).
	Now func() time.Time
	// Progress, when set, receives a line for each step.
	Progress func(i18n.Text, ...any)
}

// Result is the pull request proposing the entry.
type Result struct {
	URL    string `json:"url"`
	Number int    `json:"number"`
	Branch string `json:"branch"`
	// Existing is true when the pull request was already open.
	Existing bool `json:"-"`
	// Pushed is true when a new commit was pushed.
	Pushed bool `json:"-"`
	// Fork is the fork the branch was pushed to ("" for the registry's own
	// repository).
	Fork string `json:"-"`
	// Files are the entry's files that differ from GitHub, with what changed.
	Files []FileChange `json:"-"`
}

// FileChange is one file of the pull request.
type FileChange struct {
	Path   string
	Change Change
}

// Change says what happens to a file.
type Change int

// What a pull request does to a file.
const (
	Added Change = iota
	Modified
	Removed
)

// LintError is returned when the entry fails lint: it is not shared.
type LintError struct {
	Ref      string
	Problems []fact.Problem
}

func (e *LintError) Error() string { return e.In(i18n.FR) }

// In says it in the given language.
func (e *LintError) In(l i18n.Lang) string {
	return i18n.T("%s ne passe pas la vérification (%d erreur(s)) : corrigez-la avant de la proposer",
		"%s fails the check (%d error(s)): fix it before proposing it").In(l, e.Ref, countErrors(e.Problems))
}

// I18n returns the sentence as an *i18n.Error.
func (e *LintError) I18n() *i18n.Error {
	return &i18n.Error{Text: i18n.T("%s ne passe pas la vérification (%d erreur(s)) : corrigez-la avant de la proposer",
		"%s fails the check (%d error(s)): fix it before proposing it"), Args: []any{e.Ref, countErrors(e.Problems)}, Err: e}
}

func countErrors(ps []fact.Problem) int {
	n := 0
	for _, p := range ps {
		if p.Severity == fact.Error {
			n++
		}
	}
	return n
}

// ErrNothingToPropose is wrapped by the error of Run when the entry is the
// same locally and on GitHub.
var ErrNothingToPropose = errors.New("share: nothing to propose")

// session is one run of Share.
type session struct {
	Options
	reg      Store
	api      API
	gh       *github.Client
	repo     Repo
	branch   string
	ref      string
	lang     i18n.Lang
	haveBase bool
}

func (s *session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *session) say(t i18n.Text, args ...any) {
	if s.Progress != nil {
		s.Progress(t, args...)
	}
}

// Run opens (or updates) the pull request that proposes one entry of the
// registry to its GitHub repository.
func Run(ctx context.Context, o Options) (*Result, error) {
	s := &session{Options: o, reg: o.Store, api: o.API}
	s.ref = string(o.Kind) + "/" + o.ID
	s.branch = catalogue.ShareBranch(o.Kind, o.ID)
	res, err := s.run(ctx)
	if err != nil {
		return nil, s.keepNote(err)
	}
	return res, nil
}

// keepNote adds to a failure that the local commit is kept, when there is
// one.
func (s *session) keepNote(err error) error {
	var le *LintError
	if errors.As(err, &le) || errors.Is(err, ErrNothingToPropose) || s.reg == nil {
		return err
	}
	if _, ok, _ := s.reg.BranchHead(s.branch); !ok {
		return err
	}
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		ie = i18n.Wrap(err, i18n.T("%s", "%s"), err.Error())
	}
	esc := func(l i18n.Lang) string { return strings.ReplaceAll(ie.In(l), "%", "%%") }
	return &i18n.Error{
		Text: i18n.T(esc(i18n.FR)+" ; le commit est gardé sur la branche locale %s : relancez « codal share %s » ensuite",
			esc(i18n.EN)+"; the commit is kept on the local branch %s: run \"codal share %s\" again afterwards"),
		Args: []any{s.branch, s.ref},
		Err:  err,
	}
}

func (s *session) run(ctx context.Context) (*Result, error) {
	r := s.reg
	if err := store.Writable(r); err != nil {
		return nil, err
	}
	cat, err := r.Load()
	if err != nil {
		return nil, err
	}
	s.lang, _ = i18n.Parse(cat.Meta.Language)
	if !cat.Has(s.Kind, s.ID) {
		return nil, i18n.Errorf(i18n.T("%s n'existe pas dans le registre (voir codal list %s)", "%s does not exist in the registry (see codal list %s)"), s.ref, string(s.Kind))
	}
	if ps := cat.ProblemsUnder(catalogue.EntryRoot(s.Kind, s.ID)); fact.HasErrors(ps) {
		return nil, &LintError{Ref: s.ref, Problems: ps}
	}
	title := entryTitle(cat, s.Kind, s.ID)
	origin := r.OriginURL()
	if s.repo, err = Target(cat, origin, s.api); err != nil {
		return nil, err
	}
	if s.Token.Value() == "" {
		if s.Token, err = FindToken(ctx, s.api.GitHost); err != nil {
			return nil, err
		}
	}
	if s.gh, err = NewClient(s.api, s.Token.Value(), s.Transport); err != nil {
		return nil, err
	}

	s.say(i18n.T("Connexion à GitHub (%s)…", "Connecting to GitHub (%s)…"), s.api.Host())
	user, _, err := s.gh.Users.Get(ctx, "")
	if err != nil {
		return nil, s.apiError(err, s.repo)
	}
	upstream, _, err := s.gh.Repositories.Get(ctx, s.repo.Owner, s.repo.Name)
	if err != nil {
		return nil, s.apiError(err, s.repo)
	}
	defaultBranch := upstream.GetDefaultBranch()
	if defaultBranch == "" {
		defaultBranch = "main"
	}

	s.say(i18n.T("Récupération de %s…", "Fetching %s…"), s.repo.String())
	if err := r.Fetch(ctx); err != nil {
		return nil, err
	}
	base, ok, err := r.RemoteHead(defaultBranch)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, i18n.Errorf(i18n.T("la branche %s de %s est introuvable dans le dépôt distant origin (%s)",
			"the branch %s of %s is not in the origin remote (%s)"), defaultBranch, s.repo.String(), origin)
	}
	files, err := r.EntryFiles(s.Kind, s.ID)
	if err != nil {
		return nil, err
	}
	message := title + "\n\n" + i18n.T("Proposé avec codal.", "Proposed with codal.").In(s.lang) + "\n"
	who, when := s.Identity, s.now()
	proposed, err := r.BuildShare(base, "", s.Kind, s.ID, files, message, who, when)
	if errors.Is(err, store.ErrNoChange) {
		return nil, i18n.Wrap(ErrNothingToPropose, i18n.T(
			"rien à proposer : %s est identique sur GitHub (%s, branche %s)",
			"nothing to propose: %s is the same on GitHub (%s, branch %s)"), s.ref, s.repo.String(), defaultBranch)
	}
	if err != nil {
		return nil, err
	}
	proposedCat, err := r.LoadCommit(proposed)
	if err != nil {
		return nil, err
	}
	problems := proposedCat.ProblemsUnder(catalogue.EntryRoot(s.Kind, s.ID))
	if fact.HasErrors(problems) {
		return nil, &LintError{Ref: s.ref, Problems: problems}
	}
	changes, err := s.changes(base, files)
	if err != nil {
		return nil, err
	}

	res := &Result{Branch: s.branch, Files: changes}
	pushURL, headOwner := origin, s.repo.Owner
	var tip store.Hash
	var tipFound bool
	if upstream.GetPermissions()["push"] {
		tip, tipFound, err = r.RemoteBranch(ctx, pushURL, s.branch, s.auth())
		if err != nil {
			return nil, s.gitError(err, pushURL)
		}
	} else {
		fork, ftip, found, err := s.fork(ctx, user.GetLogin())
		if err != nil {
			return nil, err
		}
		pushURL, headOwner = fork.GetCloneURL(), fork.GetOwner().GetLogin()
		tip, tipFound = ftip, found
		res.Fork = fork.GetFullName()
	}
	auth := s.auth()
	if tipFound && !s.hasCommit(tip) {
		if err := r.FetchBranch(ctx, pushURL, s.branch, auth); err != nil {
			return nil, s.gitError(err, pushURL)
		}
	}
	if !tipFound {
		tip = ""
	}
	commit, err := r.BuildShare(base, tip, s.Kind, s.ID, files, message, who, when)
	if err != nil {
		return nil, err
	}
	if err := r.SetBranch(s.branch, commit, who, when); err != nil {
		return nil, err
	}
	if commit != tip {
		s.say(i18n.T("Envoi de la branche %s…", "Pushing the branch %s…"), s.branch)
		if err := r.PushBranch(ctx, pushURL, s.branch, auth); err != nil {
			return nil, s.gitError(err, pushURL)
		}
		res.Pushed = true
	}

	head := headOwner + ":" + s.branch
	open, _, err := s.gh.PullRequests.List(ctx, s.repo.Owner, s.repo.Name, &github.PullRequestListOptions{State: "open", Head: head})
	if err != nil {
		return nil, s.apiError(err, s.repo)
	}
	for _, pr := range open {
		if pr.GetHead().GetRef() == s.branch || pr.GetHead().GetRef() == "" {
			res.URL, res.Number, res.Existing = pr.GetHTMLURL(), pr.GetNumber(), true
			return res, nil
		}
	}
	s.say(i18n.T("Ouverture de la demande de fusion…", "Opening the pull request…"))
	np := &github.NewPullRequest{
		Title: github.String(title),
		Head:  github.String(s.branch),
		Base:  github.String(defaultBranch),
		Body:  github.String(s.body(changes, problems)),
	}
	if res.Fork != "" {
		np.Head = github.String(head)
		np.MaintainerCanModify = github.Bool(true)
	}
	pr, _, err := s.gh.PullRequests.Create(ctx, s.repo.Owner, s.repo.Name, np)
	if err != nil {
		return nil, s.apiError(err, s.repo)
	}
	res.URL, res.Number = pr.GetHTMLURL(), pr.GetNumber()
	return res, nil
}

// Target is the GitHub repository the registry's entries are proposed to,
// or why there is none (no GitHub home, no origin remote to push from), as
// Run says it before reaching GitHub. origin is the URL of the registry's
// origin remote ("" when none: the store's OriginURL). It does no I/O.
func Target(c *catalogue.Catalogue, origin string, api API) (Repo, error) {
	repo, err := ResolveRepo(c.Meta.GitHub, origin, api)
	if err != nil {
		return Repo{}, err
	}
	if origin == "" {
		return Repo{}, i18n.Errorf(i18n.T(
			"ce registre n'a pas de dépôt distant origin : clonez %s avec « codal init --from https://%s/%[1]s.git »",
			"this registry has no origin remote: clone %s with \"codal init --from https://%s/%[1]s.git\""), repo.String(), api.GitHost)
	}
	return repo, nil
}

// auth gives the token as Git credentials for url, only when url is on the
// GitHub host and port the token belongs to (API.MayCarryToken).
func (s *session) auth() store.Credentials {
	return func(url string) (string, string, bool) {
		if s.api.MayCarryToken(url) {
			return githubCredentials(s.Token.Value())
		}
		return "", "", false
	}
}

func (s *session) hasCommit(h store.Hash) bool {
	return s.reg.HasCommit(h)
}

// gitError says which exchange with url failed; err is the store's
// sentence saying why (its sentinels stay reachable with errors.Is).
func (s *session) gitError(err error, url string) error {
	return i18n.Wrap(err, i18n.T("échec de l'envoi vers %s : %s", "push to %s failed: %s"), store.RedactURL(url), asSentence(err))
}

// asSentence is err as a sentence in both languages.
func asSentence(err error) *i18n.Error {
	var ie *i18n.Error
	if errors.As(err, &ie) {
		return ie
	}
	return i18n.Wrap(err, i18n.T("%s", "%s"), err.Error())
}

// fork creates or reuses the user's fork of the registry and waits until it
// answers, through the API and through Git. It returns the fork and the head
// of the share branch in it, when there is one.
func (s *session) fork(ctx context.Context, login string) (*github.Repository, store.Hash, bool, error) {
	s.say(i18n.T("Vous ne pouvez pas écrire dans %s : passage par votre copie (fork)…", "You cannot write to %s: going through your fork…"), s.repo.String())
	fork, _, err := s.gh.Repositories.CreateFork(ctx, s.repo.Owner, s.repo.Name, &github.RepositoryCreateForkOptions{DefaultBranchOnly: true})
	var accepted *github.AcceptedError
	if err != nil && !errors.As(err, &accepted) {
		return nil, "", false, s.apiError(err, s.repo)
	}
	owner, name := fork.GetOwner().GetLogin(), fork.GetName()
	if owner == "" {
		owner = login
	}
	if name == "" {
		name = s.repo.Name
	}
	fr := Repo{Owner: owner, Name: name}
	polls := s.ForkPolls
	if polls <= 0 {
		polls = 8
	}
	delay := time.Second
	waited := time.Duration(0)
	for attempt := 1; ; attempt++ {
		got, _, err := s.gh.Repositories.Get(ctx, fr.Owner, fr.Name)
		switch {
		case err == nil && got.GetCloneURL() != "":
			url := got.GetCloneURL()
			tip, found, gerr := s.reg.RemoteBranch(ctx, url, s.branch, s.auth())
			if gerr == nil {
				return got, tip, found, nil
			}
			if !errors.Is(gerr, store.ErrRepoNotFound) {
				return nil, "", false, s.gitError(gerr, url)
			}
		case err == nil, isStatus(err, http.StatusNotFound), errors.As(err, &accepted):
		default:
			return nil, "", false, s.apiError(err, fr)
		}
		if attempt >= polls {
			return nil, "", false, i18n.Errorf(i18n.T(
				"votre copie %s n'est pas encore prête après %s d'attente : réessayez dans une minute",
				"your fork %s is not ready yet after waiting %s: try again in a minute"), fr.String(), waited.String())
		}
		s.say(i18n.T("Attente de la copie %s…", "Waiting for the fork %s…"), fr.String())
		if err := s.sleep(ctx, delay); err != nil {
			return nil, "", false, translate(err, fr, s.api, s.now())
		}
		waited += delay
		delay = min(delay*2, 15*time.Second)
	}
}

func (s *session) sleep(ctx context.Context, d time.Duration) error {
	if s.Sleep != nil {
		return s.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func isStatus(err error, code int) bool {
	var er *github.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == code
}

// changes lists the entry's files that differ from base.
func (s *session) changes(base store.Hash, files map[string][]byte) ([]FileChange, error) {
	old, err := s.reg.EntryFilesAt(base, s.Kind, s.ID)
	if err != nil {
		return nil, err
	}
	var out []FileChange
	for p, data := range files {
		prev, ok := old[p]
		switch {
		case !ok:
			out = append(out, FileChange{p, Added})
		case string(prev) != string(data):
			out = append(out, FileChange{p, Modified})
		}
	}
	for p := range old {
		if _, ok := files[p]; !ok {
			out = append(out, FileChange{p, Removed})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// body is the pull request's description: the files and the lint result, in
// the registry's language.
func (s *session) body(changes []FileChange, problems []fact.Problem) string {
	l := s.lang
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", i18n.T("Proposé avec codal (`codal share %s`).", "Proposed with codal (`codal share %s`).").In(l, s.ref))
	fmt.Fprintf(&b, "%s\n\n", i18n.T("Fichiers :", "Files:").In(l))
	for _, c := range changes {
		what := map[Change]i18n.Text{
			Added:    i18n.T("ajouté", "added"),
			Modified: i18n.T("modifié", "modified"),
			Removed:  i18n.T("supprimé", "removed"),
		}[c.Change]
		fmt.Fprintf(&b, "- `%s` (%s)\n", c.Path, what.In(l))
	}
	b.WriteString("\n")
	if len(problems) == 0 {
		fmt.Fprintf(&b, "%s\n", i18n.T("Vérification (`codal lint`) : aucun problème.", "Check (`codal lint`): no problems.").In(l))
		return b.String()
	}
	fmt.Fprintf(&b, "%s\n\n", i18n.T("Vérification (`codal lint`) : %d erreur(s), %d avertissement(s).", "Check (`codal lint`): %d error(s), %d warning(s).").In(l, countErrors(problems), len(problems)-countErrors(problems)))
	for _, p := range problems {
		fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(fact.CleanLine(p.Format(l)), "`", "'"))
	}
	return b.String()
}

// entryTitle is the pull request's title: the kind and the entry's title.
func entryTitle(c *catalogue.Catalogue, k catalogue.Kind, id string) string {
	l, _ := i18n.Parse(c.Meta.Language)
	name := id
	var label i18n.Text
	switch k {
	case catalogue.Actors:
		label = i18n.T("Annuaire", "Directory")
		if a := c.Actor(id); a != nil && a.Name != "" {
			name = a.Name
		}
	case catalogue.Snippets:
		label = i18n.T("Extrait de code", "Code snippet")
		if x := c.Snippet(id); x != nil && x.Title != "" {
			name = x.Title
		}
	case catalogue.Schemas:
		label = i18n.T("Schéma", "Schema")
		if x := c.Schema(id); x != nil && x.Title != "" {
			name = x.Title
		}
	case catalogue.Trainings:
		label = i18n.T("Formation", "Training")
		if x := c.Training(id); x != nil && x.Title != "" {
			name = x.Title
		}
	case catalogue.Tips:
		label = i18n.T("Astuce", "Tip")
		if x := c.Tip(id); x != nil && x.Title != "" {
			name = x.Title
		}
	default:
		label = i18n.T("Demande de données", "Data request")
		if x := c.Request(id); x != nil && x.Title != "" {
			name = x.Title
		}
	}
	sep := " : "
	if l == i18n.EN {
		sep = ": "
	}
	return label.In(l) + sep + fact.CleanLine(name)
}
