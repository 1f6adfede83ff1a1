-- Accounts of the web application (vigie serve): people with a role
-- (admin, investigator, analyst, triage: package auth), an argon2id
-- password hash in PHC form and the language of their interface; their
-- sessions and API tokens, kept only as SHA-256 digests of the secrets.
-- A disabled account keeps its rows (who did what stays known) but can
-- neither log in nor use a session or token.
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	lang          TEXT NOT NULL DEFAULT 'en',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	password_at   TEXT NOT NULL
);
CREATE TABLE sessions (
	digest     TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
	digest     TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	name       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
