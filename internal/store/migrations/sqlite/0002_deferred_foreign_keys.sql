-- References are checked when a transaction commits (DEFERRABLE INITIALLY
-- DEFERRED) rather than row by row. With immediate checks, SQLite keeps
-- an in-memory journal of every page that a multi-row INSERT changes, to
-- undo that statement alone if a row fails: at a million documents, that
-- journal took a third of the ingest writer's time. An ingest batch is
-- one transaction, undone whole on any error, so nothing is lost by
-- checking at its end.
--
-- SQLite cannot alter a constraint, so the four tables that hold
-- references are rebuilt with their rows, ids and indexes (migrate runs
-- this with enforcement off and checks every reference before commit).

CREATE TABLE documents_new (
	id          INTEGER PRIMARY KEY,
	key         BLOB NOT NULL UNIQUE, -- SHA-256 of source, id and text (store.Key)
	ext_id      TEXT NOT NULL DEFAULT '',
	source_id   INTEGER REFERENCES sources (id) DEFERRABLE INITIALLY DEFERRED,
	platform    TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	author      TEXT NOT NULL DEFAULT '',
	posted_at   TEXT,
	text        TEXT NOT NULL,
	region      TEXT NOT NULL DEFAULT '',
	lang_hint   TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	risk        REAL NOT NULL DEFAULT 0,
	rulebook    TEXT NOT NULL DEFAULT '',
	blob        TEXT NOT NULL DEFAULT '',
	blob_offset INTEGER NOT NULL DEFAULT 0,
	blob_length INTEGER NOT NULL DEFAULT 0,
	record      TEXT NOT NULL DEFAULT '',
	media       TEXT NOT NULL DEFAULT '',
	run_id      INTEGER REFERENCES ingest_runs (id) DEFERRABLE INITIALLY DEFERRED,
	ingested_at TEXT NOT NULL
);
INSERT INTO documents_new SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_posted_at ON documents (posted_at);
CREATE INDEX documents_risk ON documents (risk);

CREATE TABLE entities_new (
	document_id INTEGER NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	kind        TEXT NOT NULL,
	value       TEXT NOT NULL,
	start       INTEGER NOT NULL,
	stop        INTEGER NOT NULL
);
INSERT INTO entities_new SELECT * FROM entities;
DROP TABLE entities;
ALTER TABLE entities_new RENAME TO entities;
CREATE INDEX entities_kind_value ON entities (kind, value);
CREATE INDEX entities_document ON entities (document_id);

CREATE TABLE hits_new (
	document_id INTEGER NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	indicator   TEXT NOT NULL,
	category    TEXT NOT NULL,
	start       INTEGER NOT NULL,
	stop        INTEGER NOT NULL,
	lang        TEXT NOT NULL DEFAULT ''
);
INSERT INTO hits_new SELECT * FROM hits;
DROP TABLE hits;
ALTER TABLE hits_new RENAME TO hits;
CREATE INDEX hits_document ON hits (document_id);

CREATE TABLE categories_new (
	document_id INTEGER NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	category    TEXT NOT NULL,
	score       REAL NOT NULL,
	PRIMARY KEY (document_id, category)
);
INSERT INTO categories_new SELECT * FROM categories;
DROP TABLE categories;
ALTER TABLE categories_new RENAME TO categories;
-- Searches by category walk this index from the highest score down.
CREATE INDEX categories_category ON categories (category, score, document_id);
