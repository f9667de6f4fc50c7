package catalogue

import (
	"maps"
	"slices"

	"github.com/gpso/codal/directory"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/requests"
	"github.com/gpso/codal/snippets"
	"github.com/gpso/codal/toolbox"
)

var (
	msgUnknownActor = i18n.T("acteur inconnu %q dans %q : aucun fichier actors/%[1]s.yaml", "unknown actor %q in %q: no file actors/%[1]s.yaml")
)

// checkReferences checks what no single file can check alone: references
// between entries, votes and events against the directory, and the files a
// snippet lists.
func checkReferences(c *Catalogue, files func(snippet string) map[string]int64) []fact.Problem {
	var ps []fact.Problem
	for i, t := range c.Meta.Triagers {
		if fact.ValidID(t) && c.actors[t] == nil {
			ps = append(ps, fact.Errorf(MetaFile, c.Meta.Where.Item("triagers", i), "unknown-actor", msgUnknownActor, t, "triagers"))
		}
	}
	for _, a := range c.Actors {
		ps = append(ps, entryReferences(c, a, files)...)
	}
	for _, s := range c.Snippets {
		ps = append(ps, entryReferences(c, s, files)...)
	}
	for _, r := range c.Requests {
		ps = append(ps, entryReferences(c, r, files)...)
	}
	for _, t := range c.Trainings {
		ps = append(ps, entryReferences(c, t, files)...)
	}
	for _, t := range c.Tips {
		ps = append(ps, entryReferences(c, t, files)...)
	}
	return ps
}

// entryReferences is checkReferences for one entry: what its file says of
// other entries (an actor's parent, a snippet's author and files, a
// request's actors, votes and events).
func entryReferences(c *Catalogue, entry any, files func(snippet string) map[string]int64) []fact.Problem {
	var ps []fact.Problem
	ref := func(file string, where fact.Where, key, id string) {
		if id != "" && fact.ValidID(id) && c.actors[id] == nil {
			ps = append(ps, fact.Errorf(file, where.Of(key), "unknown-actor", msgUnknownActor, id, key))
		}
	}
	switch e := entry.(type) {
	case *directory.Actor:
		file := Actors.Path(e.ID)
		ref(file, e.Where, "parent", e.Parent)
		if e.Parent == e.ID && e.Parent != "" {
			ps = append(ps, fact.Errorf(file, e.Where.Of("parent"), "invalid-value", i18n.T("un acteur ne peut pas être son propre parent", "an actor cannot be its own parent")))
		}
	case *snippets.Snippet:
		ps = append(ps, checkSnippetFiles(e, files(e.ID))...)
		ref(Snippets.Path(e.ID), e.Where, "author", e.Author)
	case *requests.Request:
		ps = append(ps, checkRequest(c, e)...)
	case *toolbox.Training:
		file := Trainings.Path(e.ID)
		ref(file, e.Where, "organiser", e.Organiser)
		for i, sp := range e.Speakers {
			if sp.Actor != "" && fact.ValidID(sp.Actor) && c.actors[sp.Actor] == nil {
				ps = append(ps, fact.Errorf(file, e.Where.Item("speakers", i), "unknown-actor", msgUnknownActor, sp.Actor, "speakers"))
			}
		}
		present := c.partFiles(string(Trainings) + "/" + e.ID)
		for _, name := range e.Files() {
			if _, ok := present[name]; !ok {
				ps = append(ps, fact.Errorf(file, filePos(e, name), "missing-file",
					i18n.T("le fichier %q est cité mais absent du dossier", "the file %q is named but missing from the folder"), name))
			}
		}
	case *toolbox.Tip:
		file := Tips.Path(e.ID)
		ref(file, e.Where, "author", e.Author)
		for i, r := range e.Related {
			k, id, ok := toolbox.SplitRef(r)
			if !ok {
				continue // bad-reference, already reported
			}
			kind, known := ParseKind(k)
			if !known || !c.Has(kind, id) {
				ps = append(ps, fact.Errorf(file, e.Where.Item("related", i), "unknown-entry",
					i18n.T("entrée liée inconnue %q : aucune entrée de ce type ne porte cet identifiant", "unknown related entry %q: no entry of that kind has this id"), r))
			}
		}
	}
	return ps
}

