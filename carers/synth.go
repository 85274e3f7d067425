package carers

import (
	"fmt"
	"math"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// HoursSource says where [Generate] takes a caring relationship's weekly hours from.
type HoursSource uint8

const (
	// HoursCensus draws the hours so that they follow the Census 2021 distribution of unpaid
	// care in England (see CensusHours2021), rising with the cared-for person's severity and
	// living together. The activity split keeps the proportions of the synthetic assessment's
	// informal help records, so these hours differ from the assessment's.
	HoursCensus HoursSource = iota
	// HoursRecorded takes the hours exactly as the synthetic assessment records them in its
	// informal help, so that the records agree with FromAssessment on the same assessments.
	HoursRecorded
)

// CensusHours2021 returns the number of usual residents of England aged 5 and over by weekly
// hours of unpaid care provided, in the order of CensusBands5 (9 or less, 10 to 19, 20 to 34,
// 35 to 49, 50 or more): ONS Census 2021 table TS039, "Provision of unpaid care", England
// (E92000001), as published on Nomis (dataset c2021ts039) and republished by censusdata.uk.
// 4,678,265 carers in all; 30.0% of them give 50 hours or more.
func CensusHours2021() [5]int {
	return [5]int{1668989, 634736, 452264, 517505, 1404771}
}

// DefaultReassessed is the share of carers with their own assessment that Generate gives an
// earlier assessment, when GenerateOptions.Reassessed is zero.
const DefaultReassessed = 0.35

// GenerateOptions configure a synthetic carer generator. The zero value gives the defaults.
type GenerateOptions struct {
	// Start is the first day of the synthetic assessment window; synth.DefaultStart() when
	// zero. It must match the window of the synthetic assessments the records go with.
	Start ras.Date
	// Cohorts are the cohorts of adults with needs whose carers are generated; nil means
	// AdultCohorts().
	Cohorts []ras.Cohort
	// Hours is where the weekly hours come from; the zero value is HoursCensus.
	Hours HoursSource
	// Reassessed is the share, in [0, 1], of carers with their own assessment who also have an
	// earlier assessment (in Synthetic.Previous); 0 means DefaultReassessed, a negative value
	// none.
	Reassessed float64
	// Instrument is the strain instrument scored at carers' own assessments: "csi" (the
	// default, when empty) or "mcsi".
	Instrument string
}

// Validate checks the options; errors are *ConfigError wrapping ErrInvalidConfig.
func (o *GenerateOptions) Validate() error {
	fail := func(path, msg string) error {
		return &ConfigError{Config: "generate options", Path: path, Err: detail(ErrInvalidConfig, "%s", msg)}
	}
	for i, c := range o.Cohorts {
		if !c.Valid() || c == ras.CohortCarer {
			return fail(fmt.Sprintf("Cohorts[%d]", i), "not a cohort of people with needs")
		}
	}
	if o.Hours > HoursRecorded {
		return fail("Hours", "unknown hours source")
	}
	if math.IsNaN(o.Reassessed) || o.Reassessed > 1 {
		return fail("Reassessed", "share must be at most 1")
	}
	switch o.Instrument {
	case "", "csi", "mcsi":
	default:
		return fail("Instrument", "the generator scores csi or mcsi only")
	}
	return nil
}

// Generator generates synthetic carer records keyed on ras/synth persons. It is immutable and
// safe for concurrent use.
//
// # The synthetic model
//
// Every adult with needs (a synthetic person of the chosen cohorts) who receives informal help
// has one caring relationship per helper in their informal help records (grouped as
// [Converter.Convert] groups them, with the same carer ids). A helper whose record carries a
// HelperID is a carer with an assessment of their own (a person of the synthetic carers cohort
// whose CaredForID is this person); the other helpers have no assessment of their own. A
// synthetic carer whose cared-for person is not known (CaredForID "") gives one record with
// PersonID "X" and the carer's id digits, a person who is not among the adults with needs.
//
// Everything a record holds is drawn from a random stream keyed on (seed, person index, helper
// position), so a person's records do not depend on how many persons are generated or in what
// order. Let s be the cared-for person's standardised severity, (SeverityLinear + 0.7)/0.92,
// and L = 1 when carer and person live together:
//
//   - Hours (HoursCensus): z = 0.25 + 0.45 s + 0.30 (L ? 0.65 : −1.53) − 1 (person not at
//     home) − 0.5 (not the first helper) + 0.84 ε, ε ~ N(0, 1); the band is the Census 2021
//     band whose cumulative share contains Φ(z) (CensusHours2021), the hours uniform over the
//     band's half hours (1 to 9.5, 10 to 19.5, 20 to 34.5, 35 to 49.5), or for 50 or more
//     50 + an exponential with mean 30 hours truncated below 90 (so under 140), to the half
//     hour. The activity split keeps the proportions of the person's informal help records
//     for that helper.
//   - Recorded for every relationship: hours and split, LivesWith, OtherSupport (Yes when
//     another helper is recorded), AssessedOn (the carer's own assessment date if they have
//     one, else the person's) and CaringSince (0.3 + an exponential with mean 4 years before).
//   - Recorded only for carers with their own assessment (the rest are Unknown / NoScore, as
//     a RAS assessment of the person cared for does not hold them): with c the carer's
//     standardised severity, (SeverityLinear + 0.8)/0.9 from ras/synth, and B the behaviour
//     level, behaviour that challenges toward the carer from 0.6 s + 0.25 L + 0.75 ε (none
//     below 0.5, low to 1.1, moderate to 1.6, high to 2.1, severe above); CSI items each yes
//     with probability logistic(−0.3 + 0.55 c + 0.35 s + 0.02 (hours − 30) + 0.25 L +
//     0.35 [B ≥ moderate] + 0.4 [B ≥ high]) (for the mCSI, 2 with probability q², 1 with
//     2q(1 − q)); health deteriorating with probability logistic(−1.2 + 0.8 c + 0.18 (yes items
//     − 6)); other support when no other helper with probability 0.5; breaks refused with
//     probability logistic(−2.3 + 0.6 s + 1.0 [B ≥ moderate]).
//   - Findings of the carer's own assessment under reg. 3 (Carer.Eligibility): necessary care
//     always; the health finding as above; each carer outcome unmet with probability
//     logistic(b + 0.35 (yes items − 6.5) + 0.3 c), b from −0.8 (recreation) to −3
//     (other caring), work only below 67 and child caring for a fifth of carers under 55,
//     by the limb "significant pain, distress or anxiety" (60%), "without assistance" (30%) or
//     "endangers health or safety" (10%); the well-being areas these touch; a significant
//     impact with probability logistic(−0.5 + 0.6 areas + 0.2 (yes items − 6.5)) when an area is
//     affected.
//   - Reassessment: a share (Reassessed) of carers with their own assessment also have an
//     earlier one 182–546 days before: half of them with risk rising since (fewer hours,
//     behaviour, strain, health and breaks lower or absent, support present), three in ten
//     stable, two in ten easing. Earlier records carry no eligibility findings.
//
// These parameters are invented to be plausible, not fitted: the data are synthetic.
type Generator struct {
	seed    uint64
	opt     GenerateOptions
	start   ras.Date
	cohorts []ras.Cohort
	reass   float64
	mcsi    bool
	census  [5]float64 // cumulative shares
}

// NewGenerator returns a generator of carers for the synthetic persons of seed.
func NewGenerator(seed uint64, opt GenerateOptions) (*Generator, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{seed: seed, opt: opt, start: opt.Start, cohorts: opt.Cohorts, reass: opt.Reassessed, mcsi: opt.Instrument == "mcsi"}
	if g.start.IsZero() {
		g.start = synth.DefaultStart()
	}
	if g.cohorts == nil {
		g.cohorts = AdultCohorts()
	}
	switch {
	case g.reass == 0:
		g.reass = DefaultReassessed
	case g.reass < 0:
		g.reass = 0
	}
	counts := CensusHours2021()
	var tot, cum float64
	for _, c := range counts {
		tot += float64(c)
	}
	for i, c := range counts {
		cum += float64(c)
		g.census[i] = cum / tot
	}
	return g, nil
}

// Synthetic is a synthetic population of adults with needs and their carers.
type Synthetic struct {
	// People are the adults with needs of the cohorts generated, in person order.
	People []Person
	// Current holds the current record of every caring relationship, in person order.
	Current []Carer
	// Previous holds earlier assessments of some relationships (see GenerateOptions.Reassessed).
	Previous []Carer
	// Unlinked counts the records in Current of carers whose cared-for person is not known
	// (PersonID "X…", not in People): pass SummaryOptions.IgnoreUnmatched to Summarise.
	Unlinked int
}

// Generate returns the carers of synthetic persons 0 to n−1 under seed (see Generator).
func Generate(seed uint64, n int, opt GenerateOptions) (*Synthetic, error) {
	g, err := NewGenerator(seed, opt)
	if err != nil {
		return nil, err
	}
	s := &Synthetic{}
	for p := range synth.Persons(seed, n) {
		if person, ok := g.Include(&p); ok {
			s.People = append(s.People, person)
		}
		cur, prev := g.Person(&p)
		for _, c := range cur {
			if c.PersonID[0] == 'X' {
				s.Unlinked++
			}
		}
		s.Current = append(s.Current, cur...)
		s.Previous = append(s.Previous, prev...)
	}
	return s, nil
}

// Include reports whether p is an adult with needs of the generator's cohorts and returns them
// as a Person.
func (g *Generator) Include(p *synth.PersonFacts) (Person, bool) {
	for _, c := range g.cohorts {
		if p.Cohort == c {
			return Person{PersonID: p.ID, Cohort: string(p.Cohort), Locality: p.Locality}, true
		}
	}
	return Person{}, false
}

// Person returns the caring relationships that p, synth.Person(seed, i) for the generator's
// seed, gives rise to: for an adult with needs of the generator's cohorts, one current record
// per helper; for a synthetic carer whose cared-for person is not known, their own record; for
// anyone else none. previous holds earlier assessments of some of them. The result depends only
// on the seed, p and the options.
func (g *Generator) Person(p *synth.PersonFacts) (current, previous []Carer) {
	if p.Cohort == ras.CohortCarer {
		if p.CaredForID != "" {
			return nil, nil // generated from the cared-for person's side
		}
		return g.unlinked(p)
	}
	if _, ok := g.Include(p); !ok || len(p.InformalHelp) == 0 {
		return nil, nil
	}
	// Group the informal help as Converter.Convert does.
	type helper struct {
		id, rel   string
		hours     Hours
		livesWith bool
		recs      []int
	}
	var hs []helper
	for j := range p.InformalHelp {
		ih := &p.InformalHelp[j]
		k := -1
		for i := range hs {
			if (ih.HelperID != "" && hs[i].id == ih.HelperID) || (ih.HelperID == "" && hs[i].id == "" && hs[i].rel == ih.Helper) {
				k = i
				break
			}
		}
		if k < 0 {
			k = len(hs)
			hs = append(hs, helper{id: ih.HelperID, rel: ih.Helper})
		}
		h, err := HoursFromFloat(ih.HoursPerWeek)
		if err != nil {
			h = 0 // synthetic hours are always in range
		}
		hs[k].hours += h
		hs[k].livesWith = hs[k].livesWith || ih.LivesWith
		hs[k].recs = append(hs[k].recs, j)
	}
	s := (p.SeverityLinear + 0.7) / 0.92
	away := p.Setting != ras.SettingHomeAlone && p.Setting != ras.SettingHomeFamily
	on := p.AssessedOn(g.start).Time()
	activities := RASActivities()
	for k := range hs {
		h := &hs[k]
		r := newPRNG(g.seed, p.Index, uint64(k))
		c := Carer{CarerID: h.id, PersonID: p.ID, AssessedOn: on, LivesWith: No, StrainScore: NoScore}
		if c.CarerID == "" {
			c.CarerID = HelperCarerID(p.ID, k)
		}
		if h.livesWith {
			c.LivesWith = Yes
		}
		if len(hs) > 1 {
			c.OtherSupport = Yes
		}
		eps, uIn := r.norm(), r.float()
		c.WeeklyHours = h.hours
		if g.opt.Hours == HoursCensus {
			z := hoursIntercept + 0.45*s + 0.84*eps
			if h.livesWith {
				z += 0.30 * 0.65
			} else {
				z -= 0.30 * 1.53
			}
			if away {
				z--
			}
			if k > 0 {
				z -= 0.5
			}
			c.WeeklyHours = g.censusHours(stats.NormalCDF(z), uIn)
		}
		// The split keeps the proportions of the recorded activities.
		for _, j := range h.recs {
			ih := &p.InformalHelp[j]
			hj, _ := HoursFromFloat(ih.HoursPerWeek)
			act := activities[ih.Activity]
			merged := false
			for i := range c.Split {
				if c.Split[i].Activity == act {
					c.Split[i].Hours += hj
					merged = true
					break
				}
			}
			if !merged {
				c.Split = append(c.Split, CareHours{Activity: act, Hours: hj})
			}
		}
		if c.WeeklyHours != h.hours {
			scaleSplit(c.Split, h.hours, c.WeeklyHours)
		}
		var prev *Carer
		if h.id != "" {
			if ci, err := synth.PersonIndex(h.id); err == nil {
				f := synth.Person(g.seed, ci)
				c.AssessedOn = f.AssessedOn(g.start).Time()
				prev = g.own(&r, &c, s, &f, len(hs) > 1)
			}
		}
		since := g.caringSince(&r, c.AssessedOn, prev)
		c.CaringSince = since
		current = append(current, c)
		if prev != nil {
			prev.CaringSince = since
			previous = append(previous, *prev)
		}
	}
	return current, previous
}

// unlinked returns the record of a synthetic carer whose cared-for person is not known.
func (g *Generator) unlinked(p *synth.PersonFacts) (current, previous []Carer) {
	r := newPRNG(g.seed, p.Index, 1<<32)
	c := Carer{CarerID: p.ID, PersonID: "X" + p.ID[1:], AssessedOn: p.AssessedOn(g.start).Time(), LivesWith: No, StrainScore: NoScore}
	if p.LivesWithCaredFor {
		c.LivesWith = Yes
	}
	eps, uIn := r.norm(), r.float()
	s := r.norm() // the cared-for person's severity is not known: drawn
	h, _ := HoursFromFloat(p.CaringHours)
	c.WeeklyHours = h
	if g.opt.Hours == HoursCensus {
		z := hoursIntercept + 0.45*s + 0.84*eps
		if p.LivesWithCaredFor {
			z += 0.30 * 0.65
		} else {
			z -= 0.30 * 1.53
		}
		c.WeeklyHours = g.censusHours(stats.NormalCDF(z), uIn)
	}
	prev := g.own(&r, &c, s, p, false)
	c.CaringSince = g.caringSince(&r, c.AssessedOn, prev)
	current = append(current, c)
	if prev != nil {
		prev.CaringSince = c.CaringSince
		previous = append(previous, *prev)
	}
	return current, previous
}

// hoursIntercept shifts the latent hours so that all caring relationships of adults with
// needs follow the Census 2021 bands (checked in TestGenerateHoursCensus).
const hoursIntercept = 0.25

// censusHours maps u in (0, 1) to a Census 2021 band and draws the hours within it from uIn.
func (g *Generator) censusHours(u, uIn float64) Hours {
	b := 0
	for b < 4 && u >= g.census[b] {
		b++
	}
	lo := [4]int{2, 20, 40, 70} // half hours
	hi := [4]int{19, 39, 69, 99}
	if b < 4 {
		n := hi[b] - lo[b] + 1
		k := min(int(uIn*float64(n)), n-1)
		return Hours(lo[b]+k) * HoursPerHour / 2
	}
	// An exponential with mean 30 truncated to [0, 90): no pile-up at the cap.
	x := 50 - 30*math.Log1p(-uIn*(1-math.Exp(-3)))
	return Hours(math.Round(2*x)) * HoursPerHour / 2
}

// scaleSplit rescales split, which adds up to from, to add up to to exactly: each part in
// proportion, rounded down to 0.01 h, the remainder to the first part.
func scaleSplit(split []CareHours, from, to Hours) {
	if len(split) == 0 {
		return
	}
	if from <= 0 {
		for i := range split {
			split[i].Hours = 0
		}
		split[0].Hours = to
		return
	}
	var given Hours
	for i := 1; i < len(split); i++ {
		split[i].Hours = split[i].Hours * to / from
		given += split[i].Hours
	}
	split[0].Hours = to - given
}

// caringSince draws when the caring began: 0.3 years plus an exponential with mean 4 years
// before the earliest assessment.
func (g *Generator) caringSince(r *prng, on time.Time, prev *Carer) time.Time {
	if prev != nil && prev.AssessedOn.Before(on) {
		on = prev.AssessedOn
	}
	days := 110 + int(math.Min(40*365, -1461*math.Log1p(-r.float())))
	return on.AddDate(0, 0, -days)
}

// own fills the answers of a carer's own assessment into c and returns an earlier assessment
// of the same relationship, or nil. s is the cared-for person's standardised severity, f the
// carer's synthetic facts, other whether another helper is recorded.
func (g *Generator) own(r *prng, c *Carer, s float64, f *synth.PersonFacts, other bool) *Carer {
	cs := (f.SeverityLinear + 0.8) / 0.9
	lw := 0.0
	if c.LivesWith == Yes {
		lw = 1
	}
	// Behaviour that challenges, directed at the carer.
	zb := 0.6*s + 0.25*lw + 0.75*r.norm()
	switch {
	case zb < 0.5:
		c.BehaviourToCarer = BehaviourNone
	case zb < 1.1:
		c.BehaviourToCarer = BehaviourLow
	case zb < 1.6:
		c.BehaviourToCarer = BehaviourModerate
	case zb < 2.1:
		c.BehaviourToCarer = BehaviourHigh
	default:
		c.BehaviourToCarer = BehaviourSevere
	}
	bm, bh := 0.0, 0.0
	if c.BehaviourToCarer >= BehaviourModerate {
		bm = 1
	}
	if c.BehaviourToCarer >= BehaviourHigh {
		bh = 1
	}
	// Strain: 13 items.
	q := plogis(-0.3 + 0.55*cs + 0.35*s + 0.02*(c.WeeklyHours.Float()-30) + 0.25*lw + 0.35*bm + 0.4*bh)
	yes, score := 0, 0
	for range 13 {
		u := r.float()
		switch {
		case g.mcsi && u < q*q:
			yes++
			score += 2
		case g.mcsi && u < q*(2-q):
			yes++
			score++
		case !g.mcsi && u < q:
			yes++
			score++
		}
	}
	c.StrainInstrument, c.StrainScore = "csi", score
	if g.mcsi {
		c.StrainInstrument = "mcsi"
	}
	c.HealthDeteriorating = tri(r.float() < plogis(-1.2+0.8*cs+0.18*float64(yes-6)))
	if other {
		c.OtherSupport = Yes
	} else {
		c.OtherSupport = tri(r.float() < 0.5)
	}
	c.BreaksRefused = tri(r.float() < plogis(-2.3+0.6*s+1.0*bm))

	// Findings of the carer's assessment (reg. 3).
	e := &eligibility.CarerAssessment{NecessaryCare: true, HealthDeteriorating: c.HealthDeteriorating == Yes}
	base := [eligibility.NumCarerOutcomes]float64{
		eligibility.CarerOutcomeChildCaring:       -1.5,
		eligibility.CarerOutcomeOtherCaring:       -3.0,
		eligibility.CarerOutcomeHabitableHome:     -2.2,
		eligibility.CarerOutcomeNutrition:         -2.5,
		eligibility.CarerOutcomeRelationships:     -1.3,
		eligibility.CarerOutcomeWorkEducation:     -1.2,
		eligibility.CarerOutcomeCommunityServices: -1.8,
		eligibility.CarerOutcomeRecreation:        -0.8,
	}
	hasChild := f.Age < 55 && r.float() < 0.2
	var wb eligibility.WellBeingSet
	if e.HealthDeteriorating {
		wb |= eligibility.WellBeingOf(eligibility.WellBeingHealth)
	}
	area := [eligibility.NumCarerOutcomes]eligibility.WellBeingArea{
		eligibility.WellBeingRelationships, eligibility.WellBeingRelationships, eligibility.WellBeingAccommodation,
		eligibility.WellBeingHealth, eligibility.WellBeingRelationships, eligibility.WellBeingSocialEconomic,
		eligibility.WellBeingParticipation, eligibility.WellBeingParticipation,
	}
	for o := range eligibility.NumCarerOutcomes {
		u, ul := r.float(), r.float()
		switch {
		case o == int(eligibility.CarerOutcomeChildCaring) && !hasChild,
			o == int(eligibility.CarerOutcomeWorkEducation) && f.Age >= 67:
			continue
		}
		if u >= plogis(base[o]+0.35*(float64(yes)-6.5)+0.3*cs) {
			continue
		}
		switch {
		case ul < 0.6:
			e.Outcomes[o] = eligibility.LimbPainDistressAnxiety
		case ul < 0.9:
			e.Outcomes[o] = eligibility.LimbWithoutAssistance
		default:
			e.Outcomes[o] = eligibility.LimbEndangersHealthSafety
		}
		wb |= eligibility.WellBeingOf(area[o])
	}
	e.WellBeing = wb
	uImp := r.float()
	if n := wb.Count(); n > 0 {
		e.SignificantImpact = uImp < plogis(-0.5+0.6*float64(n)+0.2*(float64(yes)-6.5))
	}
	c.Eligibility = e

	// An earlier assessment.
	uRe, uKind := r.float(), r.float()
	gap, uH := 182+int(r.float()*365), r.float()
	var u [6]float64
	for i := range u {
		u[i] = r.float()
	}
	if uRe >= g.reass {
		return nil
	}
	p := *c
	p.Eligibility = nil
	p.AssessedOn = c.AssessedOn.AddDate(0, 0, -gap)
	p.Split = append([]CareHours(nil), c.Split...)
	maxScore := 13
	if g.mcsi {
		maxScore = 26
	}
	switch {
	case uKind < 0.5: // risk rising since
		h := Hours(math.Round(float64(c.WeeklyHours)*(0.55+0.4*uH)/50)) * 50
		p.WeeklyHours = max(HoursPerHour/2, min(h, c.WeeklyHours))
		if u[0] < 0.6 && p.BehaviourToCarer > BehaviourNone {
			p.BehaviourToCarer--
		}
		p.StrainScore = max(0, c.StrainScore-int(u[1]*5))
		if c.HealthDeteriorating == Yes && u[2] < 0.6 {
			p.HealthDeteriorating = No
		}
		if c.BreaksRefused == Yes && u[3] < 0.5 {
			p.BreaksRefused = No
		}
		if c.OtherSupport == No && u[4] < 0.4 {
			p.OtherSupport = Yes
		}
	case uKind < 0.8: // stable
		p.StrainScore = min(maxScore, max(0, c.StrainScore+int(u[1]*3)-1))
	default: // easing
		h := Hours(math.Round(float64(c.WeeklyHours)*(1.05+0.35*uH)/50)) * 50
		p.WeeklyHours = min(MaxWeeklyHours, max(h, c.WeeklyHours))
		if u[0] < 0.4 && p.BehaviourToCarer < BehaviourSevere {
			p.BehaviourToCarer++
		}
		p.StrainScore = min(maxScore, c.StrainScore+int(u[1]*4))
		if c.HealthDeteriorating == No && u[2] < 0.4 {
			p.HealthDeteriorating = Yes
		}
	}
	scaleSplit(p.Split, c.WeeklyHours, p.WeeklyHours)
	return &p
}

func tri(b bool) Tri {
	if b {
		return Yes
	}
	return No
}

func plogis(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// prng is a SplitMix64 generator: small, fast and fully specified here, so that the synthetic
// data do not change with the Go release.
type prng struct{ s uint64 }

func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newPRNG returns the stream for (seed, person index, stream).
func newPRNG(seed uint64, index int, stream uint64) prng {
	return prng{splitmix(splitmix(seed^0x63617265727321) ^ splitmix(uint64(index)+0x5a17) ^ splitmix(stream*0x2545f4914f6cdd1d+0x9d))}
}

func (r *prng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a uniform number in [0, 1).
func (r *prng) float() float64 { return float64(r.next()>>11) * 0x1p-53 }

// norm returns a standard normal number (Box–Muller, one of the pair).
func (r *prng) norm() float64 {
	u1 := 1 - r.float() // (0, 1]
	u2 := r.float()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}
