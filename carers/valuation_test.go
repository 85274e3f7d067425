package carers

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/internal/field"
)

func h(s string) Hours {
	v, err := ParseHours(s)
	if err != nil {
		panic(err)
	}
	return v
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// All expected values below were worked by hand (hours × rate, then × weeks, rounding once to
// the penny, halves up).
func TestValueReplacementCost(t *testing.T) {
	card := RateCard{
		Name: "test", Source: "hand-made test card", Default: dec("25"),
		Rates: []Rate{
			{Activity: ActivityPersonalCare, Period: PeriodNight, PerHour: dec("30")},
			{Activity: ActivityAny, Period: PeriodWeekend, PerHour: dec("28")},
			{Activity: ActivitySupervision, Period: PeriodAny, PerHour: dec("20")},
		},
	}
	tests := []struct {
		name           string
		card           RateCard
		weeks          string
		carer          Carer
		weekly, annual string
	}{
		{"35h at £25, 52 weeks", DefaultRateCard(), "", Carer{WeeklyHours: h("35")}, "875.00", "45500.00"},
		{"37.5h at £25", DefaultRateCard(), "", Carer{WeeklyHours: h("37.5")}, "937.50", "48750.00"},
		{"zero hours", DefaultRateCard(), "", Carer{}, "0.00", "0.00"},
		{"168h at £25", DefaultRateCard(), "", Carer{WeeklyHours: h("168")}, "4200.00", "218400.00"},
		// 250 × 52.1429 = 13035.725 → 13035.73
		{"10h, 52.1429 weeks rounds half up", DefaultRateCard(), "52.1429", Carer{WeeklyHours: h("10")}, "250.00", "13035.73"},
		// 10.01 h × £25 = 250.25; × 52.1429 = 13048.760725 → 13048.76
		{"10.01h, 52.1429 weeks", DefaultRateCard(), "52.1429", Carer{WeeklyHours: h("10.01")}, "250.25", "13048.76"},
		// personal care night 10h × 30 = 300; personal care day 5h → default 25 = 125;
		// supervision weekend 4h → (supervision, any) 20 = 80, which beats (any, weekend);
		// domestic weekend 2.5h → (any, weekend) 28 = 70. Total 575.00; × 52 = 29900.00.
		{"split with fallbacks", card, "", Carer{WeeklyHours: h("21.5"), Split: []CareHours{
			{ActivityPersonalCare, PeriodNight, h("10")},
			{ActivityPersonalCare, PeriodDay, h("5")},
			{ActivitySupervision, PeriodWeekend, h("4")},
			{ActivityDomestic, PeriodWeekend, h("2.5")},
		}}, "575.00", "29900.00"},
		// 0.01 h × £0.50 = 0.5p → 1p (half up); annual 0.5 × 52 = 26p exactly (rounded once).
		{"half penny rounds up", RateCard{Name: "t", Source: "s", Default: dec("0.50")}, "", Carer{WeeklyHours: 1}, "0.01", "0.26"},
		// 0.01 h × £0.49 = 0.49p → 0p; annual 0.49 × 52 = 25.48p → 25p.
		{"below half penny rounds down", RateCard{Name: "t", Source: "s", Default: dec("0.49")}, "", Carer{WeeklyHours: 1}, "0.00", "0.25"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := ValuationOptions{}
			if tc.weeks != "" {
				opt.WeeksPerYear = dec(tc.weeks)
			}
			v, err := NewReplacementCost(tc.card, opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.Value(&tc.carer)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Weekly().Equal(dec(tc.weekly)) || !got.Annual().Equal(dec(tc.annual)) {
				t.Errorf("got weekly %s annual %s, want %s and %s", got.Weekly(), got.Annual(), tc.weekly, tc.annual)
			}
			if got.Basis.Method != ReplacementCost || got.Basis.RateCard.Name != tc.card.Name {
				t.Errorf("basis %v does not record the method and card", got.Basis)
			}
		})
	}
}

func TestValueOpportunityCost(t *testing.T) {
	// 20 h × £11.44 = £228.80; × 52 = £11,897.60.
	v, err := NewOpportunityCost(Wage{PerHour: dec("11.44"), Source: "test wage"}, ValuationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Value(&Carer{WeeklyHours: h("20"), Split: []CareHours{{ActivityPersonalCare, PeriodNight, h("20")}}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Weekly().Equal(dec("228.80")) || !got.Annual().Equal(dec("11897.60")) {
		t.Errorf("got %s/%s, want 228.80/11897.60", got.Weekly(), got.Annual())
	}
	if s := got.Basis.String(); s != "opportunity_cost, wage £11.44/h, 52 weeks/year" {
		t.Errorf("basis %q", s)
	}
	if _, err := NewOpportunityCost(Wage{PerHour: dec("11.44")}, ValuationOptions{}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("wage without source: got %v", err)
	}
}

func TestDefaultRateCard(t *testing.T) {
	c := DefaultRateCard()
	if !c.Default.Equal(dec("25")) || c.Year != 2021 || !strings.Contains(c.Source, "Valuing Carers 2021") {
		t.Errorf("default card %+v", c)
	}
	v, _ := NewReplacementCost(c, ValuationOptions{})
	if s := v.Basis().String(); s != "replacement_cost, card carers_uk_2021 (default £25.00/h), 52 weeks/year" {
		t.Errorf("basis %q", s)
	}
}

func TestValueErrors(t *testing.T) {
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	tests := []struct {
		name  string
		c     Carer
		want  error
		field string
	}{
		{"negative", Carer{WeeklyHours: -1}, ErrNegativeHours, "weekly_hours"},
		{"too many", Carer{WeeklyHours: MaxWeeklyHours + 1}, ErrHoursRange, "weekly_hours"},
		{"split mismatch", Carer{WeeklyHours: h("10"), Split: []CareHours{{Hours: h("9")}}}, ErrHoursMismatch, "split"},
		{"split negative", Carer{WeeklyHours: h("10"), Split: []CareHours{{Hours: h("11")}, {Hours: -h("1")}}}, ErrNegativeHours, "split[1].hours"},
	}
	for _, tc := range tests {
		_, err := v.Value(&tc.c)
		var re *RecordError
		if !errors.Is(err, tc.want) || !errors.As(err, &re) || re.Field != tc.field {
			t.Errorf("%s: got %v, want %v in field %s", tc.name, err, tc.want, tc.field)
		}
	}
	cs := []Carer{{WeeklyHours: 1}, {WeeklyHours: -5}}
	_, err := v.ValueAll(nil, cs)
	var re *RecordError
	if !errors.As(err, &re) || re.Index != 1 || !strings.Contains(err.Error(), "record 1, field weekly_hours") {
		t.Errorf("ValueAll: got %v", err)
	}
}

func TestRateCardValidate(t *testing.T) {
	good := func() RateCard { return RateCard{Name: "n", Source: "s", Default: dec("25")} }
	tests := []struct {
		name string
		mod  func(*RateCard)
		path string
	}{
		{"no name", func(c *RateCard) { c.Name = "" }, "name"},
		{"no source", func(c *RateCard) { c.Source = "" }, "source"},
		{"zero default", func(c *RateCard) { c.Default = decimal.Zero }, "default_per_hour"},
		{"sub-penny", func(c *RateCard) { c.Default = dec("25.001") }, "default_per_hour"},
		{"too high", func(c *RateCard) { c.Default = dec("10000.01") }, "default_per_hour"},
		{"bad rate", func(c *RateCard) { c.Rates = []Rate{{PerHour: dec("20")}, {Period: PeriodNight, PerHour: dec("-1")}} }, "rates[1].per_hour"},
		{"duplicate", func(c *RateCard) {
			c.Rates = []Rate{{Period: PeriodNight, PerHour: dec("20")}, {Period: PeriodNight, PerHour: dec("21")}}
		}, "rates[1]"},
	}
	for _, tc := range tests {
		c := good()
		tc.mod(&c)
		err := c.Validate()
		var ce *ConfigError
		if !errors.Is(err, ErrInvalidConfig) || !errors.As(err, &ce) || ce.Path != tc.path {
			t.Errorf("%s: got %v, want path %s", tc.name, err, tc.path)
		}
	}
	for _, w := range []string{"0.5", "54", "52.12345"} {
		if _, err := NewReplacementCost(good(), ValuationOptions{WeeksPerYear: dec(w)}); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("weeks %s: got %v", w, err)
		}
	}
}

func TestReadRateCard(t *testing.T) {
	const js = `{"name":"council","source":"council fee schedule 2024/25","default_per_hour":"24.50",
	 "rates":[{"activity":"personal_care","period":"night","per_hour":31.20}]}`
	c, err := ReadRateCard(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewReplacementCost(c, ValuationOptions{})
	if got := v.RatePence(ActivityPersonalCare, PeriodNight); got != 3120 {
		t.Errorf("night personal care %d pence, want 3120", got)
	}
	if got := v.RatePence(ActivityDomestic, PeriodNight); got != 2450 {
		t.Errorf("night domestic %d pence, want 2450", got)
	}
	for _, bad := range []string{
		`{"name":"x","source":"s","default_per_hour":"1","extra":1}`,
		`{"name":"x","source":"s","default_per_hour":"1","rates":[{"activity":"cooking","per_hour":"2"}]}`,
		`{"name":"x","source":"s","default_per_hour":"1"} {}`,
	} {
		if _, err := ReadRateCard(strings.NewReader(bad)); !errors.Is(err, ErrInvalidConfig) && !errors.Is(err, ErrBadValue) {
			t.Errorf("%s: got %v", bad, err)
		}
	}
}

func TestHours(t *testing.T) {
	tests := []struct {
		in   string
		want Hours
		err  error
	}{
		{"37.5", 3750, nil}, {"0", 0, nil}, {"168", 16800, nil}, {" 12.25 ", 1225, nil},
		{"12.345", 1235, nil}, {"12.344", 1234, nil}, {".5", 50, nil}, {"007", 700, nil},
		{"-1", 0, ErrNegativeHours}, {"-0", 0, nil}, {"168.01", 0, ErrHoursRange}, {"99999", 0, ErrHoursRange},
		{"1e3", 0, ErrHoursRange}, {"abc", 0, ErrBadValue}, {"", 0, ErrMissingField}, {".", 0, ErrBadValue},
		{"1.2.3", 0, ErrBadValue}, {"NaN", 0, ErrBadValue},
		// Issue #13: the range is checked on the value as written, before rounding to 0.01 h.
		{"168.004", 0, ErrHoursRange}, {"168.0000000001", 0, ErrHoursRange}, {"-0.001", 0, ErrNegativeHours},
		{"168.000", 16800, nil}, {"37.505", 3751, nil}, {"0.004", 0, nil}, {"+5", 500, nil},
		// Plain decimal notation (internal/field.Float): an exponent is allowed, other forms are not.
		{"1e1", 1000, nil}, {"1.68E2", 16800, nil}, {"2.5e-2", 3, nil}, {"1e-99999999999", 0, ErrBadValue}, {"-0e5", 0, nil}, {"0e99999999999", 0, nil}, {"1e-30", 0, nil}, {"1.5e-30", 0, ErrBadValue},
		{"0x1p3", 0, field.ErrNotDecimal}, {"1_0", 0, field.ErrNotDecimal}, {"Inf", 0, field.ErrNotDecimal},
		{"1e400", 0, field.ErrNotFinite}, {"1e400", 0, ErrHoursRange}, {"0x1p3", 0, ErrBadValue},
		{"5." + strings.Repeat("0", 30) + "1", 0, ErrBadValue},
		// Out of range before too many places (found by FuzzParseHours).
		{"200." + strings.Repeat("0", 30) + "1", 0, ErrHoursRange}, {"168." + strings.Repeat("0", 30) + "1", 0, ErrHoursRange},
		{"167." + strings.Repeat("9", 31), 0, ErrBadValue},
	}
	for _, tc := range tests {
		got, err := ParseHours(tc.in)
		if !errors.Is(err, tc.err) || (tc.err == nil && got != tc.want) {
			t.Errorf("ParseHours(%q) = %d, %v; want %d, %v", tc.in, got, err, tc.want, tc.err)
		}
	}
	if got, err := HoursFromFloat(37.5); err != nil || got != 3750 {
		t.Errorf("HoursFromFloat(37.5) = %d, %v", got, err)
	}
	if got, _ := HoursFromFloat(0.005); got != 1 {
		t.Errorf("HoursFromFloat(0.005) = %d, want 1 (half away from zero)", got)
	}
	for _, f := range []float64{-0.5, 168.01, 168.004, math.Nextafter(168, 169), -1e-300} {
		if _, err := HoursFromFloat(f); err == nil {
			t.Errorf("HoursFromFloat(%g) accepted", f)
		}
	}
	if s := Hours(3750).String(); s != "37.50" {
		t.Errorf("String %q", s)
	}
}

func TestMoneyFromFloatPence(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{28050, "280.50"}, {28049.5, "280.50"}, {28049.49, "280.49"}, {0.5, "0.01"}, {0.49, "0.00"}, {-0.5, "-0.01"}}
	for _, tc := range tests {
		got, err := MoneyFromFloatPence(tc.in)
		if err != nil || !got.Equal(dec(tc.want)) {
			t.Errorf("MoneyFromFloatPence(%v) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	if _, err := MoneyFromFloatPence(nan()); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
}
