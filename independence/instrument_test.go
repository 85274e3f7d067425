package independence

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Item maxima of the Barthel Index (domain.md §5, dss.dign.eu): the 0–100
// form; the 0–20 form is the same divided by 5.
var barthelMax = map[string]float64{
	"feeding": 10, "bathing": 5, "grooming": 5, "dressing": 10, "bowels": 10,
	"bladder": 10, "toilet_use": 10, "transfers": 15, "mobility": 15, "stairs": 10,
}

func TestBuiltins(t *testing.T) {
	cases := []struct {
		id       string
		items    int
		min, max float64
		bands    int
	}{
		{"barthel-100", 10, 0, 100, 5},
		{"barthel-20", 10, 0, 20, 0},
		{"seven-level-18", 18, 18, 126, 0},
		{"personal-care-4", 5, 0, 15, 0},
	}
	for _, c := range cases {
		in, err := Builtin(c.id)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		if len(in.Items) != c.items || in.MinTotal() != c.min || in.MaxTotal() != c.max || len(in.Bands) != c.bands {
			t.Errorf("%s: items %d total [%v, %v] bands %d; want %d [%v, %v] %d",
				c.id, len(in.Items), in.MinTotal(), in.MaxTotal(), len(in.Bands), c.items, c.min, c.max, c.bands)
		}
	}
	for _, form := range []struct {
		id  string
		div float64
	}{{"barthel-100", 1}, {"barthel-20", 5}} {
		in, _ := Builtin(form.id)
		for _, it := range in.Items {
			lv := in.ItemLevels(it.Code)
			if got, want := lv[len(lv)-1].Score, barthelMax[it.Code]/form.div; got != want {
				t.Errorf("%s %s: max %v, want %v", form.id, it.Code, got, want)
			}
			if lv[0].Score != 0 {
				t.Errorf("%s %s: min %v, want 0", form.id, it.Code, lv[0].Score)
			}
		}
	}
	seven, _ := Builtin("seven-level-18")
	if d := seven.Domains(); len(d) != 2 || d[0] != "motor" || d[1] != "cognitive" {
		t.Errorf("domains %v", d)
	}
	if _, err := Builtin("fim"); !errors.Is(err, ErrInvalidInstrument) {
		t.Errorf("unknown builtin: %v", err)
	}
}

func TestBarthelBands(t *testing.T) {
	in, _ := Builtin("barthel-100")
	for _, c := range []struct {
		total float64
		band  string
	}{{0, "totally dependent"}, {20, "totally dependent"}, {25, "heavily dependent"}, {60, "heavily dependent"},
		{65, "moderately dependent"}, {90, "moderately dependent"}, {95, "mildly dependent"}, {100, "independent"}} {
		if got := in.BandOf(c.total); got != c.band {
			t.Errorf("BandOf(%v) = %q, want %q", c.total, got, c.band)
		}
	}
	b20, _ := Builtin("barthel-20")
	custom, err := b20.WithBands([]Band{{"low", 0, 9}, {"high", 10, 20}})
	if err != nil {
		t.Fatal(err)
	}
	if custom.BandOf(9) != "low" || custom.BandOf(10) != "high" || len(b20.Bands) != 0 {
		t.Errorf("WithBands: %q %q, original bands %d", custom.BandOf(9), custom.BandOf(10), len(b20.Bands))
	}
	_, err = b20.WithBands([]Band{{"low", 0, 10}, {"high", 10, 25}})
	if !errors.Is(err, ErrInvalidInstrument) || !strings.Contains(err.Error(), "bands[1].min") || !strings.Contains(err.Error(), "bands[1]: range") {
		t.Errorf("overlapping / out-of-range bands: %v", err)
	}
}

