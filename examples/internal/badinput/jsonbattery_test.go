package badinput

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// node is a JSON value that keeps the order of its keys, so that a
// mutated document differs from the original in one place only.
type node struct {
	kind byte // '{', '[', or 0 for a scalar
	keys []string
	vals []*node
	raw  string // a scalar's JSON text
}

func parseJSON(s string) *node {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var read func() *node
	read = func() *node {
		tok, err := dec.Token()
		if err != nil {
			panic(err)
		}
		switch v := tok.(type) {
		case json.Delim:
			n := &node{kind: byte(v)}
			for dec.More() {
				if n.kind == '{' {
					k, _ := dec.Token()
					n.keys = append(n.keys, k.(string))
				}
				n.vals = append(n.vals, read())
			}
			dec.Token() // the closing delimiter
			return n
		default:
			b, _ := json.Marshal(v)
			return &node{raw: string(b)}
		}
	}
	return read()
}

func (n *node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *node) write(b *strings.Builder) {
	switch n.kind {
	case 0:
		b.WriteString(n.raw)
	case '{', '[':
		b.WriteByte(n.kind)
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			if n.kind == '{' {
				b.WriteString(strconv.Quote(n.keys[i]))
				b.WriteByte(':')
			}
			v.write(b)
		}
		if n.kind == '{' {
			b.WriteByte('}')
		} else {
			b.WriteByte(']')
		}
	}
}

func (n *node) clone() *node {
	c := &node{kind: n.kind, raw: n.raw, keys: append([]string(nil), n.keys...)}
	for _, v := range n.vals {
		c.vals = append(c.vals, v.clone())
	}
	return c
}

// site is a place in a document: the path of keys and indexes to a value.
type site struct {
	path []any // string keys, int indexes
}

func (s site) String() string {
	var b strings.Builder
	for _, p := range s.path {
		switch p := p.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(p)
		case int:
			fmt.Fprintf(&b, "[%d]", p)
		}
	}
	return b.String()
}

// lastKey is the last key of the path ("" at the top).
func (s site) lastKey() string {
	for i := len(s.path) - 1; i >= 0; i-- {
		if k, ok := s.path[i].(string); ok {
			return k
		}
	}
	return ""
}

// sites lists every value of n (the top level excluded).
func sites(n *node) []site {
	var out []site
	var walk func(n *node, path []any)
	walk = func(n *node, path []any) {
		for i, v := range n.vals {
			p := append(append([]any(nil), path...), any(i))
			if n.kind == '{' {
				p[len(p)-1] = n.keys[i]
			}
			out = append(out, site{p})
			walk(v, p)
		}
	}
	walk(n, nil)
	return out
}

// at returns the parent of the value at s, and the value's index in it.
func at(n *node, s site) (*node, int) {
	for i, p := range s.path {
		var j int
		switch p := p.(type) {
		case string:
			for k, key := range n.keys {
				if key == p {
					j = k
				}
			}
		case int:
			j = p
		}
		if i == len(s.path)-1 {
			return n, j
		}
		n = n.vals[j]
	}
	panic("empty path")
}

// jsonHostile are the raw JSON texts put in place of a value.
var jsonHostile = []hostile{
	{"null", "null"},
	{"empty string", `""`},
	{"space", `" "`},
	{"NUL", `"A\u0000B"`},
	{"control", `"A\u0007B"`},
	{"invalid UTF-8", "\"A\xffB\""},
	{"BOM inside", `"A` + "\uFEFF" + `B"`},
	{"huge string", `"` + strings.Repeat("x", 100000) + `"`},
	{"1e400", "1e400"},
	{"-1e400", "-1e400"},
	{"1e-400", "1e-400"},
	{"1e308", "1e308"},
	{"-0", "-0"},
	{"-1", "-1"},
	{"1.5", "1.5"},
	{"2^53+1", "9007199254740993"},
	{"string NaN", `"NaN"`},
	{"string Infinity", `"Infinity"`},
	{"string 1e999999999", `"1e999999999"`},
	{"string 12,50", `"12,50"`},
	{"string 0x1p3", `"0x1p3"`},
	{"string -5", `"-5"`},
	{"string 5", `"5"`},
	{"true", "true"},
	{"empty array", "[]"},
	{"empty object", "{}"},
	{"array of null", "[null]"},
	{"deep array", strings.Repeat("[", 5000) + strings.Repeat("]", 5000)},
	{"date 0000", `"0000-01-01"`},
	{"date 9999", `"9999-12-31"`},
	{"30 February", `"2025-02-30"`},
	{"month 13", `"2025-13-01"`},
	{"timestamp", `"2025-01-01T24:00:00Z"`},
	{"unknown enum", `"not_a_value"`},
	{"wrong case enum", `"UPPER"`},
}

