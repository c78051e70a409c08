"""Error answers in the app's own frame, never the framework's bare page: what happened, in the
user's language, and the way back. The JSON API (``/api/…``) answers in JSON."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    404: _l("Không có trang này, hoặc tài khoản này không được xem."),
    405: _l("Trang này không nhận yêu cầu gửi theo cách này."),
    413: _l("Dữ liệu gửi lên quá lớn."),
    429: _l("Quá nhiều yêu cầu. Vui lòng thử lại sau."),
    500: _l("Máy chủ gặp lỗi; việc vừa làm chưa được lưu. Vui lòng thử lại."),
}
CSRF_MESSAGE = _l("Biểu mẫu đã cũ hoặc thiếu mã bảo vệ: hãy tải lại trang rồi gửi lại.")


def _answer(error: HTTPException):
    code = error.code or 500
    message = CSRF_MESSAGE if isinstance(error, CSRFError) else MESSAGES.get(code, error.name)
    # A view's own description (abort(400, description=…)) is shown; the framework's is not.
    reason = error.description if error.description != type(error).description else None
    if request.path.startswith("/api/"):
        return jsonify(error=error.name.lower().replace(" ", "_"),
                       message=str(reason or message)), code
    return render_template("error.html", code=code, message=message, reason=reason), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _answer)
