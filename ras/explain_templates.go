package ras

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"sort"
	"strings"
	"sync"
	"text/template"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidTemplate: a set of explanation templates names a step that does
// not exist, does not parse, or uses a field its step does not have.
var ErrInvalidTemplate = errors.New("ras: invalid explanation template")

// The wording of explanations.
//
// Result.Explain writes an explanation as a list of steps, each a line (or
// a short paragraph) made by a text/template from the step's data: the
// answers, the points, the price, each rule, the limits, the budget and
// how it was rounded. The step's key (such as "answer" or "cap") chooses
// the template; the data are the step's figures, already formatted as a
// person reads them (money with its currency symbol and thousands
// separators, points whole, hours to the model's hours_unit). The shipped
// wording is DefaultExplainTemplates; ras/explain.md lists every key, when
// it is used, its fields and its default text.
//
// A council replaces the wording of any step with NewExplainTemplates (or
// ReadExplainTemplates from a JSON object of key → template) and passes it
// to ExplainWith. Keys left out keep the default wording; a template that
// writes nothing (only white space) leaves its step out. Templates may use
// the function lower, which lowers the first letter of a name for use in
// mid-sentence unless another letter of the name is a capital or a digit
// ("Personal care" → "personal care"; "NHS-funded nursing", "Shared Lives
// carers" and "QSI Q16" are kept).
//
// To add a step: give it a data type (a struct of strings, ints and bools,
// each field with a doc tag), add it to explainSteps with a default
// template in explain.templates.json, and emit it from explainParts; the
// documentation, the validation and the golden tests follow.

//go:embed explain.templates.json
var defaultTemplatesJSON []byte

// explainStep is one kind of step of an explanation: its key, when it is
// used, and a zero value of its data.
type explainStep struct {
	key  string
	when string
	data any
}

