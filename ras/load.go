package ras

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// ParseModel reads a model from JSON and validates it. Unknown fields, wrong
// types and every rule violation are reported with the path of the field,
// for example "domains[2].questions[5].options[1].points: must not be
// negative". The error unwraps to ErrInvalidModel, and errors.As finds each
// *FieldError.
func ParseModel(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("ras: reading model: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		// encoding/json would turn the broken bytes into U+FFFD silently.
		n := 0
		for n < len(data) {
			r, size := utf8.DecodeRune(data[n:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			n += size
		}
		return nil, &FieldError{Path: "(model)", Msg: fmt.Sprintf("byte %d is not valid UTF-8", n), Err: ErrInvalidModel}
	}
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, &FieldError{Path: "(model)", Msg: "not valid JSON: " + err.Error(), Err: ErrInvalidModel}
	}
	if _, err := dec.Token(); err != io.EOF { // dec.More is false for a stray "]" or "}"
		return nil, &FieldError{Path: "(model)", Msg: "unexpected data after the model object", Err: ErrInvalidModel}
	}
	var fe fieldErrors
	checkDuplicateKeys(data, &fe)
	checkFields(raw, reflect.TypeFor[Model](), "", &fe)
	if err := fe.err("", ErrInvalidModel); err != nil {
		return nil, err
	}
	var m Model
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&m); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, &FieldError{Path: te.Field, Msg: fmt.Sprintf("cannot hold a JSON %s", te.Value), Err: ErrInvalidModel}
		}
		return nil, &FieldError{Path: "(model)", Msg: err.Error(), Err: ErrInvalidModel}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	dateType    = reflect.TypeFor[Date]()
)

// checkFields walks raw JSON alongside the Go type t and reports, with
// their paths: keys that t has no field for; required fields that are
// missing (a field whose JSON tag has neither omitempty nor omitzero); and
// values of the wrong JSON type. Keys are visited in sorted order, so the
// same model always gives the same errors in the same order.
func checkFields(raw any, t reflect.Type, path string, fe *fieldErrors) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if raw == nil {
		// encoding/json would read null as the field's zero value
		// ("intercept": null as 0), silently.
		fe.add(path, "must not be null (leave the field out instead)")
		return
	}
	want := ""
	switch {
	case t == decimalType:
		var s string
		str := false
		switch x := raw.(type) {
		case string:
			s, str = x, true
		case json.Number:
			s = x.String()
		default:
			want = "a decimal number (string or number)"
		}
		if want == "" {
			// Finite as a float64, and a string in plain decimal notation
			// (digits with at most one decimal point, as the schema's
			// patterns say): decimal's own errors for "NaN", "12,50" or
			// "1e999999999" name no field, and it would read "2.45e1",
			// ".5", "5." and "+5" as numbers.
			if _, err := field.Float(s); err != nil || str && !plainDecimalString(strings.TrimPrefix(s, "-")) {
				fe.add(path, fmt.Sprintf("must be a decimal number in plain notation (such as \"12.50\"), not %s", quoteText(s)))
				return
			}
			if str && strings.HasPrefix(s, "-") {
				fe.add(path, "must not be negative")
				return
			}
		}
	case t == dateType:
		if str, ok := raw.(string); !ok {
			want = "a date string"
		} else if _, err := ParseDate(str); err != nil {
			fe.add(path, bare(err))
			return
		}
	default:
		switch t.Kind() {
		case reflect.Struct, reflect.Map:
			if _, ok := raw.(map[string]any); !ok {
				want = "an object"
			}
		case reflect.Slice:
			if _, ok := raw.([]any); !ok {
				want = "an array"
			}
		case reflect.String:
			if _, ok := raw.(string); !ok {
				want = "a string"
			}
		case reflect.Bool:
			if _, ok := raw.(bool); !ok {
				want = "true or false"
			}
		case reflect.Int, reflect.Int32, reflect.Int64:
			n, ok := raw.(json.Number)
			if _, err := n.Int64(); !ok || err != nil {
				want = "a whole number"
			}
		case reflect.Float64:
			n, ok := raw.(json.Number)
			if _, err := n.Float64(); !ok || err != nil {
				want = "a number"
			}
		}
	}
	if want != "" {
		fe.add(path, "must be "+want)
		return
	}
	if t == decimalType || t == dateType {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		obj := raw.(map[string]any)
		fields := jsonFields(t)
		for _, name := range sortedKeys(fields) {
			if f := fields[name]; f.required {
				if _, ok := obj[name]; !ok {
					fe.add(join(path, name), "is required")
				}
			}
		}
		for _, k := range sortedKeys(obj) {
			f, ok := fields[k]
			if !ok {
				fe.add(join(path, k), "unknown field")
				continue
			}
			checkFields(obj[k], f.typ, join(path, k), fe)
		}
	case reflect.Slice:
		for i, v := range raw.([]any) {
			checkFields(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i), fe)
		}
	case reflect.Map:
		obj := raw.(map[string]any)
		for _, k := range sortedKeys(obj) {
			checkFields(obj[k], t.Elem(), join(path, k), fe)
		}
	}
}

