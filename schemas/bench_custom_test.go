package schemas

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkValidateSubventions1MCustomChecks measures what the subsidies
// schema's custom checks (french-siret-value on idAttribuant and
// idBeneficiaire, one-of-required) cost: the same generated 1,000,000-row
// file validated, in the same run, against the schema without its
// custom_checks (the baseline) and with them, in alternating order.
// x-nocustom is the time with over the time without. The machine is shared:
// use an even -benchtime and several -count to see the spread.
//
//	go test ./schemas -run '^$' -bench Subventions1M -benchtime 3x
func BenchmarkValidateSubventions1MCustomChecks(b *testing.B) {
	const rows = 1_000_000
	path := filepath.Join(b.TempDir(), "subventions-1M.csv")
	size := writeSubventions(b, path, rows)
	with := compileTestdata(b, "scdl__subventions__schema.json")
	if with.custom == nil || len(with.custom.checks) != 3 {
		b.Fatal("the subsidies schema should have 3 custom checks")
	}
	bare := *with.schema
	bare.CustomChecks = nil
	without, err := Compile(&bare)
	if err != nil {
		b.Fatal(err)
	}
	run := func(v *Validator) time.Duration {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		t0 := time.Now()
		rep, err := v.Validate(f, Options{})
		d := time.Since(t0)
		if err != nil || rep.Rows != rows || !rep.Valid() {
			b.Fatalf("rows %d, err %v, errors %v", rep.Rows, err, firstLines(rep, 5))
		}
		return d
	}
	b.SetBytes(size)
	var tWith, tWithout time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate the order (ABBA) so that the machine's drift weighs
		// on both sides alike.
		if i%2 == 0 {
			tWithout += run(without)
			tWith += run(with)
		} else {
			tWith += run(with)
			tWithout += run(without)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rows*b.N)/tWith.Seconds(), "rows/s")
	b.ReportMetric(float64(rows*b.N)/tWithout.Seconds(), "nocustom-rows/s")
	b.ReportMetric(tWith.Seconds()/tWithout.Seconds(), "x-nocustom")
}
