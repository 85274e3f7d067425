package cld

import (
	"fmt"
	"slices"
)

// Text forms. Every defined-list type, Status, AgeBand, Layout and the
// sequel types marshal to JSON, CSV writers and other text encoders as
// their String form (the list's canonical spelling, "" for a blank field,
// "(invalid)" for a value outside the list), and unmarshal from it; a
// defined-list value also unmarshals from any spelling Lookup accepts.

// marshalList returns the text of value v of list l, or an error for a
// value outside the type's range.
func marshalList(l List, v uint8) ([]byte, error) {
	if int(v) >= len(lists[l].names) {
		return nil, fmt.Errorf("cld: %s value %d out of range", lists[l].column, v)
	}
	return []byte(lists[l].names[v]), nil
}

// unmarshalList parses text as a value of list l: "" is blank,
// "(invalid)" is the invalid marker, anything else must be in the list.
func unmarshalList(l List, text []byte) (uint8, error) {
	if string(text) == lists[l].names[valueInvalid] {
		return valueInvalid, nil
	}
	v, _ := l.Lookup(string(text))
	if v == valueInvalid {
		return 0, fmt.Errorf("%w: %s %q", ErrNotInList, lists[l].column, text)
	}
	return v, nil
}

// unmarshalLabel finds text among labels.
func unmarshalLabel(what string, labels []string, text []byte) (int, error) {
	if i := slices.Index(labels, string(text)); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("cld: unknown %s %q", what, text)
}

// MarshalText returns v's String form.
func (v EventType) MarshalText() ([]byte, error) { return marshalList(ListEventType, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *EventType) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListEventType, text)
	*v = EventType(u)
	return err
}

// MarshalText returns v's String form.
func (v EventOutcome) MarshalText() ([]byte, error) { return marshalList(ListEventOutcome, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *EventOutcome) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListEventOutcome, text)
	*v = EventOutcome(u)
	return err
}

// MarshalText returns v's String form.
func (v ServiceType) MarshalText() ([]byte, error) { return marshalList(ListServiceType, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *ServiceType) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListServiceType, text)
	*v = ServiceType(u)
	return err
}

// MarshalText returns v's String form.
func (v ServiceComponent) MarshalText() ([]byte, error) {
	return marshalList(ListServiceComponent, uint8(v))
}

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *ServiceComponent) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListServiceComponent, text)
	*v = ServiceComponent(u)
	return err
}

// MarshalText returns v's String form.
func (v DeliveryMechanism) MarshalText() ([]byte, error) {
	return marshalList(ListDeliveryMechanism, uint8(v))
}

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *DeliveryMechanism) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListDeliveryMechanism, text)
	*v = DeliveryMechanism(u)
	return err
}

// MarshalText returns v's String form.
func (v RouteOfAccess) MarshalText() ([]byte, error) { return marshalList(ListRouteOfAccess, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *RouteOfAccess) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListRouteOfAccess, text)
	*v = RouteOfAccess(u)
	return err
}

// MarshalText returns v's String form.
func (v ClientType) MarshalText() ([]byte, error) { return marshalList(ListClientType, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *ClientType) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListClientType, text)
	*v = ClientType(u)
	return err
}

// MarshalText returns v's String form.
func (v PrimarySupportReason) MarshalText() ([]byte, error) {
	return marshalList(ListPrimarySupportReason, uint8(v))
}

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *PrimarySupportReason) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListPrimarySupportReason, text)
	*v = PrimarySupportReason(u)
	return err
}

// MarshalText returns v's String form.
func (v Gender) MarshalText() ([]byte, error) { return marshalList(ListGender, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *Gender) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListGender, text)
	*v = Gender(u)
	return err
}

// MarshalText returns v's String form.
func (v Ethnicity) MarshalText() ([]byte, error) { return marshalList(ListEthnicity, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *Ethnicity) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListEthnicity, text)
	*v = Ethnicity(u)
	return err
}

// MarshalText returns v's String form.
func (v AccommodationStatus) MarshalText() ([]byte, error) {
	return marshalList(ListAccommodationStatus, uint8(v))
}

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *AccommodationStatus) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListAccommodationStatus, text)
	*v = AccommodationStatus(u)
	return err
}

