package calibrate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Design builder: from RAS assessments to a named design matrix.
//
// Every design column is a recipe over the assessment that package ras can
// evaluate itself: a sum of scaled products of ras.Factor (see Column). The
// builder evaluates the recipes exactly as the ras engine evaluates the terms
// of a regression model, so a model exported from a fit on the design (see
// ExportLinear and friends) reproduces the fitted values.

// ErrNoCost reports assessments whose planned cost is zero or missing under
// CostsError; it is wrapped in a *CostError listing them.
var ErrNoCost = errors.New("calibrate: zero or missing planned cost")

// CostPolicy says what BuildDesign does with assessments whose planned weekly
// cost (ras.Assessment.PlannedWeekly) is zero or missing.
type CostPolicy int

const (
	// CostsError (the default) returns a *CostError naming every assessment
	// with a zero or missing cost.
	CostsError CostPolicy = iota
	// CostsExclude leaves those assessments out and lists each in
	// AssessmentDesign.Excluded with its reason.
	CostsExclude
	// CostsTwoPart keeps zero costs, for a two-part model (the probability
	// of any cost × the cost given any; see FitTwoPart). Missing costs
	// cannot be modelled and are excluded and listed.
	CostsTwoPart
)

// DesignSpec says which columns BuildDesign makes. The zero value gives an
// intercept only. Columns come in this order: the intercept, domain points,
// total points, items, age, age hinges, age bands, informal hours, living
// settings, cohorts, interactions. Levels (options, settings, cohorts, age
// bands) that no included assessment has get no column, as when R builds a
// factor from the data.
type DesignSpec struct {
	// NoIntercept leaves out the intercept column (a fit through the
	// origin).
	NoIntercept bool
	// Domains lists domain ids whose points are columns named by the
	// domain id. AllDomains adds every domain of the model in model order
	// (after those listed).
	Domains    []string
	AllDomains bool
	// TotalPoints adds the total points, column "total_points".
	TotalPoints bool
	// Items are questionnaire items as columns.
	Items []ItemSpec
	// Age adds the age in completed years on the assessment date, column
	// "age". AgeOver adds, for each knot k, the hinge max(age − k, 0),
	// column "age_over_<k>".
	Age     bool
	AgeOver []int
	// AgeBands adds indicator columns of age bands.
	AgeBands *AgeBandSpec
	// InformalHours adds the hours a week of informal help, column
	// "informal_hours".
	InformalHours bool
	// Settings adds living-setting indicators, columns
	// "living_setting=<setting>".
	Settings *LevelSpec
	// Cohorts adds cohort indicators, columns "cohort=<cohort>".
	Cohorts *LevelSpec
	// Interactions are products of two columns or variables, named "a:b"
	// as R names them. Each side is a column name, or a variable whose
	// indicator columns it expands to: "living_setting", "cohort",
	// "age_band" or an item's question id.
	Interactions [][2]string
	// Costs is the zero or missing cost policy (CostsError when zero).
	Costs CostPolicy
	// Response, if not nil, replaces the planned weekly cost as the
	// response: ok false means missing (handled by Costs, where CostsTwoPart
	// is not allowed); zeros are not special. ResponseName names it.
	Response     func(a *ras.Assessment) (y float64, ok bool)
	ResponseName string
	// SkipInvalid excludes (and lists) assessments that the model rejects
	// (invalid or missing answers, an unknown cohort, no age where the
	// columns need one) or whose planned weekly cost is negative or beyond
	// the range of a float64, instead of returning an error.
	SkipInvalid bool
}

// ItemSpec makes columns from one question.
type ItemSpec struct {
	Question string
	// Reference is the option id of the reference level: every other
	// option (that some assessment chose) gets an indicator column
	// "<question>=<option>". It must be set for a choice question unless
	// Score is set.
	Reference string
	// Score uses the answer's points (choice) or value (number) as one
	// column named by the question id, instead of indicators.
	Score bool
	// Cumulative makes, instead of one indicator per option, one column
	// per option o above the reference in the order of increasing points
	// (options with equal points keep their order): "<question>>=<o>", 1
	// when the chosen option is o or above it. The coefficients are then the
	// steps between successive options, so non-negative coefficients (see
	// NonNegativeWeights) give weights that never fall as need rises. The
	// reference must be the option with the fewest points.
	Cumulative bool
}

