"""The words the screens show, in the page's language: part of every view model's data, so the
phone renders the same words (the shell it keeps carries them, see ``agent_app/pwa.py``)."""

from __future__ import annotations

from flask_babel import get_translations
from flask_babel import gettext as _

from .. import renewals
from ..domain import codes, premiums

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
        "reasons": {k: str(v) for k, v in codes.REASONS.items()},
        "vssid": {k: str(v) for k, v in codes.VSSID.items()},
        # The order choices are offered in (the phone's copy of these words is JSON with its
        # keys sorted, so the maps above do not carry it).
        "orders": {"outcomes": list(codes.OUTCOMES), "reasons": list(codes.REASONS),
                   "vssid": list(codes.VSSID), "genders": list(codes.GENDERS),
                   "support_groups": list(codes.SUPPORT_GROUPS),
                   "relations": list(codes.RELATIONS)},
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
        # The resident card (card); placeholders as in the catalogue, filled by the builders.
        "genders": {k: str(v) for k, v in codes.GENDERS.items()},
        "support_groups": {k: str(v) for k, v in codes.SUPPORT_GROUPS.items()},
        "schemes": {k: str(v) for k, v in codes.SCHEMES.items()},
        "renewal": dict(renewals.texts()),
        "card_screen": {
            "back": _("← %(village)s", village="%(village)s"),
            "gender": _("Giới tính"), "cccd": _("Số CCCD"), "group": _("Đối tượng"),
            "status": _("Tình trạng"), "address": _("Địa chỉ"),
            "follow_up": _("Hẹn quay lại"), "no_follow_up": _("Không có"),
            "bhxh": _("BHXH tự nguyện"), "bhyt": _("Thẻ BHYT"),
            "bhxh_never": _("Chưa tham gia"),
            "bhxh_through": _("Đã đóng đến hết tháng %(month)s", month="%(month)s"),
            "bhxh_due": _("sắp đến hạn"), "bhxh_lapsed": _("đã dừng"),
            "bhxh_active": _("Đang đóng (theo danh sách)"),
            "bhxh_stopped": _("Đã dừng đóng (theo danh sách)"),
            "bhyt_never": _("Chưa có thẻ"),
            "bhyt_valid": _("Có giá trị từ %(start)s đến %(end)s", start="%(start)s",
                            end="%(end)s"),
            "bhyt_expiry": _("Hạn thẻ %(date)s (theo danh sách)", date="%(date)s"),
            "bhyt_due": _("sắp hết hạn"), "bhyt_lapsed": _("đã hết hạn"),
            "bhyt_waiting": _("đã đóng, chờ thẻ có giá trị"),
            "bhyt_active": _("Còn hạn (theo danh sách)"),
            "bhyt_ended": _("Hết hạn (theo danh sách)"),
            "renew": _("Đóng tiếp"), "share": _("Gửi lời nhắc"), "reminder": _("Lời nhắc"),
            "share_done": _("Đã chép lời nhắc: dán vào Zalo hoặc tin nhắn."),
            "add_member": _("+ Thêm người vào hộ"), "fix_info": _("Sửa thông tin"),
            "explain": _("Tham gia được gì?"),
            "history": _("Lịch sử"), "corrected": _("đã được sửa"), "appointment": _("hẹn"),
            "fix": _("Sửa"), "months": _("%(n)s tháng", n="%(n)s"), "income": _("thu nhập"),
            "position": _("người thứ %(n)s", n="%(n)s"), "collected": _("Đã thu"),
            "recomputed": _("tính lại: %(amount)s", amount="%(amount)s"),
            "receipt": _("biên lai"), "no_history": _("Chưa có lần đến nhà nào."),
            "members": _("Người cùng hộ"),
            "questions": _("Giám sát hỏi lại"),
            "kinds": {"visit": _("Lần đến nhà"), "enrolment": _("Đăng ký"),
                      "resident": _("Người mới")},
            "statuses": {"conflict": _("Trùng mã, khác nội dung"), "rejected": _("Bị từ chối")},
            "asked": _("{who} hỏi ngày {at}"),
            "answer": _("Trả lời bằng bản sửa"), "answer_on_sync": _("Trả lời ở Cần xử lý"),
        },
        "home": _home(),
        "sync": _sync(),
        **form_texts(),
    }


def form_texts() -> dict:
    """The words of the add-person, household BHYT and sign-up forms (the choices' order is in
    ``orders``)."""
    return {
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
