// Quickstart loads a shipped RAS model by name, assesses a few synthetic
// people, and prints their indicative budgets with the explanation a social
// worker could give them.
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -model stonesoup-hours -n 5 -seed 7
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// config holds the command-line settings.
type config struct {
	model   string
	n       int
	seed    uint64
	explain int
}

// newFlags returns the command line's flags, writing into c (defaults set).
func newFlags(c *config, stderr io.Writer) *flag.FlagSet {
	*c = config{model: ras.ModelPoints, n: 3, seed: 1, explain: 1}
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/quickstart [flags]\n\n"+
			"Scores a few synthetic people with a shipped RAS model and prints their budgets, explained.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.model, "model", c.model, "shipped model: "+strings.Join(ras.ModelNames(), ", "))
	fs.IntVar(&c.n, "n", c.n, "number of synthetic people")
	fs.Uint64Var(&c.seed, "seed", c.seed, "seed of the synthetic population (reproducible runs)")
	fs.IntVar(&c.explain, "explain", c.explain, "how many budgets to explain in full")
	return fs
}

// parse reads the command line.
func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := newFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.n < 1 || c.n > 100_000:
		return c, fmt.Errorf("-n %d: want 1 to 100,000 people", c.n)
	case c.explain < 0:
		return c, fmt.Errorf("-explain %d: must not be negative", c.explain)
	}
	return c, nil
}

func main() {
	c, err := parse(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
	if err := run(os.Stdout, c.model, c.n, c.seed, c.explain); err != nil {
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
			fmt.Fprintf(w, "%10s a week  %11s a year", ras.FormatMoney(r.Weekly(), m.Currency), ras.FormatMoney(r.Annual(), m.Currency))
		} else {
			fmt.Fprintf(w, "probability %.3f", r.Probability)
		}
		if a.PlannedWeekly != nil {
			fmt.Fprintf(w, "  (planned %s)", ras.FormatMoney(*a.PlannedWeekly, m.Currency))
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