// LevelSpec chooses the levels of a categorical covariate.
type LevelSpec struct {
	// Reference is the level without a column. It must be set.
	Reference string
	// Levels are the levels with a column; nil means every level that an
	// included assessment has, in package ras's order.
	Levels []string
}

// AgeBandSpec cuts age into bands at Cuts (strictly increasing, > 0): cuts
// 18, 65, 85 give the bands "0-17", "18-64", "65-84" and "85+".
type AgeBandSpec struct {
	Cuts []int
	// Reference is the label of the reference band. It must be set.
	Reference string
}

// Labels returns the band labels in order.
func (s *AgeBandSpec) Labels() []string {
	out := make([]string, 0, len(s.Cuts)+1)
	lo := 0
	for _, c := range s.Cuts {
		out = append(out, fmt.Sprintf("%d-%d", lo, c-1))
		lo = c
	}
	return append(out, fmt.Sprintf("%d+", lo))
}

func (s *AgeBandSpec) validate() error {
	if len(s.Cuts) == 0 {
		return invalidf("age bands: no cut points")
	}
	for i, c := range s.Cuts {
		if c <= 0 || i > 0 && c <= s.Cuts[i-1] {
			return invalidf("age bands: cut points must be positive and strictly increasing, not %v", s.Cuts)
		}
	}
	if !slices.Contains(s.Labels(), s.Reference) {
		return invalidf("age bands: reference %q is not one of the bands %s", s.Reference, quoteList(s.Labels()))
	}
	return nil
}

// band returns the index of the band of age.
func (s *AgeBandSpec) band(age int) int {
	k := 0
	for k < len(s.Cuts) && age >= s.Cuts[k] {
		k++
	}
	return k
}

// factor returns the ras factor of band k.
func (s *AgeBandSpec) factor(k int) ras.Factor {
	var f ras.Factor
	if k > 0 {
		lo := s.Cuts[k-1]
		f.AgeMin = &lo
	} else {
		zero := 0
		f.AgeMin = &zero
	}
	if k < len(s.Cuts) {
		hi := s.Cuts[k] - 1
		f.AgeMax = &hi
	}
	return f
}

// Column is how a design column is computed from an assessment: the sum over
// Terms of Scale × the product of the term's factors, each factor evaluated
// as package ras evaluates a regression factor. The intercept column has no
// terms and is 1.
type Column struct {
	Name  string
	Terms []ColumnTerm
}

// ColumnTerm is one scaled product of factors.
type ColumnTerm struct {
	Scale   float64
	Factors []ras.Factor
}

// Exclusion is an assessment left out of a design, and why.
type Exclusion struct {
	Index  int    // index in the input slice
	ID     string // assessment id
	Reason string
}

// AssessmentDesign is a design built from assessments: the numeric Design,
// the recipe of every column, and for every row the assessment it came from
// and its subgroups.
type AssessmentDesign struct {
	Design *Design
	// Columns[j] is the recipe of Design column j.
	Columns []Column
	// Per row: the index of the assessment in the input slice, its id,
	// cohort, living setting, locality, assessment date and age (−1 when
	// unknown), and points (total and per domain in model order, as the
	// source model scores them).
	Index       []int
	IDs         []string
	Cohort      []ras.Cohort
	Setting     []ras.LivingSetting
	Locality    []string
	Date        []ras.Date
	Age         []int
	TotalPoints []float64
	// Excluded lists the assessments left out, in input order.
	Excluded []Exclusion
	// Spec is the specification the design was built from.
	Spec DesignSpec

	model *ras.Model // private copy of the source model
	ev    *evaluator
}

// Model returns a copy of the source model.
func (d *AssessmentDesign) Model() *ras.Model {
	m, _ := copyModel(d.model)
	return m
}

// CostError lists the assessments with a zero or missing cost.
type CostError struct {
	Zero, Missing []string // assessment ids
	Err           error    // ErrNoCost
}

