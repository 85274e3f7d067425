// Package cld reads Adult Social Care Client Level Data (CLD), the
// quarterly person-level return English councils send to NHS England, as
// councils and NHS England hold it, and turns it into pathway events,
// services and costs.
//
// The rules follow NHS England's "Central Transformation Principles" for
// reproducing SALT and ASCOF from CLD (2023/24, final) and, where those
// are terse or disagree with it, the replication code NHS England
// publishes (github.com/NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations),
// which is what NHS England runs.
//
// # Overview
//
// [Read] reads a CLD file (CSV with a header row) into [Data], a
// column-oriented table: element i of every row column (Data.Start,
// Data.EventType, Data.ServiceType, …) describes accepted row i, in file
// order. Text is interned (councils, NHS numbers, local ids, other
// columns), dates are day numbers ([Date], pathway's), every defined list
// is a one-byte type, costs are int64 millionths of a pound, planned
// units float64 and flags bits (see Memory).
//
// On top of the rows:
//   - [Data.Persons] applies the principles' hybrid person identifier to a
//     set of rows; Data.Person holds it for the whole file.
//   - [Data.Clients] groups rows by client (a person at a council) in time
//     order, the unit the SALT and ASCOF measures count.
//   - [Data.LatestSubmissions] applies NHS England's latest-submission rule
//     for a period of interest and lists the rows it sets aside.
//   - [AgeAt] is the derived age of the principles, computed as the
//     replication code does.
//   - [Data.Pathway] converts rows into pathway.Event and pathway.Service
//     records, so that pathway.Join, the waits, Kaplan–Meier, log-rank,
//     snapshots, funnel comparisons and money along the pathway run on a
//     CLD file.
//   - [Synthesize] writes a seeded synthetic CLD file in either layout from
//     the ras/synth county, streaming, and reports the truth behind every
//     row and every person.
//
// # What is read
//
// Two layouts, told apart by their person columns (a header with both is
// an error; Options.Layout can insist on one):
//   - a council's own submission, with the CLD specification's names: LA
//     Code, Reporting Period Start Date, Reporting Period End Date, LA
//     Person Unique Identifier, NHS Number, Date of Birth, Date of Death,
//     Gender, Ethnicity, Client Type, Primary Support Reason, Accommodation
//     Status, Employment Status, Has Unpaid Carer, Event Type, Event Start
//     Date, Event End Date, Event Outcome, Request: Route of Access, Service
//     Type, Service Component, Delivery Mechanism, Unit Cost, Cost Frequency
//     (Unit Type), Planned units per week, Review Reason;
//   - NHS England's pseudonymised view, with the replication code's names:
//     LA_Code, LA_Name, ImportDate, Der_Unique_Record_ID,
//     Der_NHS_Number_Traced_Pseudo (Der_NHS_Number_Pseudo when the traced
//     one is absent), Der_LA_Person_Unique_Identifier_Pseudo,
//     Der_Birth_Year, Der_Birth_Month and the same event columns with
//     underscores (Request_Route_of_Access, Cost_Frequency_(Unit_Type), …).
//
// Headers match ignoring case and every character other than letters and
// digits ("Request: Route of Access" is Request_Route_of_Access). Required:
// LA_Code (or LA_Name), the two reporting-period dates, Event_Type,
// Event_Start_Date, Event_End_Date and at least one person id column.
// Other known columns (Assessment_Type, Event_Reference, Method_of_Review,
// Der_Unique_Record_ID, …) and unknown ones are kept as text columns
// ([TextColumn], Data.Column), dictionary-encoded; Options.SkipUnknownColumns
// drops the unknown ones. ReadReport.Columns says what became of each
// column and ReadReport.Absent lists the typed columns the file lacks.
//
// # Defined lists
//
// The defined lists the measures use are typed: [EventType],
// [EventOutcome], [ServiceType], [ServiceComponent], [DeliveryMechanism],
// [RouteOfAccess], [ClientType], [PrimarySupportReason], [Gender],
// [Ethnicity], [AccommodationStatus], [EmploymentStatus],
// [HasUnpaidCarer], [ReviewReason] and [CostFrequency]. Value 0 is a
// blank field, 1 a value outside the list (a finding, never a default),
// and the others the list's entries in the order of the specification's
// tables ([List.Values]); String gives the canonical spelling.
//
// A value matches its list ignoring letter case (as NHS England's SQL
// Server collation does); failing that, ignoring spaces, hyphens, Unicode
// dashes, colons and underscores, or as a known alternative wording (the
// CLD guidance glossary's, the one-to-one Release 2 wordings, and
// Options.Aliases). Such a match is recorded as the canonical value and
// counted as a variant spelling (StatusVariant, ErrVariant).
//
// The spellings of event type, event outcome, service type, delivery
// mechanism, client type, primary support reason, ethnicity, accommodation
// status, employment status, has-unpaid-carer and review reason are those
// of the replication code's reference tables. The lists of service
// component, route of access, gender and cost frequency are not in the
// code; they are taken from the CLD guidance and SALT as published and
// are unverified against the Release 1 specification: check the
// data-quality report's invalid values and add local spellings with
// Options.Aliases.
//
// # Rows, rejections and findings
//
// Every record is accepted or rejected: ReadReport.Rows = Accepted +
// Rejected, with the rejections counted by reason and the first
// Options.MaxErrors kept as [*RowError] (line, column, header, reason). A
// row is rejected, in this order of checks, when it is not well-formed CSV
// or has the wrong number of fields (ErrCSV, ErrFieldCount); has no
// council (ErrMissing); a reporting-period date missing, invalid or ending
// before it starts (ErrMissing, ErrDate, ErrEndBeforeStart); an ImportDate
// missing or invalid where the column exists; an event type missing or
// outside its list (ErrMissing, ErrNotInList); an event start date missing
// or invalid, an end date invalid or before the start, an invalid date of
// death (ErrDate, ErrEndBeforeStart); or an identifier or text column
// that is not valid UTF-8 or holds a control character (ErrText; free-text
// columns may hold tabs and line breaks). These are the fields every
// measure needs to place a row; rows without an event (for example
// "Carer known by association" rows without one) are rejected.
//
// Any other problem is a finding ([Finding]) on an accepted row, counted
// by council, field and status in ReadReport.Quality ([Quality]; the long
// form of NHS England's data-quality reports, also as CSV) with the
// distinct invalid and variant values, and the first Options.MaxFindings
// kept with line and column:
//   - a value outside its list (StatusInvalid, ErrNotInList);
//   - a variant spelling (StatusVariant, ErrVariant);
//   - a unit cost that is not a plain non-negative decimal with at most 12
//     digits before the point and 6 after, or planned units that are not a
//     plain finite non-negative decimal (ErrNumber; the value is unknown:
//     BadUnitCost, BadPlannedUnits);
//   - a council-layout NHS number that is not ten digits with a valid
//     modulus-11 check digit (ErrNHSNumber; treated as absent, BadNHSNumber);
//   - an invalid date of birth, birth year or birth month (ErrBirth; age
//     unknown, BadBirth);
//   - a blank field the specification makes mandatory for the row
//     (StatusBlankMandatory, ErrBlankMandatory), following the applicability
//     rules of NHS England's data-quality checks: NHS number, local id,
//     birth, gender, ethnicity, client type, accommodation status and has
//     unpaid carer always; primary support reason except on requests; event
//     outcome except on financial assessments; route of access on requests;
//     service type and component on services; unit cost and cost frequency
//     on services not delivered as CASSR commissioned support that are
//     long-term, carers' support, or short-term residential, nursing or
//     respite care; review reason on reviews; employment status for service
//     users aged 18–64 with a learning disability;
//   - neither an NHS number nor a local id (ErrNoPerson; NoPerson).
//
// Values are trimmed of spaces; a literal NULL is blank. Dates are
// YYYY-MM-DD or DD/MM/YYYY, years 1900–2100 (internal/field), with an
// optional time part (a valid time of day, ignored except in ImportDate,
// which keeps it to the millisecond, UTC). Values in findings are clipped
// to 64 bytes; person ids and dates of birth are never repeated in them.
//
// # The person identifier
//
// [Data.Persons] applies the hybrid rule of the principles to a set of
// rows: a row with an NHS number is that person's; a row with only a local
// id is keyed by it unless another row of the set carries the same local
// id with an NHS number, in which case the row is removed (it may be that
// person's, or not); a row with neither is removed. Counts and the removed
// rows are returned (the principles' worked example: 2 rows by NHS number,
// 1 by local id, 1 removed). As in the code, the rule depends on the set:
// Data.Person applies it to the whole file; a measure calls Persons on the
// rows it has filtered. Keys are stable across sets.
//
// # Derived age
//
// The proxy date of birth is the 1st of the birth month (Der_Birth_Month
// and Der_Birth_Year, or the council's date of birth reduced to its
// month): Data.Birth. [AgeAt] is the code's age, floor(days/365.25);
// [CalendarAge] the age in completed calendar years.
//
// # Submissions
//
// Each row belongs to a [Submission]: its council, ImportDate and
// reporting period. At file level, an import superseded by a later import
// of the same council and reporting period is marked
// (Submission.SupersededBy; ReadReport.Superseded counts its rows); its
// rows stay in Data. [Data.LatestSubmissions] applies the code's rule for a
// period of interest and submission [Window], keeping each council's
// latest import covering the period and listing every row set aside.
//
// # Into the pathway model
//
// [Data.Pathway] converts service users' rows (PathwayOptions) into
// pathway records: requests, assessment starts and ends, services with
// their start and end events and their planned weekly cost (units ×
// unit cost), and reviews; financial assessments are left out; person ids
// are council and key ("E06000001/N42"), never an identifier; of the rows
// of one event in several imports only those of the latest import are
// converted. Every row is accounted for ([ConversionReport]).
//
// # Synthetic CLD
//
// [Synthesize] writes ras/synth persons' CLD: existing clients (long-term
// support from before the year, reviews, reassessments and package
// changes), new clients (a request, sometimes a second one within 4 days
// or later, an assessment, then no further action, reablement with
// community support after it, or long-term support; equipment on the same
// day for some), carers (a carer's assessment and carer support), deaths
// that end open events, boundary ages, missing NHS numbers and second
// local ids, and a share of invalid and variant values. In NHS England's
// layout each council's four cumulative quarterly returns are stacked,
// some imported twice; each event is a row in every return it overlaps,
// as it stood at that quarter's end. The truth ([SynthTruth]) gives every
// row's true person, event, return and person-rule outcome, and every
// person's story with its request clusters and their sequels under the
// principles' rules (TruthRequest).
//
// # Bad input
//
// Read never panics and never drops a row silently: a record is accepted,
// or rejected with its line, column and reason; a bad value in an accepted
// row is a finding, and the row's value is "invalid" or "unknown", never a
// default. Errors unwrap to the sentinels (ErrCSV, ErrFieldCount,
// ErrMissing, ErrDate, ErrEndBeforeStart, ErrText, ErrNotInList, ErrNumber,
// ErrNHSNumber, ErrBirth, ErrBlankMandatory, ErrVariant, ErrNoPerson) for
// errors.Is, and are *RowError or Finding values for errors.As. A quoted
// field may span lines, up to Options.MaxRecordLines lines and
// Options.MaxRecordBytes bytes; beyond them, or with a quote left open,
// the record's first line is rejected and reading resumes on the next
// line, so one stray quote costs one row. A UTF-8 byte-order mark and
// CRLF line ends are accepted; blank lines are skipped and not counted.
// Read returns an error only for a bad header (ErrHeader: none, a repeated
// or unnamed column, a missing required column, mixed layouts), invalid
// options (ErrInvalidOptions) or a failing reader. The reader is fuzzed
// (FuzzRead).
//
// # Memory and speed
//
// Read streams: it holds one record at a time, never the raw text. The
// typed row columns take 69 bytes a row, and each text column 4 bytes a
// row (8 for a numeric one such as Der_Unique_Record_ID) plus its
// distinct values in a pointer-free dictionary (one Event_Reference per
// event, for example). On the synthetic national file (20 million rows,
// three text columns) that is 88 bytes a row of columns and about 113 in
// all with the interned identifiers; memory grows linearly with the rows.
// When the input's size is known (a file, a bytes or strings reader) the
// columns are sized for it after the first 4,096 rows, so that they do not
// grow by doubling.
//
// # Where the principles and the replication code differ
//
// Where they differ the package follows the code, and says so here; where
// the package departs from both, it says why.
//   - Derived age: the principles take "the difference between the date of
//     interest and the proxy date of birth"; the code computes
//     floor(days/365.25), which is one year less than the calendar age on
//     some birthdays (an 18th birthday on 1 April 2023 gives 17). AgeAt
//     follows the code; CalendarAge is the calendar age. With proxy births
//     on the 1st of a month and periods ending on the 31 March, the two
//     agree at the period end; they differ for dates on or just after the
//     1st of a month.
//   - Person identifier: the principles apply the rule "once time period is
//     filtered"; the code applies it after each measure's own filters, so
//     a row can be kept by one measure and removed by another. Persons
//     takes the set; Data.Person is the whole file.
//   - Person identifier, departing from the code: the code compares the
//     local-id pseudonym across councils; the package compares local ids
//     within their council, as a local id is only meaningful there (in a
//     council's own file the same number at two councils is two people).
//   - Latest submission: the principles list three conditions (ImportDate
//     after the period, reporting period start on or before its start and
//     end on or after its end); the code groups rows by council and
//     ImportDate, takes the earliest start and latest end over the group,
//     compares the ImportDate instant with the window's start ("after")
//     and its calendar date with the window's end ("on or before"), and
//     joins back on council name and ImportDate. LatestSubmissions does
//     the same, keyed by council code.
//   - Defined-list spellings: the code compares text exactly (up to case)
//     and is itself inconsistent ("NFA - 100% NHS funded care" and
//     "NFA - 100% NHS-funded care", "NFA - Support ended: Other reason" and
//     "NFA - Support ended – other reason", "CASSR Commissioned Support" and
//     "CASSR Commissioned support"), so some of its own table entries never
//     match. The package matches tolerantly, records the canonical value
//     and counts each variant: figures may include rows NHS England's run
//     would miss; Quality says how many.
//   - "NULL" text: some extracts write the text NULL for a missing value;
//     DHSC's pipeline turns it back into a null, and so does the reader.
//   - SALT STS001, clusters running past the period end: the principles
//     keep request clusters whose end falls in the period ("any clusters
//     that run beyond this date are out of scope"); the code filters the
//     request rows before it takes the cluster's latest end, so a cluster
//     counts when any of its requests ends in the period, ending on the
//     last such day, even if a later request of it ends after the period
//     or is open. STS001 follows the code; STS002a and STS002b, whose code
//     filters the clusters themselves, follow theirs.
//   - SALT, open events: the code gives an open request (STS001), ST-Max
//     event (STS002a/b) or long-term service (LTS001c) the date of the run
//     (GETDATE()) as its end before clustering: SALTOptions.RunDate. By
//     default the run is after the period, so an open event never ends in
//     it.
//   - SALT, clustering gaps ("a new Request Event starting within 4 days
//     of a previous Request Event ending"; 1 day for ST-Max and long-term
//     support): the code measures each gap from the event before it in
//     start order (LAG), not from the latest end so far; so does the
//     package.
//   - STS001, requests without a route of access: the principles count
//     every request; the code's de-duplication joins on the route, which
//     never matches a NULL, so a cluster whose last request has no route
//     is dropped. The package follows the code and counts the drops in the
//     step log; SALTOptions.NullsAsValues keeps them under "Route not
//     recorded".
//   - STS001 and STS002a, requests and ST-Max episodes without an
//     outcome: the code's joins on the outcome never match a NULL, so
//     such a request escapes the existing-client test (an existing
//     client's request counts as a new client's), and such a request or
//     episode is recorded as "no chronology", and, when later events
//     exist, also with its sequel and as "chronology not in scope"; STS002b
//     never counts such an episode. The package follows the code, marks
//     the extra records (Copy) and counts them in the step log;
//     NullsAsValues compares blanks as values, as the principles intend.
//   - STS001 and STS002a, one record per request: where the rows of a
//     cluster's last day differ in route of access or age (or in an
//     outcome of the same rank), the code's DISTINCT keeps a record for
//     each; the principles count a request once, and so does the package,
//     taking the request that started last (then the latest import, then
//     the last line). The step log counts the records the code would add.
//   - STS001 and STS002a, sequel scope: the principles take the events
//     within 28 days (3 after ST-Max) of the end; the code also takes a
//     first later event that is open, however late (with the other events
//     starting that day).
//   - STS001 and STS002a, events starting on the same day: the code orders
//     a client's later events by start date only and measures each gap
//     from the row before (LAG), which leaves same-day events to the
//     database's row order. The package orders them by end date, an open
//     event last, then event type, then file line: the next gap is
//     measured from the event of that day ending last. The generator's
//     truth (TruthRequest) uses the same order.
//   - STS001, NFA sequels: the principles give "NFA- Other" for
//     conflicting NFA outcomes; the code gives it whenever more than one
//     distinct event (NFA or not) of the chain ends on the day of the
//     latest NFA event, even two with the same outcome. STS002a's code
//     counts only the NFA events of that day. The package follows each.
//   - STS001 and STS002a, service sequels: the code ranks the service type
//     of any later event, whatever its event type; so does the package.
//   - STS001, STS002a and STS002b, latest edition of each event: the code
//     keeps the latest import of requests (STS001 only) and services, and
//     every edition of assessments and reviews, so an earlier, still open
//     edition of an assessment can carry a sequel chain further; its
//     import cut-off applies to requests and services only, and is an
//     instant ("ImportDate <= '2024-02-01'" is midnight):
//     SALTOptions.ImportBy. (Data.LatestEditions, which keeps the same
//     rows, takes the cut-off as a calendar date.)
//   - STS002b, existing clients: the principles take long-term support
//     "starting before start of ST-Max event"; the code, and the package,
//     include support starting on the same day.
//   - LTS001a/b/c, conflicting values: the limitations keep a known value
//     over an unknown one, then "the latest submitted row", then Unknown;
//     the code keeps the known value, then the rows of the latest event
//     start date, then Unknown (an invalid value counts as known). The
//     package follows the code. For support from an unpaid carer (LTS001b
//     Table 2) the code's reference table has no "Unknown", so an Unknown
//     answer is reported as Invalid/NULL and only conflicting answers as
//     Unknown; for ethnicity (Tables 3a and 3b) "No data - Refused" counts
//     as known.
//   - LTS001c, 12 months: the principles take events beginning on or
//     before 31 March 2023 (snapshot 31 March 2024), the limitations on or
//     before 1 April 2023; the code keeps chains starting before the
//     snapshot a year earlier (strictly): SALTOptions.ChainStartBefore,
//     the code's by default. LTS001c's code compares raw primary support
//     reasons (two different invalid values conflict); the package holds
//     one "invalid" value, so it cannot tell them apart.
//   - LTS003: the principles break carers down by age; the code gives
//     totals by support provided. The package adds the age bands of the
//     code's commented query, from the carer's row that gives the
//     category (the one starting last, then the last line).
//   - LTS004: the principles name nursing, residential and community
//     support; the code includes prison. The code takes a person's latest
//     event start date across councils (it ranks by person only), so a
//     person served by two councils counts at the council of the later
//     service (at both when they start the same day). The limitations keep
//     "the latest submitted row" in a conflict; the code has no such step
//     (latest start, a known status over Unknown, a conflict Unknown).
//   - SALT, departing from the code: request and ST-Max clusters are
//     formed within a council (the code joins the clustered requests back
//     without LA_Code, which repeats a client with identical requests at
//     two councils); the outcome hierarchy ranks the three outcomes its
//     table spells differently from the rest of the code as it intends
//     (see "Defined-list spellings").
//   - SALT, not computed: STS004, which the principles say was not carried
//     over to CLD; LTS002a and LTS002b, which they describe as an
//     approach only, without code, depending on sequels CLD does not
//     record (support increased or decreased, suspended).
//   - The measures' reference tables (outcome and service hierarchies,
//     sequel mappings, settled accommodation, carers' support) are read
//     with the same tolerance, so an entry the code spells differently
//     from the list ("NFA - 100% NHS-funded care" in its outcome
//     hierarchy) ranks the entry it names. A blank field is the code's
//     NULL, with SQL's logic where it changes a count (a comparison with
//     it is never true; a join on it never matches); a value outside its
//     list is a non-NULL value that matches no entry.
//   - Open events, in ASCOF 2A: the code gives open requests and ST-Max
//     services today's date as their end before clustering them;
//     ASCOF2AOptions.RunDate is that date, and by default an open event
//     ends after every date in the data (any run after the data). Cut-off
//     dates the code hard-codes are options too: ImportBy is the calendar
//     date of the last import read ("ImportDate <= '2024-02-01'" also
//     excludes imports later that day; "< '2024-05-01'" is ImportBy 30
//     April); the snapshot of 2B/2C is the day after the period.
//   - Clusters of requests (STS001, 4 days) and of ST-Max (STS002a, 1 day)
//     join a row to the previous one when the previous row, in order of
//     start and end, ends no more than that many days before it starts:
//     the code compares with the previous row only (LAG), so a long
//     request does not bridge a gap after a shorter one inside it.
//   - Request clusters past the period's end (STS001, the cohort of
//     ASCOF 2A): the principles drop a cluster running beyond the period;
//     the code drops the rows ending outside the period before it picks
//     the cluster's end, so a cluster with a request ending in the period
//     is kept, ending on that request's end (its start is still its
//     earliest row's). The package follows the code.
//   - Requests without a route of access or an outcome (STS001): the code
//     removes existing clients' requests by a join on route and outcome,
//     which never matches a blank one, so an existing client's request
//     with a blank route or outcome stays as a new client's; its outcome
//     de-duplication then joins on the route, so a request whose
//     highest-ranked outcome has no route is lost. The principles count
//     every request. The package follows the code and counts both steps.
//   - The sequel chain (STS001, STS002a): the principles take the events
//     within 28 (or 3) days and group those within 3 days of each other.
//     The code keeps an open first event however late it starts, keeps
//     any event after an open one (a gap from a NULL end is not more than
//     3 days), judges events starting on one day together, and ends the
//     chain before the first day holding another request (STS001) or any
//     event whose service type is ST-Max (STS002a). The order of events
//     starting on the same day, which the code leaves to the database, is
//     the package's tie rule: end date, open events last, then event type
//     (request, assessment, service, review), then file line; so the gap
//     to the next day is measured from the latest-ending (or open) event
//     of that day. The service ranking takes any event's service type,
//     not only services'.
//   - Latest edition of each event (STS001, STS002a, 2A, 2B/2C): requests
//     and services only, by the code's concatenated fields, among imports
//     up to the cut-off; assessments and reviews of every import are
//     kept, whatever the cut-off, so an earlier open edition of an
//     assessment can extend a sequel chain.
//   - ASCOF 2A counts the entries of the code's STS002a table, not ST-Max
//     events: an ST-Max with no later events, or none in scope, is in the
//     lists only when its outcome is "Service ended as planned" (the code
//     prefixes every other mapped outcome with "No_Chronology_"), where
//     the principles' table would count, say, signposting; an entry of
//     record type 4 with that outcome is mapped to "No services
//     provided - other" with a hyphen, which is in neither list (the principles
//     count it; the package follows the code and lists it in Sequels);
//     entries of record type 3 are inserted with DISTINCT on council,
//     client and outcome, so two periods of reablement of one client that
//     end in the same NFA are one entry. NFA outcomes "conflict" (and
//     become "NFA- Other") whenever more than one distinct NFA event ends
//     on the latest date, even with the same outcome.
//   - ASCOF 2A, departing from the code where it would double count: the
//     code's joins on a blank ST-Max outcome fail and add an unclassified
//     entry (in neither list) besides the cluster's real one, and where
//     unranked outcomes (blank and outside the list) tie at a cluster's
//     end it keeps one entry per outcome; the package lists each cluster
//     once, with the non-blank outcome. Its clustering joins without the
//     council; the package clusters each client (person at a council).
//   - ASCOF 2B/2C: the code counts only placements still open on the
//     snapshot date (ending on or after the day after the period, or
//     open), derives age on that date (not the period's end: 64 on 31
//     March and 65 on 1 April is 2C), reads every import (not the latest
//     submission), takes an admission as a council, person and age (a
//     person with two derived ages is two admissions), and matches
//     previous admissions on the person at any council. The principles
//     count admissions in the year by age band.
//   - ASCOF 2E: the code filters on the service type only (a review
//     carrying "Long Term Support: Community" counts), has no age filter
//     (the principles derive an age and leave out unknown ages), splits
//     the measure by gender and counts in its Total only clients whose
//     rows say Male or Female: clients of other or unknown gender are in
//     no part of 2E. There is no "latest import" step (one import per
//     council); a status outside the list counts as known and is not
//     settled; conflicts are resolved per gender.
//   - ASCOF 3D, service users: the principles take the year; the code
//     takes the snapshot at the period's end (events open on it, people
//     alive on it), ranks settings with a reference table that blanks the
//     mechanisms it does not list (a prison direct payment is prison,
//     unknown mechanism) and overrides community support whose component
//     is a direct payment to a direct payment, and joins the lowest rank
//     back on the person only, so a client can keep a lower-ranked row
//     that is the person's lowest at another council. Its Total is every
//     age with a known birth (under 18 included; the handbook says 18 or
//     over); 65 and over is over 64.
//   - ASCOF 3D, carers: the code's CASE reads a blank component as NULL,
//     so a direct-to-carer service with a managed budget or commissioned
//     support and no component falls through to no category (or, on an
//     assessment or review, to no direct support); the Total is every
//     carer over 17, including those of unknown age, who are in no band.
//     The code's final table keeps councils with service users only; the
//     package gives every council of the file.
//   - Waiting times are defined by neither: Data.WaitTimes defines them
//     (request clusters as STS001's, a repeat request starting a new wait
//     and censoring the last, the first assessment and the first service
//     after the request, Kaplan–Meier over the waits starting in the
//     period censored at its end, death or the next request, and the mean
//     and median of the completed waits ending in the period).
package cld
