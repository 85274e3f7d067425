// Package eligibility reads national eligibility rules for adult social care
// in England exactly as written, and explains the reading in plain English.
//
// It covers three rule sets:
//
//   - the Care Act 2014 eligibility criteria for adults with needs for care
//     and support (regulation 2) and for carers (regulation 3) of the Care and
//     Support (Eligibility Criteria) Regulations 2015, SI 2015/313;
//   - the indicators of a primary health need in the NHS Continuing
//     Healthcare Decision Support Tool (DST, 2022 National Framework);
//   - the NHS Continuing Healthcare Checklist thresholds for a full
//     assessment (Checklist guidance 2022, paragraph 19).
//
// The package imports nothing from the ras tree except ras/disclosure (for
// the summaries); in particular not package ras itself. Its inputs are
// self-contained value types keyed on string ids, so that other packages can
// convert their own records to them.
//
// # Care Act 2014: adults (SI 2015/313 reg. 2)
//
// An adult's needs meet the eligibility criteria if all three conditions of
// reg. 2(1) hold:
//
//  1. the needs arise from or are related to a physical or mental impairment
//     or illness (reg. 2(1)(a); AdultAssessment.ImpairmentOrIllness);
//  2. as a result the adult is unable to achieve two or more of the ten
//     outcomes of reg. 2(2)(a)–(j) (the Outcome constants);
//  3. as a consequence there is, or is likely to be, a significant impact on
//     the adult's well-being (reg. 2(1)(c); AdultAssessment.SignificantImpact,
//     with the areas affected among the nine of Care Act 2014 s.1(2), the
//     WellBeingArea constants).
//
// An adult is "unable to achieve" an outcome (reg. 2(3)) if the adult is
// unable to achieve it without assistance; or is able to without assistance
// but doing so causes significant pain, distress or anxiety; or endangers or
// is likely to endanger the health or safety of the adult or of others; or
// takes significantly longer than would normally be expected. These are the
// four Limbs bits. Any one limb makes the outcome unmet.
//
// # Care Act 2014: carers (SI 2015/313 reg. 3)
//
// A carer's needs meet the eligibility criteria if all three conditions of
// reg. 3(1) hold: the needs arise as a consequence of providing necessary
// care for an adult; the effect is that any of the circumstances of reg. 3(2)
// apply; and as a consequence there is, or is likely to be, a significant
// impact on the carer's well-being. The circumstances of reg. 3(2) are either
// (a) the carer's physical or mental health is, or is at risk of,
// deteriorating (the "health route", CarerAssessment.HealthDeteriorating), or
// (b) the carer is unable to achieve any of the eight outcomes of reg.
// 3(2)(b)(i)–(viii) (the CarerOutcome constants). One outcome is enough for a
// carer, where an adult needs two.
//
// Carers have three limbs of "unable to achieve" (reg. 3(3)(a)–(c)); there
// is no "takes significantly longer" limb. Giving LimbSignificantlyLonger
// for a carer is an error (ErrCarerSignificantlyLonger), not silently
// ignored.
//
// In both cases, where the level of need fluctuates the assessment must look
// over a period long enough to establish it accurately (reg. 2(4), 3(4)).
// This package takes the assessor's findings as given and applies the
// regulation's logic to them; whether a finding holds is a professional
// judgement this package does not make.
//
// # NHS Continuing Healthcare: Decision Support Tool
//
// The DST records a level of need in twelve care domains (Domain). Not every
// domain has every level; the levels each domain allows are held as data
// (AllowedLevels), not as a ceiling, because Altered states of consciousness
// has Priority but no Severe:
//
//	Breathing                          No needs, Low, Moderate, High, Severe, Priority
//	Nutrition                          No needs, Low, Moderate, High, Severe
//	Continence                         No needs, Low, Moderate, High
//	Skin (including tissue viability)  No needs, Low, Moderate, High, Severe
//	Mobility                           No needs, Low, Moderate, High, Severe
//	Communication                      No needs, Low, Moderate, High
//	Psychological and emotional needs  No needs, Low, Moderate, High
//	Cognition                          No needs, Low, Moderate, High, Severe
//	Behaviour                          No needs, Low, Moderate, High, Severe, Priority
//	Drug therapies and medication      No needs, Low, Moderate, High, Severe, Priority
//	Altered states of consciousness    No needs, Low, Moderate, High, Priority
//	Other significant care needs       Low, Moderate, High, Severe (or none recorded)
//
// A level a domain does not have is a validation error (*LevelError, naming
// the domain and the level).
//
// EvaluateDST sets four indicator flags (DST guidance 2022, "using the DST
// to inform eligibility recommendations"):
//
//   - IndicatorPriority: a Priority level in any of the four domains that
//     carry it — a clear recommendation of eligibility would be expected;
//   - IndicatorTwoSevere: Severe in two or more domains — likewise clear;
//   - IndicatorSevereWithOthers: exactly one Severe, together with needs in
//     "a number of" other domains — may indicate a primary health need;
//   - IndicatorHighModerate: "a number of" domains with High and/or Moderate
//     needs — may indicate a primary health need.
//
// The guidance gives no number for "a number of", so DSTOptions makes the two
// thresholds configurable. The defaults read the words at their plainest: at
// least two other domains at Low or above, and at least two domains at High
// or Moderate.
//
// # NHS Continuing Healthcare: Checklist
//
// The Checklist scores eleven domains (the DST domains without "Other
// significant care needs") in column A, B or C. EvaluateChecklist flags each
// threshold for a full assessment: two or more A; five or more B; one A
// together with four or more B; an A in a domain whose box carries an
// asterisk (Breathing, Behaviour, Drug therapies and medication, Altered
// states of consciousness — the domains with Priority in the DST; see
// PriorityDomains), whatever the other scores.
//
// # Flags, not decisions
//
// For NHS Continuing Healthcare the output is flags and reasons, never a
// decision: eligibility is decided by the multidisciplinary team and the
// integrated care board, weighing the nature, intensity, complexity and
// unpredictability of needs; the DST is not a points system. A positive
// Checklist only means a full assessment is indicated. For the Care Act,
// the result is the regulation's logic applied to the recorded findings; the
// determination (Care Act s.13) is the local authority's.
//
// # Contract
//
// The Evaluate functions validate their input, return a value result and do
// not allocate for valid input; they are safe for concurrent use. Invalid
// input gives the zero result and an error (*FieldError or *LevelError) that
// unwraps to one of the Err sentinels, with a message starting
// "eligibility: " and naming the record id and the field. The Reasons
// methods render the plain-English explanation lazily, outside the
// evaluation. The JSON decoders (DecodeAdult, DecodeCarer, DecodeDST,
// DecodeChecklist, DecodeDSTOptions) reject unknown fields, unknown names,
// repeated keys and trailing data, and validate what they decode (see Bad
// input).
//
// Summary counts results by cohort, locality and period (Group) and
// Summary.Tables returns count tables — eligible and not eligible,
// conditions failed, outcomes unmet (Table.Ranked gives the outcomes most
// often unmet), DST indicators and Checklist results — every one passed
// through the small-number suppression of package ras/disclosure, with
// hidden counts zeroed in the returned value.
//
// # Bad input
//
// The decoders read one JSON object each and reject, before
// encoding/json could let it pass:
//
//   - input that is not valid UTF-8 (encoding/json would turn it into
//     U+FFFD) — ErrInvalidText;
//   - a key given twice in any object, at any depth ({"id":"X","id":"A-1"},
//     a threshold given twice): encoding/json keeps the last —
//     ErrRepeatedKey;
//   - a key that is not exactly one of the snake_case keys documented here:
//     encoding/json would match "ID" to "id" ignoring case — ErrUnknownName
//     naming the key and the one meant; unknown keys, unknown outcome,
//     limb, area, domain, level or score names — ErrUnknownName;
//   - an id that is not valid UTF-8 or holds a control character
//     (U+0000–U+001F, U+007F–U+009F) or a byte-order mark (U+FEFF) —
//     ErrInvalidText, also from Validate and the Evaluate functions;
//   - input that is not well-formed JSON, a value of the wrong JSON type
//     (a number where a list of limb names goes), null anywhere
//     (encoding/json would read a flag of null as false), a record longer
//     than 1 MiB, and anything after the JSON value — ErrMalformed.
//
// Each error is a *FieldError or *LevelError naming the record id when
// known and the field (a path such as "outcomes.nutrition"; for a problem
// of the record as a whole, its kind in parentheses, "(carer
// assessment)", with the byte offset), and unwraps to its sentinel. A reader of JSON lines can call DecodeCarer (or
// another decoder) once a line and rely on all of this. Summary rates are
// never NaN:
// TableRow.Rate reports an undefined rate (a hidden cell, N = 0) as
// false.
//
// # Sources
//
// SI 2015/313 regs 2 and 3: https://www.legislation.gov.uk/uksi/2015/313/made .
// Care Act 2014 s.1(2) (well-being) and s.13: https://www.legislation.gov.uk/ukpga/2014/23 .
// NHS Continuing Healthcare Decision Support Tool and Checklist, and their
// guidance (July 2022, updated October 2022), with the National Framework for
// NHS Continuing Healthcare and NHS-funded Nursing Care 2022:
// https://www.gov.uk/government/publications/national-framework-for-nhs-continuing-healthcare-and-nhs-funded-nursing-care .
//
// What was checked where: the wording of reg. 2(1)–(3) against the
// legislation.gov.uk text of SI 2015/313 as made; reg. 3(1)–(3) against a
// verbatim quotation of the regulation (a council glossary) and the SCIE
// and council summaries, the legislation.gov.uk page being readable only to
// reg. 2(3); the nine well-being areas against several quotations of s.1(2).
// The DST level sets, the clear indicators, the "one Severe with needs in a
// number of other domains" limb and the Checklist thresholds were checked
// against NHS and specialist secondary pages that quote the 2022 DST and
// Checklist guidance (the gov.uk pages were readable only to their
// opening). The "a number of domains with High and/or Moderate needs" limb
// could not be found verbatim in any readable source and remains
// unverified; its threshold is an option.
package eligibility
