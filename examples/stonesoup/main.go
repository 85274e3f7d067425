// Stonesoup is the library's main job: a whole-county "stone soup" analysis
// in one command. A council's RAS assessments, its commissioned services and
// finance, and its carers' and children's records are joined and validated,
// every input record is accounted for, and one report shows what none of the
// sources shows alone:
//
//   - the RAS estimate against the amount actually planned, overall and by
//     cohort;
//   - calibration: methods compared by cross-validation, the recalibrated
//     model (its JSON is written too), gainers and losers under cost
//     neutrality;
//   - carers: the value of unpaid care per adult per week and its
//     distribution, carers at risk of harm by level with the top reasons;
//   - children: independence in personal care by age, as centile curves;
//   - the pathway: Kaplan–Meier curves from assessment to service start by
//     service type, medians with confidence intervals, the share within
//     target, a funnel plot across teams;
//   - eligibility: the national rules' reading summarised, and predictions
//     of the recorded decisions with their cross-validated accuracy.
//
// By default it generates a synthetic county with each package's seeded
// generator (about 200,000 assessments over 21 months across the four
// cohorts). With -in DIR it reads the same data from CSV files (the README
// gives the formats; a small sample is in testdata/sample).
//
//	go run ./examples/stonesoup
//	go run ./examples/stonesoup -n 20000 -seed 7 -out out/county
//	go run ./examples/stonesoup -in examples/stonesoup/testdata/sample
//	go run ./examples/stonesoup -n 300 -write-csv out/county-csv
//
// It writes report.md and report.html (the same report, one self-contained
// page), results.json, recalibrated.json, recalibrated_cost_neutral.json and
// PNG charts into -out (default out/stonesoup), prints the accounting of
// records to standard output and progress lines to standard error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
)

// options are the command-line settings.
type options struct {
	Seed     uint64 // synthetic county
	N        int    // synthetic persons, one assessment each
	Out      string // output folder
	In       string // read the county from CSV files in this folder
	WriteCSV string // write the county's CSV files into this folder
	Model    string // shipped model name or a model JSON file
	// FindingsMap is a JSON file mapping the model's questions to
	// eligibility findings (see findingsMap); the built-in mapping is for
	// stonesoup-points.
	FindingsMap string
	Extract     string // extract date of the pathway data (-in; default: latest date seen)
	K           int    // cross-validation folds
	Top         int    // carers listed at the highest risk level
	Quiet       bool   // no progress lines
	// Workers bounds the goroutines of the parallel steps; GOMAXPROCS when 0.
	Workers int
	// CPUProfile and MemProfile name files for a CPU profile of the run and
	// a heap profile at its end (runtime/pprof; read with go tool pprof).
	CPUProfile, MemProfile string

	// CLD: the national measures (see cld.go).
	CLD          string // a Client Level Data file, either layout
	SyntheticCLD bool   // generate one from the synthetic county instead
	CLDCouncils  int    // councils of the synthetic CLD file (0 or 1: one)
	// Period is the financial year of the measures (0: from the file);
	// PeriodStart and PeriodEnd give another period instead.
	Period                 int
	PeriodStart, PeriodEnd string
	SubmittedBy            string // last day of the submission window
	ImportBy               string // import cut-off of the latest-edition rule
	RunDate                string // the run date of NHS England's code
	Population             string // ONS population estimates for ASCOF 2B/2C
	// noCharts skips the charts (tests that do not look at them).
	noCharts bool
	// cldBatchRows sets the rows of a batch of the pathway from CLD
	// (tests; 0: cldBatchRows).
	cldBatchRows int
	// assessmentChunk sets the rows of assessments.csv read at a time
	// (tests; 0: assessmentChunk).
	assessmentChunk int
}

func defaultOptions() options {
	return options{Seed: 1, N: 200_000, Out: filepath.Join("out", "stonesoup"), Model: ras.ModelPoints, K: 5, Top: 20, CLDCouncils: 1}
}

