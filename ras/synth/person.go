package synth

import (
	"fmt"
	"iter"
	"math"
	"strconv"

	"github.com/stonesoup-care/stonesoup/ras"
)

// WindowDays is the length of the assessment window, about 21 months: a
// person's assessment falls on one of the WindowDays days from the start
// (Options.Start), moved to the next Monday if it falls on a weekend.
const WindowDays = 639

// defaultStart is the first day of the assessment window when
// Options.Start is zero: 1 April 2023, the start of a financial year.
var defaultStart = ras.Date{Year: 2023, Month: 4, Day: 1}

// DefaultStart returns the default start of the assessment window,
// 2023-04-01.
func DefaultStart() ras.Date { return defaultStart }

// linkWindow bounds how far apart (in person index) a carer and the person
// they care for can be.
const linkWindow = 64

// Helper relationships used in informal help records and for carers.
const (
	HelperSpouse      = "spouse"
	HelperDaughter    = "daughter"
	HelperSon         = "son"
	HelperParent      = "parent"
	HelperGrandparent = "grandparent"
	HelperSibling     = "sibling"
	HelperFriend      = "friend"
	HelperNeighbour   = "neighbour"
)

// Informal help activities, the names package carers uses for kinds of
// unpaid care. Hours models that deduct informal help by activity
// (ras.Deduction.InformalActivity) should name these.
const (
	ActivityPersonalCare = "personal_care"
	ActivityHealthTasks  = "health_tasks"
	ActivitySupervision  = "supervision"
	ActivityDomestic     = "domestic"
	ActivityPractical    = "practical"
	ActivityEmotional    = "emotional_support"
)

// Daily activities recorded in PersonFacts.Independence (the items of the
// personal-care-4 instrument of package independence) and their levels,
// from the most to the least independent.
var (
	independenceActivities = [...]string{"nutrition", "hygiene", "toilet", "clothing", "home_safety"}
	independenceLevels     = [...]string{"independent", "prompting", "some_help", "full_help"}
)

// PersonFacts are the facts about synthetic person i. They depend only on
// the seed and i: not on the model, the options, or how many persons are
// generated. Other generators can key on them.
type PersonFacts struct {
	Index  int        // person index, from 0
	ID     string     // pseudonymous id, PersonID(Index)
	Cohort ras.Cohort // the cohort of the person's assessment
	// Age in completed years on the assessment date.
	Age     int
	Gender  string            // "female" or "male"
	Setting ras.LivingSetting // living setting
	// Locality is one of eight localities (teams), "L01" to "L08".
	Locality string
	// Day is the assessment's day in the window, 0 to WindowDays−1, before
	// a weekend is moved to Monday; see AssessedOn.
	Day int
	// BirthdayOffset is the number of days (0–364) from the person's last
	// birthday to the assessment date; see BornOn.
	BirthdayOffset int
	// SeverityLinear is the latent severity on the logit scale and
	// Severity = 1/(1+exp(−SeverityLinear)) in (0, 1); answers, safety and
	// independence are drawn from it.
	SeverityLinear, Severity float64
	// Safety is the support needed to keep the person safe (empty for
	// carers).
	Safety ras.SafetyLevel
	// Independence in five daily activities (empty for carers).
	Independence []ras.ActivityLevel
	// InformalHelp is the unpaid help the person receives (none for most
	// carers and for many others). The main helper's records carry the
	// carer's id in HelperID when the carer has an assessment of their own.
	InformalHelp []ras.InformalHelp
	// Carers only: CaredForID is the person cared for when that person has
	// an assessment too ("" when they are not known to the council);
	// CarerRelationship is the carer's relationship to them ("daughter":
	// the carer is their daughter); CaringHours the hours a week of care
	// given; LivesWithCaredFor whether they live together. The person
	// cared for has their own index (PersonIndex(CaredForID)), which a
	// Generator may not reach (a later index, or a cohort it skips).
	CaredForID        string
	CarerRelationship string
	CaringHours       float64
	LivesWithCaredFor bool
}

// AssessedOn returns the assessment date for a window starting on start:
// start + Day, moved to the following Monday from a Saturday or Sunday.
func (p *PersonFacts) AssessedOn(start ras.Date) ras.Date {
	d := start.AddDays(p.Day)
	switch d.Time().Weekday() {
	case 6: // Saturday
		d = d.AddDays(2)
	case 0: // Sunday
		d = d.AddDays(1)
	}
	return d
}

