-- What an upload says, hashed whatever the file's name, format or layout (period, values, notes,
-- targets, monthly paths): a re-saved or renamed copy of a landed file is known by it. Uploads
-- landed before this have none and are known by their file's SHA-256 alone.
ALTER TABLE uploads ADD COLUMN content_sha256 VARCHAR;
