package cld

import "fmt"

// List names one of the CLD defined lists the package reads as a typed
// value. Every list's type has two values outside the list: 0 (the field
// was blank) and 1 (the field held a value outside the list; the text is in
// the data-quality findings). Its other values are the list's entries, in
// the order of the specification's tables.
type List uint8

// The defined lists.
const (
	ListEventType List = iota
	ListEventOutcome
	ListServiceType
	ListServiceComponent
	ListDeliveryMechanism
	ListRouteOfAccess
	ListClientType
	ListPrimarySupportReason
	ListGender
	ListEthnicity
	ListAccommodationStatus
	ListEmploymentStatus
	ListHasUnpaidCarer
	ListReviewReason
	ListCostFrequency
	numLists
)

// String names the list by its column, for example "Event_Outcome".
func (l List) String() string {
	if l < numLists {
		return lists[l].column
	}
	return fmt.Sprintf("List(%d)", int(l))
}

// Values returns the canonical spellings of the list's entries, in order
// (the value of entry k is k+2). The slice is a copy.
func (l List) Values() []string {
	if l >= numLists {
		return nil
	}
	return append([]string(nil), lists[l].names[2:]...)
}

// Lookup returns the value of s in the list (0 for a blank s, 1 for a value
// outside the list) and whether s is a variant spelling (matched only after
// ignoring dashes, spaces, colons and underscores, or through an alias)
// rather than the canonical one up to letter case.
func (l List) Lookup(s string) (v uint8, variant bool) {
	if l >= numLists {
		return valueInvalid, false
	}
	var m matcher
	return m.lookup(l, []byte(s))
}

const (
	valueBlank   uint8 = 0
	valueInvalid uint8 = 1
)

// listDef is one defined list: its canonical names (index = value; 0 and 1
// are the blank and invalid markers) and its accepted alternative wordings.
type listDef struct {
	column  string
	names   []string
	aliases map[string]string // alternative wording → canonical name
	// verified says whether the spellings were checked against NHS
	// England's replication code (true) or come from other public sources
	// (false; see the package documentation).
	verified bool
}

func names(v ...string) []string { return append([]string{"", "(invalid)"}, v...) }

