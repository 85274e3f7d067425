package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// Kinds of record, in the order of the accounting table.
const (
	kindAssessments = "RAS assessments"
	kindEvents      = "pathway events"
	kindServices    = "commissioned services"
	kindFinance     = "finance transactions"
	kindCarers      = "carer records"
	kindFindings    = "carers' eligibility findings"
	kindChildren    = "children's assessments"
)

var kinds = []string{kindAssessments, kindEvents, kindServices, kindFinance, kindCarers, kindFindings, kindChildren}

// maxPlannedWeekly is the largest planned weekly amount accepted: about the
// largest weekly amount the engine's fixed-point money holds (see package
// ras). A larger amount (a typing error, or 1e400 read as a number) would
// overflow the estimators' float64 arithmetic, so its assessment is left
// out with the reason.
var maxPlannedWeekly = decimal.NewFromInt(90_000_000)

// childInstrument is the instrument children's independence is rated on.
const childInstrument = "personal-care-4"

// county is the county's data, as generated or read, and what validation
// and the join made of every record.
type county struct {
	o         options
	model     *ras.Model
	synthetic bool
	source    string
	start     ras.Date     // first day of the assessment window (synthetic)
	extract   pathway.Date // extract date of the pathway data

	// as holds the assessments compactly (see assessments): as read or
	// generated, and after validateAndJoin those the engine scored, in
	// input order.
	as         *assessments
	events     []pathway.Event // read (-in), until the pathway stage
	services   []pathway.Service
	pathwayIDs []string // synthetic: the persons whose pathway records are generated
	// financeFile is finance.csv (-in), read by the pathway stage; "" when
	// there is none.
	financeFile string
	carerRecs   []carers.Carer // current and previous, as read or generated
	findings    []carerFinding // carers' own assessment findings (reg. 3)
	children    []independence.Assessment
	instrument  *independence.Instrument

	acct map[string]*account
	// kinds are the kinds of record accounted for, in order: kinds, then
	// the CLD file's rows when there is one.
	kinds []string

	// mapper derives eligibility findings from the answers; nil when no
	// mapping is written for the model, and noMapping then says why.
	mapper    *findingsMapper
	noMapping string

	// decisions draws the synthetic eligibility decisions.
	decisions *rand.Rand

	// Set by validateAndJoin.
	engine    *ras.Engine
	estimates []int64        // weekly estimate in pence, per scored assessment (c.as)
	persons   map[string]int // person id → index in c.as of their latest assessment
	// The pathway stage's digest of the join (see joinPathway).
	waits           []pathway.Wait
	waitsOOO        int
	pathways        int
	joinPersons     int
	unknownPathways int
	joinOutOfOrder  int
	pathwayCSV      *pathwayCSV    // -write-csv's pathway files, until the pathway stage
	current         []carers.Carer // current record of each caring relationship
	previous        []carers.Carer // earlier records of relationships with a current one
	people          []carers.Person
	childScore      []independence.Score
	kidsLinked      int // children's assessments of a RAS child
}

// carerFinding is one carer's reg. 3 findings keyed on the caring
// relationship.
type carerFinding struct {
	Line     int
	CarerID  string
	PersonID string
	Findings eligibility.CarerAssessment
}

// account is what happened to the records of one kind: read (or
// generated), rejected by the reader with reasons, accepted, then excluded
// by validation or the join with reasons, or used.
type account struct {
	Kind     string
	Source   string
	Read     int
	Accepted int
	Rejected map[string]int // reason → rows
	Examples []string       // the first few rejections, with their line
	Excluded map[string]int // reason → records
	Used     int
	Notes    []string
}

// reasonCount is one reason and how many records it covers.
type reasonCount struct {
	Reason  string `json:"reason"`
	Records int    `json:"records"`
}

