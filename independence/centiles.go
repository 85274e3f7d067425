package independence

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// AgeBand is a half-open age interval [Min, Max) in years.
type AgeBand struct {
	Label    string
	Min, Max float64
}

// YearBands returns consecutive bands of the given width from from up to
// to, labelled "a–b" in years ("0–2", "2–4", …). The last band ends at or
// beyond to.
func YearBands(from, to, width float64) ([]AgeBand, error) {
	if !finite(from) || !finite(to) || !finite(width) || width <= 0 || to <= from || (to-from)/width > 1e6 {
		return nil, fmt.Errorf("independence: YearBands(%v, %v, %v): need from < to and width > 0: %w", from, to, width, ErrInvalidOptions)
	}
	var out []AgeBand
	for a := from; a < to; a += width {
		b := a + width
		out = append(out, AgeBand{Label: fmtF(a) + "–" + fmtF(b), Min: a, Max: b})
	}
	return out, nil
}

func validateBands(bands []AgeBand) error {
	if len(bands) == 0 {
		return fmt.Errorf("independence: no age bands: %w", ErrInvalidOptions)
	}
	var errs []error
	for i, b := range bands {
		p := "bands[" + strconv.Itoa(i) + "]"
		if !finite(b.Min) || !finite(b.Max) || b.Min >= b.Max {
			errs = append(errs, &FieldError{Path: p, Msg: fmt.Sprintf("need finite min < max, got [%v, %v)", b.Min, b.Max), Err: ErrInvalidOptions})
			continue
		}
		if i > 0 && b.Min < bands[i-1].Max {
			errs = append(errs, &FieldError{Path: p + ".min", Msg: fmt.Sprintf("bands must be sorted and must not overlap: %v < previous max %v", b.Min, bands[i-1].Max), Err: ErrInvalidOptions})
		}
	}
	return errors.Join(errs...)
}

// bandOf returns the index of the band holding age, or -1. bands are
// validated (sorted, non-overlapping).
func bandOf(bands []AgeBand, age float64) int {
	// Last band with Min <= age.
	i, j := 0, len(bands)
	for i < j {
		h := int(uint(i+j) >> 1)
		if bands[h].Min <= age {
			i = h + 1
		} else {
			j = h
		}
	}
	i--
	if i >= 0 && age < bands[i].Max {
		return i
	}
	return -1
}

// DefaultCentileProbs are the probabilities used when
// CentileOptions.Probs is empty: the 3rd, 10th, 25th, 50th, 75th, 90th and
// 97th centiles.
var defaultCentileProbs = []float64{0.03, 0.10, 0.25, 0.50, 0.75, 0.90, 0.97}

// DefaultCentileProbs returns the default probabilities (a copy).
func DefaultCentileProbs() []float64 { return slices.Clone(defaultCentileProbs) }

// CentileOptions are the options of AgeBandCentiles. The zero value means
// the defaults.
type CentileOptions struct {
	// Probs are the probabilities (0 ≤ p ≤ 1) of the centiles to report.
	// Default DefaultCentileProbs().
	Probs []float64
	// Type is the Hyndman–Fan quantile type, 1…9, as R's quantile(type=).
	// Default 7 (R's default; numpy "linear").
	Type int
}

// BandCentiles holds the empirical centiles of scores in one age band.
type BandCentiles struct {
	Band  AgeBand
	N     int     // number of assessments in the band
	Mean  float64 // NaN when N = 0
	Probs []float64
	// Centiles[k] is the Probs[k] quantile of the band's scores; all NaN
	// when N = 0 (check N).
	Centiles []float64
}

// CentileTable is the result of AgeBandCentiles.
type CentileTable struct {
	Bands   []BandCentiles
	Outside int // assessments whose age falls in no band (not counted in any band)
}