// filePos is where training.yaml names a file: its video, or its item in
// slides.
func filePos(t *toolbox.Training, name string) fact.Pos {
	if t.Video == name {
		return t.Where.Of("video")
	}
	for i, s := range t.Slides {
		if s == name {
			return t.Where.Item("slides", i)
		}
	}
	return t.Where.Of("slides")
}

func checkSnippetFiles(s *snippets.Snippet, present map[string]int64) []fact.Problem {
	var ps []fact.Problem
	file := Snippets.Path(s.ID)
	listed := map[string]bool{}
	for i, name := range s.Files {
		listed[name] = true
		if !snippets.SafeFileName(name) {
			continue // already reported by snippets.Parse
		}
		size, ok := present[name]
		switch {
		case !ok:
			ps = append(ps, fact.Errorf(file, s.Where.Item("files", i), "missing-file",
				i18n.T("le fichier %q est listé mais absent du dossier", "the file %q is listed but missing from the folder"), name))
		case size > snippets.MaxFileSize:
			ps = append(ps, fact.Errorf("snippets/"+s.ID+"/"+name, fact.Pos{Line: 1, Col: 1}, "too-large",
				i18n.T("fichier de code trop gros (%d octets, %d au plus)", "code file too large (%d bytes, at most %d)"), size, snippets.MaxFileSize))
		}
	}
	// in name order: the problems of a root are recorded (and encoded in
	// the snapshot) in the order found, and a map has none
	for _, name := range slices.Sorted(maps.Keys(present)) {
		if !listed[name] && !hidden(name) {
			ps = append(ps, fact.Warnf("snippets/"+s.ID+"/"+name, fact.Pos{Line: 1, Col: 1}, "unlisted-file",
				i18n.T("fichier absent de la liste files de snippet.yaml", "file not listed in snippet.yaml's files")))
		}
	}
	return ps
}

func checkRequest(c *Catalogue, r *requests.Request) []fact.Problem {
	var ps []fact.Problem
	file := Requests.Path(r.ID)
	for _, k := range []struct{ key, id string }{{"requested_by", r.RequestedBy}, {"addressed_to", r.AddressedTo}} {
		if k.id != "" && fact.ValidID(k.id) && c.actors[k.id] == nil {
			ps = append(ps, fact.Errorf(file, r.Where.Of(k.key), "unknown-actor", msgUnknownActor, k.id, k.key))
		}
	}
	dir := "requests/" + r.ID + "/"
	for _, v := range r.Votes {
		vf := dir + VotesDir + "/" + v.Actor + ".yaml"
		switch {
		case c.actors[v.Actor] == nil:
			ps = append(ps, fact.Errorf(vf, fact.Pos{Line: 1, Col: 1}, "unknown-voter",
				i18n.T("le nom du fichier de vote doit être l'identifiant d'un acteur de l'annuaire ; %q n'en est pas un", "a vote file must be named after an actor of the directory; %q is not one"), v.Actor))
		case v.Actor == r.AddressedTo:
			ps = append(ps, fact.Errorf(vf, fact.Pos{Line: 1, Col: 1}, "invalid-vote",
				i18n.T("%s ne peut pas soutenir une demande qui lui est adressée", "%s cannot support a request addressed to it"), v.Actor))
		}
	}
	ps = append(ps, checkComments(c, r)...)
	for _, e := range r.Events {
		if e.Stamp.IsZero() {
			continue // bad file name, already reported
		}
		ef := dir + EventsDir + "/" + requests.EventFileName(e.Stamp, e.Actor)
		if e.IsTransfer() {
			ps = append(ps, checkTransfer(c, r, e, ef)...)
			continue
		}
		if c.actors[e.Actor] == nil {
			ps = append(ps, fact.Errorf(ef, fact.Pos{Line: 1, Col: 1}, "unknown-actor", msgUnknownActor, e.Actor, "events"))
		} else if !mayChangeStatus(c, r, e.Actor, e.Status, r.AddresseeBefore(e)) {
			ps = append(ps, fact.Warnf(ef, e.Where.Of("status"), "not-triager",
				i18n.T("%s n'est ni trieur du registre ni destinataire de la demande : ce changement de statut n'est pas autorisé", "%s is neither a triager of the registry nor the request's addressee: this status change is not allowed"), e.Actor))
		}
		if e.Status == requests.Duplicate && e.DuplicateOf != "" {
			switch {
			case e.DuplicateOf == r.ID:
				ps = append(ps, fact.Errorf(ef, e.Where.Of("duplicate_of"), "invalid-value", i18n.T("une demande ne peut pas être son propre doublon", "a request cannot duplicate itself")))
			case c.requests[e.DuplicateOf] == nil:
				ps = append(ps, fact.Errorf(ef, e.Where.Of("duplicate_of"), "unknown-request",
					i18n.T("demande inconnue %q dans duplicate_of", "unknown request %q in duplicate_of"), e.DuplicateOf))
			}
		}
	}
	return ps
}

