-- The change feed phones pull from (GET /api/sync/pull, docs/sync.md "The pull").
--
-- Every write to what an agent's phone holds appends a row here, whatever wrote it (ingest, a
-- list import, an official's correction or merge, an admin's rule, a supervisor's decision), so
-- no writer can forget to tell the phones. The row says which entity changed and whose it is;
-- a pull sends the entity as it is now, so replaying a change twice is harmless. The id is the
-- phone's cursor. A migration that rebuilds one of these tables must create its triggers again.

CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,       -- the cursor: never reused
    entity TEXT NOT NULL CHECK (entity IN ('resident', 'household', 'visit', 'enrolment',
        'village', 'rules', 'assignment', 'issue')),
    entity_id TEXT NOT NULL,
    village_id INTEGER,                         -- whose village it belongs to (NULL: see user_id)
    user_id INTEGER                             -- assignment and issue: the agent concerned
);
CREATE INDEX changes_village ON changes(village_id, id);
CREATE INDEX changes_user ON changes(user_id, id);

CREATE TRIGGER residents_changed_insert AFTER INSERT ON residents BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('resident', NEW.id, NEW.village_id);
END;
CREATE TRIGGER residents_changed_update AFTER UPDATE ON residents BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('resident', NEW.id, NEW.village_id);
    INSERT INTO changes (entity, entity_id, village_id)
        SELECT 'resident', NEW.id, OLD.village_id WHERE OLD.village_id != NEW.village_id;
END;

CREATE TRIGGER households_changed_insert AFTER INSERT ON households BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('household', NEW.id, NEW.village_id);
END;
CREATE TRIGGER households_changed_update AFTER UPDATE ON households BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('household', NEW.id, NEW.village_id);
    INSERT INTO changes (entity, entity_id, village_id)
        SELECT 'household', NEW.id, OLD.village_id WHERE OLD.village_id != NEW.village_id;
END;

CREATE TRIGGER visits_changed_insert AFTER INSERT ON visits BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('visit', NEW.record_id, NEW.village_id);
END;
CREATE TRIGGER visits_changed_update AFTER UPDATE ON visits BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('visit', NEW.record_id, NEW.village_id);
    INSERT INTO changes (entity, entity_id, village_id)
        SELECT 'visit', NEW.record_id, OLD.village_id WHERE OLD.village_id != NEW.village_id;
END;

CREATE TRIGGER enrolments_changed_insert AFTER INSERT ON enrolments BEGIN
    INSERT INTO changes (entity, entity_id, village_id)
        VALUES ('enrolment', NEW.record_id, NEW.village_id);
END;
CREATE TRIGGER enrolments_changed_update AFTER UPDATE ON enrolments BEGIN
    INSERT INTO changes (entity, entity_id, village_id)
        VALUES ('enrolment', NEW.record_id, NEW.village_id);
    INSERT INTO changes (entity, entity_id, village_id)
        SELECT 'enrolment', NEW.record_id, OLD.village_id WHERE OLD.village_id != NEW.village_id;
END;

CREATE TRIGGER villages_changed_update AFTER UPDATE ON villages BEGIN
    INSERT INTO changes (entity, entity_id, village_id) VALUES ('village', NEW.id, NEW.id);
END;

CREATE TRIGGER parameters_changed_insert AFTER INSERT ON premium_parameters BEGIN
    INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
END;
CREATE TRIGGER parameters_changed_update AFTER UPDATE ON premium_parameters BEGIN
    INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
END;
CREATE TRIGGER parameters_changed_delete AFTER DELETE ON premium_parameters BEGIN
    INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
END;
CREATE TRIGGER supports_changed_insert AFTER INSERT ON premium_supports BEGIN
    INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
END;
CREATE TRIGGER supports_changed_update AFTER UPDATE ON premium_supports BEGIN
    INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
END;
CREATE TRIGGER supports_changed_delete AFTER DELETE ON premium_supports BEGIN
    INSERT INTO changes (entity, entity_id) VALUES ('rules', '');
END;

CREATE TRIGGER assignments_changed_insert AFTER INSERT ON agent_villages BEGIN
    INSERT INTO changes (entity, entity_id, user_id)
        VALUES ('assignment', NEW.village_id, NEW.user_id);
END;
CREATE TRIGGER assignments_changed_delete AFTER DELETE ON agent_villages BEGIN
    INSERT INTO changes (entity, entity_id, user_id)
        VALUES ('assignment', OLD.village_id, OLD.user_id);
END;

CREATE TRIGGER issues_changed_insert AFTER INSERT ON sync_issues BEGIN
    INSERT INTO changes (entity, entity_id, user_id) VALUES ('issue', NEW.id, NEW.user_id);
END;
CREATE TRIGGER issues_changed_update AFTER UPDATE ON sync_issues BEGIN
    INSERT INTO changes (entity, entity_id, user_id) VALUES ('issue', NEW.id, NEW.user_id);
END;
