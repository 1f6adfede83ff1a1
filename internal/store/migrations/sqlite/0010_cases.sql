-- Cases: an investigation's material (documents, contacts, networks),
-- its members (only they and administrators see it), notes, status and
-- tags. A document held by a case is kept by retention.
CREATE TABLE cases (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'open',
	created_by INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE case_members (
	case_id  INTEGER NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
	user_id  INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	added_at TEXT NOT NULL,
	PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_members_user ON case_members (user_id);
CREATE TABLE case_tags (
	case_id INTEGER NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
	tag     TEXT NOT NULL,
	PRIMARY KEY (case_id, tag)
);
-- kind is document (ref: the document's store id), entity (ref:
-- kind:value) or network (ref: its id when added; its documents are
-- added with it, since networks are recomputed at each ingest).
CREATE TABLE case_items (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
	kind        TEXT NOT NULL,
	ref         TEXT NOT NULL,
	document_id INTEGER REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	label       TEXT NOT NULL DEFAULT '',
	added_by    INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	added_at    TEXT NOT NULL,
	UNIQUE (case_id, kind, ref)
);
CREATE INDEX case_items_document ON case_items (document_id);
CREATE TABLE case_notes (
	id        INTEGER PRIMARY KEY,
	case_id   INTEGER NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
	author_id INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	at        TEXT NOT NULL,
	text      TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, id);
