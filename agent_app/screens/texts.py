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
        # The person's header (person_header).
        "household": _("Hộ"),
        "call": _("Gọi"),
        "relations": {k: str(v) for k, v in codes.RELATIONS.items()},
        "reasons": {k: str(v) for k, v in codes.REASONS.items()},
        "vssid": {k: str(v) for k, v in codes.VSSID.items()},
        # The order choices are offered in (the phone's copy of these words is JSON with its
        # keys sorted, so the maps above do not carry it).
        "orders": {"outcomes": list(codes.OUTCOMES), "reasons": list(codes.REASONS),
                   "vssid": list(codes.VSSID)},
        # The visit form (visit_form).
        "visit": {
            "title": _("Ghi lần đến nhà"),
            "saved": _("Đã lưu lần đến nhà"),
            "last": _("Lần trước"),
            "appointment": _("hẹn"),
            "correcting": _("Bạn đang sửa một lần ghi trước; lần ghi cũ vẫn được giữ lại."),
            "follow_up": _("Hẹn quay lại (nếu có)"),
            "follow_up_on": _("Ngày hẹn"),
            "tomorrow": _("Ngày mai"),
            "week": _("1 tuần"),
            "n_days": _("%(n)s ngày") % {"n": "{n}"},
            "more": _("Lý do, ghi chú, VssID, đợt vận động"),
            "reasons": _("Lý do chưa tham gia"),
            "reason_text": _("Lý do khác"),
            "note": _("Ghi chú"),
            "vssid": _("VssID"),
            "not_yet": _("Chưa"),
            "campaign": _("Đợt vận động hôm nay"),
            "no_campaign": _("Không"),
            "location": _("Ghi kèm vị trí"),
            "outcome": _("Kết quả: chọn để lưu"),
            "enrolled": _("Đã đăng ký: ghi đăng ký"),
            "save": _("Lưu"),
            "sign_up": _("Đăng ký, kèm số tiền và biên lai"),
            "bhxh": _("Đăng ký BHXH tự nguyện"),
            "bhyt": _("Đăng ký BHYT hộ gia đình"),
        },
    }
