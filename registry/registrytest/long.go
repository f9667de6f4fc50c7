package registrytest

import "os"

// LongEnv is the environment variable that turns on the long test suites
// (races through a real Git HTTP server, kills at every crash point, random
// kills). The README's `go test ./...` leaves it unset and stays fast; .ci/run
// sets it to 1.
const LongEnv = "CODAL_LONG_TESTS"

// Long reports whether the long test suites run (CODAL_LONG_TESTS=1).
func Long() bool { return os.Getenv(LongEnv) == "1" }
