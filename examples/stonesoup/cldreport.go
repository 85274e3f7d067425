package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// secNational is the title of the CLD section.
const secNational = "National measures"

// nationalSection writes the "National measures" section.
func (r *results) nationalSection(s *report.Section) {
	k := r.National
	if k.Synthetic {
		s.P(fmt.Sprintf("**Synthetic data.** Client Level Data generated from the synthetic county's persons by `cld.Synthesize` (%s), read back as a file would be: "+
			"no real people and no real council. Real data: `-cld FILE`, a council's own CLD submission or NHS England's pseudonymised view.", k.Source))
	} else {
		s.P(fmt.Sprintf("Client Level Data: `%s` (%s).", k.Source, k.Layout))
	}
	rows := k.Rows
	s.P(fmt.Sprintf("%s read: %s rejected, %s accepted, from %s of %s. "+
		"The person rule of NHS England's principles over the whole file keys %s by NHS number and %s by local id, and removes %s (only a local id that other rows give with an NHS number) and %s (no identifier); "+
		"each measure applies it again to the rows it selects, as NHS England's code does. People appear by pseudonymous key only.",
		report.Count(rows.Read, "row", "rows"), report.Int(rows.Rejected), report.Int(rows.Accepted), report.Count(rows.Imports, "import", "imports"),
		report.Count(len(k.Councils), "council", "councils"), report.Int(rows.ByNHS), report.Int(rows.ByLocal), report.Int(rows.RemovedSeenWithNHS), report.Int(rows.RemovedNoID)))
	if k.NoMeasures != "" {
		s.P("No measure is computed: " + k.NoMeasures + ".")
	} else {
		r.nationalSettings(s)
	}
	r.nationalQuality(s)
	if k.NoMeasures != "" {
		return
	}
	note := fmt.Sprintf("Counts of 1 to %d, totals among them, are hidden (*), and so are the counts that would give a hidden one away by subtraction "+
		"within a row, a column, the totals, the councils or the tables of a measure (`ras/disclosure`, one rule for every table of `pathway/cld`).", disclosure.DefaultThreshold-1)
	per := "all councils"
	if len(k.Councils) == 1 {
		c := k.Councils[0]
		per = strings.TrimSpace(c.Name + " " + c.Code)
	}
	s.H("SALT: short- and long-term support")
	s.P(fmt.Sprintf("The SALT tables of %s, as NHS England derives them from CLD (STS001, STS002a and STS002b on the latest edition of each event among the imports; "+
		"LTS001a, LTS001b, LTS001c, LTS003 and LTS004 on each council's latest submission). Each council's own tables are in `%s/*.csv` in the SALT layout.", per, cldDir))
	for _, g := range k.SALT {
		gridTable(s, g, per, note)
	}
	s.H("ASCOF")
	pop := "ASCOF 2B and 2C per 100,000 population: no population estimates were given (`-population FILE`), so their rates are undefined and only the admissions are counted."
	if k.Population {
		pop = fmt.Sprintf("ASCOF 2B and 2C per 100,000 population: the ONS mid-year population estimates of `%s` (`-population`).", k.PopulationFile)
	}
	s.P(fmt.Sprintf("The ASCOF measures of %s, with numerator, denominator and outcome (a percentage, or per 100,000 for 2B and 2C). %s An outcome is hidden with a hidden count.", per, pop))
	for _, g := range k.ASCOF {
		gridTable(s, g, per, note)
	}
	if len(k.ASCOFByCouncil) > 0 {
		s.Table(ascofByCouncilTable(k))
	}
	s.H("Waiting times")
	s.P("Waits from request to assessment and to service, and from assessment to service, by service type, as `pathway/cld` defines them (request clusters as STS001's; " +
		"the first assessment and the first service after the request): Kaplan–Meier medians over the waits starting in the period, censored at its end, at death or at the next request, " +
		"and the plain averages DHSC publishes of the waits completed in the period.")
	if k.Waits != nil {
		gridTable(s, *k.Waits, per, note+" The waits starting in the period, ended and still waiting are counts of their own (started = ended + still waiting), hidden by the same rule; "+
			"the Kaplan–Meier median and its limits are hidden with any of them, the averages of completed waits with their count.")
	}
	if len(k.Notes) > 0 {
		s.P("Notes of the derivations:")
		s.List(k.Notes...)
	}
	if k.Pathway != nil {
		r.cldPathwaySection(s, k.Pathway)
	}
}

