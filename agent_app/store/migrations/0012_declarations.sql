-- What the declaration software asks for beyond a sign-up (docs/declarations.md):
-- the commune office's constants, the collector's code, the person's nationality and birth
-- registration place, and whether a sign-up is a new participant or a continuing one.

-- The commune's chosen export profile (a file under agent_app/declarations/profiles) and the
-- place of first-contact care written for every household BHYT card, as the office's software
-- expects them (a code or a name).
ALTER TABLE communes ADD COLUMN declaration_profile TEXT;
ALTER TABLE communes ADD COLUMN kcb_province TEXT;
ALTER TABLE communes ADD COLUMN kcb_hospital TEXT;

-- Mã nhân viên thu: the code BHXH gave the collector.
ALTER TABLE users ADD COLUMN collector_code TEXT;

-- ISO 3166 alpha-2 ("VN"); NULL is declared as Vietnamese. Where the birth was registered, as
-- the office writes it; NULL is read from the CCCD's province digits when there is one.
ALTER TABLE residents ADD COLUMN nationality TEXT;
ALTER TABLE residents ADD COLUMN birth_place TEXT;

-- Phương án: 'new' for a first participation in the scheme, 'continuing' for a person the list
-- or an earlier sign-up shows in it already; set when the sign-up is stored. NULL: stored
-- before this rule, and said so on the export page.
ALTER TABLE enrolments ADD COLUMN plan TEXT CHECK (plan IN ('new', 'continuing'));
