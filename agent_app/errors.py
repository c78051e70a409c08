"""Error pages: what went wrong in the person's language, inside the app's frame, with a way
back; a JSON body for the API (``/api/…``), which phones read, not people.

A view may pass its own explanation with ``abort(code, description=…)`` (``role_required``'s
reason, say); the framework's stock English descriptions are never shown.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Yêu cầu không hợp lệ"),
          _l("Máy chủ không đọc được yêu cầu này. Hãy quay lại trang trước và thử lại.")),
    403: (_l("Không được phép"),
          _l("Tài khoản của bạn không được dùng trang này.")),
    404: (_l("Không tìm thấy trang"),
          _l("Địa chỉ này không có, hoặc nằm ngoài địa bàn bạn phụ trách.")),
    405: (_l("Không thực hiện được"),
          _l("Trang này không nhận cách gửi đó. Hãy mở lại trang từ đường dẫn trong ứng dụng.")),
    413: (_l("Dữ liệu quá lớn"),
          _l("Dữ liệu gửi lên vượt quá giới hạn %(size)s.")),
    429: (_l("Quá nhiều yêu cầu"),
          _l("Quá nhiều yêu cầu. Vui lòng thử lại sau.")),
    500: (_l("Máy chủ gặp lỗi"),
          _l("Đã có lỗi phía máy chủ; không có gì bị lưu dở. Hãy thử lại sau ít phút; nếu vẫn "
             "lỗi, báo cho quản trị hệ thống.")),
}
CSRF_MESSAGE = _l("Biểu mẫu đã cũ hoặc phiên đăng nhập đã đổi. Hãy tải lại trang rồi gửi lại.")


def _message(error: HTTPException, status: int) -> str:
    """The view's own explanation if it gave one, else ours for the status."""
    if isinstance(error, CSRFError):
        return str(CSRF_MESSAGE)
    stock = type(error).description
    if error.description and error.description != stock and status != 500:
        return str(error.description)
    return str(PAGES[status][1]) % {"size": _size(current_app.config.get("MAX_CONTENT_LENGTH"))}


def _size(limit: int | None) -> str:
    """16777216 -> "16 MB"; under a megabyte in KB."""
    limit = limit or 0
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{max(limit // 1024, 1)} KB"


def _back_link() -> str | None:
    """The page the person came from, when it is one of ours."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if not referrer or parts.netloc != request.host or parts.path == request.path:
        return None
    return referrer


def _render(error: HTTPException, status: int):
    message = _message(error, status)
    if request.path.startswith("/api/"):
        return jsonify(error=error.name.lower().replace(" ", "_"), message=message), status
    try:
        return render_template("errors/error.html", status=status, title=PAGES[status][0],
                               message=message, back=_back_link(),
                               home=url_for("home.index")), status
    except Exception:                       # the frame itself failed (database down, …)
        log.exception("error page for %s could not be rendered", status)
        return (f"<!doctype html><meta charset=utf-8><title>{status}</title>"
                f"<h1>{status}</h1><p>{_('Máy chủ gặp lỗi')}</p><p><a href='/'>"
                f"{_('Về trang chủ')}</a></p>"), status


def _http_error(error: HTTPException):
    """Every HTTP error, and (outside tests and debugging) any unexpected exception, which
    Flask logs and hands here as a 500."""
    status = error.code or 500
    if status not in PAGES:
        return error                         # 401, …: answered by their own views
    response = _render(error, status)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response = make_response(response)
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