// ascofByCouncilTable is the outcome of each ASCOF measure (a column) at
// each council (a row, in the order of the file's councils).
func ascofByCouncilTable(k *nationalSection) *report.Table {
	var measures []string
	col := map[string]int{}
	for _, x := range k.ASCOFByCouncil {
		if _, ok := col[x.Measure]; !ok {
			measures = append(measures, x.Measure)
			col[x.Measure] = len(measures)
		}
	}
	cols := []string{"council"}
	for _, m := range measures {
		cols = append(cols, "#"+m)
	}
	t := report.NewTable("ASCOF outcomes by council (the Total, or the one age band of 2B and 2C)", cols...)
	type councilKey struct{ code, name string }
	rows := map[councilKey][]string{}
	var order []councilKey
	for _, c := range k.Councils {
		key := councilKey{c.Code, c.Name}
		if _, ok := rows[key]; !ok {
			order = append(order, key)
			rows[key] = nil
		}
	}
	for _, x := range k.ASCOFByCouncil {
		key := councilKey{x.Code, x.Name}
		row := rows[key]
		if row == nil {
			if _, ok := rows[key]; !ok {
				order = append(order, key)
			}
			row = make([]string, len(cols))
			row[0] = strings.TrimSpace(x.Name + " " + x.Code)
			for i := 1; i < len(row); i++ {
				row[i] = "—"
			}
			rows[key] = row
		}
		row[col[x.Measure]] = x.text
	}
	for _, key := range order {
		if row := rows[key]; row != nil {
			t.Row(row...)
		}
	}
	t.Note = "Percentages, and rates per 100,000 for 2B and 2C (undefined without population estimates); * an outcome hidden with a small count; " +
		"— a measure with no figure for the council; the numerators and denominators are in " + cldDir + "/ascof_*.csv."
	return t
}

// nationalSettings says which period, submissions and imports the
// measures take, and how.
func (r *results) nationalSettings(s *report.Section) {
	k := r.National
	imports := "the latest edition of each event among every import"
	if k.ImportBy != nil {
		imports = "the latest edition of each event among the imports up to " + *k.ImportBy + " (`-import-by`)"
	}
	run := "no run date: an open event never ends in the period"
	if k.RunDate != nil {
		run = "run date " + *k.RunDate + " (`-run-date`): open requests and services end then before they are clustered"
	}
	s.P(fmt.Sprintf("Period **%s to %s** (%s). The measures follow NHS England's Central Transformation Principles for SALT and ASCOF from CLD and, where they differ, "+
		"its published replication code, as the `pathway/cld` package documents. The snapshot measures (LTS001a/b/c, LTS003, LTS004, ASCOF 2E and 3D) take each council's latest submission "+
		"covering the period imported after the start of %s and by %s (the submission window; `-submitted-by`); STS001, STS002a/b, ASCOF 2A and 2B/2C and the waits take %s; %s.",
		k.Period.Start, k.Period.End, k.PeriodBasis, k.Window.ImportedAfter, k.Window.ImportedBy, imports, run))
	s.P(fmt.Sprintf("The tables below are for all councils together; `%s/` holds every table in its SALT or ASCOF layout with every council's block (%s), each measure's step log "+
		"(every rule, with the rows, clusters, records or people it kept and removed), and the data-quality counts by council.", cldDir, report.Count(len(k.Files), "file", "files")))
}

