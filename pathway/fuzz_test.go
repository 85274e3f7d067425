package pathway

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

var rowSentinels = []error{ErrMissing, ErrID, ErrDate, ErrUnknownEventType, ErrUnknownService, ErrNumber,
	ErrNegativeAmount, ErrEndBeforeStart, ErrFieldCount, ErrCSV}

func checkReport(t *testing.T, rep *ReadReport, accepted int) {
	t.Helper()
	if rep.Rows != rep.Accepted+len(rep.Rejected) || rep.Accepted != accepted {
		t.Fatalf("report does not add up: %+v, %d records", rep, accepted)
	}
	for _, re := range rep.Rejected {
		ok := false
		for _, s := range rowSentinels {
			ok = ok || errors.Is(re, s)
		}
		if !ok || re.Line <= 0 {
			t.Fatalf("rejection without sentinel or line: %v", re)
		}
		if errors.Is(re, ErrFieldCount) && re.Column <= 0 {
			t.Fatalf("field count rejection without a column: %v", re)
		}
	}
}

// checkID fails unless id, as accepted, is a valid identifier (non-empty when need).
func checkID(t *testing.T, what, id string, need bool) {
	t.Helper()
	if (need && id == "") || field.ID(id) != nil || id != strings.TrimSpace(id) {
		t.Fatalf("accepted %s %q", what, id)
	}
}

// checkDate fails unless d, as accepted, is a date in the accepted years (or NoDate when
// optional) that ParseDate reads back.
func checkDate(t *testing.T, what string, d Date, need bool) {
	t.Helper()
	if !d.Valid() {
		if need {
			t.Fatalf("accepted %s missing", what)
		}
		return
	}
	y, _, _ := d.YMD()
	if field.Year(y) != nil {
		t.Fatalf("accepted %s %v outside %d–%d", what, d, field.MinYear, field.MaxYear)
	}
	if back, err := ParseDate(d.String()); err != nil || back != d {
		t.Fatalf("accepted %s %v does not read back: %v, %v", what, d, back, err)
	}
}

// checkEvent, checkService and checkTransaction re-validate accepted records.
func checkEvent(t *testing.T, e Event) {
	t.Helper()
	checkID(t, "person id", e.PersonID, true)
	for _, id := range []string{e.Episode, e.EventID, e.ServiceID} {
		checkID(t, "id", id, false)
	}
	checkDate(t, "event date", e.Date, true)
	if e.Type < EventRequest || e.Type > EventReview || e.Line <= 1 || e.Class != ClassifyOutcome(e.Outcome) {
		t.Fatalf("bad accepted event %+v", e)
	}
}

func checkService(t *testing.T, s Service) {
	t.Helper()
	checkID(t, "service id", s.ServiceID, true)
	checkID(t, "person id", s.PersonID, true)
	checkID(t, "episode", s.Episode, false)
	checkDate(t, "start", s.Start, true)
	checkDate(t, "end", s.End, false)
	if (s.End.Valid() && s.End < s.Start) || s.UnitCost.Sign() < 0 || s.PlannedUnitsPerWeek.Sign() < 0 ||
		s.Type == ServiceUnknown || s.Line <= 1 || s.PlannedWeeklyCost().Sign() < 0 {
		t.Fatalf("bad accepted service %+v", s)
	}
}

func checkTransaction(t *testing.T, x Transaction) {
	t.Helper()
	checkID(t, "person id", x.PersonID, true)
	checkID(t, "service id", x.ServiceID, false)
	checkID(t, "transaction id", x.TransactionID, false)
	checkDate(t, "period start", x.PeriodStart, true)
	checkDate(t, "period end", x.PeriodEnd, true)
	if x.Amount.Sign() < 0 || x.PeriodEnd < x.PeriodStart || x.Line <= 1 {
		t.Fatalf("bad accepted transaction %+v", x)
	}
}

