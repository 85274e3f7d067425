package cld

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// splitter splits CSV (RFC 4180, as encoding/csv reads it without
// LazyQuotes) into records without copying unquoted records: the fields
// of a record without quotes are slices of the bufio buffer, valid until
// the next call. A quoted field may span lines; a record whose quote is
// still open after maxLines physical lines, or that grows beyond maxBytes,
// is one malformed row (its first line), and reading resumes on the line
// after it.
type splitter struct {
	br       *bufio.Reader
	maxBytes int
	maxLines int

	phys    int      // physical lines read so far
	read    int64    // bytes read so far
	pending [][]byte // lines to re-read (copies), after a failed multi-line record
	pendAt  int      // physical line number of pending[0]
	first   bool     // next line is the file's first (strip a BOM)

	long   []byte   // an over-long physical line
	rec    []byte   // unescaped quoted record
	offs   []int    // field boundaries in rec
	fields [][]byte // the current record's fields
	raw    [][]byte // copies of the physical lines of a quoted record
	start  int      // line where the current record starts
}

func newSplitter(r io.Reader, maxBytes, maxLines int) *splitter {
	return &splitter{br: bufio.NewReaderSize(r, 1<<20), maxBytes: maxBytes, maxLines: maxLines, first: true}
}

// errLong marks a physical line longer than maxBytes.
var errLong = errors.New("line too long")

// readLine returns the next physical line without its line end, its
// number, or io.EOF. The slice is valid until the next call. A line longer
// than maxBytes is consumed and returned as errLong.
func (s *splitter) readLine() ([]byte, int, error) {
	if len(s.pending) > 0 {
		l := s.pending[0]
		s.pending = s.pending[1:]
		n := s.pendAt
		s.pendAt++
		return l, n, nil
	}
	line, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.long = append(s.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = s.br.ReadSlice('\n')
			if len(s.long) <= s.maxBytes {
				s.long = append(s.long, line...)
			}
		}
		line = s.long
	}
	if err != nil && err != io.EOF {
		return nil, 0, err
	}
	if len(line) == 0 && err == io.EOF {
		return nil, 0, io.EOF
	}
	s.phys++
	s.read += int64(len(line))
	if len(line) > 0 && line[len(line)-1] == '\n' {
		line = line[:len(line)-1]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
	}
	if s.first {
		s.first = false
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	if len(line) > s.maxBytes {
		return nil, s.phys, errLong
	}
	return line, s.phys, nil
}

// next returns the next record's fields and the line it starts on. Blank
// lines are skipped. It returns io.EOF at the end, a *RowError wrapping
// ErrCSV for a malformed record (reading can go on), or a read error.
func (s *splitter) next() ([][]byte, int, error) {
	for {
		line, n, err := s.readLine()
		if err == errLong {
			return nil, n, &RowError{Line: n, Err: fmt.Errorf("%w: line longer than %d bytes", ErrCSV, s.maxBytes)}
		}
		if err != nil {
			return nil, 0, err
		}
		s.start = n
		if len(line) == 0 {
			continue
		}
		if bytes.IndexByte(line, '"') < 0 {
			s.fields = s.fields[:0]
			for {
				i := bytes.IndexByte(line, ',')
				if i < 0 {
					s.fields = append(s.fields, line)
					break
				}
				s.fields = append(s.fields, line[:i])
				line = line[i+1:]
			}
			return s.fields, n, nil
		}
		f, err := s.quoted(line)
		return f, s.start, err
	}
}

// quoted parses a record holding quotes, starting with line: on the line
// alone when its quotes close on it, else across lines.
func (s *splitter) quoted(line []byte) ([][]byte, error) {
	if f, open, msg := s.oneLine(line); !open {
		if msg != "" {
			return nil, &RowError{Line: s.start, Err: fmt.Errorf("%w: %s", ErrCSV, msg)}
		}
		return f, nil
	}
	return s.multiLine(line)
}

