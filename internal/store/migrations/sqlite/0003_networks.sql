-- Networks: groups of documents linked by the identifiers they share
-- (package network), recomputed whole by vigie after each ingest. A
-- network's id is the id of its earliest document, so that it stays the
-- same as documents join it; when two networks merge, the older id wins.
CREATE TABLE networks (
	id          INTEGER PRIMARY KEY REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	size        INTEGER NOT NULL,
	first_seen  TEXT,
	last_seen   TEXT,
	computed_at TEXT NOT NULL
);
CREATE INDEX networks_size ON networks (size, id);

CREATE TABLE network_documents (
	document_id INTEGER PRIMARY KEY REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	network_id  INTEGER NOT NULL REFERENCES networks (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX network_documents_network ON network_documents (network_id, document_id);

-- The identifiers that join a network, with the number of its documents
-- that hold each.
CREATE TABLE network_links (
	network_id INTEGER NOT NULL REFERENCES networks (id) DEFERRABLE INITIALLY DEFERRED,
	class      TEXT NOT NULL,
	value      TEXT NOT NULL,
	documents  INTEGER NOT NULL,
	PRIMARY KEY (network_id, class, value)
);

-- Identifiers too common to link (call centres, help lines, spam sinks),
-- with the groups they reach into (0: not counted, too common).
CREATE TABLE generic_identifiers (
	class       TEXT NOT NULL,
	value       TEXT NOT NULL,
	documents   INTEGER NOT NULL,
	group_count INTEGER NOT NULL,
	PRIMARY KEY (class, value)
);

-- Documents are found by the id they were ingested with (vigie network,
-- vigie similar, the web pages).
CREATE INDEX documents_ext_id ON documents (ext_id);