// Data of the steps. Every field has a doc tag, for ras/explain.md. Money is
// formatted as FormatMoney does (more decimals where said), points as whole
// numbers, time as hours and minutes.
type (
	titleData struct {
		Assessment string `doc:"the assessment's id"`
		Model      string `doc:"the model's name"`
		Version    string `doc:"the model's version"`
	}
	domainData struct {
		Domain string `doc:"the domain's name"`
	}
	answerData struct {
		Question string `doc:"the question's text"`
		Answer   string `doc:"the label of the option chosen"`
		Points   string `doc:"the points it gave (\"2 points\"), or empty when the model does not count this answer's points"`
		Minutes  string `doc:"hours models: the time a week it needs (\"1 hour 30 minutes\"), or empty"`
		Activity string `doc:"hours models: the name of the activity the time is for, or empty"`
	}
	numberData struct {
		Question string `doc:"the question's text"`
		Value    string `doc:"the number given"`
		Unit     string `doc:"the question's unit (\"hours a week\"), or empty"`
	}
	domainTotalData struct {
		Domain string `doc:"the domain's name"`
		Points string `doc:"its points (\"6 points\")"`
	}
	pricePerPointData struct {
		Points   string `doc:"the total points (\"41 points\")"`
		Price    string `doc:"the price of a point"`
		Schedule string `doc:"the price schedule's name"`
		Weekly   string `doc:"the weekly amount, to the penny"`
	}
	domainPriceData struct {
		Domain string `doc:"the domain's name"`
		Points string `doc:"its points"`
		Price  string `doc:"its price of a point"`
		Weekly string `doc:"the weekly amount it gives, to the penny"`
	}
	domainUnpricedData struct {
		Domain string `doc:"the domain's name"`
		Points string `doc:"its points"`
	}
	bandData struct {
		Points   string `doc:"the total points"`
		Band     string `doc:"the band's name (\"band 2\" when it has none)"`
		Range    string `doc:"the band's range (\"25 to 44 points\", \"70 or more points\")"`
		Schedule string `doc:"the price schedule's name"`
		Weekly   string `doc:"the band's weekly amount"`
	}
	curveData struct {
		Points     string `doc:"the total points"`
		Schedule   string `doc:"the price schedule's name"`
		From       string `doc:"the points of the knot below"`
		FromWeekly string `doc:"its weekly amount"`
		To         string `doc:"the points of the knot above"`
		ToWeekly   string `doc:"its weekly amount"`
		Weekly     string `doc:"the weekly amount read off the curve, to the penny"`
	}
	curveBeyondData struct {
		Points   string `doc:"the total points"`
		Schedule string `doc:"the price schedule's name"`
		Weekly   string `doc:"the weekly amount of the curve's last knot"`
	}
	adjustData struct {
		Adjustment string `doc:"the adjustment's name"`
		Question   string `doc:"the question's text"`
		Answer     string `doc:"the label of the option chosen"`
		Activity   string `doc:"the activity's name"`
		Factor     string `doc:"the multiplier, as written in the model"`
		Before     string `doc:"the time before"`
		After      string `doc:"the time after"`
	}
	deductShareData struct {
		Deduction string `doc:"the deduction's name"`
		Question  string `doc:"the question's text"`
		Answer    string `doc:"the label of the option chosen"`
		Share     string `doc:"the share met by family and friends (\"a quarter\", \"0.3 (as a fraction)\")"`
		Activity  string `doc:"the activity's name"`
		Less      string `doc:"the time taken off"`
		Left      string `doc:"the time left"`
	}
	deductHoursData struct {
		Deduction string `doc:"the deduction's name"`
		Hours     string `doc:"the hours a week of unpaid help"`
		Activity  string `doc:"the activity's name"`
		Less      string `doc:"the time taken off"`
		Left      string `doc:"the time left"`
	}
	priceHoursData struct {
		Activity    string `doc:"the activity's name"`
		Time        string `doc:"its time a week"`
		SupportType string `doc:"the support type's name"`
		Rate        string `doc:"its hourly rate"`
		Amount      string `doc:"the weekly amount, to the penny"`
	}
	additionData struct {
		Addition    string `doc:"the addition's name"`
		Question    string `doc:"the question's text"`
		Answer      string `doc:"the label of the option chosen"`
		Amount      string `doc:"the weekly amount added, to the penny"`
		Time        string `doc:"the time a week it pays for, or empty for a weekly amount"`
		SupportType string `doc:"the support type's name"`
	}
	scoreStartData struct {
		Start string `doc:"the score everyone starts with (the intercept), to 2 decimal places"`
	}
	termData struct {
		Term        string `doc:"the term's label, or a description of its factors"`
		Change      string `doc:"what it adds to the score, signed, to 2 decimal places (\"+ 7.50\", \"− 45.55\")"`
		Calculation string `doc:"how: the value of its factors × its coefficient (\"3 × 2.4984\"), or empty when it applies as a whole"`
	}
	scoreData struct {
		Score string `doc:"the score, to 2 decimal places"`
	}
	linkData struct {
		Score      string `doc:"the score before rounding, to as many decimal places as the arithmetic shown needs (at least 4)"`
		Amount     string `doc:"the amount, to the penny"`
		Period     string `doc:"\"week\" or \"year\""`
		Correction string `doc:"sqrt link: the variance correction added, or empty"`
		Smearing   string `doc:"log link: the smearing factor"`
	}
	probabilityData struct {
		Score       string `doc:"the score before rounding, to 4 decimal places"`
		Probability string `doc:"the probability, as a percentage to 1 decimal place (\"73.2%\")"`
	}
	limitData struct {
		Limit  string `doc:"the limit's name (setting caps)"`
		Amount string `doc:"the cap or floor a week"`
		Before string `doc:"the weekly amount before, to the penny"`
		After  string `doc:"the weekly amount after"`
	}
	budgetData struct {
		Weekly string `doc:"the weekly budget, rounded"`
		Annual string `doc:"the annual budget, rounded"`
	}
	exactData struct {
		Exact    string `doc:"the exact amount, to Places decimal places"`
		Places   int    `doc:"the decimal places Exact is rounded to, or 0 when Exact is the exact amount"`
		Amount   string `doc:"the amount rounded"`
		Rounding string `doc:"the rounding rule (\"half up to the penny\")"`
	}
	periodData struct {
		From     string `doc:"the exact amount it is worked out from"`
		Places   int    `doc:"the decimal places From is rounded to, or 0 when From is exact"`
		Weeks    string `doc:"weeks per year"`
		Amount   string `doc:"the amount worked out, rounded"`
		Rounded  bool   `doc:"true when the amount was rounded (the arithmetic is not exact in pence)"`
		Rounding string `doc:"the rounding rule (\"half up to the penny\")"`
	}
	roundingNoteData struct {
		Weeks   string `doc:"weeks per year"`
		Rounded string `doc:"the other amount, rounded"`
		Product string `doc:"weeks × that rounded amount (or the rounded amount ÷ weeks)"`
		Amount  string `doc:"the amount"`
	}
	breakdownData struct{}
	hoursLineData struct {
		Hours       string `doc:"hours a week, rounded half up to the model's hours_unit"`
		SupportType string `doc:"the support type's name"`
		Amount      string `doc:"its weekly money, in pence that add up to the weekly budget"`
	}
	moneyLineData struct {
		SupportType string `doc:"the support type's name"`
		Amount      string `doc:"its weekly money"`
	}
	noteData   struct{}
	addOnsData struct{}
	addOnData  struct {
		Name       string `doc:"the add-on's name"`
		Amount     string `doc:"the amount approved"`
		Period     string `doc:"\"a week\", \"a year\" or \"once\""`
		Yearly     string `doc:"a weekly add-on: its amount a year (\"£1,040.00 a year\"); otherwise empty"`
		ApprovedOn string `doc:"the date it was approved (\"1 September 2025\")"`
		Reference  string `doc:"the approval's reference, or empty"`
	}
	fullYearData struct {
		Annual string `doc:"the annual amount before rounding (after the limits), to Places decimal places when Places > 0"`
		Places int    `doc:"the decimal places Annual is rounded to, or 0 when it is exact"`
		AddOns string `doc:"the weekly and annual add-ons, a year"`
		Amount string `doc:"the full-year amount: Annual + AddOns"`
	}
	proRateData struct {
		Period      string `doc:"the period's name (\"the fiscal year 2025-26\")"`
		PeriodStart string `doc:"its first day (\"1 July 2025\")"`
		PeriodEnd   string `doc:"its last day"`
		Start       string `doc:"the date the budget starts"`
		Part        string `doc:"the days (or months) of the period left, the start included"`
		Whole       string `doc:"the days (or months) in the period"`
		Unit        string `doc:"\"days\" or \"months\""`
		FullYear    string `doc:"the full-year amount"`
		Amount      string `doc:"FullYear × Part ÷ Whole, to Places decimal places when Places > 0"`
		Places      int    `doc:"the decimal places Amount is rounded to, or 0 when it is exact"`
	}
	totalData struct {
		For      string `doc:"what the budget is for: the pro-rating period's name, or \"the year\""`
		Amount   string `doc:"the pro-rated (or full-year) amount"`
		OneOff   string `doc:"the one-off add-ons, or empty"`
		Total    string `doc:"the budget for the period, rounded"`
		Rounded  bool   `doc:"true when rounding changed it"`
		Rounding string `doc:"the rounding rule (\"half up to the penny\")"`
	}
	caseloadCapData struct {
		Name      string `doc:"the cap's name (\"the Agency's appropriation for Waiver services\")"`
		Requested string `doc:"the total of the caseload's budgets before the cap"`
		Cap       string `doc:"the cap"`
		Allocated string `doc:"the total the budgets are scaled to: the cap, rounded down to the rounding unit"`
		Scale     string `doc:"the factor, Allocated ÷ Requested, to 6 decimal places"`
		Before    string `doc:"this budget before the cap"`
		After     string `doc:"this budget after the cap"`
		Rounding  string `doc:"how the capped budgets are rounded, as a sentence"`
	}
	rangeData struct {
		Lower       string `doc:"the lower end of the range a week, rounded down to the rounding unit"`
		Upper       string `doc:"the upper end of the range a week, rounded up to the rounding unit"`
		AnnualLower string `doc:"the lower end a year (the exact weekly lower end × weeks per year), rounded down"`
		AnnualUpper string `doc:"the upper end a year, rounded up"`
		Level       string `doc:"the share of people whose planned cost falls in their range, as a percentage (\"80%\")"`
		N           string `doc:"the number of assessments the range was calibrated on, with thousands separators"`
		Group       string `doc:"the group whose assessments calibrated it (\"the Adult Social Care cohort\", \"people living in: nursing home\"), or empty when one range serves everyone"`
		Period      string `doc:"when the calibration assessments were made (\"2025\"), or empty"`
		Rounding    string `doc:"how the ends are rounded (\"the lower end is rounded down and the upper end up, to the penny\")"`
		Limited     bool   `doc:"true when a cap or floor changed the budget: the range is about the amount before it"`
	}
	probabilityEndData struct {
		Probability string `doc:"the probability, as a percentage to 1 decimal place"`
	}
)