// oneLine splits a line holding quotes without copying it: fields are
// slices of the line, except quoted fields with doubled quotes, which are
// unquoted into s.rec. open reports a quoted field left open at the end of
// the line; msg is the error of a malformed record.
func (s *splitter) oneLine(line []byte) (fields [][]byte, open bool, msg string) {
	type span struct {
		rec        bool
		start, end int
	}
	var spans [64]span
	sp := spans[:0]
	s.rec = s.rec[:0]
	i := 0
	for {
		if i < len(line) && line[i] == '"' {
			i++
			j := bytes.IndexByte(line[i:], '"')
			if j < 0 {
				return nil, true, ""
			}
			if i+j+1 < len(line) && line[i+j+1] == '"' {
				// doubled quotes: unquote into rec
				st := len(s.rec)
				for {
					j := bytes.IndexByte(line[i:], '"')
					if j < 0 {
						return nil, true, ""
					}
					s.rec = append(s.rec, line[i:i+j]...)
					i += j + 1
					if i < len(line) && line[i] == '"' {
						s.rec = append(s.rec, '"')
						i++
						continue
					}
					break
				}
				sp = append(sp, span{true, st, len(s.rec)})
			} else {
				sp = append(sp, span{false, i, i + j})
				i += j + 1
			}
			if i < len(line) && line[i] != ',' {
				return nil, false, fmt.Sprintf("extraneous %q after a closing quote", line[i])
			}
		} else {
			j := bytes.IndexByte(line[i:], ',')
			end := len(line)
			if j >= 0 {
				end = i + j
			}
			if bytes.IndexByte(line[i:end], '"') >= 0 {
				return nil, false, `bare " in a field without quotes`
			}
			sp = append(sp, span{false, i, end})
			i = end
		}
		if i >= len(line) {
			break
		}
		i++ // the comma
		if i == len(line) {
			sp = append(sp, span{false, i, i})
			break
		}
	}
	s.fields = s.fields[:0]
	for _, x := range sp {
		if x.rec {
			s.fields = append(s.fields, s.rec[x.start:x.end])
		} else {
			s.fields = append(s.fields, line[x.start:x.end])
		}
	}
	return s.fields, false, ""
}

// multiLine parses a record whose quoted field spans lines.
func (s *splitter) multiLine(line []byte) ([][]byte, error) {
	s.rec = s.rec[:0]
	s.offs = append(s.offs[:0], 0)
	s.raw = s.raw[:0]
	lines := 1
	fail := func(msg string) ([][]byte, error) {
		if lines > 1 {
			// give back every line after the first
			s.pending = append(s.raw[1:len(s.raw):len(s.raw)], s.pending...)
			s.pendAt = s.start + 1
			s.raw = nil
		}
		return nil, &RowError{Line: s.start, Err: fmt.Errorf("%w: %s", ErrCSV, msg)}
	}
	keep := func(l []byte) { s.raw = append(s.raw, append([]byte(nil), l...)) }
	keep(line)
	i := 0
	for {
		// at the start of a field
		if i < len(line) && line[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(line[i:], '"')
				if j < 0 {
					// the quoted field goes on to the next line
					s.rec = append(s.rec, line[i:]...)
					s.rec = append(s.rec, '\n')
					if lines >= s.maxLines || len(s.rec) > s.maxBytes {
						return fail("quoted field not closed")
					}
					next, _, err := s.readLine()
					if err != nil {
						return fail("quoted field not closed")
					}
					keep(next)
					lines++
					line, i = next, 0
					continue
				}
				s.rec = append(s.rec, line[i:i+j]...)
				i += j + 1
				if i < len(line) && line[i] == '"' {
					s.rec = append(s.rec, '"')
					i++
					continue
				}
				break
			}
			if len(s.rec) > s.maxBytes {
				return fail("record too long")
			}
			if i < len(line) && line[i] != ',' {
				return fail(fmt.Sprintf("extraneous %q after a closing quote", line[i]))
			}
		} else {
			j := bytes.IndexByte(line[i:], ',')
			end := len(line)
			if j >= 0 {
				end = i + j
			}
			if bytes.IndexByte(line[i:end], '"') >= 0 {
				return fail(`bare " in a field without quotes`)
			}
			s.rec = append(s.rec, line[i:end]...)
			i = end
		}
		s.offs = append(s.offs, len(s.rec))
		if i >= len(line) {
			break
		}
		i++ // the comma
		if i == len(line) {
			s.offs = append(s.offs, len(s.rec)) // a trailing empty field
			break
		}
	}
	s.fields = s.fields[:0]
	for k := 1; k < len(s.offs); k++ {
		s.fields = append(s.fields, s.rec[s.offs[k-1]:s.offs[k]])
	}
	return s.fields, nil
}
