package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/pathway/cld"
	"github.com/stonesoup-care/stonesoup/ras"
)

// The main job on a tiny CLD file written by hand, every figure checked
// against a computation on paper (below), not against pathway/cld.
//
// One council (E99000001), one import (2024-04-20, inside the default
// submission window after 31 March 2024), reporting period 2023/24, in
// NHS England's layout. Four stories, each lived by 5 people (so that no
// count is 1 to 4 and suppression hides nothing), every person with an
// NHS number and a local id:
//
//	P1  born 1953-06 (70 at 31 March 2024), male, owner occupier (settled):
//	    request 2023-05-01 (community route, progress to assessment);
//	    assessment 2023-05-08 to 2023-05-20; long-term community support
//	    from 2023-06-01, open, by direct payment, £20 an hour × 10 a week.
//	P2  born 1983-09 (40), female, registered care home (not settled),
//	    learning disability: request 2023-07-03 (discharge from
//	    hospital); assessment 2023-07-10 to 2023-07-31; long-term
//	    residential care from 2023-08-10, open, commissioned, £700 a week × 1.
//	P3  born 1943-11 (80), female, tenant: request 2024-02-01 (community
//	    route); assessment from 2024-02-15, open (outcome blank).
//	P4  born 1973-05 (50), male, tenant (settled): long-term community
//	    support from 2022-01-10, open, commissioned, £15 an hour × 8 a week
//	    (an existing client: no request, no assessment).
//
// The first P4's row gives an ethnicity outside its list (accepted, a
// finding). Three more rows: a review of the first P1 with only their
// local id (the person rule removes it: that id is seen with an NHS
// number), and two rows the reader rejects: an event type outside its
// list, an impossible start date.
type handStory struct {
	name                          string
	birthYear, birthMonth         int
	gender, psr, accommodation    string
	employment                    string
	request, assessment, service  []string // start, end (blank: open) and outcome
	route                         string
	serviceType, component, deliv string
	unitCost, frequency, units    string
}

var handStories = []handStory{
	{name: "P1", birthYear: 1953, birthMonth: 6, gender: "Male", psr: "Physical Support: Personal care support",
		accommodation: "Owner occupier or shared ownership scheme", employment: "Not in Paid Employment (not actively seeking work / retired)",
		request: []string{"2023-05-01", "2023-05-01", "Progress to Assessment"}, route: "Community / Other route",
		assessment: []string{"2023-05-08", "2023-05-20", "Progress to Support Planning / Services"},
		service:    []string{"2023-06-01", "", "Provision of service"}, serviceType: "Long Term Support: Community", component: "Home Care",
		deliv: "Direct Payment", unitCost: "20.00", frequency: "Hourly", units: "10"},
	{name: "P2", birthYear: 1983, birthMonth: 9, gender: "Female", psr: "Learning Disability Support",
		accommodation: "Registered care home", employment: "Not in Paid Employment (seeking work)",
		request: []string{"2023-07-03", "2023-07-03", "Progress to Assessment"}, route: "Discharge from Hospital",
		assessment: []string{"2023-07-10", "2023-07-31", "Progress to Support Planning / Services"},
		service:    []string{"2023-08-10", "", "Provision of service"}, serviceType: "Long Term Support: Residential Care",
		component: "Long Term Residential Care", deliv: "CASSR Commissioned Support", unitCost: "700.00", frequency: "Weekly", units: "1"},
	{name: "P3", birthYear: 1943, birthMonth: 11, gender: "Female", psr: "Support with Memory & Cognition",
		accommodation: "Tenant", employment: "Not in Paid Employment (not actively seeking work / retired)",
		request: []string{"2024-02-01", "2024-02-01", "Progress to Assessment"}, route: "Community / Other route",
		assessment: []string{"2024-02-15", "", ""}},
	{name: "P4", birthYear: 1973, birthMonth: 5, gender: "Male", psr: "Mental Health Support",
		accommodation: "Tenant", employment: "Not in Paid Employment (seeking work)",
		service: []string{"2022-01-10", "", "Provision of service"}, serviceType: "Long Term Support: Community", component: "Home Care",
		deliv: "CASSR Commissioned Support", unitCost: "15.00", frequency: "Hourly", units: "8"},
}

