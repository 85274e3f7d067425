package calibrate

import "math"

// dd is a double-double number hi + lo with |lo| ≤ ulp(hi)/2: about 106
// bits of significand (relative rounding error 2⁻¹⁰⁴ ≈ 4.9e-32 per
// operation) and the exponent range of float64. The operations are the
// classical error-free transformations (Dekker 1971; Knuth's TwoSum; the
// product error from a fused multiply-add), as analysed in Joldes, Muller
// and Popescu, "Tight and rigorous error bounds for basic building blocks of
// double-word arithmetic", ACM TOMS 44 (2017). They are used where a
// least-squares fit needs more than double precision (see qraccurate.go);
// nothing here is exported.
type dd struct{ hi, lo float64 }

// twoSum returns s = fl(a+b) and the exact error a + b − s.
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

// fastTwoSum is twoSum for |a| ≥ |b| (or a = 0).
func fastTwoSum(a, b float64) (s, e float64) {
	s = a + b
	e = b - (s - a)
	return s, e
}

// twoProd returns p = fl(a·b) and the exact error a·b − p (barring
// underflow).
func twoProd(a, b float64) (p, e float64) {
	p = a * b
	e = math.FMA(a, b, -p)
	return p, e
}

func ddFrom(a float64) dd { return dd{a, 0} }

// ddProd returns the exact product of two float64 as a dd.
func ddProd(a, b float64) dd {
	p, e := twoProd(a, b)
	return dd{p, e}
}

func (x dd) add(y dd) dd {
	s, e := twoSum(x.hi, y.hi)
	t, f := twoSum(x.lo, y.lo)
	e += t
	s, e = fastTwoSum(s, e)
	e += f
	s, e = fastTwoSum(s, e)
	return dd{s, e}
}

func (x dd) sub(y dd) dd { return x.add(dd{-y.hi, -y.lo}) }

func (x dd) neg() dd { return dd{-x.hi, -x.lo} }

func (x dd) mul(y dd) dd {
	p, e := twoProd(x.hi, y.hi)
	e += x.hi*y.lo + x.lo*y.hi
	p, e = fastTwoSum(p, e)
	return dd{p, e}
}

// mulF multiplies by a float64.
func (x dd) mulF(b float64) dd {
	p, e := twoProd(x.hi, b)
	e = math.FMA(x.lo, b, e)
	p, e = fastTwoSum(p, e)
	return dd{p, e}
}

// scale multiplies by 2^k exactly (barring overflow and underflow).
func (x dd) scale(k int) dd { return dd{math.Ldexp(x.hi, k), math.Ldexp(x.lo, k)} }

func (x dd) div(y dd) dd {
	q1 := x.hi / y.hi
	r := x.sub(y.mulF(q1))
	q2 := r.hi / y.hi
	r = r.sub(y.mulF(q2))
	q3 := r.hi / y.hi
	q1, q2 = fastTwoSum(q1, q2)
	return dd{q1, q2}.add(dd{q3, 0})
}

// sqrt returns the square root of x ≥ 0 (one Newton step from the float64
// root, which doubles its 53 correct bits).
func (x dd) sqrt() dd {
	if x.hi <= 0 {
		return dd{}
	}
	a := math.Sqrt(x.hi)
	// a + (x − a²)/(2a)
	p, e := twoProd(a, a)
	r := x.sub(dd{p, e})
	s, t := fastTwoSum(a, r.hi/(2*a))
	return dd{s, t}
}

// float returns x rounded to the nearest float64.
func (x dd) float() float64 { return x.hi + x.lo }

// ddDot returns Σ x_i·y_i (len(y) ≥ len(x)) accumulated as Ogita, Rump and
// Oishi's Dot2 ("Accurate sum and dot product", SIAM J. Sci. Comput. 26,
// 2005) extended to double-double operands: the leading products and their
// sum are error-free transformations, and every error term is gathered in
// a second float64. The error is at most about n²·2⁻¹⁰⁶·Σ|x_i·y_i|, far
// below the rounding of the inputs.
func ddDot(x, y []dd) dd {
	y = y[:len(x)]
	var s, c float64
	for i, a := range x {
		b := y[i]
		h, r := twoProd(a.hi, b.hi)
		r = math.FMA(a.hi, b.lo, r)
		r = math.FMA(a.lo, b.hi, r)
		var e float64
		s, e = twoSum(s, h)
		c += e + r
	}
	s, c = twoSum(s, c)
	return dd{s, c}
}

// ddAxpy sets y_i += t·x_i (len(y) ≥ len(x)), each with an absolute error
// of about 2⁻¹⁰⁴·(|y_i| + |t·x_i|).
func ddAxpy(t dd, x, y []dd) {
	y = y[:len(x)]
	for i, a := range x {
		b := y[i]
		h, r := twoProd(t.hi, a.hi)
		r = math.FMA(t.hi, a.lo, r)
		r = math.FMA(t.lo, a.hi, r)
		s, e := twoSum(b.hi, h)
		e += b.lo + r
		s, e = twoSum(s, e) // not fastTwoSum: s may be tiny after cancellation
		y[i] = dd{s, e}
	}
}
