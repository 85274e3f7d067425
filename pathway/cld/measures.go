package cld

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// MeasureOptions configures every measure: the dates NHS England's code
// takes from the clock or hard-codes are options, and so are the choices
// the package leaves to the user. The zero value is the default: every
// import read, each council's latest import covering the period used by
// the snapshot measures, the measures run after the period (open events
// end after every date in the data), LTS001c's 12 months counted from
// the snapshot a year earlier, the code followed on blank routes and
// outcomes, no population estimates (2B/2C's rates undefined), and the
// waits of every service user's request with R's default Kaplan–Meier
// intervals.
type MeasureOptions struct {
	// Window is the submission window of the latest-submission rule
	// (Data.LatestSubmissions), which LTS001a/b/c, LTS003, LTS004, ASCOF
	// 2E and 3D use: an import counts when it is after Window.After (an
	// instant) and its calendar date is on or before Window.By. For
	// 2023/24 the code reads imports after 2024-03-31 up to 2024-05-01.
	// The zero value has no bounds.
	Window Window
	// ImportBy is the import cut-off of the latest-edition rule, which
	// STS001, STS002a/b, ASCOF 2A and 2B/2C and the waiting times use:
	// rows of requests and services (and, for the waits, assessments and
	// reviews) imported after this calendar date are left out; NoDate
	// reads every import. It is a calendar date, as Window.By is and as
	// the code means it: its comment sets "the last day for LA
	// submissions", and its LTS scripts compare CONVERT(date,
	// ImportDate). The code's "ImportDate <= '2024-02-01'" compares the
	// import instant with midnight, so it reads imports of 31 January and
	// before (and one stamped exactly at midnight on 1 February):
	// ImportBy 2024-01-31; 2B/2C's "ImportDate < '2024-05-01'" is
	// ImportBy 2024-04-30.
	ImportBy Date
	// RunDate stands for the date the code takes from the clock
	// (GETDATE()): the end it gives open requests (STS001, 2A), open
	// ST-Max services (STS002a/b, 2A) and open long-term services
	// (LTS001c) before clustering them. NoDate: the run is after every
	// date in the data, so an open event never ends in the period.
	RunDate Date
	// ChainStartBefore is LTS001c's 12-month rule: a chain of long-term
	// support counts when it started before this date (the code's
	// "Chain_Start_Date < '2022-12-31'" for a 2023-12-31 snapshot).
	// NoDate: the snapshot date one year earlier (29 February gives 28
	// February).
	ChainStartBefore Date
	// NullsAsValues compares a blank route of access or event outcome as
	// a value, as the principles intend, in STS001, STS002a/b and 2A. By
	// default (false) the package follows the code, whose joins on these
	// columns never match a NULL: a request cluster whose last request
	// has no route of access is dropped; one whose last request has no
	// outcome escapes the existing-client test and is recorded both as
	// "no chronology" and, when later events exist, as "chronology not in
	// scope" (and with its sequel when one is found); likewise an ST-Max
	// episode without an outcome (STS002a), which STS002b never counts.
	// The step logs say how many records these joins added or removed.
	NullsAsValues bool
	// Population holds ONS mid-year population estimates by council code
	// (LA_Code) for ASCOF 2B and 2C (ReadPopulation). A council without
	// one has undefined rates; so has the all-councils row unless every
	// council has one.
	Population map[string]PopulationEstimate
	// NewClientsOnly keeps, in the waiting times, the requests of new
	// clients only: no long-term service open on the request's start (the
	// STS001 rule).
	NewClientsOnly bool
	// KM configures the waiting times' Kaplan–Meier intervals (the zero
	// value: R's default, log-transformed, 95%).
	KM pathway.KMOptions
}

// validate checks the period and the options.
func (o *MeasureOptions) validate(p Period) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if w := o.Window; w.By.Valid() && !w.After.IsZero() && dayOf(w.After.UTC().Date()) > w.By {
		return errorf(ErrInvalidOptions, "window after %v ends %v", w.After, w.By)
	}
	for code, pop := range o.Population {
		if pop.Aged18To64 < 0 || pop.Aged65AndOver < 0 {
			return errorf(ErrInvalidOptions, "negative population estimate for %q", code)
		}
	}
	if err := o.KM.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidOptions, err)
	}
	return nil
}

