package cld

import (
	"cmp"
	"math"
	"slices"
)

// Helpers shared by the ASCOF measures and the waiting times: the
// filtering of rows with a reason per removed row, the person rule with
// its steps, the replication code's "latest edition of each event" within
// a client's rows, the chain of follow-on events of the sequel rules, the
// derived-age bands and the per-council rows of a result. (The SALT
// measures need the same ideas; these are written for the ASCOF files.)

// ascofFar stands for the end of an open event where the code puts the
// run date ("CAST(GETDATE() AS Date)") and no run date is given: later
// than any date in the data.
const ascofFar = Date(math.MaxInt32)

// ascofRule is one row filter: a row failing keep is removed, and the
// removal is put down to why.
type ascofRule struct {
	why  string
	keep func(i int) bool
}

// ascofFilter returns the rows of base (every row when nil) that pass
// every rule, and appends one step per rule to steps: a removed row is
// put down to the first rule it fails, so the steps add up.
func ascofFilter(d *Data, base *RowSet, rules []ascofRule, steps *[]ASCOFStep) *RowSet {
	out := NewRowSet(d.Len())
	removed := make([]int, len(rules))
	left := 0
	visit := func(i int) bool {
		for k := range rules {
			if !rules[k].keep(i) {
				removed[k]++
				return true
			}
		}
		out.Add(i)
		left++
		return true
	}
	n := d.Len()
	if base == nil {
		for i := range n {
			visit(i)
		}
	} else {
		base.Rows(visit)
	}
	total := left
	for _, r := range removed {
		total += r
	}
	for k, r := range rules {
		total -= removed[k]
		*steps = append(*steps, ASCOFStep{Step: r.why, Unit: "rows", Removed: removed[k], Left: total})
	}
	return out
}

// ascofPersons applies the hybrid person rule to set and records the two
// removal steps.
func ascofPersons(d *Data, set *RowSet, steps *[]ASCOFStep) *PersonKeys {
	pk := d.Persons(set)
	left := pk.Rows - pk.RemovedSeenWithNHS
	*steps = append(*steps,
		ASCOFStep{Step: "person rule: no NHS number, and the local id is carried with an NHS number on another row of the measure's rows", Unit: "rows", Removed: pk.RemovedSeenWithNHS, Left: left},
		ASCOFStep{Step: "person rule: neither an NHS number nor a local id", Unit: "rows", Removed: pk.RemovedNoID, Left: left - pk.RemovedNoID})
	return pk
}

// ascofImports ranks the imports of a Data: rank[s] orders submission s's
// import instant among all (equal instants share a rank), and after[s]
// says whether its calendar date is after the cut-off by (never when by
// is NoDate).
type ascofImports struct {
	rank  []int32
	after []bool
}

func newASCOFImports(d *Data, by Date) *ascofImports {
	n := len(d.Submissions)
	x := &ascofImports{rank: make([]int32, n), after: make([]bool, n)}
	ms := make([]int64, n)
	order := make([]int, n)
	for k, s := range d.Submissions {
		ms[k] = s.Import.UnixMilli()
		if s.Import.IsZero() {
			ms[k] = math.MinInt64
		}
		order[k] = k
		x.after[k] = !(Window{By: by}).in(s.Import)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ms[a], ms[b]) })
	r := int32(0)
	for j, k := range order {
		if j > 0 && ms[k] != ms[order[j-1]] {
			r++
		}
		x.rank[k] = r
	}
	return x
}

// ascofEditionStats counts what ascofLatest set aside.
type ascofEditionStats struct {
	earlier int // rows of an event whose later import is kept
	late    int // rows of imports after the cut-off
}

// ascofEditionKinds says which event types ascofImports.latest reduces
// to their latest edition.
type ascofEditionKinds uint8

const (
	ascofEdRequests ascofEditionKinds = 1 << iota // requests, by start and route (the code's)
	ascofEdServices                               // services, by start, type, component, mechanism (the code's)
	ascofEdOthers                                 // assessments and reviews, by type and start (the waiting times')
)