// explainSteps lists every step an explanation can have, in the order
// explain.md documents them.
var explainSteps = []explainStep{
	{"title", "always, first", titleData{}},
	{"no_trace", "when the result was assessed without its trace: only the totals follow", noteData{}},
	{"domain", "before a domain's answers", domainData{}},
	{"answer", "an answer to a choice question", answerData{}},
	{"answer_default", "a choice question left unanswered, which took the model's default", answerData{}},
	{"answer_number", "an answer to a number question", numberData{}},
	{"answer_number_default", "a number question left unanswered, which took the model's default", numberData{}},
	{"domain_total", "after a domain's answers, when its points count (points models; regression models whose terms read them)", domainTotalData{}},
	{"price_per_point", "points models: total points × a price per point", pricePerPointData{}},
	{"domain_price", "points models: one domain's points × its price", domainPriceData{}},
	{"domain_unpriced", "points models: a domain with points the schedule does not price", domainUnpricedData{}},
	{"band", "points models: the band the total falls in", bandData{}},
	{"curve", "points models: the total read off a price curve between two knots", curveData{}},
	{"curve_beyond", "points models: a total beyond the curve's last knot", curveBeyondData{}},
	{"adjust", "hours models: an adjustment multiplied an activity's time", adjustData{}},
	{"deduct_share", "hours models: a share of an activity met by family and friends was taken off", deductShareData{}},
	{"deduct_hours", "hours models: hours of unpaid help were taken off an activity", deductHoursData{}},
	{"price_hours", "hours models: an activity's time priced at its hourly rate", priceHoursData{}},
	{"addition", "hours models: night support or a break was added", additionData{}},
	{"score_start", "regression models: the score everyone starts with", scoreStartData{}},
	{"term", "regression models: a term that changed the score", termData{}},
	{"score", "regression models: the score", scoreData{}},
	{"link_identity", "regression models: the score is the amount", linkData{}},
	{"link_sqrt", "regression models: the amount is the score squared (plus a variance correction)", linkData{}},
	{"link_log", "regression models: the amount is the exponential of the score × a smearing factor", linkData{}},
	{"link_logit", "regression models: the score gives a probability", probabilityData{}},
	{"link_below_zero", "regression models: the score gives an amount below zero, which is taken as zero", linkData{}},
	{"setting_cap", "a living-setting cap lowered the weekly amount", limitData{}},
	{"cap", "the overall cap lowered the weekly amount", limitData{}},
	{"floor", "the minimum budget raised the weekly amount", limitData{}},
	{"budget", "the budget, rounded", budgetData{}},
	{"weekly_exact", "the weekly amount was rounded (it was not whole pence)", exactData{}},
	{"annual_exact", "annual models: the annual amount was rounded", exactData{}},
	{"annual", "the annual amount, worked out from the exact weekly amount", periodData{}},
	{"weekly_from_annual", "annual models: the weekly amount, worked out from the exact annual amount", periodData{}},
	{"rounding_note", "weeks × the rounded weekly amount (or the rounded annual amount ÷ weeks) is not the other rounded amount", roundingNoteData{}},
	{"breakdown", "before the hours breakdown", breakdownData{}},
	{"hours_line", "a support type's hours and money", hoursLineData{}},
	{"money_line", "a support type's money, without hours", moneyLineData{}},
	{"addons", "composition: before the approved add-ons", addOnsData{}},
	{"addon", "composition: an approved add-on", addOnData{}},
	{"full_year", "composition: the annual amount and the weekly and annual add-ons, a year", fullYearData{}},
	{"pro_rate", "composition: the full-year amount pro-rated to the part of the period left", proRateData{}},
	{"total", "composition: the budget for the period", totalData{}},
	{"caseload_cap", "composition: a caseload cap scaled the budget for the period (Engine.ComposeCaseload)", caseloadCapData{}},
	{"range", "a model with a budget range: what was planned for people assessed alike (before the footer)", rangeData{}},
	{"footer", "last, for a budget", noteData{}},
	{"probability", "last, for a model that gives a probability", probabilityEndData{}},
}