// lists holds every defined list, indexed by List.
var lists = [numLists]listDef{
	ListEventType: {column: "Event_Type", verified: true,
		names: names("Request", "Assessment", "Service", "Review")},
	// Event outcomes: the spellings of the replication code's sequel
	// mapping table (STS001).
	ListEventOutcome: {column: "Event_Outcome", verified: true,
		names: names(
			"Progress to Reablement/ST-Max",
			"Progress to Assessment",
			"Admitted to hospital",
			"Progress to Re-assessment / Unplanned Review",
			"Progress to Support Planning / Services",
			"Progress to End of Life Care",
			"No change in package",
			"Service ended as planned",
			"NFA - Moved to another LA",
			"NFA - 100% NHS funded care",
			"NFA - Self-funded client (Inc. 12wk disregard)",
			"NFA - Support declined",
			"NFA - Information & Advice / Signposting only",
			"NFA - Deceased",
			"NFA - No services offered: Other reason",
			"NFA - Support ended: Other reason",
			"Progress to financial assessment",
			"Provision of service",
			"NFA- Other",
		),
		aliases: map[string]string{
			// wordings of the CLD guidance glossary
			"NFA - Information and advice/Signposting only": "NFA - Information & Advice / Signposting only",
			"NFA - moved to another local authority":        "NFA - Moved to another LA",
			// one-to-one Release 2 wordings (DHSC's cleaned list)
			"NFA: Information and advice or signposting":           "NFA - Information & Advice / Signposting only",
			"NFA: Responsibility moved to another local authority": "NFA - Moved to another LA",
			"NFA: Self-funded client or under 12wk disregard":      "NFA - Self-funded client (Inc. 12wk disregard)",
			"NFA: No services offered for other reason":            "NFA - No services offered: Other reason",
			"NFA: Support ended for other reason":                  "NFA - Support ended: Other reason",
			"Progress to support planning or services":             "Progress to Support Planning / Services",
		}},
	ListServiceType: {column: "Service_Type", verified: true,
		names: names(
			"Long Term Support: Nursing Care",
			"Long Term Support: Residential Care",
			"Long Term Support: Community",
			"Long Term Support: Prison",
			"Short Term Support: ST-Max",
			"Short Term Support: Ongoing Low Level",
			"Short Term Support: Other Short Term",
			"Carer Support: Direct to Carer",
			"Carer Support: Support involving the person cared-for",
		),
		aliases: map[string]string{
			"Unpaid carer support: Direct to unpaid carer":                 "Carer Support: Direct to Carer",
			"Unpaid carer support: Support involving the person cared-for": "Carer Support: Support involving the person cared-for",
		}},
	ListServiceComponent: {column: "Service_Component",
		names: names(
			"Direct Payment",
			"Home Care",
			"Supported Living",
			"Shared Lives",
			"Day Care",
			"Meals",
			"Transport",
			"Equipment & Adaptations",
			"Assistive Technology",
			"Short Term Residential Care",
			"Short Term Nursing Care",
			"Long Term Residential Care",
			"Long Term Nursing Care",
			"Carer Respite",
			"Professional Support",
			"Reablement",
			"Other",
		)},
	ListDeliveryMechanism: {column: "Delivery_Mechanism", verified: true,
		names: names("Direct Payment", "CASSR Managed Personal Budget", "CASSR Commissioned Support")},
	ListRouteOfAccess: {column: "Request_Route_of_Access",
		names: names(
			"Planned Entry (Transition)",
			"Discharge from Hospital",
			"Diversion from Hospital Services",
			"Self-Funder with Depleted Funds",
			"Prison",
			"Community / Other route",
		)},
	ListClientType: {column: "Client_Type", verified: true,
		names: names("Service User", "Carer", "Carer known by association")},
	ListPrimarySupportReason: {column: "Primary_Support_Reason", verified: true,
		names: names(
			"Physical Support: Access & mobility only",
			"Physical Support: Personal care support",
			"Sensory Support: Support for visual impairment",
			"Sensory Support: Support for hearing impairment",
			"Sensory Support: Support for dual impairment",
			"Support with Memory & Cognition",
			"Learning Disability Support",
			"Mental Health Support",
			"Social Support: Substance misuse support",
			"Social Support: Asylum seeker support",
			"Social Support: Support for Social Isolation/Other",
			"Social Support: Support to Carer",
			"Unknown",
		)},
	ListGender: {column: "Gender",
		names: names("Male", "Female", "Other", "Unknown")},
	ListEthnicity: {column: "Ethnicity", verified: true,
		names: names(
			"White - English, Welsh, Scottish, Northern Irish or British",
			"White - Irish",
			"White - Gypsy or Irish Traveller",
			"White - Roma",
			"White - Any other White background",
			"Mixed or multiple ethnic groups - White and Black Caribbean",
			"Mixed or multiple ethnic groups - White and Black African",
			"Mixed or multiple ethnic groups - White and Asian",
			"Mixed or multiple ethnic groups - Any other Mixed or multiple ethnic background",
			"Asian or Asian British - Indian",
			"Asian or Asian British - Pakistani",
			"Asian or Asian British - Bangladeshi",
			"Asian or Asian British - Chinese",
			"Asian or Asian British - Any other Asian background",
			"Black, Black British, Caribbean or African - African",
			"Black, Black British, Caribbean or African - Caribbean",
			"Black, Black British, Caribbean or African - Any other Black, Black British or Caribbean background",
			"Other ethnic group - Arab",
			"Other ethnic group - Any other ethnic group",
			"No data - Refused",
			"No data - Undeclared or Not known",
		)},
	ListAccommodationStatus: {column: "Accommodation_Status", verified: true,
		names: names(
			"Owner occupier or shared ownership scheme",
			"Tenant",
			"Tenant - private landlord",
			"Settled mainstream housing with family / friends",
			"Supported accommodation / supported lodgings / supported group home",
			"Shared Lives scheme",
			"Approved premises for offenders released from prison or under probation supervision",
			"Sheltered housing / extra care housing / other sheltered housing",
			"Mobile accommodation for Gypsy / Roma and Traveller communities",
			"Rough sleeper / squatting",
			"Night shelter / emergency hostel / direct access hostel",
			"Refuge",
			"Placed in temporary accommodation by the council (inc. homelessness resettlement)",
			"Staying with family / friends as a short-term guest",
			"Acute / long-term healthcare residential facility or hospital",
			"Registered care home",
			"Registered nursing home",
			"Prison / Young offenders institution / detention centre",
			"Other temporary accommodation",
			"Unknown",
		)},
	ListEmploymentStatus: {column: "Employment_Status", verified: true,
		names: names(
			"Paid: Less than 16 hours a week",
			"Paid: 16 or more hours a week",
			"Paid: Hours per week unknown",
			"Not in Paid Employment (seeking work)",
			"Not in Paid Employment (not actively seeking work / retired)",
			"Not in Paid Employment (voluntary work only)",
			"Unknown",
		)},
	ListHasUnpaidCarer: {column: "Has_Unpaid_Carer", verified: true,
		names: names("Yes", "No", "Unknown")},
	ListReviewReason: {column: "Review_Reason", verified: true,
		names: names(
			"Planned",
			"Unplanned - Hospital (Planned and unplanned episodes)",
			"Unplanned - Carer related",
			"Unplanned - Safeguarding concern",
			"Unplanned - Other Reason",
			"Unplanned - Provider Failure",
			"Unplanned - Change in Commissioning arrangements",
		)},
	ListCostFrequency: {column: "Cost_Frequency_(Unit_Type)",
		names: names("Hourly", "Daily", "Weekly", "Fortnightly", "4 Weekly", "Monthly", "Quarterly", "Annually", "One-off")},
}