// latest appends to dst the rows of one client (in Clients order) that
// are the latest edition of their event, as the code's "latest edition"
// step keeps them: a request is identified by its start date and route
// of access, a service by its start date, service type, component and
// delivery mechanism, an assessment or review by its type and start date
// (and by the council, person and client type, as the code's
// concatenations), for the kinds asked for; of the rows of an
// event, those of its latest import among imports on or before the
// cut-off are kept (all of them when that import has several: the code
// ranks with DENSE_RANK), those of earlier imports and of imports after
// the cut-off are set aside. Other rows are kept whatever their import.
// The rows keep their order.
func (x *ascofImports) latest(d *Data, rows []int32, kinds ascofEditionKinds, dst []int32, st *ascofEditionStats) []int32 {
	edition := func(i int32) bool {
		switch d.EventType[i] {
		case EventRequest:
			return kinds&ascofEdRequests != 0
		case EventService:
			return kinds&ascofEdServices != 0
		}
		return kinds&ascofEdOthers != 0
	}
	same := func(a, b int32) bool {
		if d.EventType[a] != d.EventType[b] || d.Start[a] != d.Start[b] || d.ClientType[a] != d.ClientType[b] {
			return false
		}
		switch d.EventType[a] {
		case EventRequest:
			return d.Route[a] == d.Route[b]
		case EventService:
			return d.ServiceType[a] == d.ServiceType[b] && d.Component[a] == d.Component[b] && d.Delivery[a] == d.Delivery[b]
		}
		return true
	}
	// rows are in start order: work through runs of equal start dates
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && d.Start[rows[hi]] == d.Start[rows[lo]] {
			hi++
		}
		run := rows[lo:hi]
		var best func(i int32) int32
		if len(run) <= 32 {
			best = func(i int32) int32 {
				b := x.rank[d.Submission[i]]
				for _, j := range run {
					if sj := d.Submission[j]; !x.after[sj] && x.rank[sj] > b && same(i, j) {
						b = x.rank[sj]
					}
				}
				return b
			}
		} else {
			// a long run of one start date: sort it by event, latest
			// import first, so that each event's best rank is its first
			sorted := slices.Clone(run)
			key := func(a, b int32) int {
				if c := cmp.Or(cmp.Compare(d.EventType[a], d.EventType[b]), cmp.Compare(d.ClientType[a], d.ClientType[b])); c != 0 {
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
			afterCmp := func(a, b int32) int {
				fa, fb := x.after[d.Submission[a]], x.after[d.Submission[b]]
				switch {
				case fa == fb:
					return 0
				case fa:
					return 1
				}
				return -1
			}
			slices.SortFunc(sorted, func(a, b int32) int {
				return cmp.Or(key(a, b), afterCmp(a, b), cmp.Compare(x.rank[d.Submission[b]], x.rank[d.Submission[a]]))
			})
			top := map[int32]int32{}
			for k, j := range sorted {
				if k == 0 || key(j, sorted[k-1]) != 0 {
					top[j] = x.rank[d.Submission[j]]
				} else {
					top[j] = top[sorted[k-1]]
				}
			}
			best = func(i int32) int32 { return max(top[i], x.rank[d.Submission[i]]) }
		}
		for _, i := range run {
			if !edition(i) {
				dst = append(dst, i)
				continue
			}
			s := d.Submission[i]
			if x.after[s] {
				st.late++
				continue
			}
			if best(i) == x.rank[s] {
				dst = append(dst, i)
			} else {
				st.earlier++
			}
		}
		lo = hi
	}
	return dst
}

// ascofEnd is a row's end date with an open end read as runDate (the
// code's placeholder), or ascofFar when no run date is given.
func ascofEnd(d *Data, i int32, runDate Date) Date {
	if e := d.End[i]; e.Valid() {
		return e
	}
	if runDate.Valid() {
		return runDate
	}
	return ascofFar
}

// ascofChain finds, among the follow-on events evs of a cluster (rows in
// time order: start, then end with open events last, then event type and
// line — the stated tie rule), those the code keeps as the cluster's
// sequel chain, as its "islands and gaps" step does:
//   - an event's flag is 0 when it starts more than 3 days after the end
//     of the event before it in that order (1 when that event is open:
//     the code's DATEDIFF of a NULL is NULL, not > 3);
//   - an event starting on the first follow-on date is in the chain unless
//     it starts more than firstGap days after the cluster ends (an open
//     one always is); a later one while every flag so far is 1;
//   - the chain is in scope up to the first event not in it, and ends
//     before the first date on which an event breaks it (brk): another
//     request (STS001) or another ST-Max (STS002a).
//
// Events starting on the same day are judged together, as the code's
// window functions order by start date only (RANGE frames). It returns
// the kept prefix of evs.
func ascofChain(d *Data, evs []int32, clusterEnd Date, firstGap int, brk func(i int32) bool) []int32 {
	kept := 0
	minFlag := true
	for lo := 0; lo < len(evs); {
		hi := lo + 1
		for hi < len(evs) && d.Start[evs[hi]] == d.Start[evs[lo]] {
			hi++
		}
		start := d.Start[evs[lo]]
		if lo == 0 {
			for _, i := range evs[lo:hi] {
				if d.End[i].Valid() && start > clusterEnd.AddDays(firstGap) {
					return evs[:0]
				}
			}
		} else if p := evs[lo-1]; d.End[p].Valid() && start > d.End[p].AddDays(3) {
			minFlag = false
		}
		if !minFlag {
			break
		}
		for _, i := range evs[lo:hi] {
			if brk(i) {
				return evs[:kept]
			}
		}
		kept = hi
		lo = hi
	}
	return evs[:kept]
}

// ascofBand is an age band of the ASCOF tables.
type ascofBand uint8

const (
	ascofBandNone    ascofBand = iota // under 18, or age unknown
	ascofBand18To64                   // 18 to 64
	ascofBand65AndOn                  // 65 and over
)

// ascofBandOf bands a derived age as the code does: 18–64 ("between 18
// and 64") and 65 and over ("> 64").
func ascofBandOf(age int, ok bool) ascofBand {
	switch {
	case !ok || age < 18:
		return ascofBandNone
	case age <= 64:
		return ascofBand18To64
	}
	return ascofBand65AndOn
}

var ascofBandNames = [...]string{"", "18 to 64", "65 and over"}

// ascofCounts accumulates numerators and denominators per council for
// one measure code and disaggregation.
type ascofCounts struct {
	measure, dis string
	num, den     []int64
}

func newASCOFCounts(d *Data, measure, dis string) *ascofCounts {
	return &ascofCounts{measure: measure, dis: dis, num: make([]int64, len(d.Councils)), den: make([]int64, len(d.Councils))}
}

// ascofRows turns counts into table rows: for each council in Data order
// the rows of every counts in turn, then the all-councils rows. scale is
// 100 for a percentage.
func ascofRows(d *Data, scale float64, counts ...*ascofCounts) []ASCOFRow {
	var rows []ASCOFRow
	for c := range d.Councils {
		for _, k := range counts {
			rows = append(rows, ASCOFRow{Council: c, Code: d.Councils[c].Code, Name: d.Councils[c].Name,
				Measure: k.measure, Disaggregation: k.dis, Numerator: k.num[c], Denominator: k.den[c],
				HasDenominator: true, Outcome: ratio(k.num[c], k.den[c], scale)})
		}
	}
	for _, k := range counts {
		var n, m int64
		for c := range d.Councils {
			n += k.num[c]
			m += k.den[c]
		}
		rows = append(rows, ASCOFRow{Council: -1, Name: "All councils", Measure: k.measure, Disaggregation: k.dis,
			Numerator: n, Denominator: m, HasDenominator: true, Outcome: ratio(n, m, scale)})
	}
	return rows
}
