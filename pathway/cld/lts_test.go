package cld

import (
	"slices"
	"strings"
	"testing"
)

const (
	psrPersonal = "Physical Support: Personal care support"
	psrMH       = "Mental Health Support"
	psrLD       = "Learning Disability Support"
	dp          = "Direct Payment"
	managed     = "CASSR Managed Personal Budget"
	commission  = "CASSR Commissioned Support"
)

// people renders a result's people as "table|row|col" (with the council
// when it is not E1).
func people(r *LTSResult) []string {
	var out []string
	for _, p := range r.People {
		t := r.Tables[p.Table]
		s := t.Name + "|" + t.Rows[p.Row] + "|" + t.Cols[p.Col]
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

type ltsCase struct {
	name string
	rows []tr
	opt  MeasureOptions
	want []string // "table|row|col", one per person counted in a table
}

func runLTS(t *testing.T, f func(*Data, Period, MeasureOptions) (*LTSResult, error), cases []ltsCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := readRows(t, c.rows...)
			res, err := f(d, fy23, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := people(res)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("people\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
			// every table counts its people in their cells
			n := 0
			for _, tb := range res.Tables {
				for _, b := range tb.Councils {
					for _, v := range b.Cells {
						n += v
					}
				}
			}
			if n != len(res.People) {
				t.Errorf("tables count %d people, the list has %d", n, len(res.People))
			}
		})
	}
}

// lt is a long-term service of person p during the year.
func lt(p, start, end, t string) tr { return svc(p, start, end, t) }

// TestLTS001aWorked: people with long-term support during 2023/24 (born
// June 1950 unless said: 65 and over on 31 March 2024), one case per rule.
func TestLTS001aWorked(t *testing.T) {
	runLTS(t, LTS001a, []ltsCase{
		{"the setting hierarchy: residential beats community; a direct payment beats commissioned support",
			[]tr{lt("p1", "2023-05-01", "", ltComm).withDelivery(dp), lt("p1", "2023-06-01", "", ltRes),
				lt("p2", "2023-05-01", "", ltComm).withDelivery(commission), lt("p2", "2023-06-01", "", ltComm).withDelivery(dp)}, MeasureOptions{},
			[]string{"Table 1b|" + psrPersonal + "|Residential", "Table 1b|" + psrPersonal + "|Community: Direct Payment"}},
		{"delivery mechanisms the code blanks: prison by direct payment is Prison; nursing by direct payment is Nursing; community with none is Community",
			[]tr{lt("p1", "2023-05-01", "", ltPrison).withDelivery(dp), lt("p2", "2023-05-01", "", ltNursing).withDelivery(dp),
				lt("p3", "2023-05-01", "", ltComm), lt("p4", "2023-05-01", "", ltPrison).withDelivery(managed)}, MeasureOptions{},
			[]string{"Table 1b|" + psrPersonal + "|Prison", "Table 1b|" + psrPersonal + "|Nursing", "Table 1b|" + psrPersonal + "|Community",
				"Table 1b|" + psrPersonal + "|Prison: CASSR Managed Personal Budget"}},
		{"the period: ended 31 March 2023 or starting 1 April 2024 are out; open since 2020 or ending 1 April 2023 are in",
			[]tr{lt("p1", "2022-01-01", "2023-03-31", ltComm), lt("p2", "2024-04-01", "", ltComm), lt("p3", "2020-01-01", "", ltComm),
				lt("p4", "2022-01-01", "2023-04-01", ltComm)}, MeasureOptions{},
			[]string{"Table 1b|" + psrPersonal + "|Community", "Table 1b|" + psrPersonal + "|Community"}},
		{"death before the period start is out, in the period in",
			[]tr{lt("p1", "2022-01-01", "", ltComm).died("2023-03-31"), lt("p2", "2022-01-01", "2023-05-01", ltComm).died("2023-05-01")}, MeasureOptions{},
			[]string{"Table 1b|" + psrPersonal + "|Community"}},
		{"age bands at 31 March 2024: March 2006 (18) and April 1959 (64) in Table 1a, April 2006 (17) in neither, March 1959 (65) in Table 1b",
			[]tr{lt("p1", "2023-05-01", "", ltComm).born("2006-03"), lt("p2", "2023-05-01", "", ltComm).born("2006-04"),
				lt("p3", "2023-05-01", "", ltComm).born("1959-03"), lt("p4", "2023-05-01", "", ltComm).born("1959-04")}, MeasureOptions{},
			[]string{"Table 1a|" + psrPersonal + "|Community", "Table 1b|" + psrPersonal + "|Community", "Table 1a|" + psrPersonal + "|Community"}},
		{"primary support reason: a known one beats Unknown though it started earlier; of known ones the latest start; a tie that disagrees is Unknown",
			[]tr{lt("p1", "2023-05-01", "", ltComm).withPSR(psrMH), lt("p1", "2023-06-01", "", ltComm).withPSR("Unknown"),
				lt("p2", "2023-05-01", "", ltComm).withPSR(psrMH), lt("p2", "2023-06-01", "", ltComm).withPSR(psrLD),
				lt("p3", "2023-05-01", "", ltComm).withPSR(psrMH), lt("p3", "2023-05-01", "2023-09-01", ltComm).withPSR(psrLD)}, MeasureOptions{},
			[]string{"Table 1b|" + psrMH + "|Community", "Table 1b|" + psrLD + "|Community", "Table 1b|Unknown|Community"}},
		{"primary support reason: only the first setting's rows count; blank is Invalid/NULL",
			[]tr{lt("p1", "2023-05-01", "", ltRes).withPSR(""), lt("p1", "2023-06-01", "", ltComm).withPSR(psrMH)}, MeasureOptions{},
			[]string{"Table 1b|Invalid/NULL|Residential"}},
		{"latest submission: the earlier import is set aside, so a service only it shows is not counted",
			[]tr{lt("p1", "2023-05-01", "", ltComm).imported("2024-04-10"), lt("p2", "2023-05-01", "", ltComm).imported("2024-04-10"),
				lt("p1", "2023-05-01", "", ltComm).imported("2024-04-25")}, MeasureOptions{},
			[]string{"Table 1b|" + psrPersonal + "|Community"}},
		{"the window: imports after 1 May 2024 are left out, so the earlier import is the latest",
			[]tr{lt("p1", "2023-05-01", "", ltComm).imported("2024-04-10"), lt("p2", "2023-05-01", "", ltComm).imported("2024-04-10"),
				lt("p1", "2023-05-01", "", ltComm).imported("2024-05-02")}, MeasureOptions{Window: Window{By: day("2024-05-01")}},
			[]string{"Table 1b|" + psrPersonal + "|Community", "Table 1b|" + psrPersonal + "|Community"}},
		{"the person rule: a row with only a local id that another row carries with the NHS number is removed; a person without any NHS number is keyed by the local id",
			[]tr{lt("p1", "2023-05-01", "", ltComm), lt("p1", "2023-06-01", "", ltRes).noNHS(), lt("p2", "2023-05-01", "", ltRes).noNHS()}, MeasureOptions{},
			[]string{"Table 1b|" + psrPersonal + "|Community", "Table 1b|" + psrPersonal + "|Residential"}},
		{"not counted: a carer, a short-term service",
			[]tr{lt("p1", "2023-05-01", "", ltComm).as("Carer"), svc("p2", "2023-05-01", "", stMax)}, MeasureOptions{}, nil},
	})
}

// TestLTS001aCouncils: a person at two councils counts at each, once in
// all councils together.
func TestLTS001aCouncils(t *testing.T) {
	d := readRows(t, lt("p1", "2023-05-01", "", ltComm), lt("p1", "2023-05-01", "", ltRes).at("E2"), lt("p2", "2023-05-01", "", ltComm))
	res, err := LTS001a(d, fy23, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Table("Table 1b")
	e1, e2 := tb.Council("E1"), tb.Council("E2")
	if e1.Total != 2 || e2.Total != 1 || tb.All.Total != 2 {
		t.Errorf("totals E1 %d E2 %d all %d; want 2, 1 and 2 (p1 counted once)", e1.Total, e2.Total, tb.All.Total)
	}
	// p1 is in both settings' cells of the all-councils block
	if c := count(t, tb, psrPersonal, "Community"); c != 2 {
		t.Errorf("all councils, community: %d, want 2", c)
	}
	if c := count(t, tb, psrPersonal, "Residential"); c != 1 {
		t.Errorf("all councils, residential: %d, want 1", c)
	}
	if r, _ := tb.RowTotal(psrPersonal); r != 2 {
		t.Errorf("row total %d, want 2", r)
	}
}

// TestLTS001bWorked: people with long-term support at the snapshot, 31
// March 2024.
func TestLTS001bWorked(t *testing.T) {
	p := func(s string) string { return "Table 1b|" + psrPersonal + "|" + s }
	t2 := func(s string) string { return "Table 2|" + s + "|Community" }
	t3b := func(s string) string { return "Table 3b|" + s + "|Community" }
	irish := "White - Irish"
	base := func() []string { return []string{p("Community"), t2("No"), t3b(irish)} }
	cases := []ltsCase{
		{"the snapshot: ending 30 March 2024 or dying that day is out; ending on 31 March, open, or dying on 31 March is in",
			[]tr{lt("p1", "2023-05-01", "2024-03-30", ltComm), lt("p2", "2023-05-01", "2024-03-31", ltComm), lt("p3", "2023-05-01", "", ltComm).died("2024-03-30"),
				lt("p4", "2023-05-01", "2024-03-31", ltComm).died("2024-03-31")}, MeasureOptions{},
			append(base(), base()...)},
		{"support from carer: Unknown is reported as Invalid/NULL (the code's reference table has no Unknown); a known answer beats it; a tie that disagrees is Unknown",
			[]tr{lt("p1", "2023-05-01", "", ltComm).withCarer("Unknown"), lt("p2", "2023-05-01", "", ltComm).withCarer("Unknown"),
				lt("p2", "2023-04-01", "", ltComm).withCarer("Yes"), lt("p3", "2023-05-01", "", ltComm).withCarer("Yes"), lt("p3", "2023-05-01", "", ltComm)},
			MeasureOptions{},
			[]string{p("Community"), p("Community"), p("Community"), t2("Invalid/NULL"), t2("Yes"), t2("Unknown"), t3b(irish), t3b(irish), t3b(irish)}},
		{"ethnicity: Refused is a known value and beats an earlier one; Not known loses to a known one; a tie that disagrees is Not known; an invalid value is Invalid/NULL",
			[]tr{lt("p1", "2023-05-01", "", ltComm).withEthnicity("No data - Refused"), lt("p1", "2023-04-01", "", ltComm),
				lt("p2", "2023-05-01", "", ltComm).withEthnicity("No data - Undeclared or Not known"), lt("p2", "2023-04-01", "", ltComm),
				lt("p3", "2023-05-01", "", ltComm).withEthnicity("White - Roma"), lt("p3", "2023-05-01", "", ltComm),
				lt("p4", "2023-05-01", "", ltComm).withEthnicity("Martian")},
			MeasureOptions{},
			[]string{p("Community"), p("Community"), p("Community"), p("Community"), t2("No"), t2("No"), t2("No"), t2("No"),
				t3b("No data - Refused"), t3b(irish), t3b("No data - Undeclared or Not known"), t3b("Invalid/NULL")}},
		{"gender: a man in Table 3a; other and unknown gender in Table 3c; an invalid gender in none of Table 3",
			[]tr{lt("p1", "2023-05-01", "", ltComm).withGender("Male"), lt("p2", "2023-05-01", "", ltComm).withGender("Other"),
				lt("p3", "2023-05-01", "", ltComm).withGender("Unknown"), lt("p4", "2023-05-01", "", ltComm).withGender("X")},
			MeasureOptions{},
			[]string{p("Community"), p("Community"), p("Community"), p("Community"), t2("No"), t2("No"), t2("No"), t2("No"),
				"Table 3a|" + irish + "|Community", "Table 3c|Other / Unknown gender|Clients", "Table 3c|Other / Unknown gender|Clients"}},
		{"Table 2 and Table 3 take every age; Tables 1a and 1b do not take those under 18",
			[]tr{lt("p1", "2023-05-01", "", ltComm).born("2010-01")}, MeasureOptions{},
			[]string{t2("No"), t3b(irish)}},
	}
	runLTS(t, LTS001b, cases)
}

// TestLTS001cWorked: of the people at the snapshot (31 March 2024), those
// in long-term support for more than 12 months: a chain of services
// (gaps of at most a day) starting before 31 March 2023.
func TestLTS001cWorked(t *testing.T) {
	c := func(s string) string { return "Table 1b|" + psrPersonal + "|" + s }
	runLTS(t, LTS001c, []ltsCase{
		{"open since 2022 is in; since 31 March 2023 is not (the code's strict 'before'); since 30 March 2023 is",
			[]tr{lt("p1", "2022-01-01", "", ltComm), lt("p2", "2023-03-31", "", ltComm), lt("p3", "2023-03-30", "", ltComm)}, MeasureOptions{},
			[]string{c("Community"), c("Community")}},
		{"a chain: residential to June 2023, community from 1 July (a day's gap): the community service is counted",
			[]tr{lt("p1", "2022-01-01", "2023-06-30", ltRes), lt("p1", "2023-07-01", "", ltComm)}, MeasureOptions{},
			[]string{c("Community")}},
		{"a two-day gap breaks the chain: the new chain started in July 2023",
			[]tr{lt("p1", "2022-01-01", "2023-06-30", ltRes), lt("p1", "2023-07-02", "", ltComm)}, MeasureOptions{}, nil},
		{"a service ending before the snapshot is not counted even in a long chain",
			[]tr{lt("p1", "2022-01-01", "2024-03-30", ltComm)}, MeasureOptions{}, nil},
		{"the gap is measured from the previous service only (the code's LAG): commissioned community 2022–2024 (long), ST 1–10 March 2022, direct payment from May 2023: the direct payment starts a chain of its own, so only the commissioned support counts",
			[]tr{lt("p1", "2022-01-01", "2024-12-31", ltComm).withDelivery(commission), lt("p1", "2022-03-01", "2022-03-10", ltComm).withDelivery(commission),
				lt("p1", "2023-05-01", "", ltComm).withDelivery(dp)}, MeasureOptions{},
			[]string{c("Community: CASSR Commissioned Support")}},
		{"the run date: run on 1 March 2024, an open service ends then, before the snapshot",
			[]tr{lt("p1", "2022-01-01", "", ltComm)}, MeasureOptions{RunDate: day("2024-03-01")}, nil},
		{"the 12-month date is a parameter: chains before 1 April 2023 (the notes' proxy)",
			[]tr{lt("p1", "2023-03-31", "", ltComm)}, MeasureOptions{ChainStartBefore: day("2023-04-02")},
			[]string{c("Community")}},
	})
}

// TestLTS003Worked: carers supported during 2023/24.
func TestLTS003Worked(t *testing.T) {
	carer := func(x tr) tr { return x.as("Carer").born("1980-06").withPSR("Social Support: Support to Carer") }
	direct := func(p, deliv string) tr {
		return carer(svc(p, "2023-05-01", "", "Carer Support: Direct to Carer").withDelivery(deliv))
	}
	const age = "Carer aged 26-64"
	runLTS(t, LTS003, []ltsCase{
		{"support direct to the carer by delivery mechanism; support involving the person cared for",
			[]tr{direct("p1", dp), direct("p2", managed), direct("p3", commission), direct("p4", ""),
				carer(svc("p5", "2023-05-01", "", "Carer Support: Support involving the person cared-for"))}, MeasureOptions{},
			[]string{"Table 1|Direct Payment only|" + age, "Table 1|CASSR Managed Personal Budget|" + age, "Table 1|CASSR Commissioned Support only|" + age,
				"Table 1|Support Direct to Carer: Unknown Delivery Mech|" + age, "Table 1|No Direct Support Provided to Carer|" + age}},
		{"assessments and reviews: signposting is information and advice, anything else (or nothing) no direct support; a signposting request is information and advice; any other request is not a carer's support",
			[]tr{carer(asm("p1", "2023-05-01", "2023-05-02", nfaInfo)), carer(asm("p2", "2023-05-01", "2023-05-02", toPlanning)),
				carer(rev("p3", "2023-05-01", "", "")), carer(req("p4", "2023-05-01", "2023-05-02", nfaInfo, community)),
				carer(req("p5", "2023-05-01", "2023-05-02", toAssess, community))}, MeasureOptions{},
			[]string{"Table 1|Information, Advice and Other Universal Services / Signposting|" + age, "Table 1|No Direct Support Provided to Carer|" + age,
				"Table 1|No Direct Support Provided to Carer|" + age, "Table 1|Information, Advice and Other Universal Services / Signposting|" + age}},
		{"the hierarchy: a carer assessed (no direct support) and paid a direct payment counts once, under the direct payment",
			[]tr{carer(asm("p1", "2023-04-10", "2023-04-20", toPlanning)), direct("p1", dp)}, MeasureOptions{},
			[]string{"Table 1|Direct Payment only|" + age}},
		{"a service event without service type, ending in signposting, passes the filter but has no category",
			[]tr{carer(svc("p1", "2023-05-01", "2023-05-02", "").withOut(nfaInfo))}, MeasureOptions{}, nil},
		{"carers known by association count; service users, and events before the period, do not",
			[]tr{direct("p1", dp).as("Carer known by association"), direct("p2", dp).as("Service User"),
				carer(asm("p3", "2023-01-01", "2023-03-31", nfaInfo))}, MeasureOptions{},
			[]string{"Table 1|Direct Payment only|" + age}},
		{"age bands at 31 March 2024: June 1999 is 24 (18-25); June 1958 is 65 (65-84); unknown birth",
			[]tr{direct("p1", dp).born("1999-06"), direct("p2", dp).born("1958-06"), direct("p3", dp).born("")}, MeasureOptions{},
			[]string{"Table 1|Direct Payment only|Carer aged 18-25", "Table 1|Direct Payment only|Carer aged 65-84", "Table 1|Direct Payment only|Unknown"}},
	})
}

// TestLTS004Worked: working-age clients with a learning disability on
// long-term support in 2023/24 (born June 1980: 43).
func TestLTS004Worked(t *testing.T) {
	ld := func(p, start string) tr {
		return lt(p, start, "", ltComm).withPSR(psrLD).born("1980-06").withEmployment("Paid: 16 or more hours a week")
	}
	const f = "|Female"
	paid := "Table 1|Paid: 16 or more hours a week" + f
	tenant := "Table 2a|Tenant" + f
	runLTS(t, LTS004, []ltsCase{
		{"a client: employment and accommodation by gender",
			[]tr{ld("p1", "2023-05-01")}, MeasureOptions{}, []string{paid, tenant}},
		{"not counted: another primary support reason, 65, 17, an assessment row; a prison service is",
			[]tr{ld("p1", "2023-05-01").withPSR(psrMH), ld("p2", "2023-05-01").born("1959-03"), ld("p3", "2023-05-01").born("2006-04"),
				ld("p4", "2023-05-01").withEventType("Assessment"), lt("p5", "2023-05-01", "", ltPrison).withPSR(psrLD).born("1980-06").withEmployment("Paid: 16 or more hours a week")},
			MeasureOptions{}, []string{paid, tenant}},
		{"the latest start first: Unknown on the later service beats seeking work on the earlier one",
			[]tr{ld("p1", "2022-01-01").withEmployment("Not in Paid Employment (seeking work)"), ld("p1", "2023-06-01").withEmployment("Unknown")},
			MeasureOptions{}, []string{"Table 1|Unknown" + f, tenant}},
		{"the same start: a known status beats Unknown; two known ones that disagree are Unknown",
			[]tr{ld("p1", "2023-06-01").withEmployment("Unknown"), ld("p1", "2023-06-01"),
				ld("p2", "2023-06-01"), ld("p2", "2023-06-01").withEmployment("Not in Paid Employment (voluntary work only)")},
			MeasureOptions{}, []string{paid, "Table 1|Unknown" + f, tenant, tenant}},
		{"no valid employment status on any row: NULL/Invalid; a valid one on some row wins",
			[]tr{ld("p1", "2023-06-01").withEmployment(""), ld("p2", "2023-06-01").withEmployment("Retired"), ld("p2", "2022-06-01")},
			MeasureOptions{}, []string{"Table 1|NULL/Invalid" + f, paid, tenant, tenant}},
		{"a client at two councils counts only where the latest service started (the code ranks across councils)",
			[]tr{ld("p1", "2023-01-01"), ld("p1", "2023-06-01").at("E2")},
			MeasureOptions{}, []string{paid, tenant}},
		{"unsettled accommodation and Unknown go to Table 2b; blank to the NULL/Invalid table",
			[]tr{ld("p1", "2023-06-01").withAccommodation("Registered care home"), ld("p2", "2023-06-01").withAccommodation("Unknown"),
				ld("p3", "2023-06-01").withAccommodation("")},
			MeasureOptions{}, []string{paid, paid, paid, "Table 2b|Registered care home" + f, "Table 2b|Unknown" + f, "Table 2 (NULL/Invalid)|NULL/Invalid" + f}},
		{"rows that disagree on gender count under each",
			[]tr{ld("p1", "2023-06-01"), ld("p1", "2023-06-01").withGender("Male")},
			MeasureOptions{}, []string{paid, "Table 1|Paid: 16 or more hours a week|Male", tenant, "Table 2a|Tenant|Male"}},
	})
}
