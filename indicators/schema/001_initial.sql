-- First release: areas, indicators, targets, baselines, uploads, append-only observations, notes.
CREATE TABLE areas (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, title VARCHAR, office VARCHAR);
CREATE TABLE indicators (
    code VARCHAR PRIMARY KEY, area INTEGER NOT NULL, name VARCHAR NOT NULL, unit VARCHAR,
    kind VARCHAR NOT NULL, comparator VARCHAR, frequency VARCHAR, higher_is_better BOOLEAN,
    headline BOOLEAN, lead_department VARCHAR, lead_inferred BOOLEAN, conflict VARCHAR,
    target_text VARCHAR, source VARCHAR[], source_text VARCHAR[]);
CREATE TABLE targets (
    code VARCHAR, year INTEGER, target DOUBLE, stretch_target DOUBLE, target_text VARCHAR,
    PRIMARY KEY (code, year));
CREATE TABLE target_paths (
    code VARCHAR, year INTEGER, month INTEGER CHECK (month BETWEEN 1 AND 12),
    cumulative_target DOUBLE, PRIMARY KEY (code, year, month));
CREATE TABLE baselines (
    code VARCHAR, region VARCHAR, year INTEGER, value DOUBLE, source VARCHAR,
    PRIMARY KEY (code, region, year));
CREATE SEQUENCE upload_ids START 1;
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY, filename VARCHAR, uploaded_by VARCHAR, uploaded_at TIMESTAMP,
    is_demo BOOLEAN DEFAULT false, note VARCHAR);
CREATE TABLE observations (
    code VARCHAR NOT NULL, region VARCHAR NOT NULL, year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12), value DOUBLE, text VARCHAR,
    revision INTEGER NOT NULL, upload_id INTEGER NOT NULL,
    PRIMARY KEY (code, region, year, month, revision));
CREATE VIEW current_observations AS
    SELECT * FROM observations
    QUALIFY row_number() OVER (PARTITION BY code, region, year, month ORDER BY revision DESC) = 1;
CREATE TABLE notes (
    code VARCHAR, region VARCHAR, year INTEGER, month INTEGER, text VARCHAR,
    author VARCHAR, written_at TIMESTAMP);
