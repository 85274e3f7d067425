package badinput

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

// validAssessment is an assessment for the stonesoup-points model with
// every optional field set.
func validAssessment(t *testing.T) ras.Assessment {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	age := 64
	planned := decimal.RequireFromString("163.50")
	a := ras.Assessment{
		ID: "A1", Date: ras.Date{Year: 2024, Month: 11, Day: 13}, Cohort: ras.CohortAdult,
		Model: m.ID, ModelVersion: m.Version,
		Person: ras.Person{ID: "P1", DateOfBirth: ras.Date{Year: 1960, Month: 3, Day: 19}, Age: &age,
			LivingSetting: ras.SettingHomeAlone, Locality: "L1", Gender: "female"},
		Safety:        ras.SafetyNone,
		Independence:  []ras.ActivityLevel{{Activity: "nutrition", Level: "independent"}},
		InformalHelp:  []ras.InformalHelp{{Helper: "son", Activity: "meals", HoursPerWeek: 3.5}},
		PlannedWeekly: &planned,
		Eligibility:   []ras.Eligibility{{Framework: ras.FrameworkCareActAdult, Decision: ras.DecisionEligible, DecidedOn: ras.Date{Year: 2024, Month: 11, Day: 13}}},
	}
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			a.Answers = append(a.Answers, ras.Choice(q.ID, q.Options[1].ID))
		}
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestRASReadJSON: ras.ReadJSON of one record, through the engine.
func TestRASReadJSON(t *testing.T) {
	a := validAssessment(t)
	a.Answers = a.Answers[:3] // three answers: the sites of the rest are alike
	var b bytes.Buffer
	if err := ras.WriteJSON(&b, []ras.Assessment{a}); err != nil {
		t.Fatal(err)
	}
	eng, err := ras.Load(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	mapSites["ras.ReadJSON"] = map[string]bool{"[0].answers": true}
	runJSONFormat(t, jsonFormat{
		entry: "ras.ReadJSON", doc: b.String(), strict: true,
		sentinels: rasSentinels,
		textOK:    func(s site) bool { return false },
		named: func(err error, s site) bool {
			var re *ras.RowError
			if !errors.As(err, &re) {
				return false
			}
			p := strings.TrimPrefix(s.String(), "[0].")
			return re.Index == 0 && (strings.HasPrefix(p, re.Field) || strings.HasPrefix(re.Field, p) || strings.Contains(err.Error(), s.lastKey()))
		},
		decode: func(b []byte) (any, error) {
			as, rep, err := ras.ReadJSON(bytes.NewReader(b), ras.ReadOptions{})
			if err != nil {
				return nil, err
			}
			if rep.Rows != rep.Accepted+len(rep.Rejected) || len(as) != rep.Accepted {
				return nil, fmt.Errorf("ACCOUNTING: %v with %d returned", rep, len(as))
			}
			if len(rep.Rejected) > 0 {
				return nil, rep.Rejected[0]
			}
			var rs []*ras.Result
			for i := range as {
				r, err := eng.Assess(&as[i])
				if err == nil {
					rs = append(rs, r)
				}
			}
			return rs, nil
		},
	})
}

// TestRASParseModel: small models of each family and block, mutated,
// through ParseModel, Compile and Assess (of an assessment answering every
// question).
func TestRASParseModel(t *testing.T) {
	for name, doc := range map[string]string{"points": pointsModel, "hours": hoursModel, "regression": regressionModel} {
		t.Run(name, func(t *testing.T) {
			m0, err := ras.ParseModel(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			a := ras.Assessment{ID: "A1", Date: ras.Date{Year: 2025, Month: 9, Day: 1}, Cohort: ras.CohortAdult,
				Person:      ras.Person{ID: "P1", LivingSetting: ras.SettingHomeAlone},
				BudgetStart: ras.Date{Year: 2025, Month: 9, Day: 1}}
			for _, d := range m0.Domains {
				for _, q := range d.Questions {
					if q.Type == ras.QuestionNumber {
						a.Answers = append(a.Answers, ras.Number(q.ID, 3))
					} else {
						a.Answers = append(a.Answers, ras.Choice(q.ID, q.Options[len(q.Options)-1].ID))
					}
				}
			}
			mapSites["ras.ParseModel"] = map[string]bool{"regression.smearing_groups": true, "regression.shares": true,
				"points.schedules[0].domain_prices": true, "hours.adjustments[0].factors": true,
				"hours.deductions[0].fractions": true, "hours.additions[0].weekly": true, "hours.additions[0].hours": true}
			runJSONFormat(t, jsonFormat{
				entry: "ras.ParseModel", doc: doc, strict: true, coreAfter: 30,
				sentinels: []error{ras.ErrInvalidModel},
				named: func(err error, s site) bool {
					var fe *ras.FieldError
					return namesKey(err, s) || errors.As(err, &fe) && fe.Path != "(model)" && fe.Path != ""
				},
				// Names, labels, texts and descriptions are prose for people.
				textOK: func(s site) bool {
					switch s.lastKey() {
					case "name", "label", "text", "description", "unit":
						return true
					}
					return false
				},
				decode: func(b []byte) (any, error) {
					m, err := ras.ParseModel(bytes.NewReader(b))
					if err != nil {
						return nil, err
					}
					e, err := ras.Compile(m)
					if err != nil {
						return nil, err
					}
					r, err := e.Assess(&a)
					if err != nil {
						return m, nil // the model is accepted; this assessment may not fit it
					}
					return []any{m, r}, nil
				},
			})
		})
	}
}
