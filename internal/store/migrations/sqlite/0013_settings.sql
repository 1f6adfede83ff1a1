-- Settings of this instance that live with its data, such as the key
-- that pseudonymises identifiers in analysts' statistics.
CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
