package calibrate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrFormula reports a formula that cannot be read or used: a syntax
// error, an unknown column or function, an operator a formula does not
// allow. It is wrapped in a *FormulaError.
var ErrFormula = errors.New("calibrate: bad formula")

// FormulaError reports a problem with a formula or with the data of one of
// its terms. It names the formula, the term (or variable) and the frame
// column at fault where there is one, the byte offset of a syntax error in
// the formula text, and the rows at fault (0-based frame rows, with the
// CSV line of the first). It unwraps to the cause: ErrFormula for the
// formula itself, ErrMissing, ErrDomain, ErrNonFinite or ErrInvalidInput
// for the data.
type FormulaError struct {
	Formula string
	Term    string // the term or variable label, "" if none
	Column  string // the frame column, "" if none
	Offset  int    // byte offset in Formula of a syntax error, −1 otherwise
	Rows    []int  // 0-based frame rows at fault, in increasing order
	Line    int    // CSV line of Rows[0], 0 if unknown
	Err     error
}

func (e *FormulaError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "calibrate: formula %q", e.Formula)
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " at byte %d", e.Offset)
	}
	if e.Term != "" {
		fmt.Fprintf(&b, ", term %s", e.Term)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	if len(e.Rows) > 0 {
		const show = 10
		if len(e.Rows) == 1 {
			b.WriteString(", row ")
		} else {
			fmt.Fprintf(&b, ", %d rows ", len(e.Rows))
		}
		for i, r := range e.Rows {
			if i == show {
				fmt.Fprintf(&b, ", ... (%d more)", len(e.Rows)-show)
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%d", r)
		}
		b.WriteString(" (0-based)")
		if e.Line > 0 {
			fmt.Fprintf(&b, ", first at line %d", e.Line)
		}
	}
	fmt.Fprintf(&b, ": %s", strings.TrimPrefix(e.Err.Error(), "calibrate: "))
	return b.String()
}

func (e *FormulaError) Unwrap() error { return e.Err }

// Formula is a parsed R model formula: `response ~ rhs` or `~ rhs`.
//
// The right-hand side is expanded into terms as R's terms.formula does
// (see the package documentation, "Formulas"); Terms and TermLabels are in
// R's order: by degree, then by first appearance in the expanded formula.
type Formula struct {
	// Text is the formula as given.
	Text string
	// Response is the label of the response ("" for a one-sided formula),
	// as R deparses it: "mpg", "log(cost)".
	Response string
	// Intercept reports whether the model has an intercept (no "- 1" or
	// "+ 0").
	Intercept bool
	// Variables are the labels of the right-hand side's variables in order
	// of first appearance (R's variable order, the response excluded).
	Variables []string
	// TermLabels label the terms: their variables in variable order
	// joined by ":".
	TermLabels []string

	resp  *fnode
	vars  []*fnode // by variable index; vars[0] is the response if any
	off   int      // 1 if vars[0] is the response, else 0
	terms [][]int  // sorted variable indices (into vars) of each term
}

// ParseFormula parses R formula text. Errors are *FormulaError wrapping
// ErrFormula, with the byte offset of the problem.
func ParseFormula(text string) (*Formula, error) {
	p := &fparser{src: text}
	if err := p.lex(); err != nil {
		return nil, err
	}
	root, err := p.parseTop()
	if err != nil {
		return nil, err
	}
	if root.kind != nBinary || root.op != "~" {
		if root.kind == nUnary && root.op == "~" {
			root = &fnode{kind: nBinary, op: "~", args: []*fnode{nil, root.args[0]}, pos: root.pos}
		} else {
			return nil, p.errAt(0, "a formula needs ~ (\"y ~ x\" or \"~ x\")")
		}
	}
	f := &Formula{Text: text}
	enc := &encoder{f: f, parity: true, intercept: true}
	if lhs := root.args[0]; lhs != nil {
		if err := enc.checkVariable(lhs); err != nil {
			return nil, err
		}
		f.resp = lhs
		f.Response = deparse(lhs)
		f.vars = append(f.vars, lhs)
		f.off = 1
	}
	terms, err := enc.encode(root.args[1])
	if err != nil {
		return nil, err
	}
	f.Intercept = enc.intercept
	for _, t := range terms {
		if f.off == 1 && slices.Contains(t, 0) {
			return nil, &FormulaError{Formula: text, Term: f.Response, Offset: -1,
				Err: fmt.Errorf("%w: the response %s also appears on the right-hand side", ErrFormula, f.Response)}
		}
	}
	// Terms by degree, stable (R's keep.order = FALSE).
	slices.SortStableFunc(terms, func(a, b []int) int { return len(a) - len(b) })
	f.terms = terms
	for _, v := range f.vars[f.off:] {
		f.Variables = append(f.Variables, deparse(v))
	}
	for _, t := range terms {
		f.TermLabels = append(f.TermLabels, f.termLabel(t))
	}
	return f, nil
}

func (f *Formula) termLabel(t []int) string {
	parts := make([]string, len(t))
	for k, v := range t {
		parts[k] = deparse(f.vars[v])
	}
	return strings.Join(parts, ":")
}

// String returns the formula text.
func (f *Formula) String() string { return f.Text }

// ---- lexer and parser ----

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tName
	tOp
)

