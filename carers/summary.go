package carers

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// Person is an adult with needs, the unit that value is summarised over.
type Person struct {
	PersonID string
	Cohort   string // e.g. "older_people", "learning_disability"; "" is its own group
	Locality string // e.g. a district or team area; "" is its own group
}

// HoursBand is a band of weekly hours of care: Min (inclusive) up to the next band's Min
// (exclusive); the last band is open-ended.
type HoursBand struct {
	Label string
	Min   Hours
}

// CensusBands3 returns the three bands of weekly unpaid care used by the 2011 Census and
// published for 2021 as its comparable grouping: 19 or less, 20 to 49, 50 or more hours a week
// (ONS Census 2021 table TS039, "Provision of unpaid care"). A carer record with 0 hours falls in
// the first band.
func CensusBands3() []HoursBand {
	return []HoursBand{{"19 or less", 0}, {"20 to 49", 20 * HoursPerHour}, {"50 or more", 50 * HoursPerHour}}
}

// CensusBands5 returns the five detailed bands of Census 2021 (England and Wales, TS039): 9 or
// less, 10 to 19, 20 to 34, 35 to 49, 50 or more hours a week. Census answers are whole hours;
// fractional hours fall in the band whose lower bound they reach (19.5 h is "10 to 19").
func CensusBands5() []HoursBand {
	return []HoursBand{{"9 or less", 0}, {"10 to 19", 10 * HoursPerHour}, {"20 to 34", 20 * HoursPerHour},
		{"35 to 49", 35 * HoursPerHour}, {"50 or more", 50 * HoursPerHour}}
}

// SummaryOptions configure Summarise. The zero value gives the defaults.
type SummaryOptions struct {
	// Bands for the distribution of hours; nil means CensusBands3(). The first band's Min must
	// be 0 and Mins must increase.
	Bands []HoursBand
	// IgnoreUnmatched skips carer records whose PersonID is not among the people (counted in
	// Summary.Unmatched) instead of returning an error.
	IgnoreUnmatched bool
	// Basis, when not nil, is the basis the valuations were made on (Valuer.Basis): every
	// valuation must point to it (ErrMismatch otherwise), and Summary.Basis is it even when
	// there are no valuations. Nil means the basis of the first valuation.
	Basis *Basis
}

// ValueStats summarises value per adult. Mean and quartiles are computed in float64 pence
// (quartiles by R's type 7 definition) and converted to money once by MoneyFromFloatPence
// (nearest penny, halves away from zero). When N is 0 the statistics are undefined: Defined is
// false and the amounts are zero.
type ValueStats struct {
	N       int
	Defined bool
	// Weekly value.
	Mean, Q1, Median, Q3 decimal.Decimal
	// Annual value.
	AnnualMean, AnnualQ1, AnnualMedian, AnnualQ3 decimal.Decimal
	// Total weekly and annual value, exact.
	Total, AnnualTotal decimal.Decimal
}

// GroupSummary summarises one group of adults with needs (everyone, one cohort or one
// locality).
type GroupSummary struct {
	By    string // "all", "cohort" or "locality"
	Group string // the cohort or locality; "" for all
	// People is the number of adults with needs in the group; WithCarer those with at least
	// one carer record.
	People    int
	WithCarer int
	// ShareWithCarer = WithCarer / People.
	ShareWithCarer float64
	// PerAdult: value of unpaid care per adult with needs, counting 0 for adults without a
	// carer. PerAdultWithCarer: the same among adults with at least one carer. An adult's value
	// is the sum over their carers.
	PerAdult          ValueStats
	PerAdultWithCarer ValueStats
	// CarerRecords is the number of caring relationships; HoursBands counts them by weekly hours
	// (per carer, as the Census does), in the order of Summary.Bands.
	CarerRecords int
	HoursBands   []int
	// CarersAssessed counts the carer records in the group that carry the findings of the
	// carer's own assessment (Carer.Eligibility); CarersEligible those whose needs meet the Care
	// Act carer eligibility criteria (reg. 3, see CarerEligibility). A carer is counted once per
	// record: attach a carer's findings to one of their records only.
	CarersAssessed int
	CarersEligible int
}

// Summary is the outcome of Summarise.
type Summary struct {
	// Basis is how the care was valued: SummaryOptions.Basis, else the basis of the
	// valuations; nil when neither is known (no valuations and no SummaryOptions.Basis),
	// which Basis.String reports as "no valuation basis (nothing valued)".
	Basis      *Basis
	Bands      []HoursBand
	All        GroupSummary
	ByCohort   []GroupSummary // sorted by cohort
	ByLocality []GroupSummary // sorted by locality
	Unmatched  int            // carer records skipped under IgnoreUnmatched
}

