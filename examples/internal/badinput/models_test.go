package badinput

// Small models, one per family and block of the model format, so that
// every field of the format is mutated without parsing a shipped model
// thousands of times.

const pointsModel = `{
  "id": "p", "version": "1.0.0", "name": "Points", "description": "A small points model.", "family": "points",
  "cohorts": ["adult_social_care", "continuing_healthcare", "carers", "children"],
  "currency": "GBP", "weeks_per_year": "52.143", "rounding": {"mode": "up", "unit": "0.01"}, "missing": "error",
  "support_types": [{"id": "pc", "name": "Personal care", "hourly_rate": "24.50"}],
  "domains": [{"id": "d1", "name": "Daily living", "support_type": "pc", "questions": [
    {"id": "q1", "text": "Washing", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 2}]},
    {"id": "q2", "text": "Dressing", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "lots", "label": "Lots", "points": 4}]}]}],
  "points": {"schedules": [
    {"id": "chc", "name": "CHC", "cohorts": ["continuing_healthcare"], "domain_prices": {"d1": "16.00"}},
    {"id": "kids", "name": "Children", "cohorts": ["children"], "bands": [{"name": "None", "min_points": 0, "max_points": 1, "weekly": "0"}, {"name": "Some", "min_points": 2, "weekly": "85.00"}]},
    {"id": "carers", "name": "Carers", "cohorts": ["carers"], "curve": [{"points": 0, "weekly": "0"}, {"points": 6, "weekly": "40.00"}]},
    {"id": "adult", "name": "Adults", "cohorts": ["adult_social_care"], "price_per_point": "7.85"}]},
  "limits": {"floor_weekly": "30.00", "floor_support_type": "pc", "cap_weekly": "1250.00",
    "setting_caps": [{"id": "ch", "name": "Care home", "settings": ["residential", "nursing"], "cap_weekly": "900.00"}]}
}`

const hoursModel = `{
  "id": "h", "version": "1.0.0", "name": "Hours", "family": "hours", "cohorts": ["adult_social_care"],
  "hours_unit": "0.25",
  "support_types": [{"id": "pc", "name": "Personal care", "hourly_rate": "24.50"}, {"id": "night", "name": "Night", "hourly_rate": "18.00"}],
  "domains": [{"id": "d1", "name": "Daily living", "questions": [
    {"id": "wash", "text": "Washing", "activity": "am", "options": [{"id": "none", "label": "None", "points": 0, "minutes": "0"}, {"id": "some", "label": "Some", "points": 2, "minutes": "105"}]},
    {"id": "mob", "text": "Moving", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 1}]},
    {"id": "inf", "text": "Family help", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "half", "label": "Half", "points": 0}]},
    {"id": "nights", "text": "Nights", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "sleep_in", "label": "Sleep-in", "points": 0}, {"id": "waking", "label": "Waking", "points": 0}]},
    {"id": "hh", "text": "Household hours", "type": "number", "min": 0, "max": 70, "unit": "hours a week"}]}],
  "hours": {
    "activities": [{"id": "am", "name": "Morning", "support_type": "pc"}],
    "adjustments": [{"id": "mobility", "name": "Moving", "question": "mob", "activities": ["am"], "factors": {"some": "1.25"}}],
    "deductions": [{"id": "informal", "name": "Family", "question": "inf", "activities": ["am"], "fractions": {"none": "0", "half": "0.5"}}],
    "additions": [{"id": "night", "name": "Night", "question": "nights", "support_type": "night", "weekly": {"sleep_in": "420.00"}, "hours": {"waking": "70"}}]},
  "limits": {"floor_weekly": "25.00", "floor_support_type": "pc", "cap_weekly": "2200.00"}
}`

const regressionModel = `{
  "id": "r", "version": "1", "name": "Regression", "family": "regression",
  "cohorts": ["adult_social_care", "continuing_healthcare"],
  "support_types": [{"id": "pc", "name": "Personal care", "hourly_rate": "22.00"}, {"id": "dom", "name": "Domestic", "hourly_rate": "18"}],
  "domains": [{"id": "d1", "name": "Daily living", "questions": [
    {"id": "q1", "text": "Washing", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 2}]},
    {"id": "hrs", "text": "Hours of help", "type": "number", "min": 0, "max": 40, "unit": "hours a week"}]}],
  "regression": {
    "intercept": 4.2, "link": "log", "smearing": 1.04, "smearing_by": "living_setting",
    "smearing_groups": {"residential": 1.1, "home_alone": 1.02},
    "output": "weekly",
    "shares": {"pc": "0.75", "dom": "0.25"},
    "terms": [
      {"name": "q1_some", "label": "some help washing", "coef": 0.05, "factors": [{"question": "q1", "option": "some"}]},
      {"name": "hrs", "coef": 0.01, "factors": [{"question": "hrs"}]},
      {"name": "d1", "coef": 0.02, "factors": [{"domain": "d1"}]},
      {"name": "care_home", "coef": 0.3, "factors": [{"settings": ["residential", "nursing"]}]},
      {"name": "chc", "coef": 0.2, "factors": [{"cohorts": ["continuing_healthcare"]}]},
      {"name": "age", "coef": -0.001, "factors": [{"variable": "age"}]},
      {"name": "old_chc", "coef": 0.1, "factors": [{"age_min": 80}, {"cohorts": ["continuing_healthcare"]}]},
      {"name": "informal", "coef": -0.01, "factors": [{"variable": "informal_hours"}]}
    ]
  },
  "limits": {"cap_weekly": "3000", "floor_weekly": 10, "floor_support_type": "pc"},
  "composition": {"add_ons": [{"id": "san", "name": "Additional needs", "period": "annual"}, {"id": "once", "name": "One-off", "period": "one_off"}],
    "pro_rate": {"name": "the year 2025-26", "period_start": "2025-07-01", "period_end": "2026-06-30", "day_count": "actual"},
    "caseload_cap": {"name": "the appropriation"}}
}`
