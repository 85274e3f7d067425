package cld

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// A small language for the SALT worked cases: one value per CLD row, in
// NHS England's layout, with a person's defaults (a service user born in
// June 1950, so 73 at 31 March 2024) and the year-end return of 2023/24
// imported on 20 April 2024.

type tr struct {
	la, imp, ps, pe          string
	nhs, local               string
	birth, death             string // birth "YYYY-MM"
	gender, eth, client, psr string
	accom, employ, carer     string
	typ, start, end, out     string
	route, svc, comp, deliv  string
	review                   string
}

const saltHeader = "LA_Code,LA_Name,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate," +
	"Der_Unique_Record_ID,Der_NHS_Number_Traced_Pseudo,Der_LA_Person_Unique_Identifier_Pseudo,Der_Birth_Year," +
	"Der_Birth_Month,Date_of_Death,Gender,Ethnicity,Client_Type,Primary_Support_Reason,Accommodation_Status," +
	"Employment_Status,Has_Unpaid_Carer,Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome," +
	"Request_Route_of_Access,Service_Type,Service_Component,Delivery_Mechanism,Review_Reason"

func base(typ, p, s, e, out string) tr {
	return tr{typ: typ, nhs: p, local: "L" + p, start: s, end: e, out: out, birth: "1950-06",
		client: "Service User", gender: "Female", eth: "White - Irish", psr: "Physical Support: Personal care support",
		accom: "Tenant", employ: "Unknown", carer: "No"}
}

// req, asm, svc and rev make a request, an assessment, a service and a
// review of person p (an NHS number pseudonym, the local id "L"+p).
func req(p, s, e, out, route string) tr {
	x := base("Request", p, s, e, out)
	x.route = route
	return x
}
func asm(p, s, e, out string) tr { return base("Assessment", p, s, e, out) }
func svc(p, s, e, t string) tr {
	x := base("Service", p, s, e, "")
	x.svc = t
	if e == "" {
		x.out = "Provision of service"
	} else {
		x.out = "Service ended as planned"
	}
	return x
}
func rev(p, s, e, out string) tr { return base("Review", p, s, e, out) }

func (x tr) at(la string) tr                { x.la = la; return x }
func (x tr) imported(t string) tr           { x.imp = t; return x }
func (x tr) period(s, e string) tr          { x.ps, x.pe = s, e; return x }
func (x tr) born(ym string) tr              { x.birth = ym; return x }
func (x tr) died(d string) tr               { x.death = d; return x }
func (x tr) withOut(o string) tr            { x.out = o; return x }
func (x tr) withRoute(r string) tr          { x.route = r; return x }
func (x tr) as(client string) tr            { x.client = client; return x }
func (x tr) noNHS() tr                      { x.nhs = ""; return x }
func (x tr) localID(l string) tr            { x.local = l; return x }
func (x tr) withPSR(v string) tr            { x.psr = v; return x }
func (x tr) withDelivery(v string) tr       { x.deliv = v; return x }
func (x tr) withGender(v string) tr         { x.gender = v; return x }
func (x tr) withEthnicity(v string) tr      { x.eth = v; return x }
func (x tr) withCarer(v string) tr          { x.carer = v; return x }
func (x tr) withAccommodation(v string) tr  { x.accom = v; return x }
func (x tr) withEmployment(v string) tr     { x.employ = v; return x }
func (x tr) withService(t, deliv string) tr { x.svc, x.deliv = t, deliv; return x }
func (x tr) dates(start, end string) tr     { x.start, x.end = start, end; return x }
func (x tr) withEventType(t string) tr      { x.typ = t; return x }
func (x tr) withReview(reason string) tr    { x.review = reason; return x }

func quoteCSV(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// cldFile writes the rows as a CLD file in NHS England's layout.
func cldFile(rows ...tr) string {
	var b strings.Builder
	b.WriteString(saltHeader)
	b.WriteByte('\n')
	for k, x := range rows {
		la, imp, ps, pe := x.la, x.imp, x.ps, x.pe
		if la == "" {
			la = "E1"
		}
		if imp == "" {
			imp = "2024-04-20"
		}
		if ps == "" {
			ps, pe = "2023-04-01", "2024-03-31"
		}
		by, bm := "", ""
		if x.birth != "" {
			by, bm = x.birth[:4], strings.TrimLeft(x.birth[5:], "0")
		}
		f := []string{la, "Council " + la, ps, pe, imp, strconv.Itoa(k + 1), x.nhs, x.local, by, bm, x.death,
			x.gender, x.eth, x.client, x.psr, x.accom, x.employ, x.carer, x.typ, x.start, x.end, x.out,
			x.route, x.svc, x.comp, x.deliv, x.review}
		for j, v := range f {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteCSV(v))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// readRows reads the rows; every row must be accepted.
func readRows(t *testing.T, rows ...tr) *Data {
	t.Helper()
	d := mustRead(t, cldFile(rows...), Options{})
	if d.Report.Rejected != 0 {
		t.Fatalf("rejected rows: %v", d.Report.Errors)
	}
	return d
}

// fy23 is the period of interest of the worked cases: 2023/24.
var fy23 = FinancialYear(2023)

func day(s string) Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return pathway.DateOf(t)
}

// count returns a table's all-councils count of a cell, failing on an
// unknown label.
func count(t *testing.T, tb *Table, row, col string) int {
	t.Helper()
	n, ok := tb.Count(row, col)
	if !ok {
		t.Fatalf("%s %s: no cell %q × %q", tb.Measure, tb.Name, row, col)
	}
	return n
}

// stepRemoved returns what the step whose rule contains s removed.
func stepRemoved(t *testing.T, log []Step, s string) int {
	t.Helper()
	for _, st := range log {
		if strings.Contains(st.Rule, s) {
			return st.Removed()
		}
	}
	t.Fatalf("no step %q in %v", s, log)
	return 0
}