// BornOn returns the date of birth for a window starting on start: the
// person is Age years old, BirthdayOffset days past a birthday, on
// AssessedOn(start). Someone whose birthday would fall on 29 February in a
// year without one is born on 28 February.
func (p *PersonFacts) BornOn(start ras.Date) ras.Date {
	return p.bornBy(p.AssessedOn(start))
}

// bornBy returns the date of birth given the assessment date on.
func (p *PersonFacts) bornBy(on ras.Date) ras.Date {
	anniv := on.AddDays(-p.BirthdayOffset)
	dob := ras.DateOf(anniv.Time().AddDate(-p.Age, 0, 0))
	if dob.Month != anniv.Month { // 29 February in a common year
		dob = ras.Date{Year: anniv.Year - p.Age, Month: 2, Day: 28}
	}
	return dob
}

// InformalHours returns the total hours a week of informal help the person
// receives.
func (p *PersonFacts) InformalHours() float64 {
	var h float64
	for _, ih := range p.InformalHelp {
		h += ih.HoursPerWeek
	}
	return h
}

// RASPerson returns the person as a ras.Person for a window starting on
// start. It does not share storage with p.
func (p *PersonFacts) RASPerson(start ras.Date) ras.Person {
	return p.rasPerson(p.AssessedOn(start))
}

func (p *PersonFacts) rasPerson(on ras.Date) ras.Person {
	return ras.Person{
		ID:            p.ID,
		DateOfBirth:   p.bornBy(on),
		LivingSetting: p.Setting,
		Locality:      p.Locality,
		Gender:        p.Gender,
	}
}

// PersonID returns the pseudonymous id of person i: "P" and i+1 with at
// least seven digits ("P0000001" for i = 0). It panics if i is negative.
func PersonID(i int) string { return formatID('P', i) }

// AssessmentID returns the id of person i's assessment, "A0000001" for
// i = 0. It panics if i is negative.
func AssessmentID(i int) string { return formatID('A', i) }

func formatID(prefix byte, i int) string {
	if i < 0 {
		panic("synth: negative person index")
	}
	var buf [24]byte
	b := strconv.AppendInt(buf[:1], int64(i)+1, 10)
	b[0] = prefix
	if n := len(b) - 1; n < 7 {
		var out [8]byte
		out[0] = prefix
		for k := 1; k <= 7-n; k++ {
			out[k] = '0'
		}
		copy(out[8-n:], b[1:])
		return string(out[:])
	}
	return string(b)
}

// PersonIndex returns the index of the person with id PersonID(i). An id
// not of that form is an ErrInvalidID.
func PersonIndex(id string) (int, error) {
	if len(id) < 8 || id[0] != 'P' {
		return 0, fmt.Errorf("synth: person id %q: %w", id, ErrInvalidID)
	}
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("synth: person id %q: %w", id, ErrInvalidID)
		}
	}
	n, err := strconv.ParseInt(id[1:], 10, 64)
	if err != nil || n < 1 || (len(id) > 8 && id[1] == '0') {
		return 0, fmt.Errorf("synth: person id %q: %w", id, ErrInvalidID)
	}
	return int(n - 1), nil
}

// Person returns the facts about person i under seed. It panics if i is
// negative.
func Person(seed uint64, i int) PersonFacts {
	return person(seed, i, new(scratch))
}

// scratch holds the random number generators one goroutine reuses from
// record to record.
type scratch struct {
	person, link, answers, cost rng
	noise                       []float64 // per domain
}

