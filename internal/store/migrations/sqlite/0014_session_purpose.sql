-- The purpose a session states for looking at documents, contacts and
-- networks outside a case (asked once per session; the audit trail
-- records it with each view).
ALTER TABLE sessions ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
