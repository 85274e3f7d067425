// Package synth generates realistic synthetic RAS assessments, with the
// truth behind them, for all four cohorts: adult social care, NHS
// Continuing Healthcare, carers and children. It is deterministic and
// seeded, so researchers can run simulation studies and tests can check
// that fitted parameters recover the truth.
//
// # Overview
//
// A synthetic population is an endless sequence of persons, indexed from 0.
// Person(seed, i) gives person i's facts: a stable pseudonymous id
// (PersonID(i), "P0000001" for i = 0), cohort, age, gender, living setting,
// locality, assessment day, a latent severity, the support needed to stay
// safe, independence in five daily activities, and the informal (unpaid)
// help received. The facts depend only on (seed, i): not on the model, the
// options, or how many persons are generated, so other generators
// (services, finance, carers, children's reassessments) can key on them.
//
// A Generator answers a questionnaire model (any *ras.Model, of any family)
// for each person and draws a planned weekly cost from a known CostModel:
//
//	g, err := synth.New(model, synth.Options{Seed: 1})
//	for c := range g.Cases(1_000_000) { // streams; one case held at a time
//		use(&c.Assessment, c.Mu, c.Cost)
//	}
//
// Cases streams any number of cases; Slice returns them as a slice,
// generated in parallel; Case(i) gives one. All three give identical
// results for the same seed and options: every record draws from its own
// random streams (PCG-DXSM from math/rand/v2, seeded from SplitMix64 of
// seed, person index and stream), one for the person, one for the answers,
// one for the cost.
//
// # Persons
//
// The default shares are invented for realism, except where gen_synth.R
// (the R script that generates the project's reference data; see
// testdata/README.md) fixes them:
//
//   - Cohort: adult social care 0.70, continuing healthcare 0.06, carers
//     0.14, children 0.10.
//   - Age in completed years on the assessment date: adults
//     round(N(62, 20)) clipped to 18–98 (gen_synth.R); CHC round(N(72, 16))
//     clipped to 18–98; carers round(N(57, 15)) clipped to 18–90, or from
//     the age of the person cared for (below); children 0–17, ages 0–3 with
//     weight 0.6 and 4–17 with weight 1. The date of birth is consistent
//     with the age and the assessment date.
//   - Living setting: adults home_alone 0.35, home_family 0.35,
//     supported_living 0.15, residential 0.15 (gen_synth.R); CHC 0.15,
//     0.25, 0.05, 0.10 and nursing 0.45; children home_family 0.92,
//     supported_living 0.03 (aged 16–17, else home_family), residential
//     0.05; carers home_family 0.65, home_alone 0.35.
//   - Gender: female with probability 0.52 + 0.2·clamp((age − 60)/40, 0, 1)
//     for adults and CHC, 0.38 for children, 0.65 for carers.
//   - Locality: eight, "L01" to "L08", shares 0.17, 0.15, 0.14, 0.13, 0.12,
//     0.11, 0.10, 0.08.
//   - Assessment date: uniform over the WindowDays (639, about 21 months)
//     from Options.Start, weekends moved to the Monday.
//   - Budget start, for a model that pro-rates (ras.Composition.ProRate):
//     day i mod n of the model's n-day period for person i, drawn from no
//     random stream. No add-ons are approved.
//   - Latent severity: plogis(η), η = −1 + 0.015·(age − 62) + setting effect
//     (home_alone 0, home_family 0.2, supported_living 0.6, residential 1.0,
//     nursing 1.4) + N(0, 0.8²), as gen_synth.R; +1.0 for CHC; children
//     η = −0.8 + setting effect + N(0, 0.8²); carers η = −1 + 0.03·(hours of
//     care − 20) + 0.3 if they live with the person + N(0, 0.8²).
//   - Safety: severity + N(0, 0.1²) below 0.35 none, 0.55 occasional, 0.75
//     regular, 0.92 constant, else two_to_one. Not recorded for carers.
//   - Independence: in nutrition, hygiene, toilet, clothing and home_safety
//     (the personal-care-4 items of package independence), level
//     independent, prompting, some_help or full_help by Binomial(3, p),
//     p = clamp(severity + N(0, 0.12²), 0.01, 0.97) (plus 0.12 per year
//     under five for small children). Not recorded for carers.
//   - Informal help (not carers), as gen_synth.R: someone helps with
//     probability 0.85 at home with family, 0.25 at home alone, 0.05
//     elsewhere (children: 0.95 at home, 0.3 elsewhere); hours a week
//     round(2·Gamma(2, rate 0.12))/2, at most 80 (children rate 0.07). The
//     main helper (spouse, daughter, son, parent, sibling, friend or
//     neighbour for adults by setting and age; parent or grandparent for
//     children) lives with the person at home with family; with probability
//     0.3 (if at least 2 hours) a second helper takes 10–40 % of the hours.
//     Each helper's hours are split over one to three activities (the names
//     package carers uses: personal_care, domestic, practical,
//     emotional_support, health_tasks, supervision) in half hours.
//   - Carers: carer i cares for the nearest earlier person within 64
//     indices who is a carer or receives informal help, if that person
//     receives help (about three carers in four); otherwise for someone not
//     known to the council (CaredForID empty). A linked carer is that
//     person's main helper: same relationship, hours, lives-with and
//     locality, and the main helper's informal help records carry the
//     carer's id in HelperID. Their age follows from the relationship
//     (daughter or son about 30 years younger, spouse about the same,
//     parent about 31 older).
//
// # Answers
//
// For each question that applies to the person's cohort (questions that do
// not apply are not answered), in model order:
//
//   - Choice questions: the options are ordered by increasing need, by
//     points; in an hours model by minutes; when those do not differ, by an
//     hours adjustment's factor or an addition's amount; else as listed.
//     With p = clamp(severity + d + e, 0.01, 0.97), where d ~ N(0,
//     DomainNoise²) is drawn once per domain (this shared severity is what
//     correlates the domains) and e ~ N(0, ItemNoise²) per question, the
//     answer is the option at position Binomial(K − 1, p) among K. With
//     yes/no questions worth a point each and no item noise a domain's
//     points are Binomial(max, p), exactly gen_synth.R's.
//   - Choice questions named in Options.SettingAnswers: the option given
//     for the person's living setting, if any (a placement question).
//   - Choice questions that an hours model's deduction reads as a fraction
//     of need met by unpaid help: the option whose fraction is nearest to
//     min(1, informal hours/40).
//   - Number questions: informal hours when the question is an hours
//     deduction's hours_question or its id, text or unit says "informal" or
//     "unpaid"; the carer's hours of care when it says "caring"; otherwise
//     min with probability 1 − p, else min + (max − min)·clamp(p·U(0.5,
//     1.5), 0, 1). Rounded to whole numbers if min and max are whole, else
//     to 0.01, and clipped to min..max.
//
// # Costs
//
// The planned weekly cost follows CostModel (see its documentation and
// DefaultCostModel, which mirrors gen_synth.R): a linear predictor in the
// domain scores, living setting, cohort, age over 65 and informal hours,
// floored at 25, times skewed mean-one noise (80 % Gamma(4, rate 4), 20 %
// lognormal(−0.125, 0.5)), then 3.4 % set to zero and 0.25 % of the rest
// multiplied by U(8, 15). Each Case records the truth: Mu, MuRaw, Noise,
// Zero, Outlier, OutlierFactor, the domain scores and the severity.
//
// # Contract
//
// Money: the cost is rounded once to whole pence, halves away from zero
// (Case.CostPence), and stored as a decimal.Decimal in the assessment's
// PlannedWeekly; floats are used only for the truth. Every assessment has
// valid fields (ras.Assessment.Validate) and answers the model's engine
// accepts. A Generator is immutable and safe for concurrent use. Invalid
// options are an ErrInvalidOptions error naming the field; an invalid model
// an ErrInvalidModel. Negative person indices are a programming error and
// panic. Changing the order or number of random draws changes the data for
// a given seed; such changes are listed as behaviour changes in the
// changelog.
package synth
