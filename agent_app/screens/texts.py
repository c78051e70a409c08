"""The words the screens show, in the page's language: part of every view model's data, so the
phone renders the same words (the shell it keeps carries them, see ``agent_app/pwa.py``)."""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel import gettext as _

from .. import codes, renewals


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
        "home": _home(),
        "sync": _sync(),
        "renewal": dict(renewals.texts()),
    }


def _home() -> dict:
    """The agent's home (``screens/home.py``); ``{n}`` is where the builder puts a number."""
    return {
        "today": _("Hôm nay"),
        "visits": _("lần đến nhà"), "enrolments": _("đăng ký"), "collected": _("đã thu"),
        "people_added": _("người thêm mới"),
        "villages": _("Thôn, ấp được giao"),
        "no_villages": _("Chưa được giao thôn, ấp nào."),
        "listed": _("%(n)s trong danh sách", n="{n}"), "visited": _("%(n)s đã đến", n="{n}"),
        "enrolled": _("%(n)s đã tham gia", n="{n}"), "due": _("%(n)s đến hẹn", n="{n}"),
        "prepare": _("Tải về để làm việc offline"),
        "prepare_done": _("Đã tải {villages} thôn, ấp và {residents} người để làm việc offline."),
        "prepare_fail": _("Chưa tải xong, hãy thử lại khi có mạng"),
        "due_today": _("Đến hẹn hôm nay"), "nobody_today": _("Không có ai hẹn hôm nay."),
        "due_on": _("hẹn"), "overdue": _("Quá hẹn"),
        "overdue_one": _counted("%(num)s người, hẹn trước hôm nay",
                                "%(num)s người, hẹn trước hôm nay", 1),
        "overdue_many": _counted("%(num)s người, hẹn trước hôm nay",
                                 "%(num)s người, hẹn trước hôm nay", 2),
        "quote": _("Tính số tiền đóng"), "explain": _("Tham gia được gì?"),
        "renew_due": _("Sắp đến hạn đóng"), "within": _("(trong %(n)s ngày)", n="{n}"),
        "nobody_due": _("Không có ai sắp đến hạn."),
        "lapsed": _("Đã dừng"),
        "lapsed_one": _counted("(%(num)s người)", "(%(num)s người)", 1),
        "lapsed_many": _counted("(%(num)s người)", "(%(num)s người)", 2),
        "nobody_lapsed": _("Không có ai đã dừng."),
        "lapsed_more": _("Mới nhất trước; xem hết ở bộ lọc “Đã dừng” của từng thôn, ấp."),
    }


def _sync() -> dict:
    """"Cần xử lý" on /sync (``screens/attention.py``)."""
    return {
        "heading": _("Đồng bộ"), "title": _("Đồng bộ"),
        "intro": _("Bản ghi được lưu trên điện thoại trước, rồi gửi lên máy chủ khi có mạng. Bản"
                   " ghi chỉ bị xoá khỏi điện thoại khi máy chủ đã nhận."),
        "now": _("Đồng bộ ngay"),
        "attention": _("Cần xử lý"),
        "attention_intro": _("Máy chủ chưa nhận những bản ghi này. Sửa rồi gửi lại, hoặc bỏ bản"
                             " ghi."),
        "questions": _("Giám sát hỏi lại"),
        "questions_intro": _("Giám sát viên hỏi lại về những bản ghi này. Sửa rồi gửi bản sửa để"
                             " trả lời."),
        "empty": _("Không có bản ghi nào cần xử lý."),
        "kinds": {"visit": _("Lần đến nhà"), "enrolment": _("Đăng ký"), "resident": _("Người mới")},
        "statuses": {"conflict": _("Trùng mã, khác nội dung"), "rejected": _("Bị từ chối")},
        "resend": _("Gửi lại"), "discard": _("Bỏ bản ghi"),
        "confirm": _("Bỏ hẳn bản ghi này? Không lấy lại được."),
        "confirm_yes": _("Bỏ hẳn"), "confirm_no": _("Thôi"),
        "no_questions": _("Không có câu hỏi nào."),
        "asked": _("{who} hỏi ngày {at}"),
        "answer": _("Gửi bản sửa"),
        "answered": _("Đã gửi bản sửa: chờ giám sát viên xem lại."),
    }
