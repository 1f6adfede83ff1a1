-- The clustering index (package cluster) is kept between ingests in a
-- snapshot file in the data directory, so that adding ten thousand posts
-- to a million does not re-index the million. This table holds at most
-- one row: the token of the snapshot that matches the signatures as they
-- stand. Adding documents or signatures removes it (in the store's code,
-- once per batch); deleting them removes it here, whatever deletes them.
-- Without a row, the next ingest rebuilds the index from the signatures.
CREATE TABLE cluster_snapshot (token TEXT NOT NULL);
CREATE TRIGGER documents_forget_cluster_snapshot AFTER DELETE ON documents
BEGIN
	DELETE FROM cluster_snapshot;
END;
CREATE TRIGGER signatures_forget_cluster_snapshot AFTER DELETE ON document_signatures
BEGIN
	DELETE FROM cluster_snapshot;
END;