type token struct {
	kind tokKind
	text string // operator text, name, or number text
	num  float64
	pos  int
}

type nodeKind int

const (
	nName nodeKind = iota + 1
	nNum
	nCall
	nBinary
	nUnary
	nParen
)

// fnode is a node of a parsed formula or expression.
type fnode struct {
	kind nodeKind
	op   string // operator, or the function of a call
	name string // nName
	num  float64
	args []*fnode
	pos  int
}

type fparser struct {
	src   string
	toks  []token
	i     int
	depth int
}

// maxDepth bounds the nesting of a formula (parentheses, calls, unary
// operators), so that no input can exhaust the stack.
const maxDepth = 200

func (p *fparser) errAt(pos int, format string, args ...any) error {
	return &FormulaError{Formula: p.src, Offset: pos, Err: fmt.Errorf("%w: "+format, append([]any{ErrFormula}, args...)...)}
}

func isNameStart(r rune) bool {
	return r == '.' || r >= utf8.RuneSelf && unicode.IsLetter(r) || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

func isNameChar(r rune) bool {
	return isNameStart(r) || r == '_' || '0' <= r && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r)
}

func (p *fparser) lex() error {
	s := p.src
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return p.errAt(i, "not valid UTF-8")
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			i += size
		case '0' <= r && r <= '9' || r == '.' && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9':
			j := i
			for j < len(s) && ('0' <= s[j] && s[j] <= '9' || s[j] == '.') {
				j++
			}
			if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if k < len(s) && (s[k] == '+' || s[k] == '-') {
					k++
				}
				if k < len(s) && '0' <= s[k] && s[k] <= '9' {
					for k < len(s) && '0' <= s[k] && s[k] <= '9' {
						k++
					}
					j = k
				}
			}
			v, err := strconv.ParseFloat(s[i:j], 64)
			if err != nil || math.IsInf(v, 0) {
				return p.errAt(i, "bad number %q", s[i:j])
			}
			if j < len(s) {
				if r2, _ := utf8.DecodeRuneInString(s[j:]); isNameChar(r2) {
					return p.errAt(j, "unexpected %q after the number %s", r2, s[i:j])
				}
			}
			p.toks = append(p.toks, token{kind: tNum, text: s[i:j], num: v, pos: i})
			i = j
		case isNameStart(r):
			j := i + size
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !isNameChar(r2) {
					break
				}
				j += sz
			}
			p.toks = append(p.toks, token{kind: tName, text: s[i:j], pos: i})
			i = j
		case r == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return p.errAt(i, "unterminated `name`")
			}
			name := s[i+1 : i+1+j]
			if name == "" {
				return p.errAt(i, "empty `name`")
			}
			p.toks = append(p.toks, token{kind: tName, text: name, pos: i})
			i += j + 2
		case r == '%':
			j := strings.IndexByte(s[i+1:], '%')
			if j < 0 {
				return p.errAt(i, "unterminated %%operator%%")
			}
			p.toks = append(p.toks, token{kind: tOp, text: s[i : i+j+2], pos: i})
			i += j + 2
		case strings.ContainsRune("+-*/^:~(),", r):
			p.toks = append(p.toks, token{kind: tOp, text: string(r), pos: i})
			i += size
		default:
			return p.errAt(i, "unexpected %q", r)
		}
	}
	p.toks = append(p.toks, token{kind: tEOF, pos: len(s)})
	return nil
}