// listIndex holds the lookup tables of one list.
type listIndex struct {
	exact map[string]uint8 // canonical spellings, lower-cased
	norm  map[string]uint8 // normalised canonical spellings and aliases
	// fast finds a canonical spelling up to ASCII case without hashing
	// the whole text: bucket fastKey(b) & fastMask lists the candidates.
	fast [fastMask + 1][]uint8
}

const fastMask = 255

// fastKey mixes the length and three bytes of b, ASCII letters folded.
func fastKey(b []byte) uint32 {
	n := len(b)
	k := uint32(n)*0x9e3779b1 ^ uint32(b[0]|0x20)*0x85ebca6b ^ uint32(b[n/2]|0x20)*0xc2b2ae35 ^ uint32(b[n-1]|0x20)*0x27d4eb2f
	return k ^ k>>15
}

// equalFoldASCII reports whether a equals the lower-case b up to ASCII
// case.
func equalFoldASCII(a []byte, lower string) bool {
	if len(a) != len(lower) {
		return false
	}
	for i := range a {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// lowerNames are the canonical names lower-cased, by list and value.
var lowerNames [numLists][]string

var listIdx [numLists]listIndex

func init() {
	for l := range numLists {
		d := &lists[l]
		ix := listIndex{exact: map[string]uint8{}, norm: map[string]uint8{}}
		add := func(m map[string]uint8, key string, v uint8) {
			if old, dup := m[key]; dup && old != v {
				panic(fmt.Sprintf("cld: list %s: %q and %q collide", d.column, d.names[old], d.names[v]))
			}
			m[key] = v
		}
		lowerNames[l] = make([]string, len(d.names))
		for v := 2; v < len(d.names); v++ {
			lo := string(lowerASCII(nil, []byte(d.names[v])))
			lowerNames[l][v] = lo
			k := fastKey([]byte(lo)) & fastMask
			ix.fast[k] = append(ix.fast[k], uint8(v))
			add(ix.exact, lo, uint8(v))
			add(ix.norm, string(normalise(nil, []byte(d.names[v]))), uint8(v))
		}
		for alias, canon := range d.aliases {
			v := -1
			for k := 2; k < len(d.names); k++ {
				if d.names[k] == canon {
					v = k
				}
			}
			if v < 0 {
				panic(fmt.Sprintf("cld: list %s: alias %q names unknown value %q", d.column, alias, canon))
			}
			add(ix.norm, string(normalise(nil, []byte(alias))), uint8(v))
		}
		listIdx[l] = ix
	}
}

// maxValueLen bounds the length of a defined-list value the matcher
// normalises; longer values are outside every list.
const maxValueLen = 256

// matcher looks values up in the defined lists. It holds scratch buffers
// and the caller's aliases; the zero value has no aliases.
type matcher struct {
	lower, norm [maxValueLen]byte
	extra       [numLists]map[string]uint8 // normalised alias → value
}

// lookup returns the value of b in list l and whether b is a variant
// spelling.
func (m *matcher) lookup(l List, b []byte) (uint8, bool) {
	if len(b) == 0 {
		return valueBlank, false
	}
	if len(b) > maxValueLen {
		return valueInvalid, false
	}
	ix := &listIdx[l]
	for _, v := range ix.fast[fastKey(b)&fastMask] {
		if equalFoldASCII(b, lowerNames[l][v]) {
			return v, false
		}
	}
	n := normalise(m.norm[:0], b)
	if v, ok := ix.norm[string(n)]; ok {
		return v, true
	}
	if v, ok := m.extra[l][string(n)]; ok {
		return v, true
	}
	return valueInvalid, false
}

// lowerASCII appends b to dst with ASCII letters in lower case.
func lowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// normalise appends to dst the matching key of b: ASCII letters in lower
// case; spaces, tabs, hyphens, underscores, colons, non-breaking spaces and
// the Unicode dashes (U+2010–U+2015, U+2212) left out; a right single
// quotation mark read as an apostrophe.
func normalise(dst, b []byte) []byte {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == ' ' || c == '\t' || c == '-' || c == '_' || c == ':':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xC2 && i+1 < len(b) && b[i+1] == 0xA0: // no-break space
			i++
			continue
		case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && 0x90 <= b[i+2] && b[i+2] <= 0x95: // ‐ ‑ ‒ – — ―
			i += 2
			continue
		case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x88 && b[i+2] == 0x92: // − minus sign
			i += 2
			continue
		case c == 0xE2 && i+2 < len(b) && b[i+1] == 0x80 && b[i+2] == 0x99: // ’
			i += 2
			c = '\''
		}
		dst = append(dst, c)
	}
	return dst
}

