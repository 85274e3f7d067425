package eligibility

import (
	"math/bits"
	"strconv"
	"strings"
)

// Domain is one of the twelve care domains of the NHS Continuing
// Healthcare Decision Support Tool (DST), in the order of the 2018/2022
// tool. The first eleven are also the domains of the Checklist.
type Domain uint8

// The twelve DST care domains.
const (
	DomainBreathing     Domain = iota // 1 Breathing
	DomainNutrition                   // 2 Nutrition
	DomainContinence                  // 3 Continence
	DomainSkin                        // 4 Skin (including tissue viability)
	DomainMobility                    // 5 Mobility
	DomainCommunication               // 6 Communication
	DomainPsychological               // 7 Psychological and emotional needs
	DomainCognition                   // 8 Cognition
	DomainBehaviour                   // 9 Behaviour
	DomainDrugTherapies               // 10 Drug therapies and medication: symptom control
	DomainAlteredStates               // 11 Altered states of consciousness
	DomainOther                       // 12 Other significant care needs
	NumDomains          = 12
	// NumChecklistDomains is the number of Checklist domains: the first
	// eleven DST domains (the Checklist has no "Other significant care
	// needs" domain).
	NumChecklistDomains = 11
)

var domainKeys = [NumDomains]string{
	"breathing", "nutrition", "continence", "skin", "mobility", "communication",
	"psychological_emotional", "cognition", "behaviour", "drug_therapies",
	"altered_states_of_consciousness", "other_significant_care_needs",
}

var domainTitles = [NumDomains]string{
	"Breathing", "Nutrition", "Continence", "Skin (including tissue viability)", "Mobility",
	"Communication", "Psychological and emotional needs", "Cognition", "Behaviour",
	"Drug therapies and medication: symptom control", "Altered states of consciousness",
	"Other significant care needs",
}

// String returns the domain's snake_case key (used in JSON).
func (d Domain) String() string {
	if d < NumDomains {
		return domainKeys[d]
	}
	return "domain(" + strconv.Itoa(int(d)) + ")"
}

// Title returns the domain's name as printed on the DST.
func (d Domain) Title() string {
	if d < NumDomains {
		return domainTitles[d]
	}
	return d.String()
}

// Level is a DST level of need. The zero value, LevelNotRecorded, means no
// level was recorded; it is accepted only for DomainOther, whose descriptor
// table is left blank on the form and starts at Low.
type Level uint8

// The DST levels, in increasing order of need.
const (
	LevelNotRecorded Level = iota
	LevelNoNeeds
	LevelLow
	LevelModerate
	LevelHigh
	LevelSevere
	LevelPriority
	NumLevels = 7 // number of Level values including LevelNotRecorded
)

var levelKeys = [NumLevels]string{"not_recorded", "no_needs", "low", "moderate", "high", "severe", "priority"}
var levelTitles = [NumLevels]string{"Not recorded", "No needs", "Low", "Moderate", "High", "Severe", "Priority"}