// MarshalJSON writes the account for results.json, its reasons as lists,
// most frequent first.
func (a account) MarshalJSON() ([]byte, error) {
	list := func(m map[string]int) []reasonCount {
		out := []reasonCount{}
		for _, r := range sortedReasons(m) {
			out = append(out, reasonCount{r, m[r]})
		}
		return out
	}
	return json.Marshal(struct {
		Kind     string        `json:"kind"`
		Source   string        `json:"source"`
		Read     int           `json:"read"`
		Rejected []reasonCount `json:"rejected"`
		Examples []string      `json:"rejected_examples,omitempty"`
		Accepted int           `json:"accepted"`
		Excluded []reasonCount `json:"excluded"`
		Used     int           `json:"used"`
		Notes    []string      `json:"notes,omitempty"`
	}{a.Kind, a.Source, a.Read, list(a.Rejected), a.Examples, a.Accepted, list(a.Excluded), a.Used, a.Notes})
}

func (a *account) reject(line int, field string, err error) {
	r := reason(field, err)
	a.Rejected[r]++
	if len(a.Examples) < 3 {
		a.Examples = append(a.Examples, fmt.Sprintf("line %d: %s", line, r))
	}
}

func (a *account) exclude(why string) { a.Excluded[why]++ }

func (a *account) rejectedTotal() int { return sum(a.Rejected) }
func (a *account) excludedTotal() int { return sum(a.Excluded) }

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// reason names why a record was rejected without quoting its values: the
// field and the innermost error (a package's sentinel).
func reason(field string, err error) string {
	msg := "unknown error"
	for e := err; e != nil; {
		msg = e.Error()
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			e = u.Unwrap()
		case interface{ Unwrap() []error }:
			if es := u.Unwrap(); len(es) > 0 {
				e = es[0]
			} else {
				e = nil
			}
		default:
			e = nil
		}
	}
	if field == "" {
		return msg
	}
	return field + ": " + msg
}

func newCounty(o options, model *ras.Model) (*county, error) {
	c := &county{o: o, model: model, acct: map[string]*account{}, kinds: slices.Clone(kinds)}
	for _, k := range kinds {
		c.acct[k] = &account{Kind: k, Rejected: map[string]int{}, Excluded: map[string]int{}}
	}
	fm := pointsFindings()
	if o.FindingsMap != "" {
		var err error
		if fm, err = readFindingsMap(o.FindingsMap); err != nil {
			return nil, err
		}
	}
	var err error
	c.mapper, err = newFindingsMapper(model, fm)
	switch {
	case errors.Is(err, errNoMapping) && o.FindingsMap == "":
		c.noMapping = fmt.Sprintf("the mapping from answers to eligibility findings is written for the %s questionnaire, not for %s; "+
			"give one for %s with -findings-map FILE", fm.Model, model.ID, model.ID)
	case err != nil:
		return nil, fmt.Errorf("-findings-map: %w", err)
	}
	return c, nil
}

// addAccount adds the account of another kind of record (the CLD file's
// rows) after the county's own.
func (c *county) addAccount(a *account) {
	c.kinds = append(c.kinds, a.Kind)
	c.acct[a.Kind] = a
}

