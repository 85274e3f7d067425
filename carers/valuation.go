package carers

import (
	"errors"
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/internal/strictjson"
)

// Method is a way of putting a money value on unpaid care.
type Method uint8

// Valuation methods.
const (
	// ReplacementCost values each hour at what it would cost to buy the same care: hours ×
	// the hourly cost of replacement (home) care, optionally by activity and period.
	ReplacementCost Method = iota + 1
	// OpportunityCost values each hour at what the carer could have earned instead: hours × a
	// wage.
	OpportunityCost
)

// String returns "replacement_cost" or "opportunity_cost".
func (m Method) String() string {
	switch m {
	case ReplacementCost:
		return "replacement_cost"
	case OpportunityCost:
		return "opportunity_cost"
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// MarshalText implements encoding.TextMarshaler.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Default replacement-cost rate and its source.
const (
	// DefaultReplacementRate is £25.00 an hour: the replacement cost of care in 2021 used by
	// Carers UK and the University of Sheffield in "Valuing Carers 2021" (published May 2023),
	// which valued unpaid care in England and Wales at £162bn a year from 2021 Census hours.
	// The same study used £18 an hour for 2011.
	DefaultReplacementRate = "25.00"
	// DefaultReplacementSource cites DefaultReplacementRate.
	DefaultReplacementSource = "Carers UK and University of Sheffield, Valuing Carers 2021 (May 2023): " +
		"replacement care £25/hour in 2021 (£18/hour in 2011); reported e.g. by ITV News 2023-05-03, " +
		"https://www.itv.com/news/2023-05-03/value-of-unpaid-carers-work-found-to-be-equivalent-to-a-second-nhs"
)

// defaultWeeksPerYear is the number of weeks in a year used to annualise weekly values when
// ValuationOptions.WeeksPerYear is zero: 52. This is a convention, not a sourced figure; set
// 52.1429 (365/7 rounded to four places) for a calendar-exact year.
var defaultWeeksPerYear = decimal.NewFromInt(52)

// Limits that keep integer valuation arithmetic exact in int64.
const (
	maxRatePence   = 1_000_000 // £10,000 an hour
	maxWeeksPlaces = 4         // weeks per year to at most 4 decimal places
	maxWeeks       = 53
)

// Rate is the hourly rate for one activity in one period. ActivityAny or PeriodAny match all
// activities or periods not priced more specifically.
type Rate struct {
	Activity Activity        `json:"activity"`
	Period   Period          `json:"period"`
	PerHour  decimal.Decimal `json:"per_hour"`
}

// RateCard is the set of hourly rates for the replacement-cost method.
//
// A rate for activity a in period p is looked up in this order: the rate for (a, p); the rate
// for (a, any); the rate for (any, p); Default. Rates are in pounds with at most two decimal
// places (whole pence), 0 < rate ≤ £10,000.
type RateCard struct {
	// Name identifies the card in results, e.g. "carers_uk_2021".
	Name string `json:"name"`
	// Source cites where the rates come from. Required.
	Source string `json:"source"`
	// Year the rates apply to (informational; 0 if not stated).
	Year int `json:"year,omitempty"`
	// Default is the hourly rate for hours with no more specific rate. Required.
	Default decimal.Decimal `json:"default_per_hour"`
	// Rates are the more specific rates; at most one per (activity, period).
	Rates []Rate `json:"rates,omitempty"`
}

// DefaultRateCard returns the Carers UK 2021 card: every hour at £25.00.
func DefaultRateCard() RateCard {
	return RateCard{
		Name:    "carers_uk_2021",
		Source:  DefaultReplacementSource,
		Year:    2021,
		Default: decimal.RequireFromString(DefaultReplacementRate),
	}
}

// ReadRateCard decodes a rate card from JSON, rejecting unknown fields, and validates it.
func ReadRateCard(r io.Reader) (RateCard, error) {
	var c RateCard
	if err := decodeStrict(r, "rate card", &c); err != nil {
		return RateCard{}, err
	}
	return c, c.Validate()
}

// Validate checks the card: a name and source, whole-penny rates in range, at most one rate per
// (activity, period). Errors are *ConfigError with a JSON path.
func (c *RateCard) Validate() error {
	fail := func(path string, format string, args ...any) error {
		return &ConfigError{Config: fmt.Sprintf("rate card %q", c.Name), Path: path, Err: detail(ErrInvalidConfig, format, args...)}
	}
	if c.Name == "" {
		return fail("name", "empty")
	}
	if err := field.ID(c.Name); err != nil {
		return fail("name", "%v", err)
	}
	if c.Source == "" {
		return fail("source", "empty: every rate must cite its source")
	}
	if err := field.ID(c.Source); err != nil {
		return fail("source", "%v", err)
	}
	if _, err := ratePence(c.Default); err != nil {
		return fail("default_per_hour", "%v", trimPrefix(err))
	}
	seen := make(map[[2]uint8]int, len(c.Rates))
	for i, r := range c.Rates {
		p := fmt.Sprintf("rates[%d]", i)
		if r.Activity >= numActivities {
			return fail(p+".activity", "unknown activity %d", r.Activity)
		}
		if r.Period >= numPeriods {
			return fail(p+".period", "unknown period %d", r.Period)
		}
		if _, err := ratePence(r.PerHour); err != nil {
			return fail(p+".per_hour", "%v", trimPrefix(err))
		}
		k := [2]uint8{uint8(r.Activity), uint8(r.Period)}
		if j, ok := seen[k]; ok {
			return fail(p, "duplicate of rates[%d] (%s, %s)", j, r.Activity, r.Period)
		}
		seen[k] = i
	}
	return nil
}

// ratePence converts an hourly rate in pounds to whole pence.
func ratePence(d decimal.Decimal) (int64, error) {
	if !d.IsPositive() {
		return 0, detail(ErrBadValue, "rate must be positive")
	}
	p := d.Shift(2)
	if !p.Equal(p.Truncate(0)) {
		return 0, detail(ErrBadValue, "rate must be whole pence (at most 2 decimal places)")
	}
	if p.GreaterThan(decimal.NewFromInt(maxRatePence)) {
		return 0, detail(ErrBadValue, "rate above £10,000 an hour")
	}
	return p.IntPart(), nil
}

// Wage is the hourly wage for the opportunity-cost method. There is no default: the wage
// forgone depends on who the carers are, so the caller states it and its source.
type Wage struct {
	// PerHour in pounds, whole pence, 0 < PerHour ≤ £10,000.
	PerHour decimal.Decimal `json:"per_hour"`
	// Source cites the wage (e.g. a survey median or a statutory minimum). Required.
	Source string `json:"source"`
}

// ValuationOptions are options for NewReplacementCost and NewOpportunityCost. The zero value
// gives the defaults.
type ValuationOptions struct {
	// WeeksPerYear annualises weekly values; zero means 52 (a convention, not a sourced
	// figure; 52.1429 is 365/7 to four places). At most four
	// decimal places, between 1 and 53.
	WeeksPerYear decimal.Decimal
}

// Basis records how a valuation was made: the method, the rates and their source, and the
// weeks per year. Every Valuation points to its Basis.
type Basis struct {
	Method       Method
	RateCard     RateCard        // for ReplacementCost
	Wage         Wage            // for OpportunityCost
	WeeksPerYear decimal.Decimal // as used
}

// String describes the basis in one line, e.g.
// "replacement_cost, card carers_uk_2021 (default £25.00/h), 52 weeks/year". A nil Basis (a
// Summary of people none of whom has a valuation, see SummaryOptions.Basis) is
// "no valuation basis (nothing valued)".
func (b *Basis) String() string {
	if b == nil {
		return "no valuation basis (nothing valued)"
	}
	switch b.Method {
	case ReplacementCost:
		s := fmt.Sprintf("replacement_cost, card %s (default £%s/h", b.RateCard.Name, b.RateCard.Default.StringFixed(2))
		if n := len(b.RateCard.Rates); n > 0 {
			s += fmt.Sprintf(", %d specific rates", n)
		}
		return s + fmt.Sprintf("), %s weeks/year", b.WeeksPerYear)
	case OpportunityCost:
		return fmt.Sprintf("opportunity_cost, wage £%s/h, %s weeks/year", b.Wage.PerHour.StringFixed(2), b.WeeksPerYear)
	}
	return "unknown method"
}

// Valuer values carers' hours by one method. It is read-only after construction and safe for
// concurrent use.
type Valuer struct {
	basis    Basis
	rate     [numActivities][numPeriods]int64 // pence per hour, fully resolved
	weeksNum int64                            // weeks per year = weeksNum / weeksDen
	weeksDen int64
}

// NewReplacementCost returns a Valuer for the replacement-cost method with the given rate card
// (see DefaultRateCard).
func NewReplacementCost(card RateCard, opt ValuationOptions) (*Valuer, error) {
	if err := card.Validate(); err != nil {
		return nil, err
	}
	v := &Valuer{basis: Basis{Method: ReplacementCost, RateCard: card}}
	v.basis.RateCard.Rates = append([]Rate(nil), card.Rates...)
	if err := v.setWeeks(opt); err != nil {
		return nil, err
	}
	def, _ := ratePence(card.Default)
	var specific [numActivities][numPeriods]int64
	for _, r := range card.Rates {
		specific[r.Activity][r.Period], _ = ratePence(r.PerHour)
	}
	for a := range numActivities {
		for p := range numPeriods {
			switch {
			case specific[a][p] > 0:
				v.rate[a][p] = specific[a][p]
			case specific[a][PeriodAny] > 0:
				v.rate[a][p] = specific[a][PeriodAny]
			case specific[ActivityAny][p] > 0:
				v.rate[a][p] = specific[ActivityAny][p]
			default:
				v.rate[a][p] = def
			}
		}
	}
	return v, nil
}

// NewOpportunityCost returns a Valuer for the opportunity-cost method: every hour at w.PerHour.
func NewOpportunityCost(w Wage, opt ValuationOptions) (*Valuer, error) {
	fail := func(path string, err error) error {
		return &ConfigError{Config: "wage", Path: path, Err: detail(ErrInvalidConfig, "%v", trimPrefix(err))}
	}
	p, err := ratePence(w.PerHour)
	if err != nil {
		return nil, fail("per_hour", err)
	}
	if w.Source == "" {
		return nil, fail("source", fmt.Errorf("empty: the wage must cite its source"))
	}
	v := &Valuer{basis: Basis{Method: OpportunityCost, Wage: w}}
	if err := v.setWeeks(opt); err != nil {
		return nil, err
	}
	for a := range numActivities {
		for q := range numPeriods {
			v.rate[a][q] = p
		}
	}
	return v, nil
}

func (v *Valuer) setWeeks(opt ValuationOptions) error {
	w := opt.WeeksPerYear
	if w.IsZero() {
		w = defaultWeeksPerYear
	}
	fail := func(format string, args ...any) error {
		return &ConfigError{Config: "valuation options", Path: "weeks_per_year", Err: detail(ErrInvalidConfig, format, args...)}
	}
	if w.LessThan(decimal.NewFromInt(1)) || w.GreaterThan(decimal.NewFromInt(maxWeeks)) {
		return fail("must be between 1 and %d", maxWeeks)
	}
	scaled := w.Shift(maxWeeksPlaces)
	if !scaled.Equal(scaled.Truncate(0)) {
		return fail("at most %d decimal places", maxWeeksPlaces)
	}
	num, den := scaled.IntPart(), int64(10_000)
	for num%10 == 0 && den > 1 {
		num, den = num/10, den/10
	}
	v.weeksNum, v.weeksDen = num, den
	v.basis.WeeksPerYear = w
	return nil
}

// Basis returns how this Valuer values care.
func (v *Valuer) Basis() *Basis { return &v.basis }

// RatePence returns the hourly rate in pence that applies to activity a in period p, after the
// look-up order of RateCard.
func (v *Valuer) RatePence(a Activity, p Period) int64 {
	if a >= numActivities || p >= numPeriods {
		return 0
	}
	return v.rate[a][p]
}

// Valuation is the money value of one carer's weekly hours. Amounts are exact pence: the
// weekly value is Σ hours × rate rounded once to the penny (halves up), and the annual value
// is the unrounded weekly value × weeks per year, rounded once to the penny (halves up).
type Valuation struct {
	Basis       *Basis // method, rates and weeks per year used
	Hours       Hours  // weekly hours valued
	WeeklyPence int64
	AnnualPence int64
}

// Weekly returns the weekly value in pounds.
func (x Valuation) Weekly() decimal.Decimal { return PenceToMoney(x.WeeklyPence) }

// Annual returns the annual value in pounds.
func (x Valuation) Annual() decimal.Decimal { return PenceToMoney(x.AnnualPence) }

// Value values one carer's weekly hours. It does not allocate. It returns a *RecordError (Index
// -1) for hours out of range or a breakdown that does not add up.
func (v *Valuer) Value(c *Carer) (Valuation, error) {
	// Units: hours in 0.01 h × rate in pence = value in 0.01 pence ("centipence").
	var centi int64
	if len(c.Split) == 0 {
		if c.WeeklyHours < 0 || c.WeeklyHours > MaxWeeklyHours {
			return Valuation{}, c.validateHours(-1)
		}
		centi = int64(c.WeeklyHours) * v.rate[0][0]
	} else {
		var sum Hours
		for i := range c.Split {
			s := &c.Split[i]
			if s.Hours < 0 || s.Hours > MaxWeeklyHours || s.Activity >= numActivities || s.Period >= numPeriods {
				return Valuation{}, c.validateHours(-1)
			}
			sum += s.Hours
			centi += int64(s.Hours) * v.rate[s.Activity][s.Period]
		}
		if sum != c.WeeklyHours {
			return Valuation{}, c.validateHours(-1)
		}
	}
	return Valuation{
		Basis:       &v.basis,
		Hours:       c.WeeklyHours,
		WeeklyPence: mulDivHalfUp(centi, 1, 100),
		AnnualPence: mulDivHalfUp(centi, v.weeksNum, 100*v.weeksDen),
	}, nil
}

// ValueAll values carers[i] into dst[i], growing dst as needed, and returns it. On the first
// invalid record it returns the values so far and a *RecordError naming the record's index.
func (v *Valuer) ValueAll(dst []Valuation, carers []Carer) ([]Valuation, error) {
	dst = dst[:0]
	if cap(dst) < len(carers) {
		dst = make([]Valuation, 0, len(carers))
	}
	for i := range carers {
		x, err := v.Value(&carers[i])
		if err != nil {
			if re, ok := err.(*RecordError); ok {
				re.Index = i
			}
			return dst, err
		}
		dst = append(dst, x)
	}
	return dst, nil
}

// ValuationLine is one line of an itemised valuation (see Explain).
type ValuationLine struct {
	Activity  Activity
	Period    Period
	Hours     Hours
	RatePence int64 // pence per hour applied
	// CentiPence is hours × rate exactly, in hundredths of a penny (before rounding the total).
	CentiPence int64
}

// Explain itemises how Value arrived at c's weekly value: one line per breakdown entry (or one
// line for the weekly hours when there is no breakdown), with the rate applied.
func (v *Valuer) Explain(c *Carer) ([]ValuationLine, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if len(c.Split) == 0 {
		r := v.rate[0][0]
		return []ValuationLine{{Hours: c.WeeklyHours, RatePence: r, CentiPence: int64(c.WeeklyHours) * r}}, nil
	}
	out := make([]ValuationLine, len(c.Split))
	for i, s := range c.Split {
		r := v.rate[s.Activity][s.Period]
		out[i] = ValuationLine{Activity: s.Activity, Period: s.Period, Hours: s.Hours, RatePence: r, CentiPence: int64(s.Hours) * r}
	}
	return out, nil
}

// decodeStrict decodes one JSON configuration (config names it in errors):
// input that is not valid UTF-8, a key given twice or in the wrong case, an
// unknown key, null and trailing data are errors (internal/strictjson), a
// *ConfigError with the path of the value.
func decodeStrict(r io.Reader, config string, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := strictjson.Decode(data, v); err != nil {
		var se *strictjson.Error
		errors.As(err, &se)
		where, what := "", ""
		if se.Path == "" {
			where = fmt.Sprintf("byte %d: ", se.Offset)
		}
		if se.Detail != "" {
			what = " (" + se.Detail + ")"
		}
		return &ConfigError{Config: config, Path: se.Path, Err: fmt.Errorf("%w: %s%w%s", ErrInvalidConfig, where, se.Err, what)}
	}
	return nil
}
