package cld

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// SynthOptions configures Synthesize. The zero value writes NHS England's
// view for 1,000 ras/synth persons (seed 0) at one council, for 2023/24,
// with the default rates below.
type SynthOptions struct {
	// Seed selects the ras/synth population and every draw.
	Seed uint64
	// Persons is how many ras/synth persons to draw (0: 1,000), from index
	// First. Children (cohort "children") get no CLD rows.
	Persons int
	First   int
	// Councils is the number of councils (0: 1); each person belongs to
	// one.
	Councils int
	// Layout is LayoutNHSE (the default) or LayoutCouncil.
	//
	// NHS England's view stacks every import of the year: each council's
	// four cumulative quarterly returns (1 April to the quarter's end),
	// some imported twice (Resubmit), each row repeated in every return
	// its event overlaps, as it stood at that quarter's end (an event
	// ending later is open, with no end date).
	//
	// A council's own submission is its year-end return only: one import,
	// no ImportDate column.
	Layout Layout
	// Year is the financial year of interest (0: 2023, that is 2023/24).
	Year int
	// Rates (0 means the default; a negative value means none):
	// MissingNHS, the share of persons without an NHS number (0.03);
	// MissingNHSRow, the share of the other persons' rows that omit it
	// (0.03); SecondLocalID, the share of persons the council gave a
	// second local id, used on some of their rows (0.01); Resubmit, the
	// share of returns imported twice (0.25); Invalid, the share of rows
	// with one invalid or variant value (0.01); Deaths, the share of
	// service users who die in the year or soon after (0.04); Boundary, the
	// share of persons whose birth month puts them at 17, 18, 64 or 65 at
	// the end of the year (0.02).
	MissingNHS, MissingNHSRow, SecondLocalID, Resubmit, Invalid, Deaths, Boundary float64
}

func rate(x, def float64) float64 {
	switch {
	case x == 0:
		return def
	case x < 0:
		return 0
	}
	return x
}

// Validate checks the options.
func (o *SynthOptions) Validate() error {
	for _, x := range []float64{o.MissingNHS, o.MissingNHSRow, o.SecondLocalID, o.Resubmit, o.Invalid, o.Deaths, o.Boundary} {
		if !(x <= 1) || math.IsNaN(x) {
			return errorf(ErrInvalidOptions, "synth rate %v above 1", x)
		}
	}
	if o.Persons < 0 || o.First < 0 || o.Councils < 0 || o.Councils > 999 || o.Year < 0 ||
		(o.Year != 0 && (o.Year < 1950 || o.Year > 2090)) || o.Layout > LayoutNHSE {
		return errorf(ErrInvalidOptions, "synth options Persons %d, First %d, Councils %d, Year %d, Layout %d",
			o.Persons, o.First, o.Councils, o.Year, o.Layout)
	}
	return nil
}

// SynthSummary describes a synthetic file.
type SynthSummary struct {
	Layout Layout
	Period Period
	// Window is the submission window that selects each council's
	// year-end return with LatestSubmissions (imports after the period's
	// last day, up to 60 days after it).
	Window   Window
	Rows     int
	Persons  int // persons with at least one row
	Councils []Council
	// Submissions lists every import written.
	Submissions []SynthSubmission
}

// SynthSubmission is one import of one council's return.
type SynthSubmission struct {
	Council int
	Quarter int // 1–4
	Period  Period
	Import  time.Time // zero in the council layout
	// Latest is false for an import a later import of the same council
	// and quarter supersedes.
	Latest bool
	Rows   int
}

// SynthTruth receives what the generator knows; nil functions are not
// called. The pointers are valid only during the call.
type SynthTruth struct {
	Person func(*TruthPerson)
	Row    func(*TruthRow)
}

