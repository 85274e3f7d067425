package synth

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestPersonID(t *testing.T) {
	for _, tc := range []struct {
		i  int
		id string
	}{{0, "P0000001"}, {41, "P0000042"}, {9_999_998, "P9999999"}, {9_999_999, "P10000000"}} {
		if got := PersonID(tc.i); got != tc.id {
			t.Errorf("PersonID(%d) = %q, want %q", tc.i, got, tc.id)
		}
		if got, err := PersonIndex(tc.id); err != nil || got != tc.i {
			t.Errorf("PersonIndex(%q) = %d, %v, want %d", tc.id, got, err, tc.i)
		}
	}
	if got := AssessmentID(41); got != "A0000042" {
		t.Errorf("AssessmentID(41) = %q, want A0000042", got)
	}
	for _, bad := range []string{"", "P", "X0000001", "P000001", "P0000000", "P00000001", "P00a0001", "p0000001", "P-000001"} {
		if _, err := PersonIndex(bad); !errors.Is(err, ErrInvalidID) {
			t.Errorf("PersonIndex(%q): got %v, want ErrInvalidID", bad, err)
		}
	}
}

func TestPersonDeterministic(t *testing.T) {
	var got []PersonFacts
	for p := range Persons(11, 300) {
		got = append(got, p)
	}
	differ := 0
	for i, p := range got {
		if q := Person(11, i); !reflect.DeepEqual(p, q) {
			t.Fatalf("Person(11, %d) differs between Persons and Person:\n%+v\n%+v", i, p, q)
		}
		if q := Person(12, i); q.Severity != p.Severity {
			differ++
		}
	}
	if differ < 290 {
		t.Errorf("seeds 11 and 12 give the same severity for %d of 300 persons", 300-differ)
	}
	// Early stop of the iterator.
	n := 0
	for range Persons(11, 100) {
		n++
		if n == 5 {
			break
		}
	}
}

