package cld

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/ras"
)

// serviceRank is the STS001 hierarchy of service types (lower first),
// stated again on purpose: the truth the generator reports is derived
// apart from the measures' code (sts001Rank), so that the synthetic
// checks compare two derivations.
func serviceRank(t ServiceType) int {
	switch t {
	case ServiceSTMax:
		return 1
	case ServiceLTNursing:
		return 2
	case ServiceLTResidential:
		return 3
	case ServiceLTCommunity:
		return 4
	case ServiceLTPrison:
		return 5
	case ServiceSTLowLevel:
		return 6
	case ServiceSTOther:
		return 7
	}
	return 99
}

// clusters groups the requests of the story into clusters and derives
// each cluster's sequel (TruthRequest).
func (g *gen) clusters() {
	tp := &g.tp
	evs := tp.Events
	P := g.period
	far := Date(1<<31 - 1)
	endOf := func(e *TruthEvent) Date {
		if e.End.Valid() {
			return e.End
		}
		return far
	}
	var cur *TruthRequest
	var prevEnd Date
	for i := range evs {
		e := &evs[i]
		if e.Type != EventRequest {
			continue
		}
		if cur == nil || e.Start > prevEnd.AddDays(4) {
			tp.Requests = append(tp.Requests, TruthRequest{Start: e.Start})
			cur = &tp.Requests[len(tp.Requests)-1]
		}
		cur.Events = append(cur.Events, i)
		prevEnd = endOf(e)
	}
	for k := range tp.Requests {
		c := &tp.Requests[k]
		lastEnd := Date(0)
		for _, i := range c.Events {
			if x := endOf(&evs[i]); x >= lastEnd {
				lastEnd, c.Route, c.Outcome = x, evs[i].Route, evs[i].Outcome
			}
		}
		if lastEnd != far {
			c.End = lastEnd
		}
		c.NewClient = true
		for i := range evs {
			e := &evs[i]
			if e.Type == EventService && e.Service.LongTerm() && e.Start <= c.Start && endOf(e) >= c.Start {
				c.NewClient = false
			}
		}
		c.InPeriod = c.End.Valid() && P.Contains(c.End)
		if c.NewClient && c.InPeriod {
			g.sequel(c)
		}
	}
}

// sequel derives the sequel of cluster c (see TruthRequest).
func (g *gen) sequel(c *TruthRequest) {
	evs := g.tp.Events
	own := map[int]bool{}
	for _, i := range c.Events {
		own[i] = true
	}
	var f []int
	for i := range evs {
		e := &evs[i]
		if own[i] || e.Start < c.End || (e.Type == EventRequest && (e.Start == c.Start || e.End == c.End)) {
			continue
		}
		f = append(f, i)
	}
	c.SequelOutcome = c.Outcome
	if len(f) == 0 {
		c.Sequel = SequelNoChronology
		return
	}
	first := evs[f[0]].Start
	if first > c.End.AddDays(28) {
		for _, i := range f {
			if evs[i].Start == first && evs[i].End.Valid() {
				c.Sequel = SequelOutOfScope
				return
			}
		}
	}
	var chain []int
	for k, i := range f {
		if k > 0 {
			p := &evs[f[k-1]]
			if p.End.Valid() && evs[i].Start > p.End.AddDays(3) {
				break
			}
		}
		if evs[i].Type == EventRequest {
			break
		}
		chain = append(chain, i)
	}
	if len(chain) == 0 {
		c.Sequel = SequelOutOfScope
		return
	}
	best := 99
	for _, i := range chain {
		if evs[i].Type == EventService && serviceRank(evs[i].Service) < best {
			best, c.SequelService = serviceRank(evs[i].Service), evs[i].Service
		}
	}
	if best < 99 {
		c.Sequel, c.SequelOutcome = SequelService, OutcomeBlank
		return
	}
	var latest Date
	var outs []EventOutcome
	for _, i := range chain {
		e := &evs[i]
		if !(e.Outcome.NFA() || e.Outcome == OutcomeEndOfLife) || !e.End.Valid() {
			continue
		}
		switch {
		case e.End > latest:
			latest, outs = e.End, []EventOutcome{e.Outcome}
		case e.End == latest:
			outs = append(outs, e.Outcome)
		}
	}
	if len(outs) == 0 {
		c.Sequel = SequelNoService
		return
	}
	c.Sequel, c.SequelOutcome = SequelNFA, outs[0]
	for _, o := range outs[1:] {
		if o != outs[0] {
			c.SequelOutcome = OutcomeNFAOther
		}
	}
}

// rowPlan is one row to write.
type rowPlan struct {
	ev, sub int
	nhs     bool
	local   int
}

