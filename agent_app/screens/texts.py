"""The words the screens show, in the page's language: part of every view model's data, so the
phone renders the same words (the shell it keeps carries them, see ``agent_app/pwa.py``)."""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel import gettext as _

from .. import codes, premiums

JOINED = ("%(num)s người trong hộ đã tham gia năm nay: người tiếp theo đóng theo thứ tự sau"
          " họ.")


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
        **form_texts(),
    }


def form_texts() -> dict:
    """The words of the add-person, household BHYT and sign-up forms. The choices' order goes
    in lists: the phone's copy of these words comes as JSON with its keys sorted."""
    return {
        "order": {"genders": list(codes.GENDERS), "groups": list(codes.SUPPORT_GROUPS),
                  "relations": list(codes.RELATIONS)},
        "genders": {k: str(v) for k, v in codes.GENDERS.items()},
        "groups": {k: str(v) for k, v in codes.SUPPORT_GROUPS.items()},
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
        "bhyt_title": _("Đăng ký BHYT hộ gia đình"),
        "bhyt_heading": _("BHYT hộ gia đình"),
        "bhyt_joined_one": _counted(JOINED, JOINED, 1),
        "bhyt_joined_many": _counted(JOINED, JOINED, 2),
        "bhyt_choose": _("Chọn những người tham gia:"),
        "bhyt_position": _("Người thứ"),
        "bhyt_amount": _("Số tiền thu (đồng)"),
        "bhyt_nobody": _("Không còn ai trong hộ có thể đăng ký."),
        "bhyt_refused": _("Không đăng ký BHYT hộ gia đình cho:"),
        "bhyt_update_members": _("Cập nhật người tham gia"),
        "refusals": {code: _(premiums.MESSAGES[code]) for code in
                     ("poor_state_funded", "near_poor_own_group", "under_six")},
        "enrolment_saved": _("Đã lưu đăng ký"),
        "total": _("Tổng cộng"),
        "save_enrolment": _("Lưu đăng ký"),
        "months": _("Số tháng đóng"),
        "month_count": _("%(n)s tháng", n="{n}"),
        "start_month": _("Từ tháng"),
        "receipt_no": _("Số biên lai"),
        "no_receipt": _("Chưa có biên lai (giám sát viên sẽ thấy)"),
        "receipt_date": _("Ngày biên lai"),
        "receipt_missing": _("Nhập số biên lai, hoặc chọn “Chưa có biên lai”."),
        "schemes": {k: str(v) for k, v in codes.SCHEMES.items()},
        "enrol": _("Đăng ký"),
        "correcting_enrolment": _("Bạn đang sửa một lần đăng ký trước; bản cũ vẫn được giữ lại."),
        "income": _("Mức thu nhập làm căn cứ đóng (đồng/tháng)"),
        "position": _("Người tham gia thứ (trong hộ)"),
        "amount_collected": _("Số tiền đã thu (đồng)"),
        "prepay_intro": _("Đóng trước: mỗi tháng được chiết khấu theo lãi suất đầu tư quỹ r ="),
        "prepay_month": _("tháng"),
        "prepay_unconfirmed": _("(chưa xác nhận: BHXH Việt Nam chưa công bố mức này)"),
        "prepay_method": _("Cách tính: phần hỗ trợ cũng được chiết khấu như tiền đóng; BHXH Việt"
                           " Nam chưa xác nhận cách này."),
        "prepay_other": _("Nếu phần hỗ trợ không chiết khấu, số tiền phải đóng là"),
        "not_in_copy": _("Điện thoại chưa có người, hộ hoặc thôn, ấp này trong bản offline (chưa"
                         " tải về, hoặc không còn được giao). Không ghi được ở đây: hãy mở lại từ"
                         " danh sách khi có mạng."),
        "home": _("Về trang chính"),
    }
