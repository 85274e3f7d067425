package synth

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras"
)

// Roles of a question in answer generation.
const (
	roleSeverity = iota // answered from the latent severity
	roleInformal        // answered from the informal help received
	roleCaring          // answered from the hours of care a carer gives
)

// qplan is how one question is answered.
type qplan struct {
	id         string
	domain     int
	cohortMask uint8 // bit per cohort index; 0: every cohort
	number     bool
	role       int
	// choice questions: option ids in order of increasing need, their
	// points and, for roleInformal, the fraction of need met informally.
	order     []string
	points    []float64
	fractions []float64
	// number questions
	min, max float64
	integer  bool
	// bySetting fixes the answer (an index into order) by living setting.
	bySetting map[ras.LivingSetting]int
}

// domainPlan is how a domain is scored for the cost model.
type domainPlan struct {
	id string
	// ranked: no option in the domain carries points, so a question scores
	// the rank of its answer (0 for the least need) instead.
	ranked bool
	max    float64 // the largest score the domain can give
}

func cohortBit(c ras.Cohort) uint8 {
	for k, x := range cohortList {
		if x == c {
			return 1 << k
		}
	}
	return 0
}

// plan works out how every question of m is answered and scored.
func plan(m *ras.Model) ([]qplan, []domainPlan) {
	informalQ := map[string]bool{}
	fractions := map[string]map[string]float64{}
	adjust := map[string]map[string]float64{}
	adds := map[string]map[string]float64{}
	if m.Hours != nil {
		for _, d := range m.Hours.Deductions {
			if d.HoursQuestion != "" {
				informalQ[d.HoursQuestion] = true
			}
			if d.Question != "" {
				f := map[string]float64{}
				for k, v := range d.Fractions {
					f[k] = v.InexactFloat64()
				}
				fractions[d.Question] = f
			}
		}
		for _, a := range m.Hours.Adjustments {
			f := map[string]float64{}
			for k, v := range a.Factors {
				f[k] = v.InexactFloat64()
			}
			adjust[a.Question] = f
		}
		for _, a := range m.Hours.Additions {
			f := map[string]float64{}
			for k, v := range a.Weekly {
				f[k] = v.InexactFloat64()
			}
			for k, v := range a.Hours {
				f[k] = v.InexactFloat64()
			}
			adds[a.Question] = f
		}
	}
	var qs []qplan
	ds := make([]domainPlan, len(m.Domains))
	for di := range m.Domains {
		d := &m.Domains[di]
		ds[di].id = d.ID
		ds[di].ranked = true
		for _, q := range d.Questions {
			for _, o := range q.Options {
				if o.Points > 0 {
					ds[di].ranked = false
				}
			}
		}
		for qi := range d.Questions {
			q := &d.Questions[qi]
			p := qplan{id: q.ID, domain: di}
			for _, c := range q.Cohorts {
				p.cohortMask |= cohortBit(c)
			}
			text := strings.ToLower(q.ID + " " + q.Text + " " + q.Unit)
			if q.Type == ras.QuestionNumber {
				p.number = true
				p.min, p.max = *q.Min, *q.Max
				p.integer = p.min == math.Trunc(p.min) && p.max == math.Trunc(p.max)
				switch {
				case informalQ[q.ID] || strings.Contains(text, "informal") || strings.Contains(text, "unpaid"):
					p.role = roleInformal
				case strings.Contains(text, "caring"):
					p.role = roleCaring
				}
				qs = append(qs, p)
				continue
			}
			// Order the options by increasing need, keeping the listed
			// order among ties.
			type opt struct {
				id       string
				pos      int
				points   float64
				key      float64
				fraction float64
			}
			os := make([]opt, len(q.Options))
			for k, o := range q.Options {
				os[k] = opt{id: o.ID, pos: k, points: float64(o.Points), key: float64(o.Points)}
			}
			differ := func() bool {
				return slices.ContainsFunc(os, func(o opt) bool { return o.key != os[0].key })
			}
			if m.Family == ras.FamilyHours {
				save := make([]float64, len(os))
				for k, o := range q.Options {
					save[k] = os[k].key
					os[k].key = o.Minutes.InexactFloat64()
				}
				if !differ() {
					for k := range os {
						os[k].key = save[k]
					}
				}
			}
			if f, ok := fractions[q.ID]; ok {
				p.role = roleInformal
				for k := range os {
					os[k].fraction = f[os[k].id]
					os[k].key = os[k].fraction
				}
			} else if !differ() {
				if f, ok := adjust[q.ID]; ok {
					for k := range os {
						os[k].key = 1
						if v, ok := f[os[k].id]; ok {
							os[k].key = v
						}
					}
				} else if f, ok := adds[q.ID]; ok {
					for k := range os {
						os[k].key = f[os[k].id]
					}
				}
				if !differ() {
					for k := range os {
						os[k].key = float64(k)
					}
				}
			}
			slices.SortStableFunc(os, func(a, b opt) int { return cmp.Compare(a.key, b.key) })
			for _, o := range os {
				p.order = append(p.order, o.id)
				p.points = append(p.points, o.points)
				p.fractions = append(p.fractions, o.fraction)
			}
			if p.role == roleSeverity {
				if ds[di].ranked {
					ds[di].max += float64(len(os) - 1)
				} else {
					ds[di].max += slices.Max(p.points)
				}
			}
			qs = append(qs, p)
		}
	}
	return qs, ds
}

