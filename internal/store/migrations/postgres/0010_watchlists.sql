-- Watchlists: an account watches a contact (kind and value as stored),
-- a term (folded words) or a category; each new document that matches
-- raises an alert, once per watch and document, and, when the watch has
-- a webhook, a delivery to post (the outbox: retried until delivered
-- or given up).
CREATE TABLE watches (
	id             BIGSERIAL PRIMARY KEY,
	user_id        BIGINT NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
	kind           TEXT NOT NULL,
	value          TEXT NOT NULL,
	label          TEXT NOT NULL DEFAULT '',
	webhook_url    TEXT NOT NULL DEFAULT '',
	webhook_secret TEXT NOT NULL DEFAULT '',
	created_at     TEXT NOT NULL,
	UNIQUE (user_id, kind, value)
);
CREATE INDEX watches_kind_value ON watches (kind, value);
CREATE TABLE alerts (
	id          BIGSERIAL PRIMARY KEY,
	watch_id    BIGINT NOT NULL REFERENCES watches (id) DEFERRABLE INITIALLY DEFERRED,
	document_id BIGINT NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	created_at  TEXT NOT NULL,
	seen_at     TEXT,
	UNIQUE (watch_id, document_id)
);
CREATE INDEX alerts_document ON alerts (document_id);
CREATE TABLE webhook_deliveries (
	id           BIGSERIAL PRIMARY KEY,
	alert_id     BIGINT NOT NULL REFERENCES alerts (id) DEFERRABLE INITIALLY DEFERRED,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'pending',
	last_error   TEXT NOT NULL DEFAULT '',
	delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
