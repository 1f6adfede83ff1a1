-- The audit trail (package audit): every login, search, view, change
-- and export, appended in the transaction of the action, each row linked
-- to the one before by its hash. Rows are only ever appended: seq numbers
-- them from 1 without gaps (the store takes the next under a lock of the
-- table), at is UTC text of fixed width (it compares as a string). The
-- indexes serve the administrators' filters, newest first or oldest;
-- objects are filtered by prefix ("document:…") in byte order, whatever
-- the database's collation.
CREATE TABLE audit_log (
	seq     BIGINT PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	object  TEXT NOT NULL DEFAULT '',
	purpose TEXT NOT NULL DEFAULT '',
	detail  TEXT NOT NULL DEFAULT '',
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_object ON audit_log ((object COLLATE "C"), seq);
CREATE INDEX audit_log_purpose ON audit_log (purpose, seq);
CREATE INDEX audit_log_at ON audit_log (at);
