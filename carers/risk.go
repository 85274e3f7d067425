package carers

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math/bits"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Disclaimer accompanies every risk output. The indicators are prompts for a practitioner's
// professional judgement; they are not a safeguarding decision, a risk assessment under the
// Care Act 2014 or a prediction of harm.
const Disclaimer = "Flags for a practitioner to review, not a safeguarding decision: " +
	"the indicators prompt professional judgement and do not predict or establish harm."

// Indicator identifies one risk indicator. The set is fixed (each reads one assessment field);
// which are used, and their weights, come from RiskConfig.
type Indicator uint8

// Indicators of risk of harm to the carer from the person they care for. Sources:
// Care Act statutory guidance (carers experiencing harm from the adult they support) and the
// Warwickshire Safeguarding Adults Board carers' risk indicators (isolation with no support,
// needs beyond what the carer can meet over a long time, rejection of outside help including
// breaks); see domain.md §4.3.
const (
	// IndBehaviour: behaviour that challenges directed at the carer, at or above a level.
	IndBehaviour Indicator = iota
	// IndHighStrain: strain score at or above the instrument's high-strain cut-off (CSI ≥ 7)
	// or a threshold the configuration states for that instrument.
	IndHighStrain
	// IndNoOtherSupport: the carer has no other practical or emotional support.
	IndNoOtherSupport
	// IndLivesWith: the carer lives with the person cared for.
	IndLivesWith
	// IndVeryHighHours: weekly hours at or above a threshold (50, the Census top band, unless
	// configured).
	IndVeryHighHours
	// IndHealthDeteriorating: the carer's own health is deteriorating.
	IndHealthDeteriorating
	// IndBreaksRefused: the person refuses breaks or outside help for the carer.
	IndBreaksRefused
	numIndicators
)

var indicatorNames = [numIndicators]string{
	"behaviour_towards_carer", "high_strain", "no_other_support", "lives_with_person",
	"very_high_hours", "carer_health_deteriorating", "breaks_refused",
}

var indicatorText = [numIndicators]string{
	"behaviour that challenges directed at the carer",
	"high carer strain",
	"no other support",
	"lives with the person cared for",
	"very high hours of care",
	"carer's own health deteriorating",
	"breaks or outside help refused",
}

// String returns the indicator's id, e.g. "high_strain".
func (i Indicator) String() string {
	if i < numIndicators {
		return indicatorNames[i]
	}
	return fmt.Sprintf("Indicator(%d)", uint8(i))
}

// Description returns a short plain-English description.
func (i Indicator) Description() string {
	if i < numIndicators {
		return indicatorText[i]
	}
	return i.String()
}

// ParseIndicator parses an indicator id.
func ParseIndicator(s string) (Indicator, error) {
	for i, n := range indicatorNames {
		if n == s {
			return Indicator(i), nil
		}
	}
	return 0, detail(ErrBadValue, "unknown indicator %q", s)
}

// IndicatorConfig switches one indicator on and sets its weight and parameters.
type IndicatorConfig struct {
	// ID is the indicator id, e.g. "behaviour_towards_carer".
	ID string `json:"id"`
	// Weight added to the score when the indicator fires, 1–100.
	Weight int `json:"weight"`
	// MinLevel (behaviour_towards_carer only): lowest behaviour level that fires; "" means
	// "moderate".
	MinLevel string `json:"min_level,omitempty"`
	// MinHours (very_high_hours only): weekly hours that fire; zero means 50.
	MinHours decimal.Decimal `json:"min_hours,omitzero"`
	// Thresholds (high_strain only): the total at or above which an instrument's score counts as
	// high strain, for instruments whose source gives no cut-off (e.g. "mcsi"). A threshold
	// stated here is the configuring council's choice, not a published cut-off. Instruments with
	// a published high band (e.g. "csi") use it unless overridden here.
	Thresholds map[string]int `json:"thresholds,omitempty"`
}

// Level is a named risk level: scores at or above MinScore (up to the next level) belong to it.
type Level struct {
	Name     string `json:"name"`
	MinScore int    `json:"min_score"`
}

// RiskConfig is the configurable indicator set: which indicators count, their weights, and the
// score thresholds of the levels. Decode with ReadRiskConfig; DefaultRiskConfig documents the
// shipped defaults.
type RiskConfig struct {
	// Indicators to use; an indicator not listed is off. Each id at most once.
	Indicators []IndicatorConfig `json:"indicators"`
	// Levels in increasing MinScore, MinScore ≥ 1, names unique. A score below the first level's
	// MinScore has level "none".
	Levels []Level `json:"levels"`
}

