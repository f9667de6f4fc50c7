package portal

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/gpso/codal/coverage"
	"github.com/gpso/codal/fact"
	"github.com/gpso/codal/i18n"
)

// DefaultDataGouvAPI is data.gouv.fr's API, unless CODAL_DATAGOUV_API says
// otherwise.
const DefaultDataGouvAPI = "https://www.data.gouv.fr/api/1"

// maxPages bounds the pages followed for one organisation (100 datasets a
// page: 100,000 datasets).
const maxPages = 1000

// DataGouvAPI is the data.gouv.fr API's base address: $CODAL_DATAGOUV_API,
// else DefaultDataGouvAPI.
func DataGouvAPI() string {
	if v := strings.TrimSpace(os.Getenv("CODAL_DATAGOUV_API")); v != "" {
		return strings.TrimRight(v, "/")
	}
	return DefaultDataGouvAPI
}

type dgPage struct {
	Data     []dgDataset `json:"data"`
	NextPage *string     `json:"next_page"`
}

type dgDataset struct {
	ID           string       `json:"id"`
	Title        string       `json:"title"`
	Slug         string       `json:"slug"`
	Page         string       `json:"page"`
	LastModified string       `json:"last_modified"`
	Resources    []dgResource `json:"resources"`
}

type dgResource struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	Format string `json:"format"`
	Schema *struct {
		Name string `json:"name"`
	} `json:"schema"`
}

// DataGouv lists the datasets of the organisation org (its id or slug) on
// the data.gouv.fr API at api (DataGouvAPI()), following next_page on the
// API's own host only. A dataset whose resources declare schemas gives one
// Dataset per schema, whose CSV is that resource; another gives one Dataset
// whose CSV is its first CSV resource.
func (c *Client) DataGouv(ctx context.Context, api, org string) ([]coverage.Dataset, error) {
	api = strings.TrimRight(strings.TrimSpace(api), "/")
	base, err := url.Parse(api)
	if err != nil || base.Host == "" {
		return nil, i18n.Wrap(ErrRefused, i18n.T("adresse d'API data.gouv.fr invalide %q", "invalid data.gouv.fr API address %q"), api)
	}
	next := api + "/organizations/" + url.PathEscape(org) + "/datasets/?page_size=100"
	var out []coverage.Dataset
	for pages := 0; next != "" && pages < maxPages; pages++ {
		r, err := c.get(ctx, next, c.Timeout)
		if err != nil {
			return out, err
		}
		if r.StatusCode != http.StatusOK {
			r.close()
			if r.StatusCode == http.StatusNotFound {
				return out, i18n.Wrap(ErrRefused, i18n.T("l'organisation %q est inconnue de data.gouv.fr (%s)", "the organisation %q is unknown to data.gouv.fr (%s)"),
					fact.CleanLine(org), base.Host)
			}
			return out, i18n.Wrap(ErrRefused, i18n.T("le portail %s refuse la requête (HTTP %d)", "the portal %s refuses the request (HTTP %d)"), base.Host, r.StatusCode)
		}
		var page dgPage
		err = decode(r, c.MaxJSON, &page, base.Host)
		r.close()
		if err != nil {
			return out, err
		}
		for _, d := range page.Data {
			out = append(out, dgDatasets(api, d)...)
		}
		next = ""
		if page.NextPage != nil && *page.NextPage != "" {
			if u, err := url.Parse(*page.NextPage); err == nil && u.Host == base.Host && (u.Scheme == base.Scheme) {
				next = u.String()
			}
		}
	}
	return out, nil
}

func dgDatasets(api string, d dgDataset) []coverage.Dataset {
	if d.ID == "" {
		return nil
	}
	one := coverage.Dataset{Source: coverage.DataGouv, Portal: api, ID: d.ID, Title: d.Title, URL: d.Page,
		Modified: parseTime(d.LastModified)}
	var out []coverage.Dataset
	seen := map[string]bool{}
	for _, r := range d.Resources {
		if r.Schema == nil || r.Schema.Name == "" || seen[r.Schema.Name] {
			continue
		}
		seen[r.Schema.Name] = true
		ds := one
		ds.Schemas = []string{r.Schema.Name}
		ds.CSV = r.URL
		out = append(out, ds)
	}
	if len(out) > 0 {
		return out
	}
	for _, r := range d.Resources {
		if strings.EqualFold(r.Format, "csv") {
			one.CSV = r.URL
			break
		}
	}
	return []coverage.Dataset{one}
}

// sortDatasets orders datasets by portal then id, so that what two goroutines
// appended in either order reads the same.
func sortDatasets(ds []coverage.Dataset) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Portal != ds[j].Portal {
			return ds[i].Portal < ds[j].Portal
		}
		return ds[i].ID < ds[j].ID
	})
}
