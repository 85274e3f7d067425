package disclosure

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// Short names for hand-written expectations.
const (
	S = Shown
	P = Primary
	X = Secondary
)

func TestSuppressList(t *testing.T) {
	tests := []struct {
		name   string
		counts []int
		opts   Options
		want   []Status
	}{
		// 3 hidden; smallest shown non-zero is 8 (0 is passed over).
		{"one small", []int{12, 3, 0, 8, 20}, Options{}, []Status{S, P, S, X, S}},
		// Two hidden already: nothing recoverable.
		{"two small", []int{2, 4, 10}, Options{}, []Status{P, P, S}},
		// Only zeros left to choose from: the first shown zero.
		{"zero fallback", []int{3, 0, 0}, Options{}, []Status{P, X, S}},
		// A single count is its own total.
		{"single", []int{3}, Options{}, []Status{P}},
		{"none small", []int{5, 6, 0}, Options{}, []Status{S, S, S}},
		// Zeros suppressed on request.
		{"suppress zeros", []int{0, 7, 9}, Options{SuppressZeros: true}, []Status{P, X, S}},
		// Threshold 10: 9 hidden, 10 is the next smallest.
		{"threshold 10", []int{9, 10, 11}, Options{Threshold: 10}, []Status{P, X, S}},
		// Threshold 1: only zeros can be primary.
		{"threshold 1", []int{1, 2, 0}, Options{Threshold: 1}, []Status{S, S, S}},
		// Ties: the lowest index.
		{"tie", []int{4, 9, 9}, Options{}, []Status{P, X, S}},
		// No total published: no secondary.
		{"without totals", []int{12, 3, 8}, Options{WithoutTotals: true}, []Status{S, P, S}},
		{"empty", nil, Options{}, []Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := SuppressList(tt.counts, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Status) != len(tt.want) {
				t.Fatalf("got %v, want %v", l.Status, tt.want)
			}
			for i := range tt.want {
				if l.Status[i] != tt.want[i] {
					t.Errorf("status %v, want %v", l.Status, tt.want)
					break
				}
				if l.Hidden(i) != (tt.want[i] != Shown) || l.Counts[i] != tt.counts[i] {
					t.Errorf("cell %d: Hidden %v, count %d", i, l.Hidden(i), l.Counts[i])
				}
			}
		})
	}
}

func TestSuppressTable(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		opts   Options
		want   [][]Status
	}{
		{
			// Primary cells share column 0; each row then needs a partner:
			// row 0: min(10, 12) = 10; row 1: min(20, 30) = 20. Column 1 now
			// has two hidden cells. Stable.
			name:   "two primaries",
			counts: [][]int{{3, 10, 12}, {4, 20, 30}},
			want:   [][]Status{{P, X, S}, {P, X, S}},
		},
		{
			// Cascade. Primary (0,1)=3.
			// Pass 1, rows:    row 0 -> min(20,15,30) = 15 at (0,2).
			// Pass 1, columns: col 1 -> min(25,22) = 22 at (2,1);
			//                  col 2 -> min(9,35) = 9 at (1,2).
			// Pass 2, rows:    row 1 -> min(12,25,40) = 12 at (1,0);
			//                  row 2 -> min(18,35,11) = 11 at (2,3).
			// Pass 2, columns: col 0 -> min(20,18) = 18 at (2,0);
			//                  col 3 -> min(30,40) = 30 at (0,3).
			// Pass 3: every row and column has 0 or >= 2 hidden cells.
			name: "cascade",
			counts: [][]int{
				{20, 3, 15, 30},
				{12, 25, 9, 40},
				{18, 22, 35, 11},
			},
			want: [][]Status{
				{S, P, X, X},
				{X, S, X, S},
				{X, X, S, X},
			},
		},
		{
			// Primary (1,2)=2. Row 1 -> min non-zero(6,7) = 6 at (1,0).
			// Column 0 -> only a zero is shown: (0,0). Column 2 -> 9 at (0,2).
			name:   "zero as last resort",
			counts: [][]int{{0, 8, 9}, {6, 7, 2}},
			want:   [][]Status{{X, S, X}, {X, S, P}},
		},
		{
			// One column: rows are single cells; the column needs a partner.
			name:   "single column",
			counts: [][]int{{3}, {10}, {12}},
			want:   [][]Status{{P}, {X}, {S}},
		},
		{
			name:   "nothing small",
			counts: [][]int{{5, 0}, {7, 9}},
			want:   [][]Status{{S, S}, {S, S}},
		},
		{
			name:   "without totals",
			counts: [][]int{{3, 10}, {10, 12}},
			opts:   Options{WithoutTotals: true},
			want:   [][]Status{{P, S}, {S, S}},
		},
		{
			// Zeros suppressed: (0,1)=0 and (1,0)=0 primary; every line then
			// has exactly one hidden cell: row 0 -> 6 at (0,0) ... which
			// also completes column 0; row 1 -> 8 at (1,1), completing
			// column 1.
			name:   "suppress zeros",
			counts: [][]int{{6, 0}, {0, 8}},
			opts:   Options{SuppressZeros: true},
			want:   [][]Status{{X, P}, {P, X}},
		},
		{name: "empty", counts: nil, want: [][]Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := SuppressTable(tt.counts, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.Status) != len(tt.want) {
				t.Fatalf("got %v, want %v", tab.Status, tt.want)
			}
			for i := range tt.want {
				for j := range tt.want[i] {
					if tab.Status[i][j] != tt.want[i][j] {
						t.Fatalf("status\n%v\nwant\n%v", tab.Status, tt.want)
					}
					if tab.Hidden(i, j) != tt.want[i][j].Hidden() || tab.Counts[i][j] != tt.counts[i][j] {
						t.Errorf("cell (%d,%d)", i, j)
					}
				}
			}
			checkInvariants(t, tt.counts, tab)
		})
	}
}

