package independence

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// A county of 20,000 ras/synth persons (about 2,000 children), generated
// once for the statistical tests.
const countyN, countySeed = 20000, 42

var county = sync.OnceValues(func() ([]ChildSeries, error) {
	return SynthChildren(countySeed, countyN, SynthChildOptions{})
})

func countyScores(t *testing.T) (*Instrument, []ChildSeries, []Score) {
	t.Helper()
	ss, err := county()
	if err != nil {
		t.Fatal(err)
	}
	in, _ := Builtin("personal-care-4")
	sc, err := in.ScoreAll(ChildAssessments(ss))
	if err != nil {
		t.Fatal(err)
	}
	return in, ss, sc
}

func TestSynthChildDeterministic(t *testing.T) {
	a, err := SynthChildren(7, 3000, SynthChildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SynthChildren(7, 3000, SynthChildOptions{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different series")
	}
	// A prefix of persons gives a prefix of series: nothing depends on n.
	c, _ := SynthChildren(7, 1500, SynthChildOptions{})
	if len(c) == 0 || len(c) >= len(a) || !reflect.DeepEqual(c, a[:len(c)]) {
		t.Fatalf("n = 1500 is not a prefix of n = 3000 (%d, %d series)", len(c), len(a))
	}
	// One child on its own equals the same child in the batch.
	for _, k := range []int{0, len(a) / 2, len(a) - 1} {
		one, ok, err := SynthChild(7, a[k].Index, SynthChildOptions{})
		if err != nil || !ok || !reflect.DeepEqual(one, a[k]) {
			t.Errorf("SynthChild(7, %d) differs from SynthChildren's (ok %v, err %v)", a[k].Index, ok, err)
		}
	}
	// Another seed gives another county.
	d, _ := SynthChildren(8, 3000, SynthChildOptions{})
	if reflect.DeepEqual(a, d) {
		t.Error("seeds 7 and 8 give the same series")
	}
}

func TestSynthChildKeyedOnPersons(t *testing.T) {
	ss, err := SynthChildren(3, 2000, SynthChildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := synth.DefaultStart()
	next := 0 // every child among persons 0..1999 appears, in order
	for _, s := range ss {
		for ; next < s.Index; next++ {
			if synth.Person(3, next).Cohort == ras.CohortChildren {
				t.Fatalf("child %d missing", next)
			}
			if _, ok, _ := SynthChild(3, next, SynthChildOptions{}); ok {
				t.Fatalf("person %d is not a child but SynthChild says ok", next)
			}
		}
		next = s.Index + 1
		p := synth.Person(3, s.Index)
		if p.Cohort != ras.CohortChildren || s.PersonID != synth.PersonID(s.Index) || s.PersonID != p.ID {
			t.Fatalf("series %d: person %s, cohort %s", s.Index, s.PersonID, p.Cohort)
		}
		if !s.BornOn.Equal(p.BornOn(start).Time()) || s.Severity != p.Severity || s.Locality != p.Locality {
			t.Errorf("%s: facts differ from ras/synth's", s.PersonID)
		}
		n := len(s.Assessments)
		if n < 1 || n > 5 {
			t.Fatalf("%s: %d assessments", s.PersonID, n)
		}
		last := s.Assessments[n-1]
		if !last.Date.Equal(p.AssessedOn(start).Time()) || int(math.Floor(last.AgeYears+1e-9)) != p.Age {
			t.Errorf("%s: last assessment %v at %.3f, ras/synth %v at %d", s.PersonID, last.Date, last.AgeYears, p.AssessedOn(start), p.Age)
		}
		for j, a := range s.Assessments {
			if a.PersonID != s.PersonID || a.AgeYears < 0.5 || len(a.Levels) != 5 {
				t.Errorf("%s assessment %d: %+v", s.PersonID, j, a)
			}
			if wd := a.Date.Weekday(); wd == 0 || wd == 6 {
				t.Errorf("%s assessment %d on a %v", s.PersonID, j, wd)
			}
			if j > 0 {
				gap := a.Date.Sub(s.Assessments[j-1].Date).Hours() / 24
				if gap < 365-45-2 || gap > 365+45+2 {
					t.Errorf("%s: %v days between assessments %d and %d", s.PersonID, gap, j-1, j)
				}
			}
		}
		if s.DeclineAt >= n || (s.DeclineAt == 0) || (s.DeclineAt > 0) != (s.Drop >= 0.25 && s.Drop <= 0.5) {
			t.Errorf("%s: decline at %d of %d, drop %v", s.PersonID, s.DeclineAt, n, s.Drop)
		}
	}
	if _, _, err := SynthChild(3, -1, SynthChildOptions{}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("negative index: %v", err)
	}
}

func TestSynthChildrenRiseWithAge(t *testing.T) {
	_, ss, sc := countyScores(t)
	if len(ss) < 1500 {
		t.Fatalf("only %d children in %d persons", len(ss), countyN)
	}
	// Mean total by three-year band rises up to the mid-teens.
	bands, _ := YearBands(0, 15, 3)
	tab, err := ScoreCentiles(sc, bands, CentileOptions{Probs: []float64{0.5}})
	if err != nil {
		t.Fatal(err)
	}
	for b := 1; b < len(tab.Bands); b++ {
		if !(tab.Bands[b].Mean > tab.Bands[b-1].Mean+0.5) {
			t.Errorf("mean %s %.2f not above %s %.2f", tab.Bands[b].Band.Label, tab.Bands[b].Mean, tab.Bands[b-1].Band.Label, tab.Bands[b-1].Mean)
		}
	}
	// Under-threes are almost all dependent; older teenagers mostly not.
	if tab.Bands[0].Mean > 1.5 || tab.Bands[4].Mean < 9 {
		t.Errorf("means %v, %v", tab.Bands[0].Mean, tab.Bands[4].Mean)
	}
	ages := make([]float64, len(sc))
	tot := make([]float64, len(sc))
	for i, s := range sc {
		ages[i], tot[i] = s.AgeYears, s.Total
	}
	sp, err := Spearman(ages, tot)
	if err != nil || sp.Rho < 0.6 || sp.PValue > 1e-10 {
		t.Errorf("Spearman(age, total) = %+v, %v", sp, err)
	}
	// Children without a decline become more independent over time.
	tr, err := Trajectories(sc, TrajectoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	declined := map[string]bool{}
	for _, s := range ss {
		declined[s.PersonID] = s.DeclineAt >= 0
	}
	var up, down []float64
	for _, x := range tr {
		if !x.Defined {
			continue
		}
		if declined[x.PersonID] {
			down = append(down, x.ChangePerYear)
		} else {
			up = append(up, x.ChangePerYear)
		}
	}
	slices.Sort(up)
	slices.Sort(down)
	if m := up[len(up)/2]; !(m > 0.3) {
		t.Errorf("median change per year without decline %.2f, want > 0.3", m)
	}
	if mu, md := up[len(up)/2], down[len(down)/2]; !(md < mu) {
		t.Errorf("median change with decline %.2f not below without %.2f", md, mu)
	}
	// More severe needs: less independence among 10–17-year-olds.
	var lo, hi []float64
	for _, s := range ss {
		for j, a := range s.Assessments {
			if a.AgeYears < 10 || (s.DeclineAt >= 0 && j >= s.DeclineAt) {
				continue
			}
			tot := 0.0
			for _, l := range a.Levels {
				tot += float64(slices.Index([]string{"full_help", "some_help", "prompting", "independent"}, l))
			}
			switch {
			case s.Severity < 0.25:
				lo = append(lo, tot)
			case s.Severity > 0.6:
				hi = append(hi, tot)
			}
		}
	}
	if ml, mh := mean(lo), mean(hi); !(ml > mh+3) {
		t.Errorf("mean total at 10–17: severity < 0.25 %.2f (n %d), > 0.6 %.2f (n %d)", ml, len(lo), mh, len(hi))
	}
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func TestSynthChildrenDeclines(t *testing.T) {
	in, ss, sc := countyScores(t)
	multi, dec := 0, 0
	for _, s := range ss {
		if len(s.Assessments) >= 2 {
			multi++
			if s.DeclineAt >= 0 {
				dec++
			}
		}
	}
	// DeclineShare 0.10: Binomial(multi, 0.1), within 5 SD.
	exp := 0.1 * float64(multi)
	if sd := math.Sqrt(exp * 0.9); math.Abs(float64(dec)-exp) > 5*sd {
		t.Errorf("%d of %d children declined, expected %.0f ± %.0f", dec, multi, exp, sd)
	}
	flags, err := FlagDeclines(in, sc, DeclineRule{MinTotalDrop: 2, ItemsExplainOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]bool{}
	for _, f := range flags {
		flagged[f.PersonID] = true
		if !strings.HasPrefix(f.Reasons[0], "total fell") {
			t.Fatalf("flag %+v", f)
		}
	}
	var hit, falseHit int
	for _, s := range ss {
		if len(s.Assessments) < 2 {
			continue
		}
		switch {
		case s.DeclineAt >= 0 && flagged[s.PersonID]:
			hit++
		case s.DeclineAt < 0 && flagged[s.PersonID]:
			falseHit++
		}
	}
	// Seeds 1–6 give 63–80 % of declining children flagged and 1.1–1.8 %
	// of the others (a fall of 2 points is also possible by noise).
	if float64(hit) < 0.5*float64(dec) || float64(falseHit) > 0.05*float64(multi-dec) {
		t.Errorf("flagged %d of %d declining children and %d of %d others", hit, dec, falseHit, multi-dec)
	}
	t.Logf("flagged %d of %d declining children and %d of %d others", hit, dec, falseHit, multi-dec)

	none, _ := SynthChildren(countySeed, 5000, SynthChildOptions{DeclineShare: -1})
	for _, s := range none {
		if s.DeclineAt >= 0 {
			t.Fatalf("DeclineShare −1: %s declines", s.PersonID)
		}
	}
}

func TestSynthChildrenOtherInstruments(t *testing.T) {
	for _, id := range []string{"barthel-100", "seven-level-18"} {
		in, _ := Builtin(id)
		ss, err := SynthChildren(5, 6000, SynthChildOptions{Instrument: in, MaxAssessments: 2, IntervalDays: 730})
		if err != nil {
			t.Fatal(err)
		}
		sc, err := in.ScoreAll(ChildAssessments(ss))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		bands := []AgeBand{{"0–4", 0, 4}, {"12–18", 12, 18}}
		tab, _ := ScoreCentiles(sc, bands, CentileOptions{Probs: []float64{0.5}})
		span := in.MaxTotal() - in.MinTotal()
		if !(tab.Bands[1].Mean-tab.Bands[0].Mean > 0.3*span) {
			t.Errorf("%s: mean %.1f at 0–4, %.1f at 12–18", id, tab.Bands[0].Mean, tab.Bands[1].Mean)
		}
		for _, s := range ss {
			if len(s.Assessments) > 2 {
				t.Fatalf("%s: MaxAssessments 2 but %d", id, len(s.Assessments))
			}
			if len(s.Assessments) == 2 {
				if g := s.Assessments[1].Date.Sub(s.Assessments[0].Date).Hours() / 24; g < 730-91-2 || g > 730+91+2 {
					t.Fatalf("%s: IntervalDays 730 but %v", id, g)
				}
			}
		}
	}
}

func TestSynthChildOptionsValidate(t *testing.T) {
	cases := []struct {
		opt  SynthChildOptions
		path string
	}{
		{SynthChildOptions{MaxAssessments: -1}, "max_assessments"},
		{SynthChildOptions{IntervalDays: -5}, "interval_days"},
		{SynthChildOptions{MinAgeYears: math.NaN()}, "min_age_years"},
		{SynthChildOptions{MinAgeYears: 18}, "min_age_years"},
		{SynthChildOptions{DeclineShare: 1.5}, "decline_share"},
		{SynthChildOptions{ItemAges: map[string]float64{"hygiene": 0}}, "item_ages.hygiene"},
		{SynthChildOptions{Instrument: &Instrument{ID: "x"}}, "instrument"},
	}
	for _, c := range cases {
		_, err := SynthChildren(1, 10, c.opt)
		var fe *FieldError
		if !errors.Is(err, ErrInvalidOptions) || !errors.As(err, &fe) || fe.Path != c.path {
			t.Errorf("%+v: got %v, want a FieldError at %s", c.opt, err, c.path)
		}
	}
	if err := (SynthChildOptions{}).Validate(); err != nil {
		t.Errorf("zero options: %v", err)
	}
	if _, err := SynthChildren(1, -1, SynthChildOptions{}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("n = −1: %v", err)
	}
}

// TestItemsExplainOnly: item falls are reasons, but flag only with a total fall.
func TestItemsExplainOnly(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	scores := []Score{
		// E: nutrition falls 2→1 while hygiene rises 1→2; total 8 → 8.
		pcScore(t, in, "E", 0, 8, "2", "1", "2", "2", "1"),
		pcScore(t, in, "E", 1, 9, "1", "2", "2", "2", "1"),
		// F: total 10 → 7, toilet and clothing fall.
		pcScore(t, in, "F", 0, 9, "2", "2", "2", "2", "2"),
		pcScore(t, in, "F", 1, 10, "2", "2", "1", "0", "2"),
	}
	all, _ := FlagDeclines(in, scores, DeclineRule{})
	if len(all) != 2 || all[0].PersonID != "E" || len(all[0].Reasons) != 1 {
		t.Fatalf("default rule: %+v", all)
	}
	only, err := FlagDeclines(in, scores, DeclineRule{ItemsExplainOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(only) != 1 || only[0].PersonID != "F" || len(only[0].Reasons) != 3 ||
		!strings.HasPrefix(only[0].Reasons[0], "total fell from 10 to 7 (-3)") ||
		only[0].Reasons[1] != `toilet fell from "needs prompting" to "needs some help"` ||
		only[0].Reasons[2] != `clothing fell from "needs prompting" to "needs full help"` {
		t.Errorf("ItemsExplainOnly: %+v", only)
	}
}