func person(seed uint64, i int, s *scratch) PersonFacts {
	if i < 0 {
		panic("synth: negative person index")
	}
	g := &s.person
	g.seed(seed, i, streamPerson)
	c := drawCore(g)
	p := PersonFacts{
		Index:          i,
		ID:             PersonID(i),
		Cohort:         c.cohort,
		Age:            c.age,
		Gender:         c.gender,
		Setting:        c.setting,
		Locality:       localities[c.locality],
		Day:            c.day,
		BirthdayOffset: c.bday,
	}
	if c.cohort == ras.CohortCarer {
		drawCarer(g, &s.link, seed, i, &p)
		return p
	}
	carer := ""
	if k := linkForward(&s.link, seed, i); k >= 0 {
		carer = PersonID(k)
	}
	p.InformalHelp = drawHelp(g, &c, carer)

	// Latent severity, as gen_synth.R: rises with age and with settings
	// away from home.
	var lin float64
	switch c.cohort {
	case ras.CohortChildren:
		lin = -0.8 + settingSeverity[c.setting]
	case ras.CohortCHC:
		lin = -1.0 + 0.015*float64(c.age-62) + settingSeverity[c.setting] + chcSeverity
	default:
		lin = -1.0 + 0.015*float64(c.age-62) + settingSeverity[c.setting]
	}
	lin += 0.8 * g.norm()
	p.SeverityLinear, p.Severity = lin, plogis(lin)

	z := p.Severity + 0.1*g.norm()
	switch {
	case z < 0.35:
		p.Safety = ras.SafetyNone
	case z < 0.55:
		p.Safety = ras.SafetyOccasional
	case z < 0.75:
		p.Safety = ras.SafetyRegular
	case z < 0.92:
		p.Safety = ras.SafetyConstant
	default:
		p.Safety = ras.SafetyTwoToOne
	}
	young := 0.0
	if c.cohort == ras.CohortChildren && c.age < 5 {
		young = 0.12 * float64(5-c.age) // small children need help anyway
	}
	p.Independence = make([]ras.ActivityLevel, len(independenceActivities))
	for k, a := range independenceActivities {
		q := clamp(p.Severity+young+0.12*g.norm(), 0.01, 0.97)
		p.Independence[k] = ras.ActivityLevel{Activity: a, Level: independenceLevels[g.binomial(3, q)]}
	}
	return p
}

// Persons returns the facts of persons 0 to n−1 in order.
func Persons(seed uint64, n int) iter.Seq[PersonFacts] {
	return func(yield func(PersonFacts) bool) {
		s := new(scratch)
		for i := range n {
			if !yield(person(seed, i, s)) {
				return
			}
		}
	}
}

// Shares and effects of the person model (documented in doc.go).
var (
	cohortList   = [...]ras.Cohort{ras.CohortAdult, ras.CohortCHC, ras.CohortCarer, ras.CohortChildren}
	cohortShares = []float64{0.70, 0.06, 0.14, 0.10}

	settingList   = [...]ras.LivingSetting{ras.SettingHomeAlone, ras.SettingHomeFamily, ras.SettingSupportedLiving, ras.SettingResidential, ras.SettingNursing}
	adultSettings = []float64{0.35, 0.35, 0.15, 0.15, 0}
	chcSettings   = []float64{0.15, 0.25, 0.05, 0.10, 0.45}
	childSettings = []float64{0, 0.92, 0.03, 0.05, 0}

	localities     = [...]string{"L01", "L02", "L03", "L04", "L05", "L06", "L07", "L08"}
	localityShares = []float64{0.17, 0.15, 0.14, 0.13, 0.12, 0.11, 0.10, 0.08}

	settingSeverity = map[ras.LivingSetting]float64{
		ras.SettingHomeAlone: 0, ras.SettingHomeFamily: 0.2, ras.SettingSupportedLiving: 0.6,
		ras.SettingResidential: 1.0, ras.SettingNursing: 1.4,
	}
	helpActivities = [...]string{ActivityPersonalCare, ActivityDomestic, ActivityPractical, ActivityEmotional, ActivityHealthTasks, ActivitySupervision}
	adultActShares = []float64{0.30, 0.25, 0.15, 0.10, 0.10, 0.10}
	childActShares = []float64{0.35, 0.05, 0.05, 0.10, 0.15, 0.30}
)

const chcSeverity = 1.0

// core holds the first draws of a person's stream: enough to link carers
// with the persons they care for without drawing everything.
type core struct {
	cohort    ras.Cohort
	age       int
	bday, day int
	setting   ras.LivingSetting
	locality  int
	gender    string
	// informal help (not carers)
	units     int // total half-hours a week
	mainRel   string
	mainUnits int
	livesWith bool
	secondRel string
}

