package badinput

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/pathway/cld"
)

// cldLayouts are the two layouts cld.Read reads, with a valid row each.
var cldLayouts = []struct {
	name   string
	header string
	row    string
}{
	{"NHS England's view",
		"LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo," +
			"Der_LA_Person_Unique_Identifier_Pseudo,Der_Birth_Year,Der_Birth_Month,Gender,Client_Type,Primary_Support_Reason," +
			"Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Request_Route_of_Access,Service_Type,Service_Component," +
			"Delivery_Mechanism,Unit_Cost,Cost_Frequency_(Unit_Type),Planned_units_per_week,Review_Reason,Der_Unique_Record_ID",
		"E1,2023-04-01,2024-03-31,2024-04-20,7,L7,1950,3,Female,Service User,Mental Health Support,Service,2023-04-03,2023-05-03,Provision of service,,Long Term Support: Community,Home Care,Direct Payment,£21.50,Hourly,10.5,,R1"},
	{"a council's layout",
		"LA Code,Reporting Period Start Date,Reporting Period End Date,LA Person Unique Identifier,NHS Number," +
			"Date of Birth,Client Type,Event Type,Event Start Date,Event End Date,Event Outcome,Date of Death",
		"E06000001,2023-04-01,2023-06-30,456,9434765919,1950-01-17,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased,2023-04-05"},
}

// cldKind classes a CLD column for the battery's rule.
func cldKind(h string) string {
	k := strings.ToLower(strings.ReplaceAll(h, " ", "_"))
	switch {
	case strings.Contains(k, "date") || k == "importdate" || k == "date_of_death":
		return "date"
	case k == "unit_cost" || k == "planned_units_per_week":
		return "number"
	case k == "der_birth_year" || k == "der_birth_month":
		return "number"
	case k == "nhs_number":
		return "nhs"
	case k == "la_code" || strings.Contains(k, "identifier") || strings.Contains(k, "nhs_number") || k == "der_unique_record_id" || k == "la_name":
		return "text"
	}
	return "list"
}

// cldMustFlag says whether a value must be rejected or flagged as a
// finding in a column of that kind; either: it may go either way.
func cldMustFlag(kind, v string) int {
	s := trim(v)
	if !text(v) || strings.ContainsAny(s, "\t\r\n") {
		return yes
	}
	if s == "" || strings.EqualFold(s, "null") {
		return either // blank (a literal NULL is blank): mandatory or not, by column and event
	}
	switch kind {
	case "text":
		return either
	case "date":
		if isoDate(s) || pathwayDate(s) {
			return either // a valid date may still be out of its period
		}
		switch s {
		case "2025-1-1", "1899-12-31", "2101-01-01", "0000-01-01", "9999-12-31", "2025-01-01T24:00:00":
			return either
		}
		return yes
	case "number":
		if x, ok := plainNumber(strings.TrimPrefix(s, "£")); ok && x >= 0 && x < 1e9 {
			return either
		}
		switch s {
		case "1,234.50", "-0", "1e300", "huge":
			return either
		}
		return yes
	case "nhs":
		return yes // a hostile value is never a valid NHS number
	}
	// A defined list: nothing hostile is on one, but some spellings of
	// "not known" may be.
	switch s {
	case "NA", "null", "true", "123", "05", "+5", "-0", "0", "1e2", "1e-400", ".5", "5.":
		return either
	}
	return yes
}

func TestCLDRead(t *testing.T) {
	for _, lay := range cldLayouts {
		header := strings.Split(lay.header, ",")
		row := strings.Split(lay.row, ",")
		d, err := cld.Read(strings.NewReader(csvText(header, row)), cld.Options{})
		if err != nil || d.Report.Accepted != 1 || d.Report.FindingsTotal != 0 {
			t.Fatalf("%s: the valid row: %v %+v %v", lay.name, err, d.Report, d.Report.Findings)
		}
		n := 0
		for j, h := range header {
			for _, hv := range hostileValues {
				n++
				what := fmt.Sprintf("cld.Read (%s): column %s = %s (%q)", lay.name, h, hv.name, short(hv.v))
				var d *cld.Data
				var err error
				if safely(t, what, func() { d, err = cld.Read(strings.NewReader(csvText(header, with(row, j, hv.v))), cld.Options{}) }) {
					continue
				}
				if err != nil {
					reportf(t, "%s: the whole read failed: %v", what, err)
					continue
				}
				rep := d.Report
				if rep.Rows != 1 || rep.Accepted+rep.Rejected != rep.Rows || len(rep.Errors)+rep.ErrorsDropped != rep.Rejected {
					reportf(t, "%s: ACCOUNTING: %+v", what, rep)
				}
				flagged := false
				for _, e := range rep.Errors {
					// An end before its start is reported at the end.
					endCol := j+1 < len(header) && strings.Contains(header[j+1], "End")
					if e.Line != 2 || !(e.Column == j+1 || e.Column == 0 || endCol && e.Column == j+2) {
						reportf(t, "%s: UNLOCATED: rejection %v", what, e)
					}
					if e.Column == j+1 {
						flagged = true
					}
					var re *cld.RowError
					if !errors.As(error(e), &re) {
						reportf(t, "%s: rejection %v is not a *cld.RowError", what, e)
					}
				}
				for _, f := range rep.Findings {
					if f.Line != 2 {
						reportf(t, "%s: UNLOCATED: finding %v", what, f)
					}
					if f.Column == j+1 {
						flagged = true
					}
				}
				if rep.Accepted == 1 && !flagged && cldMustFlag(cldKind(h), hv.v) == yes {
					reportf(t, "%s: SILENTLY ACCEPTED: no rejection or finding names the column (findings %v)", what, rep.Findings)
				}
				if p := nonFinite(d.PlannedUnits); p != "" {
					reportf(t, "%s: NON-FINITE planned units %s", what, p)
				}
			}
		}
		fed("cld.Read ("+lay.name+")", n)
	}
}
