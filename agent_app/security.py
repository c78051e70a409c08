"""CSRF on every form, compression, and the security headers every response carries."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect

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


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    Compress(app)
    app.after_request(_headers)