// generateCounty makes a synthetic county with each package's generator,
// keyed on the ras/synth persons 0 to n−1.
func generateCounty(ctx context.Context, o options, model *ras.Model, p *progress) (*county, error) {
	c, err := newCounty(o, model)
	if err != nil {
		return nil, err
	}
	c.synthetic = true
	c.source = fmt.Sprintf("synthetic county, seed %d, %d persons", o.Seed, o.N)
	g, err := synth.New(model, synth.Options{Seed: o.Seed, Workers: o.Workers})
	if err != nil {
		return nil, err
	}
	c.start = g.Start()
	// Persons are generated in parts on every worker and stored compactly
	// in order; the eligibility decisions are drawn in the same order.
	c.as = newAssessments()
	var ids []string // adults with needs, for the pathway
	w := workers(o.Workers)
	const part = 1024
	err = inOrder(ctx, w, func(k int) []ras.Assessment {
		out := make([]ras.Assessment, 0, part)
		for i := k * part; i < (k+1)*part; i++ {
			if cs, ok := g.Case(i); ok {
				out = append(out, cs.Assessment)
			}
		}
		return out
	}, func(_ int, as []ras.Assessment) (bool, error) {
		for i := range as {
			if c.as.len() == o.N {
				return false, nil
			}
			a := &as[i]
			c.recordDecision(a)
			if err := c.as.add(a); err != nil {
				return false, err
			}
			if a.Cohort == ras.CohortAdult || a.Cohort == ras.CohortCHC {
				ids = append(ids, a.Person.ID)
			}
		}
		return c.as.len() < o.N, nil
	})
	if err != nil {
		return nil, err
	}
	p.step(fmt.Sprintf("generated %d assessments (ras/synth) and their eligibility decisions", c.as.len()))
	if c.mapper == nil {
		c.acct[kindAssessments].Notes = append(c.acct[kindAssessments].Notes,
			"no eligibility decisions were generated: the synthetic decisions follow the eligibility findings, and "+c.noMapping)
	}

	// The pathway records of the adults with needs are generated in parts
	// by the pathway stage (see joinPathway); their extract date is known
	// now.
	c.pathwayIDs = ids
	ps, err := pathway.Synthesize(nil, c.synthOptions())
	if err != nil {
		return nil, err
	}
	c.extract = ps.Extract

	cs, err := carers.Generate(o.Seed, o.N, carers.GenerateOptions{Start: c.start})
	if err != nil {
		return nil, err
	}
	c.carerRecs = append(cs.Current, cs.Previous...)
	for i := range c.carerRecs {
		if r := &c.carerRecs[i]; r.Eligibility != nil {
			c.findings = append(c.findings, carerFinding{CarerID: r.CarerID, PersonID: r.PersonID, Findings: *r.Eligibility})
			r.Eligibility = nil // attached again by the join, as for CSV input
		}
	}
	p.step(fmt.Sprintf("generated %d carer records (carers)", len(c.carerRecs)))

	if c.instrument, err = independence.Builtin(childInstrument); err != nil {
		return nil, err
	}
	series, err := independence.SynthChildren(o.Seed, o.N, independence.SynthChildOptions{Instrument: c.instrument, Start: c.start})
	if err != nil {
		return nil, err
	}
	c.children = independence.ChildAssessments(series)
	p.step(fmt.Sprintf("generated %d children's assessments (independence)", len(c.children)))

	for k, n := range map[string]int{kindAssessments: c.as.len(), kindCarers: len(c.carerRecs), kindFindings: len(c.findings), kindChildren: len(c.children)} {
		a := c.acct[k]
		a.Read, a.Accepted = n, n
	}
	gens := map[string]string{kindAssessments: "ras/synth", kindEvents: "pathway.Synthesize", kindServices: "pathway.Synthesize",
		kindFinance: "pathway.Synthesize", kindCarers: "carers.Generate", kindFindings: "carers.Generate", kindChildren: "independence.SynthChildren"}
	for k, g := range gens {
		c.acct[k].Source = "generated by " + g
	}
	return c, nil
}

// recordDecision gives a synthetic assessment the eligibility decision a
// council would have recorded: for adults, the Care Act rule's reading of
// the findings (see findingsMapper) with 6% of decisions going the other way
// (professional judgement the findings do not capture); for continuing
// healthcare, eligible with probability 0.85 when the DST shows a clear
// indicator, 0.40 when an indicator is for the team's judgement, else 0.03.
// The draws come from one stream over the assessments in order.
//
// Without a findings mapping for the model no decision is recorded.
func (c *county) recordDecision(a *ras.Assessment) {
	fm := c.mapper
	if fm == nil {
		return
	}
	if c.decisions == nil {
		c.decisions = rand.New(rand.NewPCG(c.o.Seed, 0xe11e_d1c1))
	}
	rng := c.decisions
	var fw string
	var eligible bool
	switch a.Cohort {
	case ras.CohortAdult:
		f := fm.adult(a)
		r, err := eligibility.EvaluateAdult(&f)
		if err != nil {
			return
		}
		fw, eligible = "care_act_adult", r.Met != (rng.Float64() < 0.06)
	case ras.CohortCHC:
		d, _ := fm.dst(a)
		r, err := eligibility.EvaluateDST(&d, eligibility.DSTOptions{})
		if err != nil {
			return
		}
		p := 0.03
		if r.Clear() {
			p = 0.85
		} else if r.ForJudgement() {
			p = 0.40
		}
		fw, eligible = "chc", rng.Float64() < p
	default:
		return
	}
	dec := ras.DecisionNotEligible
	if eligible {
		dec = ras.DecisionEligible
	}
	a.Eligibility = append(a.Eligibility, ras.Eligibility{Framework: fw, Decision: dec, DecidedOn: a.Date})
}

