package cld

import (
	"strings"
	"testing"
)

// TestListsCanonical: every canonical value is found, as itself, in any
// letter case, without being a variant; value k is entry k−2.
func TestListsCanonical(t *testing.T) {
	for l := range numLists {
		for k, name := range l.Values() {
			for _, s := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
				v, variant := l.Lookup(s)
				if int(v) != k+2 || variant {
					t.Errorf("%s: Lookup(%q) = %d, %v; want %d, false", l, s, v, variant, k+2)
				}
			}
			if got := listName(l, uint8(k+2)); got != name {
				t.Errorf("%s: name of %d is %q, want %q", l, k+2, got, name)
			}
		}
		if v, _ := l.Lookup(""); v != valueBlank {
			t.Errorf("%s: blank is %d", l, v)
		}
		if v, _ := l.Lookup("surely not a CLD value"); v != valueInvalid {
			t.Errorf("%s: nonsense is %d", l, v)
		}
	}
}

// TestListsVariants: the spellings NHS England's own code uses besides
// the canonical ones, glossary and Release 2 wordings, and dash, space
// and colon variants are recorded as the canonical value, as variants.
func TestListsVariants(t *testing.T) {
	cases := []struct {
		l    List
		in   string
		want uint8
	}{
		// spellings found in the replication code's own tables
		{ListEventOutcome, "NFA - 100% NHS-funded care", uint8(OutcomeNFANHSFunded)},
		{ListEventOutcome, "NFA - Support ended – other reason", uint8(OutcomeNFASupportEnded)},
		{ListEventOutcome, "NFA - No services offered - other reason", uint8(OutcomeNFANoServices)},
		{ListEventOutcome, "NFA – Other", uint8(OutcomeNFAOther)},
		{ListEventOutcome, "NFA: Deceased", uint8(OutcomeNFADeceased)},
		{ListEventOutcome, "NFA - Information and advice/Signposting only", uint8(OutcomeNFASignposting)},
		{ListEventOutcome, "NFA: Responsibility moved to another local authority", uint8(OutcomeNFAMoved)},
		{ListEventOutcome, "Progress to support planning or services", uint8(OutcomeSupportPlanning)},
		{ListEventOutcome, "Progress to Reablement / ST Max", uint8(OutcomeReablement)},
		{ListDeliveryMechanism, "CASSR Commissioned support", uint8(DeliveryCommissioned)}, // case only: not a variant
		{ListServiceType, "Short Term Support:ST-Max", uint8(ServiceSTMax)},
		{ListServiceType, "Short term support – ST Max", uint8(ServiceSTMax)},
		{ListServiceType, "Unpaid carer support: Direct to unpaid carer", uint8(ServiceCarerDirect)},
		{ListEthnicity, "White: Irish", 3},
		{ListEthnicity, "Mixed or multiple ethnic groups: White and Asian", 9},
		{ListAccommodationStatus, "Tenant – private landlord", 4},
		{ListReviewReason, "Unplanned – Carer related", uint8(ReviewCarer)},
		{ListEventType, " Request", uint8(EventRequest)}, // the reader trims; Lookup sees the space
	}
	for _, c := range cases {
		v, variant := c.l.Lookup(c.in)
		wantVariant := !strings.EqualFold(c.in, listName(c.l, c.want))
		if v != c.want || variant != wantVariant {
			t.Errorf("%s: Lookup(%q) = %q, variant %v; want %q, variant %v", c.l, c.in, listName(c.l, v), variant, listName(c.l, c.want), wantVariant)
		}
	}
	// Distinct entries stay distinct once normalised (checked at init),
	// and near misses are not matched.
	for _, c := range []struct {
		l  List
		in string
	}{
		{ListEventOutcome, "NFA"}, {ListEventOutcome, "NFA - Deceased!"}, {ListServiceType, "Long Term Support"},
		{ListGender, "M"}, {ListHasUnpaidCarer, "Y"}, {ListEthnicity, "White"},
	} {
		if v, _ := c.l.Lookup(c.in); v != valueInvalid {
			t.Errorf("%s: Lookup(%q) = %q, want invalid", c.l, c.in, listName(c.l, v))
		}
	}
}

// TestAliases: Options.Aliases adds local spellings; an alias naming a
// value outside its list is an invalid option.
func TestAliases(t *testing.T) {
	in := csvOf(nhseHeader+",Gender",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,1,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased,M",
		"E1,Town,2023-04-01,2023-06-30,2023-07-20,2,7,,1950,1,Service User,Request,2023-04-03,2023-04-05,NFA - Deceased,F",
	)
	d := mustRead(t, in, Options{Aliases: map[List]map[string]string{ListGender: {"M": "Male", "f": "female"}}})
	if d.Gender[0] != GenderMale || d.Gender[1] != GenderFemale {
		t.Fatalf("genders %v", d.Gender)
	}
	if n := d.Report.Quality.Count("", "Gender", StatusVariant); n != 2 {
		t.Fatalf("variant count %d, want 2", n)
	}
	if _, err := Read(strings.NewReader(in), Options{Aliases: map[List]map[string]string{ListGender: {"M": "Man"}}}); err == nil {
		t.Fatal("alias to a value outside the list accepted")
	}
}

func TestListTypes(t *testing.T) {
	if !ServiceLTPrison.LongTerm() || ServiceSTMax.LongTerm() || !ServiceSTOther.ShortTerm() || !ServiceCarerCaredFor.Carer() {
		t.Error("service type groups")
	}
	if !OutcomeNFAOther.NFA() || OutcomeProvision.NFA() || !OutcomeNFADeceased.NFA() {
		t.Error("NFA outcomes")
	}
	if EthnicityRefused.String() != "No data - Refused" || EthnicityUnknown.String() != "No data - Undeclared or Not known" {
		t.Error("ethnicity constants", EthnicityRefused, EthnicityUnknown)
	}
	if AccommodationUnknown.String() != "Unknown" || !AccommodationStatus(10).Settled() || AccommodationStatus(11).Settled() {
		t.Error("accommodation constants")
	}
	if AccommodationStatus(10).String() != "Mobile accommodation for Gypsy / Roma and Traveller communities" {
		t.Error("last settled entry", AccommodationStatus(10))
	}
	if PSRUnknown.String() != "Unknown" || PSRLearningDisability.String() != "Learning Disability Support" {
		t.Error("PSR constants")
	}
	if ReviewCommissioning.String() != "Unplanned - Change in Commissioning arrangements" || !ReviewHospital.Unplanned() || ReviewPlanned.Unplanned() {
		t.Error("review reasons")
	}
	if EmploymentUnknown.String() != "Unknown" || !EmploymentPaidHoursUnknown.Paid() || EmploymentSeeking.Paid() {
		t.Error("employment")
	}
	if OutcomeNFAOther.String() != "NFA- Other" || FrequencyOneOff.String() != "One-off" || CarerUnknown.String() != "Unknown" {
		t.Error("last entries")
	}
	if ComponentOther.String() != "Other" || RouteCommunity.String() != "Community / Other route" || ClientCarerAssociation.String() != "Carer known by association" {
		t.Error("last entries")
	}
	if GenderInvalid.Valid() || !GenderUnknown.Valid() || Gender(6).Valid() {
		t.Error("Valid")
	}
}
