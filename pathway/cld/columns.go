package cld

import (
	"fmt"
	"strings"
)

// colID is a column the reader turns into a typed row column.
type colID uint8

const (
	cLACode colID = iota
	cLAName
	cRPStart
	cRPEnd
	cImport
	cLocal
	cNHS
	cDOB
	cBirthYear
	cBirthMonth
	cDeath
	cGender
	cEthnicity
	cClientType
	cPSR
	cAccommodation
	cEmployment
	cUnpaidCarer
	cEventType
	cStart
	cEnd
	cOutcome
	cRoute
	cServiceType
	cComponent
	cDelivery
	cUnitCost
	cCostFreq
	cUnits
	cReviewReason
	numCols
)

// colSpec describes a typed column: its name in reports (NHS England's
// spelling, or the specification's for council-only columns), the header
// spellings it accepts in either layout or in one, and its defined list.
type colSpec struct {
	canon   string
	any     []string
	council []string
	nhse    []string
	list    List
	hasList bool
}

func enumCol(canon string, l List, alt ...string) colSpec {
	return colSpec{canon: canon, any: append([]string{canon}, alt...), list: l, hasList: true}
}

var colSpecs = [numCols]colSpec{
	cLACode:        {canon: "LA_Code", any: []string{"LA_Code"}},
	cLAName:        {canon: "LA_Name", any: []string{"LA_Name"}},
	cRPStart:       {canon: "Reporting_Period_Start_Date", any: []string{"Reporting_Period_Start_Date"}},
	cRPEnd:         {canon: "Reporting_Period_End_Date", any: []string{"Reporting_Period_End_Date"}},
	cImport:        {canon: "ImportDate", any: []string{"ImportDate"}},
	cLocal:         {canon: "LA_Person_Unique_Identifier", council: []string{"LA_Person_Unique_Identifier"}, nhse: []string{"Der_LA_Person_Unique_Identifier_Pseudo"}},
	cNHS:           {canon: "NHS_Number", council: []string{"NHS_Number"}, nhse: []string{"Der_NHS_Number_Traced_Pseudo", "Der_NHS_Number_Pseudo"}},
	cDOB:           {canon: "Date_of_Birth", council: []string{"Date_of_Birth"}},
	cBirthYear:     {canon: "Der_Birth_Year", nhse: []string{"Der_Birth_Year"}},
	cBirthMonth:    {canon: "Der_Birth_Month", nhse: []string{"Der_Birth_Month"}},
	cDeath:         {canon: "Date_of_Death", any: []string{"Date_of_Death"}},
	cGender:        enumCol("Gender", ListGender),
	cEthnicity:     enumCol("Ethnicity", ListEthnicity),
	cClientType:    enumCol("Client_Type", ListClientType),
	cPSR:           enumCol("Primary_Support_Reason", ListPrimarySupportReason),
	cAccommodation: enumCol("Accommodation_Status", ListAccommodationStatus),
	cEmployment:    enumCol("Employment_Status", ListEmploymentStatus),
	cUnpaidCarer:   enumCol("Has_Unpaid_Carer", ListHasUnpaidCarer),
	cEventType:     enumCol("Event_Type", ListEventType),
	cStart:         {canon: "Event_Start_Date", any: []string{"Event_Start_Date"}},
	cEnd:           {canon: "Event_End_Date", any: []string{"Event_End_Date"}},
	cOutcome:       enumCol("Event_Outcome", ListEventOutcome),
	cRoute:         enumCol("Request_Route_of_Access", ListRouteOfAccess),
	cServiceType:   enumCol("Service_Type", ListServiceType),
	cComponent:     enumCol("Service_Component", ListServiceComponent),
	cDelivery:      enumCol("Delivery_Mechanism", ListDeliveryMechanism),
	cUnitCost:      {canon: "Unit_Cost", any: []string{"Unit_Cost"}},
	cCostFreq:      enumCol("Cost_Frequency_(Unit_Type)", ListCostFrequency),
	cUnits:         {canon: "Planned_units_per_week", any: []string{"Planned_units_per_week"}},
	cReviewReason:  enumCol("Review_Reason", ListReviewReason),
}

