package pathway

import (
	"math"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// TestOpenWaitsByGroup: four groups waiting on one date, target 28 days.
// A: 4 for 10 days, 2 for 40; B: 6 for 5 days, 1 for 50; C: 2 for 3 days;
// D: 5 for 10 days, 5 for 40. Threshold 5: C (2) is hidden and, by the
// cascade on the list with its total, A (6, the smallest shown). In the
// within/over table B's over (1) is hidden and so its within (6), leaving D
// whole: share 5/10, median of five 10s and five 40s = 25 (type 7), P92 at
// h = 9·0.92 + 1 = 9.28 → 40.
func TestOpenWaitsByGroup(t *testing.T) {
	on := NewDate(2024, time.June, 1)
	var ws []Wait
	add := func(g string, n, days int) {
		for range n {
			ws = append(ws, Wait{Group: g, Start: on - Date(days)})
		}
	}
	add("A", 4, 10)
	add("A", 2, 40)
	add("B", 6, 5)
	add("B", 1, 50)
	add("C", 2, 3)
	add("D", 5, 10)
	add("D", 5, 40)
	ws = append(ws, Wait{Group: "E", Start: on - 100, End: on - 1}) // served: not waiting, not listed
	tab, err := OpenWaitsByGroup(ws, on, SnapshotOptions{TargetDays: 28}, disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Total.Waiting != 25 || tab.Total.WithinTarget != 17 || !math.IsNaN(tab.Total.Max) {
		t.Errorf("total %+v", tab.Total)
	}
	if len(tab.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(tab.Rows))
	}
	a, b, c, d := tab.Rows[0], tab.Rows[1], tab.Rows[2], tab.Rows[3]
	if a.WaitingStatus != disclosure.Secondary || a.Waiting != 0 || !math.IsNaN(a.Median) {
		t.Errorf("A %+v, want hidden (secondary)", a)
	}
	if c.WaitingStatus != disclosure.Primary || c.Waiting != 0 || !math.IsNaN(c.P92) {
		t.Errorf("C %+v, want hidden (primary)", c)
	}
	if b.WaitingStatus.Hidden() || b.Waiting != 7 || b.OverStatus != disclosure.Primary || b.WithinStatus != disclosure.Secondary || b.WithinTarget != 0 || !math.IsNaN(b.ShareWithin) || b.Median != 5 {
		t.Errorf("B %+v, want 7 waiting, split hidden, median 5", b)
	}
	if d.Group != "D" || d.Waiting != 10 || d.WithinTarget != 5 || d.ShareWithin != 0.5 || d.Median != 25 || d.P92 != 40 || !math.IsNaN(d.Max) {
		t.Errorf("D %+v, want 10 waiting, 5 within, median 25, P92 40", d)
	}
	// threshold 1: nothing hidden
	tab, err = OpenWaitsByGroup(ws, on, SnapshotOptions{TargetDays: 28}, disclosure.Options{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a := tab.Rows[0]; a.Waiting != 6 || a.WithinTarget != 4 || a.ShareWithin != 4.0/6 || a.Median != 10 {
		t.Errorf("A unsuppressed %+v", a)
	}
	if _, err := OpenWaitsByGroup(ws, NoDate, SnapshotOptions{}, disclosure.Options{}); err == nil {
		t.Error("missing date accepted")
	}
}
