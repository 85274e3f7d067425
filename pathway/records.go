package pathway

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Sentinel errors for input records. Reader errors are *RowError values that
// unwrap to one of these (or to ErrDate).
var (
	ErrMissing          = errors.New("pathway: required value missing")
	ErrUnknownEventType = errors.New("pathway: unknown event type")
	ErrUnknownService   = errors.New("pathway: unknown service type")
	ErrNumber           = errors.New("pathway: invalid number")
	ErrNegativeAmount   = errors.New("pathway: negative amount")
	ErrEndBeforeStart   = errors.New("pathway: end before start")
	ErrFieldCount       = errors.New("pathway: wrong number of fields")
	ErrID               = errors.New("pathway: invalid identifier")
	ErrText             = errors.New("pathway: invalid text") // free text (outcome, provider) not valid UTF-8 or holding a control character
	ErrCSV              = errors.New("pathway: malformed CSV")
	ErrHeader           = errors.New("pathway: bad header")
)

// EventType is a pathway event in the Client Level Data (CLD) event model:
// request, assessment (start and end), eligibility decision, support plan,
// service (start and end) and review.
type EventType uint8

const (
	EventRequest EventType = iota + 1
	EventAssessmentStart
	EventAssessmentEnd
	EventEligibility // eligibility decision
	EventSupportPlan // support plan agreed
	EventServiceStart
	EventServiceEnd
	EventReview
)

var eventNames = [...]string{"", "request", "assessment_start", "assessment_end", "eligibility_decision",
	"support_plan_agreed", "service_start", "service_end", "review"}

// String returns the event type's CSV name, for example "assessment_end".
func (e EventType) String() string {
	if int(e) < len(eventNames) && e > 0 {
		return eventNames[e]
	}
	return fmt.Sprintf("EventType(%d)", int(e))
}

