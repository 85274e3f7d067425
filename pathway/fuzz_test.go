package pathway

import (
	"bytes"
	"errors"
	"testing"
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
			if e.PersonID == "" || !e.Date.Valid() || e.Type < EventRequest || e.Type > EventReview || e.Line <= 0 {
				t.Fatalf("bad accepted event %+v", e)
			}
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
			if s.ServiceID == "" || !s.Start.Valid() || (s.End.Valid() && s.End < s.Start) || s.UnitCost.Sign() < 0 ||
				s.PlannedUnitsPerWeek.Sign() < 0 || s.Type == ServiceUnknown {
				t.Fatalf("bad accepted service %+v", s)
			}
			_ = s.PlannedWeeklyCost()
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
			if x.Amount.Sign() < 0 || !x.PeriodStart.Valid() || x.PeriodEnd < x.PeriodStart {
				t.Fatalf("bad accepted transaction %+v", x)
			}
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
