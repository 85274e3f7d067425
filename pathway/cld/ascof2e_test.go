package cld

import (
	"testing"
)

// TestASCOF2EWorked is a worked case of ASCOF 2E, one person per rule;
// rows are in the year-end return imported 2024-04-20 unless said.
//
//	N1  male, community since 2022, owner occupier (settled)          → M den, num
//	N2  female, residential, registered care home                     → F den
//	N3  male: community to 2023-08-31 as a tenant, then residential
//	    from 2023-09-01 in a care home: the latest start's status      → M den
//	N4  female: two rows on the latest start, Unknown and Tenant:
//	    the known one                                                  → F den, num
//	N5  male: two rows on the latest start, Tenant and care home:
//	    conflicting, so Unknown                                        → M den
//	N6  gender Unknown                                                 → in no part (not in Total)
//	N7  one row Male (tenant) and one Female (care home) on the
//	    latest start: in both genders, once in the Total, settled as male → M den, num; F den
//	N8  died 2023-03-15, before the period                             → out
//	N9  male, died 2023-10-01 (in the period), owner occupier          → M den, num
//	N10 male, community ended 2023-03-01 (before the period)           → out
//	N11 male, a review carrying Service_Type community (no event-type
//	    filter in the code), tenant                                     → M den, num
//	N12 male, only in an earlier year-end import (2024-04-10)          → out (not the latest submission)
//	N13 male, on the latest start an invalid status and Unknown: the
//	    invalid one counts as known, and is not settled                → M den
//	N14 a carer with community support                                 → out
//	N15 male, blank accommodation                                      → M den
//	N16 male, ST-Max                                                   → out (type)
//
// Male: den N1 N3 N5 N7 N9 N11 N13 N15 = 8, num N1 N7 N9 N11 = 4.
// Female: den N2 N4 N7 = 3, num N4 = 1. Total: den 10, num 5.
func TestASCOF2EWorked(t *testing.T) {
	c := func(nhs, gender, accom string) acr {
		return acr{nhs: nhs, local: "L" + nhs[1:], gender: gender, accom: accom, typ: "Service", st: lCommunity,
			comp: lHomeCare, dm: lComm, start: "2022-01-01"}
	}
	with := func(r acr, f func(*acr)) acr { f(&r); return r }
	const (
		owner    = "Owner occupier or shared ownership scheme"
		tenant   = "Tenant"
		carehome = "Registered care home"
	)
	rows := []acr{
		c("N1", "Male", owner),
		with(c("N2", "Female", carehome), func(r *acr) { r.st, r.start = lResidential, "2023-05-01" }),
		with(c("N3", "Male", tenant), func(r *acr) { r.end = "2023-08-31" }),
		with(c("N3", "Male", carehome), func(r *acr) { r.st, r.start = lResidential, "2023-09-01" }),
		with(c("N4", "Female", "Unknown"), func(r *acr) { r.start = "2023-06-01" }),
		with(c("N4", "Female", tenant), func(r *acr) { r.start, r.comp = "2023-06-01", "Day Care" }),
		with(c("N5", "Male", tenant), func(r *acr) { r.start = "2023-06-01" }),
		with(c("N5", "Male", carehome), func(r *acr) { r.start, r.comp = "2023-06-01", "Day Care" }),
		c("N6", "Unknown", owner),
		with(c("N7", "Male", tenant), func(r *acr) { r.start = "2023-06-01" }),
		with(c("N7", "Female", carehome), func(r *acr) { r.start, r.comp = "2023-06-01", "Day Care" }),
		with(c("N8", "Male", owner), func(r *acr) { r.death = "2023-03-15" }),
		with(c("N9", "Male", owner), func(r *acr) { r.death, r.end = "2023-10-01", "2023-10-01" }),
		with(c("N10", "Male", owner), func(r *acr) { r.end = "2023-03-01" }),
		with(c("N11", "Male", tenant), func(r *acr) { r.typ, r.start, r.end = "Review", "2023-07-01", "2023-07-02" }),
		with(c("N12", "Male", owner), func(r *acr) { r.imp = "2024-04-10 09:00:00" }),
		with(c("N13", "Male", "Own home"), func(r *acr) { r.start = "2023-06-01" }),
		with(c("N13", "Male", "Unknown"), func(r *acr) { r.start, r.comp = "2023-06-01", "Day Care" }),
		with(c("N14", "Male", owner), func(r *acr) { r.client = "Carer" }),
		c("N15", "Male", "-"),
		with(c("N16", "Male", owner), func(r *acr) { r.st = lSTMax }),
	}
	d := acRead(t, rows)
	tb, err := ASCOF2E(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, tb, "E1", "2E", "Male", 4, 8)
	acWant(t, tb, "E1", "2E", "Female", 1, 3)
	acWant(t, tb, "E1", "2E", "Total", 5, 10)
	if r := acRow(t, tb, "E1", "2E", "Total"); r.Outcome != defined(50) {
		t.Errorf("outcome %v, want 50.0", r.Outcome)
	}
	if r := acRow(t, tb, "", "2E", "Female"); r.Numerator != 1 || r.Denominator != 3 || r.Outcome.String() != "33.3" {
		t.Errorf("all councils, female: %+v", r)
	}
	for _, s := range []struct {
		prefix string
		n      int
	}{
		{"latest submission of each council", 1},  // N12
		{"service type is long-term nursing", 1},  // N16
		{"event overlaps the period", 1},          // N10
		{"no date of death before the period", 1}, // N8
		{"client type is Service User", 1},        // N14
		{"gender Male or Female", 1},              // N6
	} {
		if got := acStep(t, tb.Steps, s.prefix); got != s.n {
			t.Errorf("step %q removed %d, want %d", s.prefix, got, s.n)
		}
	}
	if len(tb.Notes) != 1 || tb.Notes[0][:2] != "1 " {
		t.Errorf("notes %q, want one conflicting status (N5)", tb.Notes)
	}
	// the window: imports after 2024-04-15 are outside it, so the earlier
	// year-end import is the latest: only N12 is counted
	tb, err = ASCOF2E(d, acFY, MeasureOptions{Window: Window{By: acDay(2024, 4, 15)}})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, tb, "E1", "2E", "Total", 1, 1)
}

// TestASCOF2ENoClients: a council without clients has 0 / 0 and an
// undefined outcome, never NaN.
func TestASCOF2ENoClients(t *testing.T) {
	d := acRead(t, []acr{{typ: "Request", start: "2023-06-01", route: "Community / Other route"}})
	tb, err := ASCOF2E(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := acRow(t, tb, "E1", "2E", "Total")
	if r.Numerator != 0 || r.Denominator != 0 || r.Outcome.Defined() || r.Outcome.String() != "undefined" {
		t.Errorf("%+v", r)
	}
}
