package cld

import "testing"

// TestASCOF3DClientsWorked is a worked case of ASCOF 3D's service-user
// parts at the snapshot 2024-03-31. Default birth June 1950 (73: 65 and
// over).
//
//	N1  community, direct payment (mechanism)                  → den, 1a, 2a
//	N2  community, commissioned, component direct payment      → den, 1a, 2a (ranks as a direct payment)
//	N3  community, CASSR managed personal budget               → den, 1a
//	N4  community, commissioned                                → den
//	N5  community by direct payment and residential care, both
//	    open on the snapshot: residential ranks first           → out
//	N6  community by direct payment ended 2024-03-30           → out (not open on the snapshot)
//	N7  community commissioned (5) and prison (9)              → den
//	N8  born April 1959: 64 on 2024-03-31, direct payment      → den, 1a, 2a; 18 to 64
//	N9  born March 1959: 65, commissioned                      → den; 65 and over
//	N10 born January 2008: 16, direct payment                  → den, 1a, 2a in the Total only
//	N11 died 2024-03-30                                        → out
//	N12 no birth year and month                                → out
//	N13 residential and community (unknown mechanism) at E1,
//	    community (unknown mechanism) at E2: the code joins the
//	    lowest rank back on the person only, so E1's community
//	    row (rank 6) matches E2's lowest rank                    → den at E1 and at E2
//	N14 community, mechanism outside the list: blanked          → den
//	N15 prison by direct payment (not in the reference table)  → out
//
// E1 Total: den N1 N2 N3 N4 N7 N8 N9 N10 N13 N14 = 10; 1a N1 N2 N3 N8
// N10 = 5; 2a N1 N2 N8 N10 = 4. 18 to 64: N8: 1, 1, 1. 65 and over:
// den N1 N2 N3 N4 N7 N9 N13 N14 = 8, 1a N1 N2 N3 = 3, 2a N1 N2 = 2.
// E2: den 1 (N13), numerators 0.
func TestASCOF3DClientsWorked(t *testing.T) {
	c := func(nhs, dm string) acr {
		return acr{nhs: nhs, local: "L" + nhs[1:], typ: "Service", st: lCommunity, comp: lHomeCare, dm: dm, start: "2023-01-01"}
	}
	with := func(r acr, f func(*acr)) acr { f(&r); return r }
	rows := []acr{
		c("N1", lDP),
		with(c("N2", lComm), func(r *acr) { r.comp = lDP }),
		c("N3", lCMPB),
		c("N4", lComm),
		c("N5", lDP),
		with(c("N5", "-"), func(r *acr) { r.st, r.comp = lResidential, "Long Term Residential Care" }),
		with(c("N6", lDP), func(r *acr) { r.end = "2024-03-30" }),
		c("N7", lComm),
		with(c("N7", "-"), func(r *acr) { r.st = lPrison }),
		with(c("N8", lDP), func(r *acr) { r.by, r.bm = "1959", "4" }),
		with(c("N9", lComm), func(r *acr) { r.by, r.bm = "1959", "3" }),
		with(c("N10", lDP), func(r *acr) { r.by, r.bm = "2008", "1" }),
		with(c("N11", lDP), func(r *acr) { r.death = "2024-03-30" }),
		with(c("N12", lDP), func(r *acr) { r.by, r.bm = "-", "-" }),
		with(c("N13", "-"), func(r *acr) { r.st = lResidential }),
		c("N13", "-"),
		with(c("N13", "-"), func(r *acr) { r.la = "E2" }),
		c("N14", "Personal budget"),
		with(c("N15", lDP), func(r *acr) { r.st = lPrison }),
	}
	d := acRead(t, rows)
	tb, err := ASCOF3D(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		code, m, dis string
		num, den     int64
	}{
		{"E1", "3D1a", "Total", 5, 10}, {"E1", "3D2a", "Total", 4, 10},
		{"E1", "3D1a", "18 to 64", 1, 1}, {"E1", "3D2a", "18 to 64", 1, 1},
		{"E1", "3D1a", "65 and over", 3, 8}, {"E1", "3D2a", "65 and over", 2, 8},
		{"E2", "3D1a", "Total", 0, 1}, {"E2", "3D1a", "65 and over", 0, 1}, {"E2", "3D1a", "18 to 64", 0, 0},
		{"", "3D1a", "Total", 5, 11},
	} {
		acWant(t, tb, w.code, w.m, w.dis, w.num, w.den)
	}
	if r := acRow(t, tb, "E1", "3D1a", "Total"); r.Outcome != defined(50) {
		t.Errorf("3D1a outcome %v, want 50.0", r.Outcome)
	}
	for _, s := range []struct {
		prefix string
		n      int
	}{
		{"service users: service open on the snapshot date", 1},    // N6
		{"service users: no date of death before the snapshot", 1}, // N11
		{"service users: birth month and year known", 1},           // N12
		{"service users: the de-duplicated setting", 2},            // N5, N15
	} {
		if got := acStep(t, tb.Steps, s.prefix); got != s.n {
			t.Errorf("step %q removed %d, want %d", s.prefix, got, s.n)
		}
	}
}