// openEnd returns the end date the code gives an event: its end, or the
// run date when it is open (farFuture without one).
func (o *MeasureOptions) openEnd(end Date) Date {
	if end.Valid() {
		return end
	}
	if o.RunDate.Valid() {
		return o.RunDate
	}
	return farFuture
}

// farFuture is later than every real date.
const farFuture = Date(1<<31 - 1)

// run is one computation of measures over one Data and period: what the
// measures share is computed once, on first use.
type run struct {
	d   *Data
	p   Period
	opt MeasureOptions
	imp *imports   // import ranks and the cut-off ImportBy
	sel *Selection // latest submissions (Window)
}

func newRun(d *Data, p Period, opt MeasureOptions) (*run, error) {
	if err := opt.validate(p); err != nil {
		return nil, err
	}
	return &run{d: d, p: p, opt: opt, imp: newImports(d, opt.ImportBy)}, nil
}

// latest returns each council's latest submission covering the period
// within the window, computed once.
func (r *run) latest() *Selection {
	if r.sel == nil {
		r.sel = r.d.latestSubmissions(r.p, r.opt.Window)
	}
	return r.sel
}

// Results holds every measure the package computes from one CLD file for
// one period: the SALT measures, the ASCOF measures and the waiting
// times.
type Results struct {
	Period  Period         `json:"period"`
	STS001  *STS001Result  `json:"sts001"`
	STS002a *STS002aResult `json:"sts002a"`
	STS002b *STS002bResult `json:"sts002b"`
	LTS001a *LTSResult     `json:"lts001a"`
	LTS001b *LTSResult     `json:"lts001b"`
	LTS001c *LTSResult     `json:"lts001c"`
	LTS003  *LTSResult     `json:"lts003"`
	LTS004  *LTSResult     `json:"lts004"`
	// ASCOF2A is 2A with the STS002a entries it counts; ASCOF2BC holds
	// 2B and 2C; ASCOF3D holds 3D1a, 3D2a, 3D1b and 3D2b.
	ASCOF2A  *ASCOF2AResult   `json:"ascof2a"`
	ASCOF2BC *ASCOFTable      `json:"ascof2bc"`
	ASCOF2E  *ASCOFTable      `json:"ascof2e"`
	ASCOF3D  *ASCOFTable      `json:"ascof3d"`
	Waits    *WaitTimesResult `json:"waits"`
}

// Measures computes every measure for period p (usually a financial
// year, FinancialYear; the snapshot measures take p.End as the
// snapshot) over one read of a CLD file, sharing what the measures have
// in common: the rows grouped by client and sorted once, each council's
// latest submission chosen once, STS001 run once for itself, STS002a and
// ASCOF 2A, and STS002a's episodes counted by 2A. The result is the same
// as calling each measure's function (STS001, …, ASCOF2A, …, WaitTimes)
// with the same options, in less time and memory.
//
// Errors: an invalid period or options (ErrInvalidOptions).
func Measures(d *Data, p Period, opt MeasureOptions) (*Results, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	res := &Results{Period: p}
	// the measures on every import, then those on the latest submissions
	res.STS001 = r.sts001()
	base := r.stsBase()
	res.STS002a = r.sts002a(res.STS001.Cohort, base)
	res.ASCOF2A = r.ascof2A(res.STS001, res.STS002a)
	res.STS002b = r.sts002b(base)
	base = nil
	if res.Waits, err = r.waitTimes(); err != nil {
		return nil, err
	}
	res.ASCOF2BC = r.ascof2BC()
	res.LTS001a = r.lts001a()
	res.LTS001b = r.lts001b()
	res.LTS001c = r.lts001c()
	res.LTS003 = r.lts003()
	res.LTS004 = r.lts004()
	res.ASCOF2E = r.ascof2E()
	res.ASCOF3D = r.ascof3D()
	return res, nil
}

