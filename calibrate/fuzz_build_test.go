package calibrate

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// FuzzBuildDesign builds designs from random specs over mutated
// assessments: no panic, and every failure is one of the package's errors.
func FuzzBuildDesign(f *testing.F) {
	f.Add(uint16(0xffff), int8(70), "some", "lots", 3.5, int8(2))
	f.Add(uint16(0), int8(-1), "", "x", math.NaN(), int8(0))
	f.Add(uint16(0x0f0f), int8(120), "all", "none", -4.0, int8(1))
	f.Fuzz(func(t *testing.T, flags uint16, age int8, wash, clean string, hours float64, costs int8) {
		m, as := tinyData(t)
		as = slices.Clone(as)
		a := int(age)
		as[0].Person.Age = &a
		as[1].Answers = ras.Answers{{Question: "wash", Option: wash}, {Question: "clean", Option: clean}}
		if flags&1 != 0 {
			as[2].InformalHelp = []ras.InformalHelp{{Helper: "x", Activity: "y", HoursPerWeek: hours}}
		}
		if flags&2 != 0 {
			if !math.IsNaN(hours) && !math.IsInf(hours, 0) {
				c := decimal.NewFromFloat(math.Mod(math.Abs(hours), 1e6))
				as[4].PlannedWeekly = &c
			}
		}
		spec := DesignSpec{
			NoIntercept:   flags&4 != 0,
			AllDomains:    flags&8 != 0,
			TotalPoints:   flags&16 != 0,
			Age:           flags&32 != 0,
			InformalHours: flags&64 != 0,
			Costs:         CostPolicy(costs % 4),
			SkipInvalid:   flags&128 != 0,
		}
		if flags&256 != 0 {
			spec.Items = []ItemSpec{{Question: "wash", Reference: wash, Cumulative: flags&512 != 0}}
		}
		if flags&1024 != 0 {
			spec.AgeBands = &AgeBandSpec{Cuts: []int{int(age)}, Reference: clean}
		}
		if flags&2048 != 0 {
			spec.Settings = &LevelSpec{Reference: clean}
		}
		if flags&4096 != 0 {
			spec.Interactions = [][2]string{{wash, clean}}
		}
		if flags&8192 != 0 {
			spec.AgeOver = []int{int(age)}
		}
		d, err := BuildDesign(m, as, spec)
		if err != nil {
			known := []error{ErrInvalidInput, ErrEmpty, ErrNoCost, ErrNonFinite, ras.ErrInvalidModel, ras.ErrInvalidAnswer, ras.ErrMissingAnswer, ras.ErrInvalidAssessment}
			if !slices.ContainsFunc(known, func(k error) bool { return errors.Is(err, k) }) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if n, _ := d.Design.Dims(); n != len(d.IDs) || n+len(d.Excluded) > len(as) {
			t.Fatalf("%d rows, %d ids, %d excluded of %d", n, len(d.IDs), len(d.Excluded), len(as))
		}
	})
}
