package synth

import (
	"math"
	"math/rand/v2"
)

// Random streams. Every record draws from its own generators, seeded from
// (seed, person index, stream), so that a record does not depend on which
// other records are generated, in what order, or by how many goroutines; and
// so that the person facts do not depend on the model (the answers and the
// costs draw from streams of their own).
const (
	streamPerson  uint64 = 1
	streamAnswers uint64 = 2
	streamCost    uint64 = 3
)

// mix is the SplitMix64 finaliser (Steele, Lea & Flood 2014), a bijection of
// uint64 with good avalanche, used to turn (seed, index, stream) into PCG
// seeds that are far apart even for adjacent indices.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// rng is a per-record random number generator: PCG-DXSM from math/rand/v2.
type rng struct {
	pcg rand.PCG
	r   *rand.Rand
}

// seed sets g to the stream s of person i under seed.
func (g *rng) seed(seed uint64, i int, s uint64) {
	a := mix(seed ^ mix(uint64(i)))
	b := mix(a ^ mix(s*0x632be59bd9b4e019+uint64(i)))
	g.pcg.Seed(a, b)
	if g.r == nil {
		g.r = rand.New(&g.pcg)
	}
}

func newRNG(seed uint64, i int, s uint64) *rng {
	g := new(rng)
	g.seed(seed, i, s)
	return g
}

func (g *rng) float() float64      { return g.r.Float64() }
func (g *rng) norm() float64       { return g.r.NormFloat64() }
func (g *rng) intN(n int) int      { return g.r.IntN(n) }
func (g *rng) bern(p float64) bool { return g.r.Float64() < p }

// gamma returns a draw from the Gamma distribution with the given shape and
// rate (mean shape/rate), by Marsaglia & Tsang (2000); shape < 1 uses the
// boost X·U^(1/shape).
func (g *rng) gamma(shape, rate float64) float64 {
	boost := 1.0
	if shape < 1 {
		boost = math.Pow(g.r.Float64(), 1/shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := g.r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := g.r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return boost * d * v / rate
		}
	}
}

// lognormal returns exp(N(meanlog, sdlog²)).
func (g *rng) lognormal(meanlog, sdlog float64) float64 {
	return math.Exp(meanlog + sdlog*g.r.NormFloat64())
}

// binomial returns a draw from Binomial(n, p) for small n, as a sum of
// Bernoulli trials.
func (g *rng) binomial(n int, p float64) int {
	k := 0
	for range n {
		if g.r.Float64() < p {
			k++
		}
	}
	return k
}

// pick returns an index drawn with probabilities proportional to w.
func (g *rng) pick(w []float64) int {
	var s float64
	for _, x := range w {
		s += x
	}
	u := g.r.Float64() * s
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// plogis is the logistic function, R's plogis.
func plogis(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