// TestASCOF3DCarersWorked is a worked case of ASCOF 3D's carer parts in
// 2023/24 (age at 2024-03-31; default birth June 1950: 65 and over).
//
//	K1  direct to carer, direct payment, component respite       → den, 1b, 2b
//	K2  direct to carer, managed budget, component respite       → den, 1b
//	K3  direct to carer, managed budget, no component: the CASE
//	    gives no category ("not like" of a NULL is not true)      → out (no category)
//	K4  direct to carer, commissioned, component respite         → den
//	K5  direct to carer, no mechanism, component respite         → out (unknown mechanism)
//	K6  direct payment and an assessment (no direct support)     → den, 1b, 2b
//	K7  an assessment ending in information and advice           → out
//	K8  direct payment, no birth year and month: in the Total only
//	K9  direct payment, born January 2008 (16)                   → out (under 18)
//	K10 a carer known by association, managed budget, respite     → den, 1b
//	K11 a request ending in information and advice               → out
//	K12 direct payment ended 2023-03-01, before the period       → out (period)
//	K13 support involving the person cared for                   → out (no direct support)
//	K14 direct to carer, mechanism outside the list, respite     → out (unknown mechanism)
//	K15 a review carrying direct to carer with a managed budget
//	    and no component: the service clauses fail and the review
//	    clause gives no direct support                           → out
//
// Total: den K1 K2 K4 K6 K8 K10 = 6, 1b K1 K2 K6 K8 K10 = 5, 2b K1 K6 K8
// = 3. 65 and over: den 5 (not K8), 1b 4, 2b 2. 18 to 64: none.
func TestASCOF3DCarersWorked(t *testing.T) {
	k := func(nhs, dm, comp string) acr {
		return acr{nhs: nhs, local: "L" + nhs[1:], client: "Carer", typ: "Service", st: lCarerDirect, comp: comp, dm: dm, start: "2023-06-01"}
	}
	with := func(r acr, f func(*acr)) acr { f(&r); return r }
	rows := []acr{
		k("N1", lDP, lRespite),
		k("N2", lCMPB, lRespite),
		k("N3", lCMPB, "-"),
		k("N4", lComm, lRespite),
		k("N5", "-", lRespite),
		k("N6", lDP, lRespite),
		with(k("N6", "-", "-"), func(r *acr) { r.typ, r.st, r.outcome = "Assessment", "-", "Progress to Support Planning / Services" }),
		with(k("N7", "-", "-"), func(r *acr) {
			r.typ, r.st, r.outcome = "Assessment", "-", "NFA - Information & Advice / Signposting only"
		}),
		with(k("N8", lDP, lRespite), func(r *acr) { r.by, r.bm = "-", "-" }),
		with(k("N9", lDP, lRespite), func(r *acr) { r.by, r.bm = "2008", "1" }),
		with(k("N10", lCMPB, lRespite), func(r *acr) { r.client = "Carer known by association" }),
		with(k("N11", "-", "-"), func(r *acr) {
			r.typ, r.st, r.outcome, r.route = "Request", "-", "NFA - Information & Advice / Signposting only", "Community / Other route"
		}),
		with(k("N12", lDP, lRespite), func(r *acr) { r.start, r.end = "2022-06-01", "2023-03-01" }),
		with(k("N13", "-", "Day Care"), func(r *acr) { r.st = lCaredFor }),
		k("N14", "Cash", lRespite),
		with(k("N15", lCMPB, "-"), func(r *acr) { r.typ, r.outcome = "Review", "No change in package" }),
	}
	d := acRead(t, rows)
	tb, err := ASCOF3D(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		m, dis   string
		num, den int64
	}{
		{"3D1b", "Total", 5, 6}, {"3D2b", "Total", 3, 6},
		{"3D1b", "65 and over", 4, 5}, {"3D2b", "65 and over", 2, 5},
		{"3D1b", "18 to 64", 0, 0},
	} {
		acWant(t, tb, "E1", w.m, w.dis, w.num, w.den)
	}
	if r := acRow(t, tb, "E1", "3D1b", "18 to 64"); r.Outcome.Defined() {
		t.Errorf("18 to 64 outcome %v, want undefined", r.Outcome)
	}
	for _, s := range []struct {
		prefix string
		n      int
	}{
		{"carers: event overlaps the period", 1},           // K12
		{"carers: the code's support categories", 1},       // K3's row
		{"carers: a row with a support category", 1},       // K3
		{"carers: the de-duplicated support is a", 6},      // K5 K7 K11 K13 K14 K15
		{"carers: aged 18 or over", 1},                     // K9
		{"carers: a carer's service, an assessment", 0},    // every row qualifies
		{"carers: client type is Carer or Carer known", 0}, //
	} {
		if got := acStep(t, tb.Steps, s.prefix); got != s.n {
			t.Errorf("step %q removed %d, want %d", s.prefix, got, s.n)
		}
	}
}

