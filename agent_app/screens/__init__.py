"""The agent's screens, one source of markup for the server and the phone.

Each screen is a Mustache template under ``static/mustache/`` and a view-model builder, here in
Python and in ``static/js/screens/`` for the phone's service worker, which answers the same URLs
from the phone's local copy. The builders are held to identical output (data → view model →
HTML) by the vector files ``tests/vectors/<screen>.json``, run in Python and in Chromium.

Mustache interprets its templates (no ``eval``, so the CSP stays without ``unsafe-eval``). Both
renderers escape the same four characters (``& < > "``): chevron's set, which
``static/js/screens/render.js`` gives mustache.js too, so the two write the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import chevron
from flask import current_app
from markupsafe import Markup

TEMPLATE_DIR = "mustache"


def templates(static_folder: str | Path) -> dict[str, str]:
    """Every screen template by name (the file name without ``.mustache``)."""
    folder = Path(static_folder) / TEMPLATE_DIR
    return {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.mustache"))}


def render_with(found: dict[str, str], name: str, view: dict) -> str:
    """Render ``name`` with the other templates as its partials."""
    return chevron.render(found[name], view, partials_dict=found)


def render(name: str, view: dict) -> Markup:
    """A screen's markup for a Jinja page (the templates are read once per process)."""
    found = current_app.extensions.get("screen_templates")
    if found is None or current_app.debug:
        found = current_app.extensions["screen_templates"] = templates(current_app.static_folder)
    return Markup(render_with(found, name, view))