// TruthPerson is one person's story as the generator wrote it.
type TruthPerson struct {
	Index      int // ras/synth person index
	Council    int
	ClientType ClientType
	// HasNHS: the person has an NHS number (some rows may still omit it;
	// see TruthRow.NHS). LocalIDs is 1, or 2 when the council gave the
	// person a second local id.
	HasNHS   bool
	LocalIDs int
	// Birth is the proxy date of birth (NoDate when not written); AgeAtEnd
	// is AgeAt(Birth, period end) and CalendarAgeAtEnd the calendar age.
	Birth                      Date
	AgeAtEnd, CalendarAgeAtEnd int
	Boundary                   bool // birth chosen at the 18 or 65 boundary
	// Death is the date of death (NoDate: none). It is written on the
	// rows of the returns whose quarter ends on or after it; a death after
	// the year is on no row, but its events end on it.
	Death Date
	// Existing: the person had long-term support before the year began.
	Existing bool
	// The person's attributes as written on every row (a row the
	// generator corrupts carries an invalid gender, ethnicity or
	// accommodation status instead; see TruthRow.Corrupt). PSR is written
	// on every row but requests, which carry none.
	Gender        Gender
	Ethnicity     Ethnicity
	PSR           PrimarySupportReason
	Accommodation AccommodationStatus
	Employment    EmploymentStatus
	UnpaidCarer   HasUnpaidCarer
	// Events is the story as the year-end return shows it (events
	// starting after the period are not written; an event ending after it
	// is open), in time order (start, then end with open last).
	Events []TruthEvent
	// Requests are the person's request clusters, in time order.
	Requests []TruthRequest
}

// TruthEvent is one event of a story, in its final edition (see
// TruthPerson.Events).
type TruthEvent struct {
	Type          EventType
	Start, End    Date
	Outcome       EventOutcome
	Route         RouteOfAccess
	Service       ServiceType
	Component     ServiceComponent
	Delivery      DeliveryMechanism
	Review        ReviewReason
	CostFrequency CostFrequency
	UnitCost      int64   // MicroPounds; 0 when none
	Units         float64 // planned units per week; 0 when none
	// Rows is how many rows the event has in the file (one per import of
	// each return it overlaps).
	Rows int
}

// SequelKind is how a request cluster's sequel is found under the
// principles (the record types of NHS England's STS001 code).
type SequelKind uint8

// Sequel kinds.
const (
	// SequelNone: not derived (the cluster is open at the period end, or
	// is not a new client's).
	SequelNone SequelKind = iota
	// SequelNoChronology: no event starts on or after the cluster's end.
	SequelNoChronology
	// SequelService: a service is in the chain; Service is the one ranked
	// highest in the hierarchy (ST-Max, nursing, residential, community,
	// prison, ongoing low level, other short term).
	SequelService
	// SequelNFA: no service in the chain, but an event of the chain ends
	// "NFA" or "Progress to End of Life Care"; Outcome is it ("NFA- Other"
	// when they differ).
	SequelNFA
	// SequelNoService: the chain holds neither; Outcome is the cluster's
	// own.
	SequelNoService
	// SequelOutOfScope: the first later event starts more than 28 days
	// after the cluster ends, or is another request; Outcome is the
	// cluster's own.
	SequelOutOfScope
)

// TruthRequest is one request cluster: requests starting within 4 days
// of the previous one's end.
type TruthRequest struct {
	// Events are the indices in TruthPerson.Events of the cluster's
	// requests.
	Events []int
	// Start is the earliest start; End the latest end (NoDate when one of
	// them is open at the period end).
	Start, End Date
	// Route and Outcome are those of the request ending last.
	Route   RouteOfAccess
	Outcome EventOutcome
	// NewClient: no long-term service open on Start (one starting on or
	// before Start and ending on or after it, or open).
	NewClient bool
	// InPeriod: End is in the period.
	InPeriod bool
	// Sequel, with SequelService or SequelOutcome, is the sequel the
	// principles give for a new client's cluster ending in the period
	// (SequelNone otherwise), derived from the story: the chain is the
	// events starting on or after End (the cluster's own requests left
	// out), in order of start, then end (open last: the tie rule); it is
	// in scope when the first starts within 28 days of End or is open; it
	// goes on while each event starts within 3 days of the previous one's
	// end (or the previous one is open), and stops before any request.
	Sequel        SequelKind
	SequelService ServiceType
	SequelOutcome EventOutcome
}