// write writes the rows of the current person: each event in each
// return it overlaps, as at that return's quarter end.
func (g *gen) write() {
	tp := &g.tp
	r := g.r
	var plan []rowPlan
	for s, sub := range g.sum.Submissions {
		if sub.Council != tp.Council {
			continue
		}
		qe := g.quarter[sub.Quarter]
		for i, e := range g.evs {
			if e.start > qe {
				continue
			}
			p := rowPlan{ev: i, sub: s, nhs: tp.HasNHS, local: 1}
			if p.nhs && r.Float64() < g.opt.MissingNHSRow {
				p.nhs = false
			}
			if tp.LocalIDs == 2 && r.Float64() < 0.4 {
				p.local = 2
			}
			plan = append(plan, p)
		}
	}
	// the person rule over the file: a local id is lost when it appears
	// with the NHS number on some row
	var seenNHS [3]bool
	for _, p := range plan {
		if p.nhs {
			seenNHS[p.local] = true
		}
	}
	g.sum.Persons++
	for _, p := range plan {
		e := &g.evs[p.ev]
		sub := &g.sum.Submissions[p.sub]
		qe := g.quarter[sub.Quarter]
		sub.Rows++
		g.sum.Rows++
		e.rows++
		tp.Events[p.ev].Rows++
		g.tr = TruthRow{Line: g.sum.Rows + 1, Person: tp.Index, Event: p.ev, Submission: p.sub, NHS: p.nhs, Local: p.local}
		switch {
		case p.nhs:
			g.tr.Key = KeyByNHS
		case seenNHS[p.local]:
			g.tr.Key = KeyRemovedSeenWithNHS
		default:
			g.tr.Key = KeyByLocal
		}
		if r.Float64() < g.opt.Invalid {
			g.tr.HasCorrupt = true
			switch r.IntN(5) {
			case 0:
				g.tr.Corrupt = ListGender
			case 1:
				g.tr.Corrupt = ListEthnicity
			case 2:
				g.tr.Corrupt = ListAccommodationStatus
			case 3:
				g.tr.Corrupt, g.tr.Variant = ListClientType, true
			default:
				g.tr.Corrupt, g.tr.Variant = ListEventType, true
			}
		}
		g.row(e, sub, qe, p)
		if g.truth.Row != nil {
			g.truth.Row(&g.tr)
		}
	}
	tp.Gender, tp.Ethnicity, tp.PSR = g.a.gender, g.a.eth, g.a.psr
	tp.Accommodation, tp.Employment, tp.UnpaidCarer = g.a.accom, g.a.employ, g.a.carer
	if g.truth.Person != nil {
		g.truth.Person(tp)
	}
}

var (
	ethnicityShares = []float64{0.74, 0.01, 0.002, 0.002, 0.06, 0.008, 0.008, 0.007, 0.007, 0.03, 0.025, 0.01, 0.007,
		0.015, 0.025, 0.01, 0.005, 0.005, 0.01, 0.005, 0.019}
	nhseHeaderSynth = []string{"LA_Code", "LA_Name", "Reporting_Period_Start_Date", "Reporting_Period_End_Date", "ImportDate",
		"Der_Unique_Record_ID", "Der_NHS_Number_Traced_Pseudo", "Der_LA_Person_Unique_Identifier_Pseudo", "Der_Birth_Year",
		"Der_Birth_Month"}
	councilHeaderSynth = []string{"LA Code", "Reporting Period Start Date", "Reporting Period End Date",
		"LA Person Unique Identifier", "NHS Number", "Date of Birth"}
	commonHeaderSynth = []string{"Date_of_Death", "Gender", "Ethnicity", "Client_Type", "Primary_Support_Reason",
		"Accommodation_Status", "Employment_Status", "Has_Unpaid_Carer", "Event_Type", "Event_Reference", "Event_Start_Date",
		"Event_End_Date", "Event_Outcome", "Request_Route_of_Access", "Assessment_Type", "Service_Type", "Service_Component",
		"Delivery_Mechanism", "Unit_Cost", "Cost_Frequency_(Unit_Type)", "Planned_units_per_week", "Review_Reason"}
)

func (g *gen) writeHeader() {
	var h []string
	if g.opt.Layout == LayoutNHSE {
		h = append(h, nhseHeaderSynth...)
		h = append(h, commonHeaderSynth...)
	} else {
		h = append(h, councilHeaderSynth...)
		for _, c := range commonHeaderSynth {
			c = strings.ReplaceAll(c, "_", " ")
			if c == "Request Route of Access" {
				c = "Request: Route of Access"
			}
			h = append(h, c)
		}
	}
	for i, c := range h {
		if i > 0 {
			g.line = append(g.line, ',')
		}
		g.line = appendField(g.line, c)
	}
	g.line = append(g.line, '\n')
	g.w.write(g.line)
	g.line = g.line[:0]
}

