package calibrate

import (
	"fmt"
	"iter"
	"math"

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
	// response; decide inclusion.
	type rowInfo struct {
		y    float64
		fact facts
	}
	var rows []rowInfo
	var slab factSlab
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
						stop = &AssessmentError{Index: i, ID: a.ID, Err: &DataError{Row: len(rows), Column: out.responseName(), Value: y, Err: ErrNonFinite}}
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
				}
				rows = append(rows, rowInfo{y: y, fact: f})
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
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no assessments left to build a design from (%d excluded)", ErrEmpty, len(out.Excluded))
	}

	// Pass 2: the columns (levels observed among the included rows).
	all := make([]facts, len(rows))
	for i := range rows {
		all[i] = rows[i].fact
	}
	cols, err := ev.columns(spec, all)
	if err != nil {
		return nil, err
	}
	out.Columns = cols

	// Pass 3: the values.
	n, p := len(rows), len(cols)
	data := make([]float64, n*p)
	y := make([]float64, n)
	for i := range rows {
		y[i] = rows[i].y
		if err := ev.row(cols, &rows[i].fact, data[i*p:(i+1)*p]); err != nil {
			return nil, &AssessmentError{Index: out.Index[i], ID: out.IDs[i], Err: err}
		}
	}
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
