package calibrate

import "math"

// cholGram is a Cholesky factorisation G = L·L' of a p×p Gram matrix that
// detects aliased columns in column order, like R's dqrdc2 pivoting: column
// j is aliased when its Schur complement (the squared norm of its residual
// after the earlier non-aliased columns) is ≤ tol·G[j][j]. Aliased columns
// are left out of the factor.
type cholGram struct {
	p     int
	l     []float64 // row-major lower triangle over all p (aliased rows unused)
	alias []bool
	rank  int
}

func newCholGram(g []float64, p int, tol float64) *cholGram {
	c := &cholGram{p: p, l: make([]float64, p*p), alias: make([]bool, p)}
	l := c.l
	for j := 0; j < p; j++ {
		d := g[j*p+j]
		for k := 0; k < j; k++ {
			if !c.alias[k] {
				d -= l[j*p+k] * l[j*p+k]
			}
		}
		if !(d > tol*g[j*p+j]) || g[j*p+j] == 0 {
			c.alias[j] = true
			continue
		}
		ljj := math.Sqrt(d)
		l[j*p+j] = ljj
		for i := j + 1; i < p; i++ {
			s := g[i*p+j]
			for k := 0; k < j; k++ {
				if !c.alias[k] {
					s -= l[i*p+k] * l[j*p+k]
				}
			}
			l[i*p+j] = s / ljj
		}
		c.rank++
	}
	return c
}

// solve returns b with G b = rhs over the non-aliased columns (0 elsewhere).
func (c *cholGram) solve(rhs []float64) []float64 {
	p, l := c.p, c.l
	v := make([]float64, p)
	for i := 0; i < p; i++ {
		if c.alias[i] {
			continue
		}
		s := rhs[i]
		for k := 0; k < i; k++ {
			if !c.alias[k] {
				s -= l[i*p+k] * v[k]
			}
		}
		v[i] = s / l[i*p+i]
	}
	for i := p - 1; i >= 0; i-- {
		if c.alias[i] {
			continue
		}
		s := v[i]
		for k := i + 1; k < p; k++ {
			if !c.alias[k] {
				s -= l[k*p+i] * v[k]
			}
		}
		v[i] = s / l[i*p+i]
	}
	return v
}

// unscaledCov returns G⁻¹ on the non-aliased columns, NaN elsewhere.
func (c *cholGram) unscaledCov() [][]float64 {
	p := c.p
	cov := make([][]float64, p)
	for i := range cov {
		cov[i] = make([]float64, p)
	}
	e := make([]float64, p)
	for j := 0; j < p; j++ {
		if c.alias[j] {
			for i := 0; i < p; i++ {
				cov[i][j] = math.NaN()
			}
			continue
		}
		clear(e)
		e[j] = 1
		col := c.solve(e)
		for i := 0; i < p; i++ {
			if c.alias[i] {
				cov[i][j] = math.NaN()
			} else {
				cov[i][j] = col[i]
			}
		}
	}
	// symmetrise
	for i := 0; i < p; i++ {
		for j := i + 1; j < p; j++ {
			a := (cov[i][j] + cov[j][i]) / 2
			cov[i][j], cov[j][i] = a, a
		}
	}
	return cov
}

func (c *cholGram) aliased() []int {
	var out []int
	for j, a := range c.alias {
		if a {
			out = append(out, j)
		}
	}
	return out
}
