-- Demo values can be cleared as a whole: baselines name the upload that wrote them.
-- Name aliases saved by administrators from an upload preview: a row name -> an indicator.
ALTER TABLE baselines ADD COLUMN upload_id INTEGER;
UPDATE baselines SET upload_id = (
    SELECT min(u.id) FROM uploads u WHERE u.is_demo AND u.filename = baselines.source);
CREATE TABLE name_aliases (
    alias VARCHAR PRIMARY KEY, code VARCHAR NOT NULL, written_name VARCHAR,
    created_by VARCHAR, created_at TIMESTAMP);