func (p *fparser) peek() token { return p.toks[p.i] }
func (p *fparser) next() token { t := p.toks[p.i]; p.i++; return t }

// Binding powers, as R's grammar (?Syntax): ~ < + - < * / < %any% < : <
// unary + - < ^ (right associative).
func binaryPower(op string) (left, right int, ok bool) {
	switch {
	case op == "~":
		return 1, 2, true
	case op == "+" || op == "-":
		return 10, 11, true
	case op == "*" || op == "/":
		return 20, 21, true
	case strings.HasPrefix(op, "%"):
		return 30, 31, true
	case op == ":":
		return 40, 41, true
	case op == "^":
		return 61, 60, true
	}
	return 0, 0, false
}

const unaryPower = 50

func (p *fparser) parseTop() (*fnode, error) {
	if p.peek().kind == tEOF {
		return nil, p.errAt(0, "empty formula")
	}
	n, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t.pos, "unexpected %q", t.text)
	}
	return n, nil
}

func (p *fparser) parseExpr(minPower int) (*fnode, error) {
	p.depth++
	defer func() { p.depth-- }()
	t := p.next()
	if p.depth > maxDepth {
		return nil, p.errAt(t.pos, "nested more than %d deep", maxDepth)
	}
	var lhs *fnode
	switch {
	case t.kind == tNum:
		lhs = &fnode{kind: nNum, num: t.num, pos: t.pos}
	case t.kind == tName:
		if p.peek().kind == tOp && p.peek().text == "(" {
			p.next()
			call := &fnode{kind: nCall, op: t.text, pos: t.pos}
			if !(p.peek().kind == tOp && p.peek().text == ")") {
				for {
					a, err := p.parseExpr(0)
					if err != nil {
						return nil, err
					}
					call.args = append(call.args, a)
					if p.peek().kind == tOp && p.peek().text == "," {
						p.next()
						continue
					}
					break
				}
			}
			if c := p.next(); !(c.kind == tOp && c.text == ")") {
				return nil, p.errAt(c.pos, "expected ) to close %s(", t.text)
			}
			lhs = call
		} else {
			lhs = &fnode{kind: nName, name: t.text, pos: t.pos}
		}
	case t.kind == tOp && t.text == "(":
		inner, err := p.parseExpr(0)
		if err != nil {
			return nil, err
		}
		if c := p.next(); !(c.kind == tOp && c.text == ")") {
			return nil, p.errAt(c.pos, "expected )")
		}
		lhs = &fnode{kind: nParen, args: []*fnode{inner}, pos: t.pos}
	case t.kind == tOp && (t.text == "-" || t.text == "+"):
		x, err := p.parseExpr(unaryPower)
		if err != nil {
			return nil, err
		}
		lhs = &fnode{kind: nUnary, op: t.text, args: []*fnode{x}, pos: t.pos}
	case t.kind == tOp && t.text == "~":
		x, err := p.parseExpr(2)
		if err != nil {
			return nil, err
		}
		lhs = &fnode{kind: nUnary, op: "~", args: []*fnode{x}, pos: t.pos}
	case t.kind == tEOF:
		return nil, p.errAt(t.pos, "unexpected end of the formula")
	default:
		return nil, p.errAt(t.pos, "unexpected %q", t.text)
	}
	for {
		t := p.peek()
		if t.kind != tOp {
			if t.kind == tEOF {
				return lhs, nil
			}
			return nil, p.errAt(t.pos, "unexpected %q (an operator is missing)", t.text)
		}
		l, r, ok := binaryPower(t.text)
		if !ok || l < minPower {
			return lhs, nil
		}
		p.next()
		rhs, err := p.parseExpr(r)
		if err != nil {
			return nil, err
		}
		lhs = &fnode{kind: nBinary, op: t.text, args: []*fnode{lhs, rhs}, pos: t.pos}
	}
}