var handHeader = []string{"LA_Code", "LA_Name", "Reporting_Period_Start_Date", "Reporting_Period_End_Date", "ImportDate",
	"Der_NHS_Number_Traced_Pseudo", "Der_LA_Person_Unique_Identifier_Pseudo", "Der_Birth_Year", "Der_Birth_Month", "Date_of_Death",
	"Gender", "Ethnicity", "Client_Type", "Primary_Support_Reason", "Accommodation_Status", "Employment_Status", "Has_Unpaid_Carer",
	"Event_Type", "Event_Start_Date", "Event_End_Date", "Event_Outcome", "Request_Route_of_Access", "Service_Type", "Service_Component",
	"Delivery_Mechanism", "Unit_Cost", "Cost_Frequency_(Unit_Type)", "Planned_units_per_week", "Review_Reason"}

// writeHandCLD writes the file described above and returns its path.
func writeHandCLD(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hand.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.Write(handHeader); err != nil {
		t.Fatal(err)
	}
	type row map[string]string
	write := func(r row) {
		rec := make([]string, len(handHeader))
		for k, v := range r {
			i := slices.Index(handHeader, k)
			if i < 0 {
				t.Fatalf("no column %s", k)
			}
			rec[i] = v
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	var first = map[string]row{}
	for _, s := range handStories {
		for copyNo := 1; copyNo <= 5; copyNo++ {
			person := row{"LA_Code": "E99000001", "LA_Name": "Hand Council", "Reporting_Period_Start_Date": "2023-04-01",
				"Reporting_Period_End_Date": "2024-03-31", "ImportDate": "2024-04-20 09:00:00",
				"Der_NHS_Number_Traced_Pseudo": fmt.Sprintf("nhs-%s-%d", s.name, copyNo), "Der_LA_Person_Unique_Identifier_Pseudo": fmt.Sprintf("la-%s-%d", s.name, copyNo),
				"Der_Birth_Year": fmt.Sprint(s.birthYear), "Der_Birth_Month": fmt.Sprint(s.birthMonth), "Gender": s.gender, "Ethnicity": "White - Irish",
				"Client_Type": "Service User", "Primary_Support_Reason": s.psr, "Accommodation_Status": s.accommodation,
				"Employment_Status": s.employment, "Has_Unpaid_Carer": "No"}
			if s.name == "P4" && copyNo == 1 {
				person["Ethnicity"] = "Martian" // outside the list: a finding, the row kept
			}
			event := func(typ string, dates []string, extra row) {
				r := row{"Event_Type": typ, "Event_Start_Date": dates[0], "Event_End_Date": dates[1], "Event_Outcome": dates[2]}
				for k, v := range person {
					r[k] = v
				}
				for k, v := range extra {
					r[k] = v
				}
				write(r)
				if copyNo == 1 {
					first[s.name+" "+typ] = r
				}
			}
			if s.request != nil {
				event("Request", s.request, row{"Request_Route_of_Access": s.route})
			}
			if s.assessment != nil {
				event("Assessment", s.assessment, nil)
			}
			if s.service != nil {
				event("Service", s.service, row{"Service_Type": s.serviceType, "Service_Component": s.component, "Delivery_Mechanism": s.deliv,
					"Unit_Cost": s.unitCost, "Cost_Frequency_(Unit_Type)": s.frequency, "Planned_units_per_week": s.units})
			}
		}
	}
	// The review of the first P1 with their local id only.
	review := row{}
	for k, v := range first["P1 Request"] {
		review[k] = v
	}
	review["Der_NHS_Number_Traced_Pseudo"], review["Request_Route_of_Access"] = "", ""
	review["Event_Type"], review["Event_Start_Date"], review["Event_End_Date"], review["Event_Outcome"], review["Review_Reason"] =
		"Review", "2023-11-01", "2023-11-01", "No change in package", "Planned"
	write(review)
	// Two rows rejected: an event type outside its list, an impossible
	// start date.
	bad := row{}
	for k, v := range first["P3 Request"] {
		bad[k] = v
	}
	bad["Event_Type"] = "Referral"
	write(bad)
	bad["Event_Type"], bad["Event_Start_Date"] = "Request", "2023-02-30"
	write(bad)
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// gridRow returns the cells of the row labelled label of the all-councils
// table of measure (and table name, "" for any) in results.json, by
// column name: each cell's text and value (NaN when null).
func gridRow(t *testing.T, res map[string]any, list, measure, table, label string) map[string]cellJSON {
	t.Helper()
	var grids []any
	switch v := get(t, res, "national_measures", list).(type) {
	case []any:
		grids = v
	case map[string]any:
		grids = []any{v}
	}
	for _, g := range grids {
		g := g.(map[string]any)
		if g["measure"] != measure || (table != "" && g["table"] != table) {
			continue
		}
		cols := g["columns"].([]any)
		for _, r := range g["rows"].([]any) {
			r := r.(map[string]any)
			if r["label"] != label {
				continue
			}
			out := map[string]cellJSON{}
			for i, c := range r["cells"].([]any) {
				c := c.(map[string]any)
				cj := cellJSON{Text: c["text"].(string), Suppressed: c["suppressed"].(bool)}
				if v, ok := c["value"].(float64); ok {
					cj.Value = &v
				}
				out[cols[i].(string)] = cj
			}
			return out
		}
		t.Fatalf("%s %s %s: no row %q", list, measure, table, label)
	}
	t.Fatalf("%s: no table %s %s", list, measure, table)
	return nil
}

// TestNationalMeasuresByHand runs the main job with -cld on the tiny file
// and checks the national section's figures, each derived on paper in the
// table's comment. Dates: 2023/24 holds 366 days (29 February 2024).
func TestNationalMeasuresByHand(t *testing.T) {
	t.Parallel()
	file := writeHandCLD(t)
	pop := filepath.Join(t.TempDir(), "population.csv")
	if err := os.WriteFile(pop, []byte("LA_Code,Aged 18 to 64,Aged 65 and over\nE99000001,100000,50000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, res, _ := runCounty(t, options{Seed: 3, N: 300, K: 3, Top: 5, Model: ras.ModelPoints, CLD: file, CLDCouncils: 1, Population: pop, noCharts: true})

	// Rows: 5 × (3 + 3 + 2 + 1) = 45 story rows, the review and the two
	// bad rows: 48 read, 2 rejected, 46 accepted; the review is removed by
	// the person rule (excluded), 45 used.
	acct := checkAccounting(t, res)[kindCLD]
	for k, want := range map[string]float64{"read": 48, "accepted": 46, "used": 45} {
		if got := acct[k]; got != want {
			t.Errorf("CLD rows %s: %v, want %v", k, got, want)
		}
	}
	rej := reasons(t, acct, "rejected")
	if rej[cld.ErrNotInList.Error()] != 1 || rej[cld.ErrDate.Error()] != 1 || len(rej) != 2 {
		t.Errorf("CLD rows rejected: %v, want 1 × %q and 1 × %q", rej, cld.ErrNotInList, cld.ErrDate)
	}
	for k, want := range map[string]float64{"keyed_by_nhs_number": 45, "keyed_by_local_id": 0, "removed_local_id_seen_with_nhs_number": 1, "removed_no_id": 0} {
		if got := num(t, res, "national_measures", "rows", k); got != want {
			t.Errorf("rows.%s: %v, want %v", k, got, want)
		}
	}
	// Data quality: the one invalid ethnicity; the 5 open assessments of
	// P3 with no outcome (mandatory on an assessment); the review's blank
	// NHS number (mandatory on every row).
	fields := map[string]map[string]any{}
	for _, f := range get(t, res, "national_measures", "data_quality", "fields").([]any) {
		fields[f.(map[string]any)["field"].(string)] = f.(map[string]any)
	}
	for _, c := range []struct {
		field, status string
		want          float64
	}{
		{"Ethnicity", "invalid", 1}, {"Ethnicity", "valid", 45}, {"Event_Outcome", "blank_mandatory", 5},
		{"Der_NHS_Number_Traced_Pseudo", "blank_mandatory", 1}, {"Gender", "invalid", 0}, {"Gender", "valid", 46},
	} {
		if got := fields[c.field][c.status]; got != c.want {
			t.Errorf("data quality %s %s: %v, want %v", c.field, c.status, got, c.want)
		}
	}

	cell := func(list, measure, table, label, col string) cellJSON {
		t.Helper()
		c, ok := gridRow(t, res, list, measure, table, label)[col]
		if !ok {
			t.Fatalf("%s %s %s %q: no column %q", list, measure, table, label, col)
		}
		if c.Suppressed {
			t.Errorf("%s %s %q %q is suppressed: the file has no count of 1 to 4", measure, table, label, col)
		}
		return c
	}
	value := func(c cellJSON) float64 {
		if c.Value == nil {
			return math.NaN()
		}
		return *c.Value
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.IsNaN(want) != math.IsNaN(got) || (!math.IsNaN(want) && math.Abs(got-want) > 1e-9) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}

	// STS001, requests from new clients in the period by route (Total
	// row): 18 to 64, P2's 5 from hospital; 65 and over, P1's and P3's 10
	// from the community. P4 made no request.
	for _, c := range []struct {
		table, col string
		want       float64
	}{
		{"18 to 64", "Discharge from Hospital", 5}, {"18 to 64", "Community / Other route", 0}, {"18 to 64", "Total", 5},
		{"65 and over", "Community / Other route", 10}, {"65 and over", "Discharge from Hospital", 0}, {"65 and over", "Total", 10},
		{"Under 18", "Total", 0},
	} {
		near("STS001 "+c.table+" Total, "+c.col, value(cell("salt", "STS001", c.table, "Total", c.col)), c.want)
	}

	// ASCOF (numerator, denominator, outcome):
	//   2E: clients with long-term support in the year by gender: P1, P4
	//       (male, settled), P2 (female, care home): Male 10/10, Female
	//       0/5, Total 10/15 = 66.67%.
	//   3D, service users at 31 March 2024: community support P1 (direct
	//       payment, 65+) and P4 (commissioned, 18–64); P2's residential
	//       care is not community: 3D1a and 3D2a Total 5/10, 18 to 64
	//       0/5, 65 and over 5/5.
	//   2B/2C: admissions to care homes in the year still open at the
	//       snapshot: P2's 5 (aged 40): 2B 5 per 100,000 of 100,000 = 5.0;
	//       2C 0 of 50,000 = 0.0.
	//   2A: no short-term support to maximise independence: 0/0,
	//       undefined.
	for _, c := range []struct {
		measure, label   string
		num, den, result float64
	}{
		{"2E", "2E: Total", 10, 15, 100 * 10.0 / 15}, {"2E", "2E: Male", 10, 10, 100}, {"2E", "2E: Female", 0, 5, 0},
		{"3D", "3D1a: Total", 5, 10, 50}, {"3D", "3D1a: 18 to 64", 0, 5, 0}, {"3D", "3D1a: 65 and over", 5, 5, 100},
		{"3D", "3D2a: Total", 5, 10, 50}, {"3D", "3D2a: 18 to 64", 0, 5, 0}, {"3D", "3D2a: 65 and over", 5, 5, 100},
		{"2B/2C", "2B: 18 to 64", 5, 100000, 5}, {"2B/2C", "2C: 65 and over", 0, 50000, 0},
		{"2A", "2A: Total", 0, 0, math.NaN()},
	} {
		near(c.label+" numerator", value(cell("ascof", c.measure, "", c.label, "Numerator")), c.num)
		near(c.label+" denominator", value(cell("ascof", c.measure, "", c.label, "Denominator")), c.den)
		out := cell("ascof", c.measure, "", c.label, "Outcome")
		// The published outcome has one decimal (66.7); the value is exact.
		near(c.label+" outcome", value(out), c.result)
		if want := "undefined"; math.IsNaN(c.result) && out.Text != want {
			t.Errorf("%s outcome %q, want %q", c.label, out.Text, want)
		}
	}
	if got := cell("ascof", "2E", "", "2E: Total", "Outcome").Text; got != "66.7" {
		t.Errorf("2E Total published as %q, want 66.7", got)
	}

	// Waiting times (days):
	//   request to assessment: P1 7 (1 → 8 May), P2 7 (3 → 10 July), P3 14
	//     (1 → 15 February); 15 waits, all ended; Kaplan–Meier median 7
	//     (S = 5/15 after day 7); mean of the completed (10×7 + 5×14)/15 =
	//     9.33, median 7.
	//   request to service, all services: P1 31 (1 May → 1 June), P2 38
	//     (3 July → 10 August), P3 still waiting, censored at 31 March (59
	//     days); S = 10/15 after 31, 5/15 after 38: median 38; completed
	//     10, mean and median (31 + 38)/2 = 34.5.
	//   assessment to service, all services: from the assessment's end: P1
	//     12 (20 May → 1 June), P2 10 (31 July → 10 August); P3's
	//     assessment has not ended: 10 waits; S = 1/2 from day 10 to 12,
	//     so R's median is the midpoint, 11; mean and median 11.
	for _, c := range []struct {
		label                                       string
		started, ended, censored, median, completed float64
		mean, medianCompleted                       float64
	}{
		{"Request to assessment", 15, 15, 0, 7, 15, 140.0 / 15, 7},
		{"Request to service: All services", 15, 10, 5, 38, 10, 34.5, 34.5},
		{"Assessment to service: All services", 10, 10, 0, 11, 10, 11, 11},
	} {
		get := func(col string) float64 { return value(cell("waiting_times", "Waiting times", "", c.label, col)) }
		near(c.label+" started", get("Waits starting in the period"), c.started)
		near(c.label+" ended", get("Ended by the period end"), c.ended)
		near(c.label+" censored", get("Still waiting (censored)"), c.censored)
		near(c.label+" Kaplan–Meier median", get("Kaplan-Meier median (days)"), c.median)
		near(c.label+" completed", get("Completed waits ending in the period"), c.completed)
		near(c.label+" mean completed", get("Mean completed wait (days)"), c.mean)
		near(c.label+" median completed", get("Median completed wait (days)"), c.medianCompleted)
	}

	// The pathway from CLD: the join's waits from assessment completed to
	// service start are P1's 12 and P2's 10 days, as above: 10 waits, all
	// started, median 11. Stage by stage (Kaplan–Meier medians): request
	// to assessment start 7 (as above); assessment start to end: P1 12, P2
	// 21, P3 open since 15 February, censored at 45 days: S = 10/15 after
	// 12, 5/15 after 21: median 21; assessment end to service 11; request
	// to service 38 (as above).
	pw := get(t, res, "national_measures", "pathway").(map[string]any)
	near("pathway waits", num(t, pw, "waits"), 10)
	near("pathway completed", num(t, pw, "completed"), 10)
	near("pathway median", num(t, pw, "overall", "median_days"), 11)
	for i, c := range []struct {
		from, to          string
		waits, ended, med float64
	}{
		{"request", "assessment_start", 15, 15, 7}, {"assessment_start", "assessment_end", 15, 10, 21},
		{"assessment_end", "service_start", 10, 10, 11}, {"request", "service_start", 15, 10, 38},
	} {
		st := get(t, pw, "stages", i).(map[string]any)
		if st["from"] != c.from || st["to"] != c.to {
			t.Errorf("stage %d: %v to %v, want %s to %s", i, st["from"], st["to"], c.from, c.to)
			continue
		}
		near(c.from+" to "+c.to+" waits", num(t, st, "waits"), c.waits)
		near(c.from+" to "+c.to+" ended", num(t, st, "ended"), c.ended)
		near(c.from+" to "+c.to+" median", num(t, st, "median_days"), c.med)
	}

	// Planned cost in the period (weekly cost × days open in it / 7, to
	// the penny): P1 £200 a week × 305 days (1 June to 31 March) / 7 =
	// £8,714.29; P2 £700 × 235 days (10 August to 31 March) / 7 =
	// £23,500.00; P4 £120 × 366 days / 7 = £6,274.29. Each × 5: community
	// £43,571.45 + £31,371.45 = £74,942.90; residential £117,500.00; all
	// £192,442.90, of which P1's and P2's, £161,071.45, are on services the
	// join links to a pathway (P4 has no assessment). Mean weekly cost per
	// service: community (5 × 200 + 5 × 120)/10 = £160.00; all 5,100/15 =
	// £340.00.
	money := get(t, pw, "money").(map[string]any)
	for k, want := range map[string]string{"planned_in_period": "192442.90", "planned_in_period_linked_to_a_pathway": "161071.45", "mean_weekly_per_service": "340.00"} {
		if got := get(t, money, "total", k); got != want {
			t.Errorf("money total %s: %v, want %s", k, got, want)
		}
	}
	byType := map[string]map[string]any{}
	for _, x := range get(t, money, "by_service_type").([]any) {
		byType[x.(map[string]any)["service_type"].(string)] = x.(map[string]any)
	}
	for typ, want := range map[string][3]string{
		"Long Term Support: Community":        {"10", "74942.90", "160.00"},
		"Long Term Support: Residential Care": {"5", "117500.00", "700.00"},
	} {
		x := byType[typ]
		if x == nil {
			t.Errorf("money: no row for %s", typ)
			continue
		}
		if got := fmt.Sprint(x["persons"], " ", x["planned_in_period"], " ", x["mean_weekly_per_service"]); got != strings.Join(want[:], " ") {
			t.Errorf("money %s: persons, planned, mean weekly %s, want %v", typ, got, want)
		}
	}

	// The same figures as published: report.md and the CSV files.
	md, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| 2E: Total | 10 | 15 | 66.7 |", "| 3D1a: 18 to 64 | 0 | 5 | 0.0 |", "| 2A: Total | 0 | 0 | undefined |",
		"| Request to service: All services | 15 | 10 | 5 | 38.0 |", "In all **£192,442.90**, £161,071.45 of it",
		"| assessment started | assessment completed | 15 | 10 | 5 | 0 | 21 (", "rejected 1 × cld: invalid date"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	recs := readCSV(t, filepath.Join(dir, cldDir, "ascof_2e.csv"))
	want := map[string]string{"Numerator": "10", "Denominator": "15", "Outcome": "66.7"}
	found := 0
	for _, r := range recs[1:] {
		if r[0] == "All" && r[5] == "Total" {
			found++
			if r[7] != want[r[6]] {
				t.Errorf("ascof_2e.csv, all councils, Total %s: %s, want %s", r[6], r[7], want[r[6]])
			}
		}
	}
	if found != 3 {
		t.Errorf("ascof_2e.csv: %d lines of the all-councils Total, want 3", found)
	}
}

// TestCLDBadFiles: a file that is not CLD, a missing file and a bad
// population file stop the run with an error naming what is wrong; a CLD
// file with no row accepted gives the section, stating that no measure is
// computed, with every row accounted for.
func TestCLDBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	head := strings.Join(handHeader, ",") + "\n"
	good := writeHandCLD(t)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, cld, pop string
		wantErr        string // "" : the run succeeds with no measures
		read, rejected float64
	}{
		{name: "not CLD", cld: write("events.csv", "person_id,event_type,event_date\nP1,request,2024-01-01\n"), wantErr: "missing required column"},
		{name: "no file", cld: filepath.Join(dir, "absent.csv"), wantErr: "-cld: open "},
		{name: "empty", cld: write("empty.csv", ""), wantErr: "-cld "},
		{name: "population without counts", cld: good, pop: write("pop.csv", "LA_Code,Aged 18 to 64\nE99000001,100\n"), wantErr: "-population "},
		{name: "population repeated", cld: good, pop: write("pop2.csv", "LA_Code,Aged 18 to 64,Aged 65 and over\nE1,1,2\nE1,1,2\n"), wantErr: "-population "},
		{name: "header only", cld: write("head.csv", head)},
		{name: "every row rejected", cld: write("bad.csv", head+strings.Repeat(strings.Repeat("x,", len(handHeader)-1)+"x\n", 3)+"E1,only three,fields\n"), read: 4, rejected: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options{Seed: 1, N: 200, K: 3, Top: 5, Model: ras.ModelPoints, CLD: tc.cld, CLDCouncils: 1, Population: tc.pop, noCharts: true}
			if tc.wantErr != "" {
				o.Out, o.Quiet = t.TempDir(), true
				err := run(t.Context(), o, &bytes.Buffer{}, &bytes.Buffer{})
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("run: %v, want an error with %q", err, tc.wantErr)
				}
				return
			}
			out, res, _ := runCounty(t, o)
			acct := checkAccounting(t, res)[kindCLD]
			rejected := 0.0
			for _, n := range reasons(t, acct, "rejected") {
				rejected += n
			}
			if acct["read"] != tc.read || rejected != tc.rejected || acct["accepted"] != 0.0 {
				t.Errorf("CLD rows: read %v rejected %v accepted %v, want %v, %v, 0", acct["read"], rejected, acct["accepted"], tc.read, tc.rejected)
			}
			if got := get(t, res, "national_measures", "no_measures"); got != "no row of the file was accepted" {
				t.Errorf("no_measures %v", got)
			}
			md := string(mustRead(t, filepath.Join(out, reportFile)))
			if !strings.Contains(md, "No measure is computed: no row of the file was accepted.") {
				t.Error("report.md does not say that no measure is computed")
			}
			checkHTMLOf(t, out, false, sectionsWithNational(), chartFiles)
		})
	}
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return recs
}
