package independence

import (
	"errors"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// TestErrorsNamePackageOnce checks that errors wrapping a sentinel and a
// cause start with the package name once and stay usable with errors.Is.
func TestErrorsNamePackageOnce(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
		is   error
	}{
		{"LoadInstrument bad JSON", func() error {
			_, err := LoadInstrument(strings.NewReader(`{"id": 3}`))
			return err
		}, ErrInvalidInstrument},
		{"SuppressCentiles bad options", func() error {
			_, err := SuppressCentiles(CentileTable{}, nil, disclosure.Options{Threshold: -1})
			return err
		}, ErrInvalidOptions},
		{"ReadHelpCSV bad header", func() error {
			_, _, err := ReadHelpCSV(strings.NewReader("\"a\"b\n"))
			return err
		}, ErrHeader},
		{"ReadLMSCSV bad header", func() error {
			_, err := ReadLMSCSV(strings.NewReader("\"a\"b\n"), LMSReadOptions{})
			return err
		}, ErrHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "independence: ") || strings.Count(msg, "independence: ") != 1 {
				t.Errorf("message %q should name the package once, at the start", msg)
			}
		})
	}
}
