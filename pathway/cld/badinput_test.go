package cld

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

// TestRejections: one row per rejection reason, each with the line,
// column and sentinel worked out by hand. Lines count the header as 1.
func TestRejections(t *testing.T) {
	good := "E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased"
	cases := []struct {
		row    string
		col    int
		reason error
	}{
		{",Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 1, ErrMissing},
		{"E\x001,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 1, ErrText},
		{"E1,Town,,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 3, ErrMissing},
		{"E1,Town,2023-04-01,2023-02-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 4, ErrDate},
		{"E1,Town,2023-04-01,2023-03-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 4, ErrEndBeforeStart},
		{"E1,Town,2023-04-01,2023-06-30,,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 5, ErrMissing},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20 25:00,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 5, ErrDate},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,,2023-04-03,2023-04-05,NFA - Deceased", 12, ErrMissing},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Contact,2023-04-03,2023-04-05,NFA - Deceased", 12, ErrNotInList},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,,2023-04-05,NFA - Deceased", 13, ErrMissing},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,1899-12-31,2023-04-05,NFA - Deceased", 13, ErrDate},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,9999-12-31,NFA - Deceased", 14, ErrDate},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-02,NFA - Deceased", 14, ErrEndBeforeStart},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,\xff7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 7, ErrText},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1\t2,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased", 6, ErrText},
		{"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05", 0, ErrFieldCount},
		{good + ",extra", 0, ErrFieldCount},
		{`E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA "x"`, 0, ErrCSV},
	}
	rows := []string{good}
	for _, c := range cases {
		rows = append(rows, c.row)
	}
	rows = append(rows, good)
	d := mustRead(t, csvOf(nhseHeader, rows...), Options{})
	if d.Len() != 2 || d.Report.Rejected != len(cases) || d.Line[0] != 2 || int(d.Line[1]) != len(cases)+3 {
		t.Fatalf("accepted %d (lines %v), rejected %d; want 2 and %d", d.Len(), d.Line, d.Report.Rejected, len(cases))
	}
	for k, c := range cases {
		e := d.Report.Errors[k]
		if e.Line != k+3 || e.Column != c.col || !errors.Is(e, c.reason) {
			t.Errorf("row %d: %v; want line %d, column %d, %v", k, e, k+3, c.col, c.reason)
		}
		var re *RowError
		if !errors.As(error(e), &re) || (c.col > 0 && re.Field == "") {
			t.Errorf("row %d: not a RowError with a field: %#v", k, e)
		}
	}
	want := map[error]int{ErrMissing: 5, ErrText: 3, ErrDate: 4, ErrEndBeforeStart: 2, ErrNotInList: 1, ErrFieldCount: 2, ErrCSV: 1}
	for _, rc := range d.Report.RejectedBy {
		if want[rc.Reason] != rc.Count {
			t.Errorf("%v: %d rows, want %d", rc.Reason, rc.Count, want[rc.Reason])
		}
		delete(want, rc.Reason)
	}
	if len(want) > 0 {
		t.Errorf("reasons not counted: %v", want)
	}
	// MaxErrors keeps the count but not every error.
	d = mustRead(t, csvOf(nhseHeader, rows...), Options{MaxErrors: 3})
	if len(d.Report.Errors) != 3 || d.Report.ErrorsDropped != len(cases)-3 {
		t.Fatalf("kept %d errors, dropped %d", len(d.Report.Errors), d.Report.ErrorsDropped)
	}
}

// TestFindings: one finding per kind, on accepted rows, counted in
// Quality by council.
func TestFindings(t *testing.T) {
	hdr := "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo," +
		"Der_LA_Person_Unique_Identifier_Pseudo,Der_Birth_Year,Der_Birth_Month,Gender,Client_Type,Primary_Support_Reason," +
		"Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Request_Route_of_Access,Service_Type,Service_Component," +
		"Delivery_Mechanism,Unit_Cost,Cost_Frequency_(Unit_Type),Planned_units_per_week,Review_Reason"
	rows := []string{
		// 1: a clean service row
		"E1,2023-04-01,2024-03-31,2024-04-20,7,L7,1950,3,Female,Service User,Mental Health Support,Service,2023-04-03,,Provision of service,,Long Term Support: Community,Home Care,Direct Payment,£21.50,Hourly,10.5,",
		// 2: invalid gender, variant service type, cost with 7 decimals, negative units
		"E1,2023-04-01,2024-03-31,2024-04-20,7,L7,1950,3,Woman,Service User,Mental Health Support,Service,2023-04-03,,Provision of service,,Long Term Support – Community,Home Care,Direct Payment,1.0000001,Hourly,-2,",
		// 3: a request without a route (mandatory) and without an outcome (mandatory)
		"E1,2023-04-01,2024-03-31,2024-04-20,7,L7,1950,3,Female,Service User,,Request,2023-04-03,2023-04-04,,,,,,,,,",
		// 4: a review without its reason; birth year 1850
		"E2,2023-04-01,2024-03-31,2024-04-20,8,,1850,3,Female,Service User,Mental Health Support,Review,2023-04-03,2023-04-04,No change in package,,,,,,,,",
		// 5: a commissioned long-term service without cost: cost not mandatory
		"E2,2023-04-01,2024-03-31,2024-04-20,8,,1950,3,Female,Service User,Mental Health Support,Service,2023-04-03,,Provision of service,,Long Term Support: Nursing Care,Long Term Nursing Care,CASSR Commissioned Support,,,,",
		// 6: a direct-payment long-term service without cost: mandatory
		"E2,2023-04-01,2024-03-31,2024-04-20,8,,1950,3,Female,Service User,Mental Health Support,Service,2023-04-03,,Provision of service,,Long Term Support: Nursing Care,Long Term Nursing Care,Direct Payment,,,,",
	}
	d := mustRead(t, csvOf(hdr, rows...), Options{})
	if d.Len() != 6 {
		t.Fatalf("accepted %d, want 6: %v", d.Len(), d.Report.Errors)
	}
	if d.UnitCost[0] != 21_500_000 || d.Flags[0]&HasUnitCost == 0 || d.PlannedUnits[0] != 10.5 || d.ServiceType[0] != ServiceLTCommunity {
		t.Fatalf("row 1: cost %d units %v type %v flags %b", d.UnitCost[0], d.PlannedUnits[0], d.ServiceType[0], d.Flags[0])
	}
	if d.Gender[1] != GenderInvalid || d.ServiceType[1] != ServiceLTCommunity || d.Flags[1]&(BadUnitCost|BadPlannedUnits) != BadUnitCost|BadPlannedUnits || d.Flags[1]&HasUnitCost != 0 {
		t.Fatalf("row 2: gender %v type %v flags %b", d.Gender[1], d.ServiceType[1], d.Flags[1])
	}
	if d.Birth[3].Valid() || d.Flags[3]&BadBirth == 0 {
		t.Fatalf("row 4: birth %v flags %b", d.Birth[3], d.Flags[3])
	}
	q := d.Report.Quality
	checks := []struct {
		council, field string
		s              Status
		want           int
	}{
		{"E1", "Gender", StatusInvalid, 1},
		{"E1", "Gender", StatusValid, 2},
		{"E1", "Service_Type", StatusVariant, 1},
		{"E1", "Service_Type", StatusValid, 1},
		{"E1", "Service_Type", StatusBlank, 1}, // the request: not mandatory
		{"E1", "Unit_Cost", StatusInvalid, 1},
		{"E1", "Planned_units_per_week", StatusInvalid, 1},
		{"E1", "Request_Route_of_Access", StatusBlankMandatory, 1},
		{"E1", "Event_Outcome", StatusBlankMandatory, 1},
		{"E1", "Primary_Support_Reason", StatusBlank, 1}, // not mandatory for requests
		{"E2", "Review_Reason", StatusBlankMandatory, 1},
		{"E2", "Der_Birth_Year", StatusInvalid, 1},
		{"E2", "Unit_Cost", StatusBlankMandatory, 1},
		{"E2", "Unit_Cost", StatusBlank, 2},
		{"E2", "Der_LA_Person_Unique_Identifier_Pseudo", StatusBlankMandatory, 3},
		{"", "Gender", StatusValid, 5},
	}
	for _, c := range checks {
		if got := q.Count(c.council, c.field, c.s); got != c.want {
			t.Errorf("%s %s %v: %d, want %d", c.council, c.field, c.s, got, c.want)
		}
	}
	var inv, variants int
	for _, v := range q.Values {
		switch {
		case v.Status == StatusInvalid && v.Field == "Gender" && v.Value == "Woman" && v.Count == 1:
			inv++
		case v.Status == StatusVariant && v.Canonical == "Long Term Support: Community":
			variants++
		}
	}
	if inv != 1 || variants != 1 {
		t.Errorf("values listed: %+v", q.Values)
	}
	for _, f := range d.Report.Findings {
		if f.Line < 2 || f.Err == nil {
			t.Errorf("finding without a line or reason: %+v", f)
		}
		if f.Field == "Der_NHS_Number_Traced_Pseudo" && f.Value != "" {
			t.Errorf("a finding repeats a person id: %+v", f)
		}
	}
	total := d.Report.FindingsTotal
	if total != len(d.Report.Findings) || total < 12 {
		t.Errorf("%d findings kept of %d", len(d.Report.Findings), total)
	}
	d2 := mustRead(t, csvOf(hdr, rows...), Options{MaxFindings: 2})
	if len(d2.Report.Findings) != 2 || d2.Report.FindingsTotal != total || d2.Report.Quality.Count("E1", "Gender", StatusInvalid) != 1 {
		t.Errorf("MaxFindings 2: kept %d of %d", len(d2.Report.Findings), d2.Report.FindingsTotal)
	}
	var sb strings.Builder
	if err := q.WriteCSV(&sb); err != nil || !strings.Contains(sb.String(), "E1,Gender,invalid,1,Woman,") {
		t.Fatalf("quality CSV (%v):\n%s", err, sb.String())
	}
}

// TestNHSNumberCheck: council-layout NHS numbers must pass modulus 11;
// a failing one is a finding and does not key the row.
func TestNHSNumberCheck(t *testing.T) {
	var buf [10]byte
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"9434765919", true}, {"943 476 5919", true}, {"4010232137", true},
		{"9434765918", false}, {"943476591", false}, {"94347659190", false}, {"943-476-5919", false}, {"", false},
	} {
		if _, ok := nhsNumberOK([]byte(c.in), &buf); ok != c.ok {
			t.Errorf("nhsNumberOK(%q) = %v", c.in, ok)
		}
	}
	if d, ok := NHSNumberCheckDigit([9]int{9, 4, 3, 4, 7, 6, 5, 9, 1}); d != 9 || !ok {
		t.Errorf("check digit %d %v", d, ok)
	}
	d := mustRead(t, csvOf(councilHeader,
		"E1,2023-04-01,2023-06-30,L1,9434765918,1950-01-17,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{})
	if d.NHS[0] != 0 || d.Flags[0]&BadNHSNumber == 0 || d.Person[0] < 0 || d.Report.Persons.ByLocal != 1 {
		t.Fatalf("nhs %d flags %b key %d", d.NHS[0], d.Flags[0], d.Person[0])
	}
}

func TestHeaderErrors(t *testing.T) {
	cases := map[string]string{
		"empty":      "",
		"mixed":      "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Der_LA_Person_Unique_Identifier_Pseudo,Event_Type,Event_Start_Date,Event_End_Date\n",
		"no person":  "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,Event_Type,Event_Start_Date,Event_End_Date\n",
		"no council": "Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Event_Type,Event_Start_Date,Event_End_Date\n",
		"duplicate":  "LA_Code,LA Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Event_Type,Event_Start_Date,Event_End_Date\n",
		"no end":     "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Event_Type,Event_Start_Date\n",
		"unnamed":    "LA_Code,,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Event_Type,Event_Start_Date,Event_End_Date\n",
		"bad quote":  "LA_Code,\"Reporting_Period_Start_Date\n",
	}
	for name, in := range cases {
		if _, err := Read(strings.NewReader(in), Options{}); !errors.Is(err, ErrHeader) {
			t.Errorf("%s: %v, want ErrHeader", name, err)
		}
	}
	hdr := "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Event_Type,Event_Start_Date,Event_End_Date\n"
	if _, err := Read(strings.NewReader(hdr), Options{Layout: LayoutNHSE}); !errors.Is(err, ErrHeader) {
		t.Errorf("forced layout: %v", err)
	}
	if _, err := Read(strings.NewReader(hdr), Options{MaxRecordBytes: -1}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("bad options: %v", err)
	}
	d, err := Read(strings.NewReader(hdr), Options{})
	if err != nil || d.Len() != 0 || d.Layout != LayoutCouncil {
		t.Errorf("header only: %v %v", d, err)
	}
	// a read failure is an error, not a rejected row
	if _, err := Read(iotest.TimeoutReader(strings.NewReader(hdr+"E1,2023-04-01,2023-06-30,9434765919,Request,2023-04-03,\n")), Options{}); err == nil {
		t.Error("read error swallowed")
	}
}

// TestColumnsMatching: names in any case, with spaces, underscores or
// the specification's punctuation; unknown columns kept (or skipped);
// the traced NHS pseudonym preferred over the untraced one.
func TestColumnsMatching(t *testing.T) {
	in := "la code,REPORTING PERIOD START DATE,reporting_period_end_date,Der_NHS_Number_Pseudo,Der_NHS_Number_Traced_Pseudo," +
		"Event Type,Event Start Date,Event End Date,Request: Route of Access,Cost Frequency (Unit Type),Team\n" +
		"E1,2023-04-01,2023-06-30,untraced,traced,Request,2023-04-03,2023-04-05,Discharge from Hospital,Weekly,North\n"
	d := mustRead(t, in, Options{})
	if d.Layout != LayoutNHSE || d.NHSNumbers[d.NHS[0]] != "traced" || d.Route[0] != RouteHospitalDischarge || d.CostFrequency[0] != FrequencyWeekly {
		t.Fatalf("layout %v nhs %q route %v freq %v", d.Layout, d.NHSNumbers[d.NHS[0]], d.Route[0], d.CostFrequency[0])
	}
	if c := d.Column("team"); c == nil || c.Known || c.Value(0) != "North" {
		t.Fatalf("unknown column: %+v", c)
	}
	if c := d.Column("Der_NHS_Number_Pseudo"); c == nil || !c.Known || c.Value(0) != "untraced" {
		t.Fatalf("shadowed column: %+v", c)
	}
	uses := map[string]string{}
	for _, u := range d.Report.Columns {
		uses[u.Header] = u.Use
	}
	if uses["Team"] != "unknown" || uses["Der_NHS_Number_Pseudo"] != "shadowed" || uses["Event Type"] != "typed" {
		t.Errorf("uses %v", uses)
	}
	d = mustRead(t, in, Options{SkipUnknownColumns: true})
	if d.Column("Team") != nil {
		t.Fatal("unknown column kept")
	}
	// numeric text columns are held as numbers until a non-number comes
	d = mustRead(t, csvOf(nhseHeader,
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,1001,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,R-7,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,1001,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
	), Options{})
	c := d.Column("Der_Unique_Record_ID")
	if c.Value(0) != "1001" || c.Value(1) != "" || c.Value(2) != "R-7" || c.Value(3) != "1001" || c.Distinct() != 2 {
		t.Fatalf("record ids %q %q %q %q (%d distinct)", c.Value(0), c.Value(1), c.Value(2), c.Value(3), c.Distinct())
	}
}

// TestCSVShapes: quoting, line ends, a byte-order mark and blank lines,
// and recovery after a broken quote.
func TestCSVShapes(t *testing.T) {
	hdr := "\ufeffLA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,Der_NHS_Number_Traced_Pseudo,Event_Type,Event_Start_Date,Event_End_Date,Ethnicity,Note\r\n"
	in := hdr +
		"E1,2023-04-01,2023-06-30,p1,Request,2023-04-03,2023-04-05,\"Black, Black British, Caribbean or African - African\",\"say \"\"hi\"\"\"\r\n" + // line 2
		"\r\n" + // line 3, blank
		"E1,2023-04-01,2023-06-30,p2,Request,2023-04-03,2023-04-05,,\"two\nlines\"\n" + // lines 4–5
		"E1,2023-04-01,2023-06-30,p3,Request,2023-04-03,2023-04-05,,\"never closed\n" + // line 6: broken
		"E1,2023-04-01,2023-06-30,p4,Request,2023-04-03,2023-04-05,,ok\n" + // line 7
		"E1,2023-04-01,2023-06-30,p5,Request,2023-04-03,2023-04-05,,\"a\"b\n" + // line 8: broken
		"E1,2023-04-01,2023-06-30,p6,Request,2023-04-03,2023-04-05,,\n" // line 9, trailing empty field
	d := mustRead(t, in, Options{MaxRecordLines: 3})
	if d.Len() != 4 || d.Report.Rejected != 2 {
		t.Fatalf("accepted %d, rejected %d: %v", d.Len(), d.Report.Rejected, d.Report.Errors)
	}
	wantLines := []int32{2, 4, 7, 9}
	for i, l := range wantLines {
		if d.Line[i] != l {
			t.Errorf("row %d on line %d, want %d", i, d.Line[i], l)
		}
	}
	if d.Ethnicity[0] != 16 || d.Column("Note").Value(0) != `say "hi"` || d.Column("Note").Value(1) != "two\nlines" {
		t.Errorf("quoted values: %v %q %q", d.Ethnicity[0], d.Column("Note").Value(0), d.Column("Note").Value(1))
	}
	if e := d.Report.Errors; e[0].Line != 6 || e[1].Line != 8 || !errors.Is(e[0], ErrCSV) || !errors.Is(e[1], ErrCSV) {
		t.Errorf("errors %v", e)
	}
	// a line longer than MaxRecordBytes is one rejected row
	long := "E1,2023-04-01,2023-06-30,p7,Request,2023-04-03,2023-04-05,," + strings.Repeat("x", 300) + "\n"
	d = mustRead(t, hdr+long+"E1,2023-04-01,2023-06-30,p4,Request,2023-04-03,2023-04-05,,ok\n", Options{MaxRecordBytes: 200})
	if d.Len() != 1 || d.Report.Rejected != 1 || d.Line[0] != 3 || !errors.Is(d.Report.Errors[0], ErrCSV) {
		t.Fatalf("long line: %d accepted, %v", d.Len(), d.Report.Errors)
	}
	// no final newline
	d = mustRead(t, strings.TrimSuffix(hdr+"E1,2023-04-01,2023-06-30,p4,Request,2023-04-03,2023-04-05,,ok\n", "\n"), Options{})
	if d.Len() != 1 {
		t.Fatalf("last line without newline: %v", d.Report.Errors)
	}
}
