package independence

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// PublishedBand is one age band of a PublishedCentiles table.
type PublishedBand struct {
	Band AgeBand
	// Children is the number of distinct children with an assessment in
	// the band; Status is its disclosure status.
	Children int
	Status   disclosure.Status
	// N is the number of assessments in the band. It is not a published
	// figure on its own: show it only where Status is shown.
	N int
	// Suppressed: the band has fewer children than the threshold (Status
	// is disclosure.Primary), so Mean and every centile are NaN.
	Suppressed bool
	Mean       float64 // NaN when Suppressed or N = 0
	Probs      []float64
	Centiles   []float64 // all NaN when Suppressed or N = 0
}

// PublishedCentiles is an age-band centile table made safe to publish by
// small-number suppression (package ras/disclosure). See SuppressCentiles.
type PublishedCentiles struct {
	Bands []PublishedBand
	// Outside is the number of assessments in no band. It is not
	// published.
	Outside int
	// Options are the disclosure options used, defaults filled in.
	Options disclosure.Options
}

// SuppressCentiles applies small-number suppression to a centile table.
// children[i] is the number of distinct children in t.Bands[i]; nil means
// every assessment is a different child (children = N), which is right
// only when no child has two assessments in one band (use
// PublishScoreCentiles for scored assessments).
//
// The rule, with T = opt.Threshold (5 when 0):
//
//   - The children per band are a list whose total is published: they go
//     through disclosure.SuppressList, so a band with 0 < children < T is
//     hidden (Primary) and, if that is the only hidden band, one more is
//     hidden (Secondary) so that it cannot be recovered from the total.
//   - A band with fewer than T children (Primary) has its mean and
//     centiles hidden (set to NaN): an empirical centile of a handful of
//     children is close to one child's score. A Secondary band keeps its
//     centiles, which do not give away its count.
//
// opt.SuppressZeros hides empty bands' counts too (they have no centiles).
// Errors: ErrLength (children not one per band), ErrInvalidValue (a
// children count negative or above N), ErrInvalidOptions (bad opt).
func SuppressCentiles(t CentileTable, children []int, opt disclosure.Options) (*PublishedCentiles, error) {
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("%w: SuppressCentiles: %w", ErrInvalidOptions, err)
	}
	if children == nil {
		children = make([]int, len(t.Bands))
		for i, b := range t.Bands {
			children[i] = b.N
		}
	}
	if len(children) != len(t.Bands) {
		return nil, fmt.Errorf("independence: SuppressCentiles: %d children counts for %d bands: %w", len(children), len(t.Bands), ErrLength)
	}
	for i, c := range children {
		if c < 0 || c > t.Bands[i].N || (c == 0) != (t.Bands[i].N == 0) {
			return nil, &RecordError{Record: i, Field: "children", Value: strconv.Itoa(c),
				Msg: fmt.Sprintf("must be between 1 and the band's %d assessments (0 if none)", t.Bands[i].N), Err: ErrInvalidValue}
		}
	}
	l, err := disclosure.SuppressList(children, opt)
	if err != nil {
		return nil, fmt.Errorf("%w: SuppressCentiles: %w", ErrInvalidOptions, err)
	}
	out := &PublishedCentiles{Bands: make([]PublishedBand, len(t.Bands)), Outside: t.Outside, Options: l.Options}
	for i, b := range t.Bands {
		pb := PublishedBand{Band: b.Band, Children: children[i], Status: l.Status[i], N: b.N,
			Mean: b.Mean, Probs: append([]float64(nil), b.Probs...), Centiles: append([]float64(nil), b.Centiles...)}
		if pb.Status == disclosure.Primary && b.N > 0 {
			pb.Suppressed = true
			pb.Mean = math.NaN()
			for k := range pb.Centiles {
				pb.Centiles[k] = math.NaN()
			}
		}
		out.Bands[i] = pb
	}
	return out, nil
}

// PublishScoreCentiles is ScoreCentiles followed by SuppressCentiles, with
// the distinct children per band counted by PersonID.
func PublishScoreCentiles(scores []Score, bands []AgeBand, copt CentileOptions, dopt disclosure.Options) (*PublishedCentiles, error) {
	t, err := ScoreCentiles(scores, bands, copt)
	if err != nil {
		return nil, err
	}
	children := distinctPerBand(scores, bands)
	return SuppressCentiles(t, children, dopt)
}

