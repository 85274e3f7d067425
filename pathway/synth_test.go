package pathway

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func synthIDs(from, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = synth.PersonID(from + i)
	}
	return ids
}

func TestSynthesize(t *testing.T) {
	ids := synthIDs(0, 400)
	s1, err := Synthesize(ids, SynthOptions{Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := Synthesize(ids, SynthOptions{Seed: 42})
	if !reflect.DeepEqual(s1, s2) {
		t.Fatal("same seed, different data")
	}
	if s1.Start.String() != "2023-04-01" || s1.Extract.String() != "2025-01-01" {
		t.Errorf("period %v to %v, want 2023-04-01 to 2025-01-01 (ras/synth's window)", s1.Start, s1.Extract)
	}
	if len(s1.Events) == 0 || len(s1.Services) == 0 || len(s1.Transactions) == 0 || len(s1.Persons) != len(ids) {
		t.Fatalf("empty: %d %d %d %d", len(s1.Events), len(s1.Services), len(s1.Transactions), len(s1.Persons))
	}
	for _, e := range s1.Events {
		if e.Date > s1.Extract || e.Date < s1.Start-400 {
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
	if _, err := Synthesize(ids, SynthOptions{Months: -1}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("bad options: got %v, want ErrInvalidOptions", err)
	}
	if _, err := Synthesize([]string{"P0000001", "alice"}, SynthOptions{}); !errors.Is(err, ErrInvalidOptions) || !errors.Is(err, synth.ErrInvalidID) {
		t.Errorf("non-synth id: got %v, want ErrInvalidOptions and synth.ErrInvalidID", err)
	}
	if _, err := Synthesize(ids, SynthOptions{Planned: map[string]decimal.Decimal{ids[0]: decimal.New(-1, 0)}}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("negative planned amount: got %v, want ErrInvalidOptions", err)
	}
}

// personRecords returns one person's records from a Synthetic.
func personRecords(s *Synthetic, id string) (evs []Event, svs []Service, txs []Transaction) {
	for _, e := range s.Events {
		if e.PersonID == id {
			evs = append(evs, e)
		}
	}
	for _, v := range s.Services {
		if v.PersonID == id {
			svs = append(svs, v)
		}
	}
	for _, x := range s.Transactions {
		if x.PersonID == id {
			txs = append(txs, x)
		}
	}
	return
}

// A person's records depend only on the seed and their id: not on the other
// people generated or their order.
func TestSynthesizeKeyedOnIDs(t *testing.T) {
	ids := synthIDs(100, 60)
	all, err := Synthesize(ids, SynthOptions{Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	rev := slices.Clone(ids[10:30])
	slices.Reverse(rev)
	part, err := Synthesize(rev, SynthOptions{Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	other, err := Synthesize(ids, SynthOptions{Seed: 10})
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for _, id := range rev {
		e1, s1, t1 := personRecords(all, id)
		e2, s2, t2 := personRecords(part, id)
		if !reflect.DeepEqual(e1, e2) || !reflect.DeepEqual(s1, s2) || !reflect.DeepEqual(t1, t2) {
			t.Fatalf("person %s: records depend on the other ids", id)
		}
		e3, _, _ := personRecords(other, id)
		if !reflect.DeepEqual(e1, e3) {
			differ++
		}
	}
	if differ < len(rev)/2 {
		t.Errorf("seed 10 changed only %d of %d persons", differ, len(rev))
	}
}

// The pathway agrees with the person's ras/synth facts: the assessment ends
// on synth's assessment date, the request comes first, services follow, the
// team is the locality.
func TestSynthesizeAgreesWithRASSynth(t *testing.T) {
	const seed = 3
	ids := synthIDs(0, 300)
	s, err := Synthesize(ids, SynthOptions{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	start := synth.DefaultStart()
	for i, p := range s.Persons {
		f := synth.Person(seed, i)
		a := f.AssessedOn(start)
		if p.ID != f.ID || p.Team != f.Locality || p.Cohort != f.Cohort || p.Assessed != NewDate(a.Year, a.Month, a.Day) {
			t.Fatalf("person %d: %+v, ras/synth %s %s %s %v", i, p, f.ID, f.Locality, f.Cohort, a)
		}
		evs, svs, _ := personRecords(s, p.ID)
		var req, ae Date
		for _, e := range evs {
			switch e.Type {
			case EventRequest:
				req = e.Date
			case EventAssessmentEnd:
				ae = e.Date
			}
		}
		if ae != p.Assessed || !(req < ae) {
			t.Fatalf("person %s: request %v, assessment end %v, want request before %v", p.ID, req, ae, p.Assessed)
		}
		for _, v := range svs {
			if v.Start <= ae {
				t.Fatalf("person %s: service %s starts %v, not after the assessment %v", p.ID, v.ServiceID, v.Start, ae)
			}
		}
		switch f.Setting {
		case ras.SettingNursing, ras.SettingResidential:
			if len(svs) > 0 && svs[0].Type != map[ras.LivingSetting]ServiceType{ras.SettingNursing: LongTermNursing, ras.SettingResidential: LongTermResidential}[f.Setting] {
				t.Errorf("person %s in %s got %v", p.ID, f.Setting, svs[0].Type)
			}
		}
	}
}

// Waits are plausible by service type and team, some people are still
// waiting at the extract date (censored), and planned costs follow the
// planned amounts.
func TestSynthesizeWaitsAndMoney(t *testing.T) {
	const seed = 5
	ids := synthIDs(0, 6000)
	planned := make(map[string]decimal.Decimal, len(ids))
	for i, id := range ids {
		// £100 to £1,299 a week; every 25th person nothing
		v := decimal.New(int64(100+i%1200), 0)
		if i%25 == 0 {
			v = decimal.Zero
		}
		planned[id] = v
	}
	s, err := Synthesize(ids, SynthOptions{Seed: seed, Planned: planned})
	if err != nil {
		t.Fatal(err)
	}
	j, err := Join(s.Events, s.Services, s.Transactions, JoinOptions{MatchEpisode: true})
	if err != nil {
		t.Fatal(err)
	}
	if j.Report.OutOfOrder != 0 || j.Report.Services.Unmatched != 0 || j.Report.Finance.Unmatched != 0 {
		t.Fatalf("join report %+v", j.Report)
	}
	waits, ooo := j.Waits(StageAssessmentEnd, StageServiceStart, func(p *Pathway) string { return p.ServiceType.String() })
	if ooo != 0 {
		t.Fatalf("%d waits out of order", ooo)
	}
	byType := map[string][]float64{}
	censored := 0
	for _, w := range waits {
		if w.End.Valid() {
			byType[w.Group] = append(byType[w.Group], float64(w.End-w.Start))
		} else if !w.Closed.Valid() && w.Group != ServiceUnknown.String() {
			t.Errorf("open wait with a service type: %+v", w)
		}
	}
	times, events, err := CensorWaits(waits, s.Extract, CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range times {
		if !events[i] {
			censored++
		}
	}
	if censored < 50 {
		t.Errorf("only %d censored waits", censored)
	}
	// Completed-wait medians: Weibull medians scale·ln2^(1/shape) times a
	// mean team factor near 1, shortened a little by the censoring at the
	// extract date: community 24·0.717 ≈ 17, residential 38·0.693 ≈ 26,
	// nursing 45·0.693 ≈ 31, ST-Max 7·0.754 ≈ 5.3. Nursing is rare (about 60
	// completed waits here, a standard error of the median near 6 days), so
	// its range is wide.
	want := map[ServiceType][2]float64{LongTermCommunity: {12, 22}, LongTermResidential: {19, 34}, LongTermNursing: {16, 46}, ShortTermSTMax: {3.5, 8}}
	for typ, rg := range want {
		x := byType[typ.String()]
		if len(x) < 30 {
			t.Errorf("%v: only %d completed waits", typ, len(x))
			continue
		}
		sort.Float64s(x)
		med := x[len(x)/2]
		if med < rg[0] || med > rg[1] {
			t.Errorf("%v: median completed wait %v, want %v..%v", typ, med, rg[0], rg[1])
		}
	}
	// planned costs of long-term services are close to the planned amount
	for i, p := range s.Persons {
		if i%25 == 0 {
			if p.Type != ServiceUnknown {
				t.Errorf("person %s with nothing planned got a service", p.ID)
			}
		}
	}
	var ratios []float64
	for _, v := range s.Services {
		if !strings.HasSuffix(v.ServiceID, "-1") || !v.Type.LongTerm() {
			continue
		}
		w := planned[v.PersonID].InexactFloat64()
		c := v.PlannedWeeklyCost().InexactFloat64()
		if v.Type == LongTermCommunity && w > 200 {
			ratios = append(ratios, c/w)
		}
	}
	sort.Float64s(ratios)
	if len(ratios) < 100 {
		t.Fatalf("only %d community services", len(ratios))
	}
	med := ratios[len(ratios)/2]
	if math.Abs(med-1) > 0.03 || ratios[len(ratios)/20] < 0.7 || ratios[len(ratios)*19/20] > 1.35 {
		t.Errorf("planned/amount ratios: median %v, 5%% %v, 95%% %v; want near 1", med, ratios[len(ratios)/20], ratios[len(ratios)*19/20])
	}
}

// Finance follows the services with the deviations Synthesize documents:
// community spend a median 0.95 of plan per period, care homes paid the
// planned fee or more (4.5% uplifts each April), in-house reablement
// unpaid; teams differ in their waits by their factors (L03 1.5, L07 0.7).
func TestSynthesizeFinanceAndTeams(t *testing.T) {
	s, err := Synthesize(synthIDs(0, 5000), SynthOptions{Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	svc := map[string]*Service{}
	for i := range s.Services {
		svc[s.Services[i].ServiceID] = &s.Services[i]
	}
	paid := map[string]bool{}
	var community []float64
	for _, x := range s.Transactions {
		v := svc[x.ServiceID]
		if v == nil || v.PersonID != x.PersonID || x.PeriodStart < v.Start || (v.End.Valid() && x.PeriodEnd > v.End) {
			t.Fatalf("transaction %+v outside its service %+v", x, v)
		}
		paid[v.ServiceID] = true
		plan := v.PlannedWeeklyCost().InexactFloat64() * float64(x.PeriodEnd-x.PeriodStart+1) / 7
		ratio := x.Amount.InexactFloat64() / plan
		switch v.Type {
		case LongTermCommunity:
			community = append(community, ratio)
		case LongTermResidential, LongTermNursing:
			ok := false
			for k, u := 0, 1.0; k < 4; k, u = k+1, u*1.045 {
				ok = ok || math.Abs(ratio-u) < 0.01/plan+1e-9
			}
			if !ok {
				t.Errorf("care home %s paid %v of plan", v.ServiceID, ratio)
			}
		}
	}
	sort.Float64s(community)
	if med := community[len(community)/2]; math.Abs(med-0.95) > 0.01 {
		t.Errorf("community paid a median %v of plan, want 0.95", med)
	}
	inHouse, paidInHouse := 0, 0
	for _, v := range s.Services {
		if v.Provider == "In-house reablement" {
			inHouse++
			if paid[v.ServiceID] {
				paidInHouse++
			}
		}
	}
	if inHouse == 0 || paidInHouse != 0 {
		t.Errorf("%d in-house reablement services, %d of them paid", inHouse, paidInHouse)
	}
	// completed waits by team
	team := map[string]string{}
	for _, p := range s.Persons {
		team[p.ID] = p.Team
	}
	j, err := Join(s.Events, s.Services, s.Transactions, JoinOptions{MatchEpisode: true})
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := j.Waits(StageAssessmentEnd, StageServiceStart, func(p *Pathway) string { return team[p.PersonID] })
	byTeam := map[string][]float64{}
	for _, w := range ws {
		if w.End.Valid() {
			byTeam[w.Group] = append(byTeam[w.Group], float64(w.End-w.Start))
		}
	}
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	if r := mean(byTeam["L03"]) / mean(byTeam["L07"]); r < 1.6 || r > 2.8 {
		t.Errorf("mean wait L03/L07 = %v, want about 1.5/0.7 = 2.1", r)
	}
}
