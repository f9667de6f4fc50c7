package portal

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
	"github.com/gpso/codal/schemas"
)

// Validate downloads the CSV at raw (a dataset's export), streaming and
// capped at MaxCSV bytes, and checks it against s with the schemas package's
// validator (schemas.CheckReader), as `codal schema validate` does.
func (c *Client) Validate(ctx context.Context, s *schemas.Schema, raw string) (*schemas.Report, error) {
	r, err := c.get(ctx, raw, c.ExportTimeout)
	if err != nil {
		return nil, err
	}
	defer r.close()
	host := r.Request.URL.Host
	if r.StatusCode != http.StatusOK {
		return nil, i18n.Wrap(ErrRefused, i18n.T("le portail %s refuse l'export %s (HTTP %d)", "the portal %s refuses the export %s (HTTP %d)"),
			host, fact.CleanLine(shortURL(raw)), r.StatusCode)
	}
	rep, err := schemas.CheckReader(s, &cappedReader{r: r.Body, left: c.MaxCSV}, shortURL(raw), schemas.Options{})
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, i18n.Wrap(ErrTooLarge, i18n.T("l'export %s dépasse %d Mio : non vérifié", "the export %s is over %d MiB: not checked"),
			fact.CleanLine(shortURL(raw)), c.MaxCSV>>20)
	case err != nil && r.Request.Context().Err() != nil:
		return nil, unreachable(host, r.Request.Context().Err())
	case err != nil:
		return nil, err
	}
	return rep, nil
}

func shortURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Host + u.Path
}
