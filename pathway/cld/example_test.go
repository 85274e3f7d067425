package cld_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stonesoup-care/stonesoup/pathway/cld"
)

// The principles' worked example of the person identifier, in NHS
// England's view, with one row whose birth month is invalid and one
// variant spelling.
func ExampleRead() {
	in := `LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo,Der_LA_Person_Unique_Identifier_Pseudo,Der_Birth_Year,Der_Birth_Month,Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome
E06000001,2023-04-01,2023-06-30,2023-07-20,123,,1950,1,Request,2023-04-03,2023-04-05,NFA - Deceased
E06000001,2023-04-01,2023-06-30,2023-07-20,123,456,1950,1,Assessment,2023-04-06,2023-04-20,NFA – Support declined
E06000001,2023-04-01,2023-06-30,2023-07-20,,456,1950,13,Review,2023-05-01,2023-05-02,No change in package
E06000001,2023-04-01,2023-06-30,2023-07-20,,789,1962,7,Request,2023-06-01,,
E06000001,2023-04-01,2023-06-30,2023-07-20,,789,1962,7,Referral,2023-06-01,,
`
	d, err := cld.Read(strings.NewReader(in), cld.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep := d.Report
	fmt.Printf("rows %d: accepted %d, rejected %d\n", rep.Rows, rep.Accepted, rep.Rejected)
	fmt.Println(rep.Errors[0])
	fmt.Printf("persons: %+v\n", d.PersonCounts())
	fmt.Println("outcome of line 3:", d.Outcome[1])
	for _, f := range rep.Findings {
		if f.Status == cld.StatusInvalid || f.Status == cld.StatusVariant {
			fmt.Println(f)
		}
	}
	// Output:
	// rows 5: accepted 4, rejected 1
	// cld: line 6, column 9 (Event_Type): cld: value not in the defined list: "Referral" is not an event type
	// persons: {Rows:4 ByNHS:2 ByLocal:1 RemovedSeenWithNHS:1 RemovedNoID:0}
	// outcome of line 3: NFA - Support declined
	// cld: line 3, column 12 (Event_Outcome): cld: variant spelling of a defined-list value: "NFA – Support declined" recorded as "NFA - Support declined"
	// cld: line 4, column 8 (Der_Birth_Month): cld: invalid birth date: birth month "13"
}

// A synthetic file in NHS England's view, read back, with the
// latest-submission rule for the year.
func ExampleSynthesize() {
	var buf bytes.Buffer
	sum, err := cld.Synthesize(&buf, cld.SynthOptions{Seed: 1, Persons: 200, Councils: 2}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := cld.Read(&buf, cld.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	sel, err := d.LatestSubmissions(sum.Period, sum.Window)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("period:", sum.Period)
	fmt.Println("rows written and read:", sum.Rows == d.Len(), d.Report.Rejected)
	fmt.Println("imports:", len(d.Submissions) == len(sum.Submissions))
	fmt.Println("kept + set aside = rows:", sel.Kept+sel.SetAside == d.Len())
	// Output:
	// period: 2023-04-01 to 2024-03-31
	// rows written and read: true 0
	// imports: true
	// kept + set aside = rows: true
}

// Every measure of a small file in one call, and one of its tables laid
// out for a report.
func ExampleMeasures() {
	in := `LA_Code,LA_Name,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo,Der_Birth_Year,Der_Birth_Month,Gender,Accommodation_Status,Client_Type,Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Request_Route_of_Access,Service_Type,Delivery_Mechanism
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Female,Tenant,Service User,Request,2023-05-01,2023-05-02,Progress to Assessment,Discharge from Hospital,,
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Female,Tenant,Service User,Assessment,2023-05-10,2023-05-20,Progress to Reablement/ST-Max,,,
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Female,Tenant,Service User,Service,2023-05-22,2023-06-30,Service ended as planned,,Short Term Support: ST-Max,CASSR Commissioned Support
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Female,Tenant,Service User,Service,2023-07-01,,Provision of service,,Long Term Support: Community,Direct Payment
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,b,1990,2,Male,Tenant,Service User,Request,2023-09-04,2023-09-04,NFA - Information & Advice / Signposting only,Community / Other route,,
`
	d, err := cld.Read(strings.NewReader(in), cld.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := cld.Measures(d, cld.FinancialYear(2023), cld.MeasureOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// a request whose sequel is reablement, then community support (65
	// and over), and one ending in signposting (18 to 64)
	fmt.Println("STS001 requests from new clients:", res.STS001.Tables[0].All.Total+res.STS001.Tables[1].All.Total)
	fmt.Println("STS002a episodes:", res.STS002a.Table.All.Total, "LTS001b people at the year end:", res.LTS001b.Tables[1].All.Total)
	for _, t := range res.ASCOFTables() {
		for _, r := range t.Rows {
			if r.Council < 0 && r.Disaggregation == "Total" {
				fmt.Printf("%s %d / %d = %v\n", r.Measure, r.Numerator, r.Denominator, r.Outcome)
			}
		}
	}
	gs, err := res.ASCOF2E.Grids(cld.CSVOptions{AllOnly: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	g := gs[0]
	fmt.Println(g.Code, g.RowHeader, g.Cols)
	for _, r := range g.Rows {
		fmt.Printf("%s:", r.Label)
		for _, c := range r.Cells {
			fmt.Printf(" %s", c.Text)
		}
		fmt.Println()
	}
	// Output:
	// STS001 requests from new clients: 2
	// STS002a episodes: 1 LTS001b people at the year end: 1
	// 2A 0 / 1 = 0.0
	// 2E 1 / 1 = 100.0
	// 3D1a 1 / 1 = 100.0
	// 3D2a 1 / 1 = 100.0
	// 3D1b 0 / 0 = undefined
	// 3D2b 0 / 0 = undefined
	// All Measure [Numerator Denominator Outcome]
	// 2E: Total: 1 1 100.0
	// 2E: Male: 0 0 undefined
	// 2E: Female: 1 1 100.0
}
