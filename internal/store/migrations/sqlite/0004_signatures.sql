-- Template clustering (package cluster): each document's MinHash
-- signature (64 bytes; empty for a text too short to compare) and the
-- cluster of near duplicates it belongs to, named by the id of its
-- earliest document (its own id when it has no near duplicate). vigie
-- rebuilds its clustering index from the signatures at each ingest and
-- signs the documents that have none yet.
CREATE TABLE document_signatures (
	document_id INTEGER PRIMARY KEY REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	signature   BLOB NOT NULL,
	cluster_id  INTEGER NOT NULL
);
CREATE INDEX document_signatures_cluster ON document_signatures (cluster_id, document_id);