// setAliases installs the caller's extra spellings; it returns an error
// wrapping ErrInvalidOptions for an alias naming no value of its list.
func (m *matcher) setAliases(a map[List]map[string]string) error {
	for l, am := range a {
		if l >= numLists {
			return fmt.Errorf("%w: aliases for unknown list %d", ErrInvalidOptions, int(l))
		}
		for alias, canon := range am {
			v, _ := m.lookup(l, []byte(canon))
			if v < 2 {
				return fmt.Errorf("%w: alias %q of %s names %q, which is not in the list", ErrInvalidOptions, alias, l, canon)
			}
			if m.extra[l] == nil {
				m.extra[l] = map[string]uint8{}
			}
			m.extra[l][string(normalise(nil, []byte(alias)))] = v
		}
	}
	return nil
}

func listName(l List, v uint8) string {
	if int(v) < len(lists[l].names) {
		return lists[l].names[v]
	}
	return fmt.Sprintf("%s(%d)", lists[l].column, v)
}

// EventType is a CLD event type.
type EventType uint8

// Event types.
const (
	EventBlank EventType = iota
	EventInvalid
	EventRequest
	EventAssessment
	EventService
	EventReview
)

func (v EventType) String() string { return listName(ListEventType, uint8(v)) }

// Valid reports whether v is in the list.
func (v EventType) Valid() bool { return v >= 2 && int(v) < len(lists[ListEventType].names) }

// EventOutcome is a CLD event outcome.
type EventOutcome uint8