// AgeBandCentiles groups scores by age band and computes the empirical
// centiles of each band. ages are in years, scores[i] belongs to ages[i].
// Bands are half-open [Min, Max), sorted and non-overlapping; ages outside
// every band are counted in Outside. Time is O(n): each band is sorted by
// counting (integer scores within a range of 65,536) or by radix sort.
//
// Errors: ErrLength, ErrInvalidOptions (bad bands, probabilities or type),
// and a *RecordError (ErrInvalidValue) naming the first index whose age or
// score is NaN or infinite.
func AgeBandCentiles(ages, scores []float64, bands []AgeBand, opt CentileOptions) (CentileTable, error) {
	if len(ages) != len(scores) {
		return CentileTable{}, fmt.Errorf("independence: AgeBandCentiles: %d ages, %d scores: %w", len(ages), len(scores), ErrLength)
	}
	if err := validateBands(bands); err != nil {
		return CentileTable{}, err
	}
	probs := opt.Probs
	if len(probs) == 0 {
		probs = defaultCentileProbs
	}
	for k, p := range probs {
		if !(p >= 0 && p <= 1) {
			return CentileTable{}, &FieldError{Path: "probs[" + strconv.Itoa(k) + "]", Msg: fmt.Sprintf("probability %v outside [0, 1]", p), Err: ErrInvalidOptions}
		}
	}
	typ := opt.Type
	if typ == 0 {
		typ = 7
	}
	if typ < 1 || typ > 9 {
		return CentileTable{}, &FieldError{Path: "type", Msg: fmt.Sprintf("quantile type %d outside 1..9", opt.Type), Err: ErrInvalidOptions}
	}
	// Pass 1: band of each assessment and counts.
	nb := len(bands)
	band := make([]int32, len(ages))
	count := make([]int, nb+1)
	outside := 0
	for i, a := range ages {
		if !finite(a) {
			return CentileTable{}, &RecordError{Record: i, Field: "age", Value: fmtF(a), Msg: "must be finite", Err: ErrInvalidValue}
		}
		s := scores[i]
		if !finite(s) {
			return CentileTable{}, &RecordError{Record: i, Field: "score", Value: fmtF(s), Msg: "must be finite", Err: ErrInvalidValue}
		}
		b := bandOf(bands, a)
		if b < 0 {
			outside++
		}
		band[i] = int32(b)
		count[b+1]++ // count[0] collects nothing useful; offsets below
	}
	// Pass 2: scatter scores into one buffer, band by band.
	off := make([]int, nb+1)
	for b := 0; b < nb; b++ {
		off[b+1] = off[b] + count[b+1]
	}
	buf := make([]float64, off[nb])
	pos := slices.Clone(off[:nb])
	for i, b := range band {
		if b >= 0 {
			buf[pos[b]] = scores[i]
			pos[b]++
		}
	}
	out := CentileTable{Bands: make([]BandCentiles, nb), Outside: outside}
	for b := 0; b < nb; b++ {
		seg := buf[off[b]:off[b+1]]
		bc := BandCentiles{Band: bands[b], N: len(seg), Probs: slices.Clone(probs), Centiles: make([]float64, len(probs))}
		if len(seg) == 0 {
			bc.Mean = math.NaN()
			for k := range bc.Centiles {
				bc.Centiles[k] = math.NaN()
			}
			out.Bands[b] = bc
			continue
		}
		sortScores(seg)
		var sum float64
		for _, v := range seg {
			sum += v
		}
		bc.Mean = sum / float64(len(seg))
		for k, p := range probs {
			q, err := quantileOf(seg, p, typ)
			if err != nil {
				return CentileTable{}, err
			}
			bc.Centiles[k] = q
		}
		out.Bands[b] = bc
	}
	return out, nil
}

// ScoreCentiles is AgeBandCentiles over scored assessments, using AgeYears
// and Total.
func ScoreCentiles(scores []Score, bands []AgeBand, opt CentileOptions) (CentileTable, error) {
	ages := make([]float64, len(scores))
	tot := make([]float64, len(scores))
	for i, s := range scores {
		ages[i], tot[i] = s.AgeYears, s.Total
	}
	return AgeBandCentiles(ages, tot, bands, opt)
}

// maxCountingRange bounds the value range for which sortScores uses a
// counting sort.
const maxCountingRange = 1 << 16

// sortScores sorts finite x ascending. Scores from instruments are usually
// small integers with many ties; those are sorted by counting in O(n +
// range), others by slices.Sort.
func sortScores(x []float64) {
	if len(x) < 256 {
		slices.Sort(x)
		return
	}
	lo, hi := x[0], x[0]
	for _, v := range x {
		if v != math.Trunc(v) {
			stats.SortFloats(x)
			return
		}
		lo = min(lo, v)
		hi = max(hi, v)
	}
	if hi-lo >= maxCountingRange {
		stats.SortFloats(x)
		return
	}
	counts := make([]int, int(hi-lo)+1)
	for _, v := range x {
		counts[int(v-lo)]++
	}
	k := 0
	for j, c := range counts {
		v := lo + float64(j)
		if v == 0 {
			v = 0 // normalise −0 to +0
		}
		for ; c > 0; c-- {
			x[k] = v
			k++
		}
	}
}
