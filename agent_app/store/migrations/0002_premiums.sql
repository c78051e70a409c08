-- Contribution rules as dated data (agent_app/premiums.py computes from these rows).
-- Money is integer đồng; rates are integer parts per million (22% = 220000, 0,363% = 3630).
-- A row is in force from valid_from through valid_to (inclusive, NULL = open); where rows of the
-- same name and key overlap, the one that started last wins. Only confirmed values are seeded.

CREATE TABLE premium_parameters (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name IN ('rural_poverty_line', 'base_salary', 'bhxh_rate',
        'bhxh_state_support', 'bhyt_rate', 'bhyt_ladder', 'fund_yield')),
    key TEXT NOT NULL DEFAULT '',               -- support group, or ladder position 1..5
    value INTEGER NOT NULL CHECK (value >= 0),
    valid_from TEXT NOT NULL,
    valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
    source TEXT NOT NULL,                       -- the legal text the value comes from
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (name, key, valid_from)
);

-- Local budget (NSĐP) and other top-ups: extra percentages per province, scheme and group.
-- None are published as rates yet, so none are seeded; the admin page adds them.
CREATE TABLE premium_supports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('local', 'other')),
    province_code TEXT NOT NULL REFERENCES provinces(code),
    scheme TEXT NOT NULL CHECK (scheme IN ('bhxh_tn', 'bhyt_hgd')),
    support_group TEXT NOT NULL
        CHECK (support_group IN ('poor', 'near_poor', 'ethnic_minority', 'other')),
    value INTEGER NOT NULL CHECK (value >= 0 AND value <= 1000000),
    valid_from TEXT NOT NULL,
    valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (kind, province_code, scheme, support_group, valid_from)
);

INSERT INTO premium_parameters (name, key, value, valid_from, valid_to, source, created_at,
                                updated_at)
SELECT name, key, value, valid_from, valid_to, source, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (
    SELECT 'rural_poverty_line' AS name, '' AS key, 700000 AS value, '2016-01-01' AS valid_from,
           '2021-12-31' AS valid_to,
           'Chuẩn nghèo khu vực nông thôn: Quyết định 59/2015/QĐ-TTg, áp dụng đến 31/12/2021; '
           || 'mức thu nhập thấp nhất đóng BHXH tự nguyện (Nghị định 134/2015/NĐ-CP)' AS source
    UNION ALL SELECT 'rural_poverty_line', '', 1500000, '2022-01-01', '2026-12-31',
           'Chuẩn nghèo khu vực nông thôn: Nghị định 07/2021/NĐ-CP, giữ đến 31/12/2026 theo '
           || 'Nghị định 351/2025/NĐ-CP'
    UNION ALL SELECT 'base_salary', '', 1490000, '2019-07-01', '2023-06-30',
           'Lương cơ sở: Nghị định 38/2019/NĐ-CP'
    UNION ALL SELECT 'base_salary', '', 1800000, '2023-07-01', '2024-06-30',
           'Lương cơ sở: Nghị định 24/2023/NĐ-CP'
    UNION ALL SELECT 'base_salary', '', 2340000, '2024-07-01', NULL,
           'Lương cơ sở: Nghị định 73/2024/NĐ-CP; mức tham chiếu (Luật BHXH 41/2024/QH15) '
           || 'bằng lương cơ sở đến khi có quy định khác'
    UNION ALL SELECT 'bhxh_rate', '', 220000, '2016-01-01', NULL,
           '22% mức thu nhập tháng: Luật BHXH 58/2014/QH13 Điều 87; Luật BHXH 41/2024/QH15'
    UNION ALL SELECT 'bhxh_state_support', 'poor', 300000, '2018-01-01', '2025-06-30',
           'Nhà nước hỗ trợ 30% (hộ nghèo): Nghị định 134/2015/NĐ-CP Điều 14'
    UNION ALL SELECT 'bhxh_state_support', 'near_poor', 250000, '2018-01-01', '2025-06-30',
           'Nhà nước hỗ trợ 25% (hộ cận nghèo): Nghị định 134/2015/NĐ-CP Điều 14'
    UNION ALL SELECT 'bhxh_state_support', 'ethnic_minority', 100000, '2018-01-01', '2025-06-30',
           'Nhà nước hỗ trợ 10%: Nghị định 134/2015/NĐ-CP Điều 14 (dân tộc thiểu số không có mức '
           || 'riêng, tính như đối tượng khác)'
    UNION ALL SELECT 'bhxh_state_support', 'other', 100000, '2018-01-01', '2025-06-30',
           'Nhà nước hỗ trợ 10% (đối tượng khác): Nghị định 134/2015/NĐ-CP Điều 14'
    UNION ALL SELECT 'bhxh_state_support', 'poor', 500000, '2025-07-01', NULL,
           'Nhà nước hỗ trợ 50% (hộ nghèo): Nghị định 159/2025/NĐ-CP Điều 5'
    UNION ALL SELECT 'bhxh_state_support', 'near_poor', 400000, '2025-07-01', NULL,
           'Nhà nước hỗ trợ 40% (hộ cận nghèo): Nghị định 159/2025/NĐ-CP Điều 5'
    UNION ALL SELECT 'bhxh_state_support', 'ethnic_minority', 300000, '2025-07-01', NULL,
           'Nhà nước hỗ trợ 30% (dân tộc thiểu số): Nghị định 159/2025/NĐ-CP Điều 5'
    UNION ALL SELECT 'bhxh_state_support', 'other', 200000, '2025-07-01', NULL,
           'Nhà nước hỗ trợ 20% (đối tượng khác): Nghị định 159/2025/NĐ-CP Điều 5'
    UNION ALL SELECT 'bhyt_rate', '', 45000, '2015-01-01', NULL,
           '4,5% lương cơ sở: Luật BHYT (sửa đổi bởi Luật 46/2014/QH13, Luật 51/2024/QH15); '
           || 'Nghị định 146/2018/NĐ-CP; Nghị định 188/2025/NĐ-CP'
    UNION ALL SELECT 'bhyt_ladder', '1', 1000000, '2015-01-01', NULL,
           'Người thứ nhất đóng 100% mức đóng: Luật BHYT Điều 13; Nghị định 188/2025/NĐ-CP'
    UNION ALL SELECT 'bhyt_ladder', '2', 700000, '2015-01-01', NULL,
           'Người thứ hai đóng 70% mức đóng của người thứ nhất: Luật BHYT Điều 13'
    UNION ALL SELECT 'bhyt_ladder', '3', 600000, '2015-01-01', NULL,
           'Người thứ ba đóng 60% mức đóng của người thứ nhất: Luật BHYT Điều 13'
    UNION ALL SELECT 'bhyt_ladder', '4', 500000, '2015-01-01', NULL,
           'Người thứ tư đóng 50% mức đóng của người thứ nhất: Luật BHYT Điều 13'
    UNION ALL SELECT 'bhyt_ladder', '5', 400000, '2015-01-01', NULL,
           'Từ người thứ năm trở đi đóng 40% mức đóng của người thứ nhất: Luật BHYT Điều 13'
    UNION ALL SELECT 'fund_yield', '', 3630, '2016-01-01', NULL,
           'Lãi suất đầu tư quỹ bình quân tháng (0,363%/tháng) dùng trong phần mềm đại lý thu; '
           || 'thay bằng mức BHXH Việt Nam công bố cho năm trước (Nghị định 159/2025/NĐ-CP Điều 6)'
);
