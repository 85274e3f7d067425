package pathway

import (
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
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
		{9, 3, "", ErrFieldCount}, // the first field missing
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

// TestReadBadInput is issue #13 items 7 and 13 for the three readers: a row with more (or
// fewer) fields than the header is rejected naming the line and the first extra (or
// missing) column; ids with control characters or broken UTF-8, dates outside 1900–2100 and
// amounts not in plain decimal notation are rejected naming the line and column.
func TestReadBadInput(t *testing.T) {
	type reader func(string) (int, *ReadReport, error)
	events := func(s string) (int, *ReadReport, error) {
		r, rep, err := ReadEvents(strings.NewReader(s))
		return len(r), rep, err
	}
	services := func(s string) (int, *ReadReport, error) {
		r, rep, err := ReadServices(strings.NewReader(s))
		return len(r), rep, err
	}
	finance := func(s string) (int, *ReadReport, error) {
		r, rep, err := ReadTransactions(strings.NewReader(s))
		return len(r), rep, err
	}
	const (
		evHead = "person_id,event_type,event_date,episode_id,event_id\n"
		evOK   = "p0,request,2024-01-01,e0,x0\n"
		svHead = "service_id,person_id,service_type,start_date,episode_id,unit_cost,planned_units_per_week\n"
		svOK   = "s0,p0,community,2024-01-01,e0,10,1\n"
		fnHead = "transaction_id,person_id,service_id,period_start,amount\n"
		fnOK   = "t0,p0,s0,2024-01-01,5\n"
	)
	tests := []struct {
		name     string
		read     reader
		head, ok string
		row      string
		col      int
		field    string
		want     []error
	}{
		{"events: extra field", events, evHead, evOK, "p1,request,2024-01-01,e1,x1,EXTRA", 6, "", []error{ErrFieldCount}},
		{"events: extra empty field", events, evHead, evOK, "p1,request,2024-01-01,e1,x1,", 6, "", []error{ErrFieldCount}},
		{"events: missing optional field", events, evHead, evOK, "p1,request,2024-01-01,e1", 5, "", []error{ErrFieldCount}},
		{"services: extra field", services, svHead, svOK, "s1,p1,community,2024-01-01,e1,10,1,EXTRA", 8, "", []error{ErrFieldCount}},
		{"finance: extra field", finance, fnHead, fnOK, "t1,p1,s1,2024-01-01,5,EXTRA", 6, "", []error{ErrFieldCount}},
		{"events: NUL in person id", events, evHead, evOK, "p\x001,request,2024-01-01,e1,x1", 1, "person_id", []error{ErrID, field.ErrText}},
		{"events: broken episode id", events, evHead, evOK, "p1,request,2024-01-01,e\xff,x1", 4, "episode_id", []error{ErrID, field.ErrText}},
		{"events: control character in event id", events, evHead, evOK, "p1,request,2024-01-01,e1,x\x7f", 5, "event_id", []error{ErrID, field.ErrText}},
		{"services: NUL in service id", services, svHead, svOK, "s\x00,p1,community,2024-01-01,e1,10,1", 1, "service_id", []error{ErrID, field.ErrText}},
		{"services: broken person id", services, svHead, svOK, "s1,\xc3,community,2024-01-01,e1,10,1", 2, "person_id", []error{ErrID, field.ErrText}},
		{"finance: NUL in transaction id", finance, fnHead, fnOK, "t\x00,p1,s1,2024-01-01,5", 1, "transaction_id", []error{ErrID, field.ErrText}},
		{"finance: broken service id", finance, fnHead, fnOK, "t1,p1,s\xff,2024-01-01,5", 3, "service_id", []error{ErrID, field.ErrText}},
		{"events: year 0", events, evHead, evOK, "p1,request,0000-01-01,e1,x1", 3, "event_date", []error{ErrDate, field.ErrYear}},
		{"events: year 9999", events, evHead, evOK, "p1,request,9999-12-31,e1,x1", 3, "event_date", []error{ErrDate, field.ErrYear}},
		{"services: started 1899", services, svHead, svOK, "s1,p1,community,31/12/1899,e1,10,1", 4, "start_date", []error{ErrDate, field.ErrYear}},
		{"finance: year 2101", finance, fnHead, fnOK, "t1,p1,s1,2101-01-01,5", 4, "period_start", []error{ErrDate, field.ErrYear}},
		{"finance: hex amount", finance, fnHead, fnOK, "t1,p1,s1,2024-01-01,0x1p3", 5, "amount", []error{ErrNumber, field.ErrNotDecimal}},
		{"finance: digit separator", finance, fnHead, fnOK, "t1,p1,s1,2024-01-01,1_0", 5, "amount", []error{ErrNumber, field.ErrNotDecimal}},
		{"finance: Inf", finance, fnHead, fnOK, "t1,p1,s1,2024-01-01,Inf", 5, "amount", []error{ErrNumber, field.ErrNotDecimal}},
		{"finance: NaN", finance, fnHead, fnOK, "t1,p1,s1,2024-01-01,NaN", 5, "amount", []error{ErrNumber, field.ErrNotDecimal}},
		{"finance: overflow", finance, fnHead, fnOK, "t1,p1,s1,2024-01-01,1e400", 5, "amount", []error{ErrNumber}},
		{"services: hex cost", services, svHead, svOK, "s1,p1,community,2024-01-01,e1,0x10,1", 6, "unit_cost", []error{ErrNumber, field.ErrNotDecimal}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, rep, err := tc.read(tc.head + tc.ok + tc.row + "\n" + tc.ok)
			if err != nil {
				t.Fatal(err)
			}
			if n != 2 || rep.Rows != 3 || rep.Accepted != 2 || len(rep.Rejected) != 1 {
				t.Fatalf("%d records, report %+v; want 3 rows, 2 accepted, 1 rejected", n, rep)
			}
			re := rep.Rejected[0]
			for _, w := range tc.want {
				if !errors.Is(re, w) {
					t.Errorf("%v does not wrap %v", re, w)
				}
			}
			if re.Line != 3 || re.Column != tc.col || re.Field != tc.field {
				t.Errorf("%v at line %d, column %d (%q); want line 3, column %d (%q)", re, re.Line, re.Column, re.Field, tc.col, tc.field)
			}
		})
	}
}