// SALTTables returns every table of the SALT measures, in the order of
// the measures.
func (r *Results) SALTTables() []*Table {
	var ts []*Table
	if r.STS001 != nil {
		ts = append(ts, r.STS001.Tables...)
		ts = append(ts, r.STS001.ByKind)
	}
	if r.STS002a != nil {
		ts = append(ts, r.STS002a.Table, r.STS002a.ByKind)
	}
	if r.STS002b != nil {
		ts = append(ts, r.STS002b.Table)
	}
	for _, l := range []*LTSResult{r.LTS001a, r.LTS001b, r.LTS001c, r.LTS003, r.LTS004} {
		if l != nil {
			ts = append(ts, l.Tables...)
		}
	}
	return ts
}

// ASCOFTables returns the ASCOF tables: 2A, 2B/2C, 2E and 3D.
func (r *Results) ASCOFTables() []*ASCOFTable {
	var ts []*ASCOFTable
	if r.ASCOF2A != nil {
		ts = append(ts, &r.ASCOF2A.ASCOFTable)
	}
	for _, t := range []*ASCOFTable{r.ASCOF2BC, r.ASCOF2E, r.ASCOF3D} {
		if t != nil {
			ts = append(ts, t)
		}
	}
	return ts
}

// Outputs returns every published table of the results, in order: the
// SALT tables, the ASCOF tables and the waiting times. Each writes CSV
// and lays itself out as report tables (Output).
func (r *Results) Outputs() []Output {
	var out []Output
	for _, t := range r.SALTTables() {
		out = append(out, t)
	}
	for _, t := range r.ASCOFTables() {
		out = append(out, t)
	}
	if r.Waits != nil {
		out = append(out, r.Waits)
	}
	return out
}

// Suppress returns a copy of the results whose every table has
// small-number suppression applied with opt: the tables of a measure
// together, linked where they share totals (STS001Result.Suppress,
// STS002aResult.Suppress, LTSResult.Suppress), and the ASCOF tables and
// the waits each as its Suppress does; records, people and steps are
// shared with r.
func (r *Results) Suppress(opt disclosure.Options) (*Results, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := *r
	var err error
	if r.STS001 != nil {
		if out.STS001, err = r.STS001.Suppress(opt); err != nil {
			return nil, err
		}
	}
	if r.STS002a != nil {
		if out.STS002a, err = r.STS002a.Suppress(opt); err != nil {
			return nil, err
		}
	}
	if r.STS002b != nil {
		s := *r.STS002b
		if s.Table, err = s.Table.Suppress(opt); err != nil {
			return nil, err
		}
		out.STS002b = &s
	}
	for _, l := range []**LTSResult{&out.LTS001a, &out.LTS001b, &out.LTS001c, &out.LTS003, &out.LTS004} {
		if *l != nil {
			if *l, err = (*l).Suppress(opt); err != nil {
				return nil, err
			}
		}
	}
	if r.ASCOF2A != nil {
		s := *r.ASCOF2A
		t, err := s.ASCOFTable.Suppress(opt)
		if err != nil {
			return nil, err
		}
		s.ASCOFTable = *t
		out.ASCOF2A = &s
	}
	for _, t := range []**ASCOFTable{&out.ASCOF2BC, &out.ASCOF2E, &out.ASCOF3D} {
		if *t != nil {
			if *t, err = (*t).Suppress(opt); err != nil {
				return nil, err
			}
		}
	}
	if r.Waits != nil {
		if out.Waits, err = r.Waits.Suppress(opt); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// MemoryLimit recommends a soft memory limit (runtime/debug's
// SetMemoryLimit, or GOMEMLIMIT) for computing the measures on d: 1.6
// times the memory d holds (Footprint), and at least 256 MiB. Set it
// after Read: reading needs no limit (its peak is about one and a half
// times what it keeps); the measures' working memory is then held close
// to a tenth of the data and the collector works harder near the limit
// instead of letting the heap grow to twice the live data. On the
// synthetic national file (20.3 million rows, 2.2 GB held) this keeps the
// peak resident memory of reading and every measure near 3.5 GB (4.6 GB
// without a limit). A limit is soft: the heap exceeds it rather than fail,
// at the cost of time.
func MemoryLimit(d *Data) int64 { return max(d.Footprint()*16/10, 256<<20) }