type jsonField struct {
	typ      reflect.Type
	required bool
}

// checkDuplicateKeys reports keys that appear twice in one JSON object
// (decoding would silently keep the last).
func checkDuplicateKeys(data []byte, fe *fieldErrors) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		path  string
		obj   bool
		keys  map[string]bool
		index int
		key   string // the key whose value comes next (objects)
	}
	var stack []*frame
	childPath := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := stack[len(stack)-1]
		if top.obj {
			return join(top.path, top.key)
		}
		return fmt.Sprintf("%s[%d]", top.path, top.index)
	}
	afterValue := func() {
		if len(stack) > 0 && !stack[len(stack)-1].obj {
			stack[len(stack)-1].index++
		}
	}
	expectKey := func() bool { return len(stack) > 0 && stack[len(stack)-1].obj && stack[len(stack)-1].key == "" }
	for {
		tok, err := dec.Token()
		if err != nil {
			return // io.EOF, or a syntax error reported elsewhere
		}
		if expectKey() {
			if k, ok := tok.(string); ok {
				top := stack[len(stack)-1]
				if top.keys[k] {
					fe.add(join(top.path, k), "appears twice in the same object")
				}
				top.keys[k] = true
				top.key = k
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{path: childPath(), obj: true, keys: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{path: childPath()})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].key = ""
			}
			afterValue()
		default:
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].key = ""
			}
			afterValue()
		}
	}
}

