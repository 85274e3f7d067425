package pathway

import "hash/maphash"

// idIndex numbers distinct string IDs 0, 1, 2… in order of first sight. It
// keys a compact map on a 64-bit hash (cache-friendly for millions of IDs)
// and verifies every hit against the stored ID; IDs whose hash collides
// with a different ID go to a small exact map.
type idIndex struct {
	seed  maphash.Seed
	h     map[uint64]int32
	names []string
	coll  map[string]int32
}

func newIDIndex(capacity int) *idIndex {
	return &idIndex{seed: maphash.MakeSeed(), h: make(map[uint64]int32, capacity), names: make([]string, 0, capacity)}
}

// add returns the number of s and whether it was already known.
func (x *idIndex) add(s string) (int32, bool) {
	k := maphash.String(x.seed, s)
	if id, ok := x.h[k]; ok {
		if x.names[id] == s {
			return id, true
		}
		if x.coll == nil {
			x.coll = map[string]int32{}
		}
		if id, ok := x.coll[s]; ok {
			return id, true
		}
		id = int32(len(x.names))
		x.names = append(x.names, s)
		x.coll[s] = id
		return id, false
	}
	id := int32(len(x.names))
	x.names = append(x.names, s)
	x.h[k] = id
	return id, false
}

// find returns the number of s, or -1.
func (x *idIndex) find(s string) int32 {
	k := maphash.String(x.seed, s)
	if id, ok := x.h[k]; ok {
		if x.names[id] == s {
			return id
		}
		if id, ok := x.coll[s]; ok {
			return id
		}
	}
	return -1
}
