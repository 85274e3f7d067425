package calibrate

import "gonum.org/v1/gonum/blas/gonum"

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
// into a column-major buffer and multiplied by 2×4 register tiles, so that
// every loaded value is used several times. Sums are accumulated per block
// and then added to the totals, which keeps the rounding error of the long
// sums at about (gramBlock + n/gramBlock)·ε.
func gramXy(xdata []float64, stride, n, p int, y, sw []float64, rows []int) []float64 {
	q := p + 1
	qp := (q + 3) &^ 3 // padded to a multiple of 4
	nb := gramBlock
	ld := nb + 8 // padded leading dimension: avoids cache-set conflicts between columns
	bt := make([]float64, qp*ld)
	g := make([]float64, qp*qp)
	total := n
	if rows != nil {
		total = len(rows)
	}
	for i0 := 0; i0 < total; i0 += nb {
		m := min(nb, total-i0)
		for k := 0; k < m; k++ {
			r := i0 + k
			if rows != nil {
				r = rows[k+i0]
			}
			row := xdata[r*stride : r*stride+p]
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
		if m < nb {
			for j := 0; j < qp; j++ {
				clear(bt[j*ld+m : j*ld+nb])
			}
		}
		for i := 0; i < q; i++ {
			a := bt[i*ld : i*ld+m]
			for j := i; j < q; j++ {
				g[i*qp+j] += blasImpl.Ddot(m, a, 1, bt[j*ld:j*ld+m], 1)
			}
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
	return out
}
