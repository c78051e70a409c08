"""Vietnamese by default, English on request (?lang=en, remembered in the session)."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel

LANGUAGES = ("vi", "en")


def remember_choice() -> None:
    """Keep ?lang= before any view runs: a page that only redirects (``/`` to the role's home)
    never asks for the locale, and the choice would be lost on the way."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen


def select_locale() -> str:
    chosen = request.args.get("lang")
    return chosen if chosen in LANGUAGES else session.get("lang", "vi")


def init_app(app: Flask) -> None:
    app.before_request(remember_choice)
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["current_lang"] = lambda: session.get("lang", "vi")
