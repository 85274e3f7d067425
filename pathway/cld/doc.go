// Package cld reads Adult Social Care Client Level Data (CLD), the
// quarterly person-level return English councils send to NHS England, as
// councils and NHS England hold it; computes from it the SALT and ASCOF
// measures NHS England reproduces from CLD, and waiting times; and turns
// it into pathway events, services and costs.
//
// The rules follow NHS England's "Central Transformation Principles" for
// reproducing SALT and ASCOF from CLD (2023/24, final) and, where those
// are terse or disagree with it, the replication code NHS England
// publishes (github.com/NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations),
// which is what NHS England runs. Where they differ the package follows
// the code and lists the difference (see the last section).
//
// # Overview
//
// [Read] reads a CLD file (CSV with a header row) into [Data], a
// column-oriented table: element i of every row column (Data.Start,
// Data.EventType, Data.ServiceType, …) describes accepted row i, in file
// order. [Measures] computes every measure for a period over one read,
// sharing what the measures have in common, and returns [Results]. Each
// measure is also a function of its own, with the same signature
// (d *Data, p Period, opt MeasureOptions), returning the same result:
//
//	SALT, short-term support (every import; latest edition of each event):
//	  STS001    requests for support from new clients, by sequel, route
//	            of access and age band                    → *STS001Result
//	  STS002a   what followed new clients' short-term support to maximise
//	            independence (ST-Max), by sequel and age  → *STS002aResult
//	  STS002b   ST-Max episodes of existing clients       → *STS002bResult
//	SALT, long-term support (each council's latest submission):
//	  LTS001a   people in long-term support during the year, by primary
//	            support reason and setting, 18–64 and 65+ → *LTSResult
//	  LTS001b   the same at the year end, with support from an unpaid
//	            carer and ethnicity by gender             → *LTSResult
//	  LTS001c   those of LTS001b supported for more than 12 months
//	  LTS003    carers supported, by support provided and age
//	  LTS004    working-age clients with a learning disability, by
//	            employment and accommodation status and gender
//	ASCOF:
//	  ASCOF2A   short-term services with no further request for ongoing
//	            support (counted from STS001 and STS002a) → *ASCOF2AResult
//	  ASCOF2BC  admissions to residential and nursing care per 100,000
//	            population, 18–64 (2B) and 65+ (2C)       → *ASCOFTable
//	  ASCOF2E   people in long-term support living at home or with family
//	  ASCOF3D   self-directed support and direct payments: service users
//	            (3D1a, 3D2a) and carers (3D1b, 3D2b)
//	Waits:
//	  WaitTimes request to assessment, request to service and assessment
//	            to service, by service type: Kaplan–Meier medians and
//	            plain averages                            → *WaitTimesResult
//
// Not computed: STS004, which the principles say was not carried over to
// CLD (ASCOF 2D stays with SALT for 2023/24); LTS002a and LTS002b, which
// they describe as an approach only, without code, depending on sequels
// CLD does not record (support increased, decreased or suspended).
//
// Every measure returns its tables, the records or people it counted
// (STS001Result.Requests, STMaxEpisode, LTSResult.People, ASCOF2ASequel),
// and a step log ([Steps]) in which every rule says what it keeps and how
// many rows, clusters, episodes, records, clients or people there were
// before and after it, so that the steps account for every row the
// measure started from.
//
// Besides the measures:
//   - [Data.Persons] applies the principles' hybrid person identifier to a
//     set of rows; Data.Person holds it for the whole file.
//   - [Data.Clients] groups rows by client (a person at a council) in time
//     order, the unit the SALT and ASCOF measures count.
//   - [Data.LatestSubmissions] applies NHS England's latest-submission rule
//     for a period of interest and lists the rows it sets aside;
//     [Data.LatestEditions] applies the code's latest edition of each
//     event.
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
// A command computing every measure of a file (errors not shown):
//
//	d, _ := cld.Read(f, cld.Options{})
//	debug.SetMemoryLimit(cld.MemoryLimit(d)) // a soft limit for the measures
//	p := cld.FinancialYear(2023)
//	res, _ := cld.Measures(d, p, cld.MeasureOptions{
//		Window: cld.Window{After: p.End.Time(), By: p.End.AddDays(31)},
//	})
//	pub, _ := res.Suppress(disclosure.Options{})
//	for _, o := range pub.Outputs() {
//		o.WriteCSV(w, cld.CSVOptions{}) // or o.Grids(cld.CSVOptions{}) for a report
//	}
//
// # Options
//
// [MeasureOptions] holds every option; its zero value is the default. The
// period p is the period of interest (usually FinancialYear); the
// snapshot measures (LTS001b, LTS001c, ASCOF 3D's service users) take
// p.End as the snapshot date, and ASCOF 2B/2C the day after it. The dates
// the code takes from the clock or hard-codes are options:
//   - Window, the submission window of the latest-submission rule
//     (LTS001a/b/c, LTS003, LTS004, 2E, 3D): imports after Window.After
//     (an instant) whose calendar date is on or before Window.By.
//   - ImportBy, the import cut-off of the latest-edition rule (STS001,
//     STS002a/b, 2A, 2B/2C, the waits): the calendar date of the last
//     import read, as Window.By is a calendar date. The code means a day
//     (its comment sets "the last day for LA submissions", and its LTS
//     scripts compare CONVERT(date, ImportDate)), though as written its
//     "ImportDate <= '2024-02-01'" compares the import instant with
//     midnight: ImportBy 2024-01-31 reads what it reads (but for an import
//     stamped exactly at midnight on 1 February); its 2B/2C "ImportDate <
//     '2024-05-01'" is ImportBy 2024-04-30.
//   - RunDate, the date of the run (the code's GETDATE()), which the code
//     gives open requests, ST-Max services and long-term services as their
//     end before clustering them (STS001, STS002a/b, 2A, LTS001c). NoDate:
//     after every date in the data, so an open event never ends in the
//     period.
//   - ChainStartBefore, LTS001c's 12 months (by default the snapshot a
//     year earlier).
//
// So are the package's choices: NullsAsValues (compare a blank route of
// access or outcome as a value, as the principles intend, rather than as
// the code's NULL; STS001, STS002a/b and 2A), Population (the ONS
// estimates of 2B/2C, ReadPopulation), NewClientsOnly and KM (the waiting
// times). An invalid period or option is ErrInvalidOptions.
//
// # Tables, CSV and report grids
//
// Every published table is an [Output]: it writes CSV (WriteCSV, with
// [CSVOptions]), lays itself out as report tables (Grids: one [Grid] per
// council and one for all councils, with row and column labels and cells
// holding their text, value and suppression status) and takes
// small-number suppression (Suppress, returning a suppressed copy;
// CSVOptions.Suppress applies it on writing). Results.Outputs lists them
// all, Results.Suppress suppresses them all.
//
// Suppression follows one rule for every table (ras/disclosure's, through
// disclosure.SuppressLines): every count published is a cell — a table's
// cells and its row, column and grand totals, the ASCOF Totals, the waits
// started, ended, still waiting and completed, the councils' and the
// all-councils' alike — and a small one is hidden wherever it is
// (primary). Every line of counts whose total is also published links
// its cells to that total, itself a cell: a row or a column of a block
// with its row or column total, the row totals and the column totals with
// the grand total, the councils' counts of one cell or total with the
// all-councils count, and the totals that a measure's tables share (see
// below). Each line is protected so that no hidden count, cell or total,
// can be found by subtraction from the shown members of a line
// (secondary): a line never has exactly one hidden member, so a hidden
// total whose cells are all shown loses one of them too. So no count of
// 1 to Threshold − 1 (nor 0 with SuppressZeros) is published anywhere,
// an all-councils count that is small is hidden, and a file of one
// council shows in its all-councils figures nothing its own figures hide.
// SuppressLines then audits the result, so that no small count follows
// from several lines taken together either (exact elimination; see
// ras/disclosure); the lines with the counts' being non-negative can
// still bound hidden counts. A table of
// people counts a person once in a total however many cells count them,
// so its total may be less than the sum: its lines are protected all the
// same.
//
// The tables of one measure that count the same requests, episodes or
// people in different ways are suppressed together, linked by their
// shared totals, by the measure's Suppress and by Results.Suppress:
// STS001's three age bands' tables and its table by record type (row
// totals and total); STS002a's table by age band and by record type (the
// same episodes); LTS001b's Tables 1a and 1b, and 3a, 3b and 3c, with its
// Table 2; LTS004's accommodation tables with its Table 1. Table.Suppress
// (and CSVOptions.Suppress on one table) protects a table on its own, so
// publish a measure's tables suppressed together.
//
// There are three kinds:
//   - [Table], a SALT table: counts by row and column for each council
//     and all councils. Its CSV is the SALT layout: Measure, Table,
//     LA_Code, LA_Name, the row heading, the columns and Total; a line per
//     row and a Total line, a block per council, then "All". A table of
//     people (Distinct) counts a person once in the all-councils block and
//     in every total, however many cells, rows or councils count them;
//     tables of requests or episodes sum. The blocks' row, column and
//     grand totals are counts suppressed like the cells (Block.RowStatus,
//     ColStatus, TotalStatus), and a hidden total is written as its mark.
//   - [ASCOFTable], an ASCOF measure: for each council, part and
//     disaggregation a numerator, a denominator and an outcome, then the
//     same over all councils (the sums of the councils' counts). Its CSV
//     is the long layout of the ASCOF data NHS England publishes, a line
//     per council, measure, disaggregation and measure type. Suppression
//     applies to numerators and to denominators that are counts (not to
//     2B/2C's populations); a council's age bands and its genders are
//     lines whose total is its Total count; an outcome is hidden with
//     either count.
//   - [WaitTimesResult], the waits: counts and figures in days for each
//     council, wait and service type, in a long layout. Suppression
//     applies to each count: the waits started, ended and still waiting
//     (a line: started = ended + still waiting), and completed; the
//     service types' ended and completed add up to All services'. The
//     Kaplan–Meier median and its limits are hidden with any of started,
//     ended and still waiting, the averages of completed waits with their
//     count.
//
// Figures that may be undefined (a percentage with a zero denominator, a
// rate without a population, a median the curve does not reach) are
// [Figure] values, written as CSVOptions.UndefinedMark ("undefined"),
// never NaN; CSVOptions.Decimals sets their decimal places (one by
// default, as NHS England publishes them). Results, tables and steps
// carry JSON tags in snake_case; in JSON, dates are day numbers
// (pathway.Date) and defined-list values and statuses their numbers, so
// use the grids or the CSV for text.
//
// # What every measure does
//
// The measures share their first steps, and the code for them: the rows
// read (every import, or each council's latest submission covering the
// period within the window); the measure's filters (client type, event or
// service type, the period, deaths, a known birth), each a step; the
// person rule on the rows left (two steps); the rows grouped by client in
// time order; and, for the measures on every import, the latest edition
// of each event within each client's rows (two steps). Then the
// measure's own rules: clustering (a request within 4 days of the
// previous one's end joins its cluster; ST-Max and long-term support
// within 1 day), the sequel chain after a cluster (STS001, STS002a), the
// outcome hierarchy that chooses among the rows ending a cluster on one
// day, and the hierarchies of settings and of support.
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
// Data.Person applies it to the whole file; every measure applies it to
// the rows it has filtered. Keys are stable across sets: a row's key is
// its NHS number's, else its local id's, or none (removed), so the
// measures share one grouping of the file by client (see Memory and
// speed).
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
// The measures group the rows by client once: a counting sort by person
// key, then each person's rows sorted by a 64-bit key packing council,
// start, end and event type; the Data keeps this order, built on first
// use (about 6 bytes a row). A measure's clients are a filter of it, so
// no measure sorts again and none copies a column. Measures also chooses
// each council's latest submission once, runs STS001 once for itself,
// STS002a and 2A, and lets 2A count STS002a's episodes. On the synthetic
// national file (20.3 million rows, 8.8 GB, 150 councils), on two cores
// shared with other work (load average 5 to 7), reading and every measure
// took 34 s from the page cache, 63 s from disk (35 to 46 s of CPU, 7 of
// them the measures) and 3.2 to 3.3 GB of resident memory at the peak,
// the read's own, with the soft memory limit MemoryLimit recommends set
// after the read (38 s and 4.6 GB without a limit); a file of a million
// rows took 1.7 to 3.8 s and 0.25 GB. Commands should
// set that limit (debug.SetMemoryLimit) after reading: without it the
// collector lets the heap grow to twice the live data.
//
// # Where the principles and the replication code differ
//
// Where they differ the package follows the code, and says so here; where
// the package departs from both, it says why. Grouped by measure.
//
// Every measure:
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
//     a row can be kept by one measure and removed by another. So does the
//     package (Data.Persons takes the set; Data.Person is the whole file).
//   - Person identifier, departing from the code: the code compares the
//     local-id pseudonym across councils; the package compares local ids
//     within their council, as a local id is only meaningful there (in a
//     council's own file the same number at two councils is two people).
//   - Latest submission (LTS001a/b/c, LTS003, LTS004, 2E, 3D): the
//     principles list three conditions (ImportDate after the period,
//     reporting period start on or before its start and end on or after
//     its end); the code groups rows by council and ImportDate, takes the
//     earliest start and latest end over the group, compares the
//     ImportDate instant with the window's start ("after") and its
//     calendar date with the window's end ("on or before"), and joins
//     back on council name and ImportDate. LatestSubmissions does the
//     same, keyed by council code.
//   - Latest edition of each event (STS001, STS002a/b, 2A, 2B/2C): the
//     code keeps the latest import of requests (STS001 and 2A's STS001
//     part) and of services, each identified by its concatenated fields,
//     among imports up to the cut-off, and every edition of assessments
//     and reviews whatever the cut-off, so an earlier, still open edition
//     of an assessment can carry a sequel chain further. So does the
//     package (ImportBy, a calendar date: see Options).
//   - Open events: the code gives open requests (STS001, 2A), ST-Max
//     services (STS002a/b, 2A) and long-term services (LTS001c) the date
//     of the run (GETDATE()) as their end before clustering them:
//     RunDate. By default the run is after every date in the data, so an
//     open event never ends in the period.
//   - Defined-list spellings: the code compares text exactly (up to case)
//     and is itself inconsistent ("NFA - 100% NHS funded care" and
//     "NFA - 100% NHS-funded care", "NFA - Support ended: Other reason" and
//     "NFA - Support ended – other reason", "CASSR Commissioned Support" and
//     "CASSR Commissioned support"), so some of its own table entries never
//     match. The package matches tolerantly, records the canonical value
//     and counts each variant: figures may include rows NHS England's run
//     would miss; Quality says how many. The measures' reference tables
//     (outcome and service hierarchies, sequel mappings, settled
//     accommodation, carers' support) are read with the same tolerance,
//     so an entry the code spells differently from the list ("NFA - 100%
//     NHS-funded care" in its outcome hierarchy) ranks the entry it names.
//   - Blank and invalid values: a blank field is the code's NULL, with
//     SQL's logic where it changes a count (a comparison with it is never
//     true; a join on it never matches); a value outside its list is a
//     non-NULL value that matches no entry. "NULL" text: some extracts
//     write the text NULL for a missing value; DHSC's pipeline turns it
//     back into a null, and so does the reader.
//
// Clusters and sequels (STS001, STS002a, and 2A through them):
//   - Clustering gaps ("a new Request Event starting within 4 days of a
//     previous Request Event ending"; 1 day for ST-Max and long-term
//     support): the code joins a row to the previous one in order of
//     start and end when the previous row ends no more than that many
//     days before it starts (LAG), not measuring from the latest end so
//     far, so a long request does not bridge a gap after a shorter one
//     inside it. So does the package.
//   - Request clusters past the period's end (STS001, 2A's cohort): the
//     principles drop a cluster running beyond the period ("any clusters
//     that run beyond this date are out of scope"); the code drops the
//     rows ending outside the period before it takes the cluster's latest
//     end, so a cluster with a request ending in the period counts,
//     ending on the last such day (its start is still its earliest
//     row's), even if a later request of it ends after the period or is
//     open. STS001 follows the code; STS002a and STS002b, whose code
//     filters the episodes themselves, follow theirs.
//   - Requests without a route of access or an outcome, and ST-Max
//     episodes without an outcome: the principles count every request.
//     The code removes existing clients' requests by a join on route and
//     outcome, which never matches a blank one, so an existing client's
//     request with a blank route or outcome stays as a new client's; its
//     de-duplication joins on the route, so a cluster whose highest-ranked
//     last request has no route is dropped; and its joins on the outcome
//     record a request or ST-Max episode without one as "no chronology"
//     and, when later events exist, also with its sequel and as
//     "chronology not in scope"; STS002b never counts such an episode.
//     The package follows the code, marks the extra records (Copy) and
//     counts every step of it in the step logs; NullsAsValues compares
//     blanks as values, as the principles intend ("Route not recorded").
//   - One record per request or episode: where the rows of a cluster's
//     last day differ in route of access or age, or in outcomes of the
//     same rank in the code's hierarchy, the code's DISTINCT keeps a
//     record for each; the principles count a request once, and so does
//     the package, taking an outcome before a blank one (of two unranked
//     outcomes, a value outside the list is a value, a blank is the code's
//     NULL), then the row that started last, then the latest import, then
//     the last line. The step logs count the records the code would add.
//   - The sequel chain: the principles take the events within 28 days (3
//     after ST-Max) of the cluster's end and group those within 3 days of
//     each other. The code also takes a first later event that is open,
//     however late it starts (with the other events starting that day);
//     keeps any event after an open one (a gap from a NULL end is not more
//     than 3 days); judges events starting on one day together; and ends
//     the chain before the first day holding another request (STS001) or
//     another ST-Max (STS002a). It orders a client's later events by
//     start date only and measures each gap from the row before, which
//     leaves events starting on the same day to the database's row order:
//     the package orders them by end date, an open event last, then event
//     type (request, assessment, service, review), then file line, so the
//     gap to the next day is measured from the latest-ending (or open)
//     event of that day. The generator's truth (TruthRequest) uses the
//     same order. The service ranking takes any later event's service
//     type, whatever its event type, as the code does.
//   - NFA sequels: the principles give "NFA- Other" for conflicting NFA
//     outcomes; STS001's code gives it whenever more than one distinct
//     event (NFA or not) of the chain ends on the day of the latest NFA
//     event, even two with the same outcome; STS002a's code (and so 2A)
//     counts only the NFA events of that day. The package follows each.
//
// SALT:
//   - STS002a's table: the code groups its final table by
//     FINAL_OUTCOME_MAPPED, which keeps apart, under "No_Chronology_"
//     labels, the episodes with no later events or none in scope (but for
//     "Service ended as planned"), and inserts the entries of record type
//     3 with DISTINCT on council, client and outcome, so two episodes of
//     one client ending in the same NFA are one entry. The package's
//     table counts every episode under its SALT category, as the
//     principles' table does; ByKind separates the record types. ASCOF 2A
//     follows the code in both.
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
//     snapshot a year earlier (strictly): ChainStartBefore, the code's by
//     default. LTS001c's code compares raw primary support reasons (two
//     different invalid values conflict); the package holds one "invalid"
//     value, so it cannot tell them apart.
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
//   - Departing from the code: request and ST-Max clusters are formed
//     within a council (the code joins the clustered requests, and 2A's
//     clustered ST-Max, back without LA_Code, which repeats a client with
//     identical events at two councils); the outcome hierarchy ranks the
//     three outcomes its table spells differently from the rest of the
//     code as it intends (see "Defined-list spellings").
//
// ASCOF:
//   - 2A counts the entries of the code's STS002a table, not ST-Max
//     episodes: an ST-Max with no later events, or none in scope, is in
//     the lists only when its outcome is "Service ended as planned" (the
//     code prefixes every other mapped outcome with "No_Chronology_"),
//     where the principles' table would count, say, signposting; an entry
//     of record type 4 with that outcome is mapped to "No services
//     provided - other" with a hyphen, which is in neither list (the
//     principles count it; the package follows the code and lists it in
//     Sequels); entries of record type 3 are one per client and outcome
//     (see STS002a's table).
//   - 2A, departing from the code where it would double count: the code's
//     joins on a blank ST-Max outcome add unclassified entries (in neither
//     list) besides the episode's real one, and where unranked outcomes
//     tie at an episode's end it keeps one entry per outcome; 2A counts
//     each episode once (STS002a's records less its copies), with the
//     outcome STS002a takes.
//   - 2B/2C: the code counts only placements still open on the snapshot
//     date (ending on or after the day after the period, or open), derives
//     age on that date (not the period's end: 64 on 31 March and 65 on 1
//     April is 2C), reads every import (not the latest submission), takes
//     an admission as a council, person and age (a person with two
//     derived ages is two admissions), and matches previous admissions on
//     the person at any council. The principles count admissions in the
//     year by age band.
//   - 2E: the code filters on the service type only (a review carrying
//     "Long Term Support: Community" counts), has no age filter (the
//     principles derive an age and leave out unknown ages), splits the
//     measure by gender and counts in its Total only clients whose rows
//     say Male or Female: clients of other or unknown gender are in no
//     part of 2E. There is no "latest import" step (one import per
//     council); a status outside the list counts as known and is not
//     settled; conflicts are resolved per gender.
//   - 3D, service users: the principles take the year; the code takes the
//     snapshot at the period's end (events open on it, people alive on
//     it), ranks settings with a reference table that blanks the
//     mechanisms it does not list (a prison direct payment is prison,
//     unknown mechanism) and overrides community support whose component
//     is a direct payment to a direct payment, and joins the lowest rank
//     back on the person only, so a client can keep a lower-ranked row
//     that is the person's lowest at another council. Its Total is every
//     age with a known birth (under 18 included; the handbook says 18 or
//     over); 65 and over is over 64.
//   - 3D, carers: the code's CASE reads a blank component as NULL, so a
//     direct-to-carer service with a managed budget or commissioned
//     support and no component falls through to no category (or, on an
//     assessment or review, to no direct support); the Total is every
//     carer over 17, including those of unknown age, who are in no band.
//     The code's final table keeps councils with service users only; the
//     package gives every council of the file.
//
// Waiting times are defined by neither: WaitTimes defines them (request
// clusters as STS001's, a repeat request starting a new wait and
// censoring the last, the first assessment and the first service after
// the request, Kaplan–Meier over the waits starting in the period
// censored at its end, death or the next request, and the mean and
// median of the completed waits ending in the period).
package cld