// plainDecimalString reports whether s is digits with at most one decimal
// point between digits: "12", "12.50", not "", ".5", "5.", "+5", "1e2".
func plainDecimalString(s string) bool {
	point, digits := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == '.' && !point && digits > 0 && i+1 < len(s):
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func jsonFields(t reflect.Type) map[string]jsonField {
	out := make(map[string]jsonField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		optional := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero") || f.Type.Kind() == reflect.Pointer
		out[name] = jsonField{typ: f.Type, required: !optional}
	}
	return out
}

// Validate checks the model and returns every problem found, each a
// *FieldError with the path of the field, as a FieldErrors that unwraps to
// ErrInvalidModel.
func (m *Model) Validate() error {
	v := validator{m: m}
	v.model()
	return v.errs.err(m.ID, ErrInvalidModel)
}

type validator struct {
	m         *Model
	errs      fieldErrors
	questions map[string]*Question
	qpath     map[string]string
	domains   map[string]bool
	support   map[string]bool
	acts      map[string]bool
	// usedNumber marks the number questions a rule reads.
	usedNumber map[string]bool
}

func (v *validator) add(path, format string, args ...any) {
	v.errs.add(path, fmt.Sprintf(format, args...))
}

func (v *validator) model() {
	m := v.m
	v.usedNumber = map[string]bool{}
	if strings.TrimSpace(m.ID) == "" {
		v.add("id", "must not be empty")
	} else if !textOK(m.ID) {
		v.add("id", "%s", textProblem(m.ID))
	}
	if strings.TrimSpace(m.Version) == "" {
		v.add("version", "must not be empty")
	} else if !textOK(m.Version) {
		v.add("version", "%s", textProblem(m.Version))
	}
	if strings.TrimSpace(m.Name) == "" {
		v.add("name", "must not be empty")
	}
	switch m.Family {
	case FamilyPoints, FamilyHours, FamilyRegression:
	default:
		v.add("family", "must be %q, %q or %q, not %q", FamilyPoints, FamilyHours, FamilyRegression, m.Family)
	}
	if len(m.Cohorts) == 0 {
		v.add("cohorts", "must name at least one cohort")
	}
	v.cohortList("cohorts", m.Cohorts, false)
	if m.Currency != "" && !currencyCode(m.Currency) {
		v.add("currency", "must be a three-letter ISO 4217 code such as \"GBP\"")
	}
	if !m.WeeksPerYear.IsZero() && (m.WeeksPerYear.LessThan(decimal.NewFromInt(1)) || m.WeeksPerYear.GreaterThan(decimal.NewFromInt(53))) {
		v.add("weeks_per_year", "must be between 1 and 53, not %s", m.WeeksPerYear)
	}
	if !m.WeeksPerYear.IsZero() && !m.WeeksPerYear.Shift(6).Equal(m.WeeksPerYear.Shift(6).Truncate(0)) {
		v.add("weeks_per_year", "must have at most 6 decimal places")
	}
	if m.Rounding.Mode != "" && !m.Rounding.Mode.valid() {
		v.add("rounding.mode", "must be half_up, half_even, up or down, not %q", m.Rounding.Mode)
	}
	if !m.Rounding.Unit.IsZero() {
		cents := m.Rounding.Unit.Shift(2)
		if m.Rounding.Unit.IsNegative() || !cents.Equal(cents.Truncate(0)) {
			v.add("rounding.unit", "must be a positive whole number of pence, such as 0.01 or 1, not %s", m.Rounding.Unit)
		} else if m.Rounding.Unit.GreaterThan(decimal.NewFromInt(1000)) {
			v.add("rounding.unit", "must be at most 1000 (pounds), not %s", m.Rounding.Unit)
		}
	}
	if !m.HoursUnit.IsZero() && !slices.ContainsFunc(hoursUnits, m.HoursUnit.Equal) {
		v.add("hours_unit", "must be 0.01, 0.05, 0.1, 0.25, 0.5 or 1 (hours), not %s", m.HoursUnit)
	}
	switch m.Missing {
	case "", MissingError, MissingDefault:
	default:
		v.add("missing", "must be %q or %q, not %q", MissingError, MissingDefault, m.Missing)
	}
	v.support = map[string]bool{}
	for i, s := range m.SupportTypes {
		p := fmt.Sprintf("support_types[%d]", i)
		v.id(p+".id", s.ID, v.support)
		if s.Name == "" {
			v.add(p+".name", "must not be empty")
		}
		v.money(p+".hourly_rate", s.HourlyRate)
	}
	v.domainsAndQuestions()

	blocks := map[Family]bool{FamilyPoints: m.Points != nil, FamilyHours: m.Hours != nil, FamilyRegression: m.Regression != nil}
	for f, present := range blocks {
		if f == m.Family && !present {
			v.add(string(f), "must be present in a %s model", f)
		}
		if f != m.Family && present {
			v.add(string(f), "is not allowed in a %s model", m.Family)
		}
	}
	if m.Points != nil && m.Family == FamilyPoints {
		v.points()
	}
	if m.Hours != nil && m.Family == FamilyHours {
		v.hours()
	}
	if m.Regression != nil && m.Family == FamilyRegression {
		v.regression()
	}
	if m.Limits != nil {
		v.limits()
	}
	if m.Composition != nil {
		v.composition()
	}
	if m.Range != nil {
		v.rangeRules()
	}
	// A number question that no rule reads is allowed: like a choice
	// question worth no points, it records information (for calibration,
	// say) without changing the budget, and explanations still show it.
}

// hoursUnits are the units hours may be shown to.
var hoursUnits = []decimal.Decimal{decimal.New(1, -2), decimal.New(5, -2), decimal.New(1, -1), decimal.New(25, -2), decimal.New(5, -1), decimal.New(1, 0)}

// currencyCode reports whether s is three capital letters A to Z, the form
// of an ISO 4217 code.
func currencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// maxPlaces reports whether d has at most n decimal places.
func maxPlaces(d decimal.Decimal, n int32) bool {
	x := d.Shift(n)
	return x.Equal(x.Truncate(0))
}

func (v *validator) id(path, id string, seen map[string]bool) {
	switch {
	case strings.TrimSpace(id) == "":
		v.add(path, "must not be empty")
	case !textOK(id):
		v.add(path, "%s", textProblem(id))
	case seen[id]:
		v.add(path, "duplicate id %q", id)
	}
	seen[id] = true
}

func (v *validator) money(path string, d decimal.Decimal) {
	if d.IsNegative() {
		v.add(path, "must not be negative")
	}
	if _, err := decimalToMicro(d); err != nil {
		v.add(path, "%v", err)
	}
}

func (v *validator) cohortList(path string, cs []Cohort, subset bool) {
	seen := map[Cohort]bool{}
	for i, c := range cs {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !c.Valid():
			v.add(p, "unknown cohort %q", c)
		case seen[c]:
			v.add(p, "duplicate cohort %q", c)
		case subset && !slices.Contains(v.m.Cohorts, c):
			v.add(p, "cohort %q is not one of the model's cohorts", c)
		}
		seen[c] = true
	}
}

func (v *validator) domainsAndQuestions() {
	m := v.m
	if len(m.Domains) == 0 {
		v.add("domains", "must have at least one domain")
	}
	v.domains = map[string]bool{}
	v.questions = map[string]*Question{}
	v.qpath = map[string]string{}
	v.acts = map[string]bool{}
	if m.Hours != nil {
		for _, a := range m.Hours.Activities {
			v.acts[a.ID] = true
		}
	}
	for i := range m.Domains {
		d := &m.Domains[i]
		p := fmt.Sprintf("domains[%d]", i)
		v.id(p+".id", d.ID, v.domains)
		if d.Name == "" {
			v.add(p+".name", "must not be empty")
		}
		if d.SupportType != "" && !v.support[d.SupportType] {
			v.add(p+".support_type", "unknown support type %q", d.SupportType)
		}
		if m.Family == FamilyPoints && d.SupportType == "" {
			v.add(p+".support_type", "must name a support type in a points model (for the hours breakdown)")
		}
		if len(d.Questions) == 0 {
			v.add(p+".questions", "must have at least one question")
		}
		for j := range d.Questions {
			q := &d.Questions[j]
			qp := fmt.Sprintf("%s.questions[%d]", p, j)
			switch {
			case strings.TrimSpace(q.ID) == "":
				v.add(qp+".id", "must not be empty")
			case !textOK(q.ID):
				v.add(qp+".id", "%s", textProblem(q.ID))
			case v.questions[q.ID] != nil:
				v.add(qp+".id", "duplicate question id %q (also at %s)", q.ID, v.qpath[q.ID])
			case slices.Contains(fixedColumns, q.ID):
				v.add(qp+".id", "%q is reserved for an assessment field in CSV files", q.ID)
			default:
				v.questions[q.ID] = q
				v.qpath[q.ID] = qp
			}
			v.question(qp, q)
		}
	}
}

