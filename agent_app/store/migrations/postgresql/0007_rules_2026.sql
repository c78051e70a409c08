-- The rules in force on 28/11/2026 and from 1/1/2027, in PostgreSQL's dialect (the SQLite file
-- of the same number rebuilds tables to change their CHECKs; PostgreSQL alters them in place).
-- Rows carry `confirmed`; the island group and the near-poor BHYT scheme join the CHECK lists.

ALTER TABLE premium_parameters ADD COLUMN confirmed BIGINT NOT NULL DEFAULT 1
    CHECK (confirmed IN (0, 1));
UPDATE premium_parameters SET confirmed = 0 WHERE name = 'fund_yield';
ALTER TABLE premium_parameters DROP CONSTRAINT premium_parameters_name_check;
ALTER TABLE premium_parameters ADD CONSTRAINT premium_parameters_name_check
    CHECK (name IN ('rural_poverty_line', 'base_salary', 'bhxh_rate', 'bhxh_state_support',
                    'bhyt_rate', 'bhyt_ladder', 'fund_yield', 'bhyt_state_support'));

ALTER TABLE premium_supports DROP CONSTRAINT premium_supports_scheme_check;
ALTER TABLE premium_supports ADD CONSTRAINT premium_supports_scheme_check
    CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd', 'bhyt_cn'));
ALTER TABLE premium_supports DROP CONSTRAINT premium_supports_support_group_check;
ALTER TABLE premium_supports ADD CONSTRAINT premium_supports_support_group_check
    CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'island', 'other'));

ALTER TABLE residents DROP CONSTRAINT residents_support_group_check;
ALTER TABLE residents ADD CONSTRAINT residents_support_group_check
    CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'island', 'other'));

ALTER TABLE enrolments DROP CONSTRAINT enrolments_scheme_check;
ALTER TABLE enrolments ADD CONSTRAINT enrolments_scheme_check
    CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd', 'bhyt_cn'));

-- "Xã", "Phường" or "Đặc khu", from the units file: a special zone's residents default to the
-- island group.
ALTER TABLE communes ADD COLUMN kind TEXT;

-- Base salary 2.530.000 đ from 1/7/2026: the 2.340.000 đ row ends the day before.
UPDATE premium_parameters SET valid_to = '2026-06-30',
       updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
WHERE name = 'base_salary' AND key = '' AND valid_from = '2024-07-01' AND value = 2340000
  AND valid_to IS NULL;

-- The fund yield the agent software used (0,363%/month) was one open-ended row; BHXH publishes
-- r per year (the previous year's average), so the seeded row becomes yearly rows, all marked
-- unconfirmed until BHXH's figure is entered.
UPDATE premium_parameters SET valid_to = '2024-12-31',
       source = 'Lãi suất đầu tư quỹ bình quân tháng 0,363% dùng trong phần mềm đại lý thu; '
                || 'không phải mức BHXH Việt Nam công bố',
       updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
WHERE name = 'fund_yield' AND key = '' AND valid_from = '2016-01-01' AND value = 3630
  AND valid_to IS NULL;

INSERT INTO premium_parameters (name, key, value, valid_from, valid_to, source,
                                          confirmed, created_at, updated_at)
SELECT name, key, value, valid_from, valid_to, source, confirmed,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
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
) AS seeded
ON CONFLICT DO NOTHING;
