package carers

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := Date(s)
	if err != nil {
		panic(err)
	}
	return t
}

// Scores below are worked by hand from the default weights: behaviour 3, health 2, strain 2,
// no other support 1, lives with 1, very high hours 1, breaks refused 1; levels low ≥ 1,
// medium ≥ 3, high ≥ 6.
func TestAssessDefault(t *testing.T) {
	m, err := NewRiskModel(DefaultRiskConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		c       Carer
		score   int32
		level   string
		fired   []Indicator
		unknown []Indicator
	}{
		{"everything", Carer{BehaviourToCarer: BehaviourHigh, LivesWith: Yes, OtherSupport: No,
			StrainInstrument: "csi", StrainScore: 9, WeeklyHours: h("60"), HealthDeteriorating: Yes, BreaksRefused: Yes},
			11, "high", []Indicator{IndBehaviour, IndHighStrain, IndNoOtherSupport, IndLivesWith, IndVeryHighHours, IndHealthDeteriorating, IndBreaksRefused}, nil},
		{"csi at cut-off and lives with", Carer{BehaviourToCarer: BehaviourNone, LivesWith: Yes, OtherSupport: Yes,
			StrainInstrument: "csi", StrainScore: 7, WeeklyHours: h("20"), HealthDeteriorating: No, BreaksRefused: No},
			3, "medium", []Indicator{IndHighStrain, IndLivesWith}, nil},
		{"csi below cut-off, low behaviour", Carer{BehaviourToCarer: BehaviourLow, LivesWith: No, OtherSupport: Yes,
			StrainInstrument: "csi", StrainScore: 6, WeeklyHours: h("49.99"), HealthDeteriorating: No, BreaksRefused: No},
			0, "none", nil, nil},
		{"hours exactly 50", Carer{BehaviourToCarer: BehaviourNone, LivesWith: No, OtherSupport: Yes,
			StrainInstrument: "csi", StrainScore: 0, WeeklyHours: h("50"), HealthDeteriorating: No, BreaksRefused: No},
			1, "low", []Indicator{IndVeryHighHours}, nil},
		{"mcsi has no cut-off: strain unknown", Carer{BehaviourToCarer: BehaviourModerate, LivesWith: No, OtherSupport: Yes,
			StrainInstrument: "mcsi", StrainScore: 25, WeeklyHours: h("10"), HealthDeteriorating: No, BreaksRefused: No},
			3, "medium", []Indicator{IndBehaviour}, []Indicator{IndHighStrain}},
		{"nothing recorded", Carer{StrainScore: NoScore}, 0, "none", nil,
			[]Indicator{IndBehaviour, IndHighStrain, IndNoOtherSupport, IndLivesWith, IndHealthDeteriorating, IndBreaksRefused}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := m.Assess(&tc.c)
			if r.Score != tc.score || m.LevelName(r) != tc.level {
				t.Errorf("score %d level %s, want %d %s", r.Score, m.LevelName(r), tc.score, tc.level)
			}
			if got, want := r.Fired, bitsOf(tc.fired); got != want {
				t.Errorf("fired %b, want %b", got, want)
			}
			if got, want := r.Unknown, bitsOf(tc.unknown); got != want {
				t.Errorf("unknown %b, want %b", got, want)
			}
			if n := len(m.Reasons(&tc.c, r)); n != len(tc.fired) {
				t.Errorf("%d reasons, want %d", n, len(tc.fired))
			}
		})
	}
}

func bitsOf(ii []Indicator) uint32 {
	var b uint32
	for _, i := range ii {
		b |= 1 << i
	}
	return b
}