// checkTransfer checks a transfer event against the directory and the
// request: a transfer needs registry format 2, names an actor of the
// directory other than the requester and the addressee it leaves, and is
// made by a triager or that addressee.
func checkTransfer(c *Catalogue, r *requests.Request, e *requests.Event, ef string) []fact.Problem {
	var ps []fact.Problem
	if c.Meta.Format < TransferFormat {
		ps = append(ps, fact.Errorf(ef, e.Where.Of("transfer_to"), "format-too-old",
			i18n.T("un transfert (transfer_to) demande le format %d du registre, et registry.yaml dit format: %d : passez-le à %[1]d",
				"a transfer (transfer_to) needs registry format %d, and registry.yaml says format: %d: raise it to %[1]d"), TransferFormat, c.Meta.Format))
	}
	from := r.AddresseeBefore(e)
	switch {
	case c.actors[e.Actor] == nil:
		ps = append(ps, fact.Errorf(ef, fact.Pos{Line: 1, Col: 1}, "unknown-actor", msgUnknownActor, e.Actor, "events"))
	case !mayTransfer(c, e.Actor, from):
		ps = append(ps, fact.Warnf(ef, e.Where.Of("transfer_to"), "not-triager",
			i18n.T("%s n'est ni trieur du registre ni destinataire de la demande à cette date (%s) : ce transfert n'est pas autorisé", "%s is neither a triager of the registry nor the request's addressee at that date (%s): this transfer is not allowed"), e.Actor, from))
	}
	switch {
	case !fact.ValidID(e.TransferTo):
		// already reported by requests.ParseEvent
	case c.actors[e.TransferTo] == nil:
		ps = append(ps, fact.Errorf(ef, e.Where.Of("transfer_to"), "unknown-actor", msgUnknownActor, e.TransferTo, "transfer_to"))
	case e.TransferTo == r.RequestedBy:
		ps = append(ps, fact.Errorf(ef, e.Where.Of("transfer_to"), "invalid-transfer",
			i18n.T("%s a déposé la demande : elle ne peut pas lui être transférée", "%s filed the request: it cannot be transferred to it"), e.TransferTo))
	case e.TransferTo == from:
		ps = append(ps, fact.Errorf(ef, e.Where.Of("transfer_to"), "invalid-transfer",
			i18n.T("la demande est déjà adressée à %s à cette date : ce transfert ne change rien", "the request is already addressed to %s at that date: this transfer changes nothing"), e.TransferTo))
	}
	return ps
}

// TransferFormat is the registry format that transfers (transfer_to in an
// event file) need.
const TransferFormat = 2

// mayChangeStatus reports whether actor may record this status on r when
// addressee must answer it (r.CurrentAddressee() for a new event): the
// registry's triagers and that addressee may set any status; the requesting
// organisation may withdraw its own request. The original addressee loses
// the right once the request is transferred away from it.
func mayChangeStatus(c View, r *requests.Request, actor string, s requests.Status, addressee string) bool {
	return c.IsTriager(actor) || actor == addressee || (actor == r.RequestedBy && s == requests.Withdrawn)
}

// mayTransfer reports whether actor may send on a request that addressee
// must answer: the registry's triagers and that addressee may.
func mayTransfer(c View, actor, addressee string) bool {
	return c.IsTriager(actor) || actor == addressee
}

// MayChangeStatus reports whether actor may now record status s on request
// r (a triager, the current addressee, or the requester withdrawing it).
func (c *Catalogue) MayChangeStatus(r *requests.Request, actor string, s requests.Status) bool {
	return mayChangeStatus(c, r, actor, s, r.CurrentAddressee())
}

// MayTransfer reports whether actor may now transfer request r (a triager
// or the current addressee).
func (c *Catalogue) MayTransfer(r *requests.Request, actor string) bool {
	return mayTransfer(c, actor, r.CurrentAddressee())
}
