package cld

import (
	"cmp"
	"slices"
)

// ASCOF2AResult is ASCOF 2A with the STS002a table it is built from.
type ASCOF2AResult struct {
	ASCOFTable
	// Cohort is the number of ST-Max start dates (client and date) that
	// STS001 found as the sequel of a new client's request.
	Cohort int `json:"cohort"`
	// Sequels counts the STS002a entries by council, record type, final
	// outcome and mapped outcome (the code's FINAL_OUTCOME and
	// FINAL_OUTCOME_MAPPED), councils in Data order.
	Sequels []ASCOF2ASequel `json:"sequels"`
}

// ASCOF2ASequel is one line of the STS002a table behind ASCOF 2A.
type ASCOF2ASequel struct {
	Council int    `json:"council"`
	Code    string `json:"la_code"`
	// RecordType is the code's Record_Type (the episode's SequelKind): 1
	// no further events; 2 a service in the sequel chain; 3 no service,
	// an NFA outcome in the chain; 4 no service and no NFA: the episode's
	// own outcome; 5 later events, none in scope (too late, or another
	// ST-Max first).
	RecordType int `json:"record_type"`
	// FinalOutcome and Mapped are the code's labels, spelled as it builds
	// them ("No_Chronology_…", "No Service Found_…", SALT categories).
	FinalOutcome string `json:"final_outcome"`
	Mapped       string `json:"mapped"`
	Count        int    `json:"count"`
	// InDenominator and InNumerator say whether Mapped is in 2A's
	// denominator and numerator lists.
	InDenominator bool `json:"in_denominator"`
	InNumerator   bool `json:"in_numerator"`
}

// 2A's labels: the STS002a categories (#REF_ST_MAX_Sequel_Mappings) and
// those the code builds.
var (
	ascof2ASelfFunding = sts002aLabels[STS002aSelfFunding]
	ascof2ADeclined    = sts002aLabels[STS002aDeclined]
	ascof2AUniversal   = sts002aLabels[STS002aUniversal]
	ascof2AOther       = sts002aLabels[STS002aOther]
	ascof2ALongTerm    = sts002aLabels[STS002aLongTerm]
	ascof2ALowLevel    = sts002aLabels[STS002aLowLevel]
	ascof2AShortOther  = sts002aLabels[STS002aShortTermOther]
)

const (
	ascof2ANoService = "No Service Found"
	// the code's record type 4 spells this one with a hyphen, so it is in
	// neither of 2A's lists (which have an en dash)
	ascof2AOtherHyphen = "No services provided - other"
	ascof2ANoChron     = "No_Chronology_"
	ascof2AUnclassed   = "No_Chronology_Unable_To_Classify"
)

// ascof2AMapping maps an outcome to its STS002a category ("" when the
// code's table has no entry).
func ascof2AMapping(o EventOutcome) string {
	if s, ok := sts002aOfOutcome(o); ok {
		return s.String()
	}
	return ""
}

// ascof2AServiceMapping maps a sequel service type to its STS002a
// category ("" for none).
func ascof2AServiceMapping(t ServiceType) string {
	if s := sts002aOfService(t); s != STS002aUnclassified {
		return s.String()
	}
	return ""
}

func ascof2AInDenominator(m string) bool {
	switch m {
	case ascof2ALongTerm, ascof2ALowLevel, ascof2AShortOther, ascof2AUniversal, ascof2AOther:
		return true
	}
	return false
}

func ascof2AInNumerator(m string) bool { return m != ascof2ALongTerm && ascof2AInDenominator(m) }

// ASCOF2A computes ASCOF 2A, "the proportion of people who received
// short-term services during the year – who previously were not
// receiving services – where no further request was made for ongoing
// support", for period p, as NHS England's replication code does: its
// STS001 script finds the ST-Max services that followed new clients'
// requests, and its STS002a script, which the 2A code runs in full,
// finds what followed each period of reablement. The package runs its
// own STS001 and STS002a (the same records, steps and options) and
// counts the code's STS002a table from the episodes:
//
//  1. each episode once: the records the code's joins on a blank outcome
//     add (STMaxEpisode.Copy) are left out, where the code would list
//     them besides the episode's real entry;
//  2. the episode's record type and labels as the code spells them
//     (ASCOF2ASequel); entries of record type 3 are inserted with
//     DISTINCT on council, client and outcome, so two episodes of one
//     client that end in the same NFA are one entry;
//  3. denominator: entries mapped to long-term support, ongoing low
//     level support, short-term support (other), universal services /
//     signposting, or no services provided – other; numerator: the same
//     without long-term support; outcome: numerator / denominator × 100.
//
// The code counts entries of its STS002a table, not events. Where its
// labels make an entry fall outside both lists (an ST-Max with no later
// events, or none in scope, whose outcome is not "Service ended as
// planned": the code prefixes it "No_Chronology_"; record type 4 with
// that outcome, which it spells with a hyphen), the entry is listed in
// Sequels but not counted.
func ASCOF2A(d *Data, p Period, opt MeasureOptions) (*ASCOF2AResult, error) {
	r, err := newRun(d, p, opt)
	if err != nil {
		return nil, err
	}
	s1 := r.sts001()
	return r.ascof2A(s1, r.sts002a(s1.Cohort, r.stsBase())), nil
}