func (v *validator) question(p string, q *Question) {
	if q.Text == "" {
		v.add(p+".text", "must not be empty")
	}
	v.cohortList(p+".cohorts", q.Cohorts, true)
	switch q.Type {
	case "", QuestionChoice:
		if len(q.Options) < 2 {
			v.add(p+".options", "a choice question needs at least two options")
		}
		ids := map[string]bool{}
		for k, o := range q.Options {
			op := fmt.Sprintf("%s.options[%d]", p, k)
			v.id(op+".id", o.ID, ids)
			if o.Label == "" {
				v.add(op+".label", "must not be empty")
			}
			if o.Points < 0 {
				v.add(op+".points", "must not be negative")
			} else if o.Points > maxOptionPoints {
				v.add(op+".points", "must be at most %d", maxOptionPoints)
			}
			if o.Minutes.IsNegative() {
				v.add(op+".minutes", "must not be negative")
			}
			if o.Minutes.GreaterThan(decimal.NewFromInt(7 * 24 * 60 * 4)) {
				v.add(op+".minutes", "%s minutes a week is more than four people all week", o.Minutes)
			} else if !maxPlaces(o.Minutes, 6) {
				// The engine counts millionths of a minute.
				v.add(op+".minutes", "%s has more than 6 decimal places", o.Minutes)
			}
			if !o.Minutes.IsZero() && v.m.Family != FamilyHours {
				v.add(op+".minutes", "only an hours model counts minutes")
			}
		}
		if q.Default != "" && !ids[q.Default] {
			v.add(p+".default", "unknown option %q", q.Default)
		}
		if q.Min != nil || q.Max != nil || q.DefaultValue != nil {
			v.add(p, "min, max and default_value apply only to number questions")
		}
	case QuestionNumber:
		if len(q.Options) > 0 {
			v.add(p+".options", "a number question has no options")
		}
		if q.Default != "" {
			v.add(p+".default", "a number question uses default_value")
		}
		if q.Min == nil || q.Max == nil {
			v.add(p, "a number question needs min and max")
		} else {
			if !finite(*q.Min) || !finite(*q.Max) || *q.Min > *q.Max {
				v.add(p+".max", "must be finite and at least min")
			}
			if q.DefaultValue != nil && (*q.DefaultValue < *q.Min || *q.DefaultValue > *q.Max) {
				v.add(p+".default_value", "must lie between min and max")
			}
		}
	default:
		v.add(p+".type", "must be %q or %q, not %q", QuestionChoice, QuestionNumber, q.Type)
	}
	if q.Activity != "" {
		if v.m.Family != FamilyHours {
			v.add(p+".activity", "only an hours model has activities")
		} else if !v.acts[q.Activity] {
			v.add(p+".activity", "unknown activity %q", q.Activity)
		}
	}
	if v.m.Family == FamilyHours && q.Activity == "" {
		for k, o := range q.Options {
			if !o.Minutes.IsZero() {
				v.add(fmt.Sprintf("%s.options[%d].minutes", p, k), "the question has no activity to count minutes for")
			}
		}
	}
}

// maxOptionPoints bounds an option's points, so that totals and products
// stay far inside the engine's fixed-point range.
const maxOptionPoints = 1_000_000

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// maxPoints returns the largest total points the questionnaire can give.
func (v *validator) maxPoints() int {
	total := 0
	for _, d := range v.m.Domains {
		for _, q := range d.Questions {
			best := 0
			for _, o := range q.Options {
				best = max(best, o.Points)
			}
			total += best
		}
	}
	return total
}

