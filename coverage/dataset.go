package coverage

import (
	"time"
)

// Source names the kind of portal a dataset was listed by.
type Source string

// The portal kinds coverage reads.
const (
	Opendatasoft Source = "opendatasoft"
	DataGouv     Source = "datagouv"
)

// Dataset is one dataset as a portal lists it.
type Dataset struct {
	// Source is the kind of portal; Portal its base address.
	Source Source `json:"source"`
	Portal string `json:"portal"`
	// ID is the portal's identifier of the dataset (dataset_id on
	// Opendatasoft, the dataset's id on data.gouv.fr).
	ID    string `json:"id"`
	Title string `json:"title"`
	// URL is the dataset's page, for people.
	URL string `json:"url"`
	// CSV is the address of a CSV export or resource, with the field names
	// as published; "" when the portal gives none.
	CSV string `json:"csv,omitempty"`
	// Modified is the last modification the portal reports (zero if none).
	Modified time.Time `json:"modified,omitzero"`
	// Fields are the column names (and labels) the portal describes.
	Fields []string `json:"fields,omitempty"`
	// Schemas are the schemas the dataset declares (data.gouv.fr's
	// resources[].schema.name, such as "scdl/subventions").
	Schemas []string `json:"schemas,omitempty"`
}
