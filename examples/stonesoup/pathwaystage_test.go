package main

import (
	"path/filepath"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// TestRecordsAfterExtract: every event, service and payment dated after the
// extract date is left out once, with its reason, and the accounting adds
// up, in the pathway stage of read records (events and services joined,
// then finance).
func TestRecordsAfterExtract(t *testing.T) {
	t.Parallel()
	in := copySample(t)
	appendTo(t, filepath.Join(in, fileEvents), ",P0000001,EP-LATE,assessment_start,2026-01-01,,\n"+
		",P0000001,EP-LATE,assessment_end,2026-01-02,,\n,P0000002,,request,2025-06-01,,\n")
	appendTo(t, filepath.Join(in, fileServices), "S-LATE-1,P0000001,,long_term_community,2025-03-01,,Homecare 1,5,25.00\n"+
		"S-LATE-2,P0000002,,long_term_community,2025-04-01,,Homecare 1,5,25.00\n")
	appendTo(t, filepath.Join(in, fileFinance), "T-LATE-1,P0000001,S-LATE-1,2025-03-01,2025-03-28,100.00\n"+
		"T-LATE-2,P0000005,S0000005-2,2025-02-01,2025-02-28,100.00\n")
	_, res, _ := runCounty(t, options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	acct := checkAccounting(t, res)
	for kind, n := range map[string]float64{kindEvents: 3, kindServices: 2, kindFinance: 2} {
		if ex := reasons(t, acct[kind], "excluded"); !hasReason(ex, "dated after the extract date 2025-01-01", n) {
			t.Errorf("%s excluded %v, want %v after the extract date", kind, ex, n)
		}
	}
}