func (v *validator) points() {
	r := v.m.Points
	if len(r.Schedules) == 0 {
		v.add("points.schedules", "must have at least one price schedule")
	}
	ids := map[string]bool{}
	covered := map[Cohort]bool{}
	catchAll := false
	for i, s := range r.Schedules {
		p := fmt.Sprintf("points.schedules[%d]", i)
		v.id(p+".id", s.ID, ids)
		v.cohortList(p+".cohorts", s.Cohorts, true)
		reachable := false
		for _, c := range s.Cohorts {
			if !covered[c] {
				reachable = true
			}
		}
		// A schedule naming cohorts that earlier schedules already price is
		// never used. (A last schedule without cohorts, a fallback, is
		// allowed even when it is not needed.)
		if len(s.Cohorts) > 0 && (catchAll || !reachable) {
			v.add(p, "is never used: earlier schedules already price its cohorts")
		}
		if len(s.Cohorts) == 0 {
			catchAll = true
			for _, c := range v.m.Cohorts {
				covered[c] = true
			}
		}
		for _, c := range s.Cohorts {
			covered[c] = true
		}
		n := 0
		if s.PricePerPoint != nil {
			n++
			v.money(p+".price_per_point", *s.PricePerPoint)
		}
		if s.DomainPrices != nil {
			n++
			for _, k := range sortedKeys(s.DomainPrices) {
				if !v.domains[k] {
					v.add(p+".domain_prices."+k, "unknown domain %q", k)
				}
				v.money(p+".domain_prices."+k, s.DomainPrices[k])
			}
		}
		if s.Bands != nil {
			n++
			v.bands(p+".bands", s.Bands)
		}
		if s.Curve != nil {
			n++
			v.curve(p+".curve", s.Curve)
		}
		if n != 1 {
			v.add(p, "must set exactly one of price_per_point, domain_prices, bands and curve (%d set)", n)
		}
	}
	if !catchAll {
		for _, c := range v.m.Cohorts {
			if !covered[c] {
				v.add("points.schedules", "no schedule prices cohort %q", c)
			}
		}
	}
}

func (v *validator) bands(p string, bs []Band) {
	if len(bs) == 0 {
		v.add(p, "must have at least one band")
		return
	}
	for i, b := range bs {
		bp := fmt.Sprintf("%s[%d]", p, i)
		v.money(bp+".weekly", b.Weekly)
		if b.MinPoints < 0 {
			v.add(bp+".min_points", "must not be negative")
		}
		if b.MaxPoints != nil && *b.MaxPoints < b.MinPoints {
			v.add(bp+".max_points", "must be at least min_points")
		}
		if i == 0 && b.MinPoints != 0 {
			v.add(bp+".min_points", "the first band must start at 0 points, not %d (gap below)", b.MinPoints)
		}
		if i > 0 {
			prev := bs[i-1]
			switch {
			case prev.MaxPoints == nil:
				v.add(bp, "overlaps band %d, which has no upper end", i-1)
			case b.MinPoints <= *prev.MaxPoints:
				v.add(bp+".min_points", "overlaps band %d (which ends at %d)", i-1, *prev.MaxPoints)
			case b.MinPoints > *prev.MaxPoints+1:
				v.add(bp+".min_points", "leaves a gap after band %d (points %d to %d are in no band)", i-1, *prev.MaxPoints+1, b.MinPoints-1)
			}
		}
	}
	last := bs[len(bs)-1]
	if mp := v.maxPoints(); last.MaxPoints != nil && *last.MaxPoints < mp {
		v.add(fmt.Sprintf("%s[%d].max_points", p, len(bs)-1), "leaves a gap: totals %d to %d are in no band", *last.MaxPoints+1, mp)
	}
}

func (v *validator) curve(p string, ks []Knot) {
	if len(ks) < 2 {
		v.add(p, "a curve needs at least two knots")
		return
	}
	for i, k := range ks {
		kp := fmt.Sprintf("%s[%d]", p, i)
		v.money(kp+".weekly", k.Weekly)
		if i == 0 && k.Points != 0 {
			v.add(kp+".points", "the first knot must be at 0 points")
		}
		if i > 0 && k.Points <= ks[i-1].Points {
			v.add(kp+".points", "knots must rise strictly in points")
		}
	}
}

func (v *validator) choiceQuestion(p, id string) *Question {
	q := v.questions[id]
	switch {
	case id == "":
		v.add(p, "must name a question")
	case q == nil:
		v.add(p, "unknown question %q", id)
	case q.Type == QuestionNumber:
		v.add(p, "question %q must be a choice question", id)
	default:
		return q
	}
	return nil
}

func hasOption(q *Question, id string) bool {
	for _, o := range q.Options {
		if o.ID == id {
			return true
		}
	}
	return false
}

// optionMap checks values keyed by option id: each names an option of q, is
// not negative, lies between lo and hi when given, and has at most places
// decimal places (8 for money, which the engine holds to 10⁻⁸; 6 for
// factors, fractions and hours, which it holds in millionths).
func (v *validator) optionMap(p string, q *Question, m map[string]decimal.Decimal, lo, hi *decimal.Decimal, places int32) {
	for _, k := range sortedKeys(m) {
		if q != nil && !hasOption(q, k) {
			v.add(p+"."+k, "question %q has no option %q", q.ID, k)
		}
		x := m[k]
		if x.IsNegative() {
			v.add(p+"."+k, "must not be negative")
		}
		if lo != nil && x.LessThan(*lo) || hi != nil && x.GreaterThan(*hi) {
			v.add(p+"."+k, "must lie between %s and %s", lo, hi)
		}
		if _, err := decimalToMicro(x); err != nil {
			v.add(p+"."+k, "%v", err)
		} else if !maxPlaces(x, places) {
			v.add(p+"."+k, "%s has more than %d decimal places", x, places)
		}
	}
}

