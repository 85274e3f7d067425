package cld

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/pathway"
)

// PathwayOptions configures Data.Pathway. The zero value converts the
// service users' rows of the whole file, keyed by Data.Person.
type PathwayOptions struct {
	// Rows limits the conversion to a set of rows (nil: every row), for
	// example a LatestSubmissions selection.
	Rows *RowSet
	// Keys are the person keys to use (nil: Data.Person); rows whose key
	// is −1 are left out.
	Keys []int32
	// AllClientTypes converts every row; by default only rows whose
	// Client_Type is Service User are converted (carers' assessments and
	// services are a pathway of their own; see package carers).
	AllClientTypes bool
	// FinancialAssessments keeps assessments whose Assessment_Type names a
	// financial assessment; by default they are left out, as they are not
	// needs assessments and would open pathways of their own.
	FinancialAssessments bool
}

// PathwayData is CLD converted to pathway records. EventRow[k] and
// ServiceRow[k] are the Data rows Events[k] and Services[k] came from.
type PathwayData struct {
	Events     []pathway.Event
	Services   []pathway.Service
	EventRow   []int32
	ServiceRow []int32
	Report     ConversionReport
}

// ConversionReport accounts for every row: Rows = Converted +
// NotSelected + NoPerson + OtherClientType + FinancialAssessments +
// Superseded.
type ConversionReport struct {
	Rows      int
	Converted int
	// ByType counts converted rows by event type (index EventRequest …).
	ByType [EventReview + 1]int
	// NotSelected rows are outside PathwayOptions.Rows; NoPerson rows have
	// no person key; OtherClientType rows are not service users;
	// FinancialAssessments are financial assessments.
	NotSelected, NoPerson, OtherClientType, FinancialAssessments int
	// Superseded rows are earlier editions of an event that a later
	// import repeats (same council, person, event type, start date and,
	// for requests, route of access; for services, service type,
	// component and delivery mechanism): only the rows of the latest
	// import are converted. Rows of one import are never editions of each
	// other.
	Superseded int
	// ServicesWithoutCost counts converted services without a valid unit
	// cost or planned units (their planned weekly cost is zero).
	ServicesWithoutCost int
}