// ---- deparse: labels as R prints them ----

var rReserved = map[string]bool{
	"if": true, "else": true, "repeat": true, "while": true, "function": true, "for": true, "next": true,
	"break": true, "TRUE": true, "FALSE": true, "NULL": true, "Inf": true, "NaN": true, "NA": true,
	"NA_integer_": true, "NA_real_": true, "NA_character_": true, "NA_complex_": true, "in": true,
}

// rSyntactic reports whether name is a syntactic R name (printed without
// backticks).
func rSyntactic(name string) bool {
	if name == "" || rReserved[name] {
		return false
	}
	if strings.HasPrefix(name, "..") {
		rest := name[2:]
		if rest != "" && strings.Trim(rest, "0123456789") == "" || rest == "." {
			return false
		}
	}
	for i, r := range name {
		if i == 0 {
			if !isNameStart(r) {
				return false
			}
			continue
		}
		if !isNameChar(r) {
			return false
		}
	}
	if name[0] == '.' && len(name) > 1 && '0' <= name[1] && name[1] <= '9' {
		return false
	}
	return true
}

// deparse renders a node as R's deparse does: spaces around + - * ~ and
// %op% (but not %% and %/%), none around / ^ :, names backticked when
// not syntactic, numbers with 15 significant digits.
func deparse(n *fnode) string {
	switch n.kind {
	case nName:
		if rSyntactic(n.name) {
			return n.name
		}
		return "`" + n.name + "`"
	case nNum:
		return rDouble(n.num)
	case nCall:
		parts := make([]string, len(n.args))
		for i, a := range n.args {
			parts[i] = deparse(a)
		}
		fn := n.op
		if !rSyntactic(fn) {
			fn = "`" + fn + "`"
		}
		return fn + "(" + strings.Join(parts, ", ") + ")"
	case nParen:
		return "(" + deparse(n.args[0]) + ")"
	case nUnary:
		return n.op + deparse(n.args[0])
	case nBinary:
		l, r := "", deparse(n.args[1])
		if n.args[0] != nil {
			l = deparse(n.args[0])
		}
		switch n.op {
		case "/", "^", ":", "%%", "%/%":
			return l + n.op + r
		}
		return l + " " + n.op + " " + r
	}
	return "?"
}

// rDouble formats x as R's as.character and deparse do for a double: 15
// significant digits, trailing zeros dropped, fixed notation unless
// scientific notation is narrower (R's formatReal with digits 15 and
// scipen 0).
func rDouble(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	case x == 0:
		return "0"
	}
	neg := x < 0
	ax := math.Abs(x)
	// Significant digits needed at 15-digit precision, and the exponent.
	e := strconv.FormatFloat(ax, 'e', 14, 64) // d.dddddddddddddde±XX
	mant, expS, _ := strings.Cut(e, "e")
	kp, _ := strconv.Atoi(expS)
	digits := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	nsig := len(digits)
	sign := 0
	if neg {
		sign = 1
	}
	// Scientific width: sign + mantissa (with "." if nsig > 1) + "e+XX".
	sciW := sign + nsig + 4
	if nsig > 1 {
		sciW++
	}
	if kp >= 100 || kp <= -100 {
		sciW++
	}
	// Fixed width.
	var fixW, rgt int
	if kp >= 0 {
		rgt = max(0, nsig-kp-1)
		fixW = sign + kp + 1
	} else {
		rgt = nsig - kp - 1
		fixW = sign + 1
	}
	if rgt > 0 {
		fixW += rgt + 1
	}
	if fixW <= sciW {
		return strconv.FormatFloat(x, 'f', rgt, 64)
	}
	m := digits[:1]
	if nsig > 1 {
		m += "." + digits[1:]
	}
	es := "+"
	if kp < 0 {
		es = "-"
		kp = -kp
	}
	s := fmt.Sprintf("%se%s%02d", m, es, kp)
	if neg {
		s = "-" + s
	}
	return s
}