func FuzzReadEvents(f *testing.F) {
	f.Add([]byte("person_id,event_type,event_date,episode_id,outcome\np1,request,2024-01-02,e1,NFA\n"))
	f.Add([]byte("\ufeffPerson ID,Event Type,Date\r\np1,Assessment End,01/02/2024\r\np2,x,\r\n"))
	f.Add([]byte("person_id,event_type,event_date\n\"p1,request,2024-01-01\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		evs, rep, err := ReadEvents(bytes.NewReader(in))
		if err != nil {
			return
		}
		checkReport(t, rep, len(evs))
		for _, e := range evs {
			checkEvent(t, e)
		}
		if _, err := Join(evs, nil, nil, JoinOptions{MatchEpisode: len(in)%2 == 0}); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzReadServices(f *testing.F) {
	f.Add([]byte("service_id,person_id,service_type,start_date,end_date,planned_units_per_week,unit_cost\ns1,p1,nursing,2024-01-01,,7,120.50\n"))
	f.Add([]byte("service_id,person_id,service_type,start_date,end_date\ns1,p1,Short Term Support: ST-Max,2024-01-02,2024-01-01\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		svs, rep, err := ReadServices(bytes.NewReader(in))
		if err != nil {
			return
		}
		checkReport(t, rep, len(svs))
		for _, s := range svs {
			checkService(t, s)
		}
	})
}

func FuzzReadTransactions(f *testing.F) {
	f.Add([]byte("transaction_id,person_id,service_id,period_start,period_end,amount\nt1,p1,s1,2024-01-01,2024-01-07,843.50\n"))
	f.Add([]byte("person_id,period_start,amount\np1,2024-01-01,-1\np1,2024-01-01,1e9\np1,2024-01-01,£.5\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		xs, rep, err := ReadTransactions(bytes.NewReader(in))
		if err != nil {
			return
		}
		checkReport(t, rep, len(xs))
		for _, x := range xs {
			checkTransaction(t, x)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "29/02/2024", "2024-13-01", "0000-01-01", "2024-01-01T00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDate) || d.Valid() {
				t.Fatalf("%q: %v %v", s, d, err)
			}
			return
		}
		d2, err := ParseDate(d.String())
		if err != nil || d2 != d {
			t.Fatalf("%q → %v does not round-trip: %v %v", s, d, d2, err)
		}
	})
}

// FuzzJoin reads events, services and finance from three CSV inputs and joins them. Every row
// is accepted or rejected; every accepted record is valid; every record the join is given
// gets one disposition and the tallies add up; links point at records that exist and agree;
// the waits from request to service start censor into Kaplan–Meier input without NaN.
func FuzzJoin(f *testing.F) {
	f.Add([]byte("person_id,event_type,event_date,episode_id,event_outcome,event_id,service_id\n"+
		"p1,request,2024-01-02,e1,,x1,\np1,assessment_start,2024-01-10,e1,,x2,\n"+
		"p1,assessment_end,2024-02-01,e1,Progress to services,x3,\np1,service_start,2024-02-05,e1,,x4,s1\n"+
		"p2,request,2024-01-05,,NFA,x5,\np2,assessment_end,2024-01-04,,,x6,\np1,request,2024-01-02,e1,,x1,\n"),
		[]byte("service_id,person_id,service_type,start_date,end_date,episode_id,planned_units_per_week,unit_cost\n"+
			"s1,p1,community,2024-02-05,,e1,10,21.50\ns1,p1,nursing,2024-02-05,,e1,1,900\ns2,p2,st_max,2024-01-01,2024-01-20,,7,\n"),
		[]byte("transaction_id,person_id,service_id,period_start,period_end,amount\n"+
			"t1,p1,s1,2024-02-05,2024-02-11,215\nt1,p1,s1,2024-02-05,2024-02-11,215\nt2,p2,s1,2024-02-12,,10\n,p1,s1,2024-01-01,,5\n"),
		true, uint16(30))
	f.Add([]byte("person_id,event_type,event_date\np\x00,request,2024-01-01\np,request,9999-12-31\np,review,2024-01-01,extra\n"),
		[]byte("service_id,person_id,service_type,start_date\ns,p,community,0000-01-01\ns,p,community,2024-01-01\n"),
		[]byte("person_id,period_start,amount\np,2024-01-01,0x1p3\np,2024-01-01,1e400\np,2024-01-01,7\n"), false, uint16(0))
	f.Fuzz(func(t *testing.T, evIn, svIn, fnIn []byte, episode bool, window uint16) {
		evs, rep, err := ReadEvents(bytes.NewReader(evIn))
		if err != nil {
			evs = nil
		} else {
			checkReport(t, rep, len(evs))
		}
		svs, rep, err := ReadServices(bytes.NewReader(svIn))
		if err != nil {
			svs = nil
		} else {
			checkReport(t, rep, len(svs))
		}
		xs, rep, err := ReadTransactions(bytes.NewReader(fnIn))
		if err != nil {
			xs = nil
		} else {
			checkReport(t, rep, len(xs))
		}
		for _, e := range evs {
			checkEvent(t, e)
		}
		for _, s := range svs {
			checkService(t, s)
		}
		for _, x := range xs {
			checkTransaction(t, x)
		}
		j, err := Join(evs, svs, xs, JoinOptions{MatchEpisode: episode, WindowDays: int(window)})
		if err != nil {
			t.Fatalf("Join: %v", err)
		}
		checkJoin(t, j, len(evs), len(svs), len(xs))
		// Waits from request to service start, censored the day after the last date seen.
		extract := Date(0)
		for _, p := range j.Pathways {
			for _, d := range p.Dates {
				extract = max(extract, d)
			}
			extract = max(extract, p.Closed)
		}
		waits, _ := j.Waits(StageRequest, StageServiceStart, nil)
		if len(waits) == 0 {
			return
		}
		times, events, err := CensorWaits(waits, extract+1, CalendarDays, nil)
		if err != nil {
			t.Fatalf("CensorWaits: %v", err)
		}
		for i, x := range times {
			if math.IsNaN(x) || x < 0 || math.IsInf(x, 0) {
				t.Fatalf("wait %d: time %v", i, x)
			}
		}
		km, err := KaplanMeier(times, events, KMOptions{})
		if err != nil {
			t.Fatalf("KaplanMeier: %v", err)
		}
		for i, s := range km.Surv {
			if !(s >= 0 && s <= 1) {
				t.Fatalf("S(%v) = %v", km.Time[i], s)
			}
		}
	})
}

// checkJoin checks the join's bookkeeping.
func checkJoin(t *testing.T, j *JoinResult, nev, nsv, nfn int) {
	t.Helper()
	r := &j.Report
	for _, c := range []struct {
		name string
		t    Tally
		n    int
		ds   []Disposition
	}{{"events", r.Events, nev, j.EventDisposition}, {"services", r.Services, nsv, j.ServiceDisposition}, {"finance", r.Finance, nfn, j.FinanceDisposition}} {
		if c.t.Input != c.n || c.t.Linked+c.t.Unmatched+c.t.Duplicate != c.n || len(c.ds) != c.n {
			t.Fatalf("%s tally %+v for %d records", c.name, c.t, c.n)
		}
	}
	if r.Pathways != len(j.Pathways) || r.Persons != len(j.Persons) {
		t.Fatalf("report %+v, %d pathways, %d persons", r, len(j.Pathways), len(j.Persons))
	}
	for k := 1; k < len(j.Persons); k++ {
		if j.Persons[k-1].PersonID >= j.Persons[k].PersonID {
			t.Fatalf("persons not sorted and distinct: %q, %q", j.Persons[k-1].PersonID, j.Persons[k].PersonID)
		}
	}
	for i, p := range j.ServicePathway {
		if p < -1 || p >= len(j.Pathways) || (p >= 0) != (j.ServiceDisposition[i] == Linked) {
			t.Fatalf("service %d: pathway %d, disposition %v", i, p, j.ServiceDisposition[i])
		}
		if p >= 0 && j.Pathways[p].PersonID != j.Services[i].PersonID {
			t.Fatalf("service %d linked to another person's pathway", i)
		}
	}
	seen := make([]int, nfn)
	for si, xs := range j.ServiceFinance {
		for _, x := range xs {
			if x < 0 || x >= nfn || j.Transactions[x].ServiceID != j.Services[si].ServiceID ||
				j.Transactions[x].PersonID != j.Services[si].PersonID {
				t.Fatalf("service %d: finance %d does not belong to it", si, x)
			}
			seen[x]++
		}
	}
	for x, d := range j.FinanceDisposition {
		if (d == Linked) != (seen[x] == 1) || seen[x] > 1 {
			t.Fatalf("finance %d: %v, linked to %d services", x, d, seen[x])
		}
	}
	for _, is := range r.Issues {
		n := map[Source]int{SourceEvents: nev, SourceServices: nsv, SourceFinance: nfn}[is.Source]
		if is.Index < 0 || is.Index >= n || is.Reason == "" {
			t.Fatalf("issue %+v", is)
		}
	}
	for k, p := range j.Pathways {
		for s := range p.Dates {
			checkDate(t, "pathway date", p.Dates[s], false)
		}
		for _, e := range p.Events {
			if e < 0 || e >= nev || j.Events[e].PersonID != p.PersonID {
				t.Fatalf("pathway %d: event %d", k, e)
			}
		}
	}
}