// validateAndJoin scores the assessments, joins the pathway data, links
// carers and children to the RAS persons, and accounts for every record.
func (c *county) validateAndJoin(ctx context.Context, p *progress) error {
	var err error
	if c.engine, err = ras.Compile(c.model); err != nil {
		return err
	}
	// Assessments: duplicate ids and planned amounts out of range, then the
	// engine, a chunk at a time.
	acc := c.acct[kindAssessments]
	seen := make(map[string]bool, c.as.len())
	var cand []int // indices of the candidates; nil while every assessment is one
	for i := range c.as.len() {
		id := c.as.id[i]
		why := ""
		switch pw, ok := c.as.planned(i); {
		case seen[id]:
			why = "duplicate assessment id (the first is used)"
		case ok && (pw.IsNegative() || pw.GreaterThan(maxPlannedWeekly)):
			why = "planned_weekly: outside " + ras.FormatMoney(decimal.Zero, "") + " to " + ras.FormatMoney(maxPlannedWeekly, "") + " a week"
		}
		if why != "" {
			if cand == nil {
				cand = make([]int, i, c.as.len())
				for k := range cand {
					cand[k] = k
				}
			}
			acc.exclude(why)
			continue
		}
		seen[id] = true
		if cand != nil {
			cand = append(cand, i)
		}
	}
	seen = nil
	scored := make([]int, 0, c.as.len()) // indices of the scored assessments
	c.estimates = make([]int64, 0, c.as.len())
	k := 0 // candidates so far
	for chunk := range c.as.chunks(cand) {
		results, err := c.engine.AssessBatch(ctx, chunk, ras.BatchOptions{Workers: c.o.Workers})
		var be *ras.BatchError
		if err != nil && !errors.As(err, &be) {
			return err
		}
		for j := range chunk {
			if be != nil {
				if e, failed := be.Failed[j]; failed {
					acc.exclude("rejected by the model: " + reason("", e))
					continue
				}
			}
			i := k + j
			if cand != nil {
				i = cand[i]
			}
			scored = append(scored, i)
			c.estimates = append(c.estimates, results[j].WeeklyPence())
		}
		k += len(chunk)
	}
	if len(scored) < c.as.len() {
		if c.as, err = c.as.keep(scored); err != nil {
			return err
		}
	}
	scored = nil
	acc.Used = c.as.len()
	c.persons = make(map[string]int, c.as.len())
	for i := range c.as.len() {
		pid := c.as.person[i]
		if j, ok := c.persons[pid]; !ok || c.as.dateOf(j).Before(c.as.dateOf(i)) {
			c.persons[pid] = i
		}
	}
	if n := c.as.len() - len(c.persons); n > 0 {
		acc.Notes = append(acc.Notes, report.Count(n, "person has", "persons have")+" more than one assessment; their latest gives their team and cohort")
	}
	p.step(fmt.Sprintf("scored %d assessments with %s %s", c.as.len(), c.model.ID, c.model.Version))
	if err := ctx.Err(); err != nil {
		return err
	}

	// Pathway: records dated after the extract date cannot belong to the
	// extract; the join accounts for every other event, service and
	// transaction.
	if err := c.joinPathway(ctx, p); err != nil {
		return err
	}

	c.linkCarers()
	if err := c.scoreChildren(); err != nil {
		return err
	}
	// The records as read or generated are not needed any more: the carers'
	// are in current and previous, the children's scored.
	c.carerRecs, c.findings, c.children = nil, nil, nil
	p.step("linked carers and children to the RAS persons")
	return nil
}