func (e *CostError) Error() string {
	var b strings.Builder
	b.WriteString("calibrate: ")
	if len(e.Zero) > 0 {
		fmt.Fprintf(&b, "%d assessments with a zero planned cost (%s)", len(e.Zero), idList(e.Zero))
	}
	if len(e.Missing) > 0 {
		if len(e.Zero) > 0 {
			b.WriteString(" and ")
		}
		fmt.Fprintf(&b, "%d with no planned cost (%s)", len(e.Missing), idList(e.Missing))
	}
	b.WriteString("; choose CostsExclude or CostsTwoPart to handle them")
	return b.String()
}

func (e *CostError) Unwrap() error { return e.Err }

func idList(ids []string) string {
	const show = 20
	if len(ids) <= show {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:show], ", ") + fmt.Sprintf(", … %d more", len(ids)-show)
}

// AssessmentError reports an assessment the source model rejects, or one
// that lacks a fact a column needs. It unwraps to ErrInvalidInput and to the
// underlying error (a package ras error where the model rejected it).
type AssessmentError struct {
	Index int    // index in the input slice
	ID    string // assessment id
	Err   error
}

func (e *AssessmentError) Error() string {
	return fmt.Sprintf("calibrate: assessment %s (index %d): %s", e.ID, e.Index, strings.TrimPrefix(e.Err.Error(), "calibrate: "))
}

func (e *AssessmentError) Unwrap() []error { return []error{ErrInvalidInput, e.Err} }

// BuildDesign builds a design from assessments scored by model m (domain
// points and answers as m's engine resolves them, defaults included). The
// response is the planned weekly cost in pounds (PlannedWeekly as float64)
// unless spec.Response is set. Zero and missing costs follow spec.Costs.
//
// Errors: an invalid model (wrapping the ras error), an invalid spec
// (ErrInvalidInput), an assessment the model rejects or whose planned
// weekly cost is negative (wrapping ErrDomain) or too large for a float64
// (wrapping ErrNonFinite) (*AssessmentError naming it, unless
// spec.SkipInvalid), zero or missing costs under CostsError (*CostError),
// or no rows left (ErrEmpty).
func BuildDesign(m *ras.Model, as []ras.Assessment, spec DesignSpec) (*AssessmentDesign, error) {
	return BuildDesignFrom(m, ChunksOf(as), spec)
}

func (d *AssessmentDesign) responseName() string {
	switch {
	case d.Spec.ResponseName != "":
		return d.Spec.ResponseName
	case d.Spec.Response != nil:
		return "y"
	}
	return "planned_weekly"
}

// Matrix returns the design rows of new assessments, with the same columns,
// for prediction. The model must accept every assessment (an
// *AssessmentError otherwise); costs are not looked at.
func (d *AssessmentDesign) Matrix(as []ras.Assessment) (*mat.Dense, error) {
	if len(as) == 0 {
		return nil, fmt.Errorf("%w: no assessments", ErrEmpty)
	}
	eng, err := ras.Compile(d.model)
	if err != nil {
		return nil, fmt.Errorf("calibrate: source model: %w", err)
	}
	p := len(d.Columns)
	data := make([]float64, len(as)*p)
	var res ras.Result
	for i := range as {
		a := &as[i]
		if err := eng.AssessInto(a, &res, ras.AssessOptions{}); err != nil {
			return nil, &AssessmentError{Index: i, ID: a.ID, Err: err}
		}
		f := d.ev.resolve(a, &res, nil)
		if err := d.ev.row(d.Columns, &f, data[i*p:(i+1)*p]); err != nil {
			return nil, &AssessmentError{Index: i, ID: a.ID, Err: err}
		}
	}
	return mat.NewDense(len(as), p, data), nil
}

// Subset returns the design restricted to the given rows (0-based, in the
// given order), with every per-row slice subset alike. Excluded is kept.
func (d *AssessmentDesign) Subset(rows []int) (*AssessmentDesign, error) {
	sub, err := d.Design.SubsetRows(rows)
	if err != nil {
		return nil, err
	}
	out := &AssessmentDesign{Design: sub, Columns: d.Columns, Excluded: d.Excluded, Spec: d.Spec, model: d.model, ev: d.ev}
	for _, r := range rows {
		out.Index = append(out.Index, d.Index[r])
		out.IDs = append(out.IDs, d.IDs[r])
		out.Cohort = append(out.Cohort, d.Cohort[r])
		out.Setting = append(out.Setting, d.Setting[r])
		out.Locality = append(out.Locality, d.Locality[r])
		out.Date = append(out.Date, d.Date[r])
		out.Age = append(out.Age, d.Age[r])
		out.TotalPoints = append(out.TotalPoints, d.TotalPoints[r])
	}
	return out, nil
}