// nationalQuality writes the accounting of the rows and the data-quality
// report of the accepted rows.
func (r *results) nationalQuality(s *report.Section) {
	k := r.National
	s.H("Rows and data quality")
	if len(k.Rows.RejectedBy) > 0 {
		var items []string
		for _, x := range k.Rows.RejectedBy {
			items = append(items, fmt.Sprintf("rejected %s × %s", report.Int(x.Records), x.Reason))
		}
		for _, ex := range k.Rows.Examples {
			items = append(items, "for example "+ex)
		}
		s.P("Every row is accepted or rejected with its reason; a rejected row is one the measures cannot place (no council, reporting period, event type or start date that can be read):")
		s.List(items...)
	}
	if len(k.Rows.Absent) > 0 {
		s.P("Columns the file does not have (blank in every row, not counted below): " + strings.Join(k.Rows.Absent, ", ") + ".")
	}
	if len(k.Rows.Skipped) > 0 {
		s.P("Columns the CLD specification does not know, skipped: " + strings.Join(k.Rows.Skipped, ", ") + ".")
	}
	t := report.NewTable("Data quality of the accepted rows by field: each field of each row is valid, a variant spelling of a listed value, blank, blank where the specification makes it mandatory, or invalid",
		"field", "#valid", "#variant spelling", "#blank", "#blank where mandatory", "#invalid", "#valid of those given")
	for _, f := range k.Quality.Fields {
		given := f.Valid + f.Variant + f.Invalid
		t.Row(f.Field, report.Int(f.Valid), report.Int(f.Variant), report.Int(f.Blank), report.Int(f.BlankMandatory), report.Int(f.Invalid), report.Share(ratio(f.Valid+f.Variant, given)))
	}
	t.Note = "Counts of rows, not of people, as NHS England's data-quality report counts them (by council in " + cldDir + "/data_quality.csv). " +
		"A value outside its defined list is recorded as invalid, never as another value; a variant spelling (letter case, dashes, spaces, a known alternative wording) is recorded as the value it spells."
	s.Table(t)
	if len(k.Quality.Values) > 0 {
		t := report.NewTable(fmt.Sprintf("Invalid values and variant spellings given on %d rows or more", disclosure.DefaultThreshold), "field", "status", "value", "recorded as", "#rows")
		for _, v := range k.Quality.Values {
			t.Row(v.Field, v.Status, v.Value, orDash(v.RecordedAs), report.Int(v.Rows))
		}
		t.Note = fmt.Sprintf("%s given on fewer rows are counted above but not listed: such a value may be free text about someone.",
			report.Count(k.Quality.ValuesOnFewerRows, "distinct value", "distinct values"))
		s.Table(t)
	} else if k.Quality.ValuesOnFewerRows > 0 {
		s.P(fmt.Sprintf("%s outside their lists or in variant spellings, each given on fewer than %d rows, are counted above but not listed: such a value may be free text about someone.",
			report.Count(k.Quality.ValuesOnFewerRows, "distinct value", "distinct values"), disclosure.DefaultThreshold))
	}
}

// gridTable writes one all-councils table of a measure.
func gridTable(s *report.Section, g gridJSON, per, note string) {
	cols := []string{g.RowHeader}
	for _, c := range g.Columns {
		cols = append(cols, "#"+c)
	}
	caption := g.Measure
	if g.Table != "" && g.Table != g.Measure && g.Table != "ASCOF "+g.Measure {
		caption += " " + g.Table
	}
	t := report.NewTable(fmt.Sprintf("%s (%s): %s", caption, per, g.Title), cols...)
	for _, row := range g.Rows {
		cells := []string{row.Label}
		if row.Total {
			cells[0] = "**" + row.Label + "**"
		}
		for _, c := range row.Cells {
			cells = append(cells, cellText(c))
		}
		t.Row(cells...)
	}
	t.Note = note
	s.Table(t)
}

// cellText is a cell as the report shows it: a count with thousands
// separators, a figure as published, a hidden cell's mark.
func cellText(c cellJSON) string {
	if c.Value == nil {
		return c.Text
	}
	if n, err := strconv.Atoi(c.Text); err == nil {
		return report.Int(n)
	}
	return c.Text
}

