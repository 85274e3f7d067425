package calibrate

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// FormulaOptions controls NewModelMatrix. The zero value builds R's
// model.matrix with treatment contrasts, the first level of each factor as
// its reference, no weights, and an error for any missing value.
type FormulaOptions struct {
	// Reference sets the reference (first) level of factors, as R's
	// relevel: the key is a variable's label ("factor(cyl)", "setting") or
	// its column name, the value a level as labelled ("6", "home_alone").
	// The other levels keep their order.
	Reference map[string]string
	// Levels sets the order of a factor's levels, as R's factor(x, levels
	// = ...): keyed as Reference, the levels as labelled, first the
	// reference (unless Reference names another). Every value of the data
	// must be listed; listed levels the data does not have are left out,
	// as lm does. Without it, levels are sorted (see the package
	// documentation: byte order for text, as R in the C locale).
	Levels map[string][]string
	// Weights is an expression for prior weights evaluated on the frame's
	// rows: a numeric column name, "1/col", "sqrt(col)", "I(col/7)" (the
	// arithmetic and functions of formula variables). Empty means none.
	// Weights must be finite and ≥ 0. ModelMatrix.Weights then goes to
	// WLS, GLMOptions.Weights, RLMOptions.Weights or
	// QuantRegOptions.Weights.
	Weights string
	// DropMissing drops every row with a missing value in a variable of the
	// formula (or in the weights), as R's na.omit does, and lists each in
	// ModelMatrix.Dropped. The default (false) is an error naming the
	// term, the column and the rows: rows are never dropped silently.
	DropMissing bool
}

// DroppedRow is a frame row left out of a model matrix under DropMissing.
type DroppedRow struct {
	Row    int    // 0-based frame row
	Line   int    // its CSV line, 0 if unknown
	Term   string // the first variable with a missing value (or "weights")
	Column string // its column
}

// ModelMatrix is the design of a formula on a frame: R's
// model.matrix(formula, data), with the response, the prior weights and
// everything needed to build the same columns for new data.
type ModelMatrix struct {
	Formula *Formula
	// Names are the column names, exactly R's colnames(model.matrix):
	// "(Intercept)", "factor(cyl)6", "wt:hp", "settingresidential:age".
	Names []string
	// Assign gives for each column 0 (the intercept) or the 1-based index
	// of its term in Formula.TermLabels (R's attr(, "assign")).
	Assign []int
	// X is the matrix (rows × columns), row i being frame row Rows[i].
	X *mat.Dense
	// Design is X with the response, for the estimators; it shares X. It
	// is nil for a one-sided formula ("~ x").
	Design *Design
	// Y is the response (nil for a one-sided formula) and Weights the prior
	// weights (nil without FormulaOptions.Weights), one per row of X.
	Y, Weights []float64
	// Rows are the frame rows used, in order (all rows unless DropMissing
	// dropped some); Dropped lists the rows left out.
	Rows    []int
	Dropped []DroppedRow
	// Levels holds the levels of every factor variable by label, the
	// reference first.
	Levels map[string][]string
	// Coding says how each factor is coded within each term that contains
	// it: Coding[term label][variable label] is "contrasts" (treatment
	// contrasts: one column per level but the first) or "indicators" (one
	// column per level).
	Coding map[string]map[string]string

	vars    []*mmVar // right-hand side variables, by variable index (response slot nil)
	columns [][]piece
	opt     FormulaOptions
}

// piece is one factor of a column: variable v, level index lev (−1 for a
// numeric variable).
type piece struct {
	v, lev int
}

// mmVar is an evaluated variable.
type mmVar struct {
	label   string
	node    *fnode
	factor  bool
	column  string    // the column of a factor, or the first column of a numeric expression
	columns []string  // every column the variable reads
	vals    []float64 // numeric: value per used row
	codes   []int     // factor: level index per used row
	levels  []string  // factor: labels, reference first
	levVals []float64 // factor of a numeric column: the value of each level
	numCol  bool      // factor of a numeric column
	used    bool      // appears in some term
}

