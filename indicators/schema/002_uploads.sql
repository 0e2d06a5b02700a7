-- Uploads: the file itself (by SHA-256), period, counts, rollback links; month locks;
-- target and target-path revisions; notes tied to their upload; retracted values.
ALTER TABLE uploads ADD COLUMN sha256 VARCHAR;
ALTER TABLE uploads ADD COLUMN layout VARCHAR;
ALTER TABLE uploads ADD COLUMN period_year INTEGER;
ALTER TABLE uploads ADD COLUMN period_month INTEGER;
ALTER TABLE uploads ADD COLUMN rows_new INTEGER;
ALTER TABLE uploads ADD COLUMN rows_changed INTEGER;
ALTER TABLE uploads ADD COLUMN rows_unchanged INTEGER;
ALTER TABLE uploads ADD COLUMN warnings INTEGER;
ALTER TABLE uploads ADD COLUMN rollback_of INTEGER;
CREATE TABLE upload_files (sha256 VARCHAR PRIMARY KEY, filename VARCHAR, size BIGINT, content BLOB);
CREATE TABLE month_locks (
    year INTEGER, month INTEGER, locked_by VARCHAR, locked_at TIMESTAMP, PRIMARY KEY (year, month));
CREATE TABLE target_revisions (
    code VARCHAR, year INTEGER, target DOUBLE, target_text VARCHAR, source VARCHAR,
    upload_id INTEGER, written_at TIMESTAMP);
CREATE TABLE target_path_revisions (
    code VARCHAR, year INTEGER, month INTEGER CHECK (month BETWEEN 1 AND 12), cumulative_target DOUBLE,
    upload_id INTEGER, written_at TIMESTAMP);
INSERT INTO target_path_revisions SELECT code, year, month, cumulative_target, NULL, now() FROM target_paths;
DROP TABLE target_paths;
ALTER TABLE notes ADD COLUMN upload_id INTEGER;
-- a revision with neither value nor text retracts the value (a rollback to "no value")
DROP VIEW current_observations;
CREATE VIEW current_observations AS
    SELECT * FROM (
        SELECT * FROM observations
        QUALIFY row_number() OVER (PARTITION BY code, region, year, month ORDER BY revision DESC) = 1)
    WHERE value IS NOT NULL OR text IS NOT NULL;
