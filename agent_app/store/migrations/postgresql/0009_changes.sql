-- The change feed phones pull from, in PostgreSQL's dialect (see the SQLite file of the same
-- number for what it is; the triggers write the same rows).
--
-- The id is the phones' cursor, so ids must become visible in order: a pull that has seen id
-- 101 must never later meet a 100. SQLite has one writer at a time; PostgreSQL's writers run at
-- once and take sequence numbers in the order they write, not the order they commit. So a change
-- is written without an id, and gets it at COMMIT, from a deferred trigger that first takes a
-- transaction lock shared by all writers: the ids of one transaction are given and made visible
-- before the next transaction can take any. Only that last step queues; the writing does not.
-- A pull reads ids only (id > cursor), so rows still without one are not yet there for it.

CREATE SEQUENCE changes_id_seq;

CREATE TABLE changes (
    id BIGINT UNIQUE,                           -- the cursor: given at commit, never reused
    entity TEXT NOT NULL CHECK (entity IN ('resident', 'household', 'visit', 'enrolment',
        'village', 'rules', 'assignment', 'issue')),
    entity_id TEXT NOT NULL,
    village_id BIGINT,                          -- whose village it belongs to (NULL: see user_id)
    user_id BIGINT,                             -- assignment and issue: the agent concerned
    written BIGSERIAL,                          -- order of writing, within a transaction
    xact xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX changes_village ON changes(village_id, id);
CREATE INDEX changes_user ON changes(user_id, id);
CREATE INDEX changes_unnumbered ON changes(xact) WHERE id IS NULL;

CREATE FUNCTION changes_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changes WHERE id IS NULL AND xact = pg_current_xact_id()) THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('changes', 0));
        UPDATE changes c SET id = numbered.id
        FROM (SELECT written, nextval('changes_id_seq') AS id FROM (
                  SELECT written FROM changes WHERE id IS NULL AND xact = pg_current_xact_id()
                  ORDER BY written) pending) numbered
        WHERE c.written = numbered.written AND c.id IS NULL;
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER changes_numbered AFTER INSERT ON changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION changes_number();

-- One function writes every row the SQLite triggers write: TG_ARGV[0] names the entity.
CREATE FUNCTION changes_note() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entity TEXT := TG_ARGV[0];
BEGIN
    IF entity IN ('rules') THEN
        INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
    ELSIF entity = 'assignment' THEN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO changes (entity, entity_id, user_id)
                VALUES ('assignment', OLD.village_id, OLD.user_id);
        ELSE
            INSERT INTO changes (entity, entity_id, user_id)
                VALUES ('assignment', NEW.village_id, NEW.user_id);
        END IF;
    ELSIF entity = 'issue' THEN
        INSERT INTO changes (entity, entity_id, user_id) VALUES ('issue', NEW.id, NEW.user_id);
    ELSIF entity = 'village' THEN
        INSERT INTO changes (entity, entity_id, village_id) VALUES ('village', NEW.id, NEW.id);
    ELSE
        INSERT INTO changes (entity, entity_id, village_id)
            VALUES (entity, to_jsonb(NEW) ->> TG_ARGV[1], NEW.village_id);
        IF TG_OP = 'UPDATE' AND OLD.village_id != NEW.village_id THEN
            INSERT INTO changes (entity, entity_id, village_id)
                VALUES (entity, to_jsonb(NEW) ->> TG_ARGV[1], OLD.village_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER residents_changed AFTER INSERT OR UPDATE ON residents
    FOR EACH ROW EXECUTE FUNCTION changes_note('resident', 'id');
CREATE TRIGGER households_changed AFTER INSERT OR UPDATE ON households
    FOR EACH ROW EXECUTE FUNCTION changes_note('household', 'id');
CREATE TRIGGER visits_changed AFTER INSERT OR UPDATE ON visits
    FOR EACH ROW EXECUTE FUNCTION changes_note('visit', 'record_id');
CREATE TRIGGER enrolments_changed AFTER INSERT OR UPDATE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION changes_note('enrolment', 'record_id');
CREATE TRIGGER villages_changed AFTER UPDATE ON villages
    FOR EACH ROW EXECUTE FUNCTION changes_note('village');
CREATE TRIGGER parameters_changed AFTER INSERT OR UPDATE OR DELETE ON premium_parameters
    FOR EACH ROW EXECUTE FUNCTION changes_note('rules');
CREATE TRIGGER supports_changed AFTER INSERT OR UPDATE OR DELETE ON premium_supports
    FOR EACH ROW EXECUTE FUNCTION changes_note('rules');
CREATE TRIGGER assignments_changed AFTER INSERT OR DELETE ON agent_villages
    FOR EACH ROW EXECUTE FUNCTION changes_note('assignment');
CREATE TRIGGER issues_changed AFTER INSERT OR UPDATE ON sync_issues
    FOR EACH ROW EXECUTE FUNCTION changes_note('issue');