// ExplainTemplates is a set of wording for explanations: one template per
// step key. It is immutable and safe for concurrent use. Make one with
// NewExplainTemplates or ReadExplainTemplates.
type ExplainTemplates struct {
	t map[string]*template.Template
}

var templateFuncs = template.FuncMap{"lower": lowerName}

// DefaultExplainTemplates returns the shipped wording: step key → template
// source (a copy, to edit and pass to NewExplainTemplates).
func DefaultExplainTemplates() map[string]string {
	m, err := readTemplateSources(bytes.NewReader(defaultTemplatesJSON))
	if err != nil {
		panic("ras: the shipped explanation templates do not read: " + err.Error())
	}
	return m
}

var defaultTemplates = sync.OnceValue(func() *ExplainTemplates {
	t, err := NewExplainTemplates(nil)
	if err != nil {
		panic("ras: the shipped explanation templates are invalid: " + err.Error())
	}
	return t
})

// NewExplainTemplates returns the wording src gives (step key → template
// source), with the default wording for the keys it leaves out. Every
// template is checked now: an unknown key, a template that does not parse,
// or one that uses a field or function its step does not have is an error
// naming the key (a *FieldError with path "templates.KEY", wrapping
// ErrInvalidTemplate); all are reported.
func NewExplainTemplates(src map[string]string) (*ExplainTemplates, error) {
	defaults, err := readTemplateSources(bytes.NewReader(defaultTemplatesJSON))
	if err != nil {
		return nil, err
	}
	known := map[string]explainStep{}
	for _, s := range explainSteps {
		known[s.key] = s
	}
	var fe fieldErrors
	for _, k := range sortedKeys(src) {
		if _, ok := known[k]; !ok {
			fe.add("templates."+k, fmt.Sprintf("no such step (the steps are %s)", strings.Join(stepKeys(), ", ")))
		}
	}
	merged := maps.Clone(defaults)
	maps.Copy(merged, src)
	out := &ExplainTemplates{t: map[string]*template.Template{}}
	for _, s := range explainSteps {
		text, ok := merged[s.key]
		if !ok {
			fe.add("templates."+s.key, "no template (the shipped wording has none)")
			continue
		}
		t, err := template.New(s.key).Option("missingkey=error").Funcs(templateFuncs).Parse(text)
		if err != nil {
			fe.add("templates."+s.key, "does not parse: "+strings.TrimPrefix(err.Error(), "template: "))
			continue
		}
		if err := dryRun(t, s.data); err != nil {
			fe.add("templates."+s.key, err.Error())
			continue
		}
		out.t[s.key] = t
	}
	if len(fe) > 0 {
		return nil, fe.err("", ErrInvalidTemplate)
	}
	return out, nil
}

