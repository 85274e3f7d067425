package cld_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/stonesoup-care/stonesoup/pathway/cld"
)

// STS001 on three clients of one council in 2023/24: a request followed
// by an assessment and, two days after it, reablement (ST-Max); a request
// that ends in signposting; and a request from a client already receiving
// community support, who is not a new client.
func ExampleSTS001() {
	in := `LA_Code,LA_Name,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo,Der_Birth_Year,Der_Birth_Month,Client_Type,Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Request_Route_of_Access,Service_Type
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Service User,Request,2023-05-01,2023-05-02,Progress to Assessment,Discharge from Hospital,
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Service User,Assessment,2023-05-10,2023-05-20,Progress to Reablement/ST-Max,,
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,a,1948,5,Service User,Service,2023-05-22,2023-06-30,Service ended as planned,,Short Term Support: ST-Max
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,b,1990,2,Service User,Request,2023-09-04,2023-09-04,NFA - Information & Advice / Signposting only,Community / Other route,
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,c,1950,8,Service User,Service,2021-01-01,,Provision of service,,Long Term Support: Community
E06000001,Town,2023-04-01,2024-03-31,2024-04-20,c,1950,8,Service User,Request,2023-10-02,2023-10-03,Progress to Assessment,Community / Other route,
`
	d, err := cld.Read(strings.NewReader(in), cld.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := cld.STS001(d, cld.FinancialYear(2023), cld.MeasureOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Requests {
		fmt.Printf("%s, %s: %s\n", r.Band, r.Route, r.Sequel)
	}
	for _, s := range res.Steps {
		if s.Removed() > 0 {
			fmt.Printf("removed %d %s: %s\n", s.Removed(), s.Unit, s.Rule)
		}
	}
	// The all-councils block of the table of clients aged 65 and over,
	// with small numbers suppressed, in the SALT layout (columns cut here
	// to the first two routes): the 1 is hidden, and so are the totals it
	// makes, its row's, its column's and the table's, each a 1 too; every
	// line then has two hidden counts (the 1 and its total), so the zeros
	// can be shown.
	var b strings.Builder
	if err := res.Tables[1].WriteCSV(&b, cld.CSVOptions{AllOnly: true, Suppress: true}); err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[:3] {
		f := strings.Split(line, ",")
		fmt.Fprintln(os.Stdout, strings.Join(append(f[4:7:7], f[len(f)-1]), ","))
	}
	// Output:
	// 65 and over, Discharge from Hospital: Short Term Support to Maximise Independence
	// 18 to 64, Community / Other route: Universal Services/ Signposted to other services
	// removed 1 request clusters: new client: no long-term service open when the cluster starts
	// Sequel,Planned Entry (Transition),Discharge from Hospital,Total
	// Short Term Support to Maximise Independence,0,*,*
	// Long Term Support Nursing Care,0,0,0
}
