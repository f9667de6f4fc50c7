// Package toolbox holds the two kinds of the committee's toolbox that are
// neither actors nor code: the recorded training sessions
// (trainings/<id>/training.yaml) and the tips and tricks for managing data
// (tips/<id>/tip.md, YAML front matter and a Markdown body). It parses and
// checks their files, with positions and stable codes; whether the actors
// and entries they name exist is the catalogue's to check. It imports
// neither go-git nor Bubble Tea.
package toolbox
