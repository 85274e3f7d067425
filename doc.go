// Package stonesoup is an open-source library for Resource Allocation System
// (RAS) modelling and calibration in health and social care.
//
// Councils and NHS bodies assess people's needs with a RAS questionnaire:
// answers become points, points become an indicative personal budget with a
// breakdown of support hours, plus eligibility summaries. Like the
// villagers' ingredients in the Stone Soup tale, the assessments, the
// commissioned services, the finance data and the carers' and children's
// records answer together questions none answers alone. The packages:
//
//   - ras: the assessment data model for the four cohorts (Adult Social
//     Care, Continuing Healthcare, Carers, and Children's Health, Social
//     Care and Education); questionnaire and allocation models held as
//     versioned JSON, in three families (points × price, needs-led hours ×
//     rate, regression formula); the engine that turns answers into an
//     exact indicative budget, an hours breakdown and a plain-English
//     explanation; CSV and JSON readers that account for every row.
//   - ras/eligibility: Care Act 2014 eligibility for adults and carers (SI
//     2015/313) and the NHS Continuing Healthcare DST and Checklist
//     indicators, as flags and reasons, with summaries.
//   - ras/disclosure: small-number suppression for published tables.
//   - ras/synth: a seeded generator of realistic synthetic assessments and
//     planned costs from a known cost model, for examples and simulation.
//   - calibrate: regression calibration of a RAS against the amounts
//     actually planned (OLS, WLS, transformed responses with correct
//     retransformation, GLMs, Huber, quantile, NNLS and isotonic
//     regression), diagnostics the field reports, and export of a
//     recalibrated model back to ras, checked against R.
//   - pathway: the care pathway from request to assessment to service,
//     joining RAS, commissioned-services and finance data, with waiting-time
//     statistics for censored waits (Kaplan–Meier, log-rank, RTT-style
//     snapshots, benchmarking across teams).
//   - carers: the value of unpaid care, carer strain instruments, and
//     explainable flags for carers at risk of harm.
//   - independence: independence in daily activities over age and time,
//     LMS centiles for children, trend tests.
//
// Data flows one way: assessments are scored by a ras model; calibrate fits
// a better model from assessments and planned costs and hands it back to the
// engine as data (a ras regression or points model); pathway, carers and
// independence read the same assessments keyed on the same pseudonymous
// person ids. Nothing needs a database or a server: input comes from
// io.Reader (CSV, JSON), output is Go values, JSON, CSV and reports written
// to an io.Writer.
//
// Money handed to users is decimal.Decimal, computed exactly in fixed point
// and rounded once by a stated rule; estimators work in float64. Every
// statistical method is tested against R (see each package's
// testdata/reference) or a published worked example.
package stonesoup
