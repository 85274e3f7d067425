package badinput

import (
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/pathway"
)

func pathwayOutcome[T any](recs []T, rep *pathway.ReadReport, err error) readOutcome {
	o := readOutcome{fatal: err, rejected: map[int][]rejection{}}
	if rep == nil {
		return o
	}
	o.rows, o.accepted = rep.Rows, rep.Accepted
	for _, re := range rep.Rejected {
		if len(o.rejected[re.Line]) == 0 {
			o.rejRows++
		}
		o.rejected[re.Line] = append(o.rejected[re.Line], rejection{re.Line, re.Column, re.Field, re})
	}
	return o
}

var pathwaySentinels = []error{pathway.ErrMissing, pathway.ErrID, pathway.ErrDate, pathway.ErrUnknownEventType,
	pathway.ErrUnknownService, pathway.ErrNumber, pathway.ErrNegativeAmount, pathway.ErrEndBeforeStart,
	pathway.ErrFieldCount, pathway.ErrCSV, pathway.ErrText}

// pathwayDate: ISO or UK dates, an ISO date-time with a valid clock.
func pathwayDate(v string) bool {
	s := trim(v)
	if len(s) == 10 && s[2] == '/' && s[5] == '/' {
		return isoDate(s[6:] + "-" + s[3:5] + "-" + s[:2])
	}
	if len(s) > 10 {
		_, err := pathway.ParseDate(s) // the clock's rule is ParseDate's own (checked in its tests)
		return err == nil && isoDate(s[:10])
	}
	return isoDate(s)
}

// pathwayAmount: a plain decimal, no exponent, ≥ 0, at most 15 digits
// before the point and 8 after, an optional "£".
func pathwayAmount(v string) bool {
	s := strings.TrimPrefix(trim(v), "£")
	x, ok := plainNumber(s)
	if !ok || strings.ContainsAny(s, "eE+") || x < 0 {
		return false
	}
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	return len(ip) <= 15 && len(fp) <= 8
}

func pathwayFormats() []csvFormat {
	ev := []string{"person_id", "event_type", "event_date", "episode_id", "event_outcome", "event_id", "service_id"}
	sv := []string{"service_id", "person_id", "service_type", "start_date", "end_date", "provider", "episode_id", "planned_units_per_week", "unit_cost"}
	fn := []string{"person_id", "service_id", "period_start", "period_end", "amount", "transaction_id"}
	return []csvFormat{
		{
			entry: "pathway.ReadEvents", header: ev,
			row: []string{"P1", "request", "2024-10-16", "EP1", "Progress to assessment", "E1", "S1"},
			accept: map[string]rule{
				"person_id": must(idReq), "event_type": must(never),
				"event_date": must(pathwayDate), "episode_id": must(idOpt), "event_outcome": must(idOpt),
				"event_id": must(idOpt), "service_id": must(idOpt),
			},
			sentinels: pathwaySentinels,
			read: func(doc string) readOutcome {
				return pathwayOutcome(pathway.ReadEvents(strings.NewReader(doc)))
			},
		},
		{
			entry: "pathway.ReadServices", header: sv,
			row: []string{"S1", "P1", "long_term_community", "1900-01-01", "2100-12-31", "Homecare 4", "EP1", "9", "25.13"},
			accept: map[string]rule{
				"service_id": must(idReq), "person_id": must(idReq), "service_type": must(never),
				"start_date": must(pathwayDate), "end_date": must(or(blank, pathwayDate)),
				"provider": must(idOpt), "episode_id": must(idOpt),
				"planned_units_per_week": must(or(blank, pathwayAmount)), "unit_cost": must(or(blank, pathwayAmount)),
			},
			sentinels: pathwaySentinels,
			read: func(doc string) readOutcome {
				return pathwayOutcome(pathway.ReadServices(strings.NewReader(doc)))
			},
		},
		{
			entry: "pathway.ReadTransactions", header: fn,
			row: []string{"P1", "S1", "1900-01-01", "2100-12-31", "809.13", "T1"},
			accept: map[string]rule{
				"person_id": must(idReq), "service_id": must(idOpt),
				"period_start": must(pathwayDate), "period_end": must(or(blank, pathwayDate)),
				"amount": must(pathwayAmount), "transaction_id": must(idOpt),
			},
			sentinels: pathwaySentinels,
			read: func(doc string) readOutcome {
				return pathwayOutcome(pathway.ReadTransactions(strings.NewReader(doc)))
			},
		},
	}
}

func TestPathwayReaders(t *testing.T) {
	for _, f := range pathwayFormats() {
		t.Run(f.entry, func(t *testing.T) { runCSVFormat(t, f) })
	}
}
