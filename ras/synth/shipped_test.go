package synth

import (
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// TestShippedModels: cases generated for every shipped model validate and
// are assessed without error, in every cohort the model serves.
func TestShippedModels(t *testing.T) {
	names := ras.ModelNames()
	if len(names) == 0 {
		t.Fatal("no shipped models")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			m, err := ras.LoadModel(name)
			if err != nil {
				t.Fatal(err)
			}
			e, err := ras.Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Seed: 31}
			if strings.HasPrefix(name, "ibudget") {
				opt.SettingAnswers = map[string]map[ras.LivingSetting]string{"placement": {
					ras.SettingHomeAlone: "fh", ras.SettingHomeFamily: "fh", ras.SettingSupportedLiving: "ilsl",
					ras.SettingResidential: "rh1", ras.SettingNursing: "rh4"}}
			}
			g, err := New(m, opt)
			if err != nil {
				t.Fatal(err)
			}
			var r ras.Result
			cohorts := map[ras.Cohort]int{}
			budgets := 0
			for c := range g.Cases(2000) {
				a := &c.Assessment
				cohorts[a.Cohort]++
				if err := a.Validate(); err != nil {
					t.Fatalf("case %d: %v", c.Index, err)
				}
				if err := e.AssessInto(a, &r, ras.AssessOptions{}); err != nil {
					t.Fatalf("case %d: %v", c.Index, err)
				}
				if p, ok := a.Answers.Get("placement"); ok && opt.SettingAnswers != nil && p.Option != opt.SettingAnswers["placement"][a.Person.LivingSetting] {
					t.Fatalf("case %d: placement %q in %s", c.Index, p.Option, a.Person.LivingSetting)
				}
				if r.HasBudget && r.WeeklyPence() > 0 {
					budgets++
				}
			}
			for _, c := range m.Cohorts {
				if cohorts[c] == 0 {
					t.Errorf("no case in cohort %s", c)
				}
			}
			if budgets < 1000 {
				t.Errorf("only %d of 2000 cases have a positive budget", budgets)
			}
			t.Logf("%s: %v; %d with a positive budget", name, cohorts, budgets)
		})
	}
}
