package pathway

import (
	"fmt"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// GroupSnapshot is one group's row of an open-wait snapshot table.
type GroupSnapshot struct {
	Group string
	// Snapshot holds the group's figures. Max is always NaN here: it is
	// one person's wait, not fit for publication.
	Snapshot
	// WaitingStatus is the disclosure status of Waiting: when hidden, every
	// figure of the row is removed (counts 0, others NaN).
	WaitingStatus disclosure.Status
	// WithinStatus and OverStatus are the statuses of WithinTarget and of
	// Waiting − WithinTarget; when either is hidden, WithinTarget is 0 and
	// ShareWithin NaN.
	WithinStatus, OverStatus disclosure.Status
}

// SnapshotTable is an open-wait snapshot broken down by group (service
// type, team, …), suppressed for publication.
type SnapshotTable struct {
	Rows []GroupSnapshot // in byte order of the group labels
	// Total is the snapshot of all the waits, with Max NaN; it is published,
	// so not suppressed.
	Total Snapshot
}

// OpenWaitsByGroup takes the snapshot of OpenWaits on date on for each group
// of waits (Wait.Group) and applies small-number suppression (package
// ras/disclosure, sup) in two steps: the numbers waiting by group (with
// their total published) hide whole rows; then the table of those within
// and over the target by group (row, column and grand totals published)
// hides the split where it is small, the hidden rows counting as hidden
// cells. Only groups with someone waiting on the date are listed. Errors as
// OpenWaits, or from ras/disclosure.
func OpenWaitsByGroup(waits []Wait, on Date, opts SnapshotOptions, sup disclosure.Options) (*SnapshotTable, error) {
	total, err := OpenWaits(waits, on, opts)
	if err != nil {
		return nil, err
	}
	total.Max = math.NaN()
	byGroup := map[string][]Wait{}
	for _, w := range waits {
		byGroup[w.Group] = append(byGroup[w.Group], w)
	}
	t := &SnapshotTable{Total: *total}
	for g, ws := range byGroup {
		s, err := OpenWaits(ws, on, opts)
		if err != nil {
			return nil, err
		}
		if s.Waiting == 0 {
			continue
		}
		s.Max = math.NaN()
		t.Rows = append(t.Rows, GroupSnapshot{Group: g, Snapshot: *s})
	}
	slices.SortFunc(t.Rows, func(a, b GroupSnapshot) int {
		switch {
		case a.Group < b.Group:
			return -1
		case a.Group > b.Group:
			return 1
		}
		return 0
	})
	if len(t.Rows) == 0 {
		return t, nil
	}
	ns := make([]int, len(t.Rows))
	for i, r := range t.Rows {
		ns[i] = r.Waiting
	}
	l, err := disclosure.SuppressList(ns, sup)
	if err != nil {
		return nil, fmt.Errorf("pathway: suppressing the snapshot table: %w", err)
	}
	// A hidden row's cells enter the split table as 1s: below any threshold
	// > 1, so primary-hidden, which is what they are (they are never shown).
	cells := make([][]int, len(t.Rows))
	for i, r := range t.Rows {
		if l.Hidden(i) {
			cells[i] = []int{1, 1}
		} else {
			cells[i] = []int{r.WithinTarget, r.Waiting - r.WithinTarget}
		}
	}
	st, err := disclosure.SuppressTable(cells, sup)
	if err != nil {
		return nil, fmt.Errorf("pathway: suppressing the snapshot table: %w", err)
	}
	nan := math.NaN()
	for i := range t.Rows {
		r := &t.Rows[i]
		r.WaitingStatus, r.WithinStatus, r.OverStatus = l.Status[i], st.Status[i][0], st.Status[i][1]
		if r.WaitingStatus.Hidden() {
			r.Snapshot = Snapshot{On: r.On, TargetDays: r.TargetDays, ShareWithin: nan, Median: nan, P92: nan, Max: nan}
			r.WithinStatus, r.OverStatus = r.WaitingStatus, r.WaitingStatus
			continue
		}
		if r.WithinStatus.Hidden() || r.OverStatus.Hidden() {
			r.WithinTarget, r.ShareWithin = 0, nan
		}
	}
	return t, nil
}
