-- Photos attached to documents become entities of kind "photo" (their
-- SHA-256, no place in the text: start and stop 0), so that they link
-- documents through the same (kind, value) index as phones and handles,
-- and are searched as photo:HASH. New documents get them at ingest; this
-- adds them to the documents stored before.
INSERT INTO entities (document_id, kind, value, start, stop)
SELECT DISTINCT d.id, 'photo', lower(json_extract(m.value, '$.sha256')), 0, 0
FROM documents d, json_each(d.media) m
WHERE d.media <> '' AND coalesce(json_extract(m.value, '$.sha256'), '') <> ''
ORDER BY d.id;
