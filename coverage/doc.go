// Package coverage is the publication coverage board (`codal coverage`, the
// app's Couverture view): which actor publishes a dataset following which of
// the registry's schemas. It matches the datasets a portal lists (Dataset) to
// the registry's schemas (Target), builds the matrix of actors × schemas
// (Matrix, Cell, State) and writes it as a text table, Markdown, CSV or JSON.
//
// It is pure: no network, no disk, no clock. The portals are read by
// coverage/portal; the dates a cell carries are given by the caller.
package coverage
