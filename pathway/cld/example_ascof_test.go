package cld_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/stonesoup-care/stonesoup/pathway/cld"
)

// ASCOF 2E on a council's year-end return: three people in long-term
// support, two of them settled; one of unknown gender, who is in no part
// of the measure, as in NHS England's code.
func ExampleASCOF2E() {
	in := `LA_Code,LA_Name,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo,Der_LA_Person_Unique_Identifier_Pseudo,Der_Birth_Year,Der_Birth_Month,Gender,Accommodation_Status,Client_Type,Event_Type,Event_Start_Date,Event_End_Date,Service_Type
E06000001,Hartlepool,2023-04-01,2024-03-31,2024-04-20,A1,L1,1950,6,Male,Tenant,Service User,Service,2022-01-10,,Long Term Support: Community
E06000001,Hartlepool,2023-04-01,2024-03-31,2024-04-20,A2,L2,1944,2,Female,Registered care home,Service User,Service,2023-06-01,,Long Term Support: Residential Care
E06000001,Hartlepool,2023-04-01,2024-03-31,2024-04-20,A3,L3,1961,9,Female,Owner occupier or shared ownership scheme,Service User,Service,2023-09-15,,Long Term Support: Community
E06000001,Hartlepool,2023-04-01,2024-03-31,2024-04-20,A4,L4,1958,1,Unknown,Tenant,Service User,Service,2023-05-01,,Long Term Support: Community
`
	d, err := cld.Read(strings.NewReader(in), cld.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	t, err := cld.ASCOF2E(d, cld.FinancialYear(2023), cld.MeasureOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range t.Rows[:3] {
		fmt.Printf("%s %-6s %d / %d = %v%%\n", r.Measure, r.Disaggregation, r.Numerator, r.Denominator, r.Outcome)
	}
	fmt.Println(t.Steps[len(t.Steps)-1].Rule, t.Steps[len(t.Steps)-1].Removed())
	if err := t.WriteCSV(os.Stdout, cld.CSVOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2E Total  2 / 3 = 66.7%
	// 2E Male   1 / 1 = 100.0%
	// 2E Female 1 / 2 = 50.0%
	// gender Male or Female on the rows of the latest start date (clients of other or unknown gender are in no part of 2E, not even the Total) 1
	// Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,Disaggregation level,Measure type,Measure value
	// E06000001,Hartlepool,Local authority,E06000001,2E,Total,Numerator,2
	// E06000001,Hartlepool,Local authority,E06000001,2E,Total,Denominator,3
	// E06000001,Hartlepool,Local authority,E06000001,2E,Total,Outcome,66.7
	// E06000001,Hartlepool,Local authority,E06000001,2E,Male,Numerator,1
	// E06000001,Hartlepool,Local authority,E06000001,2E,Male,Denominator,1
	// E06000001,Hartlepool,Local authority,E06000001,2E,Male,Outcome,100.0
	// E06000001,Hartlepool,Local authority,E06000001,2E,Female,Numerator,1
	// E06000001,Hartlepool,Local authority,E06000001,2E,Female,Denominator,2
	// E06000001,Hartlepool,Local authority,E06000001,2E,Female,Outcome,50.0
	// All,All councils,All councils in the data,,2E,Total,Numerator,2
	// All,All councils,All councils in the data,,2E,Total,Denominator,3
	// All,All councils,All councils in the data,,2E,Total,Outcome,66.7
	// All,All councils,All councils in the data,,2E,Male,Numerator,1
	// All,All councils,All councils in the data,,2E,Male,Denominator,1
	// All,All councils,All councils in the data,,2E,Male,Outcome,100.0
	// All,All councils,All councils in the data,,2E,Female,Numerator,1
	// All,All councils,All councils in the data,,2E,Female,Denominator,2
	// All,All councils,All councils in the data,,2E,Female,Outcome,50.0
}
