package ras

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The model schema is tested with santhosh-tekuri/jsonschema, a maintained
// validator passing the official JSON Schema test suite for draft 2020-12.
// It compares numbers exactly (multipleOf 0.00000001 on a decimal). The
// corpus is checked with Go's regexp and with ECMA-262's, which JSON
// Schema specifies and editors use: the schema's patterns keep to the
// syntax both share.

// ecmaRegexp matches as ECMA-262 (JavaScript) does, as editors do, by
// dlclark/regexp2 (the validator's own optional engine).
type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return ok && err == nil
}

func (r ecmaRegexp) String() string { return r.re.String() }

func compileModelSchema(t testing.TB) *jsonschema.Schema { return compileModelSchemaWith(t, false) }

// compileModelSchemaWith compiles the schema, with Go's regexp syntax or,
// if ecma, ECMA-262's, which JSON Schema specifies and editors use.
func compileModelSchemaWith(t testing.TB, ecma bool) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ModelSchema()))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if ecma {
		c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
			re, err := regexp2.Compile(s, regexp2.ECMAScript)
			if err != nil {
				return nil, err
			}
			return ecmaRegexp{re}, nil
		})
	}
	const url = "https://raw.githubusercontent.com/stonesoup-care/stonesoup/main/ras/model.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url) // checks the schema against the draft 2020-12 meta-schema
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

