-- Sessions end at logout and at a password change (PostgreSQL's dialect of the SQLite file of
-- the same number: 16 random bytes in hex from gen_random_uuid, built in since PostgreSQL 13).
ALTER TABLE users ADD COLUMN session_token TEXT NOT NULL DEFAULT '';
UPDATE users SET session_token = replace(gen_random_uuid()::text, '-', '');
ALTER TABLE users ADD COLUMN demo_checked_hash TEXT;
