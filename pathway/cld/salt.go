package cld

// SALTResult holds every SALT measure the package computes from CLD.
type SALTResult struct {
	Period  Period
	STS001  *STS001Result
	STS002a *STS002aResult
	STS002b *STS002bResult
	LTS001a *LTSResult
	LTS001b *LTSResult
	LTS001c *LTSResult
	LTS003  *LTSResult
	LTS004  *LTSResult
}

// Tables returns every table of every measure, in the order of the
// measures.
func (r *SALTResult) Tables() []*Table {
	var ts []*Table
	ts = append(ts, r.STS001.Tables...)
	ts = append(ts, r.STS001.ByKind, r.STS002a.Table, r.STS002a.ByKind, r.STS002b.Table)
	for _, l := range []*LTSResult{r.LTS001a, r.LTS001b, r.LTS001c, r.LTS003, r.LTS004} {
		ts = append(ts, l.Tables...)
	}
	return ts
}

// SALT computes the SALT measures NHS England reproduces from CLD for the
// period of interest p (usually a financial year, FinancialYear; the
// snapshot measures take p.End as the snapshot), following its "Central
// Transformation Principles: Reproducing SALT metrics from CLD" (2023/24)
// and, where they differ, its published replication code, which is what
// NHS England runs (the package documentation lists the differences).
// Each measure is also a function of its own (STS001, STS002a, STS002b,
// LTS001a, LTS001b, LTS001c, LTS003, LTS004); SALT shares the work of
// STS001 with STS002a and the rows of STS002a with STS002b.
//
// What each measure counts:
//   - STS001: requests for support from new clients, by sequel, route of
//     access and age band. Service users' events starting by the period
//     end, of people alive at its start with a known birth month, keyed
//     by the person rule; the latest edition of each request and service
//     (SALTOptions.ImportBy); requests clustered (a request starting
//     within 4 days of the previous one's end joins its cluster); a
//     cluster counted when a request of it ends in the period, its end
//     the latest such end and its route, outcome and age those of the
//     request ending then (the outcome hierarchy choosing among requests
//     ending that day); only clusters of new clients (no long-term
//     service open on the cluster's start); the sequel searched in the
//     client's later events (SequelKind): none (no chronology), the first
//     more than 28 days later and not open, or another request (not in
//     scope), else the chain of events each starting within 3 days of the
//     previous one's end: its best ranked service, or its latest NFA or
//     end-of-life outcome, or the request's own outcome.
//   - STS002a: what followed new clients' ST-Max: the ST-Max services in
//     the chains of STS001's ST-Max sequels, clustered into episodes (1
//     day's gap), counted when the episode ends in the period, with the
//     sequel found as for STS001 but within 3 days, stopping at another
//     ST-Max, ranking long-term services first, and with the code's
//     STS002a mapping.
//   - STS002b: the number of ST-Max episodes of existing clients
//     (long-term support open when the episode started), ending in the
//     period; the code computes no breakdown of what followed.
//   - LTS001a: people with long-term support during the period (latest
//     submission), by primary support reason and setting, 18 to 64 and 65
//     and over; LTS001b the same at the snapshot, plus support from an
//     unpaid carer, and ethnicity for men and women; LTS001c those of the
//     snapshot whose support has run more than 12 months. A person counts
//     once per table: in the first setting of the hierarchy, with the
//     attribute of their rows in that setting that have a known value and
//     started last, or "Unknown" when those disagree.
//   - LTS003: carers supported during the period, by the support
//     provided (a hierarchy from direct payments to no direct support),
//     with the age band of the carer.
//   - LTS004: working-age clients with a learning disability on long-term
//     support, by last known employment and accommodation status, and
//     gender.
//
// STS004 is not computed: the principles note it was not carried over to
// CLD (ASCOF 2D stays with SALT for 2023/24). LTS002a and LTS002b are
// described by the principles as an approach only, with no code, and
// depend on sequels CLD cannot record (levels of support increased or
// decreased, suspended support); they are not computed.
//
// Every measure returns typed tables in the SALT layout (Table, with a
// block per council and one for all councils, and WriteCSV with optional
// small-number suppression), the records or people counted, and a step
// log (Step) that says what every rule removed. Errors: an invalid period
// or window (ErrInvalidOptions).
func SALT(d *Data, p Period, opt SALTOptions) (*SALTResult, error) {
	r := &SALTResult{Period: p}
	var err error
	if r.STS001, err = STS001(d, p, opt); err != nil {
		return nil, err
	}
	base := newSTSBase(d, p)
	r.STS002a = sts002a(d, p, opt, r.STS001.Cohort, base)
	r.STS002b = sts002b(d, p, opt, base)
	for _, m := range []struct {
		f   func(*Data, Period, SALTOptions) (*LTSResult, error)
		dst **LTSResult
	}{{LTS001a, &r.LTS001a}, {LTS001b, &r.LTS001b}, {LTS001c, &r.LTS001c}, {LTS003, &r.LTS003}, {LTS004, &r.LTS004}} {
		if *m.dst, err = m.f(d, p, opt); err != nil {
			return nil, err
		}
	}
	return r, nil
}
