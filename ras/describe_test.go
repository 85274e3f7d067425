package ras

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite the generated files: the model descriptions in models/, the golden explanations in testdata/golden/")

// TestDescribeShippedCurrent checks that the descriptions of the shipped
// models in models/<name>.md, which the models' README links, are what
// DescribeModel writes now. Run go test -run TestDescribeShippedCurrent
// -update to regenerate them after changing a model or DescribeModel.
func TestDescribeShippedCurrent(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("models", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range ModelNames() {
		m, err := LoadModel(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := DescribeModel(&buf, m); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join("models", name+".md")
		if *update {
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./ras -run TestDescribeShippedCurrent -update)", err)
		}
		if !bytes.Equal(got, buf.Bytes()) {
			t.Errorf("%s is out of date: run go test ./ras -run TestDescribeShippedCurrent -update", file)
		}
		if !bytes.Contains(readme, []byte("("+name+".md)")) {
			t.Errorf("models/README.md does not link %s.md", name)
		}
	}
}

// TestDescribeModelContent checks, for each shipped model and a log-link
// regression model, that the description names every domain, question,
// option and rule, with the amounts written as FormatMoney writes them.
func TestDescribeModelContent(t *testing.T) {
	models := map[string]*Model{}
	for _, name := range ModelNames() {
		m, err := LoadModel(name)
		if err != nil {
			t.Fatal(err)
		}
		models[name] = m
	}
	m, err := ParseModel(strings.NewReader(regLogModel))
	if err != nil {
		t.Fatal(err)
	}
	models["regression-log"] = m
	for name, m := range models {
		var buf bytes.Buffer
		if err := DescribeModel(&buf, m); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		want := []string{"# " + m.Name, "`" + m.ID + "`, version " + m.Version}
		for _, s := range m.SupportTypes {
			want = append(want, "| "+s.Name+" | `"+s.ID+"` | "+FormatMoney(s.HourlyRate, m.Currency)+" |")
		}
		for _, d := range m.Domains {
			want = append(want, d.Name+" (`"+d.ID+"`)")
			for _, q := range d.Questions {
				want = append(want, q.Text+"** (`"+q.ID+"`)")
				for _, o := range q.Options {
					want = append(want, "| "+cell(o.Label))
				}
			}
		}
		if m.Points != nil {
			for _, s := range m.Points.Schedules {
				want = append(want, "(`"+s.ID+"`)")
				for _, b := range s.Bands {
					want = append(want, "| "+b.Name+" | ")
				}
			}
		}
		if m.Hours != nil {
			for _, a := range m.Hours.Activities {
				want = append(want, "| "+a.Name+" | `"+a.ID+"` |")
			}
			for _, a := range m.Hours.Adjustments {
				want = append(want, "**"+a.Name+"** (`"+a.ID+"`)")
			}
			for _, a := range m.Hours.Deductions {
				want = append(want, "**"+a.Name+"** (`"+a.ID+"`)")
			}
			for _, a := range m.Hours.Additions {
				want = append(want, "**"+a.Name+"** (`"+a.ID+"`)")
			}
		}
		if m.Regression != nil {
			for _, tm := range m.Regression.Terms {
				want = append(want, "`"+tm.Name+"`")
			}
		}
		if l := m.Limits; l != nil {
			if l.CapWeekly != nil {
				want = append(want, "**Overall cap**: at most "+FormatMoney(*l.CapWeekly, m.Currency)+" a week.")
			}
			if l.FloorWeekly != nil {
				want = append(want, "**Floor**: at least "+FormatMoney(*l.FloorWeekly, m.Currency)+" a week")
			}
			for _, c := range l.SettingCaps {
				want = append(want, "**"+c.Name+"** (`"+c.ID+"`): at most "+FormatMoney(c.CapWeekly, m.Currency))
			}
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: the description lacks %q", name, w)
			}
		}
	}
	// Figures worked by hand from the models.
	for name, want := range map[string][]string{
		ModelPoints:      {"the most points an assessment can score is 161", "Weekly budget = total points × £7.85.", "| Exceptional support | 70 or more | £520.00 |", "| 60 | £140.00 |", "| Family carers | £10.00 |", "| Yes, fully (default) | `yes` | 0 |"},
		ModelHours:       {"| Answer to Do you need two workers for personal care? | Minutes × |", "| Yes | 2 |", "| About half | 0.5 |", "A number from 0 to 70 hours a week.", "the exact weekly amount × 52.143 weeks", "Rounding | up to £0.01", "| A few hours a week | 3 hours at £22.00 an hour |"},
		ModelIBudget5b:   {"the amount a year is η².", "| intercept | 27.572 | 1 |", "1 if aged 21 to 30", "the exact annual amount ÷ 52 weeks", "Currency | USD ($)"},
		"regression-log": {"exp(η) × a smearing factor of 1.04, or by living setting: own home, alone 1.02; residential care home 1.1;", "| Personal care | 0.75 |", "1 if living in: residential care home; nursing home", "1 if aged 80 or over × 1 if in: NHS Continuing Healthcare", "hours a week of help from family and friends", "£10.00 a week"},
	} {
		var buf bytes.Buffer
		if err := DescribeModel(&buf, models[name]); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s: the description lacks %q", name, w)
			}
		}
	}
}

func TestDescribeModelErrors(t *testing.T) {
	if err := DescribeModel(&bytes.Buffer{}, nil); !errors.Is(err, ErrInvalidModel) {
		t.Errorf("nil model: got %v, want ErrInvalidModel", err)
	}
	m, _ := LoadModel(ModelPoints)
	m.Domains[0].Questions[0].Options[0].Points = -1
	var buf bytes.Buffer
	if err := DescribeModel(&buf, m); !errors.Is(err, ErrInvalidModel) || buf.Len() != 0 {
		t.Errorf("invalid model: got %v and %d bytes, want ErrInvalidModel and nothing written", err, buf.Len())
	}
	m, _ = LoadModel(ModelPoints)
	m.Points.Schedules[3].PricePerPoint = ptrDecimal("0.1234")
	buf.Reset()
	if err := DescribeModel(&buf, m); err != nil {
		t.Fatal(err)
	}
	if want := "total points × £0.12 (exactly 0.1234)."; !strings.Contains(buf.String(), want) {
		t.Errorf("a price of more than two decimal places: the description lacks %q", want)
	}
}

func ptrDecimal(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}
