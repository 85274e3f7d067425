package badinput

import (
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/independence"
)

func carersOutcome(res *carers.ReadResult, err error) readOutcome {
	o := readOutcome{fatal: err, rejected: map[int][]rejection{}}
	if res == nil {
		return o
	}
	o.rows, o.accepted = res.Rows, len(res.Carers)
	if len(res.Lines) != len(res.Carers) {
		o.fatal = errors.New("carers: Lines and Carers differ in length")
	}
	for _, r := range res.Rejected {
		o.rejRows++
		if len(r.Errors) == 0 {
			o.rejected[r.Line] = append(o.rejected[r.Line], rejection{line: r.Line})
		}
		for _, e := range r.Errors {
			o.rejected[r.Line] = append(o.rejected[r.Line], rejection{e.Line, e.Column, e.Field, e})
		}
	}
	return o
}

var carersSentinels = []error{carers.ErrNegativeHours, carers.ErrHoursRange, carers.ErrHoursMismatch, carers.ErrScoreRange,
	carers.ErrDateOrder, carers.ErrMissingField, carers.ErrBadValue, carers.ErrUnknownInstrument, carers.ErrFieldCount,
	carers.ErrDuplicate, carers.ErrNotFinite}

// carersHours: 0–168 as written, at most 30 decimal places.
func carersHours(v string) bool {
	x, ok := plainNumber(v)
	return ok && x >= 0 && x <= 168 && !strings.HasPrefix(trim(v), "-")
}

func tri(v string) bool {
	return oneOf("", "yes", "y", "true", "1", "no", "n", "false", "0", "unknown", "not_recorded")(strings.ToLower(v))
}

func carersFormat() csvFormat {
	header := []string{"carer_id", "person_id", "weekly_hours", "assessed_on", "caring_since", "lives_with", "other_support",
		"carer_health_deteriorating", "breaks_refused", "behaviour_to_carer", "strain_instrument", "strain_score", "hours.personal_care.any"}
	return csvFormat{
		entry: "carers.ReadCSV", header: header, keys: []string{"carer_id"},
		row: []string{"C1", "P1", "18.00", "2100-12-31", "1900-01-01", "no", "no", "no", "no", "low", "csi", "2", ""},
		accept: map[string]rule{
			"carer_id": must(idReq), "person_id": must(idReq),
			// -0 is 0 hours; 1e-400 has more than 30 decimal places.
			"weekly_hours": unless(oneOf("-0"), must(func(v string) bool {
				return carersHours(v) && trim(v) != "1e-400" && !strings.Contains(v, "123456789012345678901234567890")
			})),
			"assessed_on": must(or(blank, isoDate)), "caring_since": must(or(blank, isoDate)),
			"lives_with": must(tri), "other_support": must(tri), "carer_health_deteriorating": must(tri), "breaks_refused": must(tri),
			"behaviour_to_carer": must(func(v string) bool {
				return oneOf("", "none", "low", "moderate", "high", "severe")(strings.ToLower(v))
			}),
			"strain_instrument": must(func(v string) bool { return oneOf("csi", "mcsi")(strings.ToLower(v)) }),
			// CSI totals 0–13; "+5", "05" and "-0" are whole numbers as written.
			"strain_score":            unless(oneOf("+5", "05", "-0"), must(intIn(0, 13))),
			"hours.personal_care.any": must(blank),
		},
		alt: map[string][]string{
			"strain_instrument":       {"strain_score"},
			"hours.personal_care.any": {"weekly_hours"},
		},
		sentinels: carersSentinels,
		read: func(doc string) readOutcome {
			return carersOutcome(carers.ReadCSV(strings.NewReader(doc), carers.ReadOptions{}))
		},
	}
}

func indepOutcome[T any](recs []T, rep *independence.ReadReport, err error) readOutcome {
	o := readOutcome{fatal: err, rejected: map[int][]rejection{}}
	if rep == nil {
		return o
	}
	o.rows, o.accepted = len(rep.Rows), rep.Accepted
	if len(recs) != rep.Accepted {
		o.fatal = errors.New("independence: Accepted differs from the records returned")
	}
	for _, r := range rep.Rows {
		if r.Accepted {
			continue
		}
		o.rejRows++
		var es []error
		if j, ok := r.Err.(interface{ Unwrap() []error }); ok {
			es = j.Unwrap()
		} else {
			es = []error{r.Err}
		}
		for _, e := range es {
			var re *independence.RowError
			if errors.As(e, &re) {
				o.rejected[r.Line] = append(o.rejected[r.Line], rejection{re.Line, re.Column, re.Field, e})
			} else {
				o.rejected[r.Line] = append(o.rejected[r.Line], rejection{r.Line, 0, "", e})
			}
		}
	}
	if o.rejRows != rep.Rejected {
		o.fatal = errors.New("independence: Rejected differs from the rows listed as rejected")
	}
	return o
}

var indepSentinels = []error{independence.ErrInvalidValue, independence.ErrUnknownLevel, independence.ErrScoreOutOfRange,
	independence.ErrDateOrder, independence.ErrFieldCount, independence.ErrNegativeHours, independence.ErrAgeOutOfRange}

func indepFormats(t *testing.T) []csvFormat {
	in, err := independence.Builtin("personal-care-4")
	if err != nil {
		t.Fatal(err)
	}
	// "1e-400" underflows to the score 0: field.Float's documented rule
	// (as R's read.csv reads it); carers refuses it for another reason (more
	// than 30 decimal places of an hour).
	level := unless(oneOf("1e-400"), must(oneOf("full_help", "some_help", "prompting", "independent", "0", "1", "2", "3", "-0", "0.0", "3e0")))
	return []csvFormat{
		{
			entry: "independence.ReadAssessmentsCSV", keys: []string{"person_id"},
			header: []string{"person_id", "assessed_on", "age_years", "nutrition", "hygiene", "toilet", "clothing", "home_safety"},
			row:    []string{"P1", "2023-08-23", "11.87", "independent", "prompting", "independent", "3", "2"},
			accept: map[string]rule{
				"person_id": must(idReq), "assessed_on": must(isoDate),
				"age_years": must(numberIn(0, 130)),
				"nutrition": level, "hygiene": level, "toilet": level, "clothing": level, "home_safety": level,
			},
			sentinels: indepSentinels,
			read: func(doc string) readOutcome {
				return indepOutcome(independence.ReadAssessmentsCSV(strings.NewReader(doc), in))
			},
		},
		{
			entry:  "independence.ReadHelpCSV",
			header: []string{"person_id", "helper_id", "relationship", "activity", "hours_per_week"},
			row:    []string{"P1", "H1", "parent", "meals", "3.5"},
			accept: map[string]rule{
				"person_id": must(idReq), "helper_id": must(idOpt),
				"relationship":   must(oneOf(independence.HelperRelationships()...)),
				"activity":       must(code),
				"hours_per_week": must(numberIn(0, 168)),
			},
			sentinels: indepSentinels,
			read: func(doc string) readOutcome {
				return indepOutcome(independence.ReadHelpCSV(strings.NewReader(doc)))
			},
		},
	}
}

func TestCarersReadCSV(t *testing.T) { runCSVFormat(t, carersFormat()) }

func TestIndependenceReaders(t *testing.T) {
	for _, f := range indepFormats(t) {
		t.Run(f.entry, func(t *testing.T) { runCSVFormat(t, f) })
	}
}

// code: [a-z0-9_]+ after trimming.
func code(v string) bool {
	s := trim(v)
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}
