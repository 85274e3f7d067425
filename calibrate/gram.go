package calibrate

import (
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas/gonum"
)

var blasImpl gonum.Implementation

// gramBlock is the number of rows transposed into the working buffer at a
// time. 256 rows × 24 columns × 8 bytes = 48 KiB fits in L2.
const gramBlock = 512

// gramXy returns G = A'A for the n×q matrix A = [s∘X | s∘y] (q = p+1), where
// s = sqrt(w) (or 1 when sw is nil), as a q×q row-major slice with both
// triangles filled. x is n×p row-major with the given stride. rows, if not
// nil, selects (and orders) the rows used; otherwise all n rows are used.
//
// The work is done in blocks of gramBlock rows: each block is transposed
// into a column-major buffer and its column pairs multiplied by the
// assembly dot product. Sums are accumulated per block, blocks into chunks
// of gramChunk rows and chunks, in order, into the total, which keeps the
// rounding error of the long sums at about (gramBlock + gramChunk/gramBlock
// + n/gramChunk)·ε. Chunks run on up to GOMAXPROCS goroutines; the chunk
// boundaries and the order of the final sum do not depend on their number,
// so neither does the result.
func gramXy(xdata []float64, stride, n, p int, y, sw []float64, rows []int) []float64 {
	g, _ := gramXyCheck(xdata, stride, n, p, y, sw, rows, -1)
	return g
}

// gramXyCheck is gramXy that also reports whether a row it used has a
// value other than 1 in column ic (none is checked when ic < 0), read in
// the same pass. With the Gram matrix's diagonal (not finite when a used
// row has a value that is not finite) it tells whether the rows used may
// be invalid, without a pass of its own over X.
func gramXyCheck(xdata []float64, stride, n, p int, y, sw []float64, rows []int, ic int) (gram []float64, icBad bool) {
	q := p + 1
	qp := (q + 3) &^ 3 // padded to a multiple of 4
	total := n
	if rows != nil {
		total = len(rows)
	}
	nc := (total + gramChunk - 1) / gramChunk
	parts := make([]float64, nc*qp*qp)
	bad := make([]bool, nc)
	bufs := sync.Pool{New: func() any {
		s := make([]float64, qp*(gramBlock+8))
		return &s
	}}
	forChunks(total, gramChunk, func(c, lo, hi int) {
		bt := bufs.Get().(*[]float64)
		bad[c] = gramChunkXy(*bt, parts[c*qp*qp:(c+1)*qp*qp], xdata, stride, p, y, sw, rows, lo, hi, ic)
		bufs.Put(bt)
	})
	g := parts[:qp*qp]
	for c := 1; c < nc; c++ {
		for i, v := range parts[c*qp*qp : (c+1)*qp*qp] {
			g[i] += v
		}
	}
	out := make([]float64, q*q)
	for i := 0; i < q; i++ {
		for j := i; j < q; j++ {
			v := g[i*qp+j]
			out[i*q+j] = v
			out[j*q+i] = v
		}
	}
	return out, slices.Contains(bad, true)
}

// gramChunk is the number of rows (a multiple of gramBlock) of one task of
// gramXy.
const gramChunk = 64 * gramBlock

// gramChunkXy adds to g (qp×qp, upper triangle) the Gram matrix of rows
// [lo, hi) (positions in rows if not nil), block by block, using bt
// (qp×(gramBlock+8)) as the transposition buffer. It reports whether a row
// has a value other than 1 in column ic (if ic ≥ 0).
func gramChunkXy(bt, g, xdata []float64, stride, p int, y, sw []float64, rows []int, lo, hi, ic int) (icBad bool) {
	q := p + 1
	qp := (q + 3) &^ 3
	nb := gramBlock
	ld := nb + 8 // padded leading dimension: avoids cache-set conflicts between columns
	blockG := make([]float64, qp*qp)
	for i0 := lo; i0 < hi; i0 += nb {
		m := min(nb, hi-i0)
		k0 := 0
		if rows == nil && sw == nil {
			// Four rows at a time: four adjacent stores per column.
			for ; k0+4 <= m; k0 += 4 {
				r := i0 + k0
				r0 := xdata[r*stride : r*stride+p]
				r1 := xdata[(r+1)*stride : (r+1)*stride+p]
				r2 := xdata[(r+2)*stride : (r+2)*stride+p]
				r3 := xdata[(r+3)*stride : (r+3)*stride+p]
				if ic >= 0 && (r0[ic] != 1 || r1[ic] != 1 || r2[ic] != 1 || r3[ic] != 1) {
					icBad = true
				}
				for j := range r0 {
					c := bt[j*ld+k0 : j*ld+k0+4]
					c[0], c[1], c[2], c[3] = r0[j], r1[j], r2[j], r3[j]
				}
				c := bt[p*ld+k0 : p*ld+k0+4]
				c[0], c[1], c[2], c[3] = y[r], y[r+1], y[r+2], y[r+3]
			}
		}
		for k := k0; k < m; k++ {
			r := i0 + k
			if rows != nil {
				r = rows[r]
			}
			row := xdata[r*stride : r*stride+p]
			if ic >= 0 && row[ic] != 1 {
				icBad = true
			}
			if sw != nil {
				s := sw[r]
				for j, v := range row {
					bt[j*ld+k] = v * s
				}
				bt[p*ld+k] = y[r] * s
			} else {
				for j, v := range row {
					bt[j*ld+k] = v
				}
				bt[p*ld+k] = y[r]
			}
		}
		for i := 0; i < q; i++ {
			a := bt[i*ld : i*ld+m]
			for j := i; j < q; j++ {
				blockG[i*qp+j] = blasImpl.Ddot(m, a, 1, bt[j*ld:j*ld+m], 1)
			}
		}
		for i := 0; i < q; i++ {
			for j := i; j < q; j++ {
				g[i*qp+j] += blockG[i*qp+j]
			}
		}
	}
	return icBad
}
