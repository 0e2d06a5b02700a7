-- Sign-ins that last across reloads and can be ended: the browser holds only a random token in an
-- HttpOnly cookie; the store holds its SHA-256 with the user and when it was made and last used.
-- An administrator's password reset makes the user choose a new password at the next sign-in.
CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY, user_name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL);
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN DEFAULT false;
DELETE FROM settings_kv WHERE key = 'cookie_key';