// TestASCOF3DCarerSupport checks the CASE clause by clause.
func TestASCOF3DCarerSupport(t *testing.T) {
	for _, c := range []struct {
		st   ServiceType
		dm   DeliveryMechanism
		comp ServiceComponent
		et   EventType
		out  EventOutcome
		want int
	}{
		{ServiceCarerDirect, DeliveryBlank, ComponentDirectPayment, EventService, 0, carerDirectPayment},
		{ServiceCarerDirect, DeliveryManagedBudget, ComponentDirectPayment, EventService, 0, carerDirectPayment},
		{ServiceCarerDirect, DeliveryManagedBudget, ComponentInvalid, EventService, 0, carerManagedBudget},
		{ServiceCarerDirect, DeliveryCommissioned, ComponentBlank, EventService, 0, carerNone},
		{ServiceCarerDirect, DeliveryInvalid, ComponentBlank, EventService, 0, carerNone},
		{ServiceCarerDirect, DeliveryBlank, ComponentBlank, EventService, 0, carerNone},
		{ServiceCarerDirect, DeliveryBlank, ComponentBlank, EventAssessment, OutcomeBlank, carerNoDirect},
		{ServiceCarerDirect, DeliveryBlank, ComponentBlank, EventRequest, OutcomeBlank, carerInformation},
		{ServiceBlank, DeliveryBlank, ComponentBlank, EventReview, OutcomeNFASignposting, carerInformation},
		{ServiceBlank, DeliveryBlank, ComponentBlank, EventReview, OutcomeInvalid, carerNoDirect},
		{ServiceBlank, DeliveryBlank, ComponentBlank, EventService, OutcomeNFASignposting, carerNone},
		{ServiceCarerCaredFor, DeliveryDirectPayment, ComponentDirectPayment, EventService, 0, carerNoDirect},
	} {
		d := &Data{ServiceType: []ServiceType{c.st}, Delivery: []DeliveryMechanism{c.dm}, Component: []ServiceComponent{c.comp},
			EventType: []EventType{c.et}, Outcome: []EventOutcome{c.out}}
		if got := ascof3DCarerSupport(d, 0); got != c.want {
			t.Errorf("%+v: %d, want %d", c, got, c.want)
		}
	}
}
