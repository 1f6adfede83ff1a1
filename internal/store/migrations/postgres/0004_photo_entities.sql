-- Photos attached to documents become entities of kind "photo" (their
-- SHA-256, no place in the text: start and stop 0), so that they link
-- documents through the same (kind, value) index as phones and handles,
-- and are searched as photo:HASH. New documents get them at ingest; this
-- adds them to the documents stored before.
INSERT INTO entities (document_id, kind, value, start, stop)
SELECT DISTINCT d.id, 'photo', lower(m ->> 'sha256'), 0, 0
FROM documents d, jsonb_array_elements(d.media::jsonb) m
WHERE d.media <> '' AND coalesce(m ->> 'sha256', '') <> ''
ORDER BY d.id;
