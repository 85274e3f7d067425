package carers

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Instrument is a carer strain (or burden) questionnaire described as data: items, the
// responses allowed for every item with their scores, and optional score bands. The total is the
// sum of the item scores. Another validated instrument is added by writing its JSON (see
// ReadInstrument); no code is needed.
//
// Item labels of the built-in instruments are short neutral summaries, not the licensed or
// copyrighted item wording; the Source field cites the original.
type Instrument struct {
	// ID is a short identifier, lower case, e.g. "csi". Required.
	ID string `json:"id"`
	// Name is the instrument's full name. Required.
	Name string `json:"name"`
	// Source cites the instrument and its scoring rule. Required.
	Source string `json:"source"`
	// Notice states licensing or use conditions (optional).
	Notice string `json:"notice,omitempty"`
	// Items in order. At least one; ids unique.
	Items []Item `json:"items"`
	// Responses allowed for every item, with their scores. At least two; codes unique; scores
	// non-negative.
	Responses []Response `json:"responses"`
	// Bands optionally classify the total. Each band covers Min..Max inclusive; bands are in
	// increasing order, do not overlap and lie within the instrument's range. A band with High
	// set marks high strain as defined by the instrument's source. Leave Bands empty when the
	// source gives no cut-off: never invent one.
	Bands []Band `json:"bands,omitempty"`
}

// Item is one question of an instrument.
type Item struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Response is one allowed answer to an item.
type Response struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Score int    `json:"score"`
}

// Band classifies totals Min..Max inclusive.
type Band struct {
	Label string `json:"label"`
	Min   int    `json:"min"`
	Max   int    `json:"max"`
	High  bool   `json:"high,omitempty"`
}

const maxItemScore = 1000

// MinTotal is the lowest possible total: items × the lowest response score.
func (in *Instrument) MinTotal() int { return len(in.Items) * in.scoreRange(false) }

// MaxTotal is the highest possible total: items × the highest response score.
func (in *Instrument) MaxTotal() int { return len(in.Items) * in.scoreRange(true) }

func (in *Instrument) scoreRange(max bool) int {
	if len(in.Responses) == 0 {
		return 0
	}
	v := in.Responses[0].Score
	for _, r := range in.Responses[1:] {
		if (max && r.Score > v) || (!max && r.Score < v) {
			v = r.Score
		}
	}
	return v
}

// HighThreshold returns the lowest total in a band marked High, and false if the instrument
// defines no high-strain band.
func (in *Instrument) HighThreshold() (int, bool) {
	for _, b := range in.Bands {
		if b.High {
			return b.Min, true
		}
	}
	return 0, false
}

