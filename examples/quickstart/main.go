// Quickstart loads a shipped RAS model by name, assesses a few synthetic
// people, and prints their indicative budgets with the explanation a social
// worker could give them.
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -model stonesoup-hours -n 5 -seed 7
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func main() {
	model := flag.String("model", ras.ModelPoints, "shipped model: "+strings.Join(ras.ModelNames(), ", "))
	n := flag.Int("n", 3, "number of synthetic people")
	seed := flag.Uint64("seed", 1, "seed of the synthetic population")
	explain := flag.Int("explain", 1, "how many budgets to explain in full")
	flag.Parse()
	if err := run(os.Stdout, *model, *n, *seed, *explain); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, name string, n int, seed uint64, explain int) error {
	m, err := ras.LoadModel(name)
	if err != nil {
		return err
	}
	e, err := ras.Compile(m)
	if err != nil {
		return err
	}
	g, err := synth.New(m, synth.Options{Seed: seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Model %s, version %s (%s family)\n\n", m.Name, m.Version, m.Family)
	i := 0
	for a := range g.Assessments(n) {
		r, err := e.Assess(a)
		if err != nil {
			return err
		}
		age, _ := a.Person.AgeOn(a.Date)
		fmt.Fprintf(w, "%s  %-22s age %2d  %-16s  %4d points  ", a.ID, a.Cohort, age, a.Person.LivingSetting, r.TotalPoints)
		if r.HasBudget {
			fmt.Fprintf(w, "£%9s a week  £%10s a year", r.Weekly().StringFixed(2), r.Annual().StringFixed(2))
		} else {
			fmt.Fprintf(w, "probability %.3f", r.Probability)
		}
		if a.PlannedWeekly != nil {
			fmt.Fprintf(w, "  (planned £%s)", a.PlannedWeekly.StringFixed(2))
		}
		fmt.Fprintln(w)
		if i < explain {
			fmt.Fprintln(w)
			if err := r.Explain(w); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
		i++
	}
	return nil
}