// coreJSON are the hostile values put at every site of a large document.
var coreJSON = map[string]bool{"null": true, "empty string": true, "NUL": true, "invalid UTF-8": true, "1e400": true,
	"-0": true, "-1": true, "1.5": true, "string NaN": true, "string 12,50": true, "true": true, "empty array": true,
	"empty object": true, "unknown enum": true}

// jsonFormat describes one JSON entry point.
type jsonFormat struct {
	entry  string
	doc    string // a valid document
	decode func(b []byte) (any, error)
	// sentinels: an error unwraps to one of these.
	sentinels []error
	// strict: repeated keys, wrong-case keys and input that is not valid
	// UTF-8 are rejected (the decision of #13 for ras and ras/eligibility).
	strict bool
	// nullOK: null may stand for a missing value (ras and ras/eligibility
	// refuse it: encoding/json reads it as zero).
	nullOK bool
	// textOK says whether a string that is not valid text (NUL, control
	// characters) may be accepted at a site: free text such as a label.
	textOK func(s site) bool
	// coreAfter, when > 0, puts only the core hostile values (coreJSON) at
	// the sites after the first coreAfter, to keep large documents quick.
	coreAfter int
	// named reports whether an error names site s (by its key or path).
	named func(err error, s site) bool
}

func namesKey(err error, s site) bool {
	msg := err.Error()
	k := s.lastKey()
	// A byte offset locates input that is not valid UTF-8.
	return k == "" || strings.Contains(msg, k) || strings.Contains(msg, s.String()) || strings.Contains(msg, "byte ")
}