func (v *validator) activityList(p string, as []string) {
	if len(as) == 0 {
		v.add(p, "must name at least one activity")
	}
	for i, a := range as {
		if !v.acts[a] {
			v.add(fmt.Sprintf("%s[%d]", p, i), "unknown activity %q", a)
		}
	}
}

func (v *validator) hours() {
	r := v.m.Hours
	if len(r.Activities) == 0 {
		v.add("hours.activities", "must have at least one activity")
	}
	ids := map[string]bool{}
	for i, a := range r.Activities {
		p := fmt.Sprintf("hours.activities[%d]", i)
		v.id(p+".id", a.ID, ids)
		if a.Name == "" {
			v.add(p+".name", "must not be empty")
		}
		if !v.support[a.SupportType] {
			v.add(p+".support_type", "unknown support type %q", a.SupportType)
		}
	}
	rules := map[string]bool{}
	zero, one, ten := decimal.Zero, decimal.NewFromInt(1), decimal.NewFromInt(10)
	for i, a := range r.Adjustments {
		p := fmt.Sprintf("hours.adjustments[%d]", i)
		v.id(p+".id", a.ID, rules)
		q := v.choiceQuestion(p+".question", a.Question)
		v.activityList(p+".activities", a.Activities)
		if len(a.Factors) == 0 {
			v.add(p+".factors", "must give a factor for at least one option")
		}
		v.optionMap(p+".factors", q, a.Factors, &zero, &ten, 6)
	}
	for i, d := range r.Deductions {
		p := fmt.Sprintf("hours.deductions[%d]", i)
		v.id(p+".id", d.ID, rules)
		v.activityList(p+".activities", d.Activities)
		n := 0
		if d.Question != "" || d.Fractions != nil {
			n++
			q := v.choiceQuestion(p+".question", d.Question)
			if len(d.Fractions) == 0 {
				v.add(p+".fractions", "must give the fraction met by informal support for at least one option")
			}
			v.optionMap(p+".fractions", q, d.Fractions, &zero, &one, 6)
		}
		if d.HoursQuestion != "" {
			n++
			q := v.questions[d.HoursQuestion]
			if q == nil {
				v.add(p+".hours_question", "unknown question %q", d.HoursQuestion)
			} else if q.Type != QuestionNumber {
				v.add(p+".hours_question", "question %q must be a number question", d.HoursQuestion)
			} else if q.Min == nil || *q.Min < 0 || q.Max == nil || *q.Max > 168 {
				v.add(p+".hours_question", "question %q must allow only 0 to 168 hours a week", d.HoursQuestion)
			}
			v.usedNumber[d.HoursQuestion] = true
		}
		if d.InformalActivity != "" {
			n++
			if !slices.Contains(informalActivities, d.InformalActivity) {
				v.add(p+".informal_activity", "must be one of %s, not %q", strings.Join(informalActivities, ", "), d.InformalActivity)
			}
		}
		if n != 1 {
			v.add(p, "must set exactly one source: question with fractions, hours_question or informal_activity (%d set)", n)
		}
	}
	for i, a := range r.Additions {
		p := fmt.Sprintf("hours.additions[%d]", i)
		v.id(p+".id", a.ID, rules)
		q := v.choiceQuestion(p+".question", a.Question)
		if !v.support[a.SupportType] {
			v.add(p+".support_type", "unknown support type %q", a.SupportType)
		}
		if len(a.Weekly) == 0 && len(a.Hours) == 0 {
			v.add(p, "must give weekly amounts or hours for at least one option")
		}
		v.optionMap(p+".weekly", q, a.Weekly, nil, nil, 8)
		v.optionMap(p+".hours", q, a.Hours, nil, nil, 6)
		for k := range a.Weekly {
			if _, ok := a.Hours[k]; ok {
				v.add(p+".hours."+k, "option %q also has a weekly amount", k)
			}
		}
	}
}