// ---- term expansion (R's TermsForm/EncodeVars) ----

type encoder struct {
	f         *Formula
	parity    bool
	intercept bool
}

func (e *encoder) err(n *fnode, format string, args ...any) error {
	return &FormulaError{Formula: e.f.Text, Offset: n.pos, Err: fmt.Errorf("%w: "+format, append([]any{ErrFormula}, args...)...)}
}

// install returns the index of variable n, adding it if new (variables are
// identified by their deparsed label, as in R).
func (e *encoder) install(n *fnode) int {
	lab := deparse(n)
	for i, v := range e.f.vars {
		if deparse(v) == lab {
			return i
		}
	}
	e.f.vars = append(e.f.vars, n)
	return len(e.f.vars) - 1
}

// trimRepeats drops empty terms and later duplicates.
func trimRepeats(ts [][]int) [][]int {
	out := ts[:0:0]
	for _, t := range ts {
		if len(t) == 0 {
			continue
		}
		if slices.ContainsFunc(out, func(u []int) bool { return slices.Equal(u, t) }) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func union(a, b []int) []int {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func interact(l, r [][]int) [][]int {
	var out [][]int
	for _, a := range l {
		for _, b := range r {
			out = append(out, union(a, b))
		}
	}
	return trimRepeats(out)
}

func (e *encoder) encode(n *fnode) ([][]int, error) {
	switch n.kind {
	case nNum:
		switch n.num {
		case 1:
			e.intercept = e.parity
			return nil, nil
		case 0:
			e.intercept = !e.parity
			return nil, nil
		}
		return nil, e.err(n, "the number %s is not a term (only 1 and 0, for the intercept)", rDouble(n.num))
	case nParen:
		return e.encode(n.args[0])
	case nUnary:
		switch n.op {
		case "+":
			return e.encode(n.args[0])
		case "-":
			return e.deleteTerms(nil, n.args[0])
		}
		return nil, e.err(n, "a formula inside a formula")
	case nBinary:
		l, r := n.args[0], n.args[1]
		switch n.op {
		case "+":
			a, err := e.encode(l)
			if err != nil {
				return nil, err
			}
			b, err := e.encode(r)
			if err != nil {
				return nil, err
			}
			return trimRepeats(append(a, b...)), nil
		case "-":
			a, err := e.encode(l)
			if err != nil {
				return nil, err
			}
			return e.deleteTerms(a, r)
		case ":", "%in%":
			a, err := e.encode(l)
			if err != nil {
				return nil, err
			}
			b, err := e.encode(r)
			if err != nil {
				return nil, err
			}
			if n.op == ":" {
				return interact(a, b), nil
			}
			var all []int
			for _, t := range b {
				all = union(all, t)
			}
			out := make([][]int, len(a))
			for i, t := range a {
				out[i] = union(t, all)
			}
			return trimRepeats(out), nil
		case "*":
			a, err := e.encode(l)
			if err != nil {
				return nil, err
			}
			b, err := e.encode(r)
			if err != nil {
				return nil, err
			}
			out := append(append(slices.Clone(a), b...), interact(a, b)...)
			return trimRepeats(out), nil
		case "/":
			a, err := e.encode(l)
			if err != nil {
				return nil, err
			}
			b, err := e.encode(r)
			if err != nil {
				return nil, err
			}
			var all []int
			for _, t := range a {
				all = union(all, t)
			}
			out := slices.Clone(a)
			for _, t := range b {
				out = append(out, union(t, all))
			}
			return trimRepeats(out), nil
		case "^":
			if r.kind != nNum || r.num != math.Trunc(r.num) || r.num < 2 || r.num > 32 {
				return nil, e.err(r, "the power of (...)^k must be a whole number from 2 to 32")
			}
			a, err := e.encode(l)
			if err != nil {
				return nil, err
			}
			right := a
			term := a
			for i := 1; i < int(r.num); i++ {
				term = interact(a, right)
				right = term
			}
			return term, nil
		case "~":
			return nil, e.err(n, "a formula inside a formula")
		}
		return nil, e.err(n, "the operator %s is not a formula operator; use I(...) for arithmetic", n.op)
	case nName, nCall:
		if n.kind == nName && n.name == "." {
			return nil, e.err(n, "'.' (all other columns) is not supported; list the columns")
		}
		if err := e.checkVariable(n); err != nil {
			return nil, err
		}
		return [][]int{{e.install(n)}}, nil
	}
	return nil, e.err(n, "unexpected term")
}

// deleteTerms encodes r with the parity flipped (so "- 1" removes the
// intercept) and removes its terms from a.
func (e *encoder) deleteTerms(a [][]int, r *fnode) ([][]int, error) {
	e.parity = !e.parity
	b, err := e.encode(r)
	e.parity = !e.parity
	if err != nil {
		return nil, err
	}
	out := a[:0:0]
	for _, t := range a {
		if !slices.ContainsFunc(b, func(u []int) bool { return slices.Equal(u, t) }) {
			out = append(out, t)
		}
	}
	return out, nil
}

// Functions a variable may apply. factor and I take one argument; log
// takes an optional base.
var numericFuncs = map[string]func(float64) float64{
	"log": math.Log, "log2": math.Log2, "log10": math.Log10, "log1p": math.Log1p,
	"exp": math.Exp, "expm1": math.Expm1, "sqrt": math.Sqrt, "abs": math.Abs,
}

// checkVariable checks that n is a variable this package can evaluate: a
// column name, factor(column), I(expression), or one of numericFuncs
// applied to an expression (arithmetic + - * / ^ and parentheses on
// columns and numbers, inside I() or a function).
func (e *encoder) checkVariable(n *fnode) error {
	switch n.kind {
	case nName:
		return nil
	case nCall:
		switch n.op {
		case "factor":
			if len(n.args) != 1 || n.args[0].kind != nName {
				return e.err(n, "factor() takes one column name: %s", deparse(n))
			}
			return nil
		case "I":
			if len(n.args) != 1 {
				return e.err(n, "I() takes one expression: %s", deparse(n))
			}
			return e.checkExpr(n.args[0])
		case "offset":
			return e.err(n, "offset() is not supported in a formula: compute the offset and pass it as GLMOptions.Offset")
		}
		if _, ok := numericFuncs[n.op]; ok {
			if len(n.args) != 1 && !(n.op == "log" && len(n.args) == 2) {
				return e.err(n, "%s() takes one argument: %s", n.op, deparse(n))
			}
			for _, a := range n.args {
				if err := e.checkExpr(a); err != nil {
					return err
				}
			}
			return nil
		}
		return e.err(n, "unsupported function %s() in %s (supported: factor, I, log, log2, log10, log1p, exp, expm1, sqrt, abs)", n.op, deparse(n))
	}
	return e.err(n, "%s is not a variable", deparse(n))
}

// checkExpr checks an arithmetic expression (inside I() or a function).
func (e *encoder) checkExpr(n *fnode) error {
	switch n.kind {
	case nName, nNum:
		return nil
	case nParen:
		return e.checkExpr(n.args[0])
	case nUnary:
		if n.op == "~" {
			return e.err(n, "a formula inside an expression")
		}
		return e.checkExpr(n.args[0])
	case nBinary:
		switch n.op {
		case "+", "-", "*", "/", "^":
		default:
			return e.err(n, "the operator %s is not supported in an expression (use + - * / ^)", n.op)
		}
		if err := e.checkExpr(n.args[0]); err != nil {
			return err
		}
		return e.checkExpr(n.args[1])
	case nCall:
		if n.op == "factor" || n.op == "I" || n.op == "offset" {
			return e.err(n, "%s() inside an expression", n.op)
		}
		return e.checkVariable(n)
	}
	return e.err(n, "unexpected expression")
}