func (m *ModelMatrix) ferr(term, column string, rows []int, fr *Frame, err error) error {
	fe := &FormulaError{Formula: m.Formula.Text, Term: term, Column: column, Offset: -1, Rows: rows, Err: err}
	if len(rows) > 0 && fr != nil {
		fe.Line = fr.Line(rows[0])
	}
	return fe
}

// NewModelMatrix parses formula and builds its design on the frame, as R's
// model.matrix(formula, data) (see the package documentation, "Formulas",
// for the grammar, the factor coding and the names). For a two-sided
// formula the response is evaluated too and Design is ready for OLS, WLS
// (with Weights), GLM, RLM and QuantReg (with Weights in their options).
//
// Errors are *FormulaError values naming the term and the column: a
// syntax error or unknown column or function (ErrFormula), a missing value
// (ErrMissing, unless DropMissing), a value a function cannot take such as
// log of 0 or a negative number, or a division by zero (ErrDomain, listing
// every row), a factor with a single level or an unknown reference level
// (ErrInvalidInput), a text column used as a number (ErrInvalidInput), no
// rows left (ErrEmpty).
func NewModelMatrix(formula string, fr *Frame, opt FormulaOptions) (*ModelMatrix, error) {
	f, err := ParseFormula(formula)
	if err != nil {
		return nil, err
	}
	return f.ModelMatrix(fr, opt)
}

// ModelMatrix builds the formula's design on the frame; see NewModelMatrix.
func (f *Formula) ModelMatrix(fr *Frame, opt FormulaOptions) (*ModelMatrix, error) {
	if fr == nil {
		return nil, invalidf("model matrix: nil frame")
	}
	m := &ModelMatrix{Formula: f, opt: opt}
	// Every variable and the weights; which rows have a missing value.
	n := fr.Len()
	missing := make([]int, n) // 1 + index of the first variable missing, 0 if none
	var missTerm, missCol []string
	note := func(label, col string, miss []bool) {
		for i, b := range miss {
			if b && missing[i] == 0 {
				missTerm = append(missTerm, label)
				missCol = append(missCol, col)
				missing[i] = len(missTerm)
			}
		}
	}
	m.vars = make([]*mmVar, len(f.vars))
	used := make([]bool, len(f.vars))
	for _, t := range f.terms {
		for _, v := range t {
			used[v] = true
		}
	}
	for k, node := range f.vars {
		label := deparse(node)
		v, miss, err := m.inspect(node, label, fr)
		if err != nil {
			return nil, err
		}
		v.used = used[k]
		if k < f.off {
			if v.factor {
				return nil, m.ferr(label, v.column, nil, nil, fmt.Errorf("%w: the response must be numeric, not a factor", ErrInvalidInput))
			}
		}
		m.vars[k] = v
		note(label, v.column, miss)
	}
	var wnode *fnode
	var wvar *mmVar
	if opt.Weights != "" {
		var err error
		wnode, err = parseExpression(opt.Weights, f.Text)
		if err != nil {
			return nil, err
		}
		var miss []bool
		wvar, miss, err = m.inspect(wnode, "weights", fr)
		if err != nil {
			return nil, err
		}
		if wvar.factor {
			return nil, m.ferr("weights", wvar.column, nil, nil, fmt.Errorf("%w: weights must be numeric", ErrInvalidInput))
		}
		note("weights", wvar.column, miss)
	}
	rows := make([]int, 0, n)
	var bad []int
	for i := 0; i < n; i++ {
		if missing[i] == 0 {
			rows = append(rows, i)
			continue
		}
		bad = append(bad, i)
	}
	if len(bad) > 0 {
		if !opt.DropMissing {
			k := missing[bad[0]] - 1
			return nil, m.ferr(missTerm[k], missCol[k], bad, fr,
				fmt.Errorf("%w (set FormulaOptions.DropMissing to drop and list such rows, as R's na.omit)", ErrMissing))
		}
		for _, i := range bad {
			k := missing[i] - 1
			m.Dropped = append(m.Dropped, DroppedRow{Row: i, Line: fr.Line(i), Term: missTerm[k], Column: missCol[k]})
		}
	}
	if len(rows) == 0 {
		return nil, m.ferr("", "", nil, nil, fmt.Errorf("%w: no rows (%d dropped for missing values)", ErrEmpty, len(bad)))
	}
	m.Rows = rows
	for k, v := range m.vars {
		if err := m.evaluate(v, f.vars[k], fr, rows); err != nil {
			return nil, err
		}
	}
	if wvar != nil {
		if err := m.evaluate(wvar, wnode, fr, rows); err != nil {
			return nil, err
		}
		var neg []int
		for i, w := range wvar.vals {
			if w < 0 {
				neg = append(neg, rows[i])
			}
		}
		if neg != nil {
			return nil, m.ferr("weights", wvar.column, neg, fr, fmt.Errorf("%w: negative weight", ErrInvalidInput))
		}
		m.Weights = wvar.vals
	}
	if err := m.levelsAndCoding(fr); err != nil {
		return nil, err
	}
	if err := m.layout(); err != nil {
		return nil, err
	}
	vals := make([][]float64, len(m.vars))
	codes := make([][]int, len(m.vars))
	for k, v := range m.vars {
		vals[k], codes[k] = v.vals, v.codes
	}
	m.X = m.fill(len(rows), vals, codes)
	if f.off == 1 {
		m.Y = m.vars[0].vals
		m.Design = &Design{Names: m.Names, X: m.X, Y: m.Y, Response: f.Response}
	}
	return m, nil
}

