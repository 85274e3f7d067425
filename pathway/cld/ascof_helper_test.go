package cld

import (
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// acr is one hand-written CLD row of a worked case, in NHS England's
// view. Zero fields take the defaults of cldRows: council E1, the year-end
// return of 2023/24 imported on 2024-04-20, born June 1950, a male service
// user in his own home.
type acr struct {
	la         string // LA_Code
	imp        string // ImportDate
	ps, pe     string // reporting period
	nhs, local string // person ids ("-" for none)
	by, bm     string // birth year and month ("-" for none)
	death      string
	gender     string
	accom      string
	client     string
	typ        string // Event_Type
	start, end string
	outcome    string
	route      string
	st         string // Service_Type
	comp       string // Service_Component
	dm         string // Delivery_Mechanism
}

var acHeader = []string{"LA_Code", "LA_Name", "Reporting_Period_Start_Date", "Reporting_Period_End_Date", "ImportDate",
	"Der_NHS_Number_Traced_Pseudo", "Der_LA_Person_Unique_Identifier_Pseudo", "Der_Birth_Year", "Der_Birth_Month",
	"Date_of_Death", "Gender", "Accommodation_Status", "Client_Type", "Event_Type", "Event_Start_Date", "Event_End_Date",
	"Event_Outcome", "Request_Route_of_Access", "Service_Type", "Service_Component", "Delivery_Mechanism"}

func acOr(s, def string) string {
	switch s {
	case "":
		return def
	case "-":
		return ""
	}
	return s
}

// acText writes rows as a CLD file.
func acText(rows []acr) string {
	var b strings.Builder
	b.WriteString(strings.Join(acHeader, ",") + "\n")
	for _, r := range rows {
		f := []string{acOr(r.la, "E1"), "Council " + acOr(r.la, "E1"), acOr(r.ps, "2023-04-01"), acOr(r.pe, "2024-03-31"),
			acOr(r.imp, "2024-04-20 10:00:00"), acOr(r.nhs, "N1"), acOr(r.local, "L1"), acOr(r.by, "1950"), acOr(r.bm, "6"),
			acOr(r.death, ""), acOr(r.gender, "Male"), acOr(r.accom, "Owner occupier or shared ownership scheme"), acOr(r.client, "Service User"),
			acOr(r.typ, ""), acOr(r.start, ""), acOr(r.end, ""), acOr(r.outcome, ""), acOr(r.route, ""), acOr(r.st, ""), acOr(r.comp, ""), acOr(r.dm, "")}
		for k, v := range f {
			if strings.ContainsAny(v, ",\"") {
				f[k] = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
		}
		b.WriteString(strings.Join(f, ",") + "\n")
	}
	return b.String()
}

// acRead reads hand-written rows and fails on any rejected row.
func acRead(t *testing.T, rows []acr) *Data {
	t.Helper()
	d, err := Read(strings.NewReader(acText(rows)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Report.Rejected > 0 {
		t.Fatalf("rejected rows: %v", d.Report.Errors)
	}
	return d
}

func acDay(y int, m time.Month, dd int) Date { return pathway.NewDate(y, m, dd) }

var acFY = FinancialYear(2023)

// Defined-list spellings used by the cases.
const (
	lResidential = "Long Term Support: Residential Care"
	lNursing     = "Long Term Support: Nursing Care"
	lCommunity   = "Long Term Support: Community"
	lPrison      = "Long Term Support: Prison"
	lSTMax       = "Short Term Support: ST-Max"
	lLowLevel    = "Short Term Support: Ongoing Low Level"
	lSTOther     = "Short Term Support: Other Short Term"
	lCarerDirect = "Carer Support: Direct to Carer"
	lCaredFor    = "Carer Support: Support involving the person cared-for"
	lDP          = "Direct Payment"
	lCMPB        = "CASSR Managed Personal Budget"
	lComm        = "CASSR Commissioned Support"
	lHomeCare    = "Home Care"
	lRespite     = "Carer Respite"
)

// row returns the table row of a council, measure and disaggregation or
// fails.
func acRow(t *testing.T, tb *ASCOFTable, code, measure, dis string) *ASCOFRow {
	t.Helper()
	r := tb.Row(code, measure, dis)
	if r == nil {
		t.Fatalf("no row %s %s %s", code, measure, dis)
	}
	return r
}

// want checks a row's numerator and denominator.
func acWant(t *testing.T, tb *ASCOFTable, code, measure, dis string, num, den int64) {
	t.Helper()
	r := acRow(t, tb, code, measure, dis)
	if r.Numerator != num || r.Denominator != den {
		t.Errorf("%s %s %s: %d / %d, want %d / %d", code, measure, dis, r.Numerator, r.Denominator, num, den)
	}
}

// step returns the Removed count of the step whose text starts with
// prefix, or fails.
func acStep(t *testing.T, steps []Step, prefix string) int {
	t.Helper()
	for _, s := range steps {
		if strings.HasPrefix(s.Rule, prefix) {
			return s.Removed()
		}
	}
	t.Fatalf("no step %q", prefix)
	return 0
}
