package carers

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Published is a summary table made safe to publish by small-number suppression
// (package ras/disclosure): one row per group of one dimension, plus a total row.
//
// Three count tables are suppressed with disclosure.SuppressTable (primary: counts below the
// threshold; secondary: a second cell in any row or column with a single hidden cell, because
// totals are published): People (columns: with a carer, without a carer), Hours (caring
// relationships by hours band) and Eligibility (carers with their own assessment whose needs
// meet, or do not meet, the Care Act carer eligibility criteria). A share is hidden when either of its counts is hidden. Money
// statistics over fewer adults than the threshold are hidden (a mean or quartile of one to four
// people can reveal a person's value). The final "all" row's counts are suppressed as a list
// with disclosure.SuppressList.
type Published struct {
	By     string   // "cohort" or "locality"
	Groups []string // row labels, in the order of the summary
	Bands  []string // hours band labels

	People *disclosure.Table // rows: groups; columns: with carer, without carer
	Hours  *disclosure.Table // rows: groups; columns: hours bands
	// Eligibility: rows: groups; columns: carers assessed whose needs meet the carer eligibility
	// criteria (SI 2015/313 reg. 3), and those whose needs do not.
	Eligibility *disclosure.Table

	rows  []GroupSummary
	all   GroupSummary
	opt   disclosure.Options
	basis *Basis
}

// Publish suppresses the summary's tables for dimension by ("cohort" or "locality") with opt
// (the zero value: threshold 5, zeros shown, totals published).
func (s *Summary) Publish(by string, opt disclosure.Options) (*Published, error) {
	var rows []GroupSummary
	switch by {
	case "cohort":
		rows = s.ByCohort
	case "locality":
		rows = s.ByLocality
	default:
		return nil, detail(ErrBadValue, "publish by %q (want cohort or locality)", by)
	}
	p := &Published{By: by, rows: rows, all: s.All, opt: opt, basis: s.Basis}
	people := make([][]int, len(rows))
	hours := make([][]int, len(rows))
	elig := make([][]int, len(rows))
	for i, g := range rows {
		p.Groups = append(p.Groups, g.Group)
		people[i] = []int{g.WithCarer, g.People - g.WithCarer}
		hours[i] = append([]int(nil), g.HoursBands...)
		elig[i] = []int{g.CarersEligible, g.CarersAssessed - g.CarersEligible}
	}
	for _, b := range s.Bands {
		p.Bands = append(p.Bands, b.Label)
	}
	var err error
	if p.People, err = disclosure.SuppressTable(people, opt); err != nil {
		return nil, fmt.Errorf("carers: suppressing people table: %w", err)
	}
	if p.Hours, err = disclosure.SuppressTable(hours, opt); err != nil {
		return nil, fmt.Errorf("carers: suppressing hours table: %w", err)
	}
	if p.Eligibility, err = disclosure.SuppressTable(elig, opt); err != nil {
		return nil, fmt.Errorf("carers: suppressing eligibility table: %w", err)
	}
	return p, nil
}

func (p *Published) threshold() int {
	if p.opt.Threshold == 0 {
		return disclosure.DefaultThreshold
	}
	return p.opt.Threshold
}

// ShareHidden reports whether group i's share with a carer must not be published.
func (p *Published) ShareHidden(i int) bool { return p.People.Hidden(i, 0) || p.People.Hidden(i, 1) }

// StatsHidden reports whether group i's money statistics per adult (withCarer: among adults
// with a carer) must not be published: fewer adults than the threshold, or a hidden count.
func (p *Published) StatsHidden(i int, withCarer bool) bool {
	g := p.rows[i]
	if withCarer {
		return g.PerAdultWithCarer.N < p.threshold() || p.People.Hidden(i, 0)
	}
	return g.PerAdult.N < p.threshold()
}

// WriteCSV writes the published table: a header, one row per group and a final "all" row.
// Hidden cells show the disclosure marks ("*" by default). Money is weekly pounds with two
// decimals unless a column says annual.
func (p *Published) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{p.By, "people", "with_carer", "without_carer", "share_with_carer",
		"mean_weekly_per_adult", "median_weekly_per_adult", "q1_weekly_per_adult", "q3_weekly_per_adult",
		"mean_annual_per_adult", "mean_weekly_per_adult_with_carer", "median_weekly_per_adult_with_carer"}
	for _, b := range p.Bands {
		header = append(header, "carers_hours_"+b)
	}
	header = append(header, "carers_assessed_eligible", "carers_assessed_not_eligible")
	if err := cw.Write(header); err != nil {
		return err
	}
	mark := p.People.Options.SecondaryMark
	row := func(label string, g GroupSummary, counts, hoursCell, eligCell func(j int) string, shareHidden, statsHidden, withHidden bool) []string {
		r := []string{label, fmt.Sprint(g.People), counts(0), counts(1)}
		if shareHidden || g.People == 0 {
			r = append(r, mark)
		} else {
			r = append(r, fmt.Sprintf("%.3f", g.ShareWithCarer))
		}
		if statsHidden || !g.PerAdult.Defined {
			r = append(r, mark, mark, mark, mark, mark)
		} else {
			a := g.PerAdult
			r = append(r, a.Mean.StringFixed(2), a.Median.StringFixed(2), a.Q1.StringFixed(2), a.Q3.StringFixed(2), a.AnnualMean.StringFixed(2))
		}
		if withHidden || !g.PerAdultWithCarer.Defined {
			r = append(r, mark, mark)
		} else {
			r = append(r, g.PerAdultWithCarer.Mean.StringFixed(2), g.PerAdultWithCarer.Median.StringFixed(2))
		}
		for j := range p.Bands {
			r = append(r, hoursCell(j))
		}
		return append(r, eligCell(0), eligCell(1))
	}
	for i, g := range p.rows {
		r := row(g.Group, g,
			func(j int) string { return p.People.Format(i, j) },
			func(j int) string { return p.Hours.Format(i, j) },
			func(j int) string { return p.Eligibility.Format(i, j) },
			p.ShareHidden(i), p.StatsHidden(i, false), p.StatsHidden(i, true))
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	// The total row: column totals, themselves suppressed as a list (small totals would
	// otherwise be published as they are).
	t := p.threshold()
	a := p.all
	pl, err := disclosure.SuppressList([]int{a.WithCarer, a.People - a.WithCarer}, p.opt)
	if err != nil {
		return fmt.Errorf("carers: suppressing totals: %w", err)
	}
	hl, err := disclosure.SuppressList(a.HoursBands, p.opt)
	if err != nil {
		return fmt.Errorf("carers: suppressing totals: %w", err)
	}
	el, err := disclosure.SuppressList([]int{a.CarersEligible, a.CarersAssessed - a.CarersEligible}, p.opt)
	if err != nil {
		return fmt.Errorf("carers: suppressing totals: %w", err)
	}
	r := row("all", a, pl.Format, hl.Format, el.Format,
		pl.Hidden(0) || pl.Hidden(1), a.PerAdult.N < t, a.PerAdultWithCarer.N < t || pl.Hidden(0))
	if err := cw.Write(r); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
