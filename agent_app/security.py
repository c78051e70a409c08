"""CSRF on every form, compression, the security headers every response carries, and ids in
URLs kept within the store's range."""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(self)")
    return response


class StoreInteger(IntegerConverter):
    """``<int:…>`` up to SQLite's largest integer: a longer number is a 404, not an overflow."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Before the blueprints: routes read the ``int`` converter when they are added."""
    app.url_map.converters["int"] = StoreInteger
    csrf.init_app(app)
    Compress(app)
    app.after_request(_headers)