//go:embed risk_default.json
var defaultRiskJSON []byte

// DefaultRiskConfig returns the shipped configuration (risk_default.json): all seven indicators;
// weights behaviour 3, carer health 2, high strain 2, no other support 1, lives with 1, very
// high hours (≥ 50 h) 1, breaks refused 1; levels low ≥ 1, medium ≥ 3, high ≥ 6.
//
// These weights and levels are illustrative, not validated or published: they rank the
// indicators in the order the safeguarding sources emphasise them. A council should set its own.
func DefaultRiskConfig() RiskConfig {
	c, err := ReadRiskConfig(bytes.NewReader(defaultRiskJSON))
	if err != nil {
		panic("carers: embedded risk_default.json invalid: " + err.Error()) // caught by tests
	}
	return c
}

// ReadRiskConfig decodes a RiskConfig from JSON, rejecting unknown fields, and validates it.
func ReadRiskConfig(r io.Reader) (RiskConfig, error) {
	var c RiskConfig
	if err := decodeStrict(r, "risk config", &c); err != nil {
		return RiskConfig{}, err
	}
	return c, c.Validate()
}

// Validate checks the configuration; errors are *ConfigError with a JSON path.
func (c *RiskConfig) Validate() error {
	_, err := c.compile(nil)
	return err
}

// RiskModel evaluates the indicators. It is read-only and safe for concurrent use.
type RiskModel struct {
	cfg        RiskConfig
	on         uint32
	weight     [numIndicators]int32
	minLevel   Behaviour
	minHours   Hours
	thresholds map[string]int // instrument id -> high-strain threshold
	thrIDs     []string       // the same, as parallel slices for a fast scan in Assess
	thrVals    []int
	levels     []Level
}

// NewRiskModel compiles cfg. instruments is the registry used to find high-strain cut-offs; nil
// means BuiltinInstruments(). A threshold in cfg for an instrument not in the registry is an
// error.
func NewRiskModel(cfg RiskConfig, instruments map[string]*Instrument) (*RiskModel, error) {
	if instruments == nil {
		instruments = BuiltinInstruments()
	}
	return cfg.compile(instruments)
}

