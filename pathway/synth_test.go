package pathway

import (
	"reflect"
	"testing"
)

func TestSynthesize(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	for i := 0; i < 200; i++ {
		ids = append(ids, "p"+string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	s1, err := Synthesize(ids, SynthOptions{Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := Synthesize(ids, SynthOptions{Seed: 42})
	if !reflect.DeepEqual(s1, s2) {
		t.Fatal("same seed, different data")
	}
	if s1.Extract.String() != "2026-01-01" {
		t.Errorf("extract %v", s1.Extract)
	}
	if len(s1.Events) == 0 || len(s1.Services) == 0 || len(s1.Transactions) == 0 {
		t.Fatalf("empty: %d %d %d", len(s1.Events), len(s1.Services), len(s1.Transactions))
	}
	for _, e := range s1.Events {
		if e.Date > s1.Extract || e.Date < s1.Start {
			t.Fatalf("event outside period: %+v", e)
		}
	}
	for _, x := range s1.Transactions {
		if x.Amount.Sign() < 0 || x.PeriodEnd < x.PeriodStart || x.PeriodEnd > s1.Extract {
			t.Fatalf("bad transaction %+v", x)
		}
	}
	// the generated county joins cleanly: no duplicates, nothing out of order,
	// every service linked, every transaction linked
	j, err := Join(s1.Events, s1.Services, s1.Transactions, JoinOptions{MatchEpisode: true})
	if err != nil {
		t.Fatal(err)
	}
	r := j.Report
	if r.OutOfOrder != 0 || r.Services.Linked != len(s1.Services) || r.Finance.Linked != len(s1.Transactions) || r.Events.Linked != len(s1.Events) {
		t.Errorf("synthetic join report %+v issues %v", r, r.Issues[:min(5, len(r.Issues))])
	}
	if _, err := Synthesize(ids, SynthOptions{Months: -1}); err == nil {
		t.Error("bad options accepted")
	}
}
