package field

import (
	"errors"
	"math"
	"testing"
)

func TestFloat(t *testing.T) {
	ok := []struct {
		in   string
		want float64
	}{
		{"0", 0}, {"12.50", 12.5}, {"-3", -3}, {"+.5", 0.5}, {"5.", 5}, {"1e5", 1e5}, {"1E-2", 0.01},
		{"-0", math.Copysign(0, -1)}, {"1e-400", 0}, {"1.7976931348623157e308", math.MaxFloat64},
	}
	for _, c := range ok {
		got, err := Float(c.in)
		if err != nil || got != c.want {
			t.Errorf("Float(%q) = %v, %v; want %v, nil", c.in, got, err, c.want)
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{"", ErrNotDecimal}, {" 1", ErrNotDecimal}, {"1 ", ErrNotDecimal}, {"0x1p3", ErrNotDecimal},
		{"1_0", ErrNotDecimal}, {"inf", ErrNotDecimal}, {"-Infinity", ErrNotDecimal}, {"NaN", ErrNotDecimal},
		{"12,50", ErrNotDecimal}, {".", ErrNotDecimal}, {"-", ErrNotDecimal}, {"1e", ErrNotDecimal},
		{"1e+", ErrNotDecimal}, {"1.2.3", ErrNotDecimal}, {"£5", ErrNotDecimal}, {"e5", ErrNotDecimal},
		{"1e400", ErrNotFinite}, {"-1e400", ErrNotFinite},
	}
	for _, c := range bad {
		if got, err := Float(c.in); !errors.Is(err, c.want) || got != 0 {
			t.Errorf("Float(%q) = %v, %v; want 0 and an error wrapping %v", c.in, got, err, c.want)
		}
	}
}

func TestID(t *testing.T) {
	for _, s := range []string{"", "P-1", "Zoë", "名前", "a b"} {
		if err := ID(s); err != nil {
			t.Errorf("ID(%q) = %v, want nil", s, err)
		}
	}
	// A byte-order mark anywhere: "\ufeffP1" looks like "P1" but does not
	// match it (a file joined to another that began with one).
	for _, s := range []string{"a\x00b", "\xff", "ab\xc3", "tab\there", "del\x7f", "c1\u0085", "\ufeffP1", "P\ufeff1"} {
		if err := ID(s); !errors.Is(err, ErrText) {
			t.Errorf("ID(%q) = %v, want an error wrapping ErrText", s, err)
		}
	}
}

func TestYear(t *testing.T) {
	for _, y := range []int{MinYear, 2025, MaxYear} {
		if err := Year(y); err != nil {
			t.Errorf("Year(%d) = %v", y, err)
		}
	}
	for _, y := range []int{0, MinYear - 1, MaxYear + 1, 9999, -5} {
		if err := Year(y); !errors.Is(err, ErrYear) {
			t.Errorf("Year(%d) = %v, want ErrYear", y, err)
		}
	}
}

func FuzzFloat(f *testing.F) {
	for _, s := range []string{"1", "0x1p3", "1e400", "-.5e-3", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := Float(s)
		if err != nil {
			return
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("Float(%q) = %v with no error", s, x)
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !('0' <= c && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				t.Fatalf("Float(%q) accepted byte %q", s, c)
			}
		}
	})
}
