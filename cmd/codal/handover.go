package main

// appProgram is the full build's name, which the lean build (lean.go) runs
// for the app and codal site, found beside codal or on the PATH.
const appProgram = "codal-app"

// handedEnv marks a process started by the lean build's hand-over: a lean
// build that finds it set was itself started as codal-app, and stops
// instead of starting itself again. The full build clears it at start
// (handover_full.go).
const handedEnv = "CODAL_HANDED_TO_APP"
