package pathway

import (
	"errors"
	"strings"
	"testing"
)

func TestReadEvents(t *testing.T) {
	in := "\ufeffPerson ID,Event Type,Event Date,Episode ID,Outcome\r\n" +
		"p1,request,2024-01-02,e1,Progress to assessment\r\n" +
		"p1,Assessment Start,2024-01-10,e1,\r\n" +
		"p1,assessment_end,10/02/2024,e1,NFA - Support declined\r\n" +
		"p2,teleport,2024-01-01,,\r\n" +
		"p3,review,,,\r\n" +
		"p4,review,2024-02-30,,\r\n" +
		",review,2024-02-01,,\r\n" +
		"p5,review\r\n" +
		"\r\n" +
		"p6,\"bad\"quote,2024-01-01,,\r\n" +
		"p7,review,2024-03-01,x,Provision of service\r\n"
	evs, rep, err := ReadEvents(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 10 || rep.Accepted != 4 || len(rep.Rejected) != 6 || len(evs) != 4 {
		t.Fatalf("report %+v, %d events", rep, len(evs))
	}
	if evs[0].PersonID != "p1" || evs[0].Type != EventRequest || evs[0].Line != 2 || evs[0].Class != OutcomeProgress {
		t.Errorf("event 0 %+v", evs[0])
	}
	if evs[2].Date.String() != "2024-02-10" || evs[2].Class != OutcomeNFA {
		t.Errorf("event 2 %+v", evs[2])
	}
	if evs[3].Class != OutcomeContinue || evs[3].Line != 12 {
		t.Errorf("event 3 %+v", evs[3])
	}
	want := []struct {
		line, col int
		field     string
		err       error
	}{
		{5, 2, "event_type", ErrUnknownEventType},
		{6, 3, "event_date", ErrDate},
		{7, 3, "event_date", ErrDate},
		{8, 1, "person_id", ErrMissing},
		{9, 0, "", ErrFieldCount},
		{11, 0, "", ErrCSV},
	}
	for i, w := range want {
		re := rep.Rejected[i]
		var got *RowError
		if !errors.As(re, &got) || got.Line != w.line || got.Column != w.col || got.Field != w.field || !errors.Is(re, w.err) {
			t.Errorf("rejection %d: %v (line %d col %d field %q), want line %d col %d %q %v", i, re, re.Line, re.Column, re.Field, w.line, w.col, w.field, w.err)
		}
		if !strings.HasPrefix(re.Error(), "pathway: ") {
			t.Errorf("message %q", re.Error())
		}
	}
}

func TestReadHeaderErrors(t *testing.T) {
	for _, in := range []string{"", "person_id,event_date\n", "person_id,event_type,event_date,Event Type\n"} {
		if _, _, err := ReadEvents(strings.NewReader(in)); !errors.Is(err, ErrHeader) {
			t.Errorf("%q: err %v, want ErrHeader", in, err)
		}
	}
}

func TestReadServices(t *testing.T) {
	in := "service_id,person_id,service_type,start_date,end_date,provider,planned_units_per_week,unit_cost\n" +
		"s1,p1,Long Term Support: Nursing Care,2024-01-01,,Acme,7,£120.50\n" +
		"s2,p1,Short term support: ST-Max,2024-01-01,2024-02-01,,10.5,21.75\n" +
		"s3,p2,spa day,2024-01-01,,,,\n" +
		"s4,p2,community,2024-02-01,2024-01-01,,,\n" +
		"s5,p2,community,2024-02-01,,,-3,10\n" +
		"s6,p2,community,2024-02-01,,,3,1e3\n" +
		"s7,p2,residential,2024-02-01,,,,\n"
	ss, rep, err := ReadServices(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 7 || rep.Accepted != 3 || len(ss) != 3 {
		t.Fatalf("report %+v", rep)
	}
	if ss[0].Type != LongTermNursing || ss[0].End.Valid() || ss[0].PlannedWeeklyCost().String() != "843.5" {
		t.Errorf("s1 %+v cost %v", ss[0], ss[0].PlannedWeeklyCost())
	}
	if ss[1].Type != ShortTermSTMax || !ss[1].Type.ShortTerm() || ss[1].PlannedWeeklyCost().String() != "228.38" {
		t.Errorf("s2 cost %v", ss[1].PlannedWeeklyCost())
	}
	for i, w := range []error{ErrUnknownService, ErrEndBeforeStart, ErrNegativeAmount, ErrNumber} {
		if !errors.Is(rep.Rejected[i], w) {
			t.Errorf("rejection %d: %v want %v", i, rep.Rejected[i], w)
		}
	}
}

func TestReadTransactions(t *testing.T) {
	in := "transaction_id,person_id,service_id,period_start,period_end,amount\n" +
		"t1,p1,s1,2024-01-01,2024-01-07,843.50\n" +
		"t2,p1,s1,2024-01-08,,843.5\n" +
		"t3,p1,s1,2024-01-08,2024-01-01,1\n" +
		"t4,p1,s1,2024-01-08,,-5.00\n" +
		"t5,p1,s1,2024-01-08,,\n" +
		"t6,p1,s1,,,5\n"
	xs, rep, err := ReadTransactions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 6 || rep.Accepted != 2 || xs[1].PeriodEnd != xs[1].PeriodStart || !xs[0].Amount.Equal(xs[1].Amount) {
		t.Fatalf("report %+v %+v", rep, xs)
	}
	for i, w := range []error{ErrEndBeforeStart, ErrNegativeAmount, ErrMissing, ErrDate} {
		if !errors.Is(rep.Rejected[i], w) {
			t.Errorf("rejection %d: %v want %v", i, rep.Rejected[i], w)
		}
	}
}
