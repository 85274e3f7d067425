package carers

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func TestGenerateDeterministic(t *testing.T) {
	a, err := Generate(7, 3000, GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(7, 3000, GenerateOptions{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different carers")
	}
	c, _ := Generate(8, 3000, GenerateOptions{})
	if reflect.DeepEqual(a.Current, c.Current) {
		t.Fatal("different seeds, same carers")
	}
	if len(a.Current) == 0 || len(a.Previous) == 0 || a.Unlinked == 0 {
		t.Fatalf("empty parts: %d current, %d previous, %d unlinked", len(a.Current), len(a.Previous), a.Unlinked)
	}
}

// byPerson groups records by the index of the synthetic person they were generated for: the
// person cared for, or the carer for an unlinked carer.
func byPerson(t *testing.T, cs []Carer) map[int][]Carer {
	t.Helper()
	m := map[int][]Carer{}
	for _, c := range cs {
		id := c.PersonID
		if id[0] == 'X' {
			id = c.CarerID
		}
		i, err := synth.PersonIndex(id)
		if err != nil {
			t.Fatal(err)
		}
		m[i] = append(m[i], c)
	}
	return m
}

func TestGenerateStableKeyedOnPersons(t *testing.T) {
	small, _ := Generate(11, 1200, GenerateOptions{})
	large, _ := Generate(11, 2500, GenerateOptions{})
	s, l := byPerson(t, small.Current), byPerson(t, large.Current)
	for i, cs := range s {
		if !reflect.DeepEqual(cs, l[i]) {
			t.Fatalf("person %d: records depend on how many persons are generated", i)
		}
	}
	for i := range l {
		if _, ok := s[i]; !ok && i < 1200 {
			t.Fatalf("person %d missing from the smaller population", i)
		}
	}
	if !reflect.DeepEqual(large.People[:len(small.People)], small.People) {
		t.Error("people differ")
	}
	// One person alone, out of order, gives the same records.
	g, _ := NewGenerator(11, GenerateOptions{})
	for _, i := range []int{2400, 17, 999} {
		p := synth.Person(11, i)
		cur, _ := g.Person(&p)
		if !reflect.DeepEqual(cur, l[i]) {
			t.Errorf("person %d alone: %+v, in the population: %+v", i, cur, l[i])
		}
	}
}

func TestGenerateRecordsValid(t *testing.T) {
	const seed, n = 5, 6000
	for _, inst := range []string{"", "mcsi"} {
		s, err := Generate(seed, n, GenerateOptions{Instrument: inst})
		if err != nil {
			t.Fatal(err)
		}
		ins := BuiltinInstruments()
		people := map[string]bool{}
		for _, p := range s.People {
			people[p.PersonID] = true
			if p.Cohort != string(ras.CohortAdult) && p.Cohort != string(ras.CohortCHC) {
				t.Fatalf("person of cohort %s", p.Cohort)
			}
		}
		cur := map[[2]string]*Carer{}
		unlinked := 0
		for i := range s.Current {
			c := &s.Current[i]
			if err := c.Validate(); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
			cur[[2]string{c.CarerID, c.PersonID}] = c
			if c.PersonID[0] == 'X' {
				unlinked++
			} else if !people[c.PersonID] {
				t.Fatalf("record %d: person not among the people", i)
			}
			if c.WeeklyHours <= 0 || c.CaringSince.IsZero() || c.AssessedOn.IsZero() {
				t.Fatalf("record %d: %+v", i, c)
			}
			own := c.Eligibility != nil
			if own != (c.StrainScore != NoScore) || own != (c.BehaviourToCarer != BehaviourUnknown) || own != (c.HealthDeteriorating != Unknown) {
				t.Fatalf("record %d: own-assessment fields recorded inconsistently", i)
			}
			if own {
				in := ins[c.StrainInstrument]
				if in == nil || in.CheckTotal(c.StrainScore) != nil {
					t.Fatalf("record %d: strain %s %d", i, c.StrainInstrument, c.StrainScore)
				}
				if want := map[string]string{"": "csi", "mcsi": "mcsi"}[inst]; c.StrainInstrument != want {
					t.Fatalf("instrument %s, want %s", c.StrainInstrument, want)
				}
				// The carer with an assessment is the synthetic carer linked to this person.
				if c.PersonID[0] != 'X' {
					k, err := synth.PersonIndex(c.CarerID)
					if err != nil {
						t.Fatal(err)
					}
					f := synth.Person(seed, k)
					if f.Cohort != ras.CohortCarer || f.CaredForID != c.PersonID {
						t.Fatalf("record %d: carer %d is not the synthetic carer of the person", i, k)
					}
				}
			}
		}
		if unlinked != s.Unlinked {
			t.Errorf("unlinked %d, counted %d", unlinked, s.Unlinked)
		}
		for i := range s.Previous {
			p := &s.Previous[i]
			if err := p.Validate(); err != nil {
				t.Fatalf("previous %d: %v", i, err)
			}
			c := cur[[2]string{p.CarerID, p.PersonID}]
			if c == nil || !p.AssessedOn.Before(c.AssessedOn) || c.Eligibility == nil || p.Eligibility != nil {
				t.Fatalf("previous %d does not precede a current own assessment", i)
			}
		}
	}
}

// TestGenerateHoursCensus compares the hours of all caring relationships of adults with needs
// with the Census 2021 bands for England (ONS TS039, the reference). Tolerance: 3.5 percentage
// points per band; the sampling error with about 15,000 relationships is under 0.4 points, the
// rest is the latent model's approximation.
func TestGenerateHoursCensus(t *testing.T) {
	s, _ := Generate(2, 40000, GenerateOptions{})
	census := CensusHours2021()
	var ctot float64
	for _, c := range census {
		ctot += float64(c)
	}
	bands := CensusBands5()
	var got [5]float64
	var n float64
	for _, c := range s.Current {
		if c.PersonID[0] == 'X' {
			continue
		}
		b := 0
		for b+1 < len(bands) && c.WeeklyHours >= bands[b+1].Min {
			b++
		}
		got[b]++
		n++
	}
	for b := range got {
		share, want := got[b]/n, float64(census[b])/ctot
		if math.Abs(share-want) > 0.035 {
			t.Errorf("band %s: share %.3f, census %.3f", bands[b].Label, share, want)
		}
	}
	// Census 2021 England: 30.0% of carers give 50 hours or more.
	if w := float64(census[4]) / ctot; math.Abs(w-0.300) > 0.0005 {
		t.Errorf("census share 50+ %.4f", w)
	}
}

// TestGenerateCorrelations checks the directions the model promises.
func TestGenerateCorrelations(t *testing.T) {
	const seed, n = 3, 40000
	s, _ := Generate(seed, n, GenerateOptions{})
	sev := map[string]float64{}
	for p := range synth.Persons(seed, n) {
		sev[p.ID] = p.Severity
	}
	type acc struct{ sum, n float64 }
	add := func(a *acc, x float64) { a.sum += x; a.n++ }
	mean := func(a acc) float64 { return a.sum / a.n }
	var hoursLow, hoursHigh, strainCalm, strainBeh, healthLow, healthHigh, eligLow, eligHigh, hoursLW, hoursApart acc
	assessed := 0
	for i := range s.Current {
		c := &s.Current[i]
		if sv, ok := sev[c.PersonID]; ok {
			switch {
			case sv < 0.25:
				add(&hoursLow, c.WeeklyHours.Float())
			case sv > 0.5:
				add(&hoursHigh, c.WeeklyHours.Float())
			}
		}
		if c.LivesWith == Yes {
			add(&hoursLW, c.WeeklyHours.Float())
		} else {
			add(&hoursApart, c.WeeklyHours.Float())
		}
		if c.Eligibility == nil {
			continue
		}
		assessed++
		if c.BehaviourToCarer >= BehaviourModerate {
			add(&strainBeh, float64(c.StrainScore))
		} else {
			add(&strainCalm, float64(c.StrainScore))
		}
		h := 0.0
		if c.HealthDeteriorating == Yes {
			h = 1
		}
		r, _ := CarerEligibility(c)
		e := 0.0
		if r.Met {
			e = 1
		}
		if c.StrainScore >= 7 {
			add(&healthHigh, h)
			add(&eligHigh, e)
		} else {
			add(&healthLow, h)
			add(&eligLow, e)
		}
	}
	for _, c := range []struct {
		what      string
		low, high acc
	}{
		{"hours by severity", hoursLow, hoursHigh},
		{"hours apart / living together", hoursApart, hoursLW},
		{"strain by behaviour toward the carer", strainCalm, strainBeh},
		{"health deteriorating by high strain", healthLow, healthHigh},
		{"eligible by high strain", eligLow, eligHigh},
	} {
		if c.low.n < 100 || c.high.n < 100 || !(mean(c.high) > mean(c.low)*1.1) {
			t.Errorf("%s: %.3f (n %.0f) then %.3f (n %.0f): want a clear rise", c.what, mean(c.low), c.low.n, mean(c.high), c.high.n)
		}
	}
	// Reassessed share: 0.35 of carers with their own assessment, ± 4 standard errors.
	share := float64(len(s.Previous)) / float64(assessed)
	if se := math.Sqrt(0.35 * 0.65 / float64(assessed)); math.Abs(share-0.35) > 4*se {
		t.Errorf("reassessed share %.3f of %d", share, assessed)
	}
	// Rising risk shows: more relationships rise than fall between assessments.
	m, _ := NewRiskModel(DefaultRiskConfig(), nil)
	cur := map[[2]string]*Carer{}
	for i := range s.Current {
		cur[[2]string{s.Current[i].CarerID, s.Current[i].PersonID}] = &s.Current[i]
	}
	rise, fall := 0, 0
	for i := range s.Previous {
		p := &s.Previous[i]
		ch, err := m.Compare(p, cur[[2]string{p.CarerID, p.PersonID}])
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ch.ScoreDelta > 0:
			rise++
		case ch.ScoreDelta < 0:
			fall++
		}
	}
	if rise < 2*fall || rise < 100 {
		t.Errorf("rising %d, falling %d", rise, fall)
	}
	if none, _ := Generate(seed, 2000, GenerateOptions{Reassessed: -1}); len(none.Previous) != 0 {
		t.Error("Reassessed < 0 gave earlier assessments")
	}
}

// TestGenerateRecordedMatchesConverter: with HoursRecorded, the generator's relationships are
// those FromAssessment reads from the synthetic assessments.
func TestGenerateRecordedMatchesConverter(t *testing.T) {
	const seed, n = 9, 3000
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := synth.New(m, synth.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	cv, _ := NewConverter(ConvertOptions{})
	var conv []Carer
	var people []Person
	for a := range sg.Assessments(n) {
		x, err := cv.Convert(a)
		if err != nil {
			t.Fatal(err)
		}
		if x.Included {
			people = append(people, x.Person)
			conv = append(conv, x.Carers...)
		}
	}
	s, err := Generate(seed, n, GenerateOptions{Hours: HoursRecorded, Start: sg.Start()})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(people, s.People) {
		t.Fatal("people differ")
	}
	var gen []Carer
	for _, c := range s.Current {
		if c.PersonID[0] != 'X' {
			gen = append(gen, c)
		}
	}
	if len(gen) != len(conv) || len(gen) == 0 {
		t.Fatalf("%d generated, %d converted", len(gen), len(conv))
	}
	for i := range gen {
		g, c := &gen[i], &conv[i]
		if g.CarerID != c.CarerID || g.PersonID != c.PersonID || g.WeeklyHours != c.WeeklyHours ||
			!reflect.DeepEqual(g.Split, c.Split) || g.LivesWith != c.LivesWith {
			t.Fatalf("relationship %d: generated %+v, converted %+v", i, g, c)
		}
		if g.Eligibility == nil && (g.AssessedOn != c.AssessedOn || g.OtherSupport != c.OtherSupport) {
			t.Fatalf("relationship %d: dates or support differ", i)
		}
	}
}

func TestGenerateOptionsValidate(t *testing.T) {
	for _, o := range []GenerateOptions{
		{Cohorts: []ras.Cohort{ras.CohortCarer}},
		{Cohorts: []ras.Cohort{"elderly"}},
		{Hours: 7},
		{Reassessed: 1.5},
		{Reassessed: math.NaN()},
		{Instrument: "zbi"},
	} {
		if _, err := Generate(1, 10, o); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%+v: %v", o, err)
		}
	}
	s, err := Generate(1, 3000, GenerateOptions{Cohorts: []ras.Cohort{ras.CohortChildren}})
	if err != nil || len(s.People) == 0 || s.People[0].Cohort != string(ras.CohortChildren) {
		t.Errorf("children: %v", err)
	}
}

func TestScaleSplit(t *testing.T) {
	// 300 + 100 = 400 scaled to 1000: 100 × 1000/400 = 250, the first gets 750.
	s := []CareHours{{Hours: 300}, {Hours: 100}}
	scaleSplit(s, 400, 1000)
	if s[0].Hours != 750 || s[1].Hours != 250 {
		t.Errorf("%+v", s)
	}
	// 1/3 each of 100 scaled to 50: 33 × 50/100 = 16 (rounded down) twice, first 18.
	s = []CareHours{{Hours: 34}, {Hours: 33}, {Hours: 33}}
	scaleSplit(s, 100, 50)
	if s[0].Hours != 18 || s[1].Hours != 16 || s[2].Hours != 16 {
		t.Errorf("%+v", s)
	}
}
