package ras

import "testing"

// TestOptionTables checks that every choice question of the shipped models
// gets a table, so their answers match by address in one step, and that
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
				if got := recIndex(sl.hash[addrHash(id, sl.hashMul)]) - int(sl.optFrom); got != k {
					t.Errorf("%s: question %s option %s: table gives %d, want %d", name, e.qids[qi], id, got, k)
				}
			}
		}
	}
}
