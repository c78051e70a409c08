-- Foundation: places, people, accounts, targets, imports, field records and their sync log.
-- Timestamps are ISO 8601 UTC text ("2026-11-23T10:15:00Z"); dates are "YYYY-MM-DD".

CREATE TABLE provinces (
    code TEXT PRIMARY KEY,                      -- 2 digits (Decision 19/2025/QĐ-TTg)
    name TEXT NOT NULL
);

CREATE TABLE communes (
    code TEXT PRIMARY KEY CHECK (length(code) = 5),
    province_code TEXT NOT NULL REFERENCES provinces(code),
    name TEXT NOT NULL,
    bhxh_office TEXT,                           -- managing "BHXH cơ sở", as data
    population INTEGER
);

CREATE TABLE villages (
    id INTEGER PRIMARY KEY,                     -- app-local: villages have no national code
    commune_code TEXT NOT NULL REFERENCES communes(code),
    name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    population INTEGER,
    UNIQUE (commune_code, search_key)
);

CREATE TABLE households (
    id TEXT PRIMARY KEY,                        -- UUID: phones create households too
    village_id INTEGER NOT NULL REFERENCES villages(id),
    household_code TEXT,                        -- mã hộ gia đình, opaque
    head_name TEXT,
    address TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX households_village ON households(village_id);
CREATE INDEX households_code ON households(household_code);

CREATE TABLE residents (
    id TEXT PRIMARY KEY,                        -- UUID
    household_id TEXT REFERENCES households(id),
    village_id INTEGER NOT NULL REFERENCES villages(id),
    full_name TEXT NOT NULL,                    -- NFC
    search_key TEXT NOT NULL,                   -- accent-free, lower-case (text.search_key)
    sort_key TEXT NOT NULL,                     -- given name, middle, family (text.name_sort_key)
    birth_date TEXT,                            -- YYYY-MM-DD, NULL when only the year is known
    birth_year INTEGER,
    gender TEXT CHECK (gender IN ('male', 'female')),
    cccd TEXT,
    bhxh_code TEXT,
    phone TEXT,
    ethnicity TEXT,
    relation_to_head TEXT,
    support_group TEXT NOT NULL DEFAULT 'other'
        CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'other')),
    bhxh_status TEXT NOT NULL DEFAULT 'none'
        CHECK (bhxh_status IN ('none', 'active', 'stopped')),
    bhyt_status TEXT NOT NULL DEFAULT 'none'
        CHECK (bhyt_status IN ('none', 'valid', 'expired')),
    bhyt_expiry TEXT,
    list_status TEXT NOT NULL DEFAULT 'on_list'
        CHECK (list_status IN ('on_list', 'enrolled', 'moved_away', 'deceased', 'duplicate',
                               'insured_elsewhere')),
    merged_into TEXT REFERENCES residents(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX residents_village ON residents(village_id, sort_key);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_cccd ON residents(cccd);
CREATE INDEX residents_bhxh_code ON residents(bhxh_code);
CREATE INDEX residents_key ON residents(village_id, search_key);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'commune_official', 'supervisor', 'admin')),
    display_name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    demo_password INTEGER NOT NULL DEFAULT 0,   -- 1 while the published demo password is in use
    created_at TEXT NOT NULL
);

-- Scope: an agent works villages; officials and supervisors answer for communes.
CREATE TABLE agent_villages (
    user_id INTEGER NOT NULL REFERENCES users(id),
    village_id INTEGER NOT NULL REFERENCES villages(id),
    PRIMARY KEY (user_id, village_id)
);
CREATE INDEX agent_villages_village ON agent_villages(village_id);

CREATE TABLE user_communes (
    user_id INTEGER NOT NULL REFERENCES users(id),
    commune_code TEXT NOT NULL REFERENCES communes(code),
    PRIMARY KEY (user_id, commune_code)
);

CREATE TABLE login_failures (
    key TEXT NOT NULL,                          -- "user:<name>" or "addr:<ip>"
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    commune_code TEXT NOT NULL REFERENCES communes(code),
    village_id INTEGER REFERENCES villages(id),  -- NULL: the whole commune
    year INTEGER NOT NULL,
    scheme TEXT NOT NULL CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd')),
    kind TEXT NOT NULL CHECK (kind IN ('count', 'coverage_percent')),
    value REAL NOT NULL,
    UNIQUE (commune_code, village_id, year, scheme, kind)
);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users(id),       -- NULL from the command line
    at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    commune_code TEXT NOT NULL REFERENCES communes(code),
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped TEXT NOT NULL DEFAULT '[]',         -- JSON [{row, column, message}]
    warnings TEXT NOT NULL DEFAULT '[]'
);

-- Who changed what, when, with before and after (JSON).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    entity TEXT NOT NULL,                       -- "resident", "parameter", "target", ...
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