// Validate checks the instrument and returns a *ConfigError whose Path locates the problem,
// e.g. "items[3].id" or "bands[1].min".
func (in *Instrument) Validate() error {
	name := fmt.Sprintf("instrument %q", in.ID)
	fail := func(p string, format string, args ...any) error {
		return &ConfigError{Config: name, Path: p, Err: detail(ErrInvalidConfig, format, args...)}
	}
	if in.ID == "" {
		return fail("id", "empty")
	}
	if !isIdent(in.ID) {
		return fail("id", "must be lower-case letters, digits, '_' or '-'")
	}
	if strings.TrimSpace(in.Name) == "" {
		return fail("name", "empty")
	}
	if strings.TrimSpace(in.Source) == "" {
		return fail("source", "empty: every instrument must cite its source")
	}
	if len(in.Items) == 0 {
		return fail("items", "no items")
	}
	if len(in.Items) > 1000 {
		return fail("items", "more than 1000 items")
	}
	ids := make(map[string]int, len(in.Items))
	for i, it := range in.Items {
		p := fmt.Sprintf("items[%d]", i)
		if it.ID == "" {
			return fail(p+".id", "empty")
		}
		if err := field.ID(it.ID); err != nil {
			return fail(p+".id", "%v", err)
		}
		if j, ok := ids[it.ID]; ok {
			return fail(p+".id", "duplicate of items[%d]", j)
		}
		ids[it.ID] = i
		if strings.TrimSpace(it.Label) == "" {
			return fail(p+".label", "empty")
		}
	}
	if len(in.Responses) < 2 {
		return fail("responses", "need at least two responses")
	}
	codes := make(map[string]int, len(in.Responses))
	for i, r := range in.Responses {
		p := fmt.Sprintf("responses[%d]", i)
		if r.Code == "" {
			return fail(p+".code", "empty")
		}
		if err := field.ID(r.Code); err != nil {
			return fail(p+".code", "%v", err)
		}
		if j, ok := codes[r.Code]; ok {
			return fail(p+".code", "duplicate of responses[%d]", j)
		}
		codes[r.Code] = i
		if r.Score < 0 || r.Score > maxItemScore {
			return fail(p+".score", "must be between 0 and %d", maxItemScore)
		}
	}
	lo, hi := in.MinTotal(), in.MaxTotal()
	for i, b := range in.Bands {
		p := fmt.Sprintf("bands[%d]", i)
		if strings.TrimSpace(b.Label) == "" {
			return fail(p+".label", "empty")
		}
		if b.Min < lo || b.Min > hi {
			return fail(p+".min", "%d outside the possible totals %d..%d", b.Min, lo, hi)
		}
		if b.Max < b.Min || b.Max > hi {
			return fail(p+".max", "%d outside %d..%d", b.Max, b.Min, hi)
		}
		if i > 0 && b.Min <= in.Bands[i-1].Max {
			return fail(p+".min", "overlaps or precedes bands[%d]", i-1)
		}
	}
	return nil
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ReadInstrument decodes one instrument from JSON, rejecting unknown fields, and validates it.
func ReadInstrument(r io.Reader) (*Instrument, error) {
	var in Instrument
	if err := decodeStrict(r, "instrument", &in); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return &in, nil
}

// Score is a scored questionnaire.
type Score struct {
	Total int
	// Band is the label of the band containing Total, "" if the instrument has no bands or
	// none contains it.
	Band string
	// High reports a total in a band marked High. HasCutoff is false when the instrument defines
	// no high band, in which case High is always false and means nothing.
	High      bool
	HasCutoff bool
}

// Score totals responses given as response codes, one per item in order. An empty code is
// an error (the CSI and mCSI have no rule for missing items): ErrMissingField; an unknown
// code: ErrScoreRange. Errors are *RecordError with Index -1 and Field "items[i]" (the
// item's id in the message).
func (in *Instrument) Score(codes []string) (Score, error) {
	if len(codes) != len(in.Items) {
		return Score{}, &RecordError{Index: -1, Field: "items", Err: detail(ErrMismatch, "%d responses for %d items", len(codes), len(in.Items))}
	}
	total := 0
	for i, c := range codes {
		s, ok := -1, false
		for _, r := range in.Responses {
			if r.Code == c {
				s, ok = r.Score, true
				break
			}
		}
		if !ok {
			err := detail(ErrScoreRange, "item %s: response not allowed", in.Items[i].ID)
			if c == "" {
				err = detail(ErrMissingField, "item %s: no response", in.Items[i].ID)
			}
			return Score{}, &RecordError{Index: -1, Field: fmt.Sprintf("items[%d]", i), Err: err}
		}
		total += s
	}
	return in.Classify(total)
}

// Classify classifies a total already computed elsewhere. A total outside MinTotal..MaxTotal
// gives ErrScoreRange.
func (in *Instrument) Classify(total int) (Score, error) {
	if err := in.CheckTotal(total); err != nil {
		return Score{}, err
	}
	s := Score{Total: total}
	for _, b := range in.Bands {
		if b.High {
			s.HasCutoff = true
		}
		if total >= b.Min && total <= b.Max {
			s.Band, s.High = b.Label, b.High
		}
	}
	return s, nil
}

// CheckTotal returns ErrScoreRange (wrapped with the range) when total is outside the
// instrument's possible totals.
func (in *Instrument) CheckTotal(total int) error {
	if lo, hi := in.MinTotal(), in.MaxTotal(); total < lo || total > hi {
		return detail(ErrScoreRange, "%s total must be between %d and %d", in.ID, lo, hi)
	}
	return nil
}

//go:embed instruments/*.json
var builtinFS embed.FS

// BuiltinInstruments returns fresh copies of the instruments shipped with the package, keyed by
// id: "csi" (Caregiver Strain Index, Robinson 1983; high strain at 7 or more of 13) and "mcsi"
// (Modified CSI, Thornton & Travis 2003; 0–26, no cut-off).
func BuiltinInstruments() map[string]*Instrument {
	ents, err := builtinFS.ReadDir("instruments")
	if err != nil {
		panic("carers: embedded instruments missing: " + err.Error()) // impossible: embedded at build
	}
	out := make(map[string]*Instrument, len(ents))
	for _, e := range ents {
		b, err := builtinFS.ReadFile(path.Join("instruments", e.Name()))
		if err != nil {
			panic("carers: embedded instrument unreadable: " + err.Error())
		}
		in, err := ReadInstrument(bytes.NewReader(b))
		if err != nil {
			panic("carers: embedded instrument invalid: " + err.Error()) // caught by tests
		}
		out[in.ID] = in
	}
	return out
}

// instrumentIDs returns the sorted ids of a registry, for messages.
func instrumentIDs(m map[string]*Instrument) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