func TestInstrumentValidatePaths(t *testing.T) {
	cases := []struct {
		name, json string
		paths      []string
	}{
		{"unknown field", `{"id":"x","name":"x","items":[],"extra":1}`, []string{"unknown field"}},
		{"no items", `{"id":"x","name":"x","items":[]}`, []string{"items: an instrument needs"}},
		{"bad id", `{"id":"X Y","name":"x","levels":[{"code":"a","label":"a","score":0},{"code":"b","label":"b","score":1}],"items":[{"code":"a","label":"a"}]}`, []string{"id:"}},
		{"scores not rising", `{"id":"x","name":"x","items":[{"code":"a","label":"a","levels":[{"code":"p","label":"p","score":1},{"code":"q","label":"q","score":1}]}]}`,
			[]string{"items[0].levels[1].score"}},
		{"numeric level code", `{"id":"x","name":"x","items":[{"code":"a","label":"a","levels":[{"code":"1","label":"p","score":1},{"code":"q","label":"q","score":2}]}]}`,
			[]string{"items[0].levels[0].code"}},
		{"duplicate item", `{"id":"x","name":"x","levels":[{"code":"a","label":"a","score":0},{"code":"b","label":"b","score":1}],"items":[{"code":"a","label":"a"},{"code":"a","label":"b"}]}`,
			[]string{"items[1].code: duplicate"}},
		{"no levels", `{"id":"x","name":"x","items":[{"code":"a","label":"a"}]}`, []string{"items[0].levels"}},
		{"band outside", `{"id":"x","name":"x","levels":[{"code":"a","label":"a","score":0},{"code":"b","label":"b","score":1}],"items":[{"code":"a","label":"a"}],"bands":[{"label":"z","min":0,"max":2}]}`,
			[]string{"bands[0]: range"}},
		{"trailing", `{"id":"x","name":"x","items":[]} {}`, []string{"trailing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadInstrument(strings.NewReader(c.json))
			if !errors.Is(err, ErrInvalidInstrument) {
				t.Fatalf("err = %v, want ErrInvalidInstrument", err)
			}
			for _, p := range c.paths {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("error %q does not mention %q", err, p)
				}
			}
		})
	}
	// A *FieldError is reachable with errors.As.
	_, err := LoadInstrument(strings.NewReader(cases[3].json))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "items[0].levels[1].score" {
		t.Errorf("errors.As FieldError: %#v", fe)
	}
}

// barthelAll rates every item at its maximum, given as a score.
func barthelAll() map[string]string {
	m := map[string]string{}
	for k, v := range barthelMax {
		m[k] = fmtF(v)
	}
	return m
}

