package independence

import (
	"errors"
	"strings"
	"testing"
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
