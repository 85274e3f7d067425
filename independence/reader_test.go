package independence

import (
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

func TestReadAssessmentsCSV(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	csv := "\ufeffperson_id,assessed_on,age_years,nutrition,hygiene,toilet,clothing,home_safety\r\n" +
		"P1,2023-01-10,8.5,some_help,full_help,independent,prompting,3\r\n" + // line 2 ok
		"P1,2023-01-10,9.5,3,3,3,3,3\r\n" + // line 3 date not after line 2
		"P2,2023-13-01,7,0,0,0,0,0\r\n" + // line 4 bad date
		"P3,2023-02-01,-1,0,0,0,0,0\r\n" + // line 5 bad age
		"P4,2023-02-01,7,sometimes,0,9,0,0\r\n" + // line 6 unknown level, score out of range
		",2023-02-01,7,0,0,0,0,0\r\n" + // line 7 empty person
		"P1,2024-01-10,9.5,3,3,3,3,3\r\n" // line 8 ok
	as, rep, err := ReadAssessmentsCSV(strings.NewReader(csv), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || rep.Accepted != 2 || rep.Rejected != 5 || len(rep.Rows) != 7 {
		t.Fatalf("accepted %d rejected %d rows %d", rep.Accepted, rep.Rejected, len(rep.Rows))
	}
	if as[0].Levels["home_safety"] != "3" || as[0].AgeYears != 8.5 {
		t.Errorf("first: %+v", as[0])
	}
	want := []struct {
		line     int
		field    string
		col      int
		sentinel error
	}{
		{3, "assessed_on", 2, ErrDateOrder},
		{4, "assessed_on", 2, ErrInvalidValue},
		{5, "age_years", 3, ErrInvalidValue},
		{6, "nutrition", 4, ErrUnknownLevel},
		{6, "toilet", 6, ErrScoreOutOfRange},
		{7, "person_id", 1, ErrInvalidValue},
	}
	all := rep.Err()
	for _, w := range want {
		found := false
		for _, row := range rep.Rows {
			if row.Line != w.line || row.Accepted {
				continue
			}
			for _, e := range unjoin(row.Err) {
				var re *RowError
				if errors.As(e, &re) && re.Field == w.field && re.Column == w.col && errors.Is(re, w.sentinel) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no RowError line %d field %s column %d %v in %v", w.line, w.field, w.col, w.sentinel, all)
		}
	}
	// Header problems.
	for _, h := range []string{
		"person_id,assessed_on,age_years,nutrition,hygiene,toilet,clothing\n",               // missing item
		"person_id,assessed_on,age_years,nutrition,hygiene,toilet,clothing,home_safety,x\n", // unknown column
		"person_id,person_id\n",
		"",
	} {
		if _, _, err := ReadAssessmentsCSV(strings.NewReader(h), in); !errors.Is(err, ErrHeader) {
			t.Errorf("header %q: %v", h, err)
		}
	}
}

func TestReadHelpCSV(t *testing.T) {
	csv := "person_id,relationship,activity,hours_per_week\n" +
		"P1,parent,hygiene,7\n" +
		"P1,parent,hygiene,-1\n" +
		"P2,cousin,shopping,x\n" +
		"P3,friend,shopping,200\n"
	hs, rep, err := ReadHelpCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 || rep.Rejected != 3 || hs[0].HoursPerWeek != 7 {
		t.Fatalf("%+v %+v", hs, rep)
	}
	e := rep.Rows[1].Err
	var re *RowError
	if !errors.Is(e, ErrNegativeHours) || !errors.As(e, &re) || re.Line != 3 || re.Field != "hours_per_week" || re.Column != 4 {
		t.Errorf("negative hours: %v", e)
	}
	e = rep.Rows[2].Err
	if !strings.Contains(e.Error(), `field "relationship" value "cousin"`) || !strings.Contains(e.Error(), `field "hours_per_week" value "x"`) {
		t.Errorf("row 4: %v", e)
	}
	if !errors.Is(rep.Rows[3].Err, ErrNegativeHours) {
		t.Errorf("200 hours: %v", rep.Rows[3].Err)
	}
	if _, _, err := ReadHelpCSV(strings.NewReader("person_id,relationship,activity\n")); !errors.Is(err, ErrHeader) {
		t.Errorf("missing column: %v", err)
	}
}

// TestReadCSVBadInput is issue #13 items 7 and 13 for both readers: a row with more (or
// fewer) fields than the header is rejected naming the first extra (or missing) column; ids
// with control characters or broken UTF-8, dates outside 1900–2100, numbers not in plain
// decimal notation and levels the instrument does not define (a hexadecimal "score") are
// rejected naming the line, column and field.
func TestReadCSVBadInput(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	assessments := func(s string) (int, *ReadReport, error) {
		as, rep, err := ReadAssessmentsCSV(strings.NewReader(s), in)
		return len(as), rep, err
	}
	help := func(s string) (int, *ReadReport, error) {
		hs, rep, err := ReadHelpCSV(strings.NewReader(s))
		return len(hs), rep, err
	}
	const (
		asHead = "person_id,assessed_on,age_years,nutrition,hygiene,toilet,clothing,home_safety\n"
		asOK   = "P0,2023-01-10,8.5,0,1,2,3,3\n"
		hpHead = "person_id,helper_id,relationship,activity,hours_per_week\n"
		hpOK   = "P0,H0,parent,hygiene,7\n"
	)
	tests := []struct {
		name     string
		read     func(string) (int, *ReadReport, error)
		head, ok string
		row      string
		col      int
		field    string
		want     []error
	}{
		{"assessments: extra field", assessments, asHead, asOK, "P1,2023-01-10,8.5,0,1,2,3,3,EXTRA", 9, "", []error{ErrFieldCount}},
		{"assessments: extra empty field", assessments, asHead, asOK, "P1,2023-01-10,8.5,0,1,2,3,3,", 9, "", []error{ErrFieldCount}},
		{"assessments: missing field", assessments, asHead, asOK, "P1,2023-01-10,8.5,0,1,2,3", 8, "home_safety", []error{ErrFieldCount}},
		{"help: extra field", help, hpHead, hpOK, "P1,H1,parent,hygiene,7,EXTRA", 6, "", []error{ErrFieldCount}},
		{"help: missing optional field", help, hpHead, hpOK, "P1,H1,parent,hygiene", 5, "hours_per_week", []error{ErrFieldCount}},
		{"assessments: NUL in person id", assessments, asHead, asOK, "P\x001,2023-01-10,8.5,0,1,2,3,3", 1, "person_id", []error{ErrInvalidValue, field.ErrText}},
		{"assessments: year 9999", assessments, asHead, asOK, "P1,9999-12-31,8.5,0,1,2,3,3", 2, "assessed_on", []error{ErrInvalidValue, field.ErrYear}},
		{"assessments: year 0", assessments, asHead, asOK, "P1,0000-01-01,8.5,0,1,2,3,3", 2, "assessed_on", []error{ErrInvalidValue, field.ErrYear}},
		{"assessments: hex age", assessments, asHead, asOK, "P1,2023-01-10,0x1p3,0,1,2,3,3", 3, "age_years", []error{ErrInvalidValue, field.ErrNotDecimal}},
		{"assessments: Inf age", assessments, asHead, asOK, "P1,2023-01-10,Inf,0,1,2,3,3", 3, "age_years", []error{ErrInvalidValue, field.ErrNotDecimal}},
		{"assessments: overflowing age", assessments, asHead, asOK, "P1,2023-01-10,1e400,0,1,2,3,3", 3, "age_years", []error{ErrInvalidValue, field.ErrNotFinite}},
		{"assessments: hex score", assessments, asHead, asOK, "P1,2023-01-10,8.5,0x1p1,1,2,3,3", 4, "nutrition", []error{ErrUnknownLevel}},
		{"assessments: score with a digit separator", assessments, asHead, asOK, "P1,2023-01-10,8.5,0,1,2,3,0x_3", 8, "home_safety", []error{ErrUnknownLevel}},
		{"assessments: NaN score", assessments, asHead, asOK, "P1,2023-01-10,8.5,0,NaN,2,3,3", 5, "hygiene", []error{ErrUnknownLevel}},
		{"help: NUL in person id", help, hpHead, hpOK, "P\x00,H1,parent,hygiene,7", 1, "person_id", []error{ErrInvalidValue, field.ErrText}},
		{"help: broken helper id", help, hpHead, hpOK, "P1,H\xff,parent,hygiene,7", 2, "helper_id", []error{ErrInvalidValue, field.ErrText}},
		{"help: hex hours", help, hpHead, hpOK, "P1,H1,parent,hygiene,0x1p3", 5, "hours_per_week", []error{ErrInvalidValue, field.ErrNotDecimal}},
		{"help: digit separator", help, hpHead, hpOK, "P1,H1,parent,hygiene,1_0", 5, "hours_per_week", []error{ErrInvalidValue, field.ErrNotDecimal}},
		{"help: overflowing hours", help, hpHead, hpOK, "P1,H1,parent,hygiene,1e400", 5, "hours_per_week", []error{ErrInvalidValue, field.ErrNotFinite}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, rep, err := tc.read(tc.head + tc.ok + tc.row + "\n")
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || len(rep.Rows) != 2 || rep.Accepted != 1 || rep.Rejected != 1 {
				t.Fatalf("%d records, %d rows, %d accepted, %d rejected; want 1, 2, 1, 1 (%v)", n, len(rep.Rows), rep.Accepted, rep.Rejected, rep.Err())
			}
			row := rep.Rows[1]
			errs := unjoin(row.Err)
			var re *RowError
			if row.Line != 3 || len(errs) != 1 || !errors.As(errs[0], &re) {
				t.Fatalf("row %+v, want one *RowError on line 3", row)
			}
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
	// Accepted: plain decimal notation includes an exponent; a score may be written 2e0.
	as, rep, err := ReadAssessmentsCSV(strings.NewReader(asHead+"P1,1900-01-01,8.5e0,0,1,2e0,3,3\n"), in)
	if err != nil || len(as) != 1 || as[0].AgeYears != 8.5 {
		t.Errorf("good row: %v, %+v, %v", err, as, rep.Err())
	}
}

// The bad-input battery: a malformed record is rejected on the line where
// it starts, as a whole row (column 0), and a quote left open names the
// lines it swallowed; the row's status and its RowError agree on the line.
func TestReadCSVOpenQuote(t *testing.T) {
	in := "person_id,relationship,activity,hours_per_week\n" +
		"P1,parent,meals,3\n\"P2,parent,meals,3\nP3,parent,meals,3\nP4,parent,meals,3\n"
	_, rep, err := ReadHelpCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accepted != 1 || rep.Rejected != 1 {
		t.Fatalf("report %+v", rep)
	}
	st := rep.Rows[1]
	var re *RowError
	if !errors.As(st.Err, &re) || st.Line != 3 || re.Line != 3 || re.Column != 0 || !errors.Is(st.Err, ErrInvalidValue) ||
		!strings.Contains(re.Error(), "lines 3 to 5 could not be read as rows") {
		t.Errorf("status line %d, %v; want line 3, column 0, naming lines 3 to 5", st.Line, st.Err)
	}
	// An LMS table: the same, and the error wraps ErrInvalidLMS as every
	// other problem of a table does.
	_, err = ReadLMSCSV(strings.NewReader("age,L,M,S\n1,1,2,0.1\n\"2,1,2,0.1\n3,1,2,0.1\n"), LMSReadOptions{})
	if !errors.As(err, &re) || re.Line != 3 || !errors.Is(err, ErrInvalidLMS) || !strings.Contains(err.Error(), "lines 3 to 4") {
		t.Errorf("LMS: %v; want line 3, ErrInvalidLMS, naming lines 3 to 4", err)
	}
}