// TruthRow is one written row.
type TruthRow struct {
	Line       int
	Person     int // ras/synth person index
	Event      int // index in TruthPerson.Events
	Submission int // index in SynthSummary.Submissions
	// NHS: the row carries the NHS number; Local is the local id used (1
	// or 2).
	NHS   bool
	Local int
	// Key is what the hybrid person rule does to the row over the whole
	// file: ByNHS, ByLocal or RemovedSeenWithNHS (no synthetic row lacks
	// both ids).
	Key KeyOutcome
	// Corrupt names the field given an invalid value (and the list); when
	// Variant is true, the value is a variant spelling recorded as the
	// canonical one instead. HasCorrupt is false for clean rows.
	HasCorrupt bool
	Corrupt    List
	Variant    bool
}

// KeyOutcome is what the person rule does to a row.
type KeyOutcome uint8

// Key outcomes.
const (
	KeyByNHS KeyOutcome = iota
	KeyByLocal
	KeyRemovedSeenWithNHS
	KeyRemovedNoID
)

// Synthesize writes a synthetic CLD file for ras/synth persons First to
// First+Persons−1 to w, streaming (memory does not grow with Persons), and
// reports its truth to truth (nil for none). See SynthOptions for the
// layouts and rates, and the package documentation for the stories.
func Synthesize(w io.Writer, opt SynthOptions, truth *SynthTruth) (*SynthSummary, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	g := newGen(opt)
	if truth == nil {
		truth = &SynthTruth{}
	}
	g.truth = truth
	g.w = newCSVOut(w)
	g.writeHeader()
	for i := opt.First; i < opt.First+g.persons; i++ {
		g.person(i)
		if g.w.err != nil {
			return nil, g.w.err
		}
	}
	if err := g.w.flush(); err != nil {
		return nil, err
	}
	return g.sum, nil
}

// gen holds the generator's state.
type gen struct {
	opt     SynthOptions
	persons int
	period  Period
	quarter [5]Date // quarter ends, [1..4]
	sum     *SynthSummary
	subIdx  map[[3]int]int // council, quarter, import → submission
	w       *csvOut
	truth   *SynthTruth
	pcg     rand.PCG
	r       *rand.Rand
	rows    int
	recID   int64
	// per person
	evs  []sev
	tp   TruthPerson
	tr   TruthRow
	a    attrs
	pf   synth.PersonFacts
	line []byte
}

func newGen(opt SynthOptions) *gen {
	g := &gen{opt: opt, persons: opt.Persons}
	if g.persons == 0 {
		g.persons = 1000
	}
	if g.opt.Councils == 0 {
		g.opt.Councils = 1
	}
	if g.opt.Year == 0 {
		g.opt.Year = 2023
	}
	if g.opt.Layout == LayoutDetect {
		g.opt.Layout = LayoutNHSE
	}
	g.opt.MissingNHS = rate(opt.MissingNHS, 0.03)
	g.opt.MissingNHSRow = rate(opt.MissingNHSRow, 0.03)
	g.opt.SecondLocalID = rate(opt.SecondLocalID, 0.01)
	g.opt.Resubmit = rate(opt.Resubmit, 0.25)
	g.opt.Invalid = rate(opt.Invalid, 0.01)
	g.opt.Deaths = rate(opt.Deaths, 0.04)
	g.opt.Boundary = rate(opt.Boundary, 0.02)
	if g.opt.Layout == LayoutCouncil {
		g.opt.Resubmit = 0
	}
	g.period = FinancialYear(g.opt.Year)
	y := g.opt.Year
	g.quarter = [5]Date{NoDate, pathway.NewDate(y, 6, 30), pathway.NewDate(y, 9, 30), pathway.NewDate(y, 12, 31), g.period.End}
	g.r = rand.New(&g.pcg)
	g.sum = &SynthSummary{Layout: g.opt.Layout, Period: g.period,
		Window: Window{After: g.period.End.Time(), By: g.period.End.AddDays(60)}}
	for c := range g.opt.Councils {
		g.sum.Councils = append(g.sum.Councils, Council{Code: fmt.Sprintf("E99%06d", c+1), Name: fmt.Sprintf("Synthetic Council %d", c+1)})
	}
	// submissions: quarter q of council c, import k (0, and 1 when resubmitted)
	g.subIdx = map[[3]int]int{}
	for c := range g.opt.Councils {
		for q := 1; q <= 4; q++ {
			if g.opt.Layout == LayoutCouncil && q != 4 {
				continue
			}
			n := 1
			u := unit(splitmix(opt.Seed ^ uint64(c)<<20 ^ uint64(q)<<8 ^ 0x5b))
			if u < g.opt.Resubmit {
				n = 2
			}
			for k := range n {
				s := SynthSubmission{Council: c, Quarter: q, Period: Period{g.period.Start, g.quarter[q]}, Latest: k == n-1}
				if g.opt.Layout == LayoutNHSE {
					h := splitmix(opt.Seed ^ uint64(c)<<24 ^ uint64(q)<<12 ^ uint64(k)<<4 ^ 0x1d)
					day := g.quarter[q].AddDays(18 + int(h%10) + k*(3+int(h>>8%8)))
					s.Import = day.Time().Add(time.Duration(9*3600+int(h>>16%(8*3600))) * time.Second)
				}
				g.subIdx[[3]int{c, q, k}] = len(g.sum.Submissions)
				g.sum.Submissions = append(g.sum.Submissions, s)
			}
		}
	}
	return g
}

