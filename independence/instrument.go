package independence

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/internal/strictjson"
)

// Level is one ordinal level of independence in an activity, such as
// "needs some help", with the score the instrument gives it.
type Level struct {
	Code  string  `json:"code"`  // machine code, e.g. "some_help"; must not parse as a number
	Label string  `json:"label"` // human description
	Score float64 `json:"score"` // points; scores rise strictly with independence
}

// Item is one activity an instrument rates, such as feeding or dressing.
type Item struct {
	Code   string  `json:"code"`             // [a-z0-9_]+, used as CSV column name
	Label  string  `json:"label"`            // neutral activity name
	Domain string  `json:"domain,omitempty"` // optional sub-scale, e.g. "motor"
	Levels []Level `json:"levels,omitempty"` // nil: the instrument's default Levels
}

// Band is a named range of total scores, Min and Max inclusive.
type Band struct {
	Label string  `json:"label"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
}

// Instrument is a rating instrument described as data: activities, each
// with ordinal levels listed from the least to the most independent, and
// optional bands of the total score. Higher totals always mean more
// independence.
//
// Build one with LoadInstrument, NewInstrument or Builtin; those validate
// it and build the look-up index that Score needs. An *Instrument is
// read-only afterwards and safe for concurrent use.
type Instrument struct {
	ID      string  `json:"id"`                // [a-z0-9_-]+
	Name    string  `json:"name"`              // display name
	Version string  `json:"version,omitempty"` // version of this definition
	Source  string  `json:"source,omitempty"`  // where the scoring rules come from
	Notes   string  `json:"notes,omitempty"`   // licensing, derivations
	Levels  []Level `json:"levels,omitempty"`  // default levels for items without their own
	Items   []Item  `json:"items"`
	Bands   []Band  `json:"bands,omitempty"` // sorted, non-overlapping, within [MinTotal, MaxTotal]

	idx *instrumentIndex
}

type instrumentIndex struct {
	items     map[string]int    // item code → position
	levels    [][]Level         // effective levels per item
	codes     []map[string]int  // per item: level code → index
	scores    []map[float64]int // per item: score → index
	minTotal  float64
	maxTotal  float64
	domains   []string // distinct domains in first-seen order
	itemRange [][2]float64
}

// DefaultLevels are the four ordinal levels used when an instrument defines
// none of its own, from the least to the most independent, scored 0–3.
func DefaultLevels() []Level {
	return []Level{
		{Code: "full_help", Label: "needs full help", Score: 0},
		{Code: "some_help", Label: "needs some help", Score: 1},
		{Code: "prompting", Label: "needs prompting", Score: 2},
		{Code: "independent", Label: "independent", Score: 3},
	}
}

func validCode(s string, allowDash bool) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
		case r == '-' && allowDash:
		default:
			return false
		}
	}
	return true
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Validate checks the definition and returns every problem found, each a
// *FieldError naming its path (for example "items[2].levels[1].score"),
// joined with errors.Join. All unwrap to ErrInvalidInstrument.
func (in *Instrument) Validate() error {
	var errs []error
	bad := func(path, format string, args ...any) {
		errs = append(errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidInstrument})
	}
	if !validCode(in.ID, true) {
		bad("id", "must be non-empty and use only a-z, 0-9, _ and -, got %q", in.ID)
	}
	if strings.TrimSpace(in.Name) == "" {
		bad("name", "must not be empty")
	}
	if err := field.ID(in.Version); err != nil {
		bad("version", "%s", strings.TrimSuffix(err.Error(), ": "+field.ErrText.Error()))
	}
	if in.Levels != nil {
		validateLevels(in.Levels, "levels", bad)
	}
	if len(in.Items) == 0 {
		bad("items", "an instrument needs at least one item")
	}
	seen := map[string]int{}
	minT, maxT := 0.0, 0.0
	rangeOK := true
	for i, it := range in.Items {
		p := fmt.Sprintf("items[%d]", i)
		if !validCode(it.Code, false) {
			bad(p+".code", "must be non-empty and use only a-z, 0-9 and _, got %q", it.Code)
		} else if j, dup := seen[it.Code]; dup {
			bad(p+".code", "duplicate item code %q (also items[%d])", it.Code, j)
		} else {
			seen[it.Code] = i
		}
		if strings.TrimSpace(it.Label) == "" {
			bad(p+".label", "must not be empty")
		}
		lv := it.Levels
		if lv == nil {
			if in.Levels == nil {
				bad(p+".levels", "item has no levels and the instrument has no default levels")
				rangeOK = false
				continue
			}
			lv = in.Levels
		} else if !validateLevels(lv, p+".levels", bad) {
			rangeOK = false
			continue
		}
		if len(lv) > 0 {
			minT += lv[0].Score
			maxT += lv[len(lv)-1].Score
		}
	}
	if in.Levels != nil && !levelsOK(in.Levels) {
		rangeOK = false
	}
	if rangeOK && len(in.Items) > 0 && (!finite(minT) || !finite(maxT)) {
		bad("items", "the total score range [%v, %v] overflows", minT, maxT)
		rangeOK = false
	}
	for i, b := range in.Bands {
		p := fmt.Sprintf("bands[%d]", i)
		if strings.TrimSpace(b.Label) == "" {
			bad(p+".label", "must not be empty")
		}
		if !finite(b.Min) || !finite(b.Max) || b.Min > b.Max {
			bad(p, "min %v and max %v must be finite with min <= max", b.Min, b.Max)
			continue
		}
		if rangeOK && (b.Min < minT || b.Max > maxT) {
			bad(p, "range [%v, %v] outside the instrument's total range [%v, %v]", b.Min, b.Max, minT, maxT)
		}
		if i > 0 && b.Min <= in.Bands[i-1].Max {
			bad(p+".min", "bands must be sorted and must not overlap: min %v <= previous max %v", b.Min, in.Bands[i-1].Max)
		}
	}
	return errors.Join(errs...)
}

func levelsOK(lv []Level) bool {
	ok := true
	validateLevels(lv, "", func(string, string, ...any) { ok = false })
	return ok
}

// validateLevels reports problems through bad and says whether lv is usable.
func validateLevels(lv []Level, path string, bad func(path, format string, args ...any)) bool {
	ok := true
	if len(lv) < 2 {
		bad(path, "need at least 2 levels, got %d", len(lv))
		ok = false
	}
	codes := map[string]int{}
	for j, l := range lv {
		p := fmt.Sprintf("%s[%d]", path, j)
		switch {
		case strings.TrimSpace(l.Code) == "" || l.Code != strings.TrimSpace(l.Code):
			bad(p+".code", "must be non-empty without surrounding spaces, got %q", l.Code)
			ok = false
		case isNumber(l.Code):
			bad(p+".code", "must not be a number (numbers are read as scores), got %q", l.Code)
			ok = false
		case field.ID(l.Code) != nil:
			bad(p+".code", "%s", strings.TrimSuffix(field.ID(l.Code).Error(), ": "+field.ErrText.Error()))
			ok = false
		default:
			if k, dup := codes[l.Code]; dup {
				bad(p+".code", "duplicate level code %q (also %s[%d])", l.Code, path, k)
				ok = false
			}
			codes[l.Code] = j
		}
		if !finite(l.Score) {
			bad(p+".score", "must be finite, got %v", l.Score)
			ok = false
		} else if j > 0 && finite(lv[j-1].Score) && l.Score <= lv[j-1].Score {
			bad(p+".score", "scores must rise strictly from the least to the most independent level: %v <= %v", l.Score, lv[j-1].Score)
			ok = false
		}
	}
	return ok
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

// NewInstrument validates def and returns an indexed copy ready for scoring.
func NewInstrument(def Instrument) (*Instrument, error) {
	if err := def.Validate(); err != nil {
		return nil, err
	}
	in := def.clone()
	in.buildIndex()
	return in, nil
}

func (in *Instrument) clone() *Instrument {
	out := *in
	out.idx = nil
	out.Levels = slices.Clone(in.Levels)
	out.Bands = slices.Clone(in.Bands)
	out.Items = make([]Item, len(in.Items))
	for i, it := range in.Items {
		it.Levels = slices.Clone(it.Levels)
		out.Items[i] = it
	}
	return &out
}

func (in *Instrument) buildIndex() {
	ix := &instrumentIndex{items: make(map[string]int, len(in.Items))}
	seenDomain := map[string]bool{}
	for i, it := range in.Items {
		ix.items[it.Code] = i
		lv := it.Levels
		if lv == nil {
			lv = in.Levels
		}
		ix.levels = append(ix.levels, lv)
		c := make(map[string]int, len(lv))
		s := make(map[float64]int, len(lv))
		for j, l := range lv {
			c[l.Code] = j
			s[l.Score] = j
		}
		ix.codes = append(ix.codes, c)
		ix.scores = append(ix.scores, s)
		ix.minTotal += lv[0].Score
		ix.maxTotal += lv[len(lv)-1].Score
		ix.itemRange = append(ix.itemRange, [2]float64{lv[0].Score, lv[len(lv)-1].Score})
		if it.Domain != "" && !seenDomain[it.Domain] {
			seenDomain[it.Domain] = true
			ix.domains = append(ix.domains, it.Domain)
		}
	}
	in.idx = ix
}

// LoadInstrument reads an instrument definition in JSON from r, validates
// it and returns it ready for scoring. As ras reads a model, input that is
// not valid UTF-8, a key given twice or matching a field only in another
// case, an unknown key, null for any value and anything after the object
// are errors naming the path of the value (internal/strictjson).
func LoadInstrument(r io.Reader) (*Instrument, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("independence: reading instrument: %w", err)
	}
	var def Instrument
	if err := strictjson.Decode(data, &def); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidInstrument, err)
	}
	return NewInstrument(def)
}

// MinTotal is the lowest possible total score (every item at its least
// independent level). MinTotal and MaxTotal are 0 for an invalid instrument.
func (in *Instrument) MinTotal() float64 { return in.mustIdx().minTotal }

// MaxTotal is the highest possible total score.
func (in *Instrument) MaxTotal() float64 { return in.mustIdx().maxTotal }

// ItemLevels returns the effective levels of the item with the given code
// (its own, or the instrument's defaults), or nil if there is no such item.
// The returned slice must not be modified.
func (in *Instrument) ItemLevels(code string) []Level {
	ix := in.mustIdx()
	i, ok := ix.items[code]
	if !ok {
		return nil
	}
	return ix.levels[i]
}

// Domains lists the distinct item domains in order of first appearance.
func (in *Instrument) Domains() []string { return slices.Clone(in.mustIdx().domains) }

// BandOf returns the label of the band holding total, or "" if no band does.
func (in *Instrument) BandOf(total float64) string {
	i := in.bandIndex(total)
	if i < 0 {
		return ""
	}
	return in.Bands[i].Label
}

func (in *Instrument) bandIndex(total float64) int {
	for i, b := range in.Bands {
		if total >= b.Min && total <= b.Max {
			return i
		}
	}
	return -1
}

// WithBands returns a copy of the instrument with its bands replaced, after
// validating them. Pass nil to remove the bands.
func (in *Instrument) WithBands(bands []Band) (*Instrument, error) {
	def := *in.clone()
	def.Bands = slices.Clone(bands)
	return NewInstrument(def)
}

// index returns the instrument's look-up index. Instruments built with
// NewInstrument, LoadInstrument or Builtin carry one; for a bare struct
// literal it validates and builds a temporary one (without caching it, so
// the value is never mutated).
func (in *Instrument) index() (*instrumentIndex, error) {
	if in.idx != nil {
		return in.idx, nil
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	tmp := in.clone()
	tmp.buildIndex()
	return tmp.idx, nil
}

// mustIdx is index for accessors without an error result: an invalid bare
// struct yields an empty index (totals 0, no items).
func (in *Instrument) mustIdx() *instrumentIndex {
	ix, err := in.index()
	if err != nil {
		return &instrumentIndex{items: map[string]int{}}
	}
	return ix
}

//go:embed instruments/*.json
var builtinFS embed.FS

// BuiltinIDs lists the instruments shipped with the package.
func BuiltinIDs() []string {
	return []string{"barthel-100", "barthel-20", "seven-level-18", "personal-care-4"}
}

// Builtin returns a fresh copy of a shipped instrument:
//
//   - "barthel-100": Barthel Index, 10 items, 0–100 (Mahoney & Barthel 1965
//     item weights), with the common bands 0–20, 21–60, 61–90, 91–99, 100.
//   - "barthel-20": the Collin/Wade 0–20 form (each 5 points counted as 1), no
//     bands (set your own with WithBands).
//   - "seven-level-18": a FIM-style scale, 18 activities (13 motor, 5
//     cognitive) each rated 1–7, total 18–126.
//   - "personal-care-4": the Care Act personal-care activities rated on
//     DefaultLevels (0–3 each).
//
// No licensed item text is shipped: activity names and level descriptions
// are neutral wording written for this package.
func Builtin(id string) (*Instrument, error) {
	if !slices.Contains(BuiltinIDs(), id) {
		return nil, fmt.Errorf("independence: no built-in instrument %q: %w", id, ErrInvalidInstrument)
	}
	b, err := builtinFS.ReadFile("instruments/" + id + ".json")
	if err != nil {
		return nil, fmt.Errorf("independence: built-in instrument %q: %w", id, err)
	}
	return LoadInstrument(bytes.NewReader(b))
}
