-- foreign_keys: off
-- The rules in force on 28/11/2026 and from 1/1/2027 (sources: ../shared/domain.md §2, §3, §8).
-- Run the same way on a fresh database and on an upgraded one, so both end with the same rows;
-- every insert is OR IGNORE and every change names the seeded row it changes, so a row an admin
-- added or edited is kept as it is.
--
-- Schema: rows carry `confirmed` (0 = a figure nobody has published: the screens say so); the
-- island / special-zone group (xã đảo, đặc khu) and the near-poor BHYT scheme (bhyt_cn) join
-- the CHECK lists, which SQLite can only change by rebuilding the table (foreign keys are off
-- while this file runs; the runner checks them before it commits); communes keep their type.

CREATE TABLE premium_parameters_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name IN ('rural_poverty_line', 'base_salary', 'bhxh_rate',
        'bhxh_state_support', 'bhyt_rate', 'bhyt_ladder', 'fund_yield', 'bhyt_state_support')),
    key TEXT NOT NULL DEFAULT '',               -- support group, or ladder position 1..5
    value INTEGER NOT NULL CHECK (value >= 0),
    valid_from TEXT NOT NULL,
    valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
    source TEXT NOT NULL,                       -- the legal text the value comes from
    confirmed INTEGER NOT NULL DEFAULT 1 CHECK (confirmed IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (name, key, valid_from)
);
INSERT INTO premium_parameters_new (id, name, key, value, valid_from, valid_to, source, confirmed,
                                    created_at, updated_at)
SELECT id, name, key, value, valid_from, valid_to, source, name != 'fund_yield', created_at,
       updated_at FROM premium_parameters;
DROP TABLE premium_parameters;
ALTER TABLE premium_parameters_new RENAME TO premium_parameters;

CREATE TABLE premium_supports_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('local', 'other')),
    province_code TEXT NOT NULL REFERENCES provinces(code),
    scheme TEXT NOT NULL CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd', 'bhyt_cn')),
    support_group TEXT NOT NULL
        CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'island', 'other')),
    value INTEGER NOT NULL CHECK (value >= 0 AND value <= 1000000),
    valid_from TEXT NOT NULL,
    valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, province_code, scheme, support_group, valid_from)
);
INSERT INTO premium_supports_new SELECT * FROM premium_supports;
DROP TABLE premium_supports;
ALTER TABLE premium_supports_new RENAME TO premium_supports;

CREATE TABLE residents_new (
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
        CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'island', 'other')),
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
INSERT INTO residents_new SELECT * FROM residents;
DROP TABLE residents;
ALTER TABLE residents_new RENAME TO residents;
CREATE INDEX residents_village ON residents(village_id, sort_key);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_cccd ON residents(cccd);
CREATE INDEX residents_bhxh_code ON residents(bhxh_code);
CREATE INDEX residents_key ON residents(village_id, search_key);

