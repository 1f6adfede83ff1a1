-- Indicator hits, compact: the indicator's name and category move to a
-- table of their own (a hundred or so rows), and hits are clustered by
-- document (WITHOUT ROWID, primary key document and ordinal), which
-- makes their separate index unnecessary. At a million synthetic posts,
-- hits held 11.4 million rows in 890 MB, most of it the two names
-- repeated, and were the largest part of each batch written.
CREATE TABLE indicators (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE, -- the rulebook's id, such as smuggling.passage.price_per_person
	category TEXT NOT NULL
);
INSERT INTO indicators (name, category)
SELECT indicator, min(category) FROM hits GROUP BY indicator ORDER BY indicator;

CREATE TABLE hits_new (
	document_id  INTEGER NOT NULL REFERENCES documents (id) DEFERRABLE INITIALLY DEFERRED,
	n            INTEGER NOT NULL, -- the hit's place among the document's hits, from 0
	indicator_id INTEGER NOT NULL REFERENCES indicators (id) DEFERRABLE INITIALLY DEFERRED,
	start        INTEGER NOT NULL,
	stop         INTEGER NOT NULL,
	lang         TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (document_id, n)
) WITHOUT ROWID;
INSERT INTO hits_new (document_id, n, indicator_id, start, stop, lang)
SELECT h.document_id, row_number() OVER (PARTITION BY h.document_id ORDER BY h.rowid) - 1, i.id, h.start, h.stop, h.lang
FROM hits h JOIN indicators i ON i.name = h.indicator;
DROP TABLE hits;
ALTER TABLE hits_new RENAME TO hits;
