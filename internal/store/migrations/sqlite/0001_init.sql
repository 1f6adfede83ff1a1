-- vigie store, SQLite dialect: documents as ingested, what the analysis
-- found in them, and the runs that brought them in.
CREATE TABLE sources (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE ingest_runs (
	id                INTEGER PRIMARY KEY,
	started_at        TEXT NOT NULL,
	finished_at       TEXT,
	args              TEXT NOT NULL DEFAULT '',
	documents_added   INTEGER NOT NULL DEFAULT 0,
	documents_skipped INTEGER NOT NULL DEFAULT 0,
	errors            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
	id          INTEGER PRIMARY KEY,
	key         BLOB NOT NULL UNIQUE, -- SHA-256 of source, id and text (store.Key)
	ext_id      TEXT NOT NULL DEFAULT '',
	source_id   INTEGER REFERENCES sources (id),
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
	run_id      INTEGER REFERENCES ingest_runs (id),
	ingested_at TEXT NOT NULL
);
CREATE INDEX documents_posted_at ON documents (posted_at);
CREATE INDEX documents_risk ON documents (risk);

CREATE TABLE entities (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	kind        TEXT NOT NULL,
	value       TEXT NOT NULL,
	start       INTEGER NOT NULL,
	stop        INTEGER NOT NULL
);
CREATE INDEX entities_kind_value ON entities (kind, value);
CREATE INDEX entities_document ON entities (document_id);

CREATE TABLE hits (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	indicator   TEXT NOT NULL,
	category    TEXT NOT NULL,
	start       INTEGER NOT NULL,
	stop        INTEGER NOT NULL,
	lang        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hits_document ON hits (document_id);

CREATE TABLE categories (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	category    TEXT NOT NULL,
	score       REAL NOT NULL,
	PRIMARY KEY (document_id, category)
);
-- Searches by category walk this index from the highest score down.
CREATE INDEX categories_category ON categories (category, score, document_id);

-- The full-text index holds the folded text (lower case, diacritics and
-- Arabic marks removed, digits of every script made ASCII), so that
-- queries folded the same way match across spellings; snippets are cut
-- from the original text by vigie, so the index keeps no content.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
	folded,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