// Group returns a label per row for subgroup reports: "cohort",
// "living_setting", "locality", "age_band" (needs Spec.AgeBands), or the
// name of a design column (its value formatted with %g).
func (d *AssessmentDesign) Group(name string) ([]string, error) {
	n := len(d.IDs)
	out := make([]string, n)
	switch name {
	case "cohort":
		for i, c := range d.Cohort {
			out[i] = string(c)
		}
	case "living_setting":
		for i, s := range d.Setting {
			out[i] = string(s)
		}
	case "locality":
		copy(out, d.Locality)
	case "age_band":
		s := d.Spec.AgeBands
		if s == nil {
			return nil, invalidf("group \"age_band\" needs DesignSpec.AgeBands")
		}
		labels := s.Labels()
		for i, a := range d.Age {
			if a < 0 {
				out[i] = "unknown"
			} else {
				out[i] = labels[s.band(a)]
			}
		}
	default:
		j := slices.Index(d.Design.Names, name)
		if j < 0 {
			return nil, invalidf("no group or design column %q", name)
		}
		for i := range out {
			out[i] = strconv.FormatFloat(d.Design.X.At(i, j), 'g', -1, 64)
		}
	}
	return out, nil
}

// Positive returns the rows with a positive response (the cost given any
// cost, the second part of a two-part model).
func (d *AssessmentDesign) Positive() (*AssessmentDesign, error) {
	var rows []int
	for i, y := range d.Design.Y {
		if y > 0 {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no row has a positive response", ErrEmpty)
	}
	return d.Subset(rows)
}

// AnyCost returns the design with the response replaced by 1 for a positive
// response and 0 otherwise, named "any_cost" (the first part of a two-part
// model). The matrix is shared with d.
func (d *AssessmentDesign) AnyCost() *AssessmentDesign {
	c := *d
	y := make([]float64, len(d.Design.Y))
	for i, v := range d.Design.Y {
		if v > 0 {
			y[i] = 1
		}
	}
	c.Design = &Design{Names: d.Design.Names, X: d.Design.X, Y: y, Response: "any_cost"}
	return &c
}

// copyModel deep-copies a model through package ras's validation.
func copyModel(m *ras.Model) (*ras.Model, error) {
	var b strings.Builder
	if err := m.WriteJSON(&b); err != nil {
		return nil, fmt.Errorf("calibrate: copying model: %v: %w", err, ErrInvalidInput)
	}
	c, err := ras.ParseModel(strings.NewReader(b.String()))
	if err != nil {
		return nil, fmt.Errorf("calibrate: source model: %w", err)
	}
	return c, nil
}

// ---- evaluation of ras factors ----

// evaluator resolves assessments against a model and evaluates ras factors
// as the engine's regression does.
type evaluator struct {
	m      *ras.Model
	qIndex map[string]int // question id → flat index
	qs     []*ras.Question
	qDom   []int
	dIndex map[string]int
}

type facts struct {
	opt      []int32   // chosen option per question (−1: none or not applicable)
	val      []float64 // number answers
	dom      []float64 // domain points
	total    float64
	age      int
	ageOK    bool
	setting  ras.LivingSetting
	cohort   ras.Cohort
	informal float64
}

func newEvaluator(m *ras.Model) *evaluator {
	ev := &evaluator{m: m, qIndex: map[string]int{}, dIndex: map[string]int{}}
	for di := range m.Domains {
		ev.dIndex[m.Domains[di].ID] = di
		for qi := range m.Domains[di].Questions {
			q := &m.Domains[di].Questions[qi]
			ev.qIndex[q.ID] = len(ev.qs)
			ev.qs = append(ev.qs, q)
			ev.qDom = append(ev.qDom, di)
		}
	}
	return ev
}

// factSlab hands out the per-row slices of facts from large blocks, to
// spare the allocator and the garbage collector on big caseloads.
type factSlab struct {
	ints   []int32
	floats []float64
}

func (s *factSlab) take(nq, nd int) ([]int32, []float64) {
	if s == nil {
		return make([]int32, nq), make([]float64, nq+nd)
	}
	if len(s.ints) < nq {
		s.ints = make([]int32, max(nq, 1<<14))
	}
	if len(s.floats) < nq+nd {
		s.floats = make([]float64, max(nq+nd, 1<<14))
	}
	o, v := s.ints[:nq:nq], s.floats[:nq+nd:nq+nd]
	s.ints, s.floats = s.ints[nq:], s.floats[nq+nd:]
	return o, v
}

// resolve collects the facts of an assessment the engine accepted into r.
// slab, if not nil, provides the storage.
func (ev *evaluator) resolve(a *ras.Assessment, r *ras.Result, slab *factSlab) facts {
	pts := r.DomainPoints()
	opt, fl := slab.take(len(ev.qs), len(pts))
	f := facts{opt: opt, val: fl[:len(ev.qs)], dom: fl[len(ev.qs):],
		total: float64(r.TotalPoints), setting: a.Person.LivingSetting, cohort: a.Cohort, informal: a.InformalHours("")}
	for i, p := range pts {
		f.dom[i] = float64(p)
	}
	f.age, f.ageOK = a.Person.AgeOn(a.Date)
	for qi, q := range ev.qs {
		f.opt[qi] = -1
		if len(q.Cohorts) > 0 && !slices.Contains(q.Cohorts, a.Cohort) {
			continue // not applicable: the engine sees neither option nor value
		}
		ans, ok := a.Answers.Get(q.ID)
		if q.Type == ras.QuestionNumber {
			switch {
			case ok:
				f.val[qi] = ans.Value
			case q.DefaultValue != nil:
				f.val[qi] = *q.DefaultValue
			}
			continue
		}
		id := q.Default
		if ok {
			id = ans.Option
		}
		for oi := range q.Options {
			if q.Options[oi].ID == id {
				f.opt[qi] = int32(oi)
				break
			}
		}
	}
	return f
}

var errNoAge = fmt.Errorf("%w: the design needs the person's age or date of birth", ErrInvalidInput)

// factor evaluates one ras factor.
func (ev *evaluator) factor(fc *ras.Factor, f *facts) (float64, error) {
	switch {
	case fc.Domain != "":
		return f.dom[ev.dIndex[fc.Domain]], nil
	case fc.Question != "" && fc.Option != "":
		qi := ev.qIndex[fc.Question]
		if o := f.opt[qi]; o >= 0 && ev.qs[qi].Options[o].ID == fc.Option {
			return 1, nil
		}
		return 0, nil
	case fc.Question != "":
		qi := ev.qIndex[fc.Question]
		if o := f.opt[qi]; o >= 0 {
			return float64(ev.qs[qi].Options[o].Points), nil
		}
		return f.val[qi], nil
	case fc.Settings != nil:
		if slices.Contains(fc.Settings, f.setting) {
			return 1, nil
		}
		return 0, nil
	case fc.Cohorts != nil:
		if slices.Contains(fc.Cohorts, f.cohort) {
			return 1, nil
		}
		return 0, nil
	case fc.AgeMin != nil || fc.AgeMax != nil:
		if !f.ageOK {
			return 0, errNoAge
		}
		if (fc.AgeMin == nil || f.age >= *fc.AgeMin) && (fc.AgeMax == nil || f.age <= *fc.AgeMax) {
			return 1, nil
		}
		return 0, nil
	}
	switch fc.Variable {
	case ras.VariableAge:
		if !f.ageOK {
			return 0, errNoAge
		}
		return float64(f.age), nil
	case ras.VariableTotalPoints:
		return f.total, nil
	case ras.VariableInformalHours:
		return f.informal, nil
	}
	return 0, invalidf("unknown factor variable %q", fc.Variable)
}

// row evaluates every column for one assessment.
func (ev *evaluator) row(cols []Column, f *facts, dst []float64) error {
	for j := range cols {
		c := &cols[j]
		if len(c.Terms) == 0 {
			dst[j] = 1
			continue
		}
		var s float64
		for t := range c.Terms {
			x := 1.0
			for k := range c.Terms[t].Factors {
				v, err := ev.factor(&c.Terms[t].Factors[k], f)
				if err != nil {
					return fmt.Errorf("column %q: %w", c.Name, err)
				}
				x *= v
			}
			s += c.Terms[t].Scale * x
		}
		dst[j] = s
	}
	return nil
}

func single(fs ...ras.Factor) []ColumnTerm { return []ColumnTerm{{Scale: 1, Factors: fs}} }

// columns builds the column recipes of spec, with levels observed in rows.
func (ev *evaluator) columns(spec DesignSpec, rows []facts) ([]Column, error) {
	var cols []Column
	groups := map[string][]Column{} // variable → its indicator columns
	if !spec.NoIntercept {
		cols = append(cols, Column{Name: InterceptName})
	}
	doms := slices.Clone(spec.Domains)
	if spec.AllDomains {
		for _, d := range ev.m.Domains {
			if !slices.Contains(doms, d.ID) {
				doms = append(doms, d.ID)
			}
		}
	}
	for _, id := range doms {
		if _, ok := ev.dIndex[id]; !ok {
			return nil, invalidf("unknown domain %q in model %s", id, ev.m.ID)
		}
		cols = append(cols, Column{Name: id, Terms: single(ras.Factor{Domain: id})})
	}
	if spec.TotalPoints {
		cols = append(cols, Column{Name: "total_points", Terms: single(ras.Factor{Variable: ras.VariableTotalPoints})})
	}
	for _, it := range spec.Items {
		qi, ok := ev.qIndex[it.Question]
		if !ok {
			return nil, invalidf("unknown question %q in model %s", it.Question, ev.m.ID)
		}
		q := ev.qs[qi]
		if it.Score || q.Type == ras.QuestionNumber {
			cols = append(cols, Column{Name: q.ID, Terms: single(ras.Factor{Question: q.ID})})
			continue
		}
		if !slices.ContainsFunc(q.Options, func(o ras.Option) bool { return o.ID == it.Reference }) {
			return nil, invalidf("item %q: reference level %q is not one of its options (an explicit reference option is required)", q.ID, it.Reference)
		}
		seen := make([]bool, len(q.Options))
		for i := range rows {
			if o := rows[i].opt[qi]; o >= 0 {
				seen[o] = true
			}
		}
		if it.Cumulative {
			order := make([]int, len(q.Options))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int { return q.Options[a].Points - q.Options[b].Points })
			refPts := q.Options[slices.IndexFunc(q.Options, func(o ras.Option) bool { return o.ID == it.Reference })].Points
			if refPts != q.Options[order[0]].Points {
				return nil, invalidf("item %q: a cumulative item's reference must have the fewest points, as %q has", q.ID, q.Options[order[0]].ID)
			}
			ref := slices.IndexFunc(order, func(k int) bool { return q.Options[k].ID == it.Reference })
			order = append(order[:ref:ref], order[ref+1:]...)
			var g []Column
			for k, oi := range order {
				if !slices.ContainsFunc(order[k:], func(o int) bool { return seen[o] }) {
					break // no one at or above this level
				}
				var terms []ColumnTerm
				for _, oj := range order[k:] {
					terms = append(terms, ColumnTerm{Scale: 1, Factors: []ras.Factor{{Question: q.ID, Option: q.Options[oj].ID}}})
				}
				g = append(g, Column{Name: q.ID + ">=" + q.Options[oi].ID, Terms: terms})
			}
			groups[q.ID] = g
			cols = append(cols, g...)
			continue
		}
		var g []Column
		for oi, o := range q.Options {
			if o.ID == it.Reference || !seen[oi] {
				continue
			}
			g = append(g, Column{Name: q.ID + "=" + o.ID, Terms: single(ras.Factor{Question: q.ID, Option: o.ID})})
		}
		groups[q.ID] = g
		cols = append(cols, g...)
	}
	if spec.Age {
		cols = append(cols, Column{Name: "age", Terms: single(ras.Factor{Variable: ras.VariableAge})})
	}
	for _, k := range spec.AgeOver {
		// max(age − k, 0) for whole years: age·1[age ≥ k+1] − k·1[age ≥ k+1].
		lo := k + 1
		cols = append(cols, Column{Name: "age_over_" + strconv.Itoa(k), Terms: []ColumnTerm{
			{Scale: 1, Factors: []ras.Factor{{Variable: ras.VariableAge}, {AgeMin: &lo}}},
			{Scale: -float64(k), Factors: []ras.Factor{{AgeMin: &lo}}},
		}})
	}
	if s := spec.AgeBands; s != nil {
		labels := s.Labels()
		seen := make([]bool, len(labels))
		for i := range rows {
			seen[s.band(rows[i].age)] = true
		}
		var g []Column
		for k, l := range labels {
			if l == s.Reference || !seen[k] {
				continue
			}
			g = append(g, Column{Name: "age_band=" + l, Terms: single(s.factor(k))})
		}
		groups["age_band"] = g
		cols = append(cols, g...)
	}
	if spec.InformalHours {
		cols = append(cols, Column{Name: "informal_hours", Terms: single(ras.Factor{Variable: ras.VariableInformalHours})})
	}
	if s := spec.Settings; s != nil {
		known := make([]string, 0, 5)
		for _, l := range ras.LivingSettings() {
			known = append(known, string(l))
		}
		levels, err := levelsOf("living_setting", s, known, func(i int) string { return string(rows[i].setting) }, len(rows))
		if err != nil {
			return nil, err
		}
		var g []Column
		for _, l := range levels {
			g = append(g, Column{Name: "living_setting=" + l, Terms: single(ras.Factor{Settings: []ras.LivingSetting{ras.LivingSetting(l)}})})
		}
		groups["living_setting"] = g
		cols = append(cols, g...)
	}
	if s := spec.Cohorts; s != nil {
		known := make([]string, 0, 4)
		for _, c := range ras.Cohorts() {
			known = append(known, string(c))
		}
		levels, err := levelsOf("cohort", s, known, func(i int) string { return string(rows[i].cohort) }, len(rows))
		if err != nil {
			return nil, err
		}
		var g []Column
		for _, l := range levels {
			g = append(g, Column{Name: "cohort=" + l, Terms: single(ras.Factor{Cohorts: []ras.Cohort{ras.Cohort(l)}})})
		}
		groups["cohort"] = g
		cols = append(cols, g...)
	}
	base := len(cols)
	for _, in := range spec.Interactions {
		side := func(s string) ([]Column, error) {
			if g, ok := groups[s]; ok {
				return g, nil
			}
			for _, c := range cols[:base] {
				if c.Name == s {
					return []Column{c}, nil
				}
			}
			return nil, invalidf("interaction %s:%s: %q is neither a column nor a variable of the design", in[0], in[1], s)
		}
		l, err := side(in[0])
		if err != nil {
			return nil, err
		}
		r, err := side(in[1])
		if err != nil {
			return nil, err
		}
		for _, a := range l {
			for _, b := range r {
				if len(a.Terms) == 0 || len(b.Terms) == 0 {
					return nil, invalidf("interaction with the intercept")
				}
				var terms []ColumnTerm
				for _, ta := range a.Terms {
					for _, tb := range b.Terms {
						fs := append(slices.Clone(ta.Factors), tb.Factors...)
						terms = append(terms, ColumnTerm{Scale: ta.Scale * tb.Scale, Factors: fs})
					}
				}
				cols = append(cols, Column{Name: a.Name + ":" + b.Name, Terms: terms})
			}
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%w: the spec gives no columns", ErrEmpty)
	}
	seen := map[string]bool{}
	for _, c := range cols {
		if seen[c.Name] {
			return nil, invalidf("two design columns are named %q", c.Name)
		}
		seen[c.Name] = true
	}
	return cols, nil
}

func levelsOf(what string, s *LevelSpec, known []string, at func(int) string, n int) ([]string, error) {
	if !slices.Contains(known, s.Reference) {
		return nil, invalidf("%s: reference level %q is not one of %s (an explicit reference is required)", what, s.Reference, quoteList(known))
	}
	if s.Levels != nil {
		for _, l := range s.Levels {
			if !slices.Contains(known, l) {
				return nil, invalidf("%s: unknown level %q", what, l)
			}
			if l == s.Reference {
				return nil, invalidf("%s: level %q is the reference", what, l)
			}
		}
		return slices.Clone(s.Levels), nil
	}
	present := map[string]bool{}
	for i := 0; i < n; i++ {
		present[at(i)] = true
	}
	var out []string
	for _, l := range known {
		if l != s.Reference && present[l] {
			out = append(out, l)
		}
	}
	return out, nil
}