// String returns the level's snake_case key (used in JSON).
func (l Level) String() string {
	if l < NumLevels {
		return levelKeys[l]
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// Title returns the level as printed on the DST, for example "No needs".
func (l Level) Title() string {
	if l < NumLevels {
		return levelTitles[l]
	}
	return l.String()
}

// LevelSet is a bitset of levels: bit i is Level(i).
type LevelSet uint8

// Has reports whether l is in s.
func (s LevelSet) Has(l Level) bool { return l < 8 && s&(1<<l) != 0 }

// String lists the level titles in s, comma separated, in increasing order.
func (s LevelSet) String() string {
	var parts []string
	for l := range Level(NumLevels) {
		if s.Has(l) {
			parts = append(parts, l.Title())
		}
	}
	return strings.Join(parts, ", ")
}

const (
	nn = 1 << LevelNoNeeds
	lo = 1 << LevelLow
	mo = 1 << LevelModerate
	hi = 1 << LevelHigh
	se = 1 << LevelSevere
	pr = 1 << LevelPriority
)

// domainLevels holds the levels each DST domain allows (the descriptor
// tables of the NHS CHC Decision Support Tool, 2022; doc.go gives the
// sources). It is read-only.
var domainLevels = [NumDomains]LevelSet{
	DomainBreathing:     nn | lo | mo | hi | se | pr,
	DomainNutrition:     nn | lo | mo | hi | se,
	DomainContinence:    nn | lo | mo | hi,
	DomainSkin:          nn | lo | mo | hi | se,
	DomainMobility:      nn | lo | mo | hi | se,
	DomainCommunication: nn | lo | mo | hi,
	DomainPsychological: nn | lo | mo | hi,
	DomainCognition:     nn | lo | mo | hi | se,
	DomainBehaviour:     nn | lo | mo | hi | se | pr,
	DomainDrugTherapies: nn | lo | mo | hi | se | pr,
	DomainAlteredStates: nn | lo | mo | hi | pr, // no Severe
	DomainOther:         lo | mo | hi | se,      // form starts at Low
}

// acceptLevels is domainLevels plus LevelNotRecorded for DomainOther.
var acceptLevels = func() (a [NumDomains]LevelSet) {
	a = domainLevels
	a[DomainOther] |= 1 << LevelNotRecorded
	return a
}()

// AllowedLevels returns the levels domain d has on the DST (not including
// LevelNotRecorded). It returns 0 for an unknown domain.
func AllowedLevels(d Domain) LevelSet {
	if d < NumDomains {
		return domainLevels[d]
	}
	return 0
}

// DomainSet is a bitset of domains: bit i is Domain(i).
type DomainSet uint16

// Has reports whether d is in s.
func (s DomainSet) Has(d Domain) bool { return d < 16 && s&(1<<d) != 0 }

// Count returns the number of domains in s.
func (s DomainSet) Count() int { return bits.OnesCount16(uint16(s)) }

// Domains returns the domains in s in DST order.
func (s DomainSet) Domains() []Domain {
	var out []Domain
	for d := range Domain(NumDomains) {
		if s.Has(d) {
			out = append(out, d)
		}
	}
	return out
}

// titles returns the domain titles in s joined for prose.
func (s DomainSet) titles() string {
	var parts []string
	for _, d := range s.Domains() {
		parts = append(parts, d.Title())
	}
	return joinAnd(parts)
}

// PriorityDomains returns the domains whose DST scale carries a Priority
// level: Breathing, Behaviour, Drug therapies and medication, and Altered
// states of consciousness. They are also the asterisked Checklist domains.
func PriorityDomains() DomainSet {
	var s DomainSet
	for d, ls := range domainLevels {
		if ls.Has(LevelPriority) {
			s |= 1 << d
		}
	}
	return s
}

var priorityDomains = PriorityDomains()

// DSTLevels holds one level per DST domain, indexed by Domain.
type DSTLevels [NumDomains]Level

// DST is the input for the Decision Support Tool indicators: the level the
// multidisciplinary team recorded in each domain.
type DST struct {
	// ID identifies the record in errors. It is not used by the rule.
	ID string `json:"id"`
	// Levels[d] is the level recorded in domain d. In JSON, an object keyed
	// by domain name whose values are level names. Every domain except
	// DomainOther must have a level; a level the domain does not have is
	// an error (*LevelError wrapping ErrLevelNotAllowed).
	Levels DSTLevels `json:"levels"`
}

// Validate checks every domain's level against the levels the domain
// allows. The error is a *LevelError naming the domain and the level.
func (d *DST) Validate() error {
	if err := checkID(d.ID); err != nil {
		return err
	}
	for dom, l := range d.Levels {
		if err := checkLevel(d.ID, Domain(dom), l); err != nil {
			return err
		}
	}
	return nil
}

func checkLevel(id string, d Domain, l Level) error {
	switch {
	case l >= NumLevels:
		return &LevelError{ID: id, Domain: d, Level: l, Err: ErrUnknownLevel}
	case l == LevelNotRecorded && d != DomainOther:
		return &LevelError{ID: id, Domain: d, Level: l, Err: ErrMissingLevel}
	case !acceptLevels[d].Has(l):
		return &LevelError{ID: id, Domain: d, Level: l, Err: ErrLevelNotAllowed}
	}
	return nil
}

// Indicators is a bitset of DST indicators of a primary health need. They
// are flags for the multidisciplinary team, never a decision.
type Indicators uint8

// The DST indicators.
const (
	// IndicatorPriority: a Priority level in any domain that carries it.
	// A clear recommendation of eligibility would be expected.
	IndicatorPriority Indicators = 1 << iota
	// IndicatorTwoSevere: Severe in two or more domains. A clear
	// recommendation of eligibility would be expected.
	IndicatorTwoSevere
	// IndicatorSevereWithOthers: exactly one domain Severe, together with
	// needs in a number of other domains (see DSTOptions). May indicate a
	// primary health need, for the team's judgement.
	IndicatorSevereWithOthers
	// IndicatorHighModerate: a number of domains with High and/or Moderate
	// needs (see DSTOptions). May indicate a primary health need, for the
	// team's judgement.
	IndicatorHighModerate

	// ClearIndicators are the indicators where a clear recommendation of
	// eligibility would be expected.
	ClearIndicators = IndicatorPriority | IndicatorTwoSevere
	// JudgementIndicators are the indicators that may indicate a primary
	// health need and call for the team's judgement.
	JudgementIndicators = IndicatorSevereWithOthers | IndicatorHighModerate
)

// Has reports whether every indicator in m is set in s.
func (s Indicators) Has(m Indicators) bool { return s&m == m }

// String lists the indicator keys in s, or "none".
func (s Indicators) String() string {
	if s == 0 {
		return "none"
	}
	var parts []string
	for i, k := range [...]string{"priority", "two_severe", "severe_with_others", "high_moderate"} {
		if s&(1<<i) != 0 {
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, "|")
}

// DSTOptions sets the thresholds of the two "may indicate" indicators,
// whose source wording ("a number of") gives no number. The zero value
// means the defaults, field by field. The clear indicators have fixed
// thresholds and no options.
type DSTOptions struct {
	// SevereOthersMinLevel is the lowest level that counts as "needs" in
	// another domain for IndicatorSevereWithOthers. Zero means LevelLow
	// (any need above No needs). Allowed: Low, Moderate, High.
	SevereOthersMinLevel Level `json:"severe_others_min_level"`
	// SevereOthersMinDomains is how many other domains with needs make "a
	// number of other domains". Zero means 2. Allowed: 0 to 11.
	SevereOthersMinDomains int `json:"severe_others_min_domains"`
	// HighModerateMinDomains is how many domains at High or Moderate make
	// "a number of domains with high and/or moderate needs". Zero means 2.
	// Allowed: 0 to 12.
	HighModerateMinDomains int `json:"high_moderate_min_domains"`
}

// Default thresholds of DSTOptions.
const (
	DefaultSevereOthersMinLevel   = LevelLow
	DefaultSevereOthersMinDomains = 2
	DefaultHighModerateMinDomains = 2
)

// Validate checks the option values. The error wraps ErrInvalidOptions.
func (o DSTOptions) Validate() error {
	switch {
	case o.SevereOthersMinLevel != LevelNotRecorded && (o.SevereOthersMinLevel < LevelLow || o.SevereOthersMinLevel > LevelHigh):
		return &FieldError{Field: "severe_others_min_level", Value: o.SevereOthersMinLevel.String(), Err: ErrInvalidOptions}
	case o.SevereOthersMinDomains < 0 || o.SevereOthersMinDomains > NumDomains-1:
		return &FieldError{Field: "severe_others_min_domains", Value: strconv.Itoa(o.SevereOthersMinDomains), Err: ErrInvalidOptions}
	case o.HighModerateMinDomains < 0 || o.HighModerateMinDomains > NumDomains:
		return &FieldError{Field: "high_moderate_min_domains", Value: strconv.Itoa(o.HighModerateMinDomains), Err: ErrInvalidOptions}
	}
	return nil
}

// resolved returns the thresholds with defaults filled in.
func (o DSTOptions) resolved() (minLevel Level, minOthers, minHM uint8) {
	minLevel, minOthers, minHM = o.SevereOthersMinLevel, uint8(o.SevereOthersMinDomains), uint8(o.HighModerateMinDomains)
	if minLevel == LevelNotRecorded {
		minLevel = DefaultSevereOthersMinLevel
	}
	if minOthers == 0 {
		minOthers = DefaultSevereOthersMinDomains
	}
	if minHM == 0 {
		minHM = DefaultHighModerateMinDomains
	}
	return
}

// DSTResult holds the DST indicators for one record. It is a plain value;
// Reasons renders the explanation on demand. It is never a decision: the
// decision belongs to the multidisciplinary team.
type DSTResult struct {
	// Indicators is the set of indicators that apply.
	Indicators Indicators
	// Domains[l] is the set of domains recorded at level l.
	Domains [NumLevels]DomainSet
	// OthersWithNeeds is the number of domains, other than a single Severe
	// one, at or above SevereOthersMinLevel (0 unless exactly one domain is
	// Severe).
	OthersWithNeeds uint8
	// The thresholds used (defaults filled in).
	SevereOthersMinLevel   Level
	SevereOthersMinDomains uint8
	HighModerateMinDomains uint8
}

// Count returns the number of domains recorded at level l.
func (r DSTResult) Count(l Level) int {
	if l >= NumLevels {
		return 0
	}
	return r.Domains[l].Count()
}

// Clear reports whether a clear indicator applies (Priority, or two or more
// Severe).
func (r DSTResult) Clear() bool { return r.Indicators&ClearIndicators != 0 }

// ForJudgement reports whether a "may indicate" indicator applies.
func (r DSTResult) ForJudgement() bool { return r.Indicators&JudgementIndicators != 0 }

// EvaluateDST computes the DST indicators for d with the thresholds in
// opts. It validates d (see DST.Validate) and opts, returning the zero
// DSTResult and the error if either is invalid. It does not allocate for
// valid input and is safe for concurrent use.
func EvaluateDST(d *DST, opts DSTOptions) (DSTResult, error) {
	var r DSTResult
	if opts != (DSTOptions{}) {
		if err := opts.Validate(); err != nil {
			return r, err
		}
	}
	minLevel, minOthers, minHM := opts.resolved()
	ok := true
	for dom, l := range d.Levels {
		if l >= 8 || acceptLevels[dom]&(1<<l) == 0 {
			ok = false
			break
		}
		r.Domains[l] |= 1 << dom
	}
	if !ok || !idOK(d.ID) {
		return DSTResult{}, d.Validate()
	}
	r.SevereOthersMinLevel, r.SevereOthersMinDomains, r.HighModerateMinDomains = minLevel, minOthers, minHM
	severe := r.Domains[LevelSevere].Count()
	if r.Domains[LevelPriority] != 0 {
		r.Indicators |= IndicatorPriority
	}
	if severe >= 2 {
		r.Indicators |= IndicatorTwoSevere
	}
	if severe == 1 {
		var atLeast DomainSet
		for l := minLevel; l < NumLevels; l++ {
			atLeast |= r.Domains[l]
		}
		r.OthersWithNeeds = uint8(atLeast.Count() - 1) // minus the Severe domain itself
		if r.OthersWithNeeds >= minOthers {
			r.Indicators |= IndicatorSevereWithOthers
		}
	}
	if (r.Domains[LevelHigh] | r.Domains[LevelModerate]).Count() >= int(minHM) {
		r.Indicators |= IndicatorHighModerate
	}
	return r, nil
}

// Score is a Checklist score. The zero value, ScoreNotRecorded, is an
// error in a Checklist.
type Score uint8

// Checklist scores. Column A is the highest level of need.
const (
	ScoreNotRecorded Score = iota
	ScoreC
	ScoreB
	ScoreA
	numScores
)

// String returns "A", "B", "C" or "not_recorded".
func (s Score) String() string {
	switch s {
	case ScoreA:
		return "A"
	case ScoreB:
		return "B"
	case ScoreC:
		return "C"
	case ScoreNotRecorded:
		return "not_recorded"
	}
	return "score(" + strconv.Itoa(int(s)) + ")"
}

// ChecklistScores holds one score per Checklist domain, indexed by Domain
// (DomainBreathing to DomainAlteredStates).
type ChecklistScores [NumChecklistDomains]Score

// Checklist is the input for the Checklist screening rule.
type Checklist struct {
	// ID identifies the record in errors. It is not used by the rule.
	ID string `json:"id"`
	// Scores[d] is the column (A, B or C) recorded in domain d. In JSON, an
	// object keyed by domain name with values "A", "B" or "C". Every domain
	// must be scored.
	Scores ChecklistScores `json:"scores"`
}

// Validate checks that every domain has a score A, B or C. The error is a
// *FieldError wrapping ErrMissingScore or ErrInvalidScore.
func (c *Checklist) Validate() error {
	if err := checkID(c.ID); err != nil {
		return err
	}
	for d, s := range c.Scores {
		switch {
		case s == ScoreNotRecorded:
			return &FieldError{ID: c.ID, Field: "scores." + Domain(d).String(), Err: ErrMissingScore}
		case s >= numScores:
			return &FieldError{ID: c.ID, Field: "scores." + Domain(d).String(), Value: s.String(), Err: ErrInvalidScore}
		}
	}
	return nil
}

// ChecklistFlags is a bitset of the Checklist thresholds for a full
// assessment of eligibility (Checklist guidance 2022, para. 19). Each flag
// is computed on its own, so several may be set at once.
type ChecklistFlags uint8

// The Checklist thresholds.
const (
	// ChecklistTwoA: two or more domains in column A.
	ChecklistTwoA ChecklistFlags = 1 << iota
	// ChecklistFiveB: five or more domains in column B.
	ChecklistFiveB
	// ChecklistOneAFourB: at least one domain in A and at least four in B.
	ChecklistOneAFourB
	// ChecklistAPriority: an A in a domain whose box carries an asterisk
	// (the domains that carry Priority in the DST), whatever the others.
	ChecklistAPriority
)

// Has reports whether every flag in m is set in f.
func (f ChecklistFlags) Has(m ChecklistFlags) bool { return f&m == m }

// String lists the flag keys in f, or "none".
func (f ChecklistFlags) String() string {
	if f == 0 {
		return "none"
	}
	var parts []string
	for i, k := range [...]string{"two_a", "five_b", "one_a_four_b", "a_priority_domain"} {
		if f&(1<<i) != 0 {
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, "|")
}

// ChecklistResult is the Checklist screening reading for one record. A
// positive Checklist means a full assessment of eligibility is indicated;
// it says nothing about eligibility itself.
type ChecklistResult struct {
	// Flags is the set of thresholds reached.
	Flags ChecklistFlags
	// A, B and C count the domains in each column.
	A, B, C uint8
	// ADomains and BDomains are the domains scored A and B.
	ADomains, BDomains DomainSet
}

// FullAssessment reports whether any threshold is reached, i.e. the
// Checklist is positive and a full assessment is indicated.
func (r ChecklistResult) FullAssessment() bool { return r.Flags != 0 }

// EvaluateChecklist applies the Checklist thresholds to c. It validates c
// first. It does not allocate for valid input and is safe for concurrent
// use.
func EvaluateChecklist(c *Checklist) (ChecklistResult, error) {
	var r ChecklistResult
	var cs DomainSet
	var over Score
	// Branch-free classification: A = 0b11, B = 0b10, C = 0b01.
	for d, s := range c.Scores {
		over |= s
		hi, lo := DomainSet(s>>1)&1, DomainSet(s)&1
		r.ADomains |= (hi & lo) << d
		r.BDomains |= (hi &^ lo) << d
		cs |= (lo &^ hi) << d
	}
	if over >= numScores || (r.ADomains|r.BDomains|cs).Count() != NumChecklistDomains || !idOK(c.ID) {
		return ChecklistResult{}, c.Validate()
	}
	r.A, r.B, r.C = uint8(r.ADomains.Count()), uint8(r.BDomains.Count()), uint8(cs.Count())
	if r.A >= 2 {
		r.Flags |= ChecklistTwoA
	}
	if r.B >= 5 {
		r.Flags |= ChecklistFiveB
	}
	if r.A >= 1 && r.B >= 4 {
		r.Flags |= ChecklistOneAFourB
	}
	if r.ADomains&priorityDomains != 0 {
		r.Flags |= ChecklistAPriority
	}
	return r, nil
}

// joinAnd joins parts as "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
