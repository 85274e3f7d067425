package independence

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

func TestPublishScoreCentiles(t *testing.T) {
	bands := []AgeBand{{"0–5", 0, 5}, {"5–10", 5, 10}, {"10–15", 10, 15}, {"15–18", 15, 18}}
	var sc []Score
	add := func(id string, age, total float64) { sc = append(sc, Score{PersonID: id, AgeYears: age, Total: total}) }
	// Band 5–10: three assessments of two children (a child assessed twice).
	add("a", 6, 3)
	add("a", 7, 4)
	add("b", 8, 5)
	// Band 10–15: ten children, totals 1..10. Band 15–18: seven, 4..10.
	for i := range 10 {
		add(string(rune('c'+i)), 10.5+0.3*float64(i), float64(i+1))
	}
	for i := range 7 {
		add(string(rune('n'+i)), 15.5, float64(i+4))
	}
	add("z", 30, 1) // outside every band
	p, err := PublishScoreCentiles(sc, bands, CentileOptions{Probs: []float64{0.1, 0.5, 0.9}}, disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Children per band 0, 2, 10, 7: 2 is below 5 (primary); being the only
	// hidden count it could be recovered from the total, so the smallest
	// shown non-zero count, 7, is hidden too (secondary). 0 is shown.
	wantChildren := []int{0, 2, 10, 7}
	wantStatus := []disclosure.Status{disclosure.Shown, disclosure.Primary, disclosure.Shown, disclosure.Secondary}
	for i, b := range p.Bands {
		if b.Children != wantChildren[i] || b.Status != wantStatus[i] {
			t.Errorf("band %s: children %d %v, want %d %v", b.Band.Label, b.Children, b.Status, wantChildren[i], wantStatus[i])
		}
	}
	if !p.Bands[1].Suppressed || p.Bands[1].N != 3 || !math.IsNaN(p.Bands[1].Mean) || !math.IsNaN(p.Bands[1].Centiles[1]) {
		t.Errorf("band 5–10 not suppressed: %+v", p.Bands[1])
	}
	// Band 10–15 (1..10, type 7): P10 = 1 + 0.9 = 1.9, P50 = 5.5, P90 = 9.1.
	b := p.Bands[2]
	if b.Suppressed || b.Mean != 5.5 {
		t.Errorf("band 10–15: %+v", b)
	}
	for k, w := range []float64{1.9, 5.5, 9.1} {
		near(t, "band 10–15 centile", b.Centiles[k], w, 1e-12)
	}
	// The secondary band keeps its centiles (4..10: median 7).
	if p.Bands[3].Suppressed || p.Bands[3].Centiles[1] != 7 || p.Outside != 1 {
		t.Errorf("band 15–18: %+v, outside %d", p.Bands[3], p.Outside)
	}
	var buf bytes.Buffer
	if err := p.WriteMarkdown(&buf, 1); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{"| Age (years) | Children | Mean | P10 | P50 | P90 |", "| 0–5 | 0 | – | – | – | – |",
		"| 5–10 | * | * | * | * | * |", "| 10–15 | 10 | 5.5 | 1.9 | 5.5 | 9.1 |", "| 15–18 | * | 7.0 | 4.6 | 7.0 | 9.4 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// Threshold 2: nothing below it but zero, nothing hidden.
	p2, _ := PublishScoreCentiles(sc, bands, CentileOptions{}, disclosure.Options{Threshold: 2})
	for _, b := range p2.Bands {
		if b.Status.Hidden() || b.Suppressed {
			t.Errorf("threshold 2: %+v", b)
		}
	}
	// SuppressCentiles without children counts assessments; bad counts are errors.
	tab, _ := ScoreCentiles(sc, bands, CentileOptions{})
	p3, _ := SuppressCentiles(tab, nil, disclosure.Options{})
	if p3.Bands[1].Children != 3 || !p3.Bands[1].Suppressed {
		t.Errorf("nil children: %+v", p3.Bands[1])
	}
	if _, err := SuppressCentiles(tab, []int{0, 4, 10, 7}, disclosure.Options{}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("4 children in 3 assessments: %v", err)
	}
	if _, err := SuppressCentiles(tab, []int{0, 1}, disclosure.Options{}); !errors.Is(err, ErrLength) {
		t.Errorf("short children: %v", err)
	}
	if _, err := SuppressCentiles(tab, nil, disclosure.Options{Threshold: -1}); !errors.Is(err, ErrInvalidOptions) || !errors.Is(err, disclosure.ErrThreshold) {
		t.Errorf("negative threshold: %v", err)
	}
}

// noSingleHidden checks the bordered table: no line has exactly one hidden entry.
func noSingleHidden(t *testing.T, p *PublishedTransitions) {
	t.Helper()
	k := len(p.States)
	st := func(i, j int) disclosure.Status {
		switch {
		case i < k && j < k:
			return p.Status[i][j]
		case i < k:
			return p.RowStatus[i]
		case j < k:
			return p.ColStatus[j]
		}
		return p.TotalStatus
	}
	for i := 0; i <= k; i++ {
		r, c := 0, 0
		for j := 0; j <= k; j++ {
			if st(i, j).Hidden() {
				r++
			}
			if st(j, i).Hidden() {
				c++
			}
		}
		if r == 1 || c == 1 {
			t.Errorf("line %d: one hidden entry (row %d, column %d)", i, r, c)
		}
	}
}

func TestTransitionSuppress(t *testing.T) {
	m, err := Transitions([]string{"A", "B", "C"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Counts = [][]int{{20, 3, 0}, {6, 30, 8}, {0, 7, 25}}
	m.RowTotals = []int{23, 44, 32}
	m.Skipped = 2
	p, err := m.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// By hand, on the table bordered by its totals (rows then columns,
	// repeated): 3 is primary; row A then has one hidden cell, so its
	// smallest shown non-zero entry, 20, goes; column A then hides 6 and
	// column B hides 7; row B hides 8 and row C hides 25. Margins (23, 44,
	// 32; 26, 40, 33; 99) stay shown.
	hidden := [][]bool{{true, true, false}, {true, false, true}, {false, true, true}}
	for i := range 3 {
		for j := range 3 {
			if p.Status[i][j].Hidden() != hidden[i][j] {
				t.Errorf("cell %d,%d: %v", i, j, p.Status[i][j])
			}
		}
		if p.RowStatus[i].Hidden() || p.ColStatus[i].Hidden() {
			t.Errorf("margin %d hidden", i)
		}
	}
	if p.Status[0][1] != disclosure.Primary || p.ColTotals[1] != 40 || p.Total != 99 || !p.SkippedHidden {
		t.Errorf("published %+v", p)
	}
	near(t, "p(B→B)", p.Proportions[1][1], 30.0/44, 1e-15)
	if p.Proportions[2][0] != 0 || !math.IsNaN(p.Proportions[0][0]) || !math.IsNaN(p.Proportions[1][2]) {
		t.Errorf("proportions %v", p.Proportions)
	}
	noSingleHidden(t, p)

	// A row total below the threshold is hidden, and with it the row's
	// proportions.
	m.Counts = [][]int{{1, 2, 0}, {6, 30, 8}, {0, 7, 25}}
	m.RowTotals = []int{3, 44, 32}
	p, err = m.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.RowStatus[0] != disclosure.Primary || p.Status[0][0] != disclosure.Primary || p.Status[0][1] != disclosure.Primary {
		t.Errorf("small row: %v %v", p.RowStatus, p.Status)
	}
	for j := range 3 {
		if !math.IsNaN(p.Proportions[0][j]) {
			t.Errorf("proportion 0,%d shown: %v", j, p.Proportions[0][j])
		}
	}
	noSingleHidden(t, p)
	var buf bytes.Buffer
	if err := p.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	if md := buf.String(); !strings.Contains(md, "| A | * | * | 0 | * |") || !strings.Contains(md, "| From \\ to | A | B | C | Total |") {
		t.Errorf("markdown:\n%s", md)
	}

	m.RowTotals = []int{4, 44, 32}
	if _, err := m.Suppress(disclosure.Options{}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("inconsistent row total: %v", err)
	}
}
