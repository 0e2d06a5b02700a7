-- Accounts: users with salted scrypt password hashes, throttling state; an append-only audit log;
-- per-installation secrets (the cookie/signing key), created on first use and never in the repo.
CREATE TABLE users (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL CHECK (role IN ('viewer', 'uploader', 'admin')),
    department VARCHAR,
    salt BLOB NOT NULL,
    password_hash BLOB NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP,
    password_changed_at TIMESTAMP);
CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY, "at" TIMESTAMP NOT NULL, user_name VARCHAR, action VARCHAR NOT NULL, detail VARCHAR);
CREATE TABLE settings_kv (key VARCHAR PRIMARY KEY, value VARCHAR);
