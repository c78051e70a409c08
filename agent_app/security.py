"""CSRF on every form, compression, the security headers every response carries, and ids in
URLs kept within the store's range."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
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


# A year; production is served over HTTPS only (behind the proxy that ends TLS).
HSTS = "max-age=31536000"


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(self)")
    # Pages, exports and JSON carry names, CCCDs and phones: no browser or proxy cache keeps
    # them (the offline copy lives in the service worker's own cache, which this does not
    # touch). Static files and responses that set their own caching are left as they are.
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config["ENV_NAME"] == "production":
        response.headers.setdefault("Strict-Transport-Security", HSTS)
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
