package ras

import "testing"

// TestOptionTables checks that every choice question of the shipped models
// gets a table, so their answers find their option in one step, and that
// the table sends each option's id to that option.
func TestOptionTables(t *testing.T) {
	for _, name := range ModelNames() {
		e, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for qi := range e.slots {
			sl := &e.slots[qi]
			if e.qs[qi].number {
				continue
			}
			if sl.hashMul == 0 {
				t.Errorf("%s: question %s has no option table", name, e.qids[qi])
				continue
			}
			for k, id := range e.optIDs[sl.optFrom:sl.optTo] {
				if got := int(sl.hash[optHash(id, sl.hashMul)]) - 1; got != k {
					t.Errorf("%s: question %s option %s: table gives %d, want %d", name, e.qids[qi], id, got, k)
				}
			}
		}
	}
}

// TestOptionTableFallback checks that a question whose option ids the
// table's hash cannot tell apart, or with more options than it holds, gets
// no table, so that its answers are matched by comparing ids (the path
// TestMatchPaths and FuzzMatch check for results).
func TestOptionTableFallback(t *testing.T) {
	opts := func(ids ...string) []Option {
		var out []Option
		for _, id := range ids {
			out = append(out, Option{ID: id, Label: id})
		}
		return out
	}
	var many []string
	for i := range 17 {
		many = append(many, string(rune('a'+i)))
	}
	m := &Model{ID: "t", Version: "1", Name: "T", Family: FamilyPoints, Cohorts: []Cohort{CohortAdult},
		SupportTypes: []SupportType{{ID: "pc", Name: "PC"}},
		Domains: []Domain{{ID: "d", Name: "D", SupportType: "pc", Questions: []Question{
			{ID: "alike", Text: "t", Options: opts("axbcd", "aybcd")},
			{ID: "many", Text: "t", Options: opts(many...)},
			{ID: "plain", Text: "t", Options: opts("none", "some")},
		}}},
		Points: &PointsRules{Schedules: []PriceSchedule{{ID: "s", Bands: []Band{{MinPoints: 0}}}}}}
	e, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	for qi, want := range []bool{false, false, true} {
		if got := e.slots[qi].hashMul != 0; got != want {
			t.Errorf("question %s: has a table %v, want %v", e.qids[qi], got, want)
		}
	}
}
