"""Đến Từng Nhà: the Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment, or from ``test_config`` in tests."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"),
                static_folder=str(ROOT / "static"), template_folder=str(ROOT / "templates"))
    from . import config

    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        # The client's address (login limits), scheme and host as the proxy received them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from . import store
    from .store.users import active_demo_passwords

    store.init_app(app)
    if app.config["ENV_NAME"] == "production":
        db = store.connect(app.config["DATABASE"])
        try:
            problems = config.production_problems(app.config, active_demo_passwords(db))
        finally:
            db.conn.close()
        if problems:
            raise config.ProductionRefused(problems)

    from sync import api as sync_api
    from sync import faults as sync_faults

    from . import auth, cli, errors, i18n, pwa, renewals, screens, security
    from .domain import codes, formatting

    formatting.register(app)
    app.jinja_env.globals["codes"] = codes
    app.add_template_global(renewals.texts, "renewal_texts")
    app.add_template_global(screens.render, "screen")
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    cli.init_app(app)
    for _urls, blueprint in url_map():
        app.register_blueprint(blueprint)
    pwa.init_app(app)
    sync_api.init_app(app)
    # The phones' API answers JSON to the session's own pages and phones: no form token.
    security.csrf.exempt(sync_api.bp)
    security.csrf.exempt(sync_faults.bp)
    return app


def url_map() -> list[tuple[str, object]]:
    """Every blueprint with the URLs it serves, in the order they are registered: the README's
    "URL map" is this list, and tests/test_docs.py holds both to the app's url_map ("…" ends a
    prefix)."""
    from sync import api as sync_api
    from sync import openapi as sync_openapi

    from . import (
        accounts,
        auth,
        commune,
        explainer,
        field,
        home,
        imports,
        parameters,
        pwa,
        quotes,
        supervisor,
    )

    return [
        ("/login, /logout", auth.bp),
        ("/", home.bp),
        ("/villages/…, /residents/…, /visits…, /enrolments…, /people…", field.bp),
        ("/sw.js, /manifest.webmanifest, /offline, /sync, /api/offline/…", pwa.bp),
        ("/quote", quotes.bp),
        ("/explain", explainer.bp),
        ("/admin/parameters/…", parameters.bp),
        ("/admin/users/…", accounts.bp),
        ("/supervisor/…", supervisor.bp),
        ("/imports/…", imports.bp),
        ("/communes/<code>/…", commune.bp),
        ("/api/sync/…", sync_api.bp),
        ("/api/openapi.json", sync_openapi.bp),
    ]
