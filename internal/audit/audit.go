// Package audit holds the entries of vigie's audit trail and checks the
// hash chain that links them. It does no I/O: the store appends and reads
// the rows, this package seals and verifies them.
//
// Every entry carries the hash of the entry before it (Prev) and its own
// hash (Hash) over all its fields, Prev included, so that changing,
// removing, adding or moving a row breaks the chain where it was done;
// Checker finds the breaks and says what they look like.
//
// What a chain alone cannot show: the hash has no key, so whoever can
// write to the database can rewrite every row from some point on with
// freshly computed hashes, or append well-formed rows, or cut off the
// newest rows, and the chain stays whole. A Head (the last row's number
// and hash) kept elsewhere — printed by a previous verification, written
// into an export's custody record — pins the trail up to that row: the
// Checker compares the trail with it, which shows a cut-off tail and a
// rewrite that reaches that row.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Entry is one row of the audit trail: who (Actor) did what (Action) to
// what (Object), when (At) and why (Purpose).
//
//   - Actor is an account name, "system" for vigie itself, or
//     "cli:<operating system user>" for a command line.
//   - Action is one of the Action… constants (others may be added: they
//     are short, stable, lower-case verbs with underscores).
//   - Object says what it is about: "document:<id>", "entity:<kind>:<value>",
//     "case:12", "user:ana", or a search's query text.
//   - Purpose is "case:<id>" when the action serves a case, else the
//     reason the person stated (asked for when viewing sensitive data
//     outside a case), or empty.
//   - Detail is optional free text or JSON.
//
// Seq numbers the rows from 1 without gaps; Prev is the Hash of the row
// before (Genesis for the first) and Hash is Sum of the row. At is in UTC
// to the nanosecond.
type Entry struct {
	Seq     int64     `json:"seq"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Object  string    `json:"object"`
	Purpose string    `json:"purpose"`
	Detail  string    `json:"detail"`
	Prev    string    `json:"prev"`
	Hash    string    `json:"hash"`
}

// Actions recorded in the trail. A new one is added here with a comment
// saying what its Object is.
const (
	// ActionLogin: a person logged in; Actor is the account, Object
	// "user:<name>".
	ActionLogin = "login"
	// ActionLoginFailed: a login was refused; Actor is the name given,
	// Detail why (unknown account, wrong password, disabled).
	ActionLoginFailed = "login_failed"
	// ActionLogout: a person logged out; Object "user:<name>".
	ActionLogout = "logout"
	// ActionSearch: a search of the documents; Object is the query as
	// typed, Detail its filters.
	ActionSearch = "search"
	// ActionViewDocument: a document was shown; Object "document:<id>".
	ActionViewDocument = "view_document"
	// ActionViewEntity: an identifier's page was shown (a phone number,
	// a handle); Object "entity:<kind>:<value>".
	ActionViewEntity = "view_entity"
	// ActionViewNetwork: a network of linked posts was shown; Object
	// "network:<id>".
	ActionViewNetwork = "view_network"
	// ActionViewCase: a case was shown; Object "case:<id>".
	ActionViewCase = "view_case"
	// ActionViewAudit: the audit trail itself was read; Detail the
	// filter.
	ActionViewAudit = "view_audit"
	// ActionChangeUser: an account was added or changed (role, password,
	// disabled); Object "user:<name>", Detail what changed.
	ActionChangeUser = "change_user"
	// ActionChangeCase: a case was opened or changed (items, members,
	// notes, status); Object "case:<id>", Detail what changed.
	ActionChangeCase = "change_case"
	// ActionExportCase: a case's evidence was exported; Object
	// "case:<id>", Detail the export's format and digest.
	ActionExportCase = "export_case"
	// ActionExport: anything else left vigie (networks for Aleph or
	// Gephi, search results); Object what, Detail the format.
	ActionExport = "export"
	// ActionStatePurpose: a session stated why it looks at people's
	// data; Object "user:<name>", Detail the purpose.
	ActionStatePurpose = "state_purpose"
	// ActionChangeWatch: a watch was added or removed, or its alerts
	// marked seen; Object "watch:<id>" or "user:<name>", Detail what.
	ActionChangeWatch = "change_watch"
	// ActionIngest: documents were stored; Object "run:<id>", Detail how
	// many.
	ActionIngest = "ingest"
	// ActionRetention: a source's retention was set, or documents past it
	// deleted; Object "source:<name>", Detail what (the ids deleted).
	ActionRetention = "retention"
	// ActionSubjectAccess: everything held about an identifier was
	// gathered; Object "entity:<kind>:<value>".
	ActionSubjectAccess = "subject_access"
)

// ActorSystem is the Actor of what vigie does on its own (retention,
// scheduled jobs).
const ActorSystem = "system"

// CLIActor returns the Actor of a command line run by the operating
// system user user.
func CLIActor(user string) string { return "cli:" + user }

// Genesis is the Prev of the first row of a trail: 64 zeros.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeFormat is how At enters the hash (and how the store writes it): in
// UTC, RFC 3339 with exactly nine digits of fractional seconds and "Z".
const TimeFormat = "2006-01-02T15:04:05.000000000Z"

// sumTag opens the hashed encoding; another encoding would have another.
const sumTag = "vigie-audit-v1"

// Sum returns the hash of e: the lower-case hexadecimal SHA-256 of nine
// fields, each written as its length in bytes (decimal ASCII digits), a
// colon, then its bytes, with nothing between fields:
//
//  1. the tag "vigie-audit-v1",
//  2. Seq in decimal ASCII ("-" first if negative),
//  3. At in UTC formatted as TimeFormat (2006-01-02T15:04:05.000000000Z),
//  4. Actor, 5. Action, 6. Object, 7. Purpose, 8. Detail, as UTF-8,
//  9. Prev, as stored (64 hexadecimal digits when well formed).
//
// Hash is the only field left out. For example the row {Seq: 1, At:
// 2026-01-02 03:04:05.000000006 UTC, Actor: "ana", Action: "login",
// Object: "user:ana", Prev: Genesis} hashes
// "14:vigie-audit-v11:130:2026-01-02T03:04:05.000000006Z3:ana5:login8:user:ana0:0:64:000…000"
// (64 zeros at the end).
func (e Entry) Sum() string {
	var num [40]byte
	b := make([]byte, 0, 160+len(e.Actor)+len(e.Action)+len(e.Object)+len(e.Purpose)+len(e.Detail)+len(e.Prev))
	b = appendField(b, sumTag)
	b = appendField(b, strconv.AppendInt(num[:0], e.Seq, 10))
	b = appendField(b, e.At.UTC().AppendFormat(num[:0], TimeFormat))
	for _, s := range []string{e.Actor, e.Action, e.Object, e.Purpose, e.Detail, e.Prev} {
		b = appendField(b, s)
	}
	d := sha256.Sum256(b)
	return hex.EncodeToString(d[:])
}

// appendField appends s with its length in front, as Sum hashes it.
func appendField[T string | []byte](b []byte, s T) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// Seal returns e linked after a row whose hash is prev (Genesis for the
// first row): Prev set to prev and Hash to the new Sum. Seq and At must
// already be set.
func Seal(prev string, e Entry) Entry {
	e.Prev = prev
	e.Hash = e.Sum()
	return e
}

// sumAs returns the Sum of e had it been numbered seq.
func sumAs(e Entry, seq int64) string {
	e.Seq = seq
	return e.Sum()
}