CREATE TABLE enrolments_new (
    record_id TEXT PRIMARY KEY REFERENCES records(id),
    resident_id TEXT NOT NULL REFERENCES residents(id),
    village_id INTEGER NOT NULL REFERENCES villages(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    enrolled_at TEXT NOT NULL,                  -- UTC
    enrolled_on TEXT NOT NULL,                  -- the day in Vietnam time
    scheme TEXT NOT NULL CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd', 'bhyt_cn')),
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
INSERT INTO enrolments_new SELECT * FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_new RENAME TO enrolments;
CREATE INDEX enrolments_resident ON enrolments(resident_id);
CREATE INDEX enrolments_village ON enrolments(village_id, enrolled_on);
CREATE INDEX enrolments_user_day ON enrolments(user_id, enrolled_on);
CREATE INDEX enrolments_resident_day ON enrolments(resident_id, enrolled_on);

-- "Xã", "Phường" or "Đặc khu", from the units file: a special zone's residents default to the
-- island group.
ALTER TABLE communes ADD COLUMN kind TEXT;

-- Base salary 2.530.000 đ from 1/7/2026: the 2.340.000 đ row ends the day before.
UPDATE premium_parameters SET valid_to = '2026-06-30',
       updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE name = 'base_salary' AND key = '' AND valid_from = '2024-07-01' AND value = 2340000
  AND valid_to IS NULL;

-- The fund yield the agent software used (0,363%/month) was one open-ended row; BHXH publishes
-- r per year (the previous year's average), so the seeded row becomes yearly rows, all marked
-- unconfirmed until BHXH's figure is entered.
UPDATE premium_parameters SET valid_to = '2024-12-31',
       source = 'Lãi suất đầu tư quỹ bình quân tháng 0,363% dùng trong phần mềm đại lý thu; '
                || 'không phải mức BHXH Việt Nam công bố',
       updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE name = 'fund_yield' AND key = '' AND valid_from = '2016-01-01' AND value = 3630
  AND valid_to IS NULL;

INSERT OR IGNORE INTO premium_parameters (name, key, value, valid_from, valid_to, source,
                                          confirmed, created_at, updated_at)
SELECT name, key, value, valid_from, valid_to, source, confirmed,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (
    SELECT 'base_salary' AS name, '' AS key, 2530000 AS value, '2026-07-01' AS valid_from,
           NULL AS valid_to, 1 AS confirmed,
           'Lương cơ sở: Nghị định 161/2026/NĐ-CP Điều 3(2); mức tham chiếu bằng lương cơ sở '
           || '(Luật BHXH 41/2024/QH15 Điều 141(13), Luật 51/2024/QH15 Điều 3(5)(b))' AS source
    UNION ALL SELECT 'rural_poverty_line', '', 2200000, '2027-01-01', '2030-12-31', 1,
           'Chuẩn nghèo khu vực nông thôn 2027–2030: Nghị định 351/2025/NĐ-CP; mức thu nhập '
           || 'thấp nhất và mức hỗ trợ BHXH tự nguyện theo chuẩn nghèo (Luật BHXH 41/2024/QH15 '
           || 'Điều 31(2)); chưa thấy thông báo của BHXH Việt Nam'
    UNION ALL SELECT 'bhxh_state_support', 'island', 100000, '2018-01-01', '2025-06-30', 1,
           'Nhà nước hỗ trợ 10%: Nghị định 134/2015/NĐ-CP Điều 14 (xã đảo, đặc khu chưa có mức '
           || 'riêng, tính như đối tượng khác)'
    UNION ALL SELECT 'bhxh_state_support', 'island', 500000, '2025-07-01', NULL, 1,
           'Nhà nước hỗ trợ 50% (người sinh sống tại xã đảo, đặc khu): Nghị định '
           || '159/2025/NĐ-CP Điều 5(1)(a)'
    UNION ALL SELECT 'fund_yield', '', 3630, '2025-01-01', '2025-12-31', 0,
           'Năm 2025: chưa có mức BHXH Việt Nam công bố; tạm dùng 0,363%/tháng của phần mềm '
           || 'đại lý thu (Nghị định 159/2025/NĐ-CP Điều 6: bình quân tháng của năm trước)'
    UNION ALL SELECT 'fund_yield', '', 3630, '2026-01-01', '2026-12-31', 0,
           'Năm 2026: chưa có mức BHXH Việt Nam công bố; tạm dùng 0,363%/tháng của phần mềm '
           || 'đại lý thu (Nghị định 159/2025/NĐ-CP Điều 6: bình quân tháng của năm trước)'
    UNION ALL SELECT 'fund_yield', '', 3630, '2027-01-01', '2027-12-31', 0,
           'Năm 2027: chưa có mức BHXH Việt Nam công bố; tạm dùng 0,363%/tháng của phần mềm '
           || 'đại lý thu (Nghị định 159/2025/NĐ-CP Điều 6: bình quân tháng của năm trước)'
);
