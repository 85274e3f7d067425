package calibrate

import (
	"fmt"
	"iter"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Chunks hands over assessments a chunk at a time, for the builders and
// workflows that need not hold a whole caseload as ras.Assessment values
// (BuildDesignFrom, FitEligibilityFrom, CostNeutralFrom). A chunk need stay
// valid only until the next is asked for, so the caller can decode each
// chunk from a compact store, or read it from a file, into the same
// storage; the functions keep no slice of an assessment (they may keep its
// strings: ids, localities). Positions count across the chunks as if they
// were one slice. Where a function ranges over the chunks more than once it
// says so, and the sequence must then give the same assessments each time.
type Chunks = iter.Seq[[]ras.Assessment]

// ChunksOf returns as as one chunk.
func ChunksOf(as []ras.Assessment) Chunks {
	return func(yield func([]ras.Assessment) bool) {
		if len(as) > 0 {
			yield(as)
		}
	}
}

// BuildDesignFrom is BuildDesign over assessments given a chunk at a time
// (see Chunks; it ranges over them once): the result, and any error, are
// BuildDesign's on the chunks put together. Its memory is that of the
// design and of one chunk, not of every assessment: about 0.5 KB a row
// while building (the resolved answers) against the 2 KB or more of a
// ras.Assessment.
func BuildDesignFrom(m *ras.Model, chunks Chunks, spec DesignSpec) (*AssessmentDesign, error) {
	if m == nil {
		return nil, invalidf("nil model")
	}
	mc, err := copyModel(m)
	if err != nil {
		return nil, err
	}
	eng, err := ras.Compile(mc)
	if err != nil {
		return nil, fmt.Errorf("calibrate: source model: %w", err)
	}
	if spec.Costs < CostsError || spec.Costs > CostsTwoPart {
		return nil, invalidf("unknown cost policy %d", spec.Costs)
	}
	if spec.Response != nil && spec.Costs == CostsTwoPart {
		return nil, invalidf("CostsTwoPart applies only to the planned cost response")
	}
	if spec.AgeBands != nil {
		if err := spec.AgeBands.validate(); err != nil {
			return nil, err
		}
	}
	ev := newEvaluator(mc)
	out := &AssessmentDesign{Spec: spec, model: mc, ev: ev}

	// Pass 1 (the only one over the assessments): score, resolve, take the
	// response; decide inclusion. The facts of each row are kept compactly
	// (see rowFacts); the columns are chosen from the rows that show a
	// level first (the columns depend only on which levels occur).
	nq, nd := len(ev.qs), len(mc.Domains)
	rf := newRowFacts(ev, nd)
	var reps []facts
	seen := newLevelsSeen(ev, spec)
	ints, floats := make([]int32, nq), make([]float64, nq+nd)
	var slab factSlab
	var ys []float64
	var zeroIDs, missIDs []string
	var res ras.Result
	needAge := spec.Age || len(spec.AgeOver) > 0 || spec.AgeBands != nil
	base := 0
	var stop error
	if chunks != nil {
		for as := range chunks {
			for k := range as {
				i := base + k
				a := &as[k]
				reject := func(err error) error {
					if spec.SkipInvalid {
						out.Excluded = append(out.Excluded, Exclusion{Index: i, ID: a.ID, Reason: err.Error()})
						return nil
					}
					return &AssessmentError{Index: i, ID: a.ID, Err: err}
				}
				if err := eng.AssessInto(a, &res, ras.AssessOptions{}); err != nil {
					if stop = reject(err); stop != nil {
						break
					}
					continue
				}
				clear(ints)
				clear(floats)
				slab.ints, slab.floats = ints, floats
				f := ev.resolve(a, &res, &slab)
				if needAge && !f.ageOK {
					if stop = reject(fmt.Errorf("%w: no age or date of birth, which the design needs", ErrInvalidInput)); stop != nil {
						break
					}
					continue
				}
				var y float64
				ok := true
				if spec.Response != nil {
					y, ok = spec.Response(a)
					if ok && (math.IsNaN(y) || math.IsInf(y, 0)) {
						stop = &AssessmentError{Index: i, ID: a.ID, Err: &DataError{Row: len(ys), Column: out.responseName(), Value: y, Err: ErrNonFinite}}
						break
					}
					if !ok {
						missIDs = append(missIDs, a.ID)
						if spec.Costs != CostsError {
							out.Excluded = append(out.Excluded, Exclusion{Index: i, ID: a.ID, Reason: "no response"})
						}
						continue
					}
				} else {
					switch {
					case a.PlannedWeekly == nil:
						missIDs = append(missIDs, a.ID)
						if spec.Costs != CostsError {
							out.Excluded = append(out.Excluded, Exclusion{Index: i, ID: a.ID, Reason: "no planned cost"})
						}
						continue
					case a.PlannedWeekly.IsZero() && spec.Costs != CostsTwoPart:
						zeroIDs = append(zeroIDs, a.ID)
						if spec.Costs == CostsExclude {
							out.Excluded = append(out.Excluded, Exclusion{Index: i, ID: a.ID, Reason: "zero planned cost"})
						}
						continue
					}
					y = a.PlannedWeekly.InexactFloat64()
					var bad error
					switch {
					case a.PlannedWeekly.IsNegative():
						bad = fmt.Errorf("%w: planned weekly cost %s is negative", ErrDomain, a.PlannedWeekly.String())
					case math.IsInf(y, 0):
						bad = &DataError{Row: len(ys), Column: out.responseName(), Value: y,
							Err: fmt.Errorf("%w: planned weekly cost beyond the range of a float64", ErrNonFinite)}
					}
					if bad != nil {
						if stop = reject(bad); stop != nil {
							break
						}
						continue
					}
				}
				ys = append(ys, y)
				rf.add(&f)
				if seen.add(&f) {
					reps = append(reps, f.clone())
				}
				out.Index = append(out.Index, i)
				out.IDs = append(out.IDs, a.ID)
				out.Cohort = append(out.Cohort, a.Cohort)
				out.Setting = append(out.Setting, a.Person.LivingSetting)
				out.Locality = append(out.Locality, a.Person.Locality)
				out.Date = append(out.Date, a.Date)
				age := -1
				if f.ageOK {
					age = f.age
				}
				out.Age = append(out.Age, age)
				out.TotalPoints = append(out.TotalPoints, f.total)
			}
			if stop != nil {
				break
			}
			base += len(as)
		}
	}
	if stop != nil {
		return nil, stop
	}
	if spec.Costs == CostsError && len(zeroIDs)+len(missIDs) > 0 {
		return nil, &CostError{Zero: zeroIDs, Missing: missIDs, Err: ErrNoCost}
	}
	if len(ys) == 0 {
		return nil, fmt.Errorf("%w: no assessments left to build a design from (%d excluded)", ErrEmpty, len(out.Excluded))
	}

	// Pass 2: the columns (levels observed among the included rows).
	cols, err := ev.columns(spec, reps)
	if err != nil {
		return nil, err
	}
	out.Columns = cols

	// Pass 3: the values.
	n, p := len(ys), len(cols)
	data := make([]float64, n*p)
	f := facts{opt: ints, val: floats[:nq], dom: floats[nq:]}
	for i := range n {
		rf.at(i, &f)
		if err := ev.row(cols, &f, data[i*p:(i+1)*p]); err != nil {
			return nil, &AssessmentError{Index: out.Index[i], ID: out.IDs[i], Err: err}
		}
		if (i+1)%factBlock == 0 {
			rf.blocks[i/factBlock] = nil // written: its memory can go
		}
	}
	// The per-row slices grew by appending: keep them at their length.
	y := slices.Clone(ys)
	out.Index, out.IDs, out.Cohort, out.Setting = slices.Clone(out.Index), slices.Clone(out.IDs), slices.Clone(out.Cohort), slices.Clone(out.Setting)
	out.Locality, out.Date, out.Age, out.TotalPoints = slices.Clone(out.Locality), slices.Clone(out.Date), slices.Clone(out.Age), slices.Clone(out.TotalPoints)
	names := make([]string, p)
	for j, c := range cols {
		names[j] = c.Name
	}
	out.Design = &Design{Names: names, X: mat.NewDense(n, p, data), Y: y, Response: out.responseName()}
	if err := out.Design.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}

// rowFacts holds the facts of a design's rows compactly, in blocks of
// factBlock rows (no copying as it grows, and a block can be dropped once
// its rows are written): per row the chosen options (int16 when every
// question has fewer than 32,767 options), the number questions' values
// only, the domain points and the rest, about 190 bytes a row for a
// 35-question model where facts with their own slices take about 650.
type rowFacts struct {
	nq, nd, n int
	numQ      []int // indices of the number questions
	wide      bool  // options stored as int32
	blocks    []*factRows
	// Living settings and cohorts by code.
	settings    []ras.LivingSetting
	cohorts     []ras.Cohort
	settingCode map[ras.LivingSetting]uint32
	cohortCode  map[ras.Cohort]uint32
}

const factBlock = 4096

type factRows struct {
	opt16           []int16
	opt32           []int32
	val, dom        []float64
	total, informal []float64
	age             []int
	ageOK           []bool
	setting, cohort []uint32
}

func newRowFacts(ev *evaluator, nd int) *rowFacts {
	rf := &rowFacts{nq: len(ev.qs), nd: nd, settingCode: map[ras.LivingSetting]uint32{}, cohortCode: map[ras.Cohort]uint32{}}
	for qi, q := range ev.qs {
		if q.Type == ras.QuestionNumber {
			rf.numQ = append(rf.numQ, qi)
		}
		if len(q.Options) >= math.MaxInt16 {
			rf.wide = true
		}
	}
	return rf
}

// code returns the code of v in m, adding it to list if new.
func code[T comparable](m map[T]uint32, list *[]T, v T) uint32 {
	c, ok := m[v]
	if !ok {
		c = uint32(len(*list))
		m[v] = c
		*list = append(*list, v)
	}
	return c
}

func (rf *rowFacts) add(f *facts) {
	if rf.n%factBlock == 0 {
		rf.blocks = append(rf.blocks, &factRows{})
	}
	b := rf.blocks[len(rf.blocks)-1]
	if rf.wide {
		b.opt32 = append(b.opt32, f.opt...)
	} else {
		for _, o := range f.opt {
			b.opt16 = append(b.opt16, int16(o))
		}
	}
	for _, qi := range rf.numQ {
		b.val = append(b.val, f.val[qi])
	}
	b.dom = append(b.dom, f.dom...)
	b.total = append(b.total, f.total)
	b.informal = append(b.informal, f.informal)
	b.age = append(b.age, f.age)
	b.ageOK = append(b.ageOK, f.ageOK)
	b.setting = append(b.setting, code(rf.settingCode, &rf.settings, f.setting))
	b.cohort = append(b.cohort, code(rf.cohortCode, &rf.cohorts, f.cohort))
	rf.n++
}

// at writes row i's facts into f, whose slices have the model's lengths.
// Choice questions' values are 0, as resolve leaves them.
func (rf *rowFacts) at(i int, f *facts) {
	b, k := rf.blocks[i/factBlock], i%factBlock
	if rf.wide {
		copy(f.opt, b.opt32[k*rf.nq:(k+1)*rf.nq])
	} else {
		for qi, o := range b.opt16[k*rf.nq : (k+1)*rf.nq] {
			f.opt[qi] = int32(o)
		}
	}
	clear(f.val)
	for j, qi := range rf.numQ {
		f.val[qi] = b.val[k*len(rf.numQ)+j]
	}
	copy(f.dom, b.dom[k*rf.nd:(k+1)*rf.nd])
	f.total, f.informal, f.age, f.ageOK = b.total[k], b.informal[k], b.age[k], b.ageOK[k]
	f.setting, f.cohort = rf.settings[b.setting[k]], rf.cohorts[b.cohort[k]]
}

// clone returns f with slices of its own.
func (f facts) clone() facts {
	f.opt, f.val, f.dom = slices.Clone(f.opt), slices.Clone(f.val), slices.Clone(f.dom)
	return f
}

// levelsSeen records the levels the columns depend on (see
// evaluator.columns): the options chosen per question, the age bands, the
// living settings and the cohorts.
type levelsSeen struct {
	bands    *AgeBandSpec
	opts     [][]bool // per question, per option
	band     map[int]bool
	settings map[ras.LivingSetting]bool
	cohorts  map[ras.Cohort]bool
}

func newLevelsSeen(ev *evaluator, spec DesignSpec) *levelsSeen {
	s := &levelsSeen{bands: spec.AgeBands, opts: make([][]bool, len(ev.qs)), band: map[int]bool{},
		settings: map[ras.LivingSetting]bool{}, cohorts: map[ras.Cohort]bool{}}
	for qi, q := range ev.qs {
		s.opts[qi] = make([]bool, len(q.Options))
	}
	return s
}

// add records the levels of a row and reports whether any was new.
func (s *levelsSeen) add(f *facts) bool {
	isNew := false
	for qi, o := range f.opt {
		if o >= 0 && !s.opts[qi][o] {
			s.opts[qi][o] = true
			isNew = true
		}
	}
	if s.bands != nil {
		if b := s.bands.band(f.age); !s.band[b] {
			s.band[b] = true
			isNew = true
		}
	}
	if !s.settings[f.setting] {
		s.settings[f.setting] = true
		isNew = true
	}
	if !s.cohorts[f.cohort] {
		s.cohorts[f.cohort] = true
		isNew = true
	}
	return isNew
}