func (c *RiskConfig) compile(instruments map[string]*Instrument) (*RiskModel, error) {
	fail := func(p string, format string, args ...any) error {
		return &ConfigError{Config: "risk config", Path: p, Err: detail(ErrInvalidConfig, format, args...)}
	}
	m := &RiskModel{minLevel: BehaviourModerate, minHours: 50 * HoursPerHour, thresholds: map[string]int{}}
	for id, in := range instruments {
		if t, ok := in.HighThreshold(); ok {
			m.thresholds[id] = t
		}
	}
	if len(c.Indicators) == 0 {
		return nil, fail("indicators", "none configured")
	}
	for i, ic := range c.Indicators {
		p := fmt.Sprintf("indicators[%d]", i)
		ind, err := ParseIndicator(ic.ID)
		if err != nil {
			return nil, fail(p+".id", "unknown indicator %q", ic.ID)
		}
		if m.on&(1<<ind) != 0 {
			return nil, fail(p+".id", "%s listed twice", ic.ID)
		}
		if ic.Weight < 1 || ic.Weight > 100 {
			return nil, fail(p+".weight", "must be between 1 and 100")
		}
		m.on |= 1 << ind
		m.weight[ind] = int32(ic.Weight)
		if ic.MinLevel != "" && ind != IndBehaviour {
			return nil, fail(p+".min_level", "only for %s", IndBehaviour)
		}
		if !ic.MinHours.IsZero() && ind != IndVeryHighHours {
			return nil, fail(p+".min_hours", "only for %s", IndVeryHighHours)
		}
		if len(ic.Thresholds) > 0 && ind != IndHighStrain {
			return nil, fail(p+".thresholds", "only for %s", IndHighStrain)
		}
		switch ind {
		case IndBehaviour:
			if ic.MinLevel != "" {
				b, err := ParseBehaviour(ic.MinLevel)
				if err != nil || b < BehaviourLow {
					return nil, fail(p+".min_level", "want low, moderate, high or severe")
				}
				m.minLevel = b
			}
		case IndVeryHighHours:
			if !ic.MinHours.IsZero() {
				h, err := ParseHours(ic.MinHours.String())
				if err != nil || h <= 0 {
					return nil, fail(p+".min_hours", "want more than 0 and at most 168 hours")
				}
				m.minHours = h
			}
		case IndHighStrain:
			ids := make([]string, 0, len(ic.Thresholds))
			for id := range ic.Thresholds {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				t := ic.Thresholds[id]
				tp := fmt.Sprintf("%s.thresholds.%s", p, id)
				if instruments != nil {
					in, ok := instruments[id]
					if !ok {
						return nil, fail(tp, "unknown instrument (known: %s)", strings.Join(instrumentIDs(instruments), ", "))
					}
					if t <= in.MinTotal() || t > in.MaxTotal() {
						return nil, fail(tp, "must be above %d and at most %d", in.MinTotal(), in.MaxTotal())
					}
				} else if t < 1 {
					return nil, fail(tp, "must be at least 1")
				}
				m.thresholds[id] = t
			}
		}
	}
	if len(c.Levels) == 0 {
		return nil, fail("levels", "none configured")
	}
	names := map[string]int{"none": -1}
	for i, l := range c.Levels {
		p := fmt.Sprintf("levels[%d]", i)
		if l.Name == "" {
			return nil, fail(p+".name", "empty")
		}
		if j, ok := names[l.Name]; ok {
			if j < 0 {
				return nil, fail(p+".name", `"none" is reserved for scores below every level`)
			}
			return nil, fail(p+".name", "duplicate of levels[%d]", j)
		}
		names[l.Name] = i
		if l.MinScore < 1 {
			return nil, fail(p+".min_score", "must be at least 1")
		}
		if i > 0 && l.MinScore <= c.Levels[i-1].MinScore {
			return nil, fail(p+".min_score", "must be above levels[%d].min_score", i-1)
		}
	}
	if len(c.Levels) > 100 {
		return nil, fail("levels", "more than 100 levels")
	}
	m.thrIDs = instrumentIDs(nil)
	for id := range m.thresholds {
		m.thrIDs = append(m.thrIDs, id)
	}
	sort.Strings(m.thrIDs)
	for _, id := range m.thrIDs {
		m.thrVals = append(m.thrVals, m.thresholds[id])
	}
	m.levels = append([]Level(nil), c.Levels...)
	m.cfg = *c
	m.cfg.Indicators = append([]IndicatorConfig(nil), c.Indicators...)
	m.cfg.Levels = m.levels
	return m, nil
}

// Config returns the configuration the model was built from.
func (m *RiskModel) Config() RiskConfig { return m.cfg }

// Risk is the evaluated risk for one record: the score, the level, and bit sets of the
// indicators that fired and of those that could not be evaluated because the assessment did not
// record them. Bit i stands for Indicator(i). It holds no strings; render reasons with
// RiskModel.Reasons.
type Risk struct {
	Score int32
	// Level is the index into the configuration's levels, or -1 for "none".
	Level int8
	// Fired and Unknown are bit sets over Indicator.
	Fired   uint32
	Unknown uint32
}

// Has reports whether indicator i fired.
func (r Risk) Has(i Indicator) bool { return r.Fired&(1<<i) != 0 }

// Missing reports whether indicator i is switched on but was not recorded.
func (r Risk) Missing(i Indicator) bool { return r.Unknown&(1<<i) != 0 }

// Count returns how many indicators fired.
func (r Risk) Count() int { return bits.OnesCount32(r.Fired) }

// Assess evaluates the indicators for one record. It does not allocate. A strain score from an
// instrument without a cut-off (and no configured threshold) counts as not recorded for the
// high-strain indicator.
func (m *RiskModel) Assess(c *Carer) Risk {
	var fired, unknown uint32
	on := m.on
	if on&(1<<IndBehaviour) != 0 {
		switch {
		case c.BehaviourToCarer == BehaviourUnknown || c.BehaviourToCarer >= numBehaviour:
			unknown |= 1 << IndBehaviour
		case c.BehaviourToCarer >= m.minLevel:
			fired |= 1 << IndBehaviour
		}
	}
	if on&(1<<IndHighStrain) != 0 {
		if !c.hasScore() {
			unknown |= 1 << IndHighStrain
		} else if t := m.threshold(c.StrainInstrument); t < 0 {
			unknown |= 1 << IndHighStrain
		} else if c.StrainScore >= t {
			fired |= 1 << IndHighStrain
		}
	}
	tri := func(ind Indicator, v Tri, fire Tri) {
		if on&(1<<ind) == 0 {
			return
		}
		switch v {
		case fire:
			fired |= 1 << ind
		case Unknown:
			unknown |= 1 << ind
		}
	}
	tri(IndNoOtherSupport, c.OtherSupport, No)
	tri(IndLivesWith, c.LivesWith, Yes)
	tri(IndHealthDeteriorating, c.HealthDeteriorating, Yes)
	tri(IndBreaksRefused, c.BreaksRefused, Yes)
	if on&(1<<IndVeryHighHours) != 0 && c.WeeklyHours >= m.minHours {
		fired |= 1 << IndVeryHighHours
	}
	var score int32
	for f := fired; f != 0; f &= f - 1 {
		score += m.weight[bits.TrailingZeros32(f)]
	}
	return Risk{Score: score, Level: m.level(score), Fired: fired, Unknown: unknown}
}

