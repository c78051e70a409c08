-- A sign-up that arrives for a person already off the list (marked deceased, moved away or
-- insured elsewhere, typically recorded offline before that mark reached the phone): the
-- record is kept, the person's status is not changed, and the alert waits here for the
-- commune official (who decides) and the supervisor (who sees it) until it is settled.
CREATE TABLE list_alerts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('signup_off_list')),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    record_id TEXT NOT NULL REFERENCES records(id),
    user_id INTEGER NOT NULL REFERENCES users(id),      -- the agent whose record it is
    list_status TEXT NOT NULL,                           -- the person's status when it arrived
    raised_at TEXT NOT NULL,
    resolution TEXT CHECK (resolution IN ('kept_status', 'enrolled')),
    resolved_by INTEGER REFERENCES users(id),
    resolved_at TEXT,
    note TEXT
);
CREATE INDEX list_alerts_resident ON list_alerts(resident_id);
CREATE INDEX list_alerts_open ON list_alerts(user_id) WHERE resolution IS NULL;

-- The hamlets an import met that the commune did not have, and what was done with each.
ALTER TABLE imports ADD COLUMN new_villages TEXT NOT NULL DEFAULT '[]';
