// Package portal reads the open-data portals the coverage board looks at:
// Opendatasoft portals through the Explore API v2.1 (Opendatasoft) and
// data.gouv.fr organisations through its API 1 (DataGouv), and downloads a
// dataset's CSV export to check it against a schema (Validate).
//
// It behaves as a good network citizen (Client): a timeout on every request,
// a limit of concurrent requests per host, retries with backoff on 429 and
// 5xx answers (honouring Retry-After, with a cap), a User-Agent naming codal
// and its version, response bodies capped in size and JSON in depth before
// parsing. Its transport is its own: it carries no credential, and the
// GitHub token (share) never reaches these hosts.
package portal
