-- Sessions end at logout and at a password change: the login cookies carry the user's session
-- token (auth.User.get_id), and both replace it. demo_checked_hash: the password hash last
-- verified against the demo password, so a production start verifies each hash only once.
ALTER TABLE users ADD COLUMN session_token TEXT NOT NULL DEFAULT '';
UPDATE users SET session_token = lower(hex(randomblob(16)));
ALTER TABLE users ADD COLUMN demo_checked_hash TEXT;