// distinctPerBand counts the distinct PersonIDs with a score in each band.
// Each person gets a dense number (one map look-up per score); with at most
// 64 bands a bit mask per person records the bands already counted (O(n)),
// otherwise the (person, band) pairs are sorted as integers and counted
// once each.
func distinctPerBand(scores []Score, bands []AgeBand) []int {
	ids := make(map[string]int, len(scores)/4+1)
	nb := len(bands)
	children := make([]int, nb)
	var masks []uint64
	var keys []uint64
	for _, s := range scores {
		b := bandOf(bands, s.AgeYears)
		if b < 0 {
			continue
		}
		id, ok := ids[s.PersonID]
		if !ok {
			id = len(ids)
			ids[s.PersonID] = id
		}
		if nb > 64 {
			keys = append(keys, uint64(id)*uint64(nb)+uint64(b))
			continue
		}
		if id == len(masks) {
			masks = append(masks, 0)
		}
		if bit := uint64(1) << b; masks[id]&bit == 0 {
			masks[id] |= bit
			children[b]++
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i == 0 || k != keys[i-1] {
			children[k%uint64(nb)]++
		}
	}
	return children
}

// mark returns the text shown for a hidden figure of the given status.
func mark(o disclosure.Options, s disclosure.Status) string {
	if s == disclosure.Primary {
		return o.PrimaryMark
	}
	return o.SecondaryMark
}

// FormatChildren renders band i's number of children: the count, or the
// mark of a hidden cell.
func (p *PublishedCentiles) FormatChildren(i int) string {
	b := p.Bands[i]
	if b.Status.Hidden() {
		return mark(p.Options, b.Status)
	}
	return strconv.Itoa(b.Children)
}

// FormatCentile renders centile k of band i with prec decimals: the
// PrimaryMark when the band is suppressed, "–" when it is empty.
func (p *PublishedCentiles) FormatCentile(i, k, prec int) string {
	b := p.Bands[i]
	switch {
	case b.Suppressed:
		return p.Options.PrimaryMark
	case b.N == 0:
		return "–"
	}
	return strconv.FormatFloat(b.Centiles[k], 'f', prec, 64)
}

// WriteMarkdown writes the table in Markdown: band, children, mean and
// centiles with prec decimals, hidden figures shown as the marks of the
// options, and a note on the suppression rule. Assessment counts are not
// written.
func (p *PublishedCentiles) WriteMarkdown(w io.Writer, prec int) error {
	bw := bufio.NewWriter(w)
	var probs []float64
	for _, b := range p.Bands {
		if len(b.Probs) > 0 {
			probs = b.Probs
			break
		}
	}
	bw.WriteString("| Age (years) | Children | Mean |")
	for _, q := range probs {
		fmt.Fprintf(bw, " P%s |", fmtF(math.Round(q*1000)/10))
	}
	bw.WriteString("\n|---|---:|---:|" + strings.Repeat("---:|", len(probs)) + "\n")
	for i, b := range p.Bands {
		mean := "–"
		switch {
		case b.Suppressed:
			mean = p.Options.PrimaryMark
		case b.N > 0:
			mean = strconv.FormatFloat(b.Mean, 'f', prec, 64)
		}
		fmt.Fprintf(bw, "| %s | %s | %s |", b.Band.Label, p.FormatChildren(i), mean)
		for k := range probs {
			fmt.Fprintf(bw, " %s |", p.FormatCentile(i, k, prec))
		}
		bw.WriteString("\n")
	}
	fmt.Fprintf(bw, "\nCounts of children from 1 to %d are hidden (%s), with one more count where needed so that a hidden count cannot be recovered from the total (%s); bands with fewer than %d children have their mean and centiles hidden.\n",
		p.Options.Threshold-1, p.Options.PrimaryMark, p.Options.SecondaryMark, p.Options.Threshold)
	return bw.Flush()
}

// PublishedTransitions is a transition matrix made safe to publish by
// small-number suppression. See TransitionMatrix.Suppress.
type PublishedTransitions struct {
	States []string
	Counts [][]int               // as in the matrix
	Status [][]disclosure.Status // per cell
	// RowTotals (moves from each state) and ColTotals (moves into each
	// state), the grand Total, and their statuses.
	RowTotals   []int
	RowStatus   []disclosure.Status
	ColTotals   []int
	ColStatus   []disclosure.Status
	Total       int
	TotalStatus disclosure.Status
	// Proportions are the row proportions, NaN where the cell or its row
	// total is hidden (either would give the other away) or the row is
	// empty.
	Proportions [][]float64
	// Skipped is the matrix's count of pairs not counted; SkippedHidden is
	// true when 0 < Skipped < threshold.
	Skipped       int
	SkippedHidden bool
	Options       disclosure.Options // defaults filled in
}

// Suppress applies small-number suppression (package ras/disclosure) to
// the matrix and its margins. The matrix bordered by its row totals (an
// extra column), column totals (an extra row) and grand total (the corner)
// goes through disclosure.SuppressTable: every line of that table is a
// linear relation (the cells sum to the margin), so one hidden entry in a
// line could be recovered from the others, which is what the package's
// secondary suppression prevents; and margins below the threshold are
// hidden like cells. Counts are moves between consecutive assessments,
// not children: one child can contribute several moves to a cell, so a
// cell of T moves may come from fewer than T children.
func (m *TransitionMatrix) Suppress(opt disclosure.Options) (*PublishedTransitions, error) {
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("%w: TransitionMatrix.Suppress: %w", ErrInvalidOptions, err)
	}
	k := len(m.States)
	if len(m.Counts) != k || len(m.RowTotals) != k {
		return nil, fmt.Errorf("independence: TransitionMatrix.Suppress: %d states, %d rows, %d row totals: %w", k, len(m.Counts), len(m.RowTotals), ErrLength)
	}
	aug := make([][]int, k+1)
	col := make([]int, k)
	total := 0
	for i, row := range m.Counts {
		if len(row) != k {
			return nil, fmt.Errorf("independence: TransitionMatrix.Suppress: row %d has %d cells, want %d: %w", i, len(row), k, ErrLength)
		}
		aug[i] = make([]int, k+1)
		rt := 0
		for j, c := range row {
			aug[i][j] = c
			col[j] += c
			rt += c
		}
		if rt != m.RowTotals[i] {
			return nil, &RecordError{Record: i, Field: "row_totals", Value: strconv.Itoa(m.RowTotals[i]),
				Msg: fmt.Sprintf("differs from the row's sum %d", rt), Err: ErrInvalidValue}
		}
		aug[i][k] = rt
		total += rt
	}
	aug[k] = append(append([]int(nil), col...), total)
	t, err := disclosure.SuppressTable(aug, opt)
	if err != nil {
		return nil, fmt.Errorf("%w: TransitionMatrix.Suppress: %w", ErrInvalidValue, err)
	}
	p := &PublishedTransitions{States: append([]string(nil), m.States...), Counts: make([][]int, k), Status: make([][]disclosure.Status, k),
		RowTotals: make([]int, k), RowStatus: make([]disclosure.Status, k), ColTotals: col, ColStatus: make([]disclosure.Status, k),
		Total: total, TotalStatus: t.Status[k][k], Proportions: make([][]float64, k), Skipped: m.Skipped,
		SkippedHidden: m.Skipped > 0 && m.Skipped < t.Options.Threshold, Options: t.Options}
	for i := range k {
		p.Counts[i] = append([]int(nil), m.Counts[i]...)
		p.Status[i] = append([]disclosure.Status(nil), t.Status[i][:k]...)
		p.RowTotals[i], p.RowStatus[i] = aug[i][k], t.Status[i][k]
		p.ColStatus[i] = t.Status[k][i]
		p.Proportions[i] = make([]float64, k)
		for j := range k {
			if p.RowTotals[i] == 0 || p.RowStatus[i].Hidden() || p.Status[i][j].Hidden() {
				p.Proportions[i][j] = math.NaN()
			} else {
				p.Proportions[i][j] = float64(p.Counts[i][j]) / float64(p.RowTotals[i])
			}
		}
	}
	return p, nil
}

