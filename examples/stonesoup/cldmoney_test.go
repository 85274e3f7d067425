package main

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/pathway/cld"
)

// TestMoneySuppression works the planned-cost table's suppression by hand:
// three service types and the total, each of its three counts a column
// whose total is a count.
//
//	type   persons services without
//	A      10      12       2
//	B      8       9        0
//	C      3       3        1
//	total  21      24       3
//
// persons: C (3) is small; B (8), the smallest other, hides it from the
// total. services: C (3) small, B (9) with it. without: A (2), C (1) and
// the total (3) are small; three hidden, B's 0 shown. So B and C are
// hidden whole; A and the total show their people and services and their
// money, and hide the services without a cost.
func TestMoneySuppression(t *testing.T) {
	row := func(name string, p, s, w int, pounds string) *moneyRow {
		d := decimal.RequireFromString(pounds)
		return &moneyRow{ServiceType: name, persons: p, services: s, withoutCost: w, planned: d, linked: d, weekly: d}
	}
	money := map[string]*moneyRow{"A": row("A", 10, 12, 2, "1200"), "B": row("B", 8, 9, 0, "900"), "C": row("C", 3, 3, 1, "300")}
	start, _ := pathway.ParseDate("2024-04-01")
	end, _ := pathway.ParseDate("2025-03-31")
	ms, err := moneyOf(money, *row("", 21, 24, 3, "2400"), 0, cld.Period{Start: start, End: end})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		persons, services, without string
		planned                    string
	}{
		"A":            {"10", "12", "*", "1200.00"},
		"B":            {"*", "*", "*", ""},
		"C":            {"*", "*", "*", ""},
		"all services": {"21", "24", "*", "2400.00"},
	}
	for _, m := range append(ms.ByType, ms.Total) {
		w, ok := want[m.ServiceType]
		if !ok {
			t.Fatalf("unexpected row %q", m.ServiceType)
		}
		if m.Persons.String() != w.persons || m.Services.String() != w.services || m.WithoutCost.String() != w.without || m.Planned != w.planned {
			t.Errorf("%s: persons %s services %s without %s planned %q, want %+v", m.ServiceType, m.Persons, m.Services, m.WithoutCost, m.Planned, w)
		}
		if m.Suppressed != (w.planned == "") {
			t.Errorf("%s: suppressed %v", m.ServiceType, m.Suppressed)
		}
		if m.Planned == "" && (m.PlannedLinked != "" || m.MeanWeekly != "") {
			t.Errorf("%s: money shown beside hidden planned cost: %+v", m.ServiceType, m)
		}
	}
}
