package ras

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// TestPrintableASCII: the word-at-a-time check agrees with a byte-by-byte
// one for every byte value at every position of strings of 0 to 24 bytes,
// and textOK agrees with field.ID.
func TestPrintableASCII(t *testing.T) {
	for n := 0; n <= 24; n++ {
		base := []byte(strings.Repeat("a", n))
		if !printableASCII(string(base)) || !textOK(string(base)) {
			t.Fatalf("%q rejected", base)
		}
		for p := 0; p < n; p++ {
			for b := 0; b < 256; b++ {
				s := append([]byte(nil), base...)
				s[p] = byte(b)
				want := 0x20 <= b && b <= 0x7e
				if got := printableASCII(string(s)); got != want {
					t.Fatalf("printableASCII(%q) = %v, want %v", s, got, want)
				}
				if got, want := textOK(string(s)), field.ID(string(s)) == nil; got != want {
					t.Fatalf("textOK(%q) = %v, field.ID says %v", s, got, want)
				}
			}
		}
	}
	for _, s := range []string{"Añ-1", "✓✓✓✓✓✓✓✓", "abcdefgh\u0085", "abcdefghijklmnopq\x00", "\xe2\x9c"} {
		if got, want := textOK(s), field.ID(s) == nil; got != want {
			t.Errorf("textOK(%q) = %v, field.ID says %v", s, got, want)
		}
	}
}

// usedPaths are the fields valid (with the engine's cohort and setting
// lookups) promises to check.
func usedPath(p string) bool {
	switch p {
	case "id", "date", "cohort", "person.id", "person.living_setting", "person.age", "person.date_of_birth":
		return true
	}
	return strings.HasPrefix(p, "informal_help[") && (strings.HasSuffix(p, ".hours_per_week") || strings.HasSuffix(p, ".activity"))
}

// TestValidAgreesWithValidate: on random assessments, valid and the
// engine's lookups reject exactly those that Validate rejects in a field
// scoring uses.
func TestValidAgreesWithValidate(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	date := func() Date {
		if rng.IntN(8) == 0 {
			return Date{}
		}
		return Date{Year: []int{0, 1899, 1900, 1950, 2024, 2025, 2100, 2101, 9999}[rng.IntN(9)], Month: []time.Month{0, 1, 2, 4, 12, 13}[rng.IntN(6)], Day: []int{0, 1, 28, 29, 30, 31, 32}[rng.IntN(7)]}
	}
	for range 200_000 {
		a := &Assessment{
			ID:     pick("", "A1", "A-0000001", "A\x00", "A\xff", "Añ", "abcdefghijklmnop\x7f"),
			Date:   date(),
			Cohort: Cohort(pick("adult_social_care", "carers", "elves", "")),
			Person: Person{ID: pick("", "P1", "P\x1b", "P0000001", "P\u00850000000"), DateOfBirth: date(),
				LivingSetting: LivingSetting(pick("home_alone", "nursing", "castle", ""))},
		}
		if rng.IntN(2) == 0 {
			age := []int{-1, 0, 50, 120, 121}[rng.IntN(5)]
			a.Person.Age = &age
		}
		if rng.IntN(3) == 0 {
			a.InformalHelp = []InformalHelp{{Helper: "son", Activity: pick("", "meals", "m\x00"), HoursPerWeek: []float64{-1, 0, 10, 168, 169}[rng.IntN(5)]}}
		}
		engineOK := a.valid() && cohortIndex(a.Cohort) >= 0 && settingIndex(a.Person.LivingSetting) >= 0
		err := a.Validate()
		used := false
		if err != nil {
			for _, fe := range err.(FieldErrors) {
				used = used || usedPath(fe.Path)
			}
		}
		if engineOK == used {
			t.Fatalf("%+v: the engine's checks say %v, Validate says %v", a, engineOK, err)
		}
	}
}