// Pathway converts rows into pathway events and services, so that
// pathway.Join, the waits, Kaplan–Meier, log-rank, snapshots, funnel
// comparisons and money along the pathway run on CLD:
//
//   - a request becomes a request event on its start date, carrying its
//     outcome (a request closed "NFA" closes its pathway on that date);
//   - an assessment becomes an assessment start on its start date and,
//     once ended, an assessment end on its end date carrying the outcome;
//   - a service becomes a pathway.Service (type mapped: long-term nursing,
//     residential, community, prison; ST-Max, ongoing low level, other
//     short term; carers' services and blank or invalid types have no
//     pathway type), with its planned units per week and unit cost (the
//     planned weekly cost is their product, whatever the cost frequency
//     says a unit is), plus a service start event and, once ended, a
//     service end event carrying the outcome;
//   - a review becomes a review event on its start date with its outcome.
//
// Person IDs are the council code, "/", and "N" or "L" with the person
// key (NHS-number or local-id keyed), so that no identifier is repeated;
// service IDs are "S" and the row's line. Only the latest edition of each
// event is converted (see ConversionReport.Superseded).
func (d *Data) Pathway(opt PathwayOptions) (*PathwayData, error) {
	keys := opt.Keys
	if keys == nil {
		keys = d.Person
	}
	if len(keys) != d.Len() || (opt.Rows != nil && opt.Rows.Len() != d.Len()) {
		return nil, errorf(ErrInvalidOptions, "keys or rows sized for another Data")
	}
	out := &PathwayData{}
	rep := &out.Report
	rep.Rows = d.Len()
	var cand []int32
	financial := financialRows(d.Column("Assessment_Type"))
	for i := range d.Len() {
		switch {
		case opt.Rows != nil && !opt.Rows.Has(i):
			rep.NotSelected++
		case keys[i] < 0:
			rep.NoPerson++
		case !opt.AllClientTypes && d.ClientType[i] != ClientServiceUser:
			rep.OtherClientType++
		case !opt.FinancialAssessments && d.EventType[i] == EventAssessment && financial(i):
			rep.FinancialAssessments++
		default:
			cand = append(cand, int32(i))
		}
	}
	// latest edition of each event: order by identity, then import, line
	subCouncil := make([]uint32, len(d.Submissions))
	subImport := make([]int64, len(d.Submissions))
	for k, sb := range d.Submissions {
		subCouncil[k], subImport[k] = sb.Council, sb.Import.UnixMilli()
	}
	imp := func(i int32) int64 { return subImport[d.Submission[i]] }
	same := func(a, b int32) int {
		c := cmp.Or(cmp.Compare(keys[a], keys[b]), cmp.Compare(d.Start[a], d.Start[b]), cmp.Compare(d.EventType[a], d.EventType[b]),
			cmp.Compare(subCouncil[d.Submission[a]], subCouncil[d.Submission[b]]))
		if c != 0 {
			return c
		}
		switch d.EventType[a] {
		case EventRequest:
			return cmp.Compare(d.Route[a], d.Route[b])
		case EventService:
			return cmp.Or(cmp.Compare(d.ServiceType[a], d.ServiceType[b]), cmp.Compare(d.Component[a], d.Component[b]),
				cmp.Compare(d.Delivery[a], d.Delivery[b]))
		}
		return 0
	}
	slices.SortFunc(cand, func(a, b int32) int {
		return cmp.Or(same(a, b), cmp.Compare(imp(a), imp(b)), cmp.Compare(a, b))
	})
	keep := cand[:0]
	for k := 0; k < len(cand); {
		// a group of rows of one event: keep those of its latest import
		e := k + 1
		for e < len(cand) && same(cand[k], cand[e]) == 0 {
			e++
		}
		last := imp(cand[e-1])
		for _, i := range cand[k:e] {
			if imp(i) == last {
				keep = append(keep, i)
			} else {
				rep.Superseded++
			}
		}
		k = e
	}
	slices.Sort(keep)

	codes := make([]string, len(d.Councils))
	for c, co := range d.Councils {
		codes[c] = co.Code
		if co.Code == "" {
			codes[c] = co.Name
		}
	}
	base := int32(len(d.NHSNumbers) - 1)
	var pid strings.Builder
	personID := func(i int32) string {
		pid.Reset()
		pid.WriteString(codes[d.Council(int(i))])
		k := keys[i]
		if k < base {
			pid.WriteString("/N")
			pid.WriteString(strconv.Itoa(int(k)))
		} else {
			pid.WriteString("/L")
			pid.WriteString(strconv.Itoa(int(k - base)))
		}
		return pid.String()
	}
	var class [256]pathway.OutcomeClass
	for v := range lists[ListEventOutcome].names {
		if EventOutcome(v).Valid() {
			class[v] = pathway.ClassifyOutcome(EventOutcome(v).String())
		}
	}
	out.Events = make([]pathway.Event, 0, len(keep)*3/2)
	ev := func(i int32, p, id string, t pathway.EventType, at Date, outcome EventOutcome, sid string) {
		o := ""
		if outcome.Valid() {
			o = outcome.String()
		}
		out.Events = append(out.Events, pathway.Event{Line: int(d.Line[i]), EventID: id,
			PersonID: p, Type: t, Date: at, Outcome: o, Class: class[outcome], ServiceID: sid})
		out.EventRow = append(out.EventRow, i)
	}
	for _, i := range keep {
		p := personID(i)
		id := "R" + strconv.Itoa(int(d.Line[i]))
		rep.Converted++
		rep.ByType[d.EventType[i]]++
		switch d.EventType[i] {
		case EventRequest:
			ev(i, p, id, pathway.EventRequest, d.Start[i], d.Outcome[i], "")
		case EventAssessment:
			if d.End[i].Valid() {
				ev(i, p, id, pathway.EventAssessmentStart, d.Start[i], OutcomeBlank, "")
				ev(i, p, id, pathway.EventAssessmentEnd, d.End[i], d.Outcome[i], "")
			} else {
				ev(i, p, id, pathway.EventAssessmentStart, d.Start[i], OutcomeBlank, "")
			}
		case EventReview:
			ev(i, p, id, pathway.EventReview, d.Start[i], d.Outcome[i], "")
		case EventService:
			sid := "S" + strconv.Itoa(int(d.Line[i]))
			s := pathway.Service{Line: int(d.Line[i]), ServiceID: sid, PersonID: p, Type: pathwayServiceType(d.ServiceType[i]),
				Start: d.Start[i], End: d.End[i]}
			if d.Flags[i]&HasUnitCost != 0 && d.Flags[i]&HasPlannedUnits != 0 {
				s.UnitCost = decimal.New(d.UnitCost[i], -6)
				s.PlannedUnitsPerWeek = decimal.NewFromFloat(d.PlannedUnits[i])
			} else {
				rep.ServicesWithoutCost++
			}
			out.Services = append(out.Services, s)
			out.ServiceRow = append(out.ServiceRow, i)
			if d.End[i].Valid() {
				ev(i, p, id, pathway.EventServiceStart, d.Start[i], OutcomeProvision, sid)
				ev(i, p, id, pathway.EventServiceEnd, d.End[i], d.Outcome[i], sid)
			} else {
				ev(i, p, id, pathway.EventServiceStart, d.Start[i], d.Outcome[i], sid)
			}
		}
	}
	return out, nil
}

// pathwayServiceType maps a CLD service type to pathway's.
func pathwayServiceType(t ServiceType) pathway.ServiceType {
	switch t {
	case ServiceLTNursing:
		return pathway.LongTermNursing
	case ServiceLTResidential:
		return pathway.LongTermResidential
	case ServiceLTCommunity:
		return pathway.LongTermCommunity
	case ServiceLTPrison:
		return pathway.LongTermPrison
	case ServiceSTMax:
		return pathway.ShortTermSTMax
	case ServiceSTLowLevel:
		return pathway.ShortTermLowLevel
	case ServiceSTOther:
		return pathway.ShortTermOther
	}
	return pathway.ServiceUnknown
}

// financialRows returns whether row i's Assessment_Type (column c, nil
// when absent) names a financial assessment.
func financialRows(c *TextColumn) func(i int) bool {
	isFin := func(s string) bool { return strings.Contains(strings.ToLower(s), "financial") }
	switch {
	case c == nil:
		return func(int) bool { return false }
	case c.numeric:
		return func(i int) bool { return isFin(c.Value(i)) }
	}
	fin := make([]bool, len(c.offs)-1)
	for k := range fin {
		fin[k] = isFin(c.Dict(uint32(k)))
	}
	return func(i int) bool { return fin[c.codes[i]] }
}
