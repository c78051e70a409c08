-- Commune officials: campaign days, and indexes for the overview and the campaign tally.

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    commune_code TEXT NOT NULL REFERENCES communes(code),
    name TEXT NOT NULL,                         -- NFC; visits tagged with this name count
    held_on TEXT NOT NULL,                      -- the campaign day, YYYY-MM-DD (Vietnam)
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX campaigns_commune ON campaigns(commune_code, held_on);

CREATE TABLE campaign_villages (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    PRIMARY KEY (campaign_id, village_id)
);

CREATE TABLE campaign_agents (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (campaign_id, user_id)
);

CREATE INDEX visits_campaign ON visits(campaign);
CREATE INDEX enrolments_resident_day ON enrolments(resident_id, enrolled_on);
