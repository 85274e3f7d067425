package cld

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// csvOf joins a header and rows (each a comma-separated string) into a
// CSV text.
func csvOf(header string, rows ...string) string {
	return header + "\n" + strings.Join(rows, "\n") + "\n"
}

func mustRead(t *testing.T, in string, opt Options) *Data {
	t.Helper()
	d, err := Read(strings.NewReader(in), opt)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkInvariants(t, d)
	return d
}

// checkInvariants checks what every Data must satisfy.
func checkInvariants(t testing.TB, d *Data) {
	t.Helper()
	rep := d.Report
	if rep.Rows != rep.Accepted+rep.Rejected || rep.Accepted != d.Len() {
		t.Fatalf("report does not add up: rows %d, accepted %d, rejected %d, data %d", rep.Rows, rep.Accepted, rep.Rejected, d.Len())
	}
	sum := 0
	for _, rc := range rep.RejectedBy {
		sum += rc.Count
	}
	if sum != rep.Rejected || len(rep.Errors)+rep.ErrorsDropped != rep.Rejected {
		t.Fatalf("rejections by reason %d, kept %d + dropped %d, rejected %d", sum, len(rep.Errors), rep.ErrorsDropped, rep.Rejected)
	}
	for _, e := range rep.Errors {
		ok := false
		for _, s := range rejectReasons {
			ok = ok || errors.Is(e, s)
		}
		if !ok || e.Line < 1 {
			t.Fatalf("rejection without a sentinel or a line: %v", e)
		}
	}
	pc := rep.Persons
	if pc.Rows != d.Len() || pc.ByNHS+pc.ByLocal+pc.RemovedSeenWithNHS+pc.RemovedNoID != pc.Rows {
		t.Fatalf("person counts do not add up: %+v over %d rows", pc, d.Len())
	}
	subRows := 0
	for _, s := range d.Submissions {
		subRows += s.Rows
	}
	if subRows != d.Len() {
		t.Fatalf("submission rows %d, data %d", subRows, d.Len())
	}
	for i := range d.Len() {
		if !d.EventType[i].Valid() || !d.Start[i].Valid() || (d.End[i].Valid() && d.End[i] < d.Start[i]) || d.Line[i] < 2 {
			t.Fatalf("row %d: bad accepted row (type %v, %v to %v, line %d)", i, d.EventType[i], d.Start[i], d.End[i], d.Line[i])
		}
		if i > 0 && d.Line[i] <= d.Line[i-1] {
			t.Fatalf("rows out of file order at %d", i)
		}
		if d.Person[i] >= int32(d.NumPersons()) {
			t.Fatalf("row %d: person key %d out of range", i, d.Person[i])
		}
		if d.Flags[i]&HasUnitCost == 0 && d.UnitCost[i] != 0 || d.UnitCost[i] < 0 {
			t.Fatalf("row %d: cost %d with flags %b", i, d.UnitCost[i], d.Flags[i])
		}
	}
	for _, c := range d.Text {
		for i := range d.Len() {
			_ = c.Value(i)
		}
	}
}

const nhseHeader = "LA_Code,LA_Name,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_Unique_Record_ID," +
	"Der_NHS_Number_Traced_Pseudo,Der_LA_Person_Unique_Identifier_Pseudo,Der_Birth_Year,Der_Birth_Month,Client_Type," +
	"Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome"

const councilHeader = "LA Code,Reporting Period Start Date,Reporting Period End Date,LA Person Unique Identifier,NHS Number," +
	"Date of Birth,Client Type,Event Type,Event Start Date,Event End Date,Event Outcome"

