"""Codes stored in data, with the Vietnamese labels people see."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

OUTCOMES = {
    "not_home": _l("Không gặp"),
    "refused": _l("Từ chối"),
    "considering": _l("Đang cân nhắc"),
    "enrolled": _l("Đã đăng ký"),
    "insured_elsewhere": _l("Đã có BHYT/BHXH nơi khác"),
    "moved_away": _l("Đã chuyển đi"),
    "deceased": _l("Đã mất"),
    "wrong_info": _l("Sai thông tin"),
}

REASONS = {
    "low_income": _l("Thu nhập thấp"),
    "irregular_income": _l("Thu nhập không ổn định"),
    "distrust_rumour": _l("Nghe tin đồn, chưa tin tưởng"),
    "lost_state_support": _l("Hết được Nhà nước hỗ trợ"),
    "want_more_info": _l("Muốn tìm hiểu thêm"),
    "too_old": _l("Tuổi cao"),
    "other": _l("Lý do khác"),
}

SUPPORT_GROUPS = {
    "poor": _l("Hộ nghèo"),
    "near_poor": _l("Hộ cận nghèo"),
    "ethnic_minority": _l("Dân tộc thiểu số"),
    "island": _l("Xã đảo, đặc khu"),
    "other": _l("Đối tượng khác"),
}

SCHEMES = {
    "bhxh_tn": _l("BHXH tự nguyện"),
    "bhyt_hgd": _l("BHYT hộ gia đình"),
    "bhyt_cn": _l("BHYT hộ cận nghèo"),
}

LIST_STATUSES = {
    "on_list": _l("Trong danh sách"),
    "enrolled": _l("Đã tham gia"),
    "moved_away": _l("Đã chuyển đi"),
    "deceased": _l("Đã mất"),
    "duplicate": _l("Trùng"),
    "insured_elsewhere": _l("Đã có bảo hiểm nơi khác"),
}

BHXH_STATUSES = {"none": _l("Chưa tham gia"), "active": _l("Đang đóng"),
                 "stopped": _l("Đã dừng đóng")}

BHYT_STATUSES = {"none": _l("Chưa có thẻ"), "valid": _l("Còn hạn"), "expired": _l("Hết hạn")}

GENDERS = {"male": _l("Nam"), "female": _l("Nữ")}

# What the BHXH office's list says a person already has.
BHXH_STATUSES = {"none": _l("Chưa tham gia"), "active": _l("Đang đóng"),
                 "stopped": _l("Dừng đóng")}
BHYT_STATUSES = {"none": _l("Chưa có thẻ"), "valid": _l("Thẻ còn hạn"),
                 "expired": _l("Thẻ hết hạn")}

# Relationship to the head of household: stored as the Vietnamese word lists use, shown in the
# page's language (free text from an imported list is shown as it is).
RELATIONS = {
    "Chủ hộ": _l("Chủ hộ"), "Vợ": _l("Vợ"), "Chồng": _l("Chồng"), "Con": _l("Con"),
    "Cha": _l("Cha"), "Mẹ": _l("Mẹ"), "Cháu": _l("Cháu"), "Anh": _l("Anh"), "Chị": _l("Chị"),
    "Em": _l("Em"), "Khác": _l("Khác"),
}

VSSID = {"explained": _l("Đã hướng dẫn VssID"), "installed": _l("Đã cài VssID")}

# Who records field work (visits, sign-ups, people met): agents only. Officials correct lists
# through their own audited pages; supervisors and admins read, and decide what is under review.
FIELD_WRITERS = frozenset({"agent"})

ROLES = {
    "agent": _l("Nhân viên thu"),
    "commune_official": _l("Cán bộ xã"),
    "supervisor": _l("Giám sát"),
    "admin": _l("Quản trị"),
}

RECORD_KINDS = {
    "visit": _l("Lần đến nhà"),
    "enrolment": _l("Đăng ký"),
    "resident": _l("Người, hộ mới"),
}

ISSUE_STATUSES = {"conflict": _l("Xung đột"), "rejected": _l("Bị từ chối")}

ISSUE_RESOLUTIONS = {
    "kept_stored": _l("Giữ bản đã lưu"),
    "accepted_incoming": _l("Nhận bản mới gửi"),
    "asked_agent": _l("Đã hỏi nhân viên"),
    "dismissed": _l("Bỏ qua, có ghi chú"),
}
