package registrytest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Scale sizes a registry of n entries for the scale measurements (issue #11):
// Spread's split of entries, with requests written as a registry looks after
// a few years of use (Realistic). At n = 10,000 it writes about 45,000 files;
// at 100,000, about 485,000.
func Scale(n int) Sizes {
	s := Spread(n)
	s.Realistic = true
	s.Votes = 1 << 30 // no cap but the number of actors who may vote
	return s
}

// epoch is the first day a generated request can be filed.
var epoch = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// supportCount draws how many organisations support a request besides its
// requester: a Pareto tail, so most requests get 0 to 3 votes and a few get
// dozens or hundreds (about 3.6 on average at 10,000 entries), capped at most.
func supportCount(rng *rand.Rand, most int) int {
	const alpha, scale = 1.25, 1.3
	k := int(scale * (math.Pow(1-rng.Float64(), -1/alpha) - 1))
	return min(k, most)
}

// sample returns k distinct indexes in [0, n), in random order (Floyd's
// algorithm, so a request with 3 votes costs 3 draws, not n).
func sample(rng *rand.Rand, n, k int) []int {
	seen := make(map[int]bool, k)
	out := make([]int, 0, k)
	for j := n - k; j < n; j++ {
		t := rng.IntN(j + 1)
		if seen[t] {
			t = j
		}
		seen[t] = true
		out = append(out, t)
	}
	rng.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

var needs = []string{"essential", "useful", "useful", "interested"}

var voteComments = []string{
	"Utile pour nous aussi.",
	"Nous en avons besoin pour le tableau de bord du conseil municipal.",
	"|\n  Indispensable pour notre rapport annuel : nous consolidons aujourd'hui ces\n  chiffres à la main, commune par commune.\n\n  - même format que les autres communes ;\n  - mise à jour au moins trimestrielle.",
	"|\n  Même besoin à Sèvres : merci de publier au format du schéma commun.",
	"|\n  Nos habitants posent souvent la question. Une API nous permettrait de\n  l'afficher sur le site de la ville.",
}

var eventNotes = []string{
	"À l'étude.",
	"Demande examinée en comité ; la direction concernée étudie la faisabilité.",
	"|\n  Demande examinée en comité du mois. Les services vérifient la qualité des\n  données sources avant de s'engager sur une date.",
}

// realisticRequests writes s.Requests requests with heavy-tailed support and
// status histories. Every file it writes lints clean: voters exclude the
// requester and the addressee, events are written by the triager (gpso), the
// addressee, or the requester for a withdrawal, each status carries the field
// it calls for, and a duplicate points to an earlier request.
func realisticRequests(w *writer, rng *rand.Rand, s Sizes, actors []string) {
	ncom := min(len(communes), len(actors)-1)
	for i := 0; i < s.Requests; i++ {
		id := fmt.Sprintf("demande-%d", i)
		var by string
		if rng.IntN(10) < 7 {
			by = actors[1+rng.IntN(ncom)]
		} else {
			by = actors[1+rng.IntN(len(actors)-1)]
		}
		to := "gpso"
		if rng.IntN(100) < 15 && ncom > 1 {
			to = actors[1+rng.IntN(ncom)]
			if to == by {
				to = actors[1+(rng.IntN(ncom-1)+indexOf(actors[1:1+ncom], by)+1)%ncom]
			}
		}
		day := rng.IntN(1370) // 2023-01-01 … 2026-10-02
		created := epoch.AddDate(0, 0, day)
		word, other := words[i%len(words)], words[(i*7+3)%len(words)]
		wanted := ""
		if rng.IntN(4) == 0 {
			wanted = "wanted_by: " + created.AddDate(0, 3+rng.IntN(12), 0).Format(time.DateOnly) + "\n"
		}
		w.file("requests/"+id+"/request.yaml", fmt.Sprintf("title: Données %s et %s n°%d\ndescription: |\n  Nous souhaitons les données **%s** du territoire, ligne à ligne,\n  mises à jour chaque mois, au format du schéma commun.\nrequested_by: %s\naddressed_to: %s\nthemes: [%s, %s]\ncreated: %s\n%susage: |\n  Tableau de bord %s et publication sur le portail.\n",
			word, other, i, word, by, to, word, other, created.Format(time.DateOnly), wanted, other))

		// Support: any actor but gpso, the requester and the addressee.
		cand := actors[1:]
		k := supportCount(rng, min(s.Votes, len(cand)-2))
		var voters []string
		for _, v := range sample(rng, len(cand), min(k+2, len(cand))) {
			if a := cand[v]; a != by && a != to && len(voters) < k {
				voters = append(voters, a)
			}
		}
		for _, voter := range voters {
			comment := ""
			if rng.IntN(10) < 4 {
				comment = "comment: " + voteComments[rng.IntN(len(voteComments))] + "\n"
			}
			w.file("requests/"+id+"/votes/"+voter+".yaml", fmt.Sprintf("name: %s\nemail: donnees@%s.example\ndate: %s\nneed: %s\n%s",
				quote("Service données – "+actorName(voter)), voter, created.AddDate(0, 0, rng.IntN(120)).Format(time.DateOnly), needs[rng.IntN(len(needs))], comment))
		}
		if rng.IntN(100) < 50 {
			history(w, rng, id, i, by, to, created)
		}
	}
}

// history writes one request's status events, each a few weeks after the
// last: under review, then one of the usual outcomes.
func history(w *writer, rng *rand.Rand, id string, i int, by, to string, at time.Time) {
	event := func(status, actor, extra string) {
		at = at.AddDate(0, 0, 7+rng.IntN(60))
		stamp := at.Add(time.Duration(8+rng.IntN(10))*time.Hour + time.Duration(rng.IntN(60))*time.Minute)
		note := ""
		if rng.IntN(2) == 0 {
			note = "note: " + eventNotes[rng.IntN(len(eventNotes))] + "\n"
		}
		w.file("requests/"+id+"/events/"+stamp.Format("20060102T150405Z")+"-"+actor+".yaml", fmt.Sprintf("status: %s\nname: %s\nemail: codal@%s.example\ndate: %s\n%s%s",
			status, quote("Secrétariat du CODAL – "+actorName(actor)), actor, at.Format(time.DateOnly), extra, note))
	}
	triager := "gpso"
	if to != "gpso" && rng.IntN(2) == 0 {
		triager = to
	}
	dataset := fmt.Sprintf("dataset: https://data.seineouest.example/explore/dataset/%s/\n", id)
	event("under-review", triager, "")
	switch r := rng.IntN(100); {
	case r < 30: // still under review
	case r < 45:
		event("planned", triager, "planned_for: "+at.AddDate(0, 4, 0).Format(time.DateOnly)+"\n")
	case r < 55:
		event("planned", triager, "")
		event("in-progress", triager, "")
	case r < 75:
		event("planned", triager, "")
		event("in-progress", triager, "")
		event("published", triager, dataset)
	case r < 82:
		event("already-available", triager, dataset)
	case r < 90:
		event("declined", triager, "reason: |\n  Les données ne sont pas centralisées ; une publication commune sera\n  réétudiée au renouvellement des marchés.\n")
	case r < 95 && i > 0:
		event("duplicate", triager, fmt.Sprintf("duplicate_of: demande-%d\n", rng.IntN(i)))
	default:
		event("withdrawn", by, "")
	}
}

// actorName is the name Generate gives an actor id.
func actorName(id string) string {
	for _, c := range communes {
		if c.id == id {
			return c.name
		}
	}
	if id == "gpso" {
		return "Grand Paris Seine Ouest"
	}
	return "Association n°" + strings.TrimPrefix(id, "association-")
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