// Event outcomes.
const (
	OutcomeBlank EventOutcome = iota
	OutcomeInvalid
	OutcomeReablement         // Progress to Reablement/ST-Max
	OutcomeAssessment         // Progress to Assessment
	OutcomeHospital           // Admitted to hospital
	OutcomeReassessment       // Progress to Re-assessment / Unplanned Review
	OutcomeSupportPlanning    // Progress to Support Planning / Services
	OutcomeEndOfLife          // Progress to End of Life Care
	OutcomeNoChange           // No change in package
	OutcomeEndedAsPlanned     // Service ended as planned
	OutcomeNFAMoved           // NFA - Moved to another LA
	OutcomeNFANHSFunded       // NFA - 100% NHS funded care
	OutcomeNFASelfFunded      // NFA - Self-funded client (Inc. 12wk disregard)
	OutcomeNFADeclined        // NFA - Support declined
	OutcomeNFASignposting     // NFA - Information & Advice / Signposting only
	OutcomeNFADeceased        // NFA - Deceased
	OutcomeNFANoServices      // NFA - No services offered: Other reason
	OutcomeNFASupportEnded    // NFA - Support ended: Other reason
	OutcomeFinancialAssessmnt // Progress to financial assessment
	OutcomeProvision          // Provision of service
	OutcomeNFAOther           // NFA- Other
)

func (v EventOutcome) String() string { return listName(ListEventOutcome, uint8(v)) }

// Valid reports whether v is in the list.
func (v EventOutcome) Valid() bool { return v >= 2 && int(v) < len(lists[ListEventOutcome].names) }

// NFA reports whether v is a "no further action" outcome.
func (v EventOutcome) NFA() bool {
	switch v {
	case OutcomeNFAMoved, OutcomeNFANHSFunded, OutcomeNFASelfFunded, OutcomeNFADeclined, OutcomeNFASignposting,
		OutcomeNFADeceased, OutcomeNFANoServices, OutcomeNFASupportEnded, OutcomeNFAOther:
		return true
	}
	return false
}

// ServiceType is a CLD service type.
type ServiceType uint8

// Service types.
const (
	ServiceBlank ServiceType = iota
	ServiceInvalid
	ServiceLTNursing     // Long Term Support: Nursing Care
	ServiceLTResidential // Long Term Support: Residential Care
	ServiceLTCommunity   // Long Term Support: Community
	ServiceLTPrison      // Long Term Support: Prison
	ServiceSTMax         // Short Term Support: ST-Max
	ServiceSTLowLevel    // Short Term Support: Ongoing Low Level
	ServiceSTOther       // Short Term Support: Other Short Term
	ServiceCarerDirect   // Carer Support: Direct to Carer
	ServiceCarerCaredFor // Carer Support: Support involving the person cared-for
)

func (v ServiceType) String() string { return listName(ListServiceType, uint8(v)) }

// Valid reports whether v is in the list.
func (v ServiceType) Valid() bool { return v >= 2 && int(v) < len(lists[ListServiceType].names) }

// LongTerm reports whether v is long-term support (nursing, residential,
// community or prison).
func (v ServiceType) LongTerm() bool { return v >= ServiceLTNursing && v <= ServiceLTPrison }

// ShortTerm reports whether v is short-term support (ST-Max, ongoing low
// level or other short term).
func (v ServiceType) ShortTerm() bool { return v >= ServiceSTMax && v <= ServiceSTOther }

// Carer reports whether v is carer support.
func (v ServiceType) Carer() bool { return v == ServiceCarerDirect || v == ServiceCarerCaredFor }

// ServiceComponent is a CLD service component.
type ServiceComponent uint8

// Service components.
const (
	ComponentBlank ServiceComponent = iota
	ComponentInvalid
	ComponentDirectPayment
	ComponentHomeCare
	ComponentSupportedLiving
	ComponentSharedLives
	ComponentDayCare
	ComponentMeals
	ComponentTransport
	ComponentEquipment
	ComponentAssistiveTechnology
	ComponentSTResidential
	ComponentSTNursing
	ComponentLTResidential
	ComponentLTNursing
	ComponentCarerRespite
	ComponentProfessionalSupport
	ComponentReablement
	ComponentOther
)

func (v ServiceComponent) String() string { return listName(ListServiceComponent, uint8(v)) }

// Valid reports whether v is in the list.
func (v ServiceComponent) Valid() bool {
	return v >= 2 && int(v) < len(lists[ListServiceComponent].names)
}

// DeliveryMechanism is a CLD delivery mechanism.
type DeliveryMechanism uint8

