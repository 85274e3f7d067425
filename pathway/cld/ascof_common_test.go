package cld

import (
	"testing"
	"time"
)

// TestASCOFLatestAgrees: the measures' latest edition of each request and
// service, found within each client's rows, keeps the same rows as
// Data.LatestEditions (a map over the whole file), with and without a
// cut-off, on a synthetic file of four quarterly returns, some imported
// twice.
func TestASCOFLatestAgrees(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 12, Persons: 3000, Councils: 3})
	d := x.d
	cl := d.Clients(nil)
	for _, by := range []Date{NoDate, acDay(2024, time.January, 31)} {
		want := d.LatestEditions(nil, nil, by)
		imp := newASCOFImports(d, by)
		got := NewRowSet(d.Len())
		var st ascofEditionStats
		var rows []int32
		for c := 0; c < cl.Len(); c++ {
			rows = imp.latest(d, cl.RowsOf(c), ascofEdRequests|ascofEdServices, rows[:0], &st)
			for _, i := range rows {
				got.Add(int(i))
			}
		}
		n := 0
		for i := range d.Len() {
			if got.Has(i) != want.Rows.Has(i) {
				t.Fatalf("cut-off %v, line %d (%v %v): kept %v, LatestEditions %v", by, d.Line[i], d.EventType[i], d.Start[i], got.Has(i), want.Rows.Has(i))
			}
			if got.Has(i) {
				n++
			}
		}
		if n != want.Kept || st.earlier == 0 || (by.Valid() && st.late == 0) {
			t.Errorf("cut-off %v: kept %d (LatestEditions %d); %d earlier editions, %d late", by, n, want.Kept, st.earlier, st.late)
		}
	}
}