// linkCarers validates carer records, splits them into current and previous
// records, attaches the carers' findings, and makes the adults with needs
// from the RAS assessments.
func (c *county) linkCarers() {
	for id, i := range c.persons {
		if co := c.as.cohortOf(i); slices.Contains(carers.AdultCohorts(), co) {
			c.people = append(c.people, carers.Person{PersonID: id, Cohort: string(co), Locality: c.as.localityOf(i)})
		}
	}
	slices.SortFunc(c.people, func(a, b carers.Person) int { return strings.Compare(a.PersonID, b.PersonID) })
	known := make(map[string]bool, len(c.people))
	for _, p := range c.people {
		known[p.PersonID] = true
	}

	acc := c.acct[kindCarers]
	type rel struct{ carer, person string }
	latest := map[rel]int{}
	var valid []int
	for i := range c.carerRecs {
		r := &c.carerRecs[i]
		if err := r.Validate(); err != nil {
			acc.exclude("invalid record: " + reason("", err))
			continue
		}
		valid = append(valid, i)
		k := rel{r.CarerID, r.PersonID}
		if j, ok := latest[k]; !ok || c.carerRecs[j].AssessedOn.Before(r.AssessedOn) {
			latest[k] = i
		}
	}
	isCurrent := make(map[int]bool, len(latest))
	for _, i := range latest {
		isCurrent[i] = true
	}
	slices.Sort(valid)
	curIndex := map[rel]int{}
	for _, i := range valid {
		if isCurrent[i] {
			curIndex[rel{c.carerRecs[i].CarerID, c.carerRecs[i].PersonID}] = len(c.current)
			c.current = append(c.current, c.carerRecs[i])
		} else {
			c.previous = append(c.previous, c.carerRecs[i])
		}
	}
	acc.Used = len(c.current) + len(c.previous)
	unlinked := 0
	for i := range c.current {
		if !known[c.current[i].PersonID] {
			unlinked++
		}
	}
	acc.Notes = append(acc.Notes, fmt.Sprintf("%s current and %s earlier records; %s for a person with no RAS assessment as an adult with needs (in the risk list, not in the value per adult)",
		report.Int(len(c.current)), report.Int(len(c.previous)), report.Count(unlinked, "current record cares", "current records care")))

	fa := c.acct[kindFindings]
	for i := range c.findings {
		f := &c.findings[i]
		j, ok := curIndex[rel{f.CarerID, f.PersonID}]
		switch {
		case !ok:
			fa.exclude("no current carer record for this carer and person")
		case c.current[j].Eligibility != nil:
			fa.exclude("a second set of findings for the same carer and person")
		default:
			if err := f.Findings.Validate(); err != nil {
				fa.exclude("invalid findings: " + reason("", err))
				continue
			}
			fc := f.Findings
			c.current[j].Eligibility = &fc
			fa.Used++
		}
	}
}

// scoreChildren scores the children's assessments and counts those of a
// child known to the RAS.
func (c *county) scoreChildren() error {
	acc := c.acct[kindChildren]
	c.childScore = c.childScore[:0]
	for i := range c.children {
		s, err := c.instrument.Score(c.children[i])
		if err != nil {
			acc.exclude("not scorable: " + reason("", err))
			continue
		}
		c.childScore = append(c.childScore, s)
		if j, ok := c.persons[c.children[i].PersonID]; ok && c.as.cohortOf(j) == ras.CohortChildren {
			c.kidsLinked++
		}
	}
	acc.Used = len(c.childScore)
	acc.Notes = append(acc.Notes, fmt.Sprintf("%s of %s are of a child with a RAS assessment in the children's cohort", report.Int(c.kidsLinked), report.Int(len(c.childScore))))
	return nil
}
