package portal

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/i18n"
)

// PageSize is the number of datasets asked per catalogue page (the Explore
// API's maximum is 100).
const PageSize = 100

// maxOffset is where the Explore API stops paginating (offset + limit at
// most 10,000).
const maxOffset = 10000

// odsPage is one page of /api/explore/v2.1/catalog/datasets.
type odsPage struct {
	TotalCount *int         `json:"total_count"`
	Results    []odsDataset `json:"results"`
}

type odsDataset struct {
	DatasetID string `json:"dataset_id"`
	Metas     struct {
		Default struct {
			Title    string `json:"title"`
			Modified string `json:"modified"`
		} `json:"default"`
	} `json:"metas"`
	Fields []struct {
		Name  string `json:"name"`
		Label string `json:"label"`
	} `json:"fields"`
}

// Opendatasoft lists the datasets of the Opendatasoft portal at base (its
// address, such as https://data.issy.com) through the Explore API v2.1,
// page by page (limit and offset, up to total_count). A portal that answers
// but not as the Explore API is ErrNotExplore; one that does not answer is
// ErrUnreachable. The Explore API declares no schema: the datasets are
// matched by their fields' names and labels.
func (c *Client) Opendatasoft(ctx context.Context, base string) ([]coverage.Dataset, error) {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	var out []coverage.Dataset
	for offset := 0; offset < maxOffset; offset += PageSize {
		q := url.Values{"limit": {strconv.Itoa(PageSize)}, "offset": {strconv.Itoa(offset)}}
		r, err := c.get(ctx, base+"/api/explore/v2.1/catalog/datasets?"+q.Encode(), c.Timeout)
		if err != nil {
			return out, err
		}
		if r.StatusCode != http.StatusOK {
			r.close()
			if r.StatusCode == http.StatusNotFound {
				return out, i18n.Wrap(ErrNotExplore, i18n.T("%s ne répond pas comme un portail Opendatasoft (API Explore v2.1 introuvable)",
					"%s does not answer as an Opendatasoft portal (no Explore API v2.1)"), base)
			}
			return out, i18n.Wrap(ErrRefused, i18n.T("le portail %s refuse la requête (HTTP %d)", "the portal %s refuses the request (HTTP %d)"), base, r.StatusCode)
		}
		var page odsPage
		err = decode(r, c.MaxJSON, &page, base)
		r.close()
		if errors.Is(err, ErrBadResponse) {
			return out, i18n.Wrap(errors.Join(ErrNotExplore, err), i18n.T("%s ne répond pas comme un portail Opendatasoft (sa réponse n'est pas le JSON de l'API Explore v2.1)",
				"%s does not answer as an Opendatasoft portal (its answer is not the Explore API v2.1's JSON)"), base)
		}
		if err != nil {
			return out, err
		}
		if page.TotalCount == nil {
			return out, i18n.Wrap(ErrNotExplore, i18n.T("%s ne répond pas comme un portail Opendatasoft (pas de total_count)",
				"%s does not answer as an Opendatasoft portal (no total_count)"), base)
		}
		for _, d := range page.Results {
			if d.DatasetID == "" {
				continue
			}
			ds := coverage.Dataset{
				Source: coverage.Opendatasoft, Portal: base, ID: d.DatasetID, Title: d.Metas.Default.Title,
				URL:      base + "/explore/dataset/" + url.PathEscape(d.DatasetID) + "/",
				CSV:      base + "/api/explore/v2.1/catalog/datasets/" + url.PathEscape(d.DatasetID) + "/exports/csv?use_labels=true&delimiter=%2C",
				Modified: parseTime(d.Metas.Default.Modified),
			}
			for _, f := range d.Fields {
				ds.Fields = append(ds.Fields, f.Name)
				if f.Label != "" && f.Label != f.Name {
					ds.Fields = append(ds.Fields, f.Label)
				}
			}
			out = append(out, ds)
		}
		if len(page.Results) < PageSize || offset+PageSize >= *page.TotalCount {
			break
		}
	}
	return out, nil
}

// parseTime reads the dates the APIs give (RFC 3339, with or without a
// zone or fraction); zero when unreadable.
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