// ReadExplainTemplates reads a JSON object of step key → template source
// and returns NewExplainTemplates of it. A key given twice is an error.
func ReadExplainTemplates(r io.Reader) (*ExplainTemplates, error) {
	src, err := readTemplateSources(r)
	if err != nil {
		return nil, err
	}
	return NewExplainTemplates(src)
}

func readTemplateSources(r io.Reader) (map[string]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("ras: reading explanation templates: %w", err)
	}
	var fe fieldErrors
	checkDuplicateKeys(data, &fe)
	if err := fe.err("", ErrInvalidTemplate); err != nil {
		return nil, err
	}
	var src map[string]string
	if err := json.Unmarshal(data, &src); err != nil {
		return nil, &FieldError{Path: "templates", Msg: "must be a JSON object of step key → template text: " + err.Error(), Err: ErrInvalidTemplate}
	}
	return src, nil
}

// dryRun executes t on its step's data twice: with every field set (so
// that each field a template reads inside {{if}} or {{with}} is reached)
// and with none; an error says which field is missing.
func dryRun(t *template.Template, zero any) error {
	full := reflect.New(reflect.TypeOf(zero)).Elem()
	for i := range full.NumField() {
		switch f := full.Field(i); f.Kind() {
		case reflect.String:
			f.SetString(full.Type().Field(i).Name)
		case reflect.Int:
			f.SetInt(1)
		case reflect.Bool:
			f.SetBool(true)
		}
	}
	for _, v := range []any{full.Interface(), zero} {
		if err := t.Execute(io.Discard, v); err != nil {
			msg := err.Error()
			if i := strings.Index(msg, "can't evaluate field "); i >= 0 {
				name, _, _ := strings.Cut(msg[i+len("can't evaluate field "):], " ")
				return fmt.Errorf("uses the field %s, which this step does not have (its fields: %s)", name, strings.Join(fieldNames(zero), ", "))
			}
			return errors.New("does not run: " + strings.TrimPrefix(msg, "template: "))
		}
	}
	return nil
}