func (v *validator) regression() {
	r := v.m.Regression
	switch r.Link {
	case LinkIdentity, LinkSqrt, LinkLog, LinkLogit:
	default:
		v.add("regression.link", "must be identity, sqrt, log or logit, not %q", r.Link)
	}
	if !finite(r.Intercept) {
		v.add("regression.intercept", "must be a finite number")
	}
	if r.VarianceCorrection != 0 && r.Link != LinkSqrt {
		v.add("regression.variance_correction", "applies only to the sqrt link")
	}
	if r.VarianceCorrection < 0 || !finite(r.VarianceCorrection) {
		v.add("regression.variance_correction", "must be finite and not negative")
	}
	if (r.Smearing != 0 || r.SmearingBy != "" || r.SmearingGroups != nil) && r.Link != LinkLog {
		v.add("regression.smearing", "applies only to the log link")
	}
	if r.Smearing < 0 || !finite(r.Smearing) {
		v.add("regression.smearing", "must be finite and positive")
	}
	switch r.SmearingBy {
	case "":
		if r.SmearingGroups != nil {
			v.add("regression.smearing_groups", "needs smearing_by")
		}
	case "living_setting", "cohort":
		for _, k := range sortedKeys(r.SmearingGroups) {
			f := r.SmearingGroups[k]
			if r.SmearingBy == "living_setting" && !LivingSetting(k).Valid() || r.SmearingBy == "cohort" && !Cohort(k).Valid() {
				v.add("regression.smearing_groups."+k, "unknown %s %q", r.SmearingBy, k)
			}
			if !(f > 0) || !finite(f) {
				v.add("regression.smearing_groups."+k, "must be finite and positive")
			}
		}
	default:
		v.add("regression.smearing_by", "must be living_setting or cohort, not %q", r.SmearingBy)
	}
	switch r.Output {
	case "", PeriodWeekly, PeriodAnnual:
	default:
		v.add("regression.output", "must be weekly or annual, not %q", r.Output)
	}
	if r.Link == LinkLogit {
		if r.Shares != nil {
			v.add("regression.shares", "a logit model gives a probability, not money")
		}
		if v.m.Limits != nil {
			v.add("limits", "a logit model gives a probability, not money")
		}
	}
	if r.Shares != nil {
		sum := decimal.Zero
		for _, k := range sortedKeys(r.Shares) {
			if !v.support[k] {
				v.add("regression.shares."+k, "unknown support type %q", k)
			}
			if r.Shares[k].IsNegative() {
				v.add("regression.shares."+k, "must not be negative")
			} else if !maxPlaces(r.Shares[k], 6) {
				// The engine holds shares in millionths.
				v.add("regression.shares."+k, "%s has more than 6 decimal places", r.Shares[k])
			}
			sum = sum.Add(r.Shares[k])
		}
		if !sum.Equal(decimal.NewFromInt(1)) {
			v.add("regression.shares", "must sum to 1, not %s", sum)
		}
	}
	names := map[string]bool{}
	for i, t := range r.Terms {
		p := fmt.Sprintf("regression.terms[%d]", i)
		v.id(p+".name", t.Name, names)
		if !finite(t.Coef) {
			v.add(p+".coef", "must be a finite number")
		}
		if len(t.Factors) == 0 {
			v.add(p+".factors", "must have at least one factor")
		}
		for j, f := range t.Factors {
			v.factor(fmt.Sprintf("%s.factors[%d]", p, j), f)
		}
	}
}

func (v *validator) factor(p string, f Factor) {
	n := 0
	if f.Domain != "" {
		n++
		if !v.domains[f.Domain] {
			v.add(p+".domain", "unknown domain %q", f.Domain)
		}
	}
	if f.Question != "" {
		n++
		q := v.questions[f.Question]
		v.usedNumber[f.Question] = true
		switch {
		case q == nil:
			v.add(p+".question", "unknown question %q", f.Question)
		case f.Option != "" && !hasOption(q, f.Option):
			v.add(p+".option", "question %q has no option %q", f.Question, f.Option)
		}
	} else if f.Option != "" {
		v.add(p+".option", "needs a question")
	}
	if f.Settings != nil {
		n++
		if len(f.Settings) == 0 {
			v.add(p+".settings", "must name at least one living setting")
		}
		for i, s := range f.Settings {
			if !s.Valid() {
				v.add(fmt.Sprintf("%s.settings[%d]", p, i), "unknown living setting %q", s)
			}
		}
	}
	if f.Cohorts != nil {
		n++
		if len(f.Cohorts) == 0 {
			v.add(p+".cohorts", "must name at least one cohort")
		}
		v.cohortList(p+".cohorts", f.Cohorts, true)
	}
	if f.AgeMin != nil || f.AgeMax != nil {
		n++
		if f.AgeMin != nil && f.AgeMax != nil && *f.AgeMin > *f.AgeMax {
			v.add(p+".age_max", "must be at least age_min")
		}
	}
	if f.Variable != "" {
		n++
		switch f.Variable {
		case VariableAge, VariableTotalPoints, VariableInformalHours:
		default:
			v.add(p+".variable", "must be age, total_points or informal_hours, not %q", f.Variable)
		}
	}
	if n != 1 {
		v.add(p, "must have exactly one form (domain, question, settings, cohorts, age_min/age_max or variable); %d set", n)
	}
}

