package fact

import (
	"encoding/json"
	"testing"
)

func TestDateJSONIsTheCalendarDate(t *testing.T) {
	d, _ := ParseDate("2026-02-10")
	v := struct {
		D Date `json:"d"`
		Z Date `json:"z,omitzero"`
	}{D: d}
	b, err := json.Marshal(v)
	if err != nil || string(b) != `{"d":"2026-02-10"}` {
		t.Fatalf("%s %v", b, err)
	}
	var back struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2026-02-10"}`), &back); err != nil || !back.D.Equal(d.Time) {
		t.Fatalf("%v %v", back, err)
	}
}