// TestWorkedExampleIDs is the worked example of the principles (SALT and
// ASCOF, "Distinct headcount methodology"): four rows of one council in
// Q1 2023/24 with (NHS number, LA id) = (123, NULL), (123, 456),
// (NULL, 456), (NULL, 789). On paper: rows 1 and 2 are person 123, row 3
// is removed (456 was seen with NHS number 123), row 4 is person 789.
// Counts: 2 by NHS number, 1 by local id, 1 removed, 0 with no id.
func TestWorkedExampleIDs(t *testing.T) {
	nhse := csvOf(nhseHeader,
		"E06000001,Town,2023-04-01,2023-06-30,2023-07-20,1,123,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E06000001,Town,2023-04-01,2023-06-30,2023-07-20,2,123,456,1950,1,Service User,Assessment,2023-04-06,2023-04-20,NFA - Deceased",
		"E06000001,Town,2023-04-01,2023-06-30,2023-07-20,3,,456,1950,1,Service User,Review,2023-05-01,2023-05-02,No change in package",
		"E06000001,Town,2023-04-01,2023-06-30,2023-07-20,4,,789,1962,7,Service User,Request,2023-06-01,2023-06-02,Progress to Assessment",
	)
	// The same in a council's own layout, with real-format NHS numbers
	// (9434765919 and 4010232137 pass the modulus-11 check).
	council := csvOf(councilHeader,
		"E06000001,2023-04-01,2023-06-30,,9434765919,1950-01-17,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E06000001,2023-04-01,2023-06-30,456,943 476 5919,1950-01-17,Service User,Assessment,2023-04-06,2023-04-20,NFA - Deceased",
		"E06000001,2023-04-01,2023-06-30,456,,1950-01-17,Service User,Review,2023-05-01,2023-05-02,No change in package",
		"E06000001,2023-04-01,2023-06-30,789,,1962-07-31,Service User,Request,2023-06-01,2023-06-02,Progress to Assessment",
	)
	for name, in := range map[string]string{"nhse": nhse, "council": council} {
		t.Run(name, func(t *testing.T) {
			d := mustRead(t, in, Options{})
			want := PersonCounts{Rows: 4, ByNHS: 2, ByLocal: 1, RemovedSeenWithNHS: 1}
			if got := d.PersonCounts(); got != want {
				t.Fatalf("counts %+v, want %+v", got, want)
			}
			k := d.Person
			if k[0] != k[1] || k[0] < 0 || k[2] != -1 || k[3] < 0 || k[3] == k[0] {
				t.Fatalf("keys %v: want rows 1 and 2 one person, row 3 removed, row 4 another person", k)
			}
			if nhs, local := d.PersonOf(k[0]); local != 0 || d.NHSNumbers[nhs] == "" {
				t.Errorf("person of row 1: nhs %d local %d", nhs, local)
			}
			if nhs, local := d.PersonOf(k[3]); nhs != 0 || d.LocalIDs[local].ID != "789" {
				t.Errorf("person of row 4: nhs %d local %d", nhs, local)
			}
			// Within a measure's own rows the rule can differ: without
			// row 2, local id 456 is no longer seen with an NHS number, so
			// row 3 is keyed by it (3 persons, nothing removed).
			set := d.Filter(nil, func(i int) bool { return i != 1 })
			pk := d.Persons(set)
			if want := (PersonCounts{Rows: 3, ByNHS: 1, ByLocal: 2}); pk.PersonCounts != want || pk.Key[1] != -1 || pk.Key[2] < 0 {
				t.Fatalf("without row 2: %+v keys %v", pk.PersonCounts, pk.Key)
			}
			if len(d.Persons(nil).Removed) != 1 || d.Persons(nil).Removed[0] != 2 {
				t.Errorf("removed rows %v, want [2]", d.Persons(nil).Removed)
			}
		})
	}
}