// cldPathwaySection writes the pathway from CLD.
func (r *results) cldPathwaySection(s *report.Section, k *pathwaySection) {
	rec := k.Records
	s.H("The pathway from CLD")
	s.P(fmt.Sprintf("The file's events as pathway records (`cld.Data.Pathway`: the requests, assessments, services and reviews of service users, the latest edition of each event) "+
		"joined by time (`pathway.Join`: a service to the latest assessment completed before it, within 365 days) and analysed as the %s section analyses the native files, "+
		"here over the waits starting in the period and across councils. This runs beside the native pathway files, not instead of them. "+
		"The waiting times above follow the national definitions; these follow the join's rules, so the two can differ.", secPathway))
	t := report.NewTable("Rows of the CLD file converted into pathway records, and what the join made of them", "records", "#count")
	t.Row("rows of the file", report.Int(rec.Rows))
	t.Row("left out: not a service user (carers' rows)", report.Int(rec.NotServiceUsers))
	t.Row("left out: no person (the person rule)", report.Int(rec.NoPerson))
	t.Row("left out: financial assessments", report.Int(rec.FinancialAssessments))
	t.Row("left out: an earlier edition of an event a later import repeats", report.Int(rec.EarlierEditions))
	t.Row("converted", report.Int(rec.Converted))
	t.Row("pathway events made of them", report.Int(rec.Events))
	t.Row("events linked to a pathway", report.Int(rec.EventsLinked))
	for _, x := range rec.EventsLeftOut {
		t.Row("events not linked: "+x.Reason, report.Int(x.Records))
	}
	t.Row("services made of them", report.Int(rec.Services))
	t.Row("services linked to a pathway", report.Int(rec.ServicesLinked))
	for _, x := range rec.ServicesOut {
		t.Row("services not linked: "+x.Reason, report.Int(x.Records))
	}
	t.Note = "Counts of records, not of people. A service not linked to a pathway is usually long-term support that began before the file's first assessment of the person."
	s.Table(t)
	r.pathwayBlocks(s, k, cldView)
	if len(k.Stages) > 0 {
		cldStagesTable(s, k)
	}
	if m := k.Money; m != nil {
		s.H("The pathway from CLD: planned cost")
		tot := m.Total
		if tot.Suppressed {
			s.P(fmt.Sprintf("Planned cost in the period: hidden, fewer than %d people or services to publish.", disclosure.DefaultThreshold))
			return
		}
		s.P(fmt.Sprintf("Planned cost of the services open in the period %s to %s: each service's weekly cost (CLD's Unit_Cost × Planned_units_per_week, rounded to the penny) "+
			"× the days it is open in the period / 7, rounded to the penny, as `pathway.CompareMoney` counts planned cost. In all **%s**, %s of it on services the join links to a pathway; %s open in the period had no cost and are left out of the money; %s were open on no day of the period.",
			m.From, m.To, report.Money(tot.planned), report.Money(tot.linked), servicesCount(tot.WithoutCost), report.Count(m.NotOpen, "service", "services")))
		t := report.NewTable(fmt.Sprintf("Planned cost in the period %s to %s by CLD service type", m.From, m.To), "service type", "#people", "#services with a cost", "#services without",
			"#planned cost in the period", "#of it linked to a pathway", "#mean a week per service")
		for _, x := range append(m.ByType, m.Total) {
			label := x.ServiceType
			if x.ServiceType == m.Total.ServiceType {
				label = "**" + label + "**"
			}
			if x.Suppressed {
				t.Row(label, x.Persons.String(), x.Services.String(), x.WithoutCost.String(), "*", "*", "*")
				continue
			}
			mean := "—"
			if x.services > 0 {
				mean = report.Money(x.meanWeekly())
			}
			t.Row(label, x.Persons.String(), x.Services.String(), x.WithoutCost.String(), report.Money(x.planned), report.Money(x.linked), mean)
		}
		t.Note = fmt.Sprintf("Counts of 1 to %d people or services are hidden (*), the total row's included, with another in the same column where needed so that none can be found from the total; "+
			"a row's money is hidden with its people or its services. A person with services of several types counts once in the total. Carers' services are not converted.", disclosure.DefaultThreshold-1)
		s.Table(t)
	}
}

// stageNames are the pathway stages as the report names them.
var stageNames = map[string]string{
	pathway.StageRequest.String(): "request", pathway.StageAssessmentStart.String(): "assessment started",
	pathway.StageAssessmentEnd.String(): "assessment completed", pathway.StageServiceStart.String(): "service started",
}

