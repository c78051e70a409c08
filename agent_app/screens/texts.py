"""The words the screens show, in the page's language: part of every view model's data, so the
phone renders the same words (the shell it keeps carries them, see ``agent_app/pwa.py``)."""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel import gettext as _

from .. import codes


def _counted(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` with ``{n}`` where the number goes (the builders put it in)."""
    return get_translations().ngettext(singular, plural, n) % {"num": "{n}"}


def texts() -> dict:
    """Plain strings only: the phone stores them as JSON."""
    return {
        "app": _("Đến Từng Nhà"),
        "back_to_villages": _("← Danh sách thôn, ấp"),
        "search_label": _("Tìm theo tên, số CCCD hoặc điện thoại"),
        "filter": _("Lọc"),
        "filters": {"all": _("Tất cả"), "todo": _("Chưa đến"), "due": _("Đến hẹn"),
                    "enrolled": _("Đã đăng ký"), "renew": _("Sắp đến hạn đóng"),
                    "lapsed": _("Đã dừng")},
        "find": _("Tìm"),
        "add_household": _("+ Thêm hộ mới"),
        "add_person": _("+ Người"),
        "card": _("Hồ sơ"),
        "stopped": _("đã dừng"),
        "unknown_household": _("Chưa rõ hộ"),
        "not_visited": _("Chưa đến"),
        "follow_up": _("Hẹn"),
        "empty": _("Không có ai khớp."),
        "more": _("Xem tiếp"),
        "people_one": _counted("%(num)s người", "%(num)s người", 1),
        "people_many": _counted("%(num)s người", "%(num)s người", 2),
        "pending_badge": _("đã ghi, chờ đồng bộ"),
        "attention_badge": _("cần xử lý"),
        "question_badge": _("giám sát hỏi lại"),
        "outcomes": {k: str(v) for k, v in codes.OUTCOMES.items()},
        "list_statuses": {k: str(v) for k, v in codes.LIST_STATUSES.items()},
        **form_texts(),
    }


def form_texts() -> dict:
    """The words of the add-person, household BHYT and sign-up forms."""
    return {
        "genders": {k: str(v) for k, v in codes.GENDERS.items()},
        "groups": {k: str(v) for k, v in codes.SUPPORT_GROUPS.items()},
        "relations": {k: str(v) for k, v in codes.RELATIONS.items()},
        "household": _("Hộ"),
        "person_title": _("Thêm người"),
        "person_correct": _("Sửa thông tin"),
        "person_add_to_household": _("Thêm người vào hộ"),
        "person_add_household": _("Thêm hộ mới"),
        "person_saved": _("Đã thêm người vào danh sách"),
        "full_name": _("Họ và tên"),
        "gender": _("Giới tính"),
        "birth_date": _("Ngày sinh"),
        "birth_year_only": _("Hoặc chỉ năm sinh"),
        "relation_to_head": _("Quan hệ với chủ hộ"),
        "cccd_optional": _("Số CCCD (nếu có)"),
        "phone_optional": _("Số điện thoại (nếu có)"),
        "support_group": _("Đối tượng"),
        "household_address": _("Địa chỉ của hộ"),
        "save": _("Lưu"),
        "check_before_saving": _("Kiểm tra lại trước khi lưu:"),
        "confirm_anyway": _("Tôi đã kiểm tra, vẫn lưu"),
        "twins_mine": _("Có thể trùng với người đã có trong danh sách:"),
        "twins_elsewhere": _("Số CCCD này đã có trong danh sách khác; hãy hỏi xã."),
        "not_in_copy": _("Điện thoại chưa có người, hộ hoặc thôn, ấp này trong bản offline (chưa"
                         " tải về, hoặc không còn được giao). Không ghi được ở đây: hãy mở lại từ"
                         " danh sách khi có mạng."),
        "home": _("Về trang chính"),
    }
