package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"hash/fnv"
	"io"
	"os"
)

// csvChunks reads a CSV file a chunk of about rows records at a time, so
// that a reader that returns every record at once (ras.ReadCSV, the pathway
// readers) never holds more than a chunk's. read gets the file's header
// followed by one chunk's records (a UTF-8 byte-order mark left out), and
// lineOffset, to be added to a line number of that input to make it the
// file's. Chunks end at record boundaries found by encoding/csv as the
// readers use it (comma-separated, strict quotes), so each record reaches
// the reader as it is in the file.
//
// A first pass over the file finds the boundaries and calls scan (when not
// nil) on the header and each record; ok is false, and nothing has been
// read, when the file has no header, when encoding/csv cannot read a record
// (a reader reports such a record with lines only the whole file gives) or
// when scan returns false. The caller then reads the file whole.
func csvChunks(name string, rows int, scan func(header, rec []string) bool, read func(r io.Reader, lineOffset int) error) (ok bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	bomLen := int64(0)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		bomLen = 3
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return false, nil
	}
	header = append([]string(nil), header...)
	headerEnd := bomLen + cr.InputOffset()
	var bounds []int64 // end offset of each chunk
	n := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return false, nil
			}
			return false, err
		}
		if scan != nil && !scan(header, rec) {
			return false, nil
		}
		n++
		if n%rows == 0 {
			bounds = append(bounds, bomLen+cr.InputOffset())
		}
	}
	end := bomLen + cr.InputOffset()
	if len(bounds) == 0 || bounds[len(bounds)-1] < end {
		bounds = append(bounds, end)
	}

	// The header, and the line of the file each chunk starts on.
	head := make([]byte, headerEnd-bomLen)
	if _, err := f.ReadAt(head, bomLen); err != nil {
		return false, err
	}
	headLines := bytes.Count(head, []byte{'\n'})
	line := 1 + headLines // the file's line at headerEnd
	var buf []byte
	from := headerEnd
	for _, to := range bounds {
		buf = grow(buf, int(to-from))
		if _, err := f.ReadAt(buf, from); err != nil && !errors.Is(err, io.EOF) {
			return true, err
		}
		if err := read(io.MultiReader(bytes.NewReader(head), bytes.NewReader(buf)), line-(headLines+1)); err != nil {
			return true, err
		}
		line += bytes.Count(buf, []byte{'\n'})
		from = to
	}
	return true, nil
}

// uniqueColumn returns a scan for csvChunks that fails when two records
// have the same value (spaces trimmed, when not empty) in column name, or
// may (two values with the same 64-bit hash).
func uniqueColumn(name string, trim func(string) string) func(header, rec []string) bool {
	col := -2
	seen := map[uint64]struct{}{}
	h := fnv.New64a()
	return func(header, rec []string) bool {
		if col == -2 {
			col = -1
			for i, c := range header {
				if trim(c) == name {
					col = i
				}
			}
		}
		if col < 0 || col >= len(rec) {
			return true
		}
		v := trim(rec[col])
		if v == "" {
			return true
		}
		h.Reset()
		h.Write([]byte(v))
		k := h.Sum64()
		if _, dup := seen[k]; dup {
			return false
		}
		seen[k] = struct{}{}
		return true
	}
}