// TestPersonFacts checks the invariants of every person's facts.
func TestPersonFacts(t *testing.T) {
	const seed, n = 5, 20_000
	starts := []ras.Date{DefaultStart(), {Year: 2024, Month: 2, Day: 29}, {Year: 2019, Month: 12, Day: 31}}
	acts := []string{ActivityPersonalCare, ActivityHealthTasks, ActivitySupervision, ActivityDomestic, ActivityPractical, ActivityEmotional}
	linked, carers := 0, 0
	for p := range Persons(seed, n) {
		lo, hi := 18, 98
		switch p.Cohort {
		case ras.CohortCarer:
			hi = 90
		case ras.CohortChildren:
			lo, hi = 0, 17
		}
		if p.Age < lo || p.Age > hi {
			t.Fatalf("%s (%s): age %d outside %d..%d", p.ID, p.Cohort, p.Age, lo, hi)
		}
		for _, s := range starts {
			on, born := p.AssessedOn(s), p.BornOn(s)
			if wd := on.Time().Weekday(); wd == 0 || wd == 6 {
				t.Fatalf("%s: assessed on a %v", p.ID, wd)
			}
			if d := on.DaysSince(s); d < 0 || d >= WindowDays+2 {
				t.Fatalf("%s: assessed %d days after the start", p.ID, d)
			}
			if a := born.AgeOn(on); a != p.Age {
				t.Fatalf("%s: born %v, assessed %v: age %d, want %d", p.ID, born, on, a, p.Age)
			}
			if d := on.DaysSince(ras.DateOf(born.Time().AddDate(p.Age, 0, 0))); p.BirthdayOffset != d && !(born.Month == 2 && born.Day == 28) {
				t.Fatalf("%s: %d days since birthday, want %d", p.ID, d, p.BirthdayOffset)
			}
		}
		if !p.Setting.Valid() || p.Gender != "female" && p.Gender != "male" || p.Locality == "" {
			t.Fatalf("%s: bad setting, gender or locality: %+v", p.ID, p)
		}
		if !(p.Severity > 0 && p.Severity < 1) || math.Abs(plogisRef(p.SeverityLinear)-p.Severity) > 1e-12 {
			t.Fatalf("%s: severity %v, linear %v", p.ID, p.Severity, p.SeverityLinear)
		}
		if p.Cohort == ras.CohortChildren {
			switch {
			case p.Setting == ras.SettingHomeAlone || p.Setting == ras.SettingNursing:
				t.Fatalf("%s: child in %s", p.ID, p.Setting)
			case p.Setting == ras.SettingSupportedLiving && p.Age < 16:
				t.Fatalf("%s: child aged %d in supported living", p.ID, p.Age)
			}
		}
		if p.Cohort == ras.CohortCarer {
			carers++
			if p.Safety != "" || len(p.Independence) != 0 || len(p.InformalHelp) != 0 {
				t.Fatalf("%s: carer with safety, independence or help: %+v", p.ID, p)
			}
			if p.CaringHours <= 0 || p.CaringHours > 80 || p.CarerRelationship == "" {
				t.Fatalf("%s: carer with %v hours, relationship %q", p.ID, p.CaringHours, p.CarerRelationship)
			}
			if p.LivesWithCaredFor && p.Setting != ras.SettingHomeFamily {
				t.Fatalf("%s: lives with the person cared for but in %s", p.ID, p.Setting)
			}
			if p.CaredForID != "" {
				linked++
				checkCarerLink(t, seed, &p)
			}
			continue
		}
		if p.Safety == "" || !p.Safety.Valid() || len(p.Independence) != 5 {
			t.Fatalf("%s: safety %q, %d independence items", p.ID, p.Safety, len(p.Independence))
		}
		if p.CaredForID != "" || p.CaringHours != 0 {
			t.Fatalf("%s: not a carer but cares", p.ID)
		}
		total := 0.0
		carer := ""
		for k, h := range p.InformalHelp {
			if h.HoursPerWeek <= 0 || h.HoursPerWeek*2 != math.Trunc(h.HoursPerWeek*2) || h.Helper == "" || !slices.Contains(acts, h.Activity) {
				t.Fatalf("%s: informal_help[%d] = %+v", p.ID, k, h)
			}
			total += h.HoursPerWeek
			if h.HelperID != "" {
				carer = h.HelperID
			}
		}
		if total > 80 {
			t.Fatalf("%s: %v informal hours, more than 80", p.ID, total)
		}
		if carer != "" {
			k, err := PersonIndex(carer)
			if err != nil {
				t.Fatal(err)
			}
			if c := Person(seed, k); c.Cohort != ras.CohortCarer || c.CaredForID != p.ID {
				t.Fatalf("%s: helper %s is %s caring for %q", p.ID, carer, c.Cohort, c.CaredForID)
			}
		}
	}
	// About three carers in four follow a person with informal help rather
	// than another carer; the share is a design property, checked loosely.
	if f := float64(linked) / float64(carers); f < 0.6 || f > 0.9 {
		t.Errorf("%d of %d carers linked (%.2f), want 0.6–0.9", linked, carers, f)
	}
}