func TestRiskConfigThresholds(t *testing.T) {
	const js = `{"indicators":[
	  {"id":"high_strain","weight":4,"thresholds":{"mcsi":14,"csi":9}},
	  {"id":"behaviour_towards_carer","weight":5,"min_level":"high"},
	  {"id":"very_high_hours","weight":2,"min_hours":"35"}],
	 "levels":[{"name":"watch","min_score":2},{"name":"act","min_score":9}]}`
	cfg, err := ReadRiskConfig(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewRiskModel(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		c     Carer
		score int32
		level string
	}{
		{Carer{StrainInstrument: "mcsi", StrainScore: 14}, 4, "watch"},
		{Carer{StrainInstrument: "mcsi", StrainScore: 13}, 0, "none"},
		{Carer{StrainInstrument: "csi", StrainScore: 8}, 0, "none"}, // override raises csi cut-off to 9
		{Carer{StrainInstrument: "csi", StrainScore: 9, BehaviourToCarer: BehaviourModerate}, 4, "watch"},
		{Carer{StrainInstrument: "csi", StrainScore: 9, BehaviourToCarer: BehaviourHigh}, 9, "act"},
		{Carer{WeeklyHours: h("35"), LivesWith: Yes}, 2, "watch"}, // lives_with is off
	}
	for i, tc := range tests {
		r := m.Assess(&tc.c)
		if r.Score != tc.score || m.LevelName(r) != tc.level {
			t.Errorf("%d: score %d %s, want %d %s", i, r.Score, m.LevelName(r), tc.score, tc.level)
		}
	}
}

func TestRiskConfigValidate(t *testing.T) {
	tests := []struct {
		name, js, path string
	}{
		{"unknown field", `{"indicators":[],"levels":[],"x":1}`, "x"},
		{"no indicators", `{"indicators":[],"levels":[{"name":"l","min_score":1}]}`, "indicators"},
		{"unknown id", `{"indicators":[{"id":"moon","weight":1}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].id"},
		{"twice", `{"indicators":[{"id":"breaks_refused","weight":1},{"id":"breaks_refused","weight":1}],"levels":[{"name":"l","min_score":1}]}`, "indicators[1].id"},
		{"weight 0", `{"indicators":[{"id":"breaks_refused","weight":0}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].weight"},
		{"min_level wrong indicator", `{"indicators":[{"id":"breaks_refused","weight":1,"min_level":"high"}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].min_level"},
		{"min_level none", `{"indicators":[{"id":"behaviour_towards_carer","weight":1,"min_level":"none"}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].min_level"},
		{"min_hours too high", `{"indicators":[{"id":"very_high_hours","weight":1,"min_hours":200}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].min_hours"},
		{"threshold unknown instrument", `{"indicators":[{"id":"high_strain","weight":1,"thresholds":{"zbi":20}}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].thresholds.zbi"},
		{"threshold out of range", `{"indicators":[{"id":"high_strain","weight":1,"thresholds":{"mcsi":27}}],"levels":[{"name":"l","min_score":1}]}`, "indicators[0].thresholds.mcsi"},
		{"no levels", `{"indicators":[{"id":"breaks_refused","weight":1}],"levels":[]}`, "levels"},
		{"level none", `{"indicators":[{"id":"breaks_refused","weight":1}],"levels":[{"name":"none","min_score":1}]}`, "levels[0].name"},
		{"levels unordered", `{"indicators":[{"id":"breaks_refused","weight":1}],"levels":[{"name":"a","min_score":3},{"name":"b","min_score":3}]}`, "levels[1].min_score"},
		{"level zero", `{"indicators":[{"id":"breaks_refused","weight":1}],"levels":[{"name":"a","min_score":0}]}`, "levels[0].min_score"},
	}
	for _, tc := range tests {
		cfg, err := ReadRiskConfig(strings.NewReader(tc.js))
		if err == nil {
			_, err = NewRiskModel(cfg, nil)
		}
		var ce *ConfigError
		if !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &ce) || ce.Path != tc.path {
			t.Errorf("%s: got %v, want path %q", tc.name, err, tc.path)
		}
	}
}

func TestCompareAndPrioritise(t *testing.T) {
	m, _ := NewRiskModel(DefaultRiskConfig(), nil)
	base := func(id string, date string) Carer {
		return Carer{CarerID: id, PersonID: "P" + id, AssessedOn: day(date), WeeklyHours: h("20"),
			BehaviourToCarer: BehaviourNone, LivesWith: No, OtherSupport: Yes, HealthDeteriorating: No,
			BreaksRefused: No, StrainInstrument: "csi", StrainScore: 2}
	}
	// C1: was low (lives with = 1), now high: behaviour high 3 + lives with 1 + csi 8 → 2 = 6.
	c1a, c1b := base("C1", "2024-01-10"), base("C1", "2024-07-10")
	c1a.LivesWith = Yes
	c1b.LivesWith, c1b.BehaviourToCarer, c1b.StrainScore = Yes, BehaviourHigh, 8
	// C2: steady medium (health 2 + no support 1 = 3) at both.
	c2a, c2b := base("C2", "2024-02-01"), base("C2", "2024-08-01")
	for _, c := range []*Carer{&c2a, &c2b} {
		c.HealthDeteriorating, c.OtherSupport = Yes, No
	}
	// C3: none before, now 1 (breaks refused): below MinLevel "medium" but rising.
	c3a, c3b := base("C3", "2024-03-01"), base("C3", "2024-09-01")
	c3b.BreaksRefused = Yes
	// C4: no previous, score 0: never listed.
	c4 := base("C4", "2024-09-01")
	// C5: medium, falling from high.
	c5a, c5b := base("C5", "2024-01-01"), base("C5", "2024-06-01")
	c5a.BehaviourToCarer, c5a.HealthDeteriorating, c5a.OtherSupport = BehaviourSevere, Yes, No // 3+2+1 = 6
	c5b.BehaviourToCarer = BehaviourModerate                                                   // 3

	ch, err := m.Compare(&c1a, &c1b)
	if err != nil {
		t.Fatal(err)
	}
	if ch.ScoreDelta != 5 || ch.LevelDelta != 2 || !ch.Rising() || ch.New != bitsOf([]Indicator{IndBehaviour, IndHighStrain}) || ch.Days != 182 {
		t.Errorf("change %+v", ch)
	}
	if _, err := m.Compare(&c1b, &c1a); !errors.Is(err, ErrDateOrder) {
		t.Errorf("reversed dates: %v", err)
	}
	if _, err := m.Compare(&c1a, &c2b); !errors.Is(err, ErrMismatch) {
		t.Errorf("different carers: %v", err)
	}

	cur := []Carer{c4, c3b, c2b, c5b, c1b}
	prev := []Carer{c5a, c1a, c3a, c2a}
	list, err := m.Prioritise(cur, prev, PriorityOptions{MinLevel: "medium"})
	if err != nil {
		t.Fatal(err)
	}
	// Order: C1 (high 6); then medium score 3: C2 (delta 0) before C5 (delta −3); then C3
	// (none, rising +1, included because rising).
	var ids []string
	for _, p := range list {
		ids = append(ids, p.CarerID+":"+p.Level)
	}
	if got, want := strings.Join(ids, " "), "C1:high C2:medium C5:medium C3:low"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
	if len(list[0].Reasons) != 3 || list[0].Reasons[0].Indicator != IndBehaviour || len(list[0].NewSince) != 2 {
		t.Errorf("C1 entry %+v", list[0])
	}
	only, _ := m.Prioritise(cur, prev, PriorityOptions{MinLevel: "medium", OnlyAtLevel: true, Limit: 2})
	if len(only) != 2 || only[1].CarerID != "C2" {
		t.Errorf("OnlyAtLevel+Limit: %+v", only)
	}
	var buf bytes.Buffer
	if err := m.WritePriorities(&buf, list); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{Disclaimer, "1. carer C1, person PC1: high (score 6), rising +5 since previous assessment",
		"behaviour that challenges directed at the carer recorded as high (flags at moderate or above) (+3)",
		"* new since previous assessment: high carer strain", "C5, person PC5: medium (score 3), falling -3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := m.Prioritise(cur, prev, PriorityOptions{MinLevel: "urgent"}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("unknown level: %v", err)
	}
	bad := append([]Carer(nil), cur...)
	bad[2].WeeklyHours = -1
	_, err = m.Prioritise(bad, prev, PriorityOptions{})
	var re *RecordError
	if !errors.As(err, &re) || re.Index != 2 || !errors.Is(err, ErrNegativeHours) {
		t.Errorf("invalid current: %v", err)
	}
}

func TestAssessDoesNotAllocate(t *testing.T) {
	m, _ := NewRiskModel(DefaultRiskConfig(), nil)
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	c := Carer{CarerID: "a", PersonID: "b", WeeklyHours: h("55"), BehaviourToCarer: BehaviourHigh, StrainInstrument: "csi", StrainScore: 8, LivesWith: Yes,
		Split: []CareHours{{ActivityPersonalCare, PeriodNight, h("50")}, {ActivityAny, PeriodAny, h("5")}}}
	n := testing.AllocsPerRun(100, func() {
		_ = m.Assess(&c)
		_, _ = v.Value(&c)
	})
	if n != 0 {
		t.Errorf("%v allocations per record", n)
	}
}
