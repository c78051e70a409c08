-- Supervisor day page: records received per agent within a day, and sync issues still open.
CREATE INDEX records_user_received ON records(user_id, received_at, kind, village_id);
CREATE INDEX sync_issues_open ON sync_issues(user_id) WHERE resolution IS NULL;
CREATE INDEX seq_gaps_user ON seq_gaps(user_id, detected_at);