// cldStagesTable writes the waits between the stages of the pathway from
// CLD.
func cldStagesTable(s *report.Section, k *pathwaySection) {
	s.H("The pathway from CLD stage by stage")
	s.P(fmt.Sprintf("The waits between the stages of each pathway the join made, over the waits starting in the period %s to %s, censored at its end or when the pathway closed; "+
		"a wait whose end is dated before its start is left out (out of order). Kaplan–Meier medians with 95%% confidence intervals, and the probability of reaching the next stage within %d days.",
		k.PeriodStart, k.Extract, k.TargetDays))
	t := report.NewTable("Waits between the stages of the pathway from CLD", "from", "to", "#waits", "#ended", "#censored", "#out of order",
		"median days (95% CI)", fmt.Sprintf("#P(≤ %d days)", k.TargetDays))
	for _, r := range k.Stages {
		from, to := stageNames[r.From], stageNames[r.To]
		if r.Suppressed {
			t.Row(from, to, "*", "*", "*", report.Int(r.OutOfOrder), "*", "*")
			continue
		}
		med := report.Undefined
		if r.Waits.N == 0 {
			med = "no waits"
		} else {
			med = ci(orNaN(r.Median), orNaN(r.Lower), orNaN(r.Upper))
		}
		within := report.Undefined
		if r.Within != nil {
			within = report.Share(*r.Within)
		}
		t.Row(from, to, r.Waits.String(), r.Ended.String(), r.Censored.String(), report.Int(r.OutOfOrder), med, within)
	}
	t.Note = fmt.Sprintf("A pair of stages with 1 to %d waits, ended or censored has its counts and figures hidden (*). "+
		"A median or a bound is \"not reached\" when fewer than half the waits have ended by the end of follow-up.", disclosure.DefaultThreshold-1)
	s.Table(t)
}

// orNaN is *x, or NaN when x is nil (undefined).
func orNaN(x *float64) float64 {
	if x == nil {
		return math.NaN()
	}
	return *x
}

// nationalMethod is the method item of the CLD section.
func (r *results) nationalMethod() string {
	return fmt.Sprintf("National measures: `cld.Read` (both layouts; every row accepted or rejected with its reason), `cld.Measures` (every SALT and ASCOF measure and the waiting times, once), "+
		"`Results.Suppress` (`ras/disclosure`, threshold %d) and each table's `Grids` and `WriteCSV`; the pathway from CLD by `cld.Data.Pathway` and `pathway.Join`, "+
		"a batch of persons at a time, with the soft memory limit `cld.MemoryLimit` recommends set after the read.", disclosure.DefaultThreshold)
}

// nationalSummary is the line of the CLD section in the printed summary.
func (k *nationalSection) summary() string {
	if k.NoMeasures != "" {
		return "National measures: none (" + k.NoMeasures + ")."
	}
	var parts []string
	for _, g := range k.ASCOF {
		for _, row := range g.Rows {
			if strings.HasSuffix(row.Label, ": Total") && len(row.Cells) == 3 {
				parts = append(parts, fmt.Sprintf("ASCOF %s %s", strings.TrimSuffix(row.Label, ": Total"), cellText(row.Cells[2])))
			}
		}
	}
	out := fmt.Sprintf("National measures (%s to %s, %s): %s.", k.Period.Start, k.Period.End, report.Count(len(k.Councils), "council", "councils"), strings.Join(parts, ", "))
	if p := k.Pathway; p != nil && p.Waits > 0 {
		out += fmt.Sprintf(" Pathway from CLD: median wait from assessment to service %s days.", days(p.Overall.Median))
	}
	return out
}

// councilOf is the council code of a pathway person id from CLD.
func councilOf(w *pathway.Wait) string {
	code, _, _ := strings.Cut(w.PersonID, "/")
	return code
}

// servicesCount is "n services", or "a hidden number of services".
func servicesCount(c count) string {
	if c.Hidden {
		return "a hidden number of services"
	}
	return report.Count(c.N, "service", "services")
}
