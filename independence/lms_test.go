package independence

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// whoRow is one published WHO row: L, M, S and the published SD lines.
type whoRow struct {
	month float64
	lms   LMS
	sd    map[float64]float64 // z → published value
	sdCol float64             // "SD" column (M·S) if present, else NaN
}

// readWHO parses a WHO z-score text table (tab-separated, header Month L M S
// [SD] SDkneg… SD0… SDk) independently of the code under test.
func readWHO(t *testing.T, name string) []whoRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "who", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	header := strings.Split(sc.Text(), "\t")
	var rows []whoRow
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "\t")
		r := whoRow{sd: map[float64]float64{}, sdCol: math.NaN()}
		for i, h := range header {
			v, err := strconv.ParseFloat(cells[i], 64)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch {
			case h == "Month":
				r.month = v
			case h == "L":
				r.lms.L = v
			case h == "M":
				r.lms.M = v
			case h == "S":
				r.lms.S = v
			case h == "SD":
				r.sdCol = v
			case strings.HasPrefix(h, "SD"):
				k := strings.TrimPrefix(h, "SD")
				neg := strings.HasSuffix(k, "neg")
				z, err := strconv.ParseFloat(strings.TrimSuffix(k, "neg"), 64)
				if err != nil {
					t.Fatalf("%s: header %q", name, h)
				}
				if neg {
					z = -z
				}
				r.sd[z] = v
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// TestLMSPublishedWHO recomputes WHO's published SD lines from the published
// L, M and S (Cole & Green formula y = M(1+LSz)^(1/L)) and requires agreement
// within half the last published digit. Source: WHO Child Growth Standards
// (2006) and WHO Reference 2007 z-score tables; see testdata/who/README.md.
func TestLMSPublishedWHO(t *testing.T) {
	cases := []struct {
		file       string
		halfDigit  float64 // half a unit of the last published digit
		restricted bool    // table beyond ±3 made with WHO's restricted method
	}{
		{"wfa_boys_0_5_zscores_subset.txt", 0.05, false},
		{"wfa_girls_0_5_zscores_subset.txt", 0.05, false},
		{"lhfa_boys_0_2_zscores_subset.txt", 0.05, false},
		{"wfa_boys_z_WHO2007_exp_subset.txt", 0.0005, true},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			rows := readWHO(t, c.file)
			f, err := os.Open(filepath.Join("testdata", "who", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			tab, err := ReadLMSCSV(f, LMSReadOptions{AgeColumn: "Month", Comma: '\t'})
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, r := range rows {
				for z, want := range r.sd {
					got, err := tab.ValueAtZ(r.month, z, LMSOptions{Restricted: c.restricted})
					if err != nil {
						t.Fatalf("month %v z %v: %v", r.month, z, err)
					}
					if math.Abs(got-want) > c.halfDigit+1e-9 {
						t.Errorf("month %v SD %+v: got %.6f, published %v (tolerance %v)", r.month, z, got, want, c.halfDigit)
					}
					// Inverse: the z-score of the exact curve value is z.
					zz, err := tab.Z(r.month, got, LMSOptions{Restricted: c.restricted})
					if err != nil || math.Abs(zz-z) > 1e-9 {
						t.Errorf("month %v: Z(ValueAtZ(%v)) = %v, %v", r.month, z, zz, err)
					}
					checked++
				}
				// At the median the z-score is 0 and the centile 50.
				if z, _ := tab.Z(r.month, r.lms.M, LMSOptions{}); math.Abs(z) > 1e-12 {
					t.Errorf("month %v: Z(M) = %v, want 0", r.month, z)
				}
				if !math.IsNaN(r.sdCol) { // L = 1: the curve at z = 1 is M + M·S
					v1, _ := r.lms.Value(1)
					if math.Abs((v1-r.lms.M)-r.sdCol) > 0.00005+1e-9 {
						t.Errorf("month %v: M·S = %v, published SD %v", r.month, v1-r.lms.M, r.sdCol)
					}
				}
			}
			if checked == 0 {
				t.Fatal("no SD lines checked")
			}
		})
	}
}

func TestLMSHandComputed(t *testing.T) {
	// L = 0: z = ln(y/M)/S, y = M·exp(S·z). ln(1.2) = 0.1823215567939546.
	p := LMS{L: 0, M: 10, S: 0.1}
	z, err := p.Z(12)
	if err != nil || math.Abs(z-1.823215567939546) > 1e-13 {
		t.Errorf("L=0 Z(12) = %v, %v; want 1.823215567939546", z, err)
	}
	y, err := p.Value(1)
	if err != nil || math.Abs(y-11.051709180756477) > 1e-12 { // 10·e^0.1
		t.Errorf("L=0 Value(1) = %v, %v; want 11.051709180756477", y, err)
	}
	// Continuity as L → 0.
	for _, l := range []float64{1e-6, -1e-6, 1e-12} {
		q := LMS{L: l, M: 10, S: 0.1}
		zq, _ := q.Z(12)
		if math.Abs(zq-z) > 1e-5 {
			t.Errorf("L=%v: Z = %v, want ≈ %v", l, zq, z)
		}
		yq, _ := q.Value(1)
		if math.Abs(yq-y) > 1e-5 {
			t.Errorf("L=%v: Value = %v, want ≈ %v", l, yq, y)
		}
	}
	// L = 1 is a normal distribution with mean M and SD M·S: z = (y−M)/(M·S).
	n := LMS{L: 1, M: 50, S: 0.04}
	if z, _ := n.Z(54); math.Abs(z-2) > 1e-12 {
		t.Errorf("L=1 Z(54) = %v, want 2", z)
	}
	// L = -1: z = ((M/y) - 1)/(-S) = (1 - M/y)/S; y = 20, M = 16, S = 0.1 → 2.
	r := LMS{L: -1, M: 16, S: 0.1}
	if z, _ := r.Z(20); math.Abs(z-2) > 1e-12 {
		t.Errorf("L=-1 Z(20) = %v, want 2", z)
	}
	// Centile of z = 2 is 100·Φ(2) = 97.72498680518208.
	tab, _ := NewLMSTable("n", []LMSRow{{Age: 0, LMS: n}, {Age: 1, LMS: n}})
	c, _ := tab.Centile(0.5, 54, LMSOptions{})
	if math.Abs(c-97.72498680518208) > 1e-9 {
		t.Errorf("Centile = %v, want 97.72498680518208", c)
	}
	v, _ := tab.ValueAtCentile(0.5, 97.72498680518208, LMSOptions{})
	if math.Abs(v-54) > 1e-8 {
		t.Errorf("ValueAtCentile = %v, want 54", v)
	}
	// Beyond the support: L·S·z <= -1.
	if _, err := r.Value(10); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Value beyond support: err = %v", err)
	}
}

func TestLMSInterpolation(t *testing.T) {
	tab, err := NewLMSTable("wfa", []LMSRow{
		{Age: 0, LMS: LMS{0.3487, 3.3464, 0.14602}},
		{Age: 1, LMS: LMS{0.2297, 4.4709, 0.13395}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tab.At(0.25)
	if err != nil {
		t.Fatal(err)
	}
	// Hand: each parameter 3/4 of the first plus 1/4 of the second.
	want := LMS{0.3487*0.75 + 0.2297*0.25, 3.3464*0.75 + 4.4709*0.25, 0.14602*0.75 + 0.13395*0.25}
	if math.Abs(got.L-want.L) > 1e-15 || math.Abs(got.M-want.M) > 1e-14 || math.Abs(got.S-want.S) > 1e-15 {
		t.Errorf("At(0.25) = %+v, want %+v", got, want)
	}
	for _, age := range []float64{-0.01, 1.01, math.NaN()} {
		if _, err := tab.At(age); !errors.Is(err, ErrAgeOutOfRange) {
			t.Errorf("At(%v): err = %v, want ErrAgeOutOfRange", age, err)
		}
	}
	if e, _ := tab.Expected(1); e != 4.4709 {
		t.Errorf("Expected(1) = %v", e)
	}
}

func TestReadLMSCSVErrors(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		field    string
		sentinel error
	}{
		{"missing column", "age,L,M\n0,1,2\n", 1, "S", ErrHeader},
		{"bad number", "age,L,M,S\n0,1,2,0.1\n1,x,2,0.1\n", 3, "L", ErrInvalidLMS},
		{"M not positive", "age,L,M,S\n0,1,0,0.1\n", 2, "M", ErrInvalidLMS},
		{"S not positive", "age,L,M,S\n0,1,2,-0.1\n", 2, "S", ErrInvalidLMS},
		{"age order", "age,L,M,S\n1,1,2,0.1\n1,1,2,0.1\n", 3, "age", ErrInvalidLMS},
		{"short row", "age,L,M,S\n0,1,2\n", 2, "S", ErrInvalidLMS},
		// Issue #13 items 7 and 13.
		{"short row, field count", "age,L,M,S\n0,1,2\n", 2, "S", ErrFieldCount},
		{"extra field", "age,L,M,S\n0,1,2,0.1,EXTRA\n", 2, "", ErrFieldCount},
		{"extra field, invalid table", "age,L,M,S\n0,1,2,0.1,\n", 2, "", ErrInvalidLMS},
		{"hex L", "age,L,M,S\n0,0x1p0,2,0.1\n", 2, "L", field.ErrNotDecimal},
		{"digit separator", "age,L,M,S\n1_0,1,2,0.1\n", 2, "age", field.ErrNotDecimal},
		{"overflow", "age,L,M,S\n0,1,1e400,0.1\n", 2, "M", field.ErrNotFinite},
		{"NaN S", "age,L,M,S\n0,1,2,NaN\n", 2, "S", ErrInvalidLMS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadLMSCSV(strings.NewReader(c.in), LMSReadOptions{})
			if !errors.Is(err, c.sentinel) {
				t.Fatalf("err = %v, want %v", err, c.sentinel)
			}
			var re *RowError
			if !errors.As(err, &re) || re.Line != c.line || re.Field != c.field {
				t.Fatalf("err = %#v, want line %d field %q", re, c.line, c.field)
			}
		})
	}
	// BOM, CRLF, extra columns, case-insensitive header.
	tab, err := ReadLMSCSV(strings.NewReader("\ufeffAge,l,m,s,note\r\n0,1,2,0.1,a\r\n2,1,4,0.2,b\r\n"), LMSReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := tab.At(1); math.Abs(p.M-3) > 1e-15 || math.Abs(p.S-0.15) > 1e-15 {
		t.Errorf("At(1) = %+v", p)
	}
	if _, err := ReadLMSCSV(strings.NewReader(""), LMSReadOptions{}); !errors.Is(err, ErrHeader) {
		t.Errorf("empty: %v", err)
	}
	if _, err := ReadLMSCSV(strings.NewReader("age,L,M,S\n"), LMSReadOptions{}); !errors.Is(err, ErrInvalidLMS) {
		t.Errorf("no rows: %v", err)
	}
}
