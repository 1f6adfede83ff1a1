-- Retention: how many days the documents of a source are kept after
-- they were ingested (0: kept until deleted by hand). vigie retention
-- apply deletes older ones, unless a case holds them.
ALTER TABLE sources ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 0;
