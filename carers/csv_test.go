package carers

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

const goodCSV = "\ufeffcarer_id,person_id,weekly_hours,assessed_on,caring_since,lives_with,other_support,carer_health_deteriorating,breaks_refused,behaviour_to_carer,strain_instrument,strain_score,hours.personal_care.night,hours.any.any\r\n" +
	"C1,P1,35,2024-05-01,2020-01-01,yes,no,yes,no,high,csi,9,10,25\r\n" +
	"C2,P2,12.5,,,,,,,,,,,\r\n" +
	"C3,P3,60,2024-05-02,,Y,N,,,moderate,MCSI,20,,\r\n"

func TestReadCSVGood(t *testing.T) {
	res, err := ReadCSV(strings.NewReader(goodCSV), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || len(res.Carers) != 3 || len(res.Rejected) != 0 {
		t.Fatalf("rows %d accepted %d rejected %v", res.Rows, len(res.Carers), res.Rejected)
	}
	if got := res.Lines; got[0] != 2 || got[2] != 4 {
		t.Errorf("lines %v", got)
	}
	c := res.Carers[0]
	if c.CarerID != "C1" || c.WeeklyHours != 3500 || c.LivesWith != Yes || c.OtherSupport != No ||
		c.HealthDeteriorating != Yes || c.BreaksRefused != No || c.BehaviourToCarer != BehaviourHigh ||
		c.StrainInstrument != "csi" || c.StrainScore != 9 || len(c.Split) != 2 || !c.AssessedOn.Equal(day("2024-05-01")) {
		t.Errorf("row 1 parsed as %+v", c)
	}
	c2 := res.Carers[1]
	if c2.StrainScore != NoScore || c2.LivesWith != Unknown || c2.BehaviourToCarer != BehaviourUnknown || len(c2.Split) != 0 {
		t.Errorf("row 2 parsed as %+v", c2)
	}
	if res.Carers[2].StrainInstrument != "mcsi" || res.Carers[2].StrainScore != 20 {
		t.Errorf("row 3 parsed as %+v", res.Carers[2])
	}
	// Round trip through WriteCSV.
	var buf bytes.Buffer
	if err := WriteCSV(&buf, res.Carers); err != nil {
		t.Fatal(err)
	}
	res2, err := ReadCSV(&buf, ReadOptions{})
	if err != nil || len(res2.Carers) != 3 {
		t.Fatalf("round trip: %v %+v", err, res2)
	}
	for i := range res.Carers {
		a, b := res.Carers[i], res2.Carers[i]
		if a.CarerID != b.CarerID || a.WeeklyHours != b.WeeklyHours || a.StrainScore != b.StrainScore ||
			a.BehaviourToCarer != b.BehaviourToCarer || !a.AssessedOn.Equal(b.AssessedOn) || len(a.Split) != len(b.Split) {
			t.Errorf("round trip %d: %+v != %+v", i, a, b)
		}
	}
}

func TestReadCSVRejects(t *testing.T) {
	const head = "carer_id,person_id,weekly_hours,assessed_on,caring_since,strain_instrument,strain_score,behaviour_to_carer,lives_with,hours.personal_care.day,hours.any.night\n"
	tests := []struct {
		name, row string
		want      []error
		fields    []string
	}{
		{"negative hours", "C,P,-3,,,,,,,,", []error{ErrNegativeHours}, []string{"weekly_hours"}},
		{"too many hours", "C,P,169,,,,,,,,", []error{ErrHoursRange}, []string{"weekly_hours"}},
		{"hours not a number", "C,P,lots,,,,,,,,", []error{ErrBadValue}, []string{"weekly_hours"}},
		{"missing ids", ",,10,,,,,,,,", []error{ErrMissingField, ErrMissingField}, []string{"carer_id", "person_id"}},
		{"csi above 13", "C,P,10,,,csi,14,,,,", []error{ErrScoreRange}, []string{"strain_score"}},
		{"csi negative", "C,P,10,,,csi,-1,,,,", []error{ErrScoreRange}, []string{"strain_score"}},
		{"mcsi above 26", "C,P,10,,,mcsi,27,,,,", []error{ErrScoreRange}, []string{"strain_score"}},
		{"score not integer", "C,P,10,,,csi,7.5,,,,", []error{ErrBadValue}, []string{"strain_score"}},
		{"unknown instrument", "C,P,10,,,zbi,20,,,,", []error{ErrUnknownInstrument}, []string{"strain_instrument"}},
		{"score without instrument", "C,P,10,,,,5,,,,", []error{ErrMissingField}, []string{"strain_score"}},
		{"instrument without score", "C,P,10,,,csi,,,,,", []error{ErrMissingField}, []string{"strain_score"}},
		{"dates out of order", "C,P,10,2024-01-01,2024-02-01,,,,,,", []error{ErrDateOrder}, []string{"caring_since"}},
		{"bad date", "C,P,10,01/02/2024,,,,,,,", []error{ErrBadValue}, []string{"assessed_on"}},
		{"bad behaviour", "C,P,10,,,,,violent,,,", []error{ErrBadValue}, []string{"behaviour_to_carer"}},
		{"bad tri", "C,P,10,,,,,,maybe,,", []error{ErrBadValue}, []string{"lives_with"}},
		{"split mismatch", "C,P,10,,,,,,,4,5", []error{ErrHoursMismatch}, []string{"weekly_hours"}},
		{"split negative", "C,P,10,,,,,,,11,-1", []error{ErrNegativeHours}, []string{"hours.any.night"}},
		{"field count", "C,P,10", []error{ErrFieldCount}, []string{"assessed_on"}},
		{"extra field", "C,P,10,,,,,,,,,x", []error{ErrFieldCount}, []string{"(beyond the header)"}},
		{"several problems", "C,P,-1,2024-01-01,2025-01-01,csi,99,,,,", []error{ErrNegativeHours, ErrScoreRange, ErrDateOrder},
			[]string{"weekly_hours", "strain_score", "caring_since"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := head + "OK,P0,1,,,,,,,,\n" + tc.row + "\n"
			res, err := ReadCSV(strings.NewReader(in), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 2 || len(res.Carers) != 1 || len(res.Rejected) != 1 {
				t.Fatalf("rows %d accepted %d rejected %d", res.Rows, len(res.Carers), len(res.Rejected))
			}
			rej := res.Rejected[0]
			if rej.Line != 3 || len(rej.Errors) != len(tc.want) {
				t.Fatalf("rejection %v (line %d), want %d errors on line 3", rej, rej.Line, len(tc.want))
			}
			for i, e := range rej.Errors {
				var re *RowError
				if !errors.Is(e, tc.want[i]) || !errors.As(error(e), &re) || re.Field != tc.fields[i] || re.Line != 3 {
					t.Errorf("error %d: %v, want %v in %q", i, e, tc.want[i], tc.fields[i])
				}
			}
		})
	}
}

func TestReadCSVColumnAndMessage(t *testing.T) {
	in := "person_id,carer_id,weekly_hours\nP,C,-2\n"
	res, err := ReadCSV(strings.NewReader(in), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := res.Rejected[0].Errors[0]
	if e.Column != 3 || e.Error() != "carers: line 2, column 3 (weekly_hours): negative hours" {
		t.Errorf("got column %d, %q", e.Column, e.Error())
	}
	// No personal data in messages.
	in = "carer_id,person_id,weekly_hours\nSECRET-ID,P,abc\n"
	res, _ = ReadCSV(strings.NewReader(in), ReadOptions{})
	if msg := res.Rejected[0].Error(); strings.Contains(msg, "SECRET") || strings.Contains(msg, "abc") {
		t.Errorf("message leaks values: %s", msg)
	}
}

func TestReadCSVDuplicate(t *testing.T) {
	in := "carer_id,person_id,weekly_hours,assessed_on\nC,P,1,2024-01-01\nC,P,2,2024-01-01\nC,P,3,2024-06-01\n"
	res, err := ReadCSV(strings.NewReader(in), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Carers) != 2 || len(res.Rejected) != 1 || !errors.Is(res.Rejected[0].Errors[0], ErrDuplicate) || res.Rejected[0].Line != 3 {
		t.Errorf("got %+v", res)
	}
}

func TestReadCSVHeader(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		field    string
	}{
		{"empty", "", 1, ""},
		{"missing hours", "carer_id,person_id\n", 1, "weekly_hours"},
		{"duplicate", "carer_id,person_id,weekly_hours,CARER_ID\n", 1, "carer_id"},
		{"unknown", "carer_id,person_id,weekly_hours,shoe_size\n", 1, "shoe_size"},
		{"bad split", "carer_id,person_id,weekly_hours,hours.cooking.day\n", 1, "hours.cooking.day"},
		{"bad split 2", "carer_id,person_id,weekly_hours,hours.personal_care\n", 1, "hours.personal_care"},
	}
	for _, tc := range tests {
		_, err := ReadCSV(strings.NewReader(tc.in), ReadOptions{})
		var re *RowError
		if !errors.Is(err, ErrHeader) || !errors.As(err, &re) || re.Line != tc.line || re.Field != tc.field {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
	res, err := ReadCSV(strings.NewReader("carer_id;person_id;weekly_hours;shoe_size\nC;P;4;9\n"),
		ReadOptions{Comma: ';', IgnoreUnknownColumns: true})
	if err != nil || len(res.Carers) != 1 {
		t.Errorf("ignore unknown: %v %+v", err, res)
	}
}

func TestReadCSVMalformed(t *testing.T) {
	in := "carer_id,person_id,weekly_hours\nC1,P,1\nC2,P\"x,2\nC3,P,3\n"
	res, err := ReadCSV(strings.NewReader(in), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != len(res.Carers)+len(res.Rejected) || len(res.Rejected) != 1 || res.Rejected[0].Line != 3 {
		t.Errorf("got rows %d, accepted %d, rejected %+v", res.Rows, len(res.Carers), res.Rejected)
	}
}

// TestReadCSVBadInput is issue #13 item 13 for carers: ids with control characters or broken
// UTF-8, numbers not in plain decimal notation, dates outside 1900–2100 and hours that pass
// only once rounded are rejected with their line, column and both sentinels.
func TestReadCSVBadInput(t *testing.T) {
	const head = "carer_id,person_id,weekly_hours,assessed_on,caring_since,hours.personal_care.day,hours.any.night\n"
	tests := []struct {
		name, row string
		column    int
		want      []error
	}{
		{"NUL in carer id", "C\x00,P,10,,,,", 1, []error{ErrBadValue, field.ErrText}},
		{"broken UTF-8 in person id", "C,P\xff,10,,,,", 2, []error{ErrBadValue, field.ErrText}},
		{"control character in person id", "C,P\u0085x,10,,,,", 2, []error{ErrBadValue, field.ErrText}},
		{"hex hours", "C,P,0x1p3,,,,", 3, []error{ErrBadValue, field.ErrNotDecimal}},
		{"digit separator", "C,P,1_0,,,,", 3, []error{ErrBadValue, field.ErrNotDecimal}},
		{"infinite hours", "C,P,Inf,,,,", 3, []error{ErrBadValue, field.ErrNotDecimal}},
		{"overflowing hours", "C,P,1e400,,,,", 3, []error{ErrHoursRange, field.ErrNotFinite}},
		{"hex split", "C,P,8,,,0x1p3,", 6, []error{ErrBadValue, field.ErrNotDecimal}},
		{"year 0", "C,P,10,0000-01-01,,,", 4, []error{ErrBadValue, field.ErrYear}},
		{"year 9999", "C,P,10,9999-12-31,,,", 4, []error{ErrBadValue, field.ErrYear}},
		{"caring since 1899", "C,P,10,2024-01-01,1899-12-31,,", 5, []error{ErrBadValue, field.ErrYear}},
		{"over 168 before rounding", "C,P,168.004,,,,", 3, []error{ErrHoursRange}},
		{"negative before rounding", "C,P,-0.001,,,,", 3, []error{ErrNegativeHours}},
		{"breakdown adds up only once rounded", "C,P,10,,,5.004,5.004", 3, []error{ErrHoursMismatch}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ReadCSV(strings.NewReader(head+"OK,P0,1,,,,\n"+tc.row+"\n"), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 2 || len(res.Carers) != 1 || len(res.Rejected) != 1 {
				t.Fatalf("rows %d, accepted %d, rejected %d; want 2, 1, 1", res.Rows, len(res.Carers), len(res.Rejected))
			}
			rej := res.Rejected[0]
			if rej.Line != 3 || len(rej.Errors) != 1 {
				t.Fatalf("rejection %v on line %d, want one error on line 3", rej, rej.Line)
			}
			e := rej.Errors[0]
			for _, w := range tc.want {
				if !errors.Is(e, w) {
					t.Errorf("%v does not wrap %v", e, w)
				}
			}
			if e.Line != 3 || e.Column != tc.column {
				t.Errorf("%v at line %d, column %d; want line 3, column %d", e, e.Line, e.Column, tc.column)
			}
		})
	}
	// Accepted: an exponent is plain decimal notation. Hours are checked as written, then the
	// weekly total is rounded to 0.01 h (halves away from zero) and the breakdown apportioned to
	// add up to it by largest remainder (ties to the earlier column).
	accepted := []struct {
		row   string
		week  Hours
		split []Hours
	}{
		{"C,P,1e1,2024-01-01,1900-01-01,2.505,7.495", 1000, []Hours{251, 749}},
		{"C,P,10.008,,,5.004,5.004", 1001, []Hours{501, 500}},
		{"C,P,10.006,,,5.003,5.003", 1001, []Hours{501, 500}},
		{"C,P,10.002,,,5.001,5.001", 1000, []Hours{500, 500}},
		{"C,P,0.01,,,0.004,0.006", 1, []Hours{0, 1}},
		{"C,P,168,2100-12-31,,84.005,83.995", 16800, []Hours{8401, 8399}},
	}
	for _, tc := range accepted {
		res, err := ReadCSV(strings.NewReader(head+tc.row+"\n"), ReadOptions{})
		if err != nil || len(res.Carers) != 1 {
			t.Fatalf("%q: %v %+v", tc.row, err, res)
		}
		c := res.Carers[0]
		if c.WeeklyHours != tc.week || len(c.Split) != len(tc.split) {
			t.Fatalf("%q: weekly %v, split %+v; want %v, %v", tc.row, c.WeeklyHours, c.Split, tc.week, tc.split)
		}
		for i, want := range tc.split {
			if c.Split[i].Hours != want {
				t.Errorf("%q: split[%d] = %v, want %v", tc.row, i, c.Split[i].Hours, want)
			}
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%q: accepted record fails Validate: %v", tc.row, err)
		}
	}
}

// The bad-input battery: a quote left open swallows the rows after it up
// to the next quote or the end; the rejection names the lines lost, as
// ras.ReadCSV does, instead of losing them without a word.
func TestReadCSVOpenQuote(t *testing.T) {
	in := "carer_id,person_id,weekly_hours\nC1,P1,10\n\"C2,P2,10\nC3,P3,10\nC4,P4,10\n"
	res, err := ReadCSV(strings.NewReader(in), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Carers) != 1 || len(res.Rejected) != 1 || res.Rejected[0].Line != 3 {
		t.Fatalf("%d carers, rejections %v", len(res.Carers), res.Rejected)
	}
	if msg := res.Rejected[0].Error(); !strings.Contains(msg, "lines 3 to 5 could not be read as rows") {
		t.Errorf("rejection %q does not name the lines lost", msg)
	}
}