// parseExpression parses an arithmetic expression (weights).
func parseExpression(text, formula string) (*fnode, error) {
	p := &fparser{src: text}
	if err := p.lex(); err != nil {
		return nil, err
	}
	n, err := p.parseTop()
	if err != nil {
		return nil, err
	}
	e := &encoder{f: &Formula{Text: text}}
	if err := e.checkExpr(n); err != nil {
		return nil, err
	}
	return n, nil
}

// inspect classifies a variable and finds the rows where it is missing.
func (m *ModelMatrix) inspect(node *fnode, label string, fr *Frame) (*mmVar, []bool, error) {
	v := &mmVar{label: label, node: node}
	n := fr.Len()
	miss := make([]bool, n)
	colOf := func(name string) (*frameColumn, error) {
		j, ok := fr.index[name]
		if !ok {
			return nil, m.ferr(label, name, nil, nil, fmt.Errorf("%w: no column %q in the frame (columns: %s)", ErrFormula, name, quoteList(fr.Names())))
		}
		return &fr.cols[j], nil
	}
	switch {
	case node.kind == nName || node.kind == nCall && node.op == "factor":
		name := node.name
		if node.kind == nCall {
			name = node.args[0].name
		}
		c, err := colOf(name)
		if err != nil {
			return nil, nil, err
		}
		v.column, v.columns = name, []string{name}
		if c.kind == Text || node.kind == nCall {
			v.factor = true
			v.numCol = c.kind == Numeric
		}
		markMissing(c, miss)
		return v, miss, nil
	}
	// A numeric expression: every column it reads must be numeric.
	var walk func(n *fnode) error
	walk = func(n *fnode) error {
		if n.kind == nName {
			c, err := colOf(n.name)
			if err != nil {
				return err
			}
			if c.kind != Numeric {
				err := fr.notNumericError(c)
				return m.ferr(label, n.name, nil, nil, err)
			}
			if !slices.Contains(v.columns, n.name) {
				v.columns = append(v.columns, n.name)
			}
			markMissing(c, miss)
			return nil
		}
		for _, a := range n.args {
			if err := walk(a); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(node); err != nil {
		return nil, nil, err
	}
	if len(v.columns) > 0 {
		v.column = v.columns[0]
	}
	return v, miss, nil
}

func markMissing(c *frameColumn, miss []bool) {
	switch c.kind {
	case Numeric:
		for i, x := range c.num {
			if math.IsNaN(x) {
				miss[i] = true
			}
		}
	case Text:
		for i, b := range c.missing {
			if b {
				miss[i] = true
			}
		}
	}
}

// evaluate computes a variable on the given rows: a factor's codes (its
// levels are set by levelsAndCoding) or a numeric expression's values,
// every one finite.
func (m *ModelMatrix) evaluate(v *mmVar, node *fnode, fr *Frame, rows []int) error {
	if v.factor {
		return nil
	}
	vals, err := evalNumeric(node, fr, rows)
	if err != nil {
		return m.ferr(v.label, v.column, nil, nil, err)
	}
	var bad []int
	for i, x := range vals {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			bad = append(bad, i)
		}
	}
	if bad != nil {
		i := bad[0]
		var at []string
		for _, c := range v.columns {
			cc := &fr.cols[fr.index[c]]
			at = append(at, fmt.Sprintf("%s = %s", c, rDouble(cc.num[rows[i]])))
		}
		why := "(not finite)"
		if len(v.columns) > 0 {
			why = "where " + strings.Join(at, ", ")
		}
		frows := make([]int, len(bad))
		for k, b := range bad {
			frows[k] = rows[b]
		}
		return m.ferr(v.label, v.column, frows, fr, fmt.Errorf("%w: %s is %s %s", ErrDomain, v.label, rDouble(vals[i]), why))
	}
	v.vals = vals
	return nil
}

// evalNumeric evaluates an arithmetic expression on the rows (frame row
// indices) of fr. Columns must be numeric (checked by inspect).
func evalNumeric(n *fnode, fr *Frame, rows []int) ([]float64, error) {
	out := make([]float64, len(rows))
	switch n.kind {
	case nNum:
		for i := range out {
			out[i] = n.num
		}
		return out, nil
	case nName:
		c := &fr.cols[fr.index[n.name]]
		for i, r := range rows {
			out[i] = c.num[r]
		}
		return out, nil
	case nParen:
		return evalNumeric(n.args[0], fr, rows)
	case nUnary:
		x, err := evalNumeric(n.args[0], fr, rows)
		if err != nil {
			return nil, err
		}
		if n.op == "-" {
			for i := range x {
				x[i] = -x[i]
			}
		}
		return x, nil
	case nBinary:
		a, err := evalNumeric(n.args[0], fr, rows)
		if err != nil {
			return nil, err
		}
		b, err := evalNumeric(n.args[1], fr, rows)
		if err != nil {
			return nil, err
		}
		for i := range a {
			switch n.op {
			case "+":
				a[i] += b[i]
			case "-":
				a[i] -= b[i]
			case "*":
				a[i] *= b[i]
			case "/":
				a[i] /= b[i]
			case "^":
				a[i] = rPow(a[i], b[i])
			}
		}
		return a, nil
	case nCall:
		if n.op == "I" {
			return evalNumeric(n.args[0], fr, rows)
		}
		x, err := evalNumeric(n.args[0], fr, rows)
		if err != nil {
			return nil, err
		}
		fn := numericFuncs[n.op]
		if n.op == "log" && len(n.args) == 2 {
			base, err := evalNumeric(n.args[1], fr, rows)
			if err != nil {
				return nil, err
			}
			for i := range x {
				x[i] = math.Log(x[i]) / math.Log(base[i])
			}
			return x, nil
		}
		for i := range x {
			x[i] = fn(x[i])
		}
		return x, nil
	}
	return nil, fmt.Errorf("%w: cannot evaluate %s", ErrFormula, deparse(n))
}

// rPow is R's x^y: 1 when y is 0 or x is 1 (even for NaN), as R_pow.
func rPow(x, y float64) float64 {
	if x == 1 || y == 0 {
		return 1
	}
	if y == 2 {
		return x * x
	}
	return math.Pow(x, y)
}

// levelsAndCoding sets the levels and codes of every factor variable (from
// the used rows) and the coding of each factor in each term.
func (m *ModelMatrix) levelsAndCoding(fr *Frame) error {
	f := m.Formula
	m.Levels = map[string][]string{}
	for k, v := range m.vars {
		if k < f.off || !v.factor {
			continue
		}
		c := &fr.cols[fr.index[v.column]]
		if err := v.setLevels(c, m.Rows); err != nil {
			return m.ferr(v.label, v.column, nil, nil, err)
		}
		if order, key, ok := m.levelOrder(v); ok {
			if err := v.reorder(order); err != nil {
				return m.ferr(v.label, v.column, nil, nil, fmt.Errorf("%w: FormulaOptions.Levels[%q]: %w", ErrInvalidInput, key, err))
			}
		}
		if ref, key, ok := m.reference(v); ok {
			at := slices.Index(v.levels, ref)
			if at < 0 {
				return m.ferr(v.label, v.column, nil, nil, fmt.Errorf("%w: reference level %q (FormulaOptions.Reference[%q]) is not a level; the levels are %s",
					ErrInvalidInput, ref, key, quoteList(v.levels)))
			}
			v.relevel(at)
		}
		if v.used && len(v.levels) < 2 {
			return m.ferr(v.label, v.column, nil, nil, fmt.Errorf("%w: a factor needs 2 or more levels; %s has only %s", ErrInvalidInput, v.label, quoteList(v.levels)))
		}
		m.Levels[v.label] = slices.Clone(v.levels)
	}
	keys := slices.Collect(maps.Keys(m.opt.Reference))
	for k := range m.opt.Levels {
		keys = append(keys, k)
	}
	for _, key := range keys {
		found := false
		for k, v := range m.vars {
			if k >= f.off && v.factor && (v.label == key || v.column == key) {
				found = true
			}
		}
		if !found {
			return m.ferr(key, "", nil, nil, fmt.Errorf("%w: FormulaOptions names %q, which is not a factor of the formula", ErrInvalidInput, key))
		}
	}
	return nil
}

func (m *ModelMatrix) reference(v *mmVar) (level, key string, ok bool) {
	if s, ok := m.opt.Reference[v.label]; ok {
		return s, v.label, true
	}
	if s, ok := m.opt.Reference[v.column]; ok {
		return s, v.column, true
	}
	return "", "", false
}

func (m *ModelMatrix) levelOrder(v *mmVar) (order []string, key string, ok bool) {
	if s, ok := m.opt.Levels[v.label]; ok {
		return s, v.label, true
	}
	if s, ok := m.opt.Levels[v.column]; ok {
		return s, v.column, true
	}
	return nil, "", false
}

// reorder puts the levels in the given order, leaving out those the data
// does not have.
func (v *mmVar) reorder(order []string) error {
	pos := map[string]int{}
	for _, l := range order {
		if _, dup := pos[l]; dup {
			return fmt.Errorf("level %q is listed twice", l)
		}
		pos[l] = len(pos)
	}
	type lv struct {
		label string
		x     float64
		old   int
	}
	ls := make([]lv, len(v.levels))
	for k, l := range v.levels {
		if _, ok := pos[l]; !ok {
			return fmt.Errorf("the data has the level %q, which is not listed", l)
		}
		ls[k] = lv{label: l, old: k}
		if v.levVals != nil {
			ls[k].x = v.levVals[k]
		}
	}
	slices.SortFunc(ls, func(a, b lv) int { return pos[a.label] - pos[b.label] })
	perm := make([]int, len(ls))
	for k, l := range ls {
		perm[l.old] = k
		v.levels[k] = l.label
		if v.levVals != nil {
			v.levVals[k] = l.x
		}
	}
	for i, c := range v.codes {
		v.codes[i] = perm[c]
	}
	return nil
}

// setLevels sorts the distinct values of the rows: text in byte order (R
// with LC_COLLATE=C), numbers numerically and labelled as R prints them.
func (v *mmVar) setLevels(c *frameColumn, rows []int) error {
	v.codes = make([]int, len(rows))
	if c.kind == Text {
		idx := map[string]int{}
		for _, r := range rows {
			s := c.text[r]
			if _, ok := idx[s]; !ok {
				idx[s] = 0
				v.levels = append(v.levels, s)
			}
		}
		sort.Strings(v.levels)
		for k, s := range v.levels {
			idx[s] = k
		}
		for i, r := range rows {
			v.codes[i] = idx[c.text[r]]
		}
		return nil
	}
	type lv struct {
		x     float64
		label string
	}
	var ls []lv
	seen := map[float64]bool{}
	for _, r := range rows {
		x := c.num[r]
		if !seen[x] {
			seen[x] = true
			ls = append(ls, lv{x, numLabel(x, c.integer)})
		}
	}
	slices.SortFunc(ls, func(a, b lv) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	// Values with the same label (equal to 15 significant digits) are one
	// level, as in R's factor().
	idx := map[string]int{}
	for _, l := range ls {
		if _, ok := idx[l.label]; ok {
			continue
		}
		idx[l.label] = len(v.levels)
		v.levels = append(v.levels, l.label)
		v.levVals = append(v.levVals, l.x)
	}
	for i, r := range rows {
		v.codes[i] = idx[numLabel(c.num[r], c.integer)]
	}
	return nil
}

// numLabel labels a number as R's as.character: an integer column's values
// as integers, a double's with rDouble.
func numLabel(x float64, integer bool) string {
	if integer {
		return strconv.FormatInt(int64(x), 10)
	}
	return rDouble(x)
}

// relevel moves level at to the front.
func (v *mmVar) relevel(at int) {
	if at == 0 {
		return
	}
	perm := make([]int, len(v.levels)) // old index -> new index
	for k := range perm {
		switch {
		case k == at:
			perm[k] = 0
		case k < at:
			perm[k] = k + 1
		default:
			perm[k] = k
		}
	}
	lv := v.levels[at]
	copy(v.levels[1:at+1], v.levels[:at])
	v.levels[0] = lv
	if v.levVals != nil {
		x := v.levVals[at]
		copy(v.levVals[1:at+1], v.levVals[:at])
		v.levVals[0] = x
	}
	for i, c := range v.codes {
		v.codes[i] = perm[c]
	}
}

// layout computes the coding of each factor in each term (R's TermCode and
// model.matrix's rule without an intercept) and the columns.
func (m *ModelMatrix) layout() error {
	f := m.Formula
	codes := make([][]int, len(f.terms)) // per term, per position in the term: 1 contrasts, 2 indicators
	for ti, t := range f.terms {
		codes[ti] = make([]int, len(t))
		for k := range t {
			rest := slices.Delete(slices.Clone(t), k, k+1)
			c := 2
			if len(rest) == 0 {
				c = 1
			} else {
				for _, u := range f.terms[:ti] {
					if isSubset(rest, u) {
						c = 1
						break
					}
				}
			}
			codes[ti][k] = c
		}
	}
	if !f.Intercept {
	outer:
		for ti, t := range f.terms {
			for k, v := range t {
				if m.vars[v].factor {
					codes[ti][k] = 2
					break outer
				}
			}
		}
	}
	m.Coding = map[string]map[string]string{}
	if f.Intercept {
		m.Names = append(m.Names, InterceptName)
		m.Assign = append(m.Assign, 0)
		m.columns = append(m.columns, nil)
	}
	for ti, t := range f.terms {
		label := f.TermLabels[ti]
		// The pieces of each variable; the first variable varies fastest.
		opts := make([][]piece, len(t))
		names := make([][]string, len(t))
		for k, v := range t {
			mv := m.vars[v]
			if !mv.factor {
				opts[k] = []piece{{v, -1}}
				names[k] = []string{mv.label}
				continue
			}
			from := 1
			how := "contrasts"
			if codes[ti][k] == 2 {
				from, how = 0, "indicators"
			}
			if m.Coding[label] == nil {
				m.Coding[label] = map[string]string{}
			}
			m.Coding[label][mv.label] = how
			for lev := from; lev < len(mv.levels); lev++ {
				opts[k] = append(opts[k], piece{v, lev})
				names[k] = append(names[k], mv.label+mv.levels[lev])
			}
		}
		idx := make([]int, len(t))
		for {
			col := make([]piece, len(t))
			nm := make([]string, len(t))
			for k := range t {
				col[k] = opts[k][idx[k]]
				nm[k] = names[k][idx[k]]
			}
			m.columns = append(m.columns, col)
			m.Names = append(m.Names, strings.Join(nm, ":"))
			m.Assign = append(m.Assign, ti+1)
			k := 0
			for ; k < len(t); k++ {
				idx[k]++
				if idx[k] < len(opts[k]) {
					break
				}
				idx[k] = 0
			}
			if k == len(t) {
				break
			}
		}
	}
	if len(m.Names) == 0 {
		return m.ferr("", "", nil, nil, fmt.Errorf("%w: the formula has no columns (no intercept and no terms)", ErrEmpty))
	}
	seen := map[string]bool{}
	for _, nm := range m.Names {
		if seen[nm] {
			return m.ferr(nm, "", nil, nil, fmt.Errorf("%w: two columns are named %q (rename a column or a level)", ErrInvalidInput, nm))
		}
		seen[nm] = true
	}
	return nil
}

func isSubset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// fill builds the n×p matrix from each variable's values (numeric, by
// variable index) or level codes (factors), one column at a time.
func (m *ModelMatrix) fill(n int, vals [][]float64, codes [][]int) *mat.Dense {
	p := len(m.columns)
	data := make([]float64, n*p)
	col := make([]float64, n)
	for j, pieces := range m.columns {
		for i := range col {
			col[i] = 1
		}
		for _, pc := range pieces {
			if pc.lev < 0 {
				for i, x := range vals[pc.v][:n] {
					col[i] *= x
				}
				continue
			}
			for i, c := range codes[pc.v][:n] {
				if c != pc.lev {
					col[i] = 0
				}
			}
		}
		for i, x := range col {
			data[i*p+j] = x
		}
	}
	return mat.NewDense(n, p, data)
}

// Matrix builds the same columns for new data (R's model.matrix on the
// fit's terms and xlevels, as predict does): numeric variables are
// evaluated on fr, factors take the levels and coding of this matrix. The
// response and weights are not needed. Errors (*FormulaError): a column
// missing from fr, a missing value (always an error here), a value a
// function cannot take, or a factor value that is not one of the fitted
// levels (ErrInvalidInput, naming the level, the rows and the known levels).
func (m *ModelMatrix) Matrix(fr *Frame) (*mat.Dense, error) {
	if fr == nil {
		return nil, invalidf("model matrix: nil frame")
	}
	n := fr.Len()
	if n == 0 {
		return nil, fmt.Errorf("%w: model matrix: the new frame has no rows", ErrEmpty)
	}
	f := m.Formula
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	vals := make([][]float64, len(m.vars))
	codes := make([][]int, len(m.vars))
	for k, v := range m.vars {
		if k < f.off || !v.used {
			continue
		}
		nv, miss, err := m.inspect(f.vars[k], v.label, fr)
		if err != nil {
			return nil, err
		}
		var bad []int
		for i, b := range miss {
			if b {
				bad = append(bad, i)
			}
		}
		if bad != nil {
			return nil, m.ferr(v.label, nv.column, bad, fr, ErrMissing)
		}
		if nv.factor != v.factor || nv.numCol != v.numCol {
			return nil, m.ferr(v.label, nv.column, nil, nil, fmt.Errorf("%w: the column's kind differs from the data the matrix was built on", ErrInvalidInput))
		}
		if !v.factor {
			if err := m.evaluate(nv, f.vars[k], fr, rows); err != nil {
				return nil, err
			}
			vals[k] = nv.vals
			continue
		}
		c := &fr.cols[fr.index[v.column]]
		codes[k] = make([]int, n)
		unknown := map[string][]int{}
		var order []string
		for i := 0; i < n; i++ {
			at := -1
			var lab string
			if c.kind == Text {
				lab = c.text[i]
				at = slices.Index(v.levels, lab)
			} else {
				lab = numLabel(c.num[i], c.integer)
				at = slices.Index(v.levVals, c.num[i])
				if at < 0 {
					at = slices.Index(v.levels, lab)
				}
			}
			if at < 0 {
				if _, ok := unknown[lab]; !ok {
					order = append(order, lab)
				}
				unknown[lab] = append(unknown[lab], i)
			}
			codes[k][i] = at
		}
		if len(order) > 0 {
			return nil, m.ferr(v.label, v.column, unknown[order[0]], fr, fmt.Errorf("%w: new level %q (not among the fitted levels %s)",
				ErrInvalidInput, order[0], quoteList(v.levels)))
		}
	}
	return m.fill(n, vals, codes), nil
}