func TestFormat(t *testing.T) {
	tab, err := SuppressTable([][]int{{3, 10, 12}, {40, 20, 30}}, Options{PrimaryMark: "<5", SecondaryMark: "[c]"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range tab.Counts {
		for j := range tab.Counts[i] {
			got = append(got, tab.Format(i, j))
		}
	}
	// Row 0: 3 primary, 10 secondary; column 0: 40 secondary; column 1: 20 secondary.
	if s := strings.Join(got, " "); s != "<5 [c] 12 [c] [c] 30" {
		t.Errorf("got %q", s)
	}
	l, _ := SuppressList([]int{2, 0, 7}, Options{})
	if s := l.Format(0) + " " + l.Format(1) + " " + l.Format(2); s != "* 0 *" {
		t.Errorf("list: got %q", s)
	}
	if Shown.String() != "shown" || Primary.String() != "primary" || Secondary.String() != "secondary" || Status(9).String() != "Status(9)" {
		t.Error("Status.String")
	}
}

func TestErrors(t *testing.T) {
	_, err := SuppressTable([][]int{{1, 2}, {3, -1}}, Options{})
	var ce *CellError
	if !errors.Is(err, ErrNegative) || !errors.As(err, &ce) || ce.Row != 1 || ce.Col != 1 || ce.Value != -1 {
		t.Errorf("negative: %v", err)
	}
	if _, err := SuppressList([]int{4, -2}, Options{}); !errors.Is(err, ErrNegative) || !errors.As(err, &ce) || ce.Col != 1 {
		t.Errorf("negative list: %v", err)
	}
	if _, err := SuppressTable([][]int{{1, 2}, {3}}, Options{}); !errors.Is(err, ErrRagged) {
		t.Errorf("ragged: %v", err)
	}
	if _, err := SuppressList([]int{1}, Options{Threshold: -1}); !errors.Is(err, ErrThreshold) {
		t.Errorf("threshold: %v", err)
	}
	if _, err := SuppressTable(nil, Options{Threshold: -3}); !errors.Is(err, ErrThreshold) {
		t.Errorf("threshold: %v", err)
	}
	for _, e := range []error{ErrNegative, ErrRagged, ErrThreshold, &CellError{Err: ErrNegative}} {
		if !strings.HasPrefix(e.Error(), "disclosure: ") {
			t.Errorf("message %q", e)
		}
	}
}

func TestInputNotModified(t *testing.T) {
	in := [][]int{{3, 10}, {10, 12}}
	tab, _ := SuppressTable(in, Options{})
	tab.Counts[0][0] = 99
	if in[0][0] != 3 {
		t.Error("result aliases the input")
	}
}

// checkInvariants verifies the rule's guarantees on any result.
func checkInvariants(t *testing.T, counts [][]int, tab *Table) {
	t.Helper()
	o := tab.Options
	nr := len(counts)
	nc := 0
	if nr > 0 {
		nc = len(counts[0])
	}
	for i := range nr {
		for j := range nc {
			c, s := counts[i][j], tab.Status[i][j]
			small := (c > 0 && c < o.Threshold) || (c == 0 && o.SuppressZeros)
			if small != (s == Primary) {
				t.Fatalf("cell (%d,%d) = %d has status %v (threshold %d)", i, j, c, s, o.Threshold)
			}
			if tab.Counts[i][j] != c {
				t.Fatalf("count changed at (%d,%d)", i, j)
			}
			f := tab.Format(i, j)
			switch {
			case s == Primary && f != o.PrimaryMark, s == Secondary && f != o.SecondaryMark:
				t.Fatalf("hidden cell (%d,%d) formatted as %q", i, j, f)
			case s == Shown && f != strconv.Itoa(c):
				t.Fatalf("shown cell (%d,%d) = %d formatted as %q", i, j, c, f)
			}
		}
	}
	if o.WithoutTotals {
		return
	}
	for i := range nr {
		h := 0
		for j := range nc {
			if tab.Hidden(i, j) {
				h++
			}
		}
		if h == 1 && nc > 1 {
			t.Fatalf("row %d has exactly one hidden cell:\n%v\n%v", i, counts, tab.Status)
		}
	}
	for j := range nc {
		h := 0
		for i := range nr {
			if tab.Hidden(i, j) {
				h++
			}
		}
		if h == 1 && nr > 1 {
			t.Fatalf("column %d has exactly one hidden cell:\n%v\n%v", j, counts, tab.Status)
		}
	}
}

func FuzzSuppressTable(f *testing.F) {
	f.Add([]byte{3, 20, 3, 15, 30, 12, 25, 9, 40, 18, 22, 35, 11}, uint8(0), false)
	f.Add([]byte{2, 0, 8, 9, 6, 7, 2}, uint8(0), true)
	f.Add([]byte{1, 3, 10, 12}, uint8(10), false)
	f.Add([]byte{}, uint8(0), false)
	f.Fuzz(func(t *testing.T, data []byte, threshold uint8, zeros bool) {
		if len(data) == 0 {
			return
		}
		nc := int(data[0]%8) + 1
		cells := data[1:]
		nr := len(cells) / nc
		if nr > 12 {
			nr = 12
		}
		counts := make([][]int, nr)
		for i := range nr {
			counts[i] = make([]int, nc)
			for j := range nc {
				counts[i][j] = int(cells[i*nc+j]) % 40
			}
		}
		opts := Options{Threshold: int(threshold % 20), SuppressZeros: zeros}
		tab, err := SuppressTable(counts, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, counts, tab)
		// The list form obeys the same rule on one line.
		if nr > 0 {
			l, err := SuppressList(counts[0], opts)
			if err != nil {
				t.Fatal(err)
			}
			h := 0
			for j := range nc {
				if l.Hidden(j) {
					h++
				}
				c := counts[0][j]
				small := (c > 0 && c < tab.Options.Threshold) || (c == 0 && zeros)
				if small != (l.Status[j] == Primary) {
					t.Fatalf("list cell %d = %d: %v", j, c, l.Status[j])
				}
			}
			if h == 1 && nc > 1 {
				t.Fatalf("list %v has one hidden cell: %v", counts[0], l.Status)
			}
		}
	})
}

func TestStatusText(t *testing.T) {
	b, err := json.Marshal([]Status{Shown, Primary, Secondary})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `["shown","primary","secondary"]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var back []Status
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 3 || back[1] != Primary || back[2] != Secondary {
		t.Errorf("round trip: %v, %v", back, err)
	}
	var s Status
	if err := json.Unmarshal([]byte(`"hidden"`), &s); err == nil {
		t.Error(`"hidden" accepted`)
	}
	if _, err := Status(9).MarshalText(); err == nil {
		t.Error("out-of-range status marshalled")
	}
}