// The bad-input battery: free text (an event's outcome, a service's
// provider) is checked as ids are, and the lines a quote left open
// swallows are named, not lost without a word.
func TestReadFreeTextAndOpenQuote(t *testing.T) {
	_, rep, err := ReadEvents(strings.NewReader("person_id,event_type,event_date,event_outcome\n" +
		"p1,request,2024-01-02,NFA\x00\n" +
		"p2,request,2024-01-02,\xffNFA\n" +
		"p3,request,2024-01-02,NFA\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accepted != 1 || len(rep.Rejected) != 2 {
		t.Fatalf("report %+v", rep)
	}
	for i, re := range rep.Rejected {
		if re.Line != i+2 || re.Column != 4 || re.Field != "event_outcome" || !errors.Is(re, ErrText) || !errors.Is(re, field.ErrText) {
			t.Errorf("rejection %d: %v, want line %d, column 4 (event_outcome), ErrText", i, re, i+2)
		}
	}
	_, rep, err = ReadServices(strings.NewReader("service_id,person_id,service_type,start_date,provider\n" +
		"s1,p1,nursing,2024-01-02,Care\x7fHome\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 1 || rep.Rejected[0].Field != "provider" || rep.Rejected[0].Column != 5 || !errors.Is(rep.Rejected[0], ErrText) {
		t.Errorf("provider with DEL: %+v", rep.Rejected)
	}
	// A quote left open on line 3 swallows lines 3 to 5.
	_, rep, err = ReadTransactions(strings.NewReader("person_id,period_start,amount\n" +
		"p1,2024-01-01,1\n\"p2,2024-01-01,2\np3,2024-01-01,3\np4,2024-01-01,4\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accepted != 1 || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 3 || !strings.Contains(rep.Rejected[0].Error(), "lines 3 to 5 could not be read") {
		t.Errorf("open quote: %+v %v", rep, rep.Rejected)
	}
}