// answer fills a's answers for person p and returns the domain scores.
// Questions that do not apply to the person's cohort are not answered.
func (g *Generator) answer(s *scratch, p *PersonFacts, a *ras.Assessment, scores []float64) {
	r := &s.answers
	if cap(s.noise) < len(g.domainPlans) {
		s.noise = make([]float64, len(g.domainPlans))
	}
	dn := s.noise[:len(g.domainPlans)]
	for k := range dn {
		dn[k] = g.domainNoise * r.norm()
	}
	bit := cohortBit(p.Cohort)
	hInformal := p.InformalHours()
	n := g.applicable[bit]
	a.Answers = make(ras.Answers, 0, n)
	for qi := range g.questions {
		q := &g.questions[qi]
		if q.cohortMask != 0 && q.cohortMask&bit == 0 {
			continue
		}
		prob := clamp(p.Severity+dn[q.domain], 0.01, 0.97)
		if g.itemNoise > 0 {
			prob = clamp(prob+g.itemNoise*r.norm(), 0.01, 0.97)
		}
		if q.number {
			var v float64
			switch q.role {
			case roleInformal:
				v = hInformal
			case roleCaring:
				v = p.CaringHours
			default:
				u1, u2 := r.float(), r.float()
				v = q.min
				if u1 < prob {
					v = q.min + (q.max-q.min)*clamp(prob*(0.5+u2), 0, 1)
				}
			}
			if q.integer {
				v = math.Round(v)
			} else {
				v = math.Round(v*100) / 100
			}
			v = clamp(v, q.min, q.max)
			a.Answers = append(a.Answers, ras.Answer{Question: q.id, Value: v, IsValue: true})
			continue
		}
		var k int
		if q.role == roleInformal {
			target := math.Min(1, hInformal/40)
			best := math.Inf(1)
			for j, f := range q.fractions {
				if d := math.Abs(f - target); d < best {
					best, k = d, j
				}
			}
		} else {
			k = r.binomial(len(q.order)-1, prob)
			if j, ok := q.bySetting[p.Setting]; ok {
				k = j
			}
			if g.domainPlans[q.domain].ranked {
				scores[q.domain] += float64(k)
			} else {
				scores[q.domain] += q.points[k]
			}
		}
		a.Answers = append(a.Answers, ras.Answer{Question: q.id, Option: q.order[k]})
	}
}
