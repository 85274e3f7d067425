package badinput

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// rasOutcome reduces ras.ReadCSV's result.
func rasOutcome(as []ras.Assessment, rep *ras.ReadReport, err error) readOutcome {
	o := readOutcome{fatal: err, rejected: map[int][]rejection{}}
	if rep == nil {
		if err == nil {
			o.fatal = errors.New("nil report")
		}
		return o
	}
	o.rows, o.accepted = rep.Rows, rep.Accepted
	if len(as) != rep.Accepted {
		o.fatal = errors.New("report's Accepted differs from the assessments returned")
	}
	for _, re := range rep.Rejected {
		if len(o.rejected[re.Line]) == 0 {
			o.rejRows++
		}
		o.rejected[re.Line] = append(o.rejected[re.Line], rejection{re.Line, re.Column, re.Field, re})
	}
	return o
}

var rasSentinels = []error{ras.ErrInvalidAssessment, ras.ErrInvalidAnswer, ras.ErrInvalidDate, ras.ErrInvalidAmount, ras.ErrRow}

// intIn: a whole number in lo..hi (plain digits, an optional sign).
func intIn(lo, hi int) func(string) bool {
	return func(v string) bool {
		n, err := strconv.Atoi(trim(v))
		return err == nil && n >= lo && n <= hi
	}
}

// rasCSVFormat is ras.ReadCSV with the stonesoup-points model.
func rasCSVFormat(t *testing.T) csvFormat {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	header := ras.AssessmentColumns()
	row := map[string]string{
		"assessment_id": "A1", "date": "2024-11-13", "cohort": "adult_social_care", "model": "stonesoup-points",
		"model_version": "1.0.0", "person_id": "P1", "living_setting": "home_alone", "locality": "L1",
		"gender": "female", "safety": "none", "planned_weekly": "163",
	}
	accept := map[string]rule{
		"assessment_id": must(idReq),
		"date":          must(isoDate),
		"cohort":        must(oneOf("adult_social_care", "continuing_healthcare", "carers", "children")),
		// The model and version are the record's own: text.
		"model":          must(idOpt),
		"model_version":  must(idOpt),
		"person_id":      must(idReq),
		"date_of_birth":  must(or(blank, func(v string) bool { return isoDate(v) && trim(v) <= "2024-11-13" && trim(v) >= "1904-11-14" })),
		"age":            unless(oneOf("+5", "-0", "05"), must(or(blank, intIn(0, 120)))),
		"living_setting": must(oneOf("home_alone", "home_family", "supported_living", "residential", "nursing")),
		"locality":       must(idOpt),
		"gender":         must(idOpt),
		"safety":         must(or(blank, oneOf("none", "occasional", "regular", "constant", "two_to_one"))),
		"cared_for_id":   must(idOpt),
		"planned_weekly": must(or(blank, numberIn(0, 90_000_000))),
		"informal_help":  must(blank),
		"independence":   must(blank),
		"eligibility":    must(blank),
		"budget_start":   must(or(blank, isoDate)),
		"add_ons":        must(blank),
	}
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			header = append(header, q.ID)
			var opts []string
			for _, o := range q.Options {
				opts = append(opts, o.ID)
			}
			row[q.ID] = opts[1]
			accept[q.ID] = must(or(blank, oneOf(opts...)))
		}
	}
	r := make([]string, len(header))
	for i, h := range header {
		r[i] = row[h]
	}
	return csvFormat{
		entry: "ras.ReadCSV", header: header, keys: []string{"assessment_id"}, row: r, accept: accept, sentinels: rasSentinels,
		read: func(doc string) readOutcome {
			return rasOutcome(ras.ReadCSV(strings.NewReader(doc), ras.ReadOptions{Model: m}))
		},
	}
}

func TestRASReadCSV(t *testing.T) {
	runCSVFormat(t, rasCSVFormat(t))
}
