-- An agent's phone number, for the renewal reminders agents send from their own phone
-- (agent_app/retention.py, docs/retention.md). NULL until set: `agent-app create-user --phone`
-- or `agent-app set-phone`.
ALTER TABLE users ADD COLUMN phone TEXT;
