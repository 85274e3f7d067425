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