// newFlags returns the command line's flags, writing into o (defaults set).
func newFlags(o *options, stderr io.Writer) *flag.FlagSet {
	*o = defaultOptions()
	fs := flag.NewFlagSet("stonesoup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/stonesoup [flags]\n\n"+
			"The main job: a whole county (synthetic, or read with -in) joined, calibrated and reported in report.md and report.html under -out;\n"+
			"with -cld FILE (or -synthetic-cld) also the national SALT and ASCOF measures of a Client Level Data file.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the synthetic county and of the cross-validation folds, also with -in (reproducible runs)")
	fs.IntVar(&o.N, "n", o.N, "number of synthetic persons, one assessment each (ignored with -in)")
	fs.StringVar(&o.Out, "out", o.Out, "output folder for report.md, report.html, results.json, the recalibrated models and the charts")
	fs.StringVar(&o.In, "in", "", "read the county from the CSV files in this folder instead of generating it")
	fs.StringVar(&o.WriteCSV, "write-csv", "", "also write the county as CSV files (the -in formats) into this folder")
	fs.StringVar(&o.Model, "model", o.Model, "RAS model: a shipped model name ("+strings.Join(ras.ModelNames(), ", ")+") or a model JSON file")
	fs.StringVar(&o.FindingsMap, "findings-map", "", "JSON file mapping the model's questions to eligibility findings (built in for "+ras.ModelPoints+"; see findings.go)")
	fs.StringVar(&o.Extract, "extract", "", "extract date of the pathway data, YYYY-MM-DD (with -in; default the manifest's, else the latest date in the pathway files)")
	fs.IntVar(&o.K, "k", o.K, "cross-validation folds")
	fs.IntVar(&o.Top, "top", o.Top, "carers at the highest risk level listed by pseudonymous id")
	fs.IntVar(&o.Workers, "workers", 0, "goroutines of the parallel steps (0: one per CPU)")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress lines on standard error")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write a heap profile (allocations and what is still held) at the end of the run to this file (go tool pprof)")
	fs.StringVar(&o.CLD, "cld", "", "a Client Level Data file (a council's submission or NHS England's pseudonymised view): adds the national SALT and ASCOF measures and the pathway from CLD to the report")
	fs.BoolVar(&o.SyntheticCLD, "synthetic-cld", false, "generate a CLD file from the synthetic county's persons (cld.Synthesize) and report it as -cld would (not with -in or -cld)")
	fs.IntVar(&o.CLDCouncils, "cld-councils", o.CLDCouncils, "councils the synthetic CLD file spreads the county's persons over (with -synthetic-cld; 2 or more show the comparison across councils)")
	fs.IntVar(&o.Period, "period", 0, "financial year of the CLD measures, April YEAR to March YEAR+1 (default: the year of the file's latest reporting period)")
	fs.StringVar(&o.PeriodStart, "period-start", "", "first day of the CLD measures' period, YYYY-MM-DD (with -period-end, instead of -period)")
	fs.StringVar(&o.PeriodEnd, "period-end", "", "last day of the CLD measures' period, YYYY-MM-DD (with -period-start)")
	fs.StringVar(&o.SubmittedBy, "submitted-by", "", "last day of the submission window of NHS England's latest-submission rule, YYYY-MM-DD (default: 31 days after the period's end)")
	fs.StringVar(&o.ImportBy, "import-by", "", "import cut-off of the latest-edition rule of STS001, STS002, ASCOF 2A, 2B/2C and the waits, YYYY-MM-DD (default: every import)")
	fs.StringVar(&o.RunDate, "run-date", "", "date of the run NHS England's code takes from the clock, the end given to open requests and services before clustering, YYYY-MM-DD (default: after every date in the file)")
	fs.StringVar(&o.Population, "population", "", "CSV of ONS mid-year population estimates by council for the rates of ASCOF 2B and 2C (without it the rates are undefined)")
	return fs
}

// parseFlags reads the command line into options.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := newFlags(&o, stderr)
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return o, o.validate()
}

func (o *options) validate() error {
	switch {
	case o.In == "" && (o.N < 50 || o.N > 5_000_000):
		return fmt.Errorf("-n %d: want 50 to 5,000,000 persons", o.N)
	case o.K < 2 || o.K > 20:
		return fmt.Errorf("-k %d: want 2 to 20 folds", o.K)
	case o.Top < 0:
		return fmt.Errorf("-top %d: must not be negative", o.Top)
	case strings.TrimSpace(o.Out) == "":
		return errors.New("-out must not be empty")
	}
	return o.validateCLD()
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stonesoup:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err = profiled(o, func() error { return run(ctx, o, os.Stdout, os.Stderr) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "stonesoup:", err)
		os.Exit(1)
	}
}

// profiled runs fn under the CPU profile of -cpuprofile and writes the heap
// profile of -memprofile after it.
func profiled(o options, fn func() error) error {
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if err := fn(); err != nil {
		return err
	}
	if o.MemProfile == "" {
		return nil
	}
	f, err := os.Create(o.MemProfile)
	if err != nil {
		return err
	}
	runtime.GC() // the profile then shows what is still held
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// run is the whole job: load or generate the county, account for every
// record, analyse, and write the report. It prints the accounting and a short
// summary to stdout and progress lines to stderr.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if err := o.validate(); err != nil {
		return err
	}
	p := newProgress(stderr, o.Quiet)
	model, err := loadModel(o.Model)
	if err != nil {
		return err
	}
	// The CLD stage first: it drops the file before the county is made.
	var national *nationalSection
	if o.cldWanted() {
		if national, err = runCLD(ctx, o, p); err != nil {
			return err
		}
	}
	var c *county
	if o.In != "" {
		c, err = readCounty(ctx, o, model, p)
	} else {
		c, err = generateCounty(ctx, o, model, p)
	}
	if err != nil {
		return err
	}
	if national != nil {
		c.addAccount(national.acct)
	}
	if o.WriteCSV != "" {
		if err := c.writeCSV(o.WriteCSV); err != nil {
			return err
		}
		p.step("wrote the county's CSV files to " + o.WriteCSV)
	}
	if err := c.validateAndJoin(ctx, p); err != nil {
		return err
	}
	if err := c.printAccounting(stdout); err != nil {
		return err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return err
	}
	r, err := analyse(ctx, c, o, p, national)
	if err != nil {
		return err
	}
	if err := r.charts(o.Out, !o.noCharts); err != nil {
		return err
	}
	p.step("charts")
	r.Timing = p.total()
	if err := r.write(o.Out); err != nil {
		return err
	}
	p.step("report")
	r.Timing = p.total()
	if err := r.writeJSON(filepath.Join(o.Out, resultsFile)); err != nil {
		return err
	}
	return r.summary(stdout, o.Out)
}

// loadModel loads a shipped model by name, or a model JSON file.
func loadModel(name string) (*ras.Model, error) {
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		return ras.ReadModelFile(name)
	}
	return ras.LoadModel(name)
}