// splitmix is the SplitMix64 finaliser.
func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// sev is one event of a story, with its whole life (its end may lie
// after the period).
type sev struct {
	typ        EventType
	start, end Date
	outcome    EventOutcome // when ended
	openOut    EventOutcome // while open
	route      RouteOfAccess
	service    ServiceType
	comp       ServiceComponent
	deliv      DeliveryMechanism
	freq       CostFrequency
	cost       int64
	units      float64
	review     ReviewReason
	assess     string
	rows       int
}

func (g *gen) add(e sev) { g.evs = append(g.evs, e) }

func (g *gen) weib(shape, scale float64) int {
	return int(math.Ceil(scale * math.Pow(-math.Log(1-g.r.Float64()), 1/shape)))
}

func (g *gen) pick(w []float64) int {
	u := g.r.Float64()
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// team factors of ras/synth localities, as pathway.Synthesize uses them.
var teamFactor = map[string]float64{"L01": 1.0, "L02": 0.9, "L03": 1.5, "L04": 1.0, "L05": 0.85, "L06": 1.1, "L07": 0.7, "L08": 1.3}

// person draws person idx's story and writes its rows.
func (g *gen) person(idx int) {
	g.pf = synth.Person(g.opt.Seed, idx)
	f := &g.pf
	if f.Cohort == ras.CohortChildren {
		return
	}
	g.pcg.Seed(splitmix(g.opt.Seed^0x636c6473796e7468), splitmix(uint64(idx)+0xc1d))
	r := g.r
	g.evs = g.evs[:0]
	tp := &g.tp
	*tp = TruthPerson{Index: idx, Council: int(splitmix(g.opt.Seed^uint64(idx)*0x9e37) % uint64(g.opt.Councils)),
		ClientType: ClientServiceUser, HasNHS: r.Float64() >= g.opt.MissingNHS, LocalIDs: 1, Events: tp.Events[:0], Requests: tp.Requests[:0]}
	if r.Float64() < g.opt.SecondLocalID {
		tp.LocalIDs = 2
	}
	P := g.period
	// birth: the ras/synth date of birth, or a boundary case
	dob := f.BornOn(ras.Date{Year: g.opt.Year, Month: time.April, Day: 1})
	birth := ProxyBirth(dob.Year, dob.Month)
	if f.Cohort != ras.CohortCarer && r.Float64() < g.opt.Boundary {
		age := []int{17, 18, 64, 65}[r.IntN(4)]
		// the age at 31 March of Year+1 is Year+1−by for Jan–Mar births and
		// Year−by for Apr–Dec ones
		if r.IntN(2) == 0 {
			birth = ProxyBirth(g.opt.Year+1-age, time.March)
		} else {
			birth = ProxyBirth(g.opt.Year-age, time.April)
		}
		tp.Boundary = true
	}
	tp.Birth = birth
	tp.AgeAtEnd, _ = AgeAt(birth, P.End)
	tp.CalendarAgeAtEnd, _ = CalendarAge(birth, P.End)
	tf := teamFactor[f.Locality]
	if tf == 0 {
		tf = 1
	}
	if f.Cohort == ras.CohortCarer {
		tp.ClientType = ClientCarer
		g.carerStory(tf)
	} else {
		g.serviceUserStory(tf)
	}
	g.finishStory()
	if len(g.evs) == 0 {
		return
	}
	g.a = g.attrs()
	g.write()
}

// window of request dates: from 45 days before the year to 20 days after
// it, spread by the ras/synth assessment day.
func (g *gen) anchor() Date {
	span := int(g.period.End-g.period.Start) + 66
	return g.period.Start.AddDays(-45 + g.pf.Day*span/synth.WindowDays)
}

func (g *gen) route() RouteOfAccess {
	if g.tp.Boundary && g.tp.AgeAtEnd < 19 {
		return RouteTransition
	}
	return []RouteOfAccess{RouteCommunity, RouteHospitalDischarge, RouteHospitalDiversion, RouteDepletedFunds, RoutePrison}[g.pick([]float64{0.72, 0.18, 0.05, 0.04, 0.01})]
}

// ltType is the person's long-term service type by setting.
func (g *gen) ltType() ServiceType {
	switch g.pf.Setting {
	case ras.SettingNursing:
		return ServiceLTNursing
	case ras.SettingResidential:
		return ServiceLTResidential
	}
	if g.pf.Severity > 0.85 && g.r.Float64() < 0.2 {
		return ServiceLTResidential
	}
	return ServiceLTCommunity
}

// service returns a service event of type t from start to end (NoDate:
// open), costed as pathway.Synthesize costs services.
func (g *gen) service(t ServiceType, start, end Date) sev {
	r := g.r
	e := sev{typ: EventService, service: t, start: start, end: end, outcome: OutcomeEndedAsPlanned, openOut: OutcomeProvision,
		deliv: DeliveryCommissioned}
	switch t {
	case ServiceLTCommunity:
		e.comp, e.freq = ComponentHomeCare, FrequencyHourly
		if g.pf.Setting == ras.SettingSupportedLiving {
			e.comp = ComponentSupportedLiving
		}
		switch u := r.Float64(); {
		case u < 0.25:
			e.deliv, e.comp = DeliveryDirectPayment, ComponentDirectPayment
		case u < 0.35:
			e.deliv = DeliveryManagedBudget
		}
		e.cost = int64(math.Round(24.50*(0.92+0.18*r.Float64())*100)) * 10_000
		e.units = math.Round((5+20*g.pf.Severity*r.Float64())*4) / 4
	case ServiceLTResidential, ServiceLTNursing:
		e.comp, e.freq, e.units = ComponentLTResidential, FrequencyWeekly, 1
		base := 950.0
		if t == ServiceLTNursing {
			e.comp, base = ComponentLTNursing, 1180
		}
		e.cost = int64(math.Round(base*(0.9+0.2*r.Float64())*100)) * 10_000
	case ServiceSTMax:
		e.comp, e.freq, e.cost, e.units = ComponentReablement, FrequencyHourly, 31*MicroPounds, float64(5+r.IntN(11))
	case ServiceSTLowLevel:
		e.comp, e.freq, e.cost, e.units = []ServiceComponent{ComponentEquipment, ComponentAssistiveTechnology}[r.IntN(2)], FrequencyWeekly, int64(5+r.IntN(20))*MicroPounds, 1
	case ServiceSTOther:
		e.comp, e.freq, e.cost, e.units = ComponentSTResidential, FrequencyWeekly, 900*MicroPounds, 1
	case ServiceCarerDirect:
		e.comp, e.freq, e.units = ComponentCarerRespite, FrequencyWeekly, 1
		e.cost = int64(20+r.IntN(60)) * MicroPounds
		switch u := r.Float64(); {
		case u < 0.45:
			e.deliv, e.comp = DeliveryDirectPayment, ComponentDirectPayment
		case u < 0.55:
			e.deliv = DeliveryManagedBudget
		}
	case ServiceCarerCaredFor:
		e.comp, e.freq, e.cost, e.units = ComponentDayCare, FrequencyDaily, int64(40+r.IntN(30))*MicroPounds, float64(1+r.IntN(3))
	}
	return e
}

// serviceUserStory draws the events of a service user.
func (g *gen) serviceUserStory(tf float64) {
	r := g.r
	P := g.period
	f := &g.pf
	tp := &g.tp
	if r.Float64() < 0.42 {
		// an existing client: long-term support since before the year
		tp.Existing = true
		t := g.ltType()
		start := P.Start.AddDays(-30 - r.IntN(3*365))
		end := NoDate
		if r.Float64() < 0.2 {
			end = P.Start.AddDays(r.IntN(360))
		}
		g.add(g.service(t, start, end))
		// a planned review in the year
		rv := P.Start.AddDays(r.IntN(330))
		if !end.Valid() || rv < end {
			g.add(sev{typ: EventReview, start: rv, end: rv.AddDays(r.IntN(8)), outcome: OutcomeNoChange, review: ReviewPlanned})
		}
		if r.Float64() < 0.2 && (!end.Valid() || end > P.Start.AddDays(60)) {
			// a request for more support: a reassessment and a package change
			q := P.Start.AddDays(r.IntN(300))
			if end.Valid() && q >= end {
				q = end.AddDays(-30)
			}
			qe := q.AddDays(r.IntN(3))
			g.add(sev{typ: EventRequest, start: q, end: qe, outcome: OutcomeReassessment, route: g.route()})
			as := qe.AddDays(1 + r.IntN(10))
			ae := as.AddDays(r.IntN(15))
			g.add(sev{typ: EventAssessment, start: as, end: ae, outcome: OutcomeSupportPlanning, assess: "Long Term Support Assessment"})
			if t == ServiceLTCommunity && (!end.Valid() || end > ae.AddDays(2)) {
				old := &g.evs[0]
				newEnd := old.end
				old.end, old.outcome = ae, OutcomeSupportPlanning
				n := g.service(t, ae.AddDays(1), newEnd)
				n.units = math.Round(old.units*1.2*4) / 4
				g.add(n)
			}
		}
		g.death()
		return
	}
	// a new client
	req := g.anchor()
	if r.Float64() < 0.12 {
		e := req.AddDays(r.IntN(2))
		g.add(sev{typ: EventRequest, start: req, end: e, outcome: OutcomeNFASignposting, route: g.route()})
		return
	}
	rq := sev{typ: EventRequest, start: req, end: req.AddDays(r.IntN(3)), outcome: OutcomeAssessment, route: g.route()}
	g.add(rq)
	last := rq.end
	switch u := r.Float64(); {
	case u < 0.08:
		// a second request within 4 days: one cluster
		s := last.AddDays(r.IntN(5))
		last = s.AddDays(r.IntN(3))
		g.add(sev{typ: EventRequest, start: s, end: last, outcome: OutcomeAssessment, route: g.route()})
	case u < 0.11:
		// a second request later: a cluster of its own, which breaks the
		// first one's chain
		s := last.AddDays(6 + r.IntN(15))
		last = s.AddDays(r.IntN(3))
		g.add(sev{typ: EventRequest, start: s, end: last, outcome: OutcomeAssessment, route: g.route()})
	}
	as := last.AddDays(g.weib(1.2, 12*tf))
	ae := as.AddDays(r.IntN(22))
	var out EventOutcome
	switch u := r.Float64(); {
	case f.Cohort == ras.CohortCHC && u < 0.5:
		out = OutcomeNFANHSFunded
	case u < 0.06:
		out = OutcomeNFASelfFunded
	case u < 0.10:
		out = OutcomeNFADeclined
	case u < 0.12:
		out = OutcomeEndOfLife
	}
	t := g.ltType()
	if out == OutcomeBlank && t == ServiceLTCommunity && r.Float64() < 0.45*(1-f.Severity)+0.1 {
		t = ServiceSTMax
	}
	if out == OutcomeBlank {
		out = OutcomeSupportPlanning
		if t == ServiceSTMax {
			out = OutcomeReablement
		}
	}
	g.add(sev{typ: EventAssessment, start: as, end: ae, outcome: out, assess: "Long Term Support Assessment"})
	if out.NFA() || out == OutcomeEndOfLife {
		g.death()
		return
	}
	at := ae.AddDays(r.IntN(4))
	if r.Float64() >= 0.45 {
		at = ae.AddDays(g.weib(1.1, 20*tf))
	}
	if r.Float64() < 0.1 {
		// several sequels: equipment from the same day
		lo := g.service(ServiceSTLowLevel, at, at.AddDays(1+r.IntN(20)))
		g.add(lo)
	}
	if t == ServiceSTMax {
		end := at.AddDays(14 + r.IntN(29))
		st := g.service(t, at, end)
		if r.Float64() < 0.7 {
			st.outcome = OutcomeSupportPlanning
			g.add(st)
			t, at = ServiceLTCommunity, end.AddDays(1)
		} else {
			if r.Float64() < 0.5 {
				st.outcome = OutcomeNFASupportEnded
			}
			g.add(st)
			g.death()
			return
		}
	}
	end := NoDate
	if r.Float64() < 0.25 {
		end = at.AddDays(30 + r.IntN(370))
	}
	g.add(g.service(t, at, end))
	rv := at.AddDays(42 + r.IntN(60))
	if !end.Valid() || rv < end {
		g.add(sev{typ: EventReview, start: rv, end: rv.AddDays(r.IntN(8)), outcome: OutcomeNoChange, review: ReviewPlanned})
	}
	g.death()
}

// carerStory draws the events of a carer.
func (g *gen) carerStory(tf float64) {
	r := g.r
	req := g.anchor()
	rq := sev{typ: EventRequest, start: req, end: req.AddDays(r.IntN(3)), outcome: OutcomeAssessment, route: RouteCommunity}
	g.add(rq)
	as := rq.end.AddDays(g.weib(1.2, 15*tf))
	ae := as.AddDays(r.IntN(15))
	if r.Float64() < 0.3 {
		g.add(sev{typ: EventAssessment, start: as, end: ae, outcome: OutcomeNFASignposting, assess: "Carer Assessment"})
		return
	}
	g.add(sev{typ: EventAssessment, start: as, end: ae, outcome: OutcomeSupportPlanning, assess: "Carer Assessment"})
	t := ServiceCarerDirect
	if r.Float64() < 0.25 {
		t = ServiceCarerCaredFor
	}
	at := ae.AddDays(g.weib(1.1, 14*tf))
	end := NoDate
	if r.Float64() < 0.5 {
		end = at.AddDays(7 + r.IntN(120))
	}
	g.add(g.service(t, at, end))
}

// death draws a death for some service users and ends their events.
func (g *gen) death() {
	if g.r.Float64() >= g.opt.Deaths {
		return
	}
	first := g.evs[0].start
	for _, e := range g.evs {
		first = min(first, e.start)
	}
	d := max(first, g.period.Start).AddDays(g.r.IntN(420))
	g.tp.Death = d
	kept := g.evs[:0]
	for _, e := range g.evs {
		if e.start > d {
			continue
		}
		if !e.end.Valid() || e.end > d {
			e.end, e.outcome = d, OutcomeNFADeceased
		}
		kept = append(kept, e)
	}
	g.evs = kept
}

// finishStory sorts the story, builds the truth events as the year-end
// return shows them, and derives the request clusters and their sequels.
func (g *gen) finishStory() {
	P := g.period
	keep := g.evs[:0]
	for _, e := range g.evs {
		if e.start <= P.End && (!e.end.Valid() || e.end >= P.Start) {
			keep = append(keep, e)
		}
	}
	g.evs = keep
	slices.SortStableFunc(g.evs, func(a, b sev) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmpEnd(a.end, b.end), cmp.Compare(a.typ, b.typ))
	})
	tp := &g.tp
	for _, e := range g.evs {
		te := TruthEvent{Type: e.typ, Start: e.start, End: e.end, Outcome: e.outcome, Route: e.route, Service: e.service,
			Component: e.comp, Delivery: e.deliv, Review: e.review, CostFrequency: e.freq, UnitCost: e.cost, Units: e.units}
		if e.end.Valid() && e.end > P.End {
			te.End = NoDate
		}
		if !te.End.Valid() {
			te.Outcome = e.openOut
		}
		tp.Events = append(tp.Events, te)
	}
	g.clusters()
}

func cmpEnd(a, b Date) int {
	if !a.Valid() {
		a = 1<<31 - 1
	}
	if !b.Valid() {
		b = 1<<31 - 1
	}
	return cmp.Compare(a, b)
}