func plogisRef(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// checkCarerLink checks that carer p and the person they care for agree.
func checkCarerLink(t *testing.T, seed uint64, p *PersonFacts) {
	t.Helper()
	j, err := PersonIndex(p.CaredForID)
	if err != nil {
		t.Fatal(err)
	}
	if j >= p.Index || p.Index-j > linkWindow {
		t.Fatalf("%s cares for %s: too far away", p.ID, p.CaredForID)
	}
	q := Person(seed, j)
	if q.Cohort == ras.CohortCarer {
		t.Fatalf("%s cares for %s, a carer", p.ID, q.ID)
	}
	var hours float64
	for _, h := range q.InformalHelp {
		if h.HelperID == p.ID {
			hours += h.HoursPerWeek
			if h.Helper != p.CarerRelationship || h.LivesWith != p.LivesWithCaredFor {
				t.Fatalf("%s cares for %s as %s (lives with: %v), but the record says %+v", p.ID, q.ID, p.CarerRelationship, p.LivesWithCaredFor, h)
			}
		}
	}
	if hours != p.CaringHours || p.Locality != q.Locality {
		t.Fatalf("%s gives %v hours in %s; %s records %v hours in %s", p.ID, p.CaringHours, p.Locality, q.ID, hours, q.Locality)
	}
}

// zWithin fails if the observed proportion or mean differs from its expected
// value by more than 4 standard errors (two-sided, about 6e-5 each).
func zWithin(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if z := (got - want) / se; math.Abs(z) > 4 {
		t.Errorf("%s = %.5g, want %.5g (z = %.2f, SE %.3g)", what, got, want, z, se)
	}
}

func propWithin(t *testing.T, what string, k, n int, p float64) {
	t.Helper()
	zWithin(t, what, float64(k)/float64(n), p, math.Sqrt(p*(1-p)/float64(n)))
}

// TestPersonDistributions checks the shares and moments against the
// documented distributions, computed here independently.
func TestPersonDistributions(t *testing.T) {
	const seed, n = 9, 60_000
	cohorts := map[ras.Cohort]int{}
	settings := map[ras.Cohort]map[ras.LivingSetting]int{}
	var adultAges []float64
	famHelp, famN := 0, 0
	var famHours []float64
	for p := range Persons(seed, n) {
		cohorts[p.Cohort]++
		if settings[p.Cohort] == nil {
			settings[p.Cohort] = map[ras.LivingSetting]int{}
		}
		settings[p.Cohort][p.Setting]++
		if p.Cohort == ras.CohortAdult {
			adultAges = append(adultAges, float64(p.Age))
			if p.Setting == ras.SettingHomeFamily {
				famN++
				if h := p.InformalHours(); h > 0 {
					famHelp++
					famHours = append(famHours, h)
				}
			}
		}
	}
	for c, want := range map[ras.Cohort]float64{ras.CohortAdult: 0.70, ras.CohortCHC: 0.06, ras.CohortCarer: 0.14, ras.CohortChildren: 0.10} {
		propWithin(t, "share of "+string(c), cohorts[c], n, want)
	}
	na := cohorts[ras.CohortAdult]
	for s, want := range map[ras.LivingSetting]float64{ras.SettingHomeAlone: 0.35, ras.SettingHomeFamily: 0.35, ras.SettingSupportedLiving: 0.15, ras.SettingResidential: 0.15} {
		propWithin(t, "adults in "+string(s), settings[ras.CohortAdult][s], na, want)
	}
	propWithin(t, "CHC in nursing homes", settings[ras.CohortCHC][ras.SettingNursing], cohorts[ras.CohortCHC], 0.45)
	propWithin(t, "children in residential care", settings[ras.CohortChildren][ras.SettingResidential], cohorts[ras.CohortChildren], 0.05)

	// Adult ages: round(clamp(N(62, 20), 18, 98)); mean by summation over
	// the integer ages.
	var mean, m2 float64
	for k := 18; k <= 98; k++ {
		lo, hi := stats.NormalCDF((float64(k)-0.5-62)/20), stats.NormalCDF((float64(k)+0.5-62)/20)
		if k == 18 {
			lo = 0
		}
		if k == 98 {
			hi = 1
		}
		mean += float64(k) * (hi - lo)
		m2 += float64(k*k) * (hi - lo)
	}
	zWithin(t, "mean adult age", meanOf(adultAges), mean, math.Sqrt((m2-mean*mean)/float64(len(adultAges))))

	// Informal help of adults living with family: 85 % have help with
	// round(2·Gamma(2, 0.12))/2 hours, at most 80, and a draw rounding to 0
	// means none.
	g := distuv.Gamma{Alpha: 2, Beta: 0.12}
	var pPos, eh, eh2 float64
	for u := 1; u <= 160; u++ {
		pu := g.CDF((float64(u)+0.5)/2) - g.CDF((float64(u)-0.5)/2)
		if u == 160 {
			pu = g.Survival((float64(u) - 0.5) / 2)
		}
		h := float64(u) / 2
		pPos += pu
		eh += h * pu
		eh2 += h * h * pu
	}
	eh, eh2 = eh/pPos, eh2/pPos
	propWithin(t, "adults with family who get informal help", famHelp, famN, 0.85*pPos)
	zWithin(t, "mean informal hours when positive", meanOf(famHours), eh, math.Sqrt((eh2-eh*eh)/float64(len(famHours))))
}

func meanOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