func (r *run) ascof2A(s1 *STS001Result, s2 *STS002aResult) *ASCOF2AResult {
	d := r.d
	res := &ASCOF2AResult{ASCOFTable: ASCOFTable{Measure: "2A", Period: r.p}, Cohort: len(s1.Cohort)}
	t := &res.ASCOFTable
	t.Steps.prefixed("STS001: ", s1.Steps)
	t.Steps.prefixed("STS002a: ", s2.Steps)
	counts := newASCOFCounts(d, "2A", "Total")
	type seqKey struct {
		council uint32
		rt      int
		final   string
		mapped  string
	}
	seqs := map[seqKey]int{}
	var r3 []string // record-3 final outcomes of the current client
	var copies, folded int
	for k, e := range s2.Episodes {
		if k == 0 || e.Council != s2.Episodes[k-1].Council || e.Person != s2.Episodes[k-1].Person {
			r3 = r3[:0]
		}
		if e.Copy {
			copies++
			continue
		}
		q := seqKey{council: e.Council}
		q.rt, q.final, q.mapped = ascof2AEntry(e)
		if q.rt == 3 {
			if slices.Contains(r3, q.final) {
				folded++
				continue // the code inserts record type 3 with DISTINCT, without the episode
			}
			r3 = append(r3, q.final)
		}
		seqs[q]++
		if ascof2AInDenominator(q.mapped) {
			counts.den[e.Council]++
			if ascof2AInNumerator(q.mapped) {
				counts.num[e.Council]++
			}
		}
	}
	n := len(s2.Episodes)
	t.Steps.add("2A: each episode once (the records the code's joins on a blank outcome add are not entries of 2A)", "STS002a entries", n, n-copies)
	n -= copies
	t.Steps.add("STS002a: clusters of one client with the same record-type-3 sequel are one entry (the code's DISTINCT)", "STS002a entries", n, n-folded)
	n -= folded
	var den int64
	for _, x := range counts.den {
		den += x
	}
	t.Steps.add("2A: sequel in 2A's denominator list (long-term support, ongoing low level, short-term support (other), universal services / signposting, no services provided – other; not early cessation, self-funding, support declined, no service found or unclassified)", "STS002a entries", n, int(den))
	for k, c := range seqs {
		res.Sequels = append(res.Sequels, ASCOF2ASequel{Council: int(k.council), Code: d.Councils[k.council].Code,
			RecordType: k.rt, FinalOutcome: k.final, Mapped: k.mapped, Count: c,
			InDenominator: ascof2AInDenominator(k.mapped), InNumerator: ascof2AInNumerator(k.mapped)})
	}
	slices.SortFunc(res.Sequels, func(a, b ASCOF2ASequel) int {
		return cmp.Or(cmp.Compare(a.Council, b.Council), cmp.Compare(a.RecordType, b.RecordType),
			cmp.Compare(a.Mapped, b.Mapped), cmp.Compare(a.FinalOutcome, b.FinalOutcome))
	})
	t.Rows = ascofRows(d, 100, counts)
	return res
}

// ascof2AOutcomeLabel is the code's text of an outcome ("" for blank, as
// a NULL added to a string is NULL).
func ascof2AOutcomeLabel(o EventOutcome) string {
	if o == OutcomeBlank {
		return ""
	}
	return o.String()
}

// ascof2AEntry returns an STS002a episode's entry in the code's table:
// its record type, final outcome and mapped outcome, spelled as the code
// builds them.
func ascof2AEntry(e STMaxEpisode) (int, string, string) {
	out := e.Outcome
	noChron := func(rt int) (int, string, string) {
		final := ""
		if out != OutcomeBlank {
			final = ascof2ANoChron + ascof2AOutcomeLabel(out)
		}
		switch m := ascof2AMapping(out); {
		case out == OutcomeEndedAsPlanned:
			return rt, final, ascof2AOther
		case m != "":
			return rt, final, ascof2ANoChron + m
		}
		return rt, final, ascof2AUnclassed
	}
	switch e.Kind {
	case SequelNoChronology, SequelOutOfScope:
		return noChron(int(e.Kind))
	case SequelService:
		return 2, e.Service.String(), ascof2AServiceMapping(e.Service)
	case SequelNFA:
		if e.NFA == OutcomeNFAOther {
			return 3, OutcomeNFAOther.String(), ascof2AOther
		}
		return 3, e.NFA.String(), ascof2AMapping(e.NFA)
	}
	final := ""
	if out != OutcomeBlank {
		final = "No Service Found_" + ascof2AOutcomeLabel(out)
	}
	switch {
	case out.NFA():
		return 4, final, ascof2AMapping(out)
	case out == OutcomeEndedAsPlanned:
		return 4, final, ascof2AOtherHyphen
	}
	return 4, final, ascof2ANoService
}