func (v *validator) limits() {
	l := v.m.Limits
	if l.FloorWeekly != nil {
		v.money("limits.floor_weekly", *l.FloorWeekly)
		if !v.support[l.FloorSupportType] {
			v.add("limits.floor_support_type", "must name a support type to count the floor's top-up in, not %q", l.FloorSupportType)
		}
	}
	if l.CapWeekly != nil {
		v.money("limits.cap_weekly", *l.CapWeekly)
		if l.FloorWeekly != nil && l.CapWeekly.LessThan(*l.FloorWeekly) {
			v.add("limits.cap_weekly", "must be at least floor_weekly")
		}
	}
	ids := map[string]bool{}
	for i, c := range l.SettingCaps {
		p := fmt.Sprintf("limits.setting_caps[%d]", i)
		v.id(p+".id", c.ID, ids)
		v.money(p+".cap_weekly", c.CapWeekly)
		if l.FloorWeekly != nil && c.CapWeekly.LessThan(*l.FloorWeekly) {
			v.add(p+".cap_weekly", "is below floor_weekly, which would override it")
		}
		if len(c.Settings) == 0 {
			v.add(p+".settings", "must name at least one living setting")
		}
		for j, s := range c.Settings {
			if !s.Valid() {
				v.add(fmt.Sprintf("%s.settings[%d]", p, j), "unknown living setting %q", s)
			}
		}
	}
}

// maxPeriodDays bounds a pro-rating period (ten years), so that its
// arithmetic stays small.
const maxPeriodDays = 3660

// maxCaseloadCap bounds a caseload cap: less than a thousand billion
// pounds.
var maxCaseloadCap = decimal.RequireFromString("999999999999999.99")

func (v *validator) composition() {
	c := v.m.Composition
	if v.m.Family == FamilyRegression && v.m.Regression != nil && v.m.Regression.Link == LinkLogit {
		v.add("composition", "a logit model gives a probability, not money")
	}
	ids := map[string]bool{}
	for i, a := range c.AddOns {
		p := fmt.Sprintf("composition.add_ons[%d]", i)
		v.id(p+".id", a.ID, ids)
		if strings.TrimSpace(a.Name) == "" {
			v.add(p+".name", "must not be empty")
		}
		switch a.Period {
		case AddOnWeekly, AddOnAnnual, AddOnOneOff:
		default:
			v.add(p+".period", "must be %q, %q or %q, not %q", AddOnWeekly, AddOnAnnual, AddOnOneOff, a.Period)
		}
		if a.Amount != nil {
			v.money(p+".amount", *a.Amount)
			if a.Max != nil {
				v.add(p+".max", "applies only to an add-on whose amount each approval gives (this one has an amount)")
			}
		}
		if a.Max != nil {
			v.money(p+".max", *a.Max)
		}
	}
	if r := c.ProRate; r != nil {
		if strings.TrimSpace(r.Name) == "" {
			v.add("composition.pro_rate.name", "must not be empty (it names the period in explanations)")
		}
		okDates := true
		for _, d := range []struct {
			path string
			d    Date
		}{{"composition.pro_rate.period_start", r.PeriodStart}, {"composition.pro_rate.period_end", r.PeriodEnd}} {
			switch {
			case d.d.IsZero():
				v.add(d.path, "is required")
				okDates = false
			case d.d.check() != dateOK:
				v.add(d.path, "%s: %s", d.d, d.d.problem(d.d.check()))
				okDates = false
			}
		}
		if okDates {
			switch n := r.PeriodEnd.DaysSince(r.PeriodStart); {
			case n < 0:
				v.add("composition.pro_rate.period_end", "%s is before period_start %s", r.PeriodEnd, r.PeriodStart)
			case n >= maxPeriodDays:
				v.add("composition.pro_rate.period_end", "the period is %d days long, more than %d", n+1, maxPeriodDays)
			}
		}
		switch r.DayCount {
		case DayCountActual:
		case DayCountMonths:
			if okDates && r.PeriodStart.Day != 1 {
				v.add("composition.pro_rate.period_start", "must be the first day of a month to count months")
			}
			if okDates && r.PeriodEnd.Day != daysIn(r.PeriodEnd.Month, r.PeriodEnd.Year) {
				v.add("composition.pro_rate.period_end", "must be the last day of a month to count months")
			}
		default:
			v.add("composition.pro_rate.day_count", "must be %q or %q, not %q", DayCountActual, DayCountMonths, r.DayCount)
		}
	}
	if cc := c.CaseloadCap; cc != nil {
		if strings.TrimSpace(cc.Name) == "" {
			v.add("composition.caseload_cap.name", "must not be empty (it names the cap in explanations)")
		}
		if a := cc.Amount; a != nil {
			switch {
			case a.IsNegative():
				v.add("composition.caseload_cap.amount", "must not be negative")
			case !maxPlaces(*a, 2):
				v.add("composition.caseload_cap.amount", "%s has more than 2 decimal places", a)
			case a.GreaterThan(maxCaseloadCap):
				v.add("composition.caseload_cap.amount", "%s is more than %s", a, maxCaseloadCap)
			}
		}
	}
}

// informalActivities is the vocabulary of informal-help activities.
var informalActivities = []string{InformalPersonalCare, InformalHealthTasks, InformalSupervision, InformalDomestic, InformalPractical, InformalEmotional}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func marshalIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