func drawCore(g *rng) core {
	var c core
	c.cohort = cohortList[g.pick(cohortShares)]
	zAge := g.norm()
	uAge := g.float()
	switch c.cohort {
	case ras.CohortAdult:
		c.age = int(math.Round(clamp(62+20*zAge, 18, maxAge)))
	case ras.CohortCHC:
		c.age = int(math.Round(clamp(72+16*zAge, 18, maxAge)))
	case ras.CohortCarer:
		c.age = int(math.Round(clamp(57+15*zAge, 18, 90)))
	case ras.CohortChildren:
		// ages 0–3 weighted 0.6, 4–17 weighted 1: 2.4 + 14 = 16.4 in all
		u := uAge * 16.4
		if u < 2.4 {
			c.age = int(u / 0.6)
		} else {
			c.age = 4 + int(u-2.4)
		}
		c.age = min(c.age, 17)
	}
	c.bday = g.intN(365)
	c.day = g.intN(WindowDays)
	uSetting := g.float()
	switch c.cohort {
	case ras.CohortAdult:
		c.setting = settingList[pickU(uSetting, adultSettings)]
	case ras.CohortCHC:
		c.setting = settingList[pickU(uSetting, chcSettings)]
	case ras.CohortChildren:
		c.setting = settingList[pickU(uSetting, childSettings)]
		if c.setting == ras.SettingSupportedLiving && c.age < 16 {
			c.setting = ras.SettingHomeFamily
		}
	case ras.CohortCarer:
		c.setting = ras.SettingHomeFamily
		if uSetting < 0.35 {
			c.setting = ras.SettingHomeAlone
		}
	}
	c.locality = g.pick(localityShares)
	pFemale := 0.52 + 0.2*clamp(float64(c.age-60)/40, 0, 1)
	switch c.cohort {
	case ras.CohortChildren:
		pFemale = 0.38
	case ras.CohortCarer:
		pFemale = 0.65
	}
	c.gender = "male"
	if g.bern(pFemale) {
		c.gender = "female"
	}
	if c.cohort == ras.CohortCarer {
		return c
	}

	// Informal help, as gen_synth.R: whether anyone helps depends on the
	// setting; hours ~ Gamma(2, rate 0.12) rounded to half hours, at most 80.
	pHelp := 0.05
	switch c.setting {
	case ras.SettingHomeFamily:
		pHelp = 0.85
	case ras.SettingHomeAlone:
		pHelp = 0.25
	}
	rate := 0.12
	if c.cohort == ras.CohortChildren {
		pHelp, rate = 0.3, 0.07
		if c.setting == ras.SettingHomeFamily {
			pHelp = 0.95
		}
	}
	uHelp := g.float()
	hours := g.gamma(2, rate)
	uMain, uSecond, uShare, uSecondRel := g.float(), g.float(), g.float(), g.float()
	if uHelp >= pHelp {
		return c
	}
	c.units = min(int(math.Round(2*hours)), 160)
	if c.units == 0 {
		return c
	}
	c.mainRel = mainHelper(c.cohort, c.setting, c.age, uMain)
	switch c.mainRel {
	case HelperFriend, HelperNeighbour:
	default:
		c.livesWith = c.setting == ras.SettingHomeFamily
	}
	c.mainUnits = c.units
	if c.units >= 4 && uSecond < 0.3 {
		c.secondRel = secondHelper(c.cohort, c.mainRel, uSecondRel)
		c.mainUnits = min(max(1, int(math.Round(float64(c.units)*(0.6+0.3*uShare)))), c.units-1)
	}
	return c
}

// pickU picks an index with probabilities w (summing to 1) from a uniform u.
func pickU(u float64, w []float64) int {
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	for i := len(w) - 1; i > 0; i-- {
		if w[i] > 0 {
			return i
		}
	}
	return 0
}

type relShare struct {
	rel   string
	share float64
}

func pickRel(u float64, rs []relShare) string {
	for _, r := range rs {
		if u < r.share {
			return r.rel
		}
		u -= r.share
	}
	return rs[len(rs)-1].rel
}