// FormatCount renders cell (i, j): the count, or the mark of a hidden cell.
func (p *PublishedTransitions) FormatCount(i, j int) string {
	if s := p.Status[i][j]; s.Hidden() {
		return mark(p.Options, s)
	}
	return strconv.Itoa(p.Counts[i][j])
}

// WriteMarkdown writes the matrix in Markdown: one row per starting state,
// counts with row percentages, row and column totals, hidden figures shown
// as the marks of the options.
func (p *PublishedTransitions) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("| From \\ to |")
	for _, s := range p.States {
		fmt.Fprintf(bw, " %s |", s)
	}
	bw.WriteString(" Total |\n|---|" + strings.Repeat("---:|", len(p.States)+1) + "\n")
	cnt := func(v int, s disclosure.Status) string {
		if s.Hidden() {
			return mark(p.Options, s)
		}
		return strconv.Itoa(v)
	}
	for i, s := range p.States {
		fmt.Fprintf(bw, "| %s |", s)
		for j := range p.States {
			c := p.FormatCount(i, j)
			if pr := p.Proportions[i][j]; !math.IsNaN(pr) {
				c += fmt.Sprintf(" (%.0f%%)", 100*pr)
			}
			fmt.Fprintf(bw, " %s |", c)
		}
		fmt.Fprintf(bw, " %s |\n", cnt(p.RowTotals[i], p.RowStatus[i]))
	}
	bw.WriteString("| Total |")
	for j := range p.States {
		fmt.Fprintf(bw, " %s |", cnt(p.ColTotals[j], p.ColStatus[j]))
	}
	fmt.Fprintf(bw, " %s |\n", cnt(p.Total, p.TotalStatus))
	fmt.Fprintf(bw, "\nCounts are moves between consecutive assessments. Counts from 1 to %d are hidden (%s), with further counts hidden where needed so that no hidden count can be recovered from a row or column total (%s).\n",
		p.Options.Threshold-1, p.Options.PrimaryMark, p.Options.SecondaryMark)
	return bw.Flush()
}