-- Every write from the field, append-only, keyed by the id the phone made.
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,                   -- client time exactly as sent (with offset)
    created_at_utc TEXT NOT NULL,               -- the same instant in UTC, for queries
    data TEXT NOT NULL,                         -- canonical JSON
    content_hash TEXT NOT NULL,                 -- sha256 of kind + created_at + data
    user_id INTEGER NOT NULL REFERENCES users(id),
    device_id TEXT,                             -- NULL when posted by a plain form
    seq INTEGER,
    received_at TEXT NOT NULL,
    resident_id TEXT,
    village_id INTEGER REFERENCES villages(id),
    corrects TEXT REFERENCES records(id),       -- a correction points at the record it replaces
    push_id INTEGER REFERENCES sync_pushes(id)
);
CREATE INDEX records_resident ON records(resident_id, created_at_utc);
CREATE INDEX records_village ON records(village_id, created_at_utc);
CREATE INDEX records_user ON records(user_id, created_at_utc);
CREATE INDEX records_device ON records(device_id, seq);

CREATE TABLE sync_pushes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    device_id TEXT NOT NULL,
    app_version TEXT,
    received_at TEXT NOT NULL,
    duration_ms REAL,
    records INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    duplicate INTEGER NOT NULL DEFAULT 0,
    conflict INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    seq_min INTEGER,
    seq_max INTEGER,
    pending_reported INTEGER
);
CREATE INDEX sync_pushes_user ON sync_pushes(user_id, received_at);
CREATE INDEX sync_pushes_device ON sync_pushes(device_id, received_at);

-- Records that were not stored as they came: kept for review, never silently dropped.
CREATE TABLE sync_issues (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('conflict', 'rejected')),
    reason TEXT NOT NULL,
    payload TEXT NOT NULL,                      -- the record as received (JSON)
    user_id INTEGER NOT NULL REFERENCES users(id),
    device_id TEXT,
    seq INTEGER,
    push_id INTEGER REFERENCES sync_pushes(id),
    received_at TEXT NOT NULL,
    resolution TEXT,                            -- NULL while open
    resolved_by INTEGER REFERENCES users(id),
    resolved_at TEXT,
    resolution_note TEXT
);
CREATE INDEX sync_issues_user ON sync_issues(user_id, received_at);
CREATE INDEX sync_issues_device ON sync_issues(device_id, seq);

-- Projections of accepted records, written in the same transaction as the record, for fast lists.
-- A correction record (data.corrects) marks the projection it replaces as superseded.
CREATE TABLE visits (
    record_id TEXT PRIMARY KEY REFERENCES records(id),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    village_id INTEGER NOT NULL REFERENCES villages(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    visited_at TEXT NOT NULL,                   -- UTC
    visited_on TEXT NOT NULL,                   -- the day in Vietnam time, YYYY-MM-DD
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '[]',         -- JSON list of reason codes
    reason_text TEXT,
    follow_up_on TEXT,
    note TEXT,
    vssid TEXT,                                 -- NULL, 'explained' or 'installed'
    campaign TEXT,
    superseded_by TEXT REFERENCES records(id)
);
CREATE INDEX visits_resident ON visits(resident_id, visited_at);
CREATE INDEX visits_village ON visits(village_id, visited_on);
CREATE INDEX visits_user_day ON visits(user_id, visited_on);
CREATE INDEX visits_follow_up ON visits(follow_up_on);

CREATE TABLE enrolments (
    record_id TEXT PRIMARY KEY REFERENCES records(id),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    village_id INTEGER NOT NULL REFERENCES villages(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    enrolled_at TEXT NOT NULL,                  -- UTC
    enrolled_on TEXT NOT NULL,                  -- the day in Vietnam time
    scheme TEXT NOT NULL CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd')),
    months INTEGER NOT NULL,
    income INTEGER,                             -- BHXH: chosen monthly income
    support_group TEXT,
    position INTEGER,                           -- BHYT: household ladder position
    start_month TEXT,                           -- YYYY-MM
    amount INTEGER NOT NULL,                    -- collected, as the agent entered it
    quoted_amount INTEGER,                      -- the server's recomputed quote
    receipt_no TEXT,
    receipt_date TEXT,
    superseded_by TEXT REFERENCES records(id)
);
CREATE INDEX enrolments_resident ON enrolments(resident_id);
CREATE INDEX enrolments_village ON enrolments(village_id, enrolled_on);
CREATE INDEX enrolments_user_day ON enrolments(user_id, enrolled_on);

-- Devices seen by sync, and holes in their seq numbers (a record that left the outbox unseen).
CREATE TABLE devices (
    id TEXT PRIMARY KEY,                        -- the device_id the phone made (UUID)
    user_id INTEGER NOT NULL REFERENCES users(id),
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    app_version TEXT,
    max_seq INTEGER NOT NULL DEFAULT 0,
    last_pending INTEGER                        -- records still waiting at its last push
);
CREATE INDEX devices_user ON devices(user_id, last_seen);

CREATE TABLE seq_gaps (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    from_seq INTEGER NOT NULL,
    to_seq INTEGER NOT NULL,                    -- inclusive
    detected_at TEXT NOT NULL,
    filled_at TEXT                              -- set when the missing records arrive after all
);
CREATE INDEX seq_gaps_device ON seq_gaps(device_id);