// TestNoIdentifier: a row with neither identifier is removed and counted
// apart, and reported as a finding.
func TestNoIdentifier(t *testing.T) {
	d := mustRead(t, csvOf(nhseHeader,
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,2,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{})
	if got, want := d.PersonCounts(), (PersonCounts{Rows: 2, ByNHS: 1, RemovedNoID: 1}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	if d.Flags[0]&NoPerson == 0 || d.Person[0] != -1 {
		t.Fatalf("row 1: flags %b key %d", d.Flags[0], d.Person[0])
	}
	found := false
	for _, f := range d.Report.Findings {
		found = found || (f.Line == 2 && errors.Is(f, ErrNoPerson))
	}
	if !found {
		t.Fatalf("no ErrNoPerson finding: %v", d.Report.Findings)
	}
}

// TestLocalIDsPerCouncil: the same local id text at two councils is two
// persons, and an NHS number seen at one council does not remove a
// local-only row at another.
func TestLocalIDsPerCouncil(t *testing.T) {
	d := mustRead(t, csvOf(nhseHeader,
		"E1,A,2023-04-01,2023-06-30,2023-07-20,1,123,456,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E2,B,2023-04-01,2023-06-30,2023-07-20,2,,456,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{})
	if got, want := d.PersonCounts(), (PersonCounts{Rows: 2, ByNHS: 1, ByLocal: 1}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	if len(d.LocalIDs) != 3 {
		t.Fatalf("local ids %v, want two entries after the blank one", d.LocalIDs)
	}
}

// TestDerivedAge checks AgeAt (the code's floor(days/365.25)) and
// CalendarAge on dates worked out on paper.
func TestDerivedAge(t *testing.T) {
	day := func(y int, m time.Month, d int) Date { return pathway.NewDate(y, m, d) }
	cases := []struct {
		birth, on    Date
		code, calYrs int
		why          string
	}{
		// 2005-04-01 to 2023-04-01: 18×365 + 4 leap days (2008, 2012,
		// 2016, 2020) = 6,574 days; 6,574/365.25 = 17.998.
		{day(2005, 4, 1), day(2023, 4, 1), 17, 18, "18th birthday: the code says 17"},
		// one day later: 6,575/365.25 = 18.001
		{day(2005, 4, 1), day(2023, 4, 2), 18, 18, "a day after the 18th birthday"},
		{day(2005, 4, 1), day(2023, 3, 31), 17, 17, "the day before"},
		// 1958-04-01 to 2023-04-01: 65×365 + 16 leap days (1960–2020) =
		// 23,741 days; /365.25 = 64.9993.
		{day(1958, 4, 1), day(2023, 4, 1), 64, 65, "65th birthday: the code says 64"},
		{day(1958, 4, 1), day(2023, 4, 2), 65, 65, "a day after the 65th birthday"},
		// period end 2024-03-31, born March 1959: 1959-03-01 to 2024-03-01
		// is 65×365 + 17 leap days (1960–2024) = 23,742, plus 30 days =
		// 23,772; /365.25 = 65.08.
		{day(1959, 3, 1), day(2024, 3, 31), 65, 65, "65 at the end of 2023/24"},
		// born April 1959: 1959-04-01 to 2023-04-01 is 64×365 + 16 =
		// 23,376, plus 365 days to 2024-03-31 = 23,741; /365.25 = 64.9993.
		{day(1959, 4, 1), day(2024, 3, 31), 64, 64, "64 at the end of 2023/24"},
		{day(2000, 1, 1), day(1999, 12, 31), -1, -1, "before birth"},
	}
	for _, c := range cases {
		if got, ok := AgeAt(c.birth, c.on); !ok || got != c.code {
			t.Errorf("%s: AgeAt(%v, %v) = %d, want %d", c.why, c.birth, c.on, got, c.code)
		}
		if got, ok := CalendarAge(c.birth, c.on); !ok || got != c.calYrs {
			t.Errorf("%s: CalendarAge(%v, %v) = %d, want %d", c.why, c.birth, c.on, got, c.calYrs)
		}
	}
	// With proxy births on the 1st of a month, the two ages agree at every
	// quarter end (the package documentation says so); they differ on
	// some 1sts of the month.
	differ := 0
	for y := 1900; y <= 2023; y++ {
		for m := time.January; m <= time.December; m++ {
			b := ProxyBirth(y, m)
			for _, on := range []Date{day(2023, 6, 30), day(2023, 9, 30), day(2023, 12, 31), day(2024, 3, 31)} {
				a, _ := AgeAt(b, on)
				c, _ := CalendarAge(b, on)
				if a != c {
					t.Fatalf("born %v, on %v: AgeAt %d, CalendarAge %d", b, on, a, c)
				}
			}
			for om := time.January; om <= time.December; om++ {
				a, _ := AgeAt(b, day(2023, om, 1))
				c, _ := CalendarAge(b, day(2023, om, 1))
				if a != c {
					differ++
				}
			}
		}
	}
	if differ == 0 {
		t.Error("no birth month where the ages differ on the 1st of a month of 2023")
	}
	if _, ok := AgeAt(NoDate, day(2023, 1, 1)); ok {
		t.Error("AgeAt of an unknown birth is defined")
	}
	// The reader reduces a date of birth to the 1st of its month, and the
	// derived birth year and month give the same proxy date.
	d := mustRead(t, csvOf(councilHeader,
		"E1,2023-04-01,2023-06-30,L1,,2005-04-17,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{})
	if d.Birth[0] != day(2005, 4, 1) {
		t.Fatalf("proxy birth %v, want 2005-04-01", d.Birth[0])
	}
	if a, _ := d.Age(0, day(2023, 4, 1)); a != 17 {
		t.Fatalf("age %d", a)
	}
}

// TestLatestSubmissions is a worked case of the latest-submission rule
// for 2023/24 with the window (2024-03-31, 2024-05-01]:
//
//	council A: import 1 (2024-04-20, Apr–Mar, 2 rows), import 2
//	  (2024-04-30 09:00, Apr–Mar, 3 rows), import 3 (2024-05-02, after
//	  the window, 1 row), import 4 (2024-04-25, only Q4, 1 row)
//	council B: one import (2024-04-21) for Q1–Q3 only (2 rows)
//	council C: two imports on the same day at 08:00 and 17:30 (1 row each)
//
// On paper: A keeps import 2 (3 rows; sets aside 2 + 1 + 1 = 4); B has
// no import covering the year (sets aside 2); C keeps the 17:30 import
// (1 row; sets aside 1). Kept 4, set aside 7.
func TestLatestSubmissions(t *testing.T) {
	hdr := "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo,Event_Type,Event_Start_Date,Event_End_Date"
	row := func(la, ps, pe, imp string) string {
		return la + "," + ps + "," + pe + "," + imp + ",p1,Request,2023-05-01,2023-05-02"
	}
	in := csvOf(hdr,
		row("A", "2023-04-01", "2024-03-31", "2024-04-20"),
		row("A", "2023-04-01", "2024-03-31", "2024-04-20"),
		row("A", "2023-04-01", "2024-03-31", "2024-04-30 09:00:00"),
		row("A", "2023-04-01", "2024-03-31", "2024-04-30 09:00:00"),
		row("A", "2023-04-01", "2024-03-31", "2024-04-30 09:00:00"),
		row("A", "2023-04-01", "2024-03-31", "2024-05-02"),
		row("A", "2024-01-01", "2024-03-31", "2024-04-25"),
		row("B", "2023-04-01", "2023-12-31", "2024-04-21"),
		row("B", "2023-04-01", "2023-12-31", "2024-04-21"),
		row("C", "2023-04-01", "2024-03-31", "2024-04-22 08:00"),
		row("C", "2023-04-01", "2024-03-31", "2024-04-22 17:30"),
	)
	d := mustRead(t, in, Options{})
	w := Window{After: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), By: pathway.NewDate(2024, time.May, 1)}
	sel, err := d.LatestSubmissions(FinancialYear(2023), w)
	if err != nil {
		t.Fatal(err)
	}
	if sel.Kept != 4 || sel.SetAside != 7 || sel.Rows.Count() != 4 || len(sel.SetAsideRows) != 7 {
		t.Fatalf("kept %d (set %d), set aside %d (%d listed); want 4 and 7", sel.Kept, sel.Rows.Count(), sel.SetAside, len(sel.SetAsideRows))
	}
	for i, want := range []bool{false, false, true, true, true, false, false, false, false, false, true} {
		if sel.Rows.Has(i) != want {
			t.Errorf("row %d (line %d) kept %v, want %v", i, d.Line[i], !want, want)
		}
	}
	a, b, c := sel.Councils[0], sel.Councils[1], sel.Councils[2]
	if !a.Chosen || a.Kept != 3 || a.SetAside != 4 || !a.Import.Equal(time.Date(2024, 4, 30, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("council A: %+v", a)
	}
	if b.Chosen || b.Kept != 0 || b.SetAside != 2 {
		t.Errorf("council B: %+v", b)
	}
	if !c.Chosen || c.Kept != 1 || c.SetAside != 1 {
		t.Errorf("council C: %+v", c)
	}
	// File level: for each council and reporting period the latest import
	// supersedes the others: A Apr–Mar has imports 1, 2 and 3 (3 is the
	// latest: 5 rows superseded); C's 08:00 import (1 row). Total 6.
	if d.Report.Superseded != 6 {
		t.Errorf("superseded rows %d, want 6", d.Report.Superseded)
	}
	lp := d.LatestPerPeriod()
	if lp.Kept != 5 || lp.SetAside != 6 || len(lp.SetAsideRows) != 6 || lp.SetAsideRows[0] != 0 || !lp.Rows.Has(5) || !lp.Rows.Has(6) {
		t.Errorf("latest per period: kept %d, set aside %v", lp.Kept, lp.SetAsideRows)
	}
	if _, err := d.LatestSubmissions(Period{}, w); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("empty period: %v", err)
	}
}

// TestLatestSubmissionWithoutImportDate: a council's own file has no
// ImportDate; its rows are one import, always in the window.
func TestLatestSubmissionWithoutImportDate(t *testing.T) {
	d := mustRead(t, csvOf(councilHeader,
		"E1,2023-04-01,2024-03-31,L1,,1950-01-17,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{})
	sel, err := d.LatestSubmissions(FinancialYear(2023), Window{After: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil || sel.Kept != 1 || !d.Submissions[0].Import.IsZero() {
		t.Fatalf("kept %d, import %v, %v", sel.Kept, d.Submissions[0].Import, err)
	}
	stamp := time.Date(2024, 4, 10, 12, 0, 0, 0, time.UTC)
	d = mustRead(t, csvOf(councilHeader,
		"E1,2023-04-01,2024-03-31,L1,,1950-01-17,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{ImportTime: stamp})
	if !d.Submissions[0].Import.Equal(stamp) {
		t.Fatalf("import %v, want %v", d.Submissions[0].Import, stamp)
	}
}

// TestLatestEditions is a worked case of the code's "latest edition of
// each event" with the submission cut-off 2024-02-01. On paper: the
// request of 1 May (community) is in Q1 (line 2) and Q2 (line 3, and its
// duplicate on line 12): Q2's two rows are kept; the request of 1 May by
// hospital discharge (line 4) is another event, kept; the service of
// 10 May is in Q1 (line 5), Q2 (line 6) and an import of 10 February
// after the cut-off (line 7): Q2's row is kept; the two assessments
// (lines 8, 9) and the late review (line 10) are kept as the code keeps
// them; line 11 has no person and is set aside. Kept 7, set aside 4
// (lines 2, 5, 7, 11).
func TestLatestEditions(t *testing.T) {
	hdr := "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo,Client_Type,Event_Type,Event_Start_Date,Event_End_Date,Request_Route_of_Access,Service_Type"
	q1 := "E1,2023-04-01,2023-06-30,2023-07-20,"
	q2 := "E1,2023-04-01,2023-09-30,2023-10-20,"
	late := "E1,2023-04-01,2023-12-31,2024-02-10,"
	d := mustRead(t, csvOf(hdr,
		q1+"p1,Service User,Request,2023-05-01,,Community / Other route,",
		q2+"p1,Service User,Request,2023-05-01,2023-05-02,Community / Other route,",
		q1+"p1,Service User,Request,2023-05-01,2023-05-01,Discharge from Hospital,",
		q1+"p1,Service User,Service,2023-05-10,,,Long Term Support: Community",
		q2+"p1,Service User,Service,2023-05-10,2023-08-31,,Long Term Support: Community",
		late+"p1,Service User,Service,2023-05-10,2023-07-31,,Long Term Support: Community",
		q1+"p1,Service User,Assessment,2023-05-03,,,",
		q2+"p1,Service User,Assessment,2023-05-03,2023-05-08,,",
		late+"p1,Service User,Review,2023-11-01,2023-11-02,,",
		q1+",Service User,Request,2023-05-01,2023-05-02,Community / Other route,",
		q2+"p1,Service User,Request,2023-05-01,2023-05-02,Community / Other route,",
	), Options{})
	sel := d.LatestEditions(nil, nil, pathway.NewDate(2024, time.February, 1))
	var aside []int32
	for _, i := range sel.SetAsideRows {
		aside = append(aside, d.Line[i])
	}
	if sel.Kept != 7 || sel.SetAside != 4 || len(aside) != 4 || aside[0] != 2 || aside[1] != 5 || aside[2] != 7 || aside[3] != 11 {
		t.Fatalf("kept %d, set aside lines %v", sel.Kept, aside)
	}
	// without a cut-off the February import is the service's latest edition
	sel = d.LatestEditions(nil, nil, NoDate)
	if sel.Kept != 7 || !sel.Rows.Has(5) || sel.Rows.Has(4) {
		t.Fatalf("no cut-off: kept %d", sel.Kept)
	}
	// within a set
	set := d.Filter(nil, func(i int) bool { return d.EventType[i] == EventRequest })
	sel = d.LatestEditions(set, nil, NoDate)
	if sel.Kept+sel.SetAside != set.Count() || sel.Kept != 3 {
		t.Fatalf("requests only: kept %d, set aside %d", sel.Kept, sel.SetAside)
	}
}
