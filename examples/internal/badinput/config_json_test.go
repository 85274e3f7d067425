package badinput

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// repoFile reads a file of the repository by its path from the module root.
func repoFile(t *testing.T, path string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", filepath.FromSlash(path)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var eligibilitySentinels = []error{eligibility.ErrInvalidLimb, eligibility.ErrCarerSignificantlyLonger, eligibility.ErrInvalidWellBeing,
	eligibility.ErrImpactWithoutArea, eligibility.ErrUnknownLevel, eligibility.ErrLevelNotAllowed, eligibility.ErrMissingLevel,
	eligibility.ErrInvalidScore, eligibility.ErrMissingScore, eligibility.ErrUnknownName, eligibility.ErrRepeatedKey,
	eligibility.ErrInvalidText, eligibility.ErrInvalidOptions, eligibility.ErrMalformed}

func TestEligibilityDecoders(t *testing.T) {
	dst := `{"id":"P-9","levels":{"breathing":"low","nutrition":"high","continence":"moderate","skin":"low","mobility":"severe","communication":"no_needs","psychological_emotional":"low","cognition":"moderate","behaviour":"no_needs","drug_therapies":"low","altered_states_of_consciousness":"no_needs"}}`
	checklist := `{"id":"C-1","scores":{"breathing":"A","nutrition":"B","continence":"C","skin":"C","mobility":"C","communication":"C","psychological_emotional":"C","cognition":"C","behaviour":"C","drug_therapies":"C","altered_states_of_consciousness":"C"}}`
	adult := `{"id":"A-1","impairment_or_illness":true,"outcomes":{"nutrition":["without_assistance"],"personal_hygiene":["pain_distress_anxiety","endangers_health_safety"]},"well_being":["personal_dignity"],"significant_impact":true}`
	carer := `{"id":"C/P","necessary_care":true,"health_deteriorating":false,"outcomes":{"recreation":["without_assistance"]},"well_being":["health"],"significant_impact":true}`
	opts := `{"severe_others_min_level":"moderate","severe_others_min_domains":3,"high_moderate_min_domains":2}`
	for _, f := range []struct {
		entry, doc string
		maps       []string
		decode     func(b []byte) (any, error)
	}{
		{"eligibility.DecodeAdult", adult, nil, func(b []byte) (any, error) {
			a, err := eligibility.DecodeAdult(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			r, err := eligibility.EvaluateAdult(&a)
			return r, err
		}},
		{"eligibility.DecodeCarer", carer, nil, func(b []byte) (any, error) {
			a, err := eligibility.DecodeCarer(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return eligibility.EvaluateCarer(&a)
		}},
		{"eligibility.DecodeDST", dst, nil, func(b []byte) (any, error) {
			a, err := eligibility.DecodeDST(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return eligibility.EvaluateDST(&a, eligibility.DSTOptions{})
		}},
		{"eligibility.DecodeChecklist", checklist, nil, func(b []byte) (any, error) {
			a, err := eligibility.DecodeChecklist(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return eligibility.EvaluateChecklist(&a)
		}},
		{"eligibility.DecodeDSTOptions", opts, nil, func(b []byte) (any, error) {
			return eligibility.DecodeDSTOptions(bytes.NewReader(b))
		}},
	} {
		t.Run(f.entry, func(t *testing.T) {
			runJSONFormat(t, jsonFormat{entry: f.entry, doc: f.doc, decode: f.decode, strict: true, sentinels: eligibilitySentinels,
				// A rule names the field where the problem shows: no
				// well-being area makes "significant_impact" wrong, no
				// levels a domain without its level.
				named: func(err error, s site) bool {
					var fe *eligibility.FieldError
					var le *eligibility.LevelError
					return namesKey(err, s) || errors.As(err, &fe) && fe.Field != "" || errors.As(err, &le)
				}})
		})
	}
}

// TestConfigReaders: the JSON configurations of carers and independence.
// Their packages do not document the strict rules of ras and
// ras/eligibility (#13 decided them there); the battery holds them to the
// same rules, as a council's configuration file is outside data too.
func TestConfigReaders(t *testing.T) {
	card, _ := json.Marshal(carers.DefaultRateCard())
	for _, f := range []struct {
		entry, doc string
		decode     func(b []byte) (any, error)
		sentinels  []error
	}{
		{"carers.ReadRateCard", string(card), func(b []byte) (any, error) {
			c, err := carers.ReadRateCard(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return carers.NewReplacementCost(c, carers.ValuationOptions{})
		}, []error{carers.ErrInvalidConfig}},
		{"carers.ReadRiskConfig", repoFile(t, "carers/risk_default.json"), func(b []byte) (any, error) {
			c, err := carers.ReadRiskConfig(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return carers.NewRiskModel(c, nil)
		}, []error{carers.ErrInvalidConfig}},
		{"carers.ReadInstrument", repoFile(t, "carers/instruments/csi.json"), func(b []byte) (any, error) {
			return carers.ReadInstrument(bytes.NewReader(b))
		}, []error{carers.ErrInvalidConfig}},
		{"independence.LoadInstrument", repoFile(t, "independence/instruments/personal-care-4.json"), func(b []byte) (any, error) {
			return independence.LoadInstrument(bytes.NewReader(b))
		}, []error{independence.ErrInvalidInstrument}},
	} {
		t.Run(f.entry, func(t *testing.T) {
			runJSONFormat(t, jsonFormat{entry: f.entry, doc: f.doc, decode: f.decode, strict: true, sentinels: f.sentinels,
				// A configuration error names the path where the problem
				// shows, which may be another value (a response's score of
				// −0 makes a band's maximum out of range).
				named: func(err error, s site) bool {
					var ce *carers.ConfigError
					return namesKey(err, s) || errors.As(err, &ce) && ce.Path != ""
				},
				textOK: func(s site) bool {
					switch s.lastKey() {
					case "name", "label", "text", "source", "description", "citation", "licence", "notes", "notice":
						return true
					}
					return false
				}})
		})
	}
}
