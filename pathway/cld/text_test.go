package cld

import (
	"encoding"
	"encoding/json"
	"errors"
	"testing"
)

// textValue is a pointer to one of the package's text-encoded types.
type textValue interface {
	encoding.TextMarshaler
	encoding.TextUnmarshaler
	String() string
}

// roundTrip marshals v to JSON, checks the JSON string is v's String form
// and unmarshals it back into fresh.
func roundTrip[T any, P interface {
	*T
	textValue
}](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %v: %v", v, err)
	}
	want, _ := json.Marshal(P(&v).String())
	if string(b) != string(want) {
		t.Errorf("%T %v marshals to %s, want %s", v, v, b, want)
	}
	var back T
	if err := json.Unmarshal(b, P(&back)); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
	if P(&back).String() != P(&v).String() {
		t.Errorf("%s came back as %v", b, back)
	}
}

func TestListTextRoundTrip(t *testing.T) {
	for l := List(0); l < numLists; l++ {
		n := len(lists[l].names)
		for v := range n {
			u := uint8(v)
			switch l {
			case ListEventType:
				roundTrip(t, EventType(u))
			case ListEventOutcome:
				roundTrip(t, EventOutcome(u))
			case ListServiceType:
				roundTrip(t, ServiceType(u))
			case ListServiceComponent:
				roundTrip(t, ServiceComponent(u))
			case ListDeliveryMechanism:
				roundTrip(t, DeliveryMechanism(u))
			case ListRouteOfAccess:
				roundTrip(t, RouteOfAccess(u))
			case ListClientType:
				roundTrip(t, ClientType(u))
			case ListPrimarySupportReason:
				roundTrip(t, PrimarySupportReason(u))
			case ListGender:
				roundTrip(t, Gender(u))
			case ListEthnicity:
				roundTrip(t, Ethnicity(u))
			case ListAccommodationStatus:
				roundTrip(t, AccommodationStatus(u))
			case ListEmploymentStatus:
				roundTrip(t, EmploymentStatus(u))
			case ListHasUnpaidCarer:
				roundTrip(t, HasUnpaidCarer(u))
			case ListReviewReason:
				roundTrip(t, ReviewReason(u))
			case ListCostFrequency:
				roundTrip(t, CostFrequency(u))
			default:
				t.Fatalf("list %v has no case in this test", l)
			}
		}
	}
}

func TestListText(t *testing.T) {
	// Hand-written expectations, independent of the tables' order.
	b, err := json.Marshal(struct {
		T EventType
		B EventType
		I EventType
	}{EventRequest, EventBlank, EventInvalid})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"T":"Request","B":"","I":"(invalid)"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var o EventOutcome
	if err := o.UnmarshalText([]byte("NFA - moved to another local authority")); err != nil || o.String() != "NFA - Moved to another LA" {
		t.Errorf("variant spelling: %v, %v", o, err)
	}
	if err := o.UnmarshalText([]byte("Went to the moon")); !errors.Is(err, ErrNotInList) {
		t.Errorf("value outside the list: err = %v, want ErrNotInList", err)
	}
	if _, err := EventType(200).MarshalText(); err == nil {
		t.Error("out-of-range value marshalled")
	}
}

func TestLabelTextRoundTrip(t *testing.T) {
	for s := range numStatus {
		roundTrip(t, Status(s))
	}
	for s := range numSTS001 {
		roundTrip(t, STS001Sequel(s))
	}
	for s := range numSTS002a {
		roundTrip(t, STS002aSequel(s))
	}
	for _, a := range []AgeBand{AgeUnknown, AgeUnder18, Age18To64, Age65Plus} {
		roundTrip(t, a)
	}
	for _, l := range []Layout{LayoutDetect, LayoutCouncil, LayoutNHSE} {
		roundTrip(t, l)
	}
	b, _ := json.Marshal(Age65Plus)
	if string(b) != `"65 and over"` {
		t.Errorf("Age65Plus marshals to %s", b)
	}
	var a AgeBand
	if err := json.Unmarshal([]byte(`"over the hill"`), &a); err == nil {
		t.Error("unknown age band accepted")
	}
}