// Delivery mechanisms.
const (
	DeliveryBlank DeliveryMechanism = iota
	DeliveryInvalid
	DeliveryDirectPayment // Direct Payment
	DeliveryManagedBudget // CASSR Managed Personal Budget
	DeliveryCommissioned  // CASSR Commissioned Support
)

func (v DeliveryMechanism) String() string { return listName(ListDeliveryMechanism, uint8(v)) }

// Valid reports whether v is in the list.
func (v DeliveryMechanism) Valid() bool {
	return v >= 2 && int(v) < len(lists[ListDeliveryMechanism].names)
}

// RouteOfAccess is a request's route of access.
type RouteOfAccess uint8

// Routes of access.
const (
	RouteBlank RouteOfAccess = iota
	RouteInvalid
	RouteTransition        // Planned Entry (Transition)
	RouteHospitalDischarge // Discharge from Hospital
	RouteHospitalDiversion // Diversion from Hospital Services
	RouteDepletedFunds     // Self-Funder with Depleted Funds
	RoutePrison            // Prison
	RouteCommunity         // Community / Other route
)

func (v RouteOfAccess) String() string { return listName(ListRouteOfAccess, uint8(v)) }

// Valid reports whether v is in the list.
func (v RouteOfAccess) Valid() bool { return v >= 2 && int(v) < len(lists[ListRouteOfAccess].names) }

// ClientType is a CLD client type.
type ClientType uint8

// Client types.
const (
	ClientBlank ClientType = iota
	ClientInvalid
	ClientServiceUser      // Service User
	ClientCarer            // Carer
	ClientCarerAssociation // Carer known by association
)

func (v ClientType) String() string { return listName(ListClientType, uint8(v)) }

// Valid reports whether v is in the list.
func (v ClientType) Valid() bool { return v >= 2 && int(v) < len(lists[ListClientType].names) }

// PrimarySupportReason is a CLD primary support reason.
type PrimarySupportReason uint8

// Primary support reasons.
const (
	PSRBlank PrimarySupportReason = iota
	PSRInvalid
	PSRAccessMobility
	PSRPersonalCare
	PSRVisual
	PSRHearing
	PSRDualSensory
	PSRMemoryCognition
	PSRLearningDisability
	PSRMentalHealth
	PSRSubstanceMisuse
	PSRAsylumSeeker
	PSRSocialIsolation
	PSRSupportToCarer
	PSRUnknown
)

func (v PrimarySupportReason) String() string { return listName(ListPrimarySupportReason, uint8(v)) }

// Valid reports whether v is in the list.
func (v PrimarySupportReason) Valid() bool {
	return v >= 2 && int(v) < len(lists[ListPrimarySupportReason].names)
}

// Gender is a CLD gender.
type Gender uint8

// Genders.
const (
	GenderBlank Gender = iota
	GenderInvalid
	GenderMale
	GenderFemale
	GenderOther
	GenderUnknown
)

func (v Gender) String() string { return listName(ListGender, uint8(v)) }

// Valid reports whether v is in the list.
func (v Gender) Valid() bool { return v >= 2 && int(v) < len(lists[ListGender].names) }

// Ethnicity is a CLD ethnicity; its value k (from 2) is entry k−2 of
// ListEthnicity.Values().
type Ethnicity uint8

// The two values outside the list, and the two "no data" entries.
const (
	EthnicityBlank   Ethnicity = 0
	EthnicityInvalid Ethnicity = 1
	EthnicityRefused Ethnicity = 21 // No data - Refused
	EthnicityUnknown Ethnicity = 22 // No data - Undeclared or Not known
)

func (v Ethnicity) String() string { return listName(ListEthnicity, uint8(v)) }

// Valid reports whether v is in the list.
func (v Ethnicity) Valid() bool { return v >= 2 && int(v) < len(lists[ListEthnicity].names) }

// AccommodationStatus is a CLD accommodation status; value k (from 2) is
// entry k−2 of ListAccommodationStatus.Values().
type AccommodationStatus uint8

// The two values outside the list and the "Unknown" entry.
const (
	AccommodationBlank   AccommodationStatus = 0
	AccommodationInvalid AccommodationStatus = 1
	AccommodationUnknown AccommodationStatus = 21
)