func fieldNames(v any) []string {
	t := reflect.TypeOf(v)
	out := make([]string, t.NumField())
	for i := range out {
		out[i] = t.Field(i).Name
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

func stepKeys() []string {
	out := make([]string, len(explainSteps))
	for i, s := range explainSteps {
		out[i] = s.key
	}
	sort.Strings(out)
	return out
}

// execute renders step key with data. A template of the caller's that
// fails (a value it cannot format, say) is an error naming the key.
func (ts *ExplainTemplates) execute(w *bytes.Buffer, key string, data any) error {
	t := ts.t[key]
	if t == nil {
		panic("ras: explanation step " + key + " is not in explainSteps")
	}
	if err := t.Execute(w, data); err != nil {
		return &FieldError{Path: "templates." + key, Msg: "does not run: " + strings.TrimPrefix(err.Error(), "template: "), Err: ErrInvalidTemplate}
	}
	return nil
}

// lowerName lowers the first letter of a name for use in mid-sentence
// ("Personal care" → "personal care"), unless another letter of the name
// is a capital or a digit ("Shared Lives carers", "NHS-funded nursing",
// "QSI Q16", "Meals for 2"): proper nouns and acronyms keep their capitals.
// A name that starts with a proper noun followed only by small letters
// ("Florida services") cannot be told from one that does not: word it with
// a template that does not lower it.
func lowerName(s string) string {
	first, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return s
	}
	for _, r := range s[size:] {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return s
		}
	}
	return string(unicode.ToLower(first)) + s[size:]
}

// explainReference writes the reference of explanation steps as Markdown:
// ras/explain.md, kept current by a test.
func explainReference() string {
	defaults := DefaultExplainTemplates()
	var b strings.Builder
	b.WriteString("# Explanation steps\n\n")
	b.WriteString("Generated from the code by `go test ./ras -run TestExplainReferenceCurrent -update`; do not edit.\n\n")
	b.WriteString("`Result.Explain` writes an explanation as a list of steps, each made by a [text/template](https://pkg.go.dev/text/template)\n")
	b.WriteString("from the step's data. A council replaces the wording of any step with `ras.NewExplainTemplates` (or\n")
	b.WriteString("`ras.ReadExplainTemplates` from a JSON object of key → template, such as a copy of\n")
	b.WriteString("[explain.templates.json](explain.templates.json), the shipped wording) and `Result.ExplainWith`. Keys left out\n")
	b.WriteString("keep the shipped wording; a template that writes nothing leaves its step out. Every template is checked when\n")
	b.WriteString("the set is made: an unknown key, a template that does not parse, or one that uses a field its step does not\n")
	b.WriteString("have is an error naming the key. Templates may call `lower`, which lowers the first letter of a name for use\n")
	b.WriteString("in mid-sentence unless another letter of it is a capital or a digit (proper nouns and acronyms are kept).\n\n")
	b.WriteString("Money is formatted as `ras.FormatMoney` formats it (symbol, thousands separators, pence), with more decimal\n")
	b.WriteString("places where a field says so; points are whole; time is in hours and whole minutes. A blank line separates\n")
	b.WriteString("the sections of an explanation (each domain's answers, the pricing, the limits, the budget).\n\n")
	for _, s := range explainSteps {
		fmt.Fprintf(&b, "## `%s`\n\nUsed: %s.\n\n", s.key, s.when)
		t := reflect.TypeOf(s.data)
		if t.NumField() == 0 {
			b.WriteString("No fields.\n\n")
		} else {
			b.WriteString("| Field | Meaning |\n|---|---|\n")
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(&b, "| `.%s` | %s |\n", f.Name, strings.ReplaceAll(f.Tag.Get("doc"), "|", `\|`))
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Default:\n\n```\n%s\n```\n\n", defaults[s.key])
	}
	return b.String()
}