func TestScoreBarthel(t *testing.T) {
	in, _ := Builtin("barthel-100")
	a := Assessment{PersonID: "P1", Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), AgeYears: 80, Levels: barthelAll()}
	s, err := in.Score(a)
	if err != nil || s.Total != 100 || s.Band != "independent" {
		t.Fatalf("all independent: %+v, %v", s, err)
	}
	// Hand-worked: feeding needs help (5), transfers minor help (10),
	// mobility "5" as a score, stairs unable (0), the rest independent:
	// 100 − 5 − 5 − 10 − 10 = 70, "moderately dependent".
	a.Levels["feeding"] = "needs_help"
	a.Levels["transfers"] = "minor_help"
	a.Levels["mobility"] = "5"
	a.Levels["stairs"] = "unable"
	s, err = in.Score(a)
	if err != nil || s.Total != 70 || s.Band != "moderately dependent" {
		t.Fatalf("mixed: total %v band %q, %v", s.Total, s.Band, err)
	}
	if s.LevelIndex[8] != 1 || s.ItemScores[8] != 5 {
		t.Errorf("mobility: level %d score %v", s.LevelIndex[8], s.ItemScores[8])
	}

	// Errors name the record and field.
	bad := Assessment{PersonID: "P2", Levels: barthelAll()}
	bad.Levels["feeding"] = "sometimes"
	bad.Levels["stairs"] = "20"
	bad.Levels["transfers"] = "7"
	delete(bad.Levels, "bathing")
	bad.Levels["cooking"] = "independent"
	_, err = in.ScoreAll([]Assessment{a, bad})
	for _, c := range []struct {
		field    string
		sentinel error
	}{{"feeding", ErrUnknownLevel}, {"stairs", ErrScoreOutOfRange}, {"transfers", ErrScoreOutOfRange}, {"bathing", ErrMissingItem}, {"cooking", ErrUnknownItem}} {
		found := false
		for _, e := range unjoin(err) {
			for _, e2 := range unjoin(e) {
				var re *RecordError
				if errors.As(e2, &re) && re.Field == c.field && re.Record == 1 && re.PersonID == "P2" && errors.Is(re, c.sentinel) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("no RecordError for record 1 field %s (%v) in %v", c.field, c.sentinel, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "independence: record 1 (person \"P2\") field") {
		t.Errorf("message: %q", err)
	}
}

func TestScoreSevenLevelDomains(t *testing.T) {
	in, _ := Builtin("seven-level-18")
	lv := map[string]string{}
	for _, it := range in.Items {
		if it.Domain == "motor" {
			lv[it.Code] = "supervision" // 5
		} else {
			lv[it.Code] = "7"
		}
	}
	s, err := in.Score(Assessment{PersonID: "C", Levels: lv})
	if err != nil {
		t.Fatal(err)
	}
	// 13 motor × 5 = 65, 5 cognitive × 7 = 35.
	if s.Total != 100 || s.Domains["motor"] != 65 || s.Domains["cognitive"] != 35 {
		t.Errorf("total %v domains %v", s.Total, s.Domains)
	}
	lv["memory"] = "0"
	if _, err := in.Score(Assessment{Levels: lv}); !errors.Is(err, ErrScoreOutOfRange) {
		t.Errorf("score 0 on a 1–7 scale: %v", err)
	}
}

func TestHelpProfile(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	s, err := in.Score(Assessment{PersonID: "P1", Levels: map[string]string{
		"nutrition": "some_help", "hygiene": "full_help", "toilet": "independent", "clothing": "prompting", "home_safety": "independent"}})
	if err != nil {
		t.Fatal(err)
	}
	help := []HelpEntry{
		{PersonID: "P1", Relationship: HelperParent, Activity: "hygiene", HoursPerWeek: 7},
		{PersonID: "P2", Relationship: HelperFriend, Activity: "shopping", HoursPerWeek: 3},
		{PersonID: "P1", Relationship: HelperSibling, Activity: "hygiene", HoursPerWeek: 1.5},
		{PersonID: "P1", Relationship: HelperParent, Activity: "nutrition", HoursPerWeek: 10},
	}
	p, err := BuildProfile(in, s, help)
	if err != nil {
		t.Fatal(err)
	}
	if p.TotalHoursPerWeek != 18.5 || p.HoursByHelper[HelperParent] != 17 || len(p.Activities) != 2 {
		t.Fatalf("profile %+v", p)
	}
	hy := p.Activities[0]
	if hy.Activity != "hygiene" || hy.HoursPerWeek != 8.5 || hy.Level != "needs full help" || len(hy.Helpers) != 2 {
		t.Errorf("hygiene %+v", hy)
	}
	help = append(help, HelpEntry{PersonID: "P1", Relationship: "butler", Activity: "hygiene", HoursPerWeek: -2})
	_, err = BuildProfile(in, s, help)
	var re *RecordError
	if !errors.Is(err, ErrNegativeHours) || !errors.As(err, &re) || re.Record != 4 {
		t.Errorf("negative hours: %v", err)
	}
	if !strings.Contains(err.Error(), `field "relationship"`) || !strings.Contains(err.Error(), `field "hours_per_week"`) {
		t.Errorf("message %q", err)
	}
	ps, err := BuildProfiles(in, []Score{s}, help[:4])
	if err != nil || len(ps) != 2 || ps[1].PersonID != "P2" || ps[1].HasScore || ps[1].TotalHoursPerWeek != 3 {
		t.Errorf("BuildProfiles %+v %v", ps, err)
	}
}
