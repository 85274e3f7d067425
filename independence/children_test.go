package independence

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAgeBandCentiles(t *testing.T) {
	bands := []AgeBand{{"0–5", 0, 5}, {"5–10", 5, 10}, {"10–15", 10, 15}}
	ages := []float64{1, 2, 3, 4, 6, 7, 20, 5}
	scores := []float64{4, 1, 3, 2, 10, 20, 99, 30}
	got, err := AgeBandCentiles(ages, scores, bands, CentileOptions{Probs: []float64{0, 0.25, 0.5, 1}})
	if err != nil {
		t.Fatal(err)
	}
	// Band 0–5 holds 1,2,3,4 (type 7: p=.25 → 1 + .75·1 = 1.75); band 5–10
	// holds 10,20,30 (age 5 belongs to [5, 10)); band 10–15 is empty; age 20 is outside.
	want := [][]float64{{1, 1.75, 2.5, 4}, {10, 15, 20, 30}}
	for b, w := range want {
		for k := range w {
			if got.Bands[b].Centiles[k] != w[k] {
				t.Errorf("band %d centile %d = %v, want %v", b, k, got.Bands[b].Centiles[k], w[k])
			}
		}
	}
	if got.Bands[0].N != 4 || got.Bands[1].N != 3 || got.Bands[0].Mean != 2.5 || got.Bands[1].Mean != 20 {
		t.Errorf("N/mean: %+v", got.Bands[:2])
	}
	if got.Bands[2].N != 0 || !math.IsNaN(got.Bands[2].Centiles[0]) || !math.IsNaN(got.Bands[2].Mean) || got.Outside != 1 {
		t.Errorf("empty band / outside: %+v outside %d", got.Bands[2], got.Outside)
	}
	// Defaults: seven probabilities, type 7.
	d, _ := AgeBandCentiles(ages, scores, bands, CentileOptions{})
	if len(d.Bands[0].Centiles) != 7 || d.Bands[0].Centiles[3] != 2.5 {
		t.Errorf("defaults: %+v", d.Bands[0])
	}

	_, err = AgeBandCentiles([]float64{1, math.NaN()}, []float64{1, 2}, bands, CentileOptions{})
	var re *RecordError
	if !errors.As(err, &re) || re.Record != 1 || re.Field != "age" {
		t.Errorf("NaN age: %v", err)
	}
	if _, err := AgeBandCentiles(ages, scores, []AgeBand{{"a", 0, 5}, {"b", 4, 8}}, CentileOptions{}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("overlapping bands: %v", err)
	}
	if _, err := AgeBandCentiles(ages, scores, bands, CentileOptions{Probs: []float64{1.5}}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("bad prob: %v", err)
	}
	// Type 6 (SPSS): [1,2,3,4] at p = .25 → position (n+1)p = 1.25 → 1.25.
	t6, err := AgeBandCentiles(ages, scores, bands, CentileOptions{Probs: []float64{0.25}, Type: 6})
	if err != nil || t6.Bands[0].Centiles[0] != 1.25 {
		t.Errorf("type 6: %v %v", t6.Bands[0].Centiles, err)
	}
	if _, err := AgeBandCentiles(ages, scores, bands, CentileOptions{Type: 10}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("type 10: %v", err)
	}
	yb, err := YearBands(0, 18, 2)
	if err != nil || len(yb) != 9 || yb[8].Label != "16–18" {
		t.Errorf("YearBands: %v %v", yb, err)
	}
}

// day0 + k Julian years (365.25 days), so that years between dates are exact.
func julian(k float64) time.Time {
	return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k * DaysPerYear * 24 * float64(time.Hour)))
}