// knownText are columns of the CLD specification or NHS England's view
// that the package keeps as text (TextColumn.Known is true).
var knownText = []string{
	"Der_Unique_Record_ID", "Event_Reference", "Event_Description", "Assessment_Type",
	"Eligible_Needs_Identified", "Method_of_Assessment", "Review_Outcomes_Achieved", "Method_of_Review",
	"Total_Hrs_Caring_per_week", "No_of_adults_being_cared_for", "Adult_1_Linked_Person_ID",
	"Adult_2_Linked_Person_ID", "Adult_3_Linked_Person_ID", "Der_Adult_1_Linked_Person_ID_Pseudo",
	"Der_Adult_2_Linked_Person_ID_Pseudo", "Der_Adult_3_Linked_Person_ID_Pseudo", "Provider_CQC_Location_ID",
	"Provider_CQC_Location_Name", "GP_Practice_Code", "GP_Practice_Name", "Postcode", "Der_Postcode_Sector",
	"Autism_Spectrum_Disorder_ASD", "Visual_Impairment", "Hearing_Impairment", "Dementia",
	"Client_Funding_Status", "First_Name", "Last_Name", "Der_NHS_Number_Pseudo",
}

// headerKey is the matching key of a header: letters and digits only,
// lower case ("Request: Route of Access" and "Request_Route_of_Access"
// are both "requestrouteofaccess").
func headerKey(h string) []byte {
	k := make([]byte, 0, len(h))
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'A' <= c && c <= 'Z':
			k = append(k, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			k = append(k, c)
		case c >= 0x80:
			k = append(k, c)
		}
	}
	return k
}

type colRef struct {
	col    colID
	layout Layout // LayoutDetect: either layout
	rank   int    // preference among names of the same column
}

var headerIndex = map[string]colRef{}
var knownTextIndex = map[string]bool{}

func init() {
	for c := range numCols {
		s := &colSpecs[c]
		for _, n := range s.any {
			headerIndex[string(headerKey(n))] = colRef{col: c}
		}
		for i, n := range s.council {
			headerIndex[string(headerKey(n))] = colRef{col: c, layout: LayoutCouncil, rank: i}
		}
		for i, n := range s.nhse {
			headerIndex[string(headerKey(n))] = colRef{col: c, layout: LayoutNHSE, rank: i}
		}
	}
	for _, n := range knownText {
		knownTextIndex[string(headerKey(n))] = true
	}
}

// ColumnUse says what the reader made of one header column.
type ColumnUse struct {
	Index  int    // 1-based field number
	Header string // as spelled in the file
	// Field is the column's name in this package's reports (for a typed
	// column, NHS England's spelling) or "" for a text column.
	Field string
	// Use is "typed", "text" (a known column kept as text), "unknown" (kept
	// as text), "skipped" (unknown, Options.SkipUnknownColumns) or
	// "shadowed" (a second spelling of a typed column, kept as text).
	Use string
}

// header maps a header row; it returns the field index of each typed
// column (−1 when absent), the text columns and the layout.
type header struct {
	pos    [numCols]int
	rank   [numCols]int
	layout Layout
	text   []textPos
	uses   []ColumnUse
	n      int
	// assessType is the field index of Assessment_Type (−1 when absent),
	// used by the mandatory-field rules.
	assessType int
}

type textPos struct {
	idx  int
	col  *TextColumn
	free bool // free text: tabs and line breaks allowed
}

// freeText are the known text columns that hold free text; unknown
// columns are free text too.
var freeText = map[string]bool{"eventdescription": true, "providercqclocationname": true, "gppracticename": true}