// normName lower-cases and turns spaces, hyphens, colons and slashes into underscores.
func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	b.Grow(len(s))
	under := false
	for _, r := range s {
		switch r {
		case ' ', '-', '_', ':', '/', '\t':
			if !under && b.Len() > 0 {
				b.WriteByte('_')
				under = true
			}
		default:
			b.WriteRune(r)
			under = false
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

var eventAliases = map[string]EventType{
	"request": EventRequest, "contact": EventRequest, "referral": EventRequest,
	"assessment_start": EventAssessmentStart, "assessment_started": EventAssessmentStart,
	"assessment_end": EventAssessmentEnd, "assessment_completed": EventAssessmentEnd, "assessment_complete": EventAssessmentEnd,
	"eligibility_decision": EventEligibility, "eligibility": EventEligibility,
	"support_plan_agreed": EventSupportPlan, "support_plan": EventSupportPlan, "care_plan_agreed": EventSupportPlan,
	"service_start": EventServiceStart, "service_started": EventServiceStart,
	"service_end": EventServiceEnd, "service_ended": EventServiceEnd,
	"review": EventReview,
}

// ParseEventType parses an event type name case-insensitively, with spaces,
// hyphens or underscores between words ("Assessment End", "assessment_end").
// Errors wrap ErrUnknownEventType.
func ParseEventType(s string) (EventType, error) {
	if t, ok := eventAliases[normName(s)]; ok {
		return t, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownEventType, s)
}

// OutcomeClass is a coarse reading of a CLD event outcome. CLD outcome
// wordings differ between the specification's glossary and DHSC's cleaned
// list; both are accepted. The raw text is kept on the Event.
type OutcomeClass uint8

const (
	// OutcomeNone: no outcome given (financial assessments carry none).
	OutcomeNone OutcomeClass = iota
	// OutcomeNFA: no further action (self-funded, NHS funded, deceased,
	// declined, signposting, moved, support ended…): the pathway closes.
	OutcomeNFA
	// OutcomeProgress: progress to assessment, review, reablement/ST-Max,
	// support planning or services.
	OutcomeProgress
	// OutcomeContinue: provision of service, continuation of support, no
	// change in package.
	OutcomeContinue
	// OutcomeOther: any other text (for example admitted to hospital).
	OutcomeOther
)

// String names the class.
func (o OutcomeClass) String() string {
	return [...]string{"none", "nfa", "progress", "continue", "other"}[o]
}

// ClassifyOutcome maps an outcome text to its class.
func ClassifyOutcome(s string) OutcomeClass {
	n := normName(s)
	switch {
	case n == "":
		return OutcomeNone
	case strings.HasPrefix(n, "nfa") || strings.HasPrefix(n, "no_further_action"):
		return OutcomeNFA
	case strings.HasPrefix(n, "progress"):
		return OutcomeProgress
	case strings.HasPrefix(n, "provision_of_service") || strings.HasPrefix(n, "continuation") || strings.HasPrefix(n, "no_change"):
		return OutcomeContinue
	}
	return OutcomeOther
}

// Event is one pathway event.
type Event struct {
	Line     int    // source line in the CSV (0 if not read from CSV)
	EventID  string // optional
	PersonID string
	Episode  string // optional episode (case) reference
	Type     EventType
	Date     Date
	Outcome  string // raw outcome text
	Class    OutcomeClass
	// ServiceID optionally ties a service start/end event to a commissioned service.
	ServiceID string
}

// ServiceType is a CLD service type.
type ServiceType uint8

const (
	ServiceUnknown ServiceType = iota
	// Long-term support
	LongTermNursing
	LongTermResidential
	LongTermCommunity
	LongTermPrison
	// Short-term support
	ShortTermSTMax // short-term support to maximise independence (reablement)
	ShortTermLowLevel
	ShortTermOther
)

var serviceNames = [...]string{"unknown", "long_term_nursing", "long_term_residential", "long_term_community",
	"long_term_prison", "short_term_st_max", "short_term_ongoing_low_level", "short_term_other"}

// String returns the service type's CSV name, for example "long_term_nursing".
func (s ServiceType) String() string {
	if int(s) < len(serviceNames) {
		return serviceNames[s]
	}
	return fmt.Sprintf("ServiceType(%d)", int(s))
}

// LongTerm reports whether s is long-term support.
func (s ServiceType) LongTerm() bool { return s >= LongTermNursing && s <= LongTermPrison }

// ShortTerm reports whether s is short-term support.
func (s ServiceType) ShortTerm() bool { return s >= ShortTermSTMax && s <= ShortTermOther }

var serviceAliases = map[string]ServiceType{}

func init() {
	for i, n := range serviceNames[1:] {
		serviceAliases[n] = ServiceType(i + 1)
	}
	for k, v := range map[string]ServiceType{
		"nursing": LongTermNursing, "nursing_care": LongTermNursing, "long_term_support_nursing_care": LongTermNursing,
		"residential": LongTermResidential, "residential_care": LongTermResidential, "long_term_support_residential_care": LongTermResidential,
		"community": LongTermCommunity, "long_term_support_community": LongTermCommunity,
		"prison": LongTermPrison, "long_term_support_prison": LongTermPrison,
		"st_max": ShortTermSTMax, "stmax": ShortTermSTMax, "reablement": ShortTermSTMax, "short_term_support_st_max": ShortTermSTMax,
		"ongoing_low_level": ShortTermLowLevel, "short_term_support_ongoing_low_level": ShortTermLowLevel,
		"other_short_term": ShortTermOther, "short_term_support_other_short_term": ShortTermOther,
	} {
		serviceAliases[k] = v
	}
}

// ParseServiceType parses a service type case-insensitively: this package's
// names ("long_term_nursing", "short_term_st_max"), short names ("nursing",
// "residential", "community", "st-max") or CLD wordings ("Long Term Support:
// Nursing Care", "Short term support: ST-Max"). Errors wrap ErrUnknownService.
func ParseServiceType(s string) (ServiceType, error) {
	if t, ok := serviceAliases[normName(s)]; ok {
		return t, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownService, s)
}

// Service is one commissioned service (a care package line).
type Service struct {
	Line      int
	ServiceID string
	PersonID  string
	Episode   string // optional
	Provider  string
	Type      ServiceType
	Start     Date
	End       Date // NoDate while open
	// PlannedUnitsPerWeek is the planned units (hours, nights, sessions) per week.
	PlannedUnitsPerWeek decimal.Decimal
	// UnitCost is the cost of one unit in pounds.
	UnitCost decimal.Decimal
}

// PlannedWeeklyCost is PlannedUnitsPerWeek × UnitCost, rounded to pence
// (half away from zero, decimal.Round).
func (s *Service) PlannedWeeklyCost() decimal.Decimal {
	return s.PlannedUnitsPerWeek.Mul(s.UnitCost).Round(2)
}

// Transaction is one finance transaction: an amount paid for a person's
// service over a period.
type Transaction struct {
	Line          int
	TransactionID string // optional
	PersonID      string
	ServiceID     string
	PeriodStart   Date
	PeriodEnd     Date
	Amount        decimal.Decimal // pounds, >= 0
}