// runJSONFormat puts every hostile value at every site of f's document,
// and makes the structural mutations (a key repeated, in another case, an
// unknown key, data after the value, invalid UTF-8, truncation).
func runJSONFormat(t *testing.T, f jsonFormat) {
	t.Helper()
	if _, err := f.decode([]byte(f.doc)); err != nil {
		t.Fatalf("%s: the valid document is rejected: %v", f.entry, err)
	}
	if f.named == nil {
		f.named = namesKey
	}
	root := parseJSON(f.doc)
	n := 0
	try := func(what string, doc string, mustFail bool, s *site) {
		n++
		var res any
		var err error
		if safely(t, what, func() { res, err = f.decode([]byte(doc)) }) {
			return
		}
		if err == nil {
			if mustFail {
				reportf(t, "%s: SILENTLY ACCEPTED", what)
			}
			if p := nonFinite(res); p != "" {
				reportf(t, "%s: NON-FINITE value in the result at %s", what, p)
			}
			return
		}
		if len(f.sentinels) > 0 && !isAny(err, f.sentinels) {
			reportf(t, "%s: error %v unwraps to none of the package's sentinels", what, err)
		}
		if s != nil && !f.named(err, *s) {
			reportf(t, "%s: UNLOCATED: error names neither %q nor %s: %v", what, s.lastKey(), s, err)
		}
		if !utf8.ValidString(err.Error()) {
			reportf(t, "%s: error message is not valid UTF-8: %q", what, err.Error())
		}
	}
	for k, s := range sites(root) {
		for _, hv := range jsonHostile {
			if k >= 12 && (hv.name == "huge string" || hv.name == "deep array") {
				continue // costly: at the first sites only
			}
			if f.coreAfter > 0 && k >= f.coreAfter && !coreJSON[hv.name] {
				continue
			}
			doc := root.clone()
			p, i := at(doc, s)
			orig := p.vals[i]
			p.vals[i] = &node{raw: hv.v}
			what := fmt.Sprintf("%s: %s = %s", f.entry, s, hv.name)
			mustFail := false
			switch {
			case hv.name == "invalid UTF-8":
				mustFail = f.strict
			case hv.name == "null":
				mustFail = !f.nullOK
			case hv.name == "NUL" || hv.name == "control":
				mustFail = orig.kind != 0 || !strings.HasPrefix(orig.raw, `"`) || f.textOK == nil || !f.textOK(s)
			case strings.HasPrefix(hv.v, "[") || strings.HasPrefix(hv.v, "{"):
				// An array or object where a scalar was is a type error; an
				// empty one where one was may be fine.
				mustFail = orig.kind == 0
			case hv.name == "1e400" || hv.name == "-1e400":
				mustFail = true
			}
			// A string where a number was, or the reverse, is a type error
			// (ras reads money as a string or a number: left open).
			try(what, doc.String(), mustFail, &s)
		}
	}
	// Structural mutations of every object.
	var objects []site
	objects = append(objects, site{})
	for _, s := range sites(root) {
		p, i := at(root, s)
		if p.vals[i].kind == '{' {
			objects = append(objects, s)
		}
	}
	for _, s := range objects {
		obj := root
		if len(s.path) > 0 {
			p, i := at(root, s)
			obj = p.vals[i]
		}
		for k, key := range obj.keys {
			ks := site{append(append([]any(nil), s.path...), key)}
			// The key given twice, with its own value and with another.
			for _, other := range []string{obj.vals[k].String(), `"X"`} {
				doc := root.clone()
				o := doc
				if len(s.path) > 0 {
					p, i := at(doc, s)
					o = p.vals[i]
				}
				o.keys = append(o.keys, key)
				o.vals = append(o.vals, &node{raw: other})
				if other == obj.vals[k].String() {
					o.vals[len(o.vals)-1] = obj.vals[k].clone()
				}
				try(fmt.Sprintf("%s: key %s given twice (second %s)", f.entry, ks, short(other)), doc.String(), f.strict, &ks)
			}
			// The key in another case (in a map, another key: data).
			if up := flipCase(key); up != key && !isMapSite(f, s) {
				doc := root.clone()
				o := doc
				if len(s.path) > 0 {
					p, i := at(doc, s)
					o = p.vals[i]
				}
				o.keys[k] = up
				try(fmt.Sprintf("%s: key %s written %q", f.entry, ks, up), doc.String(), f.strict, &site{append(append([]any(nil), s.path...), up)})
			}
		}
		// An unknown key.
		doc := root.clone()
		o := doc
		if len(s.path) > 0 {
			p, i := at(doc, s)
			o = p.vals[i]
		}
		if o.kind == '{' && !isMapSite(f, s) {
			o.keys = append(o.keys, "zz_unknown")
			o.vals = append(o.vals, &node{raw: "1"})
			us := site{append(append([]any(nil), s.path...), "zz_unknown")}
			try(fmt.Sprintf("%s: unknown key in %s", f.entry, s), doc.String(), true, &us)
		}
	}
	// Data after the value, and damage to the whole document.
	for _, tail := range []string{" x", " {}", "]", "}", "\n{}", " null", ",", "\x00"} {
		try(fmt.Sprintf("%s: trailing %q", f.entry, tail), f.doc+tail, true, nil)
	}
	try(f.entry+": invalid UTF-8 at the end", f.doc+"\xff", true, nil)
	try(f.entry+": a BOM in the middle", f.doc[:1]+"\uFEFF"+f.doc[1:], true, nil)
	for cut := 1; cut < len(f.doc)-1; cut += max(1, len(f.doc)/25) {
		if strings.TrimSpace(f.doc[:cut]) == "" {
			continue
		}
		try(fmt.Sprintf("%s: truncated at byte %d", f.entry, cut), f.doc[:cut], true, nil)
	}
	try(f.entry+": empty input", "", true, nil)
	try(f.entry+": deep nesting", strings.Repeat("[", 100000), true, nil)
	fed(f.entry, n)
}

// isMapSite: keys of the object at s are data, not field names.
var mapSites = map[string]map[string]bool{}

func isMapSite(f jsonFormat, s site) bool { return mapSites[f.entry][s.String()] }

func flipCase(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return string(unicode.ToUpper(r)) + s[size:]
	}
	return strings.ToUpper(s)
}

// decodeAll reads r to its end (for entry points that take an io.Reader).
func reader(b []byte) io.Reader { return bytes.NewReader(b) }

var _ = errors.New