// Summarise summarises the value of unpaid care over people. carers must hold the current
// record of each caring relationship only (one per CarerID and PersonID); vals[i] is the
// valuation of carers[i] (see Valuer.ValueAll) and all must share one Basis (opt.Basis when set).
//
// Errors: ErrMissingField or ErrBadValue for a person's id that is empty, not valid UTF-8 or
// holds a control character; ErrMismatch for slices of different lengths, mixed bases, a
// PersonID repeated in people, or a carer whose PersonID is not among people (unless IgnoreUnmatched); ErrDuplicate
// for a repeated caring relationship; ErrInvalidConfig for bad bands; ErrBadValue for invalid
// carer's assessment findings (see CarerEligibility). Record errors are
// *RecordError naming the index.
func Summarise(people []Person, carers []Carer, vals []Valuation, opt SummaryOptions) (*Summary, error) {
	if len(carers) != len(vals) {
		return nil, detail(ErrMismatch, "%d carers but %d valuations", len(carers), len(vals))
	}
	bands := opt.Bands
	if bands == nil {
		bands = CensusBands3()
	}
	if len(bands) == 0 || bands[0].Min != 0 {
		return nil, &ConfigError{Config: "summary options", Path: "Bands[0].Min", Err: detail(ErrInvalidConfig, "first band must start at 0")}
	}
	for i := 1; i < len(bands); i++ {
		if bands[i].Min <= bands[i-1].Min {
			return nil, &ConfigError{Config: "summary options", Path: fmt.Sprintf("Bands[%d].Min", i), Err: detail(ErrInvalidConfig, "bands must increase")}
		}
	}
	basis := opt.Basis
	if basis == nil && len(vals) > 0 {
		basis = vals[0].Basis
	}
	idx := make(map[string]int, len(people))
	for i, p := range people {
		if err := checkID(p.PersonID); err != nil {
			return nil, &RecordError{Index: i, Field: "person_id", Err: err}
		}
		if _, ok := idx[p.PersonID]; ok {
			return nil, &RecordError{Index: i, Field: "person_id", Err: detail(ErrMismatch, "person listed twice")}
		}
		idx[p.PersonID] = i
	}
	weekly := make([]int64, len(people))
	annual := make([]int64, len(people))
	has := make([]bool, len(people))
	band := make([]int, len(carers)) // band index per carer record, -1 unmatched
	personOf := make([]int, len(carers))
	nCarers := make([]int32, len(people)) // carer records per person
	elig := make([]int8, len(carers))     // -1 no findings, 0 not eligible, 1 eligible
	s := &Summary{Basis: basis, Bands: slices.Clone(bands)}
	for i := range carers {
		c := &carers[i]
		if vals[i].Basis != basis {
			return nil, &RecordError{Index: i, Field: "valuation", Err: detail(ErrMismatch, "valuations made on different bases")}
		}
		if vals[i].Hours != c.WeeklyHours {
			return nil, &RecordError{Index: i, Field: "valuation", Err: detail(ErrMismatch, "valuation is not of this record's hours")}
		}
		p, ok := idx[c.PersonID]
		if !ok {
			if opt.IgnoreUnmatched {
				s.Unmatched++
				band[i], personOf[i] = -1, -1
				continue
			}
			return nil, &RecordError{Index: i, Field: "person_id", Err: detail(ErrMismatch, "not among the people summarised")}
		}
		personOf[i] = p
		elig[i] = -1
		if c.Eligibility != nil {
			r, err := CarerEligibility(c)
			if err != nil {
				return nil, &RecordError{Index: i, Field: "eligibility", Err: err}
			}
			elig[i] = 0
			if r.Met {
				elig[i] = 1
			}
		}
		nCarers[p]++
		weekly[p] += vals[i].WeeklyPence
		annual[p] += vals[i].AnnualPence
		has[p] = true
		b := 0
		for b+1 < len(bands) && c.WeeklyHours >= bands[b+1].Min {
			b++
		}
		band[i] = b
	}

	if err := checkRelationships(carers, personOf, nCarers); err != nil {
		return nil, err
	}

	groupOf := func(key func(Person) string) map[string][]int {
		m := map[string][]int{}
		for i, p := range people {
			k := key(p)
			m[k] = append(m[k], i)
		}
		return m
	}
	carersOf := func(key func(Person) string) map[string][]int {
		m := map[string][]int{}
		for i := range carers {
			if personOf[i] >= 0 {
				k := key(people[personOf[i]])
				m[k] = append(m[k], i)
			}
		}
		return m
	}
	build := func(by, group string, members, recs []int) (GroupSummary, error) {
		g := GroupSummary{By: by, Group: group, People: len(members), CarerRecords: len(recs), HoursBands: make([]int, len(bands))}
		for _, i := range recs {
			g.HoursBands[band[i]]++
			if elig[i] >= 0 {
				g.CarersAssessed++
				g.CarersEligible += int(elig[i])
			}
		}
		allW := make([]int64, 0, len(members))
		allA := make([]int64, 0, len(members))
		var withW, withA []int64
		for _, p := range members {
			allW = append(allW, weekly[p])
			allA = append(allA, annual[p])
			if has[p] {
				g.WithCarer++
				withW = append(withW, weekly[p])
				withA = append(withA, annual[p])
			}
		}
		if g.People > 0 {
			g.ShareWithCarer = float64(g.WithCarer) / float64(g.People)
		} else {
			g.ShareWithCarer = math.NaN()
		}
		var err error
		if g.PerAdult, err = valueStats(allW, allA); err != nil {
			return g, err
		}
		g.PerAdultWithCarer, err = valueStats(withW, withA)
		return g, err
	}
	allMembers := make([]int, len(people))
	for i := range allMembers {
		allMembers[i] = i
	}
	var allRecs []int
	for i := range carers {
		if personOf[i] >= 0 {
			allRecs = append(allRecs, i)
		}
	}
	var err error
	if s.All, err = build("all", "", allMembers, allRecs); err != nil {
		return nil, err
	}
	for _, dim := range []struct {
		by  string
		key func(Person) string
		dst *[]GroupSummary
	}{
		{"cohort", func(p Person) string { return p.Cohort }, &s.ByCohort},
		{"locality", func(p Person) string { return p.Locality }, &s.ByLocality},
	} {
		members, recs := groupOf(dim.key), carersOf(dim.key)
		names := make([]string, 0, len(members))
		for k := range members {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, n := range names {
			g, err := build(dim.by, n, members[n], recs[n])
			if err != nil {
				return nil, err
			}
			*dim.dst = append(*dim.dst, g)
		}
	}
	return s, nil
}

// valueStats computes the statistics of weekly and annual pence amounts.
func valueStats(weekly, annual []int64) (ValueStats, error) {
	vs := ValueStats{N: len(weekly)}
	var tw, ta int64
	for i := range weekly {
		tw += weekly[i]
		ta += annual[i]
	}
	vs.Total, vs.AnnualTotal = PenceToMoney(tw), PenceToMoney(ta)
	if len(weekly) == 0 {
		return vs, nil
	}
	vs.Defined = true
	one := func(x []int64, sum int64, mean, q1, med, q3 *decimal.Decimal) error {
		f := make([]float64, len(x))
		for i, v := range x {
			f[i] = float64(v)
		}
		slices.Sort(f)
		qs, err := stats.Quantiles(f, []float64{0.25, 0.5, 0.75}, stats.Type7)
		if err != nil {
			return fmt.Errorf("carers: quartiles: %w", err)
		}
		for i, dst := range []*decimal.Decimal{q1, med, q3} {
			if *dst, err = MoneyFromFloatPence(qs[i]); err != nil {
				return err
			}
		}
		*mean, err = MoneyFromFloatPence(float64(sum) / float64(len(x)))
		return err
	}
	if err := one(weekly, tw, &vs.Mean, &vs.Q1, &vs.Median, &vs.Q3); err != nil {
		return vs, err
	}
	if err := one(annual, ta, &vs.AnnualMean, &vs.AnnualQ1, &vs.AnnualMedian, &vs.AnnualQ3); err != nil {
		return vs, err
	}
	return vs, nil
}

// checkRelationships returns ErrDuplicate for a (CarerID, PersonID) pair that appears twice. It
// groups record indices by person with a counting sort, then compares carer ids within each
// person (people have few carers), so it needs no map over all records.
func checkRelationships(carers []Carer, personOf []int, nCarers []int32) error {
	start := make([]int32, len(nCarers)+1)
	for p, n := range nCarers {
		start[p+1] = start[p] + n
	}
	next := slices.Clone(start[:len(nCarers)])
	order := make([]int32, start[len(nCarers)])
	for i, p := range personOf {
		if p >= 0 {
			order[next[p]] = int32(i)
			next[p]++
		}
	}
	for p := range nCarers {
		run := order[start[p]:start[p+1]]
		for a := 1; a < len(run); a++ {
			for b := 0; b < a; b++ {
				if carers[run[a]].CarerID == carers[run[b]].CarerID {
					return &RecordError{Index: int(run[a]), Field: "carer_id", Err: detail(ErrDuplicate,
						"caring relationship repeated (as record %d): pass current records only", run[b])}
				}
			}
		}
	}
	return nil
}