func pcScore(t *testing.T, in *Instrument, id string, k, age float64, lv ...string) Score {
	t.Helper()
	items := []string{"nutrition", "hygiene", "toilet", "clothing", "home_safety"}
	m := map[string]string{}
	for i, it := range items {
		m[it] = lv[i]
	}
	s, err := in.Score(Assessment{PersonID: id, Date: julian(k), AgeYears: age, Levels: m})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTrajectoriesTransitionsFlags(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	// Child A: totals 4, 7, 7, 10 at years 0..3 (ages 6..9).
	// Child B: totals 9 then 6 at ages 10, 11 (hygiene falls from prompting to full help… see levels).
	// Adult C: falls, but is 40 so not flagged.
	scores := []Score{
		pcScore(t, in, "A", 0, 6, "0", "1", "1", "1", "1"),
		pcScore(t, in, "B", 0, 10, "2", "2", "2", "2", "1"),
		pcScore(t, in, "A", 1, 7, "1", "2", "2", "1", "1"),
		pcScore(t, in, "A", 2, 8, "1", "2", "2", "1", "1"),
		pcScore(t, in, "B", 1, 11, "2", "0", "2", "1", "1"),
		pcScore(t, in, "A", 3, 9, "2", "2", "2", "2", "2"),
		pcScore(t, in, "C", 0, 40, "3", "3", "3", "3", "3"),
		pcScore(t, in, "C", 1, 41, "0", "3", "3", "3", "3"),
		pcScore(t, in, "D", 0, 5, "1", "1", "1", "1", "1"),
	}
	tr, err := Trajectories(scores, TrajectoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Hand: A at t = 0,1,2,3 with totals 4,7,7,10: OLS slope
	// Σ(t−1.5)(y−7)/Σ(t−1.5)² = (4.5+0+0+4.5)/5 = 1.8; first-last 6/3 = 2.
	if len(tr) != 4 || tr[0].PersonID != "A" || tr[0].N != 4 {
		t.Fatalf("trajectories %+v", tr)
	}
	near(t, "A ols", tr[0].ChangePerYear, 1.8, 1e-9)
	near(t, "A years", tr[0].Years, 3, 1e-12)
	near(t, "B ols", tr[1].ChangePerYear, -3, 1e-9)
	if tr[3].Defined || !math.IsNaN(tr[3].ChangePerYear) {
		t.Errorf("D has one assessment: %+v", tr[3])
	}
	fl, _ := Trajectories(scores, TrajectoryOptions{Method: SlopeFirstLast})
	near(t, "A first-last", fl[0].ChangePerYear, 2, 1e-9)

	// Hygiene transitions: A 1→2, 2→2, 2→2; B 2→0; C 3→3.
	m, err := ItemTransitions(in, "hygiene", scores)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts[1][2] != 1 || m.Counts[2][2] != 2 || m.Counts[2][0] != 1 || m.Counts[3][3] != 1 || m.Total != 5 {
		t.Errorf("counts %v", m.Counts)
	}
	near(t, "p(2→2)", m.Proportions[2][2], 2.0/3, 1e-15)
	if !math.IsNaN(m.Proportions[0][0]) || m.RowTotals[0] != 0 {
		t.Errorf("empty row: %v", m.Proportions[0])
	}

	flags, err := FlagDeclines(in, scores, DeclineRule{})
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 1 || flags[0].PersonID != "B" || flags[0].Record != 4 || len(flags[0].Reasons) != 3 {
		t.Fatalf("flags %+v", flags)
	}
	if !strings.Contains(flags[0].Reasons[0], "total fell from 9 to 6 (-3)") ||
		!strings.Contains(flags[0].Reasons[1], `hygiene fell from "needs prompting" to "needs full help"`) {
		t.Errorf("reasons %q", flags[0].Reasons)
	}
	// A larger minimum drop and no item reasons: B's fall of 3 is below 4.
	flags, _ = FlagDeclines(in, scores, DeclineRule{MinTotalDrop: 4, IgnoreItems: true})
	if len(flags) != 0 {
		t.Errorf("MinTotalDrop 4: %+v", flags)
	}
	// With MaxAge 50 the adult's fall is flagged too.
	flags, _ = FlagDeclines(in, scores, DeclineRule{MaxAge: 50})
	if len(flags) != 2 || flags[1].PersonID != "C" {
		t.Errorf("MaxAge 50: %+v", flags)
	}
	// Reference: z-score drop. Normal reference with M = 10, S = 0.2 (L = 1):
	// B's z goes from (9−10)/2 = −0.5 to (6−10)/2 = −2.
	ref, _ := NewLMSTable("test reference", []LMSRow{{Age: 0, LMS: LMS{1, 5, 0.2}}, {Age: 10, LMS: LMS{1, 10, 0.2}}, {Age: 18, LMS: LMS{1, 14, 0.2}}})
	flags, _ = FlagDeclines(in, scores, DeclineRule{Reference: ref, IgnoreItems: true, MinTotalDrop: 100})
	// M at age 11 is 10 + 4/8 = 10.5, so z1 = (6/10.5 − 1)/0.2 = −2.142857…;
	// at 10, z0 = (9/10 − 1)/0.2 = −0.5.
	if len(flags) != 1 || len(flags[0].Reasons) != 1 || !strings.Contains(flags[0].Reasons[0], "fell from -0.50 to -2.14 (by 1.64, threshold 0.67)") {
		t.Errorf("z-score reason: %+v", flags)
	}

	// Dates out of order.
	bad := append([]Score(nil), scores...)
	bad[3].Date = julian(0.5)
	bad[2].Date = julian(0.5)
	_, err = Trajectories(bad, TrajectoryOptions{})
	var re *RecordError
	if !errors.Is(err, ErrDateOrder) || !errors.As(err, &re) || re.Record != 3 || re.Field != "date" || re.PersonID != "A" {
		t.Errorf("date order: %v", err)
	}
	if _, err := FlagDeclines(in, scores, DeclineRule{MaxAge: -1}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("bad rule: %v", err)
	}
}

func TestSortScoresCounting(t *testing.T) {
	// Integer scores (counting path) and fractional ones (comparison path)
	// must give the same centiles as a plain sort.
	for _, frac := range []float64{0, 0.5} {
		x := make([]float64, 1000)
		for i := range x {
			x[i] = float64((i*7919)%41-5) + frac*float64(i%3)
		}
		want := append([]float64(nil), x...)
		slices.Sort(want)
		sortScores(x)
		if !slices.Equal(x, want) {
			t.Errorf("frac %v: counting sort differs from slices.Sort", frac)
		}
	}
}