func parseHeader(fields []string, opt *Options) (*header, error) {
	h := &header{n: len(fields), assessType: -1}
	for c := range h.pos {
		h.pos[c] = -1
	}
	seen := map[string]int{}
	var council, nhse []string
	for i, raw := range fields {
		name := strings.TrimSpace(raw)
		if err := textOK([]byte(name)); err != nil {
			return nil, fmt.Errorf("%w: column %d: %v", ErrHeader, i+1, err)
		}
		k := string(headerKey(name))
		if k == "" {
			return nil, fmt.Errorf("%w: column %d has no name", ErrHeader, i+1)
		}
		if j, dup := seen[k]; dup {
			return nil, fmt.Errorf("%w: columns %d (%q) and %d (%q) are the same column", ErrHeader, j+1, fields[j], i+1, name)
		}
		seen[k] = i
		use := ColumnUse{Index: i + 1, Header: name}
		if ref, ok := headerIndex[k]; ok {
			switch ref.layout {
			case LayoutCouncil:
				council = append(council, name)
			case LayoutNHSE:
				nhse = append(nhse, name)
			}
			if h.pos[ref.col] < 0 || ref.rank < h.rank[ref.col] {
				if old := h.pos[ref.col]; old >= 0 {
					// the preferred spelling wins; the other is kept as text
					h.text = append(h.text, textPos{old, newTextColumn(fields[old], true), false})
					h.uses[old].Use, h.uses[old].Field = "shadowed", ""
				}
				h.pos[ref.col], h.rank[ref.col] = i, ref.rank
				use.Use, use.Field = "typed", colSpecs[ref.col].canon
			} else {
				h.text = append(h.text, textPos{i, newTextColumn(name, true), false})
				use.Use = "shadowed"
			}
		} else {
			known := knownTextIndex[k]
			if k == "assessmenttype" {
				h.assessType = i
			}
			switch {
			case known:
				use.Use = "text"
				h.text = append(h.text, textPos{i, newTextColumn(name, true), freeText[k]})
			case opt.SkipUnknownColumns:
				use.Use = "skipped"
			default:
				use.Use = "unknown"
				h.text = append(h.text, textPos{i, newTextColumn(name, false), true})
			}
		}
		h.uses = append(h.uses, use)
	}
	switch {
	case len(council) > 0 && len(nhse) > 0:
		return nil, fmt.Errorf("%w: mixes the council layout (%s) and NHS England's view (%s)", ErrHeader,
			strings.Join(council, ", "), strings.Join(nhse, ", "))
	case len(council) > 0:
		h.layout = LayoutCouncil
	case len(nhse) > 0:
		h.layout = LayoutNHSE
	}
	if opt.Layout != LayoutDetect && h.layout != LayoutDetect && opt.Layout != h.layout {
		return nil, fmt.Errorf("%w: Options.Layout is %v but the header is %v", ErrHeader, opt.Layout, h.layout)
	}
	if h.layout == LayoutDetect {
		h.layout = opt.Layout
	}
	var missing []string
	if h.pos[cLACode] < 0 && h.pos[cLAName] < 0 {
		missing = append(missing, "LA_Code")
	}
	for _, c := range []colID{cRPStart, cRPEnd, cEventType, cStart, cEnd} {
		if h.pos[c] < 0 {
			missing = append(missing, colSpecs[c].canon)
		}
	}
	if h.pos[cNHS] < 0 && h.pos[cLocal] < 0 {
		switch h.layout {
		case LayoutNHSE:
			missing = append(missing, "Der_NHS_Number_Traced_Pseudo or Der_LA_Person_Unique_Identifier_Pseudo")
		default:
			missing = append(missing, "NHS_Number or LA_Person_Unique_Identifier (or NHS England's Der_ pseudonyms)")
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: missing required column(s): %s", ErrHeader, strings.Join(missing, "; "))
	}
	return h, nil
}
