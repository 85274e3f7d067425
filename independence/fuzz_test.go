package independence

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
)

func FuzzLoadInstrument(f *testing.F) {
	for _, id := range BuiltinIDs() {
		b, err := builtinFS.ReadFile("instruments/" + id + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","name":"x","levels":[{"code":"a","label":"a","score":0},{"code":"b","label":"b","score":1}],"items":[{"code":"a","label":"a"}],"bands":[{"label":"z","min":0,"max":1}]}`))
	f.Add([]byte(`{"id":"x","name":"x","levels":[{"code":"p","label":"p","score":1e308},{"code":"q","label":"q","score":1.7e308}],"items":[{"code":"a","label":"a"},{"code":"b","label":"b"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := LoadInstrument(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrInvalidInstrument) {
				t.Fatalf("error does not wrap ErrInvalidInstrument: %v", err)
			}
			return
		}
		// A valid instrument scores its own extremes.
		lo := map[string]string{}
		hi := map[string]string{}
		for _, it := range in.Items {
			lv := in.ItemLevels(it.Code)
			lo[it.Code] = lv[0].Code
			hi[it.Code] = lv[len(lv)-1].Code
		}
		s0, err0 := in.Score(Assessment{PersonID: "p", Levels: lo})
		s1, err1 := in.Score(Assessment{PersonID: "p", Levels: hi})
		if err0 != nil || err1 != nil {
			t.Fatalf("scoring extremes: %v %v", err0, err1)
		}
		if s0.Total != in.MinTotal() || s1.Total != in.MaxTotal() || !finite(s0.Total) || !finite(s1.Total) {
			t.Fatalf("totals %v %v, range [%v, %v]", s0.Total, s1.Total, in.MinTotal(), in.MaxTotal())
		}
	})
}

func FuzzReadLMSCSV(f *testing.F) {
	f.Add("age,L,M,S\n0,0.3487,3.3464,0.14602\n1,0.2297,4.4709,0.13395\n")
	f.Add("\ufeffMonth,L,M,S,SD0\r\n0,1,49.8842,0.03795,49.9\r\n")
	f.Add("age,L,M,S\n0,0,1,1\n0,0,1,1\n")
	f.Add("age,L,M,S\n\"0,1,2,3\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := ReadLMSCSV(strings.NewReader(s), LMSReadOptions{})
		if err != nil {
			if !errors.Is(err, ErrHeader) && !errors.Is(err, ErrInvalidLMS) && !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		lo, hi := tab.AgeRange()
		for _, age := range []float64{lo, hi, (lo + hi) / 2} {
			p, err := tab.At(age)
			if err != nil {
				t.Fatalf("At(%v) inside range: %v", age, err)
			}
			if p.Validate() != nil && finite(p.M) && finite(p.S) && finite(p.L) {
				t.Fatalf("interpolated LMS invalid: %+v", p)
			}
			if z, err := tab.Z(age, p.M, LMSOptions{}); err == nil && math.Abs(z) > 1e-6 {
				t.Fatalf("Z(M) = %v", z)
			}
		}
	})
}

func FuzzReadAssessmentsCSV(f *testing.F) {
	in, err := Builtin("personal-care-4")
	if err != nil {
		f.Fatal(err)
	}
	h := "person_id,assessed_on,age_years,nutrition,hygiene,toilet,clothing,home_safety\n"
	f.Add(h + "P1,2023-01-10,8.5,some_help,full_help,independent,prompting,3\n")
	f.Add(h + "P1,2023-01-10,8.5,1,1,1,1,1\nP1,2023-01-09,8.5,1,1,1,1,1\n")
	f.Add(h + "P1,2023-01-10,NaN,x,9,-1,1e400,\n")
	f.Add("\ufeff" + strings.ReplaceAll(h, "\n", "\r\n") + "\"P1\",2023-01-10,8,0,0,0,0,0\r\n")
	f.Add(h + "\"unterminated\n")
	f.Fuzz(func(t *testing.T, s string) {
		as, rep, err := ReadAssessmentsCSV(strings.NewReader(s), in)
		if err != nil {
			return
		}
		if rep.Accepted != len(as) || rep.Accepted+rep.Rejected != len(rep.Rows) {
			t.Fatalf("report counts: %d accepted, %d rejected, %d rows, %d assessments", rep.Accepted, rep.Rejected, len(rep.Rows), len(as))
		}
		checkRows(t, rep)
		for _, a := range as {
			if a.PersonID == "" || field.ID(a.PersonID) != nil || field.Year(a.Date.Year()) != nil ||
				!finite(a.AgeYears) || a.AgeYears < 0 || a.AgeYears > 130 || len(a.Levels) != len(in.Items) {
				t.Fatalf("accepted assessment %+v", a)
			}
		}
		// Accepted rows always score.
		if _, err := in.ScoreAll(as); err != nil {
			t.Fatalf("accepted row does not score: %v", err)
		}
		if _, err := Trajectories(mustScores(t, in, as), TrajectoryOptions{}); err != nil {
			t.Fatalf("accepted rows out of order: %v", err)
		}
	})
}

// rowSentinels are the sentinels a rejected CSV row wraps.
var rowSentinels = []error{ErrFieldCount, ErrInvalidValue, ErrUnknownLevel, ErrScoreOutOfRange, ErrDateOrder, ErrNegativeHours}

// checkRows checks that every row of a report is accepted or rejected, in line order, and
// that every rejection is a *RowError with its line, a column for a field count, and a
// sentinel.
func checkRows(t *testing.T, rep *ReadReport) {
	t.Helper()
	for k, r := range rep.Rows {
		if r.Accepted == (r.Err != nil) || r.Line < 2 || (k > 0 && r.Line <= rep.Rows[k-1].Line) {
			t.Fatalf("row %+v inconsistent", r)
		}
		if r.Accepted {
			continue
		}
		for _, e := range unjoin(r.Err) {
			// A malformed quoted field may be reported on a later line than the row starts.
			var re *RowError
			if !errors.As(e, &re) || re.Line < r.Line || !anyIs(e, rowSentinels) || (errors.Is(e, ErrFieldCount) && re.Column <= 0) {
				t.Fatalf("line %d: rejection %v", r.Line, e)
			}
		}
	}
}

func anyIs(err error, targets []error) bool {
	for _, s := range targets {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func mustScores(t *testing.T, in *Instrument, as []Assessment) []Score {
	s, err := in.ScoreAll(as)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func FuzzReadHelpCSV(f *testing.F) {
	f.Add("person_id,relationship,activity,hours_per_week\nP1,parent,hygiene,7\n")
	f.Add("person_id,helper_id,relationship,activity,hours_per_week\nP1,H1,friend,shopping,-1\nP2,,x,Y,1e999\n")
	f.Add("person_id,relationship,activity,hours_per_week\n\"P1,parent\n")
	f.Fuzz(func(t *testing.T, s string) {
		hs, rep, err := ReadHelpCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		if rep.Accepted != len(hs) || rep.Accepted+rep.Rejected != len(rep.Rows) {
			t.Fatalf("report counts inconsistent")
		}
		checkRows(t, rep)
		for i, h := range hs {
			if err := h.Validate(i); err != nil {
				t.Fatalf("accepted entry invalid: %v", err)
			}
		}
	})
}

// FuzzFromRAS feeds odd activities, levels, helpers, hours and dates to the
// RAS converter: it must never panic, and what it accepts must be valid.
func FuzzFromRAS(f *testing.F) {
	f.Add("washing", "some_help", "daughter", "personal_care", 10.5, 2015, 3, 10, -1)
	f.Add("nutrition", "3", "Lodger ", "domestic", -1.0, 0, 0, 0, 7)
	f.Add("", "", "", "", math.NaN(), 2030, 13, 40, 0)
	in, _ := Builtin("personal-care-4")
	f.Fuzz(func(t *testing.T, act, level, helper, hact string, hours float64, y, m, d, age int) {
		a := rasChild()
		a.Independence[1] = ras.ActivityLevel{Activity: act, Level: level}
		a.InformalHelp[1] = ras.InformalHelp{Helper: helper, Activity: hact, HoursPerWeek: hours}
		a.Person.DateOfBirth = ras.Date{Year: y, Month: time.Month(m), Day: d}
		if age >= 0 {
			a.Person.Age = &age
		}
		for _, opt := range []RASOptions{{}, {Instrument: in, Activities: map[string]string{"washing": "hygiene"}}} {
			as, help, err := FromRAS(a, opt)
			if err != nil {
				var re *RecordError
				if !errors.As(err, &re) || !strings.HasPrefix(err.Error(), "independence: ") {
					t.Fatalf("error %v is not a *RecordError", err)
				}
				continue
			}
			if math.IsNaN(as.AgeYears) || as.AgeYears < 0 || len(help) != 3 {
				t.Fatalf("accepted %+v, %+v", as, help)
			}
			for i, h := range help {
				if err := h.Validate(i); err != nil {
					t.Fatalf("accepted invalid help %+v: %v", h, err)
				}
			}
			if opt.Instrument != nil {
				if _, err := in.Score(as); err != nil {
					t.Fatalf("checked against the instrument but does not score: %v", err)
				}
			}
		}
	})
}