// person attributes, drawn once per person from the same stream
type attrs struct {
	gender Gender
	eth    Ethnicity
	psr    PrimarySupportReason
	accom  AccommodationStatus
	employ EmploymentStatus
	carer  HasUnpaidCarer
	dob    ras.Date
	nhs    [10]byte
}

func (g *gen) attrs() attrs {
	f := &g.pf
	r := g.r
	var a attrs
	a.gender = GenderMale
	if f.Gender == "female" {
		a.gender = GenderFemale
	}
	if r.Float64() < 0.005 {
		a.gender = GenderUnknown
	}
	a.eth = Ethnicity(2 + g.pick(ethnicityShares))
	age := g.tp.AgeAtEnd
	switch {
	case g.tp.ClientType != ClientServiceUser:
		a.psr = PSRSupportToCarer
	case age < 65 && r.Float64() < 0.3:
		a.psr = PSRLearningDisability
	case age < 65 && r.Float64() < 0.25:
		a.psr = PSRMentalHealth
	case age >= 75 && r.Float64() < 0.25:
		a.psr = PSRMemoryCognition
	case r.Float64() < 0.12:
		a.psr = PSRAccessMobility
	default:
		a.psr = PSRPersonalCare
	}
	switch f.Setting {
	case ras.SettingHomeAlone:
		a.accom = []AccommodationStatus{2, 3, 4}[r.IntN(3)]
	case ras.SettingHomeFamily:
		a.accom = 5
	case ras.SettingSupportedLiving:
		a.accom = 6
	case ras.SettingResidential:
		a.accom = 17
	case ras.SettingNursing:
		a.accom = 18
	}
	if r.Float64() < 0.04 {
		a.accom = AccommodationUnknown
	}
	switch {
	case age >= 65:
		a.employ = EmploymentNotSeeking
	case r.Float64() < 0.07:
		a.employ = []EmploymentStatus{EmploymentPaidUnder16, EmploymentPaid16Plus, EmploymentVoluntary}[r.IntN(3)]
	case r.Float64() < 0.2:
		a.employ = EmploymentUnknown
	default:
		a.employ = []EmploymentStatus{EmploymentSeeking, EmploymentNotSeeking}[r.IntN(2)]
	}
	a.carer = CarerNo
	if len(f.InformalHelp) > 0 {
		a.carer = CarerYes
	}
	y, m, _ := g.tp.Birth.YMD()
	a.dob = ras.Date{Year: y, Month: m, Day: 1 + int(splitmix(uint64(f.Index))%28)}
	if !g.tp.Boundary {
		a.dob = f.BornOn(ras.Date{Year: g.opt.Year, Month: time.April, Day: 1})
	}
	// NHS number: nine digits from the person index, then the check digit
	for _, base := range []int{400_000_000, 100_000_000, 200_000_000, 300_000_000} {
		n := base + f.Index%100_000_000
		var nine [9]int
		for k := 8; k >= 0; k-- {
			nine[k] = n % 10
			n /= 10
		}
		if c, ok := NHSNumberCheckDigit(nine); ok {
			for k := range 9 {
				a.nhs[k] = byte('0' + nine[k])
			}
			a.nhs[9] = byte('0' + c)
			break
		}
	}
	return a
}

const hexDigits = "0123456789abcdef"

func pseudo(dst []byte, h uint64) []byte {
	for k := 0; k < 16; k++ {
		dst = append(dst, hexDigits[h>>60])
		h <<= 4
	}
	return dst
}