// MarshalText returns v's String form.
func (v EmploymentStatus) MarshalText() ([]byte, error) {
	return marshalList(ListEmploymentStatus, uint8(v))
}

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *EmploymentStatus) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListEmploymentStatus, text)
	*v = EmploymentStatus(u)
	return err
}

// MarshalText returns v's String form.
func (v HasUnpaidCarer) MarshalText() ([]byte, error) {
	return marshalList(ListHasUnpaidCarer, uint8(v))
}

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *HasUnpaidCarer) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListHasUnpaidCarer, text)
	*v = HasUnpaidCarer(u)
	return err
}

// MarshalText returns v's String form.
func (v ReviewReason) MarshalText() ([]byte, error) { return marshalList(ListReviewReason, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *ReviewReason) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListReviewReason, text)
	*v = ReviewReason(u)
	return err
}

// MarshalText returns v's String form.
func (v CostFrequency) MarshalText() ([]byte, error) { return marshalList(ListCostFrequency, uint8(v)) }

// UnmarshalText parses a spelling of the list (see Lookup).
func (v *CostFrequency) UnmarshalText(text []byte) error {
	u, err := unmarshalList(ListCostFrequency, text)
	*v = CostFrequency(u)
	return err
}

// MarshalText returns the String form.
func (v Status) MarshalText() ([]byte, error) {
	if i := int(v); i < len(statusNames) {
		return []byte(statusNames[i]), nil
	}
	return nil, fmt.Errorf("cld: status %d out of range", int(v))
}

// UnmarshalText parses the String form.
func (v *Status) UnmarshalText(text []byte) error {
	i, err := unmarshalLabel("status", statusNames[:], text)
	*v = Status(i)
	return err
}

// MarshalText returns the String form.
func (v STS001Sequel) MarshalText() ([]byte, error) {
	if i := int(v); i < len(sts001Labels) {
		return []byte(sts001Labels[i]), nil
	}
	return nil, fmt.Errorf("cld: STS001 sequel %d out of range", int(v))
}

// UnmarshalText parses the String form.
func (v *STS001Sequel) UnmarshalText(text []byte) error {
	i, err := unmarshalLabel("STS001 sequel", sts001Labels[:], text)
	*v = STS001Sequel(i)
	return err
}

// MarshalText returns the String form.
func (v STS002aSequel) MarshalText() ([]byte, error) {
	if i := int(v); i < len(sts002aLabels) {
		return []byte(sts002aLabels[i]), nil
	}
	return nil, fmt.Errorf("cld: STS002a sequel %d out of range", int(v))
}

// UnmarshalText parses the String form.
func (v *STS002aSequel) UnmarshalText(text []byte) error {
	i, err := unmarshalLabel("STS002a sequel", sts002aLabels[:], text)
	*v = STS002aSequel(i)
	return err
}

var ageBandLabels = [...]string{AgeUnknown: "Age unknown", AgeUnder18: "Under 18", Age18To64: "18 to 64", Age65Plus: "65 and over"}

// MarshalText returns the String form.
func (v AgeBand) MarshalText() ([]byte, error) {
	if i := int(v); i < len(ageBandLabels) {
		return []byte(ageBandLabels[i]), nil
	}
	return nil, fmt.Errorf("cld: age band %d out of range", int(v))
}

// UnmarshalText parses the String form.
func (v *AgeBand) UnmarshalText(text []byte) error {
	i, err := unmarshalLabel("age band", ageBandLabels[:], text)
	*v = AgeBand(i)
	return err
}

var layoutLabels = [...]string{LayoutDetect: "detect", LayoutCouncil: "council submission", LayoutNHSE: "NHS England pseudonymised view"}

// MarshalText returns the String form.
func (v Layout) MarshalText() ([]byte, error) {
	if i := int(v); i < len(layoutLabels) {
		return []byte(layoutLabels[i]), nil
	}
	return nil, fmt.Errorf("cld: layout %d out of range", int(v))
}

// UnmarshalText parses the String form.
func (v *Layout) UnmarshalText(text []byte) error {
	i, err := unmarshalLabel("layout", layoutLabels[:], text)
	*v = Layout(i)
	return err
}