var (
	relChild      = []relShare{{HelperParent, 0.88}, {HelperGrandparent, 0.12}}
	relFamilyOld  = []relShare{{HelperSpouse, 0.60}, {HelperDaughter, 0.20}, {HelperSon, 0.10}, {HelperSibling, 0.05}, {HelperFriend, 0.05}}
	relFamilyYng  = []relShare{{HelperParent, 0.55}, {HelperSpouse, 0.25}, {HelperSibling, 0.10}, {HelperDaughter, 0.05}, {HelperSon, 0.05}}
	relAlone      = []relShare{{HelperDaughter, 0.40}, {HelperSon, 0.25}, {HelperFriend, 0.15}, {HelperNeighbour, 0.15}, {HelperSibling, 0.05}}
	relAway       = []relShare{{HelperDaughter, 0.40}, {HelperSon, 0.30}, {HelperSpouse, 0.15}, {HelperFriend, 0.15}}
	relSecond     = []relShare{{HelperDaughter, 0.30}, {HelperSon, 0.25}, {HelperFriend, 0.20}, {HelperNeighbour, 0.15}, {HelperSibling, 0.10}}
	relSecondKids = []relShare{{HelperGrandparent, 0.70}, {HelperFriend, 0.30}}
)

func mainHelper(c ras.Cohort, s ras.LivingSetting, age int, u float64) string {
	switch {
	case c == ras.CohortChildren:
		return pickRel(u, relChild)
	case s == ras.SettingHomeFamily && age >= 55:
		return pickRel(u, relFamilyOld)
	case s == ras.SettingHomeFamily:
		return pickRel(u, relFamilyYng)
	case s == ras.SettingHomeAlone:
		return pickRel(u, relAlone)
	default:
		return pickRel(u, relAway)
	}
}

func secondHelper(c ras.Cohort, main string, u float64) string {
	rs := relSecond
	if c == ras.CohortChildren {
		rs = relSecondKids
	}
	r := pickRel(u, rs)
	if r == main {
		if c == ras.CohortChildren {
			return HelperFriend
		}
		return HelperNeighbour
	}
	return r
}

// drawHelp turns the help summary of c into records: the main helper's
// hours over one to three activities, a second helper's over one.
func drawHelp(g *rng, c *core, carerID string) []ras.InformalHelp {
	// Draw the same numbers whether or not anyone helps.
	var u [8]float64
	for k := range u {
		u[k] = g.float()
	}
	if c.units == 0 {
		return nil
	}
	shares := adultActShares
	if c.cohort == ras.CohortChildren {
		shares = childActShares
	}
	k := 1
	if u[0] < 0.5 {
		k++
	}
	if u[1] < 0.5 {
		k++
	}
	k = min(k, c.mainUnits)
	second := 0
	if c.secondRel != "" {
		second = 1
	}
	out := make([]ras.InformalHelp, 0, k+second)
	// k distinct activities, drawn without replacement by weight.
	var used [len(helpActivities)]bool
	acts := make([]int, 0, 3)
	for j := range k {
		var s float64
		for a, w := range shares {
			if !used[a] {
				s += w
			}
		}
		x := u[2+j] * s
		pick := -1
		for a, w := range shares {
			if used[a] || w == 0 {
				continue
			}
			pick = a
			if x < w {
				break
			}
			x -= w
		}
		used[pick] = true
		acts = append(acts, pick)
	}
	// Split the main helper's half hours: one to each activity, the rest
	// in proportion to weights U(0.5, 1.5), the first activity taking what
	// rounding down leaves over.
	rest := c.mainUnits - k
	var w [3]float64
	var ws float64
	for j := range k {
		w[j] = 0.5 + u[5+j]
		ws += w[j]
	}
	units := [3]int{1, 1, 1}
	left := rest
	for j := 1; j < k; j++ {
		n := int(float64(rest) * w[j] / ws)
		units[j] += n
		left -= n
	}
	units[0] += left
	for j := range k {
		out = append(out, ras.InformalHelp{Helper: c.mainRel, HelperID: carerID, Activity: helpActivities[acts[j]], HoursPerWeek: float64(units[j]) / 2, LivesWith: c.livesWith})
	}
	if second == 1 {
		a := ActivityPractical
		switch {
		case u[4] < 0.3:
			a = ActivityDomestic
		case u[4] < 0.6:
			a = ActivityEmotional
		}
		if c.cohort == ras.CohortChildren {
			a = ActivitySupervision
		}
		out = append(out, ras.InformalHelp{Helper: c.secondRel, Activity: a, HoursPerWeek: float64(c.units-c.mainUnits) / 2})
	}
	return out
}

