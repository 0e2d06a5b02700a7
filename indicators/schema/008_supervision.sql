-- 督办 and 核验 (issue 15). A role for the 督查室: DuckDB cannot alter a CHECK constraint, so the users
-- table is rebuilt with the new role allowed (same columns, same rows).
CREATE TABLE users_new (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL CHECK (role IN ('viewer', 'uploader', 'supervisor', 'admin')),
    department VARCHAR,
    salt BLOB NOT NULL,
    password_hash BLOB NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP,
    password_changed_at TIMESTAMP,
    must_change_password BOOLEAN DEFAULT false);
INSERT INTO users_new BY NAME SELECT * FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
-- One 督办 per lagging indicator and period, to its lead unit(s); its status (open, answered, overdue,
-- closed) is derived when read: overdue depends on the day it is read.
CREATE SEQUENCE supervision_ids START 1;
CREATE TABLE supervisions (
    id INTEGER PRIMARY KEY, code VARCHAR NOT NULL, year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12), lead_department VARCHAR NOT NULL,
    request VARCHAR NOT NULL, deadline DATE NOT NULL, opened_by VARCHAR NOT NULL, opened_at TIMESTAMP NOT NULL,
    reason VARCHAR, measures VARCHAR, recovery_year INTEGER, recovery_month INTEGER CHECK (recovery_month BETWEEN 1 AND 12),
    answered_by VARCHAR, answered_at TIMESTAMP, closed_by VARCHAR, closed_at TIMESTAMP, close_note VARCHAR);
-- Every step of a 督办 (opened, answered, accepted, closed on recovery): who, when, what was written.
CREATE SEQUENCE supervision_step_ids START 1;
CREATE TABLE supervision_steps (
    id INTEGER PRIMARY KEY, supervision_id INTEGER NOT NULL, step VARCHAR NOT NULL, user_name VARCHAR, "at" TIMESTAMP NOT NULL,
    text VARCHAR);
-- 核验 marks on a reported value, append-only: the latest entry for (code, year, month) is its mark;
-- 'resolved' ends a doubt without saying the value was verified.
CREATE SEQUENCE verification_ids START 1;
CREATE TABLE verifications (
    id INTEGER PRIMARY KEY, code VARCHAR NOT NULL, year INTEGER NOT NULL, month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    mark VARCHAR NOT NULL CHECK (mark IN ('verified', 'doubted', 'resolved')), note VARCHAR,
    user_name VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL);
