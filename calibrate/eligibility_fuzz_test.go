package calibrate

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// FuzzEligibilityMetrics feeds arbitrary outcomes and scores to the
// accuracy measures: they must return an error or results that hold
// together (AUC and bounds in [0, 1], counts that add up, group sizes that
// differ by at most one), and never panic.
func FuzzEligibilityMetrics(f *testing.F) {
	f.Add([]byte{1, 200, 0, 50, 1, 120, 0, 120, 0, 3}, uint8(3), 0.5)
	f.Add([]byte{1, 0, 0, 0}, uint8(1), 0.0)
	f.Add([]byte{}, uint8(10), math.NaN())
	f.Add([]byte{2, 10, 1, 255, 0, 255, 1, 0}, uint8(2), math.Inf(1))
	f.Fuzz(func(t *testing.T, data []byte, groups uint8, thr float64) {
		var y, p []float64
		for len(data) >= 2 {
			y = append(y, float64(data[0]%3)) // 2 is an invalid outcome
			p = append(p, float64(data[1])/255)
			data = data[2:]
		}
		if len(data) == 1 && len(p) > 0 {
			p[0] = math.Float64frombits(binary.LittleEndian.Uint64(append([]byte{data[0]}, make([]byte, 7)...)))
		}
		if r, err := AUCInterval(y, p, AUCOptions{}); err == nil {
			if !(r.AUC >= 0 && r.AUC <= 1) || r.N1+r.N0 != len(y) {
				t.Fatalf("AUC %+v for %d cases", r, len(y))
			}
			if !math.IsNaN(r.SE) && !(r.Lower >= 0 && r.Lower <= r.AUC && r.AUC <= r.Upper && r.Upper <= 1) {
				t.Fatalf("interval %+v", r)
			}
		}
		if tab, err := CalibrationTable(y, p, int(groups)); err == nil {
			n, lo, hi := 0, len(y), 0
			for _, g := range tab {
				n += g.N
				lo, hi = min(lo, g.N), max(hi, g.N)
				if g.Events > g.N || g.MinPredicted > g.MaxPredicted {
					t.Fatalf("group %+v", g)
				}
			}
			if n != len(y) || hi-lo > 1 {
				t.Fatalf("groups of %d..%d cases, %d in all, want %d", lo, hi, n, len(y))
			}
		}
		if m, err := AtThreshold(y, p, thr); err == nil {
			if m.TP+m.FP+m.TN+m.FN != len(y) {
				t.Fatalf("threshold %v: %+v for %d cases", thr, m, len(y))
			}
		} else if !math.IsNaN(thr) && !errors.Is(err, ErrDomain) && !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrNonFinite) && !errors.Is(err, ErrLength) {
			t.Fatalf("unexpected error %v", err)
		}
		_, _ = CalibrationSlope(y, p)
		_, _ = EvaluateProbabilities(y, p, AccuracyOptions{Groups: int(groups)})
	})
}
