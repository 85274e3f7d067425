package calibrate

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestDoubleDouble checks the double-double operations against 300-bit
// arithmetic on random operands of mixed signs and magnitudes: every
// result within its stated relative error (2⁻¹⁰⁴ per operation, a few
// units more for division and the square root; the dot product within
// n²·2⁻¹⁰⁶·Σ|xᵢyᵢ|).
func TestDoubleDouble(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const prec = 300
	big2 := func(x dd) *big.Float {
		a := new(big.Float).SetPrec(prec).SetFloat64(x.hi)
		return a.Add(a, new(big.Float).SetPrec(prec).SetFloat64(x.lo))
	}
	rnd := func() dd {
		hi := (r.Float64()*2 - 1) * math.Ldexp(1, r.IntN(80)-40)
		lo := hi * (r.Float64()*2 - 1) * 0x1p-54
		s, e := fastTwoSum(hi, lo)
		return dd{s, e}
	}
	relErr := func(got dd, want *big.Float) float64 {
		g := big2(got)
		d := new(big.Float).SetPrec(prec).Sub(g, want)
		if want.Sign() == 0 {
			v, _ := d.Float64()
			return math.Abs(v)
		}
		d.Quo(d, want)
		v, _ := d.Float64()
		return math.Abs(v)
	}
	check := func(name string, got dd, want *big.Float, bound float64) {
		t.Helper()
		if e := relErr(got, want); !(e <= bound) {
			t.Errorf("%s: relative error %.3g > %.3g", name, e, bound)
		}
		if s, e := fastTwoSum(got.hi, got.lo); s != got.hi || e != got.lo {
			t.Errorf("%s: result (%v, %v) is not normalised", name, got.hi, got.lo)
		}
	}
	const u = 0x1p-104
	for range 20000 {
		x, y := rnd(), rnd()
		bx, by := big2(x), big2(y)
		check("add", x.add(y), new(big.Float).SetPrec(prec).Add(bx, by), 3*u)
		check("sub", x.sub(y), new(big.Float).SetPrec(prec).Sub(bx, by), 3*u)
		check("mul", x.mul(y), new(big.Float).SetPrec(prec).Mul(bx, by), 4*u)
		check("mulF", x.mulF(y.hi), new(big.Float).SetPrec(prec).Mul(bx, new(big.Float).SetFloat64(y.hi)), 3*u)
		check("div", x.div(y), new(big.Float).SetPrec(prec).Quo(bx, by), 8*u)
		ax := x
		if ax.hi < 0 {
			ax = ax.neg()
		}
		check("sqrt", ax.sqrt(), new(big.Float).SetPrec(prec).Sqrt(big2(ax)), 6*u)
		if x.scale(7) != (dd{x.hi * 128, x.lo * 128}) {
			t.Errorf("scale: got %v", x.scale(7))
		}
	}
	// Sums with cancellation: the absolute error is relative to Σ|terms|.
	for _, n := range []int{1, 10, 1000} {
		xs, ys := make([]dd, n), make([]dd, n)
		want := new(big.Float).SetPrec(prec)
		abs := new(big.Float).SetPrec(prec)
		for i := range xs {
			xs[i], ys[i] = rnd(), rnd()
			p := new(big.Float).SetPrec(prec).Mul(big2(xs[i]), big2(ys[i]))
			want.Add(want, p)
			abs.Add(abs, p.Abs(p))
		}
		got := ddDot(xs, ys)
		d := new(big.Float).SetPrec(prec).Sub(big2(got), want)
		d.Quo(d.Abs(d), abs)
		if e, _ := d.Float64(); e > float64(n*n+4)*0x1p-106 {
			t.Errorf("ddDot n %d: error %.3g of Σ|xy|", n, e)
		}
		// axpy: y_i + t·x_i for each i.
		tt := rnd()
		yc := append([]dd(nil), ys...)
		ddAxpy(tt, xs, yc)
		for i := range xs {
			p := new(big.Float).SetPrec(prec).Mul(big2(tt), big2(xs[i]))
			w := new(big.Float).SetPrec(prec).Add(big2(ys[i]), p)
			scale := new(big.Float).SetPrec(prec).Add(new(big.Float).Abs(big2(ys[i])), p.Abs(p))
			d := new(big.Float).SetPrec(prec).Sub(big2(yc[i]), w)
			d.Quo(d.Abs(d), scale)
			if e, _ := d.Float64(); e > 4*u {
				t.Errorf("ddAxpy n %d i %d: error %.3g of |y|+|tx|", n, i, e)
			}
		}
	}
	if v := (dd{}).sqrt(); v != (dd{}) {
		t.Errorf("sqrt(0) = %v", v)
	}
}
