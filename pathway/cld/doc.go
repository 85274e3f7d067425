// Package cld reads Adult Social Care Client Level Data (CLD), the
// quarterly person-level return English councils send to NHS England, as
// councils and NHS England hold it, and turns it into pathway events,
// services and costs.
//
// # Overview
//
// [Read] reads a CLD file (CSV with a header row) into [Data], a
// column-oriented table: element i of every row column (Data.Start,
// Data.EventType, Data.ServiceType, …) describes accepted row i. Text is
// interned (councils, NHS numbers, local ids), dates are day numbers,
// defined lists are one-byte typed values, costs are int64 millionths of
// a pound and flags are bits, so that a national year (about 20 million
// rows) fits in a few gigabytes.
//
// On top of the rows:
//   - [Data.Persons] applies the principles' hybrid person identifier to a
//     set of rows; Data.Person holds it for the whole file.
//   - [Data.Clients] groups rows by client (a person at a council) in time
//     order, the unit the SALT and ASCOF measures count.
//   - [Data.LatestSubmissions] applies NHS England's latest-submission rule
//     for a period of interest and lists the rows it sets aside.
//   - [AgeAt] is the derived age of the principles (proxy date of birth on
//     the 1st of the birth month), computed as the replication code does.
//   - [Data.Pathway] converts the rows into pathway.Event and
//     pathway.Service records, so that pathway.Join, the Kaplan–Meier and
//     log-rank estimators, snapshots, funnel plots and money along the
//     pathway run on a CLD file.
//   - [Synthesize] writes a seeded synthetic CLD file in either layout from
//     the ras/synth county, and reports the truth behind every row.
//
// See the README's CLD section for the columns.
package cld
