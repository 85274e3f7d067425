package cld

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

func pathwayDate(y int, m time.Month, d int) Date { return pathway.NewDate(y, m, d) }

// FuzzRead feeds arbitrary bytes to Read: it must never panic, must
// account for every record, and whatever it accepts must satisfy the
// model's invariants and survive the person rule, client grouping, the
// latest-submission rule and the conversion to pathway records.
func FuzzRead(f *testing.F) {
	f.Add([]byte(csvOf(nhseHeader,
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,123,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20 10:00,2,123,456,1950,1,Service User,Assessment,2023-04-06,,NFA - Deceased",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,3,,456,1950,13,Service User,Review,2023-05-01,2023-05-02,No change",
		`E1,Town,2023-04-01,2023-06-30,2023-07-20,4,,789,1962,7,Carer,Service,2023-06-01,,"Provision, of ""service"""`,
	)))
	f.Add([]byte(csvOf(councilHeader+",Service Type,Unit Cost,Planned units per week,Cost Frequency (Unit Type)",
		"E1,2023-04-01,2023-06-30,L1,9434765919,1950-01-17,Service User,Service,2023-04-03,,Provision of service,Long Term Support: Nursing Care,£950.00,1,Weekly",
		"E1,2023-04-01,2023-06-30,L1,,17/01/1950,Service User,Service,03/04/2023,,Provision of service,Short Term Support – ST-Max,1e3,-1,Hourly",
	)))
	f.Add([]byte("\ufeffLA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,NHS_Number,Event_Type,Event_Start_Date,Event_End_Date\r\n" +
		"E1,2023-04-01,2023-06-30,\"1\n2\",Request,2023-04-03,\r\n\"x\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := Read(bytes.NewReader(in), Options{MaxRecordBytes: 4096, MaxRecordLines: 4})
		if err != nil {
			if !errors.Is(err, ErrHeader) {
				t.Fatalf("error that is not ErrHeader: %v", err)
			}
			return
		}
		checkInvariants(t, d)
		cl := d.Clients(nil)
		n := 0
		for c := range cl.Len() {
			rows := cl.RowsOf(c)
			n += len(rows)
			for k := 1; k < len(rows); k++ {
				if d.compareTime(rows[k-1], rows[k]) > 0 {
					t.Fatalf("client %d rows out of time order", c)
				}
			}
		}
		if n != d.Len()-len(d.Persons(nil).Removed) {
			t.Fatalf("clients hold %d rows of %d", n, d.Len())
		}
		sel, err := d.LatestSubmissions(FinancialYear(2023), Window{After: time.Date(2023, 3, 31, 0, 0, 0, 0, time.UTC)})
		if err != nil || sel.Kept+sel.SetAside != d.Len() || sel.Rows.Count() != sel.Kept {
			t.Fatalf("selection %+v, %v", sel, err)
		}
		for _, sel := range []*Selection{d.LatestPerPeriod(), d.LatestEditions(nil, nil, NoDate),
			d.LatestEditions(sel.Rows, nil, pathwayDate(2024, 2, 1))} {
			if sel.Kept+sel.SetAside > d.Len() || sel.Rows.Count() != sel.Kept || len(sel.SetAsideRows) != sel.SetAside {
				t.Fatalf("selection %+v", sel)
			}
		}
		pd, err := d.Pathway(PathwayOptions{AllClientTypes: len(in)%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		if pd.Report.Rows != d.Len() {
			t.Fatalf("conversion accounts for %d rows of %d", pd.Report.Rows, d.Len())
		}
	})
}
