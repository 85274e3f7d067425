package ras

import "strings"

// The explanation's budget range step ("range"; see RangeRules).

// rangeGroupWords names a range's group for explanations: "the Adult
// Social Care cohort", "people living in a nursing home", or "" without a
// grouping.
func rangeGroupWords(by uint8, key string) string {
	switch by {
	case rangeByCohort:
		return "the " + cohortNames[Cohort(key)] + " cohort"
	case rangeBySetting:
		return "people living in: " + settingNames[LivingSetting(key)]
	}
	return ""
}

// rangeRoundingWords says how the ends of a range are rounded: "the lower
// end is rounded down and the upper end up, to the penny".
func (e *Engine) rangeRoundingWords() string {
	w := e.roundingWords()
	_, unit, _ := strings.Cut(w, " to ")
	return "the lower end is rounded down and the upper end up, to " + unit
}

// rangePart adds the explanation's range step, if the result has one, and
// reports whether it did.
func (r *Result) rangePart(add func(key, section string, data any)) bool {
	lo, hi, g, ok := r.rangeMicro()
	if !ok {
		return false
	}
	e := r.engine
	u := e.unitMicro
	c := e.rng
	d := rangeData{
		Lower:       e.show(microToDecimal(roundMicro(lo, u, RoundDown))),
		Upper:       e.show(microToDecimal(roundMicro(hi, u, RoundUp))),
		AnnualLower: e.show(microToDecimal(roundProduct(lo, e.weeksMicro, 1_000_000, u, RoundDown))),
		AnnualUpper: e.show(microToDecimal(roundProduct(hi, e.weeksMicro, 1_000_000, u, RoundUp))),
		Level:       c.level.Shift(2).String() + "%",
		N:           thousands(int64(g.n)),
		Group:       rangeGroupWords(c.by, g.key),
		Period:      c.period,
		Rounding:    e.rangeRoundingWords(),
		Limited:     r.weekly != r.base,
	}
	add("range", "range", d)
	return true
}