// threshold returns the high-strain threshold of an instrument, or -1 if it has none.
func (m *RiskModel) threshold(id string) int {
	for i, s := range m.thrIDs {
		if s == id {
			return m.thrVals[i]
		}
	}
	return -1
}

func (m *RiskModel) level(score int32) int8 {
	l := int8(-1)
	for i := range m.levels {
		if int(score) >= m.levels[i].MinScore {
			l = int8(i)
		}
	}
	return l
}

// AssessAll evaluates every record into dst (grown as needed) and returns it.
func (m *RiskModel) AssessAll(dst []Risk, carers []Carer) []Risk {
	dst = dst[:0]
	if cap(dst) < len(carers) {
		dst = make([]Risk, 0, len(carers))
	}
	for i := range carers {
		dst = append(dst, m.Assess(&carers[i]))
	}
	return dst
}

// LevelName returns the name of r's level, "none" below the first level.
func (m *RiskModel) LevelName(r Risk) string {
	if r.Level < 0 || int(r.Level) >= len(m.levels) {
		return "none"
	}
	return m.levels[r.Level].Name
}

// Reason explains one fired indicator.
type Reason struct {
	Indicator Indicator
	Weight    int
	// Detail is a plain-English sentence built from the record, e.g. "cares 72.00 hours a week
	// (threshold 50.00)". It contains no identifiers.
	Detail string
}

// String formats the reason as "detail (+weight)".
func (r Reason) String() string { return fmt.Sprintf("%s (+%d)", r.Detail, r.Weight) }

// Reasons renders the reasons for r, evaluated from c, highest weight first (ties in indicator
// order). This is where strings are built; Assess itself does not allocate.
func (m *RiskModel) Reasons(c *Carer, r Risk) []Reason {
	out := make([]Reason, 0, bits.OnesCount32(r.Fired))
	for f := r.Fired; f != 0; f &= f - 1 {
		ind := Indicator(bits.TrailingZeros32(f))
		out = append(out, Reason{Indicator: ind, Weight: int(m.weight[ind]), Detail: m.detail(c, ind)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Weight > out[j].Weight })
	return out
}

// NotRecorded names the switched-on indicators that the assessment did not record, so a
// practitioner can see what the score could not take into account.
func (m *RiskModel) NotRecorded(r Risk) []string {
	var out []string
	for f := r.Unknown; f != 0; f &= f - 1 {
		out = append(out, Indicator(bits.TrailingZeros32(f)).Description())
	}
	return out
}

func (m *RiskModel) detail(c *Carer, ind Indicator) string {
	switch ind {
	case IndBehaviour:
		return fmt.Sprintf("behaviour that challenges directed at the carer recorded as %s (flags at %s or above)", c.BehaviourToCarer, m.minLevel)
	case IndHighStrain:
		return fmt.Sprintf("strain score %d on %s (high at %d or more)", c.StrainScore, c.StrainInstrument, m.thresholds[c.StrainInstrument])
	case IndNoOtherSupport:
		return "carer has no other practical or emotional support"
	case IndLivesWith:
		return "carer lives with the person cared for"
	case IndVeryHighHours:
		return fmt.Sprintf("cares %s hours a week (flags at %s or more)", c.WeeklyHours, m.minHours)
	case IndHealthDeteriorating:
		return "carer's own health is deteriorating"
	case IndBreaksRefused:
		return "the person refuses breaks or outside help for the carer"
	}
	return ind.String()
}

func trailingZeros(x uint32) int { return bits.TrailingZeros32(x) }