func schemaValidate(s *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// schemaDoc is the schema as a tree.
func schemaDoc(t testing.TB) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(ModelSchema(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func shippedJSON(t testing.TB, name string) []byte {
	t.Helper()
	b, err := shipped.ReadFile(path.Join("models", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestModelSchemaShipped: every shipped model, as shipped and as WriteJSON
// writes it, satisfies the schema.
func TestModelSchemaShipped(t *testing.T) {
	s := compileModelSchema(t)
	for _, name := range ModelNames() {
		if err := schemaValidate(s, shippedJSON(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		m, err := LoadModel(name)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if err := schemaValidate(s, buf.Bytes()); err != nil {
			t.Errorf("%s as written by WriteJSON: %v", name, err)
		}
	}
	for name, b := range map[string]string{"regression-log": regLogModel, "copy of the schema's $id": strings.Replace(regLogModel, `"id"`, `"$schema": "https://raw.githubusercontent.com/stonesoup-care/stonesoup/main/ras/model.schema.json", "id"`, 1)} {
		if _, err := ParseModel(strings.NewReader(b)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schemaValidate(s, []byte(b)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestModelSchemaDescribed: every property and every definition has a
// title and a description, for the editor to show.
func TestModelSchemaDescribed(t *testing.T) {
	doc := schemaDoc(t)
	for _, k := range []string{"title", "description"} {
		if s, _ := doc[k].(string); s == "" {
			t.Errorf("the schema has no %s", k)
		}
	}
	var walk func(node any, at string)
	walk = func(node any, at string) {
		switch n := node.(type) {
		case map[string]any:
			for _, key := range []string{"properties", "$defs"} {
				props, _ := n[key].(map[string]any)
				for name, p := range props {
					pm, ok := p.(map[string]any)
					if !ok {
						continue // false: a property forbidden by a condition
					}
					if _, conditional := pm["title"]; !conditional && key == "properties" && at != "" && isConditional(at) {
						continue // a condition narrowing a property described elsewhere
					}
					for _, k := range []string{"title", "description"} {
						if s, _ := pm[k].(string); strings.TrimSpace(s) == "" {
							t.Errorf("%s/%s/%s has no %s", at, key, name, k)
						}
					}
				}
			}
			for k, v := range n {
				walk(v, at+"/"+k)
			}
		case []any:
			for i, v := range n {
				walk(v, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(doc, "")
}

// isConditional reports whether a schema location is inside a condition
// (allOf, anyOf, oneOf, if/then/else, not, dependentSchemas, prefixItems),
// whose properties narrow ones declared and described elsewhere.
func isConditional(at string) bool {
	for _, k := range []string{"/allOf/", "/anyOf/", "/oneOf/", "/if", "/then", "/else", "/not", "/dependentSchemas/", "/prefixItems/"} {
		if strings.Contains(at+"/", k) {
			return true
		}
	}
	return false
}

// schemaDefName is the $defs entry for a Go type of the model: its name
// with a lower-case first letter ("" for Model, the root).
func schemaDefName(t reflect.Type) string {
	if t == reflect.TypeFor[Model]() {
		return ""
	}
	n := t.Name()
	return strings.ToLower(n[:1]) + n[1:]
}

// TestModelSchemaFields: the schema cannot drift from the Go types. Every
// struct type reachable from Model has a definition whose properties are
// exactly its JSON fields, whose required list is exactly the fields
// ParseModel requires, and whose properties have the JSON types the fields
// decode from. A new field fails this test until the schema describes it.
func TestModelSchemaFields(t *testing.T) {
	doc := schemaDoc(t)
	defs := doc["$defs"].(map[string]any)
	resolve := func(n map[string]any) map[string]any {
		for {
			ref, ok := n["$ref"].(string)
			if !ok {
				return n
			}
			n = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
	}
	seen := map[reflect.Type]bool{}
	var visit func(st reflect.Type)
	visit = func(st reflect.Type) {
		if seen[st] {
			return
		}
		seen[st] = true
		name := schemaDefName(st)
		node := doc
		if name != "" {
			d, ok := defs[name].(map[string]any)
			if !ok {
				t.Errorf("%s: no $defs entry %q in the schema", st.Name(), name)
				return
			}
			node = d
		}
		if node["additionalProperties"] != false {
			t.Errorf("%s: the schema allows unknown fields (ParseModel refuses them)", st.Name())
		}
		props, _ := node["properties"].(map[string]any)
		fields := jsonFields(st)
		var req []string
		for _, f := range sortedKeys(fields) {
			if fields[f].required {
				req = append(req, f)
			}
			if _, ok := props[f]; !ok {
				t.Errorf("%s: field %q is not in the schema", st.Name(), f)
			}
		}
		for p := range props {
			if _, ok := fields[p]; !ok {
				t.Errorf("%s: the schema has property %q, which the Go type has no field for", st.Name(), p)
			}
		}
		var got []string
		reqList, _ := node["required"].([]any)
		for _, r := range reqList {
			got = append(got, r.(string))
		}
		if name == "" || len(req) > 0 || len(got) > 0 {
			sort.Strings(got)
			if !slices.Equal(got, req) {
				t.Errorf("%s: the schema requires %v, ParseModel %v", st.Name(), got, req)
			}
		}
		for _, f := range sortedKeys(fields) {
			p, ok := props[f].(map[string]any)
			if !ok {
				continue
			}
			ft := fields[f].typ
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			want := goJSONTypes(ft)
			if got := schemaTypes(p, resolve); !slices.Equal(got, want) {
				t.Errorf("%s.%s: the schema allows JSON %v, the field decodes from %v", st.Name(), f, got, want)
			}
			// The struct types the field holds, which must be described
			// by their own definition, referred to here.
			inner := ft
			for inner.Kind() == reflect.Slice || inner.Kind() == reflect.Map || inner.Kind() == reflect.Pointer {
				inner = inner.Elem()
			}
			if inner.Kind() == reflect.Struct && inner != decimalType && inner != dateType {
				ref := schemaRef(p)
				if want := "#/$defs/" + schemaDefName(inner); ref != want {
					t.Errorf("%s.%s: the schema refers to %q, want %q", st.Name(), f, ref, want)
				}
				visit(inner)
			}
		}
	}
	visit(reflect.TypeFor[Model]())
}

// goJSONTypes is the set of JSON types a Go type of the model decodes from.
func goJSONTypes(t reflect.Type) []string {
	switch {
	case t == decimalType:
		return []string{"number", "string"}
	case t == dateType:
		return []string{"string"}
	}
	switch t.Kind() {
	case reflect.String:
		return []string{"string"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return []string{"integer"}
	case reflect.Float64:
		return []string{"number"}
	case reflect.Slice:
		return []string{"array"}
	case reflect.Map, reflect.Struct:
		return []string{"object"}
	}
	return []string{"?" + t.Kind().String()}
}

// schemaTypes is the set of JSON types a property allows, from its type,
// enum or const, through $ref, allOf and anyOf.
func schemaTypes(n map[string]any, resolve func(map[string]any) map[string]any) []string {
	n = resolve(n)
	set := map[string]bool{}
	if ty, ok := n["type"].(string); ok {
		set[ty] = true
	}
	if en, ok := n["enum"].([]any); ok {
		for _, v := range en {
			set[jsonTypeOf(v)] = true
		}
	}
	for _, k := range []string{"anyOf", "allOf"} {
		subs, _ := n[k].([]any)
		for _, s := range subs {
			for _, ty := range schemaTypes(s.(map[string]any), resolve) {
				set[ty] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	case []any:
		return "array"
	}
	return "object"
}

// schemaRef is the definition a property refers to, directly, through
// allOf, or as its items or additionalProperties.
func schemaRef(n map[string]any) string {
	if r, ok := n["$ref"].(string); ok {
		return r
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if sub, ok := n[k].(map[string]any); ok {
			return schemaRef(sub)
		}
	}
	if subs, ok := n["allOf"].([]any); ok {
		for _, s := range subs {
			if r := schemaRef(s.(map[string]any)); r != "" {
				return r
			}
		}
	}
	return ""
}

// regLogModel is a log-link regression model with the factor forms,
// smearing groups and shares the shipped models do not use.
const regLogModel = `{
  "id": "reg-log", "version": "1", "name": "Log-link test model", "family": "regression",
  "cohorts": ["adult_social_care", "continuing_healthcare"],
  "support_types": [{"id": "pc", "name": "Personal care", "hourly_rate": "22.00"}, {"id": "dom", "name": "Domestic", "hourly_rate": "18"}],
  "domains": [{"id": "d1", "name": "Daily living", "questions": [
    {"id": "q1", "text": "Washing", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 2}]},
    {"id": "hrs", "text": "Hours of help", "type": "number", "min": 0, "max": 40, "unit": "hours a week"}]}],
  "regression": {
    "intercept": 4.2, "link": "log", "smearing": 1.04, "smearing_by": "living_setting",
    "smearing_groups": {"residential": 1.1, "home_alone": 1.02},
    "output": "weekly",
    "shares": {"pc": "0.75", "dom": "0.25"},
    "terms": [
      {"name": "q1", "coef": 0.1, "factors": [{"question": "q1"}]},
      {"name": "q1_some", "label": "some help washing", "coef": 0.05, "factors": [{"question": "q1", "option": "some"}]},
      {"name": "hrs", "coef": 0.01, "factors": [{"question": "hrs"}]},
      {"name": "d1", "coef": 0.02, "factors": [{"domain": "d1"}]},
      {"name": "care_home", "coef": 0.3, "factors": [{"settings": ["residential", "nursing"]}]},
      {"name": "chc", "coef": 0.2, "factors": [{"cohorts": ["continuing_healthcare"]}]},
      {"name": "age", "coef": -0.001, "factors": [{"variable": "age"}]},
      {"name": "old_chc", "coef": 0.1, "factors": [{"age_min": 80}, {"cohorts": ["continuing_healthcare"]}]},
      {"name": "informal", "coef": -0.01, "factors": [{"variable": "informal_hours"}]}
    ]
  },
  "limits": {"cap_weekly": "3000", "floor_weekly": 10, "floor_support_type": "pc", "setting_caps": [{"id": "ch", "name": "Care home", "settings": ["residential"], "cap_weekly": "900"}]}
}`

// A schemaCase is one model of the corpus: a base model changed by ops,
// and the verdicts expected. want is "both" (ParseModel and the schema
// refuse it), "valid" (both accept it), "unstated:KEY" (ParseModel refuses
// it by a rule the schema cannot state, listed in its description under
// KEY). There is no verdict for a model the schema refuses and ParseModel
// accepts: ParseModel checks everything the schema checks.
type schemaCase struct {
	base string
	ops  []schemaOp
	want string
	raw  func([]byte) []byte // a change to the JSON text (duplicate keys)
	name string
}

type schemaOp struct {
	path  string // dotted; a segment "q:ID" is the question with that id
	value any    // schemaDelete deletes the key
}

var schemaDelete = new(int)

// schemaRules maps each KEY of "unstated:KEY" to the words of the schema's
// description that list it.
var schemaRules = map[string]string{
	"duplicate": "- duplicate ids:",
	"reference": "- references:",
	"cohorts":   "- cohorts: a question's",
	"ranges":    "- ranges across values:",
	"strings":   "- amounts written as strings:",
	"twice":     "a key that appears twice in one object",
	"whole":     "whole numbers written with a decimal point or exponent",
	"compose":   "- composition:",
	"range":     "- range:",
}

// schemaRangeBlock is the budget range of the corpus's base model
// "points-range" (the points model with a range).
func schemaRangeBlock() map[string]any {
	return map[string]any{
		"level": "0.8", "method": "split_conformal", "score": "log", "min_scale": "10", "by": "cohort", "period": "2025",
		"groups": map[string]any{
			"adult_social_care":     map[string]any{"quantile": num("0.62"), "n": num("1234")},
			"continuing_healthcare": map[string]any{"quantile": num("0.55"), "n": num("96")},
		},
	}
}

func op(path string, v any) schemaOp { return schemaOp{path, v} }

func num(s string) json.Number { return json.Number(s) }

// schemaTargeted is the hand-written part of the corpus: each rule of
// ParseModel, and the spellings the two treat differently.
func schemaTargeted() []schemaCase {
	P, H, R, L, F, PR := ModelPoints, ModelHours, ModelIBudget5b, "regression-log", ModelIBudgetFlorida, "points-range"
	c := func(base, want string, ops ...schemaOp) schemaCase {
		return schemaCase{base: base, ops: ops, want: want}
	}
	opts2 := []any{map[string]any{"id": "a", "label": "A", "points": num("0")}, map[string]any{"id": "b", "label": "B", "points": num("1")}}
	return []schemaCase{
		// Top level.
		c(P, "valid", op("description", "changed")),
		c(P, "valid", op("$schema", "./model.schema.json")),
		c(P, "both", op("family", "hours")),
		c(P, "both", op("family", "pointz")),
		c(P, "both", op("family", "")),
		c(P, "both", op("id", " \t")),
		c(P, "both", op("id", "\u00a0")),
		c(P, "both", op("name", "")),
		c(P, "both", op("version", " ")),
		c(P, "both", op("cohorts", []any{})),
		c(P, "both", op("cohorts", []any{"adult_social_care", "adult_social_care"})),
		c(P, "both", op("cohorts", []any{"elves"})),
		c(P, "both", op("currency", "gbp")),
		c(P, "both", op("currency", "GBPX")),
		c(P, "valid", op("currency", "EUR")),
		c(P, "valid", op("currency", schemaDelete)),
		c(P, "both", op("currency", "123")),
		c(P, "both", op("currency", "G8P")),
		c(P, "both", op("weeks_per_year", num("54"))),
		c(P, "both", op("weeks_per_year", "54")),
		c(P, "both", op("weeks_per_year", num("0.5"))),
		c(P, "both", op("weeks_per_year", "52.1234567")),
		c(P, "valid", op("weeks_per_year", "52.143")),
		c(P, "valid", op("weeks_per_year", num("52.143"))),
		c(P, "valid", op("weeks_per_year", "53")),
		c(P, "valid", op("weeks_per_year", num("0"))),
		c(P, "both", op("weeks_per_year", "5.2e1")),
		c(P, "both", op("weeks_per_year", "52.")),
		c(P, "both", op("weeks_per_year", "+52")),
		c(P, "both", op("rounding.mode", "nearest")),
		c(P, "valid", op("rounding.mode", "")),
		c(P, "valid", op("rounding.mode", "half_even")),
		c(P, "both", op("rounding.unit", "0.001")),
		c(P, "both", op("rounding.unit", num("0.001"))),
		c(P, "both", op("rounding.unit", "1001")),
		c(P, "both", op("rounding.unit", "-0.01")),
		c(P, "valid", op("rounding.unit", "0.05")),
		c(P, "valid", op("rounding.unit", "0.010")),
		c(P, "valid", op("rounding.unit", num("1000"))),
		c(P, "valid", op("rounding", map[string]any{})),
		c(P, "both", op("rounding.unit", "1e-2")),
		c(P, "valid", op("hours_unit", "0.25")),
		c(P, "valid", op("hours_unit", num("0.5"))),
		c(P, "valid", op("hours_unit", "1")),
		c(P, "valid", op("hours_unit", "0.010")),
		c(P, "valid", op("hours_unit", num("0"))),
		c(P, "both", op("hours_unit", "0.3")),
		c(P, "both", op("hours_unit", num("2"))),
		c(P, "both", op("hours_unit", ".25")),
		c(P, "both", op("missing", "sometimes")),
		c(P, "valid", op("missing", "")),
		c(P, "both", op("description", nil)),
		c(P, "both", op("limits.cap_weekly", nil)),
		c(P, "both", op("points.schedules.1.bands.3.max_points", nil)),
		c(P, "both", op("support_types", nil)),
		c(P, "both", op("name", nil)),
		// Support types and money.
		c(P, "both", op("support_types.0.hourly_rate", "-1")),
		c(P, "both", op("support_types.0.hourly_rate", "24.123456789")),
		c(P, "valid", op("support_types.0.hourly_rate", "24.123456780")),
		c(P, "valid", op("support_types.0.hourly_rate", num("24.5"))),
		c(P, "both", op("support_types.0.hourly_rate", num("24.123456789"))),
		c(P, "both", op("support_types.0.hourly_rate", num("100000000"))),
		c(P, "unstated:strings", op("support_types.0.hourly_rate", "100000000")),
		c(P, "both", op("support_types.0.hourly_rate", "2.45e1")),
		c(P, "both", op("support_types.0.hourly_rate", "5.")),
		c(P, "both", op("support_types.0.hourly_rate", "+5")),
		c(P, "both", op("support_types.0.hourly_rate", "-0")),
		c(P, "both", op("support_types.0.hourly_rate", "−5")),
		c(P, "both", op("support_types.0.hourly_rate", "2,450")),
		c(P, "valid", op("support_types.0.hourly_rate", num("2.45e1"))),
		c(P, "both", op("support_types.0.hourly_rate", ".5")),
		c(P, "both", op("support_types.0.name", "")),
		c(P, "both", op("support_types.0.id", "  ")),
		c(P, "unstated:duplicate", op("support_types.1.id", "personal_care")),
		// Domains and questions.
		c(P, "both", op("domains", []any{})),
		c(P, "both", op("domains.0.name", "")),
		c(P, "both", op("domains.0.support_type", schemaDelete)),
		c(P, "both", op("domains.0.support_type", "")),
		c(P, "unstated:reference", op("domains.0.support_type", "nope")),
		c(P, "both", op("domains.0.questions", []any{})),
		c(P, "unstated:duplicate", op("domains.1.id", "personal_care")),
		c(P, "both", op("q:washing.id", "age")),
		c(P, "both", op("q:washing.id", "")),
		c(P, "unstated:duplicate", op("q:washing.id", "dressing")),
		c(P, "both", op("q:washing.text", "")),
		c(P, "both", op("q:washing.type", "multiple")),
		c(P, "valid", op("q:washing.type", "choice")),
		c(P, "both", op("q:washing.type", "number")),
		c(P, "both", op("q:washing.type", "number"), op("q:washing.options", schemaDelete)),
		c(P, "valid", op("q:washing.type", "number"), op("q:washing.options", schemaDelete), op("q:washing.min", num("0")), op("q:washing.max", num("10"))),
		c(P, "both", op("q:washing.options", opts2[:1])),
		c(P, "valid", op("q:washing.options", opts2)),
		c(P, "both", op("q:washing.options.0.points", num("-1"))),
		c(P, "both", op("q:washing.options.0.points", num("1000001"))),
		c(P, "valid", op("q:washing.options.0.points", num("1000000"))),
		c(P, "both", op("q:washing.options.0.points", num("2.5"))),
		c(P, "both", op("q:washing.options.0.points", "5")),
		c(P, "unstated:whole", op("q:washing.options.0.points", num("5.0"))),
		c(P, "both", op("q:washing.options.0.label", "")),
		c(P, "unstated:duplicate", op("q:washing.options.1.id", "none")),
		c(P, "both", op("q:washing.options.0.minutes", "10")),
		c(P, "valid", op("q:washing.options.0.minutes", "0")),
		c(P, "both", op("q:washing.activity", "pc_morning")),
		c(P, "unstated:reference", op("q:washing.default", "nope")),
		c(P, "valid", op("q:washing.default", "some")),
		c(P, "both", op("q:washing.min", num("0"))),
		c(P, "both", op("q:washing.default_value", num("1"))),
		c(P, "both", op("q:washing.cohorts", []any{"carers", "carers"})),
		c(P, "both", op("q:washing.cohorts", []any{"elves"})),
		c(P, "valid", op("q:washing.cohorts", []any{"carers"})),
		c(P, "valid", op("q:washing.unit", "times a day")),
		// Price schedules.
		c(P, "both", op("points.schedules", []any{})),
		c(P, "both", op("points.schedules.3.bands", []any{map[string]any{"min_points": num("0"), "weekly": "1"}})),
		c(P, "both", op("points.schedules.3.price_per_point", schemaDelete)),
		c(P, "both", op("points.schedules.3.price_per_point", "-7")),
		c(P, "valid", op("points.schedules.3.price_per_point", num("8"))),
		c(P, "unstated:cohorts", op("points.schedules.3", schemaDelete)),
		c(P, "unstated:cohorts", op("points.schedules.3.cohorts", []any{"children"})),
		c(P, "unstated:duplicate", op("points.schedules.3.id", "children_bands")),
		c(P, "both", op("points.schedules.1.bands.0.min_points", num("1"))),
		c(P, "unstated:ranges", op("points.schedules.1.bands.1.min_points", num("9"))),
		c(P, "unstated:ranges", op("points.schedules.1.bands.1.min_points", num("11"))),
		c(P, "unstated:ranges", op("points.schedules.1.bands.1.max_points", num("5"))),
		c(P, "unstated:ranges", op("points.schedules.1.bands", []any{map[string]any{"min_points": num("0"), "max_points": num("5"), "weekly": "1"}})),
		c(P, "valid", op("points.schedules.1.bands", []any{map[string]any{"min_points": num("0"), "weekly": "1"}})),
		c(P, "both", op("points.schedules.1.bands", []any{})),
		c(P, "both", op("points.schedules.1.bands.0.max_points", num("-1"))),
		c(P, "both", op("points.schedules.1.bands.0.weekly", "x")),
		c(P, "both", op("points.schedules.1.bands.0.weekly", schemaDelete)),
		c(P, "valid", op("points.schedules.1.bands.0.name", schemaDelete)),
		c(P, "both", op("points.schedules.2.curve.0.points", num("5"))),
		c(P, "both", op("points.schedules.2.curve", []any{map[string]any{"points": num("0"), "weekly": "1"}})),
		c(P, "unstated:ranges", op("points.schedules.2.curve.2.points", num("10"))),
		c(P, "unstated:reference", op("points.schedules.0.domain_prices.nope", "1")),
		c(P, "both", op("points.schedules.0.domain_prices.mobility", "-1")),
		c(P, "valid", op("points.schedules.0.domain_prices", map[string]any{})),
		// Limits.
		c(P, "both", op("limits.floor_support_type", schemaDelete)),
		c(P, "both", op("limits.floor_support_type", "")),
		c(P, "unstated:reference", op("limits.floor_support_type", "nope")),
		c(P, "unstated:ranges", op("limits.cap_weekly", "10")),
		c(P, "unstated:ranges", op("limits.setting_caps.0.cap_weekly", "10")),
		c(P, "both", op("limits.setting_caps.0.settings", []any{})),
		c(P, "both", op("limits.setting_caps.0.settings", []any{"castle"})),
		c(P, "valid", op("limits.setting_caps.0.settings", []any{"residential", "residential"})),
		c(P, "unstated:duplicate", op("limits.setting_caps.1", map[string]any{"id": "care_home", "name": "again", "settings": []any{"nursing"}, "cap_weekly": "950"})),
		c(P, "valid", op("limits", map[string]any{})),
		c(P, "valid", op("limits", schemaDelete)),
		c(P, "both", op("hours", map[string]any{"activities": []any{map[string]any{"id": "a", "name": "A", "support_type": "personal_care"}}})),
		c(P, "both", op("regression", map[string]any{"intercept": num("0"), "terms": []any{}, "link": "identity"})),

		// Hours family.
		c(H, "both", op("family", "points")),
		c(H, "unstated:reference", op("q:wash_morning.activity", "nope")),
		c(H, "both", op("q:wash_morning.activity", "")),
		c(H, "both", op("q:wash_morning.options.1.minutes", "-5")),
		c(H, "both", op("q:wash_morning.options.1.minutes", "40321")),
		c(H, "valid", op("q:wash_morning.options.1.minutes", "40320")),
		c(H, "valid", op("q:wash_morning.options.1.minutes", num("12.5"))),
		c(H, "both", op("q:wash_morning.options.1.minutes", "10.123456789")),
		c(H, "both", op("q:wash_morning.options.1.minutes", "10.1234567")),
		c(H, "both", op("q:wash_morning.options.1.minutes", num("10.1234567"))),
		c(H, "valid", op("q:wash_morning.options.1.minutes", "10.123456")),
		c(H, "both", op("hours.adjustments.0.factors.some", "1.1234567")),
		c(H, "valid", op("hours.adjustments.0.factors.some", "1.123456")),
		c(H, "both", op("hours.deductions.0.fractions.some", "0.1234567")),
		c(H, "both", op("hours.additions.1.hours.short", "1.1234567")),
		c(H, "valid", op("hours.additions.1.hours.short", "1.123456")),
		c(H, "unstated:cohorts", op("q:wash_morning.cohorts", []any{"children"})),
		c(H, "both", op("hours.activities", []any{})),
		c(H, "both", op("hours.activities.0.support_type", "")),
		c(H, "unstated:reference", op("hours.activities.0.support_type", "nope")),
		c(H, "both", op("hours.activities.0.name", "")),
		c(H, "unstated:duplicate", op("hours.activities.1.id", "pc_morning")),
		c(H, "both", op("hours.adjustments.0.factors", map[string]any{})),
		c(H, "both", op("hours.adjustments.0.factors.some", "11")),
		c(H, "both", op("hours.adjustments.0.factors.some", num("-1"))),
		c(H, "valid", op("hours.adjustments.0.factors.some", num("10"))),
		c(H, "unstated:reference", op("hours.adjustments.0.factors.nope", "1.5")),
		c(H, "both", op("hours.adjustments.0.question", "")),
		c(H, "unstated:reference", op("hours.adjustments.0.question", "nope")),
		c(H, "unstated:reference", op("hours.adjustments.0.question", "informal_household_hours")),
		c(H, "both", op("hours.adjustments.0.activities", []any{})),
		c(H, "unstated:reference", op("hours.adjustments.0.activities", []any{"nope"})),
		c(H, "both", op("hours.deductions.0.fractions.some", "1.5")),
		c(H, "both", op("hours.deductions.0.fractions", map[string]any{})),
		c(H, "both", op("hours.deductions.0.fractions", schemaDelete)),
		c(H, "both", op("hours.deductions.0.question", schemaDelete)),
		c(H, "both", op("hours.deductions.0.hours_question", "informal_household_hours")),
		c(H, "valid", op("hours.deductions.0.fractions.some", num("1"))),
		c(H, "unstated:reference", op("hours.deductions.0.fractions.nope", "0.5")),
		c(H, "both", op("hours.deductions.2.hours_question", "")),
		c(H, "unstated:reference", op("hours.deductions.2.hours_question", "memory")),
		c(H, "unstated:reference", op("q:informal_household_hours.max", num("200"))),
		c(H, "both", op("hours.deductions.3.informal_activity", "gardening")),
		c(H, "both", op("hours.deductions.3.informal_activity", "")),
		c(H, "valid", op("hours.deductions.3.informal_activity", "domestic")),
		c(H, "unstated:duplicate", op("hours.deductions.0.id", "mobility")),
		c(H, "both", op("hours.additions.0.weekly", schemaDelete), op("hours.additions.0.hours", schemaDelete)),
		c(H, "both", op("hours.additions.0.weekly", map[string]any{}), op("hours.additions.0.hours", map[string]any{})),
		c(H, "both", op("hours.additions.1.hours.short", "-1")),
		c(H, "unstated:reference", op("hours.additions.1.hours.nope", "1")),
		c(H, "unstated:ranges", op("hours.additions.1.weekly", map[string]any{"short": "10"})),
		c(H, "both", op("hours.additions.0.support_type", "")),
		c(H, "unstated:reference", op("hours.additions.0.support_type", "nope")),
		c(H, "unstated:ranges", op("q:informal_household_hours.min", num("80"))),
		c(H, "unstated:ranges", op("q:informal_household_hours.default_value", num("71"))),
		c(H, "valid", op("q:informal_household_hours.default_value", num("3"))),
		c(H, "both", op("q:informal_household_hours.max", schemaDelete)),
		c(H, "both", op("q:informal_household_hours.default", "x")),
		c(H, "both", op("q:informal_household_hours.options", opts2)),
		c(H, "valid", op("q:informal_household_hours.options", []any{})),
		c(H, "both", op("q:informal_household_hours.min", "0")),
		c(H, "both", op("q:informal_household_hours.unit", nil)),
		c(H, "both", op("q:informal_household_hours.max", nil)),

		// Regression family.
		c(R, "both", op("regression.link", "probit")),
		c(R, "both", op("regression.intercept", "27")),
		c(R, "both", op("regression.intercept", schemaDelete)),
		c(R, "both", op("regression.terms", schemaDelete)),
		c(R, "valid", op("regression.terms", []any{})),
		c(R, "valid", op("regression.variance_correction", num("5"))),
		c(R, "both", op("regression.variance_correction", num("-1"))),
		c(R, "both", op("regression.smearing", num("1.1"))),
		c(R, "both", op("regression.smearing_by", "cohort")),
		c(R, "both", op("regression.output", "monthly")),
		c(R, "valid", op("regression.output", "weekly")),
		c(R, "unstated:reference", op("regression.shares", map[string]any{"x": "1"})),
		c(R, "both", op("regression.shares", map[string]any{"x": "-1"})),
		c(R, "both", op("regression.terms.0.coef", "1")),
		c(R, "both", op("regression.terms.0.factors", []any{})),
		c(R, "both", op("regression.terms.0.name", "")),
		c(R, "unstated:duplicate", op("regression.terms.1.name", "intercept_shift"), op("regression.terms.0.name", "intercept_shift")),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"domain": "behavioral", "question": "q14"}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"option": "1"}})),
		c(R, "unstated:reference", op("regression.terms.0.factors", []any{map[string]any{"question": "nope"}})),
		c(R, "unstated:reference", op("regression.terms.0.factors", []any{map[string]any{"domain": "nope"}})),
		c(R, "unstated:reference", op("regression.terms.0.factors", []any{map[string]any{"question": "q14", "option": "9"}})),
		c(R, "valid", op("regression.terms.0.factors", []any{map[string]any{"question": "q14", "option": "4"}})),
		c(R, "unstated:ranges", op("regression.terms.0.factors", []any{map[string]any{"age_min": num("30"), "age_max": num("20")}})),
		c(R, "unstated:whole", op("regression.terms.0.factors", []any{map[string]any{"age_min": num("30.0")}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"age_min": num("30.5")}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"variable": "height"}})),
		c(R, "valid", op("regression.terms.0.factors", []any{map[string]any{"variable": "total_points"}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"settings": []any{}}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"settings": []any{"castle"}}})),
		c(R, "valid", op("regression.terms.0.factors", []any{map[string]any{"cohorts": []any{"children"}}})),
		c(R, "unstated:cohorts", op("regression.terms.0.factors", []any{map[string]any{"cohorts": []any{"carers"}}})),
		c(R, "both", op("regression.terms.0.factors", []any{map[string]any{"cohorts": []any{}}})),
		c(R, "valid", op("limits", map[string]any{"cap_weekly": "2000"})),
		c(R, "both", op("regression.intercept", num("1e400"))),
		c(R, "both", op("regression.intercept", nil)),
		c(R, "both", op("regression.terms.0.coef", nil)),
		c(L, "both", op("regression.smearing_groups.castle", num("1.1"))),
		c(L, "both", op("regression.smearing_groups.home_alone", num("0"))),
		c(L, "both", op("regression.smearing_by", "")),
		c(L, "valid", op("regression.smearing_by", ""), op("regression.smearing_groups", schemaDelete)),
		c(L, "both", op("regression.smearing_by", "cohort")),
		c(L, "valid", op("regression.smearing_by", "cohort"), op("regression.smearing_groups", map[string]any{"continuing_healthcare": num("1.2")})),
		c(L, "both", op("regression.smearing", num("-1"))),
		c(L, "valid", op("regression.smearing", num("0"))),
		c(L, "both", op("regression.variance_correction", num("1"))),
		c(L, "both", op("regression.link", "logit")),
		c(L, "both", op("regression.link", "logit"), op("regression.smearing", schemaDelete), op("regression.smearing_by", schemaDelete), op("regression.smearing_groups", schemaDelete)),
		c(L, "both", op("regression.link", "logit"), op("regression.smearing", schemaDelete), op("regression.smearing_by", schemaDelete), op("regression.smearing_groups", schemaDelete), op("regression.shares", schemaDelete)),
		c(L, "valid", op("regression.link", "logit"), op("regression.smearing", schemaDelete), op("regression.smearing_by", schemaDelete), op("regression.smearing_groups", schemaDelete), op("regression.shares", schemaDelete), op("limits", schemaDelete)),
		c(L, "valid", op("regression.link", "identity"), op("regression.smearing", schemaDelete), op("regression.smearing_by", schemaDelete), op("regression.smearing_groups", schemaDelete)),
		c(L, "unstated:ranges", op("regression.shares.pc", "0.65")),
		c(L, "unstated:reference", op("regression.shares.nope", "0"), op("regression.shares.pc", "0.75")),
		c(L, "both", op("regression.shares.pc", "-0.75")),
		c(L, "valid", op("regression.shares.pc", num("0.75"))),
		c(L, "both", op("regression.shares.pc", "0.7500001"), op("regression.shares.dom", "0.2499999")),
		c(L, "valid", op("regression.shares.pc", "0.750001"), op("regression.shares.dom", "0.249999")),
		c(L, "both", op("limits.floor_weekly", num("-10"))),
		c(L, "valid", op("limits.floor_weekly", num("10.00000001"))),
		c(L, "both", op("limits.floor_weekly", num("10.000000001"))),
		// Composition.
		c(F, "valid", op("composition.add_ons.0.amount", "100.00")),
		c(F, "valid", op("composition.add_ons.0.max", num("25000"))),
		c(F, "both", op("composition.add_ons.0.amount", "100"), op("composition.add_ons.0.max", "200")),
		c(F, "both", op("composition.add_ons.0.period", "monthly")),
		c(F, "both", op("composition.add_ons.0.name", " ")),
		c(F, "both", op("composition.add_ons.0.amount", "-5")),
		c(F, "unstated:duplicate", op("composition.add_ons.1.id", "san")),
		c(F, "valid", op("composition.add_ons", []any{})),
		c(F, "valid", op("composition.pro_rate", schemaDelete)),
		c(F, "both", op("composition.pro_rate.name", schemaDelete)),
		c(F, "both", op("composition.pro_rate.period_start", "2025-7-1")),
		c(F, "both", op("composition.pro_rate.period_start", num("20250701"))),
		c(F, "unstated:compose", op("composition.pro_rate.period_start", "2025-02-30")),
		c(F, "unstated:compose", op("composition.pro_rate.period_start", "1899-07-01")),
		c(F, "unstated:compose", op("composition.pro_rate.period_end", "2025-06-30")),
		c(F, "unstated:compose", op("composition.pro_rate.period_end", "2036-06-30")),
		c(F, "unstated:compose", op("composition.pro_rate.day_count", "months"), op("composition.pro_rate.period_start", "2025-07-02")),
		c(F, "unstated:compose", op("composition.pro_rate.day_count", "months"), op("composition.pro_rate.period_end", "2026-06-29")),
		c(F, "valid", op("composition.pro_rate.day_count", "months")),
		c(F, "both", op("composition.pro_rate.day_count", "30/360")),
		c(F, "valid", op("composition.caseload_cap.amount", "1500000000.00")),
		c(F, "valid", op("composition.caseload_cap.amount", num("999999999999999.99"))),
		c(F, "both", op("composition.caseload_cap.amount", "1000000000000000")),
		c(F, "both", op("composition.caseload_cap.amount", num("1000000000000000"))),
		c(F, "both", op("composition.caseload_cap.amount", "1.005")),
		c(F, "both", op("composition.caseload_cap.name", schemaDelete)),
		c(F, "valid", op("composition.caseload_cap", schemaDelete)),
		c(F, "valid", op("composition", map[string]any{})),
		c(R, "valid", op("composition", map[string]any{"add_ons": []any{map[string]any{"id": "x", "name": "X", "period": "one_off"}}})),
		c(L, "both", op("regression.link", "logit"), op("regression.smearing", schemaDelete), op("regression.smearing_by", schemaDelete), op("regression.smearing_groups", schemaDelete), op("regression.shares", schemaDelete), op("limits", schemaDelete), op("composition", map[string]any{})),
		c(P, "valid", op("composition", map[string]any{"add_ons": []any{map[string]any{"id": "x", "name": "X", "period": "weekly", "amount": "20"}}})),
		// Budget range.
		c(PR, "valid", op("range.level", "0.9")),
		c(PR, "valid", op("range.level", num("0.95"))),
		c(PR, "valid", op("range.level", "0.800000")),
		c(PR, "valid", op("range.method", "cross_validation")),
		c(PR, "valid", op("range.score", "relative")),
		c(PR, "valid", op("range.score", "absolute"), op("range.min_scale", schemaDelete), op("range.groups.adult_social_care.quantile", num("150.25"))),
		c(PR, "valid", op("range.min_scale", num("2.5"))),
		c(PR, "valid", op("range.min_scale", "0.00000001")),
		c(PR, "valid", op("range.by", schemaDelete), op("range.groups", map[string]any{"all": map[string]any{"quantile": num("0.7"), "n": num("5000")}})),
		c(PR, "valid", op("range.by", ""), op("range.groups", map[string]any{"all": map[string]any{"quantile": num("0"), "n": num("4")}})),
		c(PR, "valid", op("range.by", "living_setting"), op("range.groups", map[string]any{"nursing": map[string]any{"quantile": num("0.4"), "n": num("30")}})),
		c(PR, "valid", op("range.period", schemaDelete)),
		c(PR, "valid", op("range.groups.adult_social_care.n", num("4"))),
		c(PR, "valid", op("range.groups.adult_social_care.quantile", num("20"))),
		c(PR, "both", op("range.level", "1")),
		c(PR, "both", op("range.level", "0")),
		c(PR, "both", op("range.level", "0.0")),
		c(PR, "both", op("range.level", num("1"))),
		c(PR, "both", op("range.level", num("0"))),
		c(PR, "both", op("range.level", "0.1234567")),
		c(PR, "both", op("range.level", num("0.1234567"))),
		c(PR, "both", op("range.level", ".8")),
		c(PR, "both", op("range.level", "80")),
		c(PR, "both", op("range.method", "cv_plus")),
		c(PR, "both", op("range.score", "squared")),
		c(PR, "both", op("range.min_scale", schemaDelete)),
		c(PR, "both", op("range.score", "relative"), op("range.min_scale", schemaDelete)),
		c(PR, "both", op("range.score", "absolute")),
		c(PR, "both", op("range.min_scale", "0")),
		c(PR, "both", op("range.min_scale", "0.000")),
		c(PR, "both", op("range.min_scale", num("0"))),
		c(PR, "both", op("range.min_scale", "1.000000001")),
		c(PR, "both", op("range.by", "locality")),
		c(PR, "both", op("range.groups", map[string]any{})),
		c(PR, "both", op("range.groups.elves", map[string]any{"quantile": num("1"), "n": num("10")})),
		c(PR, "both", op("range.by", schemaDelete)),
		c(PR, "both", op("range.by", "living_setting")),
		c(PR, "both", op("range.groups.adult_social_care.quantile", num("-0.1"))),
		c(PR, "both", op("range.groups.adult_social_care.quantile", num("20.5"))),
		c(PR, "both", op("range.score", "relative"), op("range.groups.adult_social_care.quantile", num("1000.5"))),
		c(PR, "valid", op("range.score", "relative"), op("range.groups.adult_social_care.quantile", num("1000"))),
		c(PR, "both", op("range.score", "absolute"), op("range.min_scale", schemaDelete), op("range.groups.adult_social_care.quantile", num("90071993"))),
		c(PR, "both", op("range.groups.adult_social_care.n", num("0"))),
		c(PR, "both", op("range.groups.adult_social_care.n", num("1000000001"))),
		c(PR, "both", op("range.groups.adult_social_care.n", num("4.5"))),
		c(PR, "both", op("range.period", "2025\n")),
		c(PR, "both", op("range.period", "20\u008525")),
		c(PR, "unstated:range", op("range.groups.adult_social_care.n", num("3"))),
		c(PR, "unstated:range", op("range.level", "0.95"), op("range.groups.continuing_healthcare.n", num("18"))),
		c(PR, "valid", op("range.level", "0.95"), op("range.groups.continuing_healthcare.n", num("19"))),
		c(L, "unstated:range", op("range", schemaRangeBlock()), op("range.groups.carers", map[string]any{"quantile": num("0.6"), "n": num("50")})),
		c(L, "valid", op("range", schemaRangeBlock())),
		c(L, "both", op("regression.link", "logit"), op("regression.smearing", schemaDelete), op("regression.smearing_by", schemaDelete), op("regression.smearing_groups", schemaDelete), op("regression.shares", schemaDelete), op("limits", schemaDelete), op("range", schemaRangeBlock())),
		c(F, "unstated:range", op("range", schemaRangeBlock())),
		c(F, "valid", op("range", schemaRangeBlock()), op("range.groups.continuing_healthcare", schemaDelete)),
		{base: P, want: "unstated:twice", name: "a key twice", raw: func(b []byte) []byte {
			return append([]byte(`{"id": "first", `), bytes.TrimLeft(b, " \t\r\n{")...)
		}},
		{base: L, want: "unstated:twice", name: "a nested key twice", raw: func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"intercept":4.2,`), []byte(`"intercept":4.2,"intercept":4.3,`), 1)
		}},
	}
}

// schemaGenerated is the generated part of the corpus: walking a model
// alongside its Go type (as ParseModel does), each object gains an unknown
// field, each required field is dropped in turn, each value is given a JSON
// type its field does not decode from, each enumerated value is replaced
// by one outside its list, each amount and count of points is made
// negative, and each list of cohorts names its first cohort twice.
// ParseModel and the schema must both refuse every one. Of each kind, one
// in every stride is kept, so that every kind of change in every base
// model is represented without thousands of near-copies.
func schemaGenerated(base string, tree any, stride int) []schemaCase {
	byKind := map[string][]schemaCase{}
	var kinds []string
	add := func(kind, at string, v any) {
		if byKind[kind] == nil {
			kinds = append(kinds, kind)
		}
		byKind[kind] = append(byKind[kind], schemaCase{base: base, ops: []schemaOp{op(at, v)}, want: "both", name: kind + " at " + at})
	}
	joinPath := func(at, k string) string {
		if at == "" {
			return k
		}
		return at + "." + k
	}
	enumTypes := map[reflect.Type]bool{
		reflect.TypeFor[Family](): true, reflect.TypeFor[QuestionType](): true, reflect.TypeFor[MissingPolicy](): true,
		reflect.TypeFor[RoundingMode](): true, reflect.TypeFor[Link](): true, reflect.TypeFor[Period](): true,
		reflect.TypeFor[Cohort](): true, reflect.TypeFor[LivingSetting](): true,
		reflect.TypeFor[RangeMethod](): true, reflect.TypeFor[RangeScore](): true,
	}
	enumFields := map[string]bool{"informal_activity": true, "variable": true, "smearing_by": true, "by": true}
	nonNegative := map[string]bool{"points": true, "min_points": true, "max_points": true, "n": true}
	var walk func(raw any, t reflect.Type, at, field string)
	walk = func(raw any, t reflect.Type, at, field string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if at != "" {
			var wrong any
			switch {
			case t == decimalType:
				wrong = true
			case t.Kind() == reflect.String:
				wrong = num("7")
			case t.Kind() == reflect.Int || t.Kind() == reflect.Float64:
				wrong = "7"
			case t.Kind() == reflect.Slice:
				wrong = map[string]any{}
			default:
				wrong = []any{}
			}
			add("wrong type", at, wrong)
		}
		switch {
		case t == dateType:
			add("date not in the form YYYY-MM-DD", at, "2025-7-1")
			return
		case t == decimalType:
			add("negative amount", at, "-1")
			return
		case enumTypes[t] || t.Kind() == reflect.String && enumFields[field]:
			add("value outside the enumeration", at, "zz_bad")
		case t.Kind() == reflect.Int && nonNegative[field]:
			add("negative whole number", at, num("-1"))
		case t == reflect.TypeFor[[]Cohort]() && len(raw.([]any)) > 0:
			add("cohort twice", at, append(slices.Clone(raw.([]any)), raw.([]any)[0]))
		}
		switch t.Kind() {
		case reflect.Struct:
			obj := raw.(map[string]any)
			add("unknown field", joinPath(at, "zz_unknown"), num("1"))
			fields := jsonFields(t)
			for _, k := range sortedKeys(obj) {
				f := fields[k]
				if f.required {
					add("required field dropped", joinPath(at, k), schemaDelete)
				}
				walk(obj[k], f.typ, joinPath(at, k), k)
			}
		case reflect.Slice:
			for i, v := range raw.([]any) {
				walk(v, t.Elem(), joinPath(at, strconv.Itoa(i)), field)
			}
		case reflect.Map:
			obj := raw.(map[string]any)
			for _, k := range sortedKeys(obj) {
				walk(obj[k], t.Elem(), joinPath(at, k), field)
			}
		}
	}
	walk(tree, reflect.TypeFor[Model](), "", "")
	var kept []schemaCase
	for _, k := range kinds {
		cs := byKind[k]
		for i := 0; i < len(cs); i += max(1, min(stride, len(cs)/4)) {
			kept = append(kept, cs[i])
		}
	}
	return kept
}

func decodeTree(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// applyOps returns a copy of the model tree changed by ops.
func applyOps(t testing.TB, b []byte, ops []schemaOp) []byte {
	t.Helper()
	tree := decodeTree(t, b)
	for _, o := range ops {
		parts := strings.Split(o.path, ".")
		if strings.HasPrefix(parts[0], "q:") {
			parts = append(findQuestionPath(t, tree, parts[0][2:]), parts[1:]...)
		}
		var cur any = tree
		for i, p := range parts {
			last := i == len(parts)-1
			switch c := cur.(type) {
			case map[string]any:
				if last {
					if o.value == schemaDelete {
						delete(c, p)
					} else {
						c[p] = o.value
					}
					break
				}
				if _, ok := c[p]; !ok {
					c[p] = map[string]any{}
				}
				cur = c[p]
			case []any:
				k, err := strconv.Atoi(p)
				if err != nil {
					t.Fatalf("%s: %q is not an index", o.path, p)
				}
				if last {
					switch {
					case o.value == schemaDelete:
						c = slices.Delete(c, k, k+1)
					case k == len(c):
						c = append(c, o.value)
					default:
						c[k] = o.value
					}
					setAt(t, tree, parts[:i], c)
					break
				}
				cur = c[k]
			default:
				t.Fatalf("%s: cannot descend into %T", o.path, cur)
			}
		}
	}
	out, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// setAt replaces the array at parts (changed in length) in tree.
func setAt(t testing.TB, tree any, parts []string, v []any) {
	var cur any = tree
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			cur = c[p]
		case []any:
			k, _ := strconv.Atoi(p)
			if last {
				c[k] = v
				return
			}
			cur = c[k]
		}
	}
}

func findQuestionPath(t testing.TB, tree any, id string) []string {
	doms := tree.(map[string]any)["domains"].([]any)
	for di, d := range doms {
		for qi, q := range d.(map[string]any)["questions"].([]any) {
			if q.(map[string]any)["id"] == id {
				return []string{"domains", strconv.Itoa(di), "questions", strconv.Itoa(qi)}
			}
		}
	}
	t.Fatalf("no question %q", id)
	return nil
}

// parsesAndCompiles reports whether ParseModel accepts the model, and
// whether Compile then succeeds (without panicking).
func parsesAndCompiles(b []byte) (parsed, compiled bool, err error) {
	m, err := ParseModel(bytes.NewReader(b))
	if err != nil {
		return false, false, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Compile panicked: %v", r)
		}
	}()
	_, err = Compile(m)
	return true, err == nil, err
}

// TestModelSchemaCorpus checks that the schema and ParseModel give the
// verdicts expected on a corpus of changed models: generated ones (unknown
// fields, dropped required fields, wrong JSON types), which both must
// refuse, and hand-written ones covering each rule, including those the
// schema cannot state, which must be listed in its description.
func TestModelSchemaCorpus(t *testing.T) {
	t.Run("go-regexp", func(t *testing.T) { testModelSchemaCorpus(t, compileModelSchemaWith(t, false), true) })
	// The patterns again as editors read them; the generated cases change
	// types and keys, not the strings patterns check.
	t.Run("ecma-262", func(t *testing.T) { testModelSchemaCorpus(t, compileModelSchemaWith(t, true), false) })
}

func testModelSchemaCorpus(t *testing.T, s *jsonschema.Schema, withGenerated bool) {
	desc := schemaDoc(t)["description"].(string)
	bases := map[string][]byte{"regression-log": []byte(regLogModel)}
	for _, n := range ModelNames() {
		bases[n] = shippedJSON(t, n)
	}
	bases["points-range"] = applyOps(t, bases[ModelPoints], []schemaOp{op("range", schemaRangeBlock())})
	var corpus []schemaCase
	for _, n := range sortedKeys(bases) {
		if withGenerated {
			corpus = append(corpus, schemaGenerated(n, decodeTree(t, bases[n]), 17)...)
		}
	}
	generated := len(corpus)
	genKinds := map[string]int{}
	for _, c := range corpus {
		k, _, _ := strings.Cut(c.name, " at ")
		genKinds[k]++
	}
	for _, n := range sortedKeys(bases) {
		corpus = append(corpus, schemaCase{base: n, want: "valid", name: "as shipped"})
	}
	corpus = append(corpus, schemaTargeted()...)
	counts := map[string]int{}
	for i, c := range corpus {
		b := bases[c.base]
		if b == nil {
			t.Fatalf("case %d: no base model %q", i, c.base)
		}
		b = applyOps(t, b, c.ops)
		if c.raw != nil {
			b = c.raw(b)
		}
		name := c.name
		if name == "" {
			var ps []string
			for _, o := range c.ops {
				v := fmt.Sprint(o.value)
				if o.value == schemaDelete {
					v = "(deleted)"
				}
				ps = append(ps, o.path+"="+v)
			}
			name = strings.Join(ps, ", ")
		}
		name = c.base + ": " + name
		parsed, compiled, perr := parsesAndCompiles(b)
		serr := schemaValidate(s, b)
		kind, rule, _ := strings.Cut(c.want, ":")
		counts[kind]++
		if rule != "" && !strings.Contains(desc, schemaRules[rule]) || rule != "" && schemaRules[rule] == "" {
			t.Errorf("%s: rule %q is not listed in the schema's description", name, rule)
		}
		switch kind {
		case "both":
			if parsed || serr == nil {
				t.Errorf("%s: want both to refuse; ParseModel: %v; schema: %v", name, perr, serr)
			}
		case "valid":
			if !compiled || serr != nil {
				t.Errorf("%s: want both to accept; ParseModel and Compile: %v; schema: %v", name, perr, serr)
			}
		case "unstated":
			if parsed || serr != nil {
				t.Errorf("%s: want ParseModel to refuse by a rule the schema cannot state, and the schema to accept; ParseModel: %v; schema: %v", name, perr, serr)
			}
		default:
			t.Fatalf("%s: unknown verdict %q", name, c.want)
		}
		if parsed && !compiled {
			// A model ParseModel accepts must compile (an option's minutes
			// with 9 decimal places once made Compile panic).
			t.Errorf("%s: ParseModel accepts a model Compile refuses: %v", name, perr)
		}
	}
	if withGenerated && len(corpus) < 200 {
		t.Errorf("the corpus has %d models, want at least 200", len(corpus))
	}
	t.Logf("corpus: %d models (%d generated: %v); verdicts %v", len(corpus), generated, genKinds, counts)
}