func (v AccommodationStatus) String() string { return listName(ListAccommodationStatus, uint8(v)) }

// Valid reports whether v is in the list.
func (v AccommodationStatus) Valid() bool {
	return v >= 2 && int(v) < len(lists[ListAccommodationStatus].names)
}

// Settled reports whether v is settled accommodation (SALT LTS004 table
// 2a; ASCOF 2E's numerator): the first nine entries of the list.
func (v AccommodationStatus) Settled() bool { return v >= 2 && v <= 10 }

// EmploymentStatus is a CLD employment status.
type EmploymentStatus uint8

// Employment statuses.
const (
	EmploymentBlank EmploymentStatus = iota
	EmploymentInvalid
	EmploymentPaidUnder16      // Paid: Less than 16 hours a week
	EmploymentPaid16Plus       // Paid: 16 or more hours a week
	EmploymentPaidHoursUnknown // Paid: Hours per week unknown
	EmploymentSeeking          // Not in Paid Employment (seeking work)
	EmploymentNotSeeking       // Not in Paid Employment (not actively seeking work / retired)
	EmploymentVoluntary        // Not in Paid Employment (voluntary work only)
	EmploymentUnknown          // Unknown
)

func (v EmploymentStatus) String() string { return listName(ListEmploymentStatus, uint8(v)) }

// Valid reports whether v is in the list.
func (v EmploymentStatus) Valid() bool {
	return v >= 2 && int(v) < len(lists[ListEmploymentStatus].names)
}

// Paid reports whether v is paid employment.
func (v EmploymentStatus) Paid() bool {
	return v >= EmploymentPaidUnder16 && v <= EmploymentPaidHoursUnknown
}

// HasUnpaidCarer is the CLD "Has Unpaid Carer" answer.
type HasUnpaidCarer uint8

// Answers.
const (
	CarerBlank HasUnpaidCarer = iota
	CarerInvalid
	CarerYes
	CarerNo
	CarerUnknown
)

func (v HasUnpaidCarer) String() string { return listName(ListHasUnpaidCarer, uint8(v)) }

// Valid reports whether v is in the list.
func (v HasUnpaidCarer) Valid() bool { return v >= 2 && int(v) < len(lists[ListHasUnpaidCarer].names) }

// ReviewReason is a CLD review reason.
type ReviewReason uint8

// Review reasons.
const (
	ReviewBlank ReviewReason = iota
	ReviewInvalid
	ReviewPlanned
	ReviewHospital      // Unplanned - Hospital (Planned and unplanned episodes)
	ReviewCarer         // Unplanned - Carer related
	ReviewSafeguarding  // Unplanned - Safeguarding concern
	ReviewOther         // Unplanned - Other Reason
	ReviewProvider      // Unplanned - Provider Failure
	ReviewCommissioning // Unplanned - Change in Commissioning arrangements
)

func (v ReviewReason) String() string { return listName(ListReviewReason, uint8(v)) }

// Valid reports whether v is in the list.
func (v ReviewReason) Valid() bool { return v >= 2 && int(v) < len(lists[ListReviewReason].names) }

// Unplanned reports whether v is one of the unplanned reasons.
func (v ReviewReason) Unplanned() bool { return v >= ReviewHospital && v <= ReviewCommissioning }

// CostFrequency is a CLD cost frequency (unit type): what one unit of
// Unit_Cost and Planned_units_per_week is.
type CostFrequency uint8

// Cost frequencies.
const (
	FrequencyBlank CostFrequency = iota
	FrequencyInvalid
	FrequencyHourly
	FrequencyDaily
	FrequencyWeekly
	FrequencyFortnightly
	FrequencyFourWeekly
	FrequencyMonthly
	FrequencyQuarterly
	FrequencyAnnually
	FrequencyOneOff
)

func (v CostFrequency) String() string { return listName(ListCostFrequency, uint8(v)) }

// Valid reports whether v is in the list.
func (v CostFrequency) Valid() bool { return v >= 2 && int(v) < len(lists[ListCostFrequency].names) }