// row writes one row: event e in return sub, as at quarter end qe.
func (g *gen) row(e *sev, sub *SynthSubmission, qe Date, p rowPlan) {
	a := &g.a
	tp := &g.tp
	b := g.line[:0]
	co := &g.sum.Councils[sub.Council]
	localNum := uint64(tp.Index) + 1_000_000
	if p.local == 2 {
		localNum += 500_000_000
	}
	if g.opt.Layout == LayoutNHSE {
		b = append(b, co.Code...)
		b = append(b, ',')
		b = append(b, co.Name...)
		b = append(b, ',')
		b = appendDate(b, sub.Period.Start)
		b = append(b, ',')
		b = appendDate(b, sub.Period.End)
		b = append(b, ',')
		b = sub.Import.AppendFormat(b, "2006-01-02 15:04:05")
		b = append(b, ',')
		g.recID++
		b = strconv.AppendInt(b, g.recID, 10)
		b = append(b, ',')
		if p.nhs {
			b = pseudo(b, splitmix(g.opt.Seed^0x4e4853^uint64(tp.Index)))
		}
		b = append(b, ',')
		b = pseudo(b, splitmix(g.opt.Seed^0x4c41^localNum^uint64(sub.Council)<<48))
		b = append(b, ',')
		if tp.Birth.Valid() {
			y, m, _ := tp.Birth.YMD()
			b = strconv.AppendInt(b, int64(y), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(m), 10)
		} else {
			b = append(b, ',')
		}
	} else {
		b = append(b, co.Code...)
		b = append(b, ',')
		b = appendDate(b, sub.Period.Start)
		b = append(b, ',')
		b = appendDate(b, sub.Period.End)
		b = append(b, ',', 'L', 'A')
		b = strconv.AppendUint(b, localNum, 10)
		b = append(b, ',')
		if p.nhs {
			b = append(b, a.nhs[:]...)
		}
		b = append(b, ',')
		b = appendDate(b, ProxyBirth(a.dob.Year, a.dob.Month).AddDays(a.dob.Day-1))
	}
	b = append(b, ',')
	if tp.Death.Valid() && tp.Death <= qe {
		b = appendDate(b, tp.Death)
	}
	c := g.tr.Corrupt
	bad := g.tr.HasCorrupt
	b = append(b, ',')
	if bad && c == ListGender {
		b = append(b, "M"...)
	} else {
		b = append(b, a.gender.String()...)
	}
	b = append(b, ',')
	if bad && c == ListEthnicity {
		b = append(b, "White"...)
	} else {
		b = appendField(b, a.eth.String())
	}
	b = append(b, ',')
	if bad && c == ListClientType {
		b = append(b, strings.ReplaceAll(tp.ClientType.String(), " ", "-")...)
		b = append(b, ':')
	} else {
		b = append(b, tp.ClientType.String()...)
	}
	b = append(b, ',')
	if e.typ != EventRequest {
		b = append(b, a.psr.String()...)
	}
	b = append(b, ',')
	if bad && c == ListAccommodationStatus {
		b = append(b, "Own home"...)
	} else {
		b = append(b, a.accom.String()...)
	}
	b = append(b, ',')
	b = append(b, a.employ.String()...)
	b = append(b, ',')
	b = append(b, a.carer.String()...)
	b = append(b, ',')
	if bad && c == ListEventType {
		b = append(b, '_')
	}
	b = append(b, e.typ.String()...)
	b = append(b, ",EV"...)
	b = strconv.AppendInt(b, int64(tp.Index), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(p.ev), 10)
	b = append(b, ',')
	b = appendDate(b, e.start)
	b = append(b, ',')
	open := !e.end.Valid() || e.end > qe
	if !open {
		b = appendDate(b, e.end)
	}
	b = append(b, ',')
	out := e.outcome
	if open {
		out = e.openOut
	}
	if out.Valid() {
		b = append(b, out.String()...)
	}
	b = append(b, ',')
	if e.typ == EventRequest {
		b = append(b, e.route.String()...)
	}
	b = append(b, ',')
	b = append(b, e.assess...)
	b = append(b, ',')
	if e.typ == EventService {
		b = append(b, e.service.String()...)
		b = append(b, ',')
		b = append(b, e.comp.String()...)
		b = append(b, ',')
		b = append(b, e.deliv.String()...)
		b = append(b, ',')
		if e.deliv != DeliveryCommissioned || e.service.LongTerm() {
			b = appendCost(b, e.cost)
			b = append(b, ',')
			b = append(b, e.freq.String()...)
			b = append(b, ',')
			b = strconv.AppendFloat(b, e.units, 'f', -1, 64)
		} else {
			b = append(b, ",,"...)
		}
	} else {
		b = append(b, ",,,,,"...)
	}
	b = append(b, ',')
	if e.typ == EventReview {
		b = append(b, e.review.String()...)
	}
	b = append(b, '\n')
	g.line = b
	g.w.write(b)
}

// appendDate appends d as YYYY-MM-DD.
func appendDate(b []byte, d Date) []byte {
	y, m, dd := d.YMD()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return b
}

// appendCost appends a MicroPounds amount in pounds (two decimals, more
// when needed).
func appendCost(b []byte, v int64) []byte {
	b = strconv.AppendInt(b, v/MicroPounds, 10)
	frac := v % MicroPounds
	b = append(b, '.')
	digits := 6
	for digits > 2 && frac%10 == 0 {
		frac /= 10
		digits--
	}
	s := strconv.AppendInt(nil, frac, 10)
	for k := len(s); k < digits; k++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendField appends s, quoted when it holds a comma, quote or line
// break.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// csvOut is a buffered writer that remembers its first error.
type csvOut struct {
	w   *bufio.Writer
	err error
}

func newCSVOut(w io.Writer) *csvOut { return &csvOut{w: bufio.NewWriterSize(w, 1<<20)} }

func (o *csvOut) write(b []byte) {
	if o.err == nil {
		_, o.err = o.w.Write(b)
	}
}

func (o *csvOut) flush() error {
	if o.err != nil {
		return o.err
	}
	return o.w.Flush()
}