// eligibleCaredFor reports whether a person can be linked to a carer: not
// a carer, and receiving some informal help.
func (c *core) eligibleCaredFor() bool { return c.cohort != ras.CohortCarer && c.units > 0 }

func coreOf(g *rng, seed uint64, k int) core {
	g.seed(seed, k, streamPerson)
	return drawCore(g)
}

// linkBack returns the person carer i cares for, or −1: the nearest
// earlier person within linkWindow who is either a carer or receives
// informal help, if that person receives informal help.
func linkBack(g *rng, seed uint64, i int) (int, core) {
	for k := i - 1; k >= 0 && k >= i-linkWindow; k-- {
		c := coreOf(g, seed, k)
		if c.cohort == ras.CohortCarer {
			return -1, core{}
		}
		if c.eligibleCaredFor() {
			return k, c
		}
	}
	return -1, core{}
}

// linkForward returns the carer of person j, or −1: the nearest later
// person within linkWindow who is either a carer or receives informal
// help, if that person is a carer. It is the inverse of linkBack.
func linkForward(g *rng, seed uint64, j int) int {
	c := coreOf(g, seed, j)
	if !c.eligibleCaredFor() {
		return -1
	}
	for k := j + 1; k <= j+linkWindow; k++ {
		ck := coreOf(g, seed, k)
		if ck.cohort == ras.CohortCarer {
			return k
		}
		if ck.eligibleCaredFor() {
			return -1
		}
	}
	return -1
}

// drawCarer completes the facts of carer i.
func drawCarer(g, link *rng, seed uint64, i int, p *PersonFacts) {
	zAge, uGender, uSetting, uRel, uLives := g.norm(), g.float(), g.float(), g.float(), g.float()
	hours := g.gamma(2, 0.08)
	j, cj := linkBack(link, seed, i)
	if j < 0 {
		p.CarerRelationship = pickRel(uRel, []relShare{{HelperDaughter, 0.30}, {HelperSon, 0.15}, {HelperSpouse, 0.30}, {HelperParent, 0.15}, {HelperFriend, 0.05}, {HelperSibling, 0.05}})
		p.CaringHours = max(1, min(80, math.Round(2*hours)/2))
		p.LivesWithCaredFor = uLives < 0.6
		if p.LivesWithCaredFor {
			p.Setting = ras.SettingHomeFamily
		}
	} else {
		p.CaredForID = PersonID(j)
		p.CarerRelationship = cj.mainRel
		p.CaringHours = float64(cj.mainUnits) / 2
		p.LivesWithCaredFor = cj.livesWith
		p.Locality = localities[cj.locality]
		// The carer's age follows from the relationship.
		a := float64(cj.age)
		switch cj.mainRel {
		case HelperSpouse:
			a += 4 * zAge
		case HelperDaughter, HelperSon:
			a += -30 + 5*zAge
		case HelperParent:
			a += 31 + 6*zAge
		case HelperGrandparent:
			a += 58 + 7*zAge
		case HelperSibling:
			a += 6 * zAge
		default:
			a += -5 + 10*zAge
		}
		p.Age = int(math.Round(clamp(a, 18, 90)))
		pFemale := 0.6
		switch cj.mainRel {
		case HelperDaughter:
			pFemale = 1
		case HelperSon:
			pFemale = 0
		case HelperSpouse:
			pFemale = 0.95
			if cj.gender == "female" {
				pFemale = 0.05
			}
		case HelperParent:
			pFemale = 0.75
		case HelperGrandparent:
			pFemale = 0.7
		}
		p.Gender = "male"
		if uGender < pFemale {
			p.Gender = "female"
		}
		switch {
		case p.LivesWithCaredFor:
			p.Setting = ras.SettingHomeFamily
		case uSetting < 0.4:
			p.Setting = ras.SettingHomeAlone
		default:
			p.Setting = ras.SettingHomeFamily
		}
	}
	lw := 0.0
	if p.LivesWithCaredFor {
		lw = 0.3
	}
	p.SeverityLinear = -1.0 + 0.03*(p.CaringHours-20) + lw + 0.8*g.norm()
	p.Severity = plogis(p.SeverityLinear)
}
